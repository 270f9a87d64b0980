// JSON codecs of the chain analytics (io/json/analytics.hpp) and of ScoreBreakdown
// (io/json/scoring.hpp): round trips of values the library computes on generated chains, wire
// forms and derived numbers checked against hand computations, and every cross-field check
// made to fire on a tampered document.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <ivcrush/io/json.hpp>
#include <numbers>
#include <string>
#include <vector>

#include "chain/bsm_chain.hpp"
#include "chain/chain_fixtures.hpp"
#include "json/json_support.hpp"
#include "support/check_close.hpp"

using namespace ivcrush;
using namespace ivcrush::test;
using namespace std::chrono;
using ivcrush::json::JsonError;

namespace {

template <class T>
T read(const nlohmann::json& j) {
  return ivcrush::json::from_value<T>(j, ivcrush::json::Path::root("data"));
}

const auto kE1 = 2024y / May / 13;
const auto kE2 = 2024y / May / 20;
const auto kE3 = 2024y / May / 27;

double days(year_month_day e) {
  return static_cast<double>((sys_days{e} - sys_days{2024y / May / 10}).count());
}

// Base 30 %, an event of one-day σ 6 % in every expiration (all after the event): as in
// tests/earnings/term_structure_test.cpp.
BsmChainSpec event_spec() {
  BsmChainSpec s;
  s.spot = 100.0;
  s.expirations = {kE1, kE2, kE3};
  s.strikes = strike_range(80.0, 120.0, 2.5);
  s.rate = 0.04;
  s.dividend_yield = 0.01;
  s.half_spread = 0.02;
  s.vol = [](year_month_day e, double k, OptionRight right) {
    const double t = days(e) / 365.0;
    const double w = 0.30 * 0.30 * t + 0.06 * 0.06;
    // A put skew (puts richer below the spot) so the skew fit has something to find.
    const double skew = right == OptionRight::put ? 0.002 * (100.0 - k) : 0.0;
    return std::sqrt(w / t) + skew;
  };
  return s;
}

struct Fixture {
  BsmChainSpec spec = event_spec();
  OptionChain chain = [this] {
    auto built = bsm_chain(spec);
    REQUIRE(built.rejects.empty());
    return std::move(built.chain);
  }();
  ChainGreeks greeks{chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield}};
};

OptionQuote quote(double bid, double ask, std::int64_t oi, std::int64_t volume) {
  OptionQuote q;
  q.bid = Money::dollars(bid);
  q.ask = Money::dollars(ask);
  q.open_interest = oi;
  q.volume = volume;
  return q;
}

}  // namespace

TEST_CASE("analytics enums travel as their to_string names, and only those are read") {
  using ivcrush::json::to_value;
  CHECK(to_value(ImpliedMoveMethod::interpolated_straddle) == "interpolated_straddle");
  CHECK(to_value(ImpliedMoveStatus::missing_upper_bracket) == "missing_upper_bracket");
  CHECK(to_value(StraddleBracket::lower_only) == "lower_only");
  CHECK(to_value(DirectionalBias::strong_bearish) == "strong_bearish");
  CHECK(to_value(SmileShape::inverse_smile) == "inverse_smile");
  CHECK(to_value(SkewStatus::insufficient_points) == "insufficient_points");
  CHECK(to_value(ForwardVarianceStatus::calendar_arbitrage) == "calendar_arbitrage");
  CHECK(to_value(TermShape::backwardation) == "backwardation");
  CHECK(to_value(EventMoveStatus::negative_event_variance) == "negative_event_variance");
  CHECK(to_value(LiquidityTier::excellent) == "EXCELLENT");
  CHECK(to_value(LiquidityFactor::open_interest) == "open_interest");
  CHECK(read<LiquidityFactor>("quote") == LiquidityFactor::quote);
  CHECK(read<DirectionalBias>("weak_bullish") == DirectionalBias::weak_bullish);
  CHECK_THROWS_WITH_AS(read<LiquidityTier>("excellent"),
                       "data = \"excellent\": must be one of REJECT, WARNING, UNKNOWN, GOOD, "
                       "EXCELLENT",
                       JsonError);
  CHECK(read<LiquidityTier>("UNKNOWN") == LiquidityTier::unknown);
  CHECK(to_value(ImpliedMoveStatus::unknown_open_interest) == "unknown_open_interest");
  CHECK_THROWS_WITH_AS(read<LiquidityFactor>("oi"),
                       "data = \"oi\": must be one of open_interest, volume, spread, quote",
                       JsonError);
  CHECK_THROWS_WITH_AS(read<TermShape>(1), "data = 1: expected a string", JsonError);
}

