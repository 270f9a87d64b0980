// ivcrush/strategy/builders.hpp: the original's one-pick-per-type strategy builders (bull put
// spread, bear call spread, iron condor, iron butterfly), its strategy-type selection, and the
// analysis that turns picked strikes into a Candidate (shared with generator.hpp).
//
//   const ChainGreeks greeks = compute_chain_greeks(chain, {});
//   const StrategyContext ctx{.greeks = greeks, .expiration = e,
//                             .implied_move = Percentage::from_pct(6.63), .vrp_ratio = 2.2,
//                             .bias = DirectionalBias::neutral};
//   BuildResult r = build_bull_put_spread(ctx, {}, {});       // BuilderOptions, AnalysisOptions
//   if (r.ok()) r.candidate->max_loss;                       // per unit, exact, fees included
//   else fmt::print("{}: {}\n", to_string(r.reason), r.message);
//   auto picks = build_selected_strategies(ctx, {}, {});      // §3.3 types, one pick each
//
// Strike selection (domain-spec §3.4-§3.7, every knob in BuilderOptions):
// - delta targets (delta_targets): short 0.25 / long 0.20, shifted by the bias (strong 0.10,
//   plain 0.05, weak 0.02; a bullish bias moves the put side further out and the call side in),
//   then long >= short -> long = short - 0.05, clamp to [0.10, 0.40], and if long >= short
//   still, the base targets;
// - vertical (§3.5): the strikes of that side whose |delta| is nearest each target (first
//   strike wins a tie; quotes without a delta or with delta 0 skipped), swapped into order; kept
//   only if the short strike is strictly outside the implied move (put K < S - IM$, call
//   K > S + IM$). Otherwise the distance fallback: short target S ∓ (IM$ + 0.10·IM$), long
//   target 5 $ further ($3 under a $20 spot), each snapped to the nearest strike of that side
//   (tie -> lower). Credit = mid(short) - mid(long) must be >= min_credit ($0.20) up to the
//   rounding of the mids (core/money.hpp: an exact $0.20 from cent quotes passes);
// - iron condor (§3.6): the two verticals (each side's credit >= min_credit), put legs first;
// - iron butterfly (§3.7): short call and put at the ATM strike, long wings at the put strike
//   nearest K0 - w and the call strike nearest K0 + w, w = max(1.5 % × S, $3); credit >= min.
// The [BUG]s are fixed, not copied: max loss, max profit and breakevens come from the exact
// PayoffProfile (a condor loses max(width) - total credit; a butterfly's wider wing counts),
// and greeks are the candidate's own per unit (position_greeks), never a side's scaled by
// another contract count. Deviations, on purpose: a candidate whose payoff cannot lose (credit
// >= width, a quote artefact) or cannot gain after fees is refused (no_risk, no_profit) rather
// than sized on a zero loss; a butterfly wing that snaps onto the centre strike is refused
// (missing_wing); liquidity is attached with LiquidityTier::good kept as good (the original
// folded it into excellent, §3.11).
//
// Analysis (every candidate, builders and generator alike; AnalysisOptions): one unit (one
// contract per leg, premium = mid), PayoffProfile with the fees, credit, max profit, max loss
// (positive), reward/risk, model POP and E[P/L] (model_outcome with a LognormalModel at the
// expiration's ATM mid IV, or AnalysisOptions::volatility, the explicit drift, and T from the
// chain's as-of to the expiry instant, ACT/365 to the second), empirical POP and E[P/L] when
// the context has historical moves, the legacy POP (legacy_pop.hpp), per-unit greeks from the
// ChainGreeks (absent when a leg has none), the short legs' liquidity (worst tier, min open
// interest, max spread; LiquidityPolicy says what an unknown open interest means) and the
// contracts of the chosen sizing rule fed with the chosen POP (model by default). It runs in two
// stages (detail::outline, detail::complete): the cheap one builds a CandidateOutline
// (candidate_outline.hpp: everything up to the greeks and liquidity, the contracts as a range),
// the expensive one the outcomes, the contracts and the Candidate; the generator's pruned path
// runs the second only for the picks that can make the top N.
// Empirical outcome beyond the reaction session: with StrategyContext::post_event_diffusion set,
// each historical move is convolved with that diffusion to the expiry (probability.hpp), at the
// model's drift (AnalysisOptions::drift).
// Results: a BuildResult holds a Candidate or a NoCandidateReason with a message; nothing is
// silently empty. Errors: InvalidInput for invalid options or context (named fields, e.g.
// "deltas.short_delta = 0.6: must be in (0, 0.5)"). Complexity: O(K) per builder on the
// expiration's K strikes; the analysis is O(legs + moves × legs) and allocates nothing beyond
// the Candidate's inline storage.
#pragma once

#include <algorithm>
#include <array>
#include <boost/container/small_vector.hpp>
#include <boost/container/static_vector.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/directional_bias.hpp"
#include "ivcrush/earnings/liquidity.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/lognormal.hpp"
#include "ivcrush/strategy/candidate.hpp"
#include "ivcrush/strategy/candidate_outline.hpp"
#include "ivcrush/strategy/commissions.hpp"
#include "ivcrush/strategy/leg.hpp"
#include "ivcrush/strategy/legacy_pop.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/position_greeks.hpp"
#include "ivcrush/strategy/probability.hpp"
#include "ivcrush/strategy/sizing.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0 {

// ---------------------------------------------------------------------------------------------
// Options

// Where strike selection and the legacy POP read a quote's delta from: our ChainGreeks (delta
// at the mid IV) or the data vendor's delta carried by the quote (the original used the
// vendor's). Position greeks always come from the ChainGreeks.
enum class DeltaSource { computed, vendor };

// The POP the sizing rule is fed with (candidate.hpp explains the three).
enum class SizingPop { model, empirical, legacy };

enum class SizingRule {
  ev_kelly,  // the original's EV-scaled quarter Kelly (sizing.hpp, domain-spec §3.9)
  kelly,     // plain fractional Kelly on a bankroll
  fixed,     // as many contracts as the risk budget affords
};

// LiquidityPolicy (what an unknown open interest means) is defined with OptionQuote.

