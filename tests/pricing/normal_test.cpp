// The standard normal distribution: known values (mpmath, 40 digits), tails, inverse.
#include "ivcrush/pricing/normal.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
constexpr double eps = std::numeric_limits<double>::epsilon();

struct NormalRow {
  double x;
  double cdf;
  double pdf;
};

// mpmath 1.3, 40 significant digits, rounded to 20.
constexpr NormalRow normal_rows[] = {
    {-38.0, 2.8854283600687843084e-316, 1.097221052007592958e-314},
    {-37.5, 4.6053530095819548438e-308, 1.7282337322841052208e-306},
    {-20.0, 2.7536241186062336951e-89, 5.5209483621597631896e-88},
    {-10.0, 7.619853024160526066e-24, 7.6945986267064193463e-23},
    {-5.0, 2.8665157187919391167e-7, 1.4867195147342977079e-6},
    {-1.5, 0.066807201268858066004, 0.12951759566589172761},
    {-1.0, 0.15865525393145705141, 0.2419707245191433498},
    {-0.5, 0.30853753872598689636, 0.35206532676429947777},
    {-1e-3, 0.49960105778608893742, 0.398942080930342345},
    {0.0, 0.5, 0.39894228040143267794},
    {0.3, 0.61791142218895263731, 0.38138781546052408561},
    {1.0, 0.84134474606854294859, 0.2419707245191433498},
    {3.0, 0.99865010196836990547, 0.0044318484119380071756},
    {8.0, 0.9999999999999993779, 5.052271083536892288e-15},
};

TEST_CASE("normal pdf and cdf match 40-digit values to a few ulps, tails included") {
  for (const auto& row : normal_rows) {
    CAPTURE(row.x);
    // Below the normal range (|x| > 37.5) results are subnormal: compare in absolute terms.
    const double tiny = 1e-322;
    CHECK_CLOSE(normal_pdf(row.x), row.pdf, tiny, 4 * eps);
    CHECK_CLOSE(normal_cdf(row.x), row.cdf, tiny, 4 * eps);
  }
  CHECK(normal_cdf(-38.0) > 0.0);
  CHECK(normal_cdf(-40.0) == 0.0);
  CHECK(normal_cdf(-std::numeric_limits<double>::infinity()) == 0.0);
  CHECK(normal_cdf(std::numeric_limits<double>::infinity()) == 1.0);
  CHECK(normal_pdf(std::numeric_limits<double>::infinity()) == 0.0);
  CHECK(std::isnan(normal_cdf(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("normal cdf: Φ(x) + Φ(-x) = 1 and the lower tail beats ½·erfc by orders of magnitude") {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(-8.0, 8.0);
  for (int i = 0; i < 1000; ++i) {
    const double x = u(rng);
    CAPTURE(x);
    CHECK_CLOSE(normal_cdf(x) + normal_cdf(-x), 1.0, 0.0, 4 * eps);
  }
  // At x = -20 the textbook form is off by about x² ulps; ours stays within 4.
  const double textbook = 0.5 * std::erfc(20.0 / std::sqrt(2.0));
  const double exact = 2.7536241186062336951e-89;
  CHECK(std::fabs(normal_cdf(-20.0) - exact) <= 4 * eps * exact);
  CHECK(std::fabs(textbook - exact) > 4 * eps * exact);
}

TEST_CASE("inverse normal cdf: known values, round trip, edges and bad input") {
  struct Row {
    double p;
    double x;
  };
  constexpr Row rows[] = {{1e-300, -37.047096299361199237},
                          {1e-20, -9.2623400897984075737},
                          {0.001, -3.0902323061678135415},
                          {0.3, -0.52440051270804078404},
                          {0.5, 0.0},
                          {0.975, 1.9599639845400542355}};
  for (const auto& row : rows) {
    CAPTURE(row.p);
    CHECK_CLOSE(inverse_normal_cdf(row.p), row.x, 0.0, 4 * eps);
  }
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-300.0, -0.31);
  for (int i = 0; i < 500; ++i) {
    const double p = std::pow(10.0, u(rng));
    CAPTURE(p);
    // Φ'(x)·|dx| relative to p: the round trip is limited by the conditioning x·φ(x)/Φ(x).
    const double x = inverse_normal_cdf(p);
    CHECK_CLOSE(normal_cdf(x), p, 0.0, 8 * eps * (1.0 + std::fabs(x) * std::fabs(x)));
  }
  CHECK(inverse_normal_cdf(0.0) == -std::numeric_limits<double>::infinity());
  CHECK(inverse_normal_cdf(1.0) == std::numeric_limits<double>::infinity());
  CHECK_THROWS_WITH_AS((void)inverse_normal_cdf(1.5), "probability = 1.5: must be in [0, 1]",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)inverse_normal_cdf(std::numeric_limits<double>::quiet_NaN()),
                       "probability = nan: must be in [0, 1]", InvalidInput);
}

}  // namespace
