// Implied volatility: known answers, a dense round-trip grid (accuracy, repricing, iteration
// count), statuses outside the no-arbitrage bounds, the batch form and bad inputs.
#include "ivcrush/pricing/implied_vol.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/greeks.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
constexpr double eps = std::numeric_limits<double>::epsilon();

Black76IvInputs black76_iv(OptionRight right, double premium, double forward, double strike,
                           double t, double rate = 0.0) {
  return {.right = right,
          .premium = Money::dollars(premium),
          .forward = Price::dollars(forward),
          .strike = Strike::from_dollars(strike),
          .time = YearFraction::from_years(t),
          .rate = rate};
}

TEST_CASE("Let's Be Rational known answers: the implied volatility of its test prices") {
  struct Row {
    double forward, strike, t, price, sigma;
  };
  constexpr Row rows[] = {
      {100, 100, 0.5, 5.637197779701664, 0.2},
      {111, 246, 0.89, 5.578476100968555, 0.6907245366960202},
      {863, 641, 0.82, 364.9850275006686, 0.9060763870855119},
      {198, 954, 0.47, 0.058813045608447065, 0.7414655808589111},
  };
  for (const auto& row : rows) {
    CAPTURE(row.forward);
    CAPTURE(row.strike);
    CAPTURE(row.price);
    const IvResult r = implied_volatility(
        black76_iv(OptionRight::call, row.price, row.forward, row.strike, row.t));
    REQUIRE(r.status == IvStatus::ok);
    REQUIRE(r.volatility.has_value());
    CHECK_CLOSE(r.volatility->fraction(), row.sigma, 0.0, 1e-14);
    CHECK(r.iterations <= 3);
  }
}

TEST_CASE("round trip on a dense grid: K/F 0.3-3, T 1h-10y, sigma 0.5%-500%, calls and puts") {
  // Prices come from the same normalised Black function; for every price strictly inside the
  // bounds the solver must succeed, recover σ to the accuracy the price allows, reprice to the
  // input within a few ulps of the conditioning, and take at most 3 Householder steps.
  constexpr std::array<double, 9> years = {
      1.0 / 8760.0, 1.0 / 365.0, 3.0 / 365.0, 7.0 / 365.0, 30.0 / 365.0, 0.25, 1.0, 3.0, 10.0};
  int solved = 0;
  int failures = 0;
  int max_iterations = 0;
  double worst_accuracy = 0.0;
  double worst_reprice = 0.0;
  for (double kf = 0.3; kf <= 3.0 + 1e-9; kf *= 1.08) {
    for (const double t : years) {
      for (double sigma = 0.005; sigma <= 5.0 + 1e-9; sigma *= 1.25) {
        for (const double theta : {1.0, -1.0}) {
          const double forward = 100.0;
          const double strike = forward * kf;
          const double sd = sigma * std::sqrt(t);
          const double discount = 0.97;
          const double price = detail::black_price(forward, strike, sd, discount, theta);
          const double x = std::log(forward / strike);
          const double intrinsic =
              discount * std::sqrt(forward * strike) * detail::normalised_intrinsic(x, theta);
          const double upper = discount * (theta > 0 ? forward : strike);
          // Skip prices that are not normal numbers, and prices within the rounding bands of the
          // bounds (docs/pricing.md; a conservative dollar form of them, written out here): there
          // the premium does not determine σ, and the solver must say so (tested below).
          const double moved =
              intrinsic > 0.0 ? discount * (forward + strike) * (1.5 + std::fabs(x)) : 0.0;
          const double band = eps * (8.0 * price + 2.0 * intrinsic + moved);
          const double upper_band = band + eps * upper * (2.0 + std::fabs(x));
          if (!(price - intrinsic > band) || price < 1e-290 || !(upper - price > upper_band)) {
            continue;
          }
          CAPTURE(theta);
          CAPTURE(kf);
          CAPTURE(t);
          CAPTURE(sigma);
          CAPTURE(price);
          const auto r =
              detail::implied_black_volatility(price, forward, strike, t, discount, theta);
          ++solved;
          if (r.status != IvStatus::ok) {
            ++failures;
            CHECK(r.status == IvStatus::ok);
            continue;
          }
          // Vega here is the raw one (per 1.0 σ, undiscounted forward units times discount).
          const double vega = discount * forward * normal_pdf(x / sd + 0.5 * sd) * std::sqrt(t);
          const double allowed_rel = 8 * eps * price / (vega * sigma) + 1e-14;
          const double err = std::fabs(r.sigma - sigma) / sigma;
          worst_accuracy = std::fmax(worst_accuracy, err / allowed_rel);
          CHECK(err <= allowed_rel);
          const double repriced =
              detail::black_price(forward, strike, r.sigma * std::sqrt(t), discount, theta);
          // A few ulps of the price, plus what one ulp of σ moves it (its conditioning).
          const double allowed_price = 4 * eps * (price + vega * sigma);
          worst_reprice = std::fmax(worst_reprice, std::fabs(repriced - price) / allowed_price);
          CHECK(std::fabs(repriced - price) <= allowed_price);
          max_iterations = std::max(max_iterations, r.iterations);
          CHECK(r.iterations <= 3);
        }
      }
    }
  }
  MESSAGE("solved ", solved, ", failures ", failures, ", max iterations ", max_iterations,
          ", worst accuracy / allowed ", worst_accuracy, ", worst reprice / allowed ",
          worst_reprice);
  CHECK(solved > 5000);
  CHECK(failures == 0);
}

