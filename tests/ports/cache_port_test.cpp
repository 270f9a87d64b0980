// The Cache port: what the concept accepts and rejects, and find_or_insert over the archetype.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ivcrush/ports/cache.hpp"
#include "support/archetypes.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono_literals;
using test::CacheArchetype;
using test::ExpiringCacheArchetype;
using test::KeyArchetype;
using test::ValueArchetype;
using TimePoint = test::ManualTime::time_point;

// Near misses of the concept: each lacks or mistypes one thing.
struct NoErase {
  using key_type = int;
  using mapped_type = int;
  using time_point = std::chrono::steady_clock::time_point;
  using duration = time_point::duration;
  std::optional<int> find(const int&, time_point);
  void insert(const int&, int, duration, time_point);
  void clear();
};
struct FindReturnsPointer {
  using key_type = int;
  using mapped_type = int;
  using time_point = std::chrono::steady_clock::time_point;
  using duration = time_point::duration;
  const int* find(const int&, time_point);
  void insert(const int&, int, duration, time_point);
  bool erase(const int&);
  void clear();
};
struct FindWithoutNow {  // a cache that reads a clock of its own: not a Cache
  using key_type = int;
  using mapped_type = int;
  using time_point = std::chrono::steady_clock::time_point;
  using duration = time_point::duration;
  std::optional<int> find(const int&);
  void insert(const int&, int, duration, time_point);
  bool erase(const int&);
  void clear();
};
struct InsertWithoutTtl {  // ignores the per-key TTL, the original's defect
  using key_type = int;
  using mapped_type = int;
  using time_point = std::chrono::steady_clock::time_point;
  using duration = time_point::duration;
  std::optional<int> find(const int&, time_point);
  void insert(const int&, int, time_point);
  bool erase(const int&);
  void clear();
};
struct MismatchedDuration {
  using key_type = int;
  using mapped_type = int;
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::seconds;  // not time_point::duration
  std::optional<int> find(const int&, time_point);
  void insert(const int&, int, duration, time_point);
  bool erase(const int&);
  void clear();
};

static_assert(!Cache<NoErase>);
static_assert(!Cache<FindReturnsPointer>);
static_assert(!Cache<FindWithoutNow>);
static_assert(!Cache<InsertWithoutTtl>);
static_assert(!Cache<MismatchedDuration>);
static_assert(!Cache<int>);
static_assert(Cache<CacheArchetype<>>);
static_assert(CacheOf<CacheArchetype<>, KeyArchetype, ValueArchetype>);
static_assert(!CacheOf<CacheArchetype<>, int, ValueArchetype>);
static_assert(ExpiringCache<ExpiringCacheArchetype<>>);
static_assert(!ExpiringCache<CacheArchetype<>>);

TEST_CASE("find_or_insert computes on a miss, caches with the TTL, and reuses on a hit") {
  std::vector<std::string> log;
  CacheArchetype<> cache(log);
  const TimePoint t0{1000ms};
  int computed = 0;
  auto compute = [&] {
    ++computed;
    return ValueArchetype(42);
  };

  CHECK(find_or_insert(cache, KeyArchetype(7), 30ms, t0, compute).payload() == 42);
  CHECK(computed == 1);
  CHECK(find_or_insert(cache, KeyArchetype(7), 30ms, t0 + 29ms, compute).payload() == 42);
  CHECK(computed == 1);  // hit: not recomputed
  // The archetype honours [now, now + ttl): at t0 + 30ms the entry is gone and is recomputed.
  CHECK(find_or_insert(cache, KeyArchetype(7), 30ms, t0 + 30ms, compute).payload() == 42);
  CHECK(computed == 2);
  // Only the documented operations were used, in this order.
  CHECK(log == std::vector<std::string>{"find 7", "insert 7", "find 7", "find 7", "insert 7"});
}

}  // namespace
