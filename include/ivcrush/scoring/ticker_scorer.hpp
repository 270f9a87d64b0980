// ivcrush/scoring/ticker_scorer.hpp: rank tickers for a scan (the original's TickerScorer,
// domain-spec §4.8) with its eight presets as validated policies.
//
//   auto p = TickerScoring::preset("balanced");    // or vrp_dominant, liquidity_first, ...
//   TickerMetrics m{.symbol = Symbol::parse("AAPL"), .vrp_ratio = 1.75, .consistency = 0.7,
//                   .skew = 0.25, .open_interest = 300, .spread = Percentage::from_pct(9),
//                   .volume = 100};
//   p.score(m).total();                            // 82.425: the composite
//   auto ranked = rank_tickers(p, tickers);        // qualified only, best first, rank, selected
//
// Components, each on 0-100 (the breakdown's points are component x weight, so they sum to the
// composite; the reason shows the component itself):
// - vrp (thresholds excellent > good > marginal): absent or <= 0: 0; >= excellent: 100;
//   >= good: 75 + 25 (v - good) / (excellent - good); >= marginal: 50 + 25 (v - marginal) /
//   (good - marginal); >= 1: 50 (v - 1) / (marginal - 1) (0 if marginal <= 1); else 0.
// - consistency (a 0-1 score; thresholds 0.8 / 0.6 / 0.4): absent or < 0: 0; >= excellent: 100;
//   >= good: 75 + 25 (c - good) / (excellent - good); >= marginal: 50 + 25 (c - marginal) /
//   (good - marginal); else 0.
// - skew (|s|; neutral 0.15, moderate 0.35): absent: 75; <= neutral: 100; <= moderate:
//   100 - 30 (|s| - neutral) / (moderate - neutral); else max(40, 70 - 50 (|s| - moderate)).
// - liquidity: 4 x (OI points + spread points + volume points): OI >= 1000/500/200/100 ->
//   10/7.5/5/2.5 (absent 5); spread <= 8/12/15 % -> 10/7.5/5 (absent 5); volume >= 500/100/50 ->
//   5/3.5/2 (absent 2.5). These tables are the original's constants, not knobs.
// composite = sum of component x weight (weights within 0.01 of 1; a sum above 1 could pass 100
// and is then clamped). rank_tickers keeps composite >= min_score (the original's rule; tickers
// below are dropped), sorts descending (stable: input order breaks ties), ranks 1..n and selects
// rank <= max_positions.
// A ticker policy is any TickerScoringPolicy (score, min_score, max_positions); the shipped one
// is TickerScoring. Pure, thread-safe, no allocation per ticker in score().
// Errors: InvalidInput naming the field for weights outside [0, 1] or not summing to 1 within
// 0.01, unordered thresholds, min_score outside [0, 100], max_positions 0, an unknown preset.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/scoring/score_breakdown.hpp"
#include "ivcrush/scoring/scoring_policy.hpp"

namespace ivcrush::inline v0 {

struct TickerMetrics {
  Symbol symbol;
  std::optional<double> vrp_ratio;
  std::optional<double> consistency;  // 0-1
  std::optional<double> skew;         // signed; its magnitude is scored
  std::optional<std::int64_t> open_interest;
  std::optional<Percentage> spread;  // bid-ask spread in % of the mid
  std::optional<std::int64_t> volume;
};

struct TickerWeights {
  double vrp = 0.40;
  double consistency = 0.25;
  double skew = 0.15;
  double liquidity = 0.20;
  [[nodiscard]] constexpr double sum() const noexcept {
    return vrp + consistency + skew + liquidity;
  }
};

struct TierThresholds {
  double excellent = 0.0;
  double good = 0.0;
  double marginal = 0.0;
};

struct TickerScoringOptions {
  std::string_view name = "ticker_custom";  // a literal
  TickerWeights weights;
  TierThresholds vrp{.excellent = 2.0, .good = 1.5, .marginal = 1.2};
  TierThresholds consistency{.excellent = 0.8, .good = 0.6, .marginal = 0.4};
  double skew_neutral = 0.15;
  double skew_moderate = 0.35;
  double min_score = 60.0;
  std::size_t max_positions = 12;
};

template <class P>
concept TickerScoringPolicy = std::copy_constructible<P> &&
    requires(const P& p, const TickerMetrics& m) {
  { p.score(m) } -> std::same_as<ScoreBreakdown>;
  { p.min_score() } -> std::convertible_to<double>;
  { p.max_positions() } -> std::convertible_to<std::size_t>;
};

class TickerScoring {
 public:
  explicit TickerScoring(const TickerScoringOptions& options) : o_(options) { validate(o_); }

