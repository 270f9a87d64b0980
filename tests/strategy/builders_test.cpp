// Builders: domain-spec §8 "End-to-end generator" reproduced on its synthetic chain (with the
// iron-condor [BUG] fixed), §3.3 type selection, §3.4 delta targets, every "no candidate"
// reason, and bad options rejected with pinned messages.
#include "ivcrush/strategy/builders.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <utility>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/earnings/implied_move.hpp"
#include "support/check_close.hpp"
#include "synthetic_chains.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
using test::bs;
using test::norm_cdf;
using test::section8_expiry;

const Expiration expiry = Expiration::from_date(section8_expiry);
constexpr double t_years = 7.0 / 365.0;

// The original read its deltas from the quotes and sized with its own POP.
const BuilderOptions original_builder{.delta_source = DeltaSource::vendor};
const AnalysisOptions original_analysis{.sizing_pop = SizingPop::legacy};

double strike_of(const Candidate& c, std::size_t leg) {
  return c.strategy.legs()[leg].strike().dollars();
}

const QuoteAnalytics& analytics(const ChainGreeks& g, const char* strike, OptionRight right) {
  const QuoteAnalytics* a = g.find(expiry, Strike::parse(strike), right);
  REQUIRE(a != nullptr);
  return *a;
}

double mid_iv(const ChainGreeks& g, const char* strike, OptionRight right) {
  const auto iv = analytics(g, strike, right).iv();
  REQUIRE(iv.has_value());
  return iv->fraction();
}

double delta_of(const ChainGreeks& g, const char* strike, OptionRight right) {
  const auto& a = analytics(g, strike, right);
  REQUIRE(a.greeks.has_value());
  return a.greeks->delta;
}

// The ATM IV the model uses, checked independently: Black-Scholes at it reprices the mid.
double atm_iv(const ChainGreeks& g) {
  const double c = mid_iv(g, "100", OptionRight::call);
  const double p = mid_iv(g, "100", OptionRight::put);
  CHECK_CLOSE(bs(true, 100.0, 100.0, c, t_years).price, 3.315, 1e-9, 0.0);
  CHECK_CLOSE(bs(false, 100.0, 100.0, p, t_years).price, 3.315, 1e-9, 0.0);
  return 0.5 * (c + p);
}

TEST_CASE("§8 synthetic chain: ATM straddle 6.63, implied move 6.63 %") {
  const OptionChain chain = test::section8_chain();
  REQUIRE(chain.size() == 82);
  const ImpliedMove m = atm_straddle_move(chain, expiry);
  REQUIRE(m.ok());
  CHECK_CLOSE(m.straddle.dollars(), 6.63, 1e-12, 0.0);
  CHECK_CLOSE(m.move.pct(), 6.63, 1e-12, 0.0);
}

TEST_CASE("§8 end-to-end: the bull put spread falls back to 93P/88P") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const StrategyContext ctx{.greeks = greeks,
                            .expiration = expiry,
                            .implied_move = Percentage::from_pct(6.63),
                            .vrp_ratio = 2.2,
                            .bias = DirectionalBias::neutral};
  const BuildResult r = build_bull_put_spread(ctx, original_builder, original_analysis);
  REQUIRE(r.ok());
  const Candidate& c = *r.candidate;
  CHECK(c.kind == StrategyKind::bull_put_spread);
  // The delta picks 95P (|Δ| 0.255) / 94P (0.2159) have the short inside 93.37 .. 106.63, so
  // the distance targets 92.707 / 87.707 snap to 93 / 88.
  REQUIRE(c.strategy.legs().size() == 2);
  CHECK(strike_of(c, 0) == 93.0);
  CHECK(c.strategy.legs()[0].side() == Side::sell);
  CHECK(strike_of(c, 1) == 88.0);
  CHECK(c.strategy.legs()[1].side() == Side::buy);
  CHECK_CLOSE(c.net_credit_per_share.dollars(), 0.635, 1e-12, 0.0);  // 0.85 - 0.215
  CHECK_CLOSE(c.max_profit.dollars(), 63.50, 1e-9, 0.0);
  CHECK_CLOSE(c.max_loss.dollars(), 436.50, 1e-9, 0.0);  // (5 - 0.635) × 100
  REQUIRE(c.payoff.breakevens().size() == 1);
  CHECK_CLOSE(c.payoff.breakevens()[0], 92.365, 1e-9, 0.0);
  CHECK_CLOSE(c.reward_risk_ratio, 63.5 / 436.5, 1e-12, 0.0);  // 0.1455
  CHECK_CLOSE(c.pop.legacy, 0.8199, 1e-12, 0.0);               // 1 - |-0.1801|
  // EV on the legacy POP is below -2 % of the max loss: the minimum, 1 contract.
  CHECK(c.contracts == 1);
  CHECK(c.liquidity == LiquidityTier::excellent);  // OI 1000, spread 0.06/0.85 = 7.1 %
  CHECK(c.min_open_interest == 1000);
  CHECK_CLOSE(c.max_spread.pct(), 100.0 * 0.06 / 0.85, 1e-9, 0.0);

  // Model POP: P(S_T >= 92.365 + $0.01/100), lognormal at the ATM mid IV, zero drift: N(d2).
  const double sigma = atm_iv(greeks);
  const double level = 92.365 + 0.0001;
  const double d2 =
      (std::log(100.0 / level) - 0.5 * sigma * sigma * t_years) / (sigma * std::sqrt(t_years));
  CHECK_CLOSE(c.pop.model, norm_cdf(d2), 1e-9, 0.0);
  // E[P/L] = 100 (credit - put(93) + put(88)) at that σ (the spread's risk-neutral value).
  const double expected = 100.0 * (0.635 - bs(false, 100, 93, sigma, t_years).price +
                                   bs(false, 100, 88, sigma, t_years).price);
  CHECK_CLOSE(c.expected_pnl_model.dollars(), expected, 1e-7, 0.0);
  CHECK_FALSE(c.pop.empirical.has_value());

  // Per-unit greeks: -100 Δ(93P) + 100 Δ(88P) from the chain's own greeks.
  REQUIRE(c.greeks.has_value());
  const double d93 = delta_of(greeks, "93", OptionRight::put);
  const double d88 = delta_of(greeks, "88", OptionRight::put);
  CHECK_CLOSE(c.greeks->delta_shares, -100.0 * d93 + 100.0 * d88, 1e-9, 0.0);
  CHECK(c.greeks->option_contracts == 2);
}

