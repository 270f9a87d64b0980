// earnings/vrp.hpp: VRP ratio, edge score, tiers, tail risk and statuses.
// Numbers cited "§8" are domain-spec §8 acceptance examples (from running the Python original),
// reproduced to 1e-6; "§7.n" are its edge cases.
#include "ivcrush/earnings/vrp.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

Percentage pct(double x) { return Percentage::from_pct(x); }

std::vector<Percentage> pcts(std::initializer_list<double> xs) {
  std::vector<Percentage> out;
  for (const double x : xs) out.push_back(pct(x));
  return out;
}

static_assert(std::is_trivially_copyable_v<VrpThresholds>);
static_assert(VrpThresholds{} == VrpThresholds::balanced());
static_assert(recommend(1.8, VrpThresholds::balanced()) == Recommendation::excellent);

TEST_CASE("vrp §8: IM 10 on moves 5 5 5 5 under LEGACY and BALANCED") {
  const auto moves = pcts({5, 5, 5, 5});
  const auto legacy = analyze_vrp(pct(10), moves, {.thresholds = VrpThresholds::legacy()});
  REQUIRE(legacy.ok());
  CHECK_CLOSE(legacy.vrp_ratio, 2.0, 1e-12, 0.0);
  CHECK(legacy.recommendation == Recommendation::marginal);  // 7/4/1.5
  CHECK_FALSE(legacy.is_tradeable());
  CHECK_CLOSE(legacy.edge_score, 2.0, 1e-12, 0.0);  // MAD 0

  const auto balanced = analyze_vrp(pct(10), moves);
  CHECK(balanced.recommendation == Recommendation::excellent);
  CHECK(balanced.is_tradeable());
  CHECK_CLOSE(balanced.edge_score, 2.0, 1e-12, 0.0);
}

TEST_CASE("vrp §8: IM 7.5 and IM 5 on 4 x 5 % under LEGACY (inclusive)") {
  const auto moves = pcts({5, 5, 5, 5});
  const VrpOptions legacy{.thresholds = VrpThresholds::legacy()};
  const auto a = analyze_vrp(pct(7.5), moves, legacy);
  CHECK_CLOSE(a.vrp_ratio, 1.5, 1e-15, 0.0);
  CHECK(a.recommendation == Recommendation::marginal);
  const auto b = analyze_vrp(pct(5), moves, legacy);
  CHECK_CLOSE(b.vrp_ratio, 1.0, 1e-12, 0.0);
  CHECK(b.recommendation == Recommendation::skip);
}

TEST_CASE("vrp §8: IM 12 on moves 4 5 6 9") {
  const auto v = analyze_vrp(pct(12), pcts({4, 5, 6, 9}));
  REQUIRE(v.ok());
  REQUIRE(v.statistics.has_value());
  const auto& s = *v.statistics;
  CHECK_CLOSE(s.mean.pct(), 6.0, 1e-9, 0.0);
  CHECK_CLOSE(v.vrp_ratio, 2.0, 1e-9, 0.0);
  CHECK(v.recommendation == Recommendation::excellent);
  CHECK_CLOSE(s.median.pct(), 5.5, 1e-9, 0.0);
  CHECK_CLOSE(s.mad.pct(), 1.0, 1e-9, 0.0);
  REQUIRE(s.mad_to_median_ratio.has_value());
  CHECK_CLOSE(*s.mad_to_median_ratio, 0.181818, 1e-6, 0.0);
  CHECK_CLOSE(v.edge_score, 1.6923077, 1e-6, 0.0);
  CHECK_CLOSE(s.std_dev.pct(), 1.8708287, 1e-6, 0.0);  // population
  CHECK_CLOSE(s.cv_ratio, 0.3118048, 1e-6, 0.0);
  CHECK_CLOSE(*s.mad_to_median_ratio * 100.0, 18.181818, 1e-6, 0.0);  // the original's mad_pct
  CHECK_CLOSE(s.max.pct(), 9.0, 1e-9, 0.0);
  CHECK_CLOSE(s.min.pct(), 4.0, 1e-9, 0.0);
  CHECK_CLOSE(s.tail_risk_ratio, 1.5, 1e-9, 0.0);
  CHECK(s.tail_risk_level == TailRiskLevel::normal);
  CHECK(s.sample_size == 4);
  // Beyond the original: the ratio to the median magnitude, 12 / 5.5.
  REQUIRE(v.median_vrp_ratio.has_value());
  CHECK_CLOSE(*v.median_vrp_ratio, 12.0 / 5.5, 1e-9, 0.0);
}

