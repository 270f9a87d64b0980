// ivcrush/adapters/memory_storage.hpp: the reference Storage, in memory (no database needed).
//
//   MemoryStorage store;
//   save_event(store, {Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open});
//   store.save_moves(moves);                                  // upsert, all or nothing
//   store.latest_moves(Symbol::parse("JPM"), 2024y / July / 12, 12);   // newest first
//   store.save_chain(chain);
//   store.load_chain(Symbol::parse("JPM"), as_of);            // latest snapshot at or before
//
// A model of every storage concept (ports/storage.hpp), with exactly the semantics documented
// there: it is the executable specification the SQLite adapter is tested against, and what a
// backtest uses when there is no database. Nothing persists beyond the object.
// Storage: flat sorted vectors (boost::container::flat_map) keyed by (symbol, date) or
// (symbol, as_of), so lookups are O(log n) and "latest N before a date" is one binary search
// plus N steps back; upcoming_earnings and analysis_stats scan everything (O(n)); saves are
// O(n) per new key (a flat_map insert), fine for the thousands of rows a backtest holds.
// Atomicity: every batch is validated first, then applied; applying only copies records, so a
// failed save (InvalidInput, std::bad_alloc) leaves the store as it was. Saved chains are kept
// as built (they came out of ChainBuilder already) and returned as copies.
// Thread safety: every member function may be called concurrently (one mutex serialises them).
// Errors: InvalidInput for invalid dates, a negative window or an invalid AnalysisRecord.
#pragma once

#include <algorithm>
#include <boost/container/flat_map.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/ports/storage.hpp"

namespace ivcrush::inline v0 {

class MemoryStorage {
 public:
  MemoryStorage() = default;
  MemoryStorage(const MemoryStorage&) = delete;
  MemoryStorage& operator=(const MemoryStorage&) = delete;

  // ---- EarningsCalendarStore ----------------------------------------------------------------

  void save_events(std::span<const EarningsEvent> events) {
    for (const EarningsEvent& e : events) detail::require_valid_date("earnings date", e.date);
    const std::lock_guard lock(mutex_);
    reserve_new(events_, events.size());
    for (const EarningsEvent& e : events) events_.insert_or_assign(key(e.symbol, e.date), e);
  }

  [[nodiscard]] std::vector<EarningsEvent> earnings_history(Symbol symbol,
                                                            std::chrono::year_month_day before,
                                                            std::size_t limit) const {
    detail::require_valid_date("before", before);
    const std::lock_guard lock(mutex_);
    return latest_before(events_, symbol, before, limit);
  }

  [[nodiscard]] std::vector<EarningsEvent> upcoming_earnings(std::chrono::year_month_day from,
                                                             std::chrono::days window) const {
    detail::require_valid_date("from", from);
    detail::require_non_negative_window(window);
    const std::chrono::sys_days first{from};
    const std::chrono::sys_days last = first + window;
    std::vector<EarningsEvent> out;
    {
      const std::lock_guard lock(mutex_);
      for (const auto& [key, event] : events_) {
        if (key.date >= first && key.date <= last) out.push_back(event);
      }
    }
    std::sort(out.begin(), out.end(), [](const EarningsEvent& a, const EarningsEvent& b) {
      const std::chrono::sys_days da{a.date};
      const std::chrono::sys_days db{b.date};
      return da != db ? da < db : a.symbol < b.symbol;
    });
    return out;
  }

  // ---- HistoricalMoveStore ------------------------------------------------------------------

  std::size_t save_moves(std::span<const HistoricalMove> moves) {
    for (const HistoricalMove& m : moves) detail::require_valid_date("move date", m.event.date);
    const std::lock_guard lock(mutex_);
    reserve_new(moves_, moves.size());
    for (const HistoricalMove& m : moves) {
      moves_.insert_or_assign(key(m.event.symbol, m.event.date), m);
    }
    return moves.size();
  }

  [[nodiscard]] std::vector<HistoricalMove> latest_moves(Symbol symbol,
                                                         std::chrono::year_month_day before,
                                                         std::size_t limit) const {
    detail::require_valid_date("before", before);
    const std::lock_guard lock(mutex_);
    return latest_before(moves_, symbol, before, limit);
  }

  [[nodiscard]] std::optional<HistoricalMove> move_on(Symbol symbol,
                                                      std::chrono::year_month_day date) const {
    detail::require_valid_date("date", date);
    const std::lock_guard lock(mutex_);
    const auto it = moves_.find(key(symbol, date));
    if (it == moves_.end()) return std::nullopt;
    return it->second;
  }

  [[nodiscard]] MovesBySymbol latest_moves_batch(std::span<const Symbol> symbols,
                                                 std::chrono::year_month_day before,
                                                 std::size_t limit) const {
    detail::require_valid_date("before", before);
    MovesBySymbol out;
    out.reserve(symbols.size());
    const std::lock_guard lock(mutex_);
    for (const Symbol& s : symbols) out[s] = latest_before(moves_, s, before, limit);
    return out;
  }

  // ---- AnalysisLog --------------------------------------------------------------------------