TEST_CASE("implied moves round-trip and the move and bounds are re-checked") {
  Fixture f;
  const Expiration e = Expiration::from_date(kE1);
  const ImpliedMove atm = atm_straddle_move(f.greeks, e);
  REQUIRE(atm.ok());
  const ImpliedMove atm2 = json_round_trip(atm);
  CHECK(ivcrush::json::to_value(atm2) == ivcrush::json::to_value(atm));
  CHECK(atm2.atm_strike == Strike::parse("100"));
  const nlohmann::json j = ivcrush::json::to_value(atm);
  CHECK(j["method"] == "atm_straddle");
  CHECK(j["expiration"] == "2024-05-13");
  CHECK(j["atm_strike"] == "100");
  CHECK(j["upper_strike"].is_null());
  // Hand computation from the chain's own ATM quotes: (mid call + mid put) / spot.
  const auto view = f.chain.expiration(e);
  REQUIRE(view.has_value());
  const double straddle = mid(*view->call(Strike::parse("100"))).dollars() +
                          mid(*view->put(Strike::parse("100"))).dollars();
  CHECK_CLOSE(j["straddle"].get<double>(), straddle, 1e-12, 0.0);
  CHECK_CLOSE(j["move"].get<double>(), straddle / 100.0, 1e-14, 0.0);
  CHECK_CLOSE(j["upper_bound"].get<double>(), 100.0 + straddle, 1e-12, 0.0);
  CHECK_CLOSE(j["lower_bound"].get<double>(), 100.0 - straddle, 1e-12, 0.0);

  const ImpliedMove em = expected_move(f.greeks, e);
  REQUIRE(em.ok());
  json_round_trip(em);
  CHECK_CLOSE(ivcrush::json::to_value(em)["move"].get<double>(), 0.85 * straddle / 100.0, 1e-14,
              0.0);

  // A non-ok move round-trips too (nothing to recompute).
  const ImpliedMove missing = atm_straddle_move(f.chain, Expiration::from_date(2024y / June / 21));
  REQUIRE(missing.status == ImpliedMoveStatus::no_expiration);
  CHECK(ivcrush::json::to_value(json_round_trip(missing)) == ivcrush::json::to_value(missing));

  nlohmann::json bad = j;
  bad["move"] = 0.5;
  CHECK_THROWS_WITH_AS(read<ImpliedMove>(bad),
                       doctest::Contains("data.move = 0.5: is not what the straddle and spot give"),
                       JsonError);
  bad = j;
  bad["lower_bound"] = 90.0;
  CHECK_THROWS_WITH_AS(read<ImpliedMove>(bad), doctest::Contains("data.lower_bound = 90.0: "),
                       JsonError);
  bad = j;
  bad["bracket"] = "interpolated";
  CHECK_THROWS_WITH_AS(
      read<ImpliedMove>(bad),
      "data.bracket = \"interpolated\": is only for an ok interpolated_straddle move", JsonError);
  bad = j;
  bad["atm_strike"] = nullptr;
  CHECK_THROWS_WITH_AS(read<ImpliedMove>(bad), "data.atm_strike: is null but the status is ok",
                       JsonError);
  bad = j;
  bad["upper_strike"] = "105";
  CHECK_THROWS_WITH_AS(read<ImpliedMove>(bad),
                       "data.upper_strike = \"105\": is only for an interpolated_straddle move",
                       JsonError);
  bad = j;
  bad.erase("avg_iv");
  CHECK_THROWS_WITH_AS(read<ImpliedMove>(bad), "data.avg_iv: is missing (every field is required)",
                       JsonError);
  bad = j;
  bad["status"] = "OK";
  CHECK_THROWS_WITH_AS(read<ImpliedMove>(bad), doctest::Contains("data.status = \"OK\": must be"),
                       JsonError);
}