TEST_CASE("vrp §8: IM 12 on moves 3 3 3 3 15") {
  const auto v = analyze_vrp(pct(12), pcts({3, 3, 3, 3, 15}));
  REQUIRE(v.ok());
  CHECK_CLOSE(v.statistics->mean.pct(), 5.4, 1e-9, 0.0);
  CHECK_CLOSE(v.vrp_ratio, 2.2222222, 1e-6, 0.0);
  CHECK(v.statistics->mad.pct() == 0.0);
  CHECK_CLOSE(v.edge_score, 2.2222222, 1e-6, 0.0);
  CHECK_CLOSE(v.statistics->tail_risk_ratio, 2.7777778, 1e-6, 0.0);
  CHECK(v.statistics->tail_risk_level == TailRiskLevel::high);
}

TEST_CASE("vrp §8: tail-risk levels") {
  const auto a = describe_moves(pcts({3, 4, 5, 10}));
  CHECK_CLOSE(a->tail_risk_ratio, 1.818, 5e-4, 0.0);  // printed rounded in §8; 10 / 5.5
  CHECK_CLOSE(a->tail_risk_ratio, 10.0 / 5.5, 1e-12, 0.0);
  CHECK(a->tail_risk_level == TailRiskLevel::normal);
  const auto b = describe_moves(pcts({4, 5, 4.5, 5.5}));
  CHECK_CLOSE(b->tail_risk_ratio, 1.158, 5e-4, 0.0);  // 5.5 / 4.75
  CHECK(b->tail_risk_level == TailRiskLevel::low);
  const auto c = describe_moves(pcts({2.5, 3, 3.5, 4, 4.5, 3, 3.5, 11.21}));
  CHECK_CLOSE(c->tail_risk_ratio, 2.547, 5e-4, 0.0);  // 11.21 / (35.21 / 8)
  CHECK_CLOSE(c->tail_risk_ratio, 11.21 / (35.21 / 8.0), 1e-12, 0.0);
  CHECK(c->tail_risk_level == TailRiskLevel::high);
  CHECK_CLOSE(c->max.pct(), 11.21, 1e-9, 0.0);
}

TEST_CASE("vrp §7.13: tier and tail-risk boundaries are inclusive") {
  const auto t = VrpThresholds::balanced();
  CHECK(recommend(1.8, t) == Recommendation::excellent);
  CHECK(recommend(1.7999999, t) == Recommendation::good);
  CHECK(recommend(1.4, t) == Recommendation::good);
  CHECK(recommend(1.2, t) == Recommendation::marginal);
  CHECK(recommend(1.0, t) == Recommendation::skip);
  CHECK(recommend(std::nan(""), t) == Recommendation::skip);
  CHECK(classify_tail_risk(2.5) == TailRiskLevel::normal);
  CHECK(classify_tail_risk(2.51) == TailRiskLevel::high);
  CHECK(classify_tail_risk(1.5) == TailRiskLevel::normal);
  CHECK(classify_tail_risk(1.49) == TailRiskLevel::low);
  // Identical moves: TRR 1.0, LOW.
  const auto same = describe_moves(pcts({4, 4, 4, 4}));
  CHECK(same->tail_risk_ratio == 1.0);
  CHECK(same->tail_risk_level == TailRiskLevel::low);
  // Binary rounding of decimal ratios must not move a ratio off its threshold: 1.8 one ulp low,
  // 1.4 one ulp low, TRR 2.5 one ulp high (0.09 / 0.05 computes as 1.7999999999999998).
  CHECK(recommend(0.09 / 0.05, t) == Recommendation::excellent);
  CHECK(recommend(std::nextafter(1.4, 0.0), t) == Recommendation::good);
  CHECK(recommend(std::nextafter(1.2, 0.0), t) == Recommendation::marginal);
  CHECK(classify_tail_risk(std::nextafter(2.5, 3.0)) == TailRiskLevel::normal);
  CHECK(classify_tail_risk(std::nextafter(1.5, 0.0)) == TailRiskLevel::normal);
  // ... while a real difference still counts (1e-9 relative is far beyond rounding).
  CHECK(recommend(1.8 * (1 - 1e-9), t) == Recommendation::good);
  CHECK(classify_tail_risk(2.5 * (1 + 1e-9)) == TailRiskLevel::high);
  // Through the whole analysis: IM 9 and IM 7 on 4 x 5 % land on 1.8 and 1.4.
  const auto v = analyze_vrp(pct(9), pcts({5, 5, 5, 5}));
  CHECK_CLOSE(v.vrp_ratio, 1.8, 1e-15, 0.0);
  CHECK(v.recommendation == Recommendation::excellent);
  const auto g = analyze_vrp(pct(7), pcts({5, 5, 5, 5}));
  CHECK_CLOSE(g.vrp_ratio, 1.4, 1e-15, 0.0);
  CHECK(g.recommendation == Recommendation::good);
}

