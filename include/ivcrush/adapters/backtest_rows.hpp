// ivcrush/adapters/backtest_rows.hpp: a backtest report as the BacktestStore's flat rows.
//
//   const BacktestReport r = run_backtest(events, data, source, policy, config);
//   store.save_run(to_run_row(r, {.run_id = "2024-model"}), to_trade_rows(r, "2024-model"));
//
// The mapping between the backtest layer's records and the rows of ports/backtest_store.hpp,
// kept out of both so that the port needs no backtest types and the backtester no storage.
// - set_performance(row, summary): the summary's main numbers into a run row (others kept).
// - to_run_row(report, identity): the run row (identity: run id, description, dates, clock).
// - to_trade_rows(report, run_id): one row per trade, legs as "-1 P 95 2024-05-17 | ...".
// Allocates the rows' strings; no validation beyond what the store does on save.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/backtest/backtester.hpp"
#include "ivcrush/backtest/performance.hpp"
#include "ivcrush/ports/backtest_store.hpp"

namespace ivcrush::inline v0 {

// Copies the main numbers of `s` into `row` (the other fields are left as they are).
inline void set_performance(BacktestRunRow& row, const PerformanceSummary& s) {
  row.trades = static_cast<std::int64_t>(s.trades);
  row.win_rate = s.win_rate;
  row.total_pnl = s.total_pnl;
  row.avg_pnl = s.avg_pnl;
  row.profit_factor = s.profit_factor;
  row.expectancy = s.expectancy;
  row.sharpe_per_trade = s.sharpe_per_trade;
  row.sharpe_annualized = s.sharpe_annualized;
  row.sortino_annualized = s.sortino_annualized;
  row.max_drawdown = s.max_drawdown;
  row.max_drawdown_compounded = s.max_drawdown_compounded;
  row.periods_per_year = s.annualization.periods_per_year;
  row.annualization = std::string(to_string(s.annualization.source));
}

struct BacktestRunIdentity {
  std::string run_id;  // 1-64 characters of [A-Za-z0-9_.-]
  std::string description;
  std::chrono::year_month_day start_date{};
  std::chrono::year_month_day end_date{};
  std::chrono::sys_seconds created_at{};  // the caller's clock
};

[[nodiscard]] inline BacktestRunRow to_run_row(const BacktestReport& report,
                                               const BacktestRunIdentity& id) {
  BacktestRunRow row;
  row.run_id = id.run_id;
  row.policy = report.policy;
  row.description = id.description;
  row.start_date = id.start_date;
  row.end_date = id.end_date;
  row.created_at = id.created_at;
  row.events = static_cast<std::int64_t>(report.events);
  row.skipped = static_cast<std::int64_t>(report.skipped.size());
  row.modeled_trades = static_cast<std::int64_t>(report.modeled_trades);
  set_performance(row, report.summary);
  return row;
}

// The legs as "-1 P 95 2024-05-17 | +1 P 90 2024-05-17".
[[nodiscard]] inline std::string legs_text(std::span<const BacktestLeg> legs) {
  std::string out;
  for (const BacktestLeg& l : legs) {
    if (!out.empty()) out += " | ";
    out += detail::leg_label(l);
  }
  return out;
}

[[nodiscard]] inline std::vector<BacktestTradeRow> to_trade_rows(const BacktestReport& report,
                                                                 std::string_view run_id) {
  std::vector<BacktestTradeRow> rows;
  rows.reserve(report.trades.size());
  for (const BacktestTrade& t : report.trades) {
    rows.push_back(BacktestTradeRow{.run_id = std::string(run_id),
                                    .ticker = t.event.symbol,
                                    .earnings_date = t.event.date,
                                    .timing = t.event.timing,
                                    .policy = t.policy,
                                    .strategy = std::string(to_string(t.kind)),
                                    .legs = legs_text(t.legs),
                                    .contracts = t.contracts,
                                    .entry_credit = t.credit,
                                    .exit_cost = t.exit_cost,
                                    .pnl = t.pnl,
                                    .risk = t.risk,
                                    .chain_source = t.modeled() ? "modeled" : "market",
                                    .score = t.score});
  }
  return rows;
}

}  // namespace ivcrush::inline v0