TEST_CASE("an interpolated move round-trips with its bracket and weight") {
  BsmChainSpec s = event_spec();
  s.spot = 101.0;  // between the 100 and 102.5 strikes: w = 1/2.5 = 0.4
  auto built = bsm_chain(s);
  REQUIRE(built.rejects.empty());
  const ChainGreeks g(built.chain, {.rate = s.rate, .dividend_yield = s.dividend_yield});
  const ImpliedMove m = interpolated_straddle_move(g, Expiration::from_date(kE1));
  REQUIRE(m.ok());
  REQUIRE(m.bracket == StraddleBracket::interpolated);
  const ImpliedMove back = json_round_trip(m);
  CHECK(back.upper_strike == Strike::parse("102.5"));
  CHECK_CLOSE(back.upper_weight, 0.4, 1e-12, 0.0);
  CHECK(back.straddle == m.straddle);
  CHECK(back.avg_iv == m.avg_iv);
}

TEST_CASE("skew analyses round-trip and points must ascend by strike") {
  Fixture f;
  const SkewAnalysis s = analyze_skew(f.greeks, Expiration::from_date(kE2));
  REQUIRE(s.ok());
  REQUIRE(s.num_points() >= 5);
  const SkewAnalysis back = json_round_trip(s);
  REQUIRE(back.points.size() == s.points.size());
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    CHECK(back.points[i].strike == s.points[i].strike);
    CHECK(back.points[i].moneyness == s.points[i].moneyness);
    CHECK(back.points[i].put_minus_call_points == s.points[i].put_minus_call_points);
  }
  CHECK(back.slope_atm_points == s.slope_atm_points);
  CHECK(back.bias == s.bias);
  const nlohmann::json j = ivcrush::json::to_value(s);
  // Moneyness by hand: (K - S)/S with S = 100.
  const double k0 = std::stod(j["points"][0]["strike"].get<std::string>());
  CHECK_CLOSE(j["points"][0]["moneyness"].get<double>(), (k0 - 100.0) / 100.0, 1e-15, 0.0);
  // The generated skew is 0.2 vol points per $ below the strike 100 on puts only; the
  // put-minus-call difference at K is 0.2·(100 - K) points, up to the IV solver's accuracy.
  CHECK_CLOSE(j["points"][0]["put_minus_call_points"].get<double>(), 0.2 * (100.0 - k0), 1e-4, 0.0);

  nlohmann::json bad = j;
  std::swap(bad["points"][0], bad["points"][1]);
  CHECK_THROWS_WITH_AS(read<SkewAnalysis>(bad),
                       doctest::Contains("is not above the previous point's strike"), JsonError);
  bad = j;
  bad["points"][2]["extra"] = 1;
  CHECK_THROWS_WITH_AS(read<SkewAnalysis>(bad), "data.points[2].extra = 1: unknown field",
                       JsonError);
  bad = j;
  bad["points"] = nlohmann::json::object();
  CHECK_THROWS_WITH_AS(read<SkewAnalysis>(bad), "data.points = {...}: expected an array",
                       JsonError);
  bad = j;
  bad["bias"] = "sideways";
  CHECK_THROWS_AS(read<SkewAnalysis>(bad), JsonError);
}

