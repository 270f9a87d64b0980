// The whole per-ticker pipeline on seeded synthetic chains of realistic shape
// (synthetic_chain.hpp: 6 expirations × N strikes × call and put, smile, widening spreads, open
// interest and volume): parse and build, the pricing kernel, analyze_ticker, its steps one by
// one, and a scan of 100 tickers on 1 and 2 threads.
//
// Ratios are against an in-run baseline measured in the same process just before the timed
// loop, both as the fastest of several runs (robust on a loaded machine):
//   x_kernel   the benchmark's fastest iteration / the pricing kernel's fastest run on the same
//              chain (the IV solves and one greeks pass per quote, the arithmetic only: three
//              solves with bid/ask IVs, the mid one without, matching the benchmark's mode);
//   speedup    the 1-thread scan's fastest run / this scan's fastest iteration.
// The second argument of the kernel, ChainGreeks and AnalyzeTicker cases is the mode: 1 = bid,
// mid and ask IVs (ChainGreeksOptions::bid_ask_ivs, the behaviour before issue 10), 0 = mid IV
// and greeks only; AnalyzeTicker also has 2 = mid IV and greeks of the analysed expiration
// alone (what analyze_ticker solves by default, GreeksScope::analysed_expiration).
// Other counters: min_us (fastest iteration), quotes, candidates, bytes_per_quote (heap bytes
// the built object retains, from mallinfo2 before and after), per_quote (time per quote).
//   cmake --preset release -B build/release
//   cmake --build build/release --target ivcrush_pipeline_bench -j2
//   ./build/release/benchmarks/ivcrush_pipeline_bench --benchmark_repetitions=3
//       (add --benchmark_report_aggregates_only=true)
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "bench_timing.hpp"
#include "ivcrush/analysis/ticker_analysis.hpp"
#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/io/chain_csv.hpp"
#include "ivcrush/pricing/greeks.hpp"
#include "ivcrush/pricing/implied_vol.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "synthetic_chain.hpp"

namespace {

using namespace ivcrush;
using bench::Clock;

// ----------------------------------------------------------------------------------------------
// Shared inputs (built once per strike count, outside every timed region).

struct Ticker {
  bench::SyntheticTicker spec;
  OptionChain chain;
};

const Ticker& ticker(int strikes, std::uint32_t seed = 1) {
  static std::map<std::pair<int, std::uint32_t>, Ticker> cache;
  const auto key = std::pair(strikes, seed);
  auto it = cache.find(key);
  if (it == cache.end()) {
    bench::SyntheticTicker t = bench::make_ticker({.strikes = strikes, .seed = seed});
    OptionChain c = bench::build_chain(t);
    it = cache.emplace(key, Ticker{std::move(t), std::move(c)}).first;
  }
  return it->second;
}

TickerAnalysisOptions analysis_options() {
  TickerAnalysisOptions o;
  o.market = {.rate = 0.045, .dividend_yield = 0.005};
  return o;
}

const StrategyScorer<IvCrushScoring>& scorer() {
  static const StrategyScorer<IvCrushScoring> s(IvCrushScoring::original(),
                                                {.top_n = 3, .explain = true});
  return s;
}

TickerAnalysisInput input_of(const Ticker& t) {
  return {.chain = t.chain, .event = t.spec.event, .history = t.spec.history};
}

// Heap bytes in use (every arena), for what a built object retains.
std::size_t heap_in_use() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

using bench::elapsed_ns;
using bench::fastest_ns;
using bench::timed_loop;

void per_item_counters(benchmark::State& state, std::size_t items, const char* name) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(items));
  state.counters[name] = static_cast<double>(items);
  state.counters["per_quote"] =
      benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

// ----------------------------------------------------------------------------------------------
// The baseline: the pricing kernel over every quote (ask, bid and mid IV, or the mid IV alone,
// then greeks at the mid IV), straight calls into pricing/, results into a preallocated array.
// No chain analytics.

