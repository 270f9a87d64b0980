// The original StrategyScorer as IvCrushScoring::original(): domain-spec §4 and §8 reproduced.
// Expected values are §8's printed numbers, or hand computations written out next to them.
#include "ivcrush/scoring/policies/iv_crush.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

#include "ivcrush/scoring/rationale.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "scoring/candidates.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using ivcrush::test::base_case;
using ivcrush::test::base_context;

// §8 prints 7 decimals: half a unit of the last digit.
constexpr double printed = 5e-8;

double score_of(const Candidate& c, const ScoringContext& ctx) {
  return IvCrushScoring::original().score(c, ctx).total();
}

TEST_CASE("§8 base case: 93.4857143, profitability 90, risk 17.5") {
  const auto c = base_case();
  const auto ctx = base_context();
  const auto p = IvCrushScoring::original();
  const auto b = p.score(c, ctx);
  CHECK_CLOSE(b.total(), 93.4857143, printed, 0.0);
  // By hand: 40 + 22 + 17 + 13 (0.75 * 150/350 - 0.25) / 0.10 + (25/50 * 4 + 80/100 * 4).
  CHECK_CLOSE(b.total(), 40.0 + 22.0 + 17.0 + 13.0 * (0.75 * 150.0 / 350.0 - 0.25) / 0.10 + 5.2,
              1e-12, 0.0);
  CHECK_CLOSE(b.at("pop").points, 40.0, 1e-12, 0.0);
  CHECK_CLOSE(b.at("liquidity").points, 22.0, 1e-12, 0.0);
  CHECK_CLOSE(b.at("vrp").points, 17.0, 1e-12, 0.0);
  CHECK_CLOSE(b.at("greeks").points, 2.0 + 3.2, 1e-12, 0.0);
  CHECK(b.at("profit_zone").points == 0.0);
  CHECK(b.at("direction").points == 0.0);
  CHECK(b.at("pop").reason() == "legacy POP 0.750 vs target 0.65");
  CHECK(b.at("greeks").reason() == "position theta $25.00/day, vega $-80.00/vol pt");
  CHECK(b.at("profit_zone").reason() == "fewer than two breakevens: x1");
  const auto sub = p.sub_scores(c);
  CHECK_CLOSE(sub.profitability, 90.0, 1e-12, 0.0);
  CHECK_CLOSE(sub.risk, 17.5, 1e-12, 0.0);
}

TEST_CASE("describe(): the base case's breakdown as docs/scoring.md shows it") {
  const auto b = IvCrushScoring::original().score(base_case(), base_context());
  MESSAGE(describe(b));
  CHECK(describe(b) ==
        "total 93.49\n"
        "  pop            40.00 / 40.0  legacy POP 0.750 vs target 0.65\n"
        "  liquidity      22.00 / 22.0  liquidity EXCELLENT: full weight\n"
        "  vrp            17.00 / 17.0  VRP 2.00x vs target 2.00x\n"
        "  edge            9.29 / 13.0  POP x R/R - (1 - POP) = 0.0714 (R/R 0.429), full at 0.10\n"
        "  greeks          5.20 / 8.0   position theta $25.00/day, vega $-80.00/vol pt\n"
        "  size           +0.00         5 contracts\n"
        "  profit_zone    +0.00         fewer than two breakevens: x1\n"
        "  direction      +0.00         neutral skew: no adjustment\n");
  CHECK_THROWS_AS(static_cast<void>(b.at("kelly")), std::out_of_range);
  CHECK(b.find("kelly") == nullptr);
}

