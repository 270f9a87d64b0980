// Probability of profit and expected P/L: model (lognormal) and empirical, against independent
// values: closed forms, numerical integration, Monte Carlo, OptionLab's published example.
#include "ivcrush/strategy/probability.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "support/check_close.hpp"
#include "support/counting_allocator.hpp"  // this executable's operator new counts

namespace {

using namespace ivcrush;
using namespace std::chrono;

constexpr auto expiry = 2024y / June / 21;
const auto sym = Symbol::parse("XYZ");

Leg opt(OptionRight r, const char* k, Side side, double premium) {
  return Leg::option({.right = r,
                      .strike = Strike::parse(k),
                      .expiration = expiry,
                      .side = side,
                      .quantity = 1,
                      .premium = Money::dollars(premium)});
}

Strategy iron_condor() {
  return Strategy::make(sym, {opt(OptionRight::put, "90", Side::buy, 0.40),
                              opt(OptionRight::put, "95", Side::sell, 1.10),
                              opt(OptionRight::call, "105", Side::sell, 1.25),
                              opt(OptionRight::call, "110", Side::buy, 0.30)});
}

// The lognormal density of S_T, written out independently of pricing/lognormal.hpp.
double density(double s, const LognormalModel& m) {
  const double sd = m.volatility.fraction() * std::sqrt(m.time.years());
  const double mu =
      std::log(m.spot.dollars()) + (m.drift - 0.5 * m.volatility.variance()) * m.time.years();
  const double z = (std::log(s) - mu) / sd;
  return std::exp(-0.5 * z * z) / (s * sd * std::sqrt(2.0 * M_PI));
}

// Composite Simpson of f·density over [a, b] in log-price (smooth there), n even.
template <class F>
double integrate(F f, double a, double b, const LognormalModel& m, int n = 20000) {
  const double la = std::log(a), lb = std::log(b), h = (lb - la) / n;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double s = std::exp(la + i * h);
    const double w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    sum += w * f(s) * density(s, m) * s;  // dS = s dlog s
  }
  return sum * h / 3.0;
}

const LognormalModel model{.spot = Price::dollars(100.0),
                           .time = YearFraction::from_years(7.0 / 365.0),
                           .volatility = Volatility::from_fraction(0.60),
                           .drift = 0.0};

TEST_CASE("model POP and expected P/L equal numerical integration of the lognormal density") {
  const auto ic = iron_condor();
  const auto p = PayoffProfile::at_expiration(ic);
  const auto out = model_outcome(p, model);
  const double credit = 1.10 - 0.40 + 1.25 - 0.30;
  // Profit region [95 - credit + 0.0001, 105 + credit - 0.0001].
  const double pop =
      integrate([](double) { return 1.0; }, 95.0 - credit + 1e-4, 105.0 + credit - 1e-4, model);
  CHECK_CLOSE(out.probability_of_profit, pop, 1e-10, 0.0);
  // Simpson is exact to high order only on smooth pieces: integrate between the kinks.
  const auto pnl = [&](double s) { return p.pnl_at(Price::dollars(s)).dollars(); };
  const double cuts[] = {1.0, 90.0, 95.0, 105.0, 110.0, 400.0};
  double ev = 0.0;
  for (int i = 0; i + 1 < 6; ++i) ev += integrate(pnl, cuts[i], cuts[i + 1], model);
  CHECK_CLOSE(out.expected_pnl.dollars(), ev, 1e-6, 0.0);
  // P(max loss) = P(S_T <= 90) + P(S_T >= 110); P(max profit) = P(95 <= S_T <= 105).
  REQUIRE(out.probability_of_max_loss.has_value());
  const double tails = integrate([](double) { return 1.0; }, 1.0, 90.0, model) +
                       integrate([](double) { return 1.0; }, 110.0, 1000.0, model);
  CHECK_CLOSE(*out.probability_of_max_loss, tails, 1e-9, 0.0);
  REQUIRE(out.probability_of_max_profit.has_value());
  CHECK_CLOSE(*out.probability_of_max_profit,
              integrate([](double) { return 1.0; }, 95.0, 105.0, model), 1e-10, 0.0);
  CHECK(out.sample_size == 0);
}

