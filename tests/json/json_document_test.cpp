// Documents and JSON text: the envelope, strict parsing (truncated, NaN, huge numbers, repeated
// keys), and fuzz-style loops over truncated, mutated and re-typed documents: every outcome is a
// value or a JsonError, and a re-typed leaf is reported at exactly its own path.
#include <doctest/doctest.h>

#include <chrono>
#include <ivcrush/io/json.hpp>
#include <random>
#include <string>

#include "json/json_support.hpp"

using namespace ivcrush;
using namespace std::chrono;
using ivcrush::json::JsonError;

namespace {

OptionChain small_chain() {
  ChainBuilder b(Symbol::parse("MSFT"), sys_days{2024y / April / 24} + 20h, Price::dollars(409.06));
  for (const double k : {400.0, 405.0, 410.0}) {
    for (const auto right : {OptionRight::call, OptionRight::put}) {
      QuoteInput q;
      q.expiration = 2024y / April / 26;
      q.strike = k;
      q.right = right;
      q.bid = right == OptionRight::call ? 14.0 - (k - 400.0) : 5.0 + (k - 400.0);
      q.ask = *q.bid + 0.35;
      q.open_interest = 1000;
      q.vendor_iv = 0.55;
      b.add(q);
    }
  }
  auto r = std::move(b).build();
  REQUIRE(r.rejects.empty());
  return std::move(r.chain);
}

// "/data/expirations/0/calls/1/bid" -> "data.expirations[0].calls[1].bid"
std::string dotted(const std::string& pointer) {
  std::string out;
  std::size_t pos = 1;
  while (pos <= pointer.size()) {
    const auto next = pointer.find('/', pos);
    const auto token =
        pointer.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    out += index ? "[" + token + "]" : (out.empty() ? "" : ".") + token;
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return out;
}

// Reads `text` as a chain document: true if it is valid, false for a JsonError; anything else
// (another exception, a crash) fails the test.
bool accepts(const std::string& text) {
  try {
    (void)ivcrush::json::from_text<OptionChain>(text);
    return true;
  } catch (const JsonError& e) {
    CHECK_FALSE(e.path().empty());
    return false;
  }
}

}  // namespace

TEST_CASE("the envelope is checked member by member") {
  using ivcrush::json::from_text;
  const std::string good = ivcrush::json::to_text(Money::dollars(1.5));
  CHECK(good == R"({"data":1.5,"schema":"ivcrush","type":"money","version":1})");
  CHECK(from_text<Money>(good) == Money::dollars(1.5));
  CHECK_THROWS_WITH_AS(
      (void)from_text<Money>(R"({"data":1.5,"schema":"other","type":"money","version":1})"),
      "schema = \"other\": must be \"ivcrush\"", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<Money>(R"({"data":1.5,"schema":"ivcrush","type":"money","version":2})"),
      "version = 2: unsupported (this build reads version 1)", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<Money>(R"({"data":1.5,"schema":"ivcrush","type":"money","version":"1"})"),
      "version = \"1\": expected an integer", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<Money>(R"({"data":1.5,"schema":"ivcrush","type":"price","version":1})"),
      "type = \"price\": expected \"money\"", JsonError);
  CHECK_THROWS_WITH_AS((void)from_text<Money>(R"({"schema":"ivcrush","type":"money","version":1})"),
                       "data: is missing (every field is required)", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<Money>(R"({"data":1.5,"schema":"ivcrush","type":"money","version":1,"x":0})"),
      "x = 0: unknown field", JsonError);
  CHECK_THROWS_WITH_AS((void)from_text<Money>(R"([1.5])"), "(root) = [...]: expected an object",
                       JsonError);
  CHECK_THROWS_WITH_AS(
      (void)from_text<Money>(R"({"data":"1.5","schema":"ivcrush","type":"money","version":1})"),
      "data = \"1.5\": expected a number", JsonError);
}

TEST_CASE("JSON text is parsed strictly") {
  using ivcrush::json::parse_text;
  const auto code = [](std::string_view text) {
    try {
      (void)parse_text(text);
    } catch (const JsonError& e) {
      return e.code();
    }
    return ErrorCode::missing;  // "accepted"
  };
  CHECK_THROWS_WITH_AS((void)parse_text(R"({"data":1.5,"schema":)"),
                       "(root): is not valid JSON: [json.exception.parse_error.101] parse error at "
                       "line 1, column 22: syntax error while parsing value - unexpected end of "
                       "input; expected '[', '{', or a literal",
                       JsonError);
  CHECK(code("") == ErrorCode::malformed);
  CHECK(code("[NaN]") == ErrorCode::malformed);
  CHECK(code("[Infinity]") == ErrorCode::malformed);
  CHECK(code("[-Infinity]") == ErrorCode::malformed);
  CHECK(code("[1,]") == ErrorCode::malformed);
  CHECK(code("[1] // comment") == ErrorCode::malformed);
  CHECK(code("\"\xff\"") == ErrorCode::malformed);  // invalid UTF-8
  CHECK_THROWS_WITH_AS((void)parse_text("[1e400]"),
                       "(root): is not valid JSON: [json.exception.out_of_range.406] number "
                       "overflow parsing '1e400'",
                       JsonError);
  CHECK(code("[-1e400]") == ErrorCode::out_of_range);
  CHECK_THROWS_WITH_AS((void)parse_text(R"({"a":[{"b":1},{"c":1,"c":2}]})"),
                       "a[1].c: is a repeated key (the object has it twice)", JsonError);
  CHECK_THROWS_WITH_AS((void)parse_text(R"({"a":1,"b":{"a":1},"a":2})"),
                       "a: is a repeated key (the object has it twice)", JsonError);
  CHECK(parse_text(R"({"a":{"a":{"a":1}},"b":[[{"a":1}],{"a":1}]})").size() == 2);
}

TEST_CASE("every value type's document reads back as the same value") {
  // The round trips of the other files go through documents; here the type names are pinned.
  CHECK(ivcrush::json::Codec<OptionChain>::type_name == "option_chain");
  CHECK(ivcrush::json::Codec<HistoricalMove>::type_name == "historical_move");
  CHECK(ivcrush::json::Codec<Strategy>::type_name == "strategy");
  const auto chain = small_chain();
  const auto back = test::json_round_trip(chain);
  CHECK(back.size() == chain.size());
}

TEST_CASE("fuzz: every truncation of a document is rejected, never a crash") {
  const std::string text = ivcrush::json::to_text(small_chain());
  REQUIRE(accepts(text));
  for (std::size_t n = 0; n < text.size(); ++n) {
    CAPTURE(n);
    CHECK_FALSE(accepts(text.substr(0, n)));
  }
}

TEST_CASE("fuzz: random byte mutations give a value or a JsonError") {
  const std::string text = ivcrush::json::to_text(small_chain());
  std::mt19937 rng(8);
  const std::string alphabet = "{}[]\":,.-+eE0123456789tfnulx \\/\x01\xc3\xff";
  std::uniform_int_distribution<std::size_t> pos(0, text.size() - 1);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string t = text;
    const int edits = 1 + i % 3;
    for (int k = 0; k < edits; ++k) {
      const auto p = pos(rng);
      switch (rng() % 3) {
        case 0: t[p] = alphabet[pick(rng)]; break;
        case 1: t.erase(p, 1); break;
        default: t.insert(p, 1, alphabet[pick(rng)]); break;
      }
    }
    if (accepts(t)) ++accepted;
  }
  // Some mutations are harmless (a digit of a price changed within the quote's bounds): the
  // loop proves the absence of crashes and foreign exceptions, not that everything fails.
  CHECK(accepted < 3000);
}

