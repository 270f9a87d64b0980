// The per-ticker pipeline on the bundled CIEN data: a chain modeled to the real implied-move
// observation of 2025-12-11 and CIEN's twelve real before-open reactions.
#include "ivcrush/analysis/ticker_analysis.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/analysis/event_chain_model.hpp"
#include "ivcrush/io/earnings_csv.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "support/check_close.hpp"
#include "support/shared_data.hpp"
#include "synthetic_chain.hpp"

using namespace ivcrush;
using namespace std::chrono;

namespace {

// data/implied_moves_2025-12.csv, CIEN: spot 201.71, straddle 28.60 (13.65 + 14.95) observed
// on 2025-12-06 (a Saturday: Friday's closing quotes), implied move 14.178772 %.
const EarningsEvent cien_event{Symbol::parse("CIEN"), 2025y / December / 11,
                               EarningsTiming::after_close};
const Percentage cien_implied = Percentage::from_pct(14.178772);

EventChainSetup cien_chain() {
  return model_event_chain({.event = cien_event,
                            .as_of = new_york_market_close(2025y / December / 5),
                            .spot = Price::dollars(201.71),
                            .implied_move = cien_implied});
}

// CIEN's 12 reactions in data/earnings_reactions.csv, newest first (the file lists them oldest
// first; the buffer sorts them).
ReactionHistoryBuffer cien_history() { return test::bundled_reactions("CIEN"); }

// close_move_pct of CIEN's 12 rows in data/earnings_reactions.csv, copied by hand (file order,
// oldest first).
constexpr double cien_close_moves[] = {19.958365, 3.666733,   -10.757896, 15.801668,
                                       1.20193,   -14.719172, 0.663349,   -0.758804,
                                       15.448706, -2.411106,  -12.921679, 23.307318};

}  // namespace

TEST_CASE("weekly_fridays_after lists the Fridays whose close is after the as-of instant") {
  const auto fridays = weekly_fridays_after(new_york_market_close(2025y / December / 5), 3);
  REQUIRE(fridays.size() == 3);
  CHECK(fridays[0] == 2025y / December / 12);  // the 5th's own close is not after itself
  CHECK(fridays[1] == 2025y / December / 19);
  CHECK(fridays[2] == 2025y / December / 26);
  const auto from_morning =
      weekly_fridays_after(new_york_market_close(2025y / December / 5) - hours{6}, 1);
  CHECK(from_morning.front() == 2025y / December / 5);
}

