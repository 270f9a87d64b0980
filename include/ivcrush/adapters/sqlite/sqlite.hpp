// ivcrush/adapters/sqlite/sqlite.hpp: everything of the optional ivcrush::sqlite target.
//
//   #include <ivcrush/adapters/sqlite/sqlite.hpp>    // link ivcrush::sqlite (SQLite::SQLite3)
//   ConnectionPool pool("ivcrush.sqlite");
//   { auto db = pool.checkout(); migrate(*db, schema_migrations(), now); }
//   SqliteStorage store(pool);                       // Storage (ports/storage.hpp)
//   SqliteCache<> cache(pool);                       // ExpiringCache (ports/cache.hpp)
//
// database.hpp (Database, Transaction, SqliteError), statement.hpp (Statement, typed binds),
// schema.hpp (the embedded migrations), migrations.hpp (status, migrate, rollback, skeletons),
// pool.hpp (ConnectionPool, PoolTimeout), sqlite_storage.hpp (SqliteStorage), sqlite_cache.hpp
// (SqliteCache), sqlite_backtest_store.hpp (SqliteBacktestStore). Not included by
// <ivcrush/ivcrush.hpp>: it needs SQLite's headers and library.
#pragma once

#include "ivcrush/adapters/sqlite/database.hpp"
#include "ivcrush/adapters/sqlite/migrations.hpp"
#include "ivcrush/adapters/sqlite/pool.hpp"
#include "ivcrush/adapters/sqlite/schema.hpp"
#include "ivcrush/adapters/sqlite/sqlite_backtest_store.hpp"
#include "ivcrush/adapters/sqlite/sqlite_cache.hpp"
#include "ivcrush/adapters/sqlite/sqlite_storage.hpp"
#include "ivcrush/adapters/sqlite/statement.hpp"
