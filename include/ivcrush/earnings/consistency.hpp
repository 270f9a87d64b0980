// ivcrush/earnings/consistency.hpp: how repeatable a stock's earnings moves are.
//
//   const Percentage moves[] = {pct(8), pct(8), pct(8), pct(8), pct(4), pct(4), pct(4), pct(4)};
//   auto basic = basic_consistency(moves);       // median 6 %, MAD 2 %, score 1 - 2/6
//   ConsistencyAnalysis c = analyze_consistency(NewestFirstMoves(moves));   // decay 0.85
//   c.weighted_mean.pct() == 6.6281...; c.trend == MoveTrend::increasing
//   analyze_consistency(history, MoveMetric::close, {.decay_ratio = 0.9});   // ReactionHistory
//
// Two measures (domain-spec §2.5), both on move magnitudes (signs dropped, as in vrp.hpp):
// (a) basic: median, MAD = median(|x - median|), mad_to_median_ratio = MAD / median and
//     consistency_ratio = 1 - MAD / median (nullopt for no moves or a zero median).
// (b) the exponentially weighted analyzer, moves newest first, all in percent units:
//     w_i = decay^i (i = 0 newest)          weighted_mean = sum w_i x_i / sum w_i
//     std_dev = sqrt(sum (x_i - weighted_mean)^2 / (n - 1))   (around the weighted mean; 0 if n <
//     2) trend slope = OLS slope of the moves oldest first against 0..n-1, in percent points per
//       quarter; increasing above +0.5, decreasing below -0.5, stable otherwise
//     cv = std_dev / weighted_mean          consistency_score = clamp(100 (1 - cv), 0, 100)
//     trustworthiness = clamp(score/100 * n/(n+4) * (0.7 if increasing else 1), 0, 1)
//     recent_bias = (mean of the newest 4 - weighted_mean) / weighted_mean  (0 if n < 4)
//   Fewer than min_history moves (default 4) is ConsistencyStatus::insufficient_history.
//   Unlike the original, the decay is a parameter (its config field was never wired in).
// The analyzer depends on the order, so it takes only ordered input: a ReactionHistory (newest
// first by construction, reaction_history.hpp) or bare percentages wrapped in NewestFirstMoves,
// where the caller states the order by naming it (bare numbers carry no dates to sort by). A
// plain span is not accepted. The basic measure is order-free and takes any span.
// Errors: options outside their documented ranges throw InvalidInput naming the field. O(n log n)
// for the basic measure, O(n) for the analyzer; no allocation up to 16 moves.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/detail/statistics.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/reaction_history.hpp"

namespace ivcrush::inline v0 {

// (a) The MAD/median consistency of the original's ConsistencyResult.
struct BasicConsistency {
  std::size_t sample_size = 0;
  Percentage mean;
  Percentage median;
  Percentage mad;
  double mad_to_median_ratio = 0.0;
  double consistency_ratio = 0.0;  // 1 - MAD / median; 1 is perfectly repeatable, may be < 0

  friend bool operator==(const BasicConsistency&, const BasicConsistency&) = default;
};

// nullopt for no moves or a zero median magnitude (where MAD / median is undefined).
[[nodiscard]] inline std::optional<BasicConsistency> basic_consistency(
    std::span<const Percentage> moves) {
  if (moves.empty()) return std::nullopt;
  detail::SampleBuffer x = detail::magnitudes_pct(moves);
  std::sort(x.begin(), x.end());
  const double median = detail::median_of_sorted(detail::as_span(x));
  if (!(median > 0.0)) return std::nullopt;
  const double mad = detail::median_absolute_deviation(detail::as_span(x), median);
  BasicConsistency b;
  b.sample_size = moves.size();
  b.mean = Percentage::from_pct(detail::mean(detail::as_span(x)));
  b.median = Percentage::from_pct(median);
  b.mad = Percentage::from_pct(mad);
  b.mad_to_median_ratio = mad / median;
  b.consistency_ratio = 1.0 - mad / median;
  return b;
}

enum class MoveTrend { increasing, stable, decreasing };

[[nodiscard]] constexpr std::string_view to_string(MoveTrend t) noexcept {
  switch (t) {
    case MoveTrend::increasing: return "increasing";
    case MoveTrend::stable: return "stable";
    case MoveTrend::decreasing: return "decreasing";
  }
  return "stable";
}

struct ConsistencyOptions {
  double decay_ratio = 0.85;         // weight of a quarter relative to the next newer, (0, 1]
  std::size_t min_history = 4;       // >= 1
  double trend_threshold_pct = 0.5;  // |slope| (percent points per quarter) that is a trend, >= 0
  double rising_trust_factor = 0.7;  // trust multiplier for increasing moves, [0, 1]
};

enum class ConsistencyStatus { ok, insufficient_history };

[[nodiscard]] constexpr std::string_view to_string(ConsistencyStatus s) noexcept {
  return s == ConsistencyStatus::ok ? "ok" : "insufficient_history";
}

// The number of newest moves recent_bias compares with the weighted mean (the original's 4).
inline constexpr std::size_t recent_bias_window = 4;

struct ConsistencyAnalysis {
  ConsistencyStatus status = ConsistencyStatus::insufficient_history;
  std::size_t sample_size = 0;
  std::size_t min_history = 0;
  Percentage weighted_mean;
  Percentage std_dev;              // sample, around weighted_mean
  std::optional<double> cv_ratio;  // std_dev / weighted_mean; nullopt if that mean is 0
  double consistency_score = 0.0;  // 0 to 100
  MoveTrend trend = MoveTrend::stable;
  double trend_slope_pct_per_quarter = 0.0;
  double trustworthiness_ratio = 0.0;  // 0 to 1
  Percentage recent_bias;              // relative to weighted_mean

