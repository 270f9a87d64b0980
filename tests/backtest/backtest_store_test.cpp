// MemoryBacktestStore, the reference model of the BacktestStore port: the port contract (shared
// with the SQLite adapter) and set_performance, which fills a run row from a summary.
#include <doctest/doctest.h>

#include <type_traits>
#include <vector>

#include "ivcrush/adapters/backtest_rows.hpp"
#include "ivcrush/adapters/memory_backtest_store.hpp"
#include "ivcrush/backtest/performance.hpp"
#include "support/backtest_store_contract.hpp"

namespace {

using namespace ivcrush;
using namespace ivcrush::test::backtest_store;

static_assert(BacktestStore<MemoryBacktestStore>);
static_assert(!std::is_copy_constructible_v<MemoryBacktestStore>);

// Not a store: list_runs is missing.
struct NoList {
  void save_run(const BacktestRunRow&, std::span<const BacktestTradeRow>);
  std::optional<BacktestRunRow> load_run(std::string_view);
  std::vector<BacktestTradeRow> load_trades(std::string_view);
};
static_assert(!BacktestStore<NoList>);

TEST_CASE("MemoryBacktestStore: backtest store contract") {
  MemoryBacktestStore store;
  check_backtest_store_contract(store);
}

TEST_CASE("set_performance copies a summary's main numbers into a run row") {
  // Two trades: +30 / 100 and -10 / 100 over 2024-03-01 .. 2024-03-09 (8 days).
  const std::vector<TradeOutcome> trades{
      {2024y / March / 1, 2024y / March / 2, Money::dollars(30.0), Money::dollars(100.0)},
      {2024y / March / 8, 2024y / March / 9, Money::dollars(-10.0), Money::dollars(100.0)}};
  const PerformanceSummary s = summarize_performance(trades);
  BacktestRunRow row = empty_run("r1", sys_days{2024y / May / 1});
  row.events = 7;
  set_performance(row, s);
  CHECK(row.events == 7);  // untouched
  CHECK(row.trades == 2);
  CHECK(row.win_rate == Percentage::from_fraction(0.5));
  CHECK(row.total_pnl == Money::dollars(20.0));
  CHECK(row.avg_pnl == Money::dollars(10.0));
  CHECK(row.profit_factor == 3.0);  // 30 / 10
  CHECK(row.expectancy == s.expectancy);
  CHECK(row.sharpe_per_trade == s.sharpe_per_trade);
  CHECK(row.sharpe_annualized == s.sharpe_annualized);
  CHECK(row.sortino_annualized == s.sortino_annualized);
  CHECK(row.max_drawdown == Money::dollars(10.0));
  CHECK(row.max_drawdown_compounded == s.max_drawdown_compounded);
  CHECK(row.periods_per_year == 2.0 * 365.25 / 8.0);
  CHECK(row.annualization == "observed_trades");
  MemoryBacktestStore store;
  store.save_run(row, {});
  CHECK(store.load_run("r1") == row);
}

}  // namespace
