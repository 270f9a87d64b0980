// ivcrush/adapters/sqlite/migrations.hpp: apply, inspect and undo numbered schema migrations.
//
//   Database db("ivcrush.sqlite");
//   auto s = migration_status(db, schema_migrations());   // current 0, latest 6, 6 pending
//   migrate(db, schema_migrations(), now);                // applies 1..6, returns 6
//   rollback(db, schema_migrations(), 3);                 // undoes 6, 5 then 4, returns 3
//   migrate(db, schema_migrations(), now, 4);             // up to 4 only
//   migration_skeleton(next_migration_version(schema_migrations()), "add_sector_index");
//
// Tracking table schema_migrations(version PRIMARY KEY, name, applied_at ISO-8601 UTC text,
// checksum): one row per applied migration, written in the same transaction as the migration's
// SQL, so a migration is applied (schema change + row) or not at all. The current version is
// the largest applied one (0 for a new database). The tracking table is created by migrate()
// (status() of a database without one reports version 0 and writes nothing).
// migrate(target = latest) applies the pending migrations (versions above the current one, up
// to target) in ascending order, each in its own BEGIN IMMEDIATE transaction. If one fails, that
// one is rolled back and MigrationError "migration N (name) failed: <SQLite's message>" is thrown:
// the database stays at the previous version, with every earlier migration of the run applied.
// Each transaction re-reads the tracking table, so two processes migrating at once apply each
// migration once. rollback(target) undoes the applied migrations above target, newest first,
// each in its own transaction with the deletion of its row; it checks first that every one of
// them has down SQL (otherwise MigrationError, and nothing is undone).
// Checksums: FNV-1a 64-bit over a migration's up SQL, as 16 lower-case hex digits. Every
// operation first verifies the applied rows against the given list: a checksum or name that
// differs, an applied version the list does not have (a database newer than the program) or a
// version below the current one that was never applied is a MigrationError; nothing is changed.
// Errors: MigrationError (a StorageError) as above; SqliteError for I/O; InvalidInput for a bad
// target or a malformed list (versions must be 1, 2, 3, ... with snake_case names). "now" is a
// parameter (it is only recorded as applied_at). Complexity: O(migrations) statements.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/adapters/sqlite/database.hpp"
#include "ivcrush/adapters/sqlite/schema.hpp"
#include "ivcrush/adapters/sqlite/statement.hpp"
#include "ivcrush/core/error.hpp"

namespace ivcrush::inline v0 {

class MigrationError : public StorageError {
 public:
  using StorageError::StorageError;
};

struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string applied_at;  // ISO-8601 UTC, "2024-05-01T13:30:00Z"
  std::string checksum;    // as recorded

  friend bool operator==(const AppliedMigration&, const AppliedMigration&) = default;
};

struct MigrationStatus {
  int current_version = 0;                // largest applied version, 0 if none
  int latest_version = 0;                 // largest version in the list
  std::vector<AppliedMigration> applied;  // ascending
  std::vector<Migration> pending;         // ascending; views into the caller's list
};

namespace detail {

// FNV-1a, 64 bits (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
[[nodiscard]] constexpr std::uint64_t fnv1a_64(std::string_view text) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

[[nodiscard]] inline bool is_migration_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64 || name.front() < 'a' || name.front() > 'z') return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

inline void require_migration_list(std::span<const Migration> list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i) + 1) {
      throw_invalid(ErrorCode::inconsistent, "migration version", list[i].version,
                    fmt::format("must be {} (versions are 1, 2, 3, ... in order)", i + 1));
    }
    if (!is_migration_name(list[i].name)) {
      throw_invalid(ErrorCode::malformed, "migration name", fmt::format("'{}'", list[i].name),
                    "must be snake_case: a-z first, then a-z, 0-9, _ (at most 64)");
    }
  }
}

[[nodiscard]] inline std::string iso_utc(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const hh_mm_ss<seconds> time(t - day);
  return fmt::format("{}T{:02}:{:02}:{:02}Z", iso_date(year_month_day{day}), time.hours().count(),
                     time.minutes().count(), time.seconds().count());
}

[[nodiscard]] inline bool has_tracking_table(Database& db) {
  Statement q(db,
              "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  return q.step();
}

inline void create_tracking_table(Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at TEXT NOT NULL, checksum TEXT NOT NULL)");
}

[[nodiscard]] inline bool is_applied(Database& db, int version) {
  Statement q(db, "SELECT 1 FROM schema_migrations WHERE version = ?1");
  q.bind_all(version);
  return q.step();
}

}  // namespace detail

// The checksum recorded for `m` (FNV-1a 64 of its up SQL, 16 hex digits).
[[nodiscard]] inline std::string migration_checksum(const Migration& m) {
  return fmt::format("{:016x}", detail::fnv1a_64(m.up_sql));
}

