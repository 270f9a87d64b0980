// ivcrush/adapters/sqlite/schema.hpp: the SQLite schema, as numbered migrations in C++ constants.
//
//   Database db("ivcrush.sqlite");
//   migrate(db, schema_migrations(), now);        // migrations.hpp: applies what is pending
//   schema_migrations().back().version            // 6: the version SqliteStorage needs
//
// The SQL lives here as string constants, so the installed package needs no data files and a
// program always carries the schema it was compiled against. A migration is a version, a name,
// the SQL that applies it and the SQL that undoes it (empty: irreversible). Never edit a
// migration that has shipped: the engine checksums each applied one and refuses a database whose
// recorded checksum differs. Change the schema by appending a migration (`ivcrush-db create
// <name>` writes the skeleton).
// Tables (domain-spec §6.5, the tables in scope; units in the column names; ADR 0004):
//   1 earnings_calendar  (ticker, earnings_date) -> timing;  ticker_metadata
//   2 historical_moves   one measured reaction per (ticker, earnings_date)
//   3 analysis_log       one row per analysis with its chosen strategy
//   4 cache              the SqliteCache tier: key -> value blob, expires_at_ns
//   5 chain_snapshots    (ticker, as_of) -> spot; chain_quotes: its quotes, cascade-deleted
//   6 backtest_runs      one row per backtest run; backtest_trades: its trades in order
//                        (run_id, seq), cascade-deleted with the run
// Representation: dates are ISO text "YYYY-MM-DD" (sortable, readable in the sqlite3 shell);
// instants are INTEGER Unix seconds (cache expiries: nanoseconds); prices, amounts, percentages
// and volatilities are REAL holding the library's double exactly (percentages and volatilities
// as fractions, hence the `_fraction` suffixes); strikes are INTEGER $0.001 ticks.
#pragma once

#include <span>
#include <string_view>

namespace ivcrush::inline v0 {

struct Migration {
  int version = 0;            // 1, 2, 3, ... without gaps
  std::string_view name;      // snake_case
  std::string_view up_sql;    // applies it (several statements allowed)
  std::string_view down_sql;  // undoes it; empty: the migration cannot be rolled back
};

namespace detail::sql {

inline constexpr std::string_view earnings_calendar_up = R"sql(
CREATE TABLE earnings_calendar (
  ticker        TEXT NOT NULL,
  earnings_date TEXT NOT NULL,
  timing        TEXT NOT NULL CHECK (timing IN ('BMO', 'AMC', 'DMH', 'UNKNOWN')),
  PRIMARY KEY (ticker, earnings_date)
) WITHOUT ROWID;
CREATE INDEX idx_earnings_calendar_date ON earnings_calendar (earnings_date);
CREATE TABLE ticker_metadata (
  ticker             TEXT PRIMARY KEY NOT NULL,
  company_name       TEXT,
  sector             TEXT,
  industry           TEXT,
  market_cap_dollars REAL,
  avg_volume_shares  REAL,
  updated_at         INTEGER
);
)sql";

inline constexpr std::string_view earnings_calendar_down = R"sql(
DROP TABLE ticker_metadata;
DROP TABLE earnings_calendar;
)sql";

inline constexpr std::string_view historical_moves_up = R"sql(
CREATE TABLE historical_moves (
  id                      INTEGER PRIMARY KEY,
  ticker                  TEXT NOT NULL,
  earnings_date           TEXT NOT NULL,
  timing                  TEXT NOT NULL CHECK (timing IN ('BMO', 'AMC', 'DMH', 'UNKNOWN')),
  reaction_timing         TEXT NOT NULL CHECK (reaction_timing IN ('BMO', 'AMC', 'DMH')),
  timing_inferred         INTEGER NOT NULL CHECK (timing_inferred IN (0, 1)),
  reference_close         REAL NOT NULL,
  reaction_date           TEXT NOT NULL,
  reaction_open           REAL NOT NULL,
  reaction_high           REAL NOT NULL,
  reaction_low            REAL NOT NULL,
  reaction_close          REAL NOT NULL,
  reaction_volume         INTEGER,
  gap_move_fraction       REAL NOT NULL,
  close_move_fraction     REAL NOT NULL,
  intraday_range_fraction REAL NOT NULL,
  volume_ratio            REAL,
  UNIQUE (ticker, earnings_date)
);
CREATE INDEX idx_historical_moves_date ON historical_moves (earnings_date);
)sql";

inline constexpr std::string_view historical_moves_down = R"sql(
DROP TABLE historical_moves;
)sql";

inline constexpr std::string_view analysis_log_up = R"sql(
CREATE TABLE analysis_log (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  as_of                  INTEGER NOT NULL,
  ticker                 TEXT NOT NULL,
  earnings_date          TEXT NOT NULL,
  implied_move_fraction  REAL NOT NULL,
  vrp_ratio              REAL NOT NULL,
  recommendation         TEXT NOT NULL,
  regime                 TEXT NOT NULL,
  strategy_type          TEXT NOT NULL,
  strategy_description   TEXT NOT NULL,
  strategy_score         REAL NOT NULL,
  contracts              INTEGER NOT NULL CHECK (contracts >= 0)
);
CREATE INDEX idx_analysis_log_ticker ON analysis_log (ticker);
CREATE INDEX idx_analysis_log_as_of ON analysis_log (as_of);
CREATE INDEX idx_analysis_log_recommendation ON analysis_log (recommendation);
CREATE INDEX idx_analysis_log_regime ON analysis_log (regime);
CREATE INDEX idx_analysis_log_strategy_type ON analysis_log (strategy_type);
)sql";

