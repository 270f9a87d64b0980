// ivcrush/detail/rational_cubic.hpp: shape-preserving rational cubic interpolation
// (Delbourgo & Gregory, "Shape preserving piecewise rational interpolation", SIAM J. Sci. Stat.
// Comput. 6, 1985), as used by the implied-volatility solver's initial guess. No stability
// promise.
//
//   const CubicEnds ends{.x_l = 0.0, .x_r = 1.0, .y_l = 0.0, .y_r = 1.0, .d_l = 0.5, .d_r = 2.0};
//   const double r = convex_control_fit_right(ends, 1.5);   // y''(1) = 1.5, shape kept
//   const double y = rational_cubic(0.5, ends, r);          // convex, increasing, in (0, 1)
//
// On [x_l, x_r] with values y_l, y_r and slopes d_l, d_r, and u = (x - x_l)/(x_r - x_l):
//   y(x) = [y_r·u³ + (r·y_r - h·d_r)·u²(1-u) + (r·y_l + h·d_l)·u(1-u)² + y_l·(1-u)³]
//          / [1 + (r - 3)·u(1-u)],
// which is the cubic Hermite interpolant for r = 3 and tends to the straight line as r → ∞.
// The control parameter r is chosen to match a second derivative at one end; it is then raised
// to the smallest value that keeps monotone and convex (or concave) data so, which is what
// makes the interpolant of a monotone convex function safe to invert. Units: those of x and y.
// Cost: a handful of flops and one division; no errors (r > -1 keeps the denominator positive).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace ivcrush::inline v0::detail {

struct CubicEnds {
  double x_l, x_r;  // the interval
  double y_l, y_r;  // values at its ends
  double d_l, d_r;  // slopes dy/dx at its ends
};

// Beyond this r the interpolant is the straight line to double precision.
inline constexpr double rational_cubic_linear_r = 1.0 / 1.4901161193847656e-08;  // 1/√ε
// Below -1 the denominator could vanish inside the interval.
inline constexpr double rational_cubic_min_r = -(1.0 - 1.4901161193847656e-08);

[[nodiscard]] inline double rational_cubic(double x, const CubicEnds& e, double r) noexcept {
  const double h = e.x_r - e.x_l;
  if (!(std::fabs(h) > 0.0)) return 0.5 * (e.y_l + e.y_r);
  const double u = (x - e.x_l) / h;
  if (!(r < rational_cubic_linear_r)) return e.y_r * u + e.y_l * (1.0 - u);
  const double v = 1.0 - u;
  const double u2 = u * u;
  const double v2 = v * v;
  const double numerator = e.y_r * u2 * u + (r * e.y_r - h * e.d_r) * u2 * v +
                           (r * e.y_l + h * e.d_l) * u * v2 + e.y_l * v2 * v;
  return numerator / (1.0 + (r - 3.0) * u * v);
}

// The smallest r that keeps the interpolant monotone, and convex or concave, when the data are.
[[nodiscard]] inline double minimum_shape_preserving_r(const CubicEnds& e) noexcept {
  const double h = e.x_r - e.x_l;
  const double slope = (e.y_r - e.y_l) / h;
  const bool monotone = e.d_l * slope >= 0.0 && e.d_r * slope >= 0.0;
  const bool convex = e.d_l <= slope && slope <= e.d_r;
  const bool concave = e.d_l >= slope && slope >= e.d_r;
  if (!monotone && !convex && !concave) return rational_cubic_min_r;
  double r_monotone = rational_cubic_min_r;
  double r_convex = rational_cubic_min_r;
  if (monotone) {
    r_monotone = slope != 0.0 ? (e.d_r + e.d_l) / slope : rational_cubic_linear_r;
  }
  if (convex || concave) {
    // The sign of y'' at each end (see convex_control_fit_left/right) is that of the data when
    // r >= (d_r - d_l)/(slope - d_l) and r >= (d_r - d_l)/(d_r - slope); Delbourgo and Gregory
    // show that the ends then decide the sign throughout.
    const double right_gap = e.d_r - slope;
    const double left_gap = slope - e.d_l;
    r_convex = (right_gap != 0.0 && left_gap != 0.0)
                   ? 1.0 + std::max(right_gap / left_gap, left_gap / right_gap)
                   : rational_cubic_linear_r;
  }
  return std::max({rational_cubic_min_r, r_monotone, r_convex});
}

// r such that y''(x_l) = second_l (from the expansion of the interpolant at u = 0:
// y''(x_l) = 2·[r·(Δy - h·d_l) + h·(d_l - d_r)]/h²), raised to keep the shape.
[[nodiscard]] inline double convex_control_fit_left(const CubicEnds& e, double second_l) noexcept {
  const double h = e.x_r - e.x_l;
  const double numerator = 0.5 * h * second_l + (e.d_r - e.d_l);
  const double denominator = (e.y_r - e.y_l) / h - e.d_l;
  double r = 0.0;
  if (numerator != 0.0) {
    r = denominator != 0.0 ? numerator / denominator
                           : (numerator > 0.0 ? rational_cubic_linear_r : rational_cubic_min_r);
  }
  return std::max(r, minimum_shape_preserving_r(e));
}

// r such that y''(x_r) = second_r (the mirror image of the left-side fit).
[[nodiscard]] inline double convex_control_fit_right(const CubicEnds& e, double second_r) noexcept {
  const double h = e.x_r - e.x_l;
  const double numerator = 0.5 * h * second_r + (e.d_r - e.d_l);
  const double denominator = e.d_r - (e.y_r - e.y_l) / h;
  double r = 0.0;
  if (numerator != 0.0) {
    r = denominator != 0.0 ? numerator / denominator
                           : (numerator > 0.0 ? rational_cubic_linear_r : rational_cubic_min_r);
  }
  return std::max(r, minimum_shape_preserving_r(e));
}

}  // namespace ivcrush::inline v0::detail