[[nodiscard]] constexpr std::string_view to_string(DeltaSource s) noexcept {
  return s == DeltaSource::computed ? "computed" : "vendor";
}
[[nodiscard]] constexpr std::string_view to_string(SizingPop s) noexcept {
  switch (s) {
    case SizingPop::model: return "model";
    case SizingPop::empirical: return "empirical";
    case SizingPop::legacy: return "legacy";
  }
  return "model";
}

// §3.4: base targets, bias adjustments, the gap and the clamp.
struct DeltaTargetRule {
  double short_delta = 0.25;
  double long_delta = 0.20;
  double strong_adjustment = 0.10;
  double moderate_adjustment = 0.05;
  double weak_adjustment = 0.02;
  double long_gap = 0.05;  // long = short - gap when the adjustment left long >= short
  double min_delta = 0.10;
  double max_delta = 0.40;
};

// §3.5: the spread width of the distance fallback: `wide` at or above `narrow_below`, else
// `narrow`.
struct SpreadWidthRule {
  Money wide = Money::dollars(5.0);
  Money narrow = Money::dollars(3.0);
  Price narrow_below = Price::dollars(20.0);

  [[nodiscard]] Money for_spot(Price spot) const noexcept {
    return spot >= narrow_below ? wide : narrow;
  }
};

struct BuilderOptions {
  DeltaTargetRule deltas;
  SpreadWidthRule width;
  Money min_credit = Money::dollars(0.20);  // per share, per vertical side / per butterfly
  double implied_move_buffer = 0.10;        // fallback buffer, a fraction of IM$
  Percentage butterfly_wing = Percentage::from_pct(1.5);  // wing = max(this × S, min wing)
  Money butterfly_min_wing = Money::dollars(3.0);
  LegacyButterflyPopClamp legacy_butterfly_pop;
  DeltaSource delta_source = DeltaSource::computed;

  void validate() const;
};

struct AnalysisOptions {
  CommissionSchedule fees;               // none by default: the caller states its broker's
  std::optional<Volatility> volatility;  // the model's σ; default: the ATM mid IV
  double drift = 0.0;                    // the model's μ (annual, continuously compounded)
  Money min_profit = Money::cents(1);    // what counts as a profit (PayoffOptions)
  SizingRule sizing = SizingRule::ev_kelly;
  SizingPop sizing_pop = SizingPop::model;
  EvKellyOptions ev_kelly;
  KellyOptions kelly;
  SizingLimits fixed;
  LiquidityThresholds liquidity = LiquidityThresholds::scorer_four_tier();  // §3.11
  LiquidityPolicy liquidity_policy = LiquidityPolicy::unknown_is_zero;

  void validate() const;
};

// ---------------------------------------------------------------------------------------------
// Context: one expiration of one chain, and what the earnings analytics said about it.

struct StrategyContext {
  const ChainGreeks& greeks;  // our IVs and greeks; greeks.chain() is the chain (and the spot)
  Expiration expiration;
  Percentage implied_move;  // of this expiration (e.g. atm_straddle_move(...).move), >= 0
  double vrp_ratio = 0.0;   // implied move / mean historical move (type selection)
  DirectionalBias bias = DirectionalBias::neutral;
  std::span<const Percentage> historical_moves;  // signed earnings moves; empty: no empirical
  // When the expiration lies after the reaction session: the ex-event diffusion from the
  // session's close to the expiry, convolved with each move (probability.hpp). nullopt or
  // time 0: the moves are the moves to expiry (the plain empirical outcome).
  std::optional<PostEventDiffusion> post_event_diffusion;

  [[nodiscard]] const OptionChain& chain() const noexcept { return greeks.chain(); }
  [[nodiscard]] Price spot() const noexcept { return greeks.chain().spot(); }
  // The implied move in dollars: S × IM.
  [[nodiscard]] double implied_move_dollars() const noexcept {
    return spot().dollars() * implied_move.fraction();
  }

