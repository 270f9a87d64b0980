// The event expiration rule: which expiration prices an announcement, the horizon past the
// reaction session, and the term-structure event move beyond it (ADR 0011).
#include "ivcrush/analysis/event_expiration.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "ivcrush/analysis/ticker_analysis.hpp"
#include "ivcrush/chain/modeled_chain.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/chain_csv.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "support/check_close.hpp"
#include "support/shared_data.hpp"

using namespace ivcrush;
using namespace std::chrono;

namespace {

const Symbol xyz = Symbol::parse("XYZ");

EarningsEvent event_on(year_month_day d, EarningsTiming t) { return {xyz, d, t}; }

const sys_seconds monday_close = new_york_market_close(2024y / June / 3);

// A modeled chain of XYZ at `as_of` (default the 2024-06-03 Monday close), spot 100, with the
// given expirations and, when event_move > 0, an announcement on `event` carrying that
// one-session sd.
OptionChain modeled(std::vector<year_month_day> expirations, const EarningsEvent& event,
                    double event_move, double base_points = 30.0,
                    sys_seconds as_of = monday_close) {
  ModeledChainSpec spec{.symbol = xyz,
                        .as_of = as_of,
                        .spot = Price::dollars(100.0),
                        .expirations = std::move(expirations),
                        .base_volatility = Volatility::from_points(base_points)};
  if (event_move > 0.0) spec.event = ModeledEvent{event, event_move};
  return build_modeled_chain(spec).chain;
}

// Twelve past before-open reactions of XYZ, one a quarter from `first` (magnitudes 2..13 %, signs
// alternating): enough for a VRP.
ReactionHistoryBuffer xyz_history(year_month_day first = 2021y / March / 10) {
  std::vector<HistoricalMove> out;
  year_month_day d = first;
  for (int i = 0; i < 12; ++i) {
    const double m = (i % 2 == 0 ? 1.0 : -1.0) * (2.0 + i);
    const double ref = 100.0;
    const double close = ref * (1.0 + m / 100.0);
    const DailyBar bar =
        DailyBar::make(d, Price::dollars(close), Price::dollars(std::max(ref, close) + 1.0),
                       Price::dollars(std::min(ref, close) - 1.0), Price::dollars(close));
    out.push_back(to_historical_move(
        EarningsReaction{{xyz, d, EarningsTiming::before_open}, Price::dollars(ref), bar}));
    d = year_month_day{sys_days{d} + days{91}};
    while (weekday{sys_days{d}} == Saturday || weekday{sys_days{d}} == Sunday) {
      d = year_month_day{sys_days{d} + days{1}};
    }
  }
  return ReactionHistoryBuffer(std::move(out));
}

TickerAnalysisOptions accepting_unknown_oi() {
  TickerAnalysisOptions o;
  o.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
  return o;
}

}  // namespace

TEST_CASE("reaction_session: the first session after the news, by timing") {
  // Thursday 2024-06-06.
  CHECK(reaction_session(event_on(2024y / June / 6, EarningsTiming::before_open)) ==
        2024y / June / 6);
  CHECK(reaction_session(event_on(2024y / June / 6, EarningsTiming::during_market)) ==
        2024y / June / 6);
  CHECK(reaction_session(event_on(2024y / June / 6, EarningsTiming::after_close)) ==
        2024y / June / 7);
  // Unknown takes the later session; a Friday after-close report reacts on Monday.
  CHECK(reaction_session(event_on(2024y / June / 6, EarningsTiming::unknown)) == 2024y / June / 7);
  CHECK(reaction_session(event_on(2024y / June / 7, EarningsTiming::after_close)) ==
        2024y / June / 10);
  // A weekend "before open" date reacts on the Monday.
  CHECK(reaction_session(event_on(2024y / June / 8, EarningsTiming::before_open)) ==
        2024y / June / 10);
  CHECK_THROWS_AS(
      (void)reaction_session(event_on(2024y / February / 30, EarningsTiming::before_open)),
      InvalidInput);
}