TEST_CASE("a modeled event chain prices the observed implied move") {
  const EventChainSetup s = cien_chain();
  REQUIRE(s.calibration.status == CalibrationStatus::ok);
  CHECK(*s.calibration.expiration == 2025y / December / 12);
  CHECK(*s.calibration.atm_strike == 202.5);  // the observation's ATM strike too
  const ChainGreeks greeks(s.chain.chain, {});
  const Expiration expiry = Expiration::from_date(2025y / December / 12);
  // Open interest is unknown on a modeled chain: counted as 0 by default, so not priced (the
  // status says why), unless the caller accepts it.
  CHECK(atm_straddle_move(greeks, expiry).status == ImpliedMoveStatus::unknown_open_interest);
  const ImpliedMove im = atm_straddle_move(greeks, expiry, LiquidityPolicy::unknown_is_acceptable);
  REQUIRE(im.ok());
  // Quotes are rounded outwards to the cent: each mid is within half a cent of the model's.
  CHECK_CLOSE(im.move.pct(), cien_implied.pct(), 0.01 / 201.71 * 100.0, 0.0);
  CHECK_CLOSE(im.straddle.dollars(), 28.60, 0.011, 0.0);

  // After the news the event variance is gone: the same straddle is much cheaper.
  const auto after = crushed_event_chain(s, new_york_market_close(2025y / December / 12) - hours{5},
                                         Price::dollars(202.5));
  REQUIRE(after.has_value());
  const ChainGreeks crushed_greeks(after->chain, {});
  const ImpliedMove im_after =
      atm_straddle_move(crushed_greeks, expiry, LiquidityPolicy::unknown_is_acceptable);
  REQUIRE(im_after.ok());
  CHECK(im_after.move.pct() < 1.0);

  // A big move re-centres the model's strike grid; the contracts listed at entry stay listed,
  // priced by the same model as the grid's own strikes.
  const auto moved = crushed_event_chain(s, new_york_market_close(2025y / December / 12) - hours{5},
                                         Price::dollars(150.0));
  REQUIRE(moved.has_value());
  const auto moved_view = moved->chain.expiration(expiry);
  REQUIRE(moved_view.has_value());
  const auto strikes = moved_view->strikes();
  CHECK(std::find(strikes.begin(), strikes.end(), Strike::from_dollars(202.5)) != strikes.end());
  CHECK(std::find(strikes.begin(), strikes.end(), Strike::from_dollars(150.0)) != strikes.end());
  ModeledChainSpec grid_only = *crushed_event_spec(
      s.spec, new_york_market_close(2025y / December / 12) - hours{5}, Price::dollars(150.0));
  grid_only.extra_strikes.clear();
  const ModeledChain grid = build_modeled_chain(grid_only);
  std::size_t compared = 0;
  for (const Expiration e : grid.chain.expirations()) {
    for (const Strike k : grid.chain.expiration(e)->strikes()) {
      for (const auto right : {OptionRight::call, OptionRight::put}) {
        const OptionQuote* q = grid.chain.quote(e, k, right);
        if (q == nullptr) continue;
        const OptionQuote* same = moved->chain.quote(e, k, right);
        REQUIRE(same != nullptr);
        CHECK(same->bid == q->bid);
        CHECK(same->ask == q->ask);
        ++compared;
      }
    }
  }
  CHECK(compared == grid.chain.size());
  CHECK(moved->chain.size() > grid.chain.size());
  CHECK_FALSE(
      crushed_event_chain(s, new_york_market_close(2026y / January / 2), Price::dollars(201.71))
          .has_value());
}

TEST_CASE("event chain inputs are validated") {
  CHECK_THROWS_WITH_AS(
      (void)model_event_chain({.event = cien_event,
                               .as_of = new_york_market_close(2025y / December / 11),
                               .spot = Price::dollars(201.71),
                               .implied_move = cien_implied}),
      doctest::Contains("as_of"), InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)model_event_chain({.event = cien_event,
                               .as_of = new_york_market_close(2025y / December / 5),
                               .spot = Price::dollars(201.71),
                               .implied_move = Percentage::from_pct(0.5)}),
      doctest::Contains("implied move % = 0.5"), InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)model_event_chain({.event = cien_event,
                               .as_of = new_york_market_close(2025y / December / 5),
                               .spot = Price::dollars(0.0),
                               .implied_move = cien_implied}),
      doctest::Contains("spot"), InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)model_event_chain({.event = cien_event,
                               .as_of = new_york_market_close(2025y / December / 5),
                               .spot = Price::dollars(201.71),
                               .implied_move = cien_implied},
                              {.weekly_expirations = 0}),
      doctest::Contains("weekly_expirations = 0"), InvalidInput);
}

