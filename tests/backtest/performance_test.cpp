// summarize_performance: a hand-computed example checking every field, the undefined ratios,
// drawdowns against a brute-force computation, annualization (stated and observed) and input
// validation.
#include "ivcrush/backtest/performance.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
using namespace std::chrono_literals;

TradeOutcome trade(year_month_day entry, year_month_day exit, double pnl, double risk) {
  return TradeOutcome{entry, exit, Money::dollars(pnl), Money::dollars(risk)};
}

// Five one-night trades of 2024 (returns on risk r = pnl / risk):
//   #  entry  exit   pnl    risk   r
//   0  01-02  01-03  +200   800   +0.25
//   1  02-05  02-06  -400   500   -0.80
//   2  03-11  03-12  +300   600   +0.50
//   3  04-15  04-16     0   400    0
//   4  05-20  05-21   -50  1000   -0.05
std::vector<TradeOutcome> five_trades() {
  return {trade(2024y / January / 2, 2024y / January / 3, 200.0, 800.0),
          trade(2024y / February / 5, 2024y / February / 6, -400.0, 500.0),
          trade(2024y / March / 11, 2024y / March / 12, 300.0, 600.0),
          trade(2024y / April / 15, 2024y / April / 16, 0.0, 400.0),
          trade(2024y / May / 20, 2024y / May / 21, -50.0, 1000.0)};
}

