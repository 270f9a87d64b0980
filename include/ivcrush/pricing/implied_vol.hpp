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
// the initial guess comes from rational cubic interpolation (detail/rational_cubic.hpp) of the
// asymptotic maps of the lower (s → 0) and upper (s → ∞) wings, or of s(β) itself, around the
// inflection point s_c = √(2|x|) (Let's Be Rational §§ 4-6; see solve_otm); then Householder
// steps of order 4 on an objective that is nearly linear there (1/ln b in the lower wing,
// ln(b_max - b) in the upper wing), or in the middle branch one step of order 6 on b itself
// (the inverse series of b, whose derivatives are polynomials in x/s and s), with b evaluated to
// a few ulps in every region (see black_scholes.hpp). The result is at the accuracy the price
// allows after at most 3 iterations (usually 1 or 2) over σ 0.5 % to 500 %, T one hour to ten years
// and K/F 0.3 to 3; a bracketing safeguard caps pathological cases at 20 iterations.
//
// Outcomes are values, not exceptions (IvStatus): ok; below_intrinsic (premium below the
// discounted forward intrinsic value); above_upper_bound (premium at or above e^(-qT)·S for a
// call, e^(-rT)·K for a put, or above intrinsic when T = 0); no_time_value (premium equal to
// intrinsic within the rounding band of the bound, see bound_bands); not_converged (never
// observed). A premium within the upper band below the bound is above_upper_bound.
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
#include "ivcrush/detail/fast_inverse_normal.hpp"
#include "ivcrush/detail/rational_cubic.hpp"
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

// Derivative ratios of b(s) for fixed x, from h = x/s and 1/s (no division of its own):
// b''/b' = x²/s³ - s/4 = h²/s - s/4 and b'''/b' = (b''/b')² - 3x²/s⁴ - 1/4.
struct CurvatureRatios {
  double second;
  double third;
};

[[nodiscard]] inline CurvatureRatios curvature(double h, double s, double inv_s) noexcept {
  const double q2 = h * h * inv_s - 0.25 * s;
  const double hs = h * inv_s;
  const double q3 = q2 * q2 - 3.0 * hs * hs - 0.25;
  return {q2, q3};
}

[[nodiscard]] inline CurvatureRatios curvature(double x, double s) noexcept {
  const double inv_s = 1.0 / s;
  return curvature(x * inv_s, s, inv_s);
}

// Householder step of order 4 from the Newton step ν and the ratios h2 = f''/f', h3 = f'''/f'.
[[nodiscard]] inline double householder_step(double nu, double h2, double h3) noexcept {
  return nu * (1.0 + 0.5 * h2 * nu) / (1.0 + nu * (h2 + h3 * nu / 6.0));
}

// The step Δ with b(s + Δ) = β to sixth order, from the Newton step ν = (β - b)/b' and the
// inverse series of b: with r_k = b^(k)/b' (k = 2..5) and a_k = r_k/k!,
//   Δ = ν - a2·ν² + (2a2² - a3)·ν³ + (-5a2³ + 5a2·a3 - a4)·ν⁴
//         + (14a2⁴ - 21a2²·a3 + 6a2·a4 + 3a3² - a5)·ν⁵ + O(ν⁶)
// (Lagrange reversion). b'' = b'·q2 with q2 = h²/s - s/4 = x²/s³ - s/4 makes every r_k a complete
// Bell polynomial of q2 and its s-derivatives y2 = -3h²/s² - 1/4, y3 = 12h²/s³, y4 = -60h²/s⁴:
// r3 = q2² + y2, r4 = q2³ + 3q2·y2 + y3, r5 = q2⁴ + 6q2²·y2 + 4q2·y3 + 3y2² + y4. Only
// multiplications and additions: no more latency than the order-4 step's division, but two more
// orders, so one step is enough from a guess within 1e-3 (see solve_otm).
[[nodiscard]] inline double sixth_order_step(double nu, double h, double s, double inv_s) noexcept {
  const double hs2 = h * inv_s * (h * inv_s);  // h²/s²
  const double y1 = h * h * inv_s - 0.25 * s;
  const double y2 = -3.0 * hs2 - 0.25;
  const double y3 = 12.0 * hs2 * inv_s;
  const double y4 = -60.0 * hs2 * inv_s * inv_s;
  const double y1y1 = y1 * y1;
  const double a2 = 0.5 * y1;
  const double a3 = (y1y1 + y2) * (1.0 / 6.0);
  const double a4 = (y1y1 * y1 + 3.0 * y1 * y2 + y3) * (1.0 / 24.0);
  const double a5 =
      (y1y1 * y1y1 + 6.0 * y1y1 * y2 + 4.0 * y1 * y3 + 3.0 * y2 * y2 + y4) * (1.0 / 120.0);
  const double a2a2 = a2 * a2;
  const double c3 = 2.0 * a2a2 - a3;
  const double c4 = -5.0 * a2a2 * a2 + 5.0 * a2 * a3 - a4;
  const double c5 = 14.0 * a2a2 * a2a2 - 21.0 * a2a2 * a3 + 6.0 * a2 * a4 + 3.0 * a3 * a3 - a5;
  const double nn = nu * nu;
  return nu * ((1.0 - a2 * nu) + nn * ((c3 + c4 * nu) + nn * c5));
}