TEST_CASE("analyze_ticker on CIEN: VRP from the real reactions, ranked modeled trades") {
  const EventChainSetup s = cien_chain();
  const ReactionHistoryBuffer history = cien_history();
  REQUIRE(history.size() == 12);
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  TickerAnalysisOptions options;
  options.vrp.min_history = 4;
  options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
  const TickerAnalysis a = analyze_ticker(
      {.chain = s.chain.chain, .event = cien_event, .history = history}, scorer, options);
  REQUIRE_MESSAGE(a.ok(), a.message);
  REQUIRE(a.expiration.has_value());
  CHECK(a.expiration->date() == 2025y / December / 12);

  // VRP = implied move / mean |close move|, the mean computed here from the file's numbers.
  double sum = 0.0;
  for (const double m : cien_close_moves) sum += std::fabs(m);
  const double mean_abs = sum / 12.0;
  CHECK_CLOSE(a.vrp.vrp_ratio, a.implied_move.move.pct() / mean_abs, 0.0, 1e-7);
  CHECK(a.vrp.sample_size == 12);
  // The chain expires at the reaction session's close (AMC Thursday, Friday expiry) and is quoted
  // at Friday 2025-12-05's close, 4 sessions (Mon..Thu) before the news: within the horizon, the
  // straddle is the event's move. The reactions get the diffusion of those days before the news
  // (Dec 5 16:00 -> Dec 11 16:00, 6 days ACT/365) at the term structure's base volatility.
  CHECK(a.event_expiration.sessions_before_news == 4);
  CHECK(a.event_expiration.sessions_after_reaction == 0);
  CHECK(a.move_basis == EventMoveBasis::event_straddle);
  CHECK(a.vrp.implied_move == a.implied_move.move);
  REQUIRE(a.post_event_diffusion.has_value());
  CHECK(a.post_event_diffusion->time.years() == doctest::Approx(6.0 / 365.0).epsilon(1e-12));
  // The term structure recovers the model's own event sd (calibrate_event_move) and base vol
  // (30 %), up to the cent rounding of the quotes and the smile at the listed ATM strikes.
  REQUIRE(a.term_event_move.ok());
  REQUIRE(s.calibration.event_move.has_value());
  CHECK_CLOSE(a.term_event_move.event_sigma->fraction(), *s.calibration.event_move, 0.0, 0.005);
  CHECK_CLOSE(a.term_event_move.base_volatility->fraction(), 0.30, 0.0, 0.01);
  REQUIRE(a.signed_moves.size() == 12);
  for (std::size_t i = 0; i < 12; ++i) {
    // Newest first: signed_moves[0] is the file's last row. File: 6 dp.
    CHECK_CLOSE(a.signed_moves[i].pct(), cien_close_moves[11 - i], 2e-6, 0.0);
  }

  REQUIRE(a.ranking.top.size() == 3);
  CHECK(a.ranking.scored == a.generation.candidates.size());
  // Best first, and nothing unranked scores higher than the third.
  for (std::size_t i = 1; i < a.ranking.top.size(); ++i) {
    CHECK(a.ranking.top[i - 1].breakdown.total() >= a.ranking.top[i].breakdown.total());
  }
  const double third = a.ranking.top.back().breakdown.total();
  for (const Candidate& c : a.generation.candidates) {
    CHECK(scorer.score(c, a.scoring).total() <= a.ranking.top.front().breakdown.total());
  }
  CHECK(third > 0.0);
  CHECK(a.best() == &a.candidate(a.ranking.top.front()));
  CHECK_FALSE(a.ranking.recommendation.empty());
  CHECK(a.scoring.spot == Price::dollars(201.71));
}

TEST_CASE("analyze_ticker stops with a status and keeps what it computed") {
  const EventChainSetup s = cien_chain();
  const ReactionHistoryBuffer history = cien_history();
  const StrategyScorer scorer(IvCrushScoring::original());

  SUBCASE("too little history: the implied move is kept, no candidates") {
    TickerAnalysisOptions options;
    options.vrp.min_history = 13;
    options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
    const TickerAnalysis a = analyze_ticker(
        {.chain = s.chain.chain, .event = cien_event, .history = history}, scorer, options);
    CHECK(a.status == AnalysisStatus::vrp_not_available);
    CHECK(a.message.find("VRP") == 0);
    CHECK(a.implied_move.ok());
    CHECK(a.generation.candidates.empty());
    CHECK(a.ranking.top.empty());
  }
  SUBCASE("no expiration after the event") {
    const EarningsEvent later{cien_event.symbol, 2026y / January / 30, EarningsTiming::after_close};
    const TickerAnalysis a =
        analyze_ticker({.chain = s.chain.chain, .event = later, .history = history}, scorer);
    CHECK(a.status == AnalysisStatus::no_expiration_after_event);
    CHECK(a.message == "the CIEN chain lists no expiration after 2026-01-30 AMC");
  }
  SUBCASE("strict liquidity on a modeled chain: its straddle is not a market price") {
    const TickerAnalysis a =
        analyze_ticker({.chain = s.chain.chain, .event = cien_event, .history = history}, scorer);
    CHECK(a.status == AnalysisStatus::no_implied_move);
    CHECK(a.message ==
          "implied move: unknown_open_interest (the straddle has no open interest in the data, "
          "and the liquidity policy counts unknown open interest as zero)");
  }
  SUBCASE("a reaction on or after the event is looking into the future") {
    std::vector<HistoricalMove> moves(history.begin(), history.end());
    moves.front().event.date = 2025y / December / 11;  // the newest
    const ReactionHistoryBuffer leaky(std::move(moves));
    CHECK_THROWS_WITH_AS(
        (void)analyze_ticker({.chain = s.chain.chain, .event = cien_event, .history = leaky},
                             scorer),
        "history[0].earnings_date = 2025-12-11: is not before the analysed announcement of "
        "2025-12-11",
        InvalidInput);
  }
}

