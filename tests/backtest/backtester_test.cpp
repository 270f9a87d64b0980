// backtester: a hand-built iron condor replayed through reactions inside and outside its
// breakevens (every fill, fee and P/L computed by hand below), the summary against direct
// computation, settlement at expiration, skip reasons, a policy swap, determinism on the bundled
// data, the chain sources (stored snapshots, the modeled source and its implied-move model),
// storage rows and the CSV/SVG output.
#include "ivcrush/backtest/backtester.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/adapters/backtest_rows.hpp"
#include "ivcrush/adapters/memory_backtest_store.hpp"
#include "ivcrush/adapters/memory_storage.hpp"
#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/io/backtest_report.hpp"
#include "support/check_close.hpp"
#include "support/xml_check.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
using namespace std::chrono_literals;

// 2024-05-16 is a Thursday, 2024-05-17 the Friday expiration of every chain below.
constexpr year_month_day thursday = 2024y / May / 16;
constexpr year_month_day friday = 2024y / May / 17;
constexpr year_month_day wednesday = 2024y / May / 15;

struct Q {
  double strike;
  OptionRight right;
  double bid;
  double ask;
};

OptionChain make_chain(Symbol s, sys_seconds as_of, double spot, const std::vector<Q>& quotes) {
  ChainBuilder b(s, as_of, Price::dollars(spot));
  for (const Q& q : quotes) {
    b.add({.expiration = friday,
           .strike = q.strike,
           .right = q.right,
           .bid = q.bid,
           .ask = q.ask,
           .open_interest = 500});
  }
  auto built = std::move(b).build();
  REQUIRE(built.rejects.empty());
  return std::move(built.chain);
}

constexpr auto P = OptionRight::put;
constexpr auto C = OptionRight::call;

// Before the news, spot 100: the ATM straddle 3.00 + 3.00 prices a 6 % move; the condor
// 90/95/105/110 is the only one (100 has |delta| ~0.5, outside [0.10, 0.40]).
const std::vector<Q> entry_quotes = {{90, P, 0.30, 0.40},  {95, P, 1.05, 1.15},
                                     {100, P, 2.95, 3.05}, {100, C, 2.95, 3.05},
                                     {105, C, 1.05, 1.15}, {110, C, 0.30, 0.40}};
// After the news, the straddle alone (used for the "no candidates" event).
const std::vector<Q> straddle_only = {{100, P, 2.95, 3.05}, {100, C, 2.95, 3.05}};

// A reaction: the reference close 100 and a reaction bar closing at `close`.
HistoricalMove reaction(std::string_view ticker, year_month_day date, double close,
                        EarningsTiming timing = EarningsTiming::before_open) {
  const double hi = std::max(close, 100.0) + 1.0;
  const double lo = std::min(close, 100.0) - 1.0;
  const EarningsEvent e{Symbol::parse(ticker), date, timing};
  const auto bar = DailyBar::make(date, Price::dollars(100.0), Price::dollars(hi),
                                  Price::dollars(lo), Price::dollars(close));
  return to_historical_move(EarningsReaction{e, Price::dollars(100.0), bar});
}

// Eight quarterly reactions of +-3 % before 2024 (mean magnitude 3 %: VRP 6 / 3 = 2).
struct TestHistory {
  std::map<Symbol, std::vector<HistoricalMove>> moves;

  void add_quarterly(std::string_view ticker) {
    auto& v = moves[Symbol::parse(ticker)];
    for (int i = 0; i < 8; ++i) {  // newest first: each later quarter goes in front
      const year_month_day d{sys_days{2022y / January / 20} + days{91 * i}};
      v.insert(v.begin(), reaction(ticker, year_month_day{d}, i % 2 == 0 ? 103.0 : 97.0));
    }
  }
  [[nodiscard]] ReactionHistory history_before(Symbol s, year_month_day d,
                                               std::size_t limit) const {
    const auto it = moves.find(s);
    if (it == moves.end()) return {};
    const ReactionHistory before = ReactionHistory::newest_first(it->second).before(d);
    return limit > 0 ? before.newest(limit) : before;
  }
};

// Hand-made market chains per (ticker, event date): entry and exit.
struct TestSource {
  std::map<std::pair<Symbol, sys_days>, std::vector<Q>> entry;
  std::map<std::pair<Symbol, sys_days>, std::vector<Q>> exit;
  mutable int exit_calls = 0;

  [[nodiscard]] FetchedChain fetch(const std::map<std::pair<Symbol, sys_days>, std::vector<Q>>& m,
                                   const ChainRequest& r, sys_seconds at, double spot) const {
    const auto it = m.find({r.event.symbol, sys_days{r.event.date}});
    if (it == m.end()) return FetchedChain::missing("test source: no chain");
    return FetchedChain{SourcedChain{make_chain(r.event.symbol, at, spot, it->second),
                                     ChainOrigin::market, "hand-made"},
                        {}};
  }
  [[nodiscard]] FetchedChain entry_chain(const ChainRequest& r) const {
    return fetch(entry, r, r.entry_at, r.reaction.reference_close.dollars());
  }
  [[nodiscard]] FetchedChain exit_chain(const ChainRequest& r) const {
    ++exit_calls;
    return fetch(exit, r, r.exit_at, r.reaction.reaction.close().dollars());
  }
};
static_assert(ChainSource<TestSource>);
static_assert(MoveHistory<TestHistory>);

// The hand-made cases test the booking (fills, exits, P/L, risk), not the decision: their
// chains are priced fair or worse, so the verdict (tested on its own below) would skip them.
BacktestConfig booking_only() {
  BacktestConfig c;
  c.verdict = VerdictRule::ignore;
  return c;
}

BacktestConfig condor_config() {
  BacktestConfig c = booking_only();
  c.fill = 0.5;
  c.commissions = {
      .per_contract = Money::dollars(0.65), .per_share = Money::zero(), .charge_exit = true};
  c.sizing = {.mode = SizingMode::fixed, .contracts = 2};
  c.analysis.generator.kinds = {.bull_put_spread = false,
                                .bear_call_spread = false,
                                .iron_condor = true,
                                .iron_butterfly = false};
  return c;
}

