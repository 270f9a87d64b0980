// earnings/regime.hpp: VIX regimes, market conditions and adaptive VRP thresholds.
// "§8" rows are domain-spec §8 acceptance examples ("Adaptive thresholds", base 7.0/4.0/1.5),
// reproduced to 1e-6.
#include "ivcrush/earnings/regime.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

Vix vix(double points) { return Vix::from_points(points); }

static_assert(classify_vix_regime(Vix::from_points(15.5)) == VixRegime::normal);
static_assert(sizeof(Vix) == sizeof(double));

struct AdaptiveRow {
  double vix;
  double factor;
  double excellent, good, marginal;
  bool trade_recommended;
};

TEST_CASE("regime §8: adaptive thresholds on base 7.0 / 4.0 / 1.5") {
  const std::vector<AdaptiveRow> rows = {
      {22, 1.1, 7.7, 4.4, 1.65, true},  {28, 1.2, 8.4, 4.8, 1.8, true},
      {32, 1.3, 9.1, 5.2, 1.95, true},  {37, 1.5, 10.5, 6.0, 2.25, true},
      {45, 2.0, 14.0, 8.0, 3.0, false},
  };
  const auto base = VrpThresholds::legacy();
  for (const auto& r : rows) {
    CAPTURE(r.vix);
    const auto a = adapt_thresholds(base, vix(r.vix));
    CHECK_CLOSE(a.factor, r.factor, 1e-12, 0.0);
    CHECK_CLOSE(a.adapted.excellent_ratio(), r.excellent, 1e-6, 0.0);
    CHECK_CLOSE(a.adapted.good_ratio(), r.good, 1e-6, 0.0);
    CHECK_CLOSE(a.adapted.marginal_ratio(), r.marginal, 1e-6, 0.0);
    CHECK(a.trade_recommended == r.trade_recommended);
    CHECK(a.is_adjusted);
    CHECK(a.base == base);
  }
  // VIX 45: not recommended -> SKIP whatever the ratio.
  CHECK(recommend(100.0, adapt_thresholds(base, vix(45))) == Recommendation::skip);
}

TEST_CASE("regime §8: VIX 10 or 17 leaves the thresholds unchanged") {
  for (const double v : {10.0, 17.0}) {
    CAPTURE(v);
    const auto a = adapt_thresholds(VrpThresholds::legacy(), vix(v));
    CHECK(a.factor == 1.0);
    CHECK_FALSE(a.is_adjusted);
    CHECK(a.adapted == VrpThresholds::legacy());
    CHECK(a.trade_recommended);
  }
}

TEST_CASE("regime §8: regime score and regimes") {
  CHECK_CLOSE(regime_score(vix(25)), 50.0, 1e-12, 0.0);  // (25 - 10) / 30 * 100
  CHECK(regime_score(vix(5)) == 0.0);                    // clamped from -16.7
  CHECK(regime_score(vix(45)) == 100.0);                 // clamped from 116.7
  CHECK(classify_vix_regime(vix(15.5)) == VixRegime::normal);
  CHECK(classify_vix_regime(vix(28)) == VixRegime::elevated);
  CHECK(classify_vix_regime(vix(45)) == VixRegime::extreme);
}

TEST_CASE("regime: every regime includes its lower bound and excludes its upper") {
  struct Edge {
    double points;
    VixRegime regime;
  };
  const std::vector<Edge> edges = {
      {5, VixRegime::very_low},       {11.99, VixRegime::very_low},
      {12, VixRegime::low},           {14.99, VixRegime::low},
      {15, VixRegime::normal},        {19.99, VixRegime::normal},
      {20, VixRegime::normal_high},   {24.99, VixRegime::normal_high},
      {25, VixRegime::elevated},      {29.99, VixRegime::elevated},
      {30, VixRegime::elevated_high}, {34.99, VixRegime::elevated_high},
      {35, VixRegime::high},          {39.99, VixRegime::high},
      {40, VixRegime::extreme},       {100, VixRegime::extreme},
  };
  for (const auto& e : edges) {
    CAPTURE(e.points);
    CHECK(classify_vix_regime(vix(e.points)) == e.regime);
    CHECK(is_trading_recommended(e.regime) == (e.regime != VixRegime::extreme));
  }
  for (const auto r : all_vix_regimes) CHECK(parse_vix_regime(to_string(r)) == r);
}