// The applied and pending migrations; verifies the applied ones against `list` (see above).
[[nodiscard]] inline MigrationStatus migration_status(Database& db,
                                                      std::span<const Migration> list) {
  detail::require_migration_list(list);
  MigrationStatus status;
  status.latest_version = list.empty() ? 0 : list.back().version;
  if (detail::has_tracking_table(db)) {
    Statement q(db,
                "SELECT version, name, applied_at, checksum FROM schema_migrations ORDER BY "
                "version");
    while (q.step()) {
      status.applied.push_back(AppliedMigration{static_cast<int>(q.integer(0)),
                                                std::string(q.text(1)), std::string(q.text(2)),
                                                std::string(q.text(3))});
    }
  }
  for (const AppliedMigration& a : status.applied) {
    if (a.version < 1 || a.version > status.latest_version) {
      throw MigrationError(fmt::format(
          "database has migration {} ({}) applied, which this program does not know (its latest "
          "is {}): the database is newer than the program",
          a.version, a.name, status.latest_version));
    }
    const Migration& m = list[static_cast<std::size_t>(a.version - 1)];
    if (a.name != m.name) {
      throw MigrationError(fmt::format("migration {} was applied as '{}' but is named '{}' here",
                                       a.version, a.name, m.name));
    }
    const std::string expected = migration_checksum(m);
    if (a.checksum != expected) {
      throw MigrationError(fmt::format(
          "migration {} ({}) checksum mismatch: the database recorded {}, this program's SQL "
          "has {}; an applied migration must never be edited",
          a.version, a.name, a.checksum, expected));
    }
  }
  status.current_version = status.applied.empty() ? 0 : status.applied.back().version;
  // Applied versions are unique and ascending, so they are exactly 1..current iff there are
  // `current` of them.
  if (status.applied.size() != static_cast<std::size_t>(status.current_version)) {
    int missing = 1;
    for (const AppliedMigration& a : status.applied) {
      if (a.version != missing) break;
      ++missing;
    }
    throw MigrationError(fmt::format(
        "migration {} ({}) was never applied, but migration {} was: the tracking table is "
        "inconsistent",
        missing, list[static_cast<std::size_t>(missing - 1)].name, status.current_version));
  }
  for (const Migration& m : list) {
    if (m.version > status.current_version) status.pending.push_back(m);
  }
  return status;
}

// Applies the pending migrations up to `target` (default: the latest). Returns how many.
inline std::size_t migrate(Database& db, std::span<const Migration> list,
                           std::chrono::sys_seconds now, std::optional<int> target = std::nullopt) {
  const MigrationStatus status = migration_status(db, list);
  const int to = target.value_or(status.latest_version);
  if (to < 0 || to > status.latest_version) {
    detail::throw_invalid(ErrorCode::out_of_range, "target version", to,
                          fmt::format("must be between 0 and {}", status.latest_version));
  }
  if (to < status.current_version) {
    detail::throw_invalid(
        ErrorCode::out_of_range, "target version", to,
        fmt::format("is below the current version {}: use rollback", status.current_version));
  }
  detail::create_tracking_table(db);
  const std::string applied_at = detail::iso_utc(now);
  std::size_t applied = 0;
  for (const Migration& m : status.pending) {
    if (m.version > to) break;
    Transaction tx(db);
    if (detail::is_applied(db, m.version)) continue;  // another process was quicker
    try {
      db.exec(m.up_sql);
      Statement(db,
                "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES "
                "(?1, ?2, ?3, ?4)")
          .bind_all(m.version, m.name, applied_at, migration_checksum(m))
          .run();
      tx.commit();
    } catch (const SqliteError& e) {
      throw MigrationError(
          fmt::format("migration {} ({}) failed: {}", m.version, m.name, e.what()));
    }
    ++applied;
  }
  return applied;
}

// Undoes the applied migrations above `target`, newest first. Returns how many.
inline std::size_t rollback(Database& db, std::span<const Migration> list, int target) {
  const MigrationStatus status = migration_status(db, list);
  if (target < 0 || target > status.current_version) {
    detail::throw_invalid(
        ErrorCode::out_of_range, "target version", target,
        fmt::format("must be between 0 and the current version {}", status.current_version));
  }
  for (int v = status.current_version; v > target; --v) {
    const Migration& m = list[static_cast<std::size_t>(v - 1)];
    if (m.down_sql.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      throw MigrationError(fmt::format(
          "migration {} ({}) has no rollback SQL: cannot roll back to {}; nothing was undone",
          m.version, m.name, target));
    }
  }
  std::size_t undone = 0;
  for (int v = status.current_version; v > target; --v) {
    const Migration& m = list[static_cast<std::size_t>(v - 1)];
    Transaction tx(db);
    if (!detail::is_applied(db, m.version)) continue;  // another process undid it
    try {
      db.exec(m.down_sql);
      Statement(db, "DELETE FROM schema_migrations WHERE version = ?1").bind_all(m.version).run();
      tx.commit();
    } catch (const SqliteError& e) {
      throw MigrationError(
          fmt::format("rollback of migration {} ({}) failed: {}", m.version, m.name, e.what()));
    }
    ++undone;
  }
  return undone;
}

// The version a new migration appended to `list` gets.
[[nodiscard]] inline int next_migration_version(std::span<const Migration> list) {
  detail::require_migration_list(list);
  return list.empty() ? 1 : list.back().version + 1;
}

// C++ source for a new, empty migration, to fill in and append to the list (schema.hpp).
[[nodiscard]] inline std::string migration_skeleton(int version, std::string_view name) {
  if (version < 1) {
    detail::throw_invalid(ErrorCode::out_of_range, "migration version", version,
                          "must be positive");
  }
  if (!detail::is_migration_name(name)) {
    detail::throw_invalid(ErrorCode::malformed, "migration name", fmt::format("'{}'", name),
                          "must be snake_case: a-z first, then a-z, 0-9, _ (at most 64)");
  }
  return fmt::format(
      "// Migration {0}: {1}. Write the SQL that applies it in {1}_up and the SQL that undoes\n"
      "// it in {1}_down (leave that empty if it cannot be undone), then append the entry below\n"
      "// to the migration list (ivcrush/adapters/sqlite/schema.hpp). Never edit it once "
      "released.\n"
      "inline constexpr std::string_view {1}_up = R\"sql(\n"
      ")sql\";\n"
      "inline constexpr std::string_view {1}_down = R\"sql(\n"
      ")sql\";\n"
      "// {{{0}, \"{1}\", {1}_up, {1}_down}},\n",
      version, name);
}

}  // namespace ivcrush::inline v0
