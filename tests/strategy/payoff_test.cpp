// Payoff at expiration: exact analytics against brute force, iron condor/butterfly known answers.
#include "ivcrush/strategy/payoff.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;

constexpr auto expiry = 2024y / June / 21;
const auto aapl = Symbol::parse("AAPL");

Leg opt(OptionRight r, const char* k, Side side, double premium, std::int32_t qty = 1) {
  return Leg::option({.right = r,
                      .strike = Strike::parse(k),
                      .expiration = expiry,
                      .side = side,
                      .quantity = qty,
                      .premium = Money::dollars(premium)});
}

// The P/L of a strategy at expiration evaluated leg by leg, independently of PayoffProfile.
double brute_pnl(const Strategy& s, double price, double fees) {
  double total = -fees;
  for (const auto& leg : s.legs()) {
    double value = price;
    if (leg.instrument() == Instrument::call) value = std::max(price - leg.strike().dollars(), 0.0);
    if (leg.instrument() == Instrument::put) value = std::max(leg.strike().dollars() - price, 0.0);
    const double units = (leg.side() == Side::buy ? 1.0 : -1.0) * leg.quantity() * leg.multiplier();
    total += units * (value - leg.price_per_share().dollars());
  }
  return total;
}

TEST_CASE("iron condor: credit, max loss is the wider side less the whole credit, breakevens") {
  // Put side 90/95 ($5 wide), call side 105/112 ($7 wide): max loss is the call side's.
  const auto ic = Strategy::make(aapl, {opt(OptionRight::put, "90", Side::buy, 0.40),
                                        opt(OptionRight::put, "95", Side::sell, 1.10),
                                        opt(OptionRight::call, "105", Side::sell, 1.25),
                                        opt(OptionRight::call, "112", Side::buy, 0.30)});
  const double credit = 1.10 - 0.40 + 1.25 - 0.30;  // 1.65 per share
  CHECK_CLOSE(ic.net_entry_cash().dollars(), 100.0 * credit, 1e-9, 0.0);
  CHECK(ic.option_contracts() == 4);
  const auto p = PayoffProfile::at_expiration(ic);
  const auto max_profit = p.max_profit();
  CHECK_FALSE(max_profit.unbounded);
  CHECK_CLOSE(max_profit.amount.dollars(), 165.0, 1e-9, 0.0);
  const auto max_loss = p.max_loss();
  CHECK_FALSE(max_loss.unbounded);
  // max(put width, call width) - total credit = 7 - 1.65, not 7 - the call side's credit.
  CHECK_CLOSE(max_loss.amount.dollars(), -100.0 * (7.0 - credit), 1e-9, 0.0);
  REQUIRE(max_loss.at.has_value());
  CHECK(max_loss.at->dollars() == 112.0);
  REQUIRE(p.breakevens().size() == 2);
  CHECK_CLOSE(p.breakevens()[0], 95.0 - credit, 1e-12, 0.0);
  CHECK_CLOSE(p.breakevens()[1], 105.0 + credit, 1e-12, 0.0);
  // Profit (>= $0.01) strictly inside the breakevens.
  REQUIRE(p.profit_intervals().size() == 1);
  CHECK_CLOSE(p.profit_intervals()[0].lower.dollars(), 95.0 - credit + 0.0001, 1e-12, 0.0);
  REQUIRE(p.profit_intervals()[0].upper.has_value());
  CHECK_CLOSE(p.profit_intervals()[0].upper->dollars(), 105.0 + credit - 0.0001, 1e-12, 0.0);
}

TEST_CASE("iron butterfly with asymmetric wings: the wider wing sets the max loss") {
  const auto ib = Strategy::make(aapl, {opt(OptionRight::put, "95", Side::buy, 0.80),
                                        opt(OptionRight::put, "100", Side::sell, 3.00),
                                        opt(OptionRight::call, "100", Side::sell, 3.10),
                                        opt(OptionRight::call, "108", Side::buy, 0.50)});
  const double credit = 3.00 + 3.10 - 0.80 - 0.50;  // 4.80
  const auto p = PayoffProfile::at_expiration(ib);
  CHECK_CLOSE(p.max_profit().amount.dollars(), 100.0 * credit, 1e-9, 0.0);
  CHECK(p.max_profit().at->dollars() == 100.0);
  CHECK_CLOSE(p.max_loss().amount.dollars(), -100.0 * (8.0 - credit), 1e-9, 0.0);
  REQUIRE(p.breakevens().size() == 2);
  CHECK_CLOSE(p.breakevens()[0], 100.0 - credit, 1e-12, 0.0);
  CHECK_CLOSE(p.breakevens()[1], 100.0 + credit, 1e-12, 0.0);
}

