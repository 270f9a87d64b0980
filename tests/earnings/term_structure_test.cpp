// earnings/term_structure.hpp: ATM IVs per expiration, forward variances, shape, and the event
// move implied by the term structure. Independent values: the variances the chains were
// generated with (base 30 %, an event with a known one-day σ) and hand computations.
#include "ivcrush/earnings/term_structure.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <vector>

#include "chain/bsm_chain.hpp"
#include "chain/chain_fixtures.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace ivcrush::test;
using namespace std::chrono;

// As of Friday 2024-05-10 16:00 New York: these expire 3, 10 and 17 days later at 16:00.
const auto kE1 = 2024y / May / 13;
const auto kE2 = 2024y / May / 20;
const auto kE3 = 2024y / May / 27;

double days(year_month_day e) {
  return static_cast<double>((sys_days{e} - sys_days{2024y / May / 10}).count());
}

// Total variance w(T) = base² (T - δ) + event² for expirations after the event: σ(T) = √(w/T).
BsmChainSpec event_spec(double base, double event_sigma, double removed_days = 0.0) {
  BsmChainSpec s;
  s.spot = 100.0;
  s.expirations = {kE1, kE2, kE3};
  s.strikes = strike_range(90.0, 110.0, 5.0);
  s.rate = 0.04;
  s.dividend_yield = 0.01;
  s.vol = [=](year_month_day e, double, OptionRight) {
    const double t = days(e) / 365.0;
    const double w = base * base * (t - removed_days / 365.0) + event_sigma * event_sigma;
    return std::sqrt(w / t);
  };
  return s;
}

const EarningsEvent kEvent{Symbol::parse("TEST"), 2024y / May / 13, EarningsTiming::before_open};

TEST_CASE("term structure: ATM IVs, total variances and forwards of a generated chain") {
  const auto spec = event_spec(0.30, 0.06);
  const auto built = bsm_chain(spec);
  REQUIRE(built.rejects.empty());
  const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  const TermStructure ts = analyze_term_structure(g);
  REQUIRE(ts.points.size() == 3);
  for (const TermPoint& p : ts.points) {
    CAPTURE(days(p.expiration.date()));
    CHECK(p.atm_strike == Strike::parse("100"));
    CHECK_CLOSE(p.time.years(), days(p.expiration.date()) / 365.0, 1e-15, 0.0);
    REQUIRE(p.atm_iv.has_value());
    CHECK_CLOSE(p.atm_iv->fraction(), spec.vol(p.expiration.date(), 100.0, OptionRight::call),
                1e-10, 0.0);
    CHECK_CLOSE(*p.total_variance(), 0.09 * p.time.years() + 0.0036, 1e-12, 0.0);
  }
  // Both forwards are the base rate: the event's variance is in all three and cancels.
  REQUIRE(ts.forwards.size() == 2);
  for (const ForwardVariance& f : ts.forwards) {
    CHECK(f.status == ForwardVarianceStatus::ok);
    CHECK_CLOSE(f.variance_per_year, 0.09, 1e-8, 0.0);
    CHECK_CLOSE(f.volatility()->fraction(), 0.30, 1e-8, 0.0);
  }
  CHECK(ts.forwards[0].from == Expiration::from_date(kE1));
  CHECK(ts.forwards[1].to == Expiration::from_date(kE3));
  CHECK_FALSE(ts.has_calendar_arbitrage());
  // The front holds the event: backwardation. Slope by hand over the three (T, σ) points.
  CHECK(ts.shape == TermShape::backwardation);
  double tm = 0.0;
  double vm = 0.0;
  for (const auto& p : ts.points) {
    tm += p.time.years() / 3.0;
    vm += p.atm_iv->points() / 3.0;
  }
  double sxy = 0.0;
  double sxx = 0.0;
  for (const auto& p : ts.points) {
    sxy += (p.time.years() - tm) * (p.atm_iv->points() - vm);
    sxx += (p.time.years() - tm) * (p.time.years() - tm);
  }
  CHECK_CLOSE(*ts.slope_points_per_year, sxy / sxx, 1e-9, 1e-9);
}

