// earnings/consistency.hpp: basic MAD/median consistency and the exponentially weighted
// analyzer. "§8" values are domain-spec §8 acceptance examples (enhanced consistency, close
// metric, newest first), reproduced to 1e-6; the rest are hand computations shown here.
#include "ivcrush/earnings/consistency.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

std::vector<Percentage> pcts(std::initializer_list<double> xs) {
  std::vector<Percentage> out;
  for (const double x : xs) out.push_back(Percentage::from_pct(x));
  return out;
}

TEST_CASE("consistency §8: moves 8 8 8 8 4 4 4 4") {
  const auto c = analyze_consistency(NewestFirstMoves(pcts({8, 8, 8, 8, 4, 4, 4, 4})));
  REQUIRE(c.ok());
  CHECK(c.sample_size == 8);
  CHECK_CLOSE(c.weighted_mean.pct(), 6.6281101, 1e-6, 0.0);
  CHECK_CLOSE(c.std_dev.pct(), 2.2410514, 1e-6, 0.0);
  CHECK_CLOSE(c.consistency_score, 66.188682, 1e-6, 0.0);
  CHECK_CLOSE(c.trend_slope_pct_per_quarter, 0.7619048, 1e-6, 0.0);
  CHECK(c.trend == MoveTrend::increasing);
  CHECK_CLOSE(c.trustworthiness_ratio, 0.3088805, 1e-6, 0.0);  // includes the 0.7 factor
  CHECK_CLOSE(c.recent_bias.pct(), 20.698055, 1e-6, 0.0);
  // The weighted mean by hand: newest four weigh 1 + .85 + .7225 + .614125 = 3.186625, the
  // older four .52200625 + .4437053125 + .377149515625 + .32057708828125 = 1.66343816640625.
  const double hand = (8.0 * 3.186625 + 4.0 * 1.66343816640625) / (3.186625 + 1.66343816640625);
  CHECK_CLOSE(c.weighted_mean.pct(), hand, 1e-12, 0.0);
}

TEST_CASE("consistency §8: moves 10 9 8 7 6 5 4 3") {
  const auto c = analyze_consistency(NewestFirstMoves(pcts({10, 9, 8, 7, 6, 5, 4, 3})));
  REQUIRE(c.ok());
  CHECK_CLOSE(c.weighted_mean.pct(), 7.3297537, 1e-6, 0.0);
  CHECK_CLOSE(c.std_dev.pct(), 2.6051578, 1e-6, 0.0);
  CHECK_CLOSE(c.consistency_score, 64.457772, 1e-6, 0.0);
  CHECK_CLOSE(c.trend_slope_pct_per_quarter, 1.0, 1e-12, 0.0);
  CHECK(c.trend == MoveTrend::increasing);
  CHECK_CLOSE(c.trustworthiness_ratio, 0.3008029, 1e-6, 0.0);
  CHECK_CLOSE(c.recent_bias.pct(), 15.965698, 1e-6, 0.0);
}

TEST_CASE("consistency §8: moves 4.5 5.0 5.5 4.5") {
  const auto c = analyze_consistency(NewestFirstMoves(pcts({4.5, 5.0, 5.5, 4.5})));
  REQUIRE(c.ok());
  CHECK_CLOSE(c.weighted_mean.pct(), 4.8600989, 1e-6, 0.0);
  CHECK_CLOSE(c.std_dev.pct(), 0.4790227, 1e-6, 0.0);
  CHECK_CLOSE(c.consistency_score, 90.143767, 1e-6, 0.0);
  CHECK_CLOSE(c.trend_slope_pct_per_quarter, -0.05, 1e-12, 0.0);
  CHECK(c.trend == MoveTrend::stable);
  CHECK_CLOSE(c.trustworthiness_ratio, 0.4507188, 1e-6, 0.0);  // no 0.7: not increasing
  CHECK_CLOSE(c.recent_bias.pct(), 0.3066018, 1e-6, 0.0);
  // trust = score/100 * n/(n+4) = 0.90143767 * 4/8.
  CHECK_CLOSE(c.trustworthiness_ratio, c.consistency_score / 100.0 * 0.5, 1e-15, 0.0);
}

