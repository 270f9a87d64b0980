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
// Also here: a(z) = 1 - √π·z·erfcx(z) (1 + hY(h) of the Black small-t series) directly, by
// piecewise polynomials fitted by scripts/fit/mills_derivative.py on [0, 4] (about 2 ulps, where
// the difference of its two terms lost up to 92) and Cody's tail form above 4.
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

[[nodiscard]] constexpr double estrin(double x, const double (&c)[15]) noexcept {
  const double x2 = x * x;
  const double x4 = x2 * x2;
  const double x8 = x4 * x4;
  const double low = ((c[13] * x + c[14]) + x2 * (c[11] * x + c[12])) +
                     x4 * ((c[9] * x + c[10]) + x2 * (c[7] * x + c[8]));
  const double high =
      ((c[5] * x + c[6]) + x2 * (c[3] * x + c[4])) + x4 * ((c[1] * x + c[2]) + x2 * c[0]);
  return low + x8 * high;
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

// a(z) = 1 - √π·z·erfcx(z) on [0, 4] by pieces: polynomials of degree 14 in u = z - centre on
// eight pieces of width 1/2, fitted by scripts/fit/mills_derivative.py (Chebyshev interpolation
// in 50-digit arithmetic, coefficients rounded to double; max relative error 7.7e-17 on every
// piece, so about an ulp once evaluated). Fitting a itself avoids the cancellation of
// 1 - √π·z·erfcx(z) (its terms are up to 30 times larger than a), which amplified erfcx's own
// error, and costs neither an exponential nor a division.
namespace mills_fit {
inline constexpr double mid_fit[][15] = {
    {0.0002496760433322011, -0.0006804817215006443, 0.0017295576693121743, -0.004357050504363274,
     0.010515190413539282, -0.02418482878945855, 0.052759778481378646, -0.10846333771893574,
     0.20838558319192568, -0.3700440738410442, 0.5980564733300581, -0.85969944228563,
     1.0582783554237696, -1.0360791681897723, 0.6586490737356062},
    {1.939317477574083e-05, -5.783866976947223e-05, 0.0001622689742567312, -0.00045048175283374687,
     0.001202521738349073, -0.0030730043342185446, 0.007485611875390478, -0.017282398739912684,
     0.03754121603493236, -0.075980835607593, 0.1413410623389369, -0.23676630861410283,
     0.3451926421038515, -0.4093626296660414, 0.3261073071766913},
    {1.8652644415428213e-06, -6.0799856701841764e-06, 1.878359814454165e-05, -5.73691804936278e-05,
     0.0001690788570893851, -0.00047904221379867337, 0.0012997759277698848, -0.003360361991789103,
     0.008224611707203882, -0.018893169992205715, 0.04024191467621118, -0.07802825466023044,
     0.13351436075828438, -0.18929022195880188, 0.18506356910339336},
    {2.17514188680582e-07, -7.734564292376357e-07, 2.623693043011267e-06, -8.795014247927334e-06,
     2.854300977674494e-05, -8.939096617293911e-05, 0.00026923414192707944, -0.0007763722793610473,
     0.002131139553461569, -0.005525826173078922, 0.013386345386016052, -0.0297925358865383,
     0.059182221430105805, -0.09883846088832852, 0.11607476399234036},
    {3.0149928670704595e-08, -1.1668031232121913e-07, 4.331635775697805e-07,
     -1.5890098722133373e-06, 5.660304475728322e-06, -1.952378221601947e-05, 6.500700409515131e-05,
     -0.00020810910507816136, 0.0006372393155337793, -0.0018532888529484007, 0.0050680148881060245,
     -0.012829004504482284, 0.029250967433472923, -0.056705455654691685, 0.0784191213282646},
    {4.877530333893111e-09, -2.0487631175329212e-08, 8.294486826425466e-08, -3.3187746527573436e-07,
     1.2928988718688112e-06, -4.891759544340533e-06, 1.79251456198083e-05, -6.338405602846059e-05,
     0.0002152558945855168, -0.000697541062557081, 0.002136671338155958, -0.006095759069056468,
     0.015777510087162907, -0.035021194228855135, 0.056042897108257266},
    {9.057656102933572e-10, -4.117185638897884e-09, 1.8111305475463026e-08, -7.876189123429636e-08,
     3.342747717794181e-07, -1.3814609568197463e-06, 5.5450089768800586e-06,
     -2.1544757828554825e-05, 8.067543651281856e-05, -0.00028937298950139703, 0.000985407104514774,
     -0.003140804450741069, 0.009133821505453518, -0.022930751045890357, 0.04182938120229859},
    {1.9022002475192316e-10, -9.328003282621214e-10, 4.442050738148495e-09, -2.091949074896334e-08,
     9.634581268406646e-08, -4.330532782311074e-07, 1.8951108008159886e-06, -8.049248955612338e-06,
     3.304448594251582e-05, -0.00013036216597084918, 0.0004899929835151447, -0.0017307032824871054,
     0.005602592457267701, -0.01573718442565636, 0.03230851702673952},
};
}  // namespace mills_fit

// 1 - √π·z·erfcx(z) for 0 <= z <= 4 (see mills_fit).
[[nodiscard]] inline double one_minus_sqrt_pi_z_erfcx_mid(double z) noexcept {
  // Clamped before the conversion, so that NaN (which stays NaN) never reaches it.
  const double k = 2.0 * z;
  const int piece = k < 7.0 ? (k > 0.0 ? static_cast<int>(k) : 0) : 7;
  const double u = z - (0.25 + 0.5 * piece);
  return estrin(u, mills_fit::mid_fit[piece]);
}

// erfcx from libm's erfc (below 1 ulp) and an exactly rounded exp(z²) for |z| < 4, where that
// is about 1.5 ulps against the rational function's 2.6: for the places where a difference of
// two Mills ratios amplifies the error of each (cost: erfc and exp, about twice erfcx's).
[[nodiscard]] inline double erfcx_accurate(double z) noexcept {
  if (z >= 4.0 || z < -4.0) return erfcx(z);
  return std::erfc(z) * exp_square(z);
}

}  // namespace ivcrush::inline v0::detail
