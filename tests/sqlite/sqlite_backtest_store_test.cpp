// SqliteBacktestStore: the port contract (the same checks as MemoryBacktestStore), the stored
// representation, the schema version it needs, and rollback of its migration.
#include "ivcrush/adapters/sqlite/sqlite_backtest_store.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sqlite/temp_database.hpp"
#include "support/backtest_store_contract.hpp"

namespace {

using namespace ivcrush;
using namespace ivcrush::test::backtest_store;

static_assert(BacktestStore<SqliteBacktestStore>);

struct Fixture {
  explicit Fixture(std::string_view name)
      : tmp(name),
        pool((tmp.migrate_all(), tmp.path()), {.size = 2, .max_overflow = 2}),
        store(pool) {}
  test::TempDatabase tmp;
  ConnectionPool pool;
  SqliteBacktestStore store;
};

TEST_CASE("SqliteBacktestStore: backtest store contract") {
  Fixture f("backtest_contract");
  check_backtest_store_contract(f.store);
}

TEST_CASE("backtest rows: NULL for empty optionals, REAL doubles, ISO dates, ordered trades") {
  Fixture f("backtest_representation");
  const sys_seconds t0 = sys_days{2024y / May / 1} + 13h;
  f.store.save_run(empty_run("e", t0), {});
  const std::vector<BacktestTradeRow> trades{
      trade_row("x", "AAPL", 2023y / May / 4, 150.5, "market"),
      trade_row("x", "MSFT", 2023y / April / 25, -80.25, "modeled")};
  f.store.save_run(full_run("x", t0), trades);
  auto db = f.pool.checkout();
  {
    Statement q(*db,
                "SELECT typeof(win_rate_fraction), typeof(profit_factor), typeof(periods_per_year),"
                " start_date, created_at FROM backtest_runs WHERE run_id = 'e'");
    REQUIRE(q.step());
    CHECK(q.text(0) == "null");
    CHECK(q.text(1) == "null");
    CHECK(q.text(2) == "null");
    CHECK(q.text(3) == "2024-01-02");
    CHECK(q.integer(4) == t0.time_since_epoch().count());
  }
  {
    Statement q(*db,
                "SELECT profit_factor, win_rate_fraction FROM backtest_runs WHERE run_id = 'x'");
    REQUIRE(q.step());
    CHECK(q.real(0) == 1.0 / 3.0 + 2.0);  // bit for bit
    CHECK(q.real(1) == 2.0 / 3.0);
  }
  {
    Statement q(*db,
                "SELECT seq, ticker, earnings_date, timing, chain_source FROM backtest_trades "
                "WHERE run_id = 'x' ORDER BY seq");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 0);
    CHECK(q.text(1) == "AAPL");
    CHECK(q.text(2) == "2023-05-04");
    CHECK(q.text(3) == "AMC");
    CHECK(q.text(4) == "market");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 1);
    CHECK(q.text(1) == "MSFT");
    CHECK_FALSE(q.step());
  }
  // Deleting a run deletes its trades (the replacement relies on it).
  db->exec("DELETE FROM backtest_runs WHERE run_id = 'x'");
  Statement q(*db, "SELECT count(*) FROM backtest_trades");
  REQUIRE(q.step());
  CHECK(q.integer(0) == 0);
}

TEST_CASE("a row edited by hand into an invalid one is a StorageError on load") {
  Fixture f("backtest_corrupt");
  const sys_seconds t0 = sys_days{2024y / May / 1};
  f.store.save_run(full_run("c", t0), {});
  {
    auto db = f.pool.checkout();
    db->exec("UPDATE backtest_runs SET end_date = '2023-02-30' WHERE run_id = 'c'");
  }
  CHECK_THROWS_WITH_AS((void)f.store.load_run("c"),
                       "corrupt row in backtest_runs: date = '2023-02-30': is not a valid "
                       "calendar date",
                       StorageError);
}

TEST_CASE("SqliteBacktestStore needs schema version 6, and rolling it back drops its tables") {
  test::TempDatabase tmp("backtest_version");
  {
    Database db(tmp.path());
    (void)migrate(db, schema_migrations(), test::TempDatabase::migrated_at(), 5);
  }
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 0});
  const std::string expected = fmt::format(
      "database '{0}' is at schema version 5; the backtest tables need version 6: run "
      "`ivcrush-db {0} migrate`",
      tmp.path().string());
  CHECK_THROWS_WITH_AS(SqliteBacktestStore{pool}, expected.c_str(), StorageError);

  auto db = pool.checkout();
  (void)migrate(*db, schema_migrations(), test::TempDatabase::migrated_at());
  const auto count_tables = [&] {
    Statement q(*db,
                "SELECT count(*) FROM sqlite_master WHERE name IN ('backtest_runs', "
                "'backtest_trades', 'idx_backtest_runs_created_at', "
                "'idx_backtest_trades_ticker')");
    REQUIRE(q.step());
    return q.integer(0);
  };
  CHECK(count_tables() == 4);
  CHECK(rollback(*db, schema_migrations(), 5) == 1);
  CHECK(count_tables() == 0);
}

}  // namespace
