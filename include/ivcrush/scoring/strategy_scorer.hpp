// ivcrush/scoring/strategy_scorer.hpp: rank candidate trades with any scoring policy and say why.
//
//   StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
//   Ranking r = scorer.rank(candidates, context);   // context validated once (InvalidInput)
//   r.top[0].index;                 // position of the best candidate in `candidates`
//   r.top[0].breakdown.total();     // its score on 0-100, with components and reasons
//   r.top[0].rationale;             // "✓ High liquidity, Excellent VRP edge, ..."
//   r.verdict.is_trade();           // false: no trade (r.verdict.reason says why)
//   r.recommendation;               // "Bull Put Spread best; ..." or "No trade: ..."
//   scorer.rank_into(candidates, context, r);   // reuses r's storage: no allocation per call
//
// Dominated candidates are dropped: a candidate whose payoff (per unit, fees included) is at
// most another candidate's at every expiry price and below it somewhere (dominance.hpp) is
// never ranked, under any policy: the other trade is on the same chain and never pays less.
// Order of the rest: rank_order.hpp (total, then E[P/L] per max loss under the policy's
// probability, then max loss, then the trade's legs; input order only for identical trades).
// The top_n best are kept, with a breakdown each; rationales (rationale.hpp) are built for the
// kept ones only, with the policy's rationale_options() when it has one (scoring_policy.hpp).
// Verdict (verdict.hpp): no trade when the best candidate's expectation under the policy's
// probability rounds to $0.00 or less, or it sizes to 0 contracts; the recommendation then says
// so. The ranking itself is kept: a caller can show the candidates and the reason.
// Cost: one policy call per candidate plus, when a candidate enters the top, the dominance test
// against every candidate (O(n), early exits) and an O(top_n) insertion: O(n) entries in the
// worst input order, O(top_n log n) typically. The loop allocates nothing (the kept slots are
// reserved before it). Allocation happens only for the kept rationales and the recommendation.
// Thread safety: a scorer is immutable after construction; rank() may run concurrently on one
// scorer with distinct Ranking objects.
// Errors: top_n = 0 is rejected (InvalidInput); a bad context is rejected by rank().
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/scoring/dominance.hpp"
#include "ivcrush/scoring/rank_order.hpp"
#include "ivcrush/scoring/rationale.hpp"
#include "ivcrush/scoring/score_breakdown.hpp"
#include "ivcrush/scoring/scoring_policy.hpp"
#include "ivcrush/scoring/verdict.hpp"

namespace ivcrush::inline v0 {

struct ScorerOptions {
  std::size_t top_n = 3;  // the original kept 3
  bool explain = true;    // build the rationale strings for the kept candidates
};

struct RankedCandidate {
  std::size_t index = 0;  // into the ranked span
  ScoreBreakdown breakdown;
  std::string rationale;  // empty when !explain
};

struct Ranking {
  std::vector<RankedCandidate> top;  // best first, at most top_n, none dominated
  TradeVerdict verdict;              // on top[0] (no_candidates when top is empty)
  std::string recommendation;        // for top[0], or why no trade; empty when !explain
  std::size_t scored = 0;            // candidates scored

  [[nodiscard]] const RankedCandidate* best() const noexcept {
    return top.empty() ? nullptr : &top.front();
  }
};

template <ScoringPolicy P>
class StrategyScorer {
 public:
  explicit StrategyScorer(P policy, ScorerOptions options = {})
      : policy_(std::move(policy)), options_(options) {
    if (options_.top_n == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "top_n", 0, "must be at least 1");
    }
    rationale_ = rationale_options_of(policy_);
  }

  [[nodiscard]] const P& policy() const noexcept { return policy_; }
  [[nodiscard]] const ScorerOptions& options() const noexcept { return options_; }

  // One candidate's breakdown (the policy's, unchanged).
  [[nodiscard]] ScoreBreakdown score(const Candidate& c, const ScoringContext& ctx) const {
    return policy_.score(c, ctx);
  }

  // Where `c` goes in a ranking (rank_order.hpp): its total and tie keys. Refers to `c`.
  [[nodiscard]] RankKey rank_key(const Candidate& c, const ScoringContext& ctx) const {
    return ivcrush::rank_key(c, policy_.score(c, ctx).total(), rationale_);
  }

  [[nodiscard]] Ranking rank(std::span<const Candidate> candidates,
                             const ScoringContext& ctx) const {
    Ranking out;
    rank_into(candidates, ctx, out);
    return out;
  }

  // As rank(), into `out` (cleared first); keeps its capacity so repeated rankings reuse it.
  void rank_into(std::span<const Candidate> candidates, const ScoringContext& ctx,
                 Ranking& out) const {
    ctx.validate();
    out.top.clear();
    out.recommendation.clear();
    out.scored = candidates.size();
    out.top.reserve(options_.top_n);
    auto& top = out.top;
    const auto key_of = [&](const RankedCandidate& r) {
      return ivcrush::rank_key(candidates[r.index], r.breakdown.total(), rationale_);
    };
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      ScoreBreakdown b = policy_.score(candidates[i], ctx);
      const RankKey key = ivcrush::rank_key(candidates[i], b.total(), rationale_);
      // A later index never wins a tie of equal keys: the earlier stays first.
      if (top.size() == options_.top_n && !ranks_before(key, key_of(top.back()))) continue;
      if (dominated_in(candidates, i)) continue;
      std::size_t pos = top.size();
      while (pos > 0 && ranks_before(key, key_of(top[pos - 1]))) --pos;
      if (top.size() == options_.top_n) top.pop_back();
      top.insert(top.begin() + static_cast<std::ptrdiff_t>(pos),
                 RankedCandidate{i, b, std::string()});
    }
    const Candidate* best = top.empty() ? nullptr : &candidates[top.front().index];
    out.verdict = trade_verdict(best, rationale_);
    if (!options_.explain) return;
    for (auto& kept : top) {
      kept.rationale = strategy_rationale(candidates[kept.index], ctx, rationale_);
    }
    out.recommendation = out.verdict.is_trade() ? recommendation_rationale(*best, ctx, rationale_)
                                                : no_trade_rationale(best, out.verdict);
  }

 private:
  P policy_;
  ScorerOptions options_;
  RationaleOptions rationale_;
};

}  // namespace ivcrush::inline v0
