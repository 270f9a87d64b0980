// ivcrush/earnings/vrp.hpp: the volatility risk premium of an earnings trade, the implied move
// against the moves the stock has really made.
//
//   const Percentage moves[] = {pct(4), pct(5), pct(6), pct(9)};         // newest first
//   VrpAnalysis v = analyze_vrp(Percentage::from_pct(12), moves);        // BALANCED, 4+ moves
//   v.ok(); v.vrp_ratio == 2.0; v.edge_score == 1.6923...; v.recommendation == excellent
//   v.statistics->tail_risk_level == TailRiskLevel::normal
//   analyze_vrp(im, history, MoveMetric::intraday, {.thresholds = VrpThresholds::legacy()});
//
// Formulas (domain-spec §2.4), over the magnitudes x_i = |move_i| of the chosen metric:
//   vrp_ratio         = implied / mean(x)          median_vrp_ratio = implied / median(x)
//   MAD               = median(|x_i - median(x)|)  mad_to_median_ratio = MAD / median(x)
//   edge_score        = vrp_ratio / (1 + MAD/median), with MAD/median taken as 999 when the
//                       median is 0 (the original's penalty)
//   recommendation    = excellent if vrp_ratio >= excellent, good if >= good, marginal if
//                       >= marginal, else skip (all inclusive, to 1e-12 relative, so that
//                       7 % / 5 % reaches 1.4 despite binary rounding)
//   tail_risk_ratio   = max(x) / mean(x): HIGH above 2.5, NORMAL from 1.5, LOW below
//   std_dev           = population standard deviation (ddof 0); cv_ratio = std / mean
// Magnitudes, not the original's signed moves: with signed close moves an up and a down move
// cancel ([5, -5, 4, -4] had mean 0 and was rejected; here its mean magnitude is 4.5 %).
//
// Statuses (values, not exceptions): no_history, insufficient_history (fewer than
// VrpOptions::min_history moves, default 4), invalid_mean (mean magnitude 0: all moves zero),
// negligible_mean (below 1e-6 %, where a ratio means nothing). Every non-ok status recommends
// skip. Errors: a negative implied move, min_history 0 and thresholds outside [0.1, 50] or not
// strictly ordered throw InvalidInput naming the field. O(n log n) in the moves (two medians);
// no allocation up to 16 moves.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ivcrush/config.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/detail/statistics.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/historical_moves.hpp"

namespace ivcrush::inline v0 {

// The original's wire strings (common/enums.py): excellent, good, marginal, skip.
enum class Recommendation { excellent, good, marginal, skip };

[[nodiscard]] constexpr std::string_view to_string(Recommendation r) noexcept {
  switch (r) {
    case Recommendation::excellent: return "excellent";
    case Recommendation::good: return "good";
    case Recommendation::marginal: return "marginal";
    case Recommendation::skip: return "skip";
  }
  return "skip";
}

// Tradeable means excellent or good; marginal is not.
[[nodiscard]] constexpr bool is_tradeable(Recommendation r) noexcept {
  return r == Recommendation::excellent || r == Recommendation::good;
}

// The named threshold profiles of the original's configuration (VRP_THRESHOLD_MODE).
enum class ThresholdProfile { balanced, conservative, aggressive, legacy };

[[nodiscard]] constexpr std::string_view to_string(ThresholdProfile p) noexcept {
  switch (p) {
    case ThresholdProfile::balanced: return "BALANCED";
    case ThresholdProfile::conservative: return "CONSERVATIVE";
    case ThresholdProfile::aggressive: return "AGGRESSIVE";
    case ThresholdProfile::legacy: return "LEGACY";
  }
  return "BALANCED";
}

// Case-insensitive, as the original. Unlike the original, an unknown name is an error, not a
// silent fallback to BALANCED.
[[nodiscard]] inline ThresholdProfile parse_threshold_profile(std::string_view text) {
  const auto iequal = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::toupper(static_cast<unsigned char>(x)) ==
                    std::toupper(static_cast<unsigned char>(y));
           });
  };
  for (const auto p : {ThresholdProfile::balanced, ThresholdProfile::conservative,
                       ThresholdProfile::aggressive, ThresholdProfile::legacy}) {
    if (iequal(text, to_string(p))) return p;
  }
  detail::throw_invalid(ErrorCode::malformed, "vrp threshold profile", fmt::format("'{}'", text),
                        "must be one of BALANCED, CONSERVATIVE, AGGRESSIVE, LEGACY");
}

