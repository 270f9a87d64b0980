// ivcrush/adapters/memory_backtest_store.hpp: the reference BacktestStore, in memory.
//
//   MemoryBacktestStore store;
//   store.save_run(run, trades);                 // replaces a run with the same run_id
//   store.load_run("3f9a1c2e");                  // optional<BacktestRunRow>
//   store.load_trades("3f9a1c2e");               // in the order saved
//   store.list_runs();                           // newest created_at first, ties by run_id
//
// A model of ports/backtest_store.hpp with exactly the semantics documented there: the
// executable specification the SQLite adapter is tested against, and the store of a backtest
// without a database. Nothing persists beyond the object.
// Storage: a std::map from run_id to the run and its trades (O(log runs) lookups; list_runs
// copies and sorts every run, O(runs log runs)).
// Atomicity: the rows are validated first, then copied into a new entry that replaces the old
// one in a single step, so a failed save (InvalidInput, std::bad_alloc) changes nothing.
// Thread safety: every member function may be called concurrently (one mutex serialises them).
// Errors: InvalidInput for invalid rows (detail::require_valid_backtest).
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/ports/backtest_store.hpp"

namespace ivcrush::inline v0 {

class MemoryBacktestStore {
 public:
  MemoryBacktestStore() = default;
  MemoryBacktestStore(const MemoryBacktestStore&) = delete;
  MemoryBacktestStore& operator=(const MemoryBacktestStore&) = delete;

  void save_run(const BacktestRunRow& run, std::span<const BacktestTradeRow> trades) {
    detail::require_valid_backtest(run, trades);
    Entry entry{run, std::vector<BacktestTradeRow>(trades.begin(), trades.end())};
    const std::lock_guard lock(mutex_);
    runs_.insert_or_assign(run.run_id, std::move(entry));
  }

  [[nodiscard]] std::optional<BacktestRunRow> load_run(std::string_view run_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    if (it == runs_.end()) return std::nullopt;
    return it->second.run;
  }

  [[nodiscard]] std::vector<BacktestTradeRow> load_trades(std::string_view run_id) const {
    const std::lock_guard lock(mutex_);
    const auto it = runs_.find(run_id);
    if (it == runs_.end()) return {};
    return it->second.trades;
  }

  [[nodiscard]] std::vector<BacktestRunRow> list_runs() const {
    std::vector<BacktestRunRow> out;
    {
      const std::lock_guard lock(mutex_);
      out.reserve(runs_.size());
      for (const auto& [id, entry] : runs_) out.push_back(entry.run);
    }
    // The map is in run_id order, so a stable sort by created_at keeps run_id ascending on ties.
    std::stable_sort(out.begin(), out.end(), [](const BacktestRunRow& a, const BacktestRunRow& b) {
      return a.created_at > b.created_at;
    });
    return out;
  }

 private:
  struct Entry {
    BacktestRunRow run;
    std::vector<BacktestTradeRow> trades;
  };

  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> runs_;
};

static_assert(BacktestStore<MemoryBacktestStore>);

}  // namespace ivcrush::inline v0
