// ivcrush/pricing/implied_vol.hpp: implied volatility of European options, as a result value.
//
//   auto r = implied_volatility({.right = OptionRight::call, .premium = Money::dollars(1.4425),
//                                .spot = Price::dollars(100.0), .strike =
//                                Strike::from_dollars(105.0), .time = YearFraction::from_years(60.0
//                                / 365.0), .rate = 0.01});
//   if (r.status == IvStatus::ok) use(r.volatility->fraction());
//
// Method (docs/adr/0002): Jäckel's normalised coordinates x = ln(F/K), s = σ√T; prices of
// calls and puts are reduced to the out-of-the-money side by put-call parity on the forward;
// the initial guess comes from the asymptotic maps of the lower (s → 0) and upper (s → ∞)
// wings and Hermite interpolation around the inflection point s_c = √(2|x|); then Householder
// steps of order 4 on an objective that is nearly linear there (1/ln b in the lower wing,
// b itself in the middle, ln(b_max - b) in the upper wing), with b evaluated to a few ulps in
// every region (see black_scholes.hpp). The result is at the accuracy the price allows after
// at most 3 iterations (usually 1 or 2) over σ 0.5 % to 500 %, T one hour to ten years and
// K/F 0.3 to 3; a bracketing safeguard caps pathological cases at 20 iterations.
//
// Outcomes are values, not exceptions (IvStatus): ok; below_intrinsic (premium below the
// discounted forward intrinsic value); above_upper_bound (premium at or above e^(-qT)·S for a
// call, e^(-rT)·K for a put, or above intrinsic when T = 0); no_time_value (premium equal to
// intrinsic within 8 ulps, so σ is 0 or undetermined); not_converged (never observed).
// Bad inputs (zero strike, rates out of [-1, 1], time over 100 years) throw InvalidInput as
// in black_scholes.hpp. The batch form over std::span allocates nothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "ivcrush/config.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/normal.hpp"