TEST_CASE("select_event_expiration: sessions after the reaction and the horizon boundary") {
  // Each chain is quoted at the close before its news (the usual entry): no session before it.
  const std::vector<year_month_day> listed = {2024y / June / 7, 2024y / June / 14,
                                              2024y / June / 21, 2024y / July / 19};
  const auto at_entry = [&](const EarningsEvent& e, const EventExpirationOptions& o = {}) {
    const year_month_day entry = pre_news_session(e);
    std::vector<year_month_day> later;
    for (const year_month_day d : listed) {
      if (sys_days{d} > sys_days{entry}) later.push_back(d);
    }
    const OptionChain c = modeled(later, e, 0.0, 30.0, new_york_market_close(entry));
    const EventExpiration x = select_event_expiration(c, e, o);
    CHECK(x.sessions_before_news == 0);
    CHECK(x.diffusion_before_news().years() == 0.0);
    return x;
  };
  const EarningsEvent any = event_on(2024y / June / 6, EarningsTiming::after_close);
  const OptionChain chain =
      modeled(listed, any, 0.0, 30.0, new_york_market_close(2024y / June / 6));
  SUBCASE("after close Thursday: the Friday weekly expires at the reaction close") {
    const EventExpiration e = select_event_expiration(chain, any);
    REQUIRE(e.expiration.has_value());
    CHECK(*e.expiration == Expiration::from_date(2024y / June / 7));
    CHECK(e.reaction_session == 2024y / June / 7);
    CHECK(e.sessions_after_reaction == 0);
    CHECK(e.within_horizon());
    CHECK(e.diffusion_after_reaction()->years() == 0.0);
    CHECK(e.describe() ==
          "2024-06-07, 0 sessions of diffusion besides the news (0 before it, 0 after the "
          "reaction session 2024-06-07; horizon 5)");
  }
  SUBCASE("before open Monday: four sessions to the Friday") {
    const EventExpiration e = at_entry(event_on(2024y / June / 10, EarningsTiming::before_open));
    CHECK(*e.expiration == Expiration::from_date(2024y / June / 14));
    CHECK(e.sessions_after_reaction == 4);
    CHECK(e.within_horizon());
    // Mon 16:00 to Fri 16:00 New York: exactly 4 days, ACT/365.
    CHECK(e.diffusion_after_reaction()->years() == doctest::Approx(4.0 / 365.0).epsilon(1e-15));
  }
  SUBCASE("the horizon is inclusive: 5 sessions within, 6 beyond") {
    // After close on Friday the 7th: reaction Monday the 10th, the 14th is 4 sessions later;
    // a horizon of 4 keeps it, 3 does not.
    const EarningsEvent fri = event_on(2024y / June / 7, EarningsTiming::after_close);
    CHECK(at_entry(fri, {.max_diffusion_sessions = 4}).within_horizon());
    CHECK_FALSE(at_entry(fri, {.max_diffusion_sessions = 3}).within_horizon());
    // After close Monday: reaction Tuesday the 11th, 3 sessions to the 14th.
    const EventExpiration tue = at_entry(event_on(2024y / June / 10, EarningsTiming::after_close));
    CHECK(*tue.expiration == Expiration::from_date(2024y / June / 14));
    CHECK(tue.sessions_after_reaction == 3);
    // After the last weekly: the monthly 2024-07-19 is 18 sessions after Monday 2024-06-24.
    const EventExpiration late = at_entry(event_on(2024y / June / 21, EarningsTiming::after_close));
    CHECK(*late.expiration == Expiration::from_date(2024y / July / 19));
    CHECK(late.reaction_session == 2024y / June / 24);
    CHECK(late.sessions_after_reaction == 19);
    CHECK_FALSE(late.within_horizon());
    CHECK(at_entry(event_on(2024y / June / 21, EarningsTiming::after_close),
                   {.max_diffusion_sessions = 19})
              .within_horizon());
  }
  SUBCASE("no expiration after the announcement") {
    const EventExpiration e =
        select_event_expiration(chain, event_on(2024y / July / 19, EarningsTiming::after_close));
    CHECK_FALSE(e.expiration.has_value());
    CHECK_FALSE(e.within_horizon());
    CHECK_FALSE(e.diffusion_after_reaction().has_value());
  }
  CHECK_THROWS_WITH_AS((void)select_event_expiration(chain, any, {.max_diffusion_sessions = -1}),
                       "max_diffusion_sessions = -1: must be in [0, 260] sessions", InvalidInput);
}

