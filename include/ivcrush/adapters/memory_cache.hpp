// ivcrush/adapters/memory_cache.hpp: the reference Cache, in memory, per-key TTL, O(1) LRU.
//
//   using namespace std::chrono_literals;
//   MemoryCache<std::string, double> cache(1000);                  // capacity in entries
//   auto now = std::chrono::steady_clock::now();                   // the caller owns the clock
//   cache.insert("v1:stock_price:AAPL", 182.47, 30s, now);         // live on [now, now + 30s)
//   cache.find("v1:stock_price:AAPL", now + 29s);                  // 182.47
//   cache.find("v1:stock_price:AAPL", now + 30s);                  // std::nullopt (expired)
//   cache.stats();                                                 // hits, misses, evictions...
//
// A model of ExpiringCache (ports/cache.hpp). What the Python original got wrong, and this does:
// - Per-key TTL: every insert carries its own TTL (the original ignored the per-call TTL).
// - Expiry: an entry inserted at t with ttl d is live on [t, t + d) and a miss from t + d on
//   (the original's MemoryCache kept an entry alive at age == ttl while its HybridCache did not;
//   the half-open interval is the one both tiers of a composed cache can agree on). An expired
//   entry is removed when a find meets it, when it reaches the LRU tail, or by purge_expired.
//   A ttl so long that t + d overflows the time point saturates to time_point::max() (never
//   expires), so `duration::max()` is a usable "no expiry".
// - True LRU: find and find_entry hits and every insert make the key the most recently used;
//   inserting a new key into a full cache evicts the least recently used entry (the original
//   evicted the oldest *write*, so reads did not protect an entry).
// - Capacity 0 is a cache that stores nothing: inserts are accepted and dropped, finds miss
//   (the original looped forever). Capacity 1 keeps the last key inserted.
// - Thread safe: every member function may be called concurrently; one mutex serialises them
//   (the operations are a few hundred nanoseconds, so a finer scheme would not pay for itself).
// Complexity: find, find_entry, insert, erase are O(1) expected (a hash lookup and a few pointer
// updates); clear and purge_expired are O(size). Memory for `capacity` entries and the hash
// buckets is reserved at construction and never grows; after that the cache itself allocates
// nothing (copying a Key or Value may, e.g. a std::string key on insert of a new key).
// Requirements: Key copy-constructible, hashable by Hash and comparable by KeyEqual; Value
// copy-constructible (find returns a copy); both nothrow-move-constructible, so an insert that
// throws (copying the key) leaves the cache unchanged. TimePoint is a std::chrono::time_point.
// Errors: capacity > max_capacity and ttl <= 0 throw InvalidInput naming the field and value.
// Not copyable or movable (it owns a mutex and node addresses are linked); hold it by reference.
#pragma once

#include <fmt/format.h>

#include <boost/intrusive/list.hpp>
#include <boost/intrusive/unordered_set.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/ports/cache.hpp"

namespace ivcrush::inline v0 {

// Counters since construction (clear() empties the cache, not the statistics).
struct CacheStats {
  std::uint64_t hits = 0;    // find / find_entry calls that returned a value
  std::uint64_t misses = 0;  // find / find_entry calls that returned nothing (absent or expired)
  std::uint64_t insertions = 0;   // inserts that stored a value (new key or replacement)
  std::uint64_t evictions = 0;    // live entries dropped to make room for a new key
  std::uint64_t expirations = 0;  // expired entries removed by find, eviction or purge_expired
  std::size_t size = 0;           // entries held now (live or not yet noticed as expired)
  std::size_t capacity = 0;

  friend bool operator==(const CacheStats&, const CacheStats&) = default;
};

template <class Key, class Value, class TimePoint = std::chrono::steady_clock::time_point,
          class Hash = std::hash<Key>, class KeyEqual = std::equal_to<Key>>
class MemoryCache {
  static_assert(std::is_nothrow_move_constructible_v<Key>,
                "MemoryCache: Key must be nothrow-move-constructible");
  static_assert(std::is_nothrow_move_constructible_v<Value>,
                "MemoryCache: Value must be nothrow-move-constructible");

