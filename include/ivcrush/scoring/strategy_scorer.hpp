// ivcrush/scoring/strategy_scorer.hpp: rank candidate trades with any scoring policy and say why.
//
//   StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
//   Ranking r = scorer.rank(candidates, context);   // context validated once (InvalidInput)
//   r.top[0].index;                 // position of the best candidate in `candidates`
//   r.top[0].breakdown.total();     // its score on 0-100, with components and reasons
//   r.top[0].rationale;             // "✓ High liquidity, Excellent VRP edge, ..."
//   r.recommendation;               // "Bull Put Spread best; excellent VRP (>2.0x); ..."
//   scorer.rank_into(candidates, context, r);   // reuses r's storage: no allocation per call
//
// Order: descending total; ties keep the input order (the lower index first), as the original's
// stable sort kept the generator's selection order. The top_n best are kept, with a breakdown
// each; rationales (rationale.hpp) are built for the kept ones only, with the policy's
// rationale_options() when it has one (scoring_policy.hpp).
// Cost: one policy call per candidate plus an O(top_n) insertion when it enters the top; the
// loop allocates nothing (the kept slots are reserved before it), so the scorer adds a few
// nanoseconds to the policy's own arithmetic. Allocation happens only for the kept rationales.
// Thread safety: a scorer is immutable after construction; rank() may run concurrently on one
// scorer with distinct Ranking objects.
// Errors: top_n = 0 is rejected (InvalidInput); a bad context is rejected by rank().
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/scoring/rationale.hpp"
#include "ivcrush/scoring/score_breakdown.hpp"
#include "ivcrush/scoring/scoring_policy.hpp"

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
  std::vector<RankedCandidate> top;  // best first, at most top_n
  std::string recommendation;        // for top[0]; empty when there is none or !explain
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
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      ScoreBreakdown b = policy_.score(candidates[i], ctx);
      const double total = b.total();
      if (top.size() == options_.top_n && !(total > top.back().breakdown.total())) continue;
      // Insert after every kept entry with a total >= this one: earlier indices win ties.
      std::size_t pos = top.size();
      while (pos > 0 && top[pos - 1].breakdown.total() < total) --pos;
      if (top.size() == options_.top_n) top.pop_back();
      top.insert(top.begin() + static_cast<std::ptrdiff_t>(pos),
                 RankedCandidate{i, b, std::string()});
    }
    if (!options_.explain) return;
    for (auto& kept : top) {
      kept.rationale = strategy_rationale(candidates[kept.index], ctx, rationale_);
    }
    if (!top.empty()) {
      out.recommendation = recommendation_rationale(candidates[top.front().index], ctx, rationale_);
    }
  }

 private:
  P policy_;
  ScorerOptions options_;
  RationaleOptions rationale_;
};

}  // namespace ivcrush::inline v0
