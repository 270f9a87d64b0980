// SqliteStorage: the port contract (the same checks as MemoryStorage), exact representation on
// disk, atomic batches, validation of what is read back, durability across SIGKILL, and two
// concurrent writers.
#include "ivcrush/adapters/sqlite/sqlite_storage.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "ivcrush/adapters/memory_storage.hpp"
#include "sqlite/temp_database.hpp"
#include "support/storage_contract.hpp"

namespace {

using namespace ivcrush;
using namespace ivcrush::test::storage;

static_assert(EarningsCalendarStore<SqliteStorage>);
static_assert(HistoricalMoveStore<SqliteStorage>);
static_assert(AnalysisLog<SqliteStorage>);
static_assert(ChainSnapshotStore<SqliteStorage>);
static_assert(Storage<SqliteStorage>);

// A migrated database, a pool and the storage over it.
struct Fixture {
  explicit Fixture(std::string_view name, PoolOptions options = {.size = 2, .max_overflow = 2})
      : tmp(name), pool((tmp.migrate_all(), tmp.path()), options), store(pool) {}
  test::TempDatabase tmp;
  ConnectionPool pool;
  SqliteStorage store;
};

TEST_CASE("SqliteStorage: earnings calendar contract") {
  Fixture f("calendar");
  check_earnings_calendar_contract(f.store);
}

TEST_CASE("SqliteStorage: historical move contract") {
  Fixture f("moves");
  check_historical_move_contract(f.store);
}

TEST_CASE("SqliteStorage: analysis log contract") {
  Fixture f("analysis");
  check_analysis_log_contract(f.store);
}

TEST_CASE("SqliteStorage: chain snapshot contract") {
  Fixture f("chains");
  check_chain_snapshot_contract(f.store);
}

TEST_CASE("SqliteStorage refuses a database with pending migrations") {
  test::TempDatabase tmp("unmigrated");
  {
    Database db(tmp.path());
    (void)migrate(db, schema_migrations(), test::TempDatabase::migrated_at(), 3);
  }
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 0});
  const std::string expected = fmt::format(
      "database '{0}' is at schema version 3, ivcrush needs 6: run `ivcrush-db {0} migrate`",
      tmp.path().string());
  CHECK_THROWS_WITH_AS(SqliteStorage{pool}, expected.c_str(), StorageError);
}

