// Payoff dominance (scoring/dominance.hpp) and the ranking's rule (strategy_scorer.hpp): a
// candidate whose payoff is at most another's everywhere, and below it somewhere, is never
// ranked above it, under any policy. Checked against a brute-force reference
// (reference_ranking.hpp), on the real case of issue 16 and as a property over 10,000 random
// candidate sets and over generated candidates of random chains.
#include "ivcrush/scoring/dominance.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/policies/expected_value.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "ivcrush/strategy/generator.hpp"
#include "scoring/candidates.hpp"
#include "scoring/reference_ranking.hpp"
#include "strategy/synthetic_chains.hpp"
#include "support/archetypes.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using ivcrush::test::base_context;
using ivcrush::test::brute_dominated;
using ivcrush::test::brute_dominates;
using ivcrush::test::candidate_from;
using ivcrush::test::option_leg;

// Short `short_strike` put for `short_premium`, long `long_strike` put for `long_premium`.
Candidate put_vertical(double short_strike, double short_premium, double long_strike,
                       double long_premium) {
  return candidate_from(
      StrategyKind::bull_put_spread,
      Strategy::make(Symbol::parse("TEST"),
                     {option_leg(OptionRight::put, short_strike, Side::sell, short_premium),
                      option_leg(OptionRight::put, long_strike, Side::buy, long_premium)}));
}

// Every policy the ranking must hold the rule under: the typed presets, the EV policy, and the
// type-erased registry (backtest's make_scoring_policy names).
std::vector<AnyScoringPolicy> all_policies() {
  std::vector<AnyScoringPolicy> out;
  for (const auto name : scoring_policy_names()) out.push_back(make_scoring_policy(name));
  out.emplace_back(ExpectedValueScoring({.min_liquidity = LiquidityTier::good, .scale = 0.1}),
                   "ev_good");
  return out;
}

TEST_CASE("payoff_dominates: hand cases, strictness, the tails and the half-cent tolerance") {
  // Issue 16's pair: the same short 32P and the same $0.45 credit, wings 22P and 27P.
  const auto wide = put_vertical(32.0, 0.45, 22.0, 0.0);
  const auto narrow = put_vertical(32.0, 0.45, 27.0, 0.0);
  CHECK(wide.max_loss.dollars() == doctest::Approx(955.0));
  CHECK(narrow.max_loss.dollars() == doctest::Approx(455.0));
  CHECK(payoff_dominates(narrow.payoff, wide.payoff));
  CHECK_FALSE(payoff_dominates(wide.payoff, narrow.payoff));
  CHECK_FALSE(payoff_dominates(narrow.payoff, narrow.payoff));  // irreflexive
  // More credit on the same strikes dominates; a wider wing for more credit crosses: neither.
  CHECK(payoff_dominates(put_vertical(32.0, 0.50, 27.0, 0.0).payoff, narrow.payoff));
  const auto crossing = put_vertical(32.0, 1.45, 22.0, 0.0);  // +$100 above 32, -$500 more at 0
  CHECK_FALSE(payoff_dominates(crossing.payoff, narrow.payoff));
  CHECK_FALSE(payoff_dominates(narrow.payoff, crossing.payoff));
  // Half a cent per unit is equal; 0.6 cent is not ($0.00004 and $0.00006 per share x 100).
  CHECK_FALSE(payoff_dominates(put_vertical(32.0, 0.45004, 27.0, 0.0).payoff, narrow.payoff));
  CHECK(payoff_dominates(put_vertical(32.0, 0.45006, 27.0, 0.0).payoff, narrow.payoff));
  // The right tail: a naked short call loses without limit, the call spread with the same credit
  // stops at -$400: equal up to 100, the spread above from 105 on, and beyond every knot.
  const auto naked =
      candidate_from(StrategyKind::custom,
                     Strategy::make(Symbol::parse("TEST"),
                                    {option_leg(OptionRight::call, 100.0, Side::sell, 1.0)}));
  const auto spread =
      candidate_from(StrategyKind::bear_call_spread,
                     Strategy::make(Symbol::parse("TEST"),
                                    {option_leg(OptionRight::call, 100.0, Side::sell, 1.0),
                                     option_leg(OptionRight::call, 105.0, Side::buy, 0.0)}));
  CHECK(payoff_dominates(spread.payoff, naked.payoff));
  CHECK_FALSE(payoff_dominates(naked.payoff, spread.payoff));
  // Equal everywhere except the tail slope beyond the last knot.
  CHECK(brute_dominates(spread, naked));
  CHECK_FALSE(brute_dominates(naked, spread));
}

