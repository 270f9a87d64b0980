// The README's worked strategy example, compiled and checked: if this test changes, update the
// README section "Strategies: a worked example" with the same code and numbers.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <vector>

#include "ivcrush/ivcrush.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;

TEST_CASE("README worked example: a JPM iron condor, model and empirical POP") {
  // --- begin README example ---
  const auto jpm = Symbol::parse("JPM");
  const auto expiry = 2025y / October / 17;  // the weekly after the 2025-10-14 BMO report
  const auto leg = [&](OptionRight right, const char* strike, Side side, double premium) {
    return Leg::option({.right = right,
                        .strike = Strike::parse(strike),
                        .expiration = expiry,
                        .side = side,
                        .quantity = 1,
                        .premium = Money::dollars(premium)});
  };
  // Illustrative premiums around a $300 spot (not market data).
  const auto condor = Strategy::make(jpm, {leg(OptionRight::put, "285", Side::buy, 0.55),
                                           leg(OptionRight::put, "290", Side::sell, 1.10),
                                           leg(OptionRight::call, "310", Side::sell, 1.30),
                                           leg(OptionRight::call, "315", Side::buy, 0.60)});
  const CommissionSchedule fees{.per_contract = Money::dollars(0.65)};  // entry and exit
  const auto payoff = PayoffProfile::at_expiration(condor, {.fees = fees});

  // Model: lognormal at a 30 % implied volatility over the 4 days to expiry, zero drift.
  const LognormalModel model{.spot = Price::dollars(300.0),
                             .time = year_fraction(2025y / October / 13, expiry, DayCount::act_365),
                             .volatility = Volatility::from_points(30.0)};
  const auto m = model_outcome(payoff, model);

  // Empirical: JPM's own before-open reactions (close to close) before this report.
  const auto reactions = io::read_earnings_reactions(IVCRUSH_DATA_DIR "/earnings_reactions.csv");
  std::vector<Percentage> moves;
  for (const auto& r : reactions.rows) {
    if (r.event.symbol == jpm && r.event.date < 2025y / October / 14) {
      moves.push_back(to_historical_move(r).close_move);
    }
  }
  const auto e = empirical_outcome(payoff, Price::dollars(300.0), moves);

  const std::string report = fmt::format(
      "credit {}, max profit {}, max loss {}, breakevens {:.2f} / {:.2f}\n"
      "model POP {:.1f}% (E[P/L] {}), empirical POP {:.1f}% over {} reactions (mean P/L {})\n",
      condor.net_entry_cash(), payoff.max_profit().amount, payoff.max_loss().amount,
      payoff.breakevens()[0], payoff.breakevens()[1], 100 * m.probability_of_profit, m.expected_pnl,
      100 * e.probability_of_profit, e.sample_size, e.expected_pnl);
  // --- end README example ---
  MESSAGE(report);
  CHECK(reactions.rejects.empty());
  CHECK(e.sample_size == 15);
  // Independent values: credit 1.25/share; fees 4 contracts × $0.65 × 2 = $5.20.
  CHECK_CLOSE(condor.net_entry_cash().dollars(), 125.0, 1e-9, 0.0);
  CHECK_CLOSE(payoff.max_profit().amount.dollars(), 125.0 - 5.20, 1e-9, 0.0);
  CHECK_CLOSE(payoff.max_loss().amount.dollars(), -(500.0 - 125.0) - 5.20, 1e-9, 0.0);
  CHECK_CLOSE(payoff.breakevens()[0], 290.0 - 1.25 + 0.052, 1e-9, 0.0);
  CHECK_CLOSE(payoff.breakevens()[1], 310.0 + 1.25 - 0.052, 1e-9, 0.0);
  // Model POP: P(288.8021 < S_T < 311.1979) with ln S_T ~ N(ln 300 - σ²T/2, σ²T), written out.
  const double sd = 0.30 * std::sqrt(4.0 / 365.0);
  const auto ncdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  const auto z = [&](double level) { return (std::log(level / 300.0) + 0.5 * sd * sd) / sd; };
  CHECK_CLOSE(m.probability_of_profit, ncdf(z(311.198 - 0.0001)) - ncdf(z(288.802 + 0.0001)), 1e-12,
              0.0);
  // Empirical: 10 of JPM's 15 reactions stayed inside the breakevens (hand-counted in the file).
  CHECK_CLOSE(e.probability_of_profit, 10.0 / 15.0, 1e-15, 0.0);
  CHECK(report ==
        "credit $125.00, max profit $119.80, max loss -$380.20, breakevens 288.80 / 311.20\n"
        "model POP 76.6% (E[P/L] $25.04), empirical POP 66.7% over 15 reactions (mean P/L "
        "-$18.93)\n");
}

}  // namespace
