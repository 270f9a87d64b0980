// StrategyScorer over any policy, the honest POP variants, the expected-value policy, the
// type-erased AnyScoringPolicy and its registry, and the archetype proof.
#include "ivcrush/scoring/strategy_scorer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/policies/expected_value.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "scoring/candidates.hpp"
#include "scoring/reference_ranking.hpp"
#include "support/archetypes.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using ivcrush::test::base_case;
using ivcrush::test::base_context;
using ivcrush::test::random_candidates;

// ---- the concept ------------------------------------------------------------------------------

struct MissingScore {
  [[nodiscard]] double value(const Candidate&) const { return 0.0; }
};
struct WrongReturn {
  [[nodiscard]] double score(const Candidate&, const ScoringContext&) const { return 0.0; }
};
struct NonConstScore {
  ScoreBreakdown score(const Candidate&, const ScoringContext&) { return {}; }
};
struct NotCopyable {
  NotCopyable() = default;
  NotCopyable(const NotCopyable&) = delete;
  [[nodiscard]] ScoreBreakdown score(const Candidate&, const ScoringContext&) const { return {}; }
};
static_assert(!ScoringPolicy<MissingScore>);
static_assert(!ScoringPolicy<WrongReturn>);
static_assert(!ScoringPolicy<NonConstScore>);
static_assert(!ScoringPolicy<NotCopyable>);
static_assert(ScoringPolicy<IvCrushScoring>);
static_assert(ScoringPolicy<ExpectedValueScoring>);
static_assert(ScoringPolicy<AnyScoringPolicy>);
static_assert(ScoringPolicy<ivcrush::test::ScoringPolicyArchetype>);
static_assert(!ExplainsRationale<ivcrush::test::ScoringPolicyArchetype>);
// The scorer rejects a non-policy at the point of use ("constraints not satisfied").
template <class P>
concept Scorable = requires {
  typename StrategyScorer<P>;
};
static_assert(!Scorable<WrongReturn>);
static_assert(Scorable<ivcrush::test::ScoringPolicyArchetype>);

TEST_CASE("the archetype policy (only what the concept requires) ranks with StrategyScorer") {
  const auto candidates = random_candidates(50, 7);
  const StrategyScorer scorer(ivcrush::test::ScoringPolicyArchetype(100.0), {.top_n = 4});
  const auto r = scorer.rank(candidates, base_context());
  REQUIRE(r.top.size() == 4);
  // The archetype scores 100 x model POP: the top 4 are the 4 highest model POPs of the
  // candidates no other dominates (docs/scoring.md), in order.
  const auto dominated = ivcrush::test::brute_dominated(candidates);
  std::vector<double> pops;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!dominated[i]) pops.push_back(candidates[i].pop.model);
  }
  REQUIRE(pops.size() >= 4);
  REQUIRE(pops.size() < candidates.size());  // the set has dominated candidates to drop
  std::sort(pops.begin(), pops.end(), std::greater<>());
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(candidates[r.top[k].index].pop.model == pops[k]);
    CHECK_CLOSE(r.top[k].breakdown.total(), 100.0 * pops[k], 1e-12, 0.0);
    CHECK_FALSE(r.top[k].rationale.empty());  // default rationale options (model POP)
  }
}

// ---- ranking ------------------------------------------------------------------------------------