TEST_CASE("money is stored as the REAL double, strikes as integer ticks, dates as ISO text") {
  Fixture f("representation");
  const sys_seconds t1 = instant(2024y / May / 10, 20h);
  f.store.save_chain(sample_chain(t1, 182.47));
  f.store.save_moves(std::vector<HistoricalMove>{
      bmo_move("AAPL", 2023y / May / 4, 165.79, 164.89, 167.04, 164.31, 165.79 + 0.1 + 0.2)});
  auto db = f.pool.checkout();
  Statement q(*db,
              "SELECT typeof(strike_ticks), strike_ticks, typeof(bid), bid, expiration FROM "
              "chain_quotes WHERE option_right = 'put' ORDER BY expiration, strike_ticks");
  REQUIRE(q.step());
  CHECK(q.text(0) == "integer");
  CHECK(q.integer(1) == 182'001);  // $182.001 is exactly 182001 ticks
  CHECK(q.text(2) == "real");
  CHECK(q.real(3) == 0.0);
  CHECK(q.text(4) == "2024-05-17");
  REQUIRE(q.step());
  CHECK(q.integer(1) == 182'500);
  CHECK(q.real(3) == 0.1 + 0.2);  // 0.30000000000000004, not 0.3
  Statement m(*db,
              "SELECT earnings_date, reaction_close, close_move_fraction FROM historical_moves");
  REQUIRE(m.step());
  CHECK(m.text(0) == "2023-05-04");
  CHECK(m.real(1) == 165.79 + 0.1 + 0.2);
  // close move = (close - reference) / reference, by hand: 0.30000000000000426 / 165.79
  CHECK_CLOSE(m.real(2), 0.3 / 165.79, 1e-15, 0.0);
}

TEST_CASE("a batch that fails in the database stores none of its rows") {
  Fixture f("atomic_db");
  {
    // A trigger makes the third row fail inside the database, after validation passed.
    auto db = f.pool.checkout();
    db->exec(
        "CREATE TRIGGER refuse_nvda BEFORE INSERT ON historical_moves WHEN NEW.ticker = 'NVDA' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END");
  }
  const std::vector<HistoricalMove> batch{
      bmo_move("AAPL", 2023y / May / 4, 165.79, 164.89, 167.04, 164.31, 165.0),
      bmo_move("AAPL", 2023y / August / 3, 191.17, 191.57, 192.37, 181.5, 182.0),
      bmo_move("NVDA", 2024y / May / 23, 949.5, 1'010.0, 1'040.0, 1'005.0, 1'037.99)};
  CHECK_THROWS_AS((void)f.store.save_moves(batch), SqliteError);
  CHECK(f.store.latest_moves(sym("AAPL"), 2030y / January / 1, 12).empty());
  CHECK(f.pool.stats().in_use == 0);
}

TEST_CASE("rows that would not pass as input are reported as corrupt, not returned") {
  Fixture f("corrupt");
  f.store.save_moves(std::vector<HistoricalMove>{
      bmo_move("AAPL", 2023y / May / 4, 165.79, 164.89, 167.04, 164.31, 165.0)});
  f.store.save_chain(sample_chain(instant(2024y / May / 10, 20h), 182.47));
  {
    auto db = f.pool.checkout();
    db->exec("UPDATE historical_moves SET reaction_low = 170.0");  // low above the open
    db->exec(
        "UPDATE chain_quotes SET bid = 9.0 WHERE strike_ticks = 182500 AND option_right = "
        "'call'");  // crossed
  }
  CHECK_THROWS_WITH_AS((void)f.store.move_on(sym("AAPL"), 2023y / May / 4),
                       "corrupt row in historical_moves: low = 170: is above high 167.04",
                       StorageError);
  CHECK_THROWS_WITH_AS((void)f.store.load_chain(sym("AAPL"), instant(2024y / May / 11, 0h)),
                       "corrupt row in chain_snapshots AAPL as of 1715371200s (id 1): quote 2: "
                       "bid = 9: is above ask 2.6 (crossed market)",
                       StorageError);
}

TEST_CASE("dates outside the years 0001-9999 are refused on write, clamped as query bounds") {
  Fixture f("years");
  const std::vector<EarningsEvent> far{
      EarningsEvent{sym("AAPL"), year{10000} / January / 1, EarningsTiming::unknown}};
  CHECK_THROWS_WITH_AS(f.store.save_events(far),
                       "earnings date = 10000-01-01: is outside the years 0001-9999", InvalidInput);
  save_event(f.store, EarningsEvent{sym("AAPL"), 9999y / December / 31, EarningsTiming::unknown});
  CHECK(f.store.earnings_history(sym("AAPL"), year{32767} / January / 1, 5).size() == 1);
  CHECK(f.store.earnings_history(sym("AAPL"), year{-5} / January / 1, 5).empty());
  CHECK(f.store.upcoming_earnings(9999y / December / 30, days{5}).size() == 1);
}

TEST_CASE("SqliteStorage and MemoryStorage answer a replayed history identically") {
  Fixture f("agree");
  MemoryStorage memory;
  std::vector<HistoricalMove> moves;
  for (int i = 0; i < 40; ++i) {
    const year_month_day d{sys_days{2015y / January / 20} + days{91 * i}};
    const double ref = 100.0 + 0.37 * i;
    moves.push_back(bmo_move(i % 2 == 0 ? "AAPL" : "MSFT", d, ref, ref * 1.01, ref * 1.05,
                             ref * 0.97, ref * (1.0 + 0.001 * (i % 7)), 1000 + i, 900 + i));
  }
  CHECK(f.store.save_moves(moves) == 40);
  CHECK(memory.save_moves(moves) == 40);
  const std::vector<Symbol> symbols{sym("AAPL"), sym("MSFT"), sym("IBM")};
  for (int i = 0; i < 40; i += 3) {
    const year_month_day before{sys_days{2015y / January / 20} + days{91 * i}};
    CHECK(f.store.latest_moves_batch(symbols, before, 8) ==
          memory.latest_moves_batch(symbols, before, 8));
  }
}

// Writes batches of 10 moves, one transaction each, reporting each committed batch number on
// `fd`; never returns (the parent kills it).
[[noreturn]] void write_forever(const std::filesystem::path& path, int fd) {
  try {
    ConnectionPool pool(path, {.size = 1, .max_overflow = 0});
    SqliteStorage store(pool);
    for (std::int32_t batch = 0;; ++batch) {
      std::vector<HistoricalMove> moves;
      for (int i = 0; i < 10; ++i) {
        const year_month_day d{sys_days{2000y / January / 3} + days{i}};
        moves.push_back(
            bmo_move(fmt::format("B{}", batch), d, 100.0, 101.0, 102.0, 99.0, 100.0 + 0.01 * i));
      }
      (void)store.save_moves(moves);
      if (::write(fd, &batch, sizeof batch) != sizeof batch) ::_exit(2);
    }
  } catch (...) {
    ::_exit(3);
  }
}

TEST_CASE(
    "durability: a writer killed with SIGKILL leaves every committed row and no partial one") {
  test::TempDatabase tmp("durability");
  tmp.migrate_all();
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    write_forever(tmp.path(), fds[1]);
  }
  ::close(fds[1]);
  std::int32_t last = -1;
  std::int32_t report = 0;
  while (last < 30 && ::read(fds[0], &report, sizeof report) == sizeof report) last = report;
  REQUIRE(last >= 30);
  REQUIRE(::kill(child, SIGKILL) == 0);
  // Reports already in the pipe were committed before they were written.
  while (::read(fds[0], &report, sizeof report) == sizeof report) last = report;
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  Database db(tmp.path());
  Statement check(db, "PRAGMA integrity_check");
  REQUIRE(check.step());
  CHECK(check.text(0) == "ok");
  Statement q(db, "SELECT ticker, count(*) FROM historical_moves GROUP BY ticker");
  std::int64_t batches = 0;
  while (q.step()) {
    CHECK(q.integer(1) == 10);  // each batch whole or absent
    ++batches;
  }
  // Every reported batch is there; at most one more committed before the kill landed.
  CHECK(batches >= last + 1);
  CHECK(batches <= last + 2);
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 0});
  SqliteStorage store(pool);
  for (std::int32_t b = 0; b <= last; ++b) {
    const auto moves = store.latest_moves(sym(fmt::format("B{}", b)), 2001y / January / 1, 20);
    REQUIRE(moves.size() == 10);
    CHECK(moves.front().reaction.close() == Price::dollars(100.0 + 0.01 * 9));
  }
}