double pricing_kernel(const OptionChain& chain, const ChainMarket& market, std::span<double> out,
                      bool bid_ask_ivs = true) {
  const auto quotes = chain.quotes();
  const auto contracts = chain.contracts();
  double checksum = 0.0;
  std::optional<Expiration> current;
  YearFraction time;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    if (!current || *current != contracts[i].expiration) {
      current = contracts[i].expiration;
      time = current->time_to_expiry(chain.as_of());
    }
    BsmIvInputs in{.right = contracts[i].right,
                   .premium = quotes[i].ask,
                   .spot = chain.spot(),
                   .strike = contracts[i].strike,
                   .time = time,
                   .rate = market.rate,
                   .dividend_yield = market.dividend_yield};
    double v = 0.0;
    if (bid_ask_ivs) {
      const IvResult ask = implied_volatility(in);
      in.premium = quotes[i].bid;
      const IvResult bid = implied_volatility(in);
      v = (ask.volatility ? ask.volatility->fraction() : 0.0) +
          (bid.volatility ? bid.volatility->fraction() : 0.0);
    }
    in.premium = mid(quotes[i]);
    const IvResult m = implied_volatility(in);
    if (m.status == IvStatus::ok) {
      const Greeks g = bsm_greeks({.right = contracts[i].right,
                                   .spot = chain.spot(),
                                   .strike = contracts[i].strike,
                                   .time = time,
                                   .volatility = *m.volatility,
                                   .rate = market.rate,
                                   .dividend_yield = market.dividend_yield});
      v += g.delta + g.gamma;
    }
    out[i] = v;
    checksum += v;
  }
  return checksum;
}

// Only the mid IV of each quote: the "about 2,400 solves" of the 300 µs target at N = 200.
double mid_iv_kernel(const OptionChain& chain, const ChainMarket& market) {
  const auto quotes = chain.quotes();
  const auto contracts = chain.contracts();
  double checksum = 0.0;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    const IvResult m =
        implied_volatility({.right = contracts[i].right,
                            .premium = mid(quotes[i]),
                            .spot = chain.spot(),
                            .strike = contracts[i].strike,
                            .time = contracts[i].expiration.time_to_expiry(chain.as_of()),
                            .rate = market.rate,
                            .dividend_yield = market.dividend_yield});
    checksum += m.volatility ? m.volatility->fraction() : 0.0;
  }
  return checksum;
}

double kernel_fastest_ns(const OptionChain& chain, bool bid_ask_ivs = true, int runs = 15) {
  std::vector<double> out(chain.size());
  const ChainMarket market = analysis_options().market;
  return fastest_ns(
      [&] { benchmark::DoNotOptimize(pricing_kernel(chain, market, out, bid_ask_ivs)); }, runs);
}

// Arguments {strikes, mode} for the cases that solve with and without bid/ask IVs.
void strikes_and_modes(benchmark::internal::Benchmark* b) {
  for (const int mode : {1, 0}) {
    for (const int strikes : {50, 200, 800}) b->Args({strikes, mode});
  }
}

// ----------------------------------------------------------------------------------------------
// The steps of analyze_ticker after ChainGreeks, called one by one exactly as it calls them
// (ticker_analysis.hpp), so each can be timed and the analysis measured with the IVs and greeks
// already computed, step by step.

struct Steps {
  Expiration expiration;
  ImpliedMove implied_move;
  VrpAnalysis vrp;
  ConsistencyAnalysis consistency;
  SkewAnalysis skew;
  std::vector<Percentage> signed_moves;
  GenerationResult generation;
  ScoringContext scoring;
  Ranking ranking;
};