TEST_CASE("consistency: signs are dropped (the BUG fix as in vrp.hpp)") {
  CHECK(analyze_consistency(NewestFirstMoves(pcts({-8, 8, -8, 8, -4, 4, -4, 4}))) ==
        analyze_consistency(NewestFirstMoves(pcts({8, 8, 8, 8, 4, 4, 4, 4}))));
}

TEST_CASE("consistency: decreasing moves and decay as a parameter and degenerate samples") {
  // Chronological [10, 9, ..., 3] read newest first as [3, ..., 10]: slope -1, decreasing.
  const auto d = analyze_consistency(NewestFirstMoves(pcts({3, 4, 5, 6, 7, 8, 9, 10})));
  CHECK_CLOSE(d.trend_slope_pct_per_quarter, -1.0, 1e-12, 0.0);
  CHECK(d.trend == MoveTrend::decreasing);
  // Decay 1: every quarter weighs the same, so the weighted mean is the plain mean 6.5 and the
  // recent bias is (mean(3,4,5,6) - 6.5) / 6.5 = -2 / 6.5.
  const auto flat =
      analyze_consistency(NewestFirstMoves(pcts({3, 4, 5, 6, 7, 8, 9, 10})), {.decay_ratio = 1.0});
  CHECK_CLOSE(flat.weighted_mean.pct(), 6.5, 1e-12, 0.0);
  CHECK_CLOSE(flat.recent_bias.pct(), -2.0 / 6.5 * 100.0, 1e-12, 0.0);
  // sample std about 6.5: sum of squared deviations 42 over 7.
  CHECK_CLOSE(flat.std_dev.pct(), std::sqrt(42.0 / 7.0), 1e-12, 0.0);
  // A threshold parameter changes the call: slope 1 is not a trend above 1.5.
  CHECK(analyze_consistency(NewestFirstMoves(pcts({10, 9, 8, 7, 6, 5, 4, 3})),
                            {.trend_threshold_pct = 1.5})
            .trend == MoveTrend::stable);

  const auto few = analyze_consistency(NewestFirstMoves(pcts({4, 5, 6})));
  CHECK(few.status == ConsistencyStatus::insufficient_history);
  CHECK(few.reason() == "need 4+ historical moves, got 3");
  CHECK(analyze_consistency(NewestFirstMoves(pcts({4, 5, 6})), {.min_history = 3}).ok());

  // All zero: the weighted mean is 0, cv undefined, score and trust 0 (the original's +inf cv).
  const auto zeros = analyze_consistency(NewestFirstMoves(pcts({0, 0, 0, 0})));
  REQUIRE(zeros.ok());
  CHECK_FALSE(zeros.cv_ratio.has_value());
  CHECK(zeros.consistency_score == 0.0);
  CHECK(zeros.trustworthiness_ratio == 0.0);
  CHECK(zeros.recent_bias.pct() == 0.0);

  // A very dispersed sample: cv > 1, score clamped to 0.
  const auto wild = analyze_consistency(NewestFirstMoves(pcts({30, 0.5, 0.5, 0.5, 0.5})));
  CHECK(wild.consistency_score == 0.0);
  CHECK(wild.trustworthiness_ratio >= 0.0);
}

TEST_CASE("consistency: options are validated") {
  const auto moves = pcts({4, 5, 6, 7});
  CHECK_THROWS_WITH_AS((void)analyze_consistency(NewestFirstMoves(moves), {.decay_ratio = 0.0}),
                       "consistency decay = 0: must be within (0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)analyze_consistency(NewestFirstMoves(moves), {.decay_ratio = 1.5}),
                       "consistency decay = 1.5: must be within (0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)analyze_consistency(NewestFirstMoves(moves), {.min_history = 0}),
                       "min history = 0: must be at least 1", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)analyze_consistency(NewestFirstMoves(moves), {.trend_threshold_pct = -1}),
      "trend threshold = -1: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)analyze_consistency(NewestFirstMoves(moves), {.rising_trust_factor = 2}),
      "rising trust factor = 2: must be within [0, 1]", InvalidInput);
}