TEST_CASE("term structure: the event move recovers a 6 % one-day σ over a 30 % base") {
  const auto spec = event_spec(0.30, 0.06);
  const auto built = bsm_chain(spec);
  const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  for (const auto base :
       {BaseVarianceSource::next_expiration, BaseVarianceSource::later_expirations}) {
    const EventMove em = implied_event_move(g, kEvent, {.base = base});
    REQUIRE(em.ok());
    CHECK(em.event_expiration == Expiration::from_date(kE1));
    CHECK_CLOSE(em.base_volatility->fraction(), 0.30, 1e-8, 0.0);
    CHECK_CLOSE(*em.event_total_variance, 0.0036, 1e-11, 0.0);
    CHECK_CLOSE(em.event_sigma->fraction(), 0.06, 1e-9, 0.0);
    // E|N(0, σ²)| = σ·√(2/π)
    CHECK_CLOSE(em.expected_absolute_move->fraction(), 0.06 * std::sqrt(2.0 / std::acos(-1.0)),
                1e-9, 0.0);
  }
  // The same through a term structure read with the (equal) computed IVs.
  const TermStructure ts = analyze_term_structure(built.chain, ComputedIvs(g));
  CHECK_CLOSE(implied_event_move(ts, Expiration::from_date(kE1)).event_sigma->fraction(), 0.06,
              1e-9, 0.0);
}

TEST_CASE("term structure: an event day replacing a day of diffusion (δ = 1/365)") {
  const auto spec = event_spec(0.30, 0.06, 1.0);
  const auto built = bsm_chain(spec);
  const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
  const EventMove with_delta = implied_event_move(
      g, kEvent, {.event_day_diffusion_removed = YearFraction::from_years(1.0 / 365.0)});
  REQUIRE(with_delta.ok());
  CHECK_CLOSE(with_delta.event_sigma->fraction(), 0.06, 1e-9, 0.0);
  // Read with δ = 0 the same chain gives √(0.0036 - 0.09/365): the day's diffusion is netted out.
  const EventMove without = implied_event_move(g, kEvent);
  CHECK_CLOSE(without.event_sigma->fraction(), std::sqrt(0.0036 - 0.09 / 365.0), 1e-9, 0.0);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(implied_event_move(
          g, kEvent, {.event_day_diffusion_removed = YearFraction::from_years(8.0 / 365.0)})),
      "event day diffusion removed (years) = 0.021917808219178082: must be at most 7 days",
      InvalidInput);
}