Steps analyze_after_greeks(const ChainGreeks& greeks, const TickerAnalysisInput& in,
                           const TickerAnalysisOptions& o) {
  Steps s{.expiration = *in.chain.first_expiration_after(in.event)};
  s.implied_move = atm_straddle_move(greeks, s.expiration, o.generator.analysis.liquidity_policy);
  s.vrp = analyze_vrp(s.implied_move.move, in.history, o.metric, o.vrp);
  s.consistency = analyze_consistency(in.history, o.metric, o.consistency);
  s.skew = analyze_skew(greeks, s.expiration, o.skew);
  const DirectionalBias bias = s.skew.ok() ? s.skew.bias : DirectionalBias::neutral;
  s.signed_moves.reserve(in.history.size());
  for (const HistoricalMove& m : in.history) s.signed_moves.push_back(m.signed_move(o.metric));
  s.generation = generate_candidates(GeneratorContext{.greeks = greeks,
                                                      .expiration = s.expiration,
                                                      .implied_move = s.implied_move.move,
                                                      .vrp_ratio = s.vrp.vrp_ratio,
                                                      .bias = bias,
                                                      .historical_moves = s.signed_moves},
                                     o.generator);
  s.scoring = ScoringContext{.spot = in.chain.spot(),
                             .implied_move = s.implied_move.move,
                             .vrp_ratio = s.vrp.vrp_ratio,
                             .bias = bias};
  s.ranking = scorer().rank(s.generation.candidates, s.scoring);
  return s;
}

// ----------------------------------------------------------------------------------------------
// Parse and build.

void BM_ParseChainCsv(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  const std::string text = bench::to_chain_csv(t.spec);
  std::size_t rows = 0;
  timed_loop(state, [&] {
    const io::ChainCsvResult r = io::read_option_chains(io::CsvReader("chain.csv", text));
    rows = r.chains.front().size() + r.rejects.size();
    benchmark::DoNotOptimize(r.chains.data());
  });
  if (rows != t.spec.quotes.size()) state.SkipWithError("the CSV did not read back whole");
  per_item_counters(state, t.spec.quotes.size(), "quotes");
  state.counters["csv_bytes_per_quote"] =
      static_cast<double>(text.size()) / static_cast<double>(t.spec.quotes.size());
}
BENCHMARK(BM_ParseChainCsv)->Arg(50)->Arg(200)->Arg(800)->Unit(benchmark::kMicrosecond);

void BM_BuildChain(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  timed_loop(state, [&] {
    const OptionChain c = bench::build_chain(t.spec);
    benchmark::DoNotOptimize(c.quotes().data());
  });
  per_item_counters(state, t.spec.quotes.size(), "quotes");
  const std::size_t before = heap_in_use();
  const OptionChain kept = bench::build_chain(t.spec);
  const std::size_t after = heap_in_use();
  state.counters["bytes_per_quote"] =
      static_cast<double>(after - before) / static_cast<double>(kept.size());
}
BENCHMARK(BM_BuildChain)->Arg(50)->Arg(200)->Arg(800)->Unit(benchmark::kMicrosecond);

// ----------------------------------------------------------------------------------------------
// The kernel (baseline) and ChainGreeks.

void BM_PricingKernel(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  const bool bid_ask_ivs = state.range(1) != 0;
  std::vector<double> out(t.chain.size());
  const ChainMarket market = analysis_options().market;
  timed_loop(state,
             [&] { benchmark::DoNotOptimize(pricing_kernel(t.chain, market, out, bid_ask_ivs)); });
  per_item_counters(state, t.chain.size(), "quotes");
  state.counters["iv_solves"] = static_cast<double>((bid_ask_ivs ? 3 : 1) * t.chain.size());
}
BENCHMARK(BM_PricingKernel)->Apply(strikes_and_modes)->Unit(benchmark::kMicrosecond);

void BM_MidIvSolves(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  const ChainMarket market = analysis_options().market;
  timed_loop(state, [&] { benchmark::DoNotOptimize(mid_iv_kernel(t.chain, market)); });
  per_item_counters(state, t.chain.size(), "iv_solves");
}
BENCHMARK(BM_MidIvSolves)->Arg(50)->Arg(200)->Arg(800)->Unit(benchmark::kMicrosecond);

void BM_ChainGreeks(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  const ChainMarket market = analysis_options().market;
  const ChainGreeksOptions mode{.bid_ask_ivs = state.range(1) != 0};
  const double kernel = kernel_fastest_ns(t.chain, mode.bid_ask_ivs);
  const double best = timed_loop(state, [&] {
    const ChainGreeks g(t.chain, market, mode);
    benchmark::DoNotOptimize(g.results().data());
  });
  per_item_counters(state, t.chain.size(), "quotes");
  state.counters["x_kernel"] = best / kernel;
  const std::size_t before = heap_in_use();
  const ChainGreeks kept(t.chain, market, mode);
  const std::size_t after = heap_in_use();
  state.counters["bytes_per_quote"] =
      static_cast<double>(after - before) / static_cast<double>(kept.size());
}
BENCHMARK(BM_ChainGreeks)->Apply(strikes_and_modes)->Unit(benchmark::kMicrosecond);

