// ivcrush/strategy/probability.hpp: probability of profit and expected P/L of a position held to
// expiration, two ways side by side.
//
//   const LognormalModel model{.spot = spot, .time = t, .volatility = iv, .drift = 0.0};
//   auto m = model_outcome(profile, model);        // lognormal: POP, E[P/L], P(max loss), ...
//   auto e = empirical_outcome(profile, spot, moves);  // this stock's own earnings moves
//   // expiry τ after the reaction session: each move, then the ex-event diffusion to expiry
//   auto f = empirical_outcome(profile, spot, moves, {.volatility = sigma_ex, .time = tau}, mu);
//
// model: the lognormal mass over the profit intervals of the PayoffProfile (P/L >= its
// min_profit, $0.01 by default: tastytrade's convention), and the exact expected P/L
// E[P/L(S_T)] = Σ over the linear pieces of α·P(piece) + β·E[S_T; piece] (the payoff is linear
// between strikes, so this is exact: no grid, no sampling). The volatility, the drift (risk
// neutral r − q, a real-world estimate, or zero) and the day count behind the time are the
// caller's explicit choices (pricing/lognormal.hpp).
// empirical: the position's P/L at spot × (1 + move) for each of the ticker's historical
// earnings moves (signed, e.g. close-to-close reactions): the share of moves that end in profit
// (P/L >= the profile's min_profit)
// and the mean P/L over them. It answers "how often has this trade worked on this stock", assuming
// the earnings move is the move to expiration (true to first order for the weekly expiring just
// after the announcement; the other days' diffusion is ignored). Needs at least one move.
// empirical with a PostEventDiffusion (an expiry τ years after the reaction session): each past
// reaction m_i is followed by the ex-event diffusion to expiry,
//   S_T = S·(1 + m_i)·exp(σ_ex·√τ·Z − σ_ex²·τ/2 + μ·τ),  Z standard normal,
// and the outcome is the mean over the moves of the lognormal outcome started at S·(1 + m_i):
// POP = (1/n) Σ P_i(P/L >= min_profit), E[P/L] = (1/n) Σ E_i[P/L], each term the same closed
// form as model_outcome (the payoff is piecewise linear, so each is exact: normal cdfs, no
// sampling). μ is the drift of the model POP (AnalysisOptions::drift in the builders: 0 by
// default, r − q for risk neutral), so that the two POPs differ only in the event move: the
// model's is lognormal at the ATM IV, the empirical one the stock's own reactions. τ = 0 is
// exactly the plain empirical outcome (the same function, bit for bit); a history of zero moves
// is exactly model_outcome with σ_ex over τ.
// Both give the probability of losing the maximum and of keeping the maximum (bounded cases);
// model_outcome(..., OutcomeExtremes::skipped) leaves those two empty and costs fewer cdfs (the
// candidate analysis reads only POP and E[P/L]; the other fields are the same bits).
// Complexity: O(number of strikes) normal cdfs for the model (one log and two cdfs per knot for
// E[P/L]); O(moves × strikes) empirical (with a diffusion: one model outcome per move).
#pragma once

#include <cmath>
#include <optional>
#include <span>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/pricing/lognormal.hpp"
#include "ivcrush/strategy/payoff.hpp"

