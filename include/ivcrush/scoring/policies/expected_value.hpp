// ivcrush/scoring/policies/expected_value.hpp: rank by expected P/L per dollar at risk.
//
//   ExpectedValueScoring p;                                   // "expected_value", defaults
//   ExpectedValueScoring q({.min_liquidity = LiquidityTier::good, .scale = 0.10});
//   p.score(candidate, context).total();   // 50 at break-even, above 50 for a positive edge
//
// x = E[P/L] / max loss, both per unit, with E[P/L] under the ticker's own earnings moves
// (candidate.expected_pnl_empirical) when at least min_empirical_samples moves are known, and
// under the lognormal model otherwise (the reason says which). The total is the logistic
// 100 / (1 + exp(-x / scale)): strictly increasing in x, so ranking by the total is ranking by
// x (up to saturation for |x| > ~35 scale); 50 means break-even, and x = scale gives 73.1.
// Liquidity is a gate, not a weight: a candidate whose tier is below min_liquidity scores 0
// whatever its edge. The context is not used beyond the liquidity-free EV (no VRP, no bias):
// the empirical distribution already holds the ticker's move history.
// Precondition: max_loss > 0 (candidates are defined-risk; IVCRUSH_ASSERT).
// Errors: scale must be positive, min_empirical_samples at least 1 (InvalidInput).
// Complexity O(1); no allocation; pure, thread-safe. score_upper_bound(outline, ctx) bounds the
// total from the cheap stage's outline, for the pruned analysis (see the member).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string_view>

#include "ivcrush/scoring/scoring_policy.hpp"

namespace ivcrush::inline v0 {

struct ExpectedValueOptions {
  LiquidityTier min_liquidity = LiquidityTier::warning;  // below it: gated to 0
  std::size_t min_empirical_samples = 4;
  double scale = 0.05;  // E[P/L] / max loss that scores 73.1 (logistic scale)
};

class ExpectedValueScoring {
 public:
  explicit ExpectedValueScoring(const ExpectedValueOptions& options = {}) : o_(options) {
    detail::require_positive("scale", o_.scale);
    if (o_.min_empirical_samples == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "min_empirical_samples", 0,
                            "must be at least 1");
    }
  }

  [[nodiscard]] const ExpectedValueOptions& options() const noexcept { return o_; }
  [[nodiscard]] static constexpr std::string_view name() noexcept { return "expected_value"; }
  [[nodiscard]] RationaleOptions rationale_options() const noexcept {
    return {.thresholds = {},
            .pop_source = PopSource::empirical,
            .min_empirical_samples = o_.min_empirical_samples};
  }

  [[nodiscard]] ScoreBreakdown score(const Candidate& c,
                                     const ScoringContext& /*context*/) const noexcept {
    IVCRUSH_ASSERT(c.max_loss.dollars() > 0.0, "a scored candidate has a positive max loss");
    const bool empirical =
        c.expected_pnl_empirical && c.empirical_sample_size >= o_.min_empirical_samples;
    const double ev =
        empirical ? c.expected_pnl_empirical->dollars() : c.expected_pnl_model.dollars();
    const double x = ev / c.max_loss.dollars();
    const double logistic = logistic_points(x);
    const bool gated = c.liquidity < o_.min_liquidity;

    ScoreBreakdown b;
    const double points = gated ? 0.0 : logistic;
    if (empirical) {
      b.add("expected_value", points, 1.0,
            {"empirical E[P/L] ${:.2f} over {:.0f} moves = {:+.4f} of max loss",
             {ev, static_cast<double>(c.empirical_sample_size), x}});
    } else {
      b.add("expected_value", points, 1.0,
            {"model E[P/L] ${:.2f} = {:+.4f} of max loss (empirical: {:.0f} moves, too few)",
             {ev, x, static_cast<double>(c.empirical_sample_size)}});
    }
    b.add("liquidity", 0.0, 0.0, gate_reason(c.liquidity, gated));
    b.set_total(points);
    return b;
  }

  // An upper bound of score(c, ctx).total() from the candidate's outline (scoring_policy.hpp),
  // for the pruned analysis. A gated tier scores 0, exactly. With enough moves the empirical
  // E[P/L] is computed on demand as the full analysis does: the bound is the total itself.
  // Otherwise the model E[P/L] is not computed (it is the expensive part) but bounded: the P/L
  // never exceeds max profit, and outside the profit intervals it is below the profit threshold
  // min_profit, so E[P/L] <= POP × max profit + (1 − POP) × max(min_profit, 0) with the model
  // POP (computed on demand). The margin covers the rounding of both sides: E[P/L] is a sum of
  // terms of the order of 100 × legs × the strikes, so its error stays below ~1e-12 × the spot
  // in dollars; the margin is 1e-6 of max profit + max loss plus 1e-7 × the spot. The logistic
  // is increasing. bound_slack as IvCrushScoring's.
  [[nodiscard]] double score_upper_bound(const CandidateOutline& c,
                                         const ScoringContext& /*context*/) const {
    if (c.liquidity < o_.min_liquidity) return 0.0;
    const double max_loss = c.max_loss.dollars();
    if (c.empirical_sample_size() >= o_.min_empirical_samples) {
      const double ev = c.empirical_outcome()->expected_pnl.dollars();
      return std::min(logistic_points(ev / max_loss) + bound_slack, 100.0);
    }
    const double pop = c.model_probability_of_profit();
    const double threshold = std::max(c.payoff.min_profit().dollars(), 0.0);
    const double ev_bound = pop * c.max_profit.dollars() + (1.0 - pop) * threshold +
                            model_margin * (c.max_profit.dollars() + max_loss) +
                            spot_margin * c.spot.dollars();
    return std::min(logistic_points(ev_bound / max_loss) + bound_slack, 100.0);
  }

 private:
  static constexpr double bound_slack = 1e-9;   // points
  static constexpr double model_margin = 1e-6;  // of max profit + max loss, in dollars
  static constexpr double spot_margin = 1e-7;   // of the spot, in dollars

  // 100 / (1 + exp(-x / scale)): score() and the bound share it.
  [[nodiscard]] double logistic_points(double x) const noexcept {
    return 100.0 / (1.0 + std::exp(-x / o_.scale));
  }

  [[nodiscard]] static ScoreReason gate_reason(LiquidityTier tier, bool gated) noexcept {
    switch (tier) {
      case LiquidityTier::reject:
        return gated ? ScoreReason{"gated: liquidity REJECT is below the minimum tier"}
                     : ScoreReason{"liquidity REJECT passes the gate"};
      case LiquidityTier::warning:
        return gated ? ScoreReason{"gated: liquidity WARNING is below the minimum tier"}
                     : ScoreReason{"liquidity WARNING passes the gate"};
      case LiquidityTier::unknown:
        return gated ? ScoreReason{"gated: liquidity UNKNOWN is below the minimum tier"}
                     : ScoreReason{"liquidity UNKNOWN passes the gate"};
      case LiquidityTier::good:
        return gated ? ScoreReason{"gated: liquidity GOOD is below the minimum tier"}
                     : ScoreReason{"liquidity GOOD passes the gate"};
      case LiquidityTier::excellent: return {"liquidity EXCELLENT passes the gate"};
    }
    return {};
  }

  ExpectedValueOptions o_;
};

static_assert(ScoringPolicy<ExpectedValueScoring>);
static_assert(BoundsScore<ExpectedValueScoring>);

}  // namespace ivcrush::inline v0
