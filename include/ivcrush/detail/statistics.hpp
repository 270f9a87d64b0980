// ivcrush/detail/statistics.hpp: the small sample statistics the earnings analytics share.
// No stability promise.
//
//   const double xs[] = {4.0, 5.0, 6.0, 9.0};
//   detail::median(xs) == 5.5;  detail::median_absolute_deviation(xs, 5.5) == 1.0
//   detail::population_std(xs) == sqrt(3.5);  detail::ols_slope(xs) == 1.6
//
// Plain doubles in whatever unit the caller uses (the analytics pass percent). Preconditions
// (a non-empty sample) are IVCRUSH_ASSERTs: callers check the sample size first and report a
// status. mean, std and slope are O(n) and allocate nothing; median and MAD copy the sample into
// a small_vector (no allocation up to 16 values, more than the 12 quarters the analytics use)
// and sort it, O(n log n).
#pragma once

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include "ivcrush/config.hpp"
#include "ivcrush/core/percentage.hpp"

namespace ivcrush::inline v0::detail {

// Scratch storage for one sample: inline for the usual 4-12 quarters of history.
using SampleBuffer = boost::container::small_vector<double, 16>;

// |move| of each move in percent units, in input order: the statistics of earnings moves are
// taken on magnitudes (signed up and down moves must not cancel), in percent as the original.
[[nodiscard]] inline SampleBuffer magnitudes_pct(std::span<const Percentage> moves) {
  SampleBuffer x;
  x.reserve(moves.size());
  for (const auto m : moves) x.push_back(std::fabs(m.pct()));
  return x;
}

// Boost 1.74's small_vector iterators are not std::contiguous_iterators, so spell the span out.
[[nodiscard]] inline std::span<const double> as_span(const SampleBuffer& b) noexcept {
  return {b.data(), b.size()};
}

[[nodiscard]] inline double mean(std::span<const double> xs) noexcept {
  IVCRUSH_ASSERT(!xs.empty(), "mean of an empty sample");
  double sum = 0.0;
  for (const double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

// The middle value of an already sorted sample; the average of the two middle values for an even
// count (numpy's median).
[[nodiscard]] inline double median_of_sorted(std::span<const double> sorted) noexcept {
  IVCRUSH_ASSERT(!sorted.empty(), "median of an empty sample");
  IVCRUSH_ASSERT(std::is_sorted(sorted.begin(), sorted.end()), "sample must be sorted");
  const std::size_t n = sorted.size();
  // Also in release builds: an empty sample has no median (and reading one would read nothing
  // that was written; g++ -O3 warns about exactly that once this is inlined).
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t mid = n / 2;
  return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
}

[[nodiscard]] inline double median(std::span<const double> xs) {
  SampleBuffer buffer(xs.begin(), xs.end());
  std::sort(buffer.begin(), buffer.end());
  return median_of_sorted(as_span(buffer));
}

// median(|x_i - center|): with center = median(xs), the median absolute deviation (unscaled: no
// 1.4826 normal-consistency factor, as in the original).
[[nodiscard]] inline double median_absolute_deviation(std::span<const double> xs, double center) {
  SampleBuffer deviations;
  deviations.reserve(xs.size());
  for (const double x : xs) deviations.push_back(std::fabs(x - center));
  std::sort(deviations.begin(), deviations.end());
  return median_of_sorted(as_span(deviations));
}

// sqrt(sum (x - mean)^2 / n): the population standard deviation (numpy's std, ddof = 0).
[[nodiscard]] inline double population_std(std::span<const double> xs) noexcept {
  const double m = mean(xs);
  double sum_sq = 0.0;
  for (const double x : xs) sum_sq += (x - m) * (x - m);
  return std::sqrt(sum_sq / static_cast<double>(xs.size()));
}

// sqrt(sum (x - center)^2 / (n - 1)) around a given center (the enhanced consistency analyzer
// measures spread around the weighted mean, not the plain mean); 0 when n < 2.
[[nodiscard]] inline double sample_std_about(std::span<const double> xs, double center) noexcept {
  if (xs.size() < 2) return 0.0;
  double sum_sq = 0.0;
  for (const double x : xs) sum_sq += (x - center) * (x - center);
  return std::sqrt(sum_sq / static_cast<double>(xs.size() - 1));
}

// The sample standard deviation (ddof = 1) around the sample's own mean; 0 when n < 2.
[[nodiscard]] inline double sample_std(std::span<const double> xs) noexcept {
  if (xs.size() < 2) return 0.0;
  return sample_std_about(xs, mean(xs));
}

// Ordinary least-squares slope of ys against x = 0, 1, ..., n-1 (units of y per step);
// 0 when n < 2 (the denominator is then 0).
[[nodiscard]] inline double ols_slope(std::span<const double> ys) noexcept {
  const std::size_t n = ys.size();
  if (n < 2) return 0.0;
  const double x_mean = static_cast<double>(n - 1) / 2.0;
  const double y_mean = mean(ys);
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = static_cast<double>(i) - x_mean;
    sxy += dx * (ys[i] - y_mean);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

}  // namespace ivcrush::inline v0::detail
