// JSON codecs of the earnings records and analytics and of the strategy layer: round trips of
// values the library computes, wire forms pinned by hand, and the cross-field checks.
#include <doctest/doctest.h>

#include <chrono>
#include <ivcrush/io/json.hpp>
#include <string>
#include <vector>

#include "json/json_support.hpp"

using namespace ivcrush;
using namespace std::chrono;
using ivcrush::json::JsonError;
using test::json_round_trip;

namespace {

Percentage pct(double x) { return Percentage::from_pct(x); }

DailyBar bar(year_month_day d, double o, double h, double l, double c,
             std::optional<std::int64_t> v = std::nullopt) {
  return DailyBar::make(d, Price::dollars(o), Price::dollars(h), Price::dollars(l),
                        Price::dollars(c), v);
}

const EarningsEvent jpm{Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open};
const EarningsEvent nvda{Symbol::parse("NVDA"), 2024y / May / 22, EarningsTiming::after_close};

template <class T>
T read(std::string_view text) {
  return ivcrush::json::from_value<T>(ivcrush::json::parse_text(text));
}

Leg short_put() {
  return Leg::option({.right = OptionRight::put,
                      .strike = Strike::parse("95"),
                      .expiration = 2024y / June / 21,
                      .side = Side::sell,
                      .quantity = 2,
                      .premium = Money::dollars(1.15)});
}

}  // namespace

TEST_CASE("earnings records round-trip, wire forms pinned by hand") {
  CHECK(ivcrush::json::dump(ivcrush::json::to_value(jpm)) ==
        R"({"date":"2024-04-12","symbol":"JPM","timing":"BMO"})");
  CHECK(json_round_trip(jpm) == jpm);
  const DailyBar b = bar(2024y / April / 12, 188.5, 189.0, 176.2, 176.93, 19'000'000);
  CHECK(ivcrush::json::dump(ivcrush::json::to_value(b)) ==
        R"({"close":176.93,"date":"2024-04-12","high":189.0,"low":176.2,"open":188.5,)"
        R"("volume":19000000})");
  CHECK(json_round_trip(b) == b);
  const AnnouncementBars bars{nvda, Price::dollars(953.86), 50'000'000,
                              bar(2024y / May / 22, 953.0, 960.0, 936.0, 949.5, 52'000'000),
                              bar(2024y / May / 23, 1050.0, 1064.0, 1020.0, 1037.99, 80'000'000)};
  const AnnouncementBars bars2 = json_round_trip(bars);
  CHECK(bars2.event == bars.event);
  CHECK(bars2.previous_close == bars.previous_close);
  CHECK(bars2.previous_volume == bars.previous_volume);
  CHECK(bars2.announcement_day == bars.announcement_day);
  CHECK(bars2.next_day == bars.next_day);
  const EarningsReaction r{jpm, Price::dollars(189.164871), b};
  const EarningsReaction r2 = json_round_trip(r);
  CHECK(r2.event == r.event);
  CHECK(r2.reference_close == r.reference_close);
  CHECK(r2.reaction == r.reaction);
  ImpliedMoveObservation o;
  o.symbol = Symbol::parse("ADBE");
  o.earnings_date = 2025y / December / 10;
  o.stock_price = Price::dollars(346.26);
  o.atm_strike = Strike::parse("345");
  o.call_mid = Money::dollars(12.35);
  o.implied_move = pct(6.91);
  o.source = "a note, with \"quotes\" and ünïcode";
  CHECK(json_round_trip(o) == o);
}