// ----------------------------------------------------------------------------------------------
// One ticker, chain -> top 3 explained trades.

// Modes of the analysis: 1 and 0 solve every quote (with and without bid/ask IVs: the issue's
// "every quote's IV solved first"), 2 is the default, the analysed expiration's quotes alone
// (GreeksScope::analysed_expiration); its x_kernel is still against the whole chain's mid kernel.
void analysis_modes(benchmark::internal::Benchmark* b) {
  for (const int mode : {1, 0, 2}) {
    for (const int strikes : {50, 200, 800}) b->Args({strikes, mode});
  }
}

void BM_AnalyzeTicker(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  TickerAnalysisOptions options = analysis_options();
  options.greeks.bid_ask_ivs = state.range(1) == 1;
  options.greeks_scope =
      state.range(1) == 2 ? GreeksScope::analysed_expiration : GreeksScope::whole_chain;
  const double kernel = kernel_fastest_ns(t.chain, options.greeks.bid_ask_ivs);
  std::size_t candidates = 0;
  bool ok = true;
  const double best = timed_loop(state, [&] {
    const TickerAnalysis a = analyze_ticker(input_of(t), scorer(), options);
    ok = ok && a.ok() && a.ranking.top.size() == 3;
    candidates = a.generation.candidates.size();
    benchmark::DoNotOptimize(a.ranking.top.data());
  });
  if (!ok) state.SkipWithError("the analysis did not rank three trades");
  per_item_counters(state, t.chain.size(), "quotes");
  state.counters["candidates"] = static_cast<double>(candidates);
  state.counters["x_kernel"] = best / kernel;
}
BENCHMARK(BM_AnalyzeTicker)->Apply(analysis_modes)->Unit(benchmark::kMicrosecond);

bool same_ranking(const Ranking& a, const Ranking& b) {
  return a.top.size() == b.top.size() &&
         std::equal(a.top.begin(), a.top.end(), b.top.begin(), [](const auto& x, const auto& y) {
           return x.index == y.index && x.breakdown.total() == y.breakdown.total() &&
                  x.rationale == y.rationale;
         });
}

// The same top candidates with the same totals and rationales, whatever their indices (a pruned
// analysis holds fewer candidates).
bool same_top(const TickerAnalysis& a, const TickerAnalysis& b) {
  if (a.ranking.top.size() != b.ranking.top.size()) return false;
  for (std::size_t i = 0; i < a.ranking.top.size(); ++i) {
    const RankedCandidate& x = a.ranking.top[i];
    const RankedCandidate& y = b.ranking.top[i];
    const auto xl = a.candidate(x).strategy.legs();
    const auto yl = b.candidate(y).strategy.legs();
    if (x.breakdown.total() != y.breakdown.total() || x.rationale != y.rationale ||
        !std::equal(xl.begin(), xl.end(), yl.begin(), yl.end(),
                    [](const Leg& p, const Leg& q) { return p.strike() == q.strike(); })) {
      return false;
    }
  }
  return a.ranking.recommendation == b.ranking.recommendation;
}