TEST_CASE("prices outside the no-arbitrage bounds get the right status, never an exception") {
  const double f = 100.0;
  const double t = 0.5;
  const double c = 5.637197779701664;  // F = K = 100, σ = 0.2
  CHECK(implied_volatility(black76_iv(OptionRight::call, -0.01, f, 100, t)).status ==
        IvStatus::below_intrinsic);
  CHECK(implied_volatility(black76_iv(OptionRight::call, 0.0, f, 100, t)).status ==
        IvStatus::no_time_value);
  CHECK(implied_volatility(black76_iv(OptionRight::call, 100.0, f, 100, t)).status ==
        IvStatus::above_upper_bound);
  CHECK(implied_volatility(black76_iv(OptionRight::put, 100.5, f, 100, t)).status ==
        IvStatus::above_upper_bound);
  // Deep in the money: below intrinsic, at intrinsic (within rounding), above the bound.
  CHECK(implied_volatility(black76_iv(OptionRight::call, 49.0, f, 50, t)).status ==
        IvStatus::below_intrinsic);
  const auto at = implied_volatility(black76_iv(OptionRight::call, 50.0, f, 50, t));
  CHECK(at.status == IvStatus::no_time_value);
  CHECK_FALSE(at.volatility.has_value());
  // QuantLib's failure mode: a put priced by parity at -7e-15 is no time value, not a throw.
  const auto parity_noise = implied_volatility(black76_iv(OptionRight::put, 0.0, f, 50.0, t));
  CHECK(parity_noise.status == IvStatus::no_time_value);
  // T = 0: any premium other than intrinsic is outside the (collapsed) bounds.
  CHECK(implied_volatility(black76_iv(OptionRight::call, c, f, 100, 0.0)).status ==
        IvStatus::above_upper_bound);
  CHECK(implied_volatility(black76_iv(OptionRight::call, 0.0, f, 100, 0.0)).status ==
        IvStatus::no_time_value);
  CHECK(to_string(IvStatus::above_upper_bound) == "above_upper_bound");
}

BsmIvInputs bsm_iv(OptionRight right, double premium, double spot, double strike, double t,
                   double rate = 0.0, double dividend_yield = 0.0) {
  return {.right = right,
          .premium = Money::dollars(premium),
          .spot = Price::dollars(spot),
          .strike = Strike::from_dollars(strike),
          .time = YearFraction::from_years(t),
          .rate = rate,
          .dividend_yield = dividend_yield};
}

double ulps_from(double value, int ulps) {
  for (int i = 0; i < std::abs(ulps); ++i) {
    value = std::nextafter(value, ulps < 0 ? -std::numeric_limits<double>::infinity()
                                           : std::numeric_limits<double>::infinity());
  }
  return value;
}

