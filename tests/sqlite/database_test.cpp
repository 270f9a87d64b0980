// Database and Statement: connection settings, exact typed round trips, one statement per
// Statement, transactions, and errors that say what failed.
#include "ivcrush/adapters/sqlite/database.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ivcrush/adapters/sqlite/statement.hpp"
#include "sqlite/temp_database.hpp"

namespace {

using namespace ivcrush;

std::string pragma_text(Database& db, const char* pragma) {
  Statement q(db, pragma);
  REQUIRE(q.step());
  return std::string(q.text(0));
}

std::uint64_t bits(double d) {
  std::uint64_t u = 0;
  std::memcpy(&u, &d, sizeof d);
  return u;
}

TEST_CASE("a connection is opened with WAL, synchronous NORMAL, foreign keys and a busy timeout") {
  test::TempDatabase tmp("settings");
  Database db(tmp.path(), {.busy_timeout = std::chrono::milliseconds(1234)});
  CHECK(pragma_text(db, "PRAGMA journal_mode") == "wal");
  CHECK(pragma_text(db, "PRAGMA synchronous") == "1");  // NORMAL
  CHECK(pragma_text(db, "PRAGMA foreign_keys") == "1");
  CHECK(pragma_text(db, "PRAGMA busy_timeout") == "1234");
  CHECK(std::filesystem::exists(tmp.path()));
}

TEST_CASE("doubles and 64-bit integers round-trip bit for bit") {
  test::TempDatabase tmp("round_trip");
  Database db(tmp.path());
  db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB)");
  const std::vector<double> reals{0.1 + 0.2,
                                  1.0 / 3.0,
                                  189.164871,
                                  std::nextafter(182.47, 200.0),
                                  std::numeric_limits<double>::denorm_min(),
                                  std::numeric_limits<double>::max(),
                                  -std::numeric_limits<double>::min(),
                                  190.0,  // integral: SQLite may store it as an integer
                                  1e300};
  const std::vector<std::int64_t> ints{0, -1, std::numeric_limits<std::int64_t>::min(),
                                       std::numeric_limits<std::int64_t>::max(), 182'500};
  Statement insert(db, "INSERT INTO t (i, r, s, b) VALUES (?1, ?2, ?3, ?4)");
  for (std::size_t k = 0; k < reals.size(); ++k) {
    insert.bind_all(ints[k % ints.size()], reals[k], std::string_view("a'b\"c;--"))
        .bind_blob(4, std::string_view("\0\1\2", 3))
        .run();
  }
  Statement q(db, "SELECT i, r, s, b FROM t ORDER BY rowid");
  for (std::size_t k = 0; k < reals.size(); ++k) {
    REQUIRE(q.step());
    CHECK(q.integer(0) == ints[k % ints.size()]);
    CHECK(bits(q.real(1)) == bits(reals[k]));
    CHECK(q.text(2) == "a'b\"c;--");
    CHECK(q.blob(3) == std::string_view("\0\1\2", 3));
  }
  CHECK_FALSE(q.step());
}

TEST_CASE("optional binds write NULL and read back as nullopt") {
  test::TempDatabase tmp("optional");
  Database db(tmp.path());
  db.exec("CREATE TABLE t (i INTEGER, r REAL)");
  Statement(db, "INSERT INTO t VALUES (?1, ?2)")
      .bind_all(std::optional<std::int64_t>{}, std::optional<double>{2.5})
      .run();
  Statement q(db, "SELECT i, r FROM t");
  REQUIRE(q.step());
  CHECK(q.is_null(0));
  CHECK(q.optional_integer(0) == std::nullopt);
  CHECK(q.optional_real(1) == 2.5);
}

TEST_CASE("a Statement holds exactly one SQL statement") {
  test::TempDatabase tmp("one_statement");
  Database db(tmp.path());
  db.exec("CREATE TABLE t (x INTEGER)");
  CHECK_THROWS_WITH_AS(Statement(db, "INSERT INTO t VALUES (1); DROP TABLE t"),
                       "sqlite: prepare 'INSERT INTO t VALUES (1); DROP TABLE t': must be "
                       "exactly one SQL statement",
                       SqliteError);
  CHECK_NOTHROW(Statement(db, "INSERT INTO t VALUES (1);  \n"));
  CHECK_THROWS_WITH_AS(Statement(db, "SELEC 1"),
                       "sqlite: prepare 'SELEC 1': near \"SELEC\": syntax error", SqliteError);
}

TEST_CASE("an unsigned value above the 64-bit integer range is rejected, not wrapped") {
  test::TempDatabase tmp("unsigned");
  Database db(tmp.path());
  Statement q(db, "SELECT ?1");
  CHECK_THROWS_WITH_AS(q.bind(1, std::numeric_limits<std::uint64_t>::max()),
                       "sqlite: bind ?1 of 'SELECT ?1': 18446744073709551615 is above the 64-bit "
                       "integer range",
                       SqliteError);
  q.bind(1, std::uint64_t{9'223'372'036'854'775'807ULL});
  REQUIRE(q.step());
  CHECK(q.integer(0) == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("a Transaction commits on commit() and rolls back otherwise") {
  test::TempDatabase tmp("transaction");
  Database db(tmp.path());
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction tx(db);
    Statement(db, "INSERT INTO t VALUES (1)").run();
    CHECK(db.in_transaction());
    tx.commit();
  }
  CHECK_FALSE(db.in_transaction());
  {
    Transaction tx(db);
    Statement(db, "INSERT INTO t VALUES (2)").run();
  }  // no commit: rolled back
  CHECK_FALSE(db.in_transaction());
  Statement q(db, "SELECT group_concat(x) FROM t");
  REQUIRE(q.step());
  CHECK(q.text(0) == "1");
}

TEST_CASE("errors name what failed, with SQLite's message and code") {
  test::TempDatabase tmp("errors");
  Database db(tmp.path());
  db.exec("CREATE TABLE t (x INTEGER NOT NULL)");
  try {
    Statement(db, "INSERT INTO t VALUES (NULL)").run();
    FAIL("expected a constraint failure");
  } catch (const SqliteError& e) {
    CHECK(std::string(e.what()) ==
          "sqlite: step 'INSERT INTO t VALUES (NULL)': NOT NULL constraint failed: t.x");
    CHECK(e.code() == SQLITE_CONSTRAINT_NOTNULL);
  }
  CHECK_THROWS_WITH_AS(db.exec("DROP TABLE missing_table"),
                       "sqlite: DROP TABLE missing_table: no such table: missing_table",
                       SqliteError);
  const auto missing = tmp.path().parent_path() / "no_such_dir" / "x.sqlite";
  CHECK_THROWS_WITH_AS(
      Database{missing},
      fmt::format("sqlite: open '{}': unable to open database file", missing.string()).c_str(),
      SqliteError);
  CHECK_THROWS_AS(Database(tmp.path().string() + ".absent", {.read_only = true}), StorageError);
  CHECK_FALSE(std::filesystem::exists(tmp.path().string() + ".absent"));
}

}  // namespace