TEST_CASE("§8 end-to-end: bear call 107C/112C and the iron condor with its max loss fixed") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const StrategyContext ctx{.greeks = greeks,
                            .expiration = expiry,
                            .implied_move = Percentage::from_pct(6.63),
                            .vrp_ratio = 2.2};
  const BuildResult bcs = build_bear_call_spread(ctx, original_builder, original_analysis);
  REQUIRE(bcs.ok());
  CHECK(strike_of(*bcs.candidate, 0) == 107.0);  // 107.293 -> 107, 112.293 -> 112
  CHECK(strike_of(*bcs.candidate, 1) == 112.0);
  CHECK_CLOSE(bcs.candidate->net_credit_per_share.dollars(), 0.66, 1e-12, 0.0);
  CHECK_CLOSE(bcs.candidate->max_loss.dollars(), 434.00, 1e-9, 0.0);
  CHECK_CLOSE(bcs.candidate->pop.legacy, 0.7802, 1e-12, 0.0);
  CHECK_CLOSE(bcs.candidate->payoff.breakevens()[0], 107.66, 1e-9, 0.0);
  CHECK(bcs.candidate->contracts == 1);

  const BuildResult ic = build_iron_condor(ctx, original_builder, original_analysis);
  REQUIRE(ic.ok());
  const Candidate& c = *ic.candidate;
  REQUIRE(c.strategy.legs().size() == 4);
  CHECK(strike_of(c, 0) == 93.0);  // put-spread legs first, then the call spread
  CHECK(strike_of(c, 1) == 88.0);
  CHECK(strike_of(c, 2) == 107.0);
  CHECK(strike_of(c, 3) == 112.0);
  CHECK_CLOSE(c.net_credit_per_share.dollars(), 1.295, 1e-12, 0.0);
  CHECK_CLOSE(c.max_profit.dollars(), 129.50, 1e-9, 0.0);
  // [BUG] fixed: the original reported max(436.50, 434.00) = 436.50, each side's width less
  // only its own credit. Both sides can never lose at once, so the condor's worst case is the
  // wider width less the *total* credit: (5 - 1.295) × 100 = 370.50.
  CHECK_CLOSE(c.max_loss.dollars(), 370.50, 1e-9, 0.0);
  // Breakevens from the total credit: 93 - 1.295 and 107 + 1.295 (the original: 92.365 and
  // 107.66, each side's own credit only).
  REQUIRE(c.payoff.breakevens().size() == 2);
  CHECK_CLOSE(c.payoff.breakevens()[0], 91.705, 1e-9, 0.0);
  CHECK_CLOSE(c.payoff.breakevens()[1], 108.295, 1e-9, 0.0);
  CHECK_CLOSE(c.reward_risk_ratio, 129.5 / 370.5, 1e-12, 0.0);  // original 0.2967
  CHECK_CLOSE(c.pop.legacy, 0.6001, 1e-12, 0.0);                // 1 - 0.1801 - 0.2198
  CHECK(c.contracts == 1);                                      // EV < -2 % either way
  // Model POP: the lognormal mass between the two breakevens (P/L >= $0.01).
  const double sigma = atm_iv(greeks);
  const auto above = [&](double level) {
    return norm_cdf((std::log(100.0 / level) - 0.5 * sigma * sigma * t_years) /
                    (sigma * std::sqrt(t_years)));
  };
  CHECK_CLOSE(c.pop.model, above(91.705 + 0.0001) - above(108.295 - 0.0001), 1e-9, 0.0);
  // Greeks are the condor's own per unit: the sum over its four legs, each once.
  REQUIRE(c.greeks.has_value());
  CHECK(c.greeks->option_contracts == 4);
}