TEST_CASE("vrp BUG fixed: signed moves no longer cancel") {
  // §8: "Moves [5, -5, 4, -4] -> INVALID 'Invalid mean move: 0.0'". The original averaged signed
  // close moves, so a +5 % and a -5 % reaction cancelled to a 0 % mean, although a short
  // straddle loses on both. ivcrush uses magnitudes: mean |move| = (5 + 5 + 4 + 4) / 4 = 4.5 %.
  const auto v = analyze_vrp(pct(9), pcts({5, -5, 4, -4}));
  REQUIRE(v.ok());
  CHECK_CLOSE(v.statistics->mean.pct(), 4.5, 1e-12, 0.0);
  CHECK_CLOSE(v.vrp_ratio, 2.0, 1e-12, 0.0);  // 9 / 4.5
  // median |move| 4.5, deviations 0.5 x 4 -> MAD 0.5; edge = 2 / (1 + 0.5/4.5) = 1.8.
  CHECK_CLOSE(v.edge_score, 2.0 / (1.0 + 0.5 / 4.5), 1e-12, 0.0);
  // The sign does not matter at all.
  CHECK(v == analyze_vrp(pct(9), pcts({5, 5, 4, 4})));
}

TEST_CASE("vrp §7.12: statuses for missing or degenerate history") {
  const auto empty = analyze_vrp(pct(8), std::span<const Percentage>{});
  CHECK(empty.status == VrpStatus::no_history);
  CHECK(empty.recommendation == Recommendation::skip);
  CHECK(empty.reason() == "no historical moves");

  const auto three = analyze_vrp(pct(8), pcts({4, 5, 6}));
  CHECK(three.status == VrpStatus::insufficient_history);
  CHECK_FALSE(three.statistics.has_value());
  CHECK(three.reason() == "need 4+ historical moves, got 3");
  CHECK(analyze_vrp(pct(8), pcts({4, 5, 6, 7})).ok());  // exactly 4

  const auto single = analyze_vrp(pct(8), pcts({4}), {.min_history = 1});
  REQUIRE(single.ok());
  CHECK_CLOSE(single.vrp_ratio, 2.0, 1e-12, 0.0);

  const auto zeros = analyze_vrp(pct(8), pcts({0, 0, 0, 0}));
  CHECK(zeros.status == VrpStatus::invalid_mean);
  CHECK(zeros.vrp_ratio == 0.0);
  CHECK(zeros.recommendation == Recommendation::skip);
  CHECK(zeros.reason() == "mean move 0% is not positive");

  const auto tiny = analyze_vrp(pct(8), pcts({5e-7, 5e-7, 5e-7, 5e-7}));
  CHECK(tiny.status == VrpStatus::negligible_mean);
  CHECK(tiny.reason() == "mean move 5e-07% is below 1e-06%");
  REQUIRE(tiny.statistics.has_value());
  CHECK(tiny.recommendation == Recommendation::skip);
  CHECK_FALSE(tiny.is_tradeable());
}