TEST_CASE("fuzz: a leaf of the wrong JSON type is reported at exactly its path") {
  const nlohmann::json doc = ivcrush::json::to_document(small_chain());
  const nlohmann::json flat = doc.flatten();
  int leaves = 0;
  for (const auto& item : flat.items()) {
    // Not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
    const std::string pointer = item.key();
    const nlohmann::json& value = item.value();
    for (const nlohmann::json& wrong : {nlohmann::json::object(), nlohmann::json::array({1}),
                                        nlohmann::json(value.is_string() ? 1 : 0)}) {
      // A number where a number (or null, an empty optional number) was is not a type error.
      if ((value.is_number() || value.is_null()) && wrong.is_number()) continue;
      nlohmann::json mutated = doc;
      mutated[nlohmann::json::json_pointer(pointer)] = wrong;
      CAPTURE(pointer);
      try {
        (void)ivcrush::json::from_document<OptionChain>(mutated);
        FAIL("a re-typed leaf was accepted");
      } catch (const JsonError& e) {
        CHECK(e.path() == dotted(pointer));
        CHECK(std::string(e.what()).starts_with(dotted(pointer) + " = "));
      }
    }
    ++leaves;
  }
  CHECK(leaves > 6 * 15);  // six quotes of about 17 leaves each, and the envelope
}
