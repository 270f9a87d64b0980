// detail/statistics.hpp: median, MAD, standard deviations and the OLS slope against known
// answers and against brute force computed a different way.
#include "ivcrush/detail/statistics.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

// The k-th smallest value (1-based) by counting, without sorting: the smallest v in xs with at
// least k values <= v. O(n^2), independent of the library's sort-based median.
double kth_smallest_by_counting(const std::vector<double>& xs, std::size_t k) {
  double best = 0.0;
  bool found = false;
  for (const double v : xs) {
    std::size_t at_most = 0;
    for (const double x : xs) at_most += x <= v ? 1U : 0U;
    if (at_most >= k && (!found || v < best)) {
      best = v;
      found = true;
    }
  }
  REQUIRE(found);
  return best;
}

double median_by_counting(const std::vector<double>& xs) {
  const std::size_t n = xs.size();
  if (n % 2 == 1) return kth_smallest_by_counting(xs, (n + 1) / 2);
  return (kth_smallest_by_counting(xs, n / 2) + kth_smallest_by_counting(xs, n / 2 + 1)) / 2.0;
}

std::vector<double> random_sample(std::mt19937& rng, std::size_t n) {
  std::uniform_real_distribution<double> u(-20.0, 20.0);
  std::uniform_int_distribution<int> coin(0, 3);
  std::vector<double> xs;
  for (std::size_t i = 0; i < n; ++i) {
    // Some rounded values so that ties (equal middle values) occur.
    const double x = u(rng);
    xs.push_back(coin(rng) == 0 ? std::round(x) : x);
  }
  return xs;
}

TEST_CASE("statistics: known answers for the sample 4 5 6 9") {
  const std::vector<double> xs = {9.0, 4.0, 6.0, 5.0};  // unsorted on purpose
  CHECK(detail::mean(xs) == 6.0);
  CHECK(detail::median(xs) == 5.5);                          // (5 + 6) / 2
  CHECK(detail::median_absolute_deviation(xs, 5.5) == 1.0);  // |dev| 3.5 1.5 0.5 0.5
  CHECK_CLOSE(detail::population_std(xs), std::sqrt(14.0 / 4.0), 0.0, 1e-15);  // 4+1+0+9
  CHECK_CLOSE(detail::sample_std(xs), std::sqrt(14.0 / 3.0), 0.0, 1e-15);
  CHECK_CLOSE(detail::sample_std_about(xs, 5.0), std::sqrt((16.0 + 1.0 + 1.0 + 0.0) / 3.0), 0.0,
              1e-15);
  // [9, 4, 6, 5] on x = 0..3: x mean 1.5, y mean 6; Sxy = (-1.5)(3) + (-0.5)(-2) + (0.5)(0) +
  // (1.5)(-1) = -5; Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5.
  CHECK_CLOSE(detail::ols_slope(xs), -1.0, 0.0, 1e-15);
  const std::vector<double> odd = {3.0, 1.0, 2.0};
  CHECK(detail::median(odd) == 2.0);
  const std::vector<double> one = {7.0};
  CHECK(detail::median(one) == 7.0);
  CHECK(detail::sample_std(one) == 0.0);
  CHECK(detail::sample_std_about(one, 3.0) == 0.0);
  CHECK(detail::ols_slope(one) == 0.0);
}

TEST_CASE("statistics: the slope of an exact line is its slope") {
  std::vector<double> ys;
  for (int i = 0; i < 12; ++i) ys.push_back(3.25 - 0.75 * i);
  CHECK_CLOSE(detail::ols_slope(ys), -0.75, 1e-14, 0.0);
}

TEST_CASE("statistics: brute force over random samples (seeded)") {
  std::mt19937 rng(20240412U);
  for (std::size_t n = 1; n <= 40; ++n) {
    for (int rep = 0; rep < 5; ++rep) {
      const auto xs = random_sample(rng, n);
      CAPTURE(n);
      CAPTURE(rep);
      const double med = median_by_counting(xs);
      CHECK(detail::median(xs) == med);

      std::vector<double> dev;
      for (const double x : xs) dev.push_back(std::fabs(x - med));
      CHECK(detail::median_absolute_deviation(xs, med) == median_by_counting(dev));

      // Moments in long double through raw sums, a different computation from the two-pass one.
      long double s1 = 0.0L;
      long double s2 = 0.0L;
      long double sxy = 0.0L;
      long double sx = 0.0L;
      long double sxx = 0.0L;
      for (std::size_t i = 0; i < n; ++i) {
        const long double x = xs[i];
        const long double t = static_cast<long double>(i);
        s1 += x;
        s2 += x * x;
        sx += t;
        sxx += t * t;
        sxy += t * x;
      }
      const long double nn = static_cast<long double>(n);
      const long double mean = s1 / nn;
      const long double pop_var = s2 / nn - mean * mean;
      CHECK_CLOSE(detail::mean(xs), static_cast<double>(mean), 1e-12, 1e-12);
      CHECK_CLOSE(detail::population_std(xs),
                  static_cast<double>(std::sqrt(std::max(pop_var, 0.0L))), 1e-9, 1e-9);
      if (n >= 2) {
        const long double sample_var = (s2 - nn * mean * mean) / (nn - 1.0L);
        CHECK_CLOSE(detail::sample_std(xs),
                    static_cast<double>(std::sqrt(std::max(sample_var, 0.0L))), 1e-9, 1e-9);
        const long double c = 1.5L;
        const long double about = (s2 - 2.0L * c * s1 + nn * c * c) / (nn - 1.0L);
        CHECK_CLOSE(detail::sample_std_about(xs, 1.5), static_cast<double>(std::sqrt(about)), 1e-9,
                    1e-9);
        const long double slope = (nn * sxy - sx * s1) / (nn * sxx - sx * sx);
        CHECK_CLOSE(detail::ols_slope(xs), static_cast<double>(slope), 1e-12, 1e-9);
      }
    }
  }
}

}  // namespace
