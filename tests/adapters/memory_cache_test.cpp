// MemoryCache: TTL boundaries, per-key TTL, LRU order, capacity 0 and 1, statistics, errors, a
// differential test against a brute-force model, and a two-thread stress with exact statistics.
#include "ivcrush/adapters/memory_cache.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "support/archetypes.hpp"

// Every member compiles with the minimal key and value types (nothing undocumented is used).
template class ivcrush::MemoryCache<ivcrush::test::KeyArchetype, ivcrush::test::ValueArchetype,
                                    ivcrush::test::ManualTime::time_point,
                                    ivcrush::test::KeyArchetypeHash>;

namespace {

using namespace ivcrush;
using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;
using StringCache = MemoryCache<std::string, int>;

static_assert(ExpiringCache<StringCache>);
static_assert(CacheOf<StringCache, std::string, int>);
static_assert(ExpiringCache<MemoryCache<int, std::string, test::ManualTime::time_point>>);
static_assert(!std::is_copy_constructible_v<StringCache>);
static_assert(!std::is_move_constructible_v<StringCache>);

const TimePoint t0 = TimePoint{} + 1000s;  // a fake clock: time is just a value we pass

TEST_CASE("an entry is live from its insert time until insert time + ttl (exclusive)") {
  StringCache cache(10);
  cache.insert("AAPL", 1, 30s, t0);
  CHECK(cache.find("AAPL", t0) == 1);
  CHECK(cache.find("AAPL", t0 + 30s - 1ns) == 1);
  CHECK(cache.find("AAPL", t0 + 30s) == std::nullopt);  // expired exactly at ttl
  CHECK(cache.size() == 0);                             // and removed by the find that met it
  CHECK_FALSE(cache.erase("AAPL"));
  CHECK(cache.find("MSFT", t0) == std::nullopt);  // never inserted: a miss like an expired one
  const CacheStats s = cache.stats();
  CHECK(s.hits == 2);
  CHECK(s.misses == 2);
  CHECK(s.expirations == 1);
  CHECK(s.insertions == 1);
  CHECK(s.evictions == 0);
}

TEST_CASE("each insert carries its own TTL (the original ignored it)") {
  StringCache cache(10);
  cache.insert("price", 1, 30s, t0);
  cache.insert("chain", 2, 60s, t0);
  CHECK(cache.find("price", t0 + 45s) == std::nullopt);
  CHECK(cache.find("chain", t0 + 45s) == 2);
  // Re-inserting replaces the value and restarts the clock with the new TTL.
  cache.insert("chain", 3, 5s, t0 + 50s);
  CHECK(cache.find("chain", t0 + 54s) == 3);
  CHECK(cache.find("chain", t0 + 55s) == std::nullopt);
  // find_entry reports the expiry a second tier would promote with.
  cache.insert("k", 9, 10s, t0);
  const auto entry = cache.find_entry("k", t0 + 4s);
  REQUIRE(entry.has_value());
  CHECK(entry->value == 9);
  CHECK(entry->expires_at == t0 + 10s);
  CHECK(cache.find_entry("k", t0 + 10s) == std::nullopt);
}

TEST_CASE("a TTL too long for the time point saturates instead of overflowing") {
  StringCache cache(2);
  cache.insert("forever", 1, TimePoint::duration::max(), t0);
  CHECK(cache.find("forever", TimePoint::max() - 1ns) == 1);
  const auto entry = cache.find_entry("forever", t0);
  REQUIRE(entry.has_value());
  CHECK(entry->expires_at == TimePoint::max());
}

TEST_CASE("eviction is least recently used, and reads refresh recency") {
  StringCache cache(3);
  cache.insert("a", 1, 1h, t0);
  cache.insert("b", 2, 1h, t0);
  cache.insert("c", 3, 1h, t0);
  CHECK(cache.find("a", t0) == 1);  // order now (MRU first): a c b
  cache.insert("d", 4, 1h, t0);     // evicts b, the least recently used, though a is older
  CHECK(cache.find("b", t0) == std::nullopt);
  CHECK(cache.stats().evictions == 1);
  // order: d a c. Re-inserting c refreshes it without evicting anything: c d a.
  cache.insert("c", 30, 1h, t0);
  CHECK(cache.stats().evictions == 1);
  cache.insert("e", 5, 1h, t0);  // evicts a
  CHECK(cache.find("a", t0) == std::nullopt);
  CHECK(cache.find("c", t0) == 30);
  CHECK(cache.find("d", t0) == 4);
  CHECK(cache.find("e", t0) == 5);
  CHECK(cache.stats().evictions == 2);
  CHECK(cache.size() == 3);
}

TEST_CASE("an expired entry at the LRU tail is counted as an expiration, not an eviction") {
  StringCache cache(2);
  cache.insert("short", 1, 1s, t0);
  cache.insert("long", 2, 1h, t0);
  cache.insert("new", 3, 1h, t0 + 2s);  // the tail ("short") has expired
  const CacheStats s = cache.stats();
  CHECK(s.evictions == 0);
  CHECK(s.expirations == 1);
  CHECK(cache.find("long", t0 + 2s) == 2);
}

TEST_CASE("capacity 0 stores nothing and never blocks (the original looped forever)") {
  StringCache cache(0);
  cache.insert("a", 1, 1h, t0);
  cache.insert("a", 2, 1h, t0);
  CHECK(cache.find("a", t0) == std::nullopt);
  CHECK(cache.size() == 0);
  CHECK_FALSE(cache.erase("a"));
  CHECK(cache.purge_expired(t0) == 0);
  CHECK(cache.stats() == CacheStats{.hits = 0,
                                    .misses = 1,
                                    .insertions = 0,
                                    .evictions = 0,
                                    .expirations = 0,
                                    .size = 0,
                                    .capacity = 0});
}

TEST_CASE("capacity 1 keeps the last key inserted") {
  StringCache cache(1);
  cache.insert("a", 1, 1h, t0);
  cache.insert("b", 2, 1h, t0);
  CHECK(cache.find("a", t0) == std::nullopt);
  CHECK(cache.find("b", t0) == 2);
  cache.insert("b", 3, 1h, t0);  // same key: replaced, nothing evicted
  CHECK(cache.find("b", t0) == 3);
  CHECK(cache.stats().evictions == 1);
  CHECK(cache.size() == 1);
}

TEST_CASE("erase, clear and purge_expired") {
  StringCache cache(4);
  cache.insert("a", 1, 10s, t0);
  cache.insert("b", 2, 20s, t0);
  cache.insert("c", 3, 30s, t0);
  CHECK(cache.erase("b"));
  CHECK_FALSE(cache.erase("b"));
  CHECK(cache.purge_expired(t0 + 15s) == 1);  // a
  CHECK(cache.size() == 1);
  CHECK(cache.find("c", t0 + 15s) == 3);
  cache.clear();
  CHECK(cache.size() == 0);
  CHECK(cache.find("c", t0 + 15s) == std::nullopt);
  // Freed nodes are reused: the cache still holds its full capacity afterwards.
  for (int i = 0; i < 4; ++i) cache.insert(std::to_string(i), i, 1h, t0);
  CHECK(cache.size() == 4);
  CHECK(cache.stats().evictions == 0);
  CHECK(cache.stats().expirations == 1);  // clear and erase are not expirations
}

TEST_CASE("bad parameters are rejected naming the field and the value") {
  StringCache cache(2);
  CHECK_THROWS_WITH_AS(cache.insert("a", 1, 0s, t0), "ttl = 0s: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS(cache.insert("a", 1, -1500ms, t0), "ttl = -1.5s: must be positive",
                       InvalidInput);
  CHECK(cache.size() == 0);
  CHECK_THROWS_WITH_AS(StringCache(StringCache::max_capacity + 1),
                       "capacity = 1073741825: must be at most 1073741824", InvalidInput);
  try {
    cache.insert("a", 1, 0s, t0);
    FAIL("expected InvalidInput");
  } catch (const InvalidInput& e) {
    CHECK(e.code() == ErrorCode::out_of_range);
  }
}

TEST_CASE("works with a caller-defined clock and the minimal key and value types") {
  using test::KeyArchetype;
  using test::ValueArchetype;
  using Tp = test::ManualTime::time_point;
  MemoryCache<KeyArchetype, ValueArchetype, Tp, test::KeyArchetypeHash> cache(1);
  const Tp start{5ms};
  cache.insert(KeyArchetype(1), ValueArchetype(10), 3ms, start);
  CHECK(cache.find(KeyArchetype(1), start + 2ms)->payload() == 10);
  CHECK_FALSE(cache.find(KeyArchetype(1), start + 3ms).has_value());
  cache.insert(KeyArchetype(1), ValueArchetype(11), 3ms, start);
  cache.insert(KeyArchetype(2), ValueArchetype(20), 3ms, start);
  CHECK_FALSE(cache.find(KeyArchetype(1), start).has_value());
  CHECK(cache.find_entry(KeyArchetype(2), start)->value.payload() == 20);
}

// An O(n) model written from the documented semantics, independent of the intrusive structures.
class ReferenceCache {
 public:
  explicit ReferenceCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<int> find(int key, TimePoint now) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.key == key; });
    if (it == entries_.end()) {
      ++stats_.misses;
      return std::nullopt;
    }
    if (!(now < it->expires_at)) {
      entries_.erase(it);
      ++stats_.expirations;
      ++stats_.misses;
      return std::nullopt;
    }
    entries_.splice(entries_.begin(), entries_, it);
    ++stats_.hits;
    return it->value;
  }
  void insert(int key, int value, TimePoint::duration ttl, TimePoint now) {
    if (capacity_ == 0) return;
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.key == key; });
    if (it != entries_.end()) {
      entries_.erase(it);
    } else if (entries_.size() == capacity_) {
      if (now < entries_.back().expires_at) {
        ++stats_.evictions;
      } else {
        ++stats_.expirations;
      }
      entries_.pop_back();
    }
    entries_.push_front(Entry{key, value, now + ttl});
    ++stats_.insertions;
  }
  bool erase(int key) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.key == key; });
    if (it == entries_.end()) return false;
    entries_.erase(it);
    return true;
  }
  [[nodiscard]] CacheStats stats() const {
    CacheStats s = stats_;
    s.size = entries_.size();
    s.capacity = capacity_;
    return s;
  }

 private:
  struct Entry {
    int key;
    int value;
    TimePoint expires_at;
  };
  std::size_t capacity_;
  std::list<Entry> entries_;  // most recently used first
  CacheStats stats_;
};

