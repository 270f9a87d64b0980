// io/earnings_format.hpp: the printed forms of the earnings analytics' enums and records.
#include "ivcrush/io/earnings_format.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <vector>

namespace {

using namespace ivcrush;
using namespace std::chrono;

Price usd(double x) { return Price::dollars(x); }

TEST_CASE("earnings format: enums print their wire names") {
  CHECK(fmt::format("{}", MoveMetric::intraday) == "intraday");
  CHECK(fmt::format("{}", MoveStatus::missing_reaction_bar) == "missing_reaction_bar");
  CHECK(fmt::format("{}", Recommendation::excellent) == "excellent");
  CHECK(fmt::format("{}", ThresholdProfile::conservative) == "CONSERVATIVE");
  CHECK(fmt::format("{}", TailRiskLevel::high) == "HIGH");
  CHECK(fmt::format("{}", VrpStatus::insufficient_history) == "insufficient_history");
  CHECK(fmt::format("{}", MoveTrend::decreasing) == "decreasing");
  CHECK(fmt::format("{}", ConsistencyStatus::ok) == "ok");
  CHECK(fmt::format("{}", VixRegime::elevated_high) == "elevated_high");
  CHECK(fmt::format("{}", VixTrend::mean_reverting_down) == "mean_reverting_down");
  CHECK(fmt::format("{:>10}", Recommendation::good) == "      good");  // width works
  CHECK(fmt::format("{}", Vix::from_points(22.5)) == "22.50");
  CHECK(fmt::format("{:.1}", Vix::from_points(22.25)) == "22.2");  // half-even
}

TEST_CASE("earnings format: moves and measurements") {
  // data/earnings_moves.csv, JPM 2024-04-12 BMO.
  const AnnouncementBars jpm{
      {Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open},
      usd(189.164871),
      std::nullopt,
      DailyBar::make(2024y / April / 12, usd(182.282832), usd(182.873262), usd(176.688114),
                     usd(176.930099)),
      std::nullopt};
  CHECK(fmt::format("{}", measure_move(jpm)) ==
        "JPM 2024-04-12 BMO: reaction 2024-04-12 vs $189.16, gap -3.64%, close -6.47%, range "
        "3.27%");
  auto unknown = jpm;
  unknown.event.timing = EarningsTiming::unknown;
  unknown.next_day = DailyBar::make(2024y / April / 15, usd(177.5), usd(179), usd(176), usd(178));
  CHECK(fmt::format("{}", *measure_move(unknown).move) ==
        "JPM 2024-04-12 UNKNOWN (inferred BMO): reaction 2024-04-12 vs $189.16, gap -3.64%, "
        "close -6.47%, range 3.27%");
  auto amc = jpm;
  amc.event.timing = EarningsTiming::after_close;
  CHECK(fmt::format("{}", measure_move(amc)) ==
        "unusable (missing_reaction_bar): JPM 2024-04-12 AMC: the announcement-day bar is the "
        "session before the news; the reaction needs the next session's bar");
}

TEST_CASE("earnings format: VRP and consistency and market conditions") {
  std::vector<Percentage> moves;
  for (const double x : {4.0, 5.0, 6.0, 9.0}) moves.push_back(Percentage::from_pct(x));
  CHECK(fmt::format("{}", analyze_vrp(Percentage::from_pct(12), moves)) ==
        "VRP 2.00x (implied 12.00% / mean 6.00%), median 5.50% (2.18x), edge 1.69, excellent; "
        "tail risk 1.50 NORMAL");
  const std::vector<Percentage> three(moves.begin(), moves.begin() + 3);
  CHECK(fmt::format("{}", analyze_vrp(Percentage::from_pct(12), three)) ==
        "VRP insufficient_history: need 4+ historical moves, got 3");

  std::vector<Percentage> c;
  for (const double x : {8.0, 8.0, 8.0, 8.0, 4.0, 4.0, 4.0, 4.0}) {
    c.push_back(Percentage::from_pct(x));
  }
  CHECK(fmt::format("{}", analyze_consistency(NewestFirstMoves(c))) ==
        "consistency 66.19/100 (weighted mean 6.63%, std 2.24%), trend increasing (+0.76 "
        "pct/quarter), trust 0.31, recent bias 20.70%");
  CHECK(fmt::format("{}", analyze_consistency(NewestFirstMoves(three))) ==
        "consistency insufficient_history: need 4+ historical moves, got 3");

  CHECK(fmt::format("{}", assess_market_conditions(Vix::from_points(28))) ==
        "VIX 28.00 elevated (score 60.0, stable): size x0.75, trade");
  CHECK(fmt::format("{}", assess_market_conditions(Vix::from_points(45))) ==
        "VIX 45.00 extreme (score 100.0, mean_reverting_down): size x0.25, do not trade");
}

}  // namespace
