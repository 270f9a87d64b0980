// tests/chain/chain_fixtures.hpp: small synthetic chains for the chain and io tests.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"

namespace ivcrush::test {

using namespace std::chrono_literals;

// The as-of instant of every synthetic chain: Friday 2024-05-10, 16:00 New York (EDT).
inline std::chrono::sys_seconds synthetic_as_of() {
  using namespace std::chrono;
  return new_york_market_close(2024y / May / 10);
}

inline QuoteInput input(std::chrono::year_month_day expiration, double strike, OptionRight right,
                        std::optional<double> bid, double ask,
                        std::optional<std::int64_t> open_interest = 100,
                        std::size_t source_line = 0) {
  QuoteInput q;
  q.expiration = expiration;
  q.strike = strike;
  q.right = right;
  q.bid = bid;
  q.ask = ask;
  q.open_interest = open_interest;
  q.source_line = source_line;
  return q;
}

// A chain with a call and a put at each strike of each expiration; quotes 1.00 / 1.10 unless
// `bid_of(strike)` says otherwise.
inline ChainBuildResult two_sided_chain(double spot,
                                        const std::vector<std::chrono::year_month_day>& exps,
                                        const std::vector<double>& strikes) {
  ChainBuilder b(Symbol::parse("TEST"), synthetic_as_of(), Price::dollars(spot));
  for (const auto e : exps) {
    for (const double k : strikes) {
      b.add(input(e, k, OptionRight::call, 1.00, 1.10));
      b.add(input(e, k, OptionRight::put, 2.00, 2.20));
    }
  }
  return std::move(b).build();
}

}  // namespace ivcrush::test
