// Black-Scholes-Merton and Black-76 prices and greeks: published tables (Haug via QuantLib's
// test suite, py_vollib, OptionLab, Let's Be Rational), parity, finite differences, limits,
// units and bad inputs.
#include "ivcrush/pricing/black_scholes.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "ivcrush/pricing/greeks.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
constexpr double eps = std::numeric_limits<double>::epsilon();
constexpr auto call = OptionRight::call;
constexpr auto put = OptionRight::put;

BsmInputs bsm(OptionRight right, double strike, double spot, double q, double r, double t,
              double sigma) {
  return {.right = right,
          .spot = Price::dollars(spot),
          .strike = Strike::from_dollars(strike),
          .time = YearFraction::from_years(t),
          .volatility = Volatility::from_fraction(sigma),
          .rate = r,
          .dividend_yield = q};
}

TEST_CASE("Haug's European values (QuantLib testValues), t as given, tolerance 1e-4") {
  struct Row {
    OptionRight right;
    double strike, spot, q, r, t, sigma, value;
  };
  constexpr Row rows[] = {
      {call, 65.0, 60.0, 0.00, 0.08, 0.25, 0.30, 2.1334},
      {put, 95.0, 100.0, 0.05, 0.10, 0.50, 0.20, 2.4648},
      {put, 19.0, 19.0, 0.10, 0.10, 0.75, 0.28, 1.7011},
      {call, 1.60, 1.56, 0.08, 0.06, 0.50, 0.12, 0.0291},
      {put, 70.0, 75.0, 0.05, 0.10, 0.50, 0.35, 4.0870},
      {call, 100.0, 90.0, 0.10, 0.10, 0.10, 0.15, 0.0205},
      {call, 100.0, 100.0, 0.10, 0.10, 0.50, 0.25, 6.6997},
      {put, 100.0, 110.0, 0.10, 0.10, 0.50, 0.35, 5.7963},
      {call, 40.0, 42.0, 0.08, 0.04, 0.75, 0.35, 5.0975},
  };
  for (const auto& row : rows) {
    CAPTURE(to_string(row.right));
    CAPTURE(row.strike);
    CAPTURE(row.spot);
    CAPTURE(row.q);
    CAPTURE(row.r);
    CAPTURE(row.t);
    CAPTURE(row.sigma);
    const auto in = bsm(row.right, row.strike, row.spot, row.q, row.r, row.t, row.sigma);
    CHECK_CLOSE(bsm_price(in).dollars(), row.value, 1e-4, 0.0);
    CHECK_CLOSE(bsm_greeks(in).price.dollars(), row.value, 1e-4, 0.0);
  }
}

TEST_CASE("Haug's greeks (QuantLib testGreekValues), tolerance 1e-4") {
  {
    const auto c = bsm_greeks(bsm(call, 100, 105, 0.10, 0.10, 0.5, 0.36));
    CHECK_CLOSE(c.delta, 0.5946, 1e-4, 0.0);
    const auto p = bsm_greeks(bsm(put, 100, 105, 0.10, 0.10, 0.5, 0.36));
    CHECK_CLOSE(p.delta, -0.3566, 1e-4, 0.0);
    CHECK_CLOSE(p.delta * 105.0 / p.price.dollars(), -4.8775, 1e-4, 0.0);  // elasticity
  }
  for (const auto right : {call, put}) {
    const auto g = bsm_greeks(bsm(right, 60, 55, 0.0, 0.10, 0.75, 0.30));
    CHECK_CLOSE(g.gamma, 0.0278, 1e-4, 0.0);
    CHECK_CLOSE(g.vega_per_unit_vol, 18.9358, 1e-4, 0.0);
  }
  const auto theta = bsm_greeks(bsm(put, 405, 430, 0.05, 0.07, 1.0 / 12.0, 0.20));
  CHECK_CLOSE(theta.theta_per_year, -31.1924, 1e-4, 0.0);
  CHECK_CLOSE(theta.theta_per_calendar_day(), -0.0855, 1e-4, 0.0);
  CHECK_CLOSE(bsm_greeks(bsm(call, 75, 72, 0.0, 0.09, 1.0, 0.19)).rho_per_unit_rate, 38.7325, 1e-4,
              0.0);
  CHECK_CLOSE(bsm_greeks(bsm(put, 490, 500, 0.05, 0.08, 0.25, 0.15)).dividend_rho_per_unit_yield,
              42.2254, 1e-4, 0.0);
}

