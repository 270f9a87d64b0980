// ivcrush/ports/backtest_store.hpp: the BacktestStore port, where backtest runs and trades persist.
//
//   template <BacktestStore S> void record(S& store, const BacktestRunRow& run,
//                                          std::span<const BacktestTradeRow> trades) {
//     store.save_run(run, trades);                       // one run and its trades, atomically
//   }
//   store.load_run("3f9a1c2e");                          // optional<BacktestRunRow>
//   store.load_trades("3f9a1c2e");                       // in the order saved
//   store.list_runs();                                   // newest created_at first
//   static_assert(BacktestStore<MemoryBacktestStore>);   // adapters/memory_backtest_store.hpp
//
// The rows are flat plain data (text for names, kinds and legs; Money for amounts), so a store
// needs neither the backtest nor the strategy layer, and a row reads back exactly as written.
// A run row carries the run's identity, what it covered and the main numbers of its
// PerformanceSummary (backtest/performance.hpp; optional ratios stay optional), which
// set_performance(row, summary) of adapters/backtest_rows.hpp copies in.
//   save_run(run, span<const BacktestTradeRow>)   insert or replace the run with this run_id and
//                                                 all its trades (the old trades are dropped);
//                                                 all or nothing
//   load_run(run_id) -> optional<BacktestRunRow>  the run, if stored
//   load_trades(run_id) -> vector<BacktestTradeRow>  its trades in the order saved; empty if
//                                                 the run is unknown
//   list_runs() -> vector<BacktestRunRow>         every run, newest created_at first, ties by
//                                                 run_id ascending
// Semantics every model keeps (the same as ports/storage.hpp): time is a parameter (created_at
// is the caller's, the store reads no clock); exactness (operator== after a round trip);
// atomic writes; InvalidInput for bad rows before anything is written (naming the field, the
// trade index and the value), StorageError for failures of the store; "nothing found" is empty.
// Thread safety: each model says (both reference models may be shared by threads).
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

// One backtest run: what it covered, how much it traded and its main performance numbers.
struct BacktestRunRow {
  std::string run_id;       // 1-64 characters of [A-Za-z0-9_.-]
  std::string policy;       // the scoring policy's name
  std::string description;  // free text
  std::chrono::year_month_day start_date{};
  std::chrono::year_month_day end_date{};  // >= start_date
  std::chrono::sys_seconds created_at{};   // the caller's clock
  std::int64_t events = 0;                 // earnings events considered
  std::int64_t trades = 0;                 // trades taken
  std::int64_t skipped = 0;                // events without a trade
  std::int64_t modeled_trades = 0;         // trades priced on a modeled chain
  // PerformanceSummary's main numbers (optional where the summary's are).
  std::optional<Percentage> win_rate;
  Money total_pnl;
  std::optional<Money> avg_pnl;
  std::optional<double> profit_factor;
  std::optional<Money> expectancy;
  std::optional<double> sharpe_per_trade;
  std::optional<double> sharpe_annualized;
  std::optional<double> sortino_annualized;
  Money max_drawdown;
  Percentage max_drawdown_compounded;
  std::optional<double> periods_per_year;  // the annualization factor used
  std::string annualization;               // its source, e.g. "observed_trades"

  friend bool operator==(const BacktestRunRow&, const BacktestRunRow&) = default;
};

// One trade of a run.
struct BacktestTradeRow {
  std::string run_id;  // the run's
  Symbol ticker;
  std::chrono::year_month_day earnings_date{};
  EarningsTiming timing = EarningsTiming::unknown;
  std::string policy;          // the policy that chose it
  std::string strategy;        // the strategy kind, e.g. "iron_condor"
  std::string legs;            // the legs as text, e.g. "-1 P 95 2024-05-17 | +1 P 90 2024-05-17"
  std::int64_t contracts = 0;  // >= 0
  Money entry_credit;          // received at entry (negative: a debit)
  Money exit_cost;             // paid to close
  Money pnl;                   // net of all costs
  Money risk;                  // capital at risk, > 0
  std::string chain_source;    // "market" or "modeled"
  double score = 0.0;          // the policy's score of the strategy

  friend bool operator==(const BacktestTradeRow&, const BacktestTradeRow&) = default;
};

