// ivcrush/pricing/black_scholes.hpp: European option prices under Black-Scholes-Merton (spot,
// continuous dividend yield) and Black-76 (forward).
//
//   auto v = bsm_price({.right = OptionRight::call, .spot = Price::dollars(100.0),
//                       .strike = Strike::from_dollars(105.0),
//                       .time = YearFraction::from_years(60.0 / 365.0),
//                       .volatility = Volatility::from_fraction(0.20), .rate = 0.01});
//   v.dollars() == 1.4425226889...
//
// Units: the premium is Money per share; `time` is a YearFraction whose day count is the
// caller's (ACT/365 for calendar time, trading/252 for trading time); `rate` and
// `dividend_yield` are continuously compounded annual fractions (0.05 = 5 %/yr) on that same
// time scale. Limits are exact: T = 0 or σ = 0 gives the discounted forward intrinsic value, a
// zero spot gives 0 for a call and K·e^(-rT) for a put. Prices are never negative or NaN, and
// far out of the money they underflow gracefully (a tiny positive number or 0).
// Accuracy: prices go through Jäckel's normalised Black function b(x, s) (x = ln(F/K),
// s = σ√T), evaluated on its out-of-the-money side with asymptotic and small-s expansions where
// the textbook difference of two terms cancels, so a price 1e-200 is still relatively accurate.
// Errors: InvalidInput (thrown once, at this boundary) for a zero strike, time above 100 years,
// volatility above 100 (10,000 %), or a rate or dividend yield outside [-1, 1] or not finite.
// Raw numbers from outside (a quote, a CSV row) go through validate(UncheckedBsmInputs), which
// names the offending field ("spot = -100: must not be negative"). The detail:: kernels take
// raw doubles, are noexcept and assume validated input.
// Cost: a few libm calls (about the textbook formula's cost; see docs/pricing.md).
#pragma once

#include <cmath>
#include <limits>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/erfcx.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/pricing/normal.hpp"