// The three ratios of a profile, for VrpThresholds::make with designated initializers.
struct VrpThresholdValues {
  double excellent_ratio = 0.0;
  double good_ratio = 0.0;
  double marginal_ratio = 0.0;
};

// Validated VRP tier thresholds: positive and strictly ordered excellent > good > marginal.
// make() also holds user values to the original's configuration range [0.1, 50]; scaled() (the
// VIX-adaptive thresholds) may leave it.
class VrpThresholds {
 public:
  static constexpr double min_ratio = 0.1;
  static constexpr double max_ratio = 50.0;

  // BALANCED, the original's configuration default.
  constexpr VrpThresholds() noexcept = default;

  [[nodiscard]] static VrpThresholds make(VrpThresholdValues v) {
    const auto in_range = [](std::string_view field, double x) {
      detail::require_finite(field, x);
      if (x < min_ratio || x > max_ratio) {
        detail::throw_invalid(ErrorCode::out_of_range, field, x,
                              fmt::format("must be within [{}, {}]", min_ratio, max_ratio));
      }
    };
    in_range("vrp excellent threshold", v.excellent_ratio);
    in_range("vrp good threshold", v.good_ratio);
    in_range("vrp marginal threshold", v.marginal_ratio);
    if (!(v.good_ratio < v.excellent_ratio)) {
      detail::throw_invalid(
          ErrorCode::inconsistent, "vrp good threshold", v.good_ratio,
          fmt::format("must be below the excellent threshold {}", v.excellent_ratio));
    }
    if (!(v.marginal_ratio < v.good_ratio)) {
      detail::throw_invalid(ErrorCode::inconsistent, "vrp marginal threshold", v.marginal_ratio,
                            fmt::format("must be below the good threshold {}", v.good_ratio));
    }
    return VrpThresholds(v.excellent_ratio, v.good_ratio, v.marginal_ratio);
  }

  // domain-spec §2.4: BALANCED 1.8/1.4/1.2, CONSERVATIVE 2.0/1.5/1.2, AGGRESSIVE 1.5/1.3/1.1,
  // LEGACY 7.0/4.0/1.5 (also the original VRPCalculator's constructor defaults).
  [[nodiscard]] static constexpr VrpThresholds of(ThresholdProfile p) noexcept {
    switch (p) {
      case ThresholdProfile::balanced: return VrpThresholds(1.8, 1.4, 1.2);
      case ThresholdProfile::conservative: return VrpThresholds(2.0, 1.5, 1.2);
      case ThresholdProfile::aggressive: return VrpThresholds(1.5, 1.3, 1.1);
      case ThresholdProfile::legacy: return VrpThresholds(7.0, 4.0, 1.5);
    }
    return VrpThresholds();
  }
  [[nodiscard]] static constexpr VrpThresholds balanced() noexcept {
    return of(ThresholdProfile::balanced);
  }
  [[nodiscard]] static constexpr VrpThresholds conservative() noexcept {
    return of(ThresholdProfile::conservative);
  }
  [[nodiscard]] static constexpr VrpThresholds aggressive() noexcept {
    return of(ThresholdProfile::aggressive);
  }
  [[nodiscard]] static constexpr VrpThresholds legacy() noexcept {
    return of(ThresholdProfile::legacy);
  }