TEST_CASE("§8 without greeks: 88.2857143, the with-greeks set at the worst greeks") {
  // Issue 16: the separate no-greeks set gave 45 + 26 + 17 + 12 x edge / 0.10 = 96.57 here, more
  // than the same trade with any greeks (93.49 with its own): wings without a bid earned points.
  // Now the lower of the two sets: 40 + 22 + 17 + 13 x edge / 0.10, the greeks part at 0.
  auto c = base_case();
  const double with_greeks = IvCrushScoring::original().score(c, base_context()).total();
  c.greeks.reset();
  const auto b = IvCrushScoring::original().score(c, base_context());
  const double edge = 0.75 * 150.0 / 350.0 - 0.25;
  CHECK_CLOSE(b.total(), 40.0 + 22.0 + 17.0 + 13.0 * edge / 0.10, 1e-12, 0.0);
  CHECK_CLOSE(b.total(), 88.2857143, printed, 0.0);
  CHECK(b.total() < 45.0 + 26.0 + 17.0 + 12.0 * edge / 0.10);  // the no-greeks set's sum
  CHECK(b.total() <= with_greeks);
  CHECK(b.at("greeks").weight == 0.08);
  CHECK(b.at("greeks").points == 0.0);
  CHECK(b.at("greeks").reason() == "no greeks: 0 points, the worst greeks");
  // A no-greeks set that is lower is used as is.
  IvCrushOptions strict{.name = "strict"};
  strict.without_greeks = {.pop = 0.10, .liquidity = 0.10, .vrp = 0.10, .edge = 0.70};
  const auto s = IvCrushScoring(strict).score(c, base_context());
  CHECK_CLOSE(s.total(), 10.0 + 10.0 + 10.0 + 70.0 * edge / 0.10, 1e-12, 0.0);  // 80 < 88.29
  CHECK(s.at("greeks").reason() == "no greeks: the no-greeks weight set (lower)");
  const auto sub = IvCrushScoring::original().sub_scores(c);
  CHECK_CLOSE(sub.profitability, 100.0, 1e-12, 0.0);
  CHECK_CLOSE(sub.risk, 25.0, 1e-12, 0.0);
}

TEST_CASE("§8 liquidity tiers: WARNING 82.4857143, REJECT 71.4857143, GOOD = EXCELLENT") {
  auto c = base_case();
  c.liquidity = LiquidityTier::warning;
  CHECK_CLOSE(score_of(c, base_context()), 82.4857143, printed, 0.0);
  c.liquidity = LiquidityTier::reject;
  const double reject = score_of(c, base_context());
  CHECK_CLOSE(reject, 71.4857143, printed, 0.0);
  CHECK(93.4857143 - reject >= 15.0);  // §7.18: REJECT costs the full liquidity weight
  c.liquidity = LiquidityTier::good;
  CHECK_CLOSE(score_of(c, base_context()), 93.4857143, printed, 0.0);
}

TEST_CASE("§8 bias: STRONG_BULLISH clamps to 100, BEARISH (counter-trend) 90.4857143") {
  const auto c = base_case();
  auto ctx = base_context();
  ctx.bias = DirectionalBias::strong_bullish;
  const auto b = IvCrushScoring::original().score(c, ctx);
  CHECK(b.total() == 100.0);
  CHECK_CLOSE(b.sum_of_points(), 93.4857143 + 8.0, printed, 0.0);  // clamped, not lost
  CHECK(b.at("direction").reason() == "with the skew's bias (strength 3): +8");
  ctx.bias = DirectionalBias::bearish;
  const auto counter = IvCrushScoring::original().score(c, ctx);
  CHECK_CLOSE(counter.total(), 90.4857143, printed, 0.0);
  CHECK(counter.at("direction").reason() == "against the skew's bias: -3");
}

TEST_CASE("§8 negative edge: 73.2269231 and profitability 80") {
  // POP 0.596, RR 0.38, position theta 10, vega +5, VRP 1.5: the edge is negative (0 points),
  // and 0 <= vega <= 10 earns half of (1 - 5/10) of the vega part.
  auto c = base_case();
  c.pop.legacy = 0.596;
  c.reward_risk_ratio = 0.38;
  c.greeks->theta_per_calendar_day = Money::dollars(2.0);  // x5 = 10
  c.greeks->vega_per_vol_point = Money::dollars(1.0);      // x5 = 5
  auto ctx = base_context();
  ctx.vrp_ratio = 1.5;
  const auto p = IvCrushScoring::original();
  const auto b = p.score(c, ctx);
  CHECK_CLOSE(b.total(), 73.2269231, printed, 0.0);
  CHECK_CLOSE(b.total(), 0.596 / 0.65 * 40.0 + 22.0 + 0.75 * 17.0 + 10.0 / 50.0 * 4.0 + 1.0, 1e-12,
              0.0);
  CHECK(b.at("edge").points == 0.0);
  CHECK_CLOSE(p.sub_scores(c).profitability, 80.0, 1e-12, 0.0);
}

