// ivcrush/scoring/scoring_policy.hpp: what a scoring policy is, and what it scores against.
//
//   template <class P> concept ScoringPolicy;   // p.score(candidate, context) -> ScoreBreakdown
//   ScoringContext ctx{.spot = Price::dollars(100), .implied_move = Percentage::from_pct(8),
//                      .vrp_ratio = 2.0, .bias = DirectionalBias::neutral};
//   ctx.validate();                               // InvalidInput naming the bad field
//   PopChoice p = select_pop(candidate, PopSource::empirical, 4);   // falls back to model
//   expected_pnl_under(candidate, PopSource::empirical, 4);        // the matching E[P/L]
//   position_theta(candidate);                    // per-unit theta x contracts, in $ per day
//
// A ScoringPolicy is a regular value (copyable; validated when constructed) with
//   ScoreBreakdown score(const Candidate&, const ScoringContext&) const;
// Semantics every policy must keep, and the scorer relies on:
// - pure and deterministic: the breakdown depends only on the candidate, the context and the
//   policy's own (immutable) parameters; no clock, no random draw, no global state;
// - thread-safe: score() is const and may be called concurrently on one policy object;
// - total on [0, 100], finite (ScoreBreakdown::set_total asserts it); higher ranks first;
// - no allocation: a policy scoring a candidate should not touch the heap (the shipped ones do
//   not; the scorer's own hot path does not either).
// Optional member, detected by the scorer: `RationaleOptions rationale_options() const`, the
// thresholds and the POP the strategy rationale (rationale.hpp) should quote; without it the
// original's thresholds and the model POP are used.
// Optional member, detected by the pruned analysis (ticker_analysis.hpp, prune_candidates):
// `double score_upper_bound(const CandidateOutline&, const ScoringContext&) const`, a number
// >= score(c, ctx).total() for the candidate c the outline completes to (the generator's cheap
// stage, candidate_outline.hpp), for every candidate: a bound that is ever below the total can
// change the ranking. Pure, const, thread-safe and allocation-free like score(); the closer to
// the total, the fewer candidates get the full analysis. 100 is always valid (and prunes
// nothing). A policy without it is ranked exhaustively.
//
// Units a policy reads (candidate.hpp): max profit, max loss and expected P/L are per unit (one
// contract per leg); reward_risk_ratio is per spread; greeks are per unit, and the original
// scored *position* greeks (per unit x contracts): position_theta / position_vega below.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/skew.hpp"
#include "ivcrush/scoring/score_breakdown.hpp"
#include "ivcrush/strategy/candidate.hpp"
#include "ivcrush/strategy/candidate_outline.hpp"

namespace ivcrush::inline v0 {

// What is known about the ticker at scoring time, shared by all its candidates.
struct ScoringContext {
  Price spot;                                       // the underlying's price
  Percentage implied_move;                          // the move the ATM straddle prices
  double vrp_ratio = 0.0;                           // implied move / mean historical move
  DirectionalBias bias = DirectionalBias::neutral;  // from the skew (neutral: no adjustment)
  bool modeled_chain = false;  // the chain is modeled: an UNKNOWN liquidity says "(modeled)"

  // Throws InvalidInput naming the field: spot must be positive, the implied move and the VRP
  // ratio finite and >= 0. The scorer calls it once per ranking, not per candidate.
  void validate() const {
    detail::require_finite("spot", spot.dollars());
    if (!(spot.dollars() > 0.0)) {
      detail::throw_invalid(ErrorCode::out_of_range, "spot", spot.dollars(), "must be positive");
    }
    detail::require_non_negative("implied_move", implied_move.pct());
    detail::require_non_negative("vrp_ratio", vrp_ratio);
  }
};

// Which probability of profit a policy reads (candidate.hpp explains the three).
enum class PopSource { legacy, model, empirical };

[[nodiscard]] constexpr std::string_view to_string(PopSource s) noexcept {
  switch (s) {
    case PopSource::legacy: return "legacy";
    case PopSource::model: return "model";
    case PopSource::empirical: return "empirical";
  }
  return "model";
}

struct PopChoice {
  double value = 0.0;
  PopSource source = PopSource::model;  // the source actually used
  bool fell_back = false;               // empirical was asked for but absent or too thin
};

// The POP `wanted`; an empirical POP needs at least `min_empirical_samples` moves, otherwise the
// model POP is used and `fell_back` says so (the policies put it in the reason).
[[nodiscard]] constexpr PopChoice select_pop(const Candidate& c, PopSource wanted,
                                             std::size_t min_empirical_samples) noexcept {
  switch (wanted) {
    case PopSource::legacy: return {c.pop.legacy, PopSource::legacy, false};
    case PopSource::model: return {c.pop.model, PopSource::model, false};
    case PopSource::empirical:
      if (c.pop.empirical && c.empirical_sample_size >= min_empirical_samples) {
        return {*c.pop.empirical, PopSource::empirical, false};
      }
      return {c.pop.model, PopSource::model, true};
  }
  return {c.pop.model, PopSource::model, false};
}

// The expected P/L per unit under the probability a policy reads (its RationaleOptions): the
// empirical E[P/L] when the POP source is empirical and at least `min_empirical_samples` moves
// are known, the model (lognormal) E[P/L] for the model POP (and an empirical one without enough
// moves), and for the legacy POP p the two-outcome expectation it stands for, p x max profit -
// (1 - p) x max loss (the original's edge, in dollars per unit: the legacy POP has no
// distribution over prices). The ranking's tie rule and verdict read it.
struct ExpectationChoice {
  Money value;
  PopSource source = PopSource::model;  // the probability actually used
};

[[nodiscard]] constexpr ExpectationChoice expected_pnl_under(
    const Candidate& c, PopSource wanted, std::size_t min_empirical_samples) noexcept {
  if (wanted == PopSource::empirical && c.expected_pnl_empirical &&
      c.empirical_sample_size >= min_empirical_samples) {
    return {*c.expected_pnl_empirical, PopSource::empirical};
  }
  if (wanted == PopSource::legacy) {
    const double p = c.pop.legacy;
    return {Money::from_validated(p * c.max_profit.dollars() - (1.0 - p) * c.max_loss.dollars()),
            PopSource::legacy};
  }
  return {c.expected_pnl_model, PopSource::model};
}

// Position greeks as the original scored them: per-unit greek x contracts (domain-spec §3.10),
// in dollars per calendar day and dollars per vol point. nullopt without greeks.
[[nodiscard]] constexpr std::optional<double> position_theta(const Candidate& c) noexcept {
  if (!c.greeks) return std::nullopt;
  return c.greeks->theta_per_calendar_day.dollars() * static_cast<double>(c.contracts);
}
[[nodiscard]] constexpr std::optional<double> position_vega(const Candidate& c) noexcept {
  if (!c.greeks) return std::nullopt;
  return c.greeks->vega_per_vol_point.dollars() * static_cast<double>(c.contracts);
}

// The thresholds of the strategy and recommendation rationales (domain-spec §4.6-4.7); the
// defaults are the original's.
struct RationaleThresholds {
  double vrp_excellent = 2.0;                // "Excellent VRP edge"
  double vrp_strong = 1.5;                   // "Strong VRP"
  double reward_risk_favorable = 0.35;       // "favorable R/R"
  double pop_high = 0.70;                    // "high POP"
  double theta_positive_per_day = 30.0;      // position theta above it: "positive theta ($../day)"
  double vega_beneficial_per_point = -50.0;  // position vega below it: "benefits from IV crush"

