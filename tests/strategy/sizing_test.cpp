// Sizing: the original's EV-Kelly table (domain-spec §8 "Sizing"), plain Kelly, budget caps.
#include "ivcrush/strategy/sizing.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

SizingInputs inputs(double max_profit, double max_loss, double pop) {
  return {.max_profit_per_contract = Money::dollars(max_profit),
          .max_loss_per_contract = Money::dollars(max_loss),
          .probability_of_profit = pop};
}

TEST_CASE("EV-Kelly reproduces the original's sizing table (domain-spec §8)") {
  struct Row {
    double max_profit, max_loss, pop;
    std::int32_t contracts;
  };
  const Row rows[] = {{200, 300, 0.75, 10}, {200, 300, 0.65, 5}, {100, 400, 0.80, 4},
                      {21, 100, 0.846, 31}, {38, 100, 0.595, 1}, {150, 350, 0.75, 8},
                      {50, 450, 0.90, 5},   {100, 400, 1.0, 12}, {100, 400, 0.5, 1}};
  for (const auto& r : rows) {
    CAPTURE(r.max_profit);
    CAPTURE(r.max_loss);
    CAPTURE(r.pop);
    CHECK(ev_kelly_contracts(inputs(r.max_profit, r.max_loss, r.pop)) == r.contracts);
  }
  // Negative EV with min_contracts 0: no trade.
  CHECK(ev_kelly_contracts(inputs(100, 400, 0.5), {.limits = {.min_contracts = 0}}) == 0);
  // The max-contracts clamp.
  CHECK(ev_kelly_contracts(inputs(100, 10, 0.95)) == 100);
}

TEST_CASE("fixed sizing (domain-spec §8): budget / max loss, clamped") {
  CHECK(fixed_contracts(Money::dollars(400)) == 50);
  CHECK(fixed_contracts(Money::dollars(15'000)) == 1);
  CHECK(fixed_contracts(Money::dollars(10)) == 100);
  CHECK(fixed_contracts(Money::dollars(0)) == 0);
}

TEST_CASE("contracts never exceed the risk budget") {
  // One contract loses more than the whole budget: the original said 1, ivcrush says 0.
  CHECK(fixed_contracts(Money::dollars(30'000)) == 0);
  CHECK(ev_kelly_contracts(inputs(5'000, 30'000, 0.9)) == 0);
  CHECK(kelly_contracts(inputs(5'000, 30'000, 0.95), {.bankroll = Money::dollars(1e7)}) == 0);
  // A large bankroll with a small budget: the budget binds.
  const auto n = kelly_contracts(
      inputs(150, 350, 0.8),
      {.bankroll = Money::dollars(1e7), .fraction = 1.0, .limits = {.max_contracts = 1000}});
  CHECK(n == static_cast<std::int32_t>(std::floor(20'000.0 / 350.0)));
}

TEST_CASE("plain Kelly: f* = p - q/b, fractional stakes") {
  // p = 0.75, b = 150/350: f* = 0.75 - 0.25 · 350/150 = 0.1666...
  CHECK_CLOSE(kelly_fraction(inputs(150, 350, 0.75)), 0.75 - 0.25 * 350.0 / 150.0, 1e-15, 0.0);
  CHECK(kelly_fraction(inputs(100, 400, 0.5)) < 0.0);
  CHECK(kelly_fraction(inputs(0, 400, 0.9)) == -1.0);
  // Half Kelly on $100k: 0.5 · 0.1667 · 100000 / 350 = 23.8 -> 23 (budget allows 57).
  CHECK(kelly_contracts(inputs(150, 350, 0.75)) == 23);
  CHECK(kelly_contracts(inputs(100, 400, 0.5)) == 0);
}

TEST_CASE("sizing rejects bad inputs with the field and value") {
  CHECK_THROWS_WITH_AS((void)ev_kelly_contracts(inputs(100, 400, 1.2)),
                       "probability of profit = 1.2: must be in [0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)ev_kelly_contracts(inputs(100, 0, 0.5)),
                       "max loss per contract = 0: must be positive (a loss as an amount)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)kelly_contracts(inputs(100, 400, 0.5), {.fraction = 0.0}),
                       "kelly fraction = 0: must be in (0, 1]", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)fixed_contracts(Money::dollars(100), {.min_contracts = 5, .max_contracts = 2}),
      "max contracts = 2: must be at least min contracts 5", InvalidInput);
  CHECK_THROWS_WITH_AS((void)fixed_contracts(Money::dollars(100), {.min_contracts = -1}),
                       "min contracts = -1: must not be negative", InvalidInput);
}

}  // namespace