TEST_CASE("greeks part: every branch of theta and vega, boundaries included") {
  const auto p = IvCrushScoring::original();
  auto c = base_case();
  const auto greeks_points = [&](double theta_position, double vega_position) {
    c.greeks->theta_per_calendar_day = Money::dollars(theta_position / 5.0);
    c.greeks->vega_per_vol_point = Money::dollars(vega_position / 5.0);
    return p.score(c, base_context()).at("greeks").points;
  };
  CHECK_CLOSE(greeks_points(0.0, 0.0), 0.0 + 2.0, 1e-12, 0.0);      // theta 0: none; V 0: half
  CHECK_CLOSE(greeks_points(50.0, 10.0), 4.0 + 0.0, 1e-12, 0.0);    // theta at target; V = 10
  CHECK_CLOSE(greeks_points(75.0, 10.5), 4.0 + 0.0, 1e-12, 0.0);    // capped; V > 10: none
  CHECK_CLOSE(greeks_points(-5.0, -100.0), 0.0 + 4.0, 1e-12, 0.0);  // negative theta; V at target
  CHECK_CLOSE(greeks_points(10.0, -150.0), 0.8 + 4.0, 1e-12, 0.0);  // V beyond target: capped
  CHECK_CLOSE(greeks_points(10.0, 2.5), 0.8 + 0.5 * 0.75 * 4.0, 1e-12, 0.0);
}

TEST_CASE("edge and POP: boundaries") {
  const auto p = IvCrushScoring::original();
  auto c = base_case();
  // POP 0.5, RR 1: edge exactly 0 -> 0 points.
  c.pop.legacy = 0.5;
  c.reward_risk_ratio = 1.0;
  CHECK(p.score(c, base_context()).at("edge").points == 0.0);
  // POP 0.5, RR 1.25: edge 0.125 >= 0.10 -> full 13; POP points 0.5 / 0.65 * 40.
  c.reward_risk_ratio = 1.25;
  const auto b = p.score(c, base_context());
  CHECK_CLOSE(b.at("edge").points, 13.0, 1e-12, 0.0);
  CHECK_CLOSE(b.at("pop").points, 0.5 / 0.65 * 40.0, 1e-12, 0.0);
  // VRP above the target is capped; below it proportional.
  auto ctx = base_context();
  ctx.vrp_ratio = 3.0;
  CHECK_CLOSE(p.score(c, ctx).at("vrp").points, 17.0, 1e-12, 0.0);
  ctx.vrp_ratio = 0.5;
  CHECK_CLOSE(p.score(c, ctx).at("vrp").points, 0.25 * 17.0, 1e-12, 0.0);
}

TEST_CASE("§8 profit-zone table at IM 8 %: IC breakevens 100 +- width/2") {
  struct Row {
    double width;
    double multiplier;
  };
  const std::array<Row, 8> rows{{{20, 1.0},
                                 {12, 0.9166667},
                                 {11.2, 0.9},
                                 {9, 0.8541667},
                                 {6.4, 0.8},
                                 {5, 0.75625},
                                 {3.2, 0.6},
                                 {2, 0.6}}};
  for (const auto& row : rows) {
    CAPTURE(row.width);
    const std::array<double, 2> be{100.0 - row.width / 2.0, 100.0 + row.width / 2.0};
    const auto z = profit_zone(be, Price::dollars(100.0), Percentage::from_pct(8.0));
    CHECK_CLOSE(z.multiplier, row.multiplier, printed, 0.0);
  }
  // 3.2: r is just under 0.2 in floating point (101.6 - 98.4 < 3.2), hence the floor.
  const std::array<double, 2> be{98.4, 101.6};
  const auto z = profit_zone(be, Price::dollars(100.0), Percentage::from_pct(8.0));
  REQUIRE(z.ratio.has_value());
  CHECK(*z.ratio < 0.2);
  CHECK(z.multiplier == 0.6);
}

