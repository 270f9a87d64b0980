// ivcrush/adapters/sqlite/sqlite_storage.hpp: the SQLite model of every storage concept.
//
//   ConnectionPool pool("ivcrush.sqlite");
//   { auto db = pool.checkout(); migrate(*db, schema_migrations(), now); }   // or ivcrush-db
//   SqliteStorage store(pool);                      // throws if migrations are pending
//   store.save_moves(moves);                        // one transaction
//   store.latest_moves(Symbol::parse("AAPL"), event_date, 12);
//   store.save_chain(chain);  store.load_chain(Symbol::parse("AAPL"), as_of);
//
// Semantics: exactly those of ports/storage.hpp, the same as MemoryStorage (the tests run both
// through one suite). Every call checks a connection out of the pool for its duration, so a
// SqliteStorage may be used from several threads, and several processes may share the file
// (WAL: readers never block the writer; writers wait up to the busy timeout for each other).
// Every multi-row write (save_events, save_moves, save_chain) is one BEGIN IMMEDIATE
// transaction: all rows or none, also if the process dies mid-way. Reads of several statements
// (latest_moves_batch, load_chain) run in one read transaction, so they see one snapshot.
// Values are always bound (Statement), never spliced into SQL.
// Exactness (ADR 0004): prices, amounts, percentages and volatilities are REAL, the very double
// the library holds (bit for bit); strikes INTEGER ticks; dates ISO text; instants Unix seconds.
// A loaded HistoricalMove rebuilds its bar through DailyBar::make and a loaded chain goes
// through ChainBuilder, so stored data is validated exactly like fresh data; a row that fails
// (a file edited by hand) throws StorageError naming the table and the problem.
// Dates must lie in years 0001-9999 to be stored (ISO text sorts correctly there); date bounds
// of queries outside that range are clamped (so year 32767 means "no bound").
// Errors: InvalidInput for bad arguments (before anything is written); SqliteError,
// PoolTimeout or StorageError for the database. Ownership: the pool is referenced, not owned;
// it must outlive the storage.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/adapters/sqlite/database.hpp"
#include "ivcrush/adapters/sqlite/migrations.hpp"
#include "ivcrush/adapters/sqlite/pool.hpp"
#include "ivcrush/adapters/sqlite/schema.hpp"
#include "ivcrush/adapters/sqlite/statement.hpp"
#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/ports/storage.hpp"

namespace ivcrush::inline v0 {

namespace detail::sqlite_rows {

// A date that ISO text represents in sortable form (4-digit years).
inline void require_storable_date(std::string_view field, std::chrono::year_month_day d) {
  require_valid_date(field, d);
  const int y = static_cast<int>(d.year());
  if (y < 1 || y > 9999) {
    throw_invalid(ErrorCode::out_of_range, field, iso_date(d), "is outside the years 0001-9999");
  }
}

// A query bound as ISO text, clamped to sort before / after every storable date.
[[nodiscard]] inline std::string bound_text(std::chrono::year_month_day d) {
  require_valid_date("date bound", d);
  const int y = static_cast<int>(d.year());
  if (y < 1) return "0000-00-00";
  if (y > 9999) return "9999-99-99";
  return iso_date(d);
}

[[nodiscard]] inline std::int64_t limit_value(std::size_t limit) noexcept {
  constexpr auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(limit > max ? max : limit);
}

// Runs `decode`, turning InvalidInput (a row the library would not accept as input) into a
// StorageError naming where it came from.
template <class F>
auto decoded(std::string_view where, F&& decode) {
  try {
    return decode();
  } catch (const InvalidInput& e) {
    throw StorageError(fmt::format("corrupt row in {}: {}", where, e.what()));
  }
}

inline constexpr std::string_view move_columns =
    "ticker, earnings_date, timing, reaction_timing, timing_inferred, reference_close, "
    "reaction_date, reaction_open, reaction_high, reaction_low, reaction_close, reaction_volume, "
    "gap_move_fraction, close_move_fraction, intraday_range_fraction, volume_ratio";

[[nodiscard]] inline HistoricalMove read_move(const Statement& q) {
  return decoded("historical_moves", [&] {
    HistoricalMove m;
    m.event = EarningsEvent{Symbol::parse(q.text(0)), parse_date(q.text(1)),
                            parse_earnings_timing(q.text(2))};
    m.reaction_timing = parse_earnings_timing(q.text(3));
    m.timing_inferred = q.integer(4) != 0;
    m.reference_close = Price::dollars(q.real(5));
    m.reaction = DailyBar::make(parse_date(q.text(6)), Price::dollars(q.real(7)),
                                Price::dollars(q.real(8)), Price::dollars(q.real(9)),
                                Price::dollars(q.real(10)), q.optional_integer(11));
    m.gap_move = Percentage::from_fraction(q.real(12));
    m.close_move = Percentage::from_fraction(q.real(13));
    m.intraday_range = Percentage::from_fraction(q.real(14));
    m.volume_ratio = q.optional_real(15);
    return m;
  });
}

inline constexpr std::string_view analysis_columns =
    "ticker, as_of, earnings_date, implied_move_fraction, vrp_ratio, recommendation, regime, "
    "strategy_type, strategy_description, strategy_score, contracts";

[[nodiscard]] inline AnalysisRecord read_analysis(const Statement& q) {
  return decoded("analysis_log", [&] {
    AnalysisRecord r;
    r.symbol = Symbol::parse(q.text(0));
    r.as_of = std::chrono::sys_seconds(std::chrono::seconds(q.integer(1)));
    r.earnings_date = parse_date(q.text(2));
    r.implied_move = Percentage::from_fraction(q.real(3));
    r.vrp_ratio = q.real(4);
    r.recommendation = q.text(5);
    r.regime = q.text(6);
    r.strategy_type = q.text(7);
    r.strategy_description = q.text(8);
    r.score = q.real(9);
    r.contracts = q.integer(10);
    return r;
  });
}

}  // namespace detail::sqlite_rows

class SqliteStorage {
 public:
  // Checks that the database has every migration of schema_migrations() applied (StorageError
  // naming the versions otherwise: run `ivcrush-db <file> migrate`).
  explicit SqliteStorage(ConnectionPool& pool) : pool_(&pool) {
    auto db = pool_->checkout();
    const MigrationStatus status = migration_status(*db, schema_migrations());
    if (!status.pending.empty()) {
      throw StorageError(fmt::format(
          "database '{}' is at schema version {}, ivcrush needs {}: run `ivcrush-db {} migrate`",
          pool_->path().string(), status.current_version, status.latest_version,
          pool_->path().string()));
    }
  }