 public:
  using key_type = Key;
  using mapped_type = Value;
  using time_point = TimePoint;
  using duration = typename TimePoint::duration;
  using entry_type = CacheEntry<Value, TimePoint>;

  // Far above any sensible in-memory cache; a larger request is almost surely a unit mistake.
  static constexpr std::size_t max_capacity = std::size_t{1} << 30;

  explicit MemoryCache(std::size_t capacity, Hash hash = Hash{}, KeyEqual equal = KeyEqual{})
      : capacity_(checked_capacity(capacity)),
        buckets_(Index::suggested_upper_bucket_count(capacity == 0 ? 1 : capacity)),
        index_(typename Index::bucket_traits(buckets_.data(), buckets_.size()), std::move(hash),
               std::move(equal)) {
    nodes_.reserve(capacity_);  // node addresses must never move: they are linked
  }

  MemoryCache(const MemoryCache&) = delete;
  MemoryCache& operator=(const MemoryCache&) = delete;
  ~MemoryCache() {
    // Unlink before the nodes die (safe-mode hooks assert on destruction while linked).
    index_.clear();
    lru_.clear();
    free_.clear();
  }

  // A copy of the value if `key` is live at `now`; refreshes its recency.
  [[nodiscard]] std::optional<Value> find(const Key& key, TimePoint now) {
    const std::lock_guard lock(mutex_);
    Node* node = find_live(key, now);
    if (node == nullptr) return std::nullopt;
    return *node->value;
  }

  // The value and its expiry if `key` is live at `now`; refreshes its recency.
  [[nodiscard]] std::optional<entry_type> find_entry(const Key& key, TimePoint now) {
    const std::lock_guard lock(mutex_);
    Node* node = find_live(key, now);
    if (node == nullptr) return std::nullopt;
    return entry_type{*node->value, node->expires_at};
  }

  // Stores `value` under `key`, live on [now, now + ttl), as the most recently used entry.
  void insert(const Key& key, Value value, duration ttl, TimePoint now) {
    if (!(ttl > duration::zero())) {
      // In seconds whatever the clock's tick, so the message reads "ttl = -1s", not in ns.
      detail::throw_invalid(ErrorCode::out_of_range, "ttl",
                            fmt::format("{}s", std::chrono::duration<double>(ttl).count()),
                            "must be positive");
    }
    const TimePoint expires_at = expiry(now, ttl);
    const std::lock_guard lock(mutex_);
    if (capacity_ == 0) return;
    if (auto it = index_.find(key); it != index_.end()) {
      Node& node = *it;
      node.value.reset();
      node.value.emplace(std::move(value));  // nothrow (static_assert above)
      node.expires_at = expires_at;
      touch(node);
      ++stats_.insertions;
      return;
    }
    // The only step that may throw comes before the cache changes.
    Key key_copy(key);
    Node& node = acquire_node(now);
    node.key.emplace(std::move(key_copy));
    node.value.emplace(std::move(value));
    node.expires_at = expires_at;
    lru_.push_front(node);
    index_.insert(node);
    ++stats_.insertions;
  }

  // Removes `key`; true iff an entry (live or expired) was removed.
  bool erase(const Key& key) {
    const std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return false;
    release(*it);
    return true;
  }

  void clear() {
    const std::lock_guard lock(mutex_);
    while (!lru_.empty()) release(lru_.back());
  }

  // Removes every entry expired at `now`; returns how many. O(size).
  std::size_t purge_expired(TimePoint now) {
    const std::lock_guard lock(mutex_);
    std::size_t removed = 0;
    for (auto it = lru_.begin(); it != lru_.end();) {
      Node& node = *it++;
      if (!(now < node.expires_at)) {
        release(node);
        ++removed;
      }
    }
    stats_.expirations += removed;
    return removed;
  }

