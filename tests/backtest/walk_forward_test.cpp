// walk_forward: windows and their boundaries, the policy picked in each window (hand-checked),
// the selection metric, ties, windows without an eligible policy, no windows at all, and
// option validation.
#include "ivcrush/backtest/walk_forward.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
using namespace std::chrono_literals;

// A one-night trade risking $100 (so r = pnl / 100).
TradeOutcome night(year_month_day entry, double pnl) {
  return TradeOutcome{entry, year_month_day{sys_days{entry} + days{1}}, Money::dollars(pnl),
                      Money::dollars(100.0)};
}

// train 30, test 20, step 20 from 2024-01-01 to 2024-04-01 (2024 is a leap year):
//   s        train [s, s+30]        test [s+31, s+51)
//   Jan  1   Jan  1 .. Jan 31       Feb  1 .. Feb 20   (test_end Feb 21)
//   Jan 21   Jan 21 .. Feb 20       Feb 21 .. Mar 11   (test_end Mar 12)
//   Feb 10   Feb 10 .. Mar 11       Mar 12 .. Mar 31   (test_end Apr  1 = end: kept)
//   Mar  1   ...                    test_end Apr 21 > end: stop
WalkForwardOptions small_windows(SelectionMetric metric) {
  return {.train = days{30},
          .test = days{20},
          .step = days{20},
          .start = 2024y / January / 1,
          .end = 2024y / April / 1,
          .metric = metric};
}

std::vector<PolicyTrades> three_policies() {
  return {
      {"A",
       {night(2024y / January / 5, 100), night(2024y / January / 12, 50),
        night(2024y / February / 8, -20), night(2024y / February / 15, 400),
        night(2024y / March / 11, 60), night(2024y / March / 12, 1000)}},
      {"B",
       {night(2024y / January / 6, 300), night(2024y / January / 20, -100),
        night(2024y / February / 5, 40), night(2024y / February / 19, -10),
        night(2024y / February / 21, 70), night(2024y / March / 1, 500),
        night(2024y / March / 20, 25), night(2024y / April / 1, 9)}},
      {"C",
       {night(2024y / January / 10, 500), night(2024y / February / 1, 100),
        night(2024y / February / 2, 100)}},
  };
}

