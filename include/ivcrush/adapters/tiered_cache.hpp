// ivcrush/adapters/tiered_cache.hpp: two caches composed into one (a fast first tier in front of
// a larger or persistent second tier), itself a Cache.
//
//   MemoryCache<std::string, double> hot(100);          // L1: small
//   MemoryCache<std::string, double> warm(100'000);     // L2: any ExpiringCache (later: SQLite)
//   TieredCache cache(hot, warm);
//   cache.insert("v1:stock_price:AAPL", 182.47, 30s, now);   // written to both tiers
//   cache.find("v1:stock_price:AAPL", now + 5s);             // L1, else L2 (then promoted)
//
// find: a first-tier hit is returned; otherwise a second-tier hit is promoted into the first tier
// with its *remaining* TTL (expires_at - now, which find_entry reports), so a value never outlives
// the TTL it was written with, and returned. insert writes the first tier, then the second.
// erase and clear act on both tiers (erase is true if either tier removed something).
// find_entry exists when the first tier is an ExpiringCache too, so tiers nest.
// Ownership: the tiers are referenced, not owned (a second tier is typically shared); they must
// outlive the TieredCache. Thread safety: as safe as both tiers; operations are not atomic across
// tiers (a concurrent insert may land between a second-tier read and its promotion, which then
// overwrites the first tier with the older value for the rest of that value's TTL).
// Errors: exceptions from either tier propagate unchanged; an insert whose second tier throws has
// already written the first tier (the original kept such a value in L1 too, and only logged).
// Complexity: the sum of the tiers' operations.
#pragma once

#include <concepts>
#include <optional>
#include <utility>

#include "ivcrush/ports/cache.hpp"

namespace ivcrush::inline v0 {

template <Cache First, ExpiringCache Second>
requires std::same_as<typename First::key_type, typename Second::key_type> &&
    std::same_as<typename First::mapped_type, typename Second::mapped_type> &&
    std::same_as<typename First::time_point, typename Second::time_point>
class TieredCache {
 public:
  using key_type = typename First::key_type;
  using mapped_type = typename First::mapped_type;
  using time_point = typename First::time_point;
  using duration = typename First::duration;

  TieredCache(First& first, Second& second) noexcept : first_(&first), second_(&second) {}

  [[nodiscard]] std::optional<mapped_type> find(const key_type& key, time_point now) {
    if (std::optional<mapped_type> hit = first_->find(key, now)) return hit;
    std::optional<CacheEntry<mapped_type, time_point>> entry = second_->find_entry(key, now);
    if (!entry) return std::nullopt;
    promote(key, entry->value, entry->expires_at, now);
    return std::optional<mapped_type>(std::move(entry->value));
  }

  [[nodiscard]] std::optional<CacheEntry<mapped_type, time_point>> find_entry(
      const key_type& key, time_point now) requires ExpiringCache<First> {
    if (auto hit = first_->find_entry(key, now)) return hit;
    auto entry = second_->find_entry(key, now);
    if (entry) promote(key, entry->value, entry->expires_at, now);
    return entry;
  }

  void insert(const key_type& key, mapped_type value, duration ttl, time_point now) {
    first_->insert(key, mapped_type(value), ttl, now);
    second_->insert(key, std::move(value), ttl, now);
  }

  bool erase(const key_type& key) {
    const bool in_first = first_->erase(key);
    const bool in_second = second_->erase(key);
    return in_first || in_second;
  }

  void clear() {
    first_->clear();
    second_->clear();
  }

 private:
  // A live entry has now < expires_at, so the remaining TTL is positive. "Never expires"
  // (time_point::max()) stays so, without computing max() - now, which can overflow.
  void promote(const key_type& key, const mapped_type& value, time_point expires_at,
               time_point now) {
    const duration remaining = expires_at == time_point::max() ? duration::max() : expires_at - now;
    first_->insert(key, mapped_type(value), remaining, now);
  }

  First* first_;
  Second* second_;
};

}  // namespace ivcrush::inline v0
