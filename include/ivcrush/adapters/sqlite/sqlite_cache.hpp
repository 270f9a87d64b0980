// ivcrush/adapters/sqlite/sqlite_cache.hpp: a persistent ExpiringCache in the SQLite `cache`
// table, the second tier of a TieredCache.
//
//   using Clock = std::chrono::system_clock;
//   ConnectionPool pool("ivcrush.sqlite");                  // migrated (schema version >= 4)
//   SqliteCache<> warm(pool);                               // std::string -> std::string
//   MemoryCache<std::string, std::string, Clock::time_point> hot(100);
//   TieredCache cache(hot, warm);                           // adapters/tiered_cache.hpp
//   cache.insert("v1:option_chain:AAPL:2024-05-17", blob, 60s, Clock::now());
//   cache.find("v1:option_chain:AAPL:2024-05-17", Clock::now());   // L1, else SQLite
//
// A model of ExpiringCache (ports/cache.hpp): entries live on [now, now + ttl), a miss and an
// expired entry look the same, insert replaces, erase/clear act on the table. Values are stored
// as blobs through a Codec (CacheCodec below; the default StringCodec stores strings as they
// are); a row the codec cannot decode is deleted and reported as a miss (the original's rule:
// a cache must never fail a caller for a corrupt entry), and counted in corrupt_rows().
// Time: time_point is std::chrono::system_clock's, because entries outlive the process (a
// steady clock's epoch is per boot). Expiries are stored as INTEGER nanoseconds since the Unix
// epoch (exact for libstdc++'s and libc++'s system clock); a ttl reaching past time_point::max()
// saturates to it, stored as INT64_MAX, "never expires". find does not refresh anything: the
// table has no recency (eviction of live entries is the caller's: erase, clear, or a TTL).
// purge_expired(now) deletes the expired rows (the original's cleanup_expired).
// Several SqliteCaches (several processes) on one file share the entries. Thread safety: every
// member may be called concurrently (each call checks a connection out of the pool).
// Errors: ttl <= 0 is InvalidInput ("ttl = 0s: must be positive", as MemoryCache); database
// failures throw SqliteError/PoolTimeout and propagate (TieredCache passes them on unchanged); the
// constructor throws StorageError if the `cache` table's migration (4) is not applied. Complexity:
// each operation is one indexed statement, O(log n).
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ivcrush/adapters/sqlite/migrations.hpp"
#include "ivcrush/adapters/sqlite/pool.hpp"
#include "ivcrush/adapters/sqlite/schema.hpp"
#include "ivcrush/adapters/sqlite/statement.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/ports/cache.hpp"

namespace ivcrush::inline v0 {

// How a SqliteCache turns keys and values into text and blobs and back. decode returns
// std::nullopt for bytes it cannot read (the row is then dropped as corrupt).
template <class C>
concept CacheCodec = requires(const C& codec, const typename C::key_type& key,
                              const typename C::mapped_type& value, std::string_view bytes) {
  { codec.encode_key(key) } -> std::convertible_to<std::string>;
  { codec.encode(value) } -> std::convertible_to<std::string>;
  { codec.decode(bytes) } -> std::same_as<std::optional<typename C::mapped_type>>;
};

// Strings stored as they are (every byte sequence decodes).
struct StringCodec {
  using key_type = std::string;
  using mapped_type = std::string;
  [[nodiscard]] std::string encode_key(const std::string& key) const { return key; }
  [[nodiscard]] std::string encode(const std::string& value) const { return value; }
  [[nodiscard]] std::optional<std::string> decode(std::string_view bytes) const {
    return std::string(bytes);
  }
};

namespace detail {

inline constexpr int cache_migration_version = 4;

[[nodiscard]] inline std::int64_t to_stored_ns(std::chrono::system_clock::time_point t) noexcept {
  if (t == std::chrono::system_clock::time_point::max()) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return static_cast<std::int64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

[[nodiscard]] inline std::chrono::system_clock::time_point from_stored_ns(
    std::int64_t ns) noexcept {
  using time_point = std::chrono::system_clock::time_point;
  if (ns == std::numeric_limits<std::int64_t>::max()) return time_point::max();
  return time_point(std::chrono::duration_cast<time_point::duration>(std::chrono::nanoseconds(ns)));
}

}  // namespace detail

template <CacheCodec Codec = StringCodec>
class SqliteCache {
 public:
  using key_type = typename Codec::key_type;
  using mapped_type = typename Codec::mapped_type;
  using time_point = std::chrono::system_clock::time_point;
  using duration = time_point::duration;
  using entry_type = CacheEntry<mapped_type, time_point>;