TEST_CASE("the best policy by train P/L is picked in each window and tested after it") {
  const auto policies = three_policies();
  const WalkForwardSummary wf = walk_forward(policies, small_windows(SelectionMetric::total_pnl));
  REQUIRE(wf.windows.size() == 3);
  CHECK(wf.message.empty());

  // Window 0: train Jan 1..Jan 31: A 100 + 50 = 150, B 300 - 100 = 200, C one trade (not
  // eligible). B. Test Feb 1..Feb 20: B's Feb 5 (+40) and Feb 19 (-10).
  const WalkForwardWindow& w0 = wf.windows[0];
  CHECK(w0.train_start == 2024y / January / 1);
  CHECK(w0.train_end == 2024y / January / 31);
  CHECK(w0.test_start == 2024y / February / 1);
  CHECK(w0.test_end == 2024y / February / 21);
  REQUIRE(w0.candidates.size() == 3);
  CHECK(w0.candidates[0].policy == "A");
  CHECK(w0.candidates[0].train.trades == 2);
  CHECK(w0.candidates[0].metric == 150.0);
  CHECK(w0.candidates[1].metric == 200.0);
  CHECK(w0.candidates[2].train.trades == 1);
  CHECK_FALSE(w0.candidates[2].eligible);
  CHECK(w0.candidates[2].reason == "1 train trades, fewer than the 2 required");
  CHECK(w0.selected == std::size_t{1});
  CHECK(w0.selected_policy == "B");
  CHECK(w0.no_selection_reason.empty());
  REQUIRE(w0.test);
  CHECK(w0.test->trades == 2);
  CHECK(w0.test->total_pnl.dollars() == 30.0);

  // Window 1: train Jan 21..Feb 20 (B's Jan 20 trade is out): A -20 + 400 = 380, B 40 - 10 =
  // 30, C 100 + 100 = 200. A. Test Feb 21..Mar 11: A's Mar 11 (+60); Mar 12 is the next window.
  const WalkForwardWindow& w1 = wf.windows[1];
  CHECK(w1.train_start == 2024y / January / 21);
  CHECK(w1.test_end == 2024y / March / 12);
  CHECK(w1.candidates[0].metric == 380.0);
  CHECK(w1.candidates[1].metric == 30.0);
  CHECK(w1.candidates[2].metric == 200.0);
  CHECK(w1.selected_policy == "A");
  REQUIRE(w1.test);
  CHECK(w1.test->trades == 1);
  CHECK(w1.test->total_pnl.dollars() == 60.0);

  // Window 2: train Feb 10..Mar 11: A 400 + 60 = 460, B -10 + 70 + 500 = 560, C none. B. Test
  // Mar 12..Mar 31: B's Mar 20 (+25); its Apr 1 trade is in no test window.
  const WalkForwardWindow& w2 = wf.windows[2];
  CHECK(w2.train_end == 2024y / March / 11);
  CHECK(w2.test_start == 2024y / March / 12);
  CHECK(w2.test_end == 2024y / April / 1);
  CHECK(w2.candidates[0].metric == 460.0);
  CHECK(w2.candidates[1].metric == 560.0);
  CHECK(w2.candidates[2].train.trades == 0);
  CHECK(w2.candidates[2].reason == "0 train trades, fewer than the 2 required");
  CHECK(w2.selected_policy == "B");
  REQUIRE(w2.test);
  CHECK(w2.test->trades == 1);
  CHECK(w2.test->total_pnl.dollars() == 25.0);

  // Overall: 4 test trades, 40 - 10 + 60 + 25 = 115.
  CHECK(wf.windows_with_selection == 3);
  CHECK(wf.windows_with_test_trades == 3);
  CHECK(wf.test_trades == 4);
  CHECK_CLOSE(wf.test_pnl.dollars(), 115.0, 1e-9, 0.0);
  REQUIRE(wf.avg_test_pnl);
  CHECK_CLOSE(wf.avg_test_pnl->dollars(), 115.0 / 3.0, 1e-9, 0.0);
  // Win rates 1/2, 1, 1 -> 5/6.
  REQUIRE(wf.avg_test_win_rate);
  CHECK_CLOSE(wf.avg_test_win_rate->fraction(), 5.0 / 6.0, 1e-12, 0.0);
  // Only window 0 has a test Sharpe: r = 0.4, -0.1, mean 0.15, sample stdev sqrt(2 * 0.25^2) =
  // sqrt(0.125); annualized over its 20 test days: 2 * 365.25 / 20 = 36.525 per year. Its two
  // trades are fewer than the 10 the mean needs by default: the window keeps its Sharpe, the
  // mean has none; with min_test_trades_for_mean_sharpe = 2 it is the mean.
  const double sharpe0 = 0.15 / std::sqrt(0.125) * std::sqrt(36.525);
  REQUIRE(w0.test->sharpe_annualized);
  CHECK_CLOSE(*w0.test->sharpe_annualized, sharpe0, 1e-12, 1e-10);
  CHECK(wf.windows_with_test_sharpe == 0);
  CHECK_FALSE(wf.avg_test_sharpe_annualized);
  WalkForwardOptions two = small_windows(SelectionMetric::total_pnl);
  two.min_test_trades_for_mean_sharpe = 2;
  const WalkForwardSummary wf2 = walk_forward(policies, two);
  CHECK(wf2.windows_with_test_sharpe == 1);
  REQUIRE(wf2.avg_test_sharpe_annualized);
  CHECK_CLOSE(*wf2.avg_test_sharpe_annualized, sharpe0, 1e-12, 1e-10);
  // Combined out-of-sample record: the 4 test trades over Feb 1..Mar 31 (60 days).
  REQUIRE(wf.combined_test);
  CHECK(wf.combined_test->trades == 4);
  CHECK_CLOSE(wf.combined_test->total_pnl.dollars(), 115.0, 1e-9, 0.0);
  CHECK(wf.combined_test->annualization.source == AnnualizationSource::observed_period);
  CHECK_CLOSE(*wf.combined_test->annualization.periods_per_year, 4.0 * 365.25 / 60.0, 1e-12, 1e-12);
  CHECK(wf.selection_counts == std::vector<PolicySelectionCount>{{"A", 1}, {"B", 2}, {"C", 0}});
  CHECK(wf.most_selected == "B");
}