const BacktestLeg& leg(const BacktestTrade& t, OptionRight right, double strike) {
  for (const BacktestLeg& l : t.legs) {
    if (l.right == right && l.strike.dollars() == strike) return l;
  }
  FAIL("no such leg");
  return t.legs.front();
}

// The fixture: TST (Thursday, closes at 101: inside 93.60..106.40) and TSU (Thursday, 112:
// beyond the call wing).
struct CondorCase {
  TestHistory history;
  TestSource source;
  std::vector<BacktestEvent> events;

  CondorCase() {
    for (const char* t : {"TST", "TSU", "TSV", "NOC"}) history.add_quarterly(t);
    const auto key = [](const char* t, year_month_day d) {
      return std::pair{Symbol::parse(t), sys_days{d}};
    };
    source.entry[key("TST", thursday)] = entry_quotes;
    source.entry[key("TSU", thursday)] = entry_quotes;
    source.entry[key("TSV", friday)] = entry_quotes;
    source.entry[key("NOH", thursday)] = entry_quotes;
    source.entry[key("NOC", thursday)] = straddle_only;
    // Inside: one day left, spot 101, most of the premium gone.
    source.exit[key("TST", thursday)] = {
        {90, P, 0.00, 0.05}, {95, P, 0.05, 0.10}, {105, C, 0.15, 0.25}, {110, C, 0.00, 0.05}};
    // Outside: spot 112; the call spread is worth its width.
    source.exit[key("TSU", thursday)] = {
        {90, P, 0.00, 0.05}, {95, P, 0.00, 0.05}, {105, C, 6.95, 7.05}, {110, C, 2.05, 2.15}};
    events = {{EarningsEvent{Symbol::parse("TSU"), thursday, EarningsTiming::before_open},
               reaction("TSU", thursday, 112.0)},
              {EarningsEvent{Symbol::parse("TST"), thursday, EarningsTiming::before_open},
               reaction("TST", thursday, 101.0)}};
  }
};

}  // namespace

TEST_CASE("an iron condor through reactions inside and outside its breakevens, by hand") {
  CondorCase k;
  const BacktestConfig config = condor_config();
  const BacktestReport r = run_backtest(k.events, k.history, k.source,
                                        StrategyScorer(IvCrushScoring::model_pop()), config);
  REQUIRE(r.skipped.empty());
  REQUIRE(r.trades.size() == 2);
  CHECK(r.policy == "iv_crush_model");
  CHECK(r.events == 2);
  CHECK(r.modeled_trades == 0);

  // Sorted by (date, ticker): TST first although given second.
  const BacktestTrade& in = r.trades[0];
  const BacktestTrade& out = r.trades[1];
  CHECK(in.event.symbol == Symbol::parse("TST"));
  CHECK(out.event.symbol == Symbol::parse("TSU"));
  CHECK(in.kind == StrategyKind::iron_condor);
  CHECK(in.contracts == 2);
  CHECK(in.entry_at == new_york_market_close(wednesday));  // the close before a BMO report
  CHECK(in.exit_at == new_york_market_close(thursday));    // the reaction session's close
  CHECK(in.entry_date() == wednesday);
  CHECK(in.exit_date() == thursday);
  CHECK(in.entry_origin == ChainOrigin::market);
  CHECK(in.exit_origin == ChainOrigin::market);
  CHECK_FALSE(in.liquidity_policy_forced);
  CHECK_CLOSE(in.implied_move.pct(), 6.0, 1e-9, 0.0);  // (3.00 + 3.00) / 100
  CHECK_CLOSE(in.vrp_ratio, 2.0, 1e-9, 0.0);           // 6 % / mean |3 %|
  CHECK_CLOSE(in.realized_move.pct(), 1.0, 1e-9, 0.0);
  CHECK(in.history_size == 8);

  // Entry fills, f = 0.5: sell at mid - 0.5 (mid - bid), buy at mid + 0.5 (ask - mid).
  //   95 P 1.05/1.15 mid 1.10 -> sold 1.075      90 P 0.30/0.40 mid 0.35 -> bought 0.375
  //  105 C 1.05/1.15          -> sold 1.075     110 C 0.30/0.40          -> bought 0.375
  // Credit per share 2 x (1.075 - 0.375) = 1.40; 2 condors: $280.
  CHECK_CLOSE(leg(in, P, 95).entry_fill.dollars(), 1.075, 1e-12, 0.0);
  CHECK_CLOSE(leg(in, P, 90).entry_fill.dollars(), 0.375, 1e-12, 0.0);
  CHECK_CLOSE(leg(in, C, 105).entry_fill.dollars(), 1.075, 1e-12, 0.0);
  CHECK_CLOSE(leg(in, C, 110).entry_fill.dollars(), 0.375, 1e-12, 0.0);
  CHECK(leg(in, P, 95).side == Side::sell);
  CHECK(leg(in, P, 90).side == Side::buy);
  CHECK(leg(in, P, 95).quantity == 2);
  CHECK_CLOSE(in.credit.dollars(), 280.0, 1e-9, 0.0);
  // Risk at the fills: (width 5 - 1.40) x 100 x 2 = 720, plus every commission of the position,
  // entry and exit: 8 contracts x $0.65 x 2 = $10.40 -> 730.40 (the candidate's mid-price
  // max loss would be (5 - 1.50) x 100 = 350 per condor: not what was traded).
  CHECK_CLOSE(in.risk.dollars(), 730.40, 1e-9, 0.0);

  // Inside (spot 101): exit fills, buying back the shorts and selling the longs:
  //   95 P 0.05/0.10 mid 0.075 -> bought 0.0875    90 P 0.00/0.05 mid 0.025 -> sold 0.0125
  //  105 C 0.15/0.25 mid 0.20  -> bought 0.225    110 C 0.00/0.05          -> sold 0.0125
  // exit cost per share 0.0875 + 0.225 - 0.0125 - 0.0125 = 0.2875 -> x 200 = $57.50.
  // Fees: entry 8 x 0.65 = 5.20, exit 8 x 0.65 = 5.20. P/L = 280 - 57.50 - 10.40 = 212.10.
  CHECK_CLOSE(leg(in, P, 95).exit_fill.dollars(), 0.0875, 1e-12, 0.0);
  CHECK_CLOSE(leg(in, P, 90).exit_fill.dollars(), 0.0125, 1e-12, 0.0);
  CHECK_CLOSE(leg(in, C, 105).exit_fill.dollars(), 0.225, 1e-12, 0.0);
  CHECK_CLOSE(leg(in, C, 110).exit_fill.dollars(), 0.0125, 1e-12, 0.0);
  CHECK(leg(in, P, 95).exit == LegExit::closed);
  // Leg P/L = side x (exit - entry) x 100 x 2: 95 P -(0.0875 - 1.075) x 200 = 197.50,
  // 90 P (0.0125 - 0.375) x 200 = -72.50, 105 C -(0.225 - 1.075) x 200 = 170, 110 C -72.50.
  CHECK_CLOSE(leg(in, P, 95).pnl.dollars(), 197.50, 1e-9, 0.0);
  CHECK_CLOSE(leg(in, P, 90).pnl.dollars(), -72.50, 1e-9, 0.0);
  CHECK_CLOSE(leg(in, C, 105).pnl.dollars(), 170.0, 1e-9, 0.0);
  CHECK_CLOSE(leg(in, C, 110).pnl.dollars(), -72.50, 1e-9, 0.0);
  CHECK_CLOSE(in.exit_cost.dollars(), 57.50, 1e-9, 0.0);
  CHECK_CLOSE(in.fees.dollars(), 10.40, 1e-9, 0.0);
  CHECK_CLOSE(in.pnl.dollars(), 212.10, 1e-9, 0.0);

  // Outside (spot 112): 105 C 6.95/7.05 -> bought 7.025 + ... mid 7.00 -> bought 7.025;
  // 110 C 2.05/2.15 mid 2.10 -> sold 2.075; 95 P 0.00/0.05 -> bought 0.0375; 90 P -> sold 0.0125.
  // exit cost per share 7.025 - 2.075 + 0.0375 - 0.0125 = 4.975 -> $995.00.
  // P/L = 280 - 995 - 10.40 = -725.40: an up-move loses (the original's signed move could not).
  CHECK_CLOSE(leg(out, C, 105).exit_fill.dollars(), 7.025, 1e-12, 0.0);
  CHECK_CLOSE(leg(out, C, 110).exit_fill.dollars(), 2.075, 1e-12, 0.0);
  CHECK_CLOSE(out.exit_cost.dollars(), 995.0, 1e-9, 0.0);
  CHECK_CLOSE(out.pnl.dollars(), -725.40, 1e-9, 0.0);
  CHECK_CLOSE(out.risk.dollars(), 730.40, 1e-9, 0.0);
  CHECK_CLOSE(out.realized_move.pct(), 12.0, 1e-9, 0.0);

  // The identities of every trade.
  for (const BacktestTrade& t : r.trades) {
    Money legs;
    for (const BacktestLeg& l : t.legs) legs += l.pnl;
    CHECK_CLOSE(t.pnl.dollars(), (legs - t.fees).dollars(), 1e-9, 0.0);
    CHECK_CLOSE(t.pnl.dollars(), (t.credit - t.exit_cost - t.fees).dollars(), 1e-9, 0.0);
    CHECK(t.score == t.breakdown.total());
    CHECK_FALSE(t.rationale.empty());
  }
  CHECK(k.source.exit_calls == 2);  // one exit chain per traded event
}