// analyze_ticker with prune_candidates (only the candidates that can enter the top 3 are fully
// analysed), modes 0 and 2 as above; checked equal to the exhaustive analysis before timing.
// vs_exhaustive = this case's fastest iteration / the exhaustive analysis' fastest run, in-run.
void BM_AnalyzeTickerPruned(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  TickerAnalysisOptions exhaustive = analysis_options();
  exhaustive.greeks_scope =
      state.range(1) == 2 ? GreeksScope::analysed_expiration : GreeksScope::whole_chain;
  TickerAnalysisOptions options = exhaustive;
  options.prune_candidates = true;
  const TickerAnalysis reference = analyze_ticker(input_of(t), scorer(), exhaustive);
  const TickerAnalysis pruned = analyze_ticker(input_of(t), scorer(), options);
  if (!pruned.ok() || !same_top(pruned, reference)) {
    state.SkipWithError("the pruned analysis ranks differently from the exhaustive one");
  }
  const double full = fastest_ns(
      [&] { benchmark::DoNotOptimize(analyze_ticker(input_of(t), scorer(), exhaustive)); }, 7);
  const double kernel = kernel_fastest_ns(t.chain, false);
  const double best = timed_loop(state, [&] {
    const TickerAnalysis a = analyze_ticker(input_of(t), scorer(), options);
    benchmark::DoNotOptimize(a.ranking.top.data());
  });
  per_item_counters(state, t.chain.size(), "quotes");
  state.counters["candidates"] = static_cast<double>(pruned.generation.generated());
  state.counters["analysed"] = static_cast<double>(pruned.generation.candidates.size());
  state.counters["vs_exhaustive"] = best / full;
  state.counters["x_kernel"] = best / kernel;
}
BENCHMARK(BM_AnalyzeTickerPruned)
    ->Args({50, 0})
    ->Args({200, 0})
    ->Args({800, 0})
    ->Args({50, 2})
    ->Args({200, 2})
    ->Args({800, 2})
    ->Unit(benchmark::kMicrosecond);

// The timed loop of the analyses on precomputed greeks: each iteration moves a fresh copy of
// `greeks` in (the copy is made outside the timed region); sets min_us, returns the fastest in ns.
double timed_on_greeks(benchmark::State& state, const Ticker& t, const ChainGreeks& greeks,
                       const TickerAnalysisOptions& options) {
  double best = std::numeric_limits<double>::infinity();
  for (auto _ : state) {
    state.PauseTiming();
    ChainGreeks copy = greeks;
    state.ResumeTiming();
    const auto t0 = Clock::now();
    const TickerAnalysis a = analyze_ticker(input_of(t), std::move(copy), scorer(), options);
    best = std::min(best, elapsed_ns(t0, Clock::now()));
    benchmark::DoNotOptimize(a.ranking.top.data());
  }
  state.counters["min_us"] = best / 1000.0;
  return best;
}

// The same analysis with the IVs and greeks already computed: analyze_ticker's ChainGreeks
// overload, the greeks moved in (their copy, made before each timed call, is not timed;
// copy_us says what it costs when a caller copies them instead).
void BM_AnalyzeAfterGreeks(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  const TickerAnalysisOptions options = analysis_options();
  const ChainGreeks greeks(t.chain, options.market, options.greeks);
  const double kernel = kernel_fastest_ns(t.chain, options.greeks.bid_ask_ivs);
  const TickerAnalysis reference = analyze_ticker(input_of(t), scorer(), options);
  if (!same_ranking(analyze_ticker(input_of(t), greeks, scorer(), options).ranking,
                    reference.ranking) ||
      !same_ranking(analyze_after_greeks(greeks, input_of(t), options).ranking,
                    reference.ranking)) {
    state.SkipWithError("the analysis on precomputed greeks differs from analyze_ticker");
  }
  const double best = timed_on_greeks(state, t, greeks, options);
  state.counters["copy_us"] = fastest_ns(
                                  [&] {
                                    const ChainGreeks copy = greeks;
                                    benchmark::DoNotOptimize(copy.results().data());
                                  },
                                  15) /
                              1000.0;
  per_item_counters(state, t.chain.size(), "quotes");
  state.counters["candidates"] = static_cast<double>(reference.generation.candidates.size());
  state.counters["x_kernel"] = best / kernel;
}
BENCHMARK(BM_AnalyzeAfterGreeks)->Arg(50)->Arg(200)->Arg(800)->Unit(benchmark::kMicrosecond);