TEST_CASE("rank: descending, top N, ties keep input order, indices and scores kept") {
  // Scores of the base case under the original: 93.49 (EXCELLENT), 82.49 (WARNING), 71.49 (REJECT).
  auto excellent = base_case();
  auto warning = base_case();
  warning.liquidity = LiquidityTier::warning;
  auto reject = base_case();
  reject.liquidity = LiquidityTier::reject;
  const std::vector<Candidate> cs{reject, warning, excellent, warning, excellent, reject};
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  const auto r = scorer.rank(cs, base_context());
  CHECK(r.scored == 6);
  REQUIRE(r.top.size() == 3);
  CHECK(r.top[0].index == 2);  // the first of the two equal best
  CHECK(r.top[1].index == 4);
  CHECK(r.top[2].index == 1);  // the first WARNING
  CHECK_CLOSE(r.top[0].breakdown.total(), 93.4857143, 5e-8, 0.0);
  CHECK_CLOSE(r.top[2].breakdown.total(), 82.4857143, 5e-8, 0.0);
  CHECK(r.best() == &r.top[0]);
  CHECK(r.top[0].rationale ==
        "✓ High liquidity, Excellent VRP edge, favorable R/R, high POP, benefits from IV crush, "
        "EXIT next trading day (spreads: 31% win if held 2+ days)");
  CHECK(r.top[2].rationale.starts_with("⚠️ LOW LIQUIDITY, "));
  CHECK(r.recommendation ==
        "Bull Put Spread best; excellent VRP (>2.0x); strong R/R (0.43); high POP (75%); 5 "
        "contracts");

  // Fewer candidates than N; an empty span; explain off.
  const StrategyScorer quiet(IvCrushScoring::original(), {.top_n = 10, .explain = false});
  const auto all = quiet.rank(cs, base_context());
  CHECK(all.top.size() == 6);
  CHECK(all.top[5].index == 5);
  CHECK(all.top[0].rationale.empty());
  CHECK(all.recommendation.empty());
  const auto none = scorer.rank({}, base_context());
  CHECK(none.top.empty());
  CHECK(none.best() == nullptr);
  CHECK(none.verdict.reason == NoTradeReason::no_candidates);
  CHECK(none.recommendation == "No trade: no candidate to rank");
}

TEST_CASE("rank agrees with a brute-force stable sort on a random set, for every policy") {
  const auto cs = random_candidates(400, 2024);
  const auto dominated = ivcrush::test::brute_dominated(cs);
  for (const auto name : scoring_policy_names()) {
    CAPTURE(name);
    const auto policy = make_scoring_policy(name);
    const auto expected =
        ivcrush::test::reference_ranking(cs, policy, base_context(), 25, dominated);
    const StrategyScorer scorer(policy, {.top_n = 25, .explain = false});
    const auto r = scorer.rank(cs, base_context());
    REQUIRE(r.top.size() == expected.size());
    REQUIRE(r.top.size() >= 5);  // the set's few payoff shapes: most candidates are dominated
    for (std::size_t k = 0; k < r.top.size(); ++k) CHECK(r.top[k].index == expected[k]);
  }
}

TEST_CASE("AnyScoringPolicy gives the template's ranking for every shipped policy") {
  const auto cs = random_candidates(300, 99);
  auto ctx = base_context();
  ctx.bias = DirectionalBias::weak_bearish;
  ctx.vrp_ratio = 1.7;
  const auto compare = [&](const auto& typed, std::string_view name) {
    CAPTURE(name);
    const StrategyScorer template_scorer(typed, {.top_n = 20});
    const StrategyScorer erased_scorer(make_scoring_policy(name), {.top_n = 20});
    const auto a = template_scorer.rank(cs, ctx);
    const auto b = erased_scorer.rank(cs, ctx);
    REQUIRE(a.top.size() == b.top.size());
    for (std::size_t k = 0; k < a.top.size(); ++k) {
      CHECK(a.top[k].index == b.top[k].index);
      CHECK(a.top[k].breakdown.total() == b.top[k].breakdown.total());
      CHECK(a.top[k].rationale == b.top[k].rationale);
    }
    CHECK(a.recommendation == b.recommendation);
  };
  compare(IvCrushScoring::original(), "iv_crush_default");
  compare(IvCrushScoring::model_pop(), "iv_crush_model");
  compare(IvCrushScoring::empirical_pop(), "iv_crush_empirical");
  compare(ExpectedValueScoring(), "expected_value");
  compare(IvCrushScoring::conservative(), "conservative");
  compare(IvCrushScoring::aggressive(), "aggressive");
}

TEST_CASE("breakdowns: total = clamp(sum of points), weights of each set sum to 1") {
  const auto cs = random_candidates(200, 5);
  auto ctx = base_context();
  ctx.bias = DirectionalBias::strong_bullish;
  for (const auto name : scoring_policy_names()) {
    CAPTURE(name);
    const auto p = make_scoring_policy(name);
    for (const auto& c : cs) {
      const auto b = p.score(c, ctx);
      CHECK_CLOSE(b.total(), std::clamp(b.sum_of_points(), 0.0, 100.0), 1e-9, 0.0);
      double weights = 0.0;
      for (const auto& comp : b.components()) {
        weights += comp.weight;
        CHECK_FALSE(comp.reason().empty());
      }
      CHECK(std::fabs(weights - 1.0) <= 0.01);
    }
  }
}