  [[nodiscard]] constexpr double excellent_ratio() const noexcept { return excellent_; }
  [[nodiscard]] constexpr double good_ratio() const noexcept { return good_; }
  [[nodiscard]] constexpr double marginal_ratio() const noexcept { return marginal_; }

  // Every threshold times a positive factor (order is kept; the [0.1, 50] range is not).
  [[nodiscard]] constexpr VrpThresholds scaled(double factor) const noexcept {
    IVCRUSH_ASSERT(detail::is_finite(factor) && factor > 0.0, "factor must be finite and > 0");
    return VrpThresholds(excellent_ * factor, good_ * factor, marginal_ * factor);
  }

  friend constexpr bool operator==(const VrpThresholds&, const VrpThresholds&) = default;

 private:
  constexpr VrpThresholds(double excellent, double good, double marginal) noexcept
      : excellent_(excellent), good_(good), marginal_(marginal) {}

  double excellent_ = 1.8;
  double good_ = 1.4;
  double marginal_ = 1.2;
};

namespace detail {

// Ratios of decimal percentages carry binary rounding (7 % / 5 % computes as 1.4000000000000001
// or 1.3999999999999999 depending on the path), so "at the threshold" means within this
// relative distance of it. Far below any difference that matters to a trade.
inline constexpr double ratio_comparison_tolerance = 1e-12;

[[nodiscard]] constexpr bool reaches(double ratio, double threshold) noexcept {
  return ratio >= threshold * (1.0 - ratio_comparison_tolerance);
}
[[nodiscard]] constexpr bool exceeds(double ratio, double threshold) noexcept {
  return ratio > threshold * (1.0 + ratio_comparison_tolerance);
}

}  // namespace detail

// The inclusive tier ladder: exactly 1.8 under BALANCED is excellent (inclusive up to 1e-12
// relative, see detail::ratio_comparison_tolerance). NaN is skip.
[[nodiscard]] constexpr Recommendation recommend(double vrp_ratio,
                                                 const VrpThresholds& t) noexcept {
  if (detail::reaches(vrp_ratio, t.excellent_ratio())) return Recommendation::excellent;
  if (detail::reaches(vrp_ratio, t.good_ratio())) return Recommendation::good;
  if (detail::reaches(vrp_ratio, t.marginal_ratio())) return Recommendation::marginal;
  return Recommendation::skip;
}

enum class TailRiskLevel { low, normal, high };

[[nodiscard]] constexpr std::string_view to_string(TailRiskLevel level) noexcept {
  switch (level) {
    case TailRiskLevel::low: return "LOW";
    case TailRiskLevel::normal: return "NORMAL";
    case TailRiskLevel::high: return "HIGH";
  }
  return "LOW";
}

// HIGH if ratio > 2.5, NORMAL if ratio >= 1.5, LOW otherwise (2.5 itself is NORMAL; both
// boundaries within 1e-12 relative, as recommend). The original's downstream policy caps HIGH
// at 50 contracts; the analytics do not enforce it.
[[nodiscard]] constexpr TailRiskLevel classify_tail_risk(double tail_risk_ratio) noexcept {
  if (detail::exceeds(tail_risk_ratio, 2.5)) return TailRiskLevel::high;
  if (detail::reaches(tail_risk_ratio, 1.5)) return TailRiskLevel::normal;
  return TailRiskLevel::low;
}

// Summary of move magnitudes (the original's calculate_with_consistency dictionary).
struct MoveStatistics {
  std::size_t sample_size = 0;
  Percentage mean;
  Percentage median;
  Percentage std_dev;  // population (ddof 0)
  Percentage mad;      // median absolute deviation from the median, unscaled
  Percentage min;
  Percentage max;
  double cv_ratio = 0.0;                      // std_dev / mean; 0 when the mean is 0
  std::optional<double> mad_to_median_ratio;  // MAD / median; nullopt when the median is 0
  double tail_risk_ratio = 0.0;               // max / mean; 0 when the mean is 0
  TailRiskLevel tail_risk_level = TailRiskLevel::low;

