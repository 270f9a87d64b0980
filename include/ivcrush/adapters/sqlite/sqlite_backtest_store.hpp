// ivcrush/adapters/sqlite/sqlite_backtest_store.hpp: the SQLite model of the BacktestStore port.
//
//   ConnectionPool pool("ivcrush.sqlite");       // migrated (schema version >= 6)
//   SqliteBacktestStore store(pool);             // throws StorageError below version 6
//   store.save_run(run, trades);                 // one BEGIN IMMEDIATE transaction
//   store.load_run("3f9a1c2e");  store.load_trades("3f9a1c2e");  store.list_runs();
//
// Semantics: exactly those of ports/backtest_store.hpp, the same as MemoryBacktestStore (one
// contract suite runs both). Tables (migration 6, schema.hpp): backtest_runs keyed by run_id;
// backtest_trades keyed by (run_id, seq), seq being the trade's position in the saved list, and
// deleted with their run (ON DELETE CASCADE), so replacing a run is one DELETE and the inserts,
// all in one transaction: all rows or none, also if the process dies mid-way. load_run and
// load_trades are one statement each; list_runs reads backtest_runs ordered by
// (created_at DESC, run_id). Values are always bound, never spliced into SQL.
// Exactness (ADR 0004): amounts and ratios are REAL holding the very double (percentages as
// fractions: the `_fraction` columns); optional numbers are NULL when empty; dates ISO text;
// created_at Unix seconds. Rows read back are validated like input; a row that fails (a file
// edited by hand) throws StorageError naming the table and the problem.
// Every call checks a connection out of the pool for its duration, so a SqliteBacktestStore may
// be shared by threads and processes may share the file. Errors: InvalidInput for bad rows
// (before anything is written); SqliteError, PoolTimeout or StorageError for the database.
// Ownership: the pool is referenced, not owned; it must outlive the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/adapters/sqlite/database.hpp"
#include "ivcrush/adapters/sqlite/migrations.hpp"
#include "ivcrush/adapters/sqlite/pool.hpp"
#include "ivcrush/adapters/sqlite/schema.hpp"
#include "ivcrush/adapters/sqlite/sqlite_storage.hpp"
#include "ivcrush/adapters/sqlite/statement.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/ports/backtest_store.hpp"

namespace ivcrush::inline v0 {

namespace detail {

inline constexpr int backtest_migration_version = 6;

}  // namespace detail

namespace detail::sqlite_rows {

inline constexpr std::string_view run_columns =
    "run_id, policy, description, start_date, end_date, created_at, events, trades, skipped, "
    "modeled_trades, win_rate_fraction, total_pnl, avg_pnl, profit_factor, expectancy, "
    "sharpe_per_trade, sharpe_annualized, sortino_annualized, max_drawdown, "
    "max_drawdown_compounded_fraction, periods_per_year, annualization";

[[nodiscard]] inline std::optional<Money> optional_money(const Statement& q, int column) {
  if (q.is_null(column)) return std::nullopt;
  return Money::dollars(q.real(column));
}

[[nodiscard]] inline BacktestRunRow read_run(const Statement& q) {
  return decoded("backtest_runs", [&] {
    BacktestRunRow r;
    r.run_id = q.text(0);
    r.policy = q.text(1);
    r.description = q.text(2);
    r.start_date = parse_date(q.text(3));
    r.end_date = parse_date(q.text(4));
    r.created_at = std::chrono::sys_seconds(std::chrono::seconds(q.integer(5)));
    r.events = q.integer(6);
    r.trades = q.integer(7);
    r.skipped = q.integer(8);
    r.modeled_trades = q.integer(9);
    if (!q.is_null(10)) r.win_rate = Percentage::from_fraction(q.real(10));
    r.total_pnl = Money::dollars(q.real(11));
    r.avg_pnl = optional_money(q, 12);
    r.profit_factor = q.optional_real(13);
    r.expectancy = optional_money(q, 14);
    r.sharpe_per_trade = q.optional_real(15);
    r.sharpe_annualized = q.optional_real(16);
    r.sortino_annualized = q.optional_real(17);
    r.max_drawdown = Money::dollars(q.real(18));
    r.max_drawdown_compounded = Percentage::from_fraction(q.real(19));
    r.periods_per_year = q.optional_real(20);
    r.annualization = q.text(21);
    require_valid_backtest(r, {});
    return r;
  });
}

inline constexpr std::string_view trade_columns =
    "run_id, ticker, earnings_date, timing, policy, strategy, legs, contracts, entry_credit, "
    "exit_cost, pnl, risk, chain_source, score";

[[nodiscard]] inline BacktestTradeRow read_trade(const Statement& q) {
  return decoded("backtest_trades", [&] {
    BacktestTradeRow t;
    t.run_id = q.text(0);
    t.ticker = Symbol::parse(q.text(1));
    t.earnings_date = parse_date(q.text(2));
    t.timing = parse_earnings_timing(q.text(3));
    t.policy = q.text(4);
    t.strategy = q.text(5);
    t.legs = q.text(6);
    t.contracts = q.integer(7);
    t.entry_credit = Money::dollars(q.real(8));
    t.exit_cost = Money::dollars(q.real(9));
    t.pnl = Money::dollars(q.real(10));
    t.risk = Money::dollars(q.real(11));
    t.chain_source = q.text(12);
    t.score = q.real(13);
    return t;
  });
}

}  // namespace detail::sqlite_rows

class SqliteBacktestStore {
 public:
  // Checks that the database has the backtest tables (StorageError naming the versions
  // otherwise: run `ivcrush-db <file> migrate`).
  explicit SqliteBacktestStore(ConnectionPool& pool) : pool_(&pool) {
    auto db = pool_->checkout();
    const MigrationStatus status = migration_status(*db, schema_migrations());
    if (status.current_version < detail::backtest_migration_version) {
      throw StorageError(fmt::format(
          "database '{}' is at schema version {}; the backtest tables need version {}: run "
          "`ivcrush-db {} migrate`",
          pool_->path().string(), status.current_version, detail::backtest_migration_version,
          pool_->path().string()));
    }
  }