TEST_CASE("annualized Sharpe over the window favours more trades at a similar per-trade Sharpe") {
  // One window: train Jan 1..Jan 31, test Feb 1..Feb 20.
  //   X: r = 0.5, 0.3: mean 0.4, stdev sqrt(0.02) -> 2.828 per trade
  //   Y: r = 0.1, 0.3, 0.2, 0.2: mean 0.2, stdev sqrt(0.02 / 3) -> 2.449 per trade
  // Annualized over the same 31 train days (k = 365.25 / 31 per trade): X 2.828 * sqrt(2k) =
  // 4.0 sqrt(k), Y 2.449 * sqrt(4k) = 4.899 sqrt(k): Y by annualized Sharpe, X per trade.
  const std::vector<PolicyTrades> policies{
      {"X", {night(2024y / January / 3, 50), night(2024y / January / 17, 30)}},
      {"Y",
       {night(2024y / January / 4, 10), night(2024y / January / 11, 30),
        night(2024y / January / 18, 20), night(2024y / January / 25, 20),
        night(2024y / February / 8, -5)}},
  };
  WalkForwardOptions o = small_windows(SelectionMetric::sharpe_annualized);
  o.end = 2024y / February / 21;
  const WalkForwardSummary annual = walk_forward(policies, o);
  REQUIRE(annual.windows.size() == 1);
  const WalkForwardWindow& w = annual.windows[0];
  const double k = 365.25 / 31.0;
  REQUIRE(w.candidates[0].metric);
  CHECK_CLOSE(*w.candidates[0].metric, 0.4 / std::sqrt(0.02) * std::sqrt(2.0 * k), 1e-12, 1e-10);
  REQUIRE(w.candidates[1].metric);
  CHECK_CLOSE(*w.candidates[1].metric, 0.2 / std::sqrt(0.02 / 3.0) * std::sqrt(4.0 * k), 1e-12,
              1e-10);
  CHECK(w.selected_policy == "Y");
  REQUIRE(w.test);
  CHECK(w.test->total_pnl.dollars() == -5.0);

  o.metric = SelectionMetric::sharpe_per_trade;
  const WalkForwardSummary per_trade = walk_forward(policies, o);
  CHECK(per_trade.windows[0].selected_policy == "X");
  REQUIRE(per_trade.windows[0].test);
  CHECK(per_trade.windows[0].test->trades == 0);  // X did not trade in February
  CHECK(per_trade.windows_with_test_trades == 0);
  CHECK_FALSE(per_trade.avg_test_pnl);
  CHECK_FALSE(per_trade.combined_test);
  CHECK(per_trade.most_selected == "X");
}

