// ivcrush/pricing/normal.hpp: the standard normal distribution, accurate in the tails.
//
//   normal_pdf(0.0)            == 0.3989422804014327
//   normal_cdf(-38.0)          == 2.885428351e-316 (not 0: a few ulps even there)
//   inverse_normal_cdf(0.975)  == 1.959963984540054
//
// normal_pdf and normal_cdf are accurate to a few ulps (relative) over the whole real line:
// exp(-x²/2) is evaluated from the exact square of x and the lower tail as
// ½·erfcx(-x/√2)·exp(-x²/2), which avoids the ~x² ulps that ½·erfc(-x/√2) loses for x << 0.
// The upper side 1 - Φ(x) is not representable near 1: use normal_cdf(-x) for an upper tail.
// inverse_normal_cdf is Boost.Math's erfc_inv under ivcrush's policy (detail::math_policy);
// it returns -inf at 0 and +inf at 1 and throws InvalidInput for p outside [0, 1] or NaN.
// Cost: a few libm calls (tens of ns); pdf and cdf are noexcept and never throw.
#pragma once

#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>

#include "ivcrush/core/error.hpp"
#include "ivcrush/detail/erfcx.hpp"
#include "ivcrush/detail/math_policy.hpp"

namespace ivcrush::inline v0 {

inline constexpr double one_over_sqrt_two_pi = 0.39894228040143267794;
inline constexpr double sqrt_two = 1.41421356237309504880;
inline constexpr double one_over_sqrt_two = 0.70710678118654752440;

// φ(x) = exp(-x²/2)/√(2π).
[[nodiscard]] inline double normal_pdf(double x) noexcept {
  return one_over_sqrt_two_pi * detail::exp_minus_half_square(x);
}

// Φ(x) = P(Z <= x), relatively accurate for every x (subnormal below about -37.5, 0 below -38.6).
[[nodiscard]] inline double normal_cdf(double x) noexcept {
  if (!(x < -1.0)) return 0.5 * std::erfc(-x * one_over_sqrt_two);  // also NaN and +inf
  return 0.5 * detail::erfcx(-x * one_over_sqrt_two) * detail::exp_minus_half_square(x);
}

namespace detail {

// Φ⁻¹(p) for p in [0, 1] (precondition, asserted by the public function's check).
[[nodiscard]] inline double inverse_normal_cdf(double p) {
  if (p <= 0.0) return -std::numeric_limits<double>::infinity();
  if (p >= 1.0) return std::numeric_limits<double>::infinity();
  return -sqrt_two * boost::math::erfc_inv(2.0 * p, math_policy());
}

// The textbook Φ(x) = ½·erfc(-x/√2): one libm call, relative error about x² ulps for x << 0.
// The greeks kernel uses it where Φ enters a sum whose terms it does not cancel.
[[nodiscard]] inline double fast_normal_cdf(double x) noexcept {
  return 0.5 * std::erfc(-x * one_over_sqrt_two);
}

}  // namespace detail

// Φ⁻¹(p): the x with Φ(x) = p. Throws InvalidInput naming the probability when p is outside
// [0, 1] or NaN.
[[nodiscard]] inline double inverse_normal_cdf(double p) {
  if (!(p >= 0.0 && p <= 1.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "probability", p, "must be in [0, 1]");
  }
  return detail::inverse_normal_cdf(p);
}

}  // namespace ivcrush::inline v0
