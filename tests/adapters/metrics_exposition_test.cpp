// Prometheus text and JSON export: exact output for small registries, every line checked against
// the exposition format's grammar by an independent parser, hostile label values escaped and read
// back unchanged, and JSON parsed back by a strict test-only parser.
#include "ivcrush/adapters/metrics_exposition.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/adapters/metrics_registry.hpp"

namespace {

using namespace ivcrush;

// ---- an independent reader of the text exposition format (version 0.0.4) -----------------------

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped
  std::string value;                          // as written
};

struct Exposition {
  std::map<std::string, std::string> help;  // unescaped
  std::map<std::string, std::string> type;
  std::vector<Sample> samples;
};

bool metric_name_char(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return alpha || (!first && c >= '0' && c <= '9');
}

// Throws std::runtime_error naming the line on any violation of the format.
Exposition read_exposition(const std::string& text) {
  Exposition out;
  if (!text.empty() && text.back() != '\n') throw std::runtime_error("no final line feed");
  std::set<std::string> families_with_samples;
  std::size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    auto fail = [&](const std::string& why) {
      throw std::runtime_error("line " + std::to_string(line_no) + " '" + line + "': " + why);
    };
    if (line.empty()) continue;
    auto read_name = [&](std::size_t& i) {
      const std::size_t start = i;
      while (i < line.size() && metric_name_char(line[i], i == start)) ++i;
      if (i == start) fail("bad metric name");
      return line.substr(start, i - start);
    };
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      std::size_t i = 7;
      const std::string name = read_name(i);
      if (i >= line.size() || line[i] != ' ') fail("no space after the name");
      const std::string rest = line.substr(i + 1);
      if (line[2] == 'H') {
        std::string help;
        for (std::size_t k = 0; k < rest.size(); ++k) {
          if (rest[k] != '\\') {
            help.push_back(rest[k]);
            continue;
          }
          if (++k >= rest.size()) fail("dangling backslash in HELP");
          if (rest[k] == '\\')
            help.push_back('\\');
          else if (rest[k] == 'n')
            help.push_back('\n');
          else
            fail("bad escape in HELP");
        }
        if (!out.help.emplace(name, help).second) fail("second HELP");
      } else {
        static const std::set<std::string> types{"counter", "gauge", "histogram", "summary",
                                                 "untyped"};
        if (!types.contains(rest)) fail("unknown type");
        if (families_with_samples.contains(name)) fail("TYPE after samples");
        if (!out.type.emplace(name, rest).second) fail("second TYPE");
      }
      continue;
    }
    if (line.starts_with("#")) continue;  // a comment
    Sample s;
    std::size_t i = 0;
    s.name = read_name(i);
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        const std::size_t start = i;
        while (i < line.size() && (metric_name_char(line[i], i == start) && line[i] != ':')) ++i;
        if (i == start) fail("bad label name");
        const std::string label = line.substr(start, i - start);
        if (line.substr(i, 2) != "=\"") fail("no =\" after the label name");
        i += 2;
        std::string value;
        for (;; ++i) {
          if (i >= line.size()) fail("unterminated label value");
          if (line[i] == '"') break;
          if (line[i] == '\\') {
            ++i;
            if (i >= line.size()) fail("dangling backslash");
            if (line[i] == '\\')
              value.push_back('\\');
            else if (line[i] == '"')
              value.push_back('"');
            else if (line[i] == 'n')
              value.push_back('\n');
            else
              fail("bad escape in a label value");
          } else {
            value.push_back(line[i]);
          }
        }
        ++i;  // closing quote
        if (!s.labels.emplace(label, value).second) fail("label twice");
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size()) fail("unterminated label set");
      ++i;  // '}'
    }
    if (i >= line.size() || line[i] != ' ') fail("no space before the value");
    s.value = line.substr(i + 1);
    if (s.value != "NaN" && s.value != "+Inf" && s.value != "-Inf") {
      char* parsed_end = nullptr;
      (void)std::strtod(s.value.c_str(), &parsed_end);
      if (s.value.empty() || *parsed_end != '\0') fail("value is not a float");
    }
    // Samples of one family are contiguous and follow its TYPE line.
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string base = s.name.substr(0, s.name.size() - std::string_view(suffix).size());
      if (s.name.ends_with(suffix) && out.type.contains(base)) family = base;
    }
    if (!out.type.contains(family)) fail("sample before its TYPE");
    families_with_samples.insert(family);
    out.samples.push_back(std::move(s));
  }
  return out;
}

// ---- a strict test-only JSON reader (RFC 8259), enough to parse the export back ---------------