TEST_CASE("two threads writing through one storage lose nothing") {
  Fixture f("two_writers",
            {.size = 2, .max_overflow = 0, .checkout_timeout = std::chrono::seconds(30)});
  const auto writer = [&](std::string_view symbol) {
    for (int i = 0; i < 100; ++i) {
      const year_month_day d{sys_days{2010y / January / 4} + days{7 * i}};
      save_move(f.store, bmo_move(symbol, d, 50.0, 50.5, 51.0, 49.0, 50.0 + 0.01 * i));
      save_event(f.store, EarningsEvent{sym(symbol), d, EarningsTiming::before_open});
      (void)f.store.append_analysis(
          record(symbol, sys_days{d} + 12h, 1.25, "good", "normal", "iron_condor", 50.0, 1));
      (void)f.store.latest_moves(sym(symbol), d, 4);
    }
  };
  std::thread a(writer, "AAA");
  std::thread b(writer, "BBB");
  a.join();
  b.join();
  CHECK(f.store.latest_moves(sym("AAA"), 2030y / January / 1, 1000).size() == 100);
  CHECK(f.store.latest_moves(sym("BBB"), 2030y / January / 1, 1000).size() == 100);
  CHECK(f.store.earnings_history(sym("BBB"), 2030y / January / 1, 1000).size() == 100);
  const auto stats = f.store.analysis_stats(AnalysisGrouping::strategy_type);
  REQUIRE(stats.size() == 1);
  CHECK(stats[0].count == 200);
  CHECK(f.pool.stats().in_use == 0);
}

}  // namespace