TEST_CASE("consistency: basic MAD / median") {
  // [4, 5, 6, 9]: median 5.5, |dev| 1.5 0.5 0.5 3.5 -> MAD 1, ratio 1/5.5, score 1 - 1/5.5.
  const auto b = basic_consistency(pcts({9, -4, 6, 5}));
  REQUIRE(b.has_value());
  CHECK(b->sample_size == 4);
  CHECK_CLOSE(b->mean.pct(), 6.0, 1e-12, 0.0);
  CHECK_CLOSE(b->median.pct(), 5.5, 1e-12, 0.0);
  CHECK_CLOSE(b->mad.pct(), 1.0, 1e-12, 0.0);
  CHECK_CLOSE(b->mad_to_median_ratio, 0.181818, 1e-6, 0.0);
  CHECK_CLOSE(b->consistency_ratio, 1.0 - 1.0 / 5.5, 1e-12, 0.0);
  CHECK_FALSE(basic_consistency(pcts({})).has_value());
  CHECK_FALSE(basic_consistency(pcts({0, 0, 0, 7})).has_value());  // median 0
}

TEST_CASE("consistency: over measured moves with the metric named") {
  using namespace std::chrono;
  // data/earnings_reactions.csv, JPM 2024-04-12 and 2024-10-11 (before open), twice each:
  // close magnitudes 6.467782 and 4.439942.
  const auto mk = [](year_month_day d, double ref, double o, double h, double l, double c) {
    return to_historical_move({{Symbol::parse("JPM"), d, EarningsTiming::before_open},
                               Price::dollars(ref),
                               DailyBar::make(d, Price::dollars(o), Price::dollars(h),
                                              Price::dollars(l), Price::dollars(c))});
  };
  const auto a = mk(2024y / April / 12, 189.164871, 182.282832, 182.873262, 176.688114, 176.930099);
  const auto b =
      mk(2024y / October / 11, 208.427811, 211.199123, 219.973388, 210.699701, 217.681885);
  // The same bars on four dates, given oldest first: the history sorts them newest first, so
  // the newest (b on 2024-10-11) gets weight 1, then a (2024-04-12), b (2023-10-11), a
  // (2023-04-12).
  const auto a2 =
      mk(2023y / April / 12, 189.164871, 182.282832, 182.873262, 176.688114, 176.930099);
  const auto b2 =
      mk(2023y / October / 11, 208.427811, 211.199123, 219.973388, 210.699701, 217.681885);
  const ReactionHistoryBuffer moves(std::vector<HistoricalMove>{a2, b2, a, b});
  const auto c = analyze_consistency(moves, MoveMetric::close);
  // wmean = (4.439942 (1 + .7225) + 6.467782 (.85 + .614125)) / 3.186625
  const double hand = (4.439942 * 1.7225 + 6.467782 * 1.464125) / (1.0 + 0.85 + 0.7225 + 0.614125);
  CHECK_CLOSE(c.weighted_mean.pct(), hand, 1e-5, 0.0);
  // Oldest first the magnitudes are 6.47 4.44 6.47 4.44: the OLS slope against 0..3, computed
  // here, is (b - a) 2 / 5 = -0.81 points per quarter (falling, whatever the input order).
  const double xa = 6.467782, xb = 4.439942;
  const double ys[] = {xa, xb, xa, xb};
  double mean_y = 0.0;
  for (const double y : ys) mean_y += y / 4.0;
  double sxy = 0.0, sxx = 0.0;
  for (int i = 0; i < 4; ++i) {
    sxy += (i - 1.5) * (ys[i] - mean_y);
    sxx += (i - 1.5) * (i - 1.5);
  }
  CHECK_CLOSE(c.trend_slope_pct_per_quarter, sxy / sxx, 1e-5, 0.0);
  CHECK(sxy / sxx < 0.0);
  const auto basic = basic_consistency(moves, MoveMetric::close);
  REQUIRE(basic.has_value());
  CHECK_CLOSE(basic->median.pct(), (6.467782 + 4.439942) / 2.0, 1e-5, 0.0);
}

}  // namespace