namespace ivcrush::inline v0 {

enum class IvStatus { ok, below_intrinsic, above_upper_bound, no_time_value, not_converged };

[[nodiscard]] constexpr std::string_view to_string(IvStatus status) noexcept {
  switch (status) {
    case IvStatus::ok: return "ok";
    case IvStatus::below_intrinsic: return "below_intrinsic";
    case IvStatus::above_upper_bound: return "above_upper_bound";
    case IvStatus::no_time_value: return "no_time_value";
    case IvStatus::not_converged: return "not_converged";
  }
  return "unknown";
}

struct IvResult {
  std::optional<Volatility> volatility;  // set exactly when status == ok
  IvStatus status = IvStatus::not_converged;
  int iterations = 0;  // Householder steps taken
};

// A premium observed on a spot model (Black-Scholes-Merton with dividend yield).
struct BsmIvInputs {
  OptionRight right = OptionRight::call;
  Money premium;
  Price spot;
  Strike strike;
  YearFraction time;
  double rate = 0.0;            // continuously compounded, annual fraction
  double dividend_yield = 0.0;  // continuously compounded, annual fraction
};

// A premium observed on a forward (Black-76), discounted at `rate`.
struct Black76IvInputs {
  OptionRight right = OptionRight::call;
  Money premium;
  Price forward;
  Strike strike;
  YearFraction time;
  double rate = 0.0;
};

// For a chain: the market shared by every quote, and one quote per option.
struct IvMarket {
  Price spot;
  YearFraction time;
  double rate = 0.0;
  double dividend_yield = 0.0;
};

struct IvQuote {
  OptionRight right = OptionRight::call;
  Strike strike;
  Money premium;
};

namespace detail {

struct NormalisedIv {
  double s;  // σ√T, valid when status == ok
  IvStatus status;
  int iterations;
};

inline constexpr int max_iv_iterations = 20;

// Derivative ratios of b(s) for fixed x: b''/b' = x²/s³ - s/4, b'''/b' = (b''/b')² - 3x²/s⁴ - 1/4.
struct CurvatureRatios {
  double second;
  double third;
};

[[nodiscard]] inline CurvatureRatios curvature(double x, double s) noexcept {
  const double xs = x / s;
  const double q2 = xs * xs / s - 0.25 * s;
  const double q3 = q2 * q2 - 3.0 * xs * xs / (s * s) - 0.25;
  return {q2, q3};
}

// Householder step of order 4 from the Newton step ν and the ratios h2 = f''/f', h3 = f'''/f'.
[[nodiscard]] inline double householder_step(double nu, double h2, double h3) noexcept {
  return nu * (1.0 + 0.5 * h2 * nu) / (1.0 + nu * (h2 + h3 * nu / 6.0));
}

// Normalised vega ∂b/∂s at (x, s) for x <= 0.
[[nodiscard]] inline double normalised_vega(double x, double s) noexcept {
  const double h = x / s;
  const double t = 0.5 * s;
  return one_over_sqrt_two_pi * std::exp(-0.5 * (h * h + t * t));
}

// b_max - b(x, s) for x <= 0: e^{x/2}Φ(-d1) + e^{-x/2}Φ(d2), a sum of positive terms.
[[nodiscard]] inline double otm_black_complement(double x, double s) noexcept {
  const double h = x / s;
  const double t = 0.5 * s;
  return std::exp(0.5 * x) * normal_cdf(-(h + t)) + std::exp(-0.5 * x) * normal_cdf(h - t);
}

// Cubic Hermite interpolation of s(β) between (b0, s0, slope0) and (b1, s1, slope1).
[[nodiscard]] inline double hermite(double beta, double b0, double b1, double s0, double s1,
                                    double slope0, double slope1) noexcept {
  const double db = b1 - b0;
  const double u = (beta - b0) / db;
  const double u2 = u * u;
  const double u3 = u2 * u;
  return (2 * u3 - 3 * u2 + 1) * s0 + (u3 - 2 * u2 + u) * db * slope0 + (-2 * u3 + 3 * u2) * s1 +
         (u3 - u2) * db * slope1;
}

// Solves b(x, s) = beta for s > 0, with x < 0 and 0 < beta < e^{x/2} (out-of-the-money call).
[[nodiscard]] inline NormalisedIv solve_otm(double beta, double x) noexcept {
  constexpr double stop_tolerance = 1e-4;
  constexpr double sqrt3 = 1.7320508075688772935;
  constexpr double two_pi = 6.2831853071795864769;
  const double b_max = std::exp(0.5 * x);
  const double sc = std::sqrt(-2.0 * x);
  const OtmBlack at_sc = otm_black(x, sc, b_max);
  const double bc = at_sc.value;
  const double vc = one_over_sqrt_two_pi * b_max;  // b'(s_c): d1 = 0 there
  enum class Branch { lower, middle, upper } branch;
  double s = 0.0;
  if (beta <= bc) {
    const double sl = sc - bc / vc;
    const OtmBlack at_sl = otm_black(x, sl, b_max);
    const double bl = at_sl.value;
    if (beta < bl) {
      branch = Branch::lower;
      // Lower map f(s) = (2π|x|/(3√3))·Φ(x/(√3 s))³ matches b(x, s) to leading order as s → 0.
      const double fl = two_pi * -x / (3.0 * sqrt3);
      const double p_sl = normal_cdf(x / (sqrt3 * sl));
      // Scale the target so that the map is exact at s_l; the correction fades as β → 0
      // (geometrically in ln β), where the map becomes exact.
      const double ratio = bl / (fl * p_sl * p_sl * p_sl);
      const double weight = std::log(beta) / std::log(bl);  // >= 1, grows as β → 0
      const double corrected = beta / std::pow(ratio, 1.0 / (weight * weight));
      const double z = inverse_normal_cdf(std::cbrt(corrected / fl));
      s = x / (sqrt3 * z);
      if (!(s > 0.0 && s < sl)) s = sl * 0.5;
    } else {
      branch = Branch::middle;
      s = hermite(beta, bl, bc, sl, sc, 1.0 / at_sl.vega, 1.0 / vc);
    }
  } else {
    const double su = sc + (b_max - bc) / vc;
    const OtmBlack at_su = otm_black(x, su, b_max);
    const double bu = at_su.value;
    if (beta <= bu) {
      branch = Branch::middle;
      s = hermite(beta, bc, bu, sc, su, 1.0 / vc, 1.0 / at_su.vega);
    } else {
      branch = Branch::upper;
      // Upper map: b_max - b ≈ (e^{x/2} + e^{-x/2})·Φ(-s/2) as s → ∞.
      const double q = (b_max - beta) / (b_max + 1.0 / b_max);
      s = -2.0 * inverse_normal_cdf(q);
      if (!(s > su)) s = su;
    }
  }
  // Householder iterations on the branch's objective, with a bracket as safeguard.
  double lo = 0.0;
  double hi = std::numeric_limits<double>::infinity();
  const double log_beta = branch == Branch::lower ? std::log(beta) : 0.0;
  const double upper_target = branch == Branch::upper ? std::log(b_max - beta) : 0.0;
  for (int it = 1; it <= max_iv_iterations; ++it) {
    const CurvatureRatios q = curvature(x, s);
    double step = 0.0;
    if (branch == Branch::lower) {
      // g(s) = 1/ln b - 1/ln β, nearly linear in s in the lower wing.
      const OtmBlack ob = otm_black(x, s, b_max);
      const double lb = ob.log_value();
      if (lb < log_beta)
        lo = std::max(lo, s);
      else
        hi = std::min(hi, s);
      const double l1 = ob.vega_over_value();  // (ln b)'
      const double l2 = l1 * q.second - l1 * l1;
      const double l3 = l1 * q.third - 3.0 * l1 * l1 * q.second + 2.0 * l1 * l1 * l1;
      const double g = 1.0 / lb - 1.0 / log_beta;
      const double g1 = -l1 / (lb * lb);
      const double h2 = l2 / l1 - 2.0 * l1 / lb;
      const double h3 = l3 / l1 - 6.0 * l2 / lb + 6.0 * l1 * l1 / (lb * lb);
      step = householder_step(-g / g1, h2, h3);
    } else if (branch == Branch::middle) {
      const OtmBlack ob = otm_black(x, s, b_max);
      if (ob.value < beta)
        lo = std::max(lo, s);
      else
        hi = std::min(hi, s);
      step = householder_step(-(ob.value - beta) / ob.vega, q.second, q.third);
    } else {
      // f(s) = ln(b_max - b) - ln(b_max - β), with b_max - b summed from positive terms.
      const double u = otm_black_complement(x, s);
      const double v = normalised_vega(x, s);
      if (u > b_max - beta)
        lo = std::max(lo, s);
      else
        hi = std::min(hi, s);
      const double mu = -v / u;
      const double f = std::log(u) - upper_target;
      const double h2 = q.second - mu;
      const double h3 = q.third - 3.0 * mu * q.second + 2.0 * mu * mu;
      step = householder_step(-f / mu, h2, h3);
    }
    double next = s + step;
    if (std::fabs(step) <= stop_tolerance * s) {
      // Order-4 convergence: after a step below 1e-4·s the error is below ulps.
      return {next, IvStatus::ok, it};
    }
    if (!(next > lo && next < hi)) {  // outside the bracket (or NaN): bisect instead
      next = hi < std::numeric_limits<double>::infinity() ? 0.5 * (lo + hi) : 2.0 * s;
      if (!(next > 0.0)) next = 0.5 * s;
    }
    s = next;
  }
  return {s, IvStatus::not_converged, max_iv_iterations};
}

// Solves b(x, s, θ) = beta for s, reducing to the out-of-the-money call. beta must be finite.
[[nodiscard]] inline NormalisedIv implied_normalised_volatility(double beta, double x,
                                                                double theta) noexcept {
  const double intrinsic = normalised_intrinsic(x, theta);
  const double time_value = beta - intrinsic;
  const double tolerance = 8.0 * std::numeric_limits<double>::epsilon() * std::max(beta, intrinsic);
  if (std::fabs(time_value) <= tolerance || time_value == 0.0) {
    return {0.0, IvStatus::no_time_value, 0};
  }
  if (time_value < 0.0) return {0.0, IvStatus::below_intrinsic, 0};
  const double xo = -std::fabs(x);
  if (time_value >= std::exp(0.5 * xo)) return {0.0, IvStatus::above_upper_bound, 0};
  if (xo == 0.0) {
    // At the money b = erf(s/(2√2)), inverted in closed form.
    const double s = 2.0 * sqrt_two * boost::math::erf_inv(time_value, math_policy());
    return {s, IvStatus::ok, 0};
  }
  return solve_otm(time_value, xo);
}

struct BlackIv {
  double sigma;
  IvStatus status;
  int iterations;
};

// σ from a normalised price β = price/(discount·√(F·K)) at x = ln(F/K), after `years`.
[[nodiscard]] inline BlackIv implied_from_normalised(double beta, double x, double years,
                                                     double theta) noexcept {
  if (!(years > 0.0)) {
    const double intrinsic = normalised_intrinsic(x, theta);
    const double tv = beta - intrinsic;
    if (std::fabs(tv) <= 8.0 * std::numeric_limits<double>::epsilon() * std::max(beta, intrinsic)) {
      return {0.0, IvStatus::no_time_value, 0};
    }
    return {0.0, tv < 0.0 ? IvStatus::below_intrinsic : IvStatus::above_upper_bound, 0};
  }
  const NormalisedIv r = implied_normalised_volatility(beta, x, theta);
  return {r.s / std::sqrt(years), r.status, r.iterations};
}

// σ from a Black-76 price (raw, validated numbers: forward > 0, strike > 0, years >= 0,
// discount > 0, price finite).
[[nodiscard]] inline BlackIv implied_black_volatility(double price, double forward, double strike,
                                                      double years, double discount,
                                                      double theta) noexcept {
  const double beta = price / (discount * std::sqrt(forward) * std::sqrt(strike));
  return implied_from_normalised(beta, std::log(forward / strike), years, theta);
}

// σ from a BSM price (raw, validated numbers), normalised exactly as detail::bsm_price does so
// that a price it produced inverts without the forward's rounding in between.
[[nodiscard]] inline BlackIv implied_bsm_volatility(double price, double theta, double spot,
                                                    double strike, double years, double rate,
                                                    double dividend_yield) noexcept {
  if (spot <= 0.0) {
    const double intrinsic = theta < 0.0 ? strike * std::exp(-rate * years) : 0.0;
    const double tv = price - intrinsic;
    if (std::fabs(tv) <=
        8.0 * std::numeric_limits<double>::epsilon() * std::max(price, intrinsic)) {
      return {0.0, IvStatus::no_time_value, 0};
    }
    return {0.0, tv < 0.0 ? IvStatus::below_intrinsic : IvStatus::above_upper_bound, 0};
  }
  const double x = std::log(spot / strike) + (rate - dividend_yield) * years;
  const double scale =
      std::sqrt(spot) * std::sqrt(strike) * std::exp(-0.5 * (rate + dividend_yield) * years);
  return implied_from_normalised(price / scale, x, years, theta);
}

[[nodiscard]] inline IvResult to_result(const BlackIv& r) {
  IvResult out;
  out.status = r.status;
  out.iterations = r.iterations;
  if (r.status == IvStatus::ok) out.volatility = Volatility::from_fraction(r.sigma);
  return out;
}

inline void validate(const BsmIvInputs& in) {
  require_strike(in.strike);
  require_pricing_time(in.time);
  require_rate("rate", in.rate);
  require_rate("dividend yield", in.dividend_yield);
}

}  // namespace detail

// σ implied by a BSM premium. Throws InvalidInput only for bad inputs (see the synopsis).
[[nodiscard]] inline IvResult implied_volatility(const BsmIvInputs& in) {
  detail::validate(in);
  return detail::to_result(detail::implied_bsm_volatility(
      in.premium.dollars(), detail::sign(in.right), in.spot.dollars(), in.strike.dollars(),
      in.time.years(), in.rate, in.dividend_yield));
}

// σ implied by a Black-76 premium.
[[nodiscard]] inline IvResult implied_volatility(const Black76IvInputs& in) {
  detail::require_strike(in.strike);
  detail::require_pricing_time(in.time);
  detail::require_rate("rate", in.rate);
  if (in.forward.dollars() <= 0.0) {
    detail::throw_invalid(ErrorCode::out_of_range, "forward", in.forward.dollars(),
                          "must be positive");
  }
  return detail::to_result(detail::implied_black_volatility(
      in.premium.dollars(), in.forward.dollars(), in.strike.dollars(), in.time.years(),
      std::exp(-in.rate * in.time.years()), detail::sign(in.right)));
}

// A whole chain: out[i] is the result for quotes[i]. Allocates nothing; validates the market
// once and every strike. out.size() must equal quotes.size() (asserted).
inline void implied_volatilities(const IvMarket& market, std::span<const IvQuote> quotes,
                                 std::span<IvResult> out) {
  IVCRUSH_ASSERT(out.size() == quotes.size(), "one result per quote");
  detail::require_pricing_time(market.time);
  detail::require_rate("rate", market.rate);
  detail::require_rate("dividend yield", market.dividend_yield);
  for (const IvQuote& q : quotes) detail::require_strike(q.strike);
  const std::size_t n = std::min(out.size(), quotes.size());
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = detail::to_result(detail::implied_bsm_volatility(
        quotes[i].premium.dollars(), detail::sign(quotes[i].right), market.spot.dollars(),
        quotes[i].strike.dollars(), market.time.years(), market.rate, market.dividend_yield));
  }
}

}  // namespace ivcrush::inline v0