  void save_run(const BacktestRunRow& run, std::span<const BacktestTradeRow> trades) {
    detail::require_valid_backtest(run, trades);
    detail::sqlite_rows::require_storable_date("start_date", run.start_date);
    detail::sqlite_rows::require_storable_date("end_date", run.end_date);
    for (std::size_t i = 0; i < trades.size(); ++i) {
      detail::sqlite_rows::require_storable_date(fmt::format("trades[{}].earnings_date", i),
                                                 trades[i].earnings_date);
    }
    auto db = pool_->checkout();
    Transaction tx(*db);
    // Replacing: the old run's trades go with it (ON DELETE CASCADE).
    Statement(*db, "DELETE FROM backtest_runs WHERE run_id = ?1").bind_all(run.run_id).run();
    Statement insert_run(*db, fmt::format("INSERT INTO backtest_runs ({}) VALUES (?1, ?2, ?3, ?4, "
                                          "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                                          "?17, ?18, ?19, ?20, ?21, ?22)",
                                          detail::sqlite_rows::run_columns));
    insert_run.bind_all(run.run_id, run.policy, run.description, detail::iso_date(run.start_date),
                        detail::iso_date(run.end_date), run.created_at.time_since_epoch().count(),
                        run.events, run.trades, run.skipped, run.modeled_trades);
    // The optional numbers are bound one by one: NULL when empty (see sqlite_storage.hpp on
    // g++ 12's -Wmaybe-uninitialized with temporary optionals in bind_all).
    bind_optional(insert_run, 11,
                  run.win_rate ? std::optional<double>(run.win_rate->fraction()) : std::nullopt);
    insert_run.bind(12, run.total_pnl.dollars());
    bind_optional(insert_run, 13,
                  run.avg_pnl ? std::optional<double>(run.avg_pnl->dollars()) : std::nullopt);
    bind_optional(insert_run, 14, run.profit_factor);
    bind_optional(insert_run, 15,
                  run.expectancy ? std::optional<double>(run.expectancy->dollars()) : std::nullopt);
    bind_optional(insert_run, 16, run.sharpe_per_trade);
    bind_optional(insert_run, 17, run.sharpe_annualized);
    bind_optional(insert_run, 18, run.sortino_annualized);
    insert_run.bind(19, run.max_drawdown.dollars());
    insert_run.bind(20, run.max_drawdown_compounded.fraction());
    bind_optional(insert_run, 21, run.periods_per_year);
    insert_run.bind(22, run.annualization);
    insert_run.run();
    Statement insert(*db, fmt::format("INSERT INTO backtest_trades (seq, {}) VALUES (?1, ?2, ?3, "
                                      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                      detail::sqlite_rows::trade_columns));
    for (std::size_t i = 0; i < trades.size(); ++i) {
      const BacktestTradeRow& t = trades[i];
      insert
          .bind_all(static_cast<std::int64_t>(i), t.run_id, t.ticker.view(),
                    detail::iso_date(t.earnings_date), to_string(t.timing), t.policy, t.strategy,
                    t.legs, t.contracts, t.entry_credit.dollars(), t.exit_cost.dollars(),
                    t.pnl.dollars(), t.risk.dollars(), t.chain_source, t.score)
          .run();
    }
    tx.commit();
  }

  [[nodiscard]] std::optional<BacktestRunRow> load_run(std::string_view run_id) const {
    auto db = pool_->checkout();
    Statement q(*db, fmt::format("SELECT {} FROM backtest_runs WHERE run_id = ?1",
                                 detail::sqlite_rows::run_columns));
    q.bind_all(run_id);
    if (!q.step()) return std::nullopt;
    return detail::sqlite_rows::read_run(q);
  }

  [[nodiscard]] std::vector<BacktestTradeRow> load_trades(std::string_view run_id) const {
    auto db = pool_->checkout();
    Statement q(*db, fmt::format("SELECT {} FROM backtest_trades WHERE run_id = ?1 ORDER BY seq",
                                 detail::sqlite_rows::trade_columns));
    q.bind_all(run_id);
    std::vector<BacktestTradeRow> out;
    while (q.step()) out.push_back(detail::sqlite_rows::read_trade(q));
    return out;
  }

  [[nodiscard]] std::vector<BacktestRunRow> list_runs() const {
    auto db = pool_->checkout();
    Statement q(*db, fmt::format("SELECT {} FROM backtest_runs ORDER BY created_at DESC, run_id",
                                 detail::sqlite_rows::run_columns));
    std::vector<BacktestRunRow> out;
    while (q.step()) out.push_back(detail::sqlite_rows::read_run(q));
    return out;
  }

 private:
  static void bind_optional(Statement& s, int index, std::optional<double> value) {
    if (value) {
      s.bind(index, *value);
    } else {
      s.bind(index, std::nullopt);
    }
  }

  ConnectionPool* pool_;
};

static_assert(BacktestStore<SqliteBacktestStore>);

}  // namespace ivcrush::inline v0
