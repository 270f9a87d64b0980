// earnings/skew.hpp: quadratic put-call skew fit, shape, directional bias.
// "§8" cites the domain-spec acceptance example (from running the Python original); the other
// fits are checked against the defining property of least squares (the residuals are
// orthogonal to 1, m and m²) and against hand-computed thresholds.
#include "ivcrush/earnings/skew.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <vector>

#include "chain/bsm_chain.hpp"
#include "chain/chain_fixtures.hpp"
#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace ivcrush::test;
using namespace std::chrono;

const auto kExpiry = 2024y / June / 21;
Expiration expiry() { return Expiration::from_date(kExpiry); }

static_assert(strength(DirectionalBias::strong_bearish) == 3);
static_assert(strength(DirectionalBias::weak_bullish) == 1);
static_assert(strength(DirectionalBias::neutral) == 0);
static_assert(is_bearish(DirectionalBias::weak_bearish) && !is_bullish(DirectionalBias::bearish));
static_assert(is_neutral(DirectionalBias::neutral) && !is_neutral(DirectionalBias::weak_bullish));

// IV(put) - IV(call) in vol points as a function of moneyness, written through vendor IVs.
OptionChain vendor_chain(
    double spot, const std::vector<double>& strikes,
    const std::function<double(double)>& call_points,
    const std::function<double(double)>& put_points,
    const std::function<std::int64_t(double)>& open_interest = [](double) {
      return std::int64_t{500};
    }) {
  ChainBuilder b(Symbol::parse("TEST"), synthetic_as_of(), Price::dollars(spot));
  for (const double k : strikes) {
    const double m = (k - spot) / spot;
    QuoteInput c = input(kExpiry, k, OptionRight::call, 1.00, 1.05, open_interest(k));
    c.vendor_iv = call_points(m) / 100.0;
    QuoteInput p = input(kExpiry, k, OptionRight::put, 1.00, 1.05, open_interest(k));
    p.vendor_iv = put_points(m) / 100.0;
    b.add(c);
    b.add(p);
  }
  auto [chain, rejects] = std::move(b).build();
  REQUIRE(rejects.empty());
  return std::move(chain);
}

double call_iv_8(double m) { return 30.0 + 100.0 * m * m; }
double put_iv_8(double m) { return 32.0 - 60.0 * m + 200.0 * m * m; }

// Least squares: the residuals are orthogonal to 1, m and m² (to rounding).
void check_normal_equations(const SkewAnalysis& s) {
  double r0 = 0.0;
  double r1 = 0.0;
  double r2 = 0.0;
  const double a = s.curvature_points / 2.0;
  for (const SkewPoint& p : s.points) {
    const double r =
        p.put_minus_call_points -
        (a * p.moneyness * p.moneyness + s.slope_atm_points * p.moneyness + s.skew_atm_points);
    r0 += r;
    r1 += r * p.moneyness;
    r2 += r * p.moneyness * p.moneyness;
  }
  CHECK_CLOSE(r0, 0.0, 1e-9, 0.0);
  CHECK_CLOSE(r1, 0.0, 1e-10, 0.0);
  CHECK_CLOSE(r2, 0.0, 1e-11, 0.0);
}

TEST_CASE("skew §8: 2 - 60m + 100m² from strikes 85..115 -> weak bearish smile") {
  const auto chain = vendor_chain(100.0, strike_range(85.0, 115.0, 3.0), call_iv_8, put_iv_8);
  const SkewAnalysis s = analyze_skew(chain, expiry(), VendorIvs{});
  REQUIRE(s.ok());
  CHECK(s.num_points() == 10);  // 100 is excluded (|m| < 0.02), 85 and 115 kept (|m| = 0.15)
  CHECK(s.points.front().strike == Strike::parse("85"));
  CHECK(s.points.back().strike == Strike::parse("115"));
  CHECK_CLOSE(s.skew_atm_points, 2.0, 1e-9, 0.0);
  CHECK_CLOSE(s.curvature_points, 200.0, 1e-7, 0.0);
  CHECK_CLOSE(s.slope_atm_points, -60.0, 1e-8, 0.0);
  CHECK_CLOSE(s.r_squared, 1.0, 1e-12, 0.0);
  CHECK(s.shape == SmileShape::smile);
  CHECK(s.bias == DirectionalBias::weak_bearish);
  CHECK_CLOSE(s.bias_confidence, 0.4, 1e-9, 0.0);
  check_normal_equations(s);
}