  // Throws InvalidInput naming the field: finite, vrp_excellent > vrp_strong >= 0,
  // reward_risk_favorable >= 0, pop_high in [0, 1].
  void validate() const {
    detail::require_non_negative("rationale.vrp_strong", vrp_strong);
    detail::require_finite("rationale.vrp_excellent", vrp_excellent);
    if (!(vrp_excellent > vrp_strong)) {
      detail::throw_invalid(ErrorCode::inconsistent, "rationale.vrp_excellent", vrp_excellent,
                            fmt::format("must be above rationale.vrp_strong ({})", vrp_strong));
    }
    detail::require_non_negative("rationale.reward_risk_favorable", reward_risk_favorable);
    detail::require_non_negative("rationale.pop_high", pop_high);
    if (pop_high > 1.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "rationale.pop_high", pop_high,
                            "must be in [0, 1]");
    }
    detail::require_finite("rationale.theta_positive_per_day", theta_positive_per_day);
    detail::require_finite("rationale.vega_beneficial_per_point", vega_beneficial_per_point);
  }
};

struct RationaleOptions {
  RationaleThresholds thresholds;
  PopSource pop_source = PopSource::model;
  std::size_t min_empirical_samples = 4;
};

template <class P>
concept ScoringPolicy = std::copy_constructible<P> &&
    requires(const P& p, const Candidate& c, const ScoringContext& ctx) {
  { p.score(c, ctx) } -> std::same_as<ScoreBreakdown>;
};

// The optional member the scorer detects.
template <class P>
concept ExplainsRationale = requires(const P& p) {
  { p.rationale_options() } -> std::same_as<RationaleOptions>;
};

// The optional member the pruned analysis detects.
template <class P>
concept BoundsScore = requires(const P& p, const CandidateOutline& o, const ScoringContext& ctx) {
  { p.score_upper_bound(o, ctx) } -> std::same_as<double>;
};

// Whether `policy` bounds its scores: BoundsScore, and for a policy that says so at run time
// (AnyScoringPolicy::has_score_upper_bound(): the wrapped policy's), what it says.
template <class P>
[[nodiscard]] bool bounds_scores(const P& policy) noexcept {
  if constexpr (!BoundsScore<P>) {
    static_cast<void>(policy);
    return false;
  } else if constexpr (requires {
                         { policy.has_score_upper_bound() } -> std::same_as<bool>;
                       }) {
    return policy.has_score_upper_bound();
  } else {
    return true;
  }
}

template <class P>
[[nodiscard]] RationaleOptions rationale_options_of(const P& policy) {
  if constexpr (ExplainsRationale<P>) {
    return policy.rationale_options();
  } else {
    return RationaleOptions{};
  }
}

// The original's name normalization for presets: lowercase, '-' and ' ' become '_'.
[[nodiscard]] inline std::string normalize_policy_name(std::string_view name) {
  std::string out(name);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if (ch == '-' || ch == ' ') ch = '_';
  }
  return out;
}

namespace detail {

// Validation helpers shared by the policies: "<field> = <value>: must be in [0, 1]".
inline void require_unit_interval(std::string_view field, double value) {
  require_finite(field, value);
  if (value < 0.0 || value > 1.0) {
    throw_invalid(ErrorCode::out_of_range, field, value, "must be in [0, 1]");
  }
}

inline void require_positive(std::string_view field, double value) {
  require_finite(field, value);
  if (!(value > 0.0)) throw_invalid(ErrorCode::out_of_range, field, value, "must be positive");
}

// Weights are fractions that sum to 1 within 0.01 (the original's ScoringWeights check).
inline void require_weights_sum_to_one(std::string_view field, double sum) {
  if (!(sum >= 0.99 && sum <= 1.01)) {
    throw_invalid(ErrorCode::inconsistent, field, sum, "weights must sum to 1 within 0.01");
  }
}

}  // namespace detail
}  // namespace ivcrush::inline v0
