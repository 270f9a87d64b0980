// ivcrush/ports/storage.hpp: the Storage ports, four small concepts a persistent store models.
//
//   template <HistoricalMoveStore S> auto history(S& store, Symbol s, year_month_day event) {
//     return store.latest_moves(s, event, 12);          // newest first, strictly before `event`
//   }
//   save_move(store, move);                             // one row: save_moves({&move, 1})
//   static_assert(Storage<MemoryStorage>);              // all four (adapters/memory_storage.hpp)
//
// The concepts, each over member functions (ADR 0003), composable on their own:
//   EarningsCalendarStore   who reports when
//     save_events(span<const EarningsEvent>)            upsert by (symbol, date); all or nothing
//     earnings_history(symbol, before, limit)           dates < before, newest first, <= limit
//     upcoming_earnings(from, window)                   dates in [from, from + window] (both
//                                                        inclusive), by (date, symbol); window
//                                                        < 0 days is InvalidInput
//   HistoricalMoveStore     measured reactions (earnings/historical_moves.hpp)
//     save_moves(span<const HistoricalMove>) -> size_t  upsert by (symbol, event date); all or
//                                                        nothing; returns how many were written
//     latest_moves(symbol, before, limit)               event dates < before, newest first
//     move_on(symbol, date) -> optional<HistoricalMove>  the move of that event date, if stored
//     latest_moves_batch(symbols, before, limit)        latest_moves for each symbol: a
//                                                        MovesBySymbol with every requested
//                                                        symbol present (maybe with no moves)
//   AnalysisLog             what was analysed and chosen (AnalysisRecord, plain data)
//     append_analysis(record) -> int64                  a new id, larger than every earlier one
//     recent_analyses(limit)                            newest as_of first (ties: newest id)
//     analysis_stats(AnalysisGrouping)                  per regime or strategy type, by key
//   ChainSnapshotStore      option chains as they were, for replay in backtests
//     save_chain(chain)                                 keyed by (underlying, as_of); replaces
//     load_chain(symbol, at) -> optional<OptionChain>   the latest snapshot with as_of <= at
//     snapshot_times(symbol) -> vector<sys_seconds>     every stored as_of, ascending
// Storage is all four. Generic code asks for the smallest concept it needs.
//
// Semantics every model must keep (and the reference MemoryStorage and SqliteStorage do):
// - Time is a parameter: "before", "from", "at" are the caller's, never a clock the store reads,
//   so a backtest asks for history as of the event it replays and cannot see the future.
// - Ordering: as stated per function above; results are fully ordered (no ties left open).
// - Exactness: what was saved is what is loaded (operator== on the records), bit for bit.
//   A loaded chain went through ChainBuilder like a fresh one.
// - Writes of several rows are atomic: after an exception none of them is stored.
// - Errors: bad arguments (an invalid date, a negative window, a record with a non-finite
//   number) throw InvalidInput naming the field and value; a failure of the store itself throws
//   StorageError (or a type derived from it). Nothing is retried or swallowed silently; ivcrush
//   propagates both unchanged. "Nothing found" is an empty vector or std::nullopt, never an error.
// - Ownership: the store copies what it is given; what it returns belongs to the caller.
// - Thread safety: each model says. Both reference models may be called from several threads.
// Complexity is each model's (MemoryStorage: logarithmic lookups, linear scans for windows).
#pragma once

#include <boost/container/flat_map.hpp>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

// The records the stores keep, named here without their headers (chain/option_chain.hpp,
// earnings/historical_moves.hpp) so that the port depends on core alone; a model of a store, and
// every caller, includes them.
class OptionChain;
struct HistoricalMove;

// A failure of the store itself (I/O, a locked or corrupt database, a schema it cannot use):
// not bad input, so not InvalidInput. Adapters derive their own (SqliteError, PoolTimeout).
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One analysis as the scan logged it, with the strategy it chose. Plain data: names are text
// (the scoring layer's enums are not a dependency of storage).
struct AnalysisRecord {
  Symbol symbol;
  std::chrono::sys_seconds as_of{};             // when the analysis ran (UTC)
  std::chrono::year_month_day earnings_date{};  // the announcement analysed
  Percentage implied_move;                      // the move the straddle priced
  double vrp_ratio = 0.0;                       // implied / historical mean move
  std::string recommendation;                   // "excellent", "good", "marginal", "skip"
  std::string regime;                           // market regime name, e.g. "normal"
  std::string strategy_type;                    // e.g. "iron_condor"; empty: none chosen
  std::string strategy_description;             // e.g. "Put: 95/90 | Call: 105/110"
  double score = 0.0;                           // the chosen strategy's score
  std::int64_t contracts = 0;                   // the position size chosen

