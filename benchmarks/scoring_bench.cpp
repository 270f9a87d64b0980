// Scoring 100,000 candidates: the policy alone, StrategyScorer<P> (the template path) and
// StrategyScorer<AnyScoringPolicy> (type erasure at the edge), for the original policy and the
// expected-value policy. The "per_candidate" counter is the time per candidate; the scorer's
// own cost is its difference from the policy-alone row.
//   cmake --preset release && cmake --build --preset release --target ivcrush_scoring_bench
//   ./build/release/benchmarks/ivcrush_scoring_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/policies/expected_value.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"

namespace {

using namespace ivcrush;

constexpr std::size_t candidate_count = 100'000;

Leg leg(OptionRight right, double strike, Side side, double premium) {
  using namespace std::chrono;
  return Leg::option({.right = right,
                      .strike = Strike::from_dollars(strike),
                      .expiration = 2025y / January / 17,
                      .side = side,
                      .quantity = 1,
                      .premium = Money::dollars(premium)});
}

// 1,000 distinct verticals and condors with varied POPs, greeks, tiers and sizes, repeated to
// 100,000 (a seeded, reproducible set).
std::vector<Candidate> make_candidates() {
  // The four graded tiers (not UNKNOWN), so the mix is the one the figures were measured on.
  constexpr LiquidityTier graded_tiers[] = {LiquidityTier::reject, LiquidityTier::warning,
                                            LiquidityTier::good, LiquidityTier::excellent};
  std::mt19937 rng(20240501);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<Candidate> distinct;
  for (int i = 0; i < 1000; ++i) {
    const bool vertical = i % 2 == 0;
    const double credit = 0.3 + unit(rng);
    const double k = 90.0 + static_cast<double>(rng() % 8);
    const auto s =
        vertical ? Strategy::make(Symbol::parse("BENCH"),
                                  {leg(OptionRight::put, k, Side::sell, credit + 0.5),
                                   leg(OptionRight::put, k - 5.0, Side::buy, 0.5)})
                 : Strategy::make(Symbol::parse("BENCH"),
                                  {leg(OptionRight::put, k - 5.0, Side::buy, 0.5),
                                   leg(OptionRight::put, k, Side::sell, credit / 2 + 0.5),
                                   leg(OptionRight::call, 200.0 - k, Side::sell, credit / 2 + 0.5),
                                   leg(OptionRight::call, 205.0 - k, Side::buy, 0.5)});
    const auto payoff = PayoffProfile::at_expiration(s);
    const double max_profit = payoff.max_profit().amount.dollars();
    const double max_loss = -payoff.max_loss().amount.dollars();
    Candidate c{.kind = vertical ? StrategyKind::bull_put_spread : StrategyKind::iron_condor,
                .strategy = s,
                .payoff = payoff,
                .net_credit_per_share = Money::dollars(credit),
                .max_profit = Money::dollars(max_profit),
                .max_loss = Money::dollars(max_loss),
                .reward_risk_ratio = max_profit / max_loss,
                .pop = {.model = 0.4 + 0.5 * unit(rng),
                        .empirical = std::nullopt,
                        .legacy = 0.4 + 0.5 * unit(rng)},
                .expected_pnl_model = Money::dollars(-40.0 + 60.0 * unit(rng)),
                .expected_pnl_empirical = std::nullopt,
                .empirical_sample_size = 0,
                .greeks = std::nullopt,
                .liquidity = graded_tiers[rng() % 4],
                .min_open_interest = 500,
                .max_spread = Percentage::from_pct(6.0),
                .contracts = static_cast<std::int32_t>(1 + rng() % 30)};
    if (rng() % 2 == 0) {
      c.pop.empirical = unit(rng);
      c.empirical_sample_size = 8;
      c.expected_pnl_empirical = Money::dollars(-40.0 + 60.0 * unit(rng));
    }
    if (rng() % 4 != 0) {
      c.greeks = PositionGreeks{.delta_shares = 0.0,
                                .gamma_shares_per_dollar = 0.0,
                                .vega_per_vol_point = Money::dollars(-20.0 + 25.0 * unit(rng)),
                                .theta_per_calendar_day = Money::dollars(8.0 * unit(rng)),
                                .option_contracts = vertical ? 2 : 4};
    }
    distinct.push_back(c);
  }
  std::vector<Candidate> out;
  out.reserve(candidate_count);
  while (out.size() < candidate_count) out.push_back(distinct[out.size() % distinct.size()]);
  return out;
}

const std::vector<Candidate>& candidates() {
  static const std::vector<Candidate> all = make_candidates();
  return all;
}

const ScoringContext context{.spot = Price::dollars(100.0),
                             .implied_move = Percentage::from_pct(8.0),
                             .vrp_ratio = 1.8,
                             .bias = DirectionalBias::weak_bullish};

void per_candidate(benchmark::State& state) {
  state.counters["per_candidate"] = benchmark::Counter(
      static_cast<double>(candidate_count),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

template <class Policy>
void policy_alone(benchmark::State& state, const Policy& policy) {
  const auto& cs = candidates();
  for (auto _ : state) {
    double sum = 0.0;
    for (const auto& c : cs) sum += policy.score(c, context).total();
    benchmark::DoNotOptimize(sum);
  }
  per_candidate(state);
}

template <class Policy>
void scorer_rank(benchmark::State& state, const Policy& policy) {
  const auto& cs = candidates();
  const StrategyScorer scorer(policy, {.top_n = 3});
  Ranking ranking;
  for (auto _ : state) {
    scorer.rank_into(cs, context, ranking);
    benchmark::DoNotOptimize(ranking.top.data());
  }
  per_candidate(state);
}

void BM_iv_crush_policy_alone(benchmark::State& s) { policy_alone(s, IvCrushScoring::original()); }
void BM_iv_crush_template_scorer(benchmark::State& s) {
  scorer_rank(s, IvCrushScoring::original());
}
void BM_iv_crush_any_scorer(benchmark::State& s) {
  scorer_rank(s, make_scoring_policy("iv_crush_default"));
}
void BM_expected_value_policy_alone(benchmark::State& s) {
  policy_alone(s, ExpectedValueScoring());
}
void BM_expected_value_template_scorer(benchmark::State& s) {
  scorer_rank(s, ExpectedValueScoring());
}
void BM_expected_value_any_scorer(benchmark::State& s) {
  scorer_rank(s, make_scoring_policy("expected_value"));
}

BENCHMARK(BM_iv_crush_policy_alone)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_iv_crush_template_scorer)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_iv_crush_any_scorer)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_expected_value_policy_alone)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_expected_value_template_scorer)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_expected_value_any_scorer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
