// ivcrush/ports/cache.hpp: the Cache port, a key → value store whose entries expire.
//
//   template <Cache C> std::optional<typename C::mapped_type> quote_for(C& cache, ...);
//   cache.insert(key, value, std::chrono::seconds{30}, now);   // per-key TTL
//   auto hit = cache.find(key, now);                            // std::optional<mapped_type>
//   cache.erase(key);  cache.clear();
//
// A model declares four member types and four member functions:
//   key_type, mapped_type       what is stored; find returns a *copy* of the mapped value.
//   time_point, duration        the caller's clock (duration == time_point::duration). The cache
//                               never reads a clock: every call that needs the time takes `now`,
//                               so tests drive time with plain values and two callers with
//                               different clocks cannot disagree about a hidden one.
//   find(k, now)  -> std::optional<mapped_type>   a hit iff k was inserted and has not expired at
//                               `now`; a miss and an expired entry look the same (std::nullopt).
//   insert(k, v, ttl, now)      stores v under k, replacing any previous value, live on the
//                               half-open interval [now, now + ttl). ttl > 0 is the caller's
//                               contract; a model may reject ttl <= 0 with InvalidInput.
//   erase(k)      -> bool       removes k; true iff an entry (expired or not) was removed.
//   clear()                     removes every entry.
// Semantics every model documents: its eviction order (when it drops live entries, e.g. LRU
// at capacity), thread safety (a model used from several threads says so; the reference
// MemoryCache is), errors (a model may throw; ivcrush propagates the exception unchanged and
// treats the call as not having happened), ownership (the cache owns its copies; the caller owns
// what find returns). Time must not go backwards between calls on the same key for expiry to
// mean anything; a model need not detect it.
//
// ExpiringCache refines Cache with find_entry(k, now) -> std::optional<CacheEntry<...>>, which also
// reports when the entry expires. That is what a tier needs to compose caches: a two-tier cache
// promotes a second-tier hit into the first tier with the *remaining* TTL (expires_at - now), not
// a fresh one, so a value never outlives the TTL it was written with.
// Complexity: set by each model (MemoryCache: O(1) expected for every operation).
//
// find_or_insert(cache, key, ttl, now, compute) is the cache-aside step generic code uses (the
// original's caching provider decorator): a hit returns the cached copy; a miss calls compute(),
// inserts its result with `ttl` and returns it. It is not atomic: two threads missing the same
// key at once may both compute, and the later insert wins. It uses only the Cache operations.
#pragma once

#include <concepts>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace ivcrush::inline v0 {

// What ExpiringCache::find_entry returns: the value and the instant it stops being live.
template <class Value, class TimePoint>
struct CacheEntry {
  Value value;
  TimePoint expires_at;
};

namespace detail {

// The four member types a Cache declares, with duration == time_point::duration.
template <class C>
concept CacheTypes = requires {
  typename C::key_type;
  typename C::mapped_type;
  typename C::time_point;
  typename C::duration;
  requires std::same_as<typename C::duration, typename C::time_point::duration>;
};

// A callable producing something a cache of Value can store.
template <class F, class Value>
concept ValueFactory = std::invocable<F&> && std::convertible_to<std::invoke_result_t<F&>, Value>;

}  // namespace detail

template <class C>
concept Cache = detail::CacheTypes<C> &&
    requires(C& cache, const typename C::key_type& key, typename C::mapped_type value,
             typename C::time_point now, typename C::duration ttl) {
  { cache.find(key, now) } -> std::same_as<std::optional<typename C::mapped_type>>;
  cache.insert(key, std::move(value), ttl, now);
  { cache.erase(key) } -> std::same_as<bool>;
  cache.clear();
};

template <class C>
concept ExpiringCache = Cache<C> &&
    requires(C& cache, const typename C::key_type& key, typename C::time_point now) {
  {
    cache.find_entry(key, now)
    } -> std::same_as<std::optional<CacheEntry<typename C::mapped_type, typename C::time_point>>>;
};

// A Cache from Key to Value: for signatures such as `void f(CacheOf<Symbol, Price> auto& c)`.
template <class C, class Key, class Value>
concept CacheOf = Cache<C> && std::same_as<typename C::key_type, Key> &&
    std::same_as<typename C::mapped_type, Value>;

template <Cache C, detail::ValueFactory<typename C::mapped_type> F>
[[nodiscard]] typename C::mapped_type find_or_insert(C& cache, const typename C::key_type& key,
                                                     typename C::duration ttl,
                                                     typename C::time_point now, F&& compute) {
  if (std::optional<typename C::mapped_type> hit = cache.find(key, now)) return std::move(*hit);
  typename C::mapped_type value(std::invoke(compute));
  cache.insert(key, typename C::mapped_type(value), ttl, now);  // the concept promises rvalues
  return value;
}

}  // namespace ivcrush::inline v0