constexpr double one_hour = 1.0 / 8760.0;

TEST_CASE(
    "issue 16: a premium within rounding of intrinsic is no_time_value, not a made-up sigma") {
  // S = 100, K = 97, r = q = 0: intrinsic is exactly 3 (call) and the K = 103 put's is too. The
  // old 8-ulp test of the premium missed the rounding of ln(S/K) (ε·(S + K)/2 in dollars), and
  // premium 3 gave σ = 0.393.
  for (int ulps = -2; ulps <= 2; ++ulps) {
    const double premium = ulps_from(3.0, ulps);
    CAPTURE(ulps);
    const IvResult call = implied_volatility(bsm_iv(OptionRight::call, premium, 100, 97, one_hour));
    CHECK(call.status == IvStatus::no_time_value);
    CHECK_FALSE(call.volatility.has_value());
    const IvResult put = implied_volatility(bsm_iv(OptionRight::put, premium, 100, 103, one_hour));
    CHECK(put.status == IvStatus::no_time_value);
    CHECK_FALSE(put.volatility.has_value());
    // The same through the batch form and at T = 0.
    const std::array<IvQuote, 1> quotes{IvQuote{.right = OptionRight::call,
                                                .strike = Strike::from_dollars(97.0),
                                                .premium = Money::dollars(premium)}};
    std::array<IvResult, 1> out{};
    implied_volatilities(
        {.spot = Price::dollars(100.0), .time = YearFraction::from_years(one_hour)}, quotes, out);
    CHECK(out[0].status == IvStatus::no_time_value);
    CHECK(implied_volatility(bsm_iv(OptionRight::call, premium, 100, 97, 0.0)).status ==
          IvStatus::no_time_value);
  }
  // A whole cent of time value is far outside the band and solves.
  CHECK(implied_volatility(bsm_iv(OptionRight::call, 3.01, 100, 97, one_hour)).status ==
        IvStatus::ok);
  CHECK(implied_volatility(bsm_iv(OptionRight::call, 2.99, 100, 97, one_hour)).status ==
        IvStatus::below_intrinsic);
}

TEST_CASE("issue 16: a premium within rounding of the upper bound is above_upper_bound") {
  // Call bound S·e^(-qT), put bound K·e^(-rT); the old test compared the time value with
  // e^(-|x|/2) without its rounding and gave σ up to 1,552 a few ulps below the bound.
  struct Case {
    double rate, dividend_yield, t;
  };
  for (const Case c : {Case{0.0, 0.0, one_hour}, Case{0.05, 0.02, one_hour},
                       Case{0.05, 0.02, 30.0 / 365.0}, Case{-0.01, 0.03, 2.0}}) {
    CAPTURE(c.rate);
    CAPTURE(c.t);
    for (const double k : {97.0, 100.0, 103.0}) {
      CAPTURE(k);
      const double call_bound = 100.0 * std::exp(-c.dividend_yield * c.t);
      const double put_bound = k * std::exp(-c.rate * c.t);
      for (const int ulps : {-3, -2, -1, 0, 1, 2, 100}) {
        CAPTURE(ulps);
        const IvResult call = implied_volatility(bsm_iv(
            OptionRight::call, ulps_from(call_bound, ulps), 100, k, c.t, c.rate, c.dividend_yield));
        CHECK(call.status == IvStatus::above_upper_bound);
        CHECK_FALSE(call.volatility.has_value());
        const IvResult put = implied_volatility(bsm_iv(OptionRight::put, ulps_from(put_bound, ulps),
                                                       100, k, c.t, c.rate, c.dividend_yield));
        CHECK(put.status == IvStatus::above_upper_bound);
        CHECK_FALSE(put.volatility.has_value());
      }
      // Black-76: the bound is e^(-rT)·F (call) or e^(-rT)·K (put).
      const double discount = std::exp(-c.rate * c.t);
      for (const int ulps : {-2, -1, 0}) {
        CHECK(implied_volatility(black76_iv(OptionRight::call, ulps_from(discount * 100.0, ulps),
                                            100, k, c.t, c.rate))
                  .status == IvStatus::above_upper_bound);
      }
    }
  }
  // A cent below the bound is a determined (large) σ.
  const IvResult r = implied_volatility(bsm_iv(OptionRight::call, 99.99, 100, 97, 1.0));
  REQUIRE(r.status == IvStatus::ok);
  CHECK_CLOSE(detail::bsm_price(1.0, 100, 97, 1.0, r.volatility->fraction(), 0, 0), 99.99, 0.0,
              1e-9);
}

