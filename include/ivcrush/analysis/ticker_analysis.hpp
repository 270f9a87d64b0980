// ivcrush/analysis/ticker_analysis.hpp: one ticker before one earnings announcement, from its
// option chain and its past reactions to ranked, sized and explained trades.
//
//   const TickerAnalysis a = analyze_ticker(
//       {.chain = chain, .event = event, .history = past_reactions}, scorer, options);
//   if (!a.ok()) fmt::print("{}: {}\n", to_string(a.status), a.message);
//   a.implied_move.move;   a.vrp.vrp_ratio;   a.consistency;   a.skew.bias;
//   for (const RankedCandidate& r : a.ranking.top) a.candidate(r) ...;   // best first
//
//   // IVs already computed (a scan that needed them anyway, several policies on one chain):
//   const ChainGreeks g(chain, options.market, options.greeks);
//   analyze_ticker(input, g, scorer_a, options);              // copies g
//   analyze_ticker(input, std::move(g), scorer_b, options);   // takes it over
//
// The steps, each the library's own function (their docs say how each number is computed):
// compute_chain_greeks (IV and greeks of every quote), first_expiration_after(event),
// atm_straddle_move (or the interpolated straddle), analyze_vrp and analyze_consistency over
// the history's magnitudes, analyze_skew (its directional bias feeds the generator and the
// scorer when the fit is good), generate_candidates with the ticker's signed moves for the
// empirical POP, and StrategyScorer<P>::rank.
//
// Cost: the IVs dominate (docs/performance.md). None of the steps reads a bid or ask IV, so by
// default (options.greeks.bid_ask_ivs = false) only the mid IV and greeks of each quote are
// solved: one IV solve per quote instead of three, the same results (tested). Set it to true
// to get the bid/ask IVs in TickerAnalysis::greeks. Only the first expiration after the event
// is read, so by default (options.greeks_scope = GreeksScope::analysed_expiration) only its
// quotes are solved; the other expirations' quotes have no IV in TickerAnalysis::greeks
// (GreeksScope::whole_chain solves them too, with the same ranking: tested). The overload taking
// a ChainGreeks solves nothing; its greeks must be of input.chain at options.market, and cover
// the analysed expiration when computed with only_expiration (InvalidInput otherwise).
//
// The event expiration (event_expiration.hpp, ADR 0011): the analysed expiration is the first
// whose last session is on or after the reaction session. Within the horizon (default 5
// sessions after the reaction) its ATM straddle is the event's implied move, as in the original.
// Beyond it the straddle holds weeks of ordinary diffusion besides the event: the VRP then reads
// the term structure's event move (implied_event_move: the event variance above the diffusive
// rate of the later expirations, as an expected absolute move), and without one (no later
// expiration, or no positive event variance) the analysis stops with no_event_expiration and a
// message naming the distance. The term-structure move is computed in every case
// (term_event_move) so reports can show both; move_basis says which one the VRP used. The
// straddle of the analysed expiration still sets the strikes and the scorer's profit zone: they
// concern the range to expiry, event and diffusion together.
//
// Statuses say where the analysis stopped; every analytic computed before that point is kept
// (a skipped ticker still shows its implied move and VRP). Only a ticker whose VRP analysis is
// ok gets candidates: the ratio drives strategy selection and scoring, and a ratio from too short
// a history is not one (the original skipped such tickers as well).
//
// With options.prune_candidates (off by default) only the candidates that can enter the
// scorer's top_n are fully analysed (the policy's score_upper_bound; generator.hpp's
// generate_top_candidates): the same ranking, and a generation holding the analysed ones.
//
// History: reactions strictly before the event's date, any order; a later one is rejected
// (InvalidInput naming it), because using it would look into the future.
// Lifetime: the result refers to `input.chain` (its greeks do); keep the chain alive.
// Thread safety: pure; distinct analyses may run concurrently with one shared scorer.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/analysis/event_expiration.hpp"
#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/consistency.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/implied_move.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/earnings/skew.hpp"
#include "ivcrush/earnings/term_structure.hpp"
#include "ivcrush/earnings/vrp.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "ivcrush/strategy/generator.hpp"