TEST_CASE("py_vollib rows (test_data.json and doctests), their units, tolerance 1e-6") {
  const auto c = bsm_greeks(bsm(call, 1000, 1000, 0.0, 0.05, 0.5, 0.3));
  const auto p = bsm_greeks(bsm(put, 1000, 1000, 0.0, 0.05, 0.5, 0.3));
  CHECK_CLOSE(c.price.dollars(), 96.34876628, 1e-6, 0.0);
  CHECK_CLOSE(p.price.dollars(), 71.65867831, 1e-6, 0.0);
  CHECK_CLOSE(c.delta, 0.588589114, 1e-6, 0.0);
  CHECK_CLOSE(c.gamma, 0.001834072, 1e-6, 0.0);
  CHECK_CLOSE(c.theta_per_year, -107.1452397, 1e-6, 0.0);
  CHECK_CLOSE(c.vega_per_unit_vol, 275.110741, 1e-6, 0.0);
  CHECK_CLOSE(c.rho_per_unit_rate, 246.1201737, 1e-6, 0.0);
  CHECK_CLOSE(p.delta, -0.411410886, 1e-6, 0.0);
  CHECK_CLOSE(p.theta_per_year, -58.37974406, 1e-6, 0.0);
  CHECK_CLOSE(p.rho_per_unit_rate, -241.5347824, 1e-6, 0.0);
  CHECK_CLOSE(bsm_price(bsm(call, 1000, 1000, 0.0, 0.05, 0.01, 2.0)).dollars(), 79.88595116, 1e-6,
              0.0);
  CHECK_CLOSE(bsm_price(bsm(put, 1000, 1000, 0.0, 0.05, 0.01, 2.0)).dollars(), 79.38607614, 1e-6,
              0.0);
  // The far-out-of-the-money row: 2.06648e-26 (mpmath: 2.06648145162e-26), relatively accurate.
  const auto far = bsm(call, 1000, 100, 0.0, 0.05, 0.5, 0.3);
  CHECK_CLOSE(bsm_price(far).dollars(), 2.06648145162e-26, 0.0, 1e-11);
  CHECK_CLOSE(bsm_greeks(far).price.dollars(), 2.06648145162e-26, 0.0, 1e-11);
  CHECK_CLOSE(bsm_price(bsm(call, 90, 100, 0.0, 0.01, 0.5, 0.2)).dollars(), 12.111581435, 1e-9,
              0.0);
  CHECK_CLOSE(bsm_price(bsm(put, 90, 100, 0.0, 0.01, 0.5, 0.2)).dollars(), 1.66270456231, 1e-9,
              0.0);
  // Hull Ex. 17.1-17.4 via py_vollib's analytical greeks (vega and rho per 1 %).
  const auto h = bsm_greeks(bsm(call, 50, 49, 0.0, 0.05, 0.3846, 0.2));
  CHECK_CLOSE(h.delta, 0.521601633972, 1e-9, 0.0);
  CHECK_CLOSE(h.theta_per_year, -4.30538996455, 1e-9, 0.0);
  CHECK_CLOSE(bsm_greeks(bsm(put, 50, 49, 0.0, 0.05, 0.3846, 0.2)).theta_per_year, -1.8530056722,
              1e-9, 0.0);
  CHECK_CLOSE(h.gamma, 0.0655453772525, 1e-9, 0.0);
  CHECK_CLOSE(h.vega_per_vol_point(), 0.121052427542, 1e-9, 0.0);
  CHECK_CLOSE(h.rho_per_rate_point(), 0.089065740988, 1e-9, 0.0);
}

TEST_CASE("OptionLab get_bs_info row, relative 1e-12") {
  const auto c = bsm_greeks(bsm(call, 105, 100, 0.0, 0.01, 60.0 / 365.0, 0.20));
  const auto p = bsm_greeks(bsm(put, 105, 100, 0.0, 0.01, 60.0 / 365.0, 0.20));
  CHECK_CLOSE(c.price.dollars(), 1.4425226889011533, 0.0, 1e-12);
  CHECK_CLOSE(p.price.dollars(), 6.270061736738214, 0.0, 1e-12);
  CHECK_CLOSE(c.delta, 0.2942972000055033, 0.0, 1e-12);
  CHECK_CLOSE(c.gamma, 0.042503588182705464, 0.0, 1e-12);
  CHECK_CLOSE(c.vega_per_vol_point(), 0.13973782416231934, 0.0, 1e-12);
  CHECK_CLOSE(c.theta_per_year, -8.780589609657586, 0.0, 1e-12);
  CHECK_CLOSE(p.delta, -0.7057027999944967, 0.0, 1e-12);
}