// The same on precomputed greeks with prune_candidates; vs_exhaustive against the exhaustive
// analysis on the same greeks (both with the greeks' copy outside the timed region).
void BM_AnalyzeAfterGreeksPruned(benchmark::State& state) {
  const Ticker& t = ticker(static_cast<int>(state.range(0)));
  const TickerAnalysisOptions exhaustive = analysis_options();
  TickerAnalysisOptions options = exhaustive;
  options.prune_candidates = true;
  const ChainGreeks greeks(t.chain, options.market, options.greeks);
  const TickerAnalysis reference = analyze_ticker(input_of(t), greeks, scorer(), exhaustive);
  const TickerAnalysis pruned = analyze_ticker(input_of(t), greeks, scorer(), options);
  if (!pruned.ok() || !same_top(pruned, reference)) {
    state.SkipWithError("the pruned analysis ranks differently from the exhaustive one");
  }
  const auto fastest_moved_in = [&](const TickerAnalysisOptions& o, int runs) {
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < runs; ++i) {
      ChainGreeks copy = greeks;
      const auto t0 = Clock::now();
      const TickerAnalysis a = analyze_ticker(input_of(t), std::move(copy), scorer(), o);
      best = std::min(best, elapsed_ns(t0, Clock::now()));
      benchmark::DoNotOptimize(a.ranking.top.data());
    }
    return best;
  };
  const double full = fastest_moved_in(exhaustive, 7);
  const double kernel = kernel_fastest_ns(t.chain, false);
  const double best = timed_on_greeks(state, t, greeks, options);
  per_item_counters(state, t.chain.size(), "quotes");
  state.counters["candidates"] = static_cast<double>(pruned.generation.generated());
  state.counters["analysed"] = static_cast<double>(pruned.generation.candidates.size());
  state.counters["vs_exhaustive"] = best / full;
  state.counters["x_kernel"] = best / kernel;
}
BENCHMARK(BM_AnalyzeAfterGreeksPruned)->Arg(50)->Arg(200)->Arg(800)->Unit(benchmark::kMicrosecond);

// ----------------------------------------------------------------------------------------------
// Where the time goes at N = 200: each step alone on the same inputs.

enum Step {
  greeks_step,
  implied_move_step,
  vrp_step,
  skew_step,
  generate_step,
  rank_step,
  pruned_step,  // generate_top_candidates for the top 3, then their ranking
};

void BM_Step(benchmark::State& state) {
  const auto step = static_cast<Step>(state.range(0));
  const Ticker& t = ticker(200);
  const TickerAnalysisOptions o = analysis_options();
  const ChainGreeks greeks(t.chain, o.market, o.greeks);
  const TickerAnalysisInput in = input_of(t);
  const Steps s = analyze_after_greeks(greeks, in, o);
  const GeneratorContext gen{.greeks = greeks,
                             .expiration = s.expiration,
                             .implied_move = s.implied_move.move,
                             .vrp_ratio = s.vrp.vrp_ratio,
                             .bias = s.skew.ok() ? s.skew.bias : DirectionalBias::neutral,
                             .historical_moves = s.signed_moves};
  const double kernel = kernel_fastest_ns(t.chain, o.greeks.bid_ask_ivs);
  const char* names[] = {"greeks (ChainGreeks, mid IVs)",
                         "implied move (ATM straddle)",
                         "VRP + consistency",
                         "skew",
                         "candidate generation",
                         "ranking (top 3, rationale)",
                         "pruned generation + ranking (top 3)"};
  state.SetLabel(names[step]);
  double best = 0.0;
  switch (step) {
    case greeks_step:
      best = timed_loop(state, [&] {
        const ChainGreeks g(t.chain, o.market, o.greeks);
        benchmark::DoNotOptimize(g.results().data());
      });
      break;
    case implied_move_step:
      best = timed_loop(state, [&] {
        benchmark::DoNotOptimize(
            atm_straddle_move(greeks, s.expiration, o.generator.analysis.liquidity_policy));
      });
      break;
    case vrp_step:
      best = timed_loop(state, [&] {
        benchmark::DoNotOptimize(analyze_vrp(s.implied_move.move, in.history, o.metric, o.vrp));
        benchmark::DoNotOptimize(analyze_consistency(in.history, o.metric, o.consistency));
      });
      break;
    case skew_step:
      best = timed_loop(
          state, [&] { benchmark::DoNotOptimize(analyze_skew(greeks, s.expiration, o.skew)); });
      break;
    case generate_step:
      best = timed_loop(state, [&] {
        const GenerationResult r = generate_candidates(gen, o.generator);
        benchmark::DoNotOptimize(r.candidates.data());
      });
      break;
    case rank_step:
      best = timed_loop(state, [&] {
        const Ranking r = scorer().rank(s.generation.candidates, s.scoring);
        benchmark::DoNotOptimize(r.top.data());
      });
      break;
    case pruned_step:
      best = timed_loop(state, [&] {
        const GenerationResult r =
            detail::generate_for_ranking(gen, o.generator, scorer(), s.scoring, true);
        const Ranking ranked = scorer().rank(r.candidates, s.scoring);
        benchmark::DoNotOptimize(ranked.top.data());
      });
      break;
  }
  state.counters["candidates"] = static_cast<double>(s.generation.candidates.size());
  state.counters["x_kernel"] = best / kernel;
}
BENCHMARK(BM_Step)->DenseRange(greeks_step, pruned_step)->Unit(benchmark::kMicrosecond);