  friend bool operator==(const MoveStatistics&, const MoveStatistics&) = default;
};

// Statistics of |moves|; nullopt for an empty sample. Computed in percent units, as the
// original (the tier comparisons absorb the remaining binary rounding of decimal percentages).
[[nodiscard]] inline std::optional<MoveStatistics> describe_moves(
    std::span<const Percentage> moves) {
  if (moves.empty()) return std::nullopt;
  detail::SampleBuffer x = detail::magnitudes_pct(moves);
  std::sort(x.begin(), x.end());
  const auto xs = detail::as_span(x);
  const double mean = detail::mean(xs);
  const double median = detail::median_of_sorted(xs);
  const double mad = detail::median_absolute_deviation(xs, median);
  const double std_dev = detail::population_std(xs);
  MoveStatistics s;
  s.sample_size = moves.size();
  s.mean = Percentage::from_pct(mean);
  s.median = Percentage::from_pct(median);
  s.std_dev = Percentage::from_pct(std_dev);
  s.mad = Percentage::from_pct(mad);
  s.min = Percentage::from_pct(x.front());
  s.max = Percentage::from_pct(x.back());
  if (mean > 0.0) {
    s.cv_ratio = std_dev / mean;
    s.tail_risk_ratio = x.back() / mean;
  }
  if (median > 0.0) s.mad_to_median_ratio = mad / median;
  s.tail_risk_level = classify_tail_risk(s.tail_risk_ratio);
  return s;
}

struct VrpOptions {
  VrpThresholds thresholds = VrpThresholds::balanced();
  std::size_t min_history = 4;  // moves required (the original's min_historical_quarters)
};

enum class VrpStatus {
  ok,
  no_history,            // no moves at all
  insufficient_history,  // fewer than min_history moves
  invalid_mean,          // mean magnitude not positive (every move zero)
  negligible_mean,       // mean magnitude below 1e-6 %: no meaningful ratio
  no_implied_move,       // the history is usable but there is no implied move to compare
};

[[nodiscard]] constexpr std::string_view to_string(VrpStatus s) noexcept {
  switch (s) {
    case VrpStatus::ok: return "ok";
    case VrpStatus::no_history: return "no_history";
    case VrpStatus::insufficient_history: return "insufficient_history";
    case VrpStatus::invalid_mean: return "invalid_mean";
    case VrpStatus::negligible_mean: return "negligible_mean";
    case VrpStatus::no_implied_move: return "no_implied_move";
  }
  return "ok";
}

// The original returned an Ok with ratio 0 below this mean; ivcrush reports a status.
inline constexpr Percentage negligible_mean_move = Percentage::from_pct(1e-6);
// MAD/median stands at this value when the median is 0 (the original's penalty), so the edge
// score collapses towards 0 instead of dividing by zero.
inline constexpr double zero_median_dispersion_penalty = 999.0;

struct VrpAnalysis {
  VrpStatus status = VrpStatus::no_history;
  std::size_t sample_size = 0;
  std::size_t min_history = 0;
  Percentage implied_move;
  std::optional<MoveStatistics> statistics;  // present once sample_size >= min_history
  double vrp_ratio = 0.0;                    // implied / mean |move|; 0 unless ok
  std::optional<double> median_vrp_ratio;    // implied / median |move|; nullopt if median 0
  double edge_score = 0.0;                   // vrp_ratio / (1 + MAD/median); 0 unless ok
  Recommendation recommendation = Recommendation::skip;

  [[nodiscard]] bool ok() const noexcept { return status == VrpStatus::ok; }
  [[nodiscard]] bool is_tradeable() const noexcept {
    return ok() && ivcrush::is_tradeable(recommendation);
  }