TEST_CASE("the summary of the condor trades equals a direct computation") {
  CondorCase k;
  const BacktestReport r = run_backtest(
      k.events, k.history, k.source, StrategyScorer(IvCrushScoring::model_pop()), condor_config());
  REQUIRE(r.outcomes.size() == 2);
  const double p1 = 212.10;
  const double p2 = -725.40;
  const double risk = 730.40;
  CHECK(r.outcomes[0] == TradeOutcome{wednesday, thursday, r.trades[0].pnl, r.trades[0].risk});
  const PerformanceSummary& s = r.summary;
  CHECK(s.trades == 2);
  CHECK(s.wins == 1);
  CHECK(s.losses == 1);
  CHECK_CLOSE(s.win_rate->pct(), 50.0, 1e-12, 0.0);
  CHECK_CLOSE(s.total_pnl.dollars(), p1 + p2, 1e-9, 0.0);
  CHECK_CLOSE(*s.profit_factor, p1 / -p2, 1e-12, 1e-12);
  CHECK_CLOSE(s.expectancy->dollars(), 0.5 * p1 + 0.5 * p2, 1e-9, 0.0);
  const double r1 = p1 / risk;
  const double r2 = p2 / risk;
  const double mean = (r1 + r2) / 2.0;
  const double sd = std::sqrt(((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean)) / 1.0);
  CHECK_CLOSE(*s.avg_return_on_risk, mean, 1e-12, 0.0);
  CHECK_CLOSE(*s.sharpe_per_trade, mean / sd, 1e-12, 1e-12);
  CHECK_CLOSE(*s.sortino_per_trade, mean / std::sqrt(r2 * r2 / 2.0), 1e-12, 1e-12);
  CHECK_CLOSE(s.worst_trade->dollars(), p2, 1e-9, 0.0);
  // Equity from 100,000: +212.10, then -725.40; the drawdown is the second trade's loss.
  CHECK_CLOSE(s.max_drawdown.dollars(), -p2, 1e-9, 0.0);
  REQUIRE(s.equity_curve.size() == 2);
  CHECK_CLOSE(s.equity_curve[1].equity.dollars(), 100'000.0 + p1 + p2, 1e-9, 0.0);
}

TEST_CASE("legs expiring by the exit settle at intrinsic value, and a down move loses") {
  // TSV reports Friday before the open: entry Thursday's close, the Friday legs expire at the
  // exit (the reaction close 88). Puts: 95 P worth 7, 90 P worth 2; calls worthless.
  // Exit value per share 7 - 2 = 5 -> $1,000 for 2 condors; settled legs pay no exit fee:
  // fees 5.20. P/L = 280 - 1000 - 5.20 = -725.20.
  CondorCase k;
  const std::vector<BacktestEvent> events = {
      {EarningsEvent{Symbol::parse("TSV"), friday, EarningsTiming::before_open},
       reaction("TSV", friday, 88.0)}};
  for (const ExitRule rule : {ExitRule::reaction_close, ExitRule::expiration}) {
    CAPTURE(to_string(rule));
    BacktestConfig config = condor_config();
    config.exit = rule;
    k.source.exit_calls = 0;
    const BacktestReport r = run_backtest(events, k.history, k.source,
                                          StrategyScorer(IvCrushScoring::model_pop()), config);
    REQUIRE(r.trades.size() == 1);
    const BacktestTrade& t = r.trades[0];
    CHECK(t.entry_at == new_york_market_close(thursday));
    CHECK(t.exit_at == new_york_market_close(friday));
    for (const BacktestLeg& l : t.legs) CHECK(l.exit == LegExit::settled);
    CHECK_CLOSE(leg(t, P, 95).exit_fill.dollars(), 7.0, 1e-12, 0.0);
    CHECK_CLOSE(leg(t, P, 90).exit_fill.dollars(), 2.0, 1e-12, 0.0);
    CHECK_CLOSE(leg(t, C, 105).exit_fill.dollars(), 0.0, 1e-12, 0.0);
    CHECK_CLOSE(t.exit_cost.dollars(), 1000.0, 1e-9, 0.0);
    CHECK_CLOSE(t.fees.dollars(), 5.20, 1e-9, 0.0);
    CHECK_CLOSE(t.pnl.dollars(), -725.20, 1e-9, 0.0);
    CHECK(k.source.exit_calls == 0);  // no exit chain needed
  }
}

TEST_CASE("an after-close report enters at that day's close and exits at the next session's") {
  // AMC on Wednesday 2024-05-15: the reaction is Thursday's bar. Entry Wednesday 16:00, exit
  // Thursday 16:00, the Friday legs closed at the exit chain (the inside case's quotes).
  CondorCase k;
  const EarningsEvent amc{Symbol::parse("AMD"), wednesday, EarningsTiming::after_close};
  const auto bar = DailyBar::make(thursday, Price::dollars(100.0), Price::dollars(102.0),
                                  Price::dollars(99.0), Price::dollars(101.0));
  const HistoricalMove move = to_historical_move(EarningsReaction{amc, Price::dollars(100.0), bar});
  k.history.add_quarterly("AMD");
  k.source.entry[{amc.symbol, sys_days{wednesday}}] = entry_quotes;
  k.source.exit[{amc.symbol, sys_days{wednesday}}] =
      k.source.exit.at({Symbol::parse("TST"), sys_days{thursday}});
  const std::vector<BacktestEvent> events = {{amc, move}};
  const BacktestReport r = run_backtest(
      events, k.history, k.source, StrategyScorer(IvCrushScoring::model_pop()), condor_config());
  REQUIRE(r.trades.size() == 1);
  const BacktestTrade& t = r.trades[0];
  CHECK(t.entry_at == new_york_market_close(wednesday));
  CHECK(t.exit_at == new_york_market_close(thursday));
  CHECK_CLOSE(t.pnl.dollars(), 212.10, 1e-9, 0.0);  // the TST arithmetic, same quotes

  // The modeled source prices it too (entry at the close, the instant the model dates the news).
  io::EarningsDataset d;
  for (int i = 0; i < 4; ++i) {
    d.reactions.push_back(reaction("AMD",
                                   year_month_day{sys_days{2023y / January / 19} + days{91 * i}},
                                   i % 2 ? 96.0 : 104.0));
  }
  d.reactions.push_back(move);
  d.sort_tables();
  const BacktestReport m =
      run_backtest(backtest_events(d, {.from = wednesday}), d, ModeledChainSource(d),
                   StrategyScorer(IvCrushScoring::model_pop()), booking_only());
  REQUIRE(m.trades.size() == 1);
  CHECK(m.trades[0].modeled());
  CHECK(m.trades[0].entry_at == new_york_market_close(wednesday));
}

TEST_CASE("candidate sizing uses the account size, and a too small account trades nothing") {
  // The condor's max loss at mid is (5 - 1.50) x 100 + $5.20 of fees = $355.20 per unit.
  CondorCase k;
  BacktestConfig config = condor_config();
  config.sizing = {.mode = SizingMode::candidate,
                   .account_size = Money::dollars(10'000.0),
                   .max_risk_fraction = 0.02};  // a $200 budget: not one condor
  const BacktestReport none = run_backtest(k.events, k.history, k.source,
                                           StrategyScorer(IvCrushScoring::model_pop()), config);
  CHECK(none.trades.empty());
  REQUIRE(none.skipped.size() == 2);
  CHECK(none.skipped[0].reason == SkipReason::zero_contracts);

  config.sizing.account_size = Money::dollars(1'000'000.0);  // a $20,000 budget
  const BacktestReport sized = run_backtest(k.events, k.history, k.source,
                                            StrategyScorer(IvCrushScoring::model_pop()), config);
  REQUIRE(sized.trades.size() == 2);
  for (const BacktestTrade& t : sized.trades) {
    CHECK(t.contracts >= 1);
    CHECK(t.contracts <= 56);  // floor(20,000 / 355.20): never above the budget
    CHECK(leg(t, P, 95).quantity == t.contracts);
    // The risk scales with the units: (5 - 1.40) x 100 + 4 legs x 0.65 x 2 per unit.
    CHECK_CLOSE(t.risk.dollars(), t.contracts * (360.0 + 5.20), 1e-6, 0.0);
  }
}

TEST_CASE("events without a trade are skipped with their reasons") {
  CondorCase k;
  const std::vector<BacktestEvent> events = {
      // AMC without the next session's bar: no reaction to replay.
      {EarningsEvent{Symbol::parse("AMC"), thursday, EarningsTiming::after_close}, std::nullopt},
      {EarningsEvent{Symbol::parse("NOR"), thursday, EarningsTiming::before_open}, std::nullopt},
      // No earlier reactions: the VRP cannot be measured.
      {EarningsEvent{Symbol::parse("NOH"), thursday, EarningsTiming::before_open},
       reaction("NOH", thursday, 101.0)},
      // Only the straddle is listed: nothing to trade.
      {EarningsEvent{Symbol::parse("NOC"), thursday, EarningsTiming::before_open},
       reaction("NOC", thursday, 101.0)},
      // The source has no chain.
      {EarningsEvent{Symbol::parse("NOX"), thursday, EarningsTiming::before_open},
       reaction("NOX", thursday, 101.0)},
      // Traded with the reaction-close exit; held to expiration the Friday close is unknown.
      {EarningsEvent{Symbol::parse("TST"), thursday, EarningsTiming::before_open},
       reaction("TST", thursday, 101.0)}};
  BacktestConfig config = condor_config();
  config.exit = ExitRule::expiration;
  const BacktestReport r = run_backtest(events, k.history, k.source,
                                        StrategyScorer(IvCrushScoring::model_pop()), config);
  CHECK(r.trades.empty());
  CHECK(r.events == 6);
  REQUIRE(r.skipped.size() == 6);
  std::map<std::string, SkipReason> by_ticker;
  for (const SkippedEvent& s : r.skipped) {
    CAPTURE(s.message);
    CHECK_FALSE(s.message.empty());
    by_ticker[std::string(s.event.symbol.view())] = s.reason;
  }
  CHECK(by_ticker.at("AMC") == SkipReason::after_close_without_reaction);
  CHECK(by_ticker.at("NOR") == SkipReason::no_reaction);
  CHECK(by_ticker.at("NOH") == SkipReason::insufficient_history);
  CHECK(by_ticker.at("NOC") == SkipReason::no_candidates);
  CHECK(by_ticker.at("NOX") == SkipReason::no_entry_chain);
  CHECK(by_ticker.at("TST") == SkipReason::expiration_close_unknown);
  const auto tst = std::find_if(r.skipped.begin(), r.skipped.end(), [](const SkippedEvent& s) {
    return s.event.symbol == Symbol::parse("TST");
  });
  CHECK(tst->message.find("2024-05-17") != std::string::npos);  // names the unknown close
  const auto counts = r.skip_counts();
  CHECK(counts.size() == 6);
  CHECK(counts.front() == SkipCount{SkipReason::no_reaction, 1});
  CHECK(r.summary.trades == 0);
}

namespace {

// Scores 90 for one strategy kind and 10 for every other.
struct PreferKind {
  StrategyKind kind;
  [[nodiscard]] ScoreBreakdown score(const Candidate& c, const ScoringContext&) const {
    ScoreBreakdown b;
    const double points = c.kind == kind ? 90.0 : 10.0;
    b.add("kind", points, 1.0, {"preferred kind: {:.0f}", {c.kind == kind ? 1.0 : 0.0}});
    b.set_total(points);
    return b;
  }
};

}  // namespace

TEST_CASE("swapping the policy changes the selection on the same events") {
  CondorCase k;
  BacktestConfig config = condor_config();
  config.analysis.generator.kinds = {.bull_put_spread = true,
                                     .bear_call_spread = true,
                                     .iron_condor = true,
                                     .iron_butterfly = false};
  const std::vector<AnyScoringPolicy> policies = {
      AnyScoringPolicy(PreferKind{StrategyKind::iron_condor}, "prefer_condor"),
      AnyScoringPolicy(PreferKind{StrategyKind::bull_put_spread}, "prefer_put_spread"),
      AnyScoringPolicy(PreferKind{StrategyKind::bear_call_spread}, "prefer_call_spread")};
  const auto reports = run_backtests(k.events, k.history, k.source,
                                     std::span<const AnyScoringPolicy>(policies), config);
  REQUIRE(reports.size() == 3);
  CHECK(reports[0].policy == "prefer_condor");
  CHECK(reports[1].policy == "prefer_put_spread");
  for (const auto& r : reports) REQUIRE(r.trades.size() == 2);
  CHECK(reports[0].trades[0].kind == StrategyKind::iron_condor);
  CHECK(reports[1].trades[0].kind == StrategyKind::bull_put_spread);
  CHECK(reports[2].trades[0].kind == StrategyKind::bear_call_spread);
  // The put spread 95/90 survives the rally to 112 (its legs cost 0.0375 - 0.0125 to close):
  // credit (1.075 - 0.375) x 200 = 140; exit 0.025 x 200 = 5; fees 4 x 0.65 x 2 = 5.20.
  CHECK_CLOSE(reports[1].trades[1].pnl.dollars(), 140.0 - 5.0 - 5.20, 1e-9, 0.0);
  // The call spread takes the whole loss: credit 140, exit (7.025 - 2.075) x 200 = 990.
  CHECK_CLOSE(reports[2].trades[1].pnl.dollars(), 140.0 - 990.0 - 5.20, 1e-9, 0.0);
  // The policies shared one exit chain per event.
  CHECK(k.source.exit_calls == 2);
  // The same single policy through the template entry point picks the same trades.
  const BacktestReport alone =
      run_backtest(k.events, k.history, k.source,
                   StrategyScorer(PreferKind{StrategyKind::bull_put_spread}), config);
  CHECK(alone.policy == "custom");
  CHECK(backtest_trades_csv(std::span<const BacktestReport>(&alone, 1))
            .substr(backtest_trades_csv_header.size()) == [&] {
    BacktestReport named = reports[1];
    for (auto& t : named.trades) t.policy = "custom";
    return backtest_trades_csv(std::span<const BacktestReport>(&named, 1))
        .substr(backtest_trades_csv_header.size());
  }());
}

namespace {

// A dataset by hand: MOD with four reactions (+3, -4, +5, -2 %) before the replayed one.
io::EarningsDataset modeled_dataset() {
  io::EarningsDataset d;
  const double closes[] = {103.0, 96.0, 105.0, 98.0};
  for (int i = 0; i < 4; ++i) {
    d.reactions.push_back(
        reaction("MOD", year_month_day{sys_days{2023y / January / 19} + days{91 * i}}, closes[i]));
  }
  d.reactions.push_back(reaction("MOD", thursday, 104.0));
  d.sort_tables();  // the lookup order: MOD's newest (Thursday's) first
  return d;
}

double rms_pct(std::initializer_list<double> moves_pct) {
  double s = 0.0;
  for (const double m : moves_pct) s += m * m;
  return std::sqrt(s / static_cast<double>(moves_pct.size()));
}

}  // namespace

TEST_CASE("the RMS implied-move model against a hand computation") {
  const io::EarningsDataset d = modeled_dataset();
  const Symbol mod = Symbol::parse("MOD");
  // sqrt((9 + 16 + 25 + 4) / 4) = sqrt(13.5) = 3.6742 %.
  const ImpliedMoveEstimate e = rms_implied_move(d, mod, thursday, {});
  REQUIRE(e.ok());
  CHECK(e.basis == ImpliedMoveBasis::rms_history);
  CHECK(e.sample == 4);
  CHECK_CLOSE(e.move->pct(), std::sqrt(13.5), 1e-9, 0.0);
  CHECK_CLOSE(e.move->pct(), rms_pct({3, -4, 5, -2}), 1e-9, 0.0);
  // The premium scales it; the RMS uses every earlier reaction, not a window.
  const ImpliedMoveEstimate rich = rms_implied_move(d, mod, thursday, {.premium = 1.2});
  CHECK_CLOSE(rich.move->pct(), 1.2 * std::sqrt(13.5), 1e-9, 0.0);
  // Too few reactions: no estimate, with the reason.
  const ImpliedMoveEstimate few = rms_implied_move(d, mod, 2023y / October / 1, {});
  CHECK_FALSE(few.ok());
  CHECK(few.sample == 3);
  CHECK(few.note.find("needs 4") != std::string::npos);
  CHECK_THROWS_AS((void)rms_implied_move(d, mod, thursday, {.premium = 0.0}), InvalidInput);
}

TEST_CASE("the modeled source: the entry straddle reproduces the implied move, origin modeled") {
  io::EarningsDataset d = modeled_dataset();
  const ModeledChainSource source(d);
  const HistoricalMove& move = d.reactions.front();  // Thursday's, the newest
  const EarningsEvent e = move.event;
  const ChainRequest req{e, move, detail::event_instant(e), new_york_market_close(wednesday),
                         new_york_market_close(thursday)};
  const FetchedChain in = source.entry_chain(req);
  REQUIRE(in.ok());
  CHECK(in.chain->origin == ChainOrigin::modeled);
  CHECK(in.chain->provenance.find("rms_history") != std::string::npos);
  const OptionChain& chain = in.chain->chain;
  CHECK(chain.spot() == Price::dollars(100.0));  // the real reference close
  CHECK(chain.as_of() == new_york_market_close(wednesday));
  const auto exp = chain.first_expiration_after(e);
  REQUIRE(exp);
  CHECK(exp->date() == friday);
  const auto view = chain.expiration(*exp);
  const auto straddle = view->straddle(*view->atm_strike());
  REQUIRE(straddle);
  // Calibrated to sqrt(13.5) % on the model's mids; the quotes round bid down and ask up to the
  // cent, so each leg's mid is within half a cent: 2 x $0.005 / $100 = 0.01 points.
  CHECK_CLOSE(mid(*straddle).dollars() / 100.0 * 100.0, std::sqrt(13.5), 0.0101, 0.0);

  const FetchedChain out = source.exit_chain(req);
  REQUIRE(out.ok());
  CHECK(out.chain->origin == ChainOrigin::modeled);
  CHECK(out.chain->chain.spot() == Price::dollars(104.0));  // the real reaction close
  CHECK(out.chain->chain.as_of() == new_york_market_close(thursday));
  // Every strike listed at entry is still listed after the move (the side worth at least half
  // a cent: a call below the new spot, a put above it), even outside the model's own range
  // around the new spot.
  const auto after = out.chain->chain.expiration(friday);
  REQUIRE(after);
  for (const Strike k : view->strikes()) {
    CAPTURE(k.dollars());
    CHECK((k.dollars() < 104.0 ? after->call(k) : after->put(k)) != nullptr);
  }
  CHECK(after->strikes().front() <= view->strikes().front());

  // An observation of the event replaces the model.
  d.observations.push_back({.symbol = Symbol::parse("MOD"),
                            .earnings_date = thursday,
                            .implied_move = Percentage::from_pct(7.5),
                            .source = "test"});
  const ImpliedMoveEstimate obs = source.implied_move(e);
  CHECK(obs.basis == ImpliedMoveBasis::observed);
  CHECK_CLOSE(obs.move->pct(), 7.5, 1e-12, 0.0);

  // Too little history: no chain, a reason.
  const ChainRequest early{e, move, detail::event_instant(e), new_york_market_close(wednesday),
                           new_york_market_close(thursday)};
  io::EarningsDataset thin;
  thin.reactions.push_back(move);
  const FetchedChain none = ModeledChainSource(thin).entry_chain(early);
  CHECK_FALSE(none.ok());
  CHECK(none.reason.find("needs 4") != std::string::npos);
}

TEST_CASE("a backtest on modeled chains says so on every trade") {
  const io::EarningsDataset d = modeled_dataset();
  const ModeledChainSource source(d);
  const auto events = backtest_events(d, {.from = thursday, .to = thursday});
  REQUIRE(events.size() == 1);
  const BacktestReport r =
      run_backtest(events, d, source, StrategyScorer(IvCrushScoring::model_pop()), booking_only());
  REQUIRE(r.trades.size() == 1);
  const BacktestTrade& t = r.trades[0];
  CHECK(t.modeled());
  CHECK(t.entry_origin == ChainOrigin::modeled);
  CHECK(t.exit_origin == ChainOrigin::modeled);
  CHECK(t.liquidity_policy_forced);
  CHECK(t.liquidity_policy == LiquidityPolicy::unknown_is_acceptable);
  CHECK(r.modeled_trades == 1);
  CHECK_CLOSE(t.implied_move.pct(), std::sqrt(13.5), 0.0101, 0.0);
  CHECK(to_trade_rows(r, "run-1").front().chain_source == "modeled");
}

TEST_CASE("the stored chain source: the latest snapshot within the staleness, after the news") {
  MemoryStorage store;
  const Symbol tst = Symbol::parse("TST");
  store.save_chain(make_chain(tst, new_york_market_close(wednesday), 100.0, entry_quotes));
  const HistoricalMove move = reaction("TST", thursday, 101.0);
  const ChainRequest req{move.event, move, detail::event_instant(move.event),
                         new_york_market_close(wednesday), new_york_market_close(thursday)};
  const StoredChainSource source(store);
  static_assert(ChainSource<StoredChainSource<MemoryStorage>>);
  const FetchedChain in = source.entry_chain(req);
  REQUIRE(in.ok());
  CHECK(in.chain->origin == ChainOrigin::market);
  CHECK(in.chain->chain.as_of() == new_york_market_close(wednesday));
  // The only snapshot precedes the news: no exit chain.
  const FetchedChain early = source.exit_chain(req);
  CHECK_FALSE(early.ok());
  CHECK(early.reason.find("staleness") != std::string::npos);
  // Within the staleness but before the news: refused for that reason.
  const StoredChainSource lax(store, {.max_staleness = hours{48}});
  const FetchedChain before_news = lax.exit_chain(req);
  CHECK_FALSE(before_news.ok());
  CHECK(before_news.reason.find("not after the news") != std::string::npos);
  store.save_chain(
      make_chain(tst, new_york_market_close(thursday) - minutes{5}, 101.0, entry_quotes));
  const FetchedChain exit = source.exit_chain(req);
  REQUIRE(exit.ok());
  CHECK(exit.chain->chain.spot() == Price::dollars(101.0));
  // Nothing stored for another ticker.
  ChainRequest other = req;
  other.event.symbol = Symbol::parse("ZZZ");
  CHECK_FALSE(source.entry_chain(other).ok());
}

TEST_CASE("the bundled data replays identically twice") {
  const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
  REQUIRE(d.rejects.empty());
  const auto events =
      backtest_events(d, {.from = 2024y / January / 1, .to = 2024y / December / 31});
  REQUIRE(events.size() > 50);
  const ModeledChainSource source(d);
  const std::vector<std::string> policies = {"original", "model_pop"};
  const auto a = run_backtests(events, d, source, std::span<const std::string>(policies), {});
  const auto b = run_backtests(events, d, source, std::span<const std::string>(policies), {});
  REQUIRE(a.size() == 2);
  CHECK(a[0].policy == "iv_crush_default");
  CHECK(a[1].policy == "iv_crush_model");
  const std::string csv = backtest_trades_csv(a);
  CHECK(csv == backtest_trades_csv(b));
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].trades.size() >= 5);  // under the default verdict rule
    CHECK(a[i].modeled_trades == a[i].trades.size());
    CHECK(a[i].outcomes == b[i].outcomes);
    CHECK(a[i].summary.equity_curve == b[i].summary.equity_curve);
    CHECK(a[i].summary.sharpe_annualized == b[i].summary.sharpe_annualized);
    CHECK(a[i].summary.annualization == b[i].summary.annualization);
    CHECK(a[i].skip_counts() == b[i].skip_counts());
    REQUIRE(a[i].skipped.size() == b[i].skipped.size());
    for (std::size_t j = 0; j < a[i].skipped.size(); ++j) {
      CHECK(a[i].skipped[j].message == b[i].skipped[j].message);
    }
    for (std::size_t j = 0; j < a[i].trades.size(); ++j) {
      CHECK(a[i].trades[j].legs == b[i].trades[j].legs);
      CHECK(a[i].trades[j].rationale == b[i].trades[j].rationale);
      CHECK(describe(a[i].trades[j].breakdown) == describe(b[i].trades[j].breakdown));
    }
    // Every trade's books balance and it risks something.
    for (const BacktestTrade& t : a[i].trades) {
      CHECK(t.risk.dollars() > 0.0);
      CHECK_CLOSE(t.pnl.dollars(), (t.credit - t.exit_cost - t.fees).dollars(), 1e-6, 0.0);
    }
    CHECK(a[i].trades.size() + a[i].skipped.size() == events.size());
  }
  // The same events in another order give the same report.
  std::vector<BacktestEvent> reversed(events.rbegin(), events.rend());
  const auto c = run_backtests(reversed, d, source, std::span<const std::string>(policies), {});
  CHECK(backtest_trades_csv(c) == csv);
}