TEST_CASE("§8 end-to-end with VRP 2.6: [IB, IC, BPS], the butterfly 97P/100/103C") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const StrategyContext ctx{.greeks = greeks,
                            .expiration = expiry,
                            .implied_move = Percentage::from_pct(6.63),
                            .vrp_ratio = 2.6};
  const SelectedStrategies sel =
      build_selected_strategies(ctx, original_builder, original_analysis);
  REQUIRE(sel.kinds.size() == 3);
  CHECK(sel.kinds[0] == StrategyKind::iron_butterfly);
  CHECK(sel.kinds[1] == StrategyKind::iron_condor);
  CHECK(sel.kinds[2] == StrategyKind::bull_put_spread);
  REQUIRE(sel.results.size() == 3);
  for (const auto& r : sel.results) CHECK(r.ok());
  CHECK(sel.candidates().size() == 3);

  const Candidate& ib = *sel.results[0].candidate;
  REQUIRE(ib.strategy.legs().size() == 4);
  // Short call and put at the ATM 100, long wings at 103C and 97P (wing max(1.5, 3) = 3).
  CHECK(ib.strategy.legs()[0].instrument() == Instrument::call);
  CHECK(strike_of(ib, 0) == 100.0);
  CHECK(ib.strategy.legs()[1].instrument() == Instrument::put);
  CHECK(strike_of(ib, 1) == 100.0);
  CHECK(strike_of(ib, 2) == 103.0);
  CHECK(strike_of(ib, 3) == 97.0);
  CHECK_CLOSE(ib.net_credit_per_share.dollars(), 2.565, 1e-12, 0.0);  // 6.63 - 2.08 - 1.985
  CHECK_CLOSE(ib.max_loss.dollars(), 43.50, 1e-9, 0.0);               // (3 - 2.565) × 100
  CHECK_CLOSE(ib.reward_risk_ratio, 256.5 / 43.5, 1e-12, 0.0);        // 5.8966
  // ratio = (2 × 2.565 / 100) / (2 × 0.0663) = 0.3869: table 0.3434, clamped to 0.35.
  CHECK_CLOSE(ib.pop.legacy, 0.35, 1e-15, 0.0);
  // EV-Kelly on the legacy POP: floor(20000/43.5 × 0.25 × 0.3 × 1.0) = floor(34.48) = 34.
  CHECK(ib.contracts == 34);
  REQUIRE(ib.payoff.breakevens().size() == 2);
  CHECK_CLOSE(ib.payoff.breakevens()[0], 97.435, 1e-9, 0.0);
  CHECK_CLOSE(ib.payoff.breakevens()[1], 102.565, 1e-9, 0.0);
}

TEST_CASE("fees and the sizing POP source are explicit") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const StrategyContext ctx{
      .greeks = greeks, .expiration = expiry, .implied_move = Percentage::from_pct(6.63)};
  // The original's $0.30 per contract, entry only: 2 legs -> $0.60 off both extremes.
  const BuildResult r =
      build_bull_put_spread(ctx, original_builder,
                            {.fees = {.per_contract = Money::dollars(0.30), .charge_exit = false},
                             .sizing_pop = SizingPop::legacy});
  REQUIRE(r.ok());
  CHECK_CLOSE(r.candidate->max_profit.dollars(), 62.90, 1e-9, 0.0);
  CHECK_CLOSE(r.candidate->max_loss.dollars(), 437.10, 1e-9, 0.0);
  // Fixed sizing: floor(20000 / 437.10) = 45.
  const BuildResult f =
      build_bull_put_spread(ctx, original_builder,
                            {.fees = {.per_contract = Money::dollars(0.30), .charge_exit = false},
                             .sizing = SizingRule::fixed});
  REQUIRE(f.ok());
  CHECK(f.candidate->contracts == 45);
}

TEST_CASE("empirical POP from the context's historical moves") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const std::vector<Percentage> moves{Percentage::from_pct(-10), Percentage::from_pct(-5),
                                      Percentage::from_pct(0), Percentage::from_pct(3),
                                      Percentage::from_pct(8)};
  const StrategyContext ctx{.greeks = greeks,
                            .expiration = expiry,
                            .implied_move = Percentage::from_pct(6.63),
                            .historical_moves = moves};
  const BuildResult r =
      build_bull_put_spread(ctx, original_builder, {.sizing_pop = SizingPop::empirical});
  REQUIRE(r.ok());
  const Candidate& c = *r.candidate;
  // 93/88 put spread for 0.635 at S = 90, 95, 100, 103, 108: -236.5, +63.5 × 4.
  REQUIRE(c.pop.empirical.has_value());
  CHECK_CLOSE(*c.pop.empirical, 0.8, 1e-15, 0.0);
  CHECK(c.empirical_sample_size == 5);
  CHECK_CLOSE(c.expected_pnl_empirical->dollars(), (-236.5 + 4 * 63.5) / 5.0, 1e-9, 0.0);
  // EV-Kelly on POP 0.8: EV = 0.8·63.5 - 0.2·436.5 < -2 %: 1 contract.
  CHECK(c.contracts == 1);
}

