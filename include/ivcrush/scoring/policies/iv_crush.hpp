// ivcrush/scoring/policies/iv_crush.hpp: the original StrategyScorer as a policy, and its
// variants (domain-spec §4.1-4.5).
//
//   auto p = IvCrushScoring::original();          // "iv_crush_default": legacy POP, §8 exactly
//   IvCrushScoring::model_pop();                  // "iv_crush_model": lognormal POP
//   IvCrushScoring::empirical_pop();              // "iv_crush_empirical": the ticker's moves
//   IvCrushScoring::conservative();               // VRP profile 2.0 / 1.5 / 1.2, model POP
//   IvCrushScoring::aggressive();                 // VRP profile 1.5 / 1.3 / 1.1, model POP
//   IvCrushScoring custom({.pop_source = PopSource::model, .target_pop = 0.70});  // validated
//   ScoreBreakdown b = p.score(candidate, context);   // 93.4857143 for §8's base case
//
// The score (each weight is a fraction of 100 points; W is the with-greeks set when the
// candidate has greeks; without greeks W is whichever of the with-greeks set (greeks part 0, the
// worst greeks) and the no-greeks set gives the lower sum, so that missing greeks never score
// above any greeks the candidate could have had: the original's no-greeks set alone gave a
// candidate whose wings had no bid more points than the same trade with its greeks known):
//   pop       min(POP / target_pop, 1) * W.pop
//   liquidity tier excellent or good: W.liquidity; warning: half; reject: 0; unknown (OI or
//             volume not in the data, accepted by LiquidityPolicy::unknown_is_acceptable; a
//             known bad factor makes it warning or reject instead): W.liquidity, said so
//   vrp       min(vrp / vrp_target, 1) * W.vrp, and 0 below vrp_floor (0 for the original)
//   edge      e = POP * RR - (1 - POP); 0 if e <= 0, else min(e / full_edge, 1) * W.edge
//   greeks    theta part: min(theta / target_theta, 1) * W.greeks / 2 when theta > 0;
//             vega part:  V < 0: min(|V| / target_vega, 1) * W.greeks / 2;
//                         0 <= V <= 10: (1 - V / 10) / 2 * W.greeks / 2; V > 10: 0
//   size      min(contracts / target_contracts, 1) * W.size (weight 0 by default)
//   total = clamp((sum) * profit_zone_multiplier + directional_adjustment, 0, 100)
// Units: RR per spread (max profit / max loss of one unit); theta and vega are *position* greeks
// (per-unit greek x contracts, $ per day and $ per vol point), as the original scored them, so
// §8's "theta 25, vega -80" are a 5-lot's values (per unit 5 and -16). The profit zone is the
// span of the candidate's payoff breakevens (one unit, fees included) over spot, against twice
// the implied move. Complexity O(breakevens); no allocation; pure, thread-safe.
// score_upper_bound(outline, ctx): the same arithmetic on the cheap stage's outline
// (candidate_outline.hpp), the contracts taken at the best end of their range; >= the total
// (see the member), for the pruned analysis.
// Errors: the constructor throws InvalidInput naming the field for weights outside [0, 1], a
// weight set not summing to 1 within 0.01, non-positive targets, an unordered VRP profile
// (vrp_target = rationale.vrp_excellent > rationale.vrp_strong > vrp_floor >= 0), or negative
// bonuses.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "ivcrush/scoring/scoring_policy.hpp"

namespace ivcrush::inline v0 {

// Fractions of the 100 points.
struct IvCrushWeights {
  double pop = 0.0;
  double liquidity = 0.0;
  double vrp = 0.0;
  double edge = 0.0;
  double greeks = 0.0;
  double size = 0.0;