TEST_CASE("unbounded outcomes are explicit") {
  const auto naked_call = Strategy::make(aapl, {opt(OptionRight::call, "110", Side::sell, 2.0)});
  const auto p = PayoffProfile::at_expiration(naked_call);
  CHECK(p.max_loss().unbounded);
  CHECK_FALSE(p.max_loss().at.has_value());
  CHECK_FALSE(p.max_profit().unbounded);
  CHECK_CLOSE(p.max_profit().amount.dollars(), 200.0, 1e-9, 0.0);
  REQUIRE(p.breakevens().size() == 1);
  CHECK_CLOSE(p.breakevens()[0], 112.0, 1e-12, 0.0);
  const auto long_call = Strategy::make(aapl, {opt(OptionRight::call, "110", Side::buy, 2.0)});
  const auto q = PayoffProfile::at_expiration(long_call);
  CHECK(q.max_profit().unbounded);
  CHECK_CLOSE(q.max_loss().amount.dollars(), -200.0, 1e-9, 0.0);
  REQUIRE(q.profit_intervals().size() == 1);
  CHECK_FALSE(q.profit_intervals()[0].upper.has_value());
  CHECK_CLOSE(q.profit_intervals()[0].lower.dollars(), 112.0001, 1e-12, 0.0);
  // A short put's loss is bounded by S >= 0: strike minus premium, times 100.
  const auto short_put = Strategy::make(aapl, {opt(OptionRight::put, "50", Side::sell, 1.5)});
  const auto r = PayoffProfile::at_expiration(short_put);
  CHECK_FALSE(r.max_loss().unbounded);
  CHECK_CLOSE(r.max_loss().amount.dollars(), -4850.0, 1e-9, 0.0);
  CHECK(r.max_loss().at->dollars() == 0.0);
}

TEST_CASE("covered call: shares and an option in one payoff") {
  // OptionLab's covered-call fixture (peers.md §4.5): long 100 shares at 168.99, short the 185
  // call at 4.10: profit range [164.89, ∞) once the $0.01 minimum is applied; capped upside.
  const auto cc = Strategy::make(
      Symbol::parse("NVDA"),
      {Leg::shares({.side = Side::buy, .quantity = 100, .price = Price::dollars(168.99)}),
       opt(OptionRight::call, "185", Side::sell, 4.10)});
  const auto p = PayoffProfile::at_expiration(cc);
  REQUIRE(p.breakevens().size() == 1);
  CHECK_CLOSE(p.breakevens()[0], 168.99 - 4.10, 1e-9, 0.0);
  CHECK_CLOSE(p.max_profit().amount.dollars(), 100.0 * (185.0 - 168.99 + 4.10), 1e-9, 0.0);
  CHECK_CLOSE(p.max_loss().amount.dollars(), -100.0 * (168.99 - 4.10), 1e-9, 0.0);
  CHECK(p.max_loss().at->dollars() == 0.0);
  CHECK_CLOSE(cc.net_entry_cash().dollars(), -16489.0, 1e-9, 0.0);  // OptionLab: cost -16,489
}