struct Json {
  enum class Kind { null, boolean, number, string, array, object } kind = Kind::null;
  double number = 0.0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::string> keys;  // an object's keys, parallel to members (a vector of pairs
  std::vector<Json> members;      // would need Json complete inside its own definition)
  [[nodiscard]] const Json& at(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return members[i];
    }
    throw std::runtime_error("no key " + std::string(key));
  }
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}
  Json parse() {
    Json v = value();
    skip_ws();
    if (pos_ != text_.size()) fail("trailing text");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("JSON at " + std::to_string(pos_) + ": " + why);
  }
  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool eat(char c) {
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  Json value() {
    skip_ws();
    if (pos_ >= text_.size()) fail("unexpected end");
    Json v;
    const char c = text_[pos_];
    if (c == '{') {
      ++pos_;
      v.kind = Json::Kind::object;
      if (eat('}')) return v;
      do {
        skip_ws();
        if (pos_ >= text_.size() || text_[pos_] != '"') fail("object key must be a string");
        std::string key = string();
        if (!eat(':')) fail("missing ':'");
        v.keys.push_back(std::move(key));
        v.members.push_back(value());
      } while (eat(','));
      if (!eat('}')) fail("missing '}'");
    } else if (c == '[') {
      ++pos_;
      v.kind = Json::Kind::array;
      if (eat(']')) return v;
      do v.array.push_back(value());
      while (eat(','));
      if (!eat(']')) fail("missing ']'");
    } else if (c == '"') {
      v.kind = Json::Kind::string;
      v.string = string();
    } else if (text_.substr(pos_, 4) == "true" || text_.substr(pos_, 4) == "null") {
      v.kind = text_[pos_] == 't' ? Json::Kind::boolean : Json::Kind::null;
      pos_ += 4;
    } else if (text_.substr(pos_, 5) == "false") {
      v.kind = Json::Kind::boolean;
      pos_ += 5;
    } else {
      v.kind = Json::Kind::number;
      v.number = number();
    }
    return v;
  }
  double number() {
    const std::size_t start = pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      fail("bad number");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) fail("bad fraction");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) fail("bad exponent");
    }
    return std::strtod(std::string(text_.substr(start, pos_ - start)).c_str(), nullptr);
  }
  unsigned hex4() {
    if (pos_ + 4 > text_.size()) fail("short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = text_[pos_++];
      v <<= 4U;
      if (h >= '0' && h <= '9')
        v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        v |= static_cast<unsigned>(h - 'A' + 10);
      else
        fail("bad hex digit");
    }
    return v;
  }
  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20U) fail("raw control character in a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) fail("dangling backslash");
      switch (text_[pos_++]) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          const unsigned cp = hex4();
          if (cp >= 0xD800U && cp <= 0xDFFFU) fail("surrogates not expected here");
          if (cp < 0x80U) {
            out.push_back(static_cast<char>(cp));
          } else if (cp < 0x800U) {
            out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
            out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
          } else {
            out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
            out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
            out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
          }
          break;
        }
        default: fail("bad escape");
      }
    }
  }
  std::string_view text_;
  std::size_t pos_ = 0;
};

// ---- tests --------------------------------------------------------------------------------------

TEST_CASE("Prometheus text: the domain spec's example, exposed correctly") {
  MetricsRegistry m;
  // The original's names had dots; the registry rejects them, sanitize_metric_name converts.
  m.increment(sanitize_metric_name("api.requests"), 3.0, {{"endpoint", "vrp"}, {"b", "x"}});
  m.describe(sanitize_metric_name("cache.size"), "Current cache size");
  m.set_gauge(sanitize_metric_name("cache.size"), 15);
  m.define_histogram("lat_ms", {.exposition = HistogramExposition::quantiles});
  for (int v = 1; v <= 20; ++v) m.observe("lat_ms", v);
  const std::string text = to_prometheus_text(m.snapshot());
  CHECK(text ==
        "# TYPE api_requests counter\n"
        "api_requests{b=\"x\",endpoint=\"vrp\"} 3\n"
        "\n"
        "# HELP cache_size Current cache size\n"
        "# TYPE cache_size gauge\n"
        "cache_size 15\n"
        "\n"
        "# TYPE lat_ms summary\n"
        "lat_ms{quantile=\"0.5\"} 11\n"
        "lat_ms{quantile=\"0.95\"} 20\n"
        "lat_ms{quantile=\"0.99\"} 20\n"
        "lat_ms_sum 210\n"
        "lat_ms_count 20\n");
  CHECK_NOTHROW((void)read_exposition(text));
}