  [[nodiscard]] constexpr double sum() const noexcept {
    return pop + liquidity + vrp + edge + greeks + size;
  }
};

// Bonus points for a vertical that agrees with the skew's bias, by strength (domain-spec §4.4),
// and the (negative) points for one that fights it. Condors and butterflies get 0.
struct DirectionalBonus {
  double strong = 8.0;
  double moderate = 5.0;
  double weak = 3.0;
  double counter_trend = -3.0;
};

struct IvCrushOptions {
  std::string_view name = "iv_crush_custom";  // a literal; reported by name()
  PopSource pop_source = PopSource::legacy;
  std::size_t min_empirical_samples = 4;  // fewer empirical moves: fall back to the model POP
  IvCrushWeights with_greeks{
      .pop = 0.40, .liquidity = 0.22, .vrp = 0.17, .edge = 0.13, .greeks = 0.08, .size = 0.0};
  IvCrushWeights without_greeks{
      .pop = 0.45, .liquidity = 0.26, .vrp = 0.17, .edge = 0.12, .greeks = 0.0, .size = 0.0};
  double target_pop = 0.65;
  double vrp_target = 2.0;             // full VRP points from here (the profile's "excellent")
  double vrp_floor = 0.0;              // no VRP points below it (the profile's "marginal")
  double full_edge = 0.10;             // the edge that earns the full edge weight
  double target_theta_per_day = 50.0;  // position $ per day for the full theta part
  double target_vega_per_vol_point = 100.0;  // position |$| per vol point for the full vega part
  double target_contracts = 10.0;
  double profit_zone_floor = 0.6;  // the multiplier below r = 0.2 (the original's floor)
  DirectionalBonus direction;
  RationaleThresholds rationale;  // vrp_excellent must equal vrp_target
};

// The original's multiplier for r = profit-zone width / expected range (both in % of spot):
// r >= 1: 1; [0.7, 1): 0.9 + (r - 0.7) / 3; [0.4, 0.7): 0.8 + (r - 0.4) / 3;
// [0.2, 0.4): 0.7 + (r - 0.2) / 2; below 0.2: floor. Boundaries belong to the upper tier.
[[nodiscard]] constexpr double profit_zone_multiplier_for_ratio(double r,
                                                                double floor = 0.6) noexcept {
  if (r >= 1.0) return 1.0;
  if (r >= 0.70) return 0.9 + (r - 0.70) / 3.0;
  if (r >= 0.40) return 0.8 + (r - 0.40) / 3.0;
  if (r >= 0.20) return 0.7 + (r - 0.20) * 0.5;
  return floor;
}

struct ProfitZone {
  double multiplier = 1.0;
  std::optional<double> ratio;  // nullopt when the multiplier did not apply (< 2 breakevens)
  double zone_pct = 0.0;        // breakeven span in % of spot
  double range_pct = 0.0;       // 2 x implied move, in %
};

// Fewer than two breakevens (a vertical), a non-positive spot or a zero implied move: 1.
// Otherwise r = ((max BE - min BE) / spot * 100) / (2 * IM%), evaluated in that order as the
// original did (so breakevens 98.4 / 101.6 at IM 8 % give r just under 0.2, hence the floor).
[[nodiscard]] inline ProfitZone profit_zone(std::span<const double> breakevens, Price spot,
                                            Percentage implied_move, double floor = 0.6) noexcept {
  if (breakevens.size() < 2 || !(spot.dollars() > 0.0)) return {};
  const auto [lo, hi] = std::minmax_element(breakevens.begin(), breakevens.end());
  const double zone_pct = (*hi - *lo) / spot.dollars() * 100.0;
  const double range_pct = 2.0 * implied_move.pct();
  if (!(range_pct > 0.0)) return {};
  const double r = zone_pct / range_pct;
  return {profit_zone_multiplier_for_ratio(r, floor), r, zone_pct, range_pct};
}

// The points a strategy of `kind` gets for agreeing (or not) with `bias` (domain-spec §4.4).
[[nodiscard]] constexpr double directional_adjustment(StrategyKind kind, DirectionalBias bias,
                                                      const DirectionalBonus& bonus) noexcept {
  const bool bearish_trade = kind == StrategyKind::bear_call_spread;
  const bool bullish_trade = kind == StrategyKind::bull_put_spread;
  if ((!bearish_trade && !bullish_trade) || is_neutral(bias)) return 0.0;
  const bool aligned = (bearish_trade && is_bearish(bias)) || (bullish_trade && is_bullish(bias));
  if (!aligned) return bonus.counter_trend;
  switch (strength(bias)) {
    case 3: return bonus.strong;
    case 2: return bonus.moderate;
    case 1: return bonus.weak;
    default: return 0.0;
  }
}

// The original's informational sub-scores (domain-spec §4.5): profitability (higher is better)
// and risk (lower is safer), both from the POP the policy uses and the position greeks.
struct IvCrushSubScores {
  double profitability = 0.0;
  double risk = 0.0;
};

class IvCrushScoring {
 public:
  explicit IvCrushScoring(const IvCrushOptions& options) : o_(options) { validate(o_); }