  // ---- EarningsCalendarStore ----------------------------------------------------------------

  void save_events(std::span<const EarningsEvent> events) {
    for (const EarningsEvent& e : events) {
      detail::sqlite_rows::require_storable_date("earnings date", e.date);
    }
    if (events.empty()) return;
    auto db = pool_->checkout();
    Transaction tx(*db);
    Statement insert(*db,
                     "INSERT INTO earnings_calendar (ticker, earnings_date, timing) VALUES (?1, "
                     "?2, ?3) ON CONFLICT (ticker, earnings_date) DO UPDATE SET timing = "
                     "excluded.timing");
    for (const EarningsEvent& e : events) {
      insert.bind_all(e.symbol.view(), detail::iso_date(e.date), to_string(e.timing)).run();
    }
    tx.commit();
  }

  [[nodiscard]] std::vector<EarningsEvent> earnings_history(Symbol symbol,
                                                            std::chrono::year_month_day before,
                                                            std::size_t limit) const {
    const std::string bound = detail::sqlite_rows::bound_text(before);
    auto db = pool_->checkout();
    Statement q(*db,
                "SELECT ticker, earnings_date, timing FROM earnings_calendar WHERE ticker = ?1 "
                "AND earnings_date < ?2 ORDER BY earnings_date DESC LIMIT ?3");
    q.bind_all(symbol.view(), bound, detail::sqlite_rows::limit_value(limit));
    return read_events(q);
  }

  [[nodiscard]] std::vector<EarningsEvent> upcoming_earnings(std::chrono::year_month_day from,
                                                             std::chrono::days window) const {
    detail::require_valid_date("from", from);
    detail::require_non_negative_window(window);
    const std::string first = detail::sqlite_rows::bound_text(from);
    const std::string last = detail::sqlite_rows::bound_text(
        std::chrono::year_month_day{std::chrono::sys_days{from} + window});
    auto db = pool_->checkout();
    Statement q(*db,
                "SELECT ticker, earnings_date, timing FROM earnings_calendar WHERE earnings_date "
                "BETWEEN ?1 AND ?2 ORDER BY earnings_date, ticker");
    q.bind_all(first, last);
    return read_events(q);
  }

  // ---- HistoricalMoveStore ------------------------------------------------------------------