TEST_CASE("vrp: a zero median uses the original's 999 dispersion penalty") {
  // [0, 0, 0, 8]: mean 2, median 0, MAD 0 -> MAD/median undefined, edge = ratio / 1000.
  const auto v = analyze_vrp(pct(8), pcts({0, 0, 0, 8}));
  REQUIRE(v.ok());
  CHECK_FALSE(v.statistics->mad_to_median_ratio.has_value());
  CHECK_FALSE(v.median_vrp_ratio.has_value());
  CHECK_CLOSE(v.vrp_ratio, 4.0, 1e-12, 0.0);
  CHECK_CLOSE(v.edge_score, 4.0 / 1000.0, 1e-15, 0.0);
}

TEST_CASE("vrp: over measured moves with the metric named") {
  // Two moves from data/earnings_reactions.csv (JPM 2024-04-12, 2024-10-11) and two of their
  // mirror images: close magnitudes 6.467782, 4.439942, 6.467782, 4.439942 -> mean 5.453862.
  using namespace std::chrono;
  const auto mk = [](year_month_day d, double ref, double o, double h, double l, double c) {
    return to_historical_move({{Symbol::parse("JPM"), d, EarningsTiming::before_open},
                               Price::dollars(ref),
                               DailyBar::make(d, Price::dollars(o), Price::dollars(h),
                                              Price::dollars(l), Price::dollars(c))});
  };
  const std::vector<HistoricalMove> moves = {
      mk(2024y / April / 12, 189.164871, 182.282832, 182.873262, 176.688114, 176.930099),
      mk(2024y / October / 11, 208.427811, 211.199123, 219.973388, 210.699701, 217.681885),
      mk(2024y / April / 12, 189.164871, 182.282832, 182.873262, 176.688114, 176.930099),
      mk(2024y / October / 11, 208.427811, 211.199123, 219.973388, 210.699701, 217.681885)};
  const auto v = analyze_vrp(pct(10.907724), moves, MoveMetric::close);
  REQUIRE(v.ok());
  CHECK_CLOSE(v.statistics->mean.pct(), (6.467782 + 4.439942) / 2.0, 1e-6, 0.0);
  CHECK_CLOSE(v.vrp_ratio, 2.0, 1e-6, 0.0);
  // Intraday: ranges 3.269713 and 4.449352 -> mean 3.8595325.
  const auto w = analyze_vrp(pct(10.907724), moves, MoveMetric::intraday);
  CHECK_CLOSE(w.statistics->mean.pct(), (3.269713 + 4.449352) / 2.0, 1e-6, 0.0);
}

TEST_CASE("vrp: histories longer than the inline buffer") {
  // 20 moves alternating 4 and -6 (beyond the 16 kept inline): mean |move| 5, median 5, every
  // deviation 1 so MAD 1, population std 1; IM 10 -> ratio 2, edge 2 / (1 + 1/5).
  std::vector<Percentage> moves;
  for (int i = 0; i < 20; ++i) moves.push_back(pct(i % 2 == 0 ? 4.0 : -6.0));
  const auto v = analyze_vrp(pct(10), moves);
  REQUIRE(v.ok());
  CHECK(v.sample_size == 20);
  CHECK_CLOSE(v.statistics->mean.pct(), 5.0, 1e-12, 0.0);
  CHECK_CLOSE(v.statistics->median.pct(), 5.0, 1e-12, 0.0);
  CHECK_CLOSE(v.statistics->mad.pct(), 1.0, 1e-12, 0.0);
  CHECK_CLOSE(v.statistics->std_dev.pct(), 1.0, 1e-12, 0.0);
  CHECK_CLOSE(v.edge_score, 2.0 / 1.2, 1e-12, 0.0);
}

