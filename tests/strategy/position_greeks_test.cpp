// Position greeks: signed sizes per leg, against a finite difference of the position's value.
#include "ivcrush/strategy/position_greeks.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <vector>

#include "ivcrush/pricing/black_scholes.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;

constexpr auto expiry = 2024y / June / 21;

Leg opt(OptionRight r, const char* k, Side side, std::int32_t qty) {
  return Leg::option({.right = r,
                      .strike = Strike::parse(k),
                      .expiration = expiry,
                      .side = side,
                      .quantity = qty,
                      .premium = Money::dollars(1.0)});
}

// The position's model value: Σ signed size × BSM price, with a per-leg volatility.
double position_value(const Strategy& s, double spot, double years, std::span<const double> vols) {
  double total = 0.0;
  for (std::size_t i = 0; i < s.legs().size(); ++i) {
    const auto& leg = s.legs()[i];
    double value = spot;
    if (leg.is_option()) {
      value = bsm_price({.right = leg.instrument() == Instrument::call ? OptionRight::call
                                                                       : OptionRight::put,
                         .spot = Price::dollars(spot),
                         .strike = leg.strike(),
                         .time = YearFraction::from_years(years),
                         .volatility = Volatility::from_fraction(vols[i]),
                         .rate = 0.0,
                         .dividend_yield = 0.0})
                  .dollars();
    }
    total += leg.signed_units() * value;
  }
  return total;
}

TEST_CASE("position greeks of an unbalanced condor equal finite differences of its value") {
  // 5 short put spreads and 3 short call spreads: each side scaled by its own count.
  const auto ic = Strategy::make(
      Symbol::parse("XYZ"),
      {opt(OptionRight::put, "90", Side::buy, 5), opt(OptionRight::put, "95", Side::sell, 5),
       opt(OptionRight::call, "105", Side::sell, 3), opt(OptionRight::call, "110", Side::buy, 3)});
  const double spot = 101.0, years = 10.0 / 365.0;
  const std::vector<double> vols{0.72, 0.64, 0.58, 0.61};  // a smile: each leg its own IV
  std::vector<LegGreeks> per_leg;
  for (std::size_t i = 0; i < 4; ++i) {
    per_leg.push_back(bsm_leg_greeks(ic.legs()[i], Price::dollars(spot),
                                     YearFraction::from_years(years),
                                     Volatility::from_fraction(vols[i])));
  }
  const auto g = position_greeks(ic, per_leg);
  CHECK(g.option_contracts == 16);
  const double h = 1e-3;
  const double v0 = position_value(ic, spot, years, vols);
  const double up = position_value(ic, spot + h, years, vols);
  const double dn = position_value(ic, spot - h, years, vols);
  CHECK_CLOSE(g.delta_shares, (up - dn) / (2 * h), 1e-5, 1e-6);
  CHECK_CLOSE(g.gamma_shares_per_dollar, (up - 2 * v0 + dn) / (h * h), 1e-3, 1e-4);
  CHECK_CLOSE(g.delta_dollars_per_dollar().dollars(), g.delta_shares, 0.0, 0.0);
  std::vector<double> vols_up = vols, vols_dn = vols;
  for (auto& v : vols_up) v += 1e-4;
  for (auto& v : vols_dn) v -= 1e-4;
  const double dvega =
      (position_value(ic, spot, years, vols_up) - position_value(ic, spot, years, vols_dn)) / 2e-4 /
      100.0;  // per vol point
  CHECK_CLOSE(g.vega_per_vol_point.dollars(), dvega, 1e-6, 1e-6);
  const double day = 1.0 / 365.0;
  const double dtheta = (position_value(ic, spot, years - day / 100, vols) -
                         position_value(ic, spot, years + day / 100, vols)) /
                        (2.0 / 100);  // per calendar day
  CHECK_CLOSE(g.theta_per_calendar_day.dollars(), dtheta, 1e-4, 1e-5);
  // A short premium position: collects theta, short vega.
  CHECK(g.theta_per_calendar_day > Money::zero());
  CHECK(g.vega_per_vol_point < Money::zero());
}

TEST_CASE("shares count one delta per share, vendor greeks are used as given") {
  const auto covered = Strategy::make(
      Symbol::parse("XYZ"),
      {Leg::shares({.side = Side::buy, .quantity = 200, .price = Price::dollars(50.0)}),
       opt(OptionRight::call, "55", Side::sell, 2)});
  const std::vector<LegGreeks> vendor{
      {.delta = 1.0},
      {.delta = 0.30, .gamma = 0.05, .vega_per_vol_point = 0.04, .theta_per_calendar_day = -0.02}};
  const auto g = position_greeks(covered, vendor);
  CHECK_CLOSE(g.delta_shares, 200.0 - 200.0 * 0.30, 1e-12, 0.0);
  CHECK_CLOSE(g.gamma_shares_per_dollar, -200.0 * 0.05, 1e-12, 0.0);
  CHECK_CLOSE(g.vega_per_vol_point.dollars(), -200.0 * 0.04, 1e-12, 0.0);
  CHECK_CLOSE(g.theta_per_calendar_day.dollars(), 200.0 * 0.02, 1e-12, 0.0);
  CHECK(g.option_contracts == 2);
  CHECK(bsm_leg_greeks(covered.legs()[0], Price::dollars(50.0), YearFraction::from_years(0.1),
                       Volatility::from_fraction(0.3))
            .delta == 1.0);
}

TEST_CASE("position greeks reject a mismatched or non-finite input") {
  const auto s = Strategy::make(Symbol::parse("XYZ"), {opt(OptionRight::put, "95", Side::sell, 1)});
  const std::vector<LegGreeks> two(2);
  CHECK_THROWS_WITH_AS((void)position_greeks(s, two),
                       "leg greeks = 2 entries: the strategy has 1 legs", InvalidInput);
  const std::vector<LegGreeks> nan{{.delta = std::numeric_limits<double>::quiet_NaN()}};
  CHECK_THROWS_WITH_AS((void)position_greeks(s, nan), "leg delta = nan: must be finite",
                       InvalidInput);
}

}  // namespace
