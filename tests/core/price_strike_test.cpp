// Price and Strike: levels. Exact strikes, the level/amount algebra, errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
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
  CHECK_THROWS_WITH_AS((void)Strike::from_dollars(1e300), "strike = 1e+300: is too large",
                       InvalidInput);
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
                       "strike = '99999999999999999999': is too large", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_ticks(-1), "strike ticks = -1: must not be negative",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strike::from_ticks(0),
                       "strike ticks = 0: must be in [1, 10^18] (1 tick = $0.001)", InvalidInput);
  // Extra zero decimals are exact, not rounding.
  CHECK(Strike::parse("33.3330") == Strike::parse("33.333"));
  CHECK(Strike::parse("5.") == Strike::parse("5"));
  CHECK(Strike::parse(".5") == Strike::parse("0.5"));
}

}  // namespace
