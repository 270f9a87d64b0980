// fmt formatters: pinned outputs, including half-even rounding of the decimal value.
#include "ivcrush/io/format.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <limits>

namespace {

using namespace ivcrush;

TEST_CASE_TEMPLATE("money formats as dollars with grouping and a leading minus", Rep, double,
                   long double) {
  using M = BasicMoney<Rep>;
  CHECK(fmt::format("{}", M::dollars(Rep{1234.5})) == "$1,234.50");
  CHECK(fmt::format("{}", M::dollars(Rep{-0.05})) == "-$0.05");
  CHECK(fmt::format("{}", M::dollars(Rep{0})) == "$0.00");
  CHECK(fmt::format("{}", M::dollars(Rep{1234567.891})) == "$1,234,567.89");
  CHECK(fmt::format("{}", M::dollars(Rep{-1000})) == "-$1,000.00");
  CHECK(fmt::format("{}", M::dollars(Rep{999.999})) == "$1,000.00");
  CHECK(fmt::format("{}", M::dollars(Rep{100})) == "$100.00");
  CHECK(fmt::format("{:.4}", M::dollars(Rep{0.12344})) == "$0.1234");
  CHECK(fmt::format("{:.0}", M::dollars(Rep{2.5})) == "$2");
  CHECK(fmt::format("{:.0}", M::dollars(Rep{3.5})) == "$4");
  // A value that rounds to zero has no minus sign.
  CHECK(fmt::format("{}", M::dollars(Rep{-0.001})) == "$0.00");
}

TEST_CASE("money rounds half-even on the decimal value, as the original's Decimal did") {
  // domain-spec §1.1: Money(2.675) -> $2.68 (the double 2.675 is 2.67499999..., a naive
  // printf gives 2.67); Money(1)/3 -> $0.33; halves go to the even neighbour.
  CHECK(fmt::format("{}", Money::dollars(2.675)) == "$2.68");
  CHECK(fmt::format("{}", Money::dollars(1.0) / 3.0) == "$0.33");
  CHECK(fmt::format("{}", Money::dollars(0.125)) == "$0.12");
  CHECK(fmt::format("{}", Money::dollars(0.135)) == "$0.14");
  CHECK(fmt::format("{}", Money::dollars(0.1251)) == "$0.13");
  CHECK(fmt::format("{}", Money::dollars(-2.675)) == "-$2.68");
  CHECK(fmt::format("{:.4}", Money::dollars(0.12345)) == "$0.1234");
}

TEST_CASE("prices, percentages, volatilities, years") {
  CHECK(fmt::format("{}", Price::dollars(182.47)) == "$182.47");
  CHECK(fmt::format("{:.3}", Price::dollars(645.57)) == "$645.570");
  CHECK(fmt::format("{}", Percentage::from_pct(12.5)) == "12.50%");
  CHECK(fmt::format("{}", Percentage::from_pct(-3.14159)) == "-3.14%");
  CHECK(fmt::format("{:.1}", Percentage::from_fraction(0.08024)) == "8.0%");
  CHECK(fmt::format("{:.4}", Percentage::from_pct(8.115289)) == "8.1153%");
  CHECK(fmt::format("{}", Volatility::from_points(32.5)) == "32.50%");
  CHECK(fmt::format("{:.1}", Volatility::from_fraction(1.029)) == "102.9%");
  CHECK(fmt::format("{}", YearFraction::from_years(0.5)) == "0.5000y");
  CHECK(fmt::format("{:.2}", YearFraction::from_years(30.0 / 365.0)) == "0.08y");
}

TEST_CASE("strikes print their exact shortest decimal") {
  CHECK(fmt::format("{}", Strike::parse("182.5")) == "182.5");
  CHECK(fmt::format("{}", Strike::parse("100")) == "100");
  CHECK(fmt::format("{}", Strike::parse("92.14")) == "92.14");
  CHECK(fmt::format("{}", Strike::parse("0.125")) == "0.125");
  CHECK(fmt::format("{}", Strike::parse("1050.000")) == "1050");
  CHECK(fmt::format("{:>7}", Strike::parse("92.5")) == "   92.5");
}

TEST_CASE("symbols, timings, day counts and error codes") {
  CHECK(fmt::format("{}", Symbol::parse("BRK.B")) == "BRK.B");
  CHECK(fmt::format("{:<6}|", Symbol::parse("AAPL")) == "AAPL  |");
  CHECK(fmt::format("{}", EarningsTiming::after_close) == "AMC");
  CHECK(fmt::format("{}", EarningsTiming::before_open) == "BMO");
  CHECK(fmt::format("{}", DayCount::trading_252) == "trading/252");
  CHECK(fmt::format("{}", ErrorCode::not_finite) == "not_finite");
  CHECK(detail::iso_date(std::chrono::year{2024} / 5 / 22) == "2024-05-22");
}

TEST_CASE("bad format specs are rejected") {
  CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:x}"), Money::dollars(1.0)), fmt::format_error);
  CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:.}"), Money::dollars(1.0)), fmt::format_error);
  CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:.99}"), Percentage::from_pct(1.0)),
                  fmt::format_error);
}

}  // namespace
