// The solver's building blocks: Cody's rational erfcx against long double erfc·exp, Acklam's
// inverse normal against Boost's, and the rational cubic interpolant's defining properties.
#include "ivcrush/detail/erfcx.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "ivcrush/detail/fast_inverse_normal.hpp"
#include "ivcrush/detail/rational_cubic.hpp"
#include "ivcrush/pricing/normal.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
constexpr double eps = std::numeric_limits<double>::epsilon();

// exp(z²)·erfc(z) in long double (64-bit mantissa): z² split exactly so that exp sees no
// rounded argument; glibc's erfcl and expl are accurate to a few long double ulps, 2^11 times
// finer than the double ulps checked here.
long double erfcx_reference(double z) {
  const detail::ExactSquare sq = detail::exact_square(z);
  return std::erfc(static_cast<long double>(z)) * std::exp(static_cast<long double>(sq.hi)) *
         (1.0L + static_cast<long double>(sq.lo));
}

double relative_error_in_eps(double got, long double expected) {
  return static_cast<double>(std::fabs((static_cast<long double>(got) - expected) / expected)) /
         eps;
}

TEST_CASE("erfcx: within 4 ulps of long double erfc·exp from -26 to 100, every region") {
  struct Range {
    double lo, hi;
  };
  // The regions of the implementation: 2·exp(z²) - erfcx(-z) below -0.46875, Cody's erf form
  // with exp(z²) on [-0.46875, 0.46875], his rational functions on [0.46875, 4] and above.
  constexpr Range ranges[] = {{-26.0, -5.0},  {-5.0, -0.46875}, {-0.46875, 0.46875},
                              {0.46875, 4.0}, {4.0, 10.0},      {10.0, 100.0}};
  for (const Range& r : ranges) {
    double worst = 0.0;
    double worst_z = 0.0;
    constexpr int n = 20000;
    for (int i = 0; i <= n; ++i) {
      const double z = r.lo + (r.hi - r.lo) * i / n;
      const double err = relative_error_in_eps(detail::erfcx(z), erfcx_reference(z));
      if (err > worst) {
        worst = err;
        worst_z = z;
      }
    }
    CAPTURE(r.lo);
    CAPTURE(r.hi);
    CAPTURE(worst_z);
    CHECK(worst <= 4.0);
  }
}

