// ivcrush/backtest/backtester.hpp: replays real earnings reactions through the whole pipeline
// (chain -> analysis -> ranked trade -> fills -> exit) and measures each scoring policy.
//
//   const io::EarningsDataset data = io::load_earnings_dataset("data");
//   const std::vector<BacktestEvent> events = backtest_events(data, {.from = ..., .to = ...});
//   const ModeledChainSource source(data);                   // or StoredChainSource(store)
//   BacktestReport r = run_backtest(events, data, source,
//                                   StrategyScorer(IvCrushScoring::model_pop()), config);
//   r.trades;  r.skipped;  r.summary.sharpe_annualized;      // PerformanceSummary
//   std::vector<BacktestReport> side_by_side =
//       run_backtests(events, data, source, {"iv_crush_default", "iv_crush_model"}, config);
//   WalkForwardSummary wf = walk_forward_reports(side_by_side, {...});
//
// The loop, per event in (announcement date, ticker) order (ADR 0008, docs/backtest.md):
// 1. Timing. entry_at = the last close before the news: for a before-open (or during-market)
//    report the previous weekday's 16:00 New York close, for an after-close report the same
//    day's close (exchange holidays are not modeled: a report after a holiday enters on the
//    holiday's date). news_at = detail::event_instant (09:30, 12:00 or 16:00). exit_at =
//    ExitRule::reaction_close: the close of the reaction session (the reaction bar's date);
//    ExitRule::expiration: the position's expiry. entry_at <= news_at < exit_at, else skipped
//    (equal for an after-close report: the 16:00 close, the news after it).
// 2. Entry chain from the ChainSource; the history = the ticker's newest `history_window`
//    (default_history_window, 12) real reactions strictly before the announcement, newest first
//    (a MoveHistory returns a ReactionHistory: io::EarningsDataset is one).
// 3. analyze_ticker (analysis/ticker_analysis.hpp) with the first policy's scorer; the other
//    policies re-rank the same candidates (same chain, same analytics: only the choice differs).
//    config.commissions is copied into the generator's fees so candidates are scored net of the
//    costs the backtest charges. A modeled entry chain (open interest unknown) is analysed with
//    generator.analysis.liquidity_policy = unknown_is_acceptable (forced, and recorded).
// 4. The policy's top-ranked candidate, unless its verdict is no trade (config.verdict ==
//    VerdictRule::follow, the default: SkipReason::no_trade), `contracts` units (fixed count, or
//    the candidate's own sizing with the account size). Each leg is filled at the entry quote:
//      sell at mid - f (mid - bid),  buy at mid + f (ask - mid),   f = config.fill in [0, 1]
//    (0: mid, 1: the touch). risk = the maximum loss at expiration of the position rebuilt at
//    the fill prices, entry and exit commissions included (PayoffProfile; not the mid-price
//    candidate's number). Closing before expiry leg by leg at wide quotes can cost more than
//    the width, so a realized loss may exceed it (a return on risk below -1).
// 5. Exit. A leg whose expiry is at or before exit_at settles at intrinsic value with the
//    underlying's close (the reaction close: known only if the expiry's last trading day is the
//    reaction date, else skipped); any other leg is closed at the exit chain's quote with the
//    same fill rule (buy back a short leg, sell a long one). A leg the exit chain does not list
//    is valued at $0 when it is out of the money at the exit spot (listings stop where the
//    value rounds to nothing) and skips the event otherwise.
//      leg P/L = side x (exit fill - entry fill) x multiplier x quantity     (side: +1 buy)
//      pnl = sum(leg P/L) - fees;  fees = per contract x (entry contracts + contracts closed
//      by a trade at exit, when charge_exit); settled legs pay no exit commission.
// 6. A BacktestTrade (everything above, the chains' origins and the score breakdown) and its
//    TradeOutcome{entry date, exit date, pnl, risk}; the report summarizes the outcomes with
//    summarize_performance (backtest/performance.hpp), in entry-date order.
// Fixes against the Python original (domain-spec §5): it never priced an option (a P/L formula
// of 1.3 x the mean move), used a constant VRP of 1.4 and a signed move, so a down move could
// not lose; here every trade is a real position priced leg by leg, the VRP is the analysis's
// own, and the loss is whatever the position's legs lose, up or down.
// Skips are data, not errors: every event without a trade is in `skipped` with a SkipReason and
// a message (per policy: an event skipped for all is listed in every report).
// Determinism: the events are sorted (stable) by (date, ticker); no clock, no thread, no
// unordered container; the same inputs give identical reports.
// Cost: per event one entry chain, one analysis, one exit chain at most (shared by the
// policies) and per policy one ranking and O(legs) arithmetic; the bundled data (1,997 events,
// 4 policies) replays in about a second. Thread safety: the functions are pure; the source and
// the history must be safe to read (both shipped sources are).
// Errors: InvalidInput for a bad config (fill outside [0, 1], negative commissions, contracts
// < 1, ...), an unknown policy name, an empty policy list; the analysis's own InvalidInput.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/analysis/ticker_analysis.hpp"
#include "ivcrush/backtest/chain_source.hpp"
#include "ivcrush/backtest/performance.hpp"
#include "ivcrush/backtest/walk_forward.hpp"
#include "ivcrush/chain/modeled_chain.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/earnings_dataset.hpp"
#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "ivcrush/scoring/verdict.hpp"
#include "ivcrush/strategy/commissions.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0 {