  friend bool operator==(const AnalysisRecord&, const AnalysisRecord&) = default;
};

enum class AnalysisGrouping { regime, strategy_type };

[[nodiscard]] constexpr std::string_view to_string(AnalysisGrouping g) noexcept {
  return g == AnalysisGrouping::regime ? "regime" : "strategy_type";
}

// Statistics of the logged analyses sharing one regime (or strategy type).
struct AnalysisGroupStats {
  std::string key;  // the regime or strategy type ("" groups the records without one)
  std::int64_t count = 0;
  double mean_vrp_ratio = 0.0;
  double mean_score = 0.0;
  std::int64_t tradeable = 0;  // records recommended "excellent" or "good" (exact, lower case)

  friend bool operator==(const AnalysisGroupStats&, const AnalysisGroupStats&) = default;
};

// latest_moves_batch's result: every requested symbol, in symbol order.
using MovesBySymbol = boost::container::flat_map<Symbol, std::vector<HistoricalMove>>;

namespace detail {

// The recommendations AnalysisGroupStats::tradeable counts (domain-spec §1.7: MARGINAL is not).
[[nodiscard]] constexpr bool is_tradeable_recommendation(std::string_view r) noexcept {
  return r == "excellent" || r == "good";
}

inline void require_non_negative_window(std::chrono::days window) {
  if (window.count() < 0) {
    throw_invalid(ErrorCode::negative, "window", fmt::format("{} days", window.count()),
                  "must not be negative");
  }
}

// A record a store accepts: a symbol, a valid date, finite numbers, contracts >= 0.
inline void require_valid_record(const AnalysisRecord& r) {
  if (r.symbol.view().empty()) {
    throw InvalidInput(ErrorCode::empty, "analysis symbol = '': is empty");
  }
  require_valid_date("analysis earnings date", r.earnings_date);
  require_finite("analysis vrp ratio", r.vrp_ratio);
  require_finite("analysis score", r.score);
  if (r.contracts < 0) {
    throw_invalid(ErrorCode::negative, "analysis contracts", r.contracts, "must not be negative");
  }
}

}  // namespace detail

template <class S>
concept EarningsCalendarStore = requires(S& store, std::span<const EarningsEvent> events,
                                         Symbol symbol, std::chrono::year_month_day date,
                                         std::size_t limit, std::chrono::days window) {
  store.save_events(events);
  { store.earnings_history(symbol, date, limit) } -> std::same_as<std::vector<EarningsEvent>>;
  { store.upcoming_earnings(date, window) } -> std::same_as<std::vector<EarningsEvent>>;
};

template <class S>
concept HistoricalMoveStore = requires(S& store, std::span<const HistoricalMove> moves,
                                       Symbol symbol, std::span<const Symbol> symbols,
                                       std::chrono::year_month_day date, std::size_t limit) {
  { store.save_moves(moves) } -> std::same_as<std::size_t>;
  { store.latest_moves(symbol, date, limit) } -> std::same_as<std::vector<HistoricalMove>>;
  { store.move_on(symbol, date) } -> std::same_as<std::optional<HistoricalMove>>;
  { store.latest_moves_batch(symbols, date, limit) } -> std::same_as<MovesBySymbol>;
};

template <class S>
concept AnalysisLog = requires(S& store, const AnalysisRecord& record, std::size_t limit,
                               AnalysisGrouping grouping) {
  { store.append_analysis(record) } -> std::same_as<std::int64_t>;
  { store.recent_analyses(limit) } -> std::same_as<std::vector<AnalysisRecord>>;
  { store.analysis_stats(grouping) } -> std::same_as<std::vector<AnalysisGroupStats>>;
};

template <class S>
concept ChainSnapshotStore = requires(S& store, const OptionChain& chain, Symbol symbol,
                                      std::chrono::sys_seconds at) {
  store.save_chain(chain);
  { store.load_chain(symbol, at) } -> std::same_as<std::optional<OptionChain>>;
  { store.snapshot_times(symbol) } -> std::same_as<std::vector<std::chrono::sys_seconds>>;
};

template <class S>
concept Storage =
    EarningsCalendarStore<S> && HistoricalMoveStore<S> && AnalysisLog<S> && ChainSnapshotStore<S>;

// One event or one move: the span members with a span of one (one row, one transaction).
template <EarningsCalendarStore S>
void save_event(S& store, const EarningsEvent& event) {
  store.save_events(std::span<const EarningsEvent>(&event, 1));
}

// M is HistoricalMove, a template parameter so that the span is formed where the type is complete.
template <HistoricalMoveStore S, std::same_as<HistoricalMove> M>
void save_move(S& store, const M& move) {
  (void)store.save_moves(std::span<const M>(&move, 1));
}

}  // namespace ivcrush::inline v0
