// ivcrush/adapters/sqlite/pool.hpp: a bounded pool of SQLite connections with RAII checkout.
//
//   ConnectionPool pool("ivcrush.sqlite", {.size = 2, .max_overflow = 2,
//                                          .checkout_timeout = std::chrono::seconds(5)});
//   {
//     auto db = pool.checkout();            // a Database&, for this scope only
//     Statement(*db, "SELECT 1").step();
//   }                                       // returned here, whatever happened
//   pool.stats();                           // {size, max_overflow, total, idle, in_use, ...}
//
// Bounds: `size` connections are opened at construction and kept; under load up to
// `max_overflow` more are opened, and closed again when returned (so at most size +
// max_overflow exist, and at most `size` sit idle). checkout() takes an idle connection (the
// most recently returned: its pages are warm), else opens one if below the bound, else waits up
// to checkout_timeout for a return and then throws PoolTimeout: "connection pool exhausted: all
// 3 connections (size 2 + overflow 1) of 'x.sqlite' stayed in use for 50 ms".
// Health check: an idle connection is checked (HealthCheck, default `SELECT 1`) before it is
// handed out; one that fails is closed and replaced by a new one, and the count stays exact (the
// original counted the replacement without uncounting the closed one, so its total drifted up).
// Checkin (the Lease's destructor): a transaction left open (an exception escaped between BEGIN
// and COMMIT) is rolled back, never committed: half-done work is not the caller's intent. A
// connection that cannot be rolled back, or that the caller discard()ed, is closed and uncounted.
// Invariant, checked by the tests under two threads: total == idle + in_use <= size + overflow.
// Thread safety: every member may be called concurrently; one mutex guards the counts (opening
// and health-checking happen outside it). A Lease belongs to one thread at a time.
// Clock: the timeout waits on std::condition_variable against steady_clock (an OS wait, not a
// value the analytics see). Errors: PoolTimeout (a StorageError) on exhaustion; SqliteError when
// a connection cannot be opened (nothing is counted then). The pool must outlive its Leases.
// Not copyable or movable.
#pragma once

#include <chrono>
#include <concepts>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "ivcrush/adapters/sqlite/database.hpp"
#include "ivcrush/adapters/sqlite/statement.hpp"
#include "ivcrush/config.hpp"
#include "ivcrush/core/error.hpp"

namespace ivcrush::inline v0 {

class PoolTimeout : public StorageError {
 public:
  using StorageError::StorageError;
};

struct PoolOptions {
  std::size_t size = 5;           // connections kept open (opened at construction)
  std::size_t max_overflow = 10;  // extra connections opened under load, closed on return
  std::chrono::milliseconds checkout_timeout{5000};
  DatabaseOptions database{};  // how each connection is opened (busy timeout, ...)
};

struct PoolStats {
  std::size_t size = 0;
  std::size_t max_overflow = 0;
  std::size_t total = 0;  // open connections: idle + in_use
  std::size_t idle = 0;
  std::size_t in_use = 0;
  std::uint64_t opened = 0;     // connections opened since construction
  std::uint64_t closed = 0;     // connections closed (overflow returned, unhealthy, discarded)
  std::uint64_t unhealthy = 0;  // health checks that failed
  std::uint64_t timeouts = 0;   // checkouts that threw PoolTimeout

  friend bool operator==(const PoolStats&, const PoolStats&) = default;
};

// The default health check: the connection answers `SELECT 1`.
struct SelectOneHealthCheck {
  bool operator()(Database& db) const noexcept {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db.handle(), "SELECT 1", -1, &stmt, nullptr) != SQLITE_OK) {
      return false;
    }
    const bool ok = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 1;
    sqlite3_finalize(stmt);
    return ok;
  }
};

template <class HealthCheck = SelectOneHealthCheck>
requires std::predicate<HealthCheck&, Database&>
class BasicConnectionPool {
 public:
  // A checked-out connection; returns it to the pool when destroyed. Move-only.
  class Lease {
   public:
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          db_(std::move(other.db_)),
          discard_(other.discard_) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->checkin(std::move(db_), discard_);
    }

    [[nodiscard]] Database& operator*() const noexcept { return *db_; }
    [[nodiscard]] Database* operator->() const noexcept { return db_.get(); }