TEST_CASE("Let's Be Rational known Black-76 prices (undiscounted), relative 1e-14") {
  struct Row {
    double forward, strike, t, sigma, value;
  };
  constexpr Row rows[] = {
      {100, 100, 0.5, 0.2, 5.637197779701664},
      {111, 246, 0.89, 0.6907245366960202, 5.578476100968555},
      {863, 641, 0.82, 0.9060763870855116, 364.9850275006686},
      {198, 954, 0.47, 0.741465580858911, 0.058813045608447065},
  };
  for (const auto& row : rows) {
    CAPTURE(row.forward);
    CAPTURE(row.strike);
    const Black76Inputs in{.right = call,
                           .forward = Price::dollars(row.forward),
                           .strike = Strike::from_dollars(row.strike),
                           .time = YearFraction::from_years(row.t),
                           .volatility = Volatility::from_fraction(row.sigma)};
    CHECK_CLOSE(black76_price(in).dollars(), row.value, 0.0, 1e-14);
    CHECK_CLOSE(black76_greeks(in).price.dollars(), row.value, 0.0, 1e-14);
  }
}

TEST_CASE("normalised Black function and its complement: 50-digit values in every region") {
  struct Row {
    double x, s, b, complement;  // b(x, s) and e^{x/2} - b(x, s), mpmath 1.3 at 50 digits
  };
  constexpr Row rows[] = {
      {-5.0, 0.3, 2.0238189294117016802e-64, 8.208499862389879517e-2},    // asymptotic
      {-1.0, 0.08, 2.3573352669900335306e-38, 6.065306597126334236e-1},   // asymptotic
      {-0.3, 0.2, 5.840207178144786016e-3, 8.5486776924691302599e-1},     // small t
      {-0.01, 0.05, 1.5342759237307299123e-2, 9.7966971995537501413e-1},  // small t, h ~ 0
      {-1.5, 0.4, 8.2621168205639304128e-6, 4.7235829062419414321e-1},    // small t, h = -3.75
      {-0.3, 0.8, 1.8429840094133898959e-1, 6.7640957548371882242e-1},    // Mills difference
      {-2.0, 1.0, 7.6973754531460922135e-3, 3.6018206571829622938e-1},    // Mills difference
      {-0.1, 2.0, 6.3412712270593895706e-1, 3.1710230179477504939e-1},    // body
      {-3.0, 6.0, 2.207020253288649258e-1, 2.4281348195649031315e-3},     // body
      {-0.5, 30.0, 7.7880078307140486825e-1, 7.3409216244279503066e-51},  // body, b ~ b_max
  };
  for (const auto& row : rows) {
    CAPTURE(row.x);
    CAPTURE(row.s);
    // Both are vega·(a bracket) with vega = e^{-(h²+t²)/2}/√(2π): the rounding of h = x/s and of
    // the exponent (h² + t²)/2 move the result by up to (h² + t²)/2 ulps, which is allowed for.
    const double h = row.x / row.s;
    const double t = 0.5 * row.s;
    const double allowed = 4 * eps * (1.0 + h * h + t * t);
    CHECK_CLOSE(detail::otm_black(row.x, row.s).value, row.b, 0.0, allowed);
    CHECK_CLOSE(detail::otm_black_complement(row.x, row.s).value, row.complement, 0.0, allowed);
  }
}

