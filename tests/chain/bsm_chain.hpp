// tests/chain/bsm_chain.hpp: chains whose quotes are Black-Scholes-Merton prices at known
// volatilities (for the IV round trips, the skew and the term-structure event tests).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "chain/chain_fixtures.hpp"
#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/pricing/black_scholes.hpp"

namespace ivcrush::test {

// σ for a contract: (expiration, strike in dollars, right) -> annualized fraction.
using VolFunction = std::function<double(std::chrono::year_month_day, double, OptionRight)>;

struct BsmChainSpec {
  double spot = 100.0;
  std::chrono::sys_seconds as_of = synthetic_as_of();
  std::vector<std::chrono::year_month_day> expirations;
  std::vector<double> strikes;
  double rate = 0.0;
  double dividend_yield = 0.0;
  VolFunction vol;
  // bid = price·(1 - half_spread), ask = price·(1 + half_spread); 0 gives a locked market whose
  // mid is the model price exactly.
  double half_spread = 0.0;
  std::int64_t open_interest = 500;
  std::int64_t volume = 100;
};

// The model price of one contract of the spec.
inline double bsm_model_price(const BsmChainSpec& s, std::chrono::year_month_day e, double k,
                              OptionRight right) {
  const YearFraction t = Expiration::from_date(e).time_to_expiry(s.as_of);
  return bsm_price(BsmInputs{.right = right,
                             .spot = Price::dollars(s.spot),
                             .strike = Strike::from_dollars(k),
                             .time = t,
                             .volatility = Volatility::from_fraction(s.vol(e, k, right)),
                             .rate = s.rate,
                             .dividend_yield = s.dividend_yield})
      .dollars();
}

inline ChainBuildResult bsm_chain(const BsmChainSpec& s) {
  ChainBuilder b(Symbol::parse("TEST"), s.as_of, Price::dollars(s.spot));
  for (const auto e : s.expirations) {
    for (const double k : s.strikes) {
      for (const auto right : {OptionRight::call, OptionRight::put}) {
        const double p = bsm_model_price(s, e, k, right);
        QuoteInput q = input(e, k, right, p * (1.0 - s.half_spread), p * (1.0 + s.half_spread),
                             s.open_interest);
        q.volume = s.volume;
        b.add(q);
      }
    }
  }
  return std::move(b).build();
}

inline std::vector<double> strike_range(double from, double to, double step) {
  std::vector<double> out;
  for (double k = from; k <= to + 1e-9; k += step) out.push_back(k);
  return out;
}

}  // namespace ivcrush::test