TEST_CASE("reports become store rows, walk forward, CSV and an SVG that parses") {
  CondorCase k;
  const std::vector<std::string> names = {"original", "model_pop"};
  const auto reports = run_backtests(k.events, k.history, k.source,
                                     std::span<const std::string>(names), condor_config());
  REQUIRE(reports.size() == 2);
  MemoryBacktestStore store;
  const BacktestRunIdentity id{.run_id = "condor-1",
                               .description = "hand-made chains",
                               .start_date = thursday,
                               .end_date = thursday,
                               .created_at = sys_seconds{} + 1'700'000'000s};
  const BacktestRunRow run = to_run_row(reports[0], id);
  const auto rows = to_trade_rows(reports[0], id.run_id);
  store.save_run(run, rows);
  CHECK(store.load_run("condor-1") == run);
  CHECK(store.load_trades("condor-1") == rows);
  CHECK(run.policy == "iv_crush_default");
  CHECK(run.events == 2);
  CHECK(run.trades == 2);
  CHECK(run.skipped == 0);
  CHECK(run.modeled_trades == 0);
  CHECK(rows[0].legs ==
        "-2 P 95 2024-05-17 | +2 P 90 2024-05-17 | -2 C 105 2024-05-17 | "
        "+2 C 110 2024-05-17");
  CHECK(rows[0].chain_source == "market");
  CHECK(rows[0].strategy == "iron_condor");
  CHECK(rows[0].pnl == reports[0].trades[0].pnl);

  const WalkForwardSummary wf = walk_forward_reports(reports, {.train = days{1},
                                                               .test = days{1},
                                                               .step = days{1},
                                                               .start = 2024y / May / 13,
                                                               .end = 2024y / May / 20,
                                                               .min_train_trades = 1});
  CHECK(wf.windows.size() > 0);

  const std::string csv = backtest_trades_csv(reports);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 5);  // header + 2 policies x 2 trades
  CHECK(csv.starts_with(backtest_trades_csv_header));

  const std::string svg = render_equity_svg({.title = "iv_crush_default <test>",
                                             .note = "chains: market; 2 of 2 trades",
                                             .starting_capital = Money::dollars(100'000.0),
                                             .points = reports[0].summary.equity_curve});
  CHECK(test::xml_problem(svg).empty());
  CHECK(svg.starts_with("<svg"));
  CHECK(svg.find("<polyline") != std::string::npos);
  CHECK(svg.find("iv_crush_default &lt;test&gt;") != std::string::npos);
  CHECK(svg.find("id=\"axes\"") != std::string::npos);
  const std::string empty = render_equity_svg({.title = "none"});
  CHECK(test::xml_problem(empty).empty());
  CHECK_THROWS_AS((void)render_equity_svg({.title = "x", .width = 100}), InvalidInput);
}

TEST_CASE("bad configurations and policy names are rejected") {
  CondorCase k;
  BacktestConfig bad = condor_config();
  bad.fill = 1.5;
  CHECK_THROWS_AS((void)run_backtest(k.events, k.history, k.source,
                                     StrategyScorer(IvCrushScoring::model_pop()), bad),
                  InvalidInput);
  bad = condor_config();
  bad.sizing.contracts = 0;
  CHECK_THROWS_AS((void)run_backtest(k.events, k.history, k.source,
                                     StrategyScorer(IvCrushScoring::model_pop()), bad),
                  InvalidInput);
  const std::vector<std::string> unknown = {"nope"};
  CHECK_THROWS_AS((void)run_backtests(k.events, k.history, k.source,
                                      std::span<const std::string>(unknown), condor_config()),
                  InvalidInput);
  const std::vector<std::string> twice = {"original", "iv_crush_default"};
  CHECK_THROWS_AS((void)run_backtests(k.events, k.history, k.source,
                                      std::span<const std::string>(twice), condor_config()),
                  InvalidInput);
  CHECK(parse_exit_rule("expiration") == ExitRule::expiration);
  CHECK_THROWS_AS((void)parse_exit_rule("close"), InvalidInput);
  CHECK(previous_weekday(2024y / May / 20) == 2024y / May / 17);  // Monday -> Friday
  CHECK(entry_instant({Symbol::parse("X"), thursday, EarningsTiming::after_close}) ==
        new_york_market_close(thursday));
}

// prune_candidates (ticker_analysis.hpp) analyses only what can enter the first policy's top:
// one policy books the same trades, and several (which re-rank the first one's candidates) run
// exhaustively, so each still picks from every candidate.
TEST_CASE("candidate pruning leaves one- and several-policy backtests unchanged") {
  const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
  REQUIRE(d.rejects.empty());
  const auto events = backtest_events(d, {.from = 2024y / January / 1, .to = 2024y / June / 30});
  REQUIRE(events.size() > 20);
  const ModeledChainSource source(d);
  BacktestConfig pruned;
  pruned.analysis.prune_candidates = true;
  const std::vector<std::string> policies = {"original", "expected_value", "empirical_pop"};
  const auto all = run_backtests(events, d, source, std::span<const std::string>(policies), {});
  const auto with =
      run_backtests(events, d, source, std::span<const std::string>(policies), pruned);
  CHECK(backtest_trades_csv(with) == backtest_trades_csv(all));
  for (const std::string& name : policies) {
    CAPTURE(name);
    const std::vector<std::string> one = {name};
    const auto a = run_backtests(events, d, source, std::span<const std::string>(one), {});
    const auto b = run_backtests(events, d, source, std::span<const std::string>(one), pruned);
    CHECK(a.front().trades.size() > 5);
    CHECK(backtest_trades_csv(b) == backtest_trades_csv(a));
  }
}

// Issue 16: the backtest replays the library's decision. An event whose best candidate has a
// non-positive expectation under the policy's probability is skipped as no_trade (the default,
// VerdictRule::follow); VerdictRule::ignore books it. The events traded under `follow` are
// traded identically under `ignore`, and the difference is exactly the no_trade skips.
TEST_CASE("the backtest follows the no-trade verdict by default and ignores it on request") {
  const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
  const auto events =
      backtest_events(d, {.from = 2024y / January / 1, .to = 2024y / December / 31});
  const ModeledChainSource source(d);
  const std::vector<std::string> policies = {"original", "model_pop"};
  BacktestConfig follow;
  CHECK(follow.verdict == VerdictRule::follow);
  BacktestConfig ignore;
  ignore.verdict = VerdictRule::ignore;
  const auto f = run_backtests(events, d, source, std::span<const std::string>(policies), follow);
  const auto g = run_backtests(events, d, source, std::span<const std::string>(policies), ignore);
  std::size_t no_trades = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    using EventKey = std::pair<std::string, std::int32_t>;
    const auto key = [](const EarningsEvent& e) {
      return EventKey{std::string(e.symbol.view()), sys_days{e.date}.time_since_epoch().count()};
    };
    std::map<EventKey, const BacktestTrade*> ignored;
    for (const BacktestTrade& t : g[i].trades) ignored[key(t.event)] = &t;
    for (const SkippedEvent& s : g[i].skipped) CHECK(s.reason != SkipReason::no_trade);
    for (const BacktestTrade& t : f[i].trades) {
      const auto it = ignored.find(key(t.event));
      REQUIRE(it != ignored.end());
      CHECK(it->second->legs == t.legs);
      CHECK(it->second->pnl == t.pnl);
    }
    std::size_t skipped_here = 0;
    for (const SkippedEvent& s : f[i].skipped) {
      if (s.reason != SkipReason::no_trade) continue;
      ++skipped_here;
      CAPTURE(s.message);
      CHECK(ignored.count(key(s.event)) == 1);
      // "No trade: <kind> ranks first, but its expected P/L under the <source> probability is
      // -$X.YY per unit ..." or "$0.00": never a positive amount.
      const auto at = s.message.find(" probability is ");
      REQUIRE(at != std::string::npos);
      const std::string amount = s.message.substr(at + 16, s.message.find(" per unit") - at - 16);
      CHECK((amount.front() == '-' || amount == "$0.00"));
    }
    CHECK(f[i].trades.size() + skipped_here == g[i].trades.size());
    CHECK(f[i].trades.size() + f[i].skipped.size() == events.size());
    no_trades += skipped_here;
  }
  CHECK(no_trades > 0);  // the 2024 events have some: the test can fail
  CHECK(parse_verdict_rule("ignore") == VerdictRule::ignore);
  CHECK(parse_verdict_rule("follow") == VerdictRule::follow);
  CHECK_THROWS_WITH(static_cast<void>(parse_verdict_rule("obey")),
                    "verdict rule = 'obey': must be follow or ignore");
}
