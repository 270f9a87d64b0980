// The payoff chart SVG: well formed, the expected elements, deterministic, escaped text.
#include "ivcrush/io/payoff_svg.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <vector>

#include "support/xml_check.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
using ivcrush::test::count;
using ivcrush::test::xml_problem;

Leg opt(OptionRight r, const char* k, Side side, double premium) {
  return Leg::option({.right = r,
                      .strike = Strike::parse(k),
                      .expiration = 2025y / October / 17,
                      .side = side,
                      .quantity = 1,
                      .premium = Money::dollars(premium)});
}

const auto condor =
    Strategy::make(Symbol::parse("JPM"), {opt(OptionRight::put, "285", Side::buy, 0.55),
                                          opt(OptionRight::put, "290", Side::sell, 1.10),
                                          opt(OptionRight::call, "310", Side::sell, 1.30),
                                          opt(OptionRight::call, "315", Side::buy, 0.60)});

TEST_CASE("a condor's chart has its curve, breakevens, spot, band and past moves") {
  const auto p = PayoffProfile::at_expiration(condor);
  const std::vector<Percentage> moves{Percentage::from_pct(-6.47), Percentage::from_pct(1.97),
                                      Percentage::from_pct(4.44), Percentage::from_pct(-80.0)};
  const std::vector<PricePnl> today{{280, -300}, {300, 40}, {320, -300}};
  const PayoffChart chart{.title = "JPM <iron condor> & \"friends\"",
                          .spot = Price::dollars(300.0),
                          .implied_move = Percentage::from_pct(3.9),
                          .historical_moves = moves,
                          .today_curve = today};
  const auto svg = render_payoff_svg(p, chart);
  CHECK(xml_problem(svg) == "");
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(count(svg, "class=\"expiry\"") == 1);
  CHECK(count(svg, "class=\"today\"") == 1);
  CHECK(count(svg, "class=\"be\"") == 2);
  CHECK(count(svg, "class=\"spot\"") == 1);
  CHECK(count(svg, "class=\"band\"") == 1);
  CHECK(count(svg, "class=\"move\"") == 3);  // the -80 % move falls outside the chart
  CHECK(count(svg, "<title>breakeven 288.75</title>") == 1);
  CHECK(count(svg, "<title>breakeven 311.25</title>") == 1);
  CHECK(count(svg, "JPM &lt;iron condor&gt; &amp; &quot;friends&quot;") == 2);
  // The expiration curve: both ends plus the four strikes.
  const auto begin = svg.find("class=\"expiry\" fill=\"none\" points=\"");
  REQUIRE(begin != std::string::npos);
  const auto points = svg.substr(begin, svg.find("\"/>", begin) - begin);
  CHECK(count(points, ",") == 6);
  CHECK(render_payoff_svg(p, chart) == svg);  // deterministic
}

TEST_CASE("chart inputs are validated") {
  const auto p = PayoffProfile::at_expiration(condor);
  CHECK_THROWS_WITH_AS((void)render_payoff_svg(p, {.spot = Price::dollars(0.0)}),
                       "spot = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)render_payoff_svg(p, {.spot = Price::dollars(300.0), .width_px = 100}),
                       "chart size = 100x420: must be at least 200x200 px", InvalidInput);
}

TEST_CASE("the XML check itself rejects broken documents") {
  CHECK(xml_problem("<a><b></a>") != "");
  CHECK(xml_problem("<a x=1/>") != "");
  CHECK(xml_problem("<a>&nbsp;</a>") != "");
  CHECK(xml_problem("<a><b/></a>") == "");
}

}  // namespace