TEST_CASE("term structures and event moves round-trip and are re-checked") {
  Fixture f;
  const TermStructure ts = analyze_term_structure(f.greeks);
  REQUIRE(ts.points.size() == 3);
  const TermStructure back = json_round_trip(ts);
  REQUIRE(back.points.size() == 3);
  REQUIRE(back.forwards.size() == ts.forwards.size());
  CHECK(back.shape == TermShape::backwardation);
  CHECK(back.find(Expiration::from_date(kE2)) != nullptr);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(back.points[i].atm_iv == ts.points[i].atm_iv);
    CHECK(back.points[i].time == ts.points[i].time);
  }
  const nlohmann::json j = ivcrush::json::to_value(ts);
  CHECK(j["points"][0]["expiration"] == "2024-05-13");
  // Forward variance between the first two: the generated base rate 0.09 (the event cancels),
  // up to the IV solver's accuracy.
  CHECK_CLOSE(j["forwards"][0]["variance_per_year"].get<double>(), 0.09, 1e-6, 0.0);
  CHECK(j["forwards"][0]["status"] == "ok");

  const EventMove em = implied_event_move(ts, Expiration::from_date(kE1));
  REQUIRE(em.ok());
  const EventMove em2 = json_round_trip(em);
  CHECK(em2.event_sigma == em.event_sigma);
  const nlohmann::json ej = ivcrush::json::to_value(em);
  CHECK_CLOSE(ej["event_sigma"].get<double>(), 0.06, 1e-6, 0.0);
  CHECK_CLOSE(ej["expected_absolute_move"].get<double>(), std::sqrt(2.0 / std::numbers::pi) * 0.06,
              1e-6, 0.0);
  CHECK_CLOSE(ej["base_volatility"].get<double>(), 0.30, 1e-6, 0.0);
  const EventMove none = implied_event_move(ts, Expiration::from_date(2024y / June / 21));
  CHECK(ivcrush::json::to_value(json_round_trip(none)) == ivcrush::json::to_value(none));

  nlohmann::json bad = j;
  std::swap(bad["points"][1], bad["points"][2]);
  CHECK_THROWS_WITH_AS(read<TermStructure>(bad),
                       "data.points[2].expiration = \"2024-05-20\": is not after the previous "
                       "point's (points ascend by expiration)",
                       JsonError);
  bad = j;
  bad["shape"] = "undetermined";
  CHECK_THROWS_WITH_AS(read<TermStructure>(bad),
                       "data.shape = \"undetermined\": is undetermined but there is a slope",
                       JsonError);
  bad = j;
  bad["forwards"][0]["status"] = "calendar_arbitrage";
  CHECK_THROWS_WITH_AS(read<TermStructure>(bad),
                       doctest::Contains("is not negative but the status is calendar_arbitrage"),
                       JsonError);
  bad = j;
  bad["forwards"][0]["to"] = "2024-05-13";
  CHECK_THROWS_WITH_AS(read<TermStructure>(bad),
                       "data.forwards[0].to = \"2024-05-13\": is not after from", JsonError);
  bad = j;
  bad["points"][0]["atm_iv"] = -0.1;
  CHECK_THROWS_WITH_AS(read<TermStructure>(bad), doctest::Contains("data.points[0].atm_iv: "),
                       JsonError);

  nlohmann::json ebad = ej;
  ebad["expected_absolute_move"] = ej["event_sigma"];
  CHECK_THROWS_WITH_AS(read<EventMove>(ebad),
                       doctest::Contains("is not sqrt(2/pi) times event_sigma"), JsonError);
  ebad = ej;
  ebad["event_total_variance"] = 0.01;
  CHECK_THROWS_WITH_AS(read<EventMove>(ebad),
                       doctest::Contains("is not the square root of event_total_variance (0.1)"),
                       JsonError);
  ebad = ej;
  ebad["base_volatility"] = nullptr;
  CHECK_THROWS_WITH_AS(read<EventMove>(ebad), "data.base_volatility: is null but the status is ok",
                       JsonError);
  ebad = ej;
  ebad["status"] = "negative_event_variance";
  CHECK_THROWS_WITH_AS(read<EventMove>(ebad),
                       "data.event_sigma: is present but the status is not ok", JsonError);
}

