// docs/scoring.md's custom policy, compiled and checked: if this test changes, update the doc's
// "A policy of your own" section with the same code.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "ivcrush/scoring/strategy_scorer.hpp"
#include "scoring/candidates.hpp"
#include "support/check_close.hpp"

// --- begin docs/scoring.md example ---
// Rank by theta earned per dollar at risk; trades the chain cannot fill score 0.
struct ThetaPerRisk {
  ivcrush::ScoreBreakdown score(const ivcrush::Candidate& c, const ivcrush::ScoringContext&) const {
    const double theta = c.greeks ? c.greeks->theta_per_calendar_day.dollars() : 0.0;
    const double risk = c.max_loss.dollars();
    const double points = c.liquidity == ivcrush::LiquidityTier::reject
                              ? 0.0
                              : std::clamp(1000.0 * theta / risk, 0.0, 100.0);
    ivcrush::ScoreBreakdown b;
    b.add("theta_per_risk", points, 1.0, {"theta ${:.2f}/day on ${:.0f} at risk", {theta, risk}});
    b.set_total(points);
    return b;
  }
};
// --- end docs/scoring.md example ---

namespace {

using namespace ivcrush;

TEST_CASE("docs/scoring.md: a ten-line policy plugs into StrategyScorer") {
  static_assert(ScoringPolicy<ThetaPerRisk>);
  auto a = ivcrush::test::base_case();  // theta $5/day per unit, max loss $350
  auto b = a;
  b.greeks->theta_per_calendar_day = Money::dollars(9.0);
  auto c = a;
  c.greeks->theta_per_calendar_day = Money::dollars(20.0);
  c.liquidity = LiquidityTier::reject;
  const std::vector<Candidate> candidates{a, b, c};
  const auto context = ivcrush::test::base_context();

  // --- begin docs/scoring.md usage ---
  const StrategyScorer scorer(ThetaPerRisk{}, {.top_n = 2});
  const Ranking ranking = scorer.rank(candidates, context);
  // --- end docs/scoring.md usage ---

  REQUIRE(ranking.top.size() == 2);
  CHECK(ranking.top[0].index == 1);
  CHECK_CLOSE(ranking.top[0].breakdown.total(), 1000.0 * 9.0 / 350.0, 1e-12, 0.0);
  CHECK(ranking.top[1].index == 0);
  CHECK_CLOSE(ranking.top[1].breakdown.total(), 1000.0 * 5.0 / 350.0, 1e-12, 0.0);
  CHECK(ranking.top[0].breakdown.at("theta_per_risk").reason() ==
        "theta $9.00/day on $350 at risk");
  // The default explanations (model POP 0.70 is "high POP") come for free.
  CHECK(ranking.recommendation ==
        "Bull Put Spread best; excellent VRP (>2.0x); strong R/R (0.43); high POP (70%); "
        "5 contracts");
}

}  // namespace
