// Price and Strike: levels. Exact strikes, the level/amount algebra, errors.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "support/check_close.hpp"
#include "support/concepts.hpp"

namespace {

using namespace ivcrush;
using ivcrush::test::Addable;
using ivcrush::test::Multipliable;
using ivcrush::test::Subtractable;

static_assert(ivcrush::test::is_value_type<Price>);
static_assert(ivcrush::test::is_value_type<Strike>);
static_assert(sizeof(Strike) == sizeof(std::int64_t));
static_assert(!std::is_convertible_v<double, Price>);
static_assert(!std::is_convertible_v<double, Strike>);
static_assert(!std::is_constructible_v<Strike, double>);
static_assert(!std::is_convertible_v<Strike, Price>);
static_assert(!std::is_convertible_v<Price, Money>);
// Levels do not add, and levels and percentages do not mix.
static_assert(!Addable<Strike, Strike>);
static_assert(!Addable<Price, Price>);
static_assert(!Addable<Strike, Price>);
static_assert(!Addable<Price, Percentage>);
static_assert(!Addable<Strike, double>);
static_assert(!Multipliable<Strike, double>);
static_assert(!Subtractable<Money, Price>);
// Level − level → amount; level ± amount → level.
static_assert(std::is_same_v<decltype(Strike{} - Strike{}), Money>);
static_assert(std::is_same_v<decltype(Strike{} - Price{}), Money>);
static_assert(std::is_same_v<decltype(Price{} - Strike{}), Money>);
static_assert(std::is_same_v<decltype(Price{} - Price{}), Money>);
static_assert(std::is_same_v<decltype(Price{} + Money{}), Price>);
static_assert(std::is_same_v<decltype(Money{} + Price{}), Price>);
static_assert(std::is_same_v<decltype(Price{} - Money{}), Price>);
static_assert(std::is_same_v<decltype(Strike{} + Money{}), Price>);
static_assert(std::is_same_v<decltype(Strike{} - Money{}), Price>);
static_assert(std::is_same_v<decltype(Price{} / Price{}), double>);
static_assert(std::is_same_v<decltype(BasicPrice<long double>{} - BasicPrice<long double>{}),
                             BasicMoney<long double>>);
// Strikes are exact at compile time.
static_assert(Strike::parse("182.5").ticks() == 182'500);
static_assert(Strike::parse("182.5") == Strike::parse("182.500"));
static_assert(Strike::parse("0.125").ticks() == 125);

TEST_CASE_TEMPLATE("price is a level", Rep, double, long double) {
  using P = BasicPrice<Rep>;
  using M = BasicMoney<Rep>;
  const auto spot = P::dollars(Rep{100});
  CHECK((P::dollars(Rep{105}) - spot) == M::dollars(Rep{5}));
  CHECK((spot + M::dollars(Rep{2.5})).dollars() == Rep{102.5});
  CHECK((M::dollars(Rep{2.5}) + spot).dollars() == Rep{102.5});
  CHECK((spot - M::dollars(Rep{2.5})).dollars() == Rep{97.5});
  CHECK((spot * Rep{1.5}).dollars() == Rep{150});
  CHECK(P::dollars(Rep{150}) / spot == Rep{1.5});
  CHECK(P::dollars(Rep{0}).dollars() == Rep{0});
}

TEST_CASE("price rejects negative and non-finite levels") {
  CHECK_THROWS_WITH_AS((void)Price::dollars(-1.5), "price = -1.5: must not be negative",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Price::dollars(std::numeric_limits<double>::quiet_NaN()),
                       "price = nan: must be finite", InvalidInput);
}

TEST_CASE("strikes parsed from text and built from doubles are the same key") {
  const char* texts[] = {"182.5", "100", "92.14", "0.5", "2.125", "1050", "12.345", "7.0"};
  const double values[] = {182.5, 100.0, 92.14, 0.5, 2.125, 1050.0, 12.345, 7.0};
  for (std::size_t i = 0; i < std::size(texts); ++i) {
    CAPTURE(texts[i]);
    const auto parsed = Strike::parse(texts[i]);
    const auto built = Strike::from_dollars(values[i]);
    CHECK(parsed == built);
    CHECK(parsed.dollars() == values[i]);
    CHECK(Strike::from_dollars(parsed.dollars()) == parsed);
  }
  CHECK(Strike::parse("182.5").ticks() == 182'500);
  CHECK(Strike::from_ticks(92'140) == Strike::parse("92.14"));
  // 0.1 + 0.2 is not 0.3 in binary, but it is the 0.3 strike.
  CHECK(Strike::from_dollars(0.1 + 0.2) == Strike::parse("0.3"));
}

TEST_CASE("strikes order exactly, also as flat-storage keys") {
  std::vector<Strike> ks{Strike::parse("105"), Strike::parse("92.5"), Strike::parse("100"),
                         Strike::parse("100.001"), Strike::parse("99.999")};
  std::sort(ks.begin(), ks.end());
  CHECK(ks[0] == Strike::parse("92.5"));
  CHECK(ks[1] == Strike::parse("99.999"));
  CHECK(ks[2] == Strike::parse("100"));
  CHECK(ks[3] == Strike::parse("100.001"));
  CHECK(ks[4] == Strike::parse("105"));
  CHECK(std::binary_search(ks.begin(), ks.end(), Strike::from_dollars(100.001)));
}

TEST_CASE("strike arithmetic") {
  const auto k = Strike::parse("182.5");
  CHECK((Strike::parse("190") - k) == Money::dollars(7.5));
  CHECK((k - Price::dollars(180.0)) == Money::dollars(2.5));
  CHECK((Price::dollars(180.0) - k) == Money::dollars(-2.5));
  CHECK((k + Money::dollars(1.25)) == Price::dollars(183.75));
  CHECK((k - Money::dollars(1.25)) == Price::dollars(181.25));
  CHECK(k.price() == Price::dollars(182.5));
}

TEST_CASE("strike errors name the field and the value") {
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(-5), "strike = -5: must not be negative",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(0), "strike = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(std::numeric_limits<double>::quiet_NaN()),
                       "strike = nan: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(33.3333),
                       "strike = 33.3333: is not a multiple of the $0.001 tick", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(1e300),
                       "strike = 1e+300: is too large (at most $10^12)", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse(""), "strike = '': is empty", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("-5"), "strike = '-5': is not a plain decimal number",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("1.2.3"),
                       "strike = '1.2.3': is not a plain decimal number", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("1e3"), "strike = '1e3': is not a plain decimal number",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse(" 100"),
                       "strike = ' 100': is not a plain decimal number", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("."), "strike = '.': is not a plain decimal number",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("0.000"), "strike = '0.000': must be positive",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("33.3333"),
                       "strike = '33.3333': has more than 3 decimals", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("99999999999999999999"),
                       "strike = '99999999999999999999': is too large (at most $10^12)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_ticks(-1), "strike ticks = -1: must not be negative",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_ticks(0),
                       "strike ticks = 0: must be in [1, 10^15] (1 tick = $0.001)", InvalidInput);
  // Extra zero decimals are exact, not rounding.
  CHECK(Strike::parse("33.3330") == Strike::parse("33.333"));
  CHECK(Strike::parse("5.") == Strike::parse("5"));
  CHECK(Strike::parse(".5") == Strike::parse("0.5"));
}

TEST_CASE("issue 16: the strike limit is 10^15 ticks, held exactly, and nothing is rounded") {
  // The documented limit said 10^18 ticks; the real one is max_ticks = 10^15 ($10^12).
  CHECK(Strike::max_ticks == 1'000'000'000'000'000);
  // At the exact limit, from every factory, and the round trip through dollars() is exact.
  const Strike top = Strike::from_ticks(Strike::max_ticks);
  CHECK(top.dollars() == 1e12);
  CHECK(Strike::from_dollars(1e12) == top);
  CHECK(Strike::parse("1000000000000") == top);
  CHECK(Strike::parse("1000000000000.000") == top);
  CHECK(Strike::from_dollars(top.dollars()) == top);
  // One tick below the limit is a distinct double and round-trips.
  const Strike below = Strike::from_ticks(Strike::max_ticks - 1);
  CHECK(below.dollars() < top.dollars());
  CHECK(Strike::from_dollars(below.dollars()) == below);
  CHECK(Strike::parse("999999999999.999") == below);
  // One tick above: rejected by every factory, naming the value.
  CHECK_THROWS_WITH_AS((void)Strike::from_ticks(Strike::max_ticks + 1),
                       "strike ticks = 1000000000000001: must be in [1, 10^15] (1 tick = $0.001)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::parse("1000000000000.001"),
                       "strike = '1000000000000.001': is too large (at most $10^12)", InvalidInput);
  CHECK_THROWS_AS((void)Strike::from_dollars(1000000000000.001), InvalidInput);
  // One ulp above $10^12 (0.12 tick) is noise on the top strike; three ulps is off the grid.
  const double one_ulp_up = std::nextafter(1e12, 2e12);
  CHECK(Strike::from_dollars(one_ulp_up) == top);
  CHECK_THROWS_AS(
      (void)Strike::from_dollars(std::nextafter(std::nextafter(one_ulp_up, 2e12), 2e12)),
      InvalidInput);
  // 10^18 ticks, the old documented limit, is rejected, not rounded.
  CHECK_THROWS_AS((void)Strike::from_ticks(1'000'000'000'000'000'000), InvalidInput);
  CHECK_THROWS_AS((void)Strike::parse("1000000000000000"), InvalidInput);
}

TEST_CASE("issue 16: from_dollars takes a tick within two ulps, anything further is rejected") {
  // Every tick value round-trips exactly, across the range (independent: ticks / 1000 is the
  // correctly rounded double of the decimal, as strtod gives it).
  for (const std::int64_t ticks :
       {std::int64_t{1}, std::int64_t{182'500}, std::int64_t{97'050}, std::int64_t{123'456'789},
        std::int64_t{999'999'999'999'999}, std::int64_t{123'456'789'012'345}}) {
    CAPTURE(ticks);
    const double d = static_cast<double>(ticks) / 1000.0;
    CHECK(Strike::from_dollars(d).ticks() == ticks);
    const std::string text = fmt::format("{}.{:03}", ticks / 1000, ticks % 1000);
    CHECK(Strike::from_dollars(std::strtod(text.c_str(), nullptr)).ticks() == ticks);
    // One or two ulps away is arithmetic noise on that strike; three is not a decimal strike.
    double up = d;
    double down = d;
    for (int ulps = 1; ulps <= 3; ++ulps) {
      CAPTURE(ulps);
      up = std::nextafter(up, 1e300);
      down = std::nextafter(down, 0.0);
      if (ulps <= 2) {
        CHECK(Strike::from_dollars(up).ticks() == ticks);
        CHECK(Strike::from_dollars(down).ticks() == ticks);
      } else {
        CHECK_THROWS_WITH_AS((void)Strike::from_dollars(up),
                             doctest::Contains("is not a multiple of the $0.001 tick"),
                             InvalidInput);
        CHECK_THROWS_WITH_AS((void)Strike::from_dollars(down),
                             doctest::Contains("is not a multiple of the $0.001 tick"),
                             InvalidInput);
      }
    }
  }
  // Values the old relative 1e-9 tolerance rounded onto the grid: 0.4 tick off at $10^9 (any
  // double above $500,000 was accepted), a millionth of a tick off at $100.
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(1000000000.0004),
                       "strike = 1000000000.0004: is not a multiple of the $0.001 tick",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(999999999999.9995),
                       "strike = 999999999999.9995: is not a multiple of the $0.001 tick",
                       InvalidInput);
  CHECK_THROWS_AS((void)Strike::from_dollars(100.000000001), InvalidInput);
}

}  // namespace