  explicit SqliteCache(ConnectionPool& pool, Codec codec = Codec{})
      : pool_(&pool), codec_(std::move(codec)) {
    auto db = pool_->checkout();
    const MigrationStatus status = migration_status(*db, schema_migrations());
    if (status.current_version < detail::cache_migration_version) {
      throw StorageError(fmt::format(
          "database '{}' is at schema version {}; the cache table needs version {}: run "
          "`ivcrush-db {} migrate`",
          pool_->path().string(), status.current_version, detail::cache_migration_version,
          pool_->path().string()));
    }
  }

  [[nodiscard]] std::optional<mapped_type> find(const key_type& key, time_point now) {
    std::optional<entry_type> entry = find_entry(key, now);
    if (!entry) return std::nullopt;
    return std::optional<mapped_type>(std::move(entry->value));
  }

  [[nodiscard]] std::optional<entry_type> find_entry(const key_type& key, time_point now) {
    const std::string k = codec_.encode_key(key);
    auto db = pool_->checkout();
    Statement q(*db, "SELECT value, expires_at_ns FROM cache WHERE key = ?1");
    q.bind_all(k);
    if (!q.step()) return std::nullopt;
    const time_point expires_at = detail::from_stored_ns(q.integer(1));
    std::optional<mapped_type> value;
    if (now < expires_at) value = codec_.decode(q.blob(0));
    q.reset();
    if (!value) {
      // Expired or corrupt: removed (only if it is still the row we read, so a concurrent
      // fresh insert is not lost).
      if (!(now < expires_at)) {
        Statement(*db, "DELETE FROM cache WHERE key = ?1 AND expires_at_ns <= ?2")
            .bind_all(k, detail::to_stored_ns(now))
            .run();
      } else {
        Statement(*db, "DELETE FROM cache WHERE key = ?1").bind_all(k).run();
        const std::lock_guard lock(mutex_);
        ++corrupt_rows_;
      }
      return std::nullopt;
    }
    return entry_type{std::move(*value), expires_at};
  }

  void insert(const key_type& key, mapped_type value, duration ttl, time_point now) {
    if (!(ttl > duration::zero())) {
      detail::throw_invalid(ErrorCode::out_of_range, "ttl",
                            fmt::format("{}s", std::chrono::duration<double>(ttl).count()),
                            "must be positive");
    }
    const time_point expires_at = ttl >= time_point::max() - now ? time_point::max() : now + ttl;
    const std::string k = codec_.encode_key(key);
    const std::string bytes = codec_.encode(value);
    auto db = pool_->checkout();
    Statement q(*db,
                "INSERT INTO cache (key, value, expires_at_ns) VALUES (?1, ?2, ?3) ON CONFLICT "
                "(key) DO UPDATE SET value = excluded.value, expires_at_ns = "
                "excluded.expires_at_ns");
    q.bind(1, k).bind_blob(2, bytes).bind(3, detail::to_stored_ns(expires_at)).run();
  }

  bool erase(const key_type& key) {
    auto db = pool_->checkout();
    Statement q(*db, "DELETE FROM cache WHERE key = ?1");
    q.bind_all(codec_.encode_key(key)).run();
    return q.changes() > 0;
  }

  void clear() {
    auto db = pool_->checkout();
    db->exec("DELETE FROM cache");
  }

  // Deletes every entry expired at `now`; returns how many.
  std::size_t purge_expired(time_point now) {
    auto db = pool_->checkout();
    Statement q(*db, "DELETE FROM cache WHERE expires_at_ns <= ?1");
    q.bind_all(detail::to_stored_ns(now)).run();
    return static_cast<std::size_t>(q.changes());
  }

  // Rows in the table, live or expired-but-not-yet-purged.
  [[nodiscard]] std::size_t size() const {
    auto db = pool_->checkout();
    Statement q(*db, "SELECT COUNT(*) FROM cache");
    q.step();
    return static_cast<std::size_t>(q.integer(0));
  }

  // Rows this object dropped because the codec could not decode them.
  [[nodiscard]] std::uint64_t corrupt_rows() const {
    const std::lock_guard lock(mutex_);
    return corrupt_rows_;
  }

 private:
  ConnectionPool* pool_;
  Codec codec_;
  mutable std::mutex mutex_;
  std::uint64_t corrupt_rows_ = 0;
};

static_assert(ExpiringCache<SqliteCache<>>);

}  // namespace ivcrush::inline v0
