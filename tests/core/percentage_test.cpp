// Percentage: percent vs fraction made explicit.
#include "ivcrush/core/percentage.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <type_traits>

#include "support/check_close.hpp"
#include "support/concepts.hpp"

namespace {

using namespace ivcrush;

static_assert(ivcrush::test::is_value_type<Percentage>);
static_assert(sizeof(Percentage) == sizeof(double));
static_assert(!std::is_convertible_v<double, Percentage>);
static_assert(!std::is_constructible_v<Percentage, double>);
static_assert(!std::is_convertible_v<Percentage, double>);
static_assert(!ivcrush::test::Addable<Percentage, double>);
static_assert(!ivcrush::test::Multipliable<Percentage, Percentage>);
static_assert(std::is_same_v<decltype(Percentage{} / Percentage{}), double>);
static_assert(Percentage::from_pct(12.5) == Percentage::from_fraction(0.125));

TEST_CASE("percentage converts between percent and fraction") {
  const auto p = Percentage::from_pct(12.5);
  CHECK(p.pct() == 12.5);
  CHECK(p.fraction() == 0.125);
  CHECK(Percentage::from_fraction(0.05).pct() == 5.0);
  // Stored as a fraction: pct() is one multiplication away, exact to an ulp or two.
  CHECK_CLOSE((Percentage::from_pct(5.0) + Percentage::from_pct(2.5)).pct(), 7.5, 0.0, 4e-16);
  CHECK_CLOSE((Percentage::from_pct(5.0) - Percentage::from_pct(7.5)).pct(), -2.5, 0.0, 4e-16);
  CHECK((-Percentage::from_pct(5.0)).pct() == -5.0);
  CHECK((Percentage::from_pct(5.0) * 2.0).pct() == 10.0);
  CHECK((2.0 * Percentage::from_pct(5.0)).pct() == 10.0);
  CHECK((Percentage::from_pct(5.0) / 2.0).pct() == 2.5);
  CHECK(Percentage::from_pct(9.0) / Percentage::from_pct(6.0) == 1.5);
  CHECK(Percentage::from_pct(-100.0) < Percentage::from_pct(0.0));
  // Large and negative values are valid (a 1,200 % move, a -100 % return).
  CHECK(Percentage::from_pct(1200.0).fraction() == 12.0);
}

TEST_CASE("percentage rejects non-finite values") {
  CHECK_THROWS_WITH_AS((void)Percentage::from_pct(std::numeric_limits<double>::quiet_NaN()),
                       "percentage = nan: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Percentage::from_fraction(std::numeric_limits<double>::infinity()),
                       "percentage = inf: must be finite", InvalidInput);
}

}  // namespace
