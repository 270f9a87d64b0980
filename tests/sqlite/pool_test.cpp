// ConnectionPool: bounds, RAII return, the exhaustion timeout, health-check replacement without
// count drift, rollback of abandoned transactions, and exact counts under two threads.
#include "ivcrush/adapters/sqlite/pool.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ivcrush/adapters/sqlite/statement.hpp"
#include "sqlite/temp_database.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono_literals;

void check_invariant(const PoolStats& s) {
  CHECK(s.total == s.idle + s.in_use);
  CHECK(s.total <= s.size + s.max_overflow);
  CHECK(s.idle <= s.size);
  CHECK(s.opened - s.closed == s.total);  // nothing counted twice or lost
}

TEST_CASE("the pool opens `size` connections up front and lends them by RAII") {
  test::TempDatabase tmp("pool_basic");
  ConnectionPool pool(tmp.path(), {.size = 2, .max_overflow = 1});
  CHECK(pool.stats() == PoolStats{2, 1, 2, 2, 0, 2, 0, 0, 0});
  {
    auto a = pool.checkout();
    Statement q(*a, "SELECT 40 + 2");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 42);
    CHECK(pool.stats().in_use == 1);
    CHECK(pool.stats().idle == 1);
  }
  CHECK(pool.stats() == PoolStats{2, 1, 2, 2, 0, 2, 0, 0, 0});
  check_invariant(pool.stats());
}

TEST_CASE("overflow connections are opened under load and closed when returned") {
  test::TempDatabase tmp("pool_overflow");
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 2});
  {
    auto a = pool.checkout();
    auto b = pool.checkout();
    auto c = pool.checkout();
    const PoolStats s = pool.stats();
    CHECK(s.total == 3);
    CHECK(s.in_use == 3);
    CHECK(s.opened == 3);
    check_invariant(s);
  }
  const PoolStats s = pool.stats();
  CHECK(s.total == 1);  // back to `size`
  CHECK(s.idle == 1);
  CHECK(s.closed == 2);
  check_invariant(s);
}

TEST_CASE("an exhausted pool times out with a clear error") {
  test::TempDatabase tmp("pool_exhausted");
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 1, .checkout_timeout = 50ms});
  auto a = pool.checkout();
  auto b = pool.checkout();
  const auto started = std::chrono::steady_clock::now();
  const std::string expected = fmt::format(
      "connection pool exhausted: all 2 connections (size 1 + overflow 1) of '{}' "
      "stayed in use for 50 ms",
      tmp.path().string());
  CHECK_THROWS_WITH_AS((void)pool.checkout(), expected.c_str(), PoolTimeout);
  CHECK(std::chrono::steady_clock::now() - started >= 50ms);
  CHECK(pool.stats().timeouts == 1);
  check_invariant(pool.stats());
}

TEST_CASE("a waiting checkout gets the connection another thread returns") {
  test::TempDatabase tmp("pool_wait");
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 0, .checkout_timeout = 5s});
  std::optional<ConnectionPool::Lease> held(pool.checkout());
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto lease = pool.checkout();
    got = true;
  });
  std::this_thread::sleep_for(20ms);
  CHECK_FALSE(got.load());
  held.reset();  // returns the only connection
  waiter.join();
  CHECK(got.load());
  CHECK(pool.stats().timeouts == 0);
}

// A health check the test controls: fails the next `failures` checks.
struct FlakyHealth {
  std::atomic<int>* failures;
  bool operator()(Database& db) const {
    if (failures->load() > 0) {
      --*failures;
      return false;
    }
    return SelectOneHealthCheck{}(db);
  }
};

TEST_CASE("an unhealthy connection is replaced and the count does not drift") {
  test::TempDatabase tmp("pool_health");
  std::atomic<int> failures{0};
  BasicConnectionPool<FlakyHealth> pool(tmp.path(), {.size = 2, .max_overflow = 0},
                                        FlakyHealth{&failures});
  failures = 1;
  {
    auto a = pool.checkout();  // the idle connection fails its check: replaced
    CHECK(SelectOneHealthCheck{}(*a));
    const PoolStats s = pool.stats();
    CHECK(s.total == 2);  // the original's drift would make this 3
    CHECK(s.unhealthy == 1);
    CHECK(s.opened == 3);
    CHECK(s.closed == 1);
    check_invariant(s);
  }
  for (int i = 0; i < 10; ++i) {
    failures = 1;
    auto lease = pool.checkout();
  }
  const PoolStats s = pool.stats();
  CHECK(s.total == 2);
  CHECK(s.unhealthy == 11);
  check_invariant(s);
}

TEST_CASE("a transaction left open is rolled back at checkin, a discarded connection closed") {
  test::TempDatabase tmp("pool_checkin");
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 0});
  {
    auto db = pool.checkout();
    db->exec("CREATE TABLE t (x INTEGER)");
    db->exec("BEGIN IMMEDIATE");
    db->exec("INSERT INTO t VALUES (1)");
  }  // returned mid-transaction (as if an exception escaped)
  {
    auto db = pool.checkout();
    CHECK_FALSE(db->in_transaction());
    Statement q(*db, "SELECT count(*) FROM t");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 0);  // rolled back, not committed
    db.discard();
  }
  const PoolStats s = pool.stats();
  CHECK(s.total == 0);
  CHECK(s.closed == 1);
  check_invariant(s);
  auto again = pool.checkout();  // a fresh one is opened in its place
  CHECK(pool.stats().total == 1);
}

TEST_CASE("invalid bounds are rejected") {
  test::TempDatabase tmp("pool_bounds");
  CHECK_THROWS_WITH_AS(ConnectionPool(tmp.path(), {.size = 0, .max_overflow = 0}),
                       "pool size + max_overflow = 0: must be at least 1", InvalidInput);
}

TEST_CASE("two threads hammering a small pool: counts stay exact") {
  test::TempDatabase tmp("pool_stress");
  tmp.migrate_all();
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 1, .checkout_timeout = 10s});
  std::atomic<int> inserted{0};
  std::atomic<std::size_t> max_total{0};
  const auto work = [&](int thread) {
    for (int i = 0; i < 100; ++i) {
      auto db = pool.checkout();
      Statement(*db, "INSERT INTO ticker_metadata (ticker, company_name) VALUES (?1, ?2)")
          .bind_all(fmt::format("T{}X{}", thread, i), "name")
          .run();
      ++inserted;
      const std::size_t total = pool.stats().total;
      std::size_t seen = max_total.load();
      while (total > seen && !max_total.compare_exchange_weak(seen, total)) {
      }
    }
  };
  std::thread a(work, 1);
  std::thread b(work, 2);
  a.join();
  b.join();
  CHECK(inserted == 200);
  CHECK(max_total.load() <= 2);
  const PoolStats s = pool.stats();
  CHECK(s.in_use == 0);
  check_invariant(s);
  auto db = pool.checkout();
  Statement q(*db, "SELECT count(*) FROM ticker_metadata");
  REQUIRE(q.step());
  CHECK(q.integer(0) == 200);
}

}  // namespace