TEST_CASE("Prometheus text: a bucket histogram with labels") {
  MetricsRegistry m;
  m.define_histogram("scan_seconds", {.bucket_bounds = {1.0, 5.0, 10.0}});
  for (const double v : {0.5, 1.0, 3.0, 7.0, 12.0}) m.observe("scan_seconds", v, {{"t", "A"}});
  const std::string text = to_prometheus_text(m.snapshot());
  CHECK(text ==
        "# TYPE scan_seconds histogram\n"
        "scan_seconds_bucket{t=\"A\",le=\"1\"} 2\n"
        "scan_seconds_bucket{t=\"A\",le=\"5\"} 3\n"
        "scan_seconds_bucket{t=\"A\",le=\"10\"} 4\n"
        "scan_seconds_bucket{t=\"A\",le=\"+Inf\"} 5\n"
        "scan_seconds_sum{t=\"A\"} 23.5\n"
        "scan_seconds_count{t=\"A\"} 5\n");
  const Exposition e = read_exposition(text);
  CHECK(e.type.at("scan_seconds") == "histogram");
  CHECK(e.samples.size() == 6);
}

TEST_CASE("Prometheus text: hostile label values are escaped and read back unchanged") {
  const std::vector<std::string> hostile{
      "a,b", "k=v", "}",           "\"quoted\"", "back\\slash", "new\nline", "{x=\"1\",y=\"2\"}",
      "\\n", "",    "caf\xc3\xa9", "tab\there"};
  MetricsRegistry m;
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    m.increment("hostile_total", static_cast<double>(i + 1), {{"v", hostile[i]}});
  }
  m.describe("hostile_total", "Help with a \\ backslash\nand a newline");
  const std::string text = to_prometheus_text(m.snapshot());
  // The escaping rules, on specific lines.
  CHECK(text.find("hostile_total{v=\"\\\"quoted\\\"\"} 4\n") != std::string::npos);
  CHECK(text.find("hostile_total{v=\"back\\\\slash\"} 5\n") != std::string::npos);
  CHECK(text.find("hostile_total{v=\"new\\nline\"} 6\n") != std::string::npos);
  CHECK(text.find("hostile_total{v=\"a,b\"} 1\n") != std::string::npos);
  CHECK(text.find("hostile_total{v=\"}\"} 3\n") != std::string::npos);
  CHECK(text.find("# HELP hostile_total Help with a \\\\ backslash\\nand a newline\n") == 0);
  // Every line obeys the grammar, and every value reads back as it was given.
  const Exposition e = read_exposition(text);
  CHECK(e.help.at("hostile_total") == "Help with a \\ backslash\nand a newline");
  REQUIRE(e.samples.size() == hostile.size());
  std::set<std::string> read_back;
  for (const Sample& s : e.samples) {
    CHECK(s.name == "hostile_total");
    read_back.insert(s.labels.at("v"));
    const auto i = static_cast<std::size_t>(std::stod(s.value)) - 1;
    CHECK(s.labels.at("v") == hostile.at(i));
  }
  CHECK(read_back == std::set<std::string>(hostile.begin(), hostile.end()));
}

TEST_CASE("Prometheus text: special values, many families, and the reader catches violations") {
  MetricsRegistry m;
  m.set_gauge("g_nan", std::numeric_limits<double>::quiet_NaN());
  m.set_gauge("g_pinf", std::numeric_limits<double>::infinity());
  m.set_gauge("g_ninf", -std::numeric_limits<double>::infinity());
  m.set_gauge("g_small", 0.1);
  m.set_gauge("g_big", 1e21);
  m.observe("h", 0.02);
  const std::string text = to_prometheus_text(m.snapshot());
  CHECK(text.find("g_nan NaN\n") != std::string::npos);
  CHECK(text.find("g_pinf +Inf\n") != std::string::npos);
  CHECK(text.find("g_ninf -Inf\n") != std::string::npos);
  CHECK(text.find("g_small 0.1\n") != std::string::npos);
  CHECK(text.find("g_big 1e+21\n") != std::string::npos);
  CHECK(text.find("h_bucket{le=\"0.025\"} 1\n") != std::string::npos);
  CHECK(text.find("h_bucket{le=\"0.01\"} 0\n") != std::string::npos);
  CHECK_NOTHROW((void)read_exposition(text));
  // The reader is strict enough to fail: unescaped quote, bad name, missing TYPE, bad value.
  CHECK_THROWS((void)read_exposition("# TYPE a gauge\na{v=\"x\"y\"} 1\n"));
  CHECK_THROWS((void)read_exposition("# TYPE a.b gauge\na.b 1\n"));
  CHECK_THROWS((void)read_exposition("a 1\n"));
  CHECK_THROWS((void)read_exposition("# TYPE a gauge\na one\n"));
  CHECK_THROWS((void)read_exposition("# TYPE a gauge\na 1"));
  CHECK(to_prometheus_text(MetricsSnapshot{}).empty());
}

