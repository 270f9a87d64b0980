// Candidate generation on a 200-strike expiration: every bull put, bear call, iron condor and
// iron butterfly within the default limits (no cap reached), each fully analysed (exact payoff,
// model POP and E[P/L], empirical POP over 12 moves, legacy POP, greeks, liquidity, sizing).
// The chain is seeded and of realistic shape: strikes every $1 around a $250 spot, a smile,
// bid/ask spreads widening away from the money, open interest varying by strike.
// Counters: "candidates" (how many were generated) and "per_candidate" (time per candidate).
// The first row is the in-run baseline: the chain's IVs and greeks (compute_chain_greeks),
// which the generator consumes.
//   cmake --preset release && cmake --build --preset release --target ivcrush_generator_bench
//   ./build/release/benchmarks/ivcrush_generator_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/earnings/implied_move.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/strategy/generator.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;

constexpr auto expiry_date = 2025y / January / 17;
constexpr int strike_count = 200;

OptionChain make_chain() {
  std::mt19937 rng(20250117);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double spot = 250.0;
  const auto expiry = Expiration::from_date(expiry_date);
  const auto as_of = expiry.expiry_time() - days{4};  // the weekly after a report
  const double t = 4.0 / 365.0;
  const double atm_vol = 0.85;  // event-inflated
  ChainBuilder b(Symbol::parse("BENCH"), as_of, Price::dollars(spot));
  for (int i = 0; i < strike_count; ++i) {
    const double k = spot - strike_count / 2 + i;
    const double x = std::log(k / spot) / (atm_vol * std::sqrt(t));
    const double vol = atm_vol + 0.02 * x * x - 0.03 * x;  // a smile with a put skew
    for (const OptionRight right : {OptionRight::call, OptionRight::put}) {
      const double price = bsm_price({.right = right,
                                      .spot = Price::dollars(spot),
                                      .strike = Strike::from_dollars(k),
                                      .time = YearFraction::from_years(t),
                                      .volatility = Volatility::from_fraction(vol)})
                               .dollars();
      const double half = std::max(0.01, (0.015 + 0.02 * std::fabs(x)) * price);
      b.add({.expiration = expiry_date,
             .strike = k,
             .right = right,
             .bid = std::max(0.0, std::floor((price - half) * 100.0) / 100.0),
             .ask = std::max(0.01, std::ceil((price + half) * 100.0) / 100.0),
             .volume = static_cast<std::int64_t>(rng() % 2000),
             .open_interest = static_cast<std::int64_t>(50 + rng() % 20'000)});
    }
  }
  auto r = std::move(b).build();
  return std::move(r.chain);
}

std::vector<Percentage> history() {
  std::vector<Percentage> m;
  for (const double pct : {-8.1, 5.2, -3.0, 11.4, 2.2, -6.6, 4.0, -1.5, 7.3, -9.8, 3.1, 0.6}) {
    m.push_back(Percentage::from_pct(pct));
  }
  return m;
}

void BM_ChainGreeks(benchmark::State& state) {
  const OptionChain chain = make_chain();
  for (auto _ : state) {
    const ChainGreeks g = compute_chain_greeks(chain, {});
    benchmark::DoNotOptimize(g.results().data());
  }
  state.counters["quotes"] = static_cast<double>(chain.size());
}
BENCHMARK(BM_ChainGreeks)->Unit(benchmark::kMillisecond);

void BM_GenerateCandidates(benchmark::State& state) {
  const OptionChain chain = make_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const auto expiry = Expiration::from_date(expiry_date);
  const ImpliedMove im = atm_straddle_move(chain, expiry);
  const std::vector<Percentage> moves = history();
  const GeneratorContext ctx{.greeks = greeks,
                             .expiration = expiry,
                             .implied_move = im.move,
                             .vrp_ratio = 2.0,
                             .historical_moves = moves};
  const GeneratorOptions options{.max_candidates = 1'000'000};
  std::size_t count = 0;
  for (auto _ : state) {
    const GenerationResult r = generate_candidates(ctx, options);
    count = r.candidates.size();
    benchmark::DoNotOptimize(r.candidates.data());
  }
  state.counters["strikes"] = static_cast<double>(strike_count);
  state.counters["candidates"] = static_cast<double>(count);
  state.counters["per_candidate"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}
BENCHMARK(BM_GenerateCandidates)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
