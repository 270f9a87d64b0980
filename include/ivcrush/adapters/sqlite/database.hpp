// ivcrush/adapters/sqlite/database.hpp: one SQLite connection (RAII) and a transaction guard.
//
//   Database db("ivcrush.sqlite");                       // created if absent; WAL, NORMAL, FKs
//   {
//     Transaction tx(db);                                // BEGIN IMMEDIATE
//     Statement(db, "INSERT INTO t(x) VALUES (?1)").bind_all(42).run();   // statement.hpp
//     tx.commit();                                       // otherwise rolled back on scope exit
//   }
//
// Part of the optional target ivcrush::sqlite (links SQLite::SQLite3).
// Every connection is configured the same way (domain-spec §6.5): journal_mode=WAL (readers do
// not block the writer; a committed transaction survives a crash of the process, see ADR 0004),
// synchronous=NORMAL (in WAL mode: no fsync per commit; a power loss may lose the last commits
// but never corrupts the file), foreign_keys=ON, and a busy timeout (default 5 s) during which a
// connection waits for another's write lock instead of failing with SQLITE_BUSY.
// exec() runs trusted SQL text (the embedded schema); every value from outside goes through a
// Statement's binds, never into SQL text.
// Errors: any SQLite failure throws SqliteError (a StorageError) with SQLite's message and its
// extended result code, naming what was attempted ("open 'x.sqlite': unable to open database
// file"). Thread safety: a Database is used by one thread at a time (the ConnectionPool hands
// each to one caller); SQLite's own serialized mode makes misuse safe but not useful.
// Ownership: Database owns its sqlite3 handle (move-only). A Transaction references its Database.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "ivcrush/ports/storage.hpp"

namespace ivcrush::inline v0 {

// A failure reported by SQLite. code() is the extended result code (SQLITE_BUSY, ...).
class SqliteError : public StorageError {
 public:
  SqliteError(int code, const std::string& message) : StorageError(message), code_(code) {}
  [[nodiscard]] int code() const noexcept { return code_; }

 private:
  int code_;
};

struct DatabaseOptions {
  std::chrono::milliseconds busy_timeout{5000};
  bool read_only = false;  // open without write access (no WAL switch, no file creation)
  bool create = true;      // create the file if it does not exist (ignored when read_only)
};

class Database {
 public:
  explicit Database(const std::filesystem::path& path, DatabaseOptions options = {}) : path_(path) {
    const int flags = options.read_only
                          ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      // sqlite3_open_v2 may allocate a handle even on failure; it carries the message.
      const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw SqliteError(rc, fmt::format("sqlite: open '{}': {}", path_.string(), message));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
    try {
      if (!options.read_only) exec("PRAGMA journal_mode=WAL");
      exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
    } catch (...) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw;
    }
  }

  Database(Database&& other) noexcept
      : path_(std::move(other.path_)), db_(std::exchange(other.db_, nullptr)) {}
  Database& operator=(Database&& other) noexcept {
    if (this != &other) {
      close();
      path_ = std::move(other.path_);
      db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
  }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() { close(); }

  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  // Runs one or more SQL statements of trusted text (no values from outside: bind those).
  void exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      const std::string what = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      throw SqliteError(sqlite3_extended_errcode(db_),
                        fmt::format("sqlite: {}: {}", first_line(sql), what));
    }
  }

  // True while a transaction is open on this connection.
  [[nodiscard]] bool in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept {
    return sqlite3_last_insert_rowid(db_);
  }

  // Throws SqliteError for a failed call `rc` while doing `what`, with SQLite's message.
  [[noreturn]] void fail(int rc, std::string_view what) const {
    const char* message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    const int code = db_ != nullptr ? sqlite3_extended_errcode(db_) : rc;
    throw SqliteError(code, fmt::format("sqlite: {}: {}", what, message));
  }

 private:
  // The start of a SQL text, for error messages (a whole migration would drown the message).
  static std::string first_line(std::string_view sql) {
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
    const auto end = sql.find('\n');
    std::string_view line = sql.substr(0, end);
    if (line.size() > 80) line = line.substr(0, 80);
    return std::string(line);
  }

  void close() noexcept {
    // sqlite3_close_v2 defers the close until every statement is finalized (none should be).
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

enum class TransactionMode {
  immediate,  // BEGIN IMMEDIATE: for writes (takes the write lock at once)
  deferred,   // BEGIN: for several reads that must see one consistent snapshot
};

// Begins a transaction at construction; commit() commits; a Transaction destroyed without
// commit() rolls back. Writes use immediate mode: the write lock is taken at BEGIN, waiting up
// to the busy timeout, so two writers serialise instead of failing on a read-to-write lock
// upgrade (SQLITE_BUSY without waiting). Not copyable or movable.
class Transaction {
 public:
  explicit Transaction(Database& db, TransactionMode mode = TransactionMode::immediate) : db_(&db) {
    db_->exec(mode == TransactionMode::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_ && db_->in_transaction()) {
      // Rolling back cannot usefully fail here; if it did, the pool discards the connection
      // (it checks in_transaction() at checkin).
      sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  void commit() {
    db_->exec("COMMIT");
    done_ = true;
  }

 private:
  Database* db_;
  bool done_ = false;
};

}  // namespace ivcrush::inline v0