TEST_CASE("profit-zone multiplier: every tier at its exact boundary") {
  CHECK(profit_zone_multiplier_for_ratio(1.0) == 1.0);
  CHECK(profit_zone_multiplier_for_ratio(5.0) == 1.0);
  CHECK(profit_zone_multiplier_for_ratio(0.70) == 0.9);
  CHECK_CLOSE(profit_zone_multiplier_for_ratio(0.85), 0.9 + 0.15 / 3.0, 1e-15, 0.0);
  CHECK(profit_zone_multiplier_for_ratio(0.40) == 0.8);
  CHECK_CLOSE(profit_zone_multiplier_for_ratio(0.55), 0.8 + 0.15 / 3.0, 1e-15, 0.0);
  CHECK(profit_zone_multiplier_for_ratio(0.20) == 0.7);
  CHECK_CLOSE(profit_zone_multiplier_for_ratio(0.30), 0.75, 1e-15, 0.0);
  CHECK(profit_zone_multiplier_for_ratio(0.1999999) == 0.6);
  CHECK(profit_zone_multiplier_for_ratio(0.0) == 0.6);
  CHECK(profit_zone_multiplier_for_ratio(0.1, 0.5) == 0.5);
  // Not applicable: one or no breakeven, no implied move.
  const std::array<double, 1> one{93.5};
  CHECK(profit_zone(one, Price::dollars(100), Percentage::from_pct(8)).multiplier == 1.0);
  CHECK_FALSE(profit_zone({}, Price::dollars(100), Percentage::from_pct(8)).ratio.has_value());
  const std::array<double, 2> two{90.0, 110.0};
  CHECK(profit_zone(two, Price::dollars(100), Percentage::from_pct(0)).multiplier == 1.0);
  // Three breakevens: the span of the outermost two.
  const std::array<double, 3> three{95.0, 99.0, 101.0};
  CHECK_CLOSE(*profit_zone(three, Price::dollars(100), Percentage::from_pct(8)).ratio, 6.0 / 16.0,
              1e-12, 0.0);
}

TEST_CASE("profit zone through a candidate: an iron condor's own breakevens") {
  // Puts 90/95, calls 105/110, 1.00 a side: breakevens 93 and 107, zone 14 % vs range 16 %:
  // r = 0.875, multiplier 0.9 + 0.175 / 3. Without greeks: 40 + 22 + 17 + 13 (edge 0.25), the
  // with-greeks set with the greeks part at 0 (lower than the no-greeks set's 100).
  auto c = ivcrush::test::candidate_from(StrategyKind::iron_condor,
                                         ivcrush::test::condor(95.0, 105.0, 5.0, 1.0));
  REQUIRE(c.payoff.breakevens().size() == 2);
  CHECK_CLOSE(c.reward_risk_ratio, 200.0 / 300.0, 1e-12, 0.0);
  const auto b = IvCrushScoring::original().score(c, base_context());
  const double m = 0.9 + (0.875 - 0.7) / 3.0;
  CHECK_CLOSE(b.total(), 92.0 * m, 1e-9, 0.0);
  CHECK_CLOSE(b.at("profit_zone").points, 92.0 * m - 92.0, 1e-9, 0.0);
  CHECK(b.at("profit_zone").reason() == "zone 14.00% / range 16.00% of spot: x0.9583");
  CHECK_CLOSE(b.total(), b.sum_of_points(), 1e-9, 0.0);
}

TEST_CASE("directional table (§4.4): every bias x every kind") {
  using B = DirectionalBias;
  const DirectionalBonus bonus;
  const std::array<B, 7> biases{B::strong_bearish, B::bearish, B::weak_bearish,  B::neutral,
                                B::weak_bullish,   B::bullish, B::strong_bullish};
  // Columns: BCS, BPS (IC, IB and custom are always 0).
  const std::array<std::array<double, 2>, 7> expected{
      {{8, -3}, {5, -3}, {3, -3}, {0, 0}, {-3, 3}, {-3, 5}, {-3, 8}}};
  for (std::size_t i = 0; i < biases.size(); ++i) {
    CAPTURE(to_string(biases[i]));
    CHECK(directional_adjustment(StrategyKind::bear_call_spread, biases[i], bonus) ==
          expected[i][0]);
    CHECK(directional_adjustment(StrategyKind::bull_put_spread, biases[i], bonus) ==
          expected[i][1]);
    CHECK(directional_adjustment(StrategyKind::iron_condor, biases[i], bonus) == 0.0);
    CHECK(directional_adjustment(StrategyKind::iron_butterfly, biases[i], bonus) == 0.0);
    CHECK(directional_adjustment(StrategyKind::custom, biases[i], bonus) == 0.0);
  }
  // Through the policy: moderate +5, weak +3 on the base case (below the clamp).
  auto c = base_case();
  c.liquidity = LiquidityTier::reject;  // 71.49, room for the bonus
  auto ctx = base_context();
  ctx.bias = DirectionalBias::bullish;
  CHECK_CLOSE(score_of(c, ctx), 71.4857143 + 5.0, printed, 0.0);
  ctx.bias = DirectionalBias::weak_bullish;
  CHECK_CLOSE(score_of(c, ctx), 71.4857143 + 3.0, printed, 0.0);
}