TEST_CASE("issue 16: cent quotes at parity, 30 minutes to expiry, always get no_time_value") {
  // Spots on the cent grid 90.00-110.00, strikes 85-115, r = q = 0: the parity premium S - K
  // (call) or K - S (put) is a whole number of cents, so the quote carries no time value at
  // all. Before the fix 18 % of these (11,277) solved to a σ.
  const double t = 0.5 / 8760.0;
  int cases = 0;
  int wrong = 0;
  for (int spot_cents = 9000; spot_cents <= 11000; ++spot_cents) {
    const double spot = spot_cents / 100.0;
    for (int k = 85; k <= 115; ++k) {
      for (const auto right : {OptionRight::call, OptionRight::put}) {
        const long cents =
            right == OptionRight::call ? spot_cents - 100L * k : 100L * k - spot_cents;
        if (cents <= 0) continue;
        ++cases;
        const IvResult r = implied_volatility(
            bsm_iv(right, Money::cents(cents).dollars(), spot, static_cast<double>(k), t));
        if (r.status != IvStatus::no_time_value || r.volatility.has_value()) ++wrong;
      }
    }
  }
  CHECK(cases == 62010);
  CHECK(wrong == 0);
}

TEST_CASE("issue 16: determined premiums just outside the intrinsic band still solve exactly") {
  // Premiums intrinsic + m·band for the band the solver uses (detail::bound_bands, in dollars).
  // The computed time value is within one band of the exact one, so from two bands up the
  // premium always solves, and the σ found reprices it within 4ε·(price + vega·σ), the grid's
  // allowance (at intrinsic itself it is no_time_value: tested above). 1 hour, S = 100.
  for (const double k : {97.0, 99.5, 103.0}) {
    const auto right = k < 100.0 ? OptionRight::call : OptionRight::put;
    const double theta = detail::sign(right);
    const double t = one_hour;
    const double x = std::log(100.0 / k);
    const double scale = std::sqrt(100.0) * std::sqrt(k);
    const double intrinsic_n = detail::normalised_intrinsic(x, theta);
    const double intrinsic = std::fabs(100.0 - k);
    const detail::NormalisationRounding rounding{.beta = 4.5, .x = 1.5 + 1.5 * std::fabs(x)};
    const double band = scale * detail::bound_bands(intrinsic / scale, x, intrinsic_n, 0.0,
                                                    std::exp(-0.5 * std::fabs(x)), rounding)
                                    .intrinsic;
    // The band is of order ε·(S + K)/2 (ε·100 here), not ε·premium.
    CHECK(band > 100.0 * eps);
    CHECK(band < 4.0 * 100.0 * eps);
    CAPTURE(k);
    for (const double m : {2.5, 4.0, 16.0, 1e3, 1e6, 1e9}) {
      CAPTURE(m);
      const double premium = intrinsic + m * band;
      const IvResult r = implied_volatility(bsm_iv(right, premium, 100, k, t));
      REQUIRE(r.status == IvStatus::ok);
      const double sigma = r.volatility->fraction();
      const double repriced = detail::bsm_price(theta, 100, k, t, sigma, 0, 0);
      const Greeks g = bsm_greeks({.right = right,
                                   .spot = Price::dollars(100.0),
                                   .strike = Strike::from_dollars(k),
                                   .time = YearFraction::from_years(t),
                                   .volatility = Volatility::from_fraction(sigma)});
      CHECK(std::fabs(repriced - premium) <= 4 * eps * (premium + g.vega_per_unit_vol * sigma));
      // σ moves the premium by more than the band: it is determined (vega·σ > band).
      CHECK(g.vega_per_unit_vol * sigma > band);
    }
  }
}