namespace ivcrush::inline v0 {

// Black-Scholes-Merton inputs (spot model with continuous dividend yield).
struct BsmInputs {
  OptionRight right = OptionRight::call;
  Price spot;
  Strike strike;
  YearFraction time;
  Volatility volatility;
  double rate = 0.0;            // continuously compounded, annual fraction
  double dividend_yield = 0.0;  // continuously compounded, annual fraction
};

// Black-76 inputs: the forward of the underlying for the option's expiry, discounted at `rate`.
struct Black76Inputs {
  OptionRight right = OptionRight::call;
  Price forward;
  Strike strike;
  YearFraction time;
  Volatility volatility;
  double rate = 0.0;  // continuously compounded, annual fraction (discounting only)
};

// Raw numbers as they arrive from outside, checked field by field by validate().
struct UncheckedBsmInputs {
  OptionRight right = OptionRight::call;
  double spot = 0.0;
  double strike = 0.0;
  double years = 0.0;
  double volatility = 0.0;  // annual fraction (0.25 = 25 %)
  double rate = 0.0;
  double dividend_yield = 0.0;
};

inline constexpr double max_pricing_years = 100.0;
inline constexpr double max_pricing_volatility = 100.0;
inline constexpr double max_abs_rate = 1.0;

namespace detail {

// θ = +1 for a call, -1 for a put.
[[nodiscard]] constexpr double sign(OptionRight right) noexcept {
  return right == OptionRight::call ? 1.0 : -1.0;
}

inline constexpr double sqrt_pi_over_two = 1.25331413731550025121;  // √(π/2)

// ---------------------------------------------------------------------------------------------
// Normalised Black function (Jäckel, "Let's Be Rational", 2015):
//   b(x, s, θ) = θ·[e^{x/2}·Φ(θ(x/s + s/2)) - e^{-x/2}·Φ(θ(x/s - s/2))],
// so that a Black price is discount·√(F·K)·b(ln(F/K), σ√T, θ). By parity
// b(x, s, θ) = intrinsic + b(-|x|, s, +1): everything reduces to the out-of-the-money call with
// x <= 0. With h = x/s, t = s/2 and Y(z) = Φ(z)/φ(z) = √(π/2)·erfcx(-z/√2) (Mills' ratio),
//   b(x, s) = exp(-(h² + t²)/2)/√(2π) · [Y(h + t) - Y(h - t)],
// and the prefactor is exactly the normalised vega ∂b/∂s.

// Y(z) = Φ(z)/φ(z).
[[nodiscard]] inline double mills_ratio(double z) noexcept {
  return sqrt_pi_over_two * erfcx(-z * one_over_sqrt_two);
}

// Y(z) to about 1.5 ulps instead of 2.6 (see erfcx_accurate), for differences that amplify it.
[[nodiscard]] inline double mills_ratio_accurate(double z) noexcept {
  return sqrt_pi_over_two * erfcx_accurate(-z * one_over_sqrt_two);
}

// a = 1 + h·Y(h) = Y'(h) for h <= 0, which falls like 1/h² while its two terms stay near ±1:
// the cancellation multiplies the error of Y by (1 - a)/a, about h². So a is never formed as that
// difference: below h = -4√2 Cody's tail form gives it directly, and for z = -h/√2 in [0, 4] a
// piecewise polynomial fit of a itself does (detail/erfcx.hpp, about an ulp). Before the fit,
// erfc·exp(z²) on (1, 4] cost twice as much, and Cody's rational erfcx there failed the round-trip
// grid's repricing check at 1.17 of its allowance (issue 4).
[[nodiscard]] inline double mills_derivative(double h) noexcept {
  const double z = -h * one_over_sqrt_two;
  if (z > 4.0) return one_minus_sqrt_pi_z_erfcx_tail(z);
  return one_minus_sqrt_pi_z_erfcx_mid(z);
}

// b(x, s) with the normalised vega b' = ∂b/∂s = exp(-(h²+t²)/2)/√(2π) computed on the way.
// In the wings b = b'·bracket with bracket = Y(h+t) - Y(h-t), so ln b = ln b' + ln bracket
// never underflows even where b does; in the body bracket is 0 and b is computed directly.
struct OtmBlack {
  double value;
  double vega;
  double log_vega;  // -(h²+t²)/2, without the -ln√(2π)
  double bracket;
  [[nodiscard]] double log_value() const noexcept {
    constexpr double log_sqrt_two_pi = 0.91893853320467274178;
    return bracket > 0.0 ? log_vega - log_sqrt_two_pi + std::log(bracket) : std::log(value);
  }
  // b'/b, finite even where both underflow.
  [[nodiscard]] double vega_over_value() const noexcept {
    return bracket > 0.0 ? 1.0 / bracket : vega / value;
  }
};

inline constexpr double asymptotic_d1_threshold = -10.0;
inline constexpr double small_t_threshold = 0.21;
inline constexpr double erfcx_d1_threshold = 0.85;

// Y(h+t) - Y(h-t) for h + t < -10: with a = h+t, c = h-t (both < 0), r = a·c and
// Y(z) ~ -Σ (-1)^k (2k-1)!!/z^{2k+1},
//   Y(a) - Y(c) = (2t/r)·Σ_k (-1)^k (2k-1)!!·P_{2k}(1/c, 1/a),  P_n(u, v) = Σ_{j<=n} u^j v^{n-j},
// where every P_n is a sum of same-signed terms (no cancellation) and the series is summed
// until its terms, which shrink by about (2k+1)/a² <= 1/50 each, fall below 2^-56.
[[nodiscard]] inline double asymptotic_bracket(double h, double t) noexcept {
  const double a = h + t;
  const double c = h - t;
  const double u = 1.0 / c;
  const double v = 1.0 / a;
  double p = 1.0;    // P_n, n = 0
  double un = 1.0;   // u^n
  double sum = 1.0;  // k = 0 term
  double double_factorial = 1.0;
  for (int k = 1; k <= 40; ++k) {
    un *= u;
    p = v * p + un;  // P_{2k-1}
    un *= u;
    p = v * p + un;  // P_{2k}
    double_factorial *= static_cast<double>(2 * k - 1);
    const double term = double_factorial * p;
    sum += (k % 2 == 1) ? -term : term;
    if (term < 1e-17 * sum) break;
  }
  return 2.0 * t / (a * c) * sum;
}

// Y(h+t) - Y(h-t) = 2·Σ_{k odd} t^k/k!·Y^(k)(h) for t < 0.21, where Y^(k)(h) are polynomials
// in a = 1 + h·Y(h) and h² (derived from Y' = 1 + hY). Terms to t^14 (relative 1e-17 at t=0.21).
// Coefficients {α, β} of Y^(2j+1)(h)/(2j+1)! = Σ_{i<=j} (α_ji·a - β_ji)·h^{2i}, j = 1..7.
struct SmallTPair {
  double alpha;
  double beta;
};
inline constexpr double small_t_f11 = 39916800.0;
inline constexpr double small_t_f13 = 6227020800.0;
inline constexpr double small_t_f15 = 1307674368000.0;
// Row j holds i = 0..j (unused entries are zero); row 0 is the leading term Y'(h) = a.
inline constexpr SmallTPair small_t_pairs[8][8] = {
    {{1.0, 0.0}},
    {{0.5, 1.0 / 6.0}, {1.0 / 6.0, 0.0}},
    {{0.125, 7.0 / 120.0}, {1.0 / 12.0, 1.0 / 120.0}, {1.0 / 120.0, 0.0}},
    {{105.0 / 5040.0, 57.0 / 5040.0},
     {105.0 / 5040.0, 18.0 / 5040.0},
     {21.0 / 5040.0, 1.0 / 5040.0},
     {1.0 / 5040.0, 0.0}},
    {{945.0 / 362880.0, 561.0 / 362880.0},
     {1260.0 / 362880.0, 285.0 / 362880.0},
     {378.0 / 362880.0, 33.0 / 362880.0},
     {36.0 / 362880.0, 1.0 / 362880.0},
     {1.0 / 362880.0, 0.0}},
    {{10395.0 / small_t_f11, 6555.0 / small_t_f11},
     {17325.0 / small_t_f11, 4680.0 / small_t_f11},
     {6930.0 / small_t_f11, 840.0 / small_t_f11},
     {990.0 / small_t_f11, 52.0 / small_t_f11},
     {55.0 / small_t_f11, 1.0 / small_t_f11},
     {1.0 / small_t_f11, 0.0}},
    {{135135.0 / small_t_f13, 89055.0 / small_t_f13},
     {270270.0 / small_t_f13, 82845.0 / small_t_f13},
     {135135.0 / small_t_f13, 20370.0 / small_t_f13},
     {25740.0 / small_t_f13, 1926.0 / small_t_f13},
     {2145.0 / small_t_f13, 75.0 / small_t_f13},
     {78.0 / small_t_f13, 1.0 / small_t_f13},
     {1.0 / small_t_f13, 0.0}},
    {{2027025.0 / small_t_f15, 1381905.0 / small_t_f15},
     {4729725.0 / small_t_f15, 1595790.0 / small_t_f15},
     {2837835.0 / small_t_f15, 501795.0 / small_t_f15},
     {675675.0 / small_t_f15, 64260.0 / small_t_f15},
     {75075.0 / small_t_f15, 3795.0 / small_t_f15},
     {4095.0 / small_t_f15, 102.0 / small_t_f15},
     {105.0 / small_t_f15, 1.0 / small_t_f15},
     {1.0 / small_t_f15, 0.0}},
};

// The series is linear in a: bracket = 2t·(a·A - B), and since t·h = x/2 its terms
// t^{2j}·h^{2i} = w^{j-i}·v^i with w = t² and v = x²/4 make A and B polynomials in w whose
// coefficients depend on x alone: A = Σ_m A_m·w^m with A_m = Σ_i α_{m+i,i}·v^i (B likewise).
// They are computed once per x (the implied-volatility solver evaluates b several times for
// one x), and even for a single evaluation they need no division, unlike h. Every α and β is
// positive, so A_m and B_m are sums of positive terms. All eight orders are summed: beyond the
// original truncation point (t^{2j}·2^j·j!/(2j+1)! < 1e-17) the extra terms are below rounding.
struct SmallTSeries {
  double a[8];
  double b[8];
};

[[nodiscard]] inline SmallTSeries small_t_series(double x) noexcept {
  const double v = 0.25 * x * x;
  SmallTSeries c{};
  for (int m = 0; m < 8; ++m) {
    double sa = 0.0;
    double sb = 0.0;
    for (int i = 7 - m; i >= 0; --i) {  // Horner in v
      sa = sa * v + small_t_pairs[m + i][i].alpha;
      sb = sb * v + small_t_pairs[m + i][i].beta;
    }
    c.a[m] = sa;
    c.b[m] = sb;
  }
  return c;
}

// Ascending coefficients, Estrin's scheme (a short dependency chain, see detail/erfcx.hpp).
[[nodiscard]] constexpr double estrin_ascending(double w, const double (&c)[8]) noexcept {
  const double w2 = w * w;
  const double w4 = w2 * w2;
  return ((c[0] + c[1] * w) + w2 * (c[2] + c[3] * w)) +
         w4 * ((c[4] + c[5] * w) + w2 * (c[6] + c[7] * w));
}

// Y(h+t) - Y(h-t) for t < 0.21 with the coefficients of x = 2·h·t (see SmallTSeries).
[[nodiscard]] inline double small_t_bracket(double h, double t, const SmallTSeries& c) noexcept {
  const double w = t * t;
  const double a = mills_derivative(h);
  return 2.0 * t * (a * estrin_ascending(w, c.a) - estrin_ascending(w, c.b));
}

[[nodiscard]] inline double small_t_bracket(double h, double t) noexcept {
  return small_t_bracket(h, t, small_t_series(2.0 * h * t));
}

// Whether otm_black computes b and b' in the wings or only ln b and b'/b (through the bracket).
enum class WingOutput { value_and_vega, logarithmic };

// b(x, s) for x <= 0 < s (the out-of-the-money call), relatively accurate everywhere.
// exp_half_x must be e^{x/2} (callers that evaluate many s for one x compute it once).
// With WingOutput::logarithmic, value and vega are left 0 wherever bracket > 0 (the wings), which
// saves the exponential of the vega: log_value() and vega_over_value() need only the bracket
// (the implied-volatility solver's lower wing). In the body they are computed either way.
// `series` returns the SmallTSeries of x (computed on demand, or once per x by the caller).
template <WingOutput output, class SeriesSource>
[[nodiscard]] inline OtmBlack otm_black_with(double x, double s, double exp_half_x,
                                             const SeriesSource& series) noexcept {
  const double h = x / s;
  const double t = 0.5 * s;
  const double d1 = h + t;
  const double log_vega = -0.5 * (h * h + t * t);
  double bracket = 0.0;
  if (d1 < asymptotic_d1_threshold) {
    bracket = asymptotic_bracket(h, t);
  } else if (t < small_t_threshold) {
    bracket = small_t_bracket(h, t, series());
  } else if (d1 <= erfcx_d1_threshold) {
    bracket = mills_ratio_accurate(d1) - mills_ratio_accurate(h - t);
  } else {
    // Body: b = e^{x/2} - [e^{x/2}Φ(-d1) + e^{-x/2}Φ(d2)] = e^{x/2} - b'·[Y(-d1) + Y(d2)]. For
    // d1 > 0.85 and t >= 0.21 the bracketed complement is at most about half of e^{x/2}, so the
    // subtraction costs at most a couple of ulps, and both Mills ratios are taken at negative
    // arguments: erfcx at positive ones, a rational function without exponentials.
    const double vega = one_over_sqrt_two_pi * std::exp(log_vega);
    const double b = exp_half_x - vega * (mills_ratio(-d1) + mills_ratio(h - t));
    return {b > 0.0 ? b : 0.0, vega, log_vega, 0.0};
  }
  if constexpr (output == WingOutput::logarithmic) {
    return {0.0, 0.0, log_vega, bracket};
  } else {
    const double vega = one_over_sqrt_two_pi * std::exp(log_vega);
    return {vega * bracket, vega, log_vega, bracket};
  }
}

template <WingOutput output = WingOutput::value_and_vega>
[[nodiscard]] inline OtmBlack otm_black(double x, double s, double exp_half_x) noexcept {
  return otm_black_with<output>(x, s, exp_half_x, [x]() noexcept { return small_t_series(x); });
}

[[nodiscard]] inline OtmBlack otm_black(double x, double s) noexcept {
  return otm_black(x, s, std::exp(0.5 * x));
}

// b_max - b(x, s) = e^{x/2}Φ(-d1) + e^{-x/2}Φ(d2) = b'·[Y(-d1) + Y(d2)] for x <= 0 < s, a sum of
// positive terms (relatively accurate where b approaches its bound e^{x/2}), with the vega b'.
struct OtmBlackComplement {
  double value;
  double vega;
};

[[nodiscard]] inline OtmBlackComplement otm_black_complement(double x, double s) noexcept {
  const double h = x / s;
  const double t = 0.5 * s;
  const double d1 = h + t;
  const double vega = one_over_sqrt_two_pi * std::exp(-0.5 * (h * h + t * t));
  // Below s_c (d1 < 0, rare: only a safeguarded step gets there) Y(-d1) grows like e^{d1²/2};
  // e^{x/2}Φ(-d1) is then taken directly so that nothing overflows.
  const double first = d1 >= 0.0 ? vega * mills_ratio(-d1) : std::exp(0.5 * x) * normal_cdf(-d1);
  return {first + vega * mills_ratio(h - t), vega};
}

// Normalised intrinsic value max(θ(e^{x/2} - e^{-x/2}), 0).
[[nodiscard]] inline double normalised_intrinsic(double x, double theta) noexcept {
  return theta * x > 0.0 ? 2.0 * std::sinh(0.5 * std::fabs(x)) : 0.0;
}

// b(x, s, θ) for finite x, s >= 0 and θ = ±1.
[[nodiscard]] inline double normalised_black(double x, double s, double theta) noexcept {
  const double intrinsic = normalised_intrinsic(x, theta);
  if (!(s > 0.0)) return intrinsic;
  return intrinsic + otm_black(-std::fabs(x), s).value;
}

// Black-76 price: discount·E[(θ(F_T - K))^+] for a lognormal forward with total volatility
// σ√T = `sd`. Handles F = 0, sd = 0 and sd = +inf.
[[nodiscard]] inline double black_price(double forward, double strike, double sd, double discount,
                                        double theta) noexcept {
  if (forward <= 0.0) return theta < 0.0 ? discount * strike : 0.0;
  if (!(sd < std::numeric_limits<double>::infinity())) {
    return discount * (theta > 0.0 ? forward : strike);
  }
  if (!(sd > 0.0)) {
    const double intrinsic = theta * (forward - strike);
    return intrinsic > 0.0 ? discount * intrinsic : 0.0;
  }
  const double x = std::log(forward / strike);
  return discount * std::sqrt(forward) * std::sqrt(strike) * normalised_black(x, sd, theta);
}

// BSM price from raw, validated numbers (spot >= 0, strike > 0, years >= 0, sigma >= 0).
[[nodiscard]] inline double bsm_price(double theta, double spot, double strike, double years,
                                      double sigma, double rate, double dividend_yield) noexcept {
  const double carry = (rate - dividend_yield) * years;
  if (spot <= 0.0) return theta < 0.0 ? strike * std::exp(-rate * years) : 0.0;
  const double sd = sigma * std::sqrt(years);
  if (!(sd > 0.0)) {  // the discounted forward intrinsic value, exactly
    const double intrinsic =
        theta * (spot * std::exp(-dividend_yield * years) - strike * std::exp(-rate * years));
    return intrinsic > 0.0 ? intrinsic : 0.0;
  }
  const double x = std::log(spot / strike) + carry;
  // discount·√(F·K) = √(S·K)·exp(-(r+q)T/2)
  const double scale =
      std::sqrt(spot) * std::sqrt(strike) * std::exp(-0.5 * (rate + dividend_yield) * years);
  return scale * normalised_black(x, sd, theta);
}

inline void require_rate(std::string_view field, double value) {
  require_finite(field, value);
  if (value < -max_abs_rate || value > max_abs_rate) {
    throw_invalid(ErrorCode::out_of_range, field, value,
                  "must be in [-1, 1] (a continuously compounded annual fraction)");
  }
}

inline void require_strike(Strike strike) {
  if (strike.ticks() <= 0) {
    throw_invalid(ErrorCode::out_of_range, "strike", strike.dollars(), "must be positive");
  }
}

inline void require_pricing_time(YearFraction time) {
  if (time.years() > max_pricing_years) {
    throw_invalid(ErrorCode::out_of_range, "years", time.years(), "must be at most 100");
  }
}

inline void require_pricing_volatility(Volatility volatility) {
  if (volatility.fraction() > max_pricing_volatility) {
    throw_invalid(ErrorCode::out_of_range, "volatility", volatility.fraction(),
                  "must be at most 100 (10,000 %)");
  }
}

inline void validate(const BsmInputs& in) {
  require_strike(in.strike);
  require_pricing_time(in.time);
  require_pricing_volatility(in.volatility);
  require_rate("rate", in.rate);
  require_rate("dividend yield", in.dividend_yield);
}

inline void validate(const Black76Inputs& in) {
  require_strike(in.strike);
  require_pricing_time(in.time);
  require_pricing_volatility(in.volatility);
  require_rate("rate", in.rate);
}

}  // namespace detail

// Checks raw numbers field by field and returns typed inputs; throws InvalidInput naming the
// first offending field and its value.
[[nodiscard]] inline BsmInputs validate(const UncheckedBsmInputs& raw) {
  detail::require_non_negative("spot", raw.spot);
  detail::require_non_negative("strike", raw.strike);
  detail::require_non_negative("years", raw.years);
  detail::require_non_negative("volatility", raw.volatility);
  BsmInputs in{.right = raw.right,
               .spot = Price::from_validated(raw.spot),
               .strike = Strike::from_dollars(raw.strike),
               .time = YearFraction::from_years(raw.years),
               .volatility = Volatility::from_fraction(raw.volatility),
               .rate = raw.rate,
               .dividend_yield = raw.dividend_yield};
  detail::validate(in);
  return in;
}

// BSM premium per share.
[[nodiscard]] inline Money bsm_price(const BsmInputs& in) {
  detail::validate(in);
  return Money::from_validated(
      detail::bsm_price(detail::sign(in.right), in.spot.dollars(), in.strike.dollars(),
                        in.time.years(), in.volatility.fraction(), in.rate, in.dividend_yield));
}

// Black-76 premium per share: e^(-rT)·(θ(F_T - K))^+ expected under a lognormal forward.
[[nodiscard]] inline Money black76_price(const Black76Inputs& in) {
  detail::validate(in);
  return Money::from_validated(detail::black_price(
      in.forward.dollars(), in.strike.dollars(), in.volatility.fraction() * in.time.sqrt_years(),
      std::exp(-in.rate * in.time.years()), detail::sign(in.right)));
}

}  // namespace ivcrush::inline v0