TEST_CASE("clamp at 0: a large counter-trend penalty cannot go negative") {
  IvCrushOptions o{.direction = {.strong = 8, .moderate = 5, .weak = 3, .counter_trend = -200}};
  const IvCrushScoring p(o);
  auto ctx = base_context();
  ctx.bias = DirectionalBias::bearish;
  const auto b = p.score(base_case(), ctx);
  CHECK(b.total() == 0.0);
  CHECK(b.sum_of_points() < 0.0);
}

TEST_CASE("§8 base-case rationale, exact text") {
  CHECK(strategy_rationale(base_case(), base_context(),
                           IvCrushScoring::original().rationale_options()) ==
        "✓ High liquidity, Excellent VRP edge, favorable R/R, high POP, benefits from IV crush, "
        "EXIT next trading day (spreads: 31% win if held 2+ days)");
}

TEST_CASE("rationale fragments: every branch") {
  const auto opts = IvCrushScoring::original().rationale_options();
  auto ctx = base_context();
  auto c = base_case();
  c.liquidity = LiquidityTier::warning;
  ctx.vrp_ratio = 1.5;
  c.greeks->theta_per_calendar_day = Money::dollars(7.0);  // position 35 > 30
  CHECK(strategy_rationale(c, ctx, opts) ==
        "⚠️ LOW LIQUIDITY, Strong VRP, favorable R/R, high POP, positive theta ($35/day), "
        "benefits from IV crush, EXIT next trading day (spreads: 31% win if held 2+ days)");
  c.liquidity = LiquidityTier::reject;
  c.kind = StrategyKind::iron_condor;
  ctx.vrp_ratio = 1.49;
  c.reward_risk_ratio = 0.34;
  c.pop.legacy = 0.69;
  c.greeks->theta_per_calendar_day = Money::dollars(6.0);  // 30: not above 30
  c.greeks->vega_per_vol_point = Money::dollars(-10.0);    // -50: not below -50
  CHECK(strategy_rationale(c, ctx, opts) == "❌ VERY LOW LIQUIDITY, wide profit zone");
  c.kind = StrategyKind::iron_butterfly;
  c.liquidity = LiquidityTier::good;
  CHECK(strategy_rationale(c, ctx, opts) == "max profit at current price");
  c.kind = StrategyKind::custom;
  c.greeks.reset();
  CHECK(strategy_rationale(c, ctx, opts) == "Defined risk outside expected move");
}

TEST_CASE(
    "§8 recommendation rationale: 'Bull Put Spread best, excellent VRP ...' (separators: "
    "semicolons)") {
  // The end-to-end BPS 93/88: credit 0.635 (max profit 63.50, max loss 436.50, RR 0.1455),
  // legacy POP 0.8199, 1 contract, VRP 2.2.
  auto c = ivcrush::test::candidate_from(StrategyKind::bull_put_spread,
                                         ivcrush::test::put_spread(93.0, 5.0, 0.635));
  c.pop.legacy = 0.8199;
  c.contracts = 1;
  CHECK_CLOSE(c.max_loss.dollars(), 436.5, 1e-9, 0.0);
  auto ctx = base_context();
  ctx.vrp_ratio = 2.2;
  const auto opts = IvCrushScoring::original().rationale_options();
  CHECK(recommendation_rationale(c, ctx, opts) ==
        "Bull Put Spread best; excellent VRP (>2.0x); high POP (82%); 1 contracts");
  c.kind = StrategyKind::iron_condor;
  c.reward_risk_ratio = 0.35;
  ctx.vrp_ratio = 1.99;
  c.pop.legacy = 0.6999;
  c.contracts = 12;
  CHECK(recommendation_rationale(c, ctx, opts) ==
        "Iron Condor optimal; strong R/R (0.35); 12 contracts");
  c.kind = StrategyKind::iron_butterfly;
  CHECK(recommendation_rationale(c, ctx, opts).starts_with("Iron Butterfly best; "));
  c.kind = StrategyKind::bear_call_spread;
  CHECK(recommendation_rationale(c, ctx, opts).starts_with("Bear Call Spread best; "));
}