  std::size_t save_moves(std::span<const HistoricalMove> moves) {
    for (const HistoricalMove& m : moves) require_storable_move(m);
    if (moves.empty()) return 0;
    auto db = pool_->checkout();
    Transaction tx(*db);
    Statement insert(
        *db, fmt::format("INSERT INTO historical_moves ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                         "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) ON CONFLICT (ticker, "
                         "earnings_date) DO UPDATE SET timing = excluded.timing, reaction_timing "
                         "= excluded.reaction_timing, timing_inferred = excluded.timing_inferred, "
                         "reference_close = excluded.reference_close, reaction_date = "
                         "excluded.reaction_date, reaction_open = excluded.reaction_open, "
                         "reaction_high = excluded.reaction_high, reaction_low = "
                         "excluded.reaction_low, reaction_close = excluded.reaction_close, "
                         "reaction_volume = excluded.reaction_volume, gap_move_fraction = "
                         "excluded.gap_move_fraction, close_move_fraction = "
                         "excluded.close_move_fraction, intraday_range_fraction = "
                         "excluded.intraday_range_fraction, volume_ratio = excluded.volume_ratio",
                         detail::sqlite_rows::move_columns));
    for (const HistoricalMove& m : moves) {
      const DailyBar& bar = m.reaction;
      insert
          .bind_all(m.event.symbol.view(), detail::iso_date(m.event.date),
                    to_string(m.event.timing), to_string(m.reaction_timing),
                    m.timing_inferred ? 1 : 0, m.reference_close.dollars(),
                    detail::iso_date(bar.date()), bar.open().dollars(), bar.high().dollars(),
                    bar.low().dollars(), bar.close().dollars(), bar.volume(), m.gap_move.fraction(),
                    m.close_move.fraction(), m.intraday_range.fraction(), m.volume_ratio)
          .run();
    }
    tx.commit();
    return moves.size();
  }

  [[nodiscard]] std::vector<HistoricalMove> latest_moves(Symbol symbol,
                                                         std::chrono::year_month_day before,
                                                         std::size_t limit) const {
    const std::string bound = detail::sqlite_rows::bound_text(before);
    auto db = pool_->checkout();
    Statement q = latest_moves_query(*db);
    return read_latest(q, symbol, bound, limit);
  }

  [[nodiscard]] std::optional<HistoricalMove> move_on(Symbol symbol,
                                                      std::chrono::year_month_day date) const {
    detail::require_valid_date("date", date);
    auto db = pool_->checkout();
    Statement q(*db, fmt::format("SELECT {} FROM historical_moves WHERE ticker = ?1 AND "
                                 "earnings_date = ?2",
                                 detail::sqlite_rows::move_columns));
    q.bind_all(symbol.view(), detail::iso_date(date));
    if (!q.step()) return std::nullopt;
    return detail::sqlite_rows::read_move(q);
  }

  // One prepared statement run per symbol (each an index range scan), inside one read
  // transaction so that all symbols see the same snapshot.
  [[nodiscard]] MovesBySymbol latest_moves_batch(std::span<const Symbol> symbols,
                                                 std::chrono::year_month_day before,
                                                 std::size_t limit) const {
    const std::string bound = detail::sqlite_rows::bound_text(before);
    MovesBySymbol out;
    out.reserve(symbols.size());
    auto db = pool_->checkout();
    Transaction tx(*db, TransactionMode::deferred);
    Statement q = latest_moves_query(*db);
    for (const Symbol& s : symbols) {
      out[s] = read_latest(q, s, bound, limit);
      q.reset();
    }
    tx.commit();
    return out;
  }

  // ---- AnalysisLog --------------------------------------------------------------------------

  std::int64_t append_analysis(const AnalysisRecord& r) {
    detail::require_valid_record(r);
    detail::sqlite_rows::require_storable_date("analysis earnings date", r.earnings_date);
    auto db = pool_->checkout();
    Statement(*db, fmt::format("INSERT INTO analysis_log ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                               "?7, ?8, ?9, ?10, ?11)",
                               detail::sqlite_rows::analysis_columns))
        .bind_all(r.symbol.view(), r.as_of.time_since_epoch().count(),
                  detail::iso_date(r.earnings_date), r.implied_move.fraction(), r.vrp_ratio,
                  r.recommendation, r.regime, r.strategy_type, r.strategy_description, r.score,
                  r.contracts)
        .run();
    return db->last_insert_rowid();
  }

  [[nodiscard]] std::vector<AnalysisRecord> recent_analyses(std::size_t limit) const {
    auto db = pool_->checkout();
    Statement q(*db, fmt::format("SELECT {} FROM analysis_log ORDER BY as_of DESC, id DESC "
                                 "LIMIT ?1",
                                 detail::sqlite_rows::analysis_columns));
    q.bind_all(detail::sqlite_rows::limit_value(limit));
    std::vector<AnalysisRecord> out;
    while (q.step()) out.push_back(detail::sqlite_rows::read_analysis(q));
    return out;
  }

