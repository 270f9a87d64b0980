// chain/chain_greeks.hpp: IVs (bid, mid, ask) and greeks per quote, the nearest-delta query.
// Independent values: the volatilities the chains were generated with (round trips), central
// finite differences of bsm_price for delta and vega, the closed-form BSM delta via erfc.
#include "ivcrush/chain/chain_greeks.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <type_traits>
#include <vector>

#include "chain/bsm_chain.hpp"
#include "chain/chain_fixtures.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace ivcrush::test;
using namespace std::chrono;

// A chain must outlive the greeks computed on it: a temporary does not bind.
static_assert(!std::is_constructible_v<ChainGreeks, OptionChain, const ChainMarket&>);
static_assert(std::is_constructible_v<ChainGreeks, const OptionChain&, const ChainMarket&>);
static_assert(QuotePricingModel<EuropeanBsm>);
static_assert(IvProvider<ComputedIvs> && IvProvider<VendorIvs> && IvProvider<NoIvs>);

// A smile that differs per expiration and per right (so a mixed-up index would show).
double smile(year_month_day e, double k, OptionRight right) {
  const double m = std::log(k / 100.0);
  const double base = e == 2024y / May / 17 ? 0.45 : (e == 2024y / June / 21 ? 0.32 : 0.27);
  return base + 0.8 * m * m - 0.1 * m + (right == OptionRight::put ? 0.004 : 0.0);
}

BsmChainSpec smile_spec() {
  BsmChainSpec s;
  s.spot = 100.0;
  s.expirations = {2024y / May / 17, 2024y / June / 21, 2024y / August / 16};
  s.strikes = strike_range(80.0, 120.0, 2.5);
  s.rate = 0.045;
  s.dividend_yield = 0.012;
  s.vol = smile;
  return s;
}

