// tests/support/storage_archetypes.hpp: minimal models of the storage ports (ports/storage.hpp),
// in the spirit of archetypes.hpp: exactly the members each concept lists, with no defaults, no
// copies and no default constructor; each records the calls it receives. Instantiating the
// library's storage templates with them proves those templates use nothing undocumented.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ivcrush/ports/storage.hpp"

namespace ivcrush::test {

class EarningsCalendarStoreArchetype {
 public:
  explicit EarningsCalendarStoreArchetype(std::vector<std::string>& log) noexcept : log_(&log) {}
  EarningsCalendarStoreArchetype(const EarningsCalendarStoreArchetype&) = delete;
  EarningsCalendarStoreArchetype& operator=(const EarningsCalendarStoreArchetype&) = delete;

  void save_events(std::span<const EarningsEvent> events) {
    log_->push_back("save_events " + std::to_string(events.size()));
  }
  std::vector<EarningsEvent> earnings_history(Symbol, std::chrono::year_month_day, std::size_t) {
    log_->push_back("earnings_history");
    return {};
  }
  std::vector<EarningsEvent> upcoming_earnings(std::chrono::year_month_day, std::chrono::days) {
    log_->push_back("upcoming_earnings");
    return {};
  }

 private:
  std::vector<std::string>* log_;
};

class HistoricalMoveStoreArchetype {
 public:
  explicit HistoricalMoveStoreArchetype(std::vector<std::string>& log) noexcept : log_(&log) {}
  HistoricalMoveStoreArchetype(const HistoricalMoveStoreArchetype&) = delete;
  HistoricalMoveStoreArchetype& operator=(const HistoricalMoveStoreArchetype&) = delete;

  std::size_t save_moves(std::span<const HistoricalMove> moves) {
    log_->push_back("save_moves " + std::to_string(moves.size()));
    return moves.size();
  }
  std::vector<HistoricalMove> latest_moves(Symbol, std::chrono::year_month_day, std::size_t) {
    log_->push_back("latest_moves");
    return {};
  }
  std::optional<HistoricalMove> move_on(Symbol, std::chrono::year_month_day) {
    log_->push_back("move_on");
    return std::nullopt;
  }
  MovesBySymbol latest_moves_batch(std::span<const Symbol>, std::chrono::year_month_day,
                                   std::size_t) {
    log_->push_back("latest_moves_batch");
    return {};
  }

 private:
  std::vector<std::string>* log_;
};

class AnalysisLogArchetype {
 public:
  explicit AnalysisLogArchetype(std::vector<std::string>& log) noexcept : log_(&log) {}
  AnalysisLogArchetype(const AnalysisLogArchetype&) = delete;
  AnalysisLogArchetype& operator=(const AnalysisLogArchetype&) = delete;

  std::int64_t append_analysis(const AnalysisRecord&) {
    log_->push_back("append_analysis");
    return static_cast<std::int64_t>(log_->size());
  }
  std::vector<AnalysisRecord> recent_analyses(std::size_t) { return {}; }
  std::vector<AnalysisGroupStats> analysis_stats(AnalysisGrouping) { return {}; }

 private:
  std::vector<std::string>* log_;
};

class ChainSnapshotStoreArchetype {
 public:
  explicit ChainSnapshotStoreArchetype(std::vector<std::string>& log) noexcept : log_(&log) {}
  ChainSnapshotStoreArchetype(const ChainSnapshotStoreArchetype&) = delete;
  ChainSnapshotStoreArchetype& operator=(const ChainSnapshotStoreArchetype&) = delete;

  void save_chain(const OptionChain&) { log_->push_back("save_chain"); }
  std::optional<OptionChain> load_chain(Symbol, std::chrono::sys_seconds) { return std::nullopt; }
  std::vector<std::chrono::sys_seconds> snapshot_times(Symbol) { return {}; }

 private:
  std::vector<std::string>* log_;
};

// All four, for Storage.
class StorageArchetype : public EarningsCalendarStoreArchetype,
                         public HistoricalMoveStoreArchetype,
                         public AnalysisLogArchetype,
                         public ChainSnapshotStoreArchetype {
 public:
  explicit StorageArchetype(std::vector<std::string>& log) noexcept
      : EarningsCalendarStoreArchetype(log),
        HistoricalMoveStoreArchetype(log),
        AnalysisLogArchetype(log),
        ChainSnapshotStoreArchetype(log) {}
};

static_assert(EarningsCalendarStore<EarningsCalendarStoreArchetype>);
static_assert(!HistoricalMoveStore<EarningsCalendarStoreArchetype>);
static_assert(HistoricalMoveStore<HistoricalMoveStoreArchetype>);
static_assert(AnalysisLog<AnalysisLogArchetype>);
static_assert(ChainSnapshotStore<ChainSnapshotStoreArchetype>);
static_assert(!Storage<ChainSnapshotStoreArchetype>);
static_assert(Storage<StorageArchetype>);

}  // namespace ivcrush::test
