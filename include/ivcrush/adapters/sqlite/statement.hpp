// ivcrush/adapters/sqlite/statement.hpp: a prepared SQLite statement with typed binds (RAII).
//
//   Statement insert(db, "INSERT INTO moves(ticker, close_pct) VALUES (?1, ?2)");
//   insert.bind_all("AAPL", 0.0437).run();               // values are bound, never spliced
//   insert.reset();                                      // reuse with new values
//   Statement q(db, "SELECT close_pct FROM moves WHERE ticker = ?1");
//   q.bind_all(std::string_view("AAPL"));
//   while (q.step()) use(q.real(0));                     // typed column reads
//
// One SQL statement per Statement (text after the first statement is an error, so a value can
// never smuggle a second statement in, and a typo cannot silently drop one). Binds are 1-based
// like SQLite's ?NNN; bind_all(a, b, ...) binds ?1, ?2, ... Types: any integer (as a 64-bit
// integer; an unsigned value above INT64_MAX is rejected), double (stored bit for bit as an
// IEEE REAL), text (std::string_view, copied by SQLite), bytes (bind_blob), std::nullopt (NULL),
// std::optional<T> (NULL or T). Columns are 0-based; text(i) views memory SQLite owns until the
// next step(), reset() or destruction. A NULL column reads as 0, 0.0 or "" unless checked with
// is_null(i) or read with the optional_* readers. Errors: a failed prepare, bind or step throws
// SqliteError naming the SQL's start. Ownership: a Statement references its Database, which must
// outlive it. Move-only.
#pragma once

#include <sqlite3.h>

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ivcrush/adapters/sqlite/database.hpp"

namespace ivcrush::inline v0 {

class Statement {
 public:
  Statement(Database& db, std::string_view sql) : db_(&db), sql_(sql.substr(0, 60)) {
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, &tail);
    if (rc != SQLITE_OK) db.fail(rc, fmt::format("prepare '{}'", sql_));
    const std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    if (stmt_ == nullptr || rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      sqlite3_finalize(stmt_);
      throw SqliteError(
          SQLITE_MISUSE,
          fmt::format("sqlite: prepare '{}': must be exactly one SQL statement", sql_));
    }
  }
  Statement(Statement&& other) noexcept
      : db_(other.db_), sql_(std::move(other.sql_)), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // ---- binds (1-based) ----------------------------------------------------------------------

  template <std::integral T>
  Statement& bind(int index, T value) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
      if (value > static_cast<T>(std::numeric_limits<std::int64_t>::max())) {
        throw SqliteError(SQLITE_RANGE, fmt::format("sqlite: bind ?{} of '{}': {} is above the "
                                                    "64-bit integer range",
                                                    index, sql_, value));
      }
    }
    return check(sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value)), index);
  }
  Statement& bind(int index, double value) {
    return check(sqlite3_bind_double(stmt_, index, value), index);
  }
  Statement& bind(int index, std::string_view text) {
    return check(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
  }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  // Binds bytes as a BLOB (not text: no encoding is implied).
  Statement& bind_blob(int index, std::string_view bytes) {
    return check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
                 index);
  }
  Statement& bind(int index, std::nullopt_t) {
    return check(sqlite3_bind_null(stmt_, index), index);
  }
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }

  // Binds ?1, ?2, ... to the arguments in order.
  template <class... Args>
  Statement& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // ---- execution ----------------------------------------------------------------------------

  // Advances to the next row: true if there is one, false when the statement is done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_->fail(rc, fmt::format("step '{}'", sql_));
  }

  // Runs a statement that returns no rows (INSERT, UPDATE, DELETE), then resets it.
  void run() {
    while (step()) {
    }
    sqlite3_reset(stmt_);
  }

  // Rewinds to run again; clears the binds.
  void reset() noexcept {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  [[nodiscard]] std::int64_t changes() const noexcept { return sqlite3_changes64(db_->handle()); }

  // ---- columns (0-based) --------------------------------------------------------------------

  [[nodiscard]] bool is_null(int column) const noexcept {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  [[nodiscard]] std::int64_t integer(int column) const noexcept {
    return sqlite3_column_int64(stmt_, column);
  }
  [[nodiscard]] double real(int column) const noexcept {
    return sqlite3_column_double(stmt_, column);
  }
  [[nodiscard]] std::string_view text(int column) const noexcept {
    const auto* p = sqlite3_column_text(stmt_, column);
    const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    return p == nullptr ? std::string_view()
                        : std::string_view(reinterpret_cast<const char*>(p), n);
  }
  // A BLOB (or any) column's bytes, valid like text(i).
  [[nodiscard]] std::string_view blob(int column) const noexcept {
    const void* p = sqlite3_column_blob(stmt_, column);
    const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    return p == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(p), n);
  }
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int column) const noexcept {
    if (is_null(column)) return std::nullopt;
    return integer(column);
  }
  [[nodiscard]] std::optional<double> optional_real(int column) const noexcept {
    if (is_null(column)) return std::nullopt;
    return real(column);
  }

  [[nodiscard]] sqlite3_stmt* handle() const noexcept { return stmt_; }

 private:
  Statement& check(int rc, int index) {
    if (rc != SQLITE_OK) db_->fail(rc, fmt::format("bind ?{} of '{}'", index, sql_));
    return *this;
  }

  Database* db_;
  std::string sql_;  // the start of the SQL, for messages
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace ivcrush::inline v0