TEST_CASE("commissions shift the whole payoff and move the breakevens") {
  const auto bps = Strategy::make(aapl, {opt(OptionRight::put, "95", Side::sell, 1.20),
                                         opt(OptionRight::put, "90", Side::buy, 0.45)});
  const CommissionSchedule fees{
      .per_contract = Money::dollars(0.65), .per_share = Money::zero(), .charge_exit = true};
  CHECK_CLOSE(fees.for_position(bps).dollars(), 2.60, 1e-12, 0.0);
  const auto p = PayoffProfile::at_expiration(bps, {.fees = fees});
  CHECK_CLOSE(p.max_profit().amount.dollars(), 75.0 - 2.60, 1e-9, 0.0);
  CHECK_CLOSE(p.max_loss().amount.dollars(), -(500.0 - 75.0) - 2.60, 1e-9, 0.0);
  REQUIRE(p.breakevens().size() == 1);
  CHECK_CLOSE(p.breakevens()[0], 95.0 - 0.75 + 0.026, 1e-12, 0.0);
  const CommissionSchedule entry_only{
      .per_contract = Money::dollars(0.65), .per_share = Money::zero(), .charge_exit = false};
  CHECK_CLOSE(entry_only.for_position(bps).dollars(), 1.30, 1e-12, 0.0);
}

TEST_CASE("random N-leg strategies agree with brute force on a fine grid and at every kink") {
  std::mt19937_64 rng(20261126);
  std::uniform_int_distribution<int> legs_n(1, 6);
  std::uniform_int_distribution<int> strike_step(16, 48);  // strikes 80..240 in $2.50 steps
  std::uniform_int_distribution<int> coin(0, 1);
  std::uniform_int_distribution<int> kind(0, 9);
  std::uniform_int_distribution<int> qty(1, 3);
  std::uniform_real_distribution<double> premium(0.0, 12.0);
  int unbounded_profit = 0, unbounded_loss = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<Leg> legs;
    const int n = legs_n(rng);
    for (int i = 0; i < n; ++i) {
      const Side side = coin(rng) ? Side::buy : Side::sell;
      const int k = kind(rng);
      if (k == 9) {
        legs.push_back(Leg::shares({.side = side,
                                    .quantity = 100 * qty(rng),
                                    .price = Price::dollars(150.0 + premium(rng))}));
        continue;
      }
      legs.push_back(
          Leg::option({.right = k < 5 ? OptionRight::call : OptionRight::put,
                       .strike = Strike::from_ticks(strike_step(rng) * 5'000),
                       .expiration = expiry,
                       .side = side,
                       .quantity = qty(rng),
                       .premium = Money::dollars(std::round(premium(rng) * 100) / 100)}));
    }
    const auto s = Strategy::make(aapl, legs);
    const CommissionSchedule fees{.per_contract = Money::dollars(0.65),
                                  .per_share = Money::dollars(0.005),
                                  .charge_exit = coin(rng) == 1};
    const double fee = fees.for_position(s).dollars();
    const auto p = PayoffProfile::at_expiration(s, {.fees = fees});
    CAPTURE(trial);
    // P/L everywhere: grid of $0.05 from 0 to 400 plus the kinks.
    std::vector<double> xs;
    for (int i = 0; i <= 8000; ++i) xs.push_back(0.05 * i);
    for (const auto& leg : s.legs())
      if (leg.is_option()) xs.push_back(leg.strike().dollars());
    double grid_max = -1e300, grid_min = 1e300;
    for (const double x : xs) {
      const double expected = brute_pnl(s, x, fee);
      CHECK_CLOSE(p.pnl_at(Price::dollars(x)).dollars(), expected, 1e-7, 1e-12);
      grid_max = std::max(grid_max, expected);
      grid_min = std::min(grid_min, expected);
    }
    // Beyond the last strike the slope decides boundedness; compare far out.
    const double far = brute_pnl(s, 1e6, fee) - brute_pnl(s, 1e6 - 1.0, fee);
    CHECK_CLOSE(p.slope_beyond_last_strike(), far, 1e-6, 0.0);
    const auto mp = p.max_profit();
    const auto ml = p.max_loss();
    CHECK(mp.unbounded == (far > 1e-9));
    CHECK(ml.unbounded == (far < -1e-9));
    if (mp.unbounded) ++unbounded_profit;
    if (ml.unbounded) ++unbounded_loss;
    if (!mp.unbounded) CHECK_CLOSE(mp.amount.dollars(), grid_max, 1e-7, 1e-12);
    if (!ml.unbounded) CHECK_CLOSE(ml.amount.dollars(), grid_min, 1e-7, 1e-12);
    // Each breakeven is a zero of the brute-force P/L, and between consecutive breakevens the
    // sign does not change on the grid.
    for (const double be : p.breakevens()) CHECK_CLOSE(brute_pnl(s, be, fee), 0.0, 1e-7, 0.0);
    for (const double x : xs) {
      const double f = brute_pnl(s, x, fee);
      bool in_profit = false;
      for (const auto& iv : p.profit_intervals())
        in_profit = in_profit || iv.contains(Price::dollars(x));
      if (f >= 0.01 + 1e-7) CHECK(in_profit);
      if (f < 0.01 - 1e-7) CHECK_FALSE(in_profit);
    }
    // Intervals are disjoint and ascending.
    const auto ivs = p.profit_intervals();
    for (std::size_t i = 1; i < ivs.size(); ++i) {
      REQUIRE(ivs[i - 1].upper.has_value());
      CHECK(*ivs[i - 1].upper < ivs[i].lower);
    }
  }
  // The random set exercises both unbounded directions.
  CHECK(unbounded_profit > 10);
  CHECK(unbounded_loss > 10);
}

