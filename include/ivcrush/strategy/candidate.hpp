// ivcrush/strategy/candidate.hpp: a trade the scorer can rank: a strategy with its analytics.
//
//   Candidate c = ...;                 // built by the generator (generator.hpp) or by hand
//   c.kind;                            // StrategyKind::iron_condor
//   c.max_loss;                        // per unit (one spread / one condor), a positive amount
//   c.pop.model, c.pop.empirical, c.pop.legacy   // three probabilities of profit, side by side
//   c.contracts;                       // the size chosen by the sizing rule
//
// One unit of the position is one contract per leg; max profit, max loss, expected P/L and the
// greeks are per unit (multiply by `contracts` for the position), fees included. The three
// probabilities of profit say where they come from: `model` (lognormal at the chain's implied
// volatility), `empirical` (this ticker's own earnings moves; absent without history) and
// `legacy` (the original's delta proxy and iron-butterfly table, for reproducing its scores).
// The scorer reads candidates only through these fields; a policy chooses which POP it uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/earnings/liquidity.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/position_greeks.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0 {

enum class StrategyKind { bull_put_spread, bear_call_spread, iron_condor, iron_butterfly, custom };

// The original's wire names.
[[nodiscard]] constexpr std::string_view to_string(StrategyKind k) noexcept {
  switch (k) {
    case StrategyKind::bull_put_spread: return "bull_put_spread";
    case StrategyKind::bear_call_spread: return "bear_call_spread";
    case StrategyKind::iron_condor: return "iron_condor";
    case StrategyKind::iron_butterfly: return "iron_butterfly";
    case StrategyKind::custom: return "custom";
  }
  return "custom";
}

[[nodiscard]] constexpr std::string_view display_name(StrategyKind k) noexcept {
  switch (k) {
    case StrategyKind::bull_put_spread: return "Bull Put Spread";
    case StrategyKind::bear_call_spread: return "Bear Call Spread";
    case StrategyKind::iron_condor: return "Iron Condor";
    case StrategyKind::iron_butterfly: return "Iron Butterfly";
    case StrategyKind::custom: return "Custom";
  }
  return "Custom";
}

struct ProbabilityOfProfit {
  double model = 0.0;               // lognormal mass over the profit intervals
  std::optional<double> empirical;  // share of this ticker's earnings moves ending in profit
  double legacy = 0.0;              // the original's delta proxy / butterfly table
};

struct Candidate {
  StrategyKind kind = StrategyKind::custom;
  Strategy strategy;               // one unit: one contract per leg
  PayoffProfile payoff;            // of one unit, fees included
  Money net_credit_per_share;      // premium received per share (negative for a debit)
  Money max_profit;                // per unit
  Money max_loss;                  // per unit, as a positive amount
  double reward_risk_ratio = 0.0;  // max_profit / max_loss
  ProbabilityOfProfit pop;
  Money expected_pnl_model;                     // per unit, lognormal
  std::optional<Money> expected_pnl_empirical;  // per unit, over the ticker's moves
  std::size_t empirical_sample_size = 0;
  std::optional<PositionGreeks> greeks;  // per unit; absent when no IV or greeks were known
  LiquidityTier liquidity = LiquidityTier::reject;  // the worst short leg
  std::optional<std::int64_t> min_open_interest;    // over the short legs; nullopt: unknown
  Percentage max_spread;                            // over the short legs
  std::int32_t contracts = 0;                       // chosen by the sizing rule
};

}  // namespace ivcrush::inline v0