TEST_CASE("exporters reject a hand-built snapshot with invalid names or text") {
  MetricsSnapshot bad_name;
  bad_name.families.push_back({.name = "bad.name",
                               .help = "",
                               .kind = MetricKind::gauge,
                               .exposition = HistogramExposition::buckets,
                               .series = {MetricSeries{}}});
  CHECK_THROWS_WITH_AS((void)to_prometheus_text(bad_name),
                       "metric name = 'bad.name': must match [a-zA-Z_:][a-zA-Z0-9_:]*",
                       InvalidInput);
  MetricsSnapshot bad_text;
  bad_text.families.push_back(
      {.name = "ok",
       .help = "",
       .kind = MetricKind::gauge,
       .exposition = HistogramExposition::buckets,
       .series = {MetricSeries{.labels = {{"k", "\xff"}}, .value = 0.0, .histogram = {}}}});
  CHECK_THROWS_WITH_AS((void)to_prometheus_text(bad_text),
                       "label value = 1 bytes: is not valid UTF-8", InvalidInput);
  CHECK_THROWS_WITH_AS((void)to_json(bad_text), "json string = 1 bytes: is not valid UTF-8",
                       InvalidInput);
}

TEST_CASE("JSON: exact text for a counter, a gauge and a histogram") {
  MetricsRegistry m;
  m.describe("req_total", "Requests \"served\"");
  m.increment("req_total", 3.0, {{"b", "x"}, {"a", "y"}});
  m.set_gauge("ratio", std::numeric_limits<double>::quiet_NaN());
  m.define_histogram("h", {.bucket_bounds = {1.0}});
  m.observe("h", 0.5);
  m.observe("h", 2.0);
  CHECK(to_json(m.snapshot()) ==
        R"({"metrics":[)"
        R"({"name":"h","type":"histogram","help":"","series":[{"labels":{},"count":2,"sum":2.5,)"
        R"("min":0.5,"max":2,"mean":1.25,"p50":2,"p95":2,"p99":2,)"
        R"("buckets":[{"le":1,"count":1},{"le":"+Inf","count":2}]}]},)"
        R"({"name":"ratio","type":"gauge","help":"","series":[{"labels":{},"value":"NaN"}]},)"
        R"({"name":"req_total","type":"counter","help":"Requests \"served\"","series":[)"
        R"({"labels":{"a":"y","b":"x"},"value":3}]}]})");
  CHECK(to_json(MetricsSnapshot{}) == R"({"metrics":[]})");
}

TEST_CASE("JSON: parses back, with hostile strings intact") {
  const std::vector<std::string> hostile{"a,b=c}",      "\"q\"",       "back\\slash", "new\nline",
                                         "ctl\x01\x1f", "tab\t\r\b\f", "caf\xc3\xa9", "/"};
  MetricsRegistry m;
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    m.set_gauge("g", static_cast<double>(i), {{"v", hostile[i]}});
  }
  m.observe("lat_seconds", 0.2);
  const std::string json = to_json(m.snapshot());
  CHECK(json.find('\n') == std::string::npos);  // every control character is escaped
  const Json root = JsonReader(json).parse();
  const Json& families = root.at("metrics");
  REQUIRE(families.array.size() == 2);
  const Json& g = families.array[0];
  CHECK(g.at("name").string == "g");
  CHECK(g.at("type").string == "gauge");
  REQUIRE(g.at("series").array.size() == hostile.size());
  for (const Json& s : g.at("series").array) {
    const auto i = static_cast<std::size_t>(s.at("value").number);
    CHECK(s.at("labels").at("v").string == hostile.at(i));
  }
  const Json& h = families.array[1].at("series").array.at(0);
  CHECK(h.at("count").number == 1.0);
  CHECK(h.at("p99").number == 0.2);
  CHECK(h.at("buckets").array.size() == 12);
  CHECK(h.at("buckets").array.back().at("le").string == "+Inf");
  // The reader is strict enough to fail.
  CHECK_THROWS((void)JsonReader("{\"a\":\"x\ny\"}").parse());
  CHECK_THROWS((void)JsonReader("{\"a\":01}").parse());
  CHECK_THROWS((void)JsonReader("{\"a\":1,}").parse());
  CHECK_THROWS((void)JsonReader("{\"a\":\"\\x\"}").parse());
}

}  // namespace