  // "iv_crush_default": the original exactly, fed with the legacy POP (domain-spec §8).
  [[nodiscard]] static IvCrushScoring original() {
    return IvCrushScoring({.name = "iv_crush_default", .pop_source = PopSource::legacy});
  }
  // "iv_crush_model": the same structure fed with the lognormal POP at the implied volatility.
  [[nodiscard]] static IvCrushScoring model_pop() {
    return IvCrushScoring({.name = "iv_crush_model", .pop_source = PopSource::model});
  }
  // "iv_crush_empirical": fed with the ticker's own earnings-move POP; model POP when absent.
  [[nodiscard]] static IvCrushScoring empirical_pop() {
    return IvCrushScoring({.name = "iv_crush_empirical", .pop_source = PopSource::empirical});
  }
  // "conservative" / "aggressive": the VRP threshold profiles of domain-spec §2.4
  // (excellent / good / marginal) on the model POP.
  [[nodiscard]] static IvCrushScoring conservative() {
    return with_vrp_profile("conservative", 2.0, 1.5, 1.2);
  }
  [[nodiscard]] static IvCrushScoring aggressive() {
    return with_vrp_profile("aggressive", 1.5, 1.3, 1.1);
  }

  [[nodiscard]] const IvCrushOptions& options() const noexcept { return o_; }
  [[nodiscard]] std::string_view name() const noexcept { return o_.name; }
  [[nodiscard]] RationaleOptions rationale_options() const noexcept {
    return {o_.rationale, o_.pop_source, o_.min_empirical_samples};
  }