namespace {

// Two analyses rank the same trades with the same scores: every step's output that feeds the
// ranking, every candidate's score, and the ranking itself (indices, exact totals, rationale).
template <class P>
void check_same_analysis(const TickerAnalysis& a, const TickerAnalysis& b,
                         const StrategyScorer<P>& scorer) {
  REQUIRE(a.status == b.status);
  CHECK(a.message == b.message);
  CHECK(a.expiration == b.expiration);
  CHECK(a.implied_move.move == b.implied_move.move);
  CHECK(a.vrp.vrp_ratio == b.vrp.vrp_ratio);
  CHECK(a.skew.bias == b.skew.bias);
  CHECK(a.bias == b.bias);
  REQUIRE(a.greeks.size() == b.greeks.size());
  const auto contracts = a.greeks.chain().contracts();
  for (std::size_t i = 0; i < a.greeks.size(); ++i) {
    // Only the analysed expiration is read (and, by default, solved: GreeksScope).
    if (a.expiration && contracts[i].expiration != *a.expiration) continue;
    CHECK(a.greeks[i].iv() == b.greeks[i].iv());
    CHECK(a.greeks[i].greeks.has_value() == b.greeks[i].greeks.has_value());
    if (a.greeks[i].greeks && b.greeks[i].greeks) {
      CHECK(a.greeks[i].greeks->delta == b.greeks[i].greeks->delta);
    }
  }
  REQUIRE(a.generation.candidates.size() == b.generation.candidates.size());
  for (std::size_t i = 0; i < a.generation.candidates.size(); ++i) {
    CHECK(scorer.score(a.generation.candidates[i], a.scoring).total() ==
          scorer.score(b.generation.candidates[i], b.scoring).total());
  }
  CHECK(a.ranking.scored == b.ranking.scored);
  REQUIRE(a.ranking.top.size() == b.ranking.top.size());
  for (std::size_t i = 0; i < a.ranking.top.size(); ++i) {
    CHECK(a.ranking.top[i].index == b.ranking.top[i].index);
    CHECK(a.ranking.top[i].breakdown.total() == b.ranking.top[i].breakdown.total());
    CHECK(a.ranking.top[i].rationale == b.ranking.top[i].rationale);
  }
  CHECK(a.ranking.recommendation == b.ranking.recommendation);
}

TickerAnalysisOptions cien_options() {
  TickerAnalysisOptions options;
  options.vrp.min_history = 4;
  options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
  return options;
}

}  // namespace

