// MemoryStorage, the reference model of the storage ports: the port contract (shared with the
// SQLite adapter), the helpers over archetypes, and concurrent use.
#include "ivcrush/adapters/memory_storage.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "support/storage_archetypes.hpp"
#include "support/storage_contract.hpp"

// The helpers compile over the minimal models: they use only the documented members.
template void ivcrush::save_event<ivcrush::test::EarningsCalendarStoreArchetype>(
    ivcrush::test::EarningsCalendarStoreArchetype&, const ivcrush::EarningsEvent&);
template void ivcrush::save_move<ivcrush::test::HistoricalMoveStoreArchetype>(
    ivcrush::test::HistoricalMoveStoreArchetype&, const ivcrush::HistoricalMove&);

namespace {

using namespace ivcrush;
using namespace ivcrush::test::storage;

static_assert(EarningsCalendarStore<MemoryStorage>);
static_assert(HistoricalMoveStore<MemoryStorage>);
static_assert(AnalysisLog<MemoryStorage>);
static_assert(ChainSnapshotStore<MemoryStorage>);
static_assert(Storage<MemoryStorage>);
static_assert(!std::is_copy_constructible_v<MemoryStorage>);

TEST_CASE("MemoryStorage: earnings calendar contract") {
  MemoryStorage store;
  check_earnings_calendar_contract(store);
}

TEST_CASE("MemoryStorage: historical move contract") {
  MemoryStorage store;
  check_historical_move_contract(store);
}

TEST_CASE("MemoryStorage: analysis log contract") {
  MemoryStorage store;
  check_analysis_log_contract(store);
}

TEST_CASE("MemoryStorage: chain snapshot contract") {
  MemoryStorage store;
  check_chain_snapshot_contract(store);
}

TEST_CASE("save_event and save_move pass one-element spans to the port") {
  std::vector<std::string> log;
  test::StorageArchetype store(log);
  save_event(store, EarningsEvent{sym("AAPL"), 2024y / May / 2, EarningsTiming::after_close});
  save_move(store, bmo_move("AAPL", 2024y / May / 3, 173.03, 183.45, 187.0, 182.66, 183.38));
  CHECK(log == std::vector<std::string>{"save_events 1", "save_moves 1"});
}

TEST_CASE("MemoryStorage: two threads writing and reading lose nothing") {
  MemoryStorage store;
  const auto writer = [&](std::string_view symbol) {
    for (int i = 0; i < 200; ++i) {
      const year_month_day d{sys_days{2020y / January / 1} + days{i}};
      save_event(store, EarningsEvent{sym(symbol), d, EarningsTiming::before_open});
      (void)store.append_analysis(
          record(symbol, sys_days{d} + 12h, 1.0, "good", "normal", "iron_condor", 1.0, 1));
      (void)store.upcoming_earnings(2020y / January / 1, days{30});
    }
  };
  std::thread a(writer, "AAA");
  std::thread b(writer, "BBB");
  a.join();
  b.join();
  CHECK(store.earnings_history(sym("AAA"), 2030y / January / 1, 1000).size() == 200);
  CHECK(store.earnings_history(sym("BBB"), 2030y / January / 1, 1000).size() == 200);
  CHECK(store.recent_analyses(1000).size() == 400);
  const auto stats = store.analysis_stats(AnalysisGrouping::regime);
  REQUIRE(stats.size() == 1);
  CHECK(stats[0].count == 400);
  CHECK(stats[0].tradeable == 400);
}

}  // namespace