TEST_CASE("a tie goes to the first policy in input order") {
  const std::vector<TradeOutcome> same{night(2024y / January / 3, 50),
                                       night(2024y / January / 17, 30)};
  WalkForwardOptions o = small_windows(SelectionMetric::sharpe_annualized);
  o.end = 2024y / February / 21;
  const std::vector<PolicyTrades> pq{{"P", same}, {"Q", same}};
  const WalkForwardSummary a = walk_forward(pq, o);
  REQUIRE(a.windows.size() == 1);
  CHECK(a.windows[0].candidates[0].metric == a.windows[0].candidates[1].metric);
  CHECK(a.windows[0].selected_policy == "P");
  const std::vector<PolicyTrades> qp{{"Q", same}, {"P", same}};
  CHECK(walk_forward(qp, o).windows[0].selected_policy == "Q");
  // Selection counts tie too: the first policy is the most selected.
  const std::vector<PolicyTrades> alternating{
      {"L", {night(2024y / January / 3, 50), night(2024y / January / 17, 30)}},
      {"M", {night(2024y / January / 25, 10), night(2024y / February / 10, 90)}}};
  o.end = 2024y / March / 12;  // two windows: L in the first, M in the second
  const WalkForwardSummary b = walk_forward(alternating, o);
  REQUIRE(b.windows.size() == 2);
  CHECK(b.windows[0].selected_policy == "L");
  CHECK(b.windows[1].selected_policy == "M");
  CHECK(b.most_selected == "L");
}

TEST_CASE("a window without an eligible policy selects none and says why") {
  const std::vector<PolicyTrades> policies{
      {"A", {night(2024y / January / 3, 50), night(2024y / January / 17, 30)}},
      {"B", {night(2024y / January / 5, 10), night(2024y / January / 9, 10)}},  // identical r
      {"C", {}},
  };
  WalkForwardOptions o = small_windows(SelectionMetric::sharpe_annualized);
  o.end = 2024y / February / 21;
  o.min_train_trades = 3;
  const WalkForwardSummary wf = walk_forward(policies, o);
  REQUIRE(wf.windows.size() == 1);
  const WalkForwardWindow& w = wf.windows[0];
  CHECK_FALSE(w.selected);
  CHECK(w.selected_policy.empty());
  CHECK_FALSE(w.test);
  CHECK(w.no_selection_reason ==
        "no eligible policy (A: 2 train trades, fewer than the 3 required; B: 2 train trades, "
        "fewer than the 3 required; C: 0 train trades, fewer than the 3 required)");
  CHECK(wf.windows_with_selection == 0);
  CHECK(wf.test_trades == 0);
  CHECK(wf.test_pnl.dollars() == 0.0);
  CHECK_FALSE(wf.avg_test_pnl);
  CHECK_FALSE(wf.avg_test_win_rate);
  CHECK_FALSE(wf.avg_test_sharpe_annualized);
  CHECK_FALSE(wf.combined_test);
  CHECK_FALSE(wf.most_selected);

  // With 2 trades enough, B is still not eligible: identical returns have no Sharpe.
  o.min_train_trades = 2;
  const WalkForwardWindow w2 = walk_forward(policies, o).windows[0];
  CHECK(w2.candidates[0].eligible);
  CHECK_FALSE(w2.candidates[1].eligible);
  CHECK(w2.candidates[1].reason ==
        "sharpe_annualized is undefined (fewer than 2 trades, identical returns or no "
        "annualization factor)");
  CHECK(w2.selected_policy == "A");
}

TEST_CASE("a period shorter than train + 1 + test has no window") {
  const auto policies = three_policies();
  // Defaults 180 / 90 / 90: Jan 1 to Jun 30 2024 is 181 days, a window needs 271.
  const WalkForwardSummary wf =
      walk_forward(policies, {.start = 2024y / January / 1, .end = 2024y / June / 30});
  CHECK(wf.windows.empty());
  CHECK(wf.message ==
        "no walk-forward window fits: 2024-01-01 to 2024-06-30 spans 181 days, a window needs "
        "train + 1 + test = 271 days from its start to its test end");
  CHECK(wf.test_trades == 0);
  CHECK_FALSE(wf.avg_test_pnl);
  CHECK_FALSE(wf.avg_test_win_rate);
  CHECK_FALSE(wf.avg_test_sharpe_annualized);
  CHECK_FALSE(wf.most_selected);
  CHECK(wf.selection_counts.size() == 3);
  // One more day before the end is exactly enough: 2024-01-01 + 271 days = 2024-09-28.
  const WalkForwardSummary one =
      walk_forward(policies, {.start = 2024y / January / 1, .end = 2024y / September / 28});
  REQUIRE(one.windows.size() == 1);
  CHECK(one.windows[0].test_end == 2024y / September / 28);
  CHECK(walk_forward(policies, {.start = 2024y / January / 1, .end = 2024y / September / 27})
            .windows.empty());
}