inline constexpr std::string_view analysis_log_down = R"sql(
DROP TABLE analysis_log;
)sql";

inline constexpr std::string_view cache_up = R"sql(
CREATE TABLE cache (
  key           TEXT PRIMARY KEY NOT NULL,
  value         BLOB NOT NULL,
  expires_at_ns INTEGER NOT NULL,
  version       TEXT NOT NULL DEFAULT 'v1'
);
CREATE INDEX idx_cache_expires_at ON cache (expires_at_ns);
)sql";

inline constexpr std::string_view cache_down = R"sql(
DROP TABLE cache;
)sql";

inline constexpr std::string_view chain_snapshots_up = R"sql(
CREATE TABLE chain_snapshots (
  id          INTEGER PRIMARY KEY,
  ticker      TEXT NOT NULL,
  as_of       INTEGER NOT NULL,
  spot        REAL NOT NULL,
  UNIQUE (ticker, as_of)
);
CREATE TABLE chain_quotes (
  snapshot_id               INTEGER NOT NULL
                            REFERENCES chain_snapshots (id) ON DELETE CASCADE,
  expiration                TEXT NOT NULL,
  strike_ticks              INTEGER NOT NULL CHECK (strike_ticks > 0),
  option_right              TEXT NOT NULL CHECK (option_right IN ('call', 'put')),
  bid                       REAL NOT NULL,
  ask                       REAL NOT NULL,
  last                      REAL,
  bid_size                  INTEGER,
  ask_size                  INTEGER,
  volume                    INTEGER,
  open_interest             INTEGER,
  vendor_iv_fraction        REAL,
  vendor_delta              REAL,
  vendor_gamma              REAL,
  vendor_theta_per_day      REAL,
  vendor_vega_per_vol_point REAL,
  one_sided                 INTEGER NOT NULL CHECK (one_sided IN (0, 1)),
  PRIMARY KEY (snapshot_id, expiration, strike_ticks, option_right)
) WITHOUT ROWID;
)sql";

inline constexpr std::string_view chain_snapshots_down = R"sql(
DROP TABLE chain_quotes;
DROP TABLE chain_snapshots;
)sql";

inline constexpr std::string_view backtest_runs_up = R"sql(
CREATE TABLE backtest_runs (
  run_id                           TEXT PRIMARY KEY NOT NULL,
  policy                           TEXT NOT NULL,
  description                      TEXT NOT NULL,
  start_date                       TEXT NOT NULL,
  end_date                         TEXT NOT NULL,
  created_at                       INTEGER NOT NULL,
  events                           INTEGER NOT NULL CHECK (events >= 0),
  trades                           INTEGER NOT NULL CHECK (trades >= 0),
  skipped                          INTEGER NOT NULL CHECK (skipped >= 0),
  modeled_trades                   INTEGER NOT NULL CHECK (modeled_trades >= 0),
  win_rate_fraction                REAL,
  total_pnl                        REAL NOT NULL,
  avg_pnl                          REAL,
  profit_factor                    REAL,
  expectancy                       REAL,
  sharpe_per_trade                 REAL,
  sharpe_annualized                REAL,
  sortino_annualized               REAL,
  max_drawdown                     REAL NOT NULL,
  max_drawdown_compounded_fraction REAL NOT NULL,
  periods_per_year                 REAL,
  annualization                    TEXT NOT NULL
);
CREATE INDEX idx_backtest_runs_created_at ON backtest_runs (created_at);
CREATE TABLE backtest_trades (
  run_id        TEXT NOT NULL REFERENCES backtest_runs (run_id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL CHECK (seq >= 0),
  ticker        TEXT NOT NULL,
  earnings_date TEXT NOT NULL,
  timing        TEXT NOT NULL CHECK (timing IN ('BMO', 'AMC', 'DMH', 'UNKNOWN')),
  policy        TEXT NOT NULL,
  strategy      TEXT NOT NULL,
  legs          TEXT NOT NULL,
  contracts     INTEGER NOT NULL CHECK (contracts >= 0),
  entry_credit  REAL NOT NULL,
  exit_cost     REAL NOT NULL,
  pnl           REAL NOT NULL,
  risk          REAL NOT NULL CHECK (risk > 0),
  chain_source  TEXT NOT NULL CHECK (chain_source IN ('market', 'modeled')),
  score         REAL NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE INDEX idx_backtest_trades_ticker ON backtest_trades (ticker, earnings_date);
)sql";

inline constexpr std::string_view backtest_runs_down = R"sql(
DROP TABLE backtest_trades;
DROP TABLE backtest_runs;
)sql";

inline constexpr Migration all[] = {
    {1, "earnings_calendar", earnings_calendar_up, earnings_calendar_down},
    {2, "historical_moves", historical_moves_up, historical_moves_down},
    {3, "analysis_log", analysis_log_up, analysis_log_down},
    {4, "cache", cache_up, cache_down},
    {5, "chain_snapshots", chain_snapshots_up, chain_snapshots_down},
    {6, "backtest_runs", backtest_runs_up, backtest_runs_down},
};

}  // namespace detail::sql

// ivcrush's migrations, in version order. SqliteStorage, SqliteCache and SqliteBacktestStore
// need all of them.
[[nodiscard]] constexpr std::span<const Migration> schema_migrations() noexcept {
  return detail::sql::all;
}

}  // namespace ivcrush::inline v0