TEST_CASE("§3.3 strategy selection: r in {2.6, 2.2, 1.7, 1.3} × all 7 biases") {
  using K = StrategyKind;
  using B = DirectionalBias;
  const K ib = K::iron_butterfly, ic = K::iron_condor, bps = K::bull_put_spread,
          bcs = K::bear_call_spread;
  struct Row {
    double r;
    B bias;
    std::vector<K> kinds;
  };
  const std::vector<Row> rows{
      {2.6, B::strong_bearish, {bcs, ic}},
      {2.6, B::bearish, {bcs, ic, bps}},
      {2.6, B::weak_bearish, {ic, bps, bcs}},
      {2.6, B::neutral, {ib, ic, bps}},
      {2.6, B::weak_bullish, {ic, bps, bcs}},
      {2.6, B::bullish, {bps, ic, bcs}},
      {2.6, B::strong_bullish, {bps, ic}},
      {2.2, B::strong_bearish, {bcs, ic}},
      {2.2, B::bearish, {bcs, ic, bps}},
      {2.2, B::weak_bearish, {ic, bps, bcs}},
      {2.2, B::neutral, {ic, bps, bcs}},
      {2.2, B::weak_bullish, {ic, bps, bcs}},
      {2.2, B::bullish, {bps, ic, bcs}},
      {2.2, B::strong_bullish, {bps, ic}},
      {1.7, B::strong_bearish, {bcs, ic}},
      {1.7, B::bearish, {bcs, ic}},
      {1.7, B::weak_bearish, {ic, bps}},
      {1.7, B::neutral, {ic, bps}},
      {1.7, B::weak_bullish, {ic, bps}},
      {1.7, B::bullish, {bps, ic}},
      {1.7, B::strong_bullish, {bps, ic}},
      {1.3, B::strong_bearish, {bcs}},
      {1.3, B::bearish, {bcs}},
      {1.3, B::weak_bearish, {bcs}},
      {1.3, B::neutral, {bps}},
      {1.3, B::weak_bullish, {bps}},
      {1.3, B::bullish, {bps}},
      {1.3, B::strong_bullish, {bps}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.r);
    CAPTURE(to_string(row.bias));
    const auto got = select_strategy_kinds(row.r, row.bias);
    CHECK(std::vector<K>(got.begin(), got.end()) == row.kinds);
  }
  // The boundaries are inclusive: exactly 2.5, 2.0 and 1.5 take the upper row.
  CHECK(select_strategy_kinds(2.5, B::neutral)[0] == ib);
  CHECK(select_strategy_kinds(2.0, B::bullish).size() == 3);
  CHECK(select_strategy_kinds(1.5, B::neutral).size() == 2);
  CHECK(select_strategy_kinds(1.4999, B::neutral).size() == 1);
  CHECK_THROWS_WITH_AS((void)select_strategy_kinds(-1.0, B::neutral),
                       "vrp ratio = -1: must not be negative", InvalidInput);
}

TEST_CASE("§3.4 delta targets by bias, and the clamp / fallback rules") {
  using B = DirectionalBias;
  struct Row {
    B bias;
    double put_short, put_long, call_short, call_long;
  };
  const Row rows[] = {
      {B::strong_bullish, 0.15, 0.10, 0.35, 0.30}, {B::bullish, 0.20, 0.15, 0.30, 0.25},
      {B::weak_bullish, 0.23, 0.18, 0.27, 0.22},   {B::neutral, 0.25, 0.20, 0.25, 0.20},
      {B::weak_bearish, 0.27, 0.22, 0.23, 0.18},   {B::bearish, 0.30, 0.25, 0.20, 0.15},
      {B::strong_bearish, 0.35, 0.30, 0.15, 0.10},
  };
  for (const auto& r : rows) {
    CAPTURE(to_string(r.bias));
    const auto p = delta_targets(r.bias, OptionRight::put);
    const auto c = delta_targets(r.bias, OptionRight::call);
    CHECK_CLOSE(p.short_delta, r.put_short, 1e-12, 0.0);
    CHECK_CLOSE(p.long_delta, r.put_long, 1e-12, 0.0);
    CHECK_CLOSE(c.short_delta, r.call_short, 1e-12, 0.0);
    CHECK_CLOSE(c.long_delta, r.call_long, 1e-12, 0.0);
  }
  // Clamp to [0.10, 0.40]: a strong shift of 0.20 takes the put side to (0.05, 0.00), clamped
  // to (0.10, 0.10): long >= short again, so the base targets.
  const DeltaTargetRule wide{.strong_adjustment = 0.20};
  CHECK(delta_targets(B::strong_bullish, OptionRight::put, wide) == DeltaTargets{0.25, 0.20});
  // The call side of the same rule: (0.45, 0.40) clamped to (0.40, 0.40): base targets too.
  CHECK(delta_targets(B::strong_bullish, OptionRight::call, wide) == DeltaTargets{0.25, 0.20});
  // A clamp that keeps the order: (0.40, 0.35) from base 0.32/0.27 + 0.10 -> (0.42, 0.37).
  const auto clamped = delta_targets(B::strong_bullish, OptionRight::call,
                                     {.short_delta = 0.32, .long_delta = 0.27});
  CHECK_CLOSE(clamped.short_delta, 0.40, 1e-12, 0.0);
  CHECK_CLOSE(clamped.long_delta, 0.37, 1e-12, 0.0);
}

// A small chain from explicit quotes (vendor deltas where given), T = 7 days.
struct QuoteSpec {
  double strike;
  OptionRight right;
  std::optional<double> bid;
  double ask;
  std::optional<double> delta;
};
OptionChain small_chain(double spot, std::initializer_list<QuoteSpec> qs,
                        sys_seconds as_of = test::seven_days_before_expiry()) {
  ChainBuilder b(Symbol::parse("SML"), as_of, Price::dollars(spot));
  for (const auto& q : qs) {
    b.add({.expiration = section8_expiry,
           .strike = q.strike,
           .right = q.right,
           .bid = q.bid,
           .ask = q.ask,
           .volume = 100,
           .open_interest = 500,
           .vendor_delta = q.delta});
  }
  auto r = std::move(b).build();
  REQUIRE(r.rejects.empty());
  return std::move(r.chain);
}