TEST_CASE("payoff_dominates agrees with the brute-force evaluation on 200,000 random pairs") {
  std::mt19937 rng(16);
  std::size_t dominated = 0;
  for (int trial = 0; trial < 200'000; ++trial) {
    const auto make = [&] {
      const double s = 90.0 + static_cast<double>(rng() % 12);
      const double w = std::array{1.0, 2.0, 5.0}[rng() % 3];
      const double credit = 0.01 * static_cast<double>(rng() % 120);
      if (rng() % 3 == 0) {
        return candidate_from(
            StrategyKind::iron_condor,
            ivcrush::test::condor(s, s + 4.0 + static_cast<double>(rng() % 4), w, credit / 2.0));
      }
      return put_vertical(s, credit, s - w, 0.0);
    };
    const auto a = make();
    const auto b = make();
    const bool fast = payoff_dominates(b.payoff, a.payoff);
    CHECK(fast == brute_dominates(b, a));
    if (fast) ++dominated;
  }
  CHECK(dominated > 10'000);  // the pairs do exercise dominance
}

TEST_CASE("issue 16's real pair: +27P -32P ranks, +22P -32P is dropped, under every policy") {
  // Same credit, wings without a bid (no greeks), the same short strike and so the same legacy
  // POP: before, both scored 88.000 (the no-greeks set, the edge floored at 0) and generator
  // order put the $955 one first.
  auto wide = put_vertical(32.0, 0.45, 22.0, 0.0);
  auto narrow = put_vertical(32.0, 0.45, 27.0, 0.0);
  for (Candidate* c : {&wide, &narrow}) {
    c->pop = {.model = 0.80, .empirical = 0.9, .legacy = 0.80};
    c->empirical_sample_size = 12;
    c->greeks.reset();
    c->contracts = 1;
    c->expected_pnl_model = Money::dollars(5.0);
    c->expected_pnl_empirical = Money::dollars(5.0);
  }
  const std::vector<Candidate> cs{wide, narrow};  // generator order: the wide wing first
  const auto ctx = base_context();
  // Scores tie (79 now: the with-greeks set at the worst greeks, not 88).
  const auto original = IvCrushScoring::original();
  CHECK_CLOSE(original.score(wide, ctx).total(), 40.0 + 22.0 + 17.0, 1e-12, 0.0);
  CHECK(original.score(wide, ctx).total() == original.score(narrow, ctx).total());
  for (const auto& policy : all_policies()) {
    CAPTURE(policy.name());
    const StrategyScorer scorer(policy, {.top_n = 2});
    const Ranking r = scorer.rank(cs, ctx);
    REQUIRE(r.top.size() == 1);
    CHECK(r.top[0].index == 1);
  }
  // Without the dominated one's dominator the wide spread ranks normally.
  const StrategyScorer scorer(original, {.top_n = 2});
  CHECK(scorer.rank(std::vector<Candidate>{wide}, ctx).top.size() == 1);
}

TEST_CASE("ties: total, then E[P/L] per max loss, then max loss, then the legs, not input order") {
  // Pairwise crossing payoffs (none dominates another) that tie on the total.
  auto a = put_vertical(95.0, 1.50, 90.0, 0.0);  // max loss 350, max profit 150
  auto b = put_vertical(97.0, 1.00, 95.0, 0.0);  // max loss 100, max profit 100
  auto c = put_vertical(99.0, 2.00, 96.0, 0.0);  // max loss 100, max profit 200 from 99 only
  for (Candidate* x : {&a, &b, &c}) x->expected_pnl_model = Money::dollars(10.0);
  for (const Candidate* x : {&a, &b, &c}) {
    for (const Candidate* y : {&a, &b, &c}) REQUIRE_FALSE(payoff_dominates(x->payoff, y->payoff));
  }
  const auto ctx = base_context();
  const ivcrush::test::ScoringPolicyArchetype flat(0.0);  // 0 x POP: every total is 0
  const StrategyScorer scorer(flat, {.top_n = 3});
  // E[P/L] per max loss: b and c 0.1 before a's 0.0286; b and c tie on it and on max loss, and
  // the lower first leg (b: 97P) comes first, whatever the input order.
  for (const auto& order : {std::vector<Candidate>{a, b, c}, std::vector<Candidate>{c, b, a},
                            std::vector<Candidate>{b, a, c}}) {
    const Ranking r = scorer.rank(order, ctx);
    REQUIRE(r.top.size() == 3);
    CHECK(order[r.top[0].index].strategy.legs()[0].strike().dollars() == 97.0);
    CHECK(order[r.top[1].index].strategy.legs()[0].strike().dollars() == 99.0);
    CHECK(order[r.top[2].index].strategy.legs()[0].strike().dollars() == 95.0);
  }
  // Max loss decides when the ratio ties: a at E[P/L] 35 has 0.1 per dollar like b, loses more.
  a.expected_pnl_model = Money::dollars(35.0);
  const Ranking r = scorer.rank(std::vector<Candidate>{a, b}, ctx);
  CHECK(r.top[0].index == 1);
  // Identical trades keep input order.
  const Ranking same = scorer.rank(std::vector<Candidate>{b, b}, ctx);
  REQUIRE(same.top.size() == 2);
  CHECK(same.top[0].index == 0);
}

// A random candidate set of realistic trades on a $1 strike grid: verticals and condors with
// one-sided wings (a long wing without a bid: premium 0, or a cent), cent credits, greeks
// missing at random, ties on purpose (same short strike and so the same legacy and model POP,
// exact duplicates, EV repeated).
std::vector<Candidate> random_set(std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::size_t n = 2 + rng() % 23;
  std::vector<Candidate> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (!out.empty() && rng() % 10 == 0) {  // an exact duplicate
      out.push_back(out[rng() % out.size()]);
      continue;
    }
    const int shape = static_cast<int>(rng() % 3);
    const double s = 92.0 + static_cast<double>(rng() % 6);
    const double w = std::array{1.0, 2.0, 5.0, 10.0}[rng() % 4];
    const double wing = rng() % 2 == 0 ? 0.0 : 0.01 * static_cast<double>(rng() % 20);
    const double credit = 0.01 * static_cast<double>(5 + rng() % 60);
    Candidate c =
        shape == 0 ? put_vertical(s, credit + wing, s - w, wing)
        : shape == 1
            ? candidate_from(
                  StrategyKind::bear_call_spread,
                  Strategy::make(
                      Symbol::parse("TEST"),
                      {option_leg(OptionRight::call, s + 10.0, Side::sell, credit + wing),
                       option_leg(OptionRight::call, s + 10.0 + w, Side::buy, wing)}))
            : candidate_from(StrategyKind::iron_condor,
                             ivcrush::test::condor(s, s + 8.0, w, std::min(credit, 0.4 * w)));
    const double pop = 0.5 + 0.04 * (s - 92.0);  // a function of the short strike: ties
    c.pop = {.model = pop, .empirical = std::nullopt, .legacy = pop};
    if (rng() % 2 == 0) {
      c.pop.empirical = unit(rng);
      c.empirical_sample_size = rng() % 10;
      c.expected_pnl_empirical = Money::dollars(std::round(-30.0 + 60.0 * unit(rng)));
    }
    c.expected_pnl_model = Money::dollars(std::round(-20.0 + 60.0 * unit(rng)));
    c.liquidity = static_cast<LiquidityTier>(rng() % 4);
    c.contracts = static_cast<std::int32_t>(rng() % 6);
    if (rng() % 2 == 0) {  // wings with a bid: greeks; otherwise none
      c.greeks = PositionGreeks{.delta_shares = 0.0,
                                .gamma_shares_per_dollar = 0.0,
                                .vega_per_vol_point = Money::dollars(-20.0 + 25.0 * unit(rng)),
                                .theta_per_calendar_day = Money::dollars(-1.0 + 8.0 * unit(rng)),
                                .option_contracts = 2};
    }
    out.push_back(c);
  }
  return out;
}