  // Why there is no ratio ("" when ok). Built on demand; the analysis allocates nothing.
  [[nodiscard]] std::string reason() const {
    switch (status) {
      case VrpStatus::ok: return {};
      case VrpStatus::no_history: return "no historical moves";
      case VrpStatus::insufficient_history:
        return fmt::format("need {}+ historical moves, got {}", min_history, sample_size);
      case VrpStatus::invalid_mean:
        return fmt::format("mean move {}% is not positive",
                           statistics ? statistics->mean.pct() : 0.0);
      case VrpStatus::negligible_mean:
        return fmt::format("mean move {:.3g}% is below {:.3g}%",
                           statistics ? statistics->mean.pct() : 0.0, negligible_mean_move.pct());
      case VrpStatus::no_implied_move: return "no implied move to compare with the history";
    }
    return {};
  }

  friend bool operator==(const VrpAnalysis&, const VrpAnalysis&) = default;
};

// VRP of `implied_move` against `moves` (newest first, any metric; their signs are dropped).
[[nodiscard]] inline VrpAnalysis analyze_vrp(Percentage implied_move,
                                             std::span<const Percentage> moves,
                                             const VrpOptions& options = {}) {
  if (implied_move < Percentage{}) {
    detail::throw_invalid(ErrorCode::negative, "implied move",
                          fmt::format("{}%", implied_move.pct()), "must not be negative");
  }
  if (options.min_history < 1) {
    detail::throw_invalid(ErrorCode::out_of_range, "min history", options.min_history,
                          "must be at least 1");
  }
  VrpAnalysis v;
  v.sample_size = moves.size();
  v.min_history = options.min_history;
  v.implied_move = implied_move;
  if (moves.empty()) {
    v.status = VrpStatus::no_history;
    return v;
  }
  if (moves.size() < options.min_history) {
    v.status = VrpStatus::insufficient_history;
    return v;
  }
  v.statistics = describe_moves(moves);
  const MoveStatistics& s = *v.statistics;
  if (!(s.mean > Percentage{})) {
    v.status = VrpStatus::invalid_mean;
    return v;
  }
  if (s.mean < negligible_mean_move) {
    v.status = VrpStatus::negligible_mean;
    return v;
  }
  v.status = VrpStatus::ok;
  // In percent units, as describe_moves and the original.
  v.vrp_ratio = implied_move.pct() / s.mean.pct();
  if (s.median > Percentage{}) v.median_vrp_ratio = implied_move.pct() / s.median.pct();
  v.edge_score =
      v.vrp_ratio / (1.0 + s.mad_to_median_ratio.value_or(zero_median_dispersion_penalty));
  v.recommendation = recommend(v.vrp_ratio, options.thresholds);
  return v;
}

// The same over measured moves, with the metric named.
[[nodiscard]] inline VrpAnalysis analyze_vrp(Percentage implied_move,
                                             std::span<const HistoricalMove> moves,
                                             MoveMetric metric, const VrpOptions& options = {}) {
  boost::container::small_vector<Percentage, 16> x;
  x.reserve(moves.size());
  for (const auto& m : moves) x.push_back(m.magnitude(metric));
  return analyze_vrp(implied_move, std::span<const Percentage>(x.data(), x.size()), options);
}

// The history's statistics where there is no implied move to compare (an analysis that could not
// price the event): the status says why the history itself is unusable, or no_implied_move when
// it is usable; never a ratio.
[[nodiscard]] inline VrpAnalysis analyze_vrp_without_move(std::span<const HistoricalMove> moves,
                                                          MoveMetric metric,
                                                          const VrpOptions& options = {}) {
  VrpAnalysis v = analyze_vrp(Percentage{}, moves, metric, options);
  if (v.ok()) {
    v.status = VrpStatus::no_implied_move;
    v.vrp_ratio = 0.0;
    v.median_vrp_ratio.reset();
    v.edge_score = 0.0;
    v.recommendation = Recommendation::skip;
  }
  return v;
}

}  // namespace ivcrush::inline v0