TEST_CASE("five hand-computed trades: every field") {
  const auto trades = five_trades();
  const PerformanceSummary s = summarize_performance(trades);

  // Counts: wins #0 #2, losses #1 #4, flat #3; win rate 2/5 = 40 %.
  CHECK(s.trades == 5);
  CHECK(s.wins == 2);
  CHECK(s.losses == 2);
  CHECK(s.flat == 1);
  REQUIRE(s.win_rate);
  CHECK_CLOSE(s.win_rate->pct(), 40.0, 1e-12, 0.0);

  // P/L: total 200 - 400 + 300 + 0 - 50 = 50; mean 10; sorted -400 -50 0 200 300 -> median 0.
  CHECK_CLOSE(s.total_pnl.dollars(), 50.0, 1e-9, 0.0);
  REQUIRE(s.avg_pnl);
  CHECK_CLOSE(s.avg_pnl->dollars(), 10.0, 1e-9, 0.0);
  REQUIRE(s.median_pnl);
  CHECK(s.median_pnl->dollars() == 0.0);
  CHECK_CLOSE(s.gross_profit.dollars(), 500.0, 1e-9, 0.0);  // 200 + 300
  CHECK_CLOSE(s.gross_loss.dollars(), 450.0, 1e-9, 0.0);    // 400 + 50

  // Returns on risk: sum 0.25 - 0.8 + 0.5 + 0 - 0.05 = -0.1, mean -0.02 (the dollars made
  // money, the average trade lost 2 % of what it risked).
  CHECK_CLOSE(s.total_return_on_risk, -0.1, 1e-12, 0.0);
  REQUIRE(s.avg_return_on_risk);
  CHECK_CLOSE(*s.avg_return_on_risk, -0.02, 1e-12, 0.0);

  // Profit factor 500 / 450; avg win 500 / 2 = 250; avg loss 450 / 2 = 225.
  REQUIRE(s.profit_factor);
  CHECK_CLOSE(*s.profit_factor, 500.0 / 450.0, 1e-12, 0.0);
  REQUIRE(s.avg_win);
  CHECK_CLOSE(s.avg_win->dollars(), 250.0, 1e-9, 0.0);
  REQUIRE(s.avg_loss);
  CHECK_CLOSE(s.avg_loss->dollars(), 225.0, 1e-9, 0.0);
  // Expectancy: 0.4 * 250 - 0.4 * 225 = 100 - 90 = 10 dollars; per $ risked: avg win r
  // (0.25 + 0.5) / 2 = 0.375, avg loss r (0.8 + 0.05) / 2 = 0.425, 0.4 * 0.375 - 0.4 * 0.425 =
  // 0.15 - 0.17 = -0.02.
  REQUIRE(s.expectancy);
  CHECK_CLOSE(s.expectancy->dollars(), 10.0, 1e-9, 0.0);
  REQUIRE(s.expectancy_per_risk);
  CHECK_CLOSE(*s.expectancy_per_risk, -0.02, 1e-12, 0.0);
  REQUIRE(s.largest_win);
  CHECK(s.largest_win->dollars() == 300.0);
  REQUIRE(s.worst_trade);
  CHECK(s.worst_trade->dollars() == -400.0);
  CHECK(s.worst_trade_index == std::size_t{1});

  // Sharpe: deviations from -0.02: 0.27, -0.78, 0.52, 0.02, -0.03; squares 0.0729 + 0.6084 +
  // 0.2704 + 0.0004 + 0.0009 = 0.953; sample stdev sqrt(0.953 / 4) = 0.48811; -0.02 / 0.48811.
  const double sharpe = -0.02 / std::sqrt(0.953 / 4.0);
  REQUIRE(s.sharpe_per_trade);
  CHECK_CLOSE(*s.sharpe_per_trade, sharpe, 1e-12, 1e-10);
  CHECK_CLOSE(*s.sharpe_per_trade, -0.04097449, 1e-8, 0.0);
  // Sortino: downside squares 0.64 + 0.0025 = 0.6425, over n = 5: 0.1285; -0.02 / sqrt(0.1285).
  const double sortino = -0.02 / std::sqrt(0.1285);
  REQUIRE(s.sortino_per_trade);
  CHECK_CLOSE(*s.sortino_per_trade, sortino, 1e-12, 1e-10);

  // Annualization observed: 2024-01-02 to 2024-05-21 is 29 + 29 + 31 + 30 + 31 - 10 = 140 days
  // (Jan 2 -> Feb 2 31, -> Mar 2 29, -> Apr 2 31, -> May 2 30, -> May 21 19); 5 trades in
  // 140 / 365.25 years = 5 * 365.25 / 140 = 13.044642857 per year.
  const double ppy = 5.0 * 365.25 / 140.0;
  CHECK(s.annualization.source == AnnualizationSource::observed_trades);
  REQUIRE(s.annualization.periods_per_year);
  CHECK_CLOSE(*s.annualization.periods_per_year, ppy, 1e-12, 1e-12);
  CHECK(s.annualization.explanation ==
        "observed: 5 trades from the first entry 2024-01-02 to the last exit 2024-05-21 (140 "
        "days, 0.3833 years ACT/365.25) = 13.0446 per year");
  REQUIRE(s.sharpe_annualized);
  CHECK_CLOSE(*s.sharpe_annualized, sharpe * std::sqrt(ppy), 1e-12, 1e-10);
  REQUIRE(s.sortino_annualized);
  CHECK_CLOSE(*s.sortino_annualized, sortino * std::sqrt(ppy), 1e-12, 1e-10);

  // Dollar equity from 100,000: 100200, 99800, 100100, 100100, 100050; peak 100200, so the
  // drawdowns are 0, 400, 100, 100, 150: max 400.
  CHECK(s.starting_capital.dollars() == 100'000.0);
  CHECK_CLOSE(s.max_drawdown.dollars(), 400.0, 1e-9, 0.0);
  // Compounded at 2 %: factors 1 + 0.02 r = 1.005, 0.984, 1.01, 1, 0.999:
  //   100500, 98892, 99880.92, 99880.92, 99781.03908; peak 100500, deepest after #1:
  //   (100500 - 98892) / 100500 = 1.6 %; total return 99781.03908 / 100000 - 1 = -0.21896092 %.
  CHECK_CLOSE(s.max_drawdown_compounded.pct(), 1.6, 1e-10, 0.0);
  CHECK_CLOSE(s.compounded_return.fraction(), -0.0021896092, 1e-12, 0.0);
  CHECK_FALSE(s.ruined);
  REQUIRE(s.equity_curve.size() == 5);
  const double equity[] = {100200.0, 99800.0, 100100.0, 100100.0, 100050.0};
  const double compounded[] = {100500.0, 98892.0, 99880.92, 99880.92, 99781.03908};
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(s.equity_curve[i].date == trades[i].exit_date);
    CHECK_CLOSE(s.equity_curve[i].equity.dollars(), equity[i], 1e-9, 0.0);
    CHECK_CLOSE(s.equity_curve[i].compounded_equity.dollars(), compounded[i], 1e-7, 0.0);
  }
}