TEST_CASE("every builder says why it has no candidate") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const auto ctx_for = [&](const ChainGreeks& g, double im) {
    return StrategyContext{.greeks = g,
                           .expiration = expiry,
                           .implied_move = Percentage::from_pct(im),
                           .vrp_ratio = 2.2};
  };

  SUBCASE("expiration not in the chain") {
    StrategyContext ctx = ctx_for(greeks, 6.63);
    ctx.expiration = Expiration::from_date(2025y / January / 24);
    for (const auto kind : {StrategyKind::bull_put_spread, StrategyKind::bear_call_spread,
                            StrategyKind::iron_condor, StrategyKind::iron_butterfly}) {
      const BuildResult r = build_strategy(kind, ctx);
      CHECK_FALSE(r.ok());
      CHECK(r.kind == kind);
      CHECK(r.reason == NoCandidateReason::expiration_not_in_chain);
      CHECK(r.message == "expiration 2025-01-24: not in the SYN chain");
    }
  }
  SUBCASE("expired: as-of after the 16:00 expiry of that day") {
    const auto late = Expiration::from_date(section8_expiry).expiry_time() + hours{1};
    const OptionChain c = small_chain(
        100.0, {{100, OptionRight::put, 1.0, 1.1, -0.5}, {95, OptionRight::put, 0.5, 0.6, -0.2}},
        late);
    const ChainGreeks g = compute_chain_greeks(c, {});
    const BuildResult r = build_bull_put_spread(ctx_for(g, 5.0));
    CHECK(r.reason == NoCandidateReason::expired);
    CHECK(r.message == "expiration 2025-01-17: expired before the chain's as-of");
  }
  SUBCASE("no volatility: the ATM quotes are one-sided; a given σ fixes it") {
    const OptionChain c = small_chain(100.0, {{100, OptionRight::put, std::nullopt, 3.0, -0.5},
                                              {100, OptionRight::call, std::nullopt, 3.0, 0.5},
                                              {90, OptionRight::put, 1.5, 1.6, -0.25},
                                              {85, OptionRight::put, 0.5, 0.6, -0.2}});
    const ChainGreeks g = compute_chain_greeks(c, {});
    const BuilderOptions vendor{.delta_source = DeltaSource::vendor};
    const BuildResult r = build_bull_put_spread(ctx_for(g, 5.0), vendor);
    CHECK(r.reason == NoCandidateReason::no_volatility);
    CHECK(r.message ==
          "expiration 2025-01-17: no mid implied volatility at the ATM strike (give "
          "AnalysisOptions::volatility)");
    const BuildResult ok =
        build_bull_put_spread(ctx_for(g, 5.0), vendor, {.volatility = Volatility::from_points(50)});
    CHECK(ok.ok());
  }
  SUBCASE("no quotes on the side") {
    const OptionChain c = small_chain(
        100.0, {{100, OptionRight::call, 2.0, 2.2, 0.5}, {105, OptionRight::call, 0.8, 0.9, 0.25}});
    const ChainGreeks g = compute_chain_greeks(c, {});
    const BuildResult r = build_bull_put_spread(ctx_for(g, 5.0));
    CHECK(r.reason == NoCandidateReason::no_quotes);
    CHECK(r.message == "no put quotes for 2025-01-17");
    const BuildResult ic = build_iron_condor(ctx_for(g, 5.0));
    CHECK(ic.reason == NoCandidateReason::no_quotes);
    CHECK(ic.message == "put side: no put quotes for 2025-01-17");
  }
  SUBCASE("credit below the minimum, for each kind") {
    const StrategyContext ctx = ctx_for(greeks, 6.63);
    const BuilderOptions high{.min_credit = Money::dollars(3.0),
                              .delta_source = DeltaSource::vendor};
    const BuildResult bps = build_bull_put_spread(ctx, high);
    CHECK(bps.reason == NoCandidateReason::credit_below_minimum);
    CHECK(bps.message == "short 93P / long 88P: credit 0.6350 < minimum 3.00");
    const BuildResult bcs = build_bear_call_spread(ctx, high);
    CHECK(bcs.message == "short 107C / long 112C: credit 0.6600 < minimum 3.00");
    const BuildResult ic = build_iron_condor(ctx, high);
    CHECK(ic.reason == NoCandidateReason::credit_below_minimum);
    CHECK(ic.message == "put side: short 93P / long 88P: credit 0.6350 < minimum 3.00");
    const BuildResult ib = build_iron_butterfly(ctx, high);
    CHECK(ib.reason == NoCandidateReason::credit_below_minimum);
    CHECK(ib.message == "centre 100 wings 97P / 103C: credit 2.5650 < minimum 3.00");
  }
  SUBCASE("both delta picks on one strike: zero credit") {
    // One put with a delta: short and long are the same strike; its short strike is outside
    // the implied move, so the delta pick stands and its credit is 0.
    const OptionChain c = small_chain(100.0, {{100, OptionRight::put, 3.0, 3.2, std::nullopt},
                                              {100, OptionRight::call, 3.0, 3.2, std::nullopt},
                                              {90, OptionRight::put, 1.0, 1.1, -0.2}});
    const ChainGreeks g = compute_chain_greeks(c, {});
    const BuildResult r =
        build_bull_put_spread(ctx_for(g, 5.0), {.delta_source = DeltaSource::vendor});
    CHECK(r.reason == NoCandidateReason::credit_below_minimum);
    CHECK(r.message == "short 90P / long 90P: credit 0.0000 < minimum 0.20");
  }
  SUBCASE("condor sides that cross") {
    // No deltas (vendor source, none given) and a zero implied move: both distance fallbacks
    // snap to the 100 strike.
    const OptionChain c = small_chain(100.0, {{100, OptionRight::put, 3.0, 3.2, std::nullopt},
                                              {100, OptionRight::call, 3.0, 3.2, std::nullopt},
                                              {95, OptionRight::put, 1.0, 1.1, std::nullopt},
                                              {105, OptionRight::call, 1.0, 1.1, std::nullopt}});
    const ChainGreeks g = compute_chain_greeks(c, {});
    const BuildResult x = build_iron_condor(ctx_for(g, 0.0), {.delta_source = DeltaSource::vendor});
    CHECK(x.reason == NoCandidateReason::strikes_cross);
    CHECK(x.message == "put short 100 is not below call short 100");
  }
  SUBCASE("butterfly: missing ATM quote, missing wing, zero implied move") {
    const OptionChain c1 = small_chain(100.0, {{100, OptionRight::call, 3.0, 3.2, 0.5},
                                               {97, OptionRight::put, 1.0, 1.1, -0.3},
                                               {103, OptionRight::call, 1.0, 1.1, 0.3}});
    const ChainGreeks g1 = compute_chain_greeks(c1, {});
    const BuildResult a = build_iron_butterfly(ctx_for(g1, 5.0));
    CHECK(a.reason == NoCandidateReason::missing_atm_quote);
    CHECK(a.message == "ATM strike 100: no put quote");

    const OptionChain c2 = small_chain(100.0, {{100, OptionRight::call, 3.0, 3.2, 0.5},
                                               {100, OptionRight::put, 3.0, 3.2, -0.5},
                                               {103, OptionRight::call, 1.0, 1.1, 0.3}});
    const ChainGreeks g2 = compute_chain_greeks(c2, {});
    const BuildResult b = build_iron_butterfly(ctx_for(g2, 5.0));
    CHECK(b.reason == NoCandidateReason::missing_wing);
    CHECK(b.message == "centre 100, wing 3.000: wings 100P / 103C are not outside the centre");

    const BuildResult z = build_iron_butterfly(ctx_for(greeks, 0.0));
    CHECK(z.reason == NoCandidateReason::zero_implied_move);
    CHECK(z.message == "implied move = 0: the legacy butterfly POP divides by it");
  }
  SUBCASE("no risk (credit above the width) and no profit (fees eat the credit)") {
    const OptionChain c = small_chain(110.0, {{110, OptionRight::put, 3.0, 3.2, -0.5},
                                              {110, OptionRight::call, 3.0, 3.2, 0.5},
                                              {95, OptionRight::put, 5.9, 6.1, -0.25},
                                              {90, OptionRight::put, 0.4, 0.6, -0.20}});
    const ChainGreeks g = compute_chain_greeks(c, {});
    const BuildResult r =
        build_bull_put_spread(ctx_for(g, 1.0), {.delta_source = DeltaSource::vendor},
                              {.volatility = Volatility::from_points(40)});
    CHECK(r.reason == NoCandidateReason::no_risk);
    CHECK(r.message == "-95P +90P: the payoff cannot lose (credit at least the width)");

    const BuildResult f =
        build_bull_put_spread(ctx_for(greeks, 6.63), {.delta_source = DeltaSource::vendor},
                              {.fees = {.per_contract = Money::dollars(40.0)}});
    CHECK(f.reason == NoCandidateReason::no_profit);
    CHECK(f.message == "-93P +88P: the payoff cannot gain after fees (max P/L -96.50)");
  }
  SUBCASE("custom has no builder") {
    CHECK_THROWS_WITH_AS((void)build_strategy(StrategyKind::custom, ctx_for(greeks, 5.0)),
                         "strategy kind = custom: has no builder (build its legs by hand)",
                         InvalidInput);
  }
}

