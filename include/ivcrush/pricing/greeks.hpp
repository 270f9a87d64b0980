// ivcrush/pricing/greeks.hpp: price and sensitivities of a European option in one pass.
//
//   Greeks g = bsm_greeks({.right = OptionRight::put, .spot = Price::dollars(430.0),
//                          .strike = Strike::from_dollars(405.0),
//                          .time = YearFraction::from_years(1.0 / 12.0),
//                          .volatility = Volatility::from_fraction(0.20), .rate = 0.07,
//                          .dividend_yield = 0.05});
//   g.theta_per_year == -31.1924...; g.theta_per_calendar_day() == -0.0855...
//
// Units are in the names: delta per $1 of spot (Black-76: of forward), gamma per $1², vega,
// vanna and volga per 1.0 of volatility (σ = 0.25 → 0.26 is 0.01 units = 1 vol point), theta
// per year of calendar time passing (= -∂V/∂T; per calendar day divides by 365, i.e. assumes T
// was measured ACT/365), rho and dividend rho per 1.0 of rate (per rate point divides by 100).
// Black-76 greeks hold the forward fixed: rho = -T·V, dividend_rho = 0, delta/gamma/vanna are
// with respect to the forward. At T = 0 or σ = 0 the greeks are those of the discounted forward
// intrinsic value (gamma, vega, vanna, volga 0; at exactly F = K delta takes the midpoint and
// vega its σ → 0 limit S·e^(-qT)·√T·φ(0)); nothing is NaN.
// Cost: one log, three exp, two erfc, one sqrt (the textbook formula's cost). The price is the
// textbook difference while its error bound (tail ulps × cancellation) stays below 2^14 ulps
// (4e-12 relative); far out of the money it is recomputed by the accurate normalised Black
// function of black_scholes.hpp, so it never goes negative or loses relative accuracy.
// Errors: InvalidInput as for bsm_price (black_scholes.hpp); the detail kernels are noexcept.
#pragma once

#include <cmath>

#include "ivcrush/core/money.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/normal.hpp"

namespace ivcrush::inline v0 {

struct Greeks {
  Money price;                               // premium per share
  double delta = 0.0;                        // ∂V/∂S
  double gamma = 0.0;                        // ∂²V/∂S²
  double vega_per_unit_vol = 0.0;            // ∂V/∂σ
  double theta_per_year = 0.0;               // -∂V/∂T
  double rho_per_unit_rate = 0.0;            // ∂V/∂r
  double dividend_rho_per_unit_yield = 0.0;  // ∂V/∂q
  double vanna_per_unit_vol = 0.0;           // ∂²V/∂S∂σ
  double volga_per_unit_vol_squared = 0.0;   // ∂²V/∂σ²