TEST_CASE("median of an even count is the mean of the middle two") {
  // Sorted P/L: -10, 20, 40, 100 -> (20 + 40) / 2 = 30.
  const std::vector<TradeOutcome> trades{
      trade(2024y / January / 2, 2024y / January / 3, 40, 100),
      trade(2024y / January / 9, 2024y / January / 10, -10, 100),
      trade(2024y / January / 9, 2024y / January / 9, 100, 100),
      trade(2024y / January / 16, 2024y / January / 17, 20, 100)};
  const PerformanceSummary s = summarize_performance(trades);
  REQUIRE(s.median_pnl);
  CHECK(s.median_pnl->dollars() == 30.0);
}

TEST_CASE("profit factor and average loss are empty without a losing trade") {
  // +100 / 200, 0 / 300, +50 / 100: r = 0.5, 0, 0.5.
  const std::vector<TradeOutcome> trades{trade(2024y / March / 1, 2024y / March / 2, 100, 200),
                                         trade(2024y / March / 8, 2024y / March / 9, 0, 300),
                                         trade(2024y / March / 15, 2024y / March / 16, 50, 100)};
  const PerformanceSummary s = summarize_performance(trades);
  CHECK(s.losses == 0);
  CHECK_FALSE(s.profit_factor);
  CHECK_FALSE(s.avg_loss);
  CHECK(s.gross_loss.dollars() == 0.0);
  // Expectancy: only the win term, 2/3 * 75 = 50 (= mean P/L 150 / 3).
  REQUIRE(s.expectancy);
  CHECK_CLOSE(s.expectancy->dollars(), 50.0, 1e-9, 0.0);
  // No downside: Sortino is empty, Sharpe is defined (mean 1/3, sample stdev of 0.5, 0, 0.5 is
  // sqrt((1/36 + 1/9 + 1/36) / 2) = sqrt(1/12)).
  CHECK_FALSE(s.sortino_per_trade);
  CHECK_FALSE(s.sortino_annualized);
  REQUIRE(s.sharpe_per_trade);
  CHECK_CLOSE(*s.sharpe_per_trade, (1.0 / 3.0) / std::sqrt(1.0 / 12.0), 1e-12, 1e-10);
  CHECK(s.worst_trade->dollars() == 0.0);
  CHECK(s.worst_trade_index == std::size_t{1});
  CHECK(s.max_drawdown.dollars() == 0.0);
  CHECK(s.max_drawdown_compounded.fraction() == 0.0);
}

TEST_CASE("Sharpe is empty for one trade and for identical returns, Sortino for no downside") {
  const std::vector<TradeOutcome> one{trade(2024y / March / 1, 2024y / March / 2, -20, 200)};
  const PerformanceSummary a = summarize_performance(one);
  CHECK_FALSE(a.sharpe_per_trade);
  CHECK_FALSE(a.sharpe_annualized);
  // One loss of r = -0.1: downside deviation sqrt(0.01 / 1) = 0.1, Sortino -0.1 / 0.1 = -1.
  REQUIRE(a.sortino_per_trade);
  CHECK_CLOSE(*a.sortino_per_trade, -1.0, 1e-12, 0.0);
  REQUIRE(a.profit_factor);
  CHECK(*a.profit_factor == 0.0);  // no gross profit, one loss

  // r = 0.1 three times, from different sizes: the standard deviation is exactly 0.
  const std::vector<TradeOutcome> same{trade(2024y / March / 1, 2024y / March / 2, 10, 100),
                                       trade(2024y / March / 8, 2024y / March / 9, 30, 300),
                                       trade(2024y / March / 15, 2024y / March / 16, 70, 700)};
  const PerformanceSummary b = summarize_performance(same);
  CHECK_FALSE(b.sharpe_per_trade);
  CHECK_FALSE(b.sharpe_annualized);
  CHECK_FALSE(b.sortino_per_trade);
  CHECK_FALSE(b.profit_factor);
}