// ----------------------------------------------------------------------------------------------
// A scan: 100 tickers of 6 × 200 strikes, workers take the next ticker from an atomic index and
// store its analysis at that index (the results do not depend on the thread count).

constexpr std::size_t scan_tickers = 100;

const std::vector<const Ticker*>& scan_universe() {
  static const std::vector<const Ticker*> universe = [] {
    std::vector<const Ticker*> u;
    for (std::uint32_t i = 0; i < scan_tickers; ++i) u.push_back(&ticker(200, 100 + i));
    return u;
  }();
  return universe;
}

std::vector<std::optional<TickerAnalysis>> scan(std::span<const Ticker* const> universe,
                                                unsigned threads,
                                                const TickerAnalysisOptions& options) {
  std::vector<std::optional<TickerAnalysis>> results(universe.size());
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < universe.size();) {
      results[i].emplace(analyze_ticker(input_of(*universe[i]), scorer(), options));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return results;
}

bool same_rankings(const std::vector<std::optional<TickerAnalysis>>& a,
                   const std::vector<std::optional<TickerAnalysis>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i]->status != b[i]->status || a[i]->ranking.top.size() != b[i]->ranking.top.size()) {
      return false;
    }
    for (std::size_t j = 0; j < a[i]->ranking.top.size(); ++j) {
      const auto& x = a[i]->ranking.top[j];
      const auto& y = b[i]->ranking.top[j];
      if (x.index != y.index || x.breakdown.total() != y.breakdown.total() ||
          x.rationale != y.rationale) {
        return false;
      }
    }
  }
  return true;
}

void BM_Scan(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  const auto& universe = scan_universe();
  TickerAnalysisOptions options = analysis_options();
  // Second argument: 1 = prune_candidates (what the scan program does: it reports the best
  // trade only; rankings equal to the exhaustive ones, tests/analysis/pruning_test.cpp).
  options.prune_candidates = state.range(1) != 0;
  const auto single = scan(universe, 1, options);
  std::size_t ok = 0;
  for (const auto& a : single) ok += a->ok() ? 1u : 0u;
  if (!same_rankings(single, scan(universe, threads, options))) {
    state.SkipWithError("the threaded scan ranks differently from the single-threaded one");
  }
  const double one_thread =
      fastest_ns([&] { benchmark::DoNotOptimize(scan(universe, 1, options)); }, 3);
  const double best = timed_loop(state, [&] {
    const auto r = scan(universe, threads, options);
    benchmark::DoNotOptimize(r.data());
  });
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(universe.size()));
  state.counters["tickers_ok"] = static_cast<double>(ok);
  state.counters["speedup"] = one_thread / best;
  // What the results of a scan retain (the analyses; the chains are the caller's).
  const std::size_t before = heap_in_use();
  const auto kept = scan(universe, 1, options);
  const std::size_t after = heap_in_use();
  state.counters["result_kb_per_ticker"] =
      static_cast<double>(after - before) / 1024.0 / static_cast<double>(kept.size());
}
BENCHMARK(BM_Scan)->ArgsProduct({{1, 2}, {0, 1}})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
