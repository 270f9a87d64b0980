# The optional SQLite adapter ivcrush::sqlite (headers under include/ivcrush/adapters/sqlite/),
# linking SQLite::SQLite3 (CMake's FindSQLite3; Debian: libsqlite3-dev). IVCRUSH_WITH_SQLITE:
# AUTO (default), ON or OFF; see cmake/optional_component.cmake.
ivcrush_optional_component(
  sqlite
  OPTION IVCRUSH_WITH_SQLITE
  DESCRIPTION "Build the SQLite storage adapter ivcrush::sqlite"
  PACKAGE SQLite3
  FOUND_VAR SQLite3_FOUND
  LINK SQLite::SQLite3
  DEBIAN libsqlite3-dev
  HEADERS include/ivcrush/adapters/sqlite/sqlite.hpp
          include/ivcrush/adapters/sqlite/database.hpp
          include/ivcrush/adapters/sqlite/statement.hpp
          include/ivcrush/adapters/sqlite/schema.hpp
          include/ivcrush/adapters/sqlite/migrations.hpp
          include/ivcrush/adapters/sqlite/pool.hpp
          include/ivcrush/adapters/sqlite/sqlite_storage.hpp
          include/ivcrush/adapters/sqlite/sqlite_cache.hpp
          include/ivcrush/adapters/sqlite/sqlite_backtest_store.hpp)