TEST_CASE("put-call parity to 1e-12 relative and Black-76 = BSM on the forward, random set") {
  std::mt19937_64 rng(20240522);
  std::uniform_real_distribution<double> log_kf(std::log(0.3), std::log(3.0));
  std::uniform_real_distribution<double> log_t(std::log(1.0 / 8760.0), std::log(10.0));
  std::uniform_real_distribution<double> log_sigma(std::log(0.005), std::log(5.0));
  std::uniform_real_distribution<double> rate(-0.02, 0.10);
  std::uniform_real_distribution<double> yield(0.0, 0.08);
  for (int i = 0; i < 2000; ++i) {
    const double s = 100.0;
    const double k = std::round(s * std::exp(log_kf(rng)) * 1000.0) / 1000.0;
    const double t = std::exp(log_t(rng));
    const double sigma = std::exp(log_sigma(rng));
    const double r = rate(rng);
    const double q = yield(rng);
    CAPTURE(k);
    CAPTURE(t);
    CAPTURE(sigma);
    CAPTURE(r);
    CAPTURE(q);
    const double c = bsm_price(bsm(call, k, s, q, r, t, sigma)).dollars();
    const double p = bsm_price(bsm(put, k, s, q, r, t, sigma)).dollars();
    const double forward_value = s * std::exp(-q * t) - k * std::exp(-r * t);
    CHECK_CLOSE(c - p, forward_value, 1e-12 * std::fmax(c, p), 0.0);
    const double f = s * std::exp((r - q) * t);
    const Black76Inputs b{.right = call,
                          .forward = Price::dollars(f),
                          .strike = Strike::from_dollars(k),
                          .time = YearFraction::from_years(t),
                          .volatility = Volatility::from_fraction(sigma),
                          .rate = r};
    // The forward's rounding (ε relative) moves a far out-of-the-money price by ε·|x|/s².
    const double sd2 = sigma * sigma * t;
    const double cond = 1.0 + std::fabs(std::log(f / k)) / sd2;
    CHECK_CLOSE(black76_price(b).dollars(), c, 1e-300, 1e-12 + 8 * eps * cond);
    const auto g = bsm_greeks(bsm(call, k, s, q, r, t, sigma));
    // The greeks' one-pass price is within 2^14 ulps of the accurate one by construction.
    CHECK_CLOSE(g.price.dollars(), c, 1e-300, 4e-12);
  }
}

TEST_CASE("every greek matches a central finite difference of the price") {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> kf(0.7, 1.4);
  std::uniform_real_distribution<double> tt(0.05, 2.0);
  std::uniform_real_distribution<double> vol(0.1, 0.8);
  std::uniform_real_distribution<double> rate(0.0, 0.08);
  for (int i = 0; i < 200; ++i) {
    const double theta = i % 2 == 0 ? 1.0 : -1.0;
    const double s = 100.0;
    const double k = s * kf(rng);
    const double t = tt(rng);
    const double sigma = vol(rng);
    const double r = rate(rng);
    const double q = 0.5 * rate(rng);
    CAPTURE(theta);
    CAPTURE(k);
    CAPTURE(t);
    CAPTURE(sigma);
    CAPTURE(r);
    CAPTURE(q);
    const auto price = [&](double s_, double t_, double sigma_, double r_, double q_) {
      return detail::bsm_price(theta, s_, k, t_, sigma_, r_, q_);
    };
    const auto g = detail::bsm_greeks(theta, s, k, t, sigma, r, q);
    const double hs = 1e-4 * s;
    const double hv = 1e-4;
    const double ht = 1e-5;
    const double hr = 1e-5;
    const double tol = 1e-6;
    CHECK_CLOSE(g.price, price(s, t, sigma, r, q), 1e-13, 4e-12);
    CHECK_CLOSE(g.delta, (price(s + hs, t, sigma, r, q) - price(s - hs, t, sigma, r, q)) / (2 * hs),
                tol, tol);
    CHECK_CLOSE(g.gamma,
                (price(s + hs, t, sigma, r, q) - 2 * price(s, t, sigma, r, q) +
                 price(s - hs, t, sigma, r, q)) /
                    (hs * hs),
                tol, 1e-5);
    CHECK_CLOSE(g.vega, (price(s, t, sigma + hv, r, q) - price(s, t, sigma - hv, r, q)) / (2 * hv),
                tol, tol);
    CHECK_CLOSE(g.theta,
                -(price(s, t + ht, sigma, r, q) - price(s, t - ht, sigma, r, q)) / (2 * ht), 1e-5,
                tol);
    CHECK_CLOSE(g.rho, (price(s, t, sigma, r + hr, q) - price(s, t, sigma, r - hr, q)) / (2 * hr),
                1e-5, tol);
    CHECK_CLOSE(g.dividend_rho,
                (price(s, t, sigma, r, q + hr) - price(s, t, sigma, r, q - hr)) / (2 * hr), 1e-5,
                tol);
    const auto delta_at = [&](double sigma_) {
      return detail::bsm_greeks(theta, s, k, t, sigma_, r, q).delta;
    };
    const auto vega_at = [&](double sigma_) {
      return detail::bsm_greeks(theta, s, k, t, sigma_, r, q).vega;
    };
    CHECK_CLOSE(g.vanna, (delta_at(sigma + hv) - delta_at(sigma - hv)) / (2 * hv), tol, 1e-5);
    CHECK_CLOSE(g.volga, (vega_at(sigma + hv) - vega_at(sigma - hv)) / (2 * hv), 1e-5, 1e-5);
    const auto b = detail::black76_greeks(theta, s, k, t, sigma, r);
    const auto black = [&](double f_, double r_) {
      return detail::black_price(f_, k, sigma * std::sqrt(t), std::exp(-r_ * t), theta);
    };
    CHECK_CLOSE(b.delta, (black(s + hs, r) - black(s - hs, r)) / (2 * hs), tol, tol);
    CHECK_CLOSE(b.rho, (black(s, r + hr) - black(s, r - hr)) / (2 * hr), 1e-5, tol);
  }
}

