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

}  // namespace