// Φ(x) through erfc, independent of the pricing kernel's normal CDF.
double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double closed_form_delta(OptionRight right, double s, double k, double t, double sigma, double r,
                         double q) {
  const double d1 = (std::log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / (sigma * std::sqrt(t));
  return right == OptionRight::call ? std::exp(-q * t) * phi(d1) : -std::exp(-q * t) * phi(-d1);
}

TEST_CASE("chain greeks: mid IVs recover the generating volatilities to 1e-10") {
  const auto spec = smile_spec();
  const auto built = bsm_chain(spec);
  REQUIRE(built.rejects.empty());
  const OptionChain& chain = built.chain;
  const ChainGreeks g =
      compute_chain_greeks(chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  REQUIRE(g.size() == chain.size());
  REQUIRE(chain.size() == 3 * 17 * 2);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const ContractKey& key = chain.contracts()[i];
    const double truth = smile(key.expiration.date(), key.strike.dollars(), key.right);
    CAPTURE(i);
    CAPTURE(key.strike.dollars());
    CAPTURE(to_string(key.right));
    const QuoteAnalytics& a = g[i];
    REQUIRE(a.mid_iv.has_value());
    REQUIRE(a.mid_iv->status == IvStatus::ok);
    // Locked quotes: bid, mid and ask are the model price, so all three IVs are the truth.
    CHECK_CLOSE(a.iv()->fraction(), truth, 1e-10, 0.0);
    CHECK_CLOSE(a.bid_iv->volatility->fraction(), truth, 1e-10, 0.0);
    CHECK_CLOSE(a.ask_iv->volatility->fraction(), truth, 1e-10, 0.0);
    CHECK_CLOSE(a.time.years(), key.expiration.time_to_expiry(chain.as_of()).years(), 0.0, 0.0);
    ++checked;
  }
  CHECK(checked == chain.size());
}

TEST_CASE("chain greeks: delta, gamma, vega and theta against finite differences") {
  const auto spec = smile_spec();
  const auto built = bsm_chain(spec);
  const OptionChain& chain = built.chain;
  const ChainGreeks g(chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  for (std::size_t i = 0; i < chain.size(); i += 7) {
    const ContractKey& key = chain.contracts()[i];
    const double sigma = smile(key.expiration.date(), key.strike.dollars(), key.right);
    const double t = key.expiration.time_to_expiry(chain.as_of()).years();
    const auto price = [&](double spot, double vol, double years) {
      return bsm_price(BsmInputs{.right = key.right,
                                 .spot = Price::dollars(spot),
                                 .strike = key.strike,
                                 .time = YearFraction::from_years(years),
                                 .volatility = Volatility::from_fraction(vol),
                                 .rate = spec.rate,
                                 .dividend_yield = spec.dividend_yield})
          .dollars();
    };
    CAPTURE(i);
    REQUIRE(g[i].greeks.has_value());
    const QuoteGreeks& gr = *g[i].greeks;
    const double h = 1e-3;
    CHECK_CLOSE(gr.delta,
                closed_form_delta(key.right, 100.0, key.strike.dollars(), t, sigma, spec.rate,
                                  spec.dividend_yield),
                1e-9, 0.0);
    CHECK_CLOSE(gr.delta, (price(100.0 + h, sigma, t) - price(100.0 - h, sigma, t)) / (2 * h), 1e-6,
                0.0);
    CHECK_CLOSE(
        gr.gamma,
        (price(100.0 + h, sigma, t) - 2 * price(100.0, sigma, t) + price(100.0 - h, sigma, t)) /
            (h * h),
        1e-4, 1e-3);
    // Vega per vol point: the price change for +-0.05 vol points, times 10.
    CHECK_CLOSE(gr.vega_per_vol_point,
                (price(100.0, sigma + 0.0005, t) - price(100.0, sigma - 0.0005, t)) * 10.0, 1e-8,
                1e-5);
    // Theta per calendar day: minus the price change as one day of life is removed.
    const double day = 1.0 / 365.0;
    CHECK_CLOSE(gr.theta_per_day,
                -(price(100.0, sigma, t + 0.01 * day) - price(100.0, sigma, t - 0.01 * day)) / 0.02,
                1e-6, 1e-4);
  }
}

TEST_CASE("chain greeks: bid IV < mid IV < ask IV, each repricing its premium") {
  auto spec = smile_spec();
  spec.half_spread = 0.02;
  const auto built = bsm_chain(spec);
  const OptionChain& chain = built.chain;
  const ChainGreeks g(chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  std::size_t compared = 0;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const QuoteAnalytics& a = g[i];
    CAPTURE(i);
    REQUIRE(a.bid_iv.has_value());
    REQUIRE(a.ask_iv->status == IvStatus::ok);
    if (a.bid_iv->status != IvStatus::ok) {
      // Deep in the money, 2 % under the model price can be below intrinsic.
      CHECK((a.bid_iv->status == IvStatus::below_intrinsic ||
             a.bid_iv->status == IvStatus::no_time_value));
      continue;
    }
    REQUIRE(a.iv().has_value());
    CHECK(a.bid_iv->volatility->fraction() < a.iv()->fraction());
    CHECK(a.iv()->fraction() < a.ask_iv->volatility->fraction());
    REQUIRE(a.iv_spread_points().has_value());
    CHECK(*a.iv_spread_points() > 0.0);
    const OptionQuote& q = chain.quotes()[i];
    const ContractKey& key = chain.contracts()[i];
    const auto reprice = [&](Volatility v) {
      return bsm_price(BsmInputs{.right = key.right,
                                 .spot = chain.spot(),
                                 .strike = key.strike,
                                 .time = a.time,
                                 .volatility = v,
                                 .rate = spec.rate,
                                 .dividend_yield = spec.dividend_yield})
          .dollars();
    };
    CHECK_CLOSE(reprice(*a.bid_iv->volatility), q.bid.dollars(), 1e-12, 1e-10);
    CHECK_CLOSE(reprice(*a.ask_iv->volatility), q.ask.dollars(), 1e-12, 1e-10);
    // First order, ΔIV (points) ≈ Δpremium / vega per point, where the spread is small in vol.
    if (*a.iv_spread_points() < 2.0) {
      CHECK_CLOSE(*a.iv_spread_points(), spread(q).dollars() / a.greeks->vega_per_vol_point, 0.0,
                  0.05);
      ++compared;
    }
  }
  CHECK(compared > 30);
}

TEST_CASE("chain greeks: statuses for premiums outside the no-arbitrage bounds") {
  ChainBuilder b(Symbol::parse("TEST"), synthetic_as_of(), Price::dollars(100.0));
  const auto e = 2024y / June / 21;
  b.add(input(e, 80.0, OptionRight::call, 18.0, 19.0));           // intrinsic 20 (more with carry)
  b.add(input(e, 90.0, OptionRight::call, 101.0, 150.0));         // above the spot
  b.add(input(e, 110.0, OptionRight::call, std::nullopt, 0.50));  // one-sided
  b.add(input(e, 120.0, OptionRight::put, 0.0, 21.0));            // zero bid, two-sided
  auto [chain, rejects] = std::move(b).build();
  REQUIRE(rejects.empty());
  const ChainGreeks g(chain, {.rate = 0.0});

  const auto* below = g.find(Expiration::from_date(e), Strike::parse("80"), OptionRight::call);
  REQUIRE(below != nullptr);
  CHECK(below->mid_iv->status == IvStatus::below_intrinsic);
  CHECK(below->bid_iv->status == IvStatus::below_intrinsic);
  CHECK(below->ask_iv->status == IvStatus::below_intrinsic);
  CHECK_FALSE(below->iv().has_value());
  CHECK_FALSE(below->greeks.has_value());
  CHECK_FALSE(below->iv_spread_points().has_value());

  const auto* above = g.find(Expiration::from_date(e), Strike::parse("90"), OptionRight::call);
  CHECK(above->ask_iv->status == IvStatus::above_upper_bound);
  CHECK(above->mid_iv->status == IvStatus::above_upper_bound);
  CHECK(above->bid_iv->status == IvStatus::above_upper_bound);

  const auto* one_sided = g.find(Expiration::from_date(e), Strike::parse("110"), OptionRight::call);
  CHECK_FALSE(one_sided->bid_iv.has_value());
  CHECK_FALSE(one_sided->mid_iv.has_value());
  CHECK(one_sided->ask_iv->status == IvStatus::ok);
  CHECK_FALSE(one_sided->greeks.has_value());

  // Bid 0 on a put 20 in the money: below intrinsic; the ask still has an IV.
  const auto* zero_bid = g.find(Expiration::from_date(e), Strike::parse("120"), OptionRight::put);
  CHECK(zero_bid->bid_iv->status == IvStatus::below_intrinsic);
  CHECK(zero_bid->ask_iv->status == IvStatus::ok);
  CHECK(g.find(Expiration::from_date(e), Strike::parse("120"), OptionRight::call) == nullptr);
}

// Without bid/ask IVs the mid IV and greeks are the same bits as the full pass's: the mid solve
// and the greeks do not depend on the other two solves.
void check_mid_only_equals_full(const OptionChain& chain, const ChainMarket& market) {
  const ChainGreeks full(chain, market);
  const ChainGreeks mid_only(chain, market, {.bid_ask_ivs = false});
  CHECK(full.options().bid_ask_ivs);
  CHECK_FALSE(mid_only.options().bid_ask_ivs);
  REQUIRE(mid_only.size() == chain.size());
  std::size_t with_greeks = 0;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    CAPTURE(i);
    const QuoteAnalytics& f = full[i];
    const QuoteAnalytics& m = mid_only[i];
    CHECK(m.time.years() == f.time.years());
    REQUIRE(m.mid_iv.has_value() == f.mid_iv.has_value());
    if (f.mid_iv) {
      CHECK(m.mid_iv->status == f.mid_iv->status);
      CHECK(m.mid_iv->volatility == f.mid_iv->volatility);
      CHECK(m.mid_iv->iterations == f.mid_iv->iterations);
    }
    REQUIRE(m.greeks.has_value() == f.greeks.has_value());
    if (f.greeks) {
      ++with_greeks;
      CHECK(m.greeks->delta == f.greeks->delta);
      CHECK(m.greeks->gamma == f.greeks->gamma);
      CHECK(m.greeks->vega_per_vol_point == f.greeks->vega_per_vol_point);
      CHECK(m.greeks->theta_per_day == f.greeks->theta_per_day);
    }
    CHECK(f.ask_iv.has_value());
    CHECK_FALSE(m.bid_iv.has_value());
    CHECK_FALSE(m.ask_iv.has_value());
    CHECK_FALSE(m.iv_spread_points().has_value());
  }
  CHECK(with_greeks > 0);
}

TEST_CASE("chain greeks: without bid and ask IVs, mid IVs and greeks are unchanged") {
  SUBCASE("quotes with a spread") {
    auto spec = smile_spec();
    spec.half_spread = 0.02;
    const auto built = bsm_chain(spec);
    check_mid_only_equals_full(built.chain,
                               {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  }
  SUBCASE("premiums outside the bounds, one-sided and zero-bid quotes") {
    ChainBuilder b(Symbol::parse("TEST"), synthetic_as_of(), Price::dollars(100.0));
    const auto e = 2024y / June / 21;
    b.add(input(e, 80.0, OptionRight::call, 18.0, 19.0));
    b.add(input(e, 90.0, OptionRight::call, 101.0, 150.0));
    b.add(input(e, 100.0, OptionRight::call, 4.0, 4.2));
    b.add(input(e, 110.0, OptionRight::call, std::nullopt, 0.50));
    b.add(input(e, 120.0, OptionRight::put, 0.0, 21.0));
    auto [chain, rejects] = std::move(b).build();
    REQUIRE(rejects.empty());
    check_mid_only_equals_full(chain, {.rate = 0.03});
    const ChainGreeks m(chain, {.rate = 0.03}, {.bid_ask_ivs = false});
    // The one-sided quote has nothing solved at all.
    const auto* one_sided =
        m.find(Expiration::from_date(e), Strike::parse("110"), OptionRight::call);
    REQUIRE(one_sided != nullptr);
    CHECK_FALSE(one_sided->mid_iv.has_value());
    CHECK_FALSE(one_sided->ask_iv.has_value());
  }
}

TEST_CASE("chain greeks: only_expiration solves that expiration alone, with the same bits") {
  ChainBuilder b(Symbol::parse("TEST"), synthetic_as_of(), Price::dollars(100.0));
  const auto first = 2024y / June / 21;
  const auto second = 2024y / July / 19;
  for (const auto e : {first, second}) {
    b.add(input(e, 95.0, OptionRight::put, 1.00, 1.10));
    b.add(input(e, 100.0, OptionRight::call, 3.00, 3.20));
    b.add(input(e, 100.0, OptionRight::put, 2.60, 2.80));
    b.add(input(e, 105.0, OptionRight::call, 1.20, 1.30));
  }
  auto [chain, rejects] = std::move(b).build();
  REQUIRE(rejects.empty());
  const ChainMarket market{.rate = 0.03};
  const ChainGreeks all(chain, market);
  for (const auto only : {first, second}) {
    ChainGreeksOptions o;
    o.only_expiration = Expiration::from_date(only);
    const ChainGreeks one(chain, market, o);
    REQUIRE(one.options().only_expiration == Expiration::from_date(only));
    std::size_t solved = 0;
    const auto contracts = chain.contracts();
    for (std::size_t i = 0; i < chain.size(); ++i) {
      CAPTURE(i);
      CHECK(one[i].time.years() == all[i].time.years());
      CHECK(one[i].time.years() > 0.0);
      if (contracts[i].expiration == Expiration::from_date(only)) {
        ++solved;
        REQUIRE(one[i].mid_iv.has_value());
        CHECK(one[i].mid_iv->volatility == all[i].mid_iv->volatility);
        CHECK(one[i].bid_iv->volatility == all[i].bid_iv->volatility);
        CHECK(one[i].ask_iv->volatility == all[i].ask_iv->volatility);
        REQUIRE(one[i].greeks.has_value());
        CHECK(one[i].greeks->delta == all[i].greeks->delta);
      } else {
        CHECK_FALSE(one[i].mid_iv.has_value());
        CHECK_FALSE(one[i].bid_iv.has_value());
        CHECK_FALSE(one[i].ask_iv.has_value());
        CHECK_FALSE(one[i].greeks.has_value());
        CHECK(all[i].mid_iv->status == IvStatus::ok);
      }
    }
    CHECK(solved == 4);
  }
}

TEST_CASE("chain greeks: an expiration already past as-of has T = 0 and no IV") {
  // As of 17:00 New York on the expiration day: the 16:00 expiry is an hour ago.
  const auto as_of = new_york_market_close(2024y / May / 17) + hours{1};
  ChainBuilder b(Symbol::parse("TEST"), as_of, Price::dollars(100.0));
  b.add(input(2024y / May / 17, 100.0, OptionRight::call, 0.10, 0.20));
  b.add(input(2024y / May / 24, 100.0, OptionRight::call, 1.10, 1.20));
  auto [chain, rejects] = std::move(b).build();
  REQUIRE(rejects.empty());
  const ChainGreeks g(chain, {});
  CHECK(g[0].time.years() == 0.0);
  CHECK(g[0].mid_iv->status == IvStatus::above_upper_bound);
  CHECK_FALSE(g[0].greeks.has_value());
  CHECK_CLOSE(g[1].time.years(), (7.0 * 86400.0 - 3600.0) / (365.0 * 86400.0), 1e-15, 0.0);
  CHECK(g[1].mid_iv->status == IvStatus::ok);
}

TEST_CASE("chain greeks: vendor values are kept apart from ours") {
  ChainBuilder b(Symbol::parse("TEST"), synthetic_as_of(), Price::dollars(100.0));
  QuoteInput q = input(2024y / June / 21, 100.0, OptionRight::call, 4.00, 4.10);
  q.vendor_iv = 0.99;
  q.vendor_delta = 0.01;
  b.add(q);
  auto [chain, rejects] = std::move(b).build();
  const ChainGreeks g(chain, {.rate = 0.05});
  REQUIRE(g[0].iv().has_value());
  CHECK(g[0].iv()->fraction() < 0.5);
  CHECK(g[0].greeks->delta > 0.4);
  CHECK(chain.quotes()[0].vendor_iv->fraction() == 0.99);
  CHECK(*chain.quotes()[0].vendor_greeks.delta == 0.01);
  CHECK(ComputedIvs(g).iv(chain, 0) == g[0].iv());
  CHECK(VendorIvs{}.iv(chain, 0)->fraction() == 0.99);
  CHECK_FALSE(NoIvs{}.iv(chain, 0).has_value());
}

TEST_CASE("chain greeks: the span overload fills a caller's buffer") {
  const auto spec = smile_spec();
  const auto built = bsm_chain(spec);
  std::vector<QuoteAnalytics> buffer(built.chain.size());
  compute_quote_analytics(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield},
                          std::span<QuoteAnalytics>(buffer));
  const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  for (std::size_t i = 0; i < buffer.size(); ++i) {
    CHECK(buffer[i].iv() == g[i].iv());
  }
}

TEST_CASE("chain greeks: bad market inputs are rejected with the field named") {
  const auto built = bsm_chain(smile_spec());
  CHECK_THROWS_WITH_AS(static_cast<void>(compute_chain_greeks(built.chain, {.rate = 2.0})),
                       "rate = 2: must be in [-1, 1] (a continuously compounded annual fraction)",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(compute_chain_greeks(built.chain, {.dividend_yield = std::nan("")})),
      "dividend yield = nan: must be finite", InvalidInput);
}

TEST_CASE("chain greeks: strike nearest a target |delta|, by brute force") {
  const auto spec = smile_spec();
  const auto built = bsm_chain(spec);
  const OptionChain& chain = built.chain;
  const ChainGreeks g(chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  const auto e = Expiration::from_date(2024y / June / 21);
  const double t = e.time_to_expiry(chain.as_of()).years();
  for (const auto right : {OptionRight::call, OptionRight::put}) {
    for (const double target : {0.10, 0.16, 0.25, 0.5, 0.75}) {
      CAPTURE(target);
      CAPTURE(to_string(right));
      // Brute force with the closed-form delta at the generating vols.
      double best_k = 0.0;
      double best = 1e9;
      for (const double k : spec.strikes) {
        const double d = closed_form_delta(right, 100.0, k, t, smile(e.date(), k, right), spec.rate,
                                           spec.dividend_yield);
        if (std::fabs(std::fabs(d) - target) < best) {
          best = std::fabs(std::fabs(d) - target);
          best_k = k;
        }
      }
      const auto m = strike_nearest_delta(g, e, right, target);
      REQUIRE(m.has_value());
      CHECK(m->strike == Strike::from_dollars(best_k));
      CHECK(chain.contracts()[m->quote_index].strike == m->strike);
      CHECK(chain.contracts()[m->quote_index].right == right);
      CHECK((right == OptionRight::put ? m->delta < 0.0 : m->delta > 0.0));
    }
  }
  CHECK_FALSE(
      strike_nearest_delta(g, Expiration::from_date(2024y / June / 14), OptionRight::call, 0.25)
          .has_value());
  CHECK_THROWS_WITH_AS(static_cast<void>(strike_nearest_delta(g, e, OptionRight::put, 1.0)),
                       "target |delta| = 1: must be in (0, 1)", InvalidInput);
  CHECK_THROWS_WITH_AS(static_cast<void>(strike_nearest_delta(g, e, OptionRight::put, -0.25)),
                       "target |delta| = -0.25: must be in (0, 1)", InvalidInput);
}

TEST_CASE("chain greeks: the liquid filter skips an illiquid nearest strike") {
  auto spec = smile_spec();
  spec.expirations = {2024y / June / 21};
  const auto full = bsm_chain(spec);
  const ChainGreeks g_full(full.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  const auto e = Expiration::from_date(2024y / June / 21);
  const auto nearest = strike_nearest_delta(g_full, e, OptionRight::put, 0.25);
  REQUIRE(nearest.has_value());

  // The same chain with no open interest at that put.
  ChainBuilder b(Symbol::parse("TEST"), spec.as_of, Price::dollars(spec.spot));
  for (std::size_t i = 0; i < full.chain.size(); ++i) {
    const auto& key = full.chain.contracts()[i];
    const auto& q = full.chain.quotes()[i];
    const bool drop_oi = key.strike == nearest->strike && key.right == OptionRight::put;
    b.add(input(key.expiration.date(), key.strike.dollars(), key.right, q.bid.dollars(),
                q.ask.dollars(), drop_oi ? 0 : 500));
  }
  auto [chain, rejects] = std::move(b).build();
  const ChainGreeks g(chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  CHECK(strike_nearest_delta(g, e, OptionRight::put, 0.25)->strike == nearest->strike);
  const auto liquid = strike_nearest_delta(g, e, OptionRight::put, 0.25, QuoteFilter::liquid);
  REQUIRE(liquid.has_value());
  CHECK(liquid->strike != nearest->strike);
  CHECK(std::fabs(liquid->strike.dollars() - nearest->strike.dollars()) == 2.5);
}

}  // namespace