TEST_CASE("bad legs and strategies are rejected with the field and value") {
  CHECK_THROWS_WITH_AS((void)Leg::option({.right = OptionRight::call,
                                          .strike = Strike::parse("100"),
                                          .expiration = expiry,
                                          .side = Side::sell,
                                          .quantity = 0,
                                          .premium = Money::dollars(1.0)}),
                       "quantity = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Leg::option({.right = OptionRight::call,
                                          .strike = Strike::parse("100"),
                                          .expiration = expiry,
                                          .side = Side::sell,
                                          .quantity = 1,
                                          .premium = Money::dollars(-0.5)}),
                       "premium = -0.5: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Leg::option({.right = OptionRight::call,
                                          .strike = Strike{},
                                          .expiration = expiry,
                                          .side = Side::sell,
                                          .quantity = 1,
                                          .premium = Money::dollars(0.5)}),
                       "strike = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Leg::option({.right = OptionRight::put,
                                          .strike = Strike::parse("100"),
                                          .expiration = 2024y / February / 30,
                                          .side = Side::sell,
                                          .quantity = 1,
                                          .premium = Money::dollars(0.5)}),
                       "expiration = 2024-02-30: is not a valid calendar date", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Leg::option({.right = OptionRight::put,
                                          .strike = Strike::parse("100"),
                                          .expiration = expiry,
                                          .side = Side::sell,
                                          .quantity = 1,
                                          .premium = Money::dollars(0.5),
                                          .multiplier = -100}),
                       "multiplier = -100: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)Strategy::make(aapl, std::span<const Leg>{}),
                       "legs = []: a strategy needs a leg", InvalidInput);
  const auto calendar = Strategy::make(aapl, {opt(OptionRight::call, "100", Side::sell, 2.0),
                                              Leg::option({.right = OptionRight::call,
                                                           .strike = Strike::parse("100"),
                                                           .expiration = 2024y / July / 19,
                                                           .side = Side::buy,
                                                           .quantity = 1,
                                                           .premium = Money::dollars(3.0)})});
  CHECK_FALSE(calendar.common_expiration().has_value());
  CHECK_THROWS_WITH_AS(
      (void)PayoffProfile::at_expiration(calendar),
      "expiration = 2024-07-19: differs from 2024-06-21 (payoff at expiration needs one date)",
      InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)PayoffProfile::at_expiration(
          calendar.legs().size() == 2
              ? Strategy::make(aapl, {opt(OptionRight::call, "100", Side::sell, 2.0)})
              : calendar,
          {.fees = {.per_contract = Money::dollars(-1.0), .per_share = {}, .charge_exit = true}}),
      "per_contract commission = -1: must not be negative", InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// Exact boundaries (issue 16, 5a-5c): cent strikes and cent premiums, checked against the same
// payoff in exact integer arithmetic (cents × units).

// A leg whose premium is `cents` cents (as a quote parsed from "1.35" gives 1.35).
Leg cent_opt(OptionRight r, int strike, Side side, int cents) {
  return Leg::option({.right = r,
                      .strike = Strike::from_ticks(std::int64_t{strike} * 1000),
                      .expiration = expiry,
                      .side = side,
                      .quantity = 1,
                      .premium = Money::dollars(cents / 100.0)});
}

