// Money: an amount. Traits, the algebra that must (and must not) compile, factories, errors.
#include "ivcrush/core/money.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <type_traits>

#include "ivcrush/core/percentage.hpp"
#include "support/check_close.hpp"
#include "support/concepts.hpp"

namespace {

using namespace ivcrush;
using ivcrush::test::Addable;
using ivcrush::test::Divisible;
using ivcrush::test::Multipliable;
using ivcrush::test::Subtractable;

static_assert(ivcrush::test::is_value_type<Money>);
static_assert(ivcrush::test::is_value_type<BasicMoney<long double>>);
static_assert(sizeof(Money) == sizeof(double));
static_assert(sizeof(BasicMoney<float>) == sizeof(float));
static_assert(std::is_same_v<Money, BasicMoney<double>>);
// No implicit conversions in either direction, and no construction from a raw number.
static_assert(!std::is_convertible_v<double, Money>);
static_assert(!std::is_convertible_v<Money, double>);
static_assert(!std::is_constructible_v<Money, double>);
static_assert(!std::is_convertible_v<Money, BasicMoney<long double>>);
// Nonsense does not compile.
static_assert(!Addable<Money, Percentage>);
static_assert(!Addable<Percentage, Money>);
static_assert(!Subtractable<Money, Percentage>);
static_assert(!Addable<Money, double>);
static_assert(!Addable<double, Money>);
static_assert(!Multipliable<Money, Money>);
static_assert(!Divisible<double, Money>);
// What must compile, with the right result types.
static_assert(std::is_same_v<decltype(Money{} + Money{}), Money>);
static_assert(std::is_same_v<decltype(Money{} - Money{}), Money>);
static_assert(std::is_same_v<decltype(Money{} * 2.0), Money>);
static_assert(std::is_same_v<decltype(2.0 * Money{}), Money>);
static_assert(std::is_same_v<decltype(Money{} / 2.0), Money>);
static_assert(std::is_same_v<decltype(Money{} / Money{}), double>);
static_assert(std::is_same_v<decltype(Money{} * Percentage{}), Money>);
static_assert(std::is_same_v<decltype(Percentage{} * Money{}), Money>);
// constexpr all the way.
static_assert((Money::cents(150) + Money::cents(25)).dollars() == 1.75);
static_assert(Money::dollars(3.0) / Money::dollars(1.5) == 2.0);

TEST_CASE_TEMPLATE("money arithmetic is exact where the representation is", Rep, double,
                   long double) {
  using M = BasicMoney<Rep>;
  const auto credit = M::dollars(Rep{1.25});
  const auto fee = M::cents(65);
  CHECK_CLOSE(static_cast<double>((credit - fee).dollars()), 0.60, 1e-15, 0.0);
  CHECK((credit + credit).dollars() == Rep{2.5});
  CHECK((-credit).dollars() == Rep{-1.25});
  CHECK((credit * Rep{4}).dollars() == Rep{5});
  CHECK((Rep{4} * credit).dollars() == Rep{5});
  CHECK((credit / Rep{5}).dollars() == Rep{0.25});
  CHECK(credit / M::dollars(Rep{0.5}) == Rep{2.5});
  CHECK((credit * Percentage::from_pct(50.0)).dollars() == Rep{0.625});
  auto total = M::zero();
  total += credit;
  total -= M::cents(25);
  CHECK(total.dollars() == Rep{1});
  CHECK(abs(M::dollars(Rep{-3})) == M::dollars(Rep{3}));
  CHECK(abs(M::dollars(Rep{3})) == M::dollars(Rep{3}));
}

TEST_CASE_TEMPLATE("money orders and compares by amount", Rep, double, long double) {
  using M = BasicMoney<Rep>;
  CHECK(M::dollars(Rep{-1}) < M::zero());
  CHECK(M::cents(100) == M::dollars(Rep{1}));
  CHECK(M::dollars(Rep{2}) > M::dollars(Rep{1.99}));
  CHECK(M{} == M::zero());
}

TEST_CASE_TEMPLATE("money rejects non-finite amounts and names the value", Rep, double,
                   long double) {
  using M = BasicMoney<Rep>;
  CHECK_THROWS_WITH_AS((void)M::dollars(std::numeric_limits<Rep>::quiet_NaN()),
                       "money = nan: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)M::dollars(std::numeric_limits<Rep>::infinity()),
                       "money = inf: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)M::dollars(-std::numeric_limits<Rep>::infinity()),
                       "money = -inf: must be finite", InvalidInput);
  try {
    (void)M::dollars(std::numeric_limits<Rep>::quiet_NaN());
    FAIL("expected InvalidInput");
  } catch (const InvalidInput& e) {
    CHECK(e.code() == ErrorCode::not_finite);
  }
  // Negative amounts are valid: a debit, a loss.
  CHECK(M::dollars(Rep{-100}).dollars() == Rep{-100});
}

TEST_CASE("rounding tolerance: 2^-40 of the scale, at least of $1") {
  CHECK(rounding_tolerance(Money::dollars(0.5)).dollars() == 0x1p-40);
  CHECK(rounding_tolerance(Money::dollars(-1024.0)).dollars() == 0x1p-30);
  CHECK(rounding_tolerance(BasicMoney<long double>::dollars(2.0L)).dollars() == 0x1p-39L);
  // Well below a tenth of a cent up to $10^9, above the rounding of a sum there.
  CHECK(rounding_tolerance(Money::dollars(1e9)).dollars() < 0.001);
  CHECK(rounding_tolerance(Money::dollars(1e9)).dollars() > 1e9 * 0x1p-52 * 64);
}

TEST_CASE("money decisions up to rounding: exact cent boundaries") {
  const Money one_dollar = Money::dollars(1.0);
  // 0.1 + 0.2 is 0.30000000000000004 in binary: the same amount as 0.30.
  const Money sum = Money::dollars(0.1) + Money::dollars(0.2);
  CHECK_FALSE(sum == Money::dollars(0.3));
  CHECK(equal_up_to_rounding(sum, Money::dollars(0.3), one_dollar));
  // Every pair of cent prices 20 cents apart is at least $0.20, and never 19 cents; before
  // (a plain >=) part of them were "below" $0.20. Half a cent is never rounding.
  std::size_t naive_below = 0, wrong = 0;
  const Money min = Money::dollars(0.20);
  for (int lo = 0; lo <= 10'000; ++lo) {
    const Money a = Money::dollars(lo / 100.0);
    const Money b = Money::dollars((lo + 20) / 100.0);
    const Money scale = abs(a) + abs(b);
    if (b - a < min) ++naive_below;
    if (!at_least_up_to_rounding(b - a, min, scale)) ++wrong;
    if (!at_most_up_to_rounding(b - a, min, scale)) ++wrong;
    if (!equal_up_to_rounding(b - a, min, scale)) ++wrong;
    const Money c = Money::dollars((lo + 19) / 100.0);
    if (at_least_up_to_rounding(c - a, min, scale)) ++wrong;
    if (at_least_up_to_rounding(b - a - Money::dollars(0.005), min, scale)) ++wrong;
    if (at_most_up_to_rounding(b - a + Money::dollars(0.005), min, scale)) ++wrong;
  }
  CHECK(naive_below > 1000);  // the defect the helpers exist for
  CHECK(wrong == 0);
  // A width minus an equal credit is 0 up to rounding, one cent less is not.
  const Money width = Money::dollars(95.0) - Money::dollars(90.0);
  const Money credit = Money::dollars(5.37) - Money::dollars(0.37);
  CHECK(equal_up_to_rounding(width - credit, Money::zero(), Money::dollars(95.0)));
  CHECK_FALSE(
      equal_up_to_rounding(width - credit + Money::cents(1), Money::zero(), Money::dollars(95.0)));
}

}  // namespace