// A map f(s) of the lower or upper wing and its first two derivatives with respect to the
// normalised price β = b(x, s), at one point s: the data of a rational cubic end.
struct MapEnd {
  double f;
  double df;   // df/dβ = f'(s)/b'(s)
  double d2f;  // d²f/dβ² = (f''(s) - f'(s)·b''(s)/b'(s))/b'(s)²
};

inline constexpr double sqrt_three = 1.7320508075688772935;
inline constexpr double lower_map_scale = 1.2091995761561452337;  // 2π/(3√3)

// Lower map f(s) = (2π|x|/(3√3))·Φ(x/(√3 s))³, which matches b(x, s) to leading order as s → 0
// (so df/dβ → 1 at β = 0), at s = 1/inv_s with vega b'(s) and ratio b''/b' = q2.
[[nodiscard]] inline MapEnd lower_map(double x, double inv_s, double vega, double q2) noexcept {
  constexpr double one_over_sqrt_three = 0.57735026918962576451;
  const double c = lower_map_scale * -x;
  const double z = x * inv_s * one_over_sqrt_three;
  // Φ(z) and φ(z) share e^{-z²/2} (z < 0 here; normal_cdf's own split at -1 is kept).
  const double e = exp_minus_half_square(z);
  const double p = z < -1.0 ? 0.5 * erfcx(-z * one_over_sqrt_two) * e : normal_cdf(z);
  const double phi = one_over_sqrt_two_pi * e;
  const double g = -z * inv_s;  // dz/ds
  const double f1 = 3.0 * c * p * p * phi * g;
  const double f2 = 3.0 * c * p * phi * g * ((2.0 * phi - z * p) * g - 2.0 * p * inv_s);
  const double inv_vega = 1.0 / vega;  // one division on the chain instead of two
  return {c * p * p * p, f1 * inv_vega, (f2 - f1 * q2) * inv_vega * inv_vega};
}

// s from a value of the lower map: its exact inverse.
[[nodiscard]] inline double inverse_lower_map(double x, double f) noexcept {
  if (!(f > 0.0)) return 0.0;
  // Φ(z)³; the reciprocal depends on x alone, so its division is off the guess's serial chain.
  const double q = f * (1.0 / (lower_map_scale * -x));
  // In the tail, Φ⁻¹ works from ln Φ(z) = ln(q)/3: no cube root (a slow libm call).
  constexpr double tail_cubed = acklam::tail * acklam::tail * acklam::tail;
  constexpr double one_third = 1.0 / 3.0;
  const double z = q < tail_cubed ? fast_inverse_normal_cdf_lower_tail(std::log(q) * one_third)
                                  : fast_inverse_normal_cdf(std::cbrt(q));
  return x / (sqrt_three * z);
}

// Upper map f(s) = Φ(-s/2), with b_max - b ≈ 2·f as s → ∞ (so df/dβ → -1/2 at β = b_max).
// φ(s/2)/b'(s) = e^{h²/2}, h = x/s, gives the derivatives without cancellation.
[[nodiscard]] inline MapEnd upper_map(double x, double s, double vega) noexcept {
  const double h = x / s;
  const double e = std::exp(0.5 * h * h);
  return {normal_cdf(-0.5 * s), -0.5 * e, x * x / (2.0 * s * s * s) * e / vega};
}