struct CentLeg {
  OptionRight right;
  int strike;  // dollars
  Side side;
  int cents;
};

// P/L at integer price s (dollars) in exact cents: Σ ±100 × (intrinsic − premium).
std::int64_t exact_pnl_cents(const std::vector<CentLeg>& legs, std::int64_t s) {
  std::int64_t total = 0;
  for (const auto& l : legs) {
    const std::int64_t k = l.strike;
    const std::int64_t intrinsic = l.right == OptionRight::call ? std::max<std::int64_t>(s - k, 0)
                                                                : std::max<std::int64_t>(k - s, 0);
    total += (l.side == Side::buy ? 1 : -1) * 100 * (100 * intrinsic - l.cents);
  }
  return total;
}

std::int64_t exact_right_slope(const std::vector<CentLeg>& legs) {
  std::int64_t slope = 0;
  for (const auto& l : legs) {
    if (l.right == OptionRight::call) slope += l.side == Side::buy ? 100 : -100;
  }
  return slope;
}

Strategy make_cent(const std::vector<CentLeg>& legs) {
  std::vector<Leg> out;
  for (const auto& l : legs) out.push_back(cent_opt(l.right, l.strike, l.side, l.cents));
  return Strategy::make(aapl, out);
}

TEST_CASE("credit equal to the width: max loss is exactly 0, for every cent credit and width") {
  // Bull put spreads short K / long K − w with premiums p + w and p (cents): the payoff is 0
  // below K − w. Before the fix about a quarter of them had max loss −1e-13 (a "risk" that
  // sized to the contract cap). One cent less credit is a loss of exactly $1.
  std::size_t cases = 0, not_zero = 0, wrong_loss = 0, wrong_breakeven = 0;
  for (int k = 20; k <= 140; k += 3) {
    for (const int w : {1, 2, 3, 5, 10}) {
      for (int p = 1; p <= 300; p += 7) {
        const std::vector<CentLeg> zero{{OptionRight::put, k, Side::sell, p + 100 * w},
                                        {OptionRight::put, k - w, Side::buy, p}};
        const auto z = PayoffProfile::at_expiration(make_cent(zero));
        ++cases;
        if (!(z.max_loss().amount == Money::zero())) ++not_zero;
        // P/L is 0 on [0, K − w] and rises from there: the one breakeven is K − w.
        if (z.breakevens().size() != 1 || z.breakevens()[0] != k - w) ++wrong_breakeven;
        const std::vector<CentLeg> risky{{OptionRight::put, k, Side::sell, p + 100 * w - 1},
                                         {OptionRight::put, k - w, Side::buy, p}};
        const auto r = PayoffProfile::at_expiration(make_cent(risky));
        if (std::fabs(r.max_loss().amount.dollars() + 1.0) > 1e-9 ||
            !(r.max_loss().amount < Money::zero())) {
          ++wrong_loss;
        }
      }
    }
  }
  CHECK(cases == 41 * 5 * 43);
  CHECK(not_zero == 0);
  CHECK(wrong_loss == 0);
  CHECK(wrong_breakeven == 0);
}

TEST_CASE("iron butterfly flat at 0 outside its wings: breakevens are where the P/L leaves 0") {
  // +94P −100P −100C +106C, credit 3.05 + 3.10 − 0.08 − 0.07 = 6.00 = the wing width: the P/L
  // is 0 on [0, 94] and [106, ∞), $600 at 100. The stretches' ends where P/L leaves 0 are 94
  // and 106 (0 is the end of the domain, not a breakeven).
  const std::vector<CentLeg> fly{{OptionRight::put, 94, Side::buy, 8},
                                 {OptionRight::put, 100, Side::sell, 305},
                                 {OptionRight::call, 100, Side::sell, 310},
                                 {OptionRight::call, 106, Side::buy, 7}};
  const auto p = PayoffProfile::at_expiration(make_cent(fly));
  REQUIRE(p.breakevens().size() == 2);
  CHECK(p.breakevens()[0] == 94.0);
  CHECK(p.breakevens()[1] == 106.0);
  CHECK(p.max_loss().amount == Money::zero());
  REQUIRE(p.max_loss().at.has_value());
  CHECK(p.max_loss().at->dollars() == 0.0);  // the lowest price of the flat stretch
  CHECK(p.pnl_at(Price::dollars(50.0)) == Money::zero());
  CHECK(p.pnl_at(Price::dollars(200.0)) == Money::zero());
  // A position that is 0 everywhere (a call bought and sold at the same strike and price) has
  // no breakeven; an isolated zero at S = 0 is one.
  const auto flat = PayoffProfile::at_expiration(make_cent(
      {{OptionRight::call, 100, Side::buy, 123}, {OptionRight::call, 100, Side::sell, 123}}));
  CHECK(flat.breakevens().empty());
  const auto touch =
      PayoffProfile::at_expiration(make_cent({{OptionRight::put, 5, Side::sell, 500}}));
  REQUIRE(touch.breakevens().size() == 1);
  CHECK(touch.breakevens()[0] == 0.0);
}