  [[nodiscard]] constexpr double vega_per_vol_point() const noexcept {
    return vega_per_unit_vol / 100.0;
  }
  [[nodiscard]] constexpr double theta_per_calendar_day() const noexcept {
    return theta_per_year / days_per_year_act_365;
  }
  [[nodiscard]] constexpr double rho_per_rate_point() const noexcept {
    return rho_per_unit_rate / 100.0;
  }
  [[nodiscard]] constexpr double dividend_rho_per_yield_point() const noexcept {
    return dividend_rho_per_unit_yield / 100.0;
  }
};

namespace detail {

// The same fields as raw doubles, for the noexcept kernel.
struct RawGreeks {
  double price;
  double delta;
  double gamma;
  double vega;
  double theta;
  double rho;
  double dividend_rho;
  double vanna;
  double volga;
};

// T = 0, σ = 0 or spot = 0: the greeks of the discounted forward intrinsic value.
[[nodiscard]] inline RawGreeks degenerate_bsm_greeks(double theta, double spot, double strike,
                                                     double years, double rate,
                                                     double dividend_yield) noexcept {
  const double df_r = std::exp(-rate * years);
  const double df_q = std::exp(-dividend_yield * years);
  const double sq = spot * df_q;
  const double kr = strike * df_r;
  const double x = spot > 0.0 ? std::log(spot / strike) + (rate - dividend_yield) * years
                              : -std::numeric_limits<double>::infinity();
  const double n = theta * x > 0.0 ? 1.0 : (x == 0.0 ? 0.5 : 0.0);  // Φ(θd1) = Φ(θd2)
  const double price = theta * (sq - kr) * n;
  const double vega = (x == 0.0) ? sq * std::sqrt(years) * one_over_sqrt_two_pi : 0.0;
  return {.price = price > 0.0 ? price : 0.0,
          .delta = theta * df_q * n,
          .gamma = 0.0,
          .vega = vega,
          .theta = theta * (dividend_yield * sq - rate * kr) * n,
          .rho = theta * years * kr * n,
          .dividend_rho = -theta * years * sq * n,
          .vanna = 0.0,
          .volga = 0.0};
}

// Price and greeks from raw, validated numbers (spot >= 0, strike > 0, years >= 0, sigma >= 0,
// θ = ±1). One pass: shared d1, d2, φ(d1), Φ(θd1), Φ(θd2) and discount factors.
[[nodiscard]] inline RawGreeks bsm_greeks(double theta, double spot, double strike, double years,
                                          double sigma, double rate,
                                          double dividend_yield) noexcept {
  const double sqrt_t = std::sqrt(years);
  const double sd = sigma * sqrt_t;
  if (!(sd > 0.0) || !(spot > 0.0)) {
    return degenerate_bsm_greeks(theta, spot, strike, years, rate, dividend_yield);
  }
  const double x = std::log(spot / strike) + (rate - dividend_yield) * years;
  const double d1 = x / sd + 0.5 * sd;
  const double d2 = x / sd - 0.5 * sd;
  const double df_r = std::exp(-rate * years);
  const double df_q = std::exp(-dividend_yield * years);
  const double pdf = one_over_sqrt_two_pi * std::exp(-0.5 * d1 * d1);
  const double n1 = fast_normal_cdf(theta * d1);
  const double n2 = fast_normal_cdf(theta * d2);
  const double sq = spot * df_q;
  const double kr = strike * df_r;
  const double first = sq * n1;
  double price = theta * (first - kr * n2);
  // The textbook Φ carries a relative error of about d² ulps in the tail, and the difference
  // amplifies it by larger_term/price: when the product could exceed about 4e-12 (far out of the
  // money), use the accurate normalised Black function instead.
  const double larger_term = theta > 0.0 ? first : kr * n2;
  if (!(price * 0x1p14 > larger_term * (1.0 + d2 * d2))) {
    price = bsm_price(theta, spot, strike, years, sigma, rate, dividend_yield);
  }
  const double vega = sq * pdf * sqrt_t;
  return {.price = price,
          .delta = theta * df_q * n1,
          .gamma = df_q * pdf / (spot * sd),
          .vega = vega,
          .theta = -sq * pdf * sigma / (2.0 * sqrt_t) - theta * rate * kr * n2 +
                   theta * dividend_yield * first,
          .rho = theta * years * kr * n2,
          .dividend_rho = -theta * years * first,
          .vanna = -df_q * pdf * d2 / sigma,
          .volga = vega * d1 * d2 / sigma};
}

// Black-76 greeks from raw numbers (forward >= 0, strike > 0, years >= 0, sigma >= 0): the BSM
// greeks with spot = forward and q = r, except rho = -T·V (forward held fixed) and no
// dividend rho.
[[nodiscard]] inline RawGreeks black76_greeks(double theta, double forward, double strike,
                                              double years, double sigma, double rate) noexcept {
  RawGreeks g = bsm_greeks(theta, forward, strike, years, sigma, rate, rate);
  g.rho = -years * g.price;
  g.dividend_rho = 0.0;
  return g;
}

[[nodiscard]] inline Greeks to_greeks(const RawGreeks& g) noexcept {
  return {.price = Money::from_validated(g.price),
          .delta = g.delta,
          .gamma = g.gamma,
          .vega_per_unit_vol = g.vega,
          .theta_per_year = g.theta,
          .rho_per_unit_rate = g.rho,
          .dividend_rho_per_unit_yield = g.dividend_rho,
          .vanna_per_unit_vol = g.vanna,
          .volga_per_unit_vol_squared = g.volga};
}

}  // namespace detail

[[nodiscard]] inline Greeks bsm_greeks(const BsmInputs& in) {
  detail::validate(in);
  return detail::to_greeks(
      detail::bsm_greeks(detail::sign(in.right), in.spot.dollars(), in.strike.dollars(),
                         in.time.years(), in.volatility.fraction(), in.rate, in.dividend_yield));
}

[[nodiscard]] inline Greeks black76_greeks(const Black76Inputs& in) {
  detail::validate(in);
  return detail::to_greeks(detail::black76_greeks(detail::sign(in.right), in.forward.dollars(),
                                                  in.strike.dollars(), in.time.years(),
                                                  in.volatility.fraction(), in.rate));
}

}  // namespace ivcrush::inline v0