TEST_CASE("no trades: zeros and empty optionals, no NaN") {
  const PerformanceSummary s = summarize_performance({});
  CHECK(s.trades == 0);
  CHECK(s.wins + s.losses + s.flat == 0);
  CHECK_FALSE(s.win_rate);
  CHECK(s.total_pnl.dollars() == 0.0);
  CHECK_FALSE(s.avg_pnl);
  CHECK_FALSE(s.median_pnl);
  CHECK(s.total_return_on_risk == 0.0);
  CHECK_FALSE(s.avg_return_on_risk);
  CHECK_FALSE(s.profit_factor);
  CHECK_FALSE(s.avg_win);
  CHECK_FALSE(s.avg_loss);
  CHECK_FALSE(s.expectancy);
  CHECK_FALSE(s.expectancy_per_risk);
  CHECK_FALSE(s.largest_win);
  CHECK_FALSE(s.worst_trade);
  CHECK_FALSE(s.worst_trade_index);
  CHECK_FALSE(s.sharpe_per_trade);
  CHECK_FALSE(s.sharpe_annualized);
  CHECK_FALSE(s.sortino_per_trade);
  CHECK_FALSE(s.sortino_annualized);
  CHECK(s.max_drawdown.dollars() == 0.0);
  CHECK(s.max_drawdown_compounded.fraction() == 0.0);
  CHECK(s.compounded_return.fraction() == 0.0);
  CHECK(s.equity_curve.empty());
  CHECK_FALSE(s.annualization.periods_per_year);
  CHECK(s.annualization.source == AnnualizationSource::unavailable);
  CHECK(s.annualization.explanation == "unavailable: no trades to observe a frequency from");
}

// Drawdowns by brute force: the largest drop from any earlier point (or the start) to any later
// point, over every pair.
struct BruteDrawdown {
  double dollars = 0.0;
  double compounded_fraction = 0.0;
};

BruteDrawdown brute_drawdown(const std::vector<TradeOutcome>& trades, double capital,
                             double risk_fraction) {
  std::vector<double> equity{capital};
  std::vector<double> growth{capital};
  for (const TradeOutcome& t : trades) {
    equity.push_back(equity.back() + t.pnl.dollars());
    growth.push_back(growth.back() * (1.0 + risk_fraction * (t.pnl.dollars() / t.risk.dollars())));
  }
  BruteDrawdown dd;
  for (std::size_t j = 0; j < equity.size(); ++j) {
    for (std::size_t i = 0; i <= j; ++i) {
      dd.dollars = std::max(dd.dollars, equity[i] - equity[j]);
      dd.compounded_fraction =
          std::max(dd.compounded_fraction, (growth[i] - growth[j]) / growth[i]);
    }
  }
  return dd;
}