// A deterministic mixed workload over keys [key_base, key_base + key_count): 60 % finds,
// 35 % inserts with TTLs of 1-40 ms, 5 % erases; time moves 0-2 ms per operation.
template <class CacheLike>
void run_workload(CacheLike& cache, std::uint32_t seed, int operations, int key_base, int key_count,
                  std::vector<std::optional<int>>* results) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> op(0, 99);
  std::uniform_int_distribution<int> key(key_base, key_base + key_count - 1);
  std::uniform_int_distribution<int> ttl_ms(1, 40);
  std::uniform_int_distribution<int> step_ms(0, 2);
  TimePoint now = t0;
  for (int i = 0; i < operations; ++i) {
    now += std::chrono::milliseconds(step_ms(rng));
    const int o = op(rng);
    const int k = key(rng);
    if (o < 60) {
      const std::optional<int> got = cache.find(k, now);
      if (results != nullptr) results->push_back(got);
    } else if (o < 95) {
      cache.insert(k, k * 1000 + i % 1000, std::chrono::milliseconds(ttl_ms(rng)), now);
    } else {
      const bool erased = cache.erase(k);
      if (results != nullptr) results->push_back(erased ? 1 : 0);
    }
  }
}

struct IntCacheAdapter {  // MemoryCache<int, int> with the workload's call shapes
  MemoryCache<int, int>& cache;
  std::optional<int> find(int k, TimePoint now) { return cache.find(k, now); }
  void insert(int k, int v, TimePoint::duration ttl, TimePoint now) {
    cache.insert(k, v, ttl, now);
  }
  bool erase(int k) { return cache.erase(k); }
};