  [[nodiscard]] CacheStats stats() const {
    const std::lock_guard lock(mutex_);
    CacheStats out = stats_;
    out.size = index_.size();
    out.capacity = capacity_;
    return out;
  }

  [[nodiscard]] std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return index_.size();
  }

  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  using LruHook = boost::intrusive::list_member_hook<>;
  using IndexHook = boost::intrusive::unordered_set_member_hook<boost::intrusive::store_hash<true>>;

  struct Node {
    std::optional<Key> key;  // engaged iff the node is in the index
    std::optional<Value> value;
    TimePoint expires_at{};
    LruHook lru_hook;  // links the node into lru_ when used, free_ when not
    IndexHook index_hook;
  };

  struct KeyOfNode {
    using type = Key;
    const Key& operator()(const Node& node) const noexcept { return *node.key; }
  };

  using NodeList =
      boost::intrusive::list<Node, boost::intrusive::member_hook<Node, LruHook, &Node::lru_hook>>;
  using Index = boost::intrusive::unordered_set<
      Node, boost::intrusive::member_hook<Node, IndexHook, &Node::index_hook>,
      boost::intrusive::key_of_value<KeyOfNode>, boost::intrusive::hash<Hash>,
      boost::intrusive::equal<KeyEqual>>;

  static std::size_t checked_capacity(std::size_t capacity) {
    if (capacity > max_capacity) {
      detail::throw_invalid(ErrorCode::out_of_range, "capacity", capacity,
                            fmt::format("must be at most {}", max_capacity));
    }
    return capacity;
  }

  // now + ttl, saturated at time_point::max() instead of overflowing.
  static TimePoint expiry(TimePoint now, duration ttl) noexcept {
    if (now >= TimePoint{} && ttl >= TimePoint::max() - now) return TimePoint::max();
    return now + ttl;
  }

  void touch(Node& node) noexcept { lru_.splice(lru_.begin(), lru_, lru_.iterator_to(node)); }

  Node* find_live(const Key& key, TimePoint now) {
    auto it = index_.find(key);
    if (it == index_.end()) {
      ++stats_.misses;
      return nullptr;
    }
    Node& node = *it;
    if (!(now < node.expires_at)) {
      release(node);
      ++stats_.expirations;
      ++stats_.misses;
      return nullptr;
    }
    touch(node);
    ++stats_.hits;
    return &node;
  }

  // An unused node: a freed one, a never-used one, or the least recently used entry.
  Node& acquire_node(TimePoint now) {
    if (!free_.empty()) {
      Node& node = free_.front();
      free_.pop_front();
      return node;
    }
    if (nodes_.size() < capacity_) return nodes_.emplace_back();  // reserved: never reallocates
    Node& victim = lru_.back();
    if (now < victim.expires_at) {
      ++stats_.evictions;
    } else {
      ++stats_.expirations;
    }
    release(victim);
    Node& node = free_.front();
    free_.pop_front();
    return node;
  }

  // Unlinks an entry, destroys its key and value, and puts the node on the free list.
  void release(Node& node) noexcept {
    index_.erase(index_.iterator_to(node));
    lru_.erase(lru_.iterator_to(node));
    node.key.reset();
    node.value.reset();
    free_.push_front(node);
  }

  mutable std::mutex mutex_;
  std::size_t capacity_;
  // Declaration order matters: buckets_ and nodes_ outlive the containers that link them.
  std::vector<typename Index::bucket_type> buckets_;
  std::vector<Node> nodes_;
  NodeList lru_;   // most recently used first
  NodeList free_;  // released nodes, reused before nodes_ grows
  Index index_;
  CacheStats stats_;
};

static_assert(ExpiringCache<MemoryCache<int, int>>);

}  // namespace ivcrush::inline v0