// ---------------------------------------------------------------------------------------------
// Inputs.

// One announcement to replay: the event and its real reaction, when the data has one.
struct BacktestEvent {
  EarningsEvent event;
  std::optional<HistoricalMove> reaction;  // empty: nothing to replay (reported as skipped)
};

// Where the backtester finds a ticker's earlier reactions: the newest `limit` announced strictly
// before `d`, as a ReactionHistory (newest first by type; a bare span says no order).
template <class H>
concept MoveHistory = requires(const H& h, Symbol s, std::chrono::year_month_day d,
                               std::size_t limit) {
  { h.history_before(s, d, limit) } -> std::same_as<ReactionHistory>;
};

static_assert(MoveHistory<io::EarningsDataset>);

struct BacktestEventSelection {
  std::optional<std::chrono::year_month_day> from;  // announcement dates >= from
  std::optional<std::chrono::year_month_day> to;    // announcement dates <= to
  // Also list calendar announcements without a real reaction (after-close reports, reports the
  // reaction file lacks), so the report counts what could not be replayed.
  bool include_calendar_without_reaction = false;
};

// The dataset's reactions (and optionally its other calendar entries) in the range, sorted by
// (date, ticker).
[[nodiscard]] inline std::vector<BacktestEvent> backtest_events(
    const io::EarningsDataset& data, const BacktestEventSelection& selection = {}) {
  using std::chrono::sys_days;
  const auto in_range = [&](std::chrono::year_month_day d) {
    return (!selection.from || sys_days{d} >= sys_days{*selection.from}) &&
           (!selection.to || sys_days{d} <= sys_days{*selection.to});
  };
  std::vector<BacktestEvent> out;
  for (const HistoricalMove& m : data.reactions) {
    if (in_range(m.event.date)) out.push_back({m.event, m});
  }
  if (selection.include_calendar_without_reaction) {
    for (const io::CalendarEntry& c : data.calendar) {
      if (in_range(c.event.date) && data.reaction(c.event.symbol, c.event.date) == nullptr) {
        out.push_back({c.event, std::nullopt});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const BacktestEvent& a, const BacktestEvent& b) {
    return std::pair(sys_days{a.event.date}, a.event.symbol) <
           std::pair(sys_days{b.event.date}, b.event.symbol);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Configuration.

enum class ExitRule {
  reaction_close,  // close of the first session after the news (the reaction bar's date)
  expiration,      // hold to expiry, settle at intrinsic with the underlying's close then
};

[[nodiscard]] constexpr std::string_view to_string(ExitRule r) noexcept {
  return r == ExitRule::reaction_close ? "reaction_close" : "expiration";
}

[[nodiscard]] inline ExitRule parse_exit_rule(std::string_view text) {
  if (text == "reaction_close") return ExitRule::reaction_close;
  if (text == "expiration") return ExitRule::expiration;
  detail::throw_invalid(ErrorCode::malformed, "exit rule", fmt::format("'{}'", text),
                        "must be reaction_close or expiration");
}

// Whether a policy's "no trade" verdict (scoring/verdict.hpp: the best candidate's expectation
// rounds to $0.00 or less) is obeyed. `follow` replays what the library tells a trader to do;
// `ignore` books the top-ranked candidate whatever its verdict (every policy then trades the same
// events, the comparison of rankings alone).
enum class VerdictRule { follow, ignore };

[[nodiscard]] constexpr std::string_view to_string(VerdictRule r) noexcept {
  return r == VerdictRule::follow ? "follow" : "ignore";
}

[[nodiscard]] inline VerdictRule parse_verdict_rule(std::string_view text) {
  if (text == to_string(VerdictRule::follow)) return VerdictRule::follow;
  if (text == to_string(VerdictRule::ignore)) return VerdictRule::ignore;
  detail::throw_invalid(ErrorCode::malformed, "verdict rule", fmt::format("'{}'", text),
                        "must be follow or ignore");
}

enum class SizingMode {
  fixed,      // `contracts` units of every trade
  candidate,  // the candidate's own sizing rule (generator.analysis.sizing) on account_size
};

struct BacktestSizing {
  SizingMode mode = SizingMode::fixed;
  std::int32_t contracts = 1;  // fixed mode, >= 1
  // Candidate mode: the Kelly bankroll, and account_size x max_risk_fraction is the risk budget
  // of every sizing rule. The account does not compound (each event is sized on the same
  // account), so policies compare on equal terms.
  Money account_size = Money::dollars(100'000.0);
  double max_risk_fraction = 0.02;  // (0, 1]
};

struct BacktestConfig {
  ExitRule exit = ExitRule::reaction_close;
  double fill = 0.5;  // 0: fill at mid, 1: at the touch (bid when selling, ask when buying)
  CommissionSchedule commissions{
      .per_contract = Money::dollars(0.65), .per_share = Money::zero(), .charge_exit = true};
  BacktestSizing sizing;
  VerdictRule verdict = VerdictRule::follow;
  std::size_t history_window = default_history_window;  // the newest N reactions (>= 1)
  TickerAnalysisOptions analysis;  // passed through (fees and, for modeled chains, the
                                   // liquidity policy are set by the backtester)
  PerformanceOptions performance;  // of each report's summary

  void validate() const {
    detail::require_finite("fill", fill);
    if (!(fill >= 0.0 && fill <= 1.0)) {
      detail::throw_invalid(ErrorCode::out_of_range, "fill", fill, "must be in [0, 1]");
    }
    commissions.validate();
    if (sizing.contracts < 1) {
      detail::throw_invalid(ErrorCode::out_of_range, "contracts", sizing.contracts,
                            "must be at least 1");
    }
    detail::require_finite("account_size", sizing.account_size.dollars());
    if (!(sizing.account_size.dollars() > 0.0)) {
      detail::throw_invalid(ErrorCode::out_of_range, "account_size", sizing.account_size.dollars(),
                            "must be positive");
    }
    if (!(sizing.max_risk_fraction > 0.0 && sizing.max_risk_fraction <= 1.0)) {
      detail::throw_invalid(ErrorCode::out_of_range, "max_risk_fraction", sizing.max_risk_fraction,
                            "must be in (0, 1]");
    }
    if (history_window == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "history_window", history_window,
                            "must be at least 1");
    }
    analysis.generator.validate();
  }
};

// ---------------------------------------------------------------------------------------------
// Results.

enum class SkipReason {
  no_reaction,                   // the data has no reaction for the announcement
  after_close_without_reaction,  // AMC: the reaction needs the next session's bar
  inconsistent_timing,           // entry, news and exit are not in that order
  no_entry_chain,                // the source had none (its reason in the message)
  no_expiration_after_event,     // analysis statuses ...
  no_event_expiration,           // beyond the horizon, and no term-structure event move
  no_implied_move,
  insufficient_history,  // VRP not available: too few (or degenerate) earlier reactions
  no_candidates,
  no_trade,                  // the policy's verdict: the best candidate's expectation <= $0.00
  zero_contracts,            // the candidate's sizing chose none
  entry_quote_missing,       // a leg of the candidate is not quoted (a custom candidate)
  no_risk,                   // the position at the fills cannot lose, or loses unboundedly
  no_exit_chain,             // the source had none
  exit_quote_missing,        // an in-the-money leg the exit chain does not list
  expiration_close_unknown,  // the close on the expiry date is not in the data
};

[[nodiscard]] constexpr std::string_view to_string(SkipReason r) noexcept {
  switch (r) {
    case SkipReason::no_reaction: return "no_reaction";
    case SkipReason::after_close_without_reaction: return "after_close_without_reaction";
    case SkipReason::inconsistent_timing: return "inconsistent_timing";
    case SkipReason::no_entry_chain: return "no_entry_chain";
    case SkipReason::no_expiration_after_event: return "no_expiration_after_event";
    case SkipReason::no_event_expiration: return "no_event_expiration";
    case SkipReason::no_implied_move: return "no_implied_move";
    case SkipReason::insufficient_history: return "insufficient_history";
    case SkipReason::no_candidates: return "no_candidates";
    case SkipReason::no_trade: return "no_trade";
    case SkipReason::zero_contracts: return "zero_contracts";
    case SkipReason::entry_quote_missing: return "entry_quote_missing";
    case SkipReason::no_risk: return "no_risk";
    case SkipReason::no_exit_chain: return "no_exit_chain";
    case SkipReason::exit_quote_missing: return "exit_quote_missing";
    case SkipReason::expiration_close_unknown: return "expiration_close_unknown";
  }
  return "unknown";
}

struct SkippedEvent {
  EarningsEvent event;
  SkipReason reason = SkipReason::no_reaction;
  std::string message;
};

enum class LegExit {
  closed,              // bought back / sold at the exit chain's quote
  settled,             // expired by the exit: intrinsic value at the underlying's close
  unquoted_worthless,  // not listed by the exit chain and out of the money: $0
};

[[nodiscard]] constexpr std::string_view to_string(LegExit e) noexcept {
  switch (e) {
    case LegExit::closed: return "closed";
    case LegExit::settled: return "settled";
    case LegExit::unquoted_worthless: return "unquoted_worthless";
  }
  return "closed";
}

struct BacktestLeg {
  OptionRight right = OptionRight::call;
  Strike strike;
  std::chrono::year_month_day expiration{};
  Side side = Side::sell;
  std::int32_t quantity = 0;  // contracts of this leg in the position
  std::int32_t multiplier = 100;
  Money entry_bid;
  Money entry_ask;
  Money entry_fill;  // per share
  LegExit exit = LegExit::closed;
  Money exit_bid;  // the exit quote (the intrinsic value twice when settled, $0 unquoted)
  Money exit_ask;
  Money exit_fill;  // per share
  Money pnl;        // side x (exit fill - entry fill) x multiplier x quantity, before fees

  friend bool operator==(const BacktestLeg&, const BacktestLeg&) = default;
};

struct BacktestTrade {
  EarningsEvent event;  // timing resolved (the reaction's)
  std::string policy;
  StrategyKind kind = StrategyKind::custom;
  std::vector<BacktestLeg> legs;
  std::int32_t contracts = 0;  // units of the candidate (one contract per leg each)
  std::chrono::sys_seconds entry_at{};
  std::chrono::sys_seconds exit_at{};
  Price entry_spot;  // the entry chain's
  Price exit_spot;   // the underlying at the exit (the reaction close)
  Money credit;      // received at entry (negative: a debit)
  Money exit_cost;   // paid to close (negative: received)
  Money fees;        // entry and exit commissions
  Money pnl;         // credit - exit_cost - fees
  Money risk;        // max loss at the entry fills, all fees included (> 0)
  ChainOrigin entry_origin = ChainOrigin::market;
  ChainOrigin exit_origin = ChainOrigin::market;  // of the exit chain, or the entry's when
                                                  // every leg settled (no exit chain used)
  std::string entry_provenance;
  std::string exit_provenance;
  LiquidityPolicy liquidity_policy = LiquidityPolicy::unknown_is_zero;
  bool liquidity_policy_forced = false;  // set by the backtester for a modeled chain
  ScoreBreakdown breakdown;
  double score = 0.0;  // breakdown.total()
  std::string rationale;
  Percentage implied_move;  // the analysis's (entry chain straddle)
  double vrp_ratio = 0.0;
  std::size_t history_size = 0;
  Percentage realized_move;  // the reaction's signed close-to-close move

  [[nodiscard]] bool modeled() const noexcept {
    return entry_origin == ChainOrigin::modeled || exit_origin == ChainOrigin::modeled;
  }
  [[nodiscard]] std::chrono::year_month_day entry_date() const { return new_york_date(entry_at); }
  [[nodiscard]] std::chrono::year_month_day exit_date() const { return new_york_date(exit_at); }
  [[nodiscard]] TradeOutcome outcome() const {
    return TradeOutcome{entry_date(), exit_date(), pnl, risk};
  }
};

struct SkipCount {
  SkipReason reason = SkipReason::no_reaction;
  std::size_t events = 0;

  friend bool operator==(const SkipCount&, const SkipCount&) = default;
};

struct BacktestReport {
  std::string policy;
  std::size_t events = 0;              // events replayed (traded + skipped)
  std::vector<BacktestTrade> trades;   // in event order
  std::vector<SkippedEvent> skipped;   // in event order
  std::vector<TradeOutcome> outcomes;  // the trades', in entry-date order (stable)
  PerformanceSummary summary;          // of `outcomes`
  std::size_t modeled_trades = 0;      // trades priced on a modeled chain

  // Skips per reason, in SkipReason order, reasons with none left out.
  [[nodiscard]] std::vector<SkipCount> skip_counts() const {
    std::vector<SkipCount> out;
    for (int r = 0; r <= static_cast<int>(SkipReason::expiration_close_unknown); ++r) {
      const auto reason = static_cast<SkipReason>(r);
      const auto n = static_cast<std::size_t>(
          std::count_if(skipped.begin(), skipped.end(),
                        [&](const SkippedEvent& s) { return s.reason == reason; }));
      if (n > 0) out.push_back({reason, n});
    }
    return out;
  }
};

// ---------------------------------------------------------------------------------------------
// Timing.

// The weekday before `d` (Monday -> the Friday before). Holidays are not modeled.
[[nodiscard]] inline std::chrono::year_month_day previous_weekday(std::chrono::year_month_day d) {
  using namespace std::chrono;
  sys_days x{d};
  do {
    x -= days{1};
  } while (weekday{x} == Saturday || weekday{x} == Sunday);
  return year_month_day{x};
}

// The last close before the news of `event` (timing resolved: before_open, during_market or
// after_close; unknown is treated as after close, as everywhere in ivcrush).
[[nodiscard]] inline std::chrono::sys_seconds entry_instant(const EarningsEvent& event) {
  switch (event.timing) {
    case EarningsTiming::before_open:
    case EarningsTiming::during_market: return new_york_market_close(previous_weekday(event.date));
    case EarningsTiming::after_close:
    case EarningsTiming::unknown: return new_york_market_close(event.date);
  }
  return new_york_market_close(event.date);
}

// The shipped policy names plus the backtester's short aliases: original -> iv_crush_default,
// model_pop -> iv_crush_model, empirical_pop -> iv_crush_empirical.
[[nodiscard]] inline AnyScoringPolicy make_backtest_policy(std::string_view name) {
  const std::string key = normalize_policy_name(name);
  if (key == "original") return make_scoring_policy("iv_crush_default");
  if (key == "model_pop") return make_scoring_policy("iv_crush_model");
  if (key == "empirical_pop") return make_scoring_policy("iv_crush_empirical");
  return make_scoring_policy(key);
}

namespace detail {

template <class P>
[[nodiscard]] std::string policy_name_of(const P& policy) {
  if constexpr (requires { std::string_view(policy.name()); }) {
    return std::string(std::string_view(policy.name()));
  } else {
    return "custom";
  }
}

[[nodiscard]] inline Money fill_price(const OptionQuote& q, Side side, double f) noexcept {
  const Money m = mid(q);
  return side == Side::sell ? m - (m - q.bid) * f : m + (q.ask - m) * f;
}

[[nodiscard]] inline const OptionQuote* quote_of(const OptionChain& chain,
                                                 std::chrono::year_month_day expiration,
                                                 Strike strike, OptionRight right) {
  const auto view = chain.expiration(expiration);
  return view ? view->quote(strike, right) : nullptr;
}

[[nodiscard]] inline OptionRight right_of(const Leg& leg) noexcept {
  return leg.instrument() == Instrument::call ? OptionRight::call : OptionRight::put;
}

[[nodiscard]] inline std::string leg_label(const BacktestLeg& l) {
  return fmt::format("{}{} {} {} {}", l.side == Side::buy ? '+' : '-', l.quantity,
                     l.right == OptionRight::call ? 'C' : 'P', l.strike.dollars(),
                     iso_date(l.expiration));
}

inline SkipReason skip_reason_of(AnalysisStatus s) noexcept {
  switch (s) {
    case AnalysisStatus::ok: return SkipReason::no_candidates;
    case AnalysisStatus::no_expiration_after_event: return SkipReason::no_expiration_after_event;
    case AnalysisStatus::no_event_expiration: return SkipReason::no_event_expiration;
    case AnalysisStatus::no_implied_move: return SkipReason::no_implied_move;
    case AnalysisStatus::vrp_not_available: return SkipReason::insufficient_history;
    case AnalysisStatus::no_candidates: return SkipReason::no_candidates;
  }
  return SkipReason::no_candidates;
}

// Everything one event's policies share.
struct EventContext {
  const BacktestEvent* input = nullptr;
  EarningsEvent event;  // timing resolved
  ChainRequest request;
  const SourcedChain* entry = nullptr;
  const TickerAnalysis* analysis = nullptr;
  LiquidityPolicy liquidity_policy = LiquidityPolicy::unknown_is_zero;
  bool liquidity_forced = false;
};

struct TradeOrSkip {
  std::optional<BacktestTrade> trade;
  SkipReason reason = SkipReason::no_candidates;
  std::string message;
};

[[nodiscard]] inline TradeOrSkip skip(SkipReason reason, std::string message) {
  return TradeOrSkip{std::nullopt, reason, std::move(message)};
}

// Steps 4-6 of the synopsis for one policy's choice. `exit_chain` fetches (once) the exit chain.
template <class ExitChain>
[[nodiscard]] TradeOrSkip book_trade(const EventContext& ctx, const Candidate& candidate,
                                     const RankedCandidate& ranked, std::string_view policy,
                                     const BacktestConfig& config, ExitChain&& exit_chain) {
  const OptionChain& entry_chain = ctx.entry->chain;
  const HistoricalMove& move = ctx.request.reaction;
  const std::int32_t units =
      config.sizing.mode == SizingMode::fixed ? config.sizing.contracts : candidate.contracts;
  if (units < 1) {
    return skip(SkipReason::zero_contracts,
                fmt::format("the candidate's sizing chose {} contracts", units));
  }

  BacktestTrade t;
  t.event = ctx.event;
  t.policy = std::string(policy);
  t.kind = candidate.kind;
  t.contracts = units;
  t.entry_at = ctx.request.entry_at;
  t.entry_spot = entry_chain.spot();
  t.exit_spot = move.reaction.close();
  t.entry_origin = ctx.entry->origin;
  t.exit_origin = ctx.entry->origin;
  t.entry_provenance = ctx.entry->provenance;
  t.liquidity_policy = ctx.liquidity_policy;
  t.liquidity_policy_forced = ctx.liquidity_forced;
  t.breakdown = ranked.breakdown;
  t.score = ranked.breakdown.total();
  t.rationale = ranked.rationale;
  t.implied_move = ctx.analysis->implied_move.move;
  t.vrp_ratio = ctx.analysis->vrp.vrp_ratio;
  t.history_size = ctx.analysis->signed_moves.size();
  t.realized_move = move.close_move;

  // Entry fills, and the position at those fills for its risk.
  std::vector<Leg> filled;
  filled.reserve(candidate.strategy.legs().size());
  t.legs.reserve(candidate.strategy.legs().size());
  for (const Leg& leg : candidate.strategy.legs()) {
    if (!leg.is_option()) {
      return skip(SkipReason::entry_quote_missing, "the candidate has a shares leg");
    }
    const OptionQuote* q = quote_of(entry_chain, leg.expiration(), leg.strike(), right_of(leg));
    BacktestLeg l{.right = right_of(leg),
                  .strike = leg.strike(),
                  .expiration = leg.expiration(),
                  .side = leg.side(),
                  .quantity = leg.quantity() * units,
                  .multiplier = leg.multiplier()};
    if (q == nullptr) {
      return skip(SkipReason::entry_quote_missing,
                  fmt::format("the entry chain does not quote {}", leg_label(l)));
    }
    l.entry_bid = q->bid;
    l.entry_ask = q->ask;
    l.entry_fill = fill_price(*q, leg.side(), config.fill);
    filled.push_back(Leg::option({.right = l.right,
                                  .strike = l.strike,
                                  .expiration = l.expiration,
                                  .side = l.side,
                                  .quantity = l.quantity,
                                  .premium = l.entry_fill,
                                  .multiplier = l.multiplier}));
    t.legs.push_back(l);
  }
  const Strategy position = Strategy::make(candidate.strategy.underlying(), filled);
  const PayoffExtremum worst =
      PayoffProfile::at_expiration(position, {.fees = config.commissions}).max_loss();
  if (worst.unbounded || !(worst.amount.dollars() < 0.0)) {
    return skip(SkipReason::no_risk, worst.unbounded
                                         ? "the position at the fills can lose without limit"
                                         : "the position at the fills cannot lose");
  }
  t.risk = -worst.amount;

  // Exit.
  std::chrono::sys_seconds exit_at = ctx.request.exit_at;
  if (config.exit == ExitRule::expiration) {
    const auto expiry = position.common_expiration();
    if (!expiry) {
      return skip(SkipReason::expiration_close_unknown, "the legs expire on different dates");
    }
    const Expiration e = Expiration::from_date(*expiry);
    if (e.last_trading_date() != move.reaction_date()) {
      return skip(SkipReason::expiration_close_unknown,
                  fmt::format("hold to expiration: the close on {} is not known (the data has "
                              "the reaction close of {})",
                              iso_date(e.last_trading_date()), iso_date(move.reaction_date())));
    }
    exit_at = e.expiry_time();
  }
  t.exit_at = exit_at;

  const double exit_spot = t.exit_spot.dollars();
  const SourcedChain* out = nullptr;
  std::int64_t closed_contracts = 0;
  std::int64_t entry_contracts = 0;
  for (BacktestLeg& l : t.legs) {
    entry_contracts += l.quantity;
    const Expiration e = Expiration::from_date(l.expiration);
    const Leg& unit = filled[static_cast<std::size_t>(&l - t.legs.data())];
    if (e.expiry_time() <= exit_at) {
      if (e.last_trading_date() != move.reaction_date()) {
        return skip(SkipReason::expiration_close_unknown,
                    fmt::format("{} expired on {}: the close then is not known", leg_label(l),
                                iso_date(e.last_trading_date())));
      }
      const Money intrinsic = Money::from_validated(unit.value_per_share_at(exit_spot));
      l.exit = LegExit::settled;
      l.exit_bid = l.exit_ask = l.exit_fill = intrinsic;
      continue;
    }
    if (out == nullptr) {
      const FetchedChain* fetched = exit_chain();
      if (!fetched->ok()) return skip(SkipReason::no_exit_chain, fetched->reason);
      out = &*fetched->chain;
    }
    const Side closing = l.side == Side::sell ? Side::buy : Side::sell;
    const OptionQuote* q = quote_of(out->chain, l.expiration, l.strike, l.right);
    if (q == nullptr) {
      if (unit.value_per_share_at(exit_spot) > 0.0) {
        return skip(SkipReason::exit_quote_missing,
                    fmt::format("the exit chain does not quote {}, in the money at {:.2f}",
                                leg_label(l), exit_spot));
      }
      l.exit = LegExit::unquoted_worthless;
      l.exit_bid = l.exit_ask = l.exit_fill = Money::zero();
      continue;
    }
    l.exit = LegExit::closed;
    l.exit_bid = q->bid;
    l.exit_ask = q->ask;
    l.exit_fill = fill_price(*q, closing, config.fill);
    closed_contracts += l.quantity;
  }
  if (out != nullptr) {
    t.exit_origin = out->origin;
    t.exit_provenance = out->provenance;
  } else {
    t.exit_provenance = fmt::format("every leg settled at the close {:.2f}", exit_spot);
  }

  // P/L and costs.
  Money credit;
  Money exit_cost;
  for (BacktestLeg& l : t.legs) {
    const double units_shares = static_cast<double>(l.multiplier) * static_cast<double>(l.quantity);
    const double s = static_cast<double>(sign(l.side));
    l.pnl = (l.exit_fill - l.entry_fill) * (s * units_shares);
    credit += l.entry_fill * (-s * units_shares);
    exit_cost += l.exit_fill * (-s * units_shares);
  }
  const Money per = config.commissions.per_contract;
  t.fees = per * static_cast<double>(entry_contracts);
  if (config.commissions.charge_exit) t.fees += per * static_cast<double>(closed_contracts);
  t.credit = credit;
  t.exit_cost = exit_cost;
  t.pnl = credit - exit_cost - t.fees;
  return TradeOrSkip{std::move(t), SkipReason::no_candidates, {}};
}

template <MoveHistory H, ChainSource C, ScoringPolicy P>
[[nodiscard]] std::vector<BacktestReport> run_policies(std::span<const BacktestEvent> events,
                                                       const H& history, const C& source,
                                                       std::span<const StrategyScorer<P>> scorers,
                                                       std::span<const std::string> names,
                                                       const BacktestConfig& config) {
  config.validate();
  if (scorers.empty()) throw InvalidInput(ErrorCode::empty, "policies: is empty");
  std::vector<BacktestEvent> sorted(events.begin(), events.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const BacktestEvent& a, const BacktestEvent& b) {
                     return std::pair(std::chrono::sys_days{a.event.date}, a.event.symbol) <
                            std::pair(std::chrono::sys_days{b.event.date}, b.event.symbol);
                   });

  std::vector<BacktestReport> reports(scorers.size());
  for (std::size_t i = 0; i < scorers.size(); ++i) {
    reports[i].policy = names[i];
    reports[i].events = sorted.size();
  }
  const auto skip_all = [&](const EarningsEvent& e, SkipReason r, const std::string& message) {
    for (BacktestReport& rep : reports) rep.skipped.push_back({e, r, message});
  };

  TickerAnalysisOptions base = config.analysis;
  base.generator.analysis.fees = config.commissions;
  if (config.sizing.mode == SizingMode::candidate) {
    const Money budget = config.sizing.account_size * config.sizing.max_risk_fraction;
    AnalysisOptions& a = base.generator.analysis;
    a.kelly.bankroll = config.sizing.account_size;
    a.ev_kelly.limits.risk_budget = budget;
    a.kelly.limits.risk_budget = budget;
    a.fixed.risk_budget = budget;
  }
  // The other policies re-rank the first one's candidates: they need every candidate, not
  // only those that can enter the first policy's top (prune_candidates).
  if (scorers.size() > 1) base.prune_candidates = false;

  for (const BacktestEvent& ev : sorted) {
    if (!ev.reaction) {
      if (ev.event.timing == EarningsTiming::after_close) {
        skip_all(ev.event, SkipReason::after_close_without_reaction,
                 fmt::format("{} {} AMC: no reaction bar of the next session in the data",
                             ev.event.symbol.view(), iso_date(ev.event.date)));
      } else {
        skip_all(ev.event, SkipReason::no_reaction,
                 fmt::format("{} {} {}: no reaction in the data", ev.event.symbol.view(),
                             iso_date(ev.event.date), to_string(ev.event.timing)));
      }
      continue;
    }
    const HistoricalMove& move = *ev.reaction;
    EventContext ctx;
    ctx.input = &ev;
    ctx.event = EarningsEvent{move.event.symbol, move.event.date, move.reaction_timing};
    const auto news_at = event_instant(ctx.event);
    const auto entry_at = entry_instant(ctx.event);
    const auto exit_at = new_york_market_close(move.reaction_date());
    ctx.request = ChainRequest{ctx.event, move, news_at, entry_at, exit_at};
    if (!(entry_at <= news_at && news_at < exit_at)) {
      skip_all(ctx.event, SkipReason::inconsistent_timing,
               fmt::format("entry {}, news {}, exit {} are not in order", new_york_stamp(entry_at),
                           new_york_stamp(news_at), new_york_stamp(exit_at)));
      continue;
    }
    const FetchedChain entry = source.entry_chain(ctx.request);
    if (!entry.ok()) {
      skip_all(ctx.event, SkipReason::no_entry_chain, entry.reason);
      continue;
    }
    ctx.entry = &*entry.chain;
    TickerAnalysisOptions options = base;
    if (entry.chain->origin == ChainOrigin::modeled &&
        options.generator.analysis.liquidity_policy != LiquidityPolicy::unknown_is_acceptable) {
      options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
      ctx.liquidity_forced = true;
    }
    options.modeled_chain = entry.chain->origin == ChainOrigin::modeled;
    ctx.liquidity_policy = options.generator.analysis.liquidity_policy;
    const ReactionHistory past =
        history.history_before(ctx.event.symbol, ctx.event.date, config.history_window);
    const TickerAnalysis analysis = analyze_ticker(
        {.chain = entry.chain->chain, .event = ctx.event, .history = past}, scorers[0], options);
    if (!analysis.ok()) {
      skip_all(ctx.event, skip_reason_of(analysis.status), analysis.message);
      continue;
    }
    ctx.analysis = &analysis;

    std::optional<FetchedChain> exit;  // fetched once, when a leg needs closing
    const auto exit_chain = [&]() -> const FetchedChain* {
      if (!exit) exit = source.exit_chain(ctx.request);
      return &*exit;
    };
    for (std::size_t i = 0; i < scorers.size(); ++i) {
      Ranking other;
      if (i > 0) other = scorers[i].rank(analysis.generation.candidates, analysis.scoring);
      const Ranking& ranking = i == 0 ? analysis.ranking : other;
      const RankedCandidate* best = ranking.best();
      if (best == nullptr) {
        reports[i].skipped.push_back(
            {ctx.event, SkipReason::no_candidates, "the policy ranked no candidate"});
        continue;
      }
      // Fixed sizing overrides the candidate's contract count, so only the expectation counts.
      if (config.verdict == VerdictRule::follow &&
          ranking.verdict.reason == NoTradeReason::non_positive_expectation) {
        reports[i].skipped.push_back(
            {ctx.event, SkipReason::no_trade,
             no_trade_rationale(&analysis.generation.candidates[best->index], ranking.verdict)});
        continue;
      }
      TradeOrSkip r = book_trade(ctx, analysis.generation.candidates[best->index], *best, names[i],
                                 config, exit_chain);
      if (r.trade) {
        reports[i].trades.push_back(std::move(*r.trade));
      } else {
        reports[i].skipped.push_back({ctx.event, r.reason, std::move(r.message)});
      }
    }
  }

  for (BacktestReport& rep : reports) {
    rep.outcomes.reserve(rep.trades.size());
    for (const BacktestTrade& t : rep.trades) {
      rep.outcomes.push_back(t.outcome());
      if (t.modeled()) ++rep.modeled_trades;
    }
    std::stable_sort(
        rep.outcomes.begin(), rep.outcomes.end(), [](const TradeOutcome& a, const TradeOutcome& b) {
          return std::chrono::sys_days{a.entry_date} < std::chrono::sys_days{b.entry_date};
        });
    rep.summary = summarize_performance(rep.outcomes, config.performance);
  }
  return reports;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Entry points.

// One policy over `events` (any order: they are replayed sorted by (date, ticker)).
template <MoveHistory H, ChainSource C, ScoringPolicy P>
[[nodiscard]] BacktestReport run_backtest(std::span<const BacktestEvent> events, const H& history,
                                          const C& source, const StrategyScorer<P>& scorer,
                                          const BacktestConfig& config = {}) {
  const std::string name = detail::policy_name_of(scorer.policy());
  std::vector<BacktestReport> r =
      detail::run_policies(events, history, source, std::span<const StrategyScorer<P>>(&scorer, 1),
                           std::span<const std::string>(&name, 1), config);
  return std::move(r.front());
}

// Several run-time policies on the same events, chains and analyses: one report per policy, in
// the order given, each named by AnyScoringPolicy::name(). A repeated name is rejected.
template <MoveHistory H, ChainSource C>
[[nodiscard]] std::vector<BacktestReport> run_backtests(std::span<const BacktestEvent> events,
                                                        const H& history, const C& source,
                                                        std::span<const AnyScoringPolicy> policies,
                                                        const BacktestConfig& config = {},
                                                        ScorerOptions scorer_options = {}) {
  if (policies.empty()) throw InvalidInput(ErrorCode::empty, "policies: is empty");
  std::vector<StrategyScorer<AnyScoringPolicy>> scorers;
  std::vector<std::string> names;
  scorers.reserve(policies.size());
  for (const AnyScoringPolicy& policy : policies) {
    std::string name(policy.name());
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      detail::throw_invalid(ErrorCode::inconsistent, "policies", fmt::format("'{}'", name),
                            "is listed twice");
    }
    names.push_back(std::move(name));
    scorers.emplace_back(policy, scorer_options);
  }
  return detail::run_policies(events, history, source,
                              std::span<const StrategyScorer<AnyScoringPolicy>>(scorers), names,
                              config);
}

// The same by name (make_backtest_policy: the shipped names and the aliases original,
// model_pop, empirical_pop).
template <MoveHistory H, ChainSource C>
[[nodiscard]] std::vector<BacktestReport> run_backtests(std::span<const BacktestEvent> events,
                                                        const H& history, const C& source,
                                                        std::span<const std::string> policies,
                                                        const BacktestConfig& config = {},
                                                        ScorerOptions scorer_options = {}) {
  std::vector<AnyScoringPolicy> made;
  made.reserve(policies.size());
  for (const std::string& p : policies) made.push_back(make_backtest_policy(p));
  return run_backtests(events, history, source, std::span<const AnyScoringPolicy>(made), config,
                       scorer_options);
}

template <MoveHistory H, ChainSource C>
[[nodiscard]] std::vector<BacktestReport> run_backtests(std::span<const BacktestEvent> events,
                                                        const H& history, const C& source,
                                                        std::initializer_list<std::string> policies,
                                                        const BacktestConfig& config = {},
                                                        ScorerOptions scorer_options = {}) {
  const std::vector<std::string> names(policies);
  return run_backtests(events, history, source, std::span<const std::string>(names), config,
                       scorer_options);
}

// Walk-forward selection (backtest/walk_forward.hpp) over the reports' trades, one policy each.
[[nodiscard]] inline WalkForwardSummary walk_forward_reports(
    std::span<const BacktestReport> reports, const WalkForwardOptions& options) {
  std::vector<PolicyTrades> policies;
  policies.reserve(reports.size());
  for (const BacktestReport& r : reports) policies.push_back({r.policy, r.outcomes});
  return walk_forward(policies, options);
}

}  // namespace ivcrush::inline v0