TEST_CASE("model POP and expected P/L agree with a seeded 1e6-path Monte Carlo") {
  const auto p = PayoffProfile::at_expiration(iron_condor());
  const auto out = model_outcome(p, model);
  std::mt19937_64 rng(42);
  std::normal_distribution<double> z(0.0, 1.0);
  const double sd = 0.60 * std::sqrt(7.0 / 365.0);
  const double mu = -0.5 * sd * sd;
  constexpr int paths = 1'000'000;
  double wins = 0.0, sum = 0.0, sum2 = 0.0;
  for (int i = 0; i < paths; ++i) {
    const double s = 100.0 * std::exp(mu + sd * z(rng));
    const double pnl = p.pnl_at(Price::dollars(s)).dollars();
    wins += pnl >= 0.01 ? 1.0 : 0.0;
    sum += pnl;
    sum2 += pnl * pnl;
  }
  const double pop = wins / paths;
  const double pop_se = std::sqrt(pop * (1.0 - pop) / paths);
  CHECK_CLOSE(out.probability_of_profit, pop, 3.0 * pop_se, 0.0);
  const double mean = sum / paths;
  const double se = std::sqrt((sum2 / paths - mean * mean) / paths);
  CHECK_CLOSE(out.expected_pnl.dollars(), mean, 3.0 * se, 0.0);
}

TEST_CASE("a single short put: POP is the closed form N(d2) at the breakeven") {
  const auto sp = Strategy::make(sym, {opt(OptionRight::put, "95", Side::sell, 1.50)});
  const auto out = model_outcome(PayoffProfile::at_expiration(sp), model);
  // In profit (>= $0.01 on 100 shares) when S_T >= 95 - 1.50 + 0.0001.
  const double be = 93.5001;
  const double sd = 0.60 * std::sqrt(7.0 / 365.0);
  const double d2 = (std::log(100.0 / be) - 0.5 * sd * sd) / sd;
  CHECK_CLOSE(out.probability_of_profit, 0.5 * std::erfc(-d2 / std::sqrt(2.0)), 1e-14, 1e-13);
  // E[P/L] = 150 - 100·E[(95 - S_T)+], the undiscounted Black put at zero drift.
  const auto ncdf = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  const double dk = (std::log(100.0 / 95.0) - 0.5 * sd * sd) / sd;
  const double put = 95.0 * ncdf(-dk) - 100.0 * ncdf(-(dk + sd));
  CHECK_CLOSE(out.expected_pnl.dollars(), 150.0 - 100.0 * put, 1e-9, 1e-12);
  REQUIRE(out.probability_of_max_profit.has_value());
  CHECK_CLOSE(*out.probability_of_max_profit, 1.0 - ncdf(-dk), 1e-14, 1e-12);
}

TEST_CASE("OptionLab's covered call POP (peers.md §4.5) on its $0.01 price grid") {
  // nvidia fixture: S = 168.99, σ = 0.483, r = 0.045, 24 business days on a 252-day year;
  // long 100 shares, short the 185 call at 4.10 -> POP 0.5472008423945267, range [164.9, ∞).
  const auto cc = Strategy::make(
      Symbol::parse("NVDA"),
      {Leg::shares({.side = Side::buy, .quantity = 100, .price = Price::dollars(168.99)}),
       Leg::option({.right = OptionRight::call,
                    .strike = Strike::parse("185"),
                    .expiration = 2023y / February / 17,
                    .side = Side::sell,
                    .quantity = 1,
                    .premium = Money::dollars(4.10)})});
  const LognormalModel nvda{.spot = Price::dollars(168.99),
                            .time = YearFraction::from_years(24.0 / 252.0),
                            .volatility = Volatility::from_fraction(0.483),
                            .drift = 0.045};
  const auto gridded = PayoffProfile::at_expiration(cc, {.price_grid = Money::cents(1)});
  REQUIRE(gridded.profit_intervals().size() == 1);
  CHECK_CLOSE(gridded.profit_intervals()[0].lower.dollars(), 164.9, 1e-12, 0.0);
  CHECK_FALSE(gridded.profit_intervals()[0].upper.has_value());
  CHECK_CLOSE(model_outcome(gridded, nvda).probability_of_profit, 0.5472008423945267, 1e-13, 1e-12);
  // The continuous convention differs by the mass of [164.8901, 164.9): about 1.6e-4 here.
  const auto exact = model_outcome(PayoffProfile::at_expiration(cc), nvda);
  CHECK(exact.probability_of_profit > 0.5472008423945267);
  CHECK_CLOSE(exact.probability_of_profit, 0.5472008423945267, 3e-4, 0.0);
}

