// Timing helpers shared by the benchmark programs: the fastest of several runs, which is what
// survives a loaded machine, for in-run baselines and for the timed loops' "min" counters.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>

namespace ivcrush::bench {

using Clock = std::chrono::steady_clock;

inline double elapsed_ns(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::nano>(b - a).count();
}

// The fastest of `runs` calls of f, in ns.
template <class F>
double fastest_ns(F&& f, int runs) {
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f();
    best = std::min(best, elapsed_ns(t0, Clock::now()));
  }
  return best;
}

// Runs `work` once per benchmark iteration, timing each; sets the counter `min_counter` to the
// fastest iteration divided by `ns_per_unit` (1e3: "min_us", 1e6: "min_ms") and returns it in ns.
template <class F>
double timed_loop(benchmark::State& state, F&& work, const std::string& min_counter = "min_us",
                  double ns_per_unit = 1e3) {
  double best = std::numeric_limits<double>::infinity();
  for (auto _ : state) {
    const auto t0 = Clock::now();
    work();
    best = std::min(best, elapsed_ns(t0, Clock::now()));
  }
  state.counters[min_counter] = best / ns_per_unit;
  return best;
}

}  // namespace ivcrush::bench
