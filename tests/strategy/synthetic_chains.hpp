// tests/strategy/synthetic_chains.hpp: the chains the builder and generator tests run on.
//
// section8_chain(): domain-spec §8 "End-to-end generator": S = 100, Black-Scholes with r = 0,
// σ = 60 %, T = 7/365, strikes 80-120 step 1, bid = round(0.97·price, 2),
// ask = round(1.03·price + 0.01, 2), OI 1000, volume 200, the vendor delta = the BS delta
// rounded to 4 decimals (the original read its deltas from the quotes). The prices here are an
// independent Black-Scholes (std::erfc), not the library's.
// random_chain(seed, ...): a seeded chain of realistic shape (a smile, spreads that widen away
// from the money, a few one-sided or illiquid quotes, missing strikes on one side).
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/option_chain.hpp"

namespace ivcrush::test {

inline double norm_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Black-Scholes with r = q = 0: {price, delta}.
struct BsValue {
  double price;
  double delta;
};
inline BsValue bs(bool call, double s, double k, double sigma, double t) {
  const double sd = sigma * std::sqrt(t);
  const double d1 = (std::log(s / k) + 0.5 * sd * sd) / sd;
  const double d2 = d1 - sd;
  if (call) return {s * norm_cdf(d1) - k * norm_cdf(d2), norm_cdf(d1)};
  return {k * norm_cdf(-d2) - s * norm_cdf(-d1), norm_cdf(d1) - 1.0};
}

// Python's round(x, n): the correctly rounded decimal of the binary value.
inline double round_to(double x, int decimals) {
  return std::stod(fmt::format("{:.{}f}", x, decimals));
}

inline constexpr auto section8_expiry = std::chrono::year_month_day{
    std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}};

// As-of exactly 7 days before the 16:00 New York expiry: T = 7/365 (ACT/365 to the second).
inline std::chrono::sys_seconds seven_days_before_expiry() {
  return Expiration::from_date(section8_expiry).expiry_time() - std::chrono::days{7};
}

inline OptionChain section8_chain() {
  ChainBuilder b(Symbol::parse("SYN"), seven_days_before_expiry(), Price::dollars(100.0));
  const double t = 7.0 / 365.0;
  for (int k = 80; k <= 120; ++k) {
    for (const bool call : {true, false}) {
      const auto v = bs(call, 100.0, k, 0.60, t);
      b.add({.expiration = section8_expiry,
             .strike = static_cast<double>(k),
             .right = call ? OptionRight::call : OptionRight::put,
             .bid = round_to(0.97 * v.price, 2),
             .ask = round_to(1.03 * v.price + 0.01, 2),
             .volume = 200,
             .open_interest = 1000,
             .vendor_delta = round_to(v.delta, 4)});
    }
  }
  auto r = std::move(b).build();
  return std::move(r.chain);
}

// A seeded chain: `n` strikes every `step` dollars around `spot`, a smile, spreads widening
// away from the money, some quotes with low open interest, a few strikes listed on one side.
inline OptionChain random_chain(std::uint32_t seed, double spot, int n, double step) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double t = (3.0 + static_cast<double>(rng() % 10)) / 365.0;
  ChainBuilder b(Symbol::parse("RND"),
                 Expiration::from_date(section8_expiry).expiry_time() -
                     std::chrono::seconds{static_cast<std::int64_t>(t * 365.0 * 86400.0)},
                 Price::dollars(spot));
  const double atm_vol = 0.3 + 0.6 * unit(rng);
  const double first = std::round(spot / step) * step - step * static_cast<double>(n / 2);
  for (int i = 0; i < n; ++i) {
    const double k = first + step * static_cast<double>(i);
    if (k <= 0.0) continue;
    const double x = std::log(k / spot) / (atm_vol * std::sqrt(t));
    const double vol = std::max(0.05, atm_vol + 0.02 * x * x - 0.03 * x);
    for (const bool call : {true, false}) {
      if (rng() % 40 == 0) continue;  // a strike listed on one side only
      const auto v = bs(call, spot, k, vol, t);
      const double half = std::max(0.01, (0.02 + 0.03 * std::fabs(x)) * v.price);
      const double bid = std::max(0.0, round_to(v.price - half, 2));
      const double ask = std::max(0.01, round_to(v.price + half, 2));
      const auto oi = static_cast<std::int64_t>(rng() % 8 == 0 ? rng() % 40 : 100 + rng() % 5000);
      b.add({.expiration = section8_expiry,
             .strike = k,
             .right = call ? OptionRight::call : OptionRight::put,
             .bid = bid,
             .ask = ask,
             .volume = static_cast<std::int64_t>(rng() % 500),
             .open_interest = oi,
             .vendor_delta = round_to(v.delta, 4)});
    }
  }
  auto r = std::move(b).build();
  return std::move(r.chain);
}

}  // namespace ivcrush::test
