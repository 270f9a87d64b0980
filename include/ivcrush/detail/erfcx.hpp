// ivcrush/detail/erfcx.hpp: the scaled complementary error function and exact squares, the
// building blocks of accurate normal tails. No stability promise.
//
//   erfcx(0.0) == 1.0;   erfcx(1.0) == 0.42758357615580700442;   erfcx(30.0) ==
//   0.018795888861416751
//
// erfcx(z) = exp(z²)·erfc(z) is of order 1/(z√π) for large z, so products like
// Φ(-x) = ½·erfcx(x/√2)·exp(-x²/2) keep full relative accuracy deep in the tail, where the
// textbook ½·erfc(x/√2) loses about x² ulps (the rounding of x/√2 is amplified by the slope of
// erfc). exp(-x²/2) is evaluated from the exact square of x (Dekker's product, no FMA needed).
//
// Method: W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for
// the error function", Math. Comp. 23, 1969, pp. 631-638; the coefficients of his 1990 CALERF
// release). For z >= 0.46875 erfcx is one rational function and no exponential at all, which
// is why the normalised Black function and the implied-volatility solver use it: about half the
// cost of libm's erfc followed by exp(z²). Units: none. Cost: one division and 8-16 multiply-adds
// (plus one exp for |z| < 0.46875 or z < 0). Accuracy: a few ulps for z >= -26 (pinned in
// tests/pricing/erfcx_test.cpp against long double erfc·exp); +inf below about -26.6.
// Errors: none (noexcept); NaN in, NaN out.
#pragma once

#include <cmath>
#include <cstddef>

