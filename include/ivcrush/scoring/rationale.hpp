// ivcrush/scoring/rationale.hpp: the original's one-line explanations of a strategy and of the
// recommendation (domain-spec §4.6-4.7), with the thresholds and the POP as parameters.
//
//   strategy_rationale(c, ctx, {});
//     // "✓ High liquidity, Excellent VRP edge, favorable R/R, high POP, benefits from IV crush,
//     //  EXIT next trading day (spreads: 31% win if held 2+ days)"
//   recommendation_rationale(c, ctx, {});
//     // "Bull Put Spread best; excellent VRP (>2.0x); high POP (82%); 1 contracts"
//
// Units: R/R per spread; theta and vega as *position* greeks (per unit x contracts), as the
// original printed them; POP is the one RationaleOptions::pop_source picks (select_pop).
// The texts are the original's, byte for byte (UTF-8 ✓ ⚠️ ❌; "1 contracts" included),
// except that the VRP threshold in "excellent VRP (>2.0x)" prints the policy's threshold, and a
// custom strategy kind is named as itself instead of falling into "Bear Call Spread best".
// Allocates the returned string (once); the scorer calls these only for the strategies it keeps.
#pragma once

#include <fmt/format.h>

#include <iterator>
#include <string>

#include "ivcrush/scoring/scoring_policy.hpp"

namespace ivcrush::inline v0 {

[[nodiscard]] inline std::string strategy_rationale(const Candidate& c, const ScoringContext& ctx,
                                                    const RationaleOptions& options) {
  const auto& t = options.thresholds;
  std::string out;
  out.reserve(192);  // the longest text fits: one allocation per rationale
  const auto append = [&out](std::string_view part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  switch (c.liquidity) {
    case LiquidityTier::warning: append("⚠️ LOW LIQUIDITY"); break;
    case LiquidityTier::reject: append("❌ VERY LOW LIQUIDITY"); break;
    case LiquidityTier::excellent: append("✓ High liquidity"); break;
    case LiquidityTier::unknown:  // ours: never graded from data that has none
      append(ctx.modeled_chain ? "liquidity unknown (modeled)"
                               : "liquidity unknown (no open interest in the data)");
      break;
    case LiquidityTier::good: break;
  }
  if (ctx.vrp_ratio >= t.vrp_excellent) {
    append("Excellent VRP edge");
  } else if (ctx.vrp_ratio >= t.vrp_strong) {
    append("Strong VRP");
  }
  if (c.reward_risk_ratio >= t.reward_risk_favorable) append("favorable R/R");
  const PopChoice pop = select_pop(c, options.pop_source, options.min_empirical_samples);
  if (pop.value >= t.pop_high) append("high POP");
  if (const auto theta = position_theta(c); theta && *theta > t.theta_positive_per_day) {
    if (!out.empty()) out += ", ";
    fmt::format_to(std::back_inserter(out), "positive theta (${:.0f}/day)", *theta);
  }
  if (const auto vega = position_vega(c); vega && *vega < t.vega_beneficial_per_point) {
    append("benefits from IV crush");
  }
  switch (c.kind) {
    case StrategyKind::iron_condor: append("wide profit zone"); break;
    case StrategyKind::iron_butterfly: append("max profit at current price"); break;
    case StrategyKind::bull_put_spread:
    case StrategyKind::bear_call_spread:
      append("EXIT next trading day (spreads: 31% win if held 2+ days)");
      break;
    case StrategyKind::custom: break;
  }
  if (out.empty()) out = "Defined risk outside expected move";
  return out;
}

[[nodiscard]] inline std::string recommendation_rationale(const Candidate& c,
                                                          const ScoringContext& ctx,
                                                          const RationaleOptions& options) {
  const auto& t = options.thresholds;
  std::string out;
  out.reserve(96);
  const auto it = std::back_inserter(out);
  switch (c.kind) {
    case StrategyKind::iron_condor: out += "Iron Condor optimal"; break;
    case StrategyKind::iron_butterfly: out += "Iron Butterfly best"; break;
    case StrategyKind::bull_put_spread: out += "Bull Put Spread best"; break;
    case StrategyKind::bear_call_spread: out += "Bear Call Spread best"; break;
    case StrategyKind::custom: out += "Custom best"; break;
  }
  if (ctx.vrp_ratio >= t.vrp_excellent) {
    fmt::format_to(it, "; excellent VRP (>{:.1f}x)", t.vrp_excellent);
  }
  if (c.reward_risk_ratio >= t.reward_risk_favorable) {
    fmt::format_to(it, "; strong R/R ({:.2f})", c.reward_risk_ratio);
  }
  const PopChoice pop = select_pop(c, options.pop_source, options.min_empirical_samples);
  if (pop.value >= t.pop_high) fmt::format_to(it, "; high POP ({:.0f}%)", pop.value * 100.0);
  fmt::format_to(it, "; {} contracts", c.contracts);
  return out;
}

}  // namespace ivcrush::inline v0
