// ivcrush/detail/erfcx.hpp: the scaled complementary error function and exact squares, the
// building blocks of accurate normal tails. No stability promise.
//
// erfcx(z) = exp(z²)·erfc(z) is of order 1/(z√π) for large z, so products like
// Φ(-x) = ½·erfcx(x/√2)·exp(-x²/2) keep full relative accuracy deep in the tail, where the
// textbook ½·erfc(x/√2) loses about x² ulps (the rounding of x/√2 is amplified by the slope of
// erfc). exp(-x²/2) is evaluated from the exact square of x (Dekker's product, no FMA needed).
#pragma once

#include <cmath>

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

// erfcx(z) = exp(z²)·erfc(z), to a few ulps for z >= -26 (overflows to +inf below about -26.6).
// Below z = 10: libm's erfc (relatively accurate down to its underflow near z = 26.5) times an
// exactly rounded exp(z²). From z = 10: the asymptotic series
// erfcx(z) = 1/(z√π)·Σ (-1)^k (2k-1)!!/(2z²)^k, truncated where the terms fall below 2^-56.
[[nodiscard]] inline double erfcx(double z) noexcept {
  if (z < 10.0) return std::erfc(z) * exp_square(z);
  const double w = 1.0 / (2.0 * z * z);
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k < 20; ++k) {
    term *= -static_cast<double>(2 * k - 1) * w;
    sum += term;
    if (std::fabs(term) < 1.4e-17) break;
  }
  return one_over_sqrt_pi / z * sum;
}

}  // namespace ivcrush::inline v0::detail
