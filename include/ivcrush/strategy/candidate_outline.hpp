// ivcrush/strategy/candidate_outline.hpp: what is known of a candidate trade before its
// expensive analytics, so that a scoring policy can bound its score and skip the full analysis.
//
//   // built by the generator's cheap stage (generator.hpp, generate_top_candidates)
//   const CandidateOutline& o = ...;
//   o.max_loss;  o.reward_risk_ratio;  o.payoff.breakevens();  o.liquidity;   // exact
//   o.legacy_pop;                          // exact (the delta proxy / butterfly table)
//   o.model_probability_of_profit();       // exact, computed on call (one or two normal cdfs)
//   o.empirical_outcome();                 // exact, computed on call (moves x legs payoffs)
//   o.contracts.min, o.contracts.max;      // what the sizing rule can still choose
//
// The outline is the cheap half of the per-candidate analysis (builders.hpp): legs priced at
// their mids, the exact payoff with fees, max profit and max loss, reward/risk, the legacy POP,
// per-unit greeks and the short legs' liquidity: the same values, bit for bit, that the
// finished Candidate carries. What it does not compute up front is the expensive half: the
// lognormal E[P/L] (a log and two normal cdfs per strike), the empirical outcome and the
// contracts of the sizing rule (fed with a POP). Two of those are available on demand, each
// exactly as the full analysis computes it (the same functions on the same inputs):
// model_probability_of_profit() and empirical_outcome(). The contracts are given as the range
// the sizing rule can return whatever the POP (exact when the rule does not read an unknown
// POP: fixed sizing, or sizing on the legacy POP). The generator's pruned path asks a policy
// for its bound twice for a pick it visits: once with that range, once with the exact
// contracts (its sizing POP computed), so a bound must hold for any range containing them.
// Lifetime: a view. The strategy and payoff are the cheap stage's own (the outline is handed to
// a callback while they live), `model` and `historical_moves` point into the generator's
// context: do not keep an outline beyond the call that received it.
// Thread safety: the on-demand members are const and pure. Errors: none (no validation here;
// the generator validated its inputs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/earnings/liquidity.hpp"
#include "ivcrush/pricing/lognormal.hpp"
#include "ivcrush/strategy/candidate.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/position_greeks.hpp"
#include "ivcrush/strategy/probability.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0 {

// The contracts the sizing rule can return for a candidate, both ends included.
struct ContractRange {
  std::int32_t min = 0;
  std::int32_t max = 0;

  [[nodiscard]] constexpr bool contains(std::int32_t n) const noexcept {
    return n >= min && n <= max;
  }
  [[nodiscard]] constexpr bool exact() const noexcept { return min == max; }
};

struct CandidateOutline {
  StrategyKind kind = StrategyKind::custom;
  const Strategy& strategy;              // one unit: one contract per leg
  const PayoffProfile& payoff;           // of one unit, fees included
  Money net_credit_per_share;            // as Candidate
  Money max_profit;                      // per unit
  Money max_loss;                        // per unit, positive
  double reward_risk_ratio = 0.0;        // max_profit / max_loss
  double legacy_pop = 0.0;               // Candidate::pop.legacy
  std::optional<PositionGreeks> greeks;  // per unit; absent when a leg has none
  LiquidityTier liquidity = LiquidityTier::reject;
  std::optional<std::int64_t> min_open_interest;  // nullopt when a short leg has none
  Percentage max_spread;
  ContractRange contracts;  // Candidate::contracts lies in it

  // The inputs of the on-demand analytics (the generator's context).
  const LognormalModel* model = nullptr;
  Price spot;
  std::span<const Percentage> historical_moves;
  std::optional<PostEventDiffusion> post_event_diffusion;  // the context's; drift: model->drift

  // Candidate::empirical_sample_size: the number of moves (0 when there is no history).
  [[nodiscard]] std::size_t empirical_sample_size() const noexcept {
    return historical_moves.size();
  }
  // Candidate::pop.model, the same bits (the lognormal mass over the profit intervals).
  [[nodiscard]] double model_probability_of_profit() const {
    return detail::lognormal_mass(*model, payoff.profit_intervals());
  }
  // What the candidate's empirical POP and E[P/L] come from; nullopt without moves.
  [[nodiscard]] std::optional<OutcomeProbabilities> empirical_outcome() const {
    if (historical_moves.empty()) return std::nullopt;
    if (post_event_diffusion) {
      return ivcrush::empirical_outcome(payoff, spot, historical_moves, *post_event_diffusion,
                                        model->drift);
    }
    return ivcrush::empirical_outcome(payoff, spot, historical_moves);
  }
};

}  // namespace ivcrush::inline v0