  // The eight presets by name (normalized: lowercase, '-' and ' ' -> '_').
  [[nodiscard]] static std::span<const std::string_view> preset_names() noexcept {
    static constexpr std::array<std::string_view, 8> names{
        "vrp_dominant", "balanced",   "liquidity_first", "consistency_heavy",
        "skew_aware",   "aggressive", "conservative",    "hybrid"};
    return names;
  }
  [[nodiscard]] static TickerScoring preset(std::string_view name) {
    const std::string key = normalize_policy_name(name);
    const auto make = [](std::string_view n, TickerWeights w, double min_score,
                         std::size_t max_positions) {
      return TickerScoringOptions{
          .name = n, .weights = w, .min_score = min_score, .max_positions = max_positions};
    };
    if (key == "vrp_dominant") {
      auto o = make("vrp_dominant", {0.70, 0.20, 0.05, 0.05}, 62.0, 10);
      o.vrp = {2.2, 1.6, 1.3};
      return TickerScoring(o);
    }
    if (key == "balanced")
      return TickerScoring(make("balanced", {0.40, 0.25, 0.15, 0.20}, 60.0, 12));
    if (key == "liquidity_first") {
      return TickerScoring(make("liquidity_first", {0.30, 0.20, 0.15, 0.35}, 60.0, 10));
    }
    if (key == "consistency_heavy") {
      return TickerScoring(make("consistency_heavy", {0.35, 0.45, 0.10, 0.10}, 65.0, 8));
    }
    if (key == "skew_aware") {
      return TickerScoring(make("skew_aware", {0.35, 0.20, 0.30, 0.15}, 60.0, 10));
    }
    if (key == "aggressive") {
      auto o = make("aggressive", {0.55, 0.20, 0.10, 0.15}, 50.0, 15);
      o.vrp = {1.5, 1.3, 1.1};
      return TickerScoring(o);
    }
    if (key == "conservative") {
      auto o = make("conservative", {0.40, 0.35, 0.15, 0.10}, 65.0, 6);
      o.vrp = {2.5, 1.8, 1.4};
      return TickerScoring(o);
    }
    if (key == "hybrid") return TickerScoring(make("hybrid", {0.45, 0.20, 0.15, 0.20}, 62.0, 10));
    std::string known;
    for (const auto n : preset_names()) {
      if (!known.empty()) known += ", ";
      known += n;
    }
    detail::throw_invalid(ErrorCode::out_of_range, "ticker scoring preset",
                          fmt::format("'{}'", name),
                          fmt::format("unknown; known presets: {}", known));
  }

  [[nodiscard]] const TickerScoringOptions& options() const noexcept { return o_; }
  [[nodiscard]] std::string_view name() const noexcept { return o_.name; }
  [[nodiscard]] double min_score() const noexcept { return o_.min_score; }
  [[nodiscard]] std::size_t max_positions() const noexcept { return o_.max_positions; }

  [[nodiscard]] double vrp_score(std::optional<double> vrp) const noexcept {
    if (!vrp || *vrp <= 0.0) return 0.0;
    const double v = *vrp;
    const auto& t = o_.vrp;
    if (v >= t.excellent) return 100.0;
    if (v >= t.good) return 75.0 + 25.0 * (v - t.good) / (t.excellent - t.good);
    if (v >= t.marginal) return 50.0 + 25.0 * (v - t.marginal) / (t.good - t.marginal);
    if (v >= 1.0) return t.marginal <= 1.0 ? 0.0 : 50.0 * (v - 1.0) / (t.marginal - 1.0);
    return 0.0;
  }

  [[nodiscard]] double consistency_score(std::optional<double> consistency) const noexcept {
    if (!consistency || *consistency < 0.0) return 0.0;
    const double c = *consistency;
    const auto& t = o_.consistency;
    if (c >= t.excellent) return 100.0;
    if (c >= t.good) return 75.0 + 25.0 * (c - t.good) / (t.excellent - t.good);
    if (c >= t.marginal) return 50.0 + 25.0 * (c - t.marginal) / (t.good - t.marginal);
    return 0.0;
  }

  [[nodiscard]] double skew_score(std::optional<double> skew) const noexcept {
    if (!skew) return 75.0;
    const double s = std::fabs(*skew);
    if (s <= o_.skew_neutral) return 100.0;
    if (s <= o_.skew_moderate) {
      return 100.0 - 30.0 * (s - o_.skew_neutral) / (o_.skew_moderate - o_.skew_neutral);
    }
    return std::max(40.0, 70.0 - (s - o_.skew_moderate) * 50.0);
  }

  [[nodiscard]] static double liquidity_score(const TickerMetrics& m) noexcept {
    double oi = 5.0;
    if (m.open_interest) {
      const auto v = *m.open_interest;
      oi = v >= 1000 ? 10.0 : v >= 500 ? 7.5 : v >= 200 ? 5.0 : v >= 100 ? 2.5 : 0.0;
    }
    double spread = 5.0;
    if (m.spread) {
      const double v = m.spread->pct();
      spread = v <= 8.0 ? 10.0 : v <= 12.0 ? 7.5 : v <= 15.0 ? 5.0 : 0.0;
    }
    double volume = 2.5;
    if (m.volume) {
      const auto v = *m.volume;
      volume = v >= 500 ? 5.0 : v >= 100 ? 3.5 : v >= 50 ? 2.0 : 0.0;
    }
    return (oi + spread + volume) * 4.0;
  }