// E[P/L] piece by piece through the public lognormal.hpp functions: what model_outcome computed
// before it shared each knot's scores between adjacent pieces.
double expected_pnl_piecewise(const PayoffProfile& p, const LognormalModel& m) {
  const auto xs = p.knot_prices();
  const auto ys = p.knot_pnls();
  double expected = 0.0;
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    const double beta = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]);
    const double alpha = ys[i] - beta * xs[i];
    const Price lo = Price::dollars(xs[i]);
    const Price hi = Price::dollars(xs[i + 1]);
    expected += alpha * probability_between(m, lo, hi) + beta * expected_value_between(m, lo, hi);
  }
  const double slope = p.slope_beyond_last_strike();
  const Price last = Price::dollars(xs.back());
  expected += (ys.back() - slope * xs.back()) * probability_above(m, last) +
              slope * expected_value_above(m, last);
  return expected;
}

TEST_CASE("model E[P/L] is bit-identical to the piecewise sum, with or without the extremes") {
  const Strategy short_call = Strategy::make(sym, {opt(OptionRight::call, "105", Side::sell, 2.0)});
  const Strategy fly = Strategy::make(sym, {opt(OptionRight::call, "95", Side::buy, 6.0),
                                            opt(OptionRight::call, "100", Side::sell, 3.0),
                                            opt(OptionRight::call, "100", Side::sell, 3.0),
                                            opt(OptionRight::call, "105", Side::buy, 1.2)});
  const Strategy put_spread = Strategy::make(sym, {opt(OptionRight::put, "97.5", Side::sell, 1.9),
                                                   opt(OptionRight::put, "92.5", Side::buy, 0.6)});
  const LognormalModel drifting{.spot = Price::dollars(101.3),
                                .time = YearFraction::from_years(30.0 / 365.0),
                                .volatility = Volatility::from_fraction(0.35),
                                .drift = 0.04};
  for (const Strategy* s : {&short_call, &fly, &put_spread}) {
    const Strategy ic = iron_condor();
    for (const Strategy* st : {s, &ic}) {
      for (const LognormalModel& m : {model, drifting}) {
        const auto p = PayoffProfile::at_expiration(*st);
        const OutcomeProbabilities full = model_outcome(p, m);
        const OutcomeProbabilities lean = model_outcome(p, m, OutcomeExtremes::skipped);
        CHECK(full.expected_pnl.dollars() == expected_pnl_piecewise(p, m));
        CHECK(lean.expected_pnl.dollars() == full.expected_pnl.dollars());
        CHECK(lean.probability_of_profit == full.probability_of_profit);
        CHECK(full.probability_of_profit > 0.0);
        CHECK_FALSE(lean.probability_of_max_loss.has_value());
        CHECK_FALSE(lean.probability_of_max_profit.has_value());
        CHECK(full.probability_of_max_loss.has_value() == !p.max_loss().unbounded);
      }
    }
  }
}

TEST_CASE("empirical outcome over a hand-checked move history") {
  // Short 95/105 strangle-like condor around 100; moves in percent, signed.
  const auto p = PayoffProfile::at_expiration(iron_condor());
  const std::vector<Percentage> moves{Percentage::from_pct(-6.0), Percentage::from_pct(2.0),
                                      Percentage::from_pct(-1.0), Percentage::from_pct(12.0),
                                      Percentage::from_pct(4.0)};
  const auto out = empirical_outcome(p, Price::dollars(100.0), moves);
  // S = 94, 102, 99, 112, 104. Credit 1.65: P/L = -100·(95-94) + 165 = 65; 165; 165;
  // -500 + 165 = -335; 165.
  CHECK(out.sample_size == 5);
  CHECK_CLOSE(out.probability_of_profit, 4.0 / 5.0, 0.0, 1e-15);
  CHECK_CLOSE(out.expected_pnl.dollars(), (65.0 + 165.0 + 165.0 - 335.0 + 165.0) / 5.0, 1e-9, 0.0);
  REQUIRE(out.probability_of_max_loss.has_value());
  CHECK_CLOSE(*out.probability_of_max_loss, 1.0 / 5.0, 0.0, 1e-15);
  REQUIRE(out.probability_of_max_profit.has_value());
  CHECK_CLOSE(*out.probability_of_max_profit, 3.0 / 5.0, 0.0, 1e-15);
}