// A straddle quoted days before the news also prices those sessions' diffusion: they count
// toward the horizon, and the empirical outcome adds them (issue 16, on the real GOOG chain of
// 2015-12-24 with the 2016-02-01 report: 27 sessions before the news).
TEST_CASE("sessions before the news count toward the horizon") {
  const std::vector<year_month_day> listed = {2024y / June / 7, 2024y / June / 14,
                                              2024y / June / 21};
  // Thursday June 6 after the close, quoted at Monday June 3's close: Tue, Wed, Thu (3) before
  // the news, the Friday weekly at the reaction close: 3 in all, within 5.
  const EarningsEvent thu = event_on(2024y / June / 6, EarningsTiming::after_close);
  const EventExpiration a = select_event_expiration(modeled(listed, thu, 0.0), thu);
  CHECK(pre_news_session(thu) == 2024y / June / 6);
  CHECK(a.sessions_before_news == 3);
  CHECK(a.sessions_after_reaction == 0);
  CHECK(a.diffusion_sessions() == 3);
  CHECK(a.within_horizon());
  // Monday 3rd 16:00 to Thursday 6th 16:00 New York: 3 days ACT/365.
  CHECK(a.diffusion_before_news().years() == doctest::Approx(3.0 / 365.0).epsilon(1e-15));
  CHECK(a.describe() ==
        "2024-06-07, 3 sessions of diffusion besides the news (3 before it, 0 after the "
        "reaction session 2024-06-07; horizon 5)");
  // Monday June 10 before the open: Tue..Fri (4) before it, 4 after to the 14th: 8, beyond.
  const EarningsEvent mon = event_on(2024y / June / 10, EarningsTiming::before_open);
  const EventExpiration b = select_event_expiration(modeled(listed, mon, 0.0), mon);
  CHECK(pre_news_session(mon) == 2024y / June / 7);
  CHECK(b.sessions_before_news == 4);
  CHECK(b.sessions_after_reaction == 4);
  CHECK_FALSE(b.within_horizon());
  CHECK(select_event_expiration(modeled(listed, mon, 0.0), mon, {.max_diffusion_sessions = 8})
            .within_horizon());
  // Quoted at noon on Monday the 3rd: that session is in progress and counts.
  const sys_seconds noon = monday_close - hours{4};
  CHECK(sessions_before_news(noon, thu) == 4);
  // Quoted on Saturday June 1: Mon..Thu.
  CHECK(sessions_before_news(sys_seconds{sys_days{2024y / June / 1}} + hours{18}, thu) == 4);
  // Quoted at or after the close before the news: none.
  CHECK(sessions_before_news(new_york_market_close(2024y / June / 6), thu) == 0);
  CHECK(sessions_before_news(new_york_market_close(2024y / June / 6) + hours{1}, thu) == 0);
}

TEST_CASE("a Saturday-dated monthly does not cover a Friday after-close report") {
  // Pre-2015 monthlies are dated the Saturday after their last session (Lean, OCC). An
  // after-close report on that Friday lands after the contract's last close.
  ModeledChainSpec spec{.symbol = xyz,
                        .as_of = new_york_market_close(2014y / July / 1),
                        .spot = Price::dollars(100.0),
                        .expirations = {2014y / July / 19, 2014y / August / 16}};
  const OptionChain chain = build_modeled_chain(spec).chain;
  const EarningsEvent fri_amc = event_on(2014y / July / 18, EarningsTiming::after_close);
  REQUIRE(chain.first_expiration_after(fri_amc).has_value());
  CHECK(*chain.first_expiration_after(fri_amc) == Expiration::from_date(2014y / August / 16));
  // Before the open that Friday it is still the July contract.
  CHECK(*chain.first_expiration_after(event_on(2014y / July / 18, EarningsTiming::before_open)) ==
        Expiration::from_date(2014y / July / 19));
}