TEST_CASE("unit conversions: per vol point, per calendar day, per rate point") {
  const auto in = bsm(call, 105, 100, 0.02, 0.05, 30.0 / 365.0, 0.40);
  const auto g = bsm_greeks(in);
  CHECK(g.vega_per_vol_point() == g.vega_per_unit_vol / 100.0);
  CHECK(g.theta_per_calendar_day() == g.theta_per_year / 365.0);
  CHECK(g.rho_per_rate_point() == g.rho_per_unit_rate / 100.0);
  CHECK(g.dividend_rho_per_yield_point() == g.dividend_rho_per_unit_yield / 100.0);
  // One vol point up moves the price by about vega_per_vol_point; one calendar day by theta/day.
  // One vol point, one calendar day, one rate point: central differences of the price.
  auto up = in;
  auto down = in;
  up.volatility = Volatility::from_points(41.0);
  down.volatility = Volatility::from_points(39.0);
  CHECK_CLOSE((bsm_price(up) - bsm_price(down)).dollars() / 2, g.vega_per_vol_point(), 1e-5, 0.0);
  up = in;
  down = in;
  up.time = YearFraction::from_years(29.0 / 365.0);
  down.time = YearFraction::from_years(31.0 / 365.0);
  CHECK_CLOSE((bsm_price(up) - bsm_price(down)).dollars() / 2, g.theta_per_calendar_day(), 1e-5,
              0.0);
  up = in;
  down = in;
  up.rate = 0.06;
  down.rate = 0.04;
  CHECK_CLOSE((bsm_price(up) - bsm_price(down)).dollars() / 2, g.rho_per_rate_point(), 1e-6, 0.0);
}