TEST_CASE("skew: our computed IVs are the default source, vendor IVs only when named") {
  // The §8 smile baked into BSM prices (locked quotes); vendor IVs deliberately wrong.
  BsmChainSpec spec;
  spec.spot = 100.0;
  spec.expirations = {kExpiry};
  spec.strikes = strike_range(85.0, 115.0, 3.0);
  spec.rate = 0.03;
  spec.vol = [](year_month_day, double k, OptionRight right) {
    const double m = (k - 100.0) / 100.0;
    return (right == OptionRight::call ? call_iv_8(m) : put_iv_8(m)) / 100.0;
  };
  const auto built = bsm_chain(spec);
  const ChainGreeks g(built.chain, {.rate = spec.rate});
  const SkewAnalysis ours = analyze_skew(g, expiry());
  REQUIRE(ours.ok());
  CHECK(ours.num_points() == 10);
  CHECK_CLOSE(ours.skew_atm_points, 2.0, 1e-6, 0.0);
  CHECK_CLOSE(ours.slope_atm_points, -60.0, 1e-6, 0.0);
  CHECK_CLOSE(ours.curvature_points, 200.0, 1e-5, 0.0);
  CHECK(ours.bias == DirectionalBias::weak_bearish);
  // The built chain has no vendor IVs: naming the vendor source finds no points.
  CHECK(analyze_skew(built.chain, expiry(), VendorIvs{}).status == SkewStatus::insufficient_points);
}

TEST_CASE("skew: bias thresholds 30 / 80 / 150 on the ATM slope, negative slope bearish") {
  const auto strikes = strike_range(85.0, 115.0, 3.0);
  const auto bias_for = [&](double b) {
    const auto chain = vendor_chain(
        100.0, strikes, [](double) { return 30.0; },
        [b](double m) { return 33.0 + b * m + 50.0 * m * m; });
    const auto s = analyze_skew(chain, expiry(), VendorIvs{});
    REQUIRE(s.ok());
    CHECK_CLOSE(s.slope_atm_points, b, 1e-8, 0.0);
    CHECK(s.shape == SmileShape::smile);  // curvature 100
    return s.bias;
  };
  CHECK(bias_for(-200.0) == DirectionalBias::strong_bearish);
  CHECK(bias_for(-100.0) == DirectionalBias::bearish);
  CHECK(bias_for(-50.0) == DirectionalBias::weak_bearish);
  CHECK(bias_for(-25.0) == DirectionalBias::neutral);
  CHECK(bias_for(25.0) == DirectionalBias::neutral);
  CHECK(bias_for(50.0) == DirectionalBias::weak_bullish);
  CHECK(bias_for(100.0) == DirectionalBias::bullish);
  CHECK(bias_for(200.0) == DirectionalBias::strong_bullish);
}

TEST_CASE("skew: shapes from the curvature 2a, threshold 1 point") {
  const auto strikes = strike_range(85.0, 115.0, 3.0);
  const auto shape_for = [&](double a) {
    const auto chain = vendor_chain(
        100.0, strikes, [](double) { return 30.0; },
        [a](double m) { return 31.0 - 100.0 * m + a * m * m; });
    return analyze_skew(chain, expiry(), VendorIvs{}).shape;
  };
  CHECK(shape_for(0.6) == SmileShape::smile);  // curvature 1.2
  CHECK(shape_for(0.4) == SmileShape::smirk);  // 0.8
  CHECK(shape_for(-0.4) == SmileShape::smirk);
  CHECK(shape_for(-0.6) == SmileShape::inverse_smile);
}

