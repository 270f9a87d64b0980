// tests/support/xml_check.hpp: a small well-formedness check for the SVG/XML the library writes
// (balanced tags, quoted attributes, known entities only). Not a general XML parser.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace ivcrush::test {

// Returns an empty string when `xml` is well formed, otherwise what is wrong and where.
inline std::string xml_problem(std::string_view xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  const auto at = [&](std::size_t pos) { return " at offset " + std::to_string(pos); };
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const auto semi = xml.find(';', i);
      if (semi == std::string_view::npos) return "unterminated entity" + at(i);
      const auto ent = xml.substr(i, semi - i + 1);
      if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&apos;") {
        return "unknown entity " + std::string(ent) + at(i);
      }
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      if (xml[i] == '>') return "stray '>'" + at(i);
      ++i;
      continue;
    }
    const auto end = xml.find('>', i);
    if (end == std::string_view::npos) return "unterminated tag" + at(i);
    std::string_view tag = xml.substr(i + 1, end - i - 1);
    if (tag.starts_with('/')) {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) return "mismatched </" + name + ">" + at(i);
      open.pop_back();
    } else {
      const bool self_closing = tag.ends_with('/');
      if (self_closing) tag.remove_suffix(1);
      std::size_t n = 0;
      while (n < tag.size() && !std::isspace(static_cast<unsigned char>(tag[n]))) ++n;
      const std::string name(tag.substr(0, n));
      if (name.empty()) return "empty tag name" + at(i);
      // Attributes: name="value" pairs.
      std::size_t p = n;
      while (p < tag.size()) {
        while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
        if (p >= tag.size()) break;
        const auto eq = tag.find('=', p);
        if (eq == std::string_view::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"') {
          return "attribute without a quoted value in <" + name + ">" + at(i);
        }
        const auto close = tag.find('"', eq + 2);
        if (close == std::string_view::npos)
          return "unterminated attribute in <" + name + ">" + at(i);
        if (tag.substr(eq + 2, close - eq - 2).find('<') != std::string_view::npos) {
          return "'<' inside an attribute of <" + name + ">" + at(i);
        }
        p = close + 1;
      }
      if (!self_closing) open.push_back(name);
    }
    i = end + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return {};
}

inline std::size_t count(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string_view::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace ivcrush::test