TEST_CASE("beyond the horizon the VRP reads the term-structure event move, never the straddle") {
  // The first expiration after the report is 2024-10-18 (137 days after the as-of), the next ones
  // later: the straddle of the 18th holds the event and 4 months of 30 % diffusion.
  const EarningsEvent event = event_on(2024y / October / 9, EarningsTiming::after_close);
  const double event_sd = 0.08;
  const OptionChain chain =
      modeled({2024y / June / 21, 2024y / October / 18, 2025y / January / 17, 2025y / April / 17},
              event, event_sd);
  const auto history = xyz_history();
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  const TickerAnalysis a = analyze_ticker({.chain = chain, .event = event, .history = history},
                                          scorer, accepting_unknown_oi());
  REQUIRE(a.expiration.has_value());
  CHECK(*a.expiration == Expiration::from_date(2024y / October / 18));
  CHECK(a.event_expiration.sessions_after_reaction == 6);  // Thu 10th .. Fri 18th
  CHECK_FALSE(a.event_expiration.within_horizon());
  REQUIRE(a.implied_move.ok());
  REQUIRE(a.term_event_move.ok());
  CHECK(a.move_basis == EventMoveBasis::term_structure);
  // The model: w(T) = base² T + sd², so the term structure recovers sd (up to the smile at the
  // listed ATM strike and the cent rounding of the quotes).
  CHECK_CLOSE(a.term_event_move.event_sigma->fraction(), event_sd, 0.0, 0.03);
  CHECK_CLOSE(a.term_event_move.base_volatility->fraction(), 0.30, 0.0, 0.02);
  REQUIRE(a.vrp.ok());
  CHECK(a.vrp.implied_move == *a.term_event_move.expected_absolute_move);
  CHECK(a.event_move() == a.term_event_move.expected_absolute_move);
  // The far straddle (event + diffusion) is more than twice the event's move.
  CHECK(a.implied_move.move.fraction() > 2.0 * a.vrp.implied_move.fraction());
  // The empirical outcome adds to each reaction the ex-event diffusion besides it: from the
  // as-of (Monday 2024-06-03, 16:00) to the close before the news (Wednesday 2024-10-09, 16:00),
  // 128 days, and from the reaction close (Thursday 2024-10-10, 16:00) to the expiry (Friday
  // 2024-10-18, 16:00), 8 days: 136 days ACT/365, at the term structure's base volatility.
  CHECK(a.event_expiration.sessions_before_news == 92);  // weekdays Jun 4 .. Oct 9
  REQUIRE(a.post_event_diffusion.has_value());
  CHECK(a.post_event_diffusion->time.years() ==
        doctest::Approx((128.0 + 8.0) / 365.0).epsilon(1e-12));
  CHECK(a.post_event_diffusion->volatility == *a.term_event_move.base_volatility);
  if (a.ok()) {
    const Candidate& best = *a.best();
    const auto with =
        empirical_outcome(best.payoff, chain.spot(), a.signed_moves, *a.post_event_diffusion, 0.0);
    REQUIRE(best.expected_pnl_empirical.has_value());
    CHECK(*best.expected_pnl_empirical == with.expected_pnl);
  }

  SUBCASE("with a horizon that includes it the straddle is used, as the caller asked") {
    TickerAnalysisOptions wide = accepting_unknown_oi();
    wide.event_expiration.max_diffusion_sessions = 98;  // 92 before the news + 6 after
    const TickerAnalysis w =
        analyze_ticker({.chain = chain, .event = event, .history = history}, scorer, wide);
    CHECK(w.move_basis == EventMoveBasis::event_straddle);
    CHECK(w.vrp.implied_move == w.implied_move.move);
  }
}