TEST_CASE("analyze_ticker solves mid IVs only by default and ranks as with bid and ask IVs") {
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3, .explain = true});
  CHECK_FALSE(TickerAnalysisOptions{}.greeks.bid_ask_ivs);

  SUBCASE("CIEN modeled chain") {
    const EventChainSetup s = cien_chain();
    const ReactionHistoryBuffer history = cien_history();
    const TickerAnalysisInput in{.chain = s.chain.chain, .event = cien_event, .history = history};
    TickerAnalysisOptions full = cien_options();
    full.greeks.bid_ask_ivs = true;
    const TickerAnalysis mid_only = analyze_ticker(in, scorer, cien_options());
    const TickerAnalysis with_spreads = analyze_ticker(in, scorer, full);
    REQUIRE_MESSAGE(mid_only.ok(), mid_only.message);
    CHECK(mid_only.ranking.top.size() == 3);
    CHECK_FALSE(mid_only.greeks.options().bid_ask_ivs);
    CHECK_FALSE(mid_only.greeks[0].ask_iv.has_value());
    CHECK(with_spreads.greeks[0].ask_iv.has_value());
    check_same_analysis(mid_only, with_spreads, scorer);
  }
  SUBCASE("synthetic chains with spreads, smiles and open interest") {
    // A plain struct, not structured bindings: clang 14 cannot capture those in CAPTURE's lambda.
    for (const bench::SyntheticSpec spec : {bench::SyntheticSpec{.strikes = 50, .seed = 1},
                                            bench::SyntheticSpec{.strikes = 50, .seed = 2},
                                            bench::SyntheticSpec{.strikes = 120, .seed = 3},
                                            bench::SyntheticSpec{.strikes = 200, .seed = 7}}) {
      CAPTURE(spec.strikes);
      CAPTURE(spec.seed);
      const bench::SyntheticTicker t = bench::make_ticker(spec);
      const OptionChain chain = bench::build_chain(t);
      const TickerAnalysisInput in{.chain = chain, .event = t.event, .history = t.history};
      TickerAnalysisOptions mid_only;
      mid_only.market = {.rate = 0.045, .dividend_yield = 0.005};
      TickerAnalysisOptions full = mid_only;
      full.greeks.bid_ask_ivs = true;
      const TickerAnalysis a = analyze_ticker(in, scorer, mid_only);
      const TickerAnalysis b = analyze_ticker(in, scorer, full);
      REQUIRE_MESSAGE(a.ok(), a.message);
      CHECK(a.ranking.top.size() == 3);
      CHECK(a.generation.candidates.size() > 100);
      check_same_analysis(a, b, scorer);
    }
  }
}

TEST_CASE(
    "analyze_ticker solves only the analysed expiration by default and ranks as over the whole "
    "chain") {
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3, .explain = true});
  CHECK(TickerAnalysisOptions{}.greeks_scope == GreeksScope::analysed_expiration);
  for (const bench::SyntheticSpec spec : {bench::SyntheticSpec{.strikes = 50, .seed = 4},
                                          bench::SyntheticSpec{.strikes = 200, .seed = 9}}) {
    CAPTURE(spec.strikes);
    const bench::SyntheticTicker t = bench::make_ticker(spec);
    const OptionChain chain = bench::build_chain(t);
    const TickerAnalysisInput in{.chain = chain, .event = t.event, .history = t.history};
    TickerAnalysisOptions scoped;
    scoped.market = {.rate = 0.045, .dividend_yield = 0.005};
    TickerAnalysisOptions whole = scoped;
    whole.greeks_scope = GreeksScope::whole_chain;
    const TickerAnalysis a = analyze_ticker(in, scorer, scoped);
    const TickerAnalysis b = analyze_ticker(in, scorer, whole);
    REQUIRE_MESSAGE(a.ok(), a.message);
    check_same_analysis(a, b, scorer);
    REQUIRE(a.greeks.options().only_expiration == a.expiration);
    CHECK_FALSE(b.greeks.options().only_expiration.has_value());
    // The analysed expiration's quotes are solved identically; every other quote is left
    // unsolved by the scoped run and solved (mostly successfully) by the whole-chain run.
    std::size_t analysed = 0, other = 0, other_solved_whole = 0;
    const auto contracts = chain.contracts();
    for (std::size_t i = 0; i < chain.size(); ++i) {
      if (contracts[i].expiration == *a.expiration) {
        ++analysed;
        CHECK(a.greeks[i].mid_iv.has_value() == b.greeks[i].mid_iv.has_value());
        CHECK(a.greeks[i].iv() == b.greeks[i].iv());
      } else {
        ++other;
        CHECK_FALSE(a.greeks[i].mid_iv.has_value());
        CHECK_FALSE(a.greeks[i].greeks.has_value());
        CHECK(a.greeks[i].time.years() == b.greeks[i].time.years());
        if (b.greeks[i].iv()) ++other_solved_whole;
      }
    }
    CHECK(analysed == 2 * static_cast<std::size_t>(spec.strikes));
    CHECK(other == 5 * analysed);
    CHECK(other_solved_whole > other / 2);
  }
}

