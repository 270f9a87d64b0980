// TieredCache: two caches composed through the ExpiringCache port. Promotion keeps the remaining
// TTL, both tiers are written and erased, tiers nest, and only port operations are used.
#include "ivcrush/adapters/tiered_cache.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ivcrush/adapters/memory_cache.hpp"
#include "support/archetypes.hpp"

// Every member compiles over the archetypes (nothing beyond the port is used).
template class ivcrush::TieredCache<ivcrush::test::ExpiringCacheArchetype<>,
                                    ivcrush::test::ExpiringCacheArchetype<>>;

namespace {

using namespace ivcrush;
using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;
using Memory = MemoryCache<std::string, int>;
using Tiered = TieredCache<Memory, Memory>;

static_assert(ExpiringCache<Tiered>);
static_assert(ExpiringCache<TieredCache<Tiered, Memory>>);  // tiers nest
static_assert(Cache<TieredCache<test::CacheArchetype<>, test::ExpiringCacheArchetype<>>>);
static_assert(!ExpiringCache<TieredCache<test::CacheArchetype<>, test::ExpiringCacheArchetype<>>>);

const TimePoint t0 = TimePoint{} + 1000s;

TEST_CASE("a second-tier hit is promoted with its remaining TTL, not a fresh one") {
  Memory hot(1);
  Memory warm(100);
  Tiered cache(hot, warm);
  cache.insert("a", 1, 10s, t0);
  cache.insert("b", 2, 10s, t0);  // evicts "a" from the one-entry first tier
  CHECK(hot.find("a", t0) == std::nullopt);
  CHECK(cache.find("a", t0 + 4s) == 1);  // from the second tier
  const auto promoted = hot.find_entry("a", t0 + 4s);
  REQUIRE(promoted.has_value());
  CHECK(promoted->expires_at == t0 + 10s);  // remaining 6 s, not 10 s from t0 + 4 s
  CHECK(cache.find("a", t0 + 10s) == std::nullopt);
  CHECK(cache.find_entry("b", t0 + 9s)->expires_at == t0 + 10s);
  CHECK(cache.find("never", t0) == std::nullopt);
}

TEST_CASE("never-expiring entries stay so through promotion") {
  Memory hot(1);
  Memory warm(4);
  Tiered cache(hot, warm);
  cache.insert("forever", 1, TimePoint::duration::max(), t0);
  cache.insert("other", 2, 1s, t0);
  CHECK(cache.find("forever", t0 + 100h) == 1);
  CHECK(hot.find_entry("forever", t0 + 100h)->expires_at == TimePoint::max());
}

TEST_CASE("insert writes both tiers, erase and clear act on both") {
  Memory hot(4);
  Memory warm(4);
  Tiered cache(hot, warm);
  cache.insert("k", 7, 5s, t0);
  CHECK(hot.find("k", t0) == 7);
  CHECK(warm.find("k", t0) == 7);
  CHECK(warm.erase("k"));
  CHECK(cache.erase("k"));  // still in the first tier
  CHECK_FALSE(cache.erase("k"));
  cache.insert("x", 1, 5s, t0);
  cache.clear();
  CHECK(hot.size() == 0);
  CHECK(warm.size() == 0);
}

TEST_CASE("over the archetypes: exactly the port operations, in the documented order") {
  std::vector<std::string> first_log;
  std::vector<std::string> second_log;
  test::ExpiringCacheArchetype<> first(first_log);
  test::ExpiringCacheArchetype<> second(second_log);
  TieredCache cache(first, second);
  using Tp = test::ManualTime::time_point;
  const Tp now{10ms};
  cache.insert(test::KeyArchetype(1), test::ValueArchetype(5), 20ms, now);
  CHECK(second.erase(test::KeyArchetype(1)));
  CHECK(first.erase(test::KeyArchetype(1)));
  second.insert(test::KeyArchetype(2), test::ValueArchetype(6), 20ms, now);
  CHECK(cache.find(test::KeyArchetype(2), now + 5ms)->payload() == 6);
  CHECK(first_log == std::vector<std::string>{"insert 1", "erase 1", "find 2", "insert 2"});
  CHECK(second_log == std::vector<std::string>{"insert 1", "erase 1", "insert 2", "find_entry 2"});
}

}  // namespace
