// Symbol validation and the error model.
#include <doctest/doctest.h>

#include <stdexcept>
#include <type_traits>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/symbol.hpp"
#include "support/concepts.hpp"

namespace {

using namespace ivcrush;

static_assert(ivcrush::test::is_value_type<Symbol>);
static_assert(!std::is_convertible_v<const char*, Symbol>);
static_assert(!std::is_convertible_v<std::string_view, Symbol>);
static_assert(std::is_base_of_v<std::invalid_argument, InvalidInput>);
static_assert(Symbol::parse("AAPL").view() == "AAPL");

TEST_CASE("symbols accept real tickers") {
  for (const char* t : {"AAPL", "BRK.B", "BF-B", "A", "GOOGL", "X", "ABCDEFGHIJ", "Q1"}) {
    CAPTURE(t);
    CHECK(Symbol::parse(t).view() == t);
  }
  CHECK(Symbol::parse("AAPL") < Symbol::parse("AMZN"));
  CHECK(Symbol::parse("A") < Symbol::parse("AA"));
  CHECK(Symbol::parse("NVDA") == Symbol::parse("NVDA"));
  CHECK(Symbol{}.view().empty());
}

TEST_CASE("symbols reject bad text with the offending value") {
  CHECK_THROWS_WITH_AS((void)Symbol::parse(""), "symbol = '': is empty", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Symbol::parse("ABCDEFGHIJK"),
                       "symbol = 'ABCDEFGHIJK': is longer than 10 characters", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Symbol::parse("aapl"),
                       "symbol = 'aapl': must start with an upper-case letter A-Z", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Symbol::parse("AAPl"),
                       "symbol = 'AAPl': has the character 'l' (allowed: A-Z 0-9 . -)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Symbol::parse("BRK B"),
                       "symbol = 'BRK B': has the character ' ' (allowed: A-Z 0-9 . -)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Symbol::parse("1ABC"),
                       "symbol = '1ABC': must start with an upper-case letter A-Z", InvalidInput);
}

TEST_CASE("InvalidInput carries a code and takes a context") {
  try {
    (void)Symbol::parse("");
    FAIL("expected InvalidInput");
  } catch (const InvalidInput& e) {
    CHECK(e.code() == ErrorCode::empty);
    const auto with = e.with_context("quotes.csv line 12");
    CHECK(std::string_view(with.what()) == "quotes.csv line 12: symbol = '': is empty");
    CHECK(with.code() == ErrorCode::empty);
  }
  CHECK(to_string(ErrorCode::not_on_grid) == "not_on_grid");
  CHECK(to_string(ErrorCode::inconsistent) == "inconsistent");
}

}  // namespace