TEST_CASE("empirical outcome rejects bad inputs") {
  const auto p = PayoffProfile::at_expiration(iron_condor());
  CHECK_THROWS_WITH_AS((void)empirical_outcome(p, Price::dollars(100.0), {}),
                       "moves = []: the empirical outcome needs at least one move", InvalidInput);
  const std::vector<Percentage> bad{Percentage::from_pct(-120.0)};
  CHECK_THROWS_WITH_AS((void)empirical_outcome(p, Price::dollars(100.0), bad),
                       "move = -120: is below -100 % (a price cannot fall below zero)",
                       InvalidInput);
  const std::vector<Percentage> ok{Percentage::from_pct(1.0)};
  CHECK_THROWS_WITH_AS((void)empirical_outcome(p, Price::dollars(0.0), ok),
                       "spot = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)PayoffProfile::at_expiration(iron_condor(), {.price_grid = Money::dollars(0.0)}),
      "price_grid = 0: must be positive", InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// Empirical outcome with the ex-event diffusion to an expiry after the reaction session.

// Twelve signed reactions (percent), a realistic earnings history.
const std::vector<Percentage> reactions = [] {
  std::vector<Percentage> out;
  for (const double m : {-6.1, 2.4, -1.3, 11.8, 4.2, -3.5, 0.7, -8.9, 5.6, 1.1, -0.4, 3.3}) {
    out.push_back(Percentage::from_pct(m));
  }
  return out;
}();

Strategy bull_put() {
  return Strategy::make(sym, {opt(OptionRight::put, "95", Side::sell, 1.85),
                              opt(OptionRight::put, "90", Side::buy, 0.70)});
}

// The P/L of a strategy at expiration evaluated leg by leg, independently of PayoffProfile.
double brute_pnl(const Strategy& st, double price) {
  double total = 0.0;
  for (const auto& leg : st.legs()) {
    const double k = leg.strike().dollars();
    const double value =
        leg.instrument() == Instrument::call ? std::max(price - k, 0.0) : std::max(k - price, 0.0);
    const double units = (leg.side() == Side::buy ? 1.0 : -1.0) * leg.multiplier();
    total += units * (value - leg.price_per_share().dollars());
  }
  return total;
}

TEST_CASE("empirical outcome with a post-event diffusion agrees with a 1e6-path Monte Carlo") {
  // S_T = S (1 + m_i) exp(σ √τ Z − σ² τ / 2 + μ τ): path j takes move j mod 12 (each move
  // equally often, as the mean over the moves) and an independent Z. 4 standard errors.
  const PostEventDiffusion diffusion{.volatility = Volatility::from_fraction(0.35),
                                     .time = YearFraction::from_years(20.0 / 365.0)};
  const double mu = 0.03;
  for (const auto& st : {iron_condor(), bull_put()}) {
    const auto p = PayoffProfile::at_expiration(st);
    const auto out = empirical_outcome(p, Price::dollars(100.0), reactions, diffusion, mu);
    std::mt19937_64 rng(16016);
    std::normal_distribution<double> z(0.0, 1.0);
    const double sd = 0.35 * std::sqrt(20.0 / 365.0);
    const double shift = mu * 20.0 / 365.0 - 0.5 * sd * sd;
    const double max_loss = p.max_loss().amount.dollars();
    const double max_gain = p.max_profit().amount.dollars();
    constexpr int paths = 1'200'000;
    double wins = 0.0, sum = 0.0, sum2 = 0.0, losses = 0.0, gains = 0.0;
    for (int j = 0; j < paths; ++j) {
      const double m = reactions[static_cast<std::size_t>(j % 12)].fraction();
      const double s = 100.0 * (1.0 + m) * std::exp(shift + sd * z(rng));
      const double pnl = brute_pnl(st, s);
      wins += pnl >= 0.01 ? 1.0 : 0.0;
      losses += pnl <= max_loss + 1e-9 ? 1.0 : 0.0;
      gains += pnl >= max_gain - 1e-9 ? 1.0 : 0.0;
      sum += pnl;
      sum2 += pnl * pnl;
    }
    const auto se_p = [&](double k) {
      const double q = k / paths;
      return std::sqrt(q * (1.0 - q) / paths);
    };
    CHECK(out.sample_size == 12);
    CHECK_CLOSE(out.probability_of_profit, wins / paths, 4.0 * se_p(wins), 0.0);
    const double mean = sum / paths;
    CHECK_CLOSE(out.expected_pnl.dollars(), mean,
                4.0 * std::sqrt((sum2 / paths - mean * mean) / paths), 0.0);
    REQUIRE(out.probability_of_max_loss.has_value());
    CHECK_CLOSE(*out.probability_of_max_loss, losses / paths, 4.0 * se_p(losses), 0.0);
    REQUIRE(out.probability_of_max_profit.has_value());
    CHECK_CLOSE(*out.probability_of_max_profit, gains / paths, 4.0 * se_p(gains), 0.0);
    // The diffusion matters here: the plain empirical POP is a different number.
    const auto plain = empirical_outcome(p, Price::dollars(100.0), reactions);
    CHECK(std::fabs(plain.probability_of_profit - out.probability_of_profit) > 0.02);
  }
}

TEST_CASE("post-event diffusion: τ = 0 is the plain empirical outcome, bit for bit") {
  const PostEventDiffusion none{.volatility = Volatility::from_fraction(0.35),
                                .time = YearFraction::from_years(0.0)};
  for (const auto& st : {iron_condor(), bull_put()}) {
    const auto p = PayoffProfile::at_expiration(st);
    const auto a = empirical_outcome(p, Price::dollars(100.0), reactions);
    const auto b = empirical_outcome(p, Price::dollars(100.0), reactions, none, 0.05);
    CHECK(a.probability_of_profit == b.probability_of_profit);
    CHECK(a.expected_pnl == b.expected_pnl);
    CHECK(a.probability_of_max_loss == b.probability_of_max_loss);
    CHECK(a.probability_of_max_profit == b.probability_of_max_profit);
    CHECK(a.sample_size == b.sample_size);
  }
}

TEST_CASE("post-event diffusion: zero moves are the model, long τ washes the moves out") {
  const auto p = PayoffProfile::at_expiration(bull_put());
  const std::vector<Percentage> flat{Percentage::from_pct(0.0)};
  for (const double tau : {1.0 / 365.0, 30.0 / 365.0, 2.0}) {
    const PostEventDiffusion d{.volatility = Volatility::from_fraction(0.3),
                               .time = YearFraction::from_years(tau)};
    const auto e = empirical_outcome(p, Price::dollars(100.0), flat, d, 0.02);
    const auto m = model_outcome(
        p,
        {.spot = Price::dollars(100.0), .time = d.time, .volatility = d.volatility, .drift = 0.02});
    CHECK(e.probability_of_profit == m.probability_of_profit);
    CHECK(e.expected_pnl == m.expected_pnl);
    CHECK(e.probability_of_max_loss == m.probability_of_max_loss);
    CHECK(e.probability_of_max_profit == m.probability_of_max_profit);
  }
  // With reactions of mean zero, the gap to the model over the same diffusion (σ_ex, τ)
  // shrinks as τ grows: the one-day moves matter less and less next to the diffusion.
  std::vector<Percentage> symmetric;
  for (const double m : {6.1, 2.4, 1.3, 11.8, 4.2, 3.5}) {
    symmetric.push_back(Percentage::from_pct(m));
    symmetric.push_back(Percentage::from_pct(-m));
  }
  double previous = 1.0;
  for (const double tau : {2.0 / 365.0, 14.0 / 365.0, 90.0 / 365.0, 1.0, 4.0}) {
    const PostEventDiffusion d{.volatility = Volatility::from_fraction(0.3),
                               .time = YearFraction::from_years(tau)};
    const auto e = empirical_outcome(p, Price::dollars(100.0), symmetric, d, 0.0);
    const auto m = model_outcome(
        p, {.spot = Price::dollars(100.0), .time = d.time, .volatility = d.volatility});
    const double gap = std::fabs(e.probability_of_profit - m.probability_of_profit);
    MESSAGE("tau ", tau, ": empirical ", e.probability_of_profit, " model ",
            m.probability_of_profit);
    CHECK(gap < previous);
    previous = gap;
  }
  CHECK(previous < 0.005);
}

TEST_CASE("post-event diffusion: no allocation (the hot path of every candidate)") {
  const auto p = PayoffProfile::at_expiration(iron_condor());
  const PostEventDiffusion d{.volatility = Volatility::from_fraction(0.3),
                             .time = YearFraction::from_years(0.1)};
  const auto before = counting::allocations_now();
  const auto out = empirical_outcome(p, Price::dollars(100.0), reactions, d, 0.0);
  CHECK(counting::allocations_now() - before == 0);
  CHECK(out.sample_size == 12);
}

TEST_CASE("post-event diffusion rejects bad inputs like the plain outcome") {
  const auto p = PayoffProfile::at_expiration(iron_condor());
  const PostEventDiffusion d{.volatility = Volatility::from_fraction(0.3),
                             .time = YearFraction::from_years(0.1)};
  CHECK_THROWS_WITH_AS((void)empirical_outcome(p, Price::dollars(100.0), {}, d, 0.0),
                       "moves = []: the empirical outcome needs at least one move", InvalidInput);
  const std::vector<Percentage> bad{Percentage::from_pct(-120.0)};
  CHECK_THROWS_WITH_AS((void)empirical_outcome(p, Price::dollars(100.0), bad, d, 0.0),
                       "move = -120: is below -100 % (a price cannot fall below zero)",
                       InvalidInput);
  const std::vector<Percentage> ok{Percentage::from_pct(1.0)};
  CHECK_THROWS_AS((void)empirical_outcome(p, Price::dollars(100.0), ok, d, 5.0), InvalidInput);
}

}  // namespace