TEST_CASE("term structure: event move statuses") {
  SUBCASE("no expiration after the event") {
    const auto built = bsm_chain(event_spec(0.30, 0.06));
    const ChainGreeks g(built.chain, {});
    const EarningsEvent late{Symbol::parse("TEST"), 2024y / June / 3, EarningsTiming::after_close};
    CHECK(implied_event_move(g, late).status == EventMoveStatus::no_event_expiration);
  }
  SUBCASE("no later expiration") {
    auto spec = event_spec(0.30, 0.06);
    spec.expirations = {kE1};
    const auto built = bsm_chain(spec);
    const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
    CHECK(implied_event_move(g, kEvent).status == EventMoveStatus::no_later_expiration);
  }
  SUBCASE("the least-squares base needs two later expirations") {
    auto spec = event_spec(0.30, 0.06);
    spec.expirations = {kE1, kE2};
    const auto built = bsm_chain(spec);
    const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
    CHECK(implied_event_move(g, kEvent).ok());
    CHECK(implied_event_move(g, kEvent, {.base = BaseVarianceSource::later_expirations}).status ==
          EventMoveStatus::no_later_expiration);
  }
  SUBCASE("a front month cheaper than the base: negative event variance, still reported") {
    BsmChainSpec spec = event_spec(0.30, 0.06);
    spec.vol = [](year_month_day e, double, OptionRight) { return e == kE1 ? 0.25 : 0.30; };
    const auto built = bsm_chain(spec);
    const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
    const EventMove em = implied_event_move(g, kEvent);
    CHECK(em.status == EventMoveStatus::negative_event_variance);
    REQUIRE(em.event_total_variance.has_value());
    CHECK(*em.event_total_variance < 0.0);
    CHECK_FALSE(em.event_sigma.has_value());
  }
  SUBCASE("later expirations in calendar arbitrage: negative base variance") {
    BsmChainSpec spec = event_spec(0.30, 0.06);
    spec.vol = [](year_month_day e, double, OptionRight) { return e == kE1 ? 0.80 : 0.20; };
    const auto built = bsm_chain(spec);
    const ChainGreeks g(built.chain, {.rate = spec.rate, .dividend_yield = spec.dividend_yield});
    CHECK(implied_event_move(g, kEvent).status == EventMoveStatus::negative_base_variance);
  }
  SUBCASE("an event for another symbol is bad input") {
    const auto built = bsm_chain(event_spec(0.30, 0.06));
    const ChainGreeks g(built.chain, {});
    const EarningsEvent other{Symbol::parse("MSFT"), 2024y / May / 13, EarningsTiming::before_open};
    CHECK_THROWS_WITH_AS(static_cast<void>(implied_event_move(g, other)),
                         "event symbol = MSFT: is not the chain's underlying TEST", InvalidInput);
  }
}

TEST_CASE("term structure: calendar arbitrage and shapes") {
  // Front 50 % over 10 days, back 20 % over 17: w falls from 0.00685 to 0.00186.
  BsmChainSpec spec;
  spec.expirations = {kE2, kE3};
  spec.strikes = strike_range(95.0, 105.0, 5.0);
  spec.vol = [](year_month_day e, double, OptionRight) { return e == kE2 ? 0.50 : 0.20; };
  const auto built = bsm_chain(spec);
  const ChainGreeks g(built.chain, {});
  const TermStructure ts = analyze_term_structure(g);
  REQUIRE(ts.forwards.size() == 1);
  CHECK(ts.forwards[0].status == ForwardVarianceStatus::calendar_arbitrage);
  CHECK_CLOSE(ts.forwards[0].variance_per_year,
              (0.04 * 17.0 / 365.0 - 0.25 * 10.0 / 365.0) / (7.0 / 365.0), 1e-9, 0.0);
  CHECK_FALSE(ts.forwards[0].volatility().has_value());
  CHECK(ts.has_calendar_arbitrage());
  CHECK(ts.shape == TermShape::backwardation);

  spec.vol = [](year_month_day e, double, OptionRight) { return e == kE2 ? 0.20 : 0.25; };
  const auto rising = bsm_chain(spec);
  const ChainGreeks gr(rising.chain, {});
  const TermStructure up = analyze_term_structure(gr);
  CHECK(up.shape == TermShape::contango);
  // Slope of two points: (25 - 20) points over 7 days.
  CHECK_CLOSE(*up.slope_points_per_year, 5.0 / (7.0 / 365.0), 1e-6, 1e-9);
  CHECK(analyze_term_structure(gr, {.flat_slope_points_per_year = 300.0}).shape == TermShape::flat);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(analyze_term_structure(gr, {.flat_slope_points_per_year = -1.0})),
      "flat slope (vol points per year) = -1: must not be negative", InvalidInput);

  // One expiration: no slope, undetermined; NoIvs: no IVs at all.
  spec.expirations = {kE2};
  const auto single = bsm_chain(spec);
  const ChainGreeks gs(single.chain, {});
  CHECK(analyze_term_structure(gs).shape == TermShape::undetermined);
  const TermStructure none = analyze_term_structure(single.chain, NoIvs{});
  CHECK_FALSE(none.points[0].atm_iv.has_value());
  CHECK(implied_event_move(none, Expiration::from_date(kE2)).status ==
        EventMoveStatus::missing_event_iv);
}

}  // namespace