  [[nodiscard]] ScoreBreakdown score(const Candidate& c, const ScoringContext& ctx) const noexcept {
    const PopChoice pop = select_pop(c, o_.pop_source, o_.min_empirical_samples);
    const auto theta = position_theta(c);
    const auto vega = position_vega(c);
    const bool has_greeks = theta.has_value() && vega.has_value();
    const IvCrushWeights& w = weights_for(has_greeks, pop.value, c.liquidity, ctx.vrp_ratio,
                                          c.reward_risk_ratio, c.contracts);
    ScoreBreakdown b;

    const double pop_pts = pop_points(pop.value, w);
    b.add("pop", pop_pts, w.pop, pop_reason(pop, c));

    const double liq_pts = liquidity_points(c.liquidity, w);
    ScoreReason liq_why{"liquidity EXCELLENT: full weight"};
    switch (c.liquidity) {
      case LiquidityTier::excellent: break;
      case LiquidityTier::unknown:
        liq_why =
            ctx.modeled_chain
                ? ScoreReason{"liquidity unknown (modeled): full weight"}
                : ScoreReason{"liquidity unknown (no open interest in the data): full weight"};
        break;
      case LiquidityTier::good: liq_why = {"liquidity GOOD: full weight"}; break;
      case LiquidityTier::warning: liq_why = {"liquidity WARNING: half weight"}; break;
      case LiquidityTier::reject: liq_why = {"liquidity REJECT: no points"}; break;
    }
    b.add("liquidity", liq_pts, w.liquidity, liq_why);

    const double vrp_pts = vrp_points(ctx.vrp_ratio, w);
    if (ctx.vrp_ratio < o_.vrp_floor) {
      b.add("vrp", vrp_pts, w.vrp,
            {"VRP {:.2f}x below the floor {:.2f}x", {ctx.vrp_ratio, o_.vrp_floor}});
    } else {
      b.add("vrp", vrp_pts, w.vrp,
            {"VRP {:.2f}x vs target {:.2f}x", {ctx.vrp_ratio, o_.vrp_target}});
    }

    const double edge = edge_of(pop.value, c.reward_risk_ratio);
    const double edge_pts = edge_points(edge, w);
    b.add("edge", edge_pts, w.edge,
          {"POP x R/R - (1 - POP) = {:.4f} (R/R {:.3f}), full at {:.2f}",
           {edge, c.reward_risk_ratio, o_.full_edge}});

    double greeks_pts = 0.0;
    if (has_greeks) {
      const double half = w.greeks * 100.0 / 2.0;
      greeks_pts = theta_part(*theta, half) + vega_part(*vega, half);
      b.add("greeks", greeks_pts, w.greeks,
            {"position theta ${:.2f}/day, vega ${:.2f}/vol pt", {*theta, *vega}});
    } else {
      b.add("greeks", 0.0, w.greeks,
            &w == &o_.with_greeks ? ScoreReason{"no greeks: 0 points, the worst greeks"}
                                  : ScoreReason{"no greeks: the no-greeks weight set (lower)"});
    }

    const double size_pts = size_points(c.contracts, w);
    b.add("size", size_pts, w.size, {"{:.0f} contracts", {static_cast<double>(c.contracts)}});

    const double base = pop_pts + liq_pts + vrp_pts + edge_pts + greeks_pts + size_pts;
    const ProfitZone zone =
        profit_zone(c.payoff.breakevens(), ctx.spot, ctx.implied_move, o_.profit_zone_floor);
    const double zoned = base * zone.multiplier;
    if (zone.ratio) {
      b.add("profit_zone", zoned - base, 0.0,
            {"zone {:.2f}% / range {:.2f}% of spot: x{:.4f}",
             {zone.zone_pct, zone.range_pct, zone.multiplier}});
    } else {
      b.add("profit_zone", 0.0, 0.0, {"fewer than two breakevens: x1"});
    }

    const double adjustment = directional_adjustment(c.kind, ctx.bias, o_.direction);
    b.add("direction", adjustment, 0.0, direction_reason(c.kind, ctx.bias, adjustment));
    b.set_total(std::clamp(zoned + adjustment, 0.0, 100.0));
    return b;
  }