TEST_CASE("extremum price is the lowest of an exact flat stretch (condors of cent strikes)") {
  // Condors with a plateau of max profit on [K2, K3] and, with equal wings, max loss on both
  // [0, K1] and [K4, ∞): `at` must be K2 and 0 in every case (before: sometimes K3 or K4).
  std::size_t cases = 0, wrong_profit_at = 0, wrong_loss_at = 0;
  for (int k1 = 50; k1 <= 120; k1 += 1) {
    for (const int w : {1, 2, 5}) {
      for (const int gap : {1, 4, 10}) {
        for (int c = 20; c <= 90; c += 7) {
          const int k2 = k1 + w, k3 = k2 + gap, k4 = k3 + w;
          // Premiums: short legs c + 13 and c + 29 cents, long legs 13 and 29: credit 2c.
          const std::vector<CentLeg> ic{{OptionRight::put, k1, Side::buy, 13},
                                        {OptionRight::put, k2, Side::sell, c + 13},
                                        {OptionRight::call, k3, Side::sell, c + 29},
                                        {OptionRight::call, k4, Side::buy, 29}};
          if (2 * c >= 100 * w) continue;
          const auto p = PayoffProfile::at_expiration(make_cent(ic));
          ++cases;
          if (p.max_profit().at->dollars() != k2) ++wrong_profit_at;
          if (p.max_loss().at->dollars() != 0.0) ++wrong_loss_at;
        }
      }
    }
  }
  CHECK(cases > 2000);
  CHECK(wrong_profit_at == 0);
  CHECK(wrong_loss_at == 0);
}