TEST_CASE("historical moves and measurements round-trip and the moves are re-checked") {
  const MoveMeasurement ok =
      measure_move({nvda, Price::dollars(953.86), 50'000'000,
                    bar(2024y / May / 22, 953.0, 960.0, 936.0, 949.5, 52'000'000),
                    bar(2024y / May / 23, 1050.0, 1064.0, 1020.0, 1037.99, 80'000'000)});
  REQUIRE(ok.ok());
  const MoveMeasurement back = json_round_trip(ok);
  CHECK(back.status == ok.status);
  CHECK(back.event == ok.event);
  CHECK(back.move == ok.move);
  const MoveMeasurement missing = measure_move(
      {nvda, Price::dollars(953.86), {}, bar(2024y / May / 22, 953.0, 960.0, 936.0, 949.5), {}});
  REQUIRE(missing.status == MoveStatus::missing_reaction_bar);
  CHECK(json_round_trip(missing).move == std::nullopt);
  CHECK(json_round_trip(MoveMetric::intraday) == MoveMetric::intraday);

  // A move edited in the document no longer matches its bars.
  nlohmann::json j = ivcrush::json::to_value(*ok.move);
  j["close_move"] = 0.09;
  try {
    (void)ivcrush::json::from_value<HistoricalMove>(j, ivcrush::json::Path::root("m"));
    FAIL("no throw");
  } catch (const JsonError& e) {
    // (1037.99 - 949.5) / 949.5, the move the bars give.
    CHECK(std::string(e.what()) ==
          fmt::format("m.close_move = 0.09: is not the move the reference close and reaction "
                      "give ({})",
                      (1037.99 - 949.5) / 949.5));
    CHECK(e.code() == ErrorCode::inconsistent);
  }
  nlohmann::json m = ivcrush::json::to_value(missing);
  m["move"] = ivcrush::json::to_value(*ok.move);
  CHECK_THROWS_WITH_AS((void)ivcrush::json::from_value<MoveMeasurement>(m),
                       "move: is present but the status is not ok", JsonError);
  const auto inference = infer_timing(Price::dollars(953.86), ok.move->reaction,
                                      bar(2024y / May / 24, 1040.0, 1045.0, 1030.0, 1035.0));
  const auto inference2 = json_round_trip(inference);
  CHECK(inference2.timing == inference.timing);
  CHECK(inference2.before_open_gap == inference.before_open_gap);
  CHECK(inference2.after_close_gap == inference.after_close_gap);
}

TEST_CASE("VRP, consistency and regime results round-trip") {
  const std::vector<Percentage> moves = {pct(8), pct(-8), pct(8), pct(8), pct(4), pct(4), pct(-4)};
  const VrpAnalysis v = analyze_vrp(pct(9), moves);
  REQUIRE(v.ok());
  CHECK(json_round_trip(v) == v);
  CHECK(json_round_trip(analyze_vrp(pct(9), std::span(moves).first(2))) ==
        analyze_vrp(pct(9), std::span(moves).first(2)));
  CHECK(json_round_trip(*v.statistics) == *v.statistics);
  const VrpOptions vo{.thresholds = VrpThresholds::legacy(), .min_history = 6};
  const VrpOptions vo2 = json_round_trip(vo);
  CHECK(vo2.thresholds == vo.thresholds);
  CHECK(vo2.min_history == 6);
  CHECK(json_round_trip(VrpThresholds::conservative()) == VrpThresholds::conservative());
  CHECK(json_round_trip(ThresholdProfile::legacy) == ThresholdProfile::legacy);
  CHECK(ivcrush::json::dump(ivcrush::json::to_value(ThresholdProfile::legacy)) == "\"LEGACY\"");
  CHECK(json_round_trip(Recommendation::marginal) == Recommendation::marginal);

  const auto basic = basic_consistency(moves);
  REQUIRE(basic);
  CHECK(json_round_trip(*basic) == *basic);
  const ConsistencyAnalysis c = analyze_consistency(NewestFirstMoves(moves), {.decay_ratio = 0.9});
  CHECK(json_round_trip(c) == c);
  const ConsistencyOptions co{.decay_ratio = 0.9, .min_history = 3};
  const ConsistencyOptions co2 = json_round_trip(co);
  CHECK(co2.decay_ratio == 0.9);
  CHECK(co2.min_history == 3);

  for (const double points : {5.0, 11.9, 28.0, 45.0, 100.0}) {
    const MarketConditions m = assess_market_conditions(Vix::from_points(points));
    CHECK(json_round_trip(m) == m);
  }
  // Thresholds scaled for an extreme VIX leave make()'s range: they travel inside an
  // AdaptiveThresholds, which rebuilds them exactly.
  const auto wide =
      VrpThresholds::make({.excellent_ratio = 50, .good_ratio = 40, .marginal_ratio = 30});
  const AdaptiveThresholds a = adapt_thresholds(wide, Vix::from_points(45.0));
  REQUIRE(a.adapted.excellent_ratio() == 100.0);
  CHECK(json_round_trip(a) == a);
  CHECK(json_round_trip(retier(v, a)) == retier(v, a));
}