  [[nodiscard]] ScoreBreakdown score(const TickerMetrics& m) const noexcept {
    const auto& w = o_.weights;
    const double vrp = vrp_score(m.vrp_ratio);
    const double consistency = consistency_score(m.consistency);
    const double skew = skew_score(m.skew);
    const double liquidity = liquidity_score(m);
    ScoreBreakdown b;
    if (m.vrp_ratio) {
      b.add("vrp", vrp * w.vrp, w.vrp, {"VRP {:.2f}x: {:.1f}/100", {*m.vrp_ratio, vrp}});
    } else {
      b.add("vrp", 0.0, w.vrp, {"no VRP: 0/100"});
    }
    if (m.consistency) {
      b.add("consistency", consistency * w.consistency, w.consistency,
            {"consistency {:.2f}: {:.1f}/100", {*m.consistency, consistency}});
    } else {
      b.add("consistency", 0.0, w.consistency, {"no consistency: 0/100"});
    }
    if (m.skew) {
      b.add("skew", skew * w.skew, w.skew,
            {"|skew| {:.3f}: {:.1f}/100", {std::fabs(*m.skew), skew}});
    } else {
      b.add("skew", skew * w.skew, w.skew, {"no skew: 75/100"});
    }
    b.add("liquidity", liquidity * w.liquidity, w.liquidity,
          {"OI, spread and volume points x4: {:.1f}/100", {liquidity}});
    const double composite =
        vrp * w.vrp + consistency * w.consistency + skew * w.skew + liquidity * w.liquidity;
    b.set_total(std::clamp(composite, 0.0, 100.0));
    return b;
  }

 private:
  static void require_ordered(std::string_view field, const TierThresholds& t) {
    const auto name = [&](std::string_view part) { return fmt::format("{}.{}", field, part); };
    detail::require_non_negative(name("marginal"), t.marginal);
    detail::require_finite(name("good"), t.good);
    detail::require_finite(name("excellent"), t.excellent);
    if (!(t.good > t.marginal)) {
      detail::throw_invalid(ErrorCode::inconsistent, name("good"), t.good,
                            fmt::format("must be above {} ({})", name("marginal"), t.marginal));
    }
    if (!(t.excellent > t.good)) {
      detail::throw_invalid(ErrorCode::inconsistent, name("excellent"), t.excellent,
                            fmt::format("must be above {} ({})", name("good"), t.good));
    }
  }

  static void validate(const TickerScoringOptions& o) {
    detail::require_unit_interval("weights.vrp", o.weights.vrp);
    detail::require_unit_interval("weights.consistency", o.weights.consistency);
    detail::require_unit_interval("weights.skew", o.weights.skew);
    detail::require_unit_interval("weights.liquidity", o.weights.liquidity);
    detail::require_weights_sum_to_one("weights sum", o.weights.sum());
    require_ordered("vrp", o.vrp);
    require_ordered("consistency", o.consistency);
    if (o.consistency.excellent > 1.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "consistency.excellent",
                            o.consistency.excellent, "must be in [0, 1]");
    }
    detail::require_non_negative("skew_neutral", o.skew_neutral);
    detail::require_finite("skew_moderate", o.skew_moderate);
    if (!(o.skew_moderate > o.skew_neutral)) {
      detail::throw_invalid(ErrorCode::inconsistent, "skew_moderate", o.skew_moderate,
                            fmt::format("must be above skew_neutral ({})", o.skew_neutral));
    }
    detail::require_finite("min_score", o.min_score);
    if (o.min_score < 0.0 || o.min_score > 100.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "min_score", o.min_score,
                            "must be in [0, 100]");
    }
    if (o.max_positions == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "max_positions", 0, "must be at least 1");
    }
  }

  TickerScoringOptions o_;
};

static_assert(TickerScoringPolicy<TickerScoring>);

struct RankedTicker {
  std::size_t index = 0;  // into the ranked span
  Symbol symbol;
  ScoreBreakdown breakdown;
  std::size_t rank = 0;   // 1 = best
  bool selected = false;  // rank <= max_positions
};

// The tickers scoring at least the policy's min_score, best first (ties: input order).
template <TickerScoringPolicy P>
[[nodiscard]] std::vector<RankedTicker> rank_tickers(const P& policy,
                                                     std::span<const TickerMetrics> tickers) {
  std::vector<RankedTicker> out;
  const double min_score = static_cast<double>(policy.min_score());
  for (std::size_t i = 0; i < tickers.size(); ++i) {
    ScoreBreakdown b = policy.score(tickers[i]);
    if (b.total() >= min_score) out.push_back(RankedTicker{i, tickers[i].symbol, b, 0, false});
  }
  std::stable_sort(out.begin(), out.end(), [](const RankedTicker& a, const RankedTicker& b) {
    return a.breakdown.total() > b.breakdown.total();
  });
  const auto max_positions = static_cast<std::size_t>(policy.max_positions());
  for (std::size_t r = 0; r < out.size(); ++r) {
    out[r].rank = r + 1;
    out[r].selected = r + 1 <= max_positions;
  }
  return out;
}

}  // namespace ivcrush::inline v0