  [[nodiscard]] std::vector<AnalysisGroupStats> analysis_stats(AnalysisGrouping grouping) const {
    // The column is one of two fixed names, chosen by the enum: no text from outside.
    const std::string_view column =
        grouping == AnalysisGrouping::regime ? "regime" : "strategy_type";
    auto db = pool_->checkout();
    Statement q(*db, fmt::format("SELECT {0}, COUNT(*), AVG(vrp_ratio), AVG(strategy_score), "
                                 "SUM(recommendation IN ('excellent', 'good')) FROM analysis_log "
                                 "GROUP BY {0} ORDER BY {0}",
                                 column));
    std::vector<AnalysisGroupStats> out;
    while (q.step()) {
      out.push_back(AnalysisGroupStats{std::string(q.text(0)), q.integer(1), q.real(2), q.real(3),
                                       q.integer(4)});
    }
    return out;
  }

  // ---- ChainSnapshotStore -------------------------------------------------------------------

  void save_chain(const OptionChain& chain) {
    const auto contracts = chain.contracts();
    const auto quotes = chain.quotes();
    for (const ContractKey& k : contracts) {
      detail::sqlite_rows::require_storable_date("expiration", k.expiration.date());
    }
    auto db = pool_->checkout();
    Transaction tx(*db);
    const Symbol underlying = chain.underlying();  // by value: view() must not outlive it
    const std::string_view ticker = underlying.view();
    const std::int64_t as_of = chain.as_of().time_since_epoch().count();
    // Replacing deletes the old snapshot; its quotes go with it (ON DELETE CASCADE).
    Statement(*db, "DELETE FROM chain_snapshots WHERE ticker = ?1 AND as_of = ?2")
        .bind_all(ticker, as_of)
        .run();
    Statement(*db, "INSERT INTO chain_snapshots (ticker, as_of, spot) VALUES (?1, ?2, ?3)")
        .bind_all(ticker, as_of, chain.spot().dollars())
        .run();
    const std::int64_t id = db->last_insert_rowid();
    Statement insert(*db,
                     "INSERT INTO chain_quotes (snapshot_id, expiration, strike_ticks, "
                     "option_right, bid, ask, last, bid_size, ask_size, volume, open_interest, "
                     "vendor_iv_fraction, vendor_delta, vendor_gamma, vendor_theta_per_day, "
                     "vendor_vega_per_vol_point, one_sided) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                     "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    for (std::size_t i = 0; i < quotes.size(); ++i) {
      const ContractKey& k = contracts[i];
      const OptionQuote& q = quotes[i];
      // last and vendor_iv are bound after the others (NULL first): binding them through a
      // temporary std::optional<double> trips g++ 12's -Wmaybe-uninitialized.
      insert.bind_all(id, detail::iso_date(k.expiration.date()), k.strike.ticks(),
                      to_string(k.right), q.bid.dollars(), q.ask.dollars(), std::nullopt,
                      q.bid_size, q.ask_size, q.volume, q.open_interest, std::nullopt,
                      q.vendor_greeks.delta, q.vendor_greeks.gamma, q.vendor_greeks.theta_per_day,
                      q.vendor_greeks.vega_per_vol_point, q.one_sided ? 1 : 0);
      if (q.last) insert.bind(7, q.last->dollars());
      if (q.vendor_iv) insert.bind(12, q.vendor_iv->fraction());
      insert.run();
    }
    tx.commit();
  }

  [[nodiscard]] std::optional<OptionChain> load_chain(Symbol symbol,
                                                      std::chrono::sys_seconds at) const {
    auto db = pool_->checkout();
    Transaction tx(*db, TransactionMode::deferred);
    Statement head(*db,
                   "SELECT id, as_of, spot FROM chain_snapshots WHERE ticker = ?1 AND as_of <= "
                   "?2 ORDER BY as_of DESC LIMIT 1");
    head.bind_all(symbol.view(), at.time_since_epoch().count());
    if (!head.step()) return std::nullopt;
    const std::int64_t id = head.integer(0);
    const std::chrono::sys_seconds as_of{std::chrono::seconds(head.integer(1))};
    const std::string where = fmt::format("chain_snapshots {} as of {}s (id {})", symbol.view(),
                                          as_of.time_since_epoch().count(), id);
    ChainBuilder builder = detail::sqlite_rows::decoded(where, [&] {
      return ChainBuilder(symbol, as_of, Price::dollars(head.real(2)),
                          {.one_sided = OneSidedQuotes::keep_with_zero_bid,
                           .duplicates = DuplicateQuotes::reject_all});
    });
    Statement q(*db,
                "SELECT expiration, strike_ticks, option_right, bid, ask, last, bid_size, "
                "ask_size, volume, open_interest, vendor_iv_fraction, vendor_delta, "
                "vendor_gamma, vendor_theta_per_day, vendor_vega_per_vol_point, one_sided FROM "
                "chain_quotes WHERE snapshot_id = ?1 ORDER BY expiration, strike_ticks, "
                "option_right");
    q.bind_all(id);
    std::size_t line = 0;
    while (q.step()) {
      ++line;
      detail::sqlite_rows::decoded(where, [&] {
        QuoteInput in;
        in.expiration = parse_date(q.text(0));
        // ticks / 1000 is within one rounding of the grid; ChainBuilder snaps it back exactly.
        in.strike = Strike::from_ticks(q.integer(1)).dollars();
        in.right = parse_option_right(q.text(2));
        if (q.integer(15) == 0) in.bid = q.real(3);  // one-sided: the source had no bid
        in.ask = q.real(4);
        in.last = q.optional_real(5);
        in.bid_size = q.optional_integer(6);
        in.ask_size = q.optional_integer(7);
        in.volume = q.optional_integer(8);
        in.open_interest = q.optional_integer(9);
        in.vendor_iv = q.optional_real(10);
        in.vendor_delta = q.optional_real(11);
        in.vendor_gamma = q.optional_real(12);
        in.vendor_theta_per_day = q.optional_real(13);
        in.vendor_vega_per_vol_point = q.optional_real(14);
        in.source_line = line;
        builder.add(in);
      });
    }
    tx.commit();
    ChainBuildResult result = std::move(builder).build();
    if (!result.rejects.empty()) {
      throw StorageError(fmt::format("corrupt row in {}: quote {}: {}", where,
                                     result.rejects.front().input.source_line,
                                     result.rejects.front().message));
    }
    return std::move(result.chain);
  }

  [[nodiscard]] std::vector<std::chrono::sys_seconds> snapshot_times(Symbol symbol) const {
    auto db = pool_->checkout();
    Statement q(*db, "SELECT as_of FROM chain_snapshots WHERE ticker = ?1 ORDER BY as_of");
    q.bind_all(symbol.view());
    std::vector<std::chrono::sys_seconds> out;
    while (q.step()) out.emplace_back(std::chrono::seconds(q.integer(0)));
    return out;
  }

 private:
  static void require_storable_move(const HistoricalMove& m) {
    detail::sqlite_rows::require_storable_date("move date", m.event.date);
    detail::sqlite_rows::require_storable_date("reaction date", m.reaction.date());
    // The checks a load applies, applied now: a move that could not be read back is refused.
    const DailyBar& b = m.reaction;
    (void)DailyBar::make(b.date(), b.open(), b.high(), b.low(), b.close(), b.volume());
    detail::require_finite("reference close", m.reference_close.dollars());
    if (m.volume_ratio) detail::require_finite("volume ratio", *m.volume_ratio);
  }

  static std::vector<EarningsEvent> read_events(Statement& q) {
    std::vector<EarningsEvent> out;
    while (q.step()) {
      out.push_back(detail::sqlite_rows::decoded("earnings_calendar", [&] {
        return EarningsEvent{Symbol::parse(q.text(0)), parse_date(q.text(1)),
                             parse_earnings_timing(q.text(2))};
      }));
    }
    return out;
  }

  static Statement latest_moves_query(Database& db) {
    return Statement(db, fmt::format("SELECT {} FROM historical_moves WHERE ticker = ?1 AND "
                                     "earnings_date < ?2 ORDER BY earnings_date DESC LIMIT ?3",
                                     detail::sqlite_rows::move_columns));
  }

  static std::vector<HistoricalMove> read_latest(Statement& q, Symbol symbol,
                                                 const std::string& bound, std::size_t limit) {
    q.bind_all(symbol.view(), bound, detail::sqlite_rows::limit_value(limit));
    std::vector<HistoricalMove> out;
    while (q.step()) out.push_back(detail::sqlite_rows::read_move(q));
    return out;
  }

  ConnectionPool* pool_;
};

static_assert(Storage<SqliteStorage>);

}  // namespace ivcrush::inline v0