namespace ivcrush::inline v0 {

struct OutcomeProbabilities {
  double probability_of_profit = 0.0;               // P(P/L >= min_profit)
  Money expected_pnl;                               // E[P/L], fees included
  std::optional<double> probability_of_max_loss;    // nullopt when the loss is unbounded
  std::optional<double> probability_of_max_profit;  // nullopt when the profit is unbounded
  std::size_t sample_size = 0;                      // empirical: number of moves; model: 0
};

// How the price diffuses after the reaction session until expiration: the ex-event volatility
// (annual, on the day count of `time`) and the time from the reaction session's close to the
// expiry. time = 0: the expiry is the reaction session (no diffusion).
struct PostEventDiffusion {
  Volatility volatility;
  YearFraction time;
};

namespace detail {

// A P/L within this of the extremum counts as reaching it (well below a cent for any position).
inline constexpr double extremum_tolerance_dollars = 1e-9;

template <class Intervals>
[[nodiscard]] double lognormal_mass(const LognormalModel& m, const Intervals& intervals) {
  double p = 0.0;
  for (const auto& iv : intervals) {
    p += iv.upper ? probability_between(m, iv.lower, *iv.upper) : probability_above(m, iv.lower);
  }
  return p;
}

// E[P/L(S_T)] under the lognormal model: Σ over the linear pieces of α·P(piece) +
// β·E[S_T; piece], with probability_between / expected_value_between / probability_above /
// expected_value_above (lognormal.hpp) inlined so that each knot's scores are computed once, not
// once per adjacent piece: the same arithmetic on the same values. `model` is validated.
[[nodiscard]] inline double lognormal_expected_pnl(const PayoffProfile& profile,
                                                   const LognormalModel& model) noexcept {
  const auto xs = profile.knot_prices();
  const auto ys = profile.knot_pnls();
  const double mean = model.spot.dollars() * std::exp(model.drift * model.time.years());
  LevelScores lower = level_scores(model, xs[0]);
  double expected = 0.0;
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    const double beta = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]);
    const double alpha = ys[i] - beta * xs[i];
    const LevelScores upper = level_scores(model, xs[i + 1]);
    expected += alpha * normal_mass_between(upper.z2, lower.z2) +
                beta * (mean * normal_mass_between(upper.z1, lower.z1));
    lower = upper;
  }
  const double slope = profile.slope_beyond_last_strike();
  expected += (ys.back() - slope * xs.back()) * normal_cdf(lower.z2) +
              slope * (mean * normal_cdf(lower.z1));
  return expected;
}

}  // namespace detail

// Lognormal outcome of holding the position to expiration.
// Whether model_outcome computes probability_of_max_loss and probability_of_max_profit.
enum class OutcomeExtremes { computed, skipped };

[[nodiscard]] inline OutcomeProbabilities model_outcome(
    const PayoffProfile& profile, const LognormalModel& model,
    OutcomeExtremes extremes = OutcomeExtremes::computed) {
  OutcomeProbabilities out;
  out.probability_of_profit = detail::lognormal_mass(model, profile.profit_intervals());

  detail::validate(model);
  const double expected = detail::lognormal_expected_pnl(profile, model);
  out.expected_pnl = Money::from_validated(expected);

  if (extremes == OutcomeExtremes::skipped) return out;
  if (const auto loss = profile.max_loss(); !loss.unbounded) {
    out.probability_of_max_loss = detail::lognormal_mass(
        model, profile.where_pnl_at_most(
                   loss.amount + Money::from_validated(detail::extremum_tolerance_dollars)));
  }
  if (const auto gain = profile.max_profit(); !gain.unbounded) {
    out.probability_of_max_profit = detail::lognormal_mass(
        model, profile.where_pnl_at_least(
                   gain.amount - Money::from_validated(detail::extremum_tolerance_dollars)));
  }
  return out;
}