TEST_CASE("bad options and policies are rejected") {
  const auto policies = three_policies();
  const auto base = small_windows(SelectionMetric::total_pnl);
  auto with = [&](auto change) {
    WalkForwardOptions o = base;
    change(o);
    return o;
  };
  CHECK_THROWS_WITH_AS(
      (void)walk_forward(policies, with([](WalkForwardOptions& o) { o.train = days{0}; })),
      "train = 0 days: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)walk_forward(policies, with([](WalkForwardOptions& o) { o.test = days{-1}; })),
      "test = -1 days: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)walk_forward(policies, with([](WalkForwardOptions& o) { o.step = days{10}; })),
      "step = 10 days: must be at least test (20 days): overlapping test windows would count a "
      "trade twice",
      InvalidInput);
  CHECK_THROWS_WITH_AS((void)walk_forward(policies, with([](WalkForwardOptions& o) {
                                            o.start = 2024y / February / 30;
                                          })),
                       "start = 2024-02-30: is not a valid calendar date", InvalidInput);
  CHECK_THROWS_WITH_AS((void)walk_forward(policies, with([](WalkForwardOptions& o) {
                                            o.end = 2023y / December / 31;
                                          })),
                       "end = 2023-12-31: is before start 2024-01-01", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)walk_forward(policies, with([](WalkForwardOptions& o) { o.min_train_trades = 0; })),
      "min_train_trades = 0: must be at least 1", InvalidInput);
  CHECK_THROWS_WITH_AS((void)walk_forward(policies, with([](WalkForwardOptions& o) {
                                            o.min_test_trades_for_mean_sharpe = 1;
                                          })),
                       "min_test_trades_for_mean_sharpe = 1: must be at least 2", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)walk_forward(policies, with([](WalkForwardOptions& o) {
                           o.performance.observation_period =
                               ObservationPeriod{2024y / January / 1, 2024y / April / 1};
                         })),
      "performance.observation_period: must be empty (each window sets its own)", InvalidInput);
  CHECK_THROWS_WITH_AS((void)walk_forward(policies, with([](WalkForwardOptions& o) {
                                            o.performance.risk_fraction = 2.0;
                                          })),
                       "risk_fraction = 2: must be in (0, 1]", InvalidInput);
  // An unset start (year_month_day{}) is not a date.
  CHECK_THROWS_WITH_AS((void)walk_forward(policies, WalkForwardOptions{}),
                       "start = 0000-00-00: is not a valid calendar date", InvalidInput);

  CHECK_THROWS_WITH_AS((void)walk_forward({}, base), "policies: is empty", InvalidInput);
  auto renamed = policies;
  renamed[2].policy = "A";
  CHECK_THROWS_WITH_AS((void)walk_forward(renamed, base),
                       "policies[2].policy = 'A': repeats policies[0].policy", InvalidInput);
  renamed[2].policy = "";
  CHECK_THROWS_WITH_AS((void)walk_forward(renamed, base), "policies[2].policy = '': is empty",
                       InvalidInput);
  auto bad = policies;
  bad[1].trades[1].risk = Money::zero();
  CHECK_THROWS_WITH_AS((void)walk_forward(bad, base),
                       "policy 'B': trades[1].risk = 0: must be positive and finite", InvalidInput);
  bad = policies;
  std::swap(bad[0].trades[0], bad[0].trades[1]);
  CHECK_THROWS_WITH_AS((void)walk_forward(bad, base),
                       "policy 'A': trades[1].entry_date = 2024-01-05: is before "
                       "trades[0].entry_date 2024-01-12 (trades must be in chronological order)",
                       InvalidInput);
}

}  // namespace