TEST_CASE("regime: market conditions") {
  const auto m = assess_market_conditions(vix(28));
  CHECK(m.regime == VixRegime::elevated);
  CHECK_CLOSE(m.regime_score, 60.0, 1e-12, 0.0);  // (28 - 10) / 30 * 100
  CHECK(m.trend == VixTrend::stable);
  CHECK(m.size_multiplier == 0.75);
  CHECK(m.vrp_risk_premium_ratio == 0.2);
  CHECK(m.should_trade);
  CHECK(vix_trend(vix(12.9)) == VixTrend::mean_reverting_up);
  CHECK(vix_trend(vix(13)) == VixTrend::stable);
  CHECK(vix_trend(vix(30)) == VixTrend::stable);
  CHECK(vix_trend(vix(30.1)) == VixTrend::mean_reverting_down);
  const auto x = assess_market_conditions(vix(45));
  CHECK_FALSE(x.should_trade);
  CHECK(x.size_multiplier == 0.25);
  CHECK(x.vrp_risk_premium_ratio == 1.0);
  CHECK(assess_market_conditions(vix(13.5)).size_multiplier == 1.1);  // low
}

TEST_CASE("regime: re-tiering a VRP analysis keeps the ratio and the edge") {
  const std::vector<Percentage> moves(4, Percentage::from_pct(5));
  const auto v = analyze_vrp(Percentage::from_pct(10), moves,
                             {.thresholds = VrpThresholds::legacy()});  // ratio 2, MARGINAL
  REQUIRE(v.recommendation == Recommendation::marginal);
  const auto calm = retier(v, adapt_thresholds(VrpThresholds::legacy(), vix(17)));
  CHECK(calm.recommendation == Recommendation::marginal);
  const auto elevated = retier(v, adapt_thresholds(VrpThresholds::legacy(), vix(28)));
  CHECK(elevated.recommendation == Recommendation::marginal);  // 2.0 >= 1.8 (1.5 x 1.2)
  const auto high = retier(v, adapt_thresholds(VrpThresholds::legacy(), vix(37)));
  CHECK(high.recommendation == Recommendation::skip);  // 2.0 < 2.25
  CHECK(high.vrp_ratio == v.vrp_ratio);
  CHECK(high.edge_score == v.edge_score);
  const auto extreme = retier(v, adapt_thresholds(VrpThresholds::legacy(), vix(45)));
  CHECK(extreme.recommendation == Recommendation::skip);
  // Balanced thresholds at VIX 22: 1.98 / 1.54 / 1.32, so ratio 2 stays excellent.
  const auto b = analyze_vrp(Percentage::from_pct(10), moves);
  CHECK(retier(b, adapt_thresholds(VrpThresholds::balanced(), vix(22))).recommendation ==
        Recommendation::excellent);
}

TEST_CASE("regime: bad VIX values and regime names are rejected") {
  CHECK_THROWS_WITH_AS((void)Vix::from_points(4.9), "vix = 4.9: must be within [5, 100]",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Vix::from_points(-1), "vix = -1: must be within [5, 100]",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Vix::from_points(100.5), "vix = 100.5: must be within [5, 100]",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)Vix::from_points(std::numeric_limits<double>::quiet_NaN()),
                       "vix = nan: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)parse_vix_regime("calm"),
                       "vix regime = 'calm': must be one of very_low, low, normal, normal_high, "
                       "elevated, elevated_high, high, extreme",
                       InvalidInput);
}

}  // namespace