namespace detail {

[[nodiscard]] constexpr bool is_run_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

inline void require_run_id(std::string_view field, std::string_view id) {
  if (!is_run_id(id)) {
    throw_invalid(id.empty() ? ErrorCode::empty : ErrorCode::malformed, field,
                  fmt::format("'{}'", id), "must be 1-64 characters of A-Z a-z 0-9 _ . -");
  }
}

inline void require_count(std::string_view field, std::int64_t value) {
  if (value < 0) throw_invalid(ErrorCode::negative, field, value, "must not be negative");
}

template <class T>
void require_finite_optional(std::string_view field, const std::optional<T>& value) {
  if (value) require_finite(field, static_cast<double>(*value));
}

// A run and its trades a store accepts: checked in full before anything is written.
inline void require_valid_backtest(const BacktestRunRow& run,
                                   std::span<const BacktestTradeRow> trades) {
  require_run_id("run_id", run.run_id);
  require_valid_date("start_date", run.start_date);
  require_valid_date("end_date", run.end_date);
  if (std::chrono::sys_days{run.end_date} < std::chrono::sys_days{run.start_date}) {
    throw_invalid(ErrorCode::inconsistent, "end_date", iso_date(run.end_date),
                  fmt::format("is before start_date {}", iso_date(run.start_date)));
  }
  require_count("events", run.events);
  require_count("trades", run.trades);
  require_count("skipped", run.skipped);
  require_count("modeled_trades", run.modeled_trades);
  if (run.win_rate) require_finite("win_rate", run.win_rate->fraction());
  require_finite("total_pnl", run.total_pnl.dollars());
  if (run.avg_pnl) require_finite("avg_pnl", run.avg_pnl->dollars());
  require_finite_optional("profit_factor", run.profit_factor);
  if (run.expectancy) require_finite("expectancy", run.expectancy->dollars());
  require_finite_optional("sharpe_per_trade", run.sharpe_per_trade);
  require_finite_optional("sharpe_annualized", run.sharpe_annualized);
  require_finite_optional("sortino_annualized", run.sortino_annualized);
  require_finite("max_drawdown", run.max_drawdown.dollars());
  require_finite("max_drawdown_compounded", run.max_drawdown_compounded.fraction());
  require_finite_optional("periods_per_year", run.periods_per_year);
  for (std::size_t i = 0; i < trades.size(); ++i) {
    const BacktestTradeRow& t = trades[i];
    const auto field = [i](std::string_view name) { return fmt::format("trades[{}].{}", i, name); };
    if (t.run_id != run.run_id) {
      throw_invalid(ErrorCode::inconsistent, field("run_id"), fmt::format("'{}'", t.run_id),
                    fmt::format("must be the run's run_id '{}'", run.run_id));
    }
    if (t.ticker.view().empty()) {
      throw_invalid(ErrorCode::empty, field("ticker"), "''", "is empty");
    }
    require_valid_date(field("earnings_date"), t.earnings_date);
    require_count(field("contracts"), t.contracts);
    require_finite(field("entry_credit"), t.entry_credit.dollars());
    require_finite(field("exit_cost"), t.exit_cost.dollars());
    require_finite(field("pnl"), t.pnl.dollars());
    const double risk = t.risk.dollars();
    if (!is_finite(risk) || !(risk > 0.0)) {
      throw_invalid(ErrorCode::out_of_range, field("risk"), risk, "must be positive and finite");
    }
    if (t.chain_source != "market" && t.chain_source != "modeled") {
      throw_invalid(ErrorCode::malformed, field("chain_source"),
                    fmt::format("'{}'", t.chain_source), "must be 'market' or 'modeled'");
    }
    require_finite(field("score"), t.score);
  }
}

}  // namespace detail

template <class S>
concept BacktestStore = requires(S& store, const BacktestRunRow& run,
                                 std::span<const BacktestTradeRow> trades, std::string_view id) {
  store.save_run(run, trades);
  { store.load_run(id) } -> std::same_as<std::optional<BacktestRunRow>>;
  { store.load_trades(id) } -> std::same_as<std::vector<BacktestTradeRow>>;
  { store.list_runs() } -> std::same_as<std::vector<BacktestRunRow>>;
};

}  // namespace ivcrush::inline v0