TEST_CASE("drawdowns match a brute-force computation over 200 random sequences") {
  std::mt19937_64 rng(20240521);
  std::uniform_int_distribution<int> length(1, 60);
  std::uniform_real_distribution<double> risk(50.0, 2'000.0);
  std::uniform_real_distribution<double> ret(-1.0, 1.5);  // pnl never exceeds the risk lost
  std::uniform_int_distribution<int> gap(0, 9);
  for (int k = 0; k < 200; ++k) {
    CAPTURE(k);
    std::vector<TradeOutcome> trades;
    sys_days day = sys_days{2023y / January / 2};
    const int n = length(rng);
    for (int i = 0; i < n; ++i) {
      day += days{gap(rng)};
      const double r = risk(rng);
      trades.push_back(TradeOutcome{year_month_day{day}, year_month_day{day + days{1}},
                                    Money::dollars(ret(rng) * r), Money::dollars(r)});
    }
    const double capital = 10'000.0 + 1'000.0 * k;
    const double fraction = 0.01 + 0.002 * (k % 50);
    const PerformanceSummary s = summarize_performance(
        trades, {.starting_capital = Money::dollars(capital), .risk_fraction = fraction});
    const BruteDrawdown expected = brute_drawdown(trades, capital, fraction);
    CHECK_CLOSE(s.max_drawdown.dollars(), expected.dollars, 1e-9, 1e-12);
    CHECK_CLOSE(s.max_drawdown_compounded.fraction(), expected.compounded_fraction, 1e-12, 1e-10);
  }
}

TEST_CASE("compounding to ruin: equity stays at 0 and the drawdown is 100 %") {
  // Risking all equity (fraction 1) on a trade that loses twice its stated risk: 1 - 2 < 0.
  const std::vector<TradeOutcome> trades{trade(2024y / March / 1, 2024y / March / 2, 100, 100),
                                         trade(2024y / March / 8, 2024y / March / 9, -200, 100),
                                         trade(2024y / March / 15, 2024y / March / 16, 50, 100)};
  const PerformanceSummary s = summarize_performance(trades, {.risk_fraction = 1.0});
  CHECK(s.ruined);
  CHECK(s.equity_curve[0].compounded_equity.dollars() == 200'000.0);
  CHECK(s.equity_curve[1].compounded_equity.dollars() == 0.0);
  CHECK(s.equity_curve[2].compounded_equity.dollars() == 0.0);
  CHECK(s.max_drawdown_compounded.pct() == 100.0);
  CHECK(s.compounded_return.pct() == -100.0);
  // Dollars: 100100, 99900, 99950 -> drawdown 200.
  CHECK_CLOSE(s.max_drawdown.dollars(), 200.0, 1e-9, 0.0);
}

TEST_CASE("annualization: a stated factor, the observed trade span, an observation period") {
  const auto trades = five_trades();
  const double sharpe = -0.02 / std::sqrt(0.953 / 4.0);

  const PerformanceSummary stated = summarize_performance(trades, {.periods_per_year = 52.0});
  CHECK(stated.annualization.source == AnnualizationSource::stated);
  CHECK(stated.annualization.periods_per_year == 52.0);
  CHECK(stated.annualization.explanation == "stated: 52 periods per year");
  REQUIRE(stated.sharpe_annualized);
  CHECK_CLOSE(*stated.sharpe_annualized, sharpe * std::sqrt(52.0), 1e-12, 1e-10);

  // The whole of 2024 (a leap year: 366 days inclusive): 5 * 365.25 / 366 = 4.98975 per year.
  const PerformanceSummary year2024 = summarize_performance(
      trades,
      {.observation_period = ObservationPeriod{2024y / January / 1, 2024y / December / 31}});
  CHECK(year2024.annualization.source == AnnualizationSource::observed_period);
  REQUIRE(year2024.annualization.periods_per_year);
  CHECK_CLOSE(*year2024.annualization.periods_per_year, 5.0 * 365.25 / 366.0, 1e-12, 1e-12);
  CHECK(year2024.annualization.explanation ==
        "observed: 5 trades in the period 2024-01-01 to 2024-12-31 (366 days, 1.0021 years "
        "ACT/365.25) = 4.9898 per year");
  REQUIRE(year2024.sharpe_annualized);
  CHECK_CLOSE(*year2024.sharpe_annualized, sharpe * std::sqrt(5.0 * 365.25 / 366.0), 1e-12, 1e-10);
  // The per-trade ratios do not depend on the annualization.
  CHECK(*year2024.sharpe_per_trade == *stated.sharpe_per_trade);

  // A stated factor is reported even without trades (it is the caller's, not observed).
  const PerformanceSummary none = summarize_performance({}, {.periods_per_year = 12.0});
  CHECK(none.annualization.periods_per_year == 12.0);
  CHECK_FALSE(none.sharpe_annualized);

  // Trades opened and closed on one day span no time: nothing is annualized.
  const std::vector<TradeOutcome> same_day{trade(2024y / May / 2, 2024y / May / 2, 10, 100),
                                           trade(2024y / May / 2, 2024y / May / 2, -5, 100)};
  const PerformanceSummary flat = summarize_performance(same_day);
  CHECK(flat.annualization.source == AnnualizationSource::unavailable);
  CHECK_FALSE(flat.annualization.periods_per_year);
  CHECK(flat.sharpe_per_trade);
  CHECK_FALSE(flat.sharpe_annualized);
  CHECK(flat.sortino_per_trade);
  CHECK_FALSE(flat.sortino_annualized);
  CHECK(flat.annualization.explanation ==
        "unavailable: the 2 trades span 0 days (first entry 2024-05-02 = last exit), no "
        "frequency can be observed");
}

TEST_CASE("the observed span ends at the latest exit, not the last trade's") {
  // The first trade is held longest: span 2024-01-02 to 2024-03-02 = 60 days.
  const std::vector<TradeOutcome> trades{trade(2024y / January / 2, 2024y / March / 2, 10, 100),
                                         trade(2024y / January / 9, 2024y / January / 10, 5, 100)};
  const PerformanceSummary s = summarize_performance(trades);
  REQUIRE(s.annualization.periods_per_year);
  CHECK_CLOSE(*s.annualization.periods_per_year, 2.0 * 365.25 / 60.0, 1e-12, 1e-12);
}

TEST_CASE("bad trades are rejected naming the field, the index and the value") {
  const auto base = five_trades();
  auto with = [&](std::size_t i, auto change) {
    auto t = base;
    change(t[i]);
    return t;
  };
  CHECK_THROWS_WITH_AS(
      (void)summarize_performance(with(2, [](TradeOutcome& t) { t.risk = Money::zero(); })),
      "trades[2].risk = 0: must be positive and finite", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)summarize_performance(with(0, [](TradeOutcome& t) { t.risk = Money::dollars(-5); })),
      "trades[0].risk = -5: must be positive and finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(
                           with(3, [](TradeOutcome& t) { t.risk = Money::dollars(1e308) * 10.0; })),
                       "trades[3].risk = inf: must be positive and finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(
                           with(4, [](TradeOutcome& t) { t.pnl = Money::dollars(-1e308) * 10.0; })),
                       "trades[4].pnl = -inf: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(with(1,
                                                        [](TradeOutcome& t) {
                                                          t.pnl = Money::dollars(1e300);
                                                          t.risk = Money::dollars(1e-300);
                                                        })),
                       "trades[1].pnl / risk = inf: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(
                           with(1, [](TradeOutcome& t) { t.exit_date = 2024y / February / 4; })),
                       "trades[1].exit_date = 2024-02-04: is before its entry_date 2024-02-05",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)summarize_performance(with(3,
                                       [](TradeOutcome& t) {
                                         t.entry_date = 2024y / March / 1;
                                         t.exit_date = 2024y / March / 2;
                                       })),
      "trades[3].entry_date = 2024-03-01: is before trades[2].entry_date 2024-03-11 (trades must "
      "be in chronological order)",
      InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(
                           with(0, [](TradeOutcome& t) { t.entry_date = 2023y / February / 29; })),
                       "trades[0].entry_date = 2023-02-29: is not a valid calendar date",
                       InvalidInput);
  // The same entry date twice is chronological.
  CHECK_NOTHROW((void)summarize_performance(
      with(1, [](TradeOutcome& t) { t.entry_date = 2024y / January / 2; })));
}

TEST_CASE("bad options are rejected") {
  const auto trades = five_trades();
  CHECK_THROWS_WITH_AS((void)summarize_performance(trades, {.starting_capital = Money::zero()}),
                       "starting_capital = 0: must be positive and finite", InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(trades, {.risk_fraction = 0.0}),
                       "risk_fraction = 0: must be in (0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(trades, {.risk_fraction = 1.5}),
                       "risk_fraction = 1.5: must be in (0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)summarize_performance(trades, {.periods_per_year = -4.0}),
                       "periods_per_year = -4: must be positive and finite", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)summarize_performance(
          trades, {.observation_period = ObservationPeriod{2024y / May / 1, 2024y / April / 30}}),
      "observation_period.last = 2024-04-30: is before observation_period.first 2024-05-01",
      InvalidInput);
}

}  // namespace