namespace ivcrush::inline v0 {

enum class ImpliedMoveSource { atm_straddle, interpolated_straddle };

// Which implied move the VRP compares with the past reactions (TickerAnalysis::move_basis).
enum class EventMoveBasis {
  event_straddle,  // the straddle of an expiration within the horizon of the reaction
  term_structure,  // the term structure's event move (the expiration is beyond the horizon)
};

[[nodiscard]] constexpr std::string_view to_string(EventMoveBasis b) noexcept {
  switch (b) {
    case EventMoveBasis::event_straddle: return "event_straddle";
    case EventMoveBasis::term_structure: return "term_structure";
  }
  return "event_straddle";
}

// Which quotes analyze_ticker solves. Only the first expiration after the event is read by the
// analysis (implied move, skew, candidates); the other expirations' solves only fill
// TickerAnalysis::greeks for the caller.
enum class GreeksScope {
  analysed_expiration,  // the default: the other expirations' quotes get no IV and no greeks
  whole_chain,          // every quote (the behaviour before issue 10)
};

struct TickerAnalysisOptions {
  ChainMarket market;  // rate and dividend yield of the IVs and greeks
  // What the greeks solve. Nothing analyze_ticker calls reads bid or ask IVs: solving them
  // (bid_ask_ivs = true) only fills TickerAnalysis::greeks for the caller, at 3× the IV cost.
  ChainGreeksOptions greeks{.bid_ask_ivs = false};
  GreeksScope greeks_scope = GreeksScope::analysed_expiration;  // sets greeks.only_expiration
  ImpliedMoveSource implied_move_source = ImpliedMoveSource::atm_straddle;
  // How far past the reaction session the analysed expiration may run for its straddle to be
  // read as the event's move (event_expiration.hpp; ADR 0011), and how the term structure's
  // event move is computed (always reported; used beyond the horizon).
  EventExpirationOptions event_expiration;
  EventMoveOptions event_move;
  MoveMetric metric = MoveMetric::close;  // which reaction the history measures
  VrpOptions vrp;
  ConsistencyOptions consistency;
  SkewOptions skew;
  bool use_skew_bias = true;  // feed the skew's bias to the generator and scorer when ok
  GeneratorOptions generator;
  // Analyse only the candidates that can enter the scorer's top_n: every pick gets the cheap
  // stage and the policy's score_upper_bound, and only those whose bound reaches the top_n-th
  // best total get the full analysis (generate_top_candidates). The ranking is the exhaustive
  // one (same candidates in the same order, same breakdowns and rationales); what changes is
  // TickerAnalysis::generation: candidates holds the analysed ones only, in generator order,
  // counts.pruned the others (generated() = both), and ranking.scored counts the analysed. A
  // policy without a bound (bounds_scores() false) is ranked exhaustively whatever this says.
  // Off by default: generation.candidates is then every candidate, which a caller ranking them
  // again under another policy (the backtester) needs.
  bool prune_candidates = false;
  // The chain is modeled (no market quotes): its unknown liquidity is reported as
  // "unknown (modeled)" (ScoringContext::modeled_chain) instead of "no open interest in the data".
  bool modeled_chain = false;
};

struct TickerAnalysisInput {
  const OptionChain& chain;
  EarningsEvent event;
  ReactionHistory history;  // past reactions, newest first, strictly before event.date
};

enum class AnalysisStatus {
  ok,
  no_expiration_after_event,  // the chain lists no expiry after the announcement
  no_event_expiration,        // the first expiry is beyond the horizon and the term structure
                              // prices no event move (see event_expiration and term_event_move)
  no_implied_move,            // the straddle could not be priced (see implied_move.status)
  vrp_not_available,          // too little or degenerate history (see vrp.status)
  no_candidates,              // the generator found no trade (see generation.message)
};

[[nodiscard]] constexpr std::string_view to_string(AnalysisStatus s) noexcept {
  switch (s) {
    case AnalysisStatus::ok: return "ok";
    case AnalysisStatus::no_expiration_after_event: return "no_expiration_after_event";
    case AnalysisStatus::no_event_expiration: return "no_event_expiration";
    case AnalysisStatus::no_implied_move: return "no_implied_move";
    case AnalysisStatus::vrp_not_available: return "vrp_not_available";
    case AnalysisStatus::no_candidates: return "no_candidates";
  }
  return "no_candidates";
}

struct TickerAnalysis {
  AnalysisStatus status = AnalysisStatus::no_expiration_after_event;
  std::string message;  // why it stopped; empty when ok
  EarningsEvent event;
  ChainGreeks greeks;                    // of every quote of the chain
  std::optional<Expiration> expiration;  // the first after the announcement (analysed)
  EventExpiration event_expiration;      // its distance from the reaction session, the horizon
  ImpliedMove implied_move;              // the analysed expiration's straddle (its whole move)
  EventMove term_event_move;             // the term structure's event move (its own status)
  EventMoveBasis move_basis = EventMoveBasis::event_straddle;  // what the VRP was given
  // What the empirical POP and E[P/L] add to each past reaction: the diffusion from the reaction
  // session's close to expiry at the term structure's ex-event volatility. nullopt: none (the
  // expiry is at the reaction close, or the term structure gives no ex-event volatility).
  std::optional<PostEventDiffusion> post_event_diffusion;
  VrpAnalysis vrp;
  ConsistencyAnalysis consistency;
  SkewAnalysis skew;
  DirectionalBias bias = DirectionalBias::neutral;  // what the generator and scorer were given
  std::vector<Percentage> signed_moves;             // the history's signed moves (empirical POP)
  GenerationResult generation;
  ScoringContext scoring;
  Ranking ranking;