TEST_CASE("beyond the horizon without a term-structure event move: no_event_expiration") {
  const EarningsEvent event = event_on(2024y / October / 9, EarningsTiming::after_close);
  // One expiration only: nothing fixes the diffusive rate.
  const OptionChain chain = modeled({2024y / June / 21, 2024y / October / 18}, event, 0.08);
  const auto history = xyz_history();
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  const TickerAnalysis a = analyze_ticker({.chain = chain, .event = event, .history = history},
                                          scorer, accepting_unknown_oi());
  CHECK(a.status == AnalysisStatus::no_event_expiration);
  CHECK(a.term_event_move.status == EventMoveStatus::no_later_expiration);
  CHECK_FALSE(a.vrp.ok());
  CHECK_FALSE(a.event_move().has_value());
  CHECK(a.ranking.top.empty());
  CHECK(a.message ==
        "no event expiration: the first expiration after the announcement is 2024-10-18, 98 "
        "sessions of diffusion besides the news (92 before it, 6 after the reaction session "
        "2024-10-10; horizon 5), and its term structure prices no event move "
        "(no_later_expiration); its straddle is not the event's move");
  // The straddle is still reported for what it is.
  CHECK(a.implied_move.ok());
}

TEST_CASE("within the horizon the straddle is the event move and the term structure is shown") {
  const EarningsEvent event = event_on(2024y / June / 13, EarningsTiming::after_close);
  const OptionChain chain = modeled({2024y / June / 14, 2024y / June / 21, 2024y / June / 28},
                                    event, 0.06, 30.0, new_york_market_close(2024y / June / 13));
  const auto history = xyz_history();
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  const TickerAnalysis a = analyze_ticker({.chain = chain, .event = event, .history = history},
                                          scorer, accepting_unknown_oi());
  CHECK(a.event_expiration.sessions_after_reaction == 0);
  CHECK(a.move_basis == EventMoveBasis::event_straddle);
  REQUIRE(a.vrp.ok());
  CHECK(a.vrp.implied_move == a.implied_move.move);
  REQUIRE(a.term_event_move.ok());
  CHECK_CLOSE(a.term_event_move.event_sigma->fraction(), 0.06, 0.0, 0.03);
  // The on-demand IVs equal a whole-chain solve bit for bit.
  const ChainGreeks whole(chain, {});
  const EventMove from_whole =
      implied_event_move(analyze_term_structure(whole), *a.expiration, EventMoveOptions{});
  CHECK(from_whole.event_total_variance == a.term_event_move.event_total_variance);
}

// ---------------------------------------------------------------------------------------------
// Real end-of-day chains (local only: ../shared/data/real, see tests/CMakeLists.txt).

using test::has_shared_chain_file;
using test::shared_chain_file;