TEST_CASE("BSM form: calls and puts, in and out of the money, both recover sigma") {
  for (const double k : {60.0, 95.0, 100.0, 105.0, 180.0}) {
    for (const auto right : {OptionRight::call, OptionRight::put}) {
      const BsmInputs in{.right = right,
                         .spot = Price::dollars(100.0),
                         .strike = Strike::from_dollars(k),
                         .time = YearFraction::from_years(0.75),
                         .volatility = Volatility::from_fraction(0.35),
                         .rate = 0.045,
                         .dividend_yield = 0.015};
      const Money premium = bsm_price(in);
      CAPTURE(k);
      CAPTURE(to_string(right));
      const auto r = implied_volatility(BsmIvInputs{.right = right,
                                                    .premium = premium,
                                                    .spot = in.spot,
                                                    .strike = in.strike,
                                                    .time = in.time,
                                                    .rate = in.rate,
                                                    .dividend_yield = in.dividend_yield});
      REQUIRE(r.status == IvStatus::ok);
      const double vega = bsm_greeks(in).vega_per_unit_vol;
      CHECK_CLOSE(r.volatility->fraction(), 0.35, 1e-14,
                  8 * eps * premium.dollars() / (vega * 0.35));
    }
  }
}

TEST_CASE("batch over a chain allocates nothing and matches the single form") {
  const IvMarket market{.spot = Price::dollars(182.5),
                        .time = YearFraction::from_years(2.0 / 365.0),
                        .rate = 0.05,
                        .dividend_yield = 0.0};
  std::vector<IvQuote> quotes;
  std::vector<double> sigmas;
  for (int i = 0; i < 41; ++i) {
    const double k = 160.0 + i;
    const double sigma = 0.9 + 0.01 * std::fabs(k - 182.5);  // an earnings smile
    const auto right = k < 182.5 ? OptionRight::put : OptionRight::call;
    const double premium =
        detail::bsm_price(detail::sign(right), 182.5, k, 2.0 / 365.0, sigma, 0.05, 0.0);
    quotes.push_back(
        {.right = right, .strike = Strike::from_dollars(k), .premium = Money::dollars(premium)});
    sigmas.push_back(sigma);
  }
  std::vector<IvResult> out(quotes.size());
  implied_volatilities(market, quotes, out);
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    CAPTURE(i);
    REQUIRE(out[i].status == IvStatus::ok);
    CHECK_CLOSE(out[i].volatility->fraction(), sigmas[i], 1e-13, 1e-13);
    const auto single = implied_volatility(BsmIvInputs{.right = quotes[i].right,
                                                       .premium = quotes[i].premium,
                                                       .spot = market.spot,
                                                       .strike = quotes[i].strike,
                                                       .time = market.time,
                                                       .rate = market.rate});
    CHECK(single.volatility == out[i].volatility);
  }
}

TEST_CASE("bad inputs throw InvalidInput naming the field") {
  BsmIvInputs in{.right = OptionRight::call,
                 .premium = Money::dollars(5.0),
                 .spot = Price::dollars(100.0),
                 .strike = Strike::from_dollars(100.0),
                 .time = YearFraction::from_years(0.5),
                 .rate = std::numeric_limits<double>::quiet_NaN()};
  CHECK_THROWS_WITH_AS((void)implied_volatility(in), "rate = nan: must be finite", InvalidInput);
  in.rate = 0.0;
  in.strike = Strike{};
  CHECK_THROWS_WITH_AS((void)implied_volatility(in), "strike = 0: must be positive", InvalidInput);
  auto b = black76_iv(OptionRight::call, 1.0, 100.0, 100.0, 0.5);
  b.forward = Price::dollars(0.0);
  CHECK_THROWS_WITH_AS((void)implied_volatility(b), "forward = 0: must be positive", InvalidInput);
}

}  // namespace