    // Close this connection at checkin instead of reusing it (e.g. after a failure that may
    // have left it in a bad state).
    void discard() noexcept { discard_ = true; }

   private:
    friend class BasicConnectionPool;
    Lease(BasicConnectionPool* pool, std::unique_ptr<Database> db) noexcept
        : pool_(pool), db_(std::move(db)) {}
    BasicConnectionPool* pool_;
    std::unique_ptr<Database> db_;
    bool discard_ = false;
  };

  explicit BasicConnectionPool(std::filesystem::path path, PoolOptions options = {},
                               HealthCheck health = HealthCheck{})
      : path_(std::move(path)), options_(options), health_(std::move(health)) {
    if (options_.size + options_.max_overflow == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "pool size + max_overflow", 0,
                            "must be at least 1");
    }
    idle_.reserve(options_.size);
    for (std::size_t i = 0; i < options_.size; ++i) idle_.push_back(open());
    total_ = options_.size;
    opened_ = options_.size;
  }

  BasicConnectionPool(const BasicConnectionPool&) = delete;
  BasicConnectionPool& operator=(const BasicConnectionPool&) = delete;
  ~BasicConnectionPool() { IVCRUSH_ASSERT(in_use_ == 0, "a Lease outlived its ConnectionPool"); }

  [[nodiscard]] Lease checkout() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + options_.checkout_timeout;
    const auto available = [&] { return !idle_.empty() || total_ < capacity(); };
    if (!cv_.wait_until(lock, deadline, available)) {
      ++timeouts_;
      throw PoolTimeout(fmt::format(
          "connection pool exhausted: all {} connections (size {} + overflow {}) of '{}' stayed "
          "in use for {} ms",
          capacity(), options_.size, options_.max_overflow, path_.string(),
          options_.checkout_timeout.count()));
    }
    ++in_use_;
    if (!idle_.empty()) {
      std::unique_ptr<Database> db = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (health_(*db)) return Lease(this, std::move(db));
      db.reset();  // closed; its replacement takes its place in the count
      lock.lock();
      ++unhealthy_;
      ++closed_;
    } else {
      ++total_;  // reserve the slot before opening outside the lock
    }
    lock.unlock();
    try {
      std::unique_ptr<Database> db = open();
      const std::lock_guard relock(mutex_);
      ++opened_;
      return Lease(this, std::move(db));
    } catch (...) {
      const std::lock_guard relock(mutex_);
      --total_;
      --in_use_;
      cv_.notify_one();
      throw;
    }
  }

  [[nodiscard]] PoolStats stats() const {
    const std::lock_guard lock(mutex_);
    return PoolStats{options_.size, options_.max_overflow,
                     total_,        idle_.size(),
                     in_use_,       opened_,
                     closed_,       unhealthy_,
                     timeouts_};
  }

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  [[nodiscard]] std::size_t capacity() const noexcept {
    return options_.size + options_.max_overflow;
  }

  [[nodiscard]] std::unique_ptr<Database> open() const {
    return std::make_unique<Database>(path_, options_.database);
  }

  void checkin(std::unique_ptr<Database> db, bool discard) noexcept {
    bool keep = !discard;
    if (keep && db->in_transaction()) {
      sqlite3_exec(db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
      keep = !db->in_transaction();
    }
    std::unique_ptr<Database> to_close;
    {
      const std::lock_guard lock(mutex_);
      --in_use_;
      if (keep && idle_.size() < options_.size) {
        idle_.push_back(std::move(db));  // capacity reserved: cannot throw
      } else {
        to_close = std::move(db);
        --total_;
        ++closed_;
      }
    }
    cv_.notify_one();
    // to_close is closed here, outside the lock.
  }

  std::filesystem::path path_;
  PoolOptions options_;
  HealthCheck health_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Database>> idle_;  // LIFO
  std::size_t total_ = 0;
  std::size_t in_use_ = 0;
  std::uint64_t opened_ = 0;
  std::uint64_t closed_ = 0;
  std::uint64_t unhealthy_ = 0;
  std::uint64_t timeouts_ = 0;
};

using ConnectionPool = BasicConnectionPool<>;

}  // namespace ivcrush::inline v0