TEST_CASE("brute force over random cent-priced structures: extremes, their prices, breakevens") {
  // Random 1-4 leg option structures on integer strikes with cent premiums, a third of them
  // adjusted so that the P/L is exactly 0 at a knot (zero stretches and touches). The exact
  // P/L at every knot is an integer number of cents; the expected breakevens follow the
  // documented rule from a local test at each knot: P/L 0 there and nonzero half a dollar to
  // the right, or (above 0) to the left; plus the sign changes inside a piece or in the tail.
  std::mt19937_64 rng(16051);
  std::uniform_int_distribution<int> n_legs(1, 4), strike(90, 110), cents(1, 800), coin(0, 2);
  std::size_t checked = 0, failures = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<CentLeg> legs;
    const int n = n_legs(rng);
    for (int i = 0; i < n; ++i) {
      legs.push_back({coin(rng) == 0 ? OptionRight::call : OptionRight::put, strike(rng),
                      coin(rng) == 0 ? Side::buy : Side::sell, cents(rng)});
    }
    std::vector<std::int64_t> knots{0};
    for (const auto& l : legs) knots.push_back(l.strike);
    std::sort(knots.begin(), knots.end());
    knots.erase(std::unique(knots.begin(), knots.end()), knots.end());
    if (coin(rng) == 0) {  // make the P/L exactly 0 at a random knot via the last premium
      const std::int64_t at = knots[static_cast<std::size_t>(rng() % knots.size())];
      const std::int64_t v = exact_pnl_cents(legs, at);  // a multiple of 100 (units of 100)
      auto& l = legs.back();
      const std::int64_t adjusted = l.cents + (l.side == Side::buy ? v : -v) / 100;
      if (adjusted < 0) continue;
      l.cents = static_cast<int>(adjusted);
      REQUIRE(exact_pnl_cents(legs, at) == 0);
    }
    const auto p = PayoffProfile::at_expiration(make_cent(legs));
    const std::int64_t slope = exact_right_slope(legs);
    std::vector<std::int64_t> v;
    for (const auto k : knots) v.push_back(exact_pnl_cents(legs, k));
    // P/L at twice-resolution prices (half dollars) exactly: 2 × P/L(x/2) is an integer.
    const auto pnl2 = [&](std::int64_t x2) {  // x2 = 2 × price
      std::int64_t total = 0;
      for (const auto& l : legs) {
        const std::int64_t k2 = 2 * std::int64_t{l.strike};
        const std::int64_t in2 = l.right == OptionRight::call ? std::max<std::int64_t>(x2 - k2, 0)
                                                              : std::max<std::int64_t>(k2 - x2, 0);
        total += (l.side == Side::buy ? 1 : -1) * 100 * (100 * in2 - 2 * l.cents);
      }
      return total;
    };
    std::vector<double> expected;
    for (std::size_t i = 0; i < knots.size(); ++i) {
      const std::int64_t x2 = 2 * knots[i];
      if (v[i] != 0) {
        const double x = static_cast<double>(knots[i]), fx = static_cast<double>(v[i]);
        if (i + 1 == knots.size()) {  // the tail: P/L = v + 100 × slope × (S − x) cents
          if ((v[i] < 0 && slope > 0) || (v[i] > 0 && slope < 0)) {
            expected.push_back(x - fx / (100.0 * static_cast<double>(slope)));
          }
        } else if ((v[i] < 0 && v[i + 1] > 0) || (v[i] > 0 && v[i + 1] < 0)) {
          const double run = static_cast<double>(knots[i + 1]) - x;
          expected.push_back(x + run * fx / (fx - static_cast<double>(v[i + 1])));
        }
        continue;
      }
      const bool leaves_right = pnl2(x2 + 1) != 0;
      const bool leaves_left = x2 > 0 && pnl2(x2 - 1) != 0;
      if (leaves_right || leaves_left) expected.push_back(static_cast<double>(knots[i]));
    }
    const auto got = p.breakevens();
    bool ok = got.size() == expected.size();
    for (std::size_t i = 0; ok && i < got.size(); ++i) {
      ok = std::fabs(got[i] - expected[i]) <= 1e-9 * std::max(1.0, expected[i]);
    }
    // Extremes: the exact largest / smallest knot P/L and the lowest knot reaching it.
    const auto lo_at = [&](std::int64_t target) {
      for (std::size_t i = 0; i < knots.size(); ++i) {
        if (v[i] == target) return static_cast<double>(knots[i]);
      }
      return -1.0;
    };
    if (slope <= 0) {
      const std::int64_t mx = *std::max_element(v.begin(), v.end());
      const auto e = p.max_profit();
      ok = ok && !e.unbounded &&
           std::fabs(e.amount.dollars() - static_cast<double>(mx) / 100.0) <= 1e-9 * 1e4 &&
           e.at->dollars() == lo_at(mx) && (mx != 0 || e.amount == Money::zero());
    }
    if (slope >= 0) {
      const std::int64_t mn = *std::min_element(v.begin(), v.end());
      const auto e = p.max_loss();
      ok = ok && !e.unbounded &&
           std::fabs(e.amount.dollars() - static_cast<double>(mn) / 100.0) <= 1e-9 * 1e4 &&
           e.at->dollars() == lo_at(mn) && (mn != 0 || e.amount == Money::zero());
    }
    ++checked;
    if (!ok) {
      ++failures;
      if (failures <= 3) {
        std::string text;
        for (const auto& l : legs) {
          text += fmt::format("{}{}{}@{} ", l.side == Side::buy ? '+' : '-', l.strike,
                              l.right == OptionRight::call ? 'C' : 'P', l.cents);
        }
        for (const double x : expected) text += fmt::format(" exp {}", x);
        for (const double x : got) text += fmt::format(" got {}", x);
        MESSAGE("mismatch: ", text);
      }
    }
  }
  CHECK(checked > 15000);
  CHECK(failures == 0);
}

}  // namespace