TEST_CASE("exact limits: T = 0, sigma = 0, zero spot, deep out of the money") {
  // T = 0: intrinsic value.
  CHECK(bsm_price(bsm(call, 90, 100, 0.03, 0.05, 0.0, 0.3)).dollars() == 10.0);
  CHECK(bsm_price(bsm(put, 90, 100, 0.03, 0.05, 0.0, 0.3)).dollars() == 0.0);
  CHECK(bsm_price(bsm(put, 110, 100, 0.03, 0.05, 0.0, 0.3)).dollars() == 10.0);
  // σ = 0: discounted forward intrinsic value.
  const double t = 0.5;
  const double fwd_value = 100 * std::exp(-0.03 * t) - 90 * std::exp(-0.05 * t);
  CHECK_CLOSE(bsm_price(bsm(call, 90, 100, 0.03, 0.05, t, 0.0)).dollars(), fwd_value, 0.0, 4 * eps);
  CHECK(bsm_price(bsm(put, 90, 100, 0.03, 0.05, t, 0.0)).dollars() == 0.0);
  // Greeks at the limits are finite: those of the discounted forward intrinsic value.
  for (const auto right : {call, put}) {
    for (const double sigma : {0.0, 0.3}) {
      for (const double years : {0.0, 0.5}) {
        for (const double k : {90.0, 100.0, 110.0}) {
          CAPTURE(to_string(right));
          CAPTURE(sigma);
          CAPTURE(years);
          CAPTURE(k);
          const auto g = bsm_greeks(bsm(right, k, 100.0, 0.0, 0.0, years, sigma));
          CHECK(std::isfinite(g.price.dollars()));
          CHECK(std::isfinite(g.delta));
          CHECK(std::isfinite(g.gamma));
          CHECK(std::isfinite(g.vega_per_unit_vol));
          CHECK(std::isfinite(g.theta_per_year));
          CHECK(std::isfinite(g.vanna_per_unit_vol));
          CHECK(std::isfinite(g.volga_per_unit_vol_squared));
          CHECK(g.price.dollars() >= 0.0);
        }
      }
    }
  }
  const auto atm = bsm_greeks(bsm(call, 100, 100, 0.0, 0.0, 0.25, 0.0));
  CHECK(atm.delta == 0.5);
  CHECK_CLOSE(atm.vega_per_unit_vol, 100.0 * 0.5 * 0.3989422804014327, 0.0, 1e-15);
  // Zero spot: a call is worthless, a put is worth the discounted strike.
  CHECK(bsm_price(bsm(call, 100, 0.0, 0.0, 0.05, 1.0, 0.3)).dollars() == 0.0);
  CHECK_CLOSE(bsm_price(bsm(put, 100, 0.0, 0.0, 0.05, 1.0, 0.3)).dollars(), 100 * std::exp(-0.05),
              0.0, 4 * eps);
  CHECK(bsm_greeks(bsm(put, 100, 0.0, 0.0, 0.05, 1.0, 0.3)).delta == -1.0);
  // Deep out of the money underflows gracefully: tiny positive or 0, never negative, never NaN.
  for (const double years : {0.01, 0.001, 1.0 / 8760.0}) {
    CAPTURE(years);
    const auto in = bsm(call, 1000, 100, 0.0, 0.05, years, 0.3);
    const double v = bsm_price(in).dollars();
    CHECK(v >= 0.0);
    CHECK(v < 1e-300);
    const auto g = bsm_greeks(in);
    CHECK(g.price.dollars() >= 0.0);
    CHECK(g.price.dollars() < 1e-300);
    CHECK(std::isfinite(g.gamma));
    CHECK(std::isfinite(g.vanna_per_unit_vol));
    CHECK(std::isfinite(g.volga_per_unit_vol_squared));
  }
  // Extreme but valid inputs stay finite.
  const auto wild = bsm_greeks(bsm(put, 0.001, 1e9, -1.0, 1.0, 100.0, 100.0));
  CHECK(std::isfinite(wild.price.dollars()));
  CHECK(std::isfinite(wild.theta_per_year));
  CHECK(std::isfinite(wild.vanna_per_unit_vol));
}

TEST_CASE("bad inputs are rejected at the boundary with the field and the value") {
  const UncheckedBsmInputs ok{
      .right = call, .spot = 100, .strike = 100, .years = 0.5, .volatility = 0.2, .rate = 0.05};
  CHECK(validate(ok).strike == Strike::from_dollars(100));
  auto bad = ok;
  bad.spot = -100;
  CHECK_THROWS_WITH_AS((void)validate(bad), "spot = -100: must not be negative", InvalidInput);
  bad = ok;
  bad.spot = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS((void)validate(bad), "spot = nan: must be finite", InvalidInput);
  bad = ok;
  bad.strike = -5;
  CHECK_THROWS_WITH_AS((void)validate(bad), "strike = -5: must not be negative", InvalidInput);
  bad = ok;
  bad.years = -1;
  CHECK_THROWS_WITH_AS((void)validate(bad), "years = -1: must not be negative", InvalidInput);
  bad = ok;
  bad.volatility = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS((void)validate(bad), "volatility = inf: must be finite", InvalidInput);
  bad = ok;
  bad.rate = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS((void)validate(bad), "rate = nan: must be finite", InvalidInput);
  bad = ok;
  bad.dividend_yield = -3;
  CHECK_THROWS_WITH_AS(
      (void)validate(bad),
      "dividend yield = -3: must be in [-1, 1] (a continuously compounded annual fraction)",
      InvalidInput);
  // Typed inputs: the remaining checks run in the pricing functions.
  auto in = validate(ok);
  in.strike = Strike{};
  CHECK_THROWS_WITH_AS((void)bsm_price(in), "strike = 0: must be positive", InvalidInput);
  in = validate(ok);
  in.time = YearFraction::from_years(150);
  CHECK_THROWS_WITH_AS((void)bsm_greeks(in), "years = 150: must be at most 100", InvalidInput);
  in = validate(ok);
  in.volatility = Volatility::from_fraction(150);
  CHECK_THROWS_WITH_AS((void)bsm_price(in), "volatility = 150: must be at most 100 (10,000 %)",
                       InvalidInput);
  in = validate(ok);
  in.rate = 2;
  try {
    (void)bsm_price(in);
    FAIL("expected InvalidInput");
  } catch (const InvalidInput& e) {
    CHECK(e.code() == ErrorCode::out_of_range);
  }
}

}  // namespace
