// The bundled data directory loaded as one indexed dataset.
#include "ivcrush/io/earnings_dataset.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/earnings/consistency.hpp"
#include "support/check_close.hpp"

using namespace ivcrush;
using namespace std::chrono;

TEST_CASE("the bundled data loads as a dataset indexed by ticker") {
  const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
  CHECK(d.rejects.empty());
  CHECK(d.calendar.size() == 4244);
  CHECK(d.reactions.size() == 1997);
  CHECK(d.observations.size() == 26);

  const Symbol cien = Symbol::parse("CIEN");
  CHECK(d.reactions_of(cien).size() == 12);
  const ReactionHistory before = d.history_before(cien, 2025y / June / 5);
  REQUIRE(before.size() == 10);  // 2025-03-11 .. 2022-12-08, newest first
  CHECK(before[0].event.date == 2025y / March / 11);
  CHECK(before[9].event.date == 2022y / December / 8);
  const ReactionHistory last4 = d.history_before(cien, 2025y / June / 5, 4);
  REQUIRE(last4.size() == 4);
  CHECK(last4[0].event.date == 2025y / March / 11);
  CHECK(last4[3].event.date == 2024y / June / 6);
  CHECK(d.history_before(cien, 2022y / December / 8).empty());  // strictly before

  const HistoricalMove* r = d.reaction(cien, 2025y / September / 4);
  REQUIRE(r != nullptr);
  // reference 94.82, reaction close 116.919998: +23.307318 % in the file.
  CHECK_CLOSE(r->close_move.pct(), 23.307318, 1e-6, 0.0);
  CHECK(d.reaction(cien, 2025y / September / 5) == nullptr);

  const ImpliedMoveObservation* o = d.latest_observation(cien);
  REQUIRE(o != nullptr);
  CHECK(o->earnings_date == 2025y / December / 11);
  REQUIRE(o->implied_move.has_value());
  CHECK_CLOSE(o->implied_move->pct(), 14.178772, 1e-9, 0.0);
  CHECK(d.latest_observation(Symbol::parse("ZZZZ")) == nullptr);

  CHECK(d.timing(cien, 2025y / December / 11) == EarningsTiming::after_close);
  CHECK_FALSE(d.timing(cien, 2025y / December / 12).has_value());
  const auto symbols = d.observed_symbols();
  CHECK(symbols.size() == 22);  // 26 observations of 22 tickers
  CHECK(std::is_sorted(symbols.begin(), symbols.end()));
}

TEST_CASE("a missing dataset file is named") {
  CHECK_THROWS_WITH_AS((void)io::load_earnings_dataset(std::string(IVCRUSH_DATA_DIR) + "/nowhere"),
                       doctest::Contains("earnings_calendar.csv"), InvalidInput);
}

TEST_CASE("a dataset filled by hand is sorted by sort_tables(), unsorted lookups throw") {
  const auto mk = [](year_month_day day, double close) {
    return to_historical_move({{Symbol::parse("TST"), day, EarningsTiming::before_open},
                               Price::dollars(100.0),
                               DailyBar::make(day, Price::dollars(100.0), Price::dollars(110.0),
                                              Price::dollars(90.0), Price::dollars(close))});
  };
  io::EarningsDataset d;
  d.reactions = {mk(2024y / January / 25, 101), mk(2024y / April / 25, 102)};  // oldest first
  CHECK_THROWS_WITH_AS((void)d.history_before(Symbol::parse("TST"), 2025y / January / 1),
                       "history[1].earnings_date = 2024-04-25: is newer than history[0] "
                       "(2024-01-25): a reaction history is newest first",
                       InvalidInput);
  d.sort_tables();
  const ReactionHistory h = d.history_before(Symbol::parse("TST"), 2025y / January / 1);
  REQUIRE(h.size() == 2);
  CHECK(h[0].event.date == 2024y / April / 25);
}

// Issue 16: history_before returned CIEN's reactions oldest first and the consistency analyzer
// read them newest first: weighted mean 10.39 %, trend -0.16 pt/quarter, score 22.2 were printed.
// The expected values are computed here from the raw CSV rows (not through the library's reader
// or statistics): |close_move_pct| of the 12 CIEN rows before 2025-12-11, weights 0.85^i with
// i = 0 the newest, the OLS slope of the magnitudes oldest first against 0..11. Checked once by
// hand in exact rational arithmetic (python3 fractions over the same rows): weighted mean
// 11.018240388 %, sample std about it 8.134172573 %, score 26.175393831, slope +0.155788308.
TEST_CASE("CIEN 2025-12-11: consistency on the real reactions, newest first (issue 16)") {
  std::ifstream file(std::string(IVCRUSH_DATA_DIR) + "/earnings_reactions.csv");
  REQUIRE(file.good());
  std::string line;
  std::getline(file, line);  // header: ticker,earnings_date,...,close_move_pct (11th column)
  std::vector<std::pair<std::string, double>> rows;  // (date, |close move| %), file order
  while (std::getline(file, line)) {
    if (!line.starts_with("CIEN,")) continue;
    std::vector<std::string> cells;
    std::stringstream cell(line);
    for (std::string c; cells.size() < 11 && std::getline(cell, c, ',');) cells.push_back(c);
    REQUIRE(cells.size() == 11);
    if (cells[1] < "2025-12-11") rows.emplace_back(cells[1], std::fabs(std::stod(cells[10])));
  }
  std::sort(rows.begin(), rows.end());  // ISO dates: oldest first
  REQUIRE(rows.size() == 12);
  const std::size_t n = rows.size();

  double wsum = 0.0, wx = 0.0, w = 1.0;
  for (std::size_t k = 0; k < n; ++k, w *= 0.85) {  // newest first: the last row has weight 1
    wsum += w;
    wx += w * rows[n - 1 - k].second;
  }
  const double wmean = wx / wsum;
  double ss = 0.0, mean_y = 0.0, sxy = 0.0, sxx = 0.0;
  for (const auto& r : rows) {
    ss += (r.second - wmean) * (r.second - wmean);
    mean_y += r.second / static_cast<double>(n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i) - static_cast<double>(n - 1) / 2.0;
    sxy += x * (rows[i].second - mean_y);
    sxx += x * x;
  }
  const double slope = sxy / sxx;
  const double score = 100.0 * (1.0 - std::sqrt(ss / static_cast<double>(n - 1)) / wmean);
  // The test's own arithmetic against the hand values above.
  CHECK_CLOSE(wmean, 11.018240388, 1e-8, 0.0);
  CHECK_CLOSE(slope, 0.155788308, 1e-8, 0.0);
  CHECK_CLOSE(score, 26.175393831, 1e-7, 0.0);

  const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
  const ReactionHistory h =
      d.history_before(Symbol::parse("CIEN"), 2025y / December / 11, default_history_window);
  REQUIRE(h.size() == 12);
  const ConsistencyAnalysis c = analyze_consistency(h, MoveMetric::close);
  REQUIRE(c.ok());
  // The library's moves come from the prices (the file's % columns carry 6 decimals): 1e-5.
  CHECK_CLOSE(c.weighted_mean.pct(), wmean, 1e-5, 0.0);
  CHECK_CLOSE(c.trend_slope_pct_per_quarter, slope, 1e-5, 0.0);
  CHECK_CLOSE(c.consistency_score, score, 1e-4, 0.0);
  CHECK(c.trend == MoveTrend::stable);  // |+0.156| < 0.5
  // The reversed reading this replaces: 10.39 %, -0.16, 22.2.
  CHECK(c.trend_slope_pct_per_quarter > 0.0);
  CHECK(c.weighted_mean.pct() > 11.0);
}