  std::int64_t append_analysis(const AnalysisRecord& record) {
    detail::require_valid_record(record);
    const std::lock_guard lock(mutex_);
    const std::int64_t id = static_cast<std::int64_t>(analyses_.size()) + 1;
    analyses_.push_back(record);
    return id;
  }

  [[nodiscard]] std::vector<AnalysisRecord> recent_analyses(std::size_t limit) const {
    const std::lock_guard lock(mutex_);
    // Ids are positions + 1; newest as_of first, ties by the larger id (the later append).
    std::vector<std::size_t> order(analyses_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return analyses_[a].as_of != analyses_[b].as_of ? analyses_[a].as_of > analyses_[b].as_of
                                                      : a > b;
    });
    std::vector<AnalysisRecord> out;
    out.reserve(std::min(limit, order.size()));
    for (std::size_t i = 0; i < order.size() && out.size() < limit; ++i) {
      out.push_back(analyses_[order[i]]);
    }
    return out;
  }

  [[nodiscard]] std::vector<AnalysisGroupStats> analysis_stats(AnalysisGrouping grouping) const {
    struct Sums {
      std::int64_t count = 0;
      double vrp = 0.0;
      double score = 0.0;
      std::int64_t tradeable = 0;
    };
    std::map<std::string, Sums> groups;  // ordered by key, as the port requires
    {
      const std::lock_guard lock(mutex_);
      for (const AnalysisRecord& r : analyses_) {
        Sums& s = groups[grouping == AnalysisGrouping::regime ? r.regime : r.strategy_type];
        ++s.count;
        s.vrp += r.vrp_ratio;
        s.score += r.score;
        if (detail::is_tradeable_recommendation(r.recommendation)) ++s.tradeable;
      }
    }
    std::vector<AnalysisGroupStats> out;
    out.reserve(groups.size());
    for (const auto& [key, s] : groups) {
      const auto n = static_cast<double>(s.count);
      out.push_back(AnalysisGroupStats{key, s.count, s.vrp / n, s.score / n, s.tradeable});
    }
    return out;
  }

  // ---- ChainSnapshotStore -------------------------------------------------------------------

  void save_chain(const OptionChain& chain) {
    const std::lock_guard lock(mutex_);
    chains_.insert_or_assign(TimedKey{chain.underlying(), chain.as_of()}, chain);
  }

  [[nodiscard]] std::optional<OptionChain> load_chain(Symbol symbol,
                                                      std::chrono::sys_seconds at) const {
    const std::lock_guard lock(mutex_);
    // The first key after (symbol, at), then one step back: the latest as_of <= at.
    auto it = chains_.upper_bound(TimedKey{symbol, at});
    if (it == chains_.begin()) return std::nullopt;
    --it;
    if (it->first.symbol != symbol) return std::nullopt;
    return it->second;
  }

  [[nodiscard]] std::vector<std::chrono::sys_seconds> snapshot_times(Symbol symbol) const {
    const std::lock_guard lock(mutex_);
    std::vector<std::chrono::sys_seconds> out;
    for (auto it = chains_.lower_bound(TimedKey{symbol, std::chrono::sys_seconds::min()});
         it != chains_.end() && it->first.symbol == symbol; ++it) {
      out.push_back(it->first.as_of);
    }
    return out;
  }

 private:
  struct DatedKey {
    Symbol symbol;
    std::chrono::sys_days date;
    friend auto operator<=>(const DatedKey&, const DatedKey&) = default;
  };
  struct TimedKey {
    Symbol symbol;
    std::chrono::sys_seconds as_of;
    friend auto operator<=>(const TimedKey&, const TimedKey&) = default;
  };

  static DatedKey key(Symbol symbol, std::chrono::year_month_day date) noexcept {
    return DatedKey{symbol, std::chrono::sys_days{date}};
  }

  // Room for every key of a batch up front, so the inserts cannot fail half way for memory.
  template <class Map>
  static void reserve_new(Map& map, std::size_t batch) {
    map.reserve(map.size() + batch);
  }

  // The last `limit` entries of `symbol` dated strictly before `before`, newest first.
  template <class Map>
  static std::vector<typename Map::mapped_type> latest_before(const Map& map, Symbol symbol,
                                                              std::chrono::year_month_day before,
                                                              std::size_t limit) {
    std::vector<typename Map::mapped_type> out;
    const auto first = map.lower_bound(DatedKey{symbol, std::chrono::sys_days::min()});
    auto it = map.lower_bound(key(symbol, before));
    while (it != first && out.size() < limit) {
      --it;
      out.push_back(it->second);
    }
    return out;
  }

  mutable std::mutex mutex_;
  boost::container::flat_map<DatedKey, EarningsEvent> events_;
  boost::container::flat_map<DatedKey, HistoricalMove> moves_;
  std::vector<AnalysisRecord> analyses_;  // in append order; id = position + 1
  boost::container::flat_map<TimedKey, OptionChain> chains_;
};

static_assert(Storage<MemoryStorage>);

}  // namespace ivcrush::inline v0