  // An upper bound of score(c, ctx).total() from the candidate's outline (scoring_policy.hpp),
  // for the pruned analysis. Every part is score()'s own arithmetic on the outline's exact
  // values: the POP (legacy, model or empirical, computed on demand as the full analysis does),
  // liquidity, VRP, edge, the profit-zone multiplier (>= 0) and the directional points, except
  // the parts that read the contracts, still unknown: the theta and vega parts are each taken
  // at their best end of the contract range (theta's is monotone in the position theta, vega's
  // is monotone on each side of 0 and the range never crosses 0) and the size part at its top.
  // Each operation is monotone, so the result is >= the total; bound_slack covers a compiler
  // contracting the two inlined copies differently. Equal to the total up to the slack when
  // the contracts are exact (or the greeks and size weights are 0).
  [[nodiscard]] double score_upper_bound(const CandidateOutline& c,
                                         const ScoringContext& ctx) const {
    const double pop = outline_pop(c);
    const bool has_greeks = c.greeks.has_value();
    const IvCrushWeights& w = weights_for(has_greeks, pop, c.liquidity, ctx.vrp_ratio,
                                          c.reward_risk_ratio, c.contracts.max);
    const double pop_pts = pop_points(pop, w);
    const double liq_pts = liquidity_points(c.liquidity, w);
    const double vrp_pts = vrp_points(ctx.vrp_ratio, w);
    const double edge_pts = edge_points(edge_of(pop, c.reward_risk_ratio), w);
    double greeks_pts = 0.0;
    if (has_greeks) {
      const double half = w.greeks * 100.0 / 2.0;
      const double theta = c.greeks->theta_per_calendar_day.dollars();
      const double vega = c.greeks->vega_per_vol_point.dollars();
      const auto lo = static_cast<double>(c.contracts.min);
      const auto hi = static_cast<double>(c.contracts.max);
      greeks_pts = std::max(theta_part(theta * lo, half), theta_part(theta * hi, half)) +
                   std::max(vega_part(vega * lo, half), vega_part(vega * hi, half));
    }
    const double size_pts = size_points(c.contracts.max, w);
    const double base = pop_pts + liq_pts + vrp_pts + edge_pts + greeks_pts + size_pts;
    const double zoned =
        base * profit_zone(c.payoff.breakevens(), ctx.spot, ctx.implied_move, o_.profit_zone_floor)
                   .multiplier;
    const double adjustment = directional_adjustment(c.kind, ctx.bias, o_.direction);
    return std::clamp(zoned + adjustment + bound_slack, 0.0, 100.0);
  }

  // domain-spec §4.5, informational (not part of the total).
  [[nodiscard]] IvCrushSubScores sub_scores(const Candidate& c) const noexcept {
    const double pop = select_pop(c, o_.pop_source, o_.min_empirical_samples).value;
    const double rr = c.reward_risk_ratio;
    const auto theta = position_theta(c);
    const auto vega = position_vega(c);
    if (theta && vega) {
      const double profit = std::min(rr / 0.40 * 80.0, 80.0) +
                            (*theta > 0.0 ? std::min(*theta / 50.0 * 20.0, 20.0) : 0.0);
      const double risk =
          (1.0 - pop) * 70.0 + (*vega > 0.0 ? std::min(std::abs(*vega) / 100.0 * 30.0, 30.0) : 0.0);
      return {profit, risk};
    }
    return {std::min(rr / 0.40 * 100.0, 100.0), (1.0 - pop) * 100.0};
  }

 private:
  static constexpr double vega_neutral_band = 10.0;  // $ per vol point, the original's
  // Points added to a bound: far above any rounding difference (~1e-13 points), far below
  // any score difference that matters.
  static constexpr double bound_slack = 1e-9;

  // The weight set (see the file comment): with greeks, the with-greeks set; without, the set
  // whose sum of the parts that do not read greeks is lower (the with-greeks set on a tie).
  // score_upper_bound passes the top of the contract range: the size part is increasing in the
  // contracts, so the bound's choice is the set whose sum is lower at its own contracts, and
  // min(x, y) is increasing in both: the bound stays >= the total.
  [[nodiscard]] const IvCrushWeights& weights_for(bool has_greeks, double pop, LiquidityTier tier,
                                                  double vrp_ratio, double reward_risk,
                                                  std::int32_t contracts) const noexcept {
    if (has_greeks) return o_.with_greeks;
    const auto sum = [&](const IvCrushWeights& w) {
      return pop_points(pop, w) + liquidity_points(tier, w) + vrp_points(vrp_ratio, w) +
             edge_points(edge_of(pop, reward_risk), w) + size_points(contracts, w);
    };
    return sum(o_.without_greeks) < sum(o_.with_greeks) ? o_.without_greeks : o_.with_greeks;
  }