TEST_CASE("analyze_ticker on precomputed greeks equals the plain call") {
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3, .explain = true});
  const StrategyScorer conservative(IvCrushScoring::conservative(), {.top_n = 3, .explain = true});
  const EventChainSetup s = cien_chain();
  const ReactionHistoryBuffer history = cien_history();
  const TickerAnalysisInput in{.chain = s.chain.chain, .event = cien_event, .history = history};
  const TickerAnalysisOptions options = cien_options();
  const TickerAnalysis plain = analyze_ticker(in, scorer, options);
  REQUIRE_MESSAGE(plain.ok(), plain.message);

  SUBCASE("copied and reused under two policies, then moved") {
    const ChainGreeks g(s.chain.chain, options.market, options.greeks);
    check_same_analysis(analyze_ticker(in, g, scorer, options), plain, scorer);
    check_same_analysis(analyze_ticker(in, g, conservative, options),
                        analyze_ticker(in, conservative, options), conservative);
    ChainGreeks moved = g;
    check_same_analysis(analyze_ticker(in, std::move(moved), scorer, options), plain, scorer);
  }
  SUBCASE("greeks with bid and ask IVs keep them in the result") {
    const TickerAnalysis a = analyze_ticker(
        in, ChainGreeks(s.chain.chain, options.market, {.bid_ask_ivs = true}), scorer, options);
    CHECK(a.greeks.options().bid_ask_ivs);
    check_same_analysis(a, plain, scorer);
  }
  SUBCASE("synthetic chain") {
    const bench::SyntheticTicker t = bench::make_ticker({.strikes = 80, .seed = 11});
    const OptionChain chain = bench::build_chain(t);
    const TickerAnalysisInput sin{.chain = chain, .event = t.event, .history = t.history};
    TickerAnalysisOptions o;
    o.market = {.rate = 0.045, .dividend_yield = 0.005};
    const TickerAnalysis ref = analyze_ticker(sin, scorer, o);
    REQUIRE_MESSAGE(ref.ok(), ref.message);
    check_same_analysis(analyze_ticker(sin, ChainGreeks(chain, o.market), scorer, o), ref, scorer);
  }
  SUBCASE("greeks of one expiration only must be of the analysed one") {
    const auto analysed = s.chain.chain.first_expiration_after(cien_event);
    REQUIRE(analysed.has_value());
    ChainGreeksOptions own = options.greeks;
    own.only_expiration = analysed;
    check_same_analysis(
        analyze_ticker(in, ChainGreeks(s.chain.chain, options.market, own), scorer, options), plain,
        scorer);
    const auto expirations = s.chain.chain.expirations();
    REQUIRE(expirations.size() >= 2);
    ChainGreeksOptions wrong = options.greeks;
    wrong.only_expiration = expirations.back();
    REQUIRE(*wrong.only_expiration != *analysed);
    const std::string expected = fmt::format(
        "greeks.only_expiration = {}: is not the analysed expiration {} (none of its quotes is "
        "solved)",
        detail::iso_date(expirations.back().date()), detail::iso_date(analysed->date()));
    CHECK_THROWS_WITH_AS((void)analyze_ticker(in, ChainGreeks(s.chain.chain, options.market, wrong),
                                              scorer, options),
                         expected.c_str(), InvalidInput);
  }
  SUBCASE("greeks of another chain or at another market are rejected") {
    const EventChainSetup other = cien_chain();
    CHECK_THROWS_WITH_AS(
        (void)analyze_ticker(in, ChainGreeks(other.chain.chain, options.market), scorer, options),
        "greeks.chain = CIEN: is not the analysed chain (input.chain)", InvalidInput);
    CHECK_THROWS_WITH_AS(
        (void)analyze_ticker(in, ChainGreeks(s.chain.chain, {.rate = 0.01}), scorer, options),
        "greeks.market.rate = 0.01: the greeks were computed at rate 0.01 and dividend yield 0, "
        "the options say rate 0 and dividend yield 0",
        InvalidInput);
  }
}