TEST_CASE("liquidity assessments round-trip with their reasons, labels and text checked") {
  const auto th = LiquidityThresholds::scorer_four_tier();
  const OptionQuote call = quote(2.0, 2.1, 500, 100);
  const OptionQuote put = quote(2.0, 2.3, 60, 100);  // OI warning (60 < 100)
  const Straddle s{Expiration::from_date(2024y / May / 17), Strike::parse("100"), &call, &put};
  const LiquidityAssessment a = assess_liquidity(s, th);
  REQUIRE(a.reasons.size() == 1);
  const nlohmann::json j = ivcrush::json::to_value(a);
  CHECK(ivcrush::json::dump(j["reasons"][0]) ==
        R"({"factor":"open_interest","leg":"put","limit":100.0,"limit_inclusive":true,)"
        R"("text":"put: OI 60 < 100","tier":"WARNING","unknown":false,"value":60.0})");
  CHECK(j["tier"] == "WARNING");
  // Spread by hand, the scorer's formula: (2.3 - 2.0) / 2.15 of the worse leg (the put).
  CHECK_CLOSE(j["spread"].get<double>(), 0.3 / 2.15, 1e-12, 0.0);
  const LiquidityAssessment back = json_round_trip(a);
  CHECK(back.tier == a.tier);
  CHECK(back.reasons.size() == 1);
  CHECK(back.reasons[0].leg == "put");
  CHECK(to_string(back.reasons[0]) == "put: OI 60 < 100");

  const auto dth = LiquidityThresholds::domain_three_tier();
  const LiquidityAssessment rejected = assess_liquidity(quote(0.0, 0.1, 5, 0), dth);
  REQUIRE(rejected.reasons.size() == 3);
  const LiquidityAssessment rejected2 = json_round_trip(rejected);
  CHECK(to_string(rejected2.reasons[2]) == "No valid quotes (bid $0.00, ask $0.10)");
  CHECK(!rejected2.quote_ok);

  // An unknown open interest (issue 16): the UNKNOWN tier, the flags and the reason's text.
  OptionQuote no_oi = quote(2.0, 2.1, 0, 100);
  no_oi.open_interest.reset();
  const LiquidityAssessment unknown =
      assess_liquidity(no_oi, th, LiquidityPolicy::unknown_is_acceptable);
  const nlohmann::json uj = ivcrush::json::to_value(unknown);
  CHECK(uj["tier"] == "UNKNOWN");
  CHECK(uj["open_interest_known"] == false);
  CHECK(uj["reasons"][0]["text"] == "OI unknown (no open interest in the data)");
  const LiquidityAssessment unknown2 = json_round_trip(unknown);
  CHECK(unknown2.tier == LiquidityTier::unknown);
  CHECK_FALSE(unknown2.open_interest_known);
  CHECK(unknown2.volume_known);
  REQUIRE(unknown2.reasons.size() == 1);
  CHECK(unknown2.reasons[0].unknown);
  const LiquidityAssessment zero2 =
      json_round_trip(assess_liquidity(no_oi, th, LiquidityPolicy::unknown_is_zero));
  CHECK(to_string(zero2.reasons[0]) == "OI unknown, counted as 0 < 50");

  // A caller's label is written but cannot be read back into a string_view.
  const LiquidityAssessment labelled = combine_legs(rejected, "Short leg", a, "Long leg");
  const nlohmann::json lj = ivcrush::json::to_value(labelled);
  CHECK(lj["reasons"][0]["text"] == "Short leg: OI 5 < 10");
  CHECK_THROWS_WITH_AS(read<LiquidityAssessment>(lj),
                       doctest::Contains("data.reasons[0].leg = \"Short leg\": cannot be read "
                                         "back"),
                       JsonError);

  nlohmann::json bad = j;
  bad["reasons"][0]["text"] = "put: OI 61 < 100";
  CHECK_THROWS_WITH_AS(read<LiquidityAssessment>(bad),
                       "data.reasons[0].text = \"put: OI 61 < 100\": is not the text of the "
                       "reason's fields (\"put: OI 60 < 100\")",
                       JsonError);
  bad = j;
  bad["tier"] = "EXCELLENT";
  CHECK_THROWS_WITH_AS(read<LiquidityAssessment>(bad),
                       "data.tier = \"EXCELLENT\": is better than its worst factor's tier "
                       "(WARNING)",
                       JsonError);
  bad = j;
  bad["reasons"] = nlohmann::json::array();
  for (int i = 0; i < 17; ++i) bad["reasons"].push_back(j["reasons"][0]);
  CHECK_THROWS_WITH_AS(read<LiquidityAssessment>(bad),
                       "data.reasons: has 17 reasons, more than the 16 an assessment holds",
                       JsonError);
  bad = j;
  bad["reasons"][0]["factor"] = "oi";
  CHECK_THROWS_AS(read<LiquidityAssessment>(bad), JsonError);
}

