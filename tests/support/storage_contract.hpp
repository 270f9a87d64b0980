// tests/support/storage_contract.hpp: the behaviour ports/storage.hpp documents, as checks any
// model must pass on a fresh (empty) store. The in-memory reference model and the SQLite adapter
// both run them, so the two agree by construction. Expected values are written out by hand.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/ports/storage.hpp"
#include "support/check_close.hpp"

namespace ivcrush::test::storage {

using namespace std::chrono;
using namespace std::chrono_literals;

inline Symbol sym(std::string_view s) { return Symbol::parse(s); }

// A before-open move measured by the library from its bars (prices chosen to be awkward
// doubles, so exact round trips are meaningful).
inline HistoricalMove bmo_move(std::string_view symbol, year_month_day date, double reference,
                               double open, double high, double low, double close,
                               std::optional<std::int64_t> volume = std::nullopt,
                               std::optional<std::int64_t> previous_volume = std::nullopt) {
  const AnnouncementBars bars{EarningsEvent{sym(symbol), date, EarningsTiming::before_open},
                              Price::dollars(reference), previous_volume,
                              DailyBar::make(date, Price::dollars(open), Price::dollars(high),
                                             Price::dollars(low), Price::dollars(close), volume),
                              std::nullopt};
  const MoveMeasurement m = measure_move(bars);
  REQUIRE(m.ok());
  return *m.move;
}

// An unknown-timing move whose timing the library infers (after close) from the next bar.
inline HistoricalMove inferred_move(std::string_view symbol, year_month_day date) {
  const year_month_day next{sys_days{date} + days{1}};
  const AnnouncementBars bars{
      EarningsEvent{sym(symbol), date, EarningsTiming::unknown}, Price::dollars(100.0), 1'000,
      DailyBar::make(date, Price::dollars(100.1), Price::dollars(101.0), Price::dollars(99.5),
                     Price::dollars(100.0), 1'200),
      DailyBar::make(next, Price::dollars(0.1 + 0.2 + 109.7), Price::dollars(112.25),
                     Price::dollars(107.0), Price::dollars(1.0 / 3.0 + 110.0), 3'600)};
  const MoveMeasurement m = measure_move(bars);
  REQUIRE(m.ok());
  REQUIRE(m.move->timing_inferred);
  return *m.move;
}

inline sys_seconds instant(year_month_day d, hours h) { return sys_days{d} + h; }

// A chain with every optional field both present and absent, a one-sided quote, a real $0 bid,
// an off-dollar strike and two expirations.
inline OptionChain sample_chain(sys_seconds as_of, double spot) {
  ChainBuilder b(sym("AAPL"), as_of, Price::dollars(spot));
  const year_month_day may = 2024y / May / 17;
  b.add({.expiration = may,
         .strike = 182.5,
         .right = OptionRight::call,
         .bid = 2.5,
         .ask = 2.6,
         .last = 2.55,
         .bid_size = 10,
         .ask_size = 12,
         .volume = 100,
         .open_interest = 500,
         .vendor_iv = 0.3251,
         .vendor_delta = 0.52,
         .vendor_gamma = 0.031,
         .vendor_theta_per_day = -0.12,
         .vendor_vega_per_vol_point = 0.21});
  b.add({.expiration = may,
         .strike = 182.5,
         .right = OptionRight::put,
         .bid = 0.1 + 0.2,
         .ask = 1.0 / 3.0 + 2.0,
         .open_interest = 0});
  b.add({.expiration = may,
         .strike = 190.0,
         .right = OptionRight::call,
         .bid = std::nullopt,
         .ask = 0.05});
  b.add({.expiration = may,
         .strike = 182.001,
         .right = OptionRight::put,
         .bid = 0.0,
         .ask = 0.01,
         .vendor_iv = 0.0});
  b.add({.expiration = 2024y / June / 21,
         .strike = 180.0,
         .right = OptionRight::put,
         .bid = 4.1,
         .ask = 4.35});
  ChainBuildResult r = std::move(b).build();
  REQUIRE(r.rejects.empty());
  REQUIRE(r.chain.size() == 5);
  return std::move(r.chain);
}

inline void check_same_chain(const OptionChain& actual, const OptionChain& expected) {
  CHECK(actual.underlying() == expected.underlying());
  CHECK(actual.as_of() == expected.as_of());
  CHECK(actual.spot() == expected.spot());
  REQUIRE(actual.size() == expected.size());
  REQUIRE(actual.expirations().size() == expected.expirations().size());
  for (std::size_t i = 0; i < actual.expirations().size(); ++i) {
    CHECK(actual.expirations()[i] == expected.expirations()[i]);
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    CHECK(actual.contracts()[i] == expected.contracts()[i]);
    CHECK(actual.quotes()[i] == expected.quotes()[i]);
  }
}

inline AnalysisRecord record(std::string_view symbol, sys_seconds as_of, double vrp,
                             std::string recommendation, std::string regime, std::string strategy,
                             double score, std::int64_t contracts) {
  AnalysisRecord r;
  r.symbol = sym(symbol);
  r.as_of = as_of;
  r.earnings_date = 2024y / May / 2;
  r.implied_move = Percentage::from_fraction(0.1 + 0.2);
  r.vrp_ratio = vrp;
  r.recommendation = std::move(recommendation);
  r.regime = std::move(regime);
  r.strategy_type = std::move(strategy);
  r.strategy_description = "Put: 95/90 | Call: 105/110";
  r.score = score;
  r.contracts = contracts;
  return r;
}

// ---- the contract, one function per concept ------------------------------------------------

template <class Store>
void check_earnings_calendar_contract(Store& store) {
  const EarningsEvent a1{sym("AAPL"), 2024y / January / 25, EarningsTiming::after_close};
  const EarningsEvent a2{sym("AAPL"), 2024y / May / 2, EarningsTiming::after_close};
  const EarningsEvent a3{sym("AAPL"), 2024y / August / 1, EarningsTiming::after_close};
  const EarningsEvent m1{sym("MSFT"), 2024y / April / 25, EarningsTiming::after_close};
  const EarningsEvent m2{sym("MSFT"), 2024y / May / 2, EarningsTiming::unknown};
  const std::vector<EarningsEvent> events{a3, m1, a1, a2, m2};
  store.save_events(events);
  // Upsert: the same (symbol, date) replaces the timing.
  EarningsEvent a2_bmo = a2;
  a2_bmo.timing = EarningsTiming::before_open;
  save_event(store, a2_bmo);

  SUBCASE("history") {
    CHECK(store.earnings_history(sym("AAPL"), 2024y / August / 1, 12) ==
          std::vector<EarningsEvent>{a2_bmo, a1});  // strictly before, newest first
    CHECK(store.earnings_history(sym("AAPL"), 2024y / August / 2, 1) ==
          std::vector<EarningsEvent>{a3});
    CHECK(store.earnings_history(sym("AAPL"), year{32767} / December / 31, 100) ==
          std::vector<EarningsEvent>{a3, a2_bmo, a1});  // a far bound means "all"
    CHECK(store.earnings_history(sym("AAPL"), 2024y / January / 25, 12).empty());
    CHECK(store.earnings_history(sym("ZZZ"), 2030y / January / 1, 12).empty());
    CHECK(store.earnings_history(sym("AAPL"), 2030y / January / 1, 0).empty());
  }
  SUBCASE("upcoming") {
    // [from, from + window], both ends inclusive, by (date, symbol).
    CHECK(store.upcoming_earnings(2024y / April / 25, days{7}) ==
          std::vector<EarningsEvent>{m1, a2_bmo, m2});
    CHECK(store.upcoming_earnings(2024y / April / 26, days{6}) ==
          std::vector<EarningsEvent>{a2_bmo, m2});
    CHECK(store.upcoming_earnings(2024y / April / 25, days{0}) == std::vector<EarningsEvent>{m1});
    CHECK(store.upcoming_earnings(2024y / April / 26, days{5}).empty());
    CHECK_THROWS_WITH_AS((void)store.upcoming_earnings(2024y / April / 25, days{-1}),
                         "window = -1 days: must not be negative", InvalidInput);
    CHECK_THROWS_WITH_AS((void)store.upcoming_earnings(2024y / February / 30, days{1}),
                         "from = 2024-02-30: is not a valid calendar date", InvalidInput);
  }
  SUBCASE("atomic") {
    // A batch with one invalid event stores none of it.
    const std::vector<EarningsEvent> bad{
        EarningsEvent{sym("NVDA"), 2024y / May / 22, EarningsTiming::after_close},
        EarningsEvent{sym("NVDA"), 2023y / February / 29, EarningsTiming::after_close}};
    CHECK_THROWS_WITH_AS(store.save_events(bad),
                         "earnings date = 2023-02-29: is not a valid calendar date", InvalidInput);
    CHECK(store.earnings_history(sym("NVDA"), 2030y / January / 1, 12).empty());
    store.save_events(std::span<const EarningsEvent>{});  // an empty batch is fine
  }
}

template <class Store>
void check_historical_move_contract(Store& store) {
  const HistoricalMove a1 = bmo_move("AAPL", 2023y / May / 4, 165.79, 164.89, 167.04, 164.31,
                                     165.79 + 0.1 + 0.2, 81'235'400, 52'000'000);
  const HistoricalMove a2 =
      bmo_move("AAPL", 2023y / August / 3, 191.17, 191.57, 192.37, 181.5, 1.0 / 3.0 + 181.66);
  const HistoricalMove a3 = inferred_move("AAPL", 2023y / November / 2);
  const HistoricalMove a4 =
      bmo_move("AAPL", 2024y / February / 1, 184.4, 183.99, 187.01, 182.5, 186.86, 0, 1'000);
  const HistoricalMove m1 = bmo_move("MSFT", 2024y / January / 30, 408.59, 404.94, 406.17, 402.2,
                                     std::nextafter(405.0, 406.0));
  const std::vector<HistoricalMove> moves{a3, m1, a1, a4, a2};
  CHECK(store.save_moves(moves) == 5);
  CHECK(store.save_moves(std::span<const HistoricalMove>{}) == 0);

  SUBCASE("latest") {
    // Strictly before the bound, newest first, exactly as saved.
    CHECK(store.latest_moves(sym("AAPL"), 2024y / February / 1, 12) ==
          std::vector<HistoricalMove>{a3, a2, a1});
    CHECK(store.latest_moves(sym("AAPL"), 2024y / February / 2, 2) ==
          std::vector<HistoricalMove>{a4, a3});
    CHECK(store.latest_moves(sym("AAPL"), year{32767} / January / 1, 99).size() == 4);
    CHECK(store.latest_moves(sym("ZZZ"), 2024y / February / 2, 2).empty());
  }
  SUBCASE("by_date") {
    CHECK(store.move_on(sym("MSFT"), 2024y / January / 30) == m1);
    CHECK(store.move_on(sym("MSFT"), 2024y / January / 31) == std::nullopt);
    CHECK(store.move_on(sym("AAPL"), 2023y / November / 2) == a3);
    CHECK(store.move_on(sym("AAPL"), 2023y / November / 2)->timing_inferred);
  }
  SUBCASE("upsert") {
    // Saving the same (symbol, event date) again replaces the move.
    const HistoricalMove m1b =
        bmo_move("MSFT", 2024y / January / 30, 400.0, 401.0, 402.0, 399.0, 400.5, 7);
    save_move(store, m1b);
    CHECK(store.move_on(sym("MSFT"), 2024y / January / 30) == m1b);
    CHECK(store.latest_moves(sym("MSFT"), 2030y / January / 1, 12) ==
          std::vector<HistoricalMove>{m1b});
  }
  SUBCASE("batch") {
    const std::vector<Symbol> symbols{sym("MSFT"), sym("ZZZ"), sym("AAPL")};
    const MovesBySymbol batch = store.latest_moves_batch(symbols, 2024y / February / 1, 2);
    REQUIRE(batch.size() == 3);  // every requested symbol, even without moves
    auto it = batch.begin();
    CHECK(it->first == sym("AAPL"));
    CHECK(it->second == std::vector<HistoricalMove>{a3, a2});
    ++it;
    CHECK(it->first == sym("MSFT"));
    CHECK(it->second == std::vector<HistoricalMove>{m1});
    ++it;
    CHECK(it->first == sym("ZZZ"));
    CHECK(it->second.empty());
  }
  SUBCASE("atomic") {
    HistoricalMove bad =
        bmo_move("NVDA", 2024y / May / 22, 949.5, 1'010.0, 1'040.0, 1'005.0, 1'037.99);
    bad.event.date = 2024y / February / 30;
    const std::vector<HistoricalMove> batch{a1, bad};
    CHECK_THROWS_WITH_AS((void)store.save_moves(batch),
                         "move date = 2024-02-30: is not a valid calendar date", InvalidInput);
    CHECK(store.latest_moves(sym("NVDA"), 2030y / January / 1, 12).empty());
  }
}

template <class Store>
void check_analysis_log_contract(Store& store) {
  const sys_seconds t0 = instant(2024y / May / 1, 14h);
  // Hand computation of the statistics below:
  //   regime "normal": vrp 1.5, 2.5 -> mean 2.0; score 60, 80 -> mean 70; tradeable: 1 (good)
  //   regime "high":   vrp 3.0 -> 3.0; score 90 -> 90; tradeable: 1 (excellent)
  //   regime "low":    vrp 0.75 -> 0.75; score 10 -> 10; tradeable: 0 ("Good" is not "good")
  const auto r1 = record("AAPL", t0, 1.5, "good", "normal", "iron_condor", 60.0, 2);
  const auto r2 = record("MSFT", t0 + 1h, 2.5, "marginal", "normal", "bull_put_spread", 80.0, 0);
  const auto r3 = record("NVDA", t0 + 1h, 3.0, "excellent", "high", "iron_condor", 90.0, 5);
  // Values are bound, never spliced into SQL: this text is stored verbatim.
  const auto r4 =
      record("TSLA", t0 - 1h, 0.75, "Good", "low", "x'); DROP TABLE analysis_log;--", 10.0, 1);
  const std::int64_t id1 = store.append_analysis(r1);
  const std::int64_t id2 = store.append_analysis(r2);
  const std::int64_t id3 = store.append_analysis(r3);
  const std::int64_t id4 = store.append_analysis(r4);
  CHECK(id1 < id2);
  CHECK(id2 < id3);
  CHECK(id3 < id4);

  SUBCASE("recent") {
    // Newest as_of first; r2 and r3 tie on as_of, so the later append (r3) comes first.
    CHECK(store.recent_analyses(10) == std::vector<AnalysisRecord>{r3, r2, r1, r4});
    CHECK(store.recent_analyses(1) == std::vector<AnalysisRecord>{r3});
    CHECK(store.recent_analyses(0).empty());
  }
  SUBCASE("by_regime") {
    const auto stats = store.analysis_stats(AnalysisGrouping::regime);
    REQUIRE(stats.size() == 3);  // ordered by key
    CHECK(stats[0].key == "high");
    CHECK(stats[0].count == 1);
    CHECK_CLOSE(stats[0].mean_vrp_ratio, 3.0, 0.0, 1e-15);
    CHECK_CLOSE(stats[0].mean_score, 90.0, 0.0, 1e-15);
    CHECK(stats[0].tradeable == 1);
    CHECK(stats[1].key == "low");
    CHECK_CLOSE(stats[1].mean_vrp_ratio, 0.75, 0.0, 1e-15);
    CHECK(stats[1].tradeable == 0);
    CHECK(stats[2].key == "normal");
    CHECK(stats[2].count == 2);
    CHECK_CLOSE(stats[2].mean_vrp_ratio, 2.0, 0.0, 1e-15);
    CHECK_CLOSE(stats[2].mean_score, 70.0, 0.0, 1e-15);
    CHECK(stats[2].tradeable == 1);
  }
  SUBCASE("by_strategy") {
    const auto stats = store.analysis_stats(AnalysisGrouping::strategy_type);
    REQUIRE(stats.size() == 3);
    CHECK(stats[0].key == "bull_put_spread");
    CHECK(stats[1].key == "iron_condor");
    CHECK(stats[1].count == 2);
    CHECK_CLOSE(stats[1].mean_vrp_ratio, 2.25, 0.0, 1e-15);  // (1.5 + 3.0) / 2
    CHECK_CLOSE(stats[1].mean_score, 75.0, 0.0, 1e-15);      // (60 + 90) / 2
    CHECK(stats[1].tradeable == 2);
    CHECK(stats[2].key == "x'); DROP TABLE analysis_log;--");
  }
  SUBCASE("invalid") {
    auto bad = r1;
    bad.vrp_ratio = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS((void)store.append_analysis(bad),
                         "analysis vrp ratio = nan: must be finite", InvalidInput);
    bad = r1;
    bad.contracts = -1;
    CHECK_THROWS_WITH_AS((void)store.append_analysis(bad),
                         "analysis contracts = -1: must not be negative", InvalidInput);
    bad = r1;
    bad.symbol = Symbol{};
    CHECK_THROWS_WITH_AS((void)store.append_analysis(bad), "analysis symbol = '': is empty",
                         InvalidInput);
    CHECK(store.recent_analyses(10).size() == 4);
  }
}

template <class Store>
void check_chain_snapshot_contract(Store& store) {
  const sys_seconds t1 = instant(2024y / May / 10, 20h);
  const sys_seconds t2 = t1 + 24h;
  const OptionChain c1 = sample_chain(t1, 182.47);
  const OptionChain c2 = sample_chain(t2, 0.1 + 0.2 + 183.0);
  store.save_chain(c2);
  store.save_chain(c1);

  SUBCASE("load") {
    CHECK(store.load_chain(sym("AAPL"), t1 - 1s) == std::nullopt);  // nothing yet at that time
    const auto at_t1 = store.load_chain(sym("AAPL"), t1);
    REQUIRE(at_t1.has_value());
    check_same_chain(*at_t1, c1);
    const auto between = store.load_chain(sym("AAPL"), t2 - 1s);  // the latest at or before
    REQUIRE(between.has_value());
    check_same_chain(*between, c1);
    const auto later = store.load_chain(sym("AAPL"), t2 + 1000h);
    REQUIRE(later.has_value());
    check_same_chain(*later, c2);
    CHECK(store.load_chain(sym("MSFT"), t2) == std::nullopt);
    CHECK(store.snapshot_times(sym("AAPL")) == std::vector<sys_seconds>{t1, t2});
    CHECK(store.snapshot_times(sym("MSFT")).empty());
    // The loaded chain answers queries like the original.
    const auto e = Expiration::from_date(2024y / May / 17);
    CHECK(at_t1->quote(e, Strike::parse("190"), OptionRight::call)->one_sided);
    CHECK(at_t1->straddle(e, Strike::parse("182.5")).has_value());
  }
  SUBCASE("replace") {
    const OptionChain c1b = sample_chain(t1, 180.0);
    store.save_chain(c1b);
    const auto loaded = store.load_chain(sym("AAPL"), t1);
    REQUIRE(loaded.has_value());
    check_same_chain(*loaded, c1b);
    CHECK(store.snapshot_times(sym("AAPL")) == std::vector<sys_seconds>{t1, t2});
  }
  SUBCASE("empty_chain") {
    ChainBuilder b(sym("MSFT"), t1, Price::dollars(410.0));
    const OptionChain empty = std::move(b).build().chain;
    store.save_chain(empty);
    const auto loaded = store.load_chain(sym("MSFT"), t1);
    REQUIRE(loaded.has_value());
    CHECK(loaded->empty());
    CHECK(loaded->spot() == Price::dollars(410.0));
  }
}

}  // namespace ivcrush::test::storage
