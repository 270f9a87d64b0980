// Lognormal probabilities and partial expectations: OptionLab's POP rows, numerical
// integration, a seeded Monte Carlo, limits and bad inputs.
#include "ivcrush/pricing/lognormal.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

LognormalModel model(double spot, double years, double sigma, double drift) {
  return {.spot = Price::dollars(spot),
          .time = YearFraction::from_years(years),
          .volatility = Volatility::from_fraction(sigma),
          .drift = drift};
}

// ∫ over ln S_T in (ln a, ln b) of g(y)·density(y), composite Simpson with n intervals.
template <class G>
double simpson(const LognormalModel& m, double a, double b, G g, int n = 20000) {
  const double v = m.volatility.fraction() * m.time.sqrt_years();
  const double mean =
      std::log(m.spot.dollars()) + (m.drift - 0.5 * m.volatility.variance()) * m.time.years();
  const double lo = std::fmax(std::log(a), mean - 12 * v);  // the mass beyond 12 sd is 4e-33
  const double hi = std::fmin(std::log(b), mean + 12 * v);
  if (!(hi > lo)) return 0.0;
  const double h = (hi - lo) / n;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double y = lo + i * h;
    const double w = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
    sum += w * g(y) * normal_pdf((y - mean) / v) / v;
  }
  return sum * h / 3.0;
}

TEST_CASE("OptionLab POP rows (nvidia fixture: 24 business days on a 252-day year)") {
  const auto m = model(168.99, 24.0 / 252.0, 0.483, risk_neutral_drift(0.045, 0.0));
  CHECK_CLOSE(probability_above(m, Price::dollars(164.9)), 0.5472008423945267, 0.0, 1e-13);
}

TEST_CASE("probabilities and partial expectations match Simpson integration") {
  const double inf = std::numeric_limits<double>::infinity();
  const auto one = [](double) { return 1.0; };
  const auto level = [](double y) { return std::exp(y); };
  for (const auto& m : {model(100.0, 0.5, 0.3, 0.05), model(50.0, 2.0 / 365.0, 1.2, 0.0),
                        model(182.5, 3.0, 0.2, -0.02)}) {
    CAPTURE(m.spot.dollars());
    CAPTURE(m.time.years());
    for (const auto& interval : {std::pair{80.0, 120.0}, std::pair{45.0, 48.0},
                                 std::pair{150.0, 200.0}, std::pair{1.0, 1000.0}}) {
      const double a = interval.first;  // not structured bindings: clang 14 cannot capture them
      const double b = interval.second;
      CAPTURE(a);
      CAPTURE(b);
      const Price pa = Price::dollars(a);
      const Price pb = Price::dollars(b);
      CHECK_CLOSE(probability_between(m, pa, pb), simpson(m, a, b, one), 1e-13, 1e-10);
      CHECK_CLOSE(expected_value_between(m, pa, pb), simpson(m, a, b, level), 1e-11, 1e-10);
      CHECK_CLOSE(probability_above(m, pa), simpson(m, a, inf, one), 1e-13, 1e-10);
      CHECK_CLOSE(probability_below(m, pb), simpson(m, 0.0, b, one), 1e-13, 1e-10);
      CHECK_CLOSE(expected_value_above(m, pa), simpson(m, a, inf, level), 1e-11, 1e-10);
      CHECK_CLOSE(expected_value_below(m, pb), simpson(m, 0.0, b, level), 1e-11, 1e-10);
      CHECK_CLOSE(probability_above(m, pa) + probability_below(m, pa), 1.0, 4e-16, 0.0);
    }
    // The whole line: total mass 1 and mean S·e^(μT).
    CHECK_CLOSE(probability_above(m, Price::dollars(0.0)), 1.0, 0.0, 0.0);
    CHECK_CLOSE(expected_value_above(m, Price::dollars(0.0)),
                m.spot.dollars() * std::exp(m.drift * m.time.years()), 0.0, 1e-15);
  }
}

TEST_CASE("a seeded Monte Carlo agrees within 3 standard errors") {
  const auto m = model(100.0, 30.0 / 365.0, 0.45, 0.03);
  const double a = 95.0;
  const double b = 108.0;
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> z(0.0, 1.0);
  const int n = 200000;
  const double v = 0.45 * std::sqrt(30.0 / 365.0);
  const double mu = (0.03 - 0.5 * 0.45 * 0.45) * (30.0 / 365.0);
  double hits = 0.0;
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double st = 100.0 * std::exp(mu + v * z(rng));
    const double in = (st > a && st < b) ? 1.0 : 0.0;
    hits += in;
    sum += in * st;
    sum_sq += in * st * st;
  }
  const double p = hits / n;
  const double p_se = std::sqrt(p * (1 - p) / n);
  const double e = sum / n;
  const double e_se = std::sqrt((sum_sq / n - e * e) / n);
  CHECK_CLOSE(probability_between(m, Price::dollars(a), Price::dollars(b)), p, 3 * p_se, 0.0);
  CHECK_CLOSE(expected_value_between(m, Price::dollars(a), Price::dollars(b)), e, 3 * e_se, 0.0);
}

TEST_CASE("tails are computed on the small side and limits are point masses") {
  const auto m = model(100.0, 30.0 / 365.0, 0.2, 0.0);
  const double far = probability_above(m, Price::dollars(200.0));  // z = -12.1
  CHECK_CLOSE(far,
              normal_cdf(-(std::log(2.0) + 0.02 * 30.0 / 365.0) / (0.2 * std::sqrt(30.0 / 365.0))),
              0.0, 1e-15);
  CHECK(far > 1e-35);
  CHECK(far < 1e-30);
  CHECK(probability_between(m, Price::dollars(150.0), Price::dollars(200.0)) > 0.0);
  // σ = 0: all mass at S·e^(μT) = 100·e^0.05.
  const auto point = model(100.0, 1.0, 0.0, 0.05);
  CHECK(probability_above(point, Price::dollars(105.0)) == 1.0);
  CHECK(probability_above(point, Price::dollars(105.2)) == 0.0);
  CHECK(probability_between(point, Price::dollars(105.0), Price::dollars(105.2)) == 1.0);
  CHECK_CLOSE(expected_value_between(point, Price::dollars(105.0), Price::dollars(105.2)),
              100.0 * std::exp(0.05), 0.0, 1e-15);
  // Zero spot: S_T = 0.
  CHECK(probability_above(model(0.0, 1.0, 0.3, 0.0), Price::dollars(0.0)) == 0.0);
}

TEST_CASE("bad inputs throw InvalidInput naming the field and value") {
  auto m = model(100.0, 0.5, 0.3, 0.0);
  m.drift = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS((void)probability_above(m, Price::dollars(100.0)),
                       "drift = nan: must be finite", InvalidInput);
  m.drift = 0.0;
  CHECK_THROWS_WITH_AS((void)probability_between(m, Price::dollars(110.0), Price::dollars(90.0)),
                       "upper = 90: is below lower = 110", InvalidInput);
  m.time = YearFraction::from_years(500.0);
  CHECK_THROWS_WITH_AS((void)expected_value_above(m, Price::dollars(100.0)),
                       "years = 500: must be at most 100", InvalidInput);
}

}  // namespace
