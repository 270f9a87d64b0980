// No trade is a valid answer (scoring/verdict.hpp, issue 16): the best candidate's expectation
// under the policy's own probability, rounded to the cent, must be at least $0.01, and it must
// size to at least one contract; otherwise the ranking says no trade and why.
#include "ivcrush/scoring/verdict.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ivcrush/scoring/any_scoring_policy.hpp"
#include "ivcrush/scoring/policies/expected_value.hpp"
#include "ivcrush/scoring/policies/iv_crush.hpp"
#include "ivcrush/scoring/strategy_scorer.hpp"
#include "scoring/candidates.hpp"

namespace {

using namespace ivcrush;
using ivcrush::test::base_context;

Candidate condor_with(double model_ev, std::int32_t contracts) {
  auto c = ivcrush::test::candidate_from(StrategyKind::iron_condor,
                                         ivcrush::test::condor(95.0, 105.0, 5.0, 1.0));
  c.expected_pnl_model = Money::dollars(model_ev);
  c.contracts = contracts;
  return c;
}

Ranking rank_one(const Candidate& c, const AnyScoringPolicy& policy, bool explain = true) {
  const StrategyScorer scorer(policy, {.top_n = 3, .explain = explain});
  return scorer.rank(std::vector<Candidate>{c}, base_context());
}

TEST_CASE("a condor with a negative model E[P/L] is no trade, with the ranking kept") {
  // Issue 16: "Iron Condor optimal; 6 contracts" with a negative E[P/L] and edge.
  const Ranking r = rank_one(condor_with(-12.34, 6), make_scoring_policy("iv_crush_model"));
  REQUIRE(r.top.size() == 1);  // still ranked and shown
  CHECK(r.verdict.verdict == Verdict::no_trade);
  CHECK(r.verdict.reason == NoTradeReason::non_positive_expectation);
  CHECK(r.verdict.expected_pnl_cents == -1234);
  CHECK(r.verdict.expectation_source == PopSource::model);
  CHECK(r.recommendation ==
        "No trade: Iron Condor ranks first, but its expected P/L under the model probability is "
        "-$12.34 per unit (a trade needs at least $0.01)");
  // Without explanations the verdict is still there (below). The legacy policy's expectation
  // is the two outcomes its POP stands for (next case), not the model's.
  CHECK(rank_one(condor_with(-12.34, 6), make_scoring_policy("iv_crush_default")).verdict.reason ==
        NoTradeReason::none);
  // Without explanations the verdict is still there.
  const Ranking quiet =
      rank_one(condor_with(-12.34, 6), make_scoring_policy("iv_crush_model"), false);
  CHECK(quiet.verdict.reason == NoTradeReason::non_positive_expectation);
  CHECK(quiet.recommendation.empty());
}

TEST_CASE("a legacy-POP policy's expectation is p x max profit - (1 - p) x max loss") {
  Candidate c = condor_with(+50.0, 6);  // the model's expectation would trade
  // The 95/105 condor, $5 wings, $1.00 credit a side: max profit $200, max loss $300 per unit.
  REQUIRE(c.max_profit == Money::dollars(200.0));
  REQUIRE(c.max_loss == Money::dollars(300.0));
  c.pop.legacy = 0.50;  // 0.5 x 200 - 0.5 x 300 = -50
  const Ranking no = rank_one(c, make_scoring_policy("iv_crush_default"));
  CHECK(no.verdict.reason == NoTradeReason::non_positive_expectation);
  CHECK(no.verdict.expectation_source == PopSource::legacy);
  CHECK(no.verdict.expected_pnl_cents == -5000);
  c.pop.legacy = 0.70;  // 140 - 90 = +50
  const Ranking yes = rank_one(c, make_scoring_policy("iv_crush_default"));
  CHECK(yes.verdict.verdict == Verdict::trade);
  CHECK(yes.verdict.expected_pnl_cents == 5000);
  c.pop.legacy = 0.60;  // 120 - 120 = 0 exactly: no trade
  CHECK(rank_one(c, make_scoring_policy("iv_crush_default")).verdict.expected_pnl_cents == 0);
  CHECK(rank_one(c, make_scoring_policy("iv_crush_default")).verdict.reason ==
        NoTradeReason::non_positive_expectation);
}

TEST_CASE("0 contracts is no trade") {
  // Issue 16: --account 100 recommended "... 0 contracts".
  const Ranking r = rank_one(condor_with(25.0, 0), make_scoring_policy("iv_crush_model"));
  CHECK(r.verdict.reason == NoTradeReason::zero_contracts);
  CHECK(r.recommendation ==
        "No trade: Iron Condor ranks first, but the sizing rule gives it 0 contracts (max loss "
        "$300.00 per unit: the risk budget or the sizing limits allow none)");
  // Both: the expectation is the reason, the text adds the size.
  const Ranking both = rank_one(condor_with(-1.0, 0), make_scoring_policy("iv_crush_model"));
  CHECK(both.verdict.reason == NoTradeReason::non_positive_expectation);
  CHECK(both.recommendation.ends_with("; and it sizes to 0 contracts"));
  const Ranking one = rank_one(condor_with(25.0, 1), make_scoring_policy("iv_crush_model"));
  CHECK(one.verdict.is_trade());
  CHECK(one.recommendation.starts_with("Iron Condor optimal"));
}

TEST_CASE("the boundary: E[P/L] rounds to the cent, and $0.00 is no trade") {
  const auto policy = make_scoring_policy("iv_crush_model");
  const auto verdict_at = [&](double ev) { return rank_one(condor_with(ev, 3), policy).verdict; };
  CHECK(verdict_at(0.0).reason == NoTradeReason::non_positive_expectation);
  CHECK(verdict_at(0.0).expected_pnl_cents == 0);
  CHECK(verdict_at(0.004).reason == NoTradeReason::non_positive_expectation);  // $0.00
  CHECK(verdict_at(-0.004).reason == NoTradeReason::non_positive_expectation);
  CHECK(verdict_at(0.006).is_trade());  // $0.01
  CHECK(verdict_at(0.006).expected_pnl_cents == 1);
  CHECK(verdict_at(0.01).is_trade());
  CHECK(verdict_at(-0.01).expected_pnl_cents == -1);
  // A value one ulp either side of a cent rounds to that cent.
  CHECK(verdict_at(std::nextafter(0.01, 0.0)).is_trade());
  CHECK(verdict_at(std::nextafter(0.0, 1.0)).reason == NoTradeReason::non_positive_expectation);
}

TEST_CASE("an empirical policy decides on the empirical E[P/L], when it has enough moves") {
  auto c = condor_with(-20.0, 2);  // the model expects a loss
  c.pop.empirical = 0.9;
  c.expected_pnl_empirical = Money::dollars(15.0);  // the ticker's own moves: a gain
  c.empirical_sample_size = 8;
  for (const auto name : {"iv_crush_empirical", "expected_value"}) {
    CAPTURE(name);
    const Ranking r = rank_one(c, make_scoring_policy(name));
    CHECK(r.verdict.is_trade());
    CHECK(r.verdict.expectation_source == PopSource::empirical);
    CHECK(r.verdict.expected_pnl_cents == 1500);
  }
  CHECK(rank_one(c, make_scoring_policy("iv_crush_model")).verdict.reason ==
        NoTradeReason::non_positive_expectation);
  // Too few moves: the empirical policy falls back to the model, and so does its verdict.
  c.empirical_sample_size = 3;
  const Ranking few = rank_one(c, make_scoring_policy("iv_crush_empirical"));
  CHECK(few.verdict.reason == NoTradeReason::non_positive_expectation);
  CHECK(few.verdict.expectation_source == PopSource::model);
  CHECK(few.recommendation.find("under the model probability is -$20.00") != std::string::npos);
  // And the reverse: the model expects a gain, the moves a loss.
  c.empirical_sample_size = 8;
  c.expected_pnl_model = Money::dollars(20.0);
  c.expected_pnl_empirical = Money::dollars(-0.5);
  const Ranking emp = rank_one(c, make_scoring_policy("expected_value"));
  CHECK(emp.verdict.reason == NoTradeReason::non_positive_expectation);
  CHECK(emp.recommendation.find("under the empirical probability is -$0.50") != std::string::npos);
}

TEST_CASE("no candidate: no trade, reason no_candidates") {
  const TradeVerdict v = trade_verdict(nullptr, {});
  CHECK(v.verdict == Verdict::no_trade);
  CHECK(v.reason == NoTradeReason::no_candidates);
  CHECK(to_string(v.reason) == "no_candidates");
  CHECK(to_string(Verdict::trade) == "trade");
  CHECK(no_trade_rationale(nullptr, v) == "No trade: no candidate to rank");
}

}  // namespace