TEST_CASE("invalid policies are rejected with the field named") {
  using O = IvCrushOptions;
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.with_greeks = {.pop = 1.2, .liquidity = 0.0}}),
                       "with_greeks.pop = 1.2: must be in [0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS(
      IvCrushScoring(O{.with_greeks = {.pop = 0.5, .liquidity = 0.25, .vrp = 0.25, .edge = 0.25}}),
      "with_greeks sum = 1.25: weights must sum to 1 within 0.01", InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.without_greeks = {.pop = -0.1}}),
                       "without_greeks.pop = -0.1: must be in [0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS(
      IvCrushScoring(O{.without_greeks =
                           {.pop = 0.4, .liquidity = 0.2, .vrp = 0.2, .edge = 0.1, .greeks = 0.1}}),
      "without_greeks.greeks = 0.1: must be 0 (there are no greeks to score)", InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.target_pop = 0.0}), "target_pop = 0: must be positive",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.target_pop = 1.5}), "target_pop = 1.5: must be in (0, 1]",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.vrp_target = 2.5}),
                       "vrp_target = 2.5: must equal rationale.vrp_excellent (2)", InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.vrp_floor = 1.6}),
                       "vrp_floor = 1.6: must be below rationale.vrp_strong (1.5)", InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.rationale = {.vrp_excellent = 1.4}}),
                       "rationale.vrp_excellent = 1.4: must be above rationale.vrp_strong (1.5)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.rationale = {.pop_high = 1.1}}),
                       "rationale.pop_high = 1.1: must be in [0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.min_empirical_samples = 0}),
                       "min_empirical_samples = 0: must be at least 1", InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.profit_zone_floor = 0.8}),
                       "profit_zone_floor = 0.8: must not exceed 0.7 (the lowest tier's start)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.direction = {.counter_trend = 2.0}}),
                       "direction.counter_trend = 2: must not be positive", InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.direction = {.strong = 4.0}}),
                       "direction.moderate = 5: must lie between direction.weak (3) and "
                       "direction.strong (4)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(IvCrushScoring(O{.target_theta_per_day = std::nan("")}),
                       "target_theta_per_day = nan: must be finite", InvalidInput);
  // Within 0.01 of 1 is accepted; the code says which kind of error it was.
  CHECK_NOTHROW(IvCrushScoring(
      O{.with_greeks = {
            .pop = 0.405, .liquidity = 0.22, .vrp = 0.17, .edge = 0.13, .greeks = 0.08}}));
  bool thrown = false;
  try {
    static_cast<void>(IvCrushScoring(O{.vrp_floor = 1.6}));
  } catch (const InvalidInput& e) {
    thrown = true;
    CHECK(e.code() == ErrorCode::inconsistent);
  }
  CHECK(thrown);  // issue 16: without it, nothing thrown passed
}

TEST_CASE("the VRP floor of a profile: no VRP points below marginal") {
  const auto conservative = IvCrushScoring::conservative();
  auto ctx = base_context();
  ctx.vrp_ratio = 1.19;
  const auto below = conservative.score(base_case(), ctx);
  CHECK(below.at("vrp").points == 0.0);
  CHECK(below.at("vrp").reason() == "VRP 1.19x below the floor 1.20x");
  ctx.vrp_ratio = 1.2;
  CHECK_CLOSE(conservative.score(base_case(), ctx).at("vrp").points, 1.2 / 2.0 * 17.0, 1e-12, 0.0);
  // Aggressive: full VRP points from 1.5, and its rationale calls 1.5 excellent.
  const auto aggressive = IvCrushScoring::aggressive();
  ctx.vrp_ratio = 1.5;
  CHECK_CLOSE(aggressive.score(base_case(), ctx).at("vrp").points, 17.0, 1e-12, 0.0);
  auto c = base_case();
  CHECK(recommendation_rationale(c, ctx, aggressive.rationale_options())
            .starts_with("Bull Put Spread best; excellent VRP (>1.5x)"));
  ctx.vrp_ratio = 1.3;
  CHECK(strategy_rationale(c, ctx, aggressive.rationale_options()).find("Strong VRP") !=
        std::string::npos);
}

}  // namespace
