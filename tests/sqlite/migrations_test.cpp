// Migrations: status, migrate, rollback, the exact schema after a round trip, atomic failure,
// checksum verification, and new-migration skeletons.
#include "ivcrush/adapters/sqlite/migrations.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "ivcrush/adapters/sqlite/schema.hpp"
#include "ivcrush/adapters/sqlite/statement.hpp"
#include "sqlite/temp_database.hpp"

namespace {

using namespace ivcrush;
using std::chrono::seconds;

const std::chrono::sys_seconds now = test::TempDatabase::migrated_at();

// Everything in the schema except the tracking table, in a stable order.
std::vector<std::string> schema_of(Database& db) {
  Statement q(db,
              "SELECT type || ' ' || name || ' ' || tbl_name || ': ' || coalesce(sql, '') FROM "
              "sqlite_master WHERE name NOT LIKE 'schema_migrations%' AND name != "
              "'sqlite_sequence' ORDER BY type, name");
  std::vector<std::string> out;
  while (q.step()) out.emplace_back(q.text(0));
  return out;
}

std::vector<std::string> tables_of(Database& db) {
  Statement q(db,
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
              "ORDER BY name");
  std::vector<std::string> out;
  while (q.step()) out.emplace_back(q.text(0));
  return out;
}

TEST_CASE("FNV-1a 64 matches the published test vectors") {
  // From the FNV reference (Fowler, Noll, Vo): FNV-1a 64 of "" and of "a" and of "foobar".
  CHECK(detail::fnv1a_64("") == 0xcbf29ce484222325ULL);
  CHECK(detail::fnv1a_64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(detail::fnv1a_64("foobar") == 0x85944171f73967e8ULL);
  const Migration m{1, "x", "a", ""};
  CHECK(migration_checksum(m) == "af63dc4c8601ec8c");
}

TEST_CASE(
    "a new database is at version 0 with every migration pending, and status writes nothing") {
  test::TempDatabase tmp("fresh");
  Database db(tmp.path());
  const MigrationStatus s = migration_status(db, schema_migrations());
  CHECK(s.current_version == 0);
  CHECK(s.latest_version == 6);
  CHECK(s.applied.empty());
  REQUIRE(s.pending.size() == 6);
  CHECK(s.pending.front().name == "earnings_calendar");
  CHECK(tables_of(db).empty());
}

TEST_CASE("migrate applies every pending migration with its tracking row") {
  test::TempDatabase tmp("migrate");
  Database db(tmp.path());
  CHECK(migrate(db, schema_migrations(), now) == 6);
  CHECK(tables_of(db) ==
        std::vector<std::string>{"analysis_log", "backtest_runs", "backtest_trades", "cache",
                                 "chain_quotes", "chain_snapshots", "earnings_calendar",
                                 "historical_moves", "schema_migrations", "ticker_metadata"});
  const MigrationStatus s = migration_status(db, schema_migrations());
  CHECK(s.current_version == 6);
  CHECK(s.pending.empty());
  REQUIRE(s.applied.size() == 6);
  CHECK(s.applied[1] == AppliedMigration{2, "historical_moves", "2024-05-01T13:30:00Z",
                                         migration_checksum(schema_migrations()[1])});
  CHECK(migrate(db, schema_migrations(), now) == 0);  // idempotent
}

TEST_CASE("migrate -> rollback -> migrate restores the exact schema") {
  test::TempDatabase tmp("round_trip");
  Database db(tmp.path());
  (void)migrate(db, schema_migrations(), now);
  const std::vector<std::string> full = schema_of(db);
  REQUIRE(full.size() >= 14);  // 9 tables + 9 explicit indexes + autoindexes

  (void)rollback(db, schema_migrations(), 2);
  CHECK(migration_status(db, schema_migrations()).current_version == 2);
  CHECK(migrate(db, schema_migrations(), now) == 4);
  CHECK(schema_of(db) == full);

  CHECK(rollback(db, schema_migrations(), 0) == 6);
  CHECK(schema_of(db).empty());
  CHECK(migrate(db, schema_migrations(), now, 3) == 3);
  CHECK(migration_status(db, schema_migrations()).current_version == 3);
  CHECK(migrate(db, schema_migrations(), now) == 3);
  CHECK(schema_of(db) == full);
}

TEST_CASE("a failing migration leaves the database at the previous version") {
  test::TempDatabase tmp("failing");
  Database db(tmp.path());
  std::vector<Migration> list(schema_migrations().begin(), schema_migrations().end());
  // The first statement succeeds, the second fails: the whole migration must be undone.
  list.push_back(Migration{7, "broken",
                           "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table "
                           "VALUES (1);",
                           "DROP TABLE half_done;"});
  (void)migrate(db, schema_migrations(), now, 4);
  const std::vector<std::string> before = schema_of(db);
  CHECK_THROWS_WITH_AS(migrate(db, list, now),
                       "migration 7 (broken) failed: sqlite: CREATE TABLE half_done (x "
                       "INTEGER); INSERT INTO no_such_table VALUES (1);: no such table: "
                       "no_such_table",
                       MigrationError);
  const MigrationStatus s = migration_status(db, list);
  CHECK(s.current_version == 6);  // 5 and 6 applied in the same run, 7 not at all
  REQUIRE(s.pending.size() == 1);
  CHECK(s.pending[0].version == 7);
  {
    Statement q(db, "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'");
    REQUIRE(q.step());
    CHECK(q.integer(0) == 0);
  }  // an unfinished statement would lock the schema against the rollback below
  CHECK_FALSE(db.in_transaction());
  (void)rollback(db, list, 4);
  CHECK(schema_of(db) == before);
}

TEST_CASE("an edited applied migration is a checksum error, and nothing is changed") {
  test::TempDatabase tmp("checksum");
  Database db(tmp.path());
  (void)migrate(db, schema_migrations(), now, 2);
  std::vector<Migration> edited(schema_migrations().begin(), schema_migrations().end());
  edited[1].up_sql = "CREATE TABLE historical_moves (id INTEGER);";
  const std::string recorded = migration_checksum(schema_migrations()[1]);
  const std::string expected = fmt::format(
      "migration 2 (historical_moves) checksum mismatch: the database recorded {}, this "
      "program's SQL has {}; an applied migration must never be edited",
      recorded, migration_checksum(edited[1]));
  CHECK_THROWS_WITH_AS((void)migration_status(db, edited), expected.c_str(), MigrationError);
  CHECK_THROWS_WITH_AS(migrate(db, edited, now), expected.c_str(), MigrationError);
  CHECK_THROWS_WITH_AS(rollback(db, edited, 0), expected.c_str(), MigrationError);
  CHECK(migration_status(db, schema_migrations()).current_version == 2);

  // A pending migration may still change (it was never applied).
  edited = std::vector<Migration>(schema_migrations().begin(), schema_migrations().end());
  edited[3].up_sql = "CREATE TABLE cache (key TEXT);";
  CHECK(migration_status(db, edited).pending.size() == 4);
}

TEST_CASE("a database newer than the program, or with a gap, is refused") {
  test::TempDatabase tmp("newer");
  Database db(tmp.path());
  (void)migrate(db, schema_migrations(), now, 3);
  CHECK_THROWS_WITH_AS((void)migration_status(db, schema_migrations().first(2)),
                       "database has migration 3 (analysis_log) applied, which this program does "
                       "not know (its latest is 2): the database is newer than the program",
                       MigrationError);
  db.exec("DELETE FROM schema_migrations WHERE version = 2");
  CHECK_THROWS_WITH_AS((void)migration_status(db, schema_migrations()),
                       "migration 2 (historical_moves) was never applied, but migration 3 was: "
                       "the tracking table is inconsistent",
                       MigrationError);
}

TEST_CASE("rollback needs down SQL for every migration it would undo, checked before any") {
  test::TempDatabase tmp("irreversible");
  Database db(tmp.path());
  std::vector<Migration> list(schema_migrations().begin(), schema_migrations().end());
  list[2].down_sql = "  \n";  // analysis_log: irreversible
  // Same up SQL, so the checksums still match.
  (void)migrate(db, list, now);
  CHECK_THROWS_WITH_AS(rollback(db, list, 1),
                       "migration 3 (analysis_log) has no rollback SQL: cannot roll back to 1; "
                       "nothing was undone",
                       MigrationError);
  CHECK(migration_status(db, list).current_version == 6);
  CHECK(rollback(db, list, 3) == 3);
}

TEST_CASE("targets and lists are validated") {
  test::TempDatabase tmp("targets");
  Database db(tmp.path());
  (void)migrate(db, schema_migrations(), now, 3);
  CHECK_THROWS_WITH_AS(migrate(db, schema_migrations(), now, 7),
                       "target version = 7: must be between 0 and 6", InvalidInput);
  CHECK_THROWS_WITH_AS(migrate(db, schema_migrations(), now, 2),
                       "target version = 2: is below the current version 3: use rollback",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(rollback(db, schema_migrations(), 4),
                       "target version = 4: must be between 0 and the current version 3",
                       InvalidInput);
  const Migration gap[] = {{1, "a", "", ""}, {3, "c", "", ""}};
  CHECK_THROWS_WITH_AS((void)migration_status(db, gap),
                       "migration version = 3: must be 2 (versions are 1, 2, 3, ... in order)",
                       InvalidInput);
  const Migration bad_name[] = {{1, "Add-Table", "", ""}};
  CHECK_THROWS_WITH_AS(
      (void)next_migration_version(bad_name),
      "migration name = 'Add-Table': must be snake_case: a-z first, then a-z, 0-9, _ (at most 64)",
      InvalidInput);
}

TEST_CASE("two connections migrating at once apply each migration once") {
  test::TempDatabase tmp("concurrent");
  { Database init(tmp.path()); }  // WAL set up once
  std::size_t applied[2] = {0, 0};
  const auto run = [&](int i) {
    Database db(tmp.path());
    applied[i] = migrate(db, schema_migrations(), now);
  };
  std::thread a(run, 0);
  std::thread b(run, 1);
  a.join();
  b.join();
  CHECK(applied[0] + applied[1] == 6);
  Database db(tmp.path());
  CHECK(migration_status(db, schema_migrations()).current_version == 6);
}

TEST_CASE("create: the next version and a skeleton to fill in") {
  CHECK(next_migration_version(schema_migrations()) == 7);
  CHECK(next_migration_version({}) == 1);
  CHECK(migration_skeleton(6, "add_sector_index") ==
        "// Migration 6: add_sector_index. Write the SQL that applies it in add_sector_index_up "
        "and the SQL that undoes\n"
        "// it in add_sector_index_down (leave that empty if it cannot be undone), then append "
        "the entry below\n"
        "// to the migration list (ivcrush/adapters/sqlite/schema.hpp). Never edit it once "
        "released.\n"
        "inline constexpr std::string_view add_sector_index_up = R\"sql(\n)sql\";\n"
        "inline constexpr std::string_view add_sector_index_down = R\"sql(\n)sql\";\n"
        "// {6, \"add_sector_index\", add_sector_index_up, add_sector_index_down},\n");
  CHECK_THROWS_WITH_AS((void)migration_skeleton(6, "9lives"),
                       "migration name = '9lives': must be snake_case: a-z first, then a-z, 0-9, "
                       "_ (at most 64)",
                       InvalidInput);
}

}  // namespace
