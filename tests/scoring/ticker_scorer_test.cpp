// The original TickerScorer as TickerScoring and its eight presets (domain-spec §4.8, §8).
#include "ivcrush/scoring/ticker_scorer.hpp"

#include <doctest/doctest.h>

#include <array>
#include <optional>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

static_assert(TickerScoringPolicy<TickerScoring>);
struct NoMinScore {
  [[nodiscard]] ScoreBreakdown score(const TickerMetrics&) const { return {}; }
  [[nodiscard]] std::size_t max_positions() const { return 1; }
};
static_assert(!TickerScoringPolicy<NoMinScore>);

TEST_CASE("§8 balanced component scores") {
  const auto p = TickerScoring::preset("balanced");
  const std::array<std::pair<double, double>, 8> vrp{{{0.9, 0},
                                                      {1.0, 0},
                                                      {1.1, 25},
                                                      {1.2, 50},
                                                      {1.35, 62.5},
                                                      {1.5, 75},
                                                      {1.75, 87.5},
                                                      {2.0, 100}}};
  // (clang 14 cannot capture structured bindings in CAPTURE's lambda: plain pairs.)
  for (const auto& row : vrp) {
    CAPTURE(row.first);
    CHECK_CLOSE(p.vrp_score(row.first), row.second, 1e-9, 0.0);
  }
  CHECK(p.vrp_score(std::nullopt) == 0.0);
  CHECK(p.vrp_score(-1.0) == 0.0);
  const std::array<std::pair<double, double>, 6> consistency{
      {{0.3, 0}, {0.4, 50}, {0.5, 62.5}, {0.6, 75}, {0.7, 87.5}, {0.8, 100}}};
  for (const auto& row : consistency) {
    CAPTURE(row.first);
    CHECK_CLOSE(p.consistency_score(row.first), row.second, 1e-9, 0.0);
  }
  CHECK(p.consistency_score(std::nullopt) == 0.0);
  CHECK(p.consistency_score(-0.1) == 0.0);
  CHECK(p.skew_score(std::nullopt) == 75.0);
  const std::array<std::pair<double, double>, 5> skew{
      {{0.15, 100}, {0.25, 85}, {0.35, 70}, {0.5, 62.5}, {0.95, 40}}};
  for (const auto& row : skew) {
    CAPTURE(row.first);
    CHECK_CLOSE(p.skew_score(row.first), row.second, 1e-9, 0.0);
    CHECK_CLOSE(p.skew_score(-row.first), row.second, 1e-9, 0.0);  // the magnitude is scored
  }
  const auto liq = [](std::optional<std::int64_t> oi, std::optional<double> spread,
                      std::optional<std::int64_t> volume) {
    TickerMetrics m;
    m.open_interest = oi;
    if (spread) m.spread = Percentage::from_pct(*spread);
    m.volume = volume;
    return TickerScoring::liquidity_score(m);
  };
  CHECK(liq(1000, 8, 500) == 100.0);
  CHECK(liq(300, 9, 100) == 64.0);
  CHECK(liq(std::nullopt, std::nullopt, std::nullopt) == 50.0);
  CHECK(liq(50, 20, 10) == 0.0);
  // Every OI / spread / volume step (boundaries inclusive).
  CHECK(liq(500, 12, 50) == (7.5 + 7.5 + 2.0) * 4.0);
  CHECK(liq(200, 15, 100) == (5.0 + 5.0 + 3.5) * 4.0);
  CHECK(liq(100, 15.01, 49) == (2.5 + 0.0 + 0.0) * 4.0);
  CHECK(liq(99, 8.0, 499) == (0.0 + 10.0 + 3.5) * 4.0);
}

TEST_CASE("§8 balanced composite 82.425, with its breakdown") {
  const auto p = TickerScoring::preset("balanced");
  const TickerMetrics m{.symbol = Symbol::parse("AAPL"),
                        .vrp_ratio = 1.75,
                        .consistency = 0.7,
                        .skew = 0.25,
                        .open_interest = 300,
                        .spread = Percentage::from_pct(9.0),
                        .volume = 100};
  const auto b = p.score(m);
  // 87.5 x .40 + 87.5 x .25 + 85 x .15 + 64 x .20
  CHECK_CLOSE(b.total(), 82.425, 1e-9, 0.0);
  CHECK_CLOSE(b.sum_of_points(), 82.425, 1e-9, 0.0);
  CHECK_CLOSE(b.at("liquidity").points, 12.8, 1e-12, 0.0);
  CHECK(b.at("vrp").reason() == "VRP 1.75x: 87.5/100");
  CHECK(b.at("skew").reason() == "|skew| 0.250: 85.0/100");
}

