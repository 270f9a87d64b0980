// SqliteCache: the ExpiringCache semantics on disk, sharing between instances, corrupt rows,
// purging, and the two-tier composition MemoryCache + SqliteCache.
#include "ivcrush/adapters/sqlite/sqlite_cache.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

#include "ivcrush/adapters/memory_cache.hpp"
#include "ivcrush/adapters/tiered_cache.hpp"
#include "sqlite/temp_database.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

static_assert(Cache<SqliteCache<>>);
static_assert(ExpiringCache<SqliteCache<>>);
static_assert(CacheOf<SqliteCache<>, std::string, std::string>);

// A fixed instant with sub-microsecond digits, so the nanosecond storage is exercised.
const TimePoint t0 =
    TimePoint(std::chrono::duration_cast<Clock::duration>(1'714'570'200'123'456'789ns));

struct Fixture {
  explicit Fixture(std::string_view name)
      : tmp(name), pool((tmp.migrate_all(), tmp.path()), {.size = 1, .max_overflow = 1}) {}
  test::TempDatabase tmp;
  ConnectionPool pool;
};

TEST_CASE("entries are live from now until now + ttl (exclusive), expired rows removed when met") {
  Fixture f("cache_expiry");
  SqliteCache<> cache(f.pool);
  cache.insert("v1:stock_price:AAPL", "182.47", 30s, t0);
  CHECK(cache.find("v1:stock_price:AAPL", t0) == "182.47");
  CHECK(cache.find("v1:stock_price:AAPL", t0 + 30s - 1ns) == "182.47");
  const auto entry = cache.find_entry("v1:stock_price:AAPL", t0 + 1s);
  REQUIRE(entry.has_value());
  CHECK(entry->expires_at == t0 + 30s);  // exact to the nanosecond
  CHECK(cache.size() == 1);
  CHECK(cache.find("v1:stock_price:AAPL", t0 + 30s) == std::nullopt);
  CHECK(cache.size() == 0);  // the expired row was deleted by the find
  CHECK(cache.find("never", t0) == std::nullopt);
}

TEST_CASE("insert replaces, erase and clear remove, ttl must be positive") {
  Fixture f("cache_ops");
  SqliteCache<> cache(f.pool);
  cache.insert("k", "one", 10s, t0);
  cache.insert("k", std::string("t\0o", 3), 20s, t0 + 5s);  // binary-safe values
  CHECK(cache.find("k", t0 + 24s) == std::string("t\0o", 3));
  CHECK(cache.find_entry("k", t0 + 6s)->expires_at == t0 + 25s);
  CHECK(cache.erase("k"));
  CHECK_FALSE(cache.erase("k"));
  cache.insert("a", "1", 1s, t0);
  cache.insert("b", "2", 1s, t0);
  cache.clear();
  CHECK(cache.size() == 0);
  CHECK_THROWS_WITH_AS(cache.insert("k", "v", 0s, t0), "ttl = 0s: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS(cache.insert("k", "v", -1s, t0), "ttl = -1s: must be positive",
                       InvalidInput);
}

TEST_CASE("a ttl past the end of time never expires") {
  Fixture f("cache_forever");
  SqliteCache<> cache(f.pool);
  cache.insert("forever", "x", Clock::duration::max(), t0);
  const auto entry = cache.find_entry("forever", t0 + 24h * 365 * 100);
  REQUIRE(entry.has_value());
  CHECK(entry->expires_at == TimePoint::max());
}

TEST_CASE("purge_expired deletes exactly the rows expired at `now`") {
  Fixture f("cache_purge");
  SqliteCache<> cache(f.pool);
  cache.insert("a", "1", 10s, t0);
  cache.insert("b", "2", 20s, t0);
  cache.insert("c", "3", 30s, t0);
  CHECK(cache.purge_expired(t0 + 20s) == 2);  // a and b (expired at t0 + 10s, t0 + 20s)
  CHECK(cache.size() == 1);
  CHECK(cache.find("c", t0 + 20s) == "3");
}

TEST_CASE("two caches on one file share their entries") {
  Fixture f("cache_shared");
  ConnectionPool other_pool(f.tmp.path(), {.size = 1, .max_overflow = 0});
  SqliteCache<> one(f.pool);
  SqliteCache<> two(other_pool);
  one.insert("k", "from one", 60s, t0);
  CHECK(two.find("k", t0 + 1s) == "from one");
  CHECK(two.erase("k"));
  CHECK(one.find("k", t0 + 1s) == std::nullopt);
}

// Decodes only values starting with "ok:", so a row written otherwise is corrupt.
struct PickyCodec {
  using key_type = int;
  using mapped_type = std::string;
  std::string encode_key(int key) const { return fmt::format("picky:{}", key); }
  std::string encode(const std::string& value) const { return value; }
  std::optional<std::string> decode(std::string_view bytes) const {
    if (bytes.substr(0, 3) != "ok:") return std::nullopt;
    return std::string(bytes.substr(3));
  }
};

TEST_CASE("a row the codec cannot decode is deleted and counts as a miss") {
  Fixture f("cache_corrupt");
  SqliteCache<PickyCodec> cache(f.pool);
  cache.insert(1, "ok:fine", 60s, t0);
  cache.insert(2, "garbage", 60s, t0);
  CHECK(cache.find(1, t0) == "fine");
  CHECK(cache.find(2, t0) == std::nullopt);
  CHECK(cache.corrupt_rows() == 1);
  CHECK(cache.size() == 1);
}

TEST_CASE("the cache needs the cache table's migration") {
  test::TempDatabase tmp("cache_unmigrated");
  {
    Database db(tmp.path());
    (void)migrate(db, schema_migrations(), test::TempDatabase::migrated_at(), 3);
  }
  ConnectionPool pool(tmp.path(), {.size = 1, .max_overflow = 0});
  const std::string expected = fmt::format(
      "database '{0}' is at schema version 3; the cache table needs version 4: run `ivcrush-db "
      "{0} migrate`",
      tmp.path().string());
  CHECK_THROWS_WITH_AS(SqliteCache<>{pool}, expected.c_str(), StorageError);
}

TEST_CASE("TieredCache: MemoryCache in front of SqliteCache, promoted with the remaining TTL") {
  Fixture f("cache_tiered");
  MemoryCache<std::string, std::string, TimePoint> hot(1);
  SqliteCache<> warm(f.pool);
  TieredCache cache(hot, warm);
  static_assert(ExpiringCache<decltype(cache)>);
  cache.insert("a", "alpha", 10s, t0);
  cache.insert("b", "beta", 10s, t0);  // evicts "a" from the one-entry memory tier
  CHECK(hot.find("a", t0) == std::nullopt);
  CHECK(cache.find("a", t0 + 4s) == "alpha");  // from SQLite, then promoted
  const auto promoted = hot.find_entry("a", t0 + 4s);
  REQUIRE(promoted.has_value());
  CHECK(promoted->expires_at == t0 + 10s);  // the remaining 6 s, not a fresh 10 s
  CHECK(cache.find("a", t0 + 10s) == std::nullopt);
  // A new process: an empty memory tier, the same file.
  MemoryCache<std::string, std::string, TimePoint> fresh(8);
  TieredCache restarted(fresh, warm);
  CHECK(restarted.find("b", t0 + 9s) == "beta");
}

}  // namespace
