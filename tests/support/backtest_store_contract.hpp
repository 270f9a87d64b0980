// tests/support/backtest_store_contract.hpp: the behaviour ports/backtest_store.hpp documents,
// as checks any model must pass on a fresh (empty) store. MemoryBacktestStore and
// SqliteBacktestStore both run them, so the two agree by construction.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/ports/backtest_store.hpp"

namespace ivcrush::test::backtest_store {

using namespace std::chrono;
using namespace std::chrono_literals;

// A run with every optional number present, awkward doubles for exact round trips.
inline BacktestRunRow full_run(std::string id, sys_seconds created_at) {
  BacktestRunRow r;
  r.run_id = std::move(id);
  r.policy = "model_pop";
  r.description = "2023 earnings, modeled where no chain; 'quoted' text; ünïcode";
  r.start_date = 2023y / January / 3;
  r.end_date = 2023y / December / 29;
  r.created_at = created_at;
  r.events = 412;
  r.trades = 3;
  r.skipped = 409;
  r.modeled_trades = 2;
  r.win_rate = Percentage::from_fraction(2.0 / 3.0);
  r.total_pnl = Money::dollars(0.1 + 0.2 + 123.0);
  r.avg_pnl = Money::dollars((0.1 + 0.2 + 123.0) / 3.0);
  r.profit_factor = 1.0 / 3.0 + 2.0;
  r.expectancy = Money::dollars(41.1);
  r.sharpe_per_trade = 0.123456789012345;
  r.sharpe_annualized = std::nextafter(1.5, 2.0);
  r.sortino_annualized = -0.75;
  r.max_drawdown = Money::dollars(250.125);
  r.max_drawdown_compounded = Percentage::from_fraction(0.016);
  r.periods_per_year = 5.0 * 365.25 / 140.0;
  r.annualization = "observed_trades";
  return r;
}

// A run whose optional numbers are all empty (no trades).
inline BacktestRunRow empty_run(std::string id, sys_seconds created_at) {
  BacktestRunRow r;
  r.run_id = std::move(id);
  r.policy = "original";
  r.description = "";
  r.start_date = 2024y / January / 2;
  r.end_date = 2024y / January / 2;
  r.created_at = created_at;
  r.events = 0;
  r.annualization = "unavailable";
  return r;
}

inline BacktestTradeRow trade_row(std::string run_id, std::string_view ticker, year_month_day date,
                                  double pnl, std::string chain_source) {
  BacktestTradeRow t;
  t.run_id = std::move(run_id);
  t.ticker = Symbol::parse(ticker);
  t.earnings_date = date;
  t.timing = EarningsTiming::after_close;
  t.policy = "model_pop";
  t.strategy = "iron_condor";
  t.legs = "-1 P 95 2023-05-05 | +1 P 90 2023-05-05 | -1 C 105 2023-05-05 | +1 C 110 2023-05-05";
  t.contracts = 3;
  t.entry_credit = Money::dollars(1.0 / 3.0 + 1.0);
  t.exit_cost = Money::dollars(0.1 + 0.2);
  t.pnl = Money::dollars(pnl);
  t.risk = Money::dollars(1'100.0 - 0.01);
  t.chain_source = std::move(chain_source);
  t.score = 71.25 + 1e-9;
  return t;
}

template <class Store>
void check_backtest_store_contract(Store& store) {
  const sys_seconds t0 = sys_days{2024y / May / 1} + 13h;
  const BacktestRunRow run_a = full_run("run-a.1", t0);
  std::vector<BacktestTradeRow> trades_a{
      trade_row("run-a.1", "AAPL", 2023y / May / 4, 150.5, "market"),
      trade_row("run-a.1", "MSFT", 2023y / April / 25, -80.25, "modeled"),
      trade_row("run-a.1", "AAPL", 2023y / August / 3, 53.05, "modeled"),
  };
  trades_a[1].timing = EarningsTiming::before_open;
  trades_a[1].strategy = "bull_put_spread";
  trades_a[1].contracts = 0;
  trades_a[1].entry_credit = Money::dollars(-0.5);  // a debit
  store.save_run(run_a, trades_a);

  SUBCASE("round trip") {
    CHECK(store.load_run("run-a.1") == run_a);
    // In the order saved (not by date or ticker), exactly as saved.
    CHECK(store.load_trades("run-a.1") == trades_a);
    CHECK(store.list_runs() == std::vector<BacktestRunRow>{run_a});
  }
  SUBCASE("empty optionals and no trades") {
    const BacktestRunRow e = empty_run("E_0", t0 + 1h);
    store.save_run(e, {});
    const std::optional<BacktestRunRow> loaded = store.load_run("E_0");
    REQUIRE(loaded);
    CHECK(*loaded == e);
    CHECK_FALSE(loaded->win_rate);
    CHECK_FALSE(loaded->profit_factor);
    CHECK_FALSE(loaded->periods_per_year);
    CHECK(store.load_trades("E_0").empty());
  }
  SUBCASE("nothing found") {
    CHECK(store.load_run("nope") == std::nullopt);
    CHECK(store.load_trades("nope").empty());
    CHECK(store.load_run("") == std::nullopt);
  }
  SUBCASE("list order: newest created_at first, ties by run_id") {
    store.save_run(empty_run("b", t0 + 2h), {});
    store.save_run(empty_run("a", t0 + 2h), {});
    store.save_run(empty_run("z", t0 - 1h), {});
    const std::vector<BacktestRunRow> runs = store.list_runs();
    REQUIRE(runs.size() == 4);
    CHECK(runs[0].run_id == "a");
    CHECK(runs[1].run_id == "b");
    CHECK(runs[2].run_id == "run-a.1");
    CHECK(runs[3].run_id == "z");
  }
  SUBCASE("saving a run_id again replaces the run and all its trades") {
    BacktestRunRow again = run_a;
    again.description = "rerun";
    again.profit_factor = std::nullopt;
    const std::vector<BacktestTradeRow> one{
        trade_row("run-a.1", "NVDA", 2023y / May / 24, 9.0, "market")};
    store.save_run(again, one);
    CHECK(store.load_run("run-a.1") == again);
    CHECK(store.load_trades("run-a.1") == one);
    CHECK(store.list_runs().size() == 1);
  }
  SUBCASE("runs are independent") {
    const std::vector<BacktestTradeRow> other{
        trade_row("B", "TSLA", 2023y / July / 19, -5.0, "market")};
    store.save_run(full_run("B", t0), other);
    CHECK(store.load_trades("run-a.1") == trades_a);
    CHECK(store.load_trades("B") == other);
  }
  SUBCASE("invalid rows are rejected before anything is written") {
    auto rejects = [&](const BacktestRunRow& run, const std::vector<BacktestTradeRow>& trades,
                       const std::string& message) {
      CAPTURE(message);
      CHECK_THROWS_WITH_AS(store.save_run(run, trades), message.c_str(), InvalidInput);
    };
    BacktestRunRow bad_id = full_run("bad id", t0);
    rejects(bad_id, {}, "run_id = 'bad id': must be 1-64 characters of A-Z a-z 0-9 _ . -");
    rejects(full_run("", t0), {}, "run_id = '': must be 1-64 characters of A-Z a-z 0-9 _ . -");
    BacktestRunRow reversed = full_run("R", t0);
    reversed.end_date = 2022y / December / 31;
    rejects(reversed, {}, "end_date = 2022-12-31: is before start_date 2023-01-03");
    BacktestRunRow negative = full_run("N", t0);
    negative.skipped = -1;
    rejects(negative, {}, "skipped = -1: must not be negative");
    BacktestRunRow infinite = full_run("I", t0);
    infinite.sharpe_annualized = HUGE_VAL;
    rejects(infinite, {}, "sharpe_annualized = inf: must be finite");

    // A batch whose third trade is bad: neither the run nor any trade is stored.
    std::vector<BacktestTradeRow> batch{trade_row("T", "AAPL", 2023y / May / 4, 1.0, "market"),
                                        trade_row("T", "AAPL", 2023y / May / 5, 1.0, "market"),
                                        trade_row("T", "AAPL", 2023y / May / 6, 1.0, "chain")};
    rejects(full_run("T", t0), batch,
            "trades[2].chain_source = 'chain': must be 'market' or 'modeled'");
    batch[2].chain_source = "modeled";
    batch[1].risk = Money::zero();
    rejects(full_run("T", t0), batch, "trades[1].risk = 0: must be positive and finite");
    batch[1].risk = Money::dollars(10.0);
    batch[0].run_id = "U";
    rejects(full_run("T", t0), batch, "trades[0].run_id = 'U': must be the run's run_id 'T'");
    batch[0].run_id = "T";
    batch[2].earnings_date = 2023y / February / 29;
    rejects(full_run("T", t0), batch,
            "trades[2].earnings_date = 2023-02-29: is not a valid calendar date");
    batch[2].earnings_date = 2023y / May / 6;
    batch[2].contracts = -2;
    rejects(full_run("T", t0), batch, "trades[2].contracts = -2: must not be negative");
    CHECK(store.load_run("T") == std::nullopt);
    CHECK(store.load_trades("T").empty());

    // A failed replacement leaves the stored run as it was.
    BacktestRunRow replaced = run_a;
    replaced.description = "must not be stored";
    std::vector<BacktestTradeRow> bad_trades = trades_a;
    bad_trades.back().pnl = Money::dollars(1e308) * 10.0;
    rejects(replaced, bad_trades, "trades[2].pnl = inf: must be finite");
    CHECK(store.load_run("run-a.1") == run_a);
    CHECK(store.load_trades("run-a.1") == trades_a);
    CHECK(store.list_runs().size() == 1);
  }
}

}  // namespace ivcrush::test::backtest_store