TEST_CASE("skew: a poor fit turns a weak bias neutral but keeps its confidence") {
  // Slope -40 plus alternating noise of ±6 points: R² well below 0.5625 (= 0.15 · 150/40).
  const auto strikes = strike_range(85.0, 115.0, 3.0);
  const auto chain = vendor_chain(
      100.0, strikes, [](double) { return 30.0; },
      [](double m) {
        const long step = std::lround((m + 0.15) / 0.03);
        return 32.0 - 40.0 * m + (step % 2 == 0 ? 6.0 : -6.0);
      });
  const auto s = analyze_skew(chain, expiry(), VendorIvs{});
  REQUIRE(s.ok());
  CAPTURE(s.r_squared);
  CAPTURE(s.slope_atm_points);
  CHECK(s.slope_atm_points < -30.0);
  CHECK(s.r_squared < 0.5);
  CHECK(s.bias == DirectionalBias::neutral);
  CHECK_CLOSE(s.bias_confidence, s.r_squared * std::fabs(s.slope_atm_points) / 150.0, 1e-15, 0.0);
  check_normal_equations(s);
  // Independent R²: 1 - SS_res / SS_tot from the reported coefficients.
  double mean = 0.0;
  for (const auto& p : s.points) mean += p.put_minus_call_points;
  mean /= static_cast<double>(s.points.size());
  double ss_res = 0.0;
  double ss_tot = 0.0;
  for (const auto& p : s.points) {
    const double fit = s.curvature_points / 2.0 * p.moneyness * p.moneyness +
                       s.slope_atm_points * p.moneyness + s.skew_atm_points;
    ss_res += (p.put_minus_call_points - fit) * (p.put_minus_call_points - fit);
    ss_tot += (p.put_minus_call_points - mean) * (p.put_minus_call_points - mean);
  }
  CHECK_CLOSE(s.r_squared, 1.0 - ss_res / ss_tot, 1e-12, 0.0);
}

TEST_CASE("skew §7.15: fewer than 5 liquid points -> insufficient_points") {
  const auto strikes = strike_range(85.0, 115.0, 3.0);
  // Only 88, 91, 109, 112 have open interest: 4 points.
  const auto oi = [](double k) {
    return (k == 88.0 || k == 91.0 || k == 109.0 || k == 112.0) ? std::int64_t{500}
                                                                : std::int64_t{0};
  };
  const auto chain = vendor_chain(100.0, strikes, call_iv_8, put_iv_8, oi);
  const auto s = analyze_skew(chain, expiry(), VendorIvs{});
  CHECK(s.status == SkewStatus::insufficient_points);
  CHECK(s.num_points() == 4);
  // The 5.0 port's choice: no liquidity filter.
  const auto any = analyze_skew(chain, expiry(), VendorIvs{}, {.quotes = QuoteFilter::any});
  REQUIRE(any.ok());
  CHECK(any.num_points() == 10);
  CHECK(analyze_skew(chain, expiry(), VendorIvs{}, {.min_points = 4}).ok());
}

TEST_CASE("skew: moneyness band edges, missing legs, unknown expiration") {
  // S = 100: 98 (|m| = 0.02, kept), 85 / 115 (kept), 84 / 116 (dropped), 99 (dropped).
  const std::vector<double> strikes = {84, 85, 88, 91, 94, 98, 99, 102, 106, 110, 115, 116};
  const auto chain = vendor_chain(100.0, strikes, call_iv_8, put_iv_8);
  const auto s = analyze_skew(chain, expiry(), VendorIvs{});
  REQUIRE(s.ok());
  std::vector<double> kept;
  for (const auto& p : s.points) kept.push_back(p.strike.dollars());
  CHECK(kept == std::vector<double>{85, 88, 91, 94, 98, 102, 106, 110, 115});
  CHECK(analyze_skew(chain, Expiration::from_date(2024y / June / 28), VendorIvs{}).status ==
        SkewStatus::no_expiration);
}

TEST_CASE("skew: options are validated") {
  const auto chain = vendor_chain(100.0, strike_range(85.0, 115.0, 3.0), call_iv_8, put_iv_8);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(analyze_skew(chain, expiry(), VendorIvs{}, {.min_points = 2})),
      "skew min points = 2: must be at least 3 (a quadratic has three coefficients)", InvalidInput);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(analyze_skew(chain, expiry(), VendorIvs{}, {.min_abs_moneyness = 0.2})),
      "skew min |moneyness| = 0.2: must be below the max 0.15", InvalidInput);
  CHECK_THROWS_WITH_AS(static_cast<void>(analyze_skew(chain, expiry(), VendorIvs{},
                                                      {.neutral_max_slope_points = 90.0})),
                       "skew neutral slope = 90: must not exceed the bias slope 80", InvalidInput);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(analyze_skew(chain, expiry(), VendorIvs{}, {.min_bias_confidence = 1.5})),
      "skew min bias confidence = 1.5: must be in [0, 1]", InvalidInput);
}

}  // namespace