  // The parts of the score, shared by score() and score_upper_bound() so that both do the
  // same arithmetic.
  [[nodiscard]] double pop_points(double pop, const IvCrushWeights& w) const noexcept {
    return std::min(pop / o_.target_pop, 1.0) * w.pop * 100.0;
  }
  [[nodiscard]] static double liquidity_points(LiquidityTier tier,
                                               const IvCrushWeights& w) noexcept {
    double pts = w.liquidity * 100.0;
    if (tier == LiquidityTier::warning) pts *= 0.5;
    if (tier == LiquidityTier::reject) pts = 0.0;
    return pts;
  }
  [[nodiscard]] double vrp_points(double vrp_ratio, const IvCrushWeights& w) const noexcept {
    if (vrp_ratio < o_.vrp_floor) return 0.0;
    return std::min(vrp_ratio / o_.vrp_target, 1.0) * w.vrp * 100.0;
  }
  [[nodiscard]] static double edge_of(double pop, double reward_risk) noexcept {
    return pop * reward_risk - (1.0 - pop);
  }
  [[nodiscard]] double edge_points(double edge, const IvCrushWeights& w) const noexcept {
    return edge <= 0.0 ? 0.0 : std::min(edge / o_.full_edge, 1.0) * w.edge * 100.0;
  }
  [[nodiscard]] double theta_part(double position_theta, double half) const noexcept {
    return position_theta > 0.0 ? std::min(position_theta / o_.target_theta_per_day, 1.0) * half
                                : 0.0;
  }
  [[nodiscard]] double vega_part(double position_vega, double half) const noexcept {
    if (position_vega < 0.0) {
      return std::min(-position_vega / o_.target_vega_per_vol_point, 1.0) * half;
    }
    if (position_vega <= vega_neutral_band) {
      return 0.5 * (1.0 - position_vega / vega_neutral_band) * half;
    }
    return 0.0;
  }
  [[nodiscard]] double size_points(std::int32_t contracts, const IvCrushWeights& w) const noexcept {
    return std::min(static_cast<double>(contracts) / o_.target_contracts, 1.0) * w.size * 100.0;
  }
  // select_pop's value for the candidate the outline completes to.
  [[nodiscard]] double outline_pop(const CandidateOutline& c) const {
    switch (o_.pop_source) {
      case PopSource::legacy: return c.legacy_pop;
      case PopSource::model: break;
      case PopSource::empirical:
        if (c.empirical_sample_size() >= o_.min_empirical_samples) {
          return c.empirical_outcome()->probability_of_profit;
        }
        break;
    }
    return c.model_probability_of_profit();
  }

  [[nodiscard]] static IvCrushScoring with_vrp_profile(std::string_view name, double excellent,
                                                       double good, double marginal) {
    IvCrushOptions o{.name = name, .pop_source = PopSource::model};
    o.vrp_target = excellent;
    o.vrp_floor = marginal;
    o.rationale.vrp_excellent = excellent;
    o.rationale.vrp_strong = good;
    return IvCrushScoring(o);
  }

  [[nodiscard]] ScoreReason pop_reason(const PopChoice& pop, const Candidate& c) const noexcept {
    if (pop.fell_back) {
      return {"model POP {:.3f} vs target {:.2f} (empirical: {:.0f} moves, too few or none)",
              {pop.value, o_.target_pop, static_cast<double>(c.empirical_sample_size)}};
    }
    switch (pop.source) {
      case PopSource::legacy:
        return {"legacy POP {:.3f} vs target {:.2f}", {pop.value, o_.target_pop}};
      case PopSource::model:
        return {"model POP {:.3f} vs target {:.2f}", {pop.value, o_.target_pop}};
      case PopSource::empirical:
        return {"empirical POP {:.3f} over {:.0f} moves vs target {:.2f}",
                {pop.value, static_cast<double>(c.empirical_sample_size), o_.target_pop}};
    }
    return {};
  }

  [[nodiscard]] static ScoreReason direction_reason(StrategyKind kind, DirectionalBias bias,
                                                    double adjustment) noexcept {
    if (kind != StrategyKind::bull_put_spread && kind != StrategyKind::bear_call_spread) {
      return {"non-directional strategy: no adjustment"};
    }
    if (is_neutral(bias)) return {"neutral skew: no adjustment"};
    if (adjustment < 0.0) return {"against the skew's bias: {:+.0f}", {adjustment}};
    return {"with the skew's bias (strength {:.0f}): {:+.0f}",
            {static_cast<double>(strength(bias)), adjustment}};
  }