TEST_CASE("erfcx: known values, limits and the asymptote") {
  // mpmath 1.3, 40 digits: erfc(z)·exp(z²).
  CHECK_CLOSE(detail::erfcx(0.0), 1.0, 0.0, eps);
  CHECK_CLOSE(detail::erfcx(1.0), 0.4275835761558070044108, 0.0, 2 * eps);
  CHECK_CLOSE(detail::erfcx(0.3), 0.7345993345676551523665, 0.0, 2 * eps);
  CHECK_CLOSE(detail::erfcx(-0.3), 1.453749232842765556091, 0.0, 2 * eps);
  CHECK_CLOSE(detail::erfcx(2.0), 0.2553956763105057438651, 0.0, 4 * eps);
  CHECK_CLOSE(detail::erfcx(5.0), 0.1107046377330686263702, 0.0, 2 * eps);
  CHECK_CLOSE(detail::erfcx(-2.0), 108.9409043899779724124, 0.0, 4 * eps);
  CHECK_CLOSE(detail::erfcx(30.0), 0.01879588886141675149713, 0.0, 2 * eps);
  // Beyond 6.71e7 the asymptote 1/(z√π) is exact in double precision.
  CHECK(detail::erfcx(1e8) == detail::one_over_sqrt_pi / 1e8);
  CHECK(detail::erfcx(std::numeric_limits<double>::infinity()) == 0.0);
  CHECK(detail::erfcx(-27.0) == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(detail::erfcx(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("1 - sqrt(pi) z erfcx(z) by pieces: within 3 ulps of long double on [0, 4]") {
  // The piecewise fit of a = 1 + hY(h) (h = -√2·z) that the small-t Black series uses. The long
  // double reference cancels too (a is down to 1/30 of its terms), which costs it at most
  // 30 long double ulps: below 0.02 double ulps. Measured worst: 2.04 ulps at z = 3.69 (the
  // former 1 + h·Y(h) with erfc·exp reached 92 ulps on (1, 4]).
  constexpr long double sqrt_pi = 1.772453850905516027298167483341145183L;
  double worst = 0.0;
  double worst_z = 0.0;
  constexpr int n = 80000;
  for (int i = 0; i <= n; ++i) {
    const double z = 4.0 * i / n;
    const long double expected = 1.0L - sqrt_pi * z * erfcx_reference(z);
    const double err = relative_error_in_eps(detail::one_minus_sqrt_pi_z_erfcx_mid(z), expected);
    if (err > worst) {
      worst = err;
      worst_z = z;
    }
  }
  CAPTURE(worst_z);
  CHECK(worst <= 3.0);
  // mpmath 1.3, 40 digits: 1 - √π·z·exp(z²)·erfc(z).
  CHECK_CLOSE(detail::one_minus_sqrt_pi_z_erfcx_mid(0.25), 0.6586490737356062278408, 0.0, 3 * eps);
  CHECK_CLOSE(detail::one_minus_sqrt_pi_z_erfcx_mid(1.0), 0.2421278438586878939566, 0.0, 3 * eps);
  CHECK_CLOSE(detail::one_minus_sqrt_pi_z_erfcx_mid(2.5), 0.06588862056108970941356, 0.0, 3 * eps);
  CHECK_CLOSE(detail::one_minus_sqrt_pi_z_erfcx_mid(3.9), 0.03006839509228616349768, 0.0, 3 * eps);
  // It meets Cody's tail form at z = 4 within rounding.
  CHECK_CLOSE(detail::one_minus_sqrt_pi_z_erfcx_mid(4.0),
              detail::one_minus_sqrt_pi_z_erfcx_tail(4.0), 0.0, 4 * eps);
  CHECK(
      std::isnan(detail::one_minus_sqrt_pi_z_erfcx_mid(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("fast inverse normal: within 1.2e-9 relative of Boost's, body and both tails") {
  double worst = 0.0;
  for (double lp = -690.0; lp < std::log(0.5); lp += 0.173) {
    const double p = std::exp(lp);
    const double exact = inverse_normal_cdf(p);
    const double got = detail::fast_inverse_normal_cdf(p);
    worst = std::fmax(worst, std::fabs(got / exact - 1.0));
    // Upper tail by symmetry (p close to 1 is computed from 1 - p with log1p).
    if (p > 1e-12) {
      const double upper = detail::fast_inverse_normal_cdf(1.0 - p);
      worst = std::fmax(worst, std::fabs(upper / inverse_normal_cdf(1.0 - p) - 1.0));
    }
    // The tail form from ln p, as the lower-map inversion uses it.
    if (p < detail::acklam::tail) {
      worst =
          std::fmax(worst, std::fabs(detail::fast_inverse_normal_cdf_lower_tail(lp) / exact - 1.0));
    }
  }
  MESSAGE("worst relative error ", worst);
  CHECK(worst < 1.2e-9);
  CHECK(detail::fast_inverse_normal_cdf(0.5) == 0.0);
}

TEST_CASE("rational cubic: hits its ends and slopes, fits a second derivative, keeps shape") {
  const detail::CubicEnds e{1.0, 3.0, 2.0, 5.0, 0.5, 4.0};  // convex increasing data
  for (const double r : {-0.5, 3.0, 10.0}) {
    CAPTURE(r);
    CHECK_CLOSE(detail::rational_cubic(1.0, e, r), 2.0, 1e-15, 0.0);
    CHECK_CLOSE(detail::rational_cubic(3.0, e, r), 5.0, 1e-15, 0.0);
    const double d = 1e-6;
    CHECK_CLOSE((detail::rational_cubic(1.0 + d, e, r) - detail::rational_cubic(1.0, e, r)) / d,
                0.5, 1e-4, 0.0);
    CHECK_CLOSE((detail::rational_cubic(3.0, e, r) - detail::rational_cubic(3.0 - d, e, r)) / d,
                4.0, 1e-4, 0.0);
  }
  // r = 3 is the cubic Hermite interpolant: at the midpoint (y_l + y_r)/2 + h·(d_l - d_r)/8.
  CHECK_CLOSE(detail::rational_cubic(2.0, e, 3.0), 3.5 + 2.0 * (0.5 - 4.0) / 8.0, 1e-15, 0.0);
  // Fitting a second derivative at either end (one the convex shape admits: r must stay above
  // minimum_shape_preserving_r, 3.5 here): compare with a central second difference.
  const auto second = [&](double x, double r) {
    const double d = 1e-4;
    return (detail::rational_cubic(x + d, e, r) - 2.0 * detail::rational_cubic(x, e, r) +
            detail::rational_cubic(x - d, e, r)) /
           (d * d);
  };
  const double r_left = detail::convex_control_fit_left(e, 2.0);
  const double r_right = detail::convex_control_fit_right(e, 8.0);
  CHECK_CLOSE(second(1.0 + 1e-4, r_left), 2.0, 0.05, 0.0);
  CHECK_CLOSE(second(3.0 - 1e-4, r_right), 8.0, 0.05, 0.0);
  // A second derivative that would break convexity is overridden: the interpolant stays convex
  // and monotone over the whole interval.
  const double r_bad = detail::convex_control_fit_left(e, -50.0);
  CHECK(r_bad >= detail::minimum_shape_preserving_r(e));
  double previous = detail::rational_cubic(1.0, e, r_bad);
  double previous_slope = 0.0;
  for (int i = 1; i <= 200; ++i) {
    const double x = 1.0 + 2.0 * i / 200.0;
    const double y = detail::rational_cubic(x, e, r_bad);
    const double slope = y - previous;
    CHECK(slope >= 0.0);
    if (i > 1) CHECK(slope >= previous_slope - 1e-12);
    previous = y;
    previous_slope = slope;
  }
}

}  // namespace