TEST_CASE("agrees with a brute-force LRU model on every result and every statistic") {
  for (const std::size_t capacity :
       {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{8}}) {
    CAPTURE(capacity);
    MemoryCache<int, int> cache(capacity);
    IntCacheAdapter adapter{cache};
    ReferenceCache model(capacity);
    std::vector<std::optional<int>> got;
    std::vector<std::optional<int>> expected;
    run_workload(adapter, 12345, 50'000, 0, 16, &got);
    run_workload(model, 12345, 50'000, 0, 16, &expected);
    CHECK(got == expected);
    CHECK(cache.stats() == model.stats());
    if (capacity == 8) {  // the workload really exercises every path
      CHECK(model.stats().evictions > 1000);
      CHECK(model.stats().expirations > 1000);
      CHECK(model.stats().hits > 1000);
    }
  }
}

TEST_CASE("two threads: 600k mixed operations, exact final statistics") {
  // Disjoint key ranges and room for all keys, so each thread's results are those of its own
  // sequential run whatever the interleaving; the totals must match the model's exactly.
  constexpr int per_thread = 300'000;  // about 0.8 s under ASan on this machine
  constexpr int keys = 512;
  MemoryCache<int, int> cache(2 * keys);
  IntCacheAdapter adapter{cache};
  {
    std::jthread a([&] { run_workload(adapter, 1, per_thread, 0, keys, nullptr); });
    std::jthread b([&] { run_workload(adapter, 2, per_thread, keys, keys, nullptr); });
  }
  ReferenceCache model_a(2 * keys);
  ReferenceCache model_b(2 * keys);
  run_workload(model_a, 1, per_thread, 0, keys, nullptr);
  run_workload(model_b, 2, per_thread, keys, keys, nullptr);
  CacheStats expected = model_a.stats();
  const CacheStats b = model_b.stats();
  expected.hits += b.hits;
  expected.misses += b.misses;
  expected.insertions += b.insertions;
  expected.evictions += b.evictions;
  expected.expirations += b.expirations;
  expected.size += b.size;
  CHECK(cache.stats() == expected);
  CHECK(expected.hits + expected.misses > 200'000);
}

TEST_CASE("two threads sharing keys under eviction pressure keep the invariants") {
  MemoryCache<int, int> cache(16);
  constexpr int per_thread = 100'000;
  std::atomic<int> wrong_values{0};
  auto worker = [&](std::uint32_t seed) {
    std::mt19937 rng(seed);
    TimePoint now = t0;
    for (int i = 0; i < per_thread; ++i) {
      now += 1ms;
      const int k = static_cast<int>(rng() % 64U);
      if (rng() % 2U == 0U) {
        if (auto v = cache.find(k, now); v && *v / 1000 != k) ++wrong_values;
      } else {
        cache.insert(k, k * 1000 + i % 1000, 50ms, now);
      }
    }
  };
  {
    std::jthread a(worker, 7U);
    std::jthread b(worker, 8U);
  }
  // Same seeds sequentially tell how many finds and inserts each thread made.
  std::uint64_t finds = 0;
  std::uint64_t inserts = 0;
  for (const std::uint32_t seed : {7U, 8U}) {
    std::mt19937 rng(seed);
    for (int i = 0; i < per_thread; ++i) {
      (void)rng();
      (rng() % 2U == 0U ? finds : inserts) += 1;
    }
  }
  const CacheStats s = cache.stats();
  CHECK(wrong_values.load() == 0);
  CHECK(s.hits + s.misses == finds);
  CHECK(s.insertions == inserts);
  CHECK(s.size <= 16);
  CHECK(s.evictions > 0);
}

}  // namespace