TEST_CASE("the eight presets: weights, thresholds, limits") {
  struct Row {
    const char* name;
    std::array<double, 4> weights;
    std::array<double, 3> vrp;
    std::size_t max_positions;
    double min_score;
  };
  const std::array<Row, 8> rows{{
      {"vrp_dominant", {.70, .20, .05, .05}, {2.2, 1.6, 1.3}, 10, 62},
      {"balanced", {.40, .25, .15, .20}, {2.0, 1.5, 1.2}, 12, 60},
      {"liquidity_first", {.30, .20, .15, .35}, {2.0, 1.5, 1.2}, 10, 60},
      {"consistency_heavy", {.35, .45, .10, .10}, {2.0, 1.5, 1.2}, 8, 65},
      {"skew_aware", {.35, .20, .30, .15}, {2.0, 1.5, 1.2}, 10, 60},
      {"aggressive", {.55, .20, .10, .15}, {1.5, 1.3, 1.1}, 15, 50},
      {"conservative", {.40, .35, .15, .10}, {2.5, 1.8, 1.4}, 6, 65},
      {"hybrid", {.45, .20, .15, .20}, {2.0, 1.5, 1.2}, 10, 62},
  }};
  CHECK(TickerScoring::preset_names().size() == 8);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    CAPTURE(row.name);
    CHECK(TickerScoring::preset_names()[i] == row.name);
    const auto p = TickerScoring::preset(row.name);
    const auto& o = p.options();
    CHECK(p.name() == row.name);
    CHECK(o.weights.vrp == row.weights[0]);
    CHECK(o.weights.consistency == row.weights[1]);
    CHECK(o.weights.skew == row.weights[2]);
    CHECK(o.weights.liquidity == row.weights[3]);
    CHECK(o.vrp.excellent == row.vrp[0]);
    CHECK(o.vrp.good == row.vrp[1]);
    CHECK(o.vrp.marginal == row.vrp[2]);
    CHECK(p.max_positions() == row.max_positions);
    CHECK(p.min_score() == row.min_score);
  }
  CHECK(TickerScoring::preset("VRP-Dominant").name() == "vrp_dominant");
  CHECK(TickerScoring::preset("Liquidity First").name() == "liquidity_first");
  CHECK_THROWS_WITH_AS(static_cast<void>(TickerScoring::preset("momentum")),
                       "ticker scoring preset = 'momentum': unknown; known presets: vrp_dominant, "
                       "balanced, liquidity_first, consistency_heavy, skew_aware, aggressive, "
                       "conservative, hybrid",
                       InvalidInput);
}

TEST_CASE("rank_tickers: min score filter, stable descending order, rank, selected") {
  TickerScoringOptions o{.name = "test", .min_score = 50.0, .max_positions = 2};
  const TickerScoring p(o);
  // Composites by hand (balanced weights): VRP only varies; consistency 0.8 (100), skew none
  // (75), liquidity all absent (50): 25 + 11.25 + 10 = 46.25 plus 0.40 x VRP score.
  const auto ticker = [](const char* s, double vrp) {
    return TickerMetrics{.symbol = Symbol::parse(s), .vrp_ratio = vrp, .consistency = 0.8};
  };
  const std::vector<TickerMetrics> ts{ticker("AAA", 1.0),   // 46.25: dropped
                                      ticker("BBB", 2.0),   // 86.25
                                      ticker("CCC", 1.5),   // 76.25
                                      ticker("DDD", 2.5),   // 86.25 (tie with BBB, later)
                                      ticker("EEE", 1.1)};  // 56.25
  const auto r = rank_tickers(p, ts);
  REQUIRE(r.size() == 4);
  CHECK(r[0].symbol == Symbol::parse("BBB"));
  CHECK(r[1].symbol == Symbol::parse("DDD"));
  CHECK(r[2].symbol == Symbol::parse("CCC"));
  CHECK(r[3].symbol == Symbol::parse("EEE"));
  CHECK_CLOSE(r[0].breakdown.total(), 86.25, 1e-9, 0.0);
  CHECK_CLOSE(r[3].breakdown.total(), 56.25, 1e-9, 0.0);
  CHECK(r[0].index == 1);
  CHECK(r[3].index == 4);
  for (std::size_t i = 0; i < r.size(); ++i) {
    CHECK(r[i].rank == i + 1);
    CHECK(r[i].selected == (i < 2));
  }
  CHECK(rank_tickers(p, std::span<const TickerMetrics>{}).empty());
}

TEST_CASE("invalid ticker policies are rejected with the field named") {
  using O = TickerScoringOptions;
  CHECK_THROWS_WITH_AS(
      TickerScoring(
          O{.weights = {.vrp = 0.5, .consistency = 0.25, .skew = 0.25, .liquidity = 0.25}}),
      "weights sum = 1.25: weights must sum to 1 within 0.01", InvalidInput);
  CHECK_THROWS_WITH_AS(TickerScoring(O{.weights = {.vrp = 1.5}}),
                       "weights.vrp = 1.5: must be in [0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS(TickerScoring(O{.vrp = {.excellent = 2.0, .good = 2.0, .marginal = 1.2}}),
                       "vrp.excellent = 2: must be above vrp.good (2)", InvalidInput);
  CHECK_THROWS_WITH_AS(TickerScoring(O{.vrp = {.excellent = 2.0, .good = 1.1, .marginal = 1.2}}),
                       "vrp.good = 1.1: must be above vrp.marginal (1.2)", InvalidInput);
  CHECK_THROWS_WITH_AS(
      TickerScoring(O{.consistency = {.excellent = 1.2, .good = 0.6, .marginal = 0.4}}),
      "consistency.excellent = 1.2: must be in [0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS(TickerScoring(O{.skew_neutral = 0.4}),
                       "skew_moderate = 0.35: must be above skew_neutral (0.4)", InvalidInput);
  CHECK_THROWS_WITH_AS(TickerScoring(O{.min_score = 101.0}), "min_score = 101: must be in [0, 100]",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(TickerScoring(O{.max_positions = 0}),
                       "max_positions = 0: must be at least 1", InvalidInput);
  // Within 0.01 of 1 is accepted (the original's band is [0.99, 1.01]).
  CHECK_NOTHROW(TickerScoring(O{.weights = {.vrp = 0.395}}));
  CHECK_NOTHROW(TickerScoring(O{.weights = {.vrp = 0.405}}));
}

}  // namespace