// ---- the honest variants ------------------------------------------------------------------------

TEST_CASE("model and empirical POP variants: empirical falls back to model and says so") {
  auto c = base_case();
  c.pop.model = 0.52;
  const auto ctx = base_context();
  const auto model = IvCrushScoring::model_pop().score(c, ctx);
  CHECK_CLOSE(model.at("pop").points, 0.52 / 0.65 * 40.0, 1e-12, 0.0);
  CHECK(model.at("pop").reason() == "model POP 0.520 vs target 0.65");
  // edge with the model POP: 0.52 * 150/350 - 0.48 < 0.
  CHECK(model.at("edge").points == 0.0);

  // No empirical POP: the model's, with the fallback in the reason.
  const auto fallback = IvCrushScoring::empirical_pop().score(c, ctx);
  CHECK(fallback.total() == model.total());
  CHECK(fallback.at("pop").reason() ==
        "model POP 0.520 vs target 0.65 (empirical: 0 moves, too few or none)");
  // Too few moves (3 < 4): still the model's.
  c.pop.empirical = 0.9;
  c.empirical_sample_size = 3;
  CHECK(IvCrushScoring::empirical_pop().score(c, ctx).total() == model.total());
  // Enough moves: the empirical POP.
  c.empirical_sample_size = 12;
  const auto empirical = IvCrushScoring::empirical_pop().score(c, ctx);
  CHECK_CLOSE(empirical.at("pop").points, 40.0, 1e-12, 0.0);
  CHECK(empirical.at("pop").reason() == "empirical POP 0.900 over 12 moves vs target 0.65");
  // The rationale quotes the POP the policy used.
  CHECK(recommendation_rationale(c, ctx, IvCrushScoring::empirical_pop().rationale_options())
            .ends_with("high POP (90%); 5 contracts"));
  CHECK(recommendation_rationale(c, ctx, IvCrushScoring::model_pop().rationale_options())
            .ends_with("strong R/R (0.43); 5 contracts"));
}

// ---- expected value --------------------------------------------------------------------------

TEST_CASE("expected_value: logistic of E[P/L] per dollar at risk, empirical first") {
  const ExpectedValueScoring p;
  auto c = base_case();  // max loss 350 per unit
  c.expected_pnl_model = Money::dollars(-35.0);
  c.expected_pnl_empirical = Money::dollars(17.5);
  c.empirical_sample_size = 8;
  const auto ctx = base_context();
  // Empirical: x = 17.5 / 350 = 0.05 = scale -> 100 / (1 + e^-1).
  const auto b = p.score(c, ctx);
  CHECK_CLOSE(b.total(), 100.0 / (1.0 + std::exp(-1.0)), 1e-12, 0.0);
  CHECK_CLOSE(b.total(), 73.10585786, 1e-8, 0.0);
  CHECK(b.at("expected_value").reason() ==
        "empirical E[P/L] $17.50 over 8 moves = +0.0500 of max loss");
  // Too few moves: the model's x = -0.1 -> 100 / (1 + e^2).
  c.empirical_sample_size = 2;
  const auto m = p.score(c, ctx);
  CHECK_CLOSE(m.total(), 100.0 / (1.0 + std::exp(2.0)), 1e-12, 0.0);
  CHECK(m.at("expected_value").reason() ==
        "model E[P/L] $-35.00 = -0.1000 of max loss (empirical: 2 moves, too few)");
  // Break-even scores 50.
  c.expected_pnl_model = Money::dollars(0.0);
  CHECK_CLOSE(p.score(c, ctx).total(), 50.0, 1e-12, 0.0);
}