  void validate() const {
    detail::require_non_negative("implied move %", implied_move.pct());
    detail::require_non_negative("vrp ratio", vrp_ratio);
    for (const Percentage m : historical_moves) {
      if (m.fraction() < -1.0) {
        detail::throw_invalid(ErrorCode::out_of_range, "historical move %", m.pct(),
                              "is below -100 % (a price cannot fall below zero)");
      }
    }
    if (post_event_diffusion) {
      detail::require_pricing_volatility(post_event_diffusion->volatility);
      detail::require_pricing_time(post_event_diffusion->time);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Results

enum class NoCandidateReason {
  expiration_not_in_chain,  // the chain has no quote for the expiration
  expired,                  // the expiry instant is before the chain's as-of
  no_volatility,            // no ATM mid IV and no AnalysisOptions::volatility
  no_quotes,                // the side has no quote at all
  strikes_cross,            // a condor's put short is not below its call short
  credit_below_minimum,     // credit < min_credit (also: both picks on one strike)
  missing_atm_quote,        // the ATM strike lacks a call or a put (butterfly)
  missing_wing,             // no wing strictly outside the centre (butterfly)
  zero_implied_move,        // the legacy butterfly table divides by the implied move
  no_risk,                  // the payoff cannot lose: nothing to size (credit >= width)
  no_profit,                // the payoff cannot gain (fees eat the credit)
};

[[nodiscard]] constexpr std::string_view to_string(NoCandidateReason r) noexcept {
  switch (r) {
    case NoCandidateReason::expiration_not_in_chain: return "expiration_not_in_chain";
    case NoCandidateReason::expired: return "expired";
    case NoCandidateReason::no_volatility: return "no_volatility";
    case NoCandidateReason::no_quotes: return "no_quotes";
    case NoCandidateReason::strikes_cross: return "strikes_cross";
    case NoCandidateReason::credit_below_minimum: return "credit_below_minimum";
    case NoCandidateReason::missing_atm_quote: return "missing_atm_quote";
    case NoCandidateReason::missing_wing: return "missing_wing";
    case NoCandidateReason::zero_implied_move: return "zero_implied_move";
    case NoCandidateReason::no_risk: return "no_risk";
    case NoCandidateReason::no_profit: return "no_profit";
  }
  return "unknown";
}

// A candidate, or why there is none (reason and message are meaningful only when !ok()).
struct BuildResult {
  StrategyKind kind = StrategyKind::custom;
  std::optional<Candidate> candidate;
  NoCandidateReason reason = NoCandidateReason::no_quotes;
  std::string message;

  [[nodiscard]] bool ok() const noexcept { return candidate.has_value(); }
};

// ---------------------------------------------------------------------------------------------
// Type selection (§3.3) and delta targets (§3.4)

using StrategyKindList = boost::container::static_vector<StrategyKind, 3>;

// The original's table; the order breaks score ties. WEAK biases count as directional only
// below r = 1.5.
[[nodiscard]] inline StrategyKindList select_strategy_kinds(double vrp_ratio,
                                                            DirectionalBias bias) {
  detail::require_non_negative("vrp ratio", vrp_ratio);
  using K = StrategyKind;
  const int s = strength(bias);
  const bool bull = is_bullish(bias);
  if (vrp_ratio >= 2.5 && is_neutral(bias)) {
    return {K::iron_butterfly, K::iron_condor, K::bull_put_spread};
  }
  if (vrp_ratio >= 2.0) {
    if (s <= 1) return {K::iron_condor, K::bull_put_spread, K::bear_call_spread};
    if (bull) {
      return s == 3 ? StrategyKindList{K::bull_put_spread, K::iron_condor}
                    : StrategyKindList{K::bull_put_spread, K::iron_condor, K::bear_call_spread};
    }
    return s == 3 ? StrategyKindList{K::bear_call_spread, K::iron_condor}
                  : StrategyKindList{K::bear_call_spread, K::iron_condor, K::bull_put_spread};
  }
  if (vrp_ratio >= 1.5) {
    if (s <= 1) return {K::iron_condor, K::bull_put_spread};
    return bull ? StrategyKindList{K::bull_put_spread, K::iron_condor}
                : StrategyKindList{K::bear_call_spread, K::iron_condor};
  }
  if (is_bearish(bias)) return {K::bear_call_spread};
  return {K::bull_put_spread};
}

struct DeltaTargets {
  double short_delta = 0.0;  // |delta| targets
  double long_delta = 0.0;

  friend bool operator==(const DeltaTargets&, const DeltaTargets&) = default;
};

namespace detail {

inline void require_open_unit(std::string_view field, double x, double upper) {
  require_finite(field, x);
  if (!(x > 0.0 && x < upper)) {
    throw_invalid(ErrorCode::out_of_range, field, x, fmt::format("must be in (0, {})", upper));
  }
}

inline void validate(const DeltaTargetRule& r) {
  require_open_unit("deltas.short_delta", r.short_delta, 0.5);
  require_open_unit("deltas.long_delta", r.long_delta, 0.5);
  if (!(r.long_delta < r.short_delta)) {
    throw_invalid(ErrorCode::inconsistent, "deltas.long_delta", r.long_delta,
                  fmt::format("must be below deltas.short_delta {}", r.short_delta));
  }
  require_non_negative("deltas.strong_adjustment", r.strong_adjustment);
  require_non_negative("deltas.moderate_adjustment", r.moderate_adjustment);
  require_non_negative("deltas.weak_adjustment", r.weak_adjustment);
  require_non_negative("deltas.long_gap", r.long_gap);
  require_open_unit("deltas.min_delta", r.min_delta, 0.5);
  require_open_unit("deltas.max_delta", r.max_delta, 1.0);
  if (!(r.min_delta < r.max_delta)) {
    throw_invalid(ErrorCode::inconsistent, "deltas.max_delta", r.max_delta,
                  fmt::format("must be above deltas.min_delta {}", r.min_delta));
  }
}

}  // namespace detail

// The (short, long) |delta| targets of one side under a bias (§3.4).
[[nodiscard]] inline DeltaTargets delta_targets(DirectionalBias bias, OptionRight side,
                                                const DeltaTargetRule& rule = {}) {
  detail::validate(rule);
  const int s = strength(bias);
  const double a = s == 3   ? rule.strong_adjustment
                   : s == 2 ? rule.moderate_adjustment
                   : s == 1 ? rule.weak_adjustment
                            : 0.0;
  // Puts: bullish -> further out (smaller |delta|); calls mirror.
  double sign = 0.0;
  if (is_bullish(bias)) sign = side == OptionRight::put ? -1.0 : 1.0;
  if (is_bearish(bias)) sign = side == OptionRight::put ? 1.0 : -1.0;
  double short_delta = rule.short_delta + sign * a;
  double long_delta = rule.long_delta + sign * a;
  if (long_delta >= short_delta) long_delta = short_delta - rule.long_gap;
  short_delta = std::clamp(short_delta, rule.min_delta, rule.max_delta);
  long_delta = std::clamp(long_delta, rule.min_delta, rule.max_delta);
  if (long_delta >= short_delta) return {rule.short_delta, rule.long_delta};
  return {short_delta, long_delta};
}

// ---------------------------------------------------------------------------------------------
// Option validation

inline void BuilderOptions::validate() const {
  detail::validate(deltas);
  const auto positive = [](std::string_view field, double x) {
    detail::require_finite(field, x);
    if (!(x > 0.0)) detail::throw_invalid(ErrorCode::out_of_range, field, x, "must be positive");
  };
  positive("width.wide", width.wide.dollars());
  positive("width.narrow", width.narrow.dollars());
  detail::require_non_negative("width.narrow_below", width.narrow_below.dollars());
  detail::require_non_negative("min_credit", min_credit.dollars());
  detail::require_non_negative("implied_move_buffer", implied_move_buffer);
  detail::require_non_negative("butterfly_wing %", butterfly_wing.pct());
  detail::require_non_negative("butterfly_min_wing", butterfly_min_wing.dollars());
  legacy_butterfly_pop.validate();
}

inline void AnalysisOptions::validate() const {
  fees.validate();
  detail::require_rate("drift", drift);
  detail::require_finite("min_profit", min_profit.dollars());
  if (volatility) detail::require_pricing_volatility(*volatility);
  detail::validate(ev_kelly.limits);
  detail::require_fraction("ev_kelly.kelly_fraction", ev_kelly.kelly_fraction);
  detail::validate(kelly.limits);
  detail::require_non_negative("kelly.bankroll", kelly.bankroll.dollars());
  detail::require_fraction("kelly.fraction", kelly.fraction);
  detail::validate(fixed);
}

// ---------------------------------------------------------------------------------------------
// Analysis: picked strikes -> Candidate

// One leg to price from the chain: its quote (an index into chain.quotes()) and side.
struct PickedLeg {
  OptionRight right = OptionRight::put;
  Strike strike;
  Side side = Side::sell;
  std::size_t quote_index = 0;
};

namespace detail {

// Everything the analysis shares across the candidates of one expiration, prepared once.
struct AnalysisEnv {
  const StrategyContext* context = nullptr;
  const AnalysisOptions* options = nullptr;
  LognormalModel model;
};

struct PreparedEnv {
  std::optional<AnalysisEnv> env;
  NoCandidateReason reason = NoCandidateReason::expiration_not_in_chain;
  std::string message;
};

// The ATM strike's mid IV: the mean of the call's and the put's when both solved, else the one
// that did.
[[nodiscard]] inline std::optional<Volatility> atm_mid_iv(const ChainGreeks& greeks,
                                                          const ExpirationView& view) {
  const auto k = view.atm_strike();
  if (!k) return std::nullopt;
  const auto c = view.quote_index(*k, OptionRight::call);
  const auto p = view.quote_index(*k, OptionRight::put);
  const auto civ = c ? greeks[*c].iv() : std::nullopt;
  const auto piv = p ? greeks[*p].iv() : std::nullopt;
  if (civ && piv) return Volatility::from_validated(0.5 * (civ->fraction() + piv->fraction()));
  return civ ? civ : piv;
}

[[nodiscard]] inline PreparedEnv prepare(const StrategyContext& ctx,
                                         const AnalysisOptions& options) {
  ctx.validate();
  options.validate();
  if (options.sizing_pop == SizingPop::empirical && ctx.historical_moves.empty()) {
    throw InvalidInput(ErrorCode::missing,
                       "sizing_pop = empirical: the context has no historical moves");
  }
  PreparedEnv out;
  const OptionChain& chain = ctx.chain();
  const auto view = chain.expiration(ctx.expiration);
  if (!view) {
    out.reason = NoCandidateReason::expiration_not_in_chain;
    out.message = fmt::format("expiration {}: not in the {} chain", iso_date(ctx.expiration.date()),
                              chain.underlying().view());
    return out;
  }
  if (ctx.expiration.expiry_time() < chain.as_of()) {
    out.reason = NoCandidateReason::expired;
    out.message = fmt::format("expiration {}: expired before the chain's as-of",
                              iso_date(ctx.expiration.date()));
    return out;
  }
  const auto sigma = options.volatility ? options.volatility : atm_mid_iv(ctx.greeks, *view);
  if (!sigma) {
    out.reason = NoCandidateReason::no_volatility;
    out.message = fmt::format(
        "expiration {}: no mid implied volatility at the ATM strike (give "
        "AnalysisOptions::volatility)",
        iso_date(ctx.expiration.date()));
    return out;
  }
  out.env =
      AnalysisEnv{.context = &ctx,
                  .options = &options,
                  .model = LognormalModel{.spot = chain.spot(),
                                          .time = ctx.expiration.time_to_expiry(chain.as_of()),
                                          .volatility = *sigma,
                                          .drift = options.drift}};
  return out;
}

struct ShortLegLiquidity {
  LiquidityTier tier = LiquidityTier::reject;
  std::optional<std::int64_t> open_interest;  // nullopt when the data has none
  Percentage spread;
};

// One short leg's tier under the thresholds and the unknown-liquidity policy (an unknown OI or
// volume is LiquidityTier::unknown under unknown_is_acceptable, 0 under unknown_is_zero).
[[nodiscard]] inline ShortLegLiquidity short_leg_liquidity(const OptionQuote& q,
                                                           const LiquidityThresholds& th,
                                                           LiquidityPolicy policy) {
  const LiquidityAssessment a = assess_liquidity(q, th, policy);
  return {.tier = a.tier, .open_interest = q.open_interest, .spread = a.spread};
}

// The POP the sizing rule reads.
[[nodiscard]] inline double sizing_pop(SizingPop source, const ProbabilityOfProfit& pop) {
  switch (source) {
    case SizingPop::model: return pop.model;
    case SizingPop::legacy: return pop.legacy;
    case SizingPop::empirical: return pop.empirical.value_or(pop.model);
  }
  return pop.model;
}

[[nodiscard]] inline std::int32_t size_candidate(const AnalysisOptions& o, Money max_profit,
                                                 Money max_loss, double pop) {
  const SizingInputs in{.max_profit_per_contract = max_profit,
                        .max_loss_per_contract = max_loss,
                        .probability_of_profit = std::clamp(pop, 0.0, 1.0)};
  switch (o.sizing) {
    case SizingRule::ev_kelly: return ev_kelly_contracts(in, o.ev_kelly);
    case SizingRule::kelly: return kelly_contracts(in, o.kelly);
    case SizingRule::fixed: return fixed_contracts(max_loss, o.fixed);
  }
  return 0;
}

[[nodiscard]] inline std::string describe_legs(std::span<const PickedLeg> legs) {
  std::string out;
  for (const auto& l : legs) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{}{}{}", l.side == Side::sell ? '-' : '+', l.strike.dollars(),
                       l.right == OptionRight::call ? 'C' : 'P');
  }
  return out;
}

// The contracts size_candidate can return for this candidate whatever the POP it is fed (the
// sizing rules of sizing.hpp, read off their code): exact when the POP is known here (fixed
// sizing reads none; legacy sizing reads the legacy POP), otherwise from the rule's limits:
// ev_kelly never goes below limit(min_contracts) nor above limit(base × kelly_fraction), since
// its POP and EV scales are at most 1 (the POP scale's middle branch rounds to 1 + 2^-52 at
// its top: the cap below covers it); kelly never goes above limit(fraction × bankroll / max
// loss), its Kelly fraction being at most p <= 1, and returns 0 for a losing bet.
[[nodiscard]] inline ContractRange contract_range(const AnalysisOptions& o, Money max_profit,
                                                  Money max_loss, double legacy_pop) {
  if (o.sizing == SizingRule::fixed || o.sizing_pop == SizingPop::legacy) {
    const std::int32_t n = size_candidate(o, max_profit, max_loss, legacy_pop);
    return {n, n};
  }
  const SizingInputs in{.max_profit_per_contract = max_profit,
                        .max_loss_per_contract = max_loss,
                        .probability_of_profit = 1.0};
  if (o.sizing == SizingRule::ev_kelly) {
    constexpr double pop_scale_cap = 1.0 + 1e-12;
    const double base = o.ev_kelly.limits.risk_budget.dollars() / max_loss.dollars();
    return {limit(o.ev_kelly.limits.min_contracts, in, o.ev_kelly.limits),
            limit(base * o.ev_kelly.kelly_fraction * pop_scale_cap, in, o.ev_kelly.limits)};
  }
  const double stake = o.kelly.fraction * 1.0 * o.kelly.bankroll.dollars();
  return {0, limit(stake / max_loss.dollars(), in, o.kelly.limits)};
}

// Why a pick has no candidate (outline() fills it; message empty unless asked for).
struct OutlineFailure {
  NoCandidateReason reason = NoCandidateReason::no_quotes;
  std::string message;
};

// The cheap half of the analysis (candidate_outline.hpp): prices the legs at their mids (one
// contract each), builds the payoff with fees, drops a payoff that cannot lose or cannot gain,
// and fills everything but the model and empirical outcomes and the contracts. Calls
// `with(const CandidateOutline&)` with the outline (valid during the call) and returns true, or
// returns false with `failure` set. `describe_failure` = false leaves its message empty: the
// generator only counts dropped picks, and formatting one would be a heap allocation each.
template <class F>
[[nodiscard]] bool outline(StrategyKind kind, std::span<const PickedLeg> picked, double legacy_pop,
                           const AnalysisEnv& env, OutlineFailure& failure, F&& with,
                           bool describe_failure = true) {
  const StrategyContext& ctx = *env.context;
  const AnalysisOptions& o = *env.options;
  const OptionChain& chain = ctx.chain();

  boost::container::small_vector<Leg, 4> legs;
  boost::container::small_vector<LegGreeks, 4> leg_greeks;
  bool have_greeks = true;
  LiquidityTier tier = LiquidityTier::excellent;
  bool any_short = false;
  std::optional<std::int64_t> min_oi = std::numeric_limits<std::int64_t>::max();
  Percentage max_spread;
  for (const PickedLeg& p : picked) {
    const OptionQuote& q = chain.quotes()[p.quote_index];
    legs.push_back(Leg::option({.right = p.right,
                                .strike = p.strike,
                                .expiration = ctx.expiration.date(),
                                .side = p.side,
                                .quantity = 1,
                                .premium = mid(q)}));
    const QuoteAnalytics& a = ctx.greeks[p.quote_index];
    if (a.greeks) {
      leg_greeks.push_back({.delta = a.greeks->delta,
                            .gamma = a.greeks->gamma,
                            .vega_per_vol_point = a.greeks->vega_per_vol_point,
                            .theta_per_calendar_day = a.greeks->theta_per_day});
    } else {
      have_greeks = false;
    }
    if (p.side == Side::sell) {
      const auto liq = short_leg_liquidity(q, o.liquidity, o.liquidity_policy);
      tier = any_short ? worse(tier, liq.tier) : liq.tier;
      // The smallest short-leg OI, unknown as soon as one short leg's is.
      min_oi = min_oi && liq.open_interest ? std::optional(std::min(*min_oi, *liq.open_interest))
                                           : std::nullopt;
      max_spread = any_short ? std::max(max_spread, liq.spread) : liq.spread;
      any_short = true;
    }
  }
  if (!any_short) {  // not produced by the builders; kept total for hand-made picks
    tier = LiquidityTier::reject;
    min_oi = 0;
    max_spread = Percentage::from_fraction(1.0);
  }

  const Strategy strategy =
      Strategy::make(chain.underlying(), std::span<const Leg>(legs.data(), legs.size()));
  const PayoffProfile payoff =
      PayoffProfile::at_expiration(strategy, {.fees = o.fees, .min_profit = o.min_profit});
  const PayoffExtremum loss = payoff.max_loss();
  const PayoffExtremum gain = payoff.max_profit();
  // The payoff stores a P/L within rounding of 0 as exactly 0 (payoff.hpp), so a credit equal
  // to the width has max loss 0 here, never -1e-13 sized to the contract cap.
  if (loss.unbounded || !(loss.amount < Money::zero())) {
    failure.reason = NoCandidateReason::no_risk;
    if (describe_failure) {
      failure.message = fmt::format("{}: the payoff cannot lose (credit at least the width)",
                                    describe_legs(picked));
    }
    return false;
  }
  if (gain.unbounded || !(gain.amount > Money::zero())) {
    failure.reason = NoCandidateReason::no_profit;
    if (describe_failure) {
      failure.message =
          fmt::format("{}: the payoff cannot gain after fees (max P/L {:.2f})",
                      describe_legs(picked), gain.unbounded ? 0.0 : gain.amount.dollars());
    }
    return false;
  }
  const Money max_loss = -loss.amount;
  const Money max_profit = gain.amount;
  std::optional<PositionGreeks> greeks;
  if (have_greeks) {
    greeks =
        position_greeks(strategy, std::span<const LegGreeks>(leg_greeks.data(), leg_greeks.size()));
  }
  const auto multiplier = static_cast<double>(legs.front().multiplier());
  const Money credit = strategy.net_entry_cash() / multiplier;
  const CandidateOutline view{.kind = kind,
                              .strategy = strategy,
                              .payoff = payoff,
                              .net_credit_per_share = credit,
                              .max_profit = max_profit,
                              .max_loss = max_loss,
                              .reward_risk_ratio = max_profit / max_loss,
                              .legacy_pop = legacy_pop,
                              .greeks = greeks,
                              .liquidity = tier,
                              .min_open_interest = min_oi,
                              .max_spread = max_spread,
                              .contracts = contract_range(o, max_profit, max_loss, legacy_pop),
                              .model = &env.model,
                              .spot = ctx.spot(),
                              .historical_moves = ctx.historical_moves,
                              .post_event_diffusion = ctx.post_event_diffusion};
  with(view);
  return true;
}

// The contracts complete() chooses for the outline's candidate: the sizing rule fed with the
// POP it reads, computed here as complete() computes it (the same bits).
[[nodiscard]] inline std::int32_t exact_contracts(const CandidateOutline& c,
                                                  const AnalysisOptions& o) {
  if (c.contracts.exact()) return c.contracts.min;
  ProbabilityOfProfit pop{.model = 0.0, .empirical = std::nullopt, .legacy = c.legacy_pop};
  if (o.sizing_pop == SizingPop::empirical) {
    if (const auto e = c.empirical_outcome()) pop.empirical = e->probability_of_profit;
  }
  if (!pop.empirical) pop.model = c.model_probability_of_profit();
  return size_candidate(o, c.max_profit, c.max_loss, sizing_pop(o.sizing_pop, pop));
}

// The expensive half: the model and empirical outcomes and the contracts, into a Candidate
// (with a copy of the outline's strategy and payoff).
[[nodiscard]] inline Candidate complete(const CandidateOutline& c, const AnalysisEnv& env) {
  const AnalysisOptions& o = *env.options;
  // The candidate reads the model's POP and E[P/L] only.
  const OutcomeProbabilities model = model_outcome(c.payoff, env.model, OutcomeExtremes::skipped);
  const std::optional<OutcomeProbabilities> empirical = c.empirical_outcome();
  const ProbabilityOfProfit pop{
      .model = model.probability_of_profit,
      .empirical =
          empirical ? std::optional<double>(empirical->probability_of_profit) : std::nullopt,
      .legacy = c.legacy_pop};
  const std::int32_t contracts =
      size_candidate(o, c.max_profit, c.max_loss, sizing_pop(o.sizing_pop, pop));
  IVCRUSH_ASSERT(c.contracts.contains(contracts), "the sizing rule stays within its range");
  return Candidate{.kind = c.kind,
                   .strategy = c.strategy,
                   .payoff = c.payoff,
                   .net_credit_per_share = c.net_credit_per_share,
                   .max_profit = c.max_profit,
                   .max_loss = c.max_loss,
                   .reward_risk_ratio = c.reward_risk_ratio,
                   .pop = pop,
                   .expected_pnl_model = model.expected_pnl,
                   .expected_pnl_empirical =
                       empirical ? std::optional<Money>(empirical->expected_pnl) : std::nullopt,
                   .empirical_sample_size = empirical ? empirical->sample_size : 0,
                   .greeks = c.greeks,
                   .liquidity = c.liquidity,
                   .min_open_interest = c.min_open_interest,
                   .max_spread = c.max_spread,
                   .contracts = contracts};
}

// Prices the legs at their mids (one contract each) and fills every field of the Candidate:
// outline() then complete().
[[nodiscard]] inline BuildResult analyze(StrategyKind kind, std::span<const PickedLeg> picked,
                                         double legacy_pop, const AnalysisEnv& env,
                                         bool describe_failure = true) {
  BuildResult out;
  out.kind = kind;
  OutlineFailure failure;
  const auto finish = [&](const CandidateOutline& o) { out.candidate.emplace(complete(o, env)); };
  if (!outline(kind, picked, legacy_pop, env, failure, finish, describe_failure)) {
    out.reason = failure.reason;
    out.message = std::move(failure.message);
  }
  return out;
}

[[nodiscard]] inline BuildResult no_candidate(StrategyKind kind, NoCandidateReason reason,
                                              std::string message) {
  BuildResult r;
  r.kind = kind;
  r.reason = reason;
  r.message = std::move(message);
  return r;
}

// A quote's delta from the chosen source; nullopt when unknown.
[[nodiscard]] inline std::optional<double> quote_delta(const ChainGreeks& greeks, std::size_t index,
                                                       DeltaSource source) {
  if (source == DeltaSource::vendor) return greeks.chain().quotes()[index].vendor_greeks.delta;
  const QuoteAnalytics& a = greeks[index];
  if (!a.greeks) return std::nullopt;
  return a.greeks->delta;
}

// One quote of a side, as the builders see it.
struct SidePoint {
  Strike strike;
  std::size_t quote_index = 0;
  std::optional<double> delta;
  Money mid;
};

[[nodiscard]] inline SidePoint side_point(const ChainGreeks& greeks, Strike k, std::size_t index,
                                          DeltaSource source) {
  return {k, index, quote_delta(greeks, index, source), mid(greeks.chain().quotes()[index])};
}

// The quote of `right` whose strike is nearest `target`; on a tie the lower strike (the first
// in ascending order) wins.
[[nodiscard]] inline std::optional<SidePoint> nearest_on_side(const ChainGreeks& greeks,
                                                              const ExpirationView& view,
                                                              OptionRight right, double target,
                                                              DeltaSource source) {
  std::optional<SidePoint> best;
  double best_distance = 0.0;
  for (const Strike k : view.strikes()) {
    const auto i = view.quote_index(k, right);
    if (!i) continue;
    const double d = std::fabs(k.dollars() - target);
    if (!best || d < best_distance) {
      best = side_point(greeks, k, *i, source);
      best_distance = d;
    }
  }
  return best;
}

struct VerticalPick {
  SidePoint short_leg;
  SidePoint long_leg;
  Money credit;
  bool distance_fallback = false;
};

struct VerticalPickResult {
  std::optional<VerticalPick> pick;
  NoCandidateReason reason = NoCandidateReason::no_quotes;
  std::string message;
};

// credit >= minimum up to the rounding of the premiums it was computed from (`scale`: the sum
// of their magnitudes), so that an exact $0.20 from cent quotes is $0.20 (core/money.hpp).
[[nodiscard]] inline bool credit_meets_minimum(Money credit, Money minimum, Money scale) noexcept {
  return at_least_up_to_rounding(credit, minimum, scale);
}

[[nodiscard]] inline char right_letter(OptionRight r) noexcept {
  return r == OptionRight::call ? 'C' : 'P';
}

// §3.5 steps 1-4 (credit check included) for one side.
[[nodiscard]] inline VerticalPickResult pick_vertical(const StrategyContext& ctx,
                                                      const ExpirationView& view, OptionRight right,
                                                      const BuilderOptions& b) {
  VerticalPickResult out;
  const bool put = right == OptionRight::put;
  const DeltaTargets t = delta_targets(ctx.bias, right, b.deltas);
  const double s = ctx.spot().dollars();
  const double im = ctx.implied_move_dollars();

  // 1. Delta-based pick: strict minimum, so the first (lowest) strike wins a tie.
  std::optional<SidePoint> short_pick, long_pick;
  double short_distance = 0.0, long_distance = 0.0;
  bool any_quote = false;
  for (const Strike k : view.strikes()) {
    const auto i = view.quote_index(k, right);
    if (!i) continue;
    any_quote = true;
    const SidePoint p = side_point(ctx.greeks, k, *i, b.delta_source);
    if (!p.delta || *p.delta == 0.0) continue;  // the original's truthiness test
    const double ds = std::fabs(std::fabs(*p.delta) - t.short_delta);
    const double dl = std::fabs(std::fabs(*p.delta) - t.long_delta);
    if (!short_pick || ds < short_distance) {
      short_pick = p;
      short_distance = ds;
    }
    if (!long_pick || dl < long_distance) {
      long_pick = p;
      long_distance = dl;
    }
  }
  if (!any_quote) {
    out.reason = NoCandidateReason::no_quotes;
    out.message =
        fmt::format("no {} quotes for {}", put ? "put" : "call", iso_date(ctx.expiration.date()));
    return out;
  }
  std::optional<VerticalPick> pick;
  if (short_pick && long_pick) {
    // Short nearer the money than long: puts short K > long K, calls short K < long K.
    if (put ? short_pick->strike < long_pick->strike : short_pick->strike > long_pick->strike) {
      std::swap(short_pick, long_pick);
    }
    // 2. Strictly outside the implied move, or discarded.
    const double ks = short_pick->strike.dollars();
    if (put ? ks < s - im : ks > s + im) pick = VerticalPick{*short_pick, *long_pick, {}, false};
  }
  // 3. Distance fallback (does not re-check the implied move, as the original).
  if (!pick) {
    const double width = b.width.for_spot(ctx.spot()).dollars();
    const double buffer = b.implied_move_buffer * im;
    const double short_target = put ? s - im - buffer : s + im + buffer;
    const double long_target = put ? short_target - width : short_target + width;
    const auto sp = nearest_on_side(ctx.greeks, view, right, short_target, b.delta_source);
    const auto lp = nearest_on_side(ctx.greeks, view, right, long_target, b.delta_source);
    IVCRUSH_ASSERT(sp && lp, "a side with a quote has a nearest strike");
    // The original rejected a short strike further out than the long one here; the nearest
    // strike is monotone in its target and the width is positive, so that cannot happen
    // (equal strikes can, and fail the credit check).
    IVCRUSH_ASSERT(put ? sp->strike >= lp->strike : sp->strike <= lp->strike,
                   "the fallback keeps the strike order");
    pick = VerticalPick{*sp, *lp, {}, true};
  }
  // 4. Credit (exact for cent quotes: within rounding of the minimum is the minimum).
  pick->credit = pick->short_leg.mid - pick->long_leg.mid;
  if (!credit_meets_minimum(pick->credit, b.min_credit,
                            abs(pick->short_leg.mid) + abs(pick->long_leg.mid))) {
    out.reason = NoCandidateReason::credit_below_minimum;
    out.message = fmt::format("short {}{} / long {}{}: credit {:.4f} < minimum {:.2f}",
                              pick->short_leg.strike.dollars(), right_letter(right),
                              pick->long_leg.strike.dollars(), right_letter(right),
                              pick->credit.dollars(), b.min_credit.dollars());
    return out;
  }
  out.pick = pick;
  return out;
}

[[nodiscard]] inline std::array<PickedLeg, 2> vertical_legs(OptionRight right,
                                                            const VerticalPick& p) {
  return {PickedLeg{right, p.short_leg.strike, Side::sell, p.short_leg.quote_index},
          PickedLeg{right, p.long_leg.strike, Side::buy, p.long_leg.quote_index}};
}

[[nodiscard]] inline BuildResult build_vertical(OptionRight right, const StrategyContext& ctx,
                                                const BuilderOptions& b, const AnalysisOptions& a) {
  b.validate();
  const StrategyKind kind =
      right == OptionRight::put ? StrategyKind::bull_put_spread : StrategyKind::bear_call_spread;
  const PreparedEnv prepared = prepare(ctx, a);
  if (!prepared.env) return no_candidate(kind, prepared.reason, prepared.message);
  const auto view = ctx.chain().expiration(ctx.expiration);
  auto picked = pick_vertical(ctx, *view, right, b);
  if (!picked.pick) return no_candidate(kind, picked.reason, std::move(picked.message));
  const auto legs = vertical_legs(right, *picked.pick);
  return analyze(kind, legs, legacy_vertical_pop(picked.pick->short_leg.delta), *prepared.env);
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// The builders

// Bull put spread (§3.5): puts below the spot, sell the nearer strike, buy the further one.
[[nodiscard]] inline BuildResult build_bull_put_spread(const StrategyContext& ctx,
                                                       const BuilderOptions& builder = {},
                                                       const AnalysisOptions& analysis = {}) {
  return detail::build_vertical(OptionRight::put, ctx, builder, analysis);
}

// Bear call spread (§3.5): the mirror image with calls above the spot.
[[nodiscard]] inline BuildResult build_bear_call_spread(const StrategyContext& ctx,
                                                        const BuilderOptions& builder = {},
                                                        const AnalysisOptions& analysis = {}) {
  return detail::build_vertical(OptionRight::call, ctx, builder, analysis);
}

// Iron condor (§3.6): the bull put spread and the bear call spread together; no condor when
// either side has none (the message says which side and why).
[[nodiscard]] inline BuildResult build_iron_condor(const StrategyContext& ctx,
                                                   const BuilderOptions& builder = {},
                                                   const AnalysisOptions& analysis = {}) {
  builder.validate();
  constexpr StrategyKind kind = StrategyKind::iron_condor;
  const auto prepared = detail::prepare(ctx, analysis);
  if (!prepared.env) return detail::no_candidate(kind, prepared.reason, prepared.message);
  const auto view = ctx.chain().expiration(ctx.expiration);
  auto put = detail::pick_vertical(ctx, *view, OptionRight::put, builder);
  if (!put.pick) return detail::no_candidate(kind, put.reason, "put side: " + put.message);
  auto call = detail::pick_vertical(ctx, *view, OptionRight::call, builder);
  if (!call.pick) return detail::no_candidate(kind, call.reason, "call side: " + call.message);
  if (!(put.pick->short_leg.strike < call.pick->short_leg.strike)) {
    return detail::no_candidate(
        kind, NoCandidateReason::strikes_cross,
        fmt::format("put short {} is not below call short {}", put.pick->short_leg.strike.dollars(),
                    call.pick->short_leg.strike.dollars()));
  }
  const auto p = detail::vertical_legs(OptionRight::put, *put.pick);
  const auto c = detail::vertical_legs(OptionRight::call, *call.pick);
  const std::array<PickedLeg, 4> legs{p[0], p[1], c[0], c[1]};
  const double legacy = legacy_condor_pop(put.pick->short_leg.delta, call.pick->short_leg.delta);
  return detail::analyze(kind, legs, legacy, *prepared.env);
}

// Iron butterfly (§3.7): short straddle at the ATM strike, long wings at the strikes nearest
// K0 ∓ max(butterfly_wing × S, butterfly_min_wing). Legs: short call, short put, long call
// wing, long put wing.
[[nodiscard]] inline BuildResult build_iron_butterfly(const StrategyContext& ctx,
                                                      const BuilderOptions& builder = {},
                                                      const AnalysisOptions& analysis = {}) {
  builder.validate();
  constexpr StrategyKind kind = StrategyKind::iron_butterfly;
  const auto prepared = detail::prepare(ctx, analysis);
  if (!prepared.env) return detail::no_candidate(kind, prepared.reason, prepared.message);
  const auto view = ctx.chain().expiration(ctx.expiration);
  const Strike k0 = *view->atm_strike();
  const auto ci = view->quote_index(k0, OptionRight::call);
  const auto pi = view->quote_index(k0, OptionRight::put);
  if (!ci || !pi) {
    return detail::no_candidate(
        kind, NoCandidateReason::missing_atm_quote,
        fmt::format("ATM strike {}: no {} quote", k0.dollars(), ci ? "put" : "call"));
  }
  const double s = ctx.spot().dollars();
  const double wing =
      std::max(s * builder.butterfly_wing.fraction(), builder.butterfly_min_wing.dollars());
  const auto pw = detail::nearest_on_side(ctx.greeks, *view, OptionRight::put, k0.dollars() - wing,
                                          builder.delta_source);
  const auto cw = detail::nearest_on_side(ctx.greeks, *view, OptionRight::call, k0.dollars() + wing,
                                          builder.delta_source);
  if (!(pw->strike < k0) || !(k0 < cw->strike)) {
    return detail::no_candidate(
        kind, NoCandidateReason::missing_wing,
        fmt::format("centre {}, wing {:.3f}: wings {}P / {}C are not outside the centre",
                    k0.dollars(), wing, pw->strike.dollars(), cw->strike.dollars()));
  }
  const auto& quotes = ctx.chain().quotes();
  const Money credit = mid(quotes[*ci]) + mid(quotes[*pi]) - cw->mid - pw->mid;
  if (!detail::credit_meets_minimum(
          credit, builder.min_credit,
          abs(mid(quotes[*ci])) + abs(mid(quotes[*pi])) + abs(cw->mid) + abs(pw->mid))) {
    return detail::no_candidate(
        kind, NoCandidateReason::credit_below_minimum,
        fmt::format("centre {} wings {}P / {}C: credit {:.4f} < minimum {:.2f}", k0.dollars(),
                    pw->strike.dollars(), cw->strike.dollars(), credit.dollars(),
                    builder.min_credit.dollars()));
  }
  if (!(ctx.implied_move.fraction() > 0.0)) {
    return detail::no_candidate(kind, NoCandidateReason::zero_implied_move,
                                "implied move = 0: the legacy butterfly POP divides by it");
  }
  const std::array<PickedLeg, 4> legs{
      PickedLeg{OptionRight::call, k0, Side::sell, *ci},
      PickedLeg{OptionRight::put, k0, Side::sell, *pi},
      PickedLeg{OptionRight::call, cw->strike, Side::buy, cw->quote_index},
      PickedLeg{OptionRight::put, pw->strike, Side::buy, pw->quote_index}};
  const double legacy =
      legacy_butterfly_pop(credit, ctx.spot(), ctx.implied_move, builder.legacy_butterfly_pop);
  return detail::analyze(kind, legs, legacy, *prepared.env);
}

// One kind's builder.
[[nodiscard]] inline BuildResult build_strategy(StrategyKind kind, const StrategyContext& ctx,
                                                const BuilderOptions& builder = {},
                                                const AnalysisOptions& analysis = {}) {
  switch (kind) {
    case StrategyKind::bull_put_spread: return build_bull_put_spread(ctx, builder, analysis);
    case StrategyKind::bear_call_spread: return build_bear_call_spread(ctx, builder, analysis);
    case StrategyKind::iron_condor: return build_iron_condor(ctx, builder, analysis);
    case StrategyKind::iron_butterfly: return build_iron_butterfly(ctx, builder, analysis);
    case StrategyKind::custom: break;
  }
  throw InvalidInput(ErrorCode::out_of_range,
                     "strategy kind = custom: has no builder (build its legs by hand)");
}

// The original's flow (§3.1 steps 2-3): the kinds of select_strategy_kinds(vrp, bias), in that
// order, each built once. results[i] is kinds[i]'s result (a candidate or its reason).
struct SelectedStrategies {
  StrategyKindList kinds;
  std::vector<BuildResult> results;

  // The candidates that were built, in selection order (the original then scored these).
  [[nodiscard]] std::vector<Candidate> candidates() const {
    std::vector<Candidate> out;
    for (const auto& r : results) {
      if (r.candidate) out.push_back(*r.candidate);
    }
    return out;
  }
};

[[nodiscard]] inline SelectedStrategies build_selected_strategies(
    const StrategyContext& ctx, const BuilderOptions& builder = {},
    const AnalysisOptions& analysis = {}) {
  SelectedStrategies out;
  out.kinds = select_strategy_kinds(ctx.vrp_ratio, ctx.bias);
  out.results.reserve(out.kinds.size());
  for (const StrategyKind k : out.kinds)
    out.results.push_back(build_strategy(k, ctx, builder, analysis));
  return out;
}

}  // namespace ivcrush::inline v0
