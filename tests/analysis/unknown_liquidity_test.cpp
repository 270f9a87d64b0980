// Issue 16, "unknown is not zero": a chain without open interest through analyze_ticker, on the
// modeled CIEN chain (OI unknown by construction) and, locally, on the real AAPL 2014-06-09
// chain (Lean records no OI for that date: SOURCES.md).
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "ivcrush/analysis/event_chain_model.hpp"
#include "ivcrush/analysis/ticker_analysis.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/chain_csv.hpp"
#include "ivcrush/io/earnings_csv.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "support/check_close.hpp"
#include "support/shared_data.hpp"

using namespace ivcrush;
using namespace std::chrono;
using test::has_shared_chain_file;
using test::shared_chain_file;

namespace {

const EarningsEvent cien_event{Symbol::parse("CIEN"), 2025y / December / 11,
                               EarningsTiming::after_close};

EventChainSetup cien_chain() {
  return model_event_chain({.event = cien_event,
                            .as_of = new_york_market_close(2025y / December / 5),
                            .spot = Price::dollars(201.71),
                            .implied_move = Percentage::from_pct(14.178772)});
}

}  // namespace

TEST_CASE("a modeled chain's liquidity is UNKNOWN (modeled), never EXCELLENT, zero stops it") {
  const EventChainSetup s = cien_chain();
  const ReactionHistoryBuffer history(test::bundled_reactions("CIEN"));
  const StrategyScorer scorer(IvCrushScoring::model_pop(), {.top_n = 3});
  TickerAnalysisOptions options;
  options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
  options.modeled_chain = true;
  const TickerAnalysis a = analyze_ticker(
      {.chain = s.chain.chain, .event = cien_event, .history = history}, scorer, options);
  REQUIRE_MESSAGE(a.ok(), a.message);
  CHECK(a.scoring.modeled_chain);
  REQUIRE_FALSE(a.generation.candidates.empty());
  for (const Candidate& c : a.generation.candidates) {
    // The modeled spreads are tight, so no known factor is bad: the tier is UNKNOWN, and the
    // smallest short-leg OI is unknown, not 0.
    CHECK(c.liquidity == LiquidityTier::unknown);
    CHECK_FALSE(c.min_open_interest.has_value());
  }
  REQUIRE(a.ranking.top.size() == 3);
  for (const RankedCandidate& r : a.ranking.top) {
    const ScoreComponent& liq = r.breakdown.at("liquidity");
    CHECK(liq.reason() == "liquidity unknown (modeled): full weight");
    CHECK(liq.points == doctest::Approx(22.0).epsilon(1e-12));  // with-greeks weight 0.22
    CHECK(r.rationale.find("liquidity unknown (modeled)") == 0);
    CHECK(r.rationale.find("High liquidity") == std::string::npos);
  }

  // The same chain as a market chain without OI: the other text.
  options.modeled_chain = false;
  const TickerAnalysis m = analyze_ticker(
      {.chain = s.chain.chain, .event = cien_event, .history = history}, scorer, options);
  REQUIRE(m.ok());
  CHECK(m.ranking.top.front().breakdown.at("liquidity").reason() ==
        "liquidity unknown (no open interest in the data): full weight");
  CHECK(m.ranking.top.front().rationale.find("liquidity unknown (no open interest in the data)") ==
        0);

  // Unknown counted as zero: the straddle is not priced, and the status says why.
  options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_zero;
  const TickerAnalysis z = analyze_ticker(
      {.chain = s.chain.chain, .event = cien_event, .history = history}, scorer, options);
  CHECK(z.status == AnalysisStatus::no_implied_move);
  CHECK(z.implied_move.status == ImpliedMoveStatus::unknown_open_interest);
  CHECK(z.message.find("implied move: unknown_open_interest (the straddle has no open interest "
                       "in the data") == 0);
}

TEST_CASE("real chain: AAPL 2014-06-09 has no open interest, acceptable prices the move" *
          doctest::skip(!has_shared_chain_file()) *
          doctest::description("needs IVCRUSH_SHARED_DATA_DIR with option_chains_eod.csv")) {
  const auto read = io::read_option_chains(shared_chain_file());
  REQUIRE(read.chains.size() == 4);
  const OptionChain& chain = read.chains[1];
  REQUIRE(chain.underlying() == Symbol::parse("AAPL"));
  REQUIRE(chain.as_of() == new_york_market_close(2014y / June / 9));
  for (const OptionQuote& q : chain.quotes()) REQUIRE_FALSE(q.open_interest.has_value());

  // An announcement after the close of 2014-06-10: the first expiration after it is 06-13.
  const EarningsEvent event{Symbol::parse("AAPL"), 2014y / June / 10, EarningsTiming::after_close};
  const StrategyScorer scorer(IvCrushScoring::model_pop());
  TickerAnalysisOptions options;
  options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_acceptable;
  const TickerAnalysis a =
      analyze_ticker({.chain = chain, .event = event, .history = {}}, scorer, options);
  REQUIRE(a.expiration.has_value());
  CHECK(a.expiration->date() == 2014y / June / 13);
  REQUIRE(a.implied_move.ok());
  // The file's ATM 93.57 legs (spot 93.70): call 0.90 / 0.94, put 0.82 / 0.85.
  CHECK(a.implied_move.atm_strike == Strike::parse("93.57"));
  const double straddle = (0.90 + 0.94) / 2.0 + (0.82 + 0.85) / 2.0;  // 1.755
  CHECK_CLOSE(a.implied_move.straddle.dollars(), straddle, 1e-12, 0.0);
  CHECK_CLOSE(a.implied_move.move.pct(), 100.0 * straddle / 93.70, 1e-12, 0.0);
  CHECK(a.status == AnalysisStatus::vrp_not_available);  // no history given: the next step

  options.generator.analysis.liquidity_policy = LiquidityPolicy::unknown_is_zero;
  const TickerAnalysis z =
      analyze_ticker({.chain = chain, .event = event, .history = {}}, scorer, options);
  CHECK(z.status == AnalysisStatus::no_implied_move);
  CHECK(z.implied_move.status == ImpliedMoveStatus::unknown_open_interest);
}