  static void validate_weights(std::string_view set, const IvCrushWeights& w) {
    const auto field = [&](std::string_view name) { return fmt::format("{}.{}", set, name); };
    detail::require_unit_interval(field("pop"), w.pop);
    detail::require_unit_interval(field("liquidity"), w.liquidity);
    detail::require_unit_interval(field("vrp"), w.vrp);
    detail::require_unit_interval(field("edge"), w.edge);
    detail::require_unit_interval(field("greeks"), w.greeks);
    detail::require_unit_interval(field("size"), w.size);
    detail::require_weights_sum_to_one(fmt::format("{} sum", set), w.sum());
  }

  static void validate(const IvCrushOptions& o) {
    validate_weights("with_greeks", o.with_greeks);
    validate_weights("without_greeks", o.without_greeks);
    if (o.without_greeks.greeks != 0.0) {
      detail::throw_invalid(ErrorCode::inconsistent, "without_greeks.greeks",
                            o.without_greeks.greeks, "must be 0 (there are no greeks to score)");
    }
    if (o.min_empirical_samples == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "min_empirical_samples", 0,
                            "must be at least 1");
    }
    detail::require_positive("target_pop", o.target_pop);
    if (o.target_pop > 1.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "target_pop", o.target_pop,
                            "must be in (0, 1]");
    }
    detail::require_positive("full_edge", o.full_edge);
    detail::require_positive("target_theta_per_day", o.target_theta_per_day);
    detail::require_positive("target_vega_per_vol_point", o.target_vega_per_vol_point);
    detail::require_positive("target_contracts", o.target_contracts);
    detail::require_unit_interval("profit_zone_floor", o.profit_zone_floor);
    if (o.profit_zone_floor > 0.7) {
      detail::throw_invalid(ErrorCode::out_of_range, "profit_zone_floor", o.profit_zone_floor,
                            "must not exceed 0.7 (the lowest tier's start)");
    }
    o.rationale.validate();
    detail::require_positive("vrp_target", o.vrp_target);
    if (o.vrp_target != o.rationale.vrp_excellent) {
      detail::throw_invalid(
          ErrorCode::inconsistent, "vrp_target", o.vrp_target,
          fmt::format("must equal rationale.vrp_excellent ({})", o.rationale.vrp_excellent));
    }
    detail::require_non_negative("vrp_floor", o.vrp_floor);
    if (!(o.vrp_floor < o.rationale.vrp_strong)) {
      detail::throw_invalid(
          ErrorCode::inconsistent, "vrp_floor", o.vrp_floor,
          fmt::format("must be below rationale.vrp_strong ({})", o.rationale.vrp_strong));
    }
    detail::require_non_negative("direction.strong", o.direction.strong);
    detail::require_non_negative("direction.moderate", o.direction.moderate);
    detail::require_non_negative("direction.weak", o.direction.weak);
    detail::require_finite("direction.counter_trend", o.direction.counter_trend);
    if (o.direction.counter_trend > 0.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "direction.counter_trend",
                            o.direction.counter_trend, "must not be positive");
    }
    if (!(o.direction.strong >= o.direction.moderate && o.direction.moderate >= o.direction.weak)) {
      detail::throw_invalid(ErrorCode::inconsistent, "direction.moderate", o.direction.moderate,
                            fmt::format("must lie between direction.weak ({}) and "
                                        "direction.strong ({})",
                                        o.direction.weak, o.direction.strong));
    }
  }

  IvCrushOptions o_;
};

static_assert(ScoringPolicy<IvCrushScoring>);
static_assert(ExplainsRationale<IvCrushScoring>);
static_assert(BoundsScore<IvCrushScoring>);

}  // namespace ivcrush::inline v0