TEST_CASE("expected_value: liquidity is a gate, not a weight") {
  auto c = base_case();
  c.expected_pnl_model = Money::dollars(100.0);
  const ExpectedValueScoring p;  // minimum WARNING
  c.liquidity = LiquidityTier::warning;
  const double warning = p.score(c, base_context()).total();
  c.liquidity = LiquidityTier::excellent;
  CHECK(p.score(c, base_context()).total() == warning);  // no weight: same score
  c.liquidity = LiquidityTier::reject;
  const auto gated = p.score(c, base_context());
  CHECK(gated.total() == 0.0);
  CHECK(gated.at("liquidity").reason() == "gated: liquidity REJECT is below the minimum tier");
  const ExpectedValueScoring strict({.min_liquidity = LiquidityTier::excellent});
  c.liquidity = LiquidityTier::good;
  CHECK(strict.score(c, base_context()).total() == 0.0);
  // Ranking by the total is ranking by E[P/L] / max loss.
  auto better = base_case();
  better.expected_pnl_model = Money::dollars(10.0);
  better.max_loss = Money::dollars(50.0);  // 0.2 per dollar
  auto worse = base_case();
  worse.expected_pnl_model = Money::dollars(30.0);  // 30 / 350 = 0.086 per dollar
  CHECK(p.score(better, base_context()).total() > p.score(worse, base_context()).total());
  CHECK_THROWS_WITH_AS(ExpectedValueScoring({.scale = 0.0}), "scale = 0: must be positive",
                       InvalidInput);
}

// ---- registry and erasure -------------------------------------------------------------------

TEST_CASE("registry: names normalized as the original did, unknown names listed") {
  CHECK(normalize_policy_name("IV-Crush Default") == "iv_crush_default");
  CHECK(make_scoring_policy("IV-Crush Default").name() == "iv_crush_default");
  CHECK(make_scoring_policy("Expected-Value").name() == "expected_value");
  CHECK(scoring_policy_names().size() == 6);
  for (const auto name : scoring_policy_names()) CHECK(make_scoring_policy(name).name() == name);
  CHECK_THROWS_WITH_AS(static_cast<void>(make_scoring_policy("kelly")),
                       "scoring policy = 'kelly': unknown; known policies: iv_crush_default, "
                       "iv_crush_model, iv_crush_empirical, expected_value, conservative, "
                       "aggressive",
                       InvalidInput);
}

TEST_CASE("AnyScoringPolicy: copies, moves, custom policies, rationale forwarding") {
  AnyScoringPolicy a = make_scoring_policy("iv_crush_default");
  const auto c = base_case();
  const double expected = a.score(c, base_context()).total();
  AnyScoringPolicy b = a;  // deep copy
  CHECK(b.score(c, base_context()).total() == expected);
  AnyScoringPolicy moved = std::move(a);
  CHECK(moved.score(c, base_context()).total() == expected);
  a = b;  // assign into the moved-from
  CHECK(a.score(c, base_context()).total() == expected);
  b = make_scoring_policy("expected_value");
  CHECK(b.name() == "expected_value");
  CHECK(b.rationale_options().pop_source == PopSource::empirical);
  CHECK(a.rationale_options().pop_source == PopSource::legacy);
  const AnyScoringPolicy custom(ivcrush::test::ScoringPolicyArchetype(50.0), "half_pop");
  CHECK(custom.name() == "half_pop");
  CHECK_CLOSE(custom.score(c, base_context()).total(), 50.0 * c.pop.model, 1e-12, 0.0);
  CHECK(custom.rationale_options().pop_source == PopSource::model);  // the defaults
}

TEST_CASE("scorer and context validation") {
  CHECK_THROWS_WITH_AS(StrategyScorer(IvCrushScoring::original(), {.top_n = 0}),
                       "top_n = 0: must be at least 1", InvalidInput);
  const StrategyScorer scorer(IvCrushScoring::original());
  const std::vector<Candidate> cs{base_case()};
  auto ctx = base_context();
  ctx.spot = Price::dollars(0.0);
  CHECK_THROWS_WITH_AS(static_cast<void>(scorer.rank(cs, ctx)), "spot = 0: must be positive",
                       InvalidInput);
  ctx = base_context();
  ctx.implied_move = Percentage::from_pct(-8.0);
  CHECK_THROWS_WITH_AS(static_cast<void>(scorer.rank(cs, ctx)),
                       "implied_move = -8: must not be negative", InvalidInput);
  ctx = base_context();
  ctx.vrp_ratio = std::nan("");
  CHECK_THROWS_WITH_AS(static_cast<void>(scorer.rank(cs, ctx)), "vrp_ratio = nan: must be finite",
                       InvalidInput);
}

}  // namespace
