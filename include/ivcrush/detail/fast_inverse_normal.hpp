// ivcrush/detail/fast_inverse_normal.hpp: a cheap inverse normal cdf, accurate to about 1e-9
// relative, for initial guesses. No stability promise.
//
//   fast_inverse_normal_cdf(0.025) == -1.95996398...   (exact: -1.959963984540054)
//
// Why: the implied-volatility solver needs Φ⁻¹ once per solve, for a starting point that the
// Householder iterations then polish to machine precision. Boost's erfc_inv is accurate to an ulp
// but costs more than the rest of the initial guess; this is P. J. Acklam's rational
// approximation (2003; relative error below 1.15e-9 over (0, 1), checked against Boost in
// tests/pricing/erfcx_test.cpp): one rational function of p - ½ in the body, of √(-2 ln p) in
// the tails. Use pricing/normal.hpp's inverse_normal_cdf wherever the result itself matters.
// Precondition: 0 < p < 1 (p = 0 gives -inf, p = 1 +inf, NaN stays NaN). Cost: one division,
// plus a log and a square root in the tails (p < 0.02425 or p > 0.97575).
#pragma once

#include <cmath>
#include <cstddef>

namespace ivcrush::inline v0::detail {

namespace acklam {
// Body: Φ⁻¹(p) = q·A(q²)/B(q²), q = p - ½; tails: Φ⁻¹(p) = C(r)/D(r), r = √(-2 ln p).
inline constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
inline constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01, 1.0};
inline constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
inline constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00, 1.0};
inline constexpr double tail = 0.02425;
}  // namespace acklam

template <std::size_t N>
[[nodiscard]] constexpr double acklam_poly(double x, const double (&k)[N]) noexcept {
  double r = k[0];
  for (std::size_t i = 1; i < N; ++i) r = r * x + k[i];
  return r;
}

// Φ⁻¹(p) in the lower tail, p < 0.02425, from ln p (so that p itself may be a power of
// something: Φ⁻¹(q^{1/3}) needs ln q / 3, not a cube root).
[[nodiscard]] inline double fast_inverse_normal_cdf_lower_tail(double log_p) noexcept {
  const double r = std::sqrt(-2.0 * log_p);
  return acklam_poly(r, acklam::c) / acklam_poly(r, acklam::d);
}

[[nodiscard]] inline double fast_inverse_normal_cdf(double p) noexcept {
  if (p < acklam::tail) return fast_inverse_normal_cdf_lower_tail(std::log(p));
  if (p > 1.0 - acklam::tail) {
    const double r = std::sqrt(-2.0 * std::log1p(-p));
    return -acklam_poly(r, acklam::c) / acklam_poly(r, acklam::d);
  }
  const double q = p - 0.5;
  const double qq = q * q;
  return q * acklam_poly(qq, acklam::a) / acklam_poly(qq, acklam::b);
}

}  // namespace ivcrush::inline v0::detail
