// The backtest of the bundled real events (data/earnings_reactions.csv, before-open reports, as
// the `backtest` program replays them) under 1 and 4 scoring policies, and its parts.
//
// Every event's chain is MODELED (backtest/chain_source.hpp ModeledChainSource: the bundled data
// has no option chains), so one event costs: the entry chain (calibration + build), its greeks
// and analysis (analyze_ticker, once for all policies), one ranking per policy, and the exit
// chain with the trade's P/L per policy.
//
// Rows (Arg = percent of the events, from the first; 25, 50 and 100 show the cost is linear):
//   BM_LoadDataset          read and index the bundled CSV files (earnings_dataset.hpp)
//   BM_ModeledChains        the entry and exit chains of every event, nothing else: the baseline
//   BM_Backtest/P/E         run_backtests with P policies (1: original; 4: original, model_pop,
//                           empirical_pop, expected_value) over E % of the events
// Counters: events, trades (summed over the policies), per_event (time per event), replayed (the
// events that got an entry chain: the others stop at the source, mostly because the
// implied-move model needs 4 earlier reactions), per_replayed and per_chain, min_ms (the
// fastest iteration), x_chains (fastest / the modeled-chain baseline of the same events, both
// measured in the same process), x_one_policy (4 policies / 1 policy, same events, same process).
//   cmake --preset release -B build/release
//   cmake --build build/release --target ivcrush_backtest_bench -j2
//   ./build/release/benchmarks/ivcrush_backtest_bench --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "bench_timing.hpp"
#include "ivcrush/backtest/backtester.hpp"
#include "ivcrush/backtest/chain_source.hpp"
#include "ivcrush/io/earnings_dataset.hpp"

#ifndef IVCRUSH_DATA_DIR
#error "IVCRUSH_DATA_DIR must name the repository's data directory"
#endif

namespace {

using namespace ivcrush;

const io::EarningsDataset& dataset() {
  static const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
  return d;
}

// The events the `backtest` program replays: real reactions of before-open reports.
const std::vector<BacktestEvent>& all_events() {
  static const std::vector<BacktestEvent> events = [] {
    std::vector<BacktestEvent> e = backtest_events(dataset());
    std::erase_if(e, [](const BacktestEvent& x) {
      return x.reaction->reaction_timing != EarningsTiming::before_open;
    });
    return e;
  }();
  return events;
}

std::span<const BacktestEvent> first_percent(std::int64_t percent) {
  const auto& all = all_events();
  const auto n = all.size() * static_cast<std::size_t>(percent) / 100;
  return {all.data(), n};
}

const ModeledChainSource& source() {
  static const ModeledChainSource s(dataset());
  return s;
}

const std::vector<std::string>& policies(std::int64_t count) {
  static const std::vector<std::string> one{"original"};
  static const std::vector<std::string> four{"original", "model_pop", "empirical_pop",
                                             "expected_value"};
  return count == 1 ? one : four;
}

using bench::fastest_ns;

template <class F>
double timed_loop(benchmark::State& state, F&& work) {
  return bench::timed_loop(state, std::forward<F>(work), "min_ms", 1e6);
}

void per_event_counters(benchmark::State& state, std::size_t events) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events));
  state.counters["events"] = static_cast<double>(events);
  state.counters["per_event"] = benchmark::Counter(
      static_cast<double>(events),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// The chains alone: what the backtester asks its source for, event by event (the exit chain
// only where an entry chain exists, as the backtester does). Returns the chains built.
std::size_t build_chains(std::span<const BacktestEvent> events) {
  std::size_t built = 0;
  for (const BacktestEvent& ev : events) {
    const HistoricalMove& move = *ev.reaction;
    const EarningsEvent event{move.event.symbol, move.event.date, move.reaction_timing};
    const ChainRequest request{event, move, detail::event_instant(event), entry_instant(event),
                               new_york_market_close(move.reaction_date())};
    const FetchedChain entry = source().entry_chain(request);
    benchmark::DoNotOptimize(entry);
    if (!entry.ok()) continue;
    const FetchedChain exit = source().exit_chain(request);
    benchmark::DoNotOptimize(exit);
    built += exit.ok() ? 2U : 1U;
  }
  return built;
}

struct RunCounts {
  std::size_t trades = 0;    // summed over the policies
  std::size_t replayed = 0;  // events that got an entry chain (the others stop at the source)
};

RunCounts run(std::span<const BacktestEvent> events, std::int64_t policy_count) {
  const std::vector<BacktestReport> reports = run_backtests(
      events, dataset(), source(), std::span<const std::string>(policies(policy_count)));
  RunCounts counts;
  for (const BacktestReport& r : reports) counts.trades += r.trades.size();
  const auto no_chain =
      std::count_if(reports.front().skipped.begin(), reports.front().skipped.end(),
                    [](const SkippedEvent& s) { return s.reason == SkipReason::no_entry_chain; });
  counts.replayed = events.size() - static_cast<std::size_t>(no_chain);
  return counts;
}

// Time per unit of `count` (per chain, per replayed event).
benchmark::Counter per(std::size_t count) {
  return benchmark::Counter(
      static_cast<double>(count),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_LoadDataset(benchmark::State& state) {
  std::size_t reactions = 0;
  timed_loop(state, [&] {
    const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
    reactions = d.reactions.size();
    benchmark::DoNotOptimize(reactions);
  });
  state.counters["reactions"] = static_cast<double>(reactions);
}
BENCHMARK(BM_LoadDataset)->Unit(benchmark::kMillisecond);

void BM_ModeledChains(benchmark::State& state) {
  const auto events = first_percent(state.range(0));
  std::size_t chains = 0;
  timed_loop(state, [&] { chains = build_chains(events); });
  per_event_counters(state, events.size());
  state.counters["chains"] = static_cast<double>(chains);
  state.counters["per_chain"] = per(chains);
}
BENCHMARK(BM_ModeledChains)->Arg(25)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_Backtest(benchmark::State& state) {
  const std::int64_t policy_count = state.range(0);
  const auto events = first_percent(state.range(1));
  // In-run baselines, fastest of a few runs, just before the timed loop.
  const double chains_ns = fastest_ns([&] { benchmark::DoNotOptimize(build_chains(events)); }, 3);
  const double one_policy_ns =
      policy_count == 1 ? 0.0
                        : fastest_ns([&] { benchmark::DoNotOptimize(run(events, 1).trades); }, 3);
  RunCounts counts;
  const double best = timed_loop(state, [&] { counts = run(events, policy_count); });
  per_event_counters(state, events.size());
  state.counters["policies"] = static_cast<double>(policy_count);
  state.counters["trades"] = static_cast<double>(counts.trades);
  state.counters["replayed"] = static_cast<double>(counts.replayed);
  state.counters["per_replayed"] = per(counts.replayed);
  state.counters["x_chains"] = best / chains_ns;
  if (policy_count > 1) state.counters["x_one_policy"] = best / one_policy_ns;
}
BENCHMARK(BM_Backtest)
    ->ArgsProduct({{1, 4}, {25, 50, 100}})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);

}  // namespace

BENCHMARK_MAIN();