  [[nodiscard]] bool ok() const noexcept { return status == ConsistencyStatus::ok; }
  [[nodiscard]] std::string reason() const {
    if (ok()) return {};
    return fmt::format("need {}+ historical moves, got {}", min_history, sample_size);
  }

  friend bool operator==(const ConsistencyAnalysis&, const ConsistencyAnalysis&) = default;
};

namespace detail {

inline void validate(const ConsistencyOptions& o) {
  require_finite("consistency decay", o.decay_ratio);
  if (!(o.decay_ratio > 0.0 && o.decay_ratio <= 1.0)) {
    throw_invalid(ErrorCode::out_of_range, "consistency decay", o.decay_ratio,
                  "must be within (0, 1]");
  }
  if (o.min_history < 1) {
    throw_invalid(ErrorCode::out_of_range, "min history", o.min_history, "must be at least 1");
  }
  require_non_negative("trend threshold", o.trend_threshold_pct);
  require_finite("rising trust factor", o.rising_trust_factor);
  if (o.rising_trust_factor < 0.0 || o.rising_trust_factor > 1.0) {
    throw_invalid(ErrorCode::out_of_range, "rising trust factor", o.rising_trust_factor,
                  "must be within [0, 1]");
  }
}

}  // namespace detail

// Moves in percent (signed or magnitudes), newest first: the caller's statement of the order.
class NewestFirstMoves {
 public:
  constexpr explicit NewestFirstMoves(std::span<const Percentage> moves) noexcept : moves_(moves) {}
  [[nodiscard]] constexpr std::span<const Percentage> moves() const noexcept { return moves_; }

 private:
  std::span<const Percentage> moves_;
};

// (b) The exponentially weighted analyzer over moves newest first (signs dropped).
[[nodiscard]] inline ConsistencyAnalysis analyze_consistency(
    NewestFirstMoves newest_first, const ConsistencyOptions& options = {}) {
  detail::validate(options);
  const std::span<const Percentage> moves = newest_first.moves();
  ConsistencyAnalysis c;
  c.sample_size = moves.size();
  c.min_history = options.min_history;
  if (moves.size() < options.min_history) return c;
  c.status = ConsistencyStatus::ok;

  const std::size_t n = moves.size();
  detail::SampleBuffer x = detail::magnitudes_pct(moves);  // newest first, percent

  double weight = 1.0;
  double weight_sum = 0.0;
  double weighted_sum = 0.0;
  for (const double xi : x) {
    weighted_sum += weight * xi;
    weight_sum += weight;
    weight *= options.decay_ratio;
  }
  const double wmean = weighted_sum / weight_sum;
  const double std_dev = detail::sample_std_about(detail::as_span(x), wmean);
  c.weighted_mean = Percentage::from_pct(wmean);
  c.std_dev = Percentage::from_pct(std_dev);

  std::reverse(x.begin(), x.end());  // oldest first for the trend
  const double slope = detail::ols_slope(detail::as_span(x));
  std::reverse(x.begin(), x.end());
  c.trend_slope_pct_per_quarter = slope;
  c.trend = slope > options.trend_threshold_pct    ? MoveTrend::increasing
            : slope < -options.trend_threshold_pct ? MoveTrend::decreasing
                                                   : MoveTrend::stable;

  if (wmean > 0.0) {
    c.cv_ratio = std_dev / wmean;
    c.consistency_score = std::clamp(100.0 * (1.0 - *c.cv_ratio), 0.0, 100.0);
  }  // else cv is infinite and the score 0, as in the original
  const double nn = static_cast<double>(n);
  const double trend_factor = c.trend == MoveTrend::increasing ? options.rising_trust_factor : 1.0;
  c.trustworthiness_ratio =
      std::clamp(c.consistency_score / 100.0 * nn / (nn + 4.0) * trend_factor, 0.0, 1.0);
  if (n >= recent_bias_window && wmean != 0.0) {
    const double recent = detail::mean(std::span<const double>(x.data(), recent_bias_window));
    c.recent_bias = Percentage::from_pct((recent - wmean) / wmean * 100.0);
  }
  return c;
}

// The same over a ticker's reactions (newest first by type), with the metric named.
[[nodiscard]] inline ConsistencyAnalysis analyze_consistency(
    ReactionHistory history, MoveMetric metric, const ConsistencyOptions& options = {}) {
  boost::container::small_vector<Percentage, 16> x;
  x.reserve(history.size());
  for (const auto& m : history) x.push_back(m.magnitude(metric));
  return analyze_consistency(NewestFirstMoves(std::span<const Percentage>(x.data(), x.size())),
                             options);
}

// Basic consistency over measured moves.
[[nodiscard]] inline std::optional<BasicConsistency> basic_consistency(
    std::span<const HistoricalMove> moves, MoveMetric metric) {
  boost::container::small_vector<Percentage, 16> x;
  x.reserve(moves.size());
  for (const auto& m : moves) x.push_back(m.magnitude(metric));
  return basic_consistency(std::span<const Percentage>(x.data(), x.size()));
}

}  // namespace ivcrush::inline v0