TEST_CASE("earnings inputs and results are validated on the way in") {
  using ivcrush::json::from_value;
  CHECK_THROWS_WITH_AS(
      (void)read<DailyBar>(R"({"date":"2024-04-12","open":188.5,"high":170.0,"low":176.2,)"
                           R"("close":176.93,"volume":null})"),
      "(root): low = 176.2: is above high 170", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)read<VrpThresholds>(R"({"excellent_ratio":1.2,"good_ratio":1.4,)"
                                R"("marginal_ratio":1.1})"),
      "(root): vrp good threshold = 1.4: must be below the excellent threshold 1.2", JsonError);
  CHECK_THROWS_WITH_AS((void)read<Vix>("4.0"), "(root): vix = 4: must be within [5, 100]",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)read<Recommendation>("\"EXCELLENT\""),
                       "(root) = \"EXCELLENT\": must be one of excellent, good, marginal, skip",
                       JsonError);
  CHECK_THROWS_WITH_AS((void)read<ConsistencyOptions>(R"({"decay_ratio":1.5,"min_history":4,)"
                                                      R"("trend_threshold_pct":0.5,)"
                                                      R"("rising_trust_factor":0.7})"),
                       "(root): consistency decay = 1.5: must be within (0, 1]", JsonError);
  nlohmann::json m = ivcrush::json::to_value(assess_market_conditions(Vix::from_points(28.0)));
  m["size_multiplier"] = 1.0;
  CHECK_THROWS_WITH_AS((void)from_value<MarketConditions>(m),
                       "(root): is not the assessment of VIX 28 (assess_market_conditions)",
                       JsonError);
  nlohmann::json a =
      ivcrush::json::to_value(adapt_thresholds(VrpThresholds::legacy(), Vix::from_points(28.0)));
  a["adapted"]["good_ratio"] = 4.0;
  CHECK_THROWS_WITH_AS((void)from_value<AdaptiveThresholds>(a),
                       "(root): is not base scaled for regime elevated (factor 1.2)", JsonError);
}