TEST_CASE("vrp: threshold profiles and their validation") {
  CHECK(VrpThresholds::of(ThresholdProfile::balanced).excellent_ratio() == 1.8);
  CHECK(VrpThresholds::balanced().good_ratio() == 1.4);
  CHECK(VrpThresholds::balanced().marginal_ratio() == 1.2);
  CHECK(VrpThresholds::conservative().excellent_ratio() == 2.0);
  CHECK(VrpThresholds::conservative().good_ratio() == 1.5);
  CHECK(VrpThresholds::conservative().marginal_ratio() == 1.2);
  CHECK(VrpThresholds::aggressive().excellent_ratio() == 1.5);
  CHECK(VrpThresholds::aggressive().good_ratio() == 1.3);
  CHECK(VrpThresholds::aggressive().marginal_ratio() == 1.1);
  CHECK(VrpThresholds::legacy().excellent_ratio() == 7.0);
  CHECK(VrpThresholds::legacy().good_ratio() == 4.0);
  CHECK(VrpThresholds::legacy().marginal_ratio() == 1.5);

  CHECK(parse_threshold_profile("balanced") == ThresholdProfile::balanced);
  CHECK(parse_threshold_profile("Conservative") == ThresholdProfile::conservative);
  CHECK(parse_threshold_profile("AGGRESSIVE") == ThresholdProfile::aggressive);
  CHECK(parse_threshold_profile("legacy") == ThresholdProfile::legacy);
  CHECK_THROWS_WITH_AS(
      (void)parse_threshold_profile("moderate"),
      "vrp threshold profile = 'moderate': must be one of BALANCED, CONSERVATIVE, AGGRESSIVE, "
      "LEGACY",
      InvalidInput);

  const auto custom =
      VrpThresholds::make({.excellent_ratio = 2.2, .good_ratio = 1.6, .marginal_ratio = 1.3});
  CHECK(custom.excellent_ratio() == 2.2);
  CHECK(recommend(1.3, custom) == Recommendation::marginal);
  // The range ends are inclusive.
  CHECK(VrpThresholds::make({.excellent_ratio = 50, .good_ratio = 0.2, .marginal_ratio = 0.1})
            .marginal_ratio() == 0.1);

  CHECK_THROWS_WITH_AS(
      (void)VrpThresholds::make({.excellent_ratio = 60, .good_ratio = 1.4, .marginal_ratio = 1.2}),
      "vrp excellent threshold = 60: must be within [0.1, 50]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)VrpThresholds::make(
                           {.excellent_ratio = 1.8, .good_ratio = 1.4, .marginal_ratio = 0.05}),
                       "vrp marginal threshold = 0.05: must be within [0.1, 50]", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)VrpThresholds::make({.excellent_ratio = 1.8, .good_ratio = 2, .marginal_ratio = 1.2}),
      "vrp good threshold = 2: must be below the excellent threshold 1.8", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)VrpThresholds::make({.excellent_ratio = 1.8, .good_ratio = 1.4, .marginal_ratio = 1.4}),
      "vrp marginal threshold = 1.4: must be below the good threshold 1.4", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)VrpThresholds::make(
          {.excellent_ratio = std::nan(""), .good_ratio = 1.4, .marginal_ratio = 1.2}),
      "vrp excellent threshold = nan: must be finite", InvalidInput);
  try {
    (void)VrpThresholds::make({.excellent_ratio = 1.8, .good_ratio = 2, .marginal_ratio = 1.2});
    FAIL("expected InvalidInput");
  } catch (const InvalidInput& e) {
    CHECK(e.code() == ErrorCode::inconsistent);
  }
}

TEST_CASE("vrp: bad arguments are rejected with the field and value") {
  CHECK_THROWS_WITH_AS((void)analyze_vrp(pct(-5), pcts({4, 5, 6, 7})),
                       "implied move = -5%: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS((void)analyze_vrp(pct(5), pcts({4, 5, 6, 7}), {.min_history = 0}),
                       "min history = 0: must be at least 1", InvalidInput);
}

}  // namespace