TEST_CASE("liquidity scores round-trip and scores are within [0, 100]") {
  OptionQuote q = quote(2.0, 2.1, 500, 100);
  q.bid_size = 100;
  q.ask_size = 80;
  const LiquidityScore s = score_liquidity(q);
  const LiquidityScore back = json_round_trip(s);
  CHECK(back.overall == s.overall);
  CHECK(back.depth_score == s.depth_score);
  CHECK(back.effective_spread == s.effective_spread);
  CHECK(back.meets_minimums == std::optional<bool>(true));
  CHECK(back.open_interest_score == s.open_interest_score);
  const nlohmann::json j = ivcrush::json::to_value(s);
  // By hand: OI 100, volume 80, spread 100 (4.9 % < 12 %), depth 100, weights .40/.30/.25/.05.
  CHECK_CLOSE(j["overall"].get<double>(), 0.40 * 100 + 0.30 * 80 + 0.25 * 100 + 0.05 * 100, 1e-12,
              0.0);
  // Without sizes there is no depth: the original's §8 table value, 89 / 0.95.
  const nlohmann::json no_depth =
      ivcrush::json::to_value(score_liquidity(quote(2.0, 2.1, 500, 100)));
  CHECK_CLOSE(no_depth["overall"].get<double>(), 93.6842, 5e-5, 0.0);
  CHECK(no_depth["depth_score"].is_null());
  CHECK_CLOSE(j["effective_spread"].get<double>(), 0.1, 1e-12, 0.0);
  CHECK(j["depth_score"] == 100.0);  // min(100, 80) = 80 >= 50 contracts: full depth
  OptionQuote one = q;
  one.one_sided = true;
  const LiquidityScore s1 = score_liquidity(one);
  CHECK(ivcrush::json::to_value(s1)["effective_spread"].is_null());
  json_round_trip(s1);

  nlohmann::json bad = j;
  bad["volume_score"] = 100.5;
  CHECK_THROWS_WITH_AS(read<LiquidityScore>(bad),
                       "data.volume_score = 100.5: must be within [0, 100]", JsonError);
  bad = j;
  bad["depth_score"] = -1;
  CHECK_THROWS_WITH_AS(read<LiquidityScore>(bad),
                       "data.depth_score = -1.0: must be within [0, 100]", JsonError);
}

TEST_CASE("a score breakdown is written with formatted reasons and read as a record") {
  ScoreBreakdown b;
  b.add("pop", 40.0, 0.40, {"legacy POP {:.3f} vs target {:.2f}", {0.75, 0.65}});
  b.add("profit_zone", -4.2, 0.0, {"zone/range {:.3f}: x{:.4f}", {0.55, 0.85}});
  b.set_total(35.8);
  const nlohmann::json j = ivcrush::json::to_value(b);
  CHECK(ivcrush::json::dump(j) ==
        R"({"components":[{"name":"pop","points":40.0,"reason":"legacy POP 0.750 vs target )"
        R"(0.65","weight":0.4},{"name":"profit_zone","points":-4.2,"reason":"zone/range )"
        R"(0.550: x0.8500","weight":0.0}],"total":35.8})");
  const std::string text = ivcrush::json::to_text(b);
  CHECK(text.find(R"("type":"score_breakdown")") != std::string::npos);
  const auto r = ivcrush::json::from_text<ivcrush::json::ScoreBreakdownRecord>(text);
  CHECK(r == ivcrush::json::to_record(b));
  CHECK(r.total == 35.8);
  REQUIRE(r.components.size() == 2);
  REQUIRE(r.find("profit_zone") != nullptr);
  CHECK(r.find("profit_zone")->reason == "zone/range 0.550: x0.8500");
  CHECK(r.find("missing") == nullptr);
  CHECK(json_round_trip(r) == r);
  CHECK(ivcrush::json::to_text(r) == text);  // the breakdown's and the record's text agree
  static_assert(ivcrush::json::WriteOnlyCodec<ScoreBreakdown>);
  static_assert(!ivcrush::json::HasCodec<ScoreBreakdown>);

  using Record = ivcrush::json::ScoreBreakdownRecord;
  nlohmann::json bad = j;
  bad["total"] = 100.5;
  CHECK_THROWS_WITH_AS(read<Record>(bad), "data.total = 100.5: must be within [0, 100]", JsonError);
  bad = j;
  bad["components"][1]["weight"] = 1.5;
  CHECK_THROWS_WITH_AS(read<Record>(bad), "data.components[1].weight = 1.5: must be within [0, 1]",
                       JsonError);
  bad = j;
  bad["components"][0]["name"] = "";
  CHECK_THROWS_WITH_AS(read<Record>(bad), "data.components[0].name = \"\": must not be empty",
                       JsonError);
  bad = j;
  for (int i = 0; i < 9; ++i) bad["components"].push_back(j["components"][0]);
  CHECK_THROWS_WITH_AS(read<Record>(bad),
                       "data.components: has 11 components, more than the 10 a breakdown holds",
                       JsonError);
  bad = j;
  bad["components"][0].erase("reason");
  CHECK_THROWS_WITH_AS(read<Record>(bad),
                       "data.components[0].reason: is missing (every field is required)",
                       JsonError);
}