// Outcome over the ticker's own historical earnings moves applied to `spot` (signed moves:
// +5 % and −5 % are different outcomes for a directional position).
[[nodiscard]] inline OutcomeProbabilities empirical_outcome(const PayoffProfile& profile,
                                                            Price spot,
                                                            std::span<const Percentage> moves) {
  if (moves.empty()) {
    throw InvalidInput(ErrorCode::empty,
                       "moves = []: the empirical outcome needs at least one move");
  }
  if (!(spot.dollars() > 0.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "spot", spot.dollars(), "must be positive");
  }
  const auto max_loss = profile.max_loss();
  const auto max_profit = profile.max_profit();
  std::size_t wins = 0, at_max_loss = 0, at_max_profit = 0;
  double total = 0.0;
  for (const auto move : moves) {
    if (move.fraction() < -1.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "move", move.pct(),
                            "is below -100 % (a price cannot fall below zero)");
    }
    const double pnl = profile.pnl_at(spot * (1.0 + move.fraction())).dollars();
    total += pnl;
    if (pnl >= profile.min_profit().dollars()) ++wins;
    if (!max_loss.unbounded &&
        pnl <= max_loss.amount.dollars() + detail::extremum_tolerance_dollars) {
      ++at_max_loss;
    }
    if (!max_profit.unbounded &&
        pnl >= max_profit.amount.dollars() - detail::extremum_tolerance_dollars) {
      ++at_max_profit;
    }
  }
  const auto n = static_cast<double>(moves.size());
  OutcomeProbabilities out;
  out.sample_size = moves.size();
  out.probability_of_profit = static_cast<double>(wins) / n;
  out.expected_pnl = Money::from_validated(total / n);
  if (!max_loss.unbounded) out.probability_of_max_loss = static_cast<double>(at_max_loss) / n;
  if (!max_profit.unbounded) {
    out.probability_of_max_profit = static_cast<double>(at_max_profit) / n;
  }
  return out;
}

// Outcome over the historical moves followed by the ex-event diffusion to an expiry
// `diffusion.time` after the reaction session (header comment), with the model's drift μ.
// diffusion.time == 0 returns empirical_outcome(profile, spot, moves), bit for bit.
[[nodiscard]] inline OutcomeProbabilities empirical_outcome(const PayoffProfile& profile,
                                                            Price spot,
                                                            std::span<const Percentage> moves,
                                                            const PostEventDiffusion& diffusion,
                                                            double drift) {
  if (!(diffusion.time.years() > 0.0)) return empirical_outcome(profile, spot, moves);
  if (moves.empty()) {
    throw InvalidInput(ErrorCode::empty,
                       "moves = []: the empirical outcome needs at least one move");
  }
  if (!(spot.dollars() > 0.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "spot", spot.dollars(), "must be positive");
  }
  LognormalModel model{
      .spot = spot, .time = diffusion.time, .volatility = diffusion.volatility, .drift = drift};
  detail::validate(model);
  const auto max_loss = profile.max_loss();
  const auto max_profit = profile.max_profit();
  // The regions of the extremes, once (a few intervals: inline storage, no allocation).
  PayoffProfile::Intervals loss_region, profit_region;
  if (!max_loss.unbounded) {
    loss_region = profile.where_pnl_at_most(
        max_loss.amount + Money::from_validated(detail::extremum_tolerance_dollars));
  }
  if (!max_profit.unbounded) {
    profit_region = profile.where_pnl_at_least(
        max_profit.amount - Money::from_validated(detail::extremum_tolerance_dollars));
  }
  double pop = 0.0, total = 0.0, at_max_loss = 0.0, at_max_profit = 0.0;
  for (const auto move : moves) {
    if (move.fraction() < -1.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "move", move.pct(),
                            "is below -100 % (a price cannot fall below zero)");
    }
    // The lognormal outcome started after the reaction (a zero price stays a point mass at 0).
    model.spot = Price::from_validated(spot.dollars() * (1.0 + move.fraction()));
    pop += detail::lognormal_mass(model, profile.profit_intervals());
    total += detail::lognormal_expected_pnl(profile, model);
    if (!max_loss.unbounded) at_max_loss += detail::lognormal_mass(model, loss_region);
    if (!max_profit.unbounded) at_max_profit += detail::lognormal_mass(model, profit_region);
  }
  const auto n = static_cast<double>(moves.size());
  OutcomeProbabilities out;
  out.sample_size = moves.size();
  out.probability_of_profit = pop / n;
  out.expected_pnl = Money::from_validated(total / n);
  if (!max_loss.unbounded) out.probability_of_max_loss = at_max_loss / n;
  if (!max_profit.unbounded) out.probability_of_max_profit = at_max_profit / n;
  return out;
}

}  // namespace ivcrush::inline v0