TEST_CASE("legs and strategies round-trip, wire forms pinned by hand") {
  const Leg put = short_put();
  CHECK(ivcrush::json::dump(ivcrush::json::to_value(put)) ==
        R"({"expiration":"2024-06-21","instrument":"put","multiplier":100,"premium":1.15,)"
        R"("quantity":2,"side":"sell","strike":"95"})");
  CHECK(json_round_trip(put) == put);
  const Leg stock = Leg::shares({.side = Side::buy, .quantity = 100, .price = Price::dollars(98)});
  CHECK(ivcrush::json::dump(ivcrush::json::to_value(stock)) ==
        R"({"instrument":"shares","price":98.0,"quantity":100,"side":"buy"})");
  CHECK(json_round_trip(stock) == stock);
  const Leg call = Leg::option({.right = OptionRight::call,
                                .strike = Strike::parse("105.5"),
                                .expiration = 2024y / June / 21,
                                .side = Side::buy,
                                .quantity = 3,
                                .premium = Money::dollars(0.35),
                                .multiplier = 10});
  const Strategy s = Strategy::make(Symbol::parse("AAPL"), {put, call, stock});
  const Strategy s2 = json_round_trip(s);
  CHECK(s2.underlying() == s.underlying());
  REQUIRE(s2.legs().size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(s2.legs()[i] == s.legs()[i]);
  CHECK(s2.net_entry_cash() == s.net_entry_cash());
}

TEST_CASE("strategy analytics records round-trip") {
  const CommissionSchedule fees{.per_contract = Money::dollars(0.65),
                                .per_share = Money::dollars(0.005),
                                .charge_exit = false};
  const CommissionSchedule fees2 = json_round_trip(fees);
  CHECK(fees2.per_contract == fees.per_contract);
  CHECK(fees2.per_share == fees.per_share);
  CHECK(fees2.charge_exit == false);
  const PayoffOptions po{
      .fees = fees, .min_profit = Money::dollars(5), .price_grid = Money::cents(1)};
  const PayoffOptions po2 = json_round_trip(po);
  CHECK(po2.min_profit == po.min_profit);
  CHECK(po2.price_grid == po.price_grid);

  const Strategy s = Strategy::make(Symbol::parse("AAPL"), {short_put()});
  const auto profile = PayoffProfile::at_expiration(s, po);
  const PayoffExtremum mp = profile.max_profit();
  const PayoffExtremum mp2 = json_round_trip(mp);
  CHECK(mp2.unbounded == mp.unbounded);
  CHECK(mp2.amount == mp.amount);
  CHECK(mp2.at == mp.at);
  const PayoffExtremum unbounded{.unbounded = true, .amount = {}, .at = std::nullopt};
  CHECK(json_round_trip(unbounded).unbounded);
  for (const PriceInterval& iv : profile.profit_intervals()) CHECK(json_round_trip(iv) == iv);

  const OutcomeProbabilities op{.probability_of_profit = 0.8125,
                                .expected_pnl = Money::dollars(-12.5),
                                .probability_of_max_loss = std::nullopt,
                                .probability_of_max_profit = 0.75,
                                .sample_size = 12};
  const OutcomeProbabilities op2 = json_round_trip(op);
  CHECK(op2.probability_of_profit == op.probability_of_profit);
  CHECK(op2.expected_pnl == op.expected_pnl);
  CHECK(op2.probability_of_max_loss == std::nullopt);
  CHECK(op2.probability_of_max_profit == 0.75);
  CHECK(op2.sample_size == 12);

  const LegGreeks lg{
      .delta = -0.3, .gamma = 0.02, .vega_per_vol_point = 0.12, .theta_per_calendar_day = -0.04};
  const PositionGreeks pg = position_greeks(s, std::span(&lg, 1));
  const PositionGreeks pg2 = json_round_trip(pg);
  CHECK(pg2.delta_shares == pg.delta_shares);
  CHECK(pg2.gamma_shares_per_dollar == pg.gamma_shares_per_dollar);
  CHECK(pg2.vega_per_vol_point == pg.vega_per_vol_point);
  CHECK(pg2.theta_per_calendar_day == pg.theta_per_calendar_day);
  CHECK(pg2.option_contracts == 2);
  CHECK(json_round_trip(lg).theta_per_calendar_day == -0.04);

  const SizingInputs in{.max_profit_per_contract = Money::dollars(150),
                        .max_loss_per_contract = Money::dollars(350),
                        .probability_of_profit = 0.75};
  const SizingInputs in2 = json_round_trip(in);
  CHECK(ev_kelly_contracts(in2) == ev_kelly_contracts(in));
  const KellyOptions ko{
      .bankroll = Money::dollars(50'000),
      .fraction = 0.25,
      .limits = {.risk_budget = Money::dollars(5'000), .min_contracts = 0, .max_contracts = 20}};
  CHECK(kelly_contracts(in, json_round_trip(ko)) == kelly_contracts(in, ko));
  const EvKellyOptions eo{.limits = ko.limits, .kelly_fraction = 0.5};
  CHECK(ev_kelly_contracts(in, json_round_trip(eo)) == ev_kelly_contracts(in, eo));
}

TEST_CASE("strategy inputs are validated on the way in") {
  CHECK_THROWS_WITH_AS(
      (void)read<Leg>(
          R"({"instrument":"put","strike":"95","expiration":"2024-06-21","side":"sell",)"
          R"("quantity":0,"premium":1.15,"multiplier":100})"),
      "(root): quantity = 0: must be positive", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)read<Leg>(R"({"instrument":"shares","side":"buy","quantity":100,"price":98.0,)"
                      R"("strike":"95"})"),
      "strike = \"95\": unknown field", JsonError);
  CHECK_THROWS_WITH_AS((void)read<Leg>(R"({"instrument":"future","side":"buy"})"),
                       "instrument = \"future\": must be one of call, put, shares", JsonError);
  CHECK_THROWS_WITH_AS((void)read<Strategy>(R"({"underlying":"AAPL","legs":[]})"),
                       "legs: legs = []: a strategy needs a leg", JsonError);
  CHECK_THROWS_WITH_AS((void)read<SizingInputs>(R"({"max_profit_per_contract":150,)"
                                                R"("max_loss_per_contract":350,)"
                                                R"("probability_of_profit":1.5})"),
                       "(root): probability of profit = 1.5: must be in [0, 1]", JsonError);
  CHECK_THROWS_WITH_AS((void)read<SizingLimits>(R"({"risk_budget":100,"min_contracts":5,)"
                                                R"("max_contracts":2})"),
                       "(root): max contracts = 2: must be at least min contracts 5", JsonError);
  CHECK_THROWS_WITH_AS((void)read<CommissionSchedule>(R"({"per_contract":-0.65,"per_share":0,)"
                                                      R"("charge_exit":true})"),
                       "(root): per_contract commission = -0.65: must not be negative", JsonError);
  CHECK_THROWS_WITH_AS((void)read<PayoffExtremum>(R"({"unbounded":true,"amount":0,"at":12.5})"),
                       "at = 12.5: must be null for an unbounded extremum", JsonError);
  CHECK_THROWS_WITH_AS((void)read<PriceInterval>(R"({"lower":10,"upper":9})"),
                       "upper = 9.0: is below lower 10", JsonError);
  CHECK_THROWS_WITH_AS(
      (void)read<OutcomeProbabilities>(R"({"probability_of_profit":0.5,"expected_pnl":1,)"
                                       R"("probability_of_max_loss":-0.1,)"
                                       R"("probability_of_max_profit":null,"sample_size":0})"),
      "probability_of_max_loss = -0.1: must be a probability in [0, 1]", JsonError);
}