namespace ivcrush::inline v0::detail {

// x² = hi + lo exactly (Dekker/Veltkamp), for |x| < 2^500.
struct ExactSquare {
  double hi;
  double lo;
};

[[nodiscard]] constexpr ExactSquare exact_square(double x) noexcept {
  constexpr double splitter = 134217729.0;  // 2^27 + 1
  const double c = splitter * x;
  const double xh = c - (c - x);
  const double xl = x - xh;
  const double hi = x * x;
  const double lo = ((xh * xh - hi) + 2.0 * xh * xl) + xl * xl;
  return {hi, lo};
}

// exp(-x²/2) to a few ulps for every x (the naive form loses about x²/2 ulps).
[[nodiscard]] inline double exp_minus_half_square(double x) noexcept {
  if (std::fabs(x) > 1e150) return 0.0;  // underflowed anyway; NaN falls through and stays NaN
  const ExactSquare sq = exact_square(x);
  return std::exp(-0.5 * sq.hi) * (1.0 - 0.5 * sq.lo);
}

// exp(+z²) to a few ulps (overflows to +inf beyond |z| ≈ 26.6).
[[nodiscard]] inline double exp_square(double z) noexcept {
  const ExactSquare sq = exact_square(z);
  return std::exp(sq.hi) * (1.0 + sq.lo);
}

inline constexpr double one_over_sqrt_pi = 0.56418958354775628695;

// Polynomials with the coefficients in descending order (c[0] multiplies the highest power),
// by Estrin's scheme: the same operations as Horner's rule, but a dependency chain of depth
// about log2(N) instead of N, which is what bounds the latency of the implied-volatility solver
// (a serial chain of these evaluations). Written out for the degrees used here.
[[nodiscard]] constexpr double estrin(double x, const double (&c)[5]) noexcept {
  const double x2 = x * x;
  return (c[3] * x + c[4]) + x2 * ((c[1] * x + c[2]) + x2 * c[0]);
}

[[nodiscard]] constexpr double estrin(double x, const double (&c)[6]) noexcept {
  const double x2 = x * x;
  const double x4 = x2 * x2;
  return (c[4] * x + c[5]) + x2 * (c[2] * x + c[3]) + x4 * (c[0] * x + c[1]);
}

[[nodiscard]] constexpr double estrin(double x, const double (&c)[9]) noexcept {
  const double x2 = x * x;
  const double x4 = x2 * x2;
  return ((c[7] * x + c[8]) + x2 * (c[5] * x + c[6])) +
         x4 * (((c[3] * x + c[4]) + x2 * (c[1] * x + c[2])) + x4 * c[0]);
}

// Cody's coefficients, rewritten in descending powers for estrin().
namespace cody {

// erf(y) = y·P(y²)/Q(y²) for |y| <= 0.46875.
inline constexpr double erf_p[] = {1.85777706184603153e-1, 3.16112374387056560e00,
                                   1.13864154151050156e02, 3.77485237685302021e02,
                                   3.20937758913846947e03};
inline constexpr double erf_q[] = {1.0, 2.36012909523441209e01, 2.44024637934444173e02,
                                   1.28261652607737228e03, 2.84423683343917062e03};

// erfcx(y) = P(y)/Q(y) for 0.46875 <= y <= 4.
inline constexpr double mid_p[] = {
    2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594e00,
    6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
    1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03};
inline constexpr double mid_q[] = {1.0,
                                   1.57449261107098347e01,
                                   1.17693950891312499e02,
                                   5.37181101862009858e02,
                                   1.62138957456669019e03,
                                   3.29079923573345963e03,
                                   4.36261909014324716e03,
                                   3.43936767414372164e03,
                                   1.23033935480374942e03};

// erfcx(y) = (1/√π - u·P(u)/Q(u))/y with u = 1/y², for y > 4.
inline constexpr double tail_p[] = {1.63153871373020978e-2, 3.05326634961232344e-1,
                                    3.60344899949804439e-1, 1.25781726111229246e-1,
                                    1.60837851487422766e-2, 6.58749161529837803e-4};
inline constexpr double tail_q[] = {1.0,
                                    2.56852019228982242e00,
                                    1.87295284992346047e00,
                                    5.27905102951428412e-1,
                                    6.05183413124413191e-2,
                                    2.33520497626869185e-3};

}  // namespace cody

// erfcx(z) for z >= 0.46875: one rational function, no exponential.
[[nodiscard]] inline double erfcx_rational(double z) noexcept {
  if (z <= 4.0) return estrin(z, cody::mid_p) / estrin(z, cody::mid_q);
  if (z >= 6.71e7) return one_over_sqrt_pi / z;  // 1 - 1/(2z²) rounds to 1 (also +inf -> 0)
  const double r = 1.0 / z;                      // one division on the critical path instead of two
  const double u = r * r;
  return (one_over_sqrt_pi - u * estrin(u, cody::tail_p) / estrin(u, cody::tail_q)) * r;
}

// erfcx(z) = exp(z²)·erfc(z), to a few ulps for z >= -26 (overflows to +inf below about -26.6).
[[nodiscard]] inline double erfcx(double z) noexcept {
  if (z >= 0.46875) return erfcx_rational(z);
  if (z >= -0.46875) {
    // exp(z²)·(1 - erf(z)); z² <= 0.22, so its rounding costs exp less than a quarter ulp.
    const double zz = z * z;
    return std::exp(zz) * (1.0 - z * estrin(zz, cody::erf_p) / estrin(zz, cody::erf_q));
  }
  // erfc(z) = 2 - erfc(-z) for z < 0; the two terms differ by a factor above 3, no cancellation.
  return 2.0 * exp_square(z) - erfcx_rational(-z);
}

// 1 - √π·z·erfcx(z) for z > 4, without the cancellation of the difference: Cody's tail form
// erfcx(z) = (1/√π - u·P(u)/Q(u))/z, u = 1/z², makes it √π·u·P(u)/Q(u). This is 1 + hY(h) for
// h = -√2·z, the Mills-ratio derivative the small-t expansion of the Black function needs.
[[nodiscard]] inline double one_minus_sqrt_pi_z_erfcx_tail(double z) noexcept {
  constexpr double sqrt_pi = 1.77245385090551602730;
  const double u = 1.0 / (z * z);
  return sqrt_pi * u * estrin(u, cody::tail_p) / estrin(u, cody::tail_q);
}

// erfcx from libm's erfc (below 1 ulp) and an exactly rounded exp(z²) for |z| < 4, where that
// is about 1.5 ulps against the rational function's 2.6: for the places where a difference of
// two Mills ratios amplifies the error of each (cost: erfc and exp, about twice erfcx's).
[[nodiscard]] inline double erfcx_accurate(double z) noexcept {
  if (z >= 4.0 || z < -4.0) return erfcx(z);
  return std::erfc(z) * exp_square(z);
}

}  // namespace ivcrush::inline v0::detail
