// tests/scoring/candidates.hpp: hand-built candidates for the scoring tests (the generator is
// not needed: the scorer reads candidates only through their documented fields).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "ivcrush/scoring/scoring_policy.hpp"
#include "ivcrush/strategy/candidate.hpp"
#include "ivcrush/strategy/leg.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::test {

inline Leg option_leg(OptionRight right, double strike, Side side, double premium) {
  using namespace std::chrono;
  return Leg::option({.right = right,
                      .strike = Strike::from_dollars(strike),
                      .expiration = 2025y / January / 17,
                      .side = side,
                      .quantity = 1,
                      .premium = Money::dollars(premium)});
}

// A put credit spread short K_s / long K_s - width for `credit` per share (no fees): one
// breakeven at K_s - credit.
inline Strategy put_spread(double short_strike, double width, double credit) {
  return Strategy::make(Symbol::parse("TEST"),
                        {option_leg(OptionRight::put, short_strike, Side::sell, credit + 0.5),
                         option_leg(OptionRight::put, short_strike - width, Side::buy, 0.5)});
}

// An iron condor: puts short K_p / long K_p - width, calls short K_c / long K_c + width, each
// side for `side_credit` per share; breakevens K_p - 2 credit and K_c + 2 credit.
inline Strategy condor(double put_short, double call_short, double width, double side_credit) {
  return Strategy::make(Symbol::parse("TEST"),
                        {option_leg(OptionRight::put, put_short - width, Side::buy, 0.5),
                         option_leg(OptionRight::put, put_short, Side::sell, side_credit + 0.5),
                         option_leg(OptionRight::call, call_short, Side::sell, side_credit + 0.5),
                         option_leg(OptionRight::call, call_short + width, Side::buy, 0.5)});
}

inline Candidate candidate_from(StrategyKind kind, const Strategy& s) {
  const auto payoff = PayoffProfile::at_expiration(s);
  const double max_profit = payoff.max_profit().amount.dollars();
  const double max_loss = -payoff.max_loss().amount.dollars();
  return Candidate{.kind = kind,
                   .strategy = s,
                   .payoff = payoff,
                   .net_credit_per_share = Money::dollars(s.net_entry_cash().dollars() / 100.0),
                   .max_profit = Money::dollars(max_profit),
                   .max_loss = Money::dollars(max_loss),
                   .reward_risk_ratio = max_profit / max_loss,
                   .pop = {.model = 0.70, .empirical = std::nullopt, .legacy = 0.75},
                   .expected_pnl_model = Money::dollars(10.0),  // a trade (verdict.hpp)
                   .expected_pnl_empirical = std::nullopt,
                   .empirical_sample_size = 0,
                   .greeks = std::nullopt,
                   .liquidity = LiquidityTier::excellent,
                   .min_open_interest = 1000,
                   .max_spread = Percentage::from_pct(5.0),
                   .contracts = 1};
}

// domain-spec §8's base case: BPS, POP 0.75 (legacy), max profit 150 / max loss 350 per spread
// (RR 0.4285714), 5 contracts, EXCELLENT, position theta 25 and vega -80 (per unit 5 and -16),
// one breakeven.
inline Candidate base_case() {
  Candidate c = candidate_from(StrategyKind::bull_put_spread, put_spread(95.0, 5.0, 1.5));
  c.contracts = 5;
  c.greeks = PositionGreeks{.delta_shares = 0.0,
                            .gamma_shares_per_dollar = 0.0,
                            .vega_per_vol_point = Money::dollars(-16.0),
                            .theta_per_calendar_day = Money::dollars(5.0),
                            .option_contracts = 2};
  return c;
}

// VRP 2.0 with IM 8 % on a $100 stock, no bias.
inline ScoringContext base_context() {
  return {.spot = Price::dollars(100.0),
          .implied_move = Percentage::from_pct(8.0),
          .vrp_ratio = 2.0,
          .bias = DirectionalBias::neutral};
}

// A varied, seeded candidate set: every kind, tier, greeks present or not, empirical or not,
// breakevens from verticals and condors of several widths.
inline std::vector<Candidate> random_candidates(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<Candidate> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int shape = static_cast<int>(rng() % 4);
    const double credit = 0.25 + 2.0 * unit(rng);
    Candidate c =
        shape < 2
            ? candidate_from(
                  shape == 0 ? StrategyKind::bull_put_spread : StrategyKind::bear_call_spread,
                  put_spread(90.0 + static_cast<double>(rng() % 8), 5.0, credit))
            : candidate_from(shape == 2 ? StrategyKind::iron_condor : StrategyKind::iron_butterfly,
                             condor(100.0 - static_cast<double>(rng() % 12),
                                    100.0 + static_cast<double>(rng() % 12), 5.0, credit / 2.0));
    c.pop.legacy = 0.3 + 0.65 * unit(rng);
    c.pop.model = 0.3 + 0.65 * unit(rng);
    if (rng() % 3 != 0) {
      c.pop.empirical = unit(rng);
      c.empirical_sample_size = static_cast<std::size_t>(rng() % 12);
      c.expected_pnl_empirical = Money::dollars(-60.0 + 100.0 * unit(rng));
    }
    c.expected_pnl_model = Money::dollars(-60.0 + 100.0 * unit(rng));
    c.liquidity = static_cast<LiquidityTier>(rng() % 4);
    c.contracts = static_cast<std::int32_t>(1 + rng() % 40);
    if (rng() % 4 != 0) {
      c.greeks = PositionGreeks{.delta_shares = 0.0,
                                .gamma_shares_per_dollar = 0.0,
                                .vega_per_vol_point = Money::dollars(-30.0 + 40.0 * unit(rng)),
                                .theta_per_calendar_day = Money::dollars(-2.0 + 12.0 * unit(rng)),
                                .option_contracts = 4};
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace ivcrush::test