  [[nodiscard]] bool ok() const noexcept { return status == AnalysisStatus::ok; }
  // The event's implied move the VRP compared with the past reactions: the straddle's move
  // within the horizon, the term structure's expected absolute event move beyond it; nullopt
  // where neither was available.
  [[nodiscard]] std::optional<Percentage> event_move() const noexcept {
    if (move_basis == EventMoveBasis::term_structure) return term_event_move.expected_absolute_move;
    if (implied_move.ok()) return implied_move.move;
    return std::nullopt;
  }
  [[nodiscard]] const Candidate& candidate(const RankedCandidate& r) const noexcept {
    return generation.candidates[r.index];
  }
  [[nodiscard]] const Candidate* best() const noexcept {
    const RankedCandidate* b = ranking.best();
    return b ? &generation.candidates[b->index] : nullptr;
  }
};

namespace detail {

inline void require_history_before(const EarningsEvent& event, ReactionHistory history) {
  // Newest first by type: the first move is the only one that can be on or after the event.
  if (!history.empty() &&
      std::chrono::sys_days{history[0].event.date} >= std::chrono::sys_days{event.date}) {
    throw_invalid(ErrorCode::inconsistent, "history[0].earnings_date",
                  iso_date(history[0].event.date),
                  "is not before the analysed announcement of " + iso_date(event.date));
  }
}

// The diffusion the empirical outcome adds to each past reaction: the ordinary time the position
// spans besides the close-to-close reaction, from the chain's as-of to the close before the news
// and from the reaction close to expiry (ACT/365, the IVs' clock), at the ex-event volatility the
// term structure fixed (its base rate, which exists whenever a later expiration does). None when
// there is no such time, or without a base rate (then the reactions alone, as the original: a
// stated limit).
[[nodiscard]] inline std::optional<PostEventDiffusion> post_event_diffusion(
    const EventExpiration& e, const EventMove& term) {
  const std::optional<YearFraction> after = e.diffusion_after_reaction();
  if (!after || !term.base_volatility) return std::nullopt;
  const double years = e.diffusion_before_news().years() + after->years();
  if (!(years > 0.0)) return std::nullopt;
  return PostEventDiffusion{.volatility = *term.base_volatility,
                            .time = YearFraction::from_years(years)};
}

// The candidates to rank: all of them, or with `prune` and a policy that bounds its scores,
// the ones that can enter the scorer's top_n (generate_top_candidates, in the scorer's order
// and with its dominance test, so that the scorer ranks them as it ranks all).
template <ScoringPolicy P>
[[nodiscard]] GenerationResult generate_for_ranking(const GeneratorContext& ctx,
                                                    const GeneratorOptions& options,
                                                    const StrategyScorer<P>& scorer,
                                                    const ScoringContext& scoring, bool prune) {
  if constexpr (BoundsScore<P>) {
    if (prune && bounds_scores(scorer.policy())) {
      return generate_top_candidates(
          ctx, options, scorer.options().top_n,
          [&](const CandidateOutline& o) { return scorer.policy().score_upper_bound(o, scoring); },
          [&](const Candidate& c) { return scorer.rank_key(c, scoring); },
          [](const PayoffProfile& of, std::span<const PayoffProfile> all) {
            return dominated_by_any(of, all);
          });
    }
  } else {
    static_cast<void>(scorer);
    static_cast<void>(scoring);
    static_cast<void>(prune);
  }
  return generate_candidates(ctx, options);
}

// analyze_ticker after its greeks (computed or handed over); inputs validated by the caller.
template <ScoringPolicy P>
[[nodiscard]] TickerAnalysis analyze_ticker_with(const TickerAnalysisInput& in,
                                                 ChainGreeks&& greeks,
                                                 const StrategyScorer<P>& scorer,
                                                 const TickerAnalysisOptions& options) {
  TickerAnalysis a{.event = in.event, .greeks = std::move(greeks)};

  a.event_expiration = select_event_expiration(in.chain, in.event, options.event_expiration);
  a.expiration = a.event_expiration.expiration;
  if (!a.expiration) {
    a.status = AnalysisStatus::no_expiration_after_event;
    a.message = "the " + std::string(in.chain.underlying().view()) +
                " chain lists no expiration after " + detail::iso_date(in.event.date) + " " +
                std::string(to_string(in.event.timing));
    return a;
  }
  // The straddle's legs are judged with the generator's liquidity policy: a modeled chain
  // (unknown open interest) that the caller accepts for trades is accepted for the move too.
  const LiquidityPolicy liquidity = options.generator.analysis.liquidity_policy;
  a.implied_move = options.implied_move_source == ImpliedMoveSource::atm_straddle
                       ? atm_straddle_move(a.greeks, *a.expiration, liquidity)
                       : interpolated_straddle_move(a.greeks, *a.expiration, liquidity);
  // The term structure reads two quotes per expiration: the others are solved on demand.
  a.term_event_move =
      implied_event_move(in.chain, SolvedOnDemandIvs(a.greeks), *a.expiration, options.event_move);
  // Beyond the horizon the straddle holds the event and weeks of diffusion: it is not the event's
  // move, so the VRP reads the term structure's, or there is none.
  if (!a.event_expiration.within_horizon()) a.move_basis = EventMoveBasis::term_structure;
  const std::optional<Percentage> event_move = a.event_move();
  a.vrp = event_move ? analyze_vrp(*event_move, in.history, options.metric, options.vrp)
                     : analyze_vrp_without_move(in.history, options.metric, options.vrp);
  a.consistency = analyze_consistency(in.history, options.metric, options.consistency);
  a.skew = analyze_skew(a.greeks, *a.expiration, options.skew);
  if (options.use_skew_bias && a.skew.ok()) a.bias = a.skew.bias;
  a.signed_moves.reserve(in.history.size());
  for (const HistoricalMove& m : in.history)
    a.signed_moves.push_back(m.signed_move(options.metric));

  if (a.move_basis == EventMoveBasis::term_structure && !event_move) {
    a.status = AnalysisStatus::no_event_expiration;
    a.message = fmt::format(
        "no event expiration: the first expiration after the announcement is {}, and its term "
        "structure prices no event move ({}); its straddle is not the event's move",
        a.event_expiration.describe(), to_string(a.term_event_move.status));
    return a;
  }
  if (!a.implied_move.ok()) {
    a.status = AnalysisStatus::no_implied_move;
    a.message = "implied move: " + std::string(to_string(a.implied_move.status));
    if (a.implied_move.status == ImpliedMoveStatus::unknown_open_interest) {
      a.message +=
          " (the straddle has no open interest in the data, and the liquidity policy "
          "counts unknown open interest as zero)";
    }
    return a;
  }
  if (!a.vrp.ok()) {
    a.status = AnalysisStatus::vrp_not_available;
    a.message = "VRP: " + a.vrp.reason();
    return a;
  }
  a.post_event_diffusion = detail::post_event_diffusion(a.event_expiration, a.term_event_move);
  a.scoring = ScoringContext{.spot = in.chain.spot(),
                             .implied_move = a.implied_move.move,
                             .vrp_ratio = a.vrp.vrp_ratio,
                             .bias = a.bias,
                             .modeled_chain = options.modeled_chain};
  a.generation = generate_for_ranking(
      GeneratorContext{.greeks = a.greeks,
                       .expiration = *a.expiration,
                       .implied_move = a.implied_move.move,
                       .vrp_ratio = a.vrp.vrp_ratio,
                       .bias = a.bias,
                       .historical_moves = std::span<const Percentage>(a.signed_moves),
                       .post_event_diffusion = a.post_event_diffusion},
      options.generator, scorer, a.scoring, options.prune_candidates);
  if (!a.generation.ok()) {
    a.status = AnalysisStatus::no_candidates;
    a.message = std::string(to_string(a.generation.status)) + ": " + a.generation.message;
    return a;
  }
  a.ranking = scorer.rank(a.generation.candidates, a.scoring);
  a.status = AnalysisStatus::ok;
  return a;
}

}  // namespace detail

template <ScoringPolicy P>
[[nodiscard]] TickerAnalysis analyze_ticker(const TickerAnalysisInput& in,
                                            const StrategyScorer<P>& scorer,
                                            const TickerAnalysisOptions& options = {}) {
  options.generator.validate();
  detail::require_history_before(in.event, in.history);
  ChainGreeksOptions solve = options.greeks;
  if (options.greeks_scope == GreeksScope::analysed_expiration) {
    solve.only_expiration = in.chain.first_expiration_after(in.event);
  }
  return detail::analyze_ticker_with(in, ChainGreeks(in.chain, options.market, solve), scorer,
                                     options);
}

// The same analysis on IVs and greeks computed beforehand (taken by value: pass std::move(g)
// when done with it, or let it be copied to reuse it). `greeks` must be of input.chain (the same
// object) and of options.market; options.greeks is not used.
template <ScoringPolicy P>
[[nodiscard]] TickerAnalysis analyze_ticker(const TickerAnalysisInput& in, ChainGreeks greeks,
                                            const StrategyScorer<P>& scorer,
                                            const TickerAnalysisOptions& options = {}) {
  options.generator.validate();
  detail::require_history_before(in.event, in.history);
  if (&greeks.chain() != &in.chain) {
    detail::throw_invalid(ErrorCode::inconsistent, "greeks.chain",
                          std::string(greeks.chain().underlying().view()),
                          "is not the analysed chain (input.chain)");
  }
  if (greeks.market().rate != options.market.rate ||
      greeks.market().dividend_yield != options.market.dividend_yield) {
    detail::throw_invalid(ErrorCode::inconsistent, "greeks.market.rate", greeks.market().rate,
                          fmt::format("the greeks were computed at rate {} and dividend yield {}, "
                                      "the options say rate {} and dividend yield {}",
                                      greeks.market().rate, greeks.market().dividend_yield,
                                      options.market.rate, options.market.dividend_yield));
  }
  if (const auto& only = greeks.options().only_expiration) {
    const auto analysed = in.chain.first_expiration_after(in.event);
    if (analysed && *only != *analysed) {
      detail::throw_invalid(ErrorCode::inconsistent, "greeks.only_expiration",
                            detail::iso_date(only->date()),
                            "is not the analysed expiration " + detail::iso_date(analysed->date()) +
                                " (none of its quotes is solved)");
    }
  }
  return detail::analyze_ticker_with(in, std::move(greeks), scorer, options);
}

}  // namespace ivcrush::inline v0