// Solves b(x, s) = beta for s > 0, with x < 0 and 0 < beta < e^{x/2} (out-of-the-money call).
//
// Initial guess (Jäckel, "Let's Be Rational", §§ 4-6, our own derivation and code): the
// inflection point s_c = √(2|x|) and the tangent there give s_l < s_c < s_u; β is located
// against b(s_c) and one of b(s_l), b(s_u), which picks one of four branches:
//   lower  (β < b_l):         rational cubic of the lower map f(β) on [0, b_l], inverted;
//   middle (b_l <= β <= b_u): rational cubic of s(β) itself on [b_l, b_c] or [b_c, b_u];
//   upper  (β > b_u):         rational cubic of the upper map f(β) on [b_u, b_max], inverted.
// Each interpolant has the exact values and slopes at its ends and the exact second derivative
// at the end away from b_c (at b_c, s''(β) = 0: the inflection); the control parameter keeps it
// monotone and convex, so it can be inverted. Then Householder steps of order 4.
[[nodiscard]] inline NormalisedIv solve_otm(double beta, double x, double b_max) noexcept {
  // Stop after a step below stop_tolerance·s: the error left is then below an ulp. Order 4
  // leaves about 0.4·(step/s)⁴ (measured; up to 8e-15 at 3e-4, hence 1e-4); the middle branch's
  // order-6 step, used within series_radius, leaves at most 53 units of the price's own
  // conditioning ε·b/(s·b') at 3e-3 on a dense grid, so 0.07 at 1e-3 (scaled by (1/3)⁶).
  constexpr double stop_tolerance = 1e-4;
  constexpr double series_stop_tolerance = 1e-3;
  constexpr double series_radius = 0.05;
  const double sc = std::sqrt(-2.0 * x);
  // At s_c, d1 = 0: b'(s_c) = e^{x/2}/√(2π) and b_c = b'·(Y(0) - Y(-s_c)), one Mills ratio
  // (the small-t expansion below t = 0.21, where that difference would cancel).
  const double vc = one_over_sqrt_two_pi * b_max;
  // There h = x/s_c = -s_c/2 = -t, taken exactly so that neither a division nor the vega's
  // exponential is needed.
  const SmallTSeries series = small_t_series(x);  // shared by every evaluation of b below
  const auto series_of_x = [&series]() noexcept -> const SmallTSeries& { return series; };
  const double bc =
      vc * (0.5 * sc < small_t_threshold ? small_t_bracket(-0.5 * sc, 0.5 * sc, series)
                                         : sqrt_pi_over_two - mills_ratio(-sc));
  enum class Branch { lower, middle, upper } branch;
  double s = 0.0;
  if (beta <= bc) {
    const double sl = sc - bc / vc;
    const OtmBlack at_sl = otm_black_with<WingOutput::value_and_vega>(x, sl, b_max, series_of_x);
    const double bl = at_sl.value;
    if (beta < bl) {
      branch = Branch::lower;
      const double inv_sl = 1.0 / sl;
      const MapEnd m = lower_map(x, inv_sl, at_sl.vega, curvature(x * inv_sl, sl, inv_sl).second);
      const CubicEnds ends{0.0, bl, 0.0, m.f, 1.0, m.df};
      const double f = rational_cubic(beta, ends, convex_control_fit_right(ends, m.d2f));
      s = inverse_lower_map(x, f);
      if (!(s > 0.0 && s < sl)) s = 0.5 * sl;
    } else {
      branch = Branch::middle;
      const CubicEnds ends{bl, bc, sl, sc, 1.0 / at_sl.vega, 1.0 / vc};
      s = rational_cubic(beta, ends, convex_control_fit_right(ends, 0.0));
    }
  } else {
    // Above s_c one rational cubic of the upper map on [b_c, b_max], anchored at s_c where its
    // slope and curvature in β are exact (b''(s_c) = 0), is as accurate as the two-piece
    // interpolation through b(s_u) for |x| <= 1 (relative error 1e-9 at |x| = 1e-4, 2e-3 at
    // |x| = 1, 7e-2 at |x| = 30), and saves that evaluation of b. s_u only picks the objective.
    const double su = sc + (b_max - bc) / vc;
    const MapEnd m = upper_map(x, sc, vc);
    const CubicEnds ends{bc, b_max, m.f, 0.0, m.df, -0.5};
    const double f = rational_cubic(beta, ends, convex_control_fit_left(ends, m.d2f));
    s = f > 0.0 ? -2.0 * fast_inverse_normal_cdf(f) : su;
    if (!(s > sc)) s = sc;
    branch = s > su ? Branch::upper : Branch::middle;
  }
  // Householder iterations on the branch's objective, with a bracket as safeguard.
  double lo = 0.0;
  double hi = std::numeric_limits<double>::infinity();
  const double log_beta = branch == Branch::lower ? std::log(beta) : 0.0;
  const double upper_target = branch == Branch::upper ? std::log(b_max - beta) : 0.0;
  const double inv_log_beta = branch == Branch::lower ? 1.0 / log_beta : 0.0;
  for (int it = 1; it <= max_iv_iterations; ++it) {
    // The iteration is a serial chain, so divisions are rationed: 1/s here and h = x/s inside
    // the evaluation run in parallel, then (middle and upper) one for the Newton step, and one
    // in the step itself.
    const double inv_s = 1.0 / s;
    const CurvatureRatios q = curvature(x * inv_s, s, inv_s);
    double step = 0.0;
    if (branch == Branch::lower) {
      // g(s) = 1/ln b - 1/ln β, nearly linear in s in the lower wing. With l1 = (ln b)' = b'/b:
      // g''/g' = l2/l1 - 2·l1/ln b and g'''/g' = l3/l1 - 6·l2/ln b + 6·l1²/ln² b, where
      // l2/l1 = q2 - l1 and l3/l1 = q3 - 3·l1·q2 + 2·l1² (q2, q3 the curvature ratios of b).
      const OtmBlack ob = otm_black_with<WingOutput::logarithmic>(x, s, b_max, series_of_x);
      const double lb = ob.log_value();
      const bool below = lb < log_beta;  // data-dependent: selects, not branches
      lo = below ? std::max(lo, s) : lo;
      hi = below ? hi : std::min(hi, s);
      const double l1 = ob.vega_over_value();
      const double value_over_vega = ob.bracket > 0.0 ? ob.bracket : ob.value / ob.vega;
      const double l2 = l1 * (q.second - l1);
      const double l3_over_l1 = q.third - 3.0 * l1 * q.second + 2.0 * l1 * l1;
      // The Newton step -g/g' = ln b·(1 - ln b/ln β)/l1.
      const double nu = lb * (1.0 - lb * inv_log_beta) * value_over_vega;
      // householder_step(ν, h2, h3) with its numerator and denominator multiplied by ln² b, so
      // that 1/ln b is never formed: one division on the chain after the logarithm, not two.
      // Here lb_h2 = h2·ln b and lb2_h3 = h3·ln² b.
      const double lb2 = lb * lb;
      const double lb_h2 = (q.second - l1) * lb - 2.0 * l1;
      const double lb2_h3 = l3_over_l1 * lb2 - 6.0 * l2 * lb + 6.0 * l1 * l1;
      step = nu * (lb2 + 0.5 * lb_h2 * lb * nu) / (lb2 + nu * (lb_h2 * lb + lb2_h3 * nu / 6.0));
    } else if (branch == Branch::middle) {
      const OtmBlack ob = otm_black_with<WingOutput::value_and_vega>(x, s, b_max, series_of_x);
      const bool below = ob.value < beta;  // data-dependent: selects, not branches
      lo = below ? std::max(lo, s) : lo;
      hi = below ? hi : std::min(hi, s);
      const double nu = -(ob.value - beta) / ob.vega;
      if (std::fabs(nu) <= series_radius * s) {
        step = sixth_order_step(nu, x * inv_s, s, inv_s);
        if (std::fabs(step) <= series_stop_tolerance * s) return {s + step, IvStatus::ok, it};
      } else {
        step = householder_step(nu, q.second, q.third);
      }
    } else {
      // f(s) = ln(b_max - b) - ln(b_max - β), with b_max - b summed from positive terms.
      const OtmBlackComplement c = otm_black_complement(x, s);
      const bool below = c.value > b_max - beta;  // data-dependent: selects, not branches
      lo = below ? std::max(lo, s) : lo;
      hi = below ? hi : std::min(hi, s);
      const double mu = -c.vega / c.value;
      const double f = std::log(c.value) - upper_target;
      const double h2 = q.second - mu;
      const double h3 = q.third - 3.0 * mu * q.second + 2.0 * mu * mu;
      step = householder_step(-f / mu, h2, h3);
    }
    double next = s + step;
    if (std::fabs(step) <= stop_tolerance * s) {
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

// Rounding of the normalisation, as first-order bounds in units of ε: the computed
// β̂ = β·(1 + e) with |e| <= beta·ε, and |x̂ - x| <= x·ε, where β and x are the exact values for
// the caller's quotes. Counted: half an ulp for each input (a decimal quote - premium, spot,
// forward, strike, rate, time - read into the nearest double), half an ulp for each +, ×, / and
// √, one ulp for libm's exp and log and two for sinh (glibc's documented maxima).
struct NormalisationRounding {
  double beta = 0.0;
  double x = 0.0;
};

// How far the computed time value β̂ - Î may be from the exact one, and how far the computed
// distance to the upper bound e^(-|x|/2) may be from the exact one (normalised units, see
// docs/pricing.md "Bands at the bounds"). Î = 2·sinh(|x̂|/2) moves by cosh(x/2)·|x̂ - x|, and
// cosh(x/2) = Î/2 + e^(-|x|/2); out of the money Î = 0 exactly unless x̂ is within its own error
// of 0. So near the money the band is ε·(S + K)/2 in dollars, not ε·premium.
struct BoundBands {
  double intrinsic;
  double upper;
};

[[nodiscard]] inline BoundBands bound_bands(double beta, double x, double intrinsic,
                                            double time_value, double b_max,
                                            NormalisationRounding rounding) noexcept {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  const double dx = eps * rounding.x;
  const double moved =
      intrinsic > 0.0 ? (0.5 * intrinsic + b_max) * dx : (std::fabs(x) <= dx ? dx : 0.0);
  const double band =
      eps * (rounding.beta * beta + 2.0 * intrinsic + 0.5 * std::fabs(time_value)) + moved;
  return {band, band + b_max * (0.5 * dx + eps)};
}

// Solves b(x, s, θ) = beta for s, reducing to the out-of-the-money call. beta must be finite.
// A time value within the intrinsic band is no_time_value (σ may be 0: the premium cannot tell),
// within the upper band of e^(-|x|/2) above_upper_bound (σ may be infinite). Outside both the
// sign of each distance is certain, and near intrinsic vega·σ >= time value > band (b is convex
// in s below its inflection point and starts at intrinsic), so σ moves the premium by more than
// its rounding: the premium determines σ.
[[nodiscard]] inline NormalisedIv implied_normalised_volatility(
    double beta, double x, double theta, NormalisationRounding rounding) noexcept {
  const double intrinsic = normalised_intrinsic(x, theta);
  const double time_value = beta - intrinsic;
  const double xo = -std::fabs(x);
  const double b_max = std::exp(0.5 * xo);
  const BoundBands bands = bound_bands(beta, x, intrinsic, time_value, b_max, rounding);
  if (std::fabs(time_value) <= bands.intrinsic) return {0.0, IvStatus::no_time_value, 0};
  if (time_value < 0.0) return {0.0, IvStatus::below_intrinsic, 0};
  if (time_value >= b_max - bands.upper) return {0.0, IvStatus::above_upper_bound, 0};
  if (xo == 0.0) {
    // At the money b = erf(s/(2√2)), inverted in closed form.
    const double s = 2.0 * sqrt_two * boost::math::erf_inv(time_value, math_policy());
    return {s, IvStatus::ok, 0};
  }
  return solve_otm(time_value, xo, b_max);
}

struct BlackIv {
  double sigma;
  IvStatus status;
  int iterations;
};

// σ from a normalised price β = price/(discount·√(F·K)) at x = ln(F/K), after `years`, with the
// normalisation's rounding bounds.
[[nodiscard]] inline BlackIv implied_from_normalised(double beta, double x, double years,
                                                     double theta,
                                                     NormalisationRounding rounding) noexcept {
  if (!(years > 0.0)) {
    // The bounds collapse onto intrinsic: the intrinsic band decides.
    const double intrinsic = normalised_intrinsic(x, theta);
    const double tv = beta - intrinsic;
    const BoundBands bands =
        bound_bands(beta, x, intrinsic, tv, std::exp(-0.5 * std::fabs(x)), rounding);
    if (std::fabs(tv) <= bands.intrinsic) return {0.0, IvStatus::no_time_value, 0};
    return {0.0, tv < 0.0 ? IvStatus::below_intrinsic : IvStatus::above_upper_bound, 0};
  }
  const NormalisedIv r = implied_normalised_volatility(beta, x, theta, rounding);
  return {r.s / std::sqrt(years), r.status, r.iterations};
}

// σ from a Black-76 price (raw, validated numbers: forward > 0, strike > 0, years >= 0,
// discount = e^(-rT) > 0 with |r| <= 1, price finite).
[[nodiscard]] inline BlackIv implied_black_volatility(double price, double forward, double strike,
                                                      double years, double discount,
                                                      double theta) noexcept {
  const double x = std::log(forward / strike);
  const double beta = price / (discount * std::sqrt(forward) * std::sqrt(strike));
  // β: two √, two ×, one / (2.5), the quotes of price, F and K (1) and the caller's e^(-rT)
  // (1 + 1.5·|rT|, with |rT| <= |1/d - d|/2 = |sinh(rT)|). x: F/K and the quotes of F and K
  // (1.5), the log (|x|).
  const double rate_years = 0.5 * std::fabs(1.0 / discount - discount);
  const NormalisationRounding rounding{.beta = 4.5 + 1.5 * rate_years, .x = 1.5 + std::fabs(x)};
  return implied_from_normalised(beta, x, years, theta, rounding);
}

// σ from a BSM price (raw, validated numbers), normalised exactly as detail::bsm_price does so
// that a price it produced inverts without the forward's rounding in between.
[[nodiscard]] inline BlackIv implied_bsm_volatility(double price, double theta, double spot,
                                                    double strike, double years, double rate,
                                                    double dividend_yield) noexcept {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  if (spot <= 0.0) {
    // Both bounds are the put's K·e^(-rT) (the call's 0): one band, that product's rounding.
    const double intrinsic = theta < 0.0 ? strike * std::exp(-rate * years) : 0.0;
    const double tv = price - intrinsic;
    const double band = eps * (2.5 + 1.5 * std::fabs(rate) * years) * intrinsic;  // as below
    if (std::fabs(tv) <= band || tv == 0.0) {
      return {0.0, IvStatus::no_time_value, 0};
    }
    return {0.0, tv < 0.0 ? IvStatus::below_intrinsic : IvStatus::above_upper_bound, 0};
  }
  const double carry = (rate - dividend_yield) * years;
  const double half_sum = 0.5 * (rate + dividend_yield) * years;
  const double x = std::log(spot / strike) + carry;
  const double scale = std::sqrt(spot) * std::sqrt(strike) * std::exp(-half_sum);
  // β: two √, two ×, one / (2.5), the quotes of premium, S and K (1), e^(-(r+q)T/2) (1 ulp, and
  // its argument's rounding and quotes, 1.5·(|r| + |q|)·T). x: S/K and the quotes of S and K
  // (1.5), the log (|ln(S/K)| <= |x| + |carry|), the sum (|x|/2) and the carry's arithmetic and
  // quotes (2.5·|carry| + (|r| + |q|)·T/2), all within 1.5·|x| + 3·(|r| + |q|)·T.
  const double rates_years = (std::fabs(rate) + std::fabs(dividend_yield)) * years;
  const NormalisationRounding rounding{.beta = 4.5 + 1.5 * rates_years,
                                       .x = 1.5 + 1.5 * std::fabs(x) + 3.0 * rates_years};
  return implied_from_normalised(price / scale, x, years, theta, rounding);
}

[[nodiscard]] inline IvResult to_result(const BlackIv& r) {
  IvResult out;
  out.status = r.status;
  out.iterations = r.iterations;
  if (r.status == IvStatus::ok) out.volatility = Volatility::from_validated(r.sigma);
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