TEST_CASE("bad builder and analysis options are rejected with the field named") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const StrategyContext ctx{
      .greeks = greeks, .expiration = expiry, .implied_move = Percentage::from_pct(6.63)};
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(ctx, {.deltas = {.short_delta = 0.6}}),
                       "deltas.short_delta = 0.6: must be in (0, 0.5)", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)build_bull_put_spread(ctx, {.deltas = {.short_delta = 0.2, .long_delta = 0.25}}),
      "deltas.long_delta = 0.25: must be below deltas.short_delta 0.2", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)build_bull_put_spread(ctx, {.deltas = {.min_delta = 0.3, .max_delta = 0.2}}),
      "deltas.max_delta = 0.2: must be above deltas.min_delta 0.3", InvalidInput);
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(ctx, {.min_credit = Money::dollars(-0.1)}),
                       "min_credit = -0.1: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(ctx, {.width = {.wide = Money::dollars(0.0)}}),
                       "width.wide = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)build_iron_butterfly(ctx, {.legacy_butterfly_pop = {.min = 0.8}}),
                       "legacy butterfly pop min = 0.8: must not exceed the max 0.7", InvalidInput);
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(ctx, {}, {.drift = 2.0}),
                       "drift = 2: must be in [-1, 1] (a continuously compounded annual fraction)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(ctx, {}, {.sizing_pop = SizingPop::empirical}),
                       "sizing_pop = empirical: the context has no historical moves", InvalidInput);
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(ctx, {}, {.kelly = {.fraction = 1.5}}),
                       "kelly.fraction = 1.5: must be in (0, 1]", InvalidInput);
  StrategyContext bad = ctx;
  bad.implied_move = Percentage::from_pct(-1.0);
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(bad),
                       "implied move % = -1: must not be negative", InvalidInput);
  const std::vector<Percentage> crash{Percentage::from_pct(-120)};
  StrategyContext bad_moves = ctx;
  bad_moves.historical_moves = crash;
  CHECK_THROWS_WITH_AS((void)build_bull_put_spread(bad_moves),
                       "historical move % = -120: is below -100 % (a price cannot fall below zero)",
                       InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// Exact money boundaries (issue 16, 5a): cent quotes, decisions independent of rounding.

// S = 100, 7 days, two puts 95 and 90 (width $5) quoted bid = ask at `short_cents` and
// `long_cents`; implied move 5 %: the distance fallback's targets 94.5 / 89.5 snap to them.
OptionChain two_put_chain(int short_cents, int long_cents) {
  ChainBuilder b(Symbol::parse("SYN"), test::seven_days_before_expiry(), Price::dollars(100.0));
  for (const auto& [k, c] : {std::pair{95.0, short_cents}, std::pair{90.0, long_cents}}) {
    b.add({.expiration = section8_expiry,
           .strike = k,
           .right = OptionRight::put,
           .bid = c / 100.0,
           .ask = c / 100.0,
           .volume = 200,
           .open_interest = 1000});
  }
  auto r = std::move(b).build();
  return std::move(r.chain);
}

const AnalysisOptions fixed_vol{.volatility = Volatility::from_fraction(0.5)};
// No vendor deltas in these chains: the picks are the distance fallback's, 95P / 90P.
const BuilderOptions by_distance{.delta_source = DeltaSource::vendor};

TEST_CASE("minimum credit: exactly $0.20 from cent quotes is accepted, $0.19 rejected, always") {
  // Every pair of cent prices 20 cents apart (long 0.01 .. 3.00), through build_bull_put_spread.
  // Before the fix 44 % of the exact $0.20 credits were rejected as below the minimum.
  std::size_t at_min = 0, rejected_at_min = 0, below = 0, accepted_below = 0;
  for (int lc = 1; lc <= 300; ++lc) {
    for (const int diff : {20, 19}) {
      const OptionChain chain = two_put_chain(lc + diff, lc);
      const ChainGreeks greeks = compute_chain_greeks(chain, {});
      const StrategyContext ctx{.greeks = greeks,
                                .expiration = expiry,
                                .implied_move = Percentage::from_pct(5.0),
                                .vrp_ratio = 2.0,
                                .bias = DirectionalBias::neutral};
      const BuildResult r = build_bull_put_spread(ctx, by_distance, fixed_vol);
      const bool refused = !r.ok() && r.reason == NoCandidateReason::credit_below_minimum;
      if (diff == 20) {
        ++at_min;
        if (refused) ++rejected_at_min;
        if (r.ok()) CHECK(r.candidate->strategy.legs()[0].strike().dollars() == 95.0);
      } else {
        ++below;
        if (!refused) ++accepted_below;
      }
    }
  }
  CHECK(at_min == 300);
  CHECK(rejected_at_min == 0);
  CHECK(below == 300);
  CHECK(accepted_below == 0);
}

TEST_CASE("minimum credit decision: every cent pair 20 cents apart meets $0.20 up to rounding") {
  // The decision itself over mids of cent quotes (bid/ask one cent apart: half-cent mids).
  std::size_t wrong = 0, n = 0;
  for (int a = 1; a <= 2000; ++a) {
    const Money lo = (Money::dollars(a / 100.0) + Money::dollars((a + 1) / 100.0)) / 2.0;
    const Money hi = (Money::dollars((a + 20) / 100.0) + Money::dollars((a + 21) / 100.0)) / 2.0;
    const Money hi_less = (Money::dollars((a + 19) / 100.0) + Money::dollars((a + 20) / 100.0)) /
                          2.0;  // 19 cents: rejected
    const Money hi_wide = (Money::dollars((a + 19) / 100.0) + Money::dollars((a + 22) / 100.0)) /
                          2.0;  // a wider quote with the same mid, 20 cents above
    const Money min = Money::dollars(0.20);
    const Money scale = abs(lo) + abs(hi);
    n += 3;
    if (!detail::credit_meets_minimum(hi - lo, min, scale)) ++wrong;
    if (!detail::credit_meets_minimum(hi_wide - lo, min, scale)) ++wrong;
    if (detail::credit_meets_minimum(hi_less - lo, min, scale)) ++wrong;
    // Half a cent below the minimum is a genuine difference, never rounding.
    if (detail::credit_meets_minimum(hi - lo - Money::dollars(0.005), min, scale)) ++wrong;
  }
  CHECK(n == 6000);
  CHECK(wrong == 0);
}

TEST_CASE("credit equal to the width: refused as no_risk, never sized to the contract cap") {
  // 95P / 90P with credit exactly $5.00 (cent quotes): the payoff cannot lose. Before the fix
  // about a quarter of these had max loss 1e-13 and 100 contracts (reward/risk ~1e15).
  std::size_t cases = 0, not_refused = 0;
  for (int lc = 1; lc <= 400; lc += 3) {
    const OptionChain chain = two_put_chain(lc + 500, lc);
    const ChainGreeks greeks = compute_chain_greeks(chain, {});
    const StrategyContext ctx{.greeks = greeks,
                              .expiration = expiry,
                              .implied_move = Percentage::from_pct(5.0),
                              .vrp_ratio = 2.0,
                              .bias = DirectionalBias::neutral};
    const BuildResult r = build_bull_put_spread(ctx, by_distance, fixed_vol);
    ++cases;
    if (r.ok() || r.reason != NoCandidateReason::no_risk) {
      ++not_refused;
      if (r.ok()) {
        MESSAGE("long ", lc, "c: max loss ", r.candidate->max_loss.dollars(), ", ",
                r.candidate->contracts, " contracts");
      }
    }
    // One cent less: a real $1 risk, sized normally.
    const OptionChain risky = two_put_chain(lc + 499, lc);
    const ChainGreeks rg = compute_chain_greeks(risky, {});
    const StrategyContext rctx{.greeks = rg,
                               .expiration = expiry,
                               .implied_move = Percentage::from_pct(5.0),
                               .vrp_ratio = 2.0,
                               .bias = DirectionalBias::neutral};
    const BuildResult rr = build_bull_put_spread(rctx, by_distance, fixed_vol);
    INFO(lc, ": ", to_string(rr.reason), " ", rr.message);
    REQUIRE(rr.ok());
    CHECK_CLOSE(rr.candidate->max_loss.dollars(), 1.0, 1e-9, 0.0);
  }
  CHECK(cases == 134);
  CHECK(not_refused == 0);
}

TEST_CASE(
    "empirical POP with a post-event diffusion: the context's, through builders and outline") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const std::vector<Percentage> moves{Percentage::from_pct(-10), Percentage::from_pct(-5),
                                      Percentage::from_pct(0), Percentage::from_pct(3),
                                      Percentage::from_pct(8)};
  const PostEventDiffusion diffusion{.volatility = Volatility::from_fraction(0.3),
                                     .time = YearFraction::from_years(5.0 / 365.0)};
  const AnalysisOptions drifted{.drift = 0.04};
  StrategyContext ctx{.greeks = greeks,
                      .expiration = expiry,
                      .implied_move = Percentage::from_pct(6.63),
                      .historical_moves = moves,
                      .post_event_diffusion = diffusion};
  const BuildResult r = build_bull_put_spread(ctx, original_builder, drifted);
  REQUIRE(r.ok());
  const Candidate& c = *r.candidate;
  // The free function with the model's drift, bit for bit.
  const auto e = empirical_outcome(c.payoff, chain.spot(), moves, diffusion, 0.04);
  REQUIRE(c.pop.empirical.has_value());
  CHECK(*c.pop.empirical == e.probability_of_profit);
  CHECK(*c.expected_pnl_empirical == e.expected_pnl);
  CHECK(c.empirical_sample_size == 5);
  // Independently: 93/88 put spread for 0.635; each move's lognormal POP from S(1+m) is
  // N(d2) at the breakeven 92.365 + $0.0001 (the $0.01 minimum profit over 100 shares).
  double pop = 0.0;
  const double sd = 0.3 * std::sqrt(5.0 / 365.0);
  for (const auto m : moves) {
    const double s = 100.0 * (1.0 + m.fraction());
    pop += norm_cdf((std::log(s / 92.3651) + 0.04 * 5.0 / 365.0) / sd - 0.5 * sd);
  }
  CHECK_CLOSE(*c.pop.empirical, pop / 5.0, 1e-12, 0.0);
  // Absent, or τ = 0: the plain empirical outcome, bit for bit.
  ctx.post_event_diffusion = std::nullopt;
  const BuildResult plain = build_bull_put_spread(ctx, original_builder, drifted);
  ctx.post_event_diffusion = PostEventDiffusion{.volatility = Volatility::from_fraction(0.3),
                                                .time = YearFraction::from_years(0.0)};
  const BuildResult zero = build_bull_put_spread(ctx, original_builder, drifted);
  REQUIRE(plain.ok());
  REQUIRE(zero.ok());
  CHECK(*plain.candidate->pop.empirical == 0.8);
  CHECK(*zero.candidate->pop.empirical == *plain.candidate->pop.empirical);
  CHECK(*zero.candidate->expected_pnl_empirical == *plain.candidate->expected_pnl_empirical);
  // An invalid diffusion is named.
  ctx.post_event_diffusion = PostEventDiffusion{.volatility = Volatility::from_fraction(0.3),
                                                .time = YearFraction::from_years(500.0)};
  CHECK_THROWS_AS((void)build_bull_put_spread(ctx, original_builder, drifted), InvalidInput);
}

}  // namespace
