// svg_check: a test helper (built with the tests only): checks that an SVG file the examples
// wrote is well-formed XML (tests/support/xml_check.hpp) and has the expected elements.
//
//   svg_check FILE [ELEMENT | class:NAME]...
//
// ELEMENT (e.g. polyline) must occur as a tag; class:NAME (e.g. class:expiry) as an element
// with class="NAME". Prints every problem and exits 1 when there is one, 0 otherwise.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "support/xml_check.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: svg_check FILE [ELEMENT | class:NAME]...\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "svg_check: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string svg = buffer.str();
  int problems = 0;
  if (const std::string why = ivcrush::test::xml_problem(svg); !why.empty()) {
    std::cerr << argv[1] << ": not well-formed: " << why << "\n";
    ++problems;
  }
  if (!svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")) {
    std::cerr << argv[1] << ": does not start with an <svg> root in the SVG namespace\n";
    ++problems;
  }
  for (int i = 2; i < argc; ++i) {
    const std::string_view want = argv[i];
    const std::string needle = want.starts_with("class:")
                                   ? "class=\"" + std::string(want.substr(6)) + "\""
                                   : "<" + std::string(want);
    if (ivcrush::test::count(svg, needle) == 0) {
      std::cerr << argv[1] << ": has no " << needle << "\n";
      ++problems;
    }
  }
  return problems == 0 ? 0 : 1;
}