TEST_CASE("property: over 10,000 random sets no dominated candidate ranks, under every policy") {
  std::mt19937 rng(20250611);
  const auto policies = all_policies();
  std::size_t sets_with_dominance = 0, reported = 0;
  for (int set = 0; set < 10'000; ++set) {
    const std::vector<Candidate> cs = random_set(rng);
    const std::vector<bool> dominated = brute_dominated(cs);
    if (std::find(dominated.begin(), dominated.end(), true) != dominated.end()) {
      ++sets_with_dominance;
    }
    auto ctx = base_context();
    ctx.vrp_ratio = 1.0 + 0.25 * static_cast<double>(set % 8);
    ctx.bias = set % 3 == 0 ? DirectionalBias::weak_bullish : DirectionalBias::neutral;
    const std::size_t top_n =
        std::array<std::size_t, 3>{1, 3, 10}[static_cast<std::size_t>(set % 3)];
    for (const auto& policy : policies) {
      const StrategyScorer scorer(policy, {.top_n = top_n, .explain = false});
      const Ranking r = scorer.rank(cs, ctx);
      const auto expected = ivcrush::test::reference_ranking(cs, policy, ctx, top_n, dominated);
      REQUIRE(r.top.size() == expected.size());
      for (std::size_t k = 0; k < r.top.size(); ++k) {
        // Never a dominated candidate (so never one above its dominator), in the stated order.
        if (dominated[r.top[k].index] || r.top[k].index != expected[k]) {
          CAPTURE(set);
          CAPTURE(policy.name());
          CAPTURE(k);
          CHECK_FALSE(dominated[r.top[k].index]);
          CHECK(r.top[k].index == expected[k]);
        }
      }
      reported += r.top.size();
    }
  }
  MESSAGE(sets_with_dominance, " of 10000 sets have a dominated candidate; ", reported,
          " ranked entries checked");
  CHECK(sets_with_dominance > 5'000);
}

TEST_CASE("property on generated candidates of random chains: the top is never dominated") {
  const auto policies = all_policies();
  std::size_t chains = 0, dominated_found = 0;
  for (std::uint32_t seed = 1; seed <= 25; ++seed) {
    const OptionChain chain = ivcrush::test::random_chain(seed, 100.0, 41, 1.0);
    const ChainGreeks greeks(chain, {}, {});
    const auto expiration = Expiration::from_date(ivcrush::test::section8_expiry);
    const std::vector<Percentage> moves{Percentage::from_pct(-4.0), Percentage::from_pct(3.0),
                                        Percentage::from_pct(6.5), Percentage::from_pct(-2.0),
                                        Percentage::from_pct(1.0)};
    const GeneratorOptions options;
    const GenerationResult g = generate_candidates({.greeks = greeks,
                                                    .expiration = expiration,
                                                    .implied_move = Percentage::from_pct(6.0),
                                                    .vrp_ratio = 1.8,
                                                    .historical_moves = moves},
                                                   options);
    if (!g.ok()) continue;
    ++chains;
    const ScoringContext ctx{.spot = chain.spot(),
                             .implied_move = Percentage::from_pct(6.0),
                             .vrp_ratio = 1.8,
                             .bias = DirectionalBias::neutral};
    for (const auto& policy : policies) {
      CAPTURE(seed);
      CAPTURE(policy.name());
      const StrategyScorer scorer(policy, {.top_n = 10, .explain = false});
      const Ranking r = scorer.rank(g.candidates, ctx);
      REQUIRE_FALSE(r.top.empty());
      for (const auto& kept : r.top) {
        for (std::size_t j = 0; j < g.candidates.size(); ++j) {
          CHECK_FALSE(brute_dominates(g.candidates[j], g.candidates[kept.index]));
        }
      }
    }
    for (std::size_t i = 0; i < g.candidates.size(); ++i) {
      if (dominated_in(g.candidates, i)) ++dominated_found;
    }
  }
  MESSAGE(dominated_found, " dominated generated candidates over ", chains, " chains");
  CHECK(chains >= 20);
  CHECK(dominated_found > 0);
}

}  // namespace
