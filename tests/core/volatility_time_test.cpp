// Volatility, YearFraction, day counts, dates and earnings timing.
#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <type_traits>

#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "support/check_close.hpp"
#include "support/concepts.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;

static_assert(ivcrush::test::is_value_type<Volatility>);
static_assert(ivcrush::test::is_value_type<YearFraction>);
static_assert(!std::is_convertible_v<double, Volatility>);
static_assert(!std::is_convertible_v<double, YearFraction>);
static_assert(!ivcrush::test::Addable<Volatility, Volatility>);
static_assert(!ivcrush::test::Addable<YearFraction, double>);
static_assert(Volatility::from_points(32.5) == Volatility::from_fraction(0.325));

TEST_CASE("volatility in fraction, vol points and variance") {
  const auto v = Volatility::from_fraction(0.25);
  CHECK(v.fraction() == 0.25);
  CHECK(v.points() == 25.0);
  CHECK(v.variance() == 0.0625);
  CHECK(Volatility::from_variance(0.0625) == v);
  CHECK(Volatility::from_points(0.0).fraction() == 0.0);
  CHECK_THROWS_WITH_AS((void)Volatility::from_fraction(-0.2),
                       "volatility = -0.2: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Volatility::from_points(std::numeric_limits<double>::quiet_NaN()),
                       "volatility points = nan: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Volatility::from_variance(-1.0), "variance = -1: must not be negative",
                       InvalidInput);
}

TEST_CASE("year fractions from dates under named day counts") {
  // 2024-05-22 (Wed) to 2024-06-21 (Fri): 30 calendar days, 22 weekdays.
  const auto from = 2024y / May / 22;
  const auto to = 2024y / June / 21;
  CHECK(weekdays_between(from, to) == 22);
  CHECK_CLOSE(year_fraction(from, to, DayCount::act_365).years(), 30.0 / 365.0, 0.0, 1e-15);
  CHECK_CLOSE(year_fraction(from, to, DayCount::trading_252).years(), 22.0 / 252.0, 0.0, 1e-15);
  CHECK(year_fraction(from, from, DayCount::act_365).years() == 0.0);
  // A weekend contributes calendar days but no trading days.
  CHECK(weekdays_between(2024y / May / 25, 2024y / May / 27) == 0);  // Sat -> Mon
  CHECK(weekdays_between(2024y / May / 24, 2024y / May / 27) == 1);  // Fri -> Mon
  // Across a leap day and a year end, checked against a day-by-day count.
  const auto a = 2023y / December / 28;
  const auto b = 2024y / March / 4;
  std::int64_t brute = 0;
  for (sys_days d = sys_days{a}; d < sys_days{b}; d += days{1}) {
    const auto wd = weekday{d}.c_encoding();
    if (wd != 0 && wd != 6) ++brute;
  }
  CHECK(weekdays_between(a, b) == brute);
  CHECK_CLOSE(year_fraction(a, b, DayCount::act_365).years(), 67.0 / 365.0, 0.0, 1e-15);
}

TEST_CASE("year fractions from timestamps keep fractions of a day") {
  const sys_seconds close{sys_days{2024y / May / 22} + 20h};   // 16:00 ET = 20:00 UTC
  const sys_seconds expiry{sys_days{2024y / May / 24} + 20h};  // two days later
  CHECK_CLOSE(year_fraction(close, expiry).years(), 2.0 / 365.0, 0.0, 1e-15);
  const sys_seconds half_day{sys_days{2024y / May / 22} + 20h + 12h};
  CHECK_CLOSE(year_fraction(close, half_day).years(), 0.5 / 365.0, 0.0, 1e-15);
  CHECK_THROWS_WITH_AS((void)year_fraction(expiry, close),
                       "to time = 1716408000s: is before from time 1716580800s (Unix seconds)",
                       InvalidInput);
}

TEST_CASE("year fraction errors") {
  CHECK_THROWS_WITH_AS((void)YearFraction::from_years(-0.1), "years = -0.1: must not be negative",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)year_fraction(2024y / June / 21, 2024y / May / 22, DayCount::act_365),
                       "to date = 2024-05-22: is before from date 2024-06-21", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)year_fraction(2023y / February / 29, 2023y / May / 22, DayCount::trading_252),
      "from date = 2023-02-29: is not a valid calendar date", InvalidInput);
}

TEST_CASE("ISO dates parse strictly") {
  CHECK(parse_date("2024-05-22") == 2024y / May / 22);
  CHECK(parse_date("2024-02-29") == 2024y / February / 29);
  CHECK_THROWS_WITH_AS((void)parse_date("2023-02-29"),
                       "date = '2023-02-29': is not a valid calendar date", InvalidInput);
  CHECK_THROWS_WITH_AS((void)parse_date("2024/05/22"), "date = '2024/05/22': is not YYYY-MM-DD",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)parse_date("2024-5-22"), "date = '2024-5-22': is not YYYY-MM-DD",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)parse_date("2024-0a-22"), "date = '2024-0a-22': is not YYYY-MM-DD",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)parse_date(""), "date = '': is not YYYY-MM-DD", InvalidInput);
}

TEST_CASE("earnings timing round-trips its wire names") {
  for (const auto t : {EarningsTiming::before_open, EarningsTiming::after_close,
                       EarningsTiming::during_market, EarningsTiming::unknown}) {
    CHECK(parse_earnings_timing(to_string(t)) == t);
  }
  CHECK(to_string(EarningsTiming::before_open) == "BMO");
  CHECK(to_string(EarningsTiming::after_close) == "AMC");
  CHECK(to_string(DayCount::act_365) == "ACT/365");
  CHECK_THROWS_WITH_AS((void)parse_earnings_timing("amc"),
                       "earnings timing = 'amc': must be one of BMO, AMC, DMH, UNKNOWN",
                       InvalidInput);
}

}  // namespace