TEST_CASE("real chains: an earnings date before a far expiration never gets a far-straddle VRP" *
          doctest::skip(!has_shared_chain_file()) *
          doctest::description("needs IVCRUSH_SHARED_DATA_DIR with option_chains_eod.csv")) {
  const auto read = io::read_option_chains(shared_chain_file());
  REQUIRE(read.chains.size() == 4);
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  struct Case {
    std::size_t chain;
    year_month_day date;
    year_month_day expected_expiration;
  };
  // GOOG 2015-12-23 (expirations ..., 2016-03-18, 2016-06-17, 2017-01-20): reports placed so
  // that the first expiration after them is 176 and 393 days away; AAPL 2014-06-06 (...,
  // 2014-10-18, 2015-01-17, ...): the first is 225 days away.
  const Case cases[] = {{2, 2016y / March / 21, 2016y / June / 17},
                        {2, 2016y / June / 20, 2017y / January / 20},
                        {0, 2014y / December / 1, 2015y / January / 17}};
  for (const Case& c : cases) {
    const OptionChain& chain = read.chains[c.chain];
    CAPTURE(chain.underlying().view());
    CAPTURE(detail::iso_date(c.date));
    const EarningsEvent event{chain.underlying(), c.date, EarningsTiming::after_close};
    std::vector<HistoricalMove> moves;
    for (HistoricalMove m : xyz_history(2011y / January / 10)) {
      m.event.symbol = chain.underlying();
      moves.push_back(m);
    }
    const ReactionHistoryBuffer history(std::move(moves));
    const TickerAnalysis a = analyze_ticker({.chain = chain, .event = event, .history = history},
                                            scorer, TickerAnalysisOptions{});
    REQUIRE(a.expiration.has_value());
    CHECK(*a.expiration == Expiration::from_date(c.expected_expiration));
    CHECK_FALSE(a.event_expiration.within_horizon());
    CHECK(a.move_basis == EventMoveBasis::term_structure);
    if (a.term_event_move.ok()) {
      // The VRP, when there is one, compares the event's own move.
      if (a.vrp.ok()) CHECK(a.vrp.implied_move == *a.term_event_move.expected_absolute_move);
    } else {
      CHECK(a.status == AnalysisStatus::no_event_expiration);
      CHECK_FALSE(a.vrp.ok());
      CHECK(a.ranking.top.empty());
    }
    // Never the far straddle.
    if (a.vrp.ok() && a.implied_move.ok()) CHECK(a.vrp.implied_move != a.implied_move.move);
  }
}

// The real GOOG chain of 2015-12-24 (chain 3) and the real 2016-02-01 after-close report: the
// 2016-02-05 weekly is 3 sessions after the reaction session (within 5 alone), but the chain is
// quoted 27 sessions before the news (weekdays 2015-12-25 .. 2016-02-01, the two holidays
// counted). Its straddle (8.21 % by the analyze program) holds that diffusion; the VRP reads the
// term structure's event move (6.28 %), which brackets the report with 2016-01-29 and 2016-02-05.
TEST_CASE("real chain: GOOG quoted weeks before its report reads the term-structure move" *
          doctest::skip(!has_shared_chain_file()) *
          doctest::description("needs IVCRUSH_SHARED_DATA_DIR with option_chains_eod.csv")) {
  const auto read = io::read_option_chains(shared_chain_file());
  REQUIRE(read.chains.size() == 4);
  const OptionChain& chain = read.chains[3];
  REQUIRE(chain.underlying() == Symbol::parse("GOOG"));
  const EarningsEvent event{chain.underlying(), 2016y / February / 1, EarningsTiming::after_close};
  const EventExpiration e = select_event_expiration(chain, event);
  REQUIRE(e.expiration.has_value());
  CHECK(*e.expiration == Expiration::from_date(2016y / February / 5));
  CHECK(e.sessions_before_news == 27);
  CHECK(e.sessions_after_reaction == 3);
  CHECK_FALSE(e.within_horizon());
  std::vector<HistoricalMove> moves;
  for (HistoricalMove m : xyz_history(2012y / January / 10)) {
    m.event.symbol = chain.underlying();
    moves.push_back(m);
  }
  const ReactionHistoryBuffer history(std::move(moves));
  TickerAnalysisOptions options;
  options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
  const StrategyScorer scorer(IvCrushScoring::original(), {.top_n = 3});
  const TickerAnalysis a =
      analyze_ticker({.chain = chain, .event = event, .history = history}, scorer, options);
  CHECK(a.move_basis == EventMoveBasis::term_structure);
  REQUIRE(a.implied_move.ok());
  REQUIRE(a.term_event_move.ok());
  CHECK_CLOSE(a.implied_move.move.pct(), 8.21, 0.005, 0.0);
  CHECK_CLOSE(a.term_event_move.expected_absolute_move->pct(), 6.28, 0.005, 0.0);
  REQUIRE(a.vrp.ok());
  CHECK(a.vrp.implied_move == *a.term_event_move.expected_absolute_move);
}
