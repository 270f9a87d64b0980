// The modeled chain: prices equal the documented model, calibration reproduces an observed
// implied move, the event variance sits only in expirations after the event, crush removes it.
#include "ivcrush/chain/modeled_chain.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;

// The model written out independently: BSM at zero rates with the documented smile.
double ncdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double bs(bool call, double s, double k, double t, double v) {
  const double sd = v * std::sqrt(t);
  const double d1 = (std::log(s / k) + 0.5 * sd * sd) / sd;
  const double d2 = d1 - sd;
  return call ? s * ncdf(d1) - k * ncdf(d2) : k * ncdf(-d2) - s * ncdf(-d1);
}

const auto as_of = new_york_market_close(2025y / December / 8);  // Monday close
const EarningsEvent event{Symbol::parse("CIEN"), 2025y / December / 11,
                          EarningsTiming::before_open};

ModeledChainSpec spec() {
  return {.symbol = Symbol::parse("CIEN"),
          .as_of = as_of,
          .spot = Price::dollars(201.71),
          .expirations = {2025y / December / 12, 2025y / December / 19, 2026y / January / 16},
          .base_volatility = Volatility::from_points(45.0)};
}

TEST_CASE("quotes bracket the documented model price and the event variance is where it belongs") {
  auto s = spec();
  s.event = ModeledEvent{event, 0.08};
  const auto m = build_modeled_chain(s);
  CHECK(m.quotes == m.chain.quotes().size());
  CHECK(m.quotes > 100);
  // Strike grid: $2.50 around a $201.71 spot.
  const auto strikes = modeled_strikes(s);
  for (const double k : strikes) CHECK(std::fmod(k, 2.5) == 0.0);
  for (const auto date : s.expirations) {
    const auto view = m.chain.expiration(Expiration::from_date(date));
    REQUIRE(view.has_value());
    const double t = Expiration::from_date(date).time_to_expiry(as_of).years();
    // Every expiration here closes after Thursday's 09:30 event: variance base²T + 0.08².
    const double atm = std::sqrt(0.45 * 0.45 + 0.08 * 0.08 / t);
    for (const auto k : view->strikes()) {
      const double x = std::clamp(std::log(k.dollars() / 201.71) / (atm * std::sqrt(t)), -4.0, 4.0);
      const double vol = std::max(atm + (-1.5 * x + 0.5 * x * x) / 100.0, 0.01);
      for (const bool call : {true, false}) {
        const auto* q = call ? view->call(k) : view->put(k);
        const double model = bs(call, 201.71, k.dollars(), t, vol);
        if (q == nullptr) {
          CHECK(model < 0.005);
          continue;
        }
        CAPTURE(k.dollars());
        CAPTURE(call);
        const double half = std::max(0.025, 0.03 * model);
        if (model - half <= 0.0) {
          CHECK(q->bid.dollars() == 0.0);  // the bid is floored at zero, never negative
        } else {
          CHECK(q->bid.dollars() <= model - half + 1e-9);
          CHECK(q->bid.dollars() > model - half - 0.01 - 1e-9);
        }
        CHECK(q->ask.dollars() >= model + half - 1e-9);
        CHECK(q->ask.dollars() < std::max(model + half, 0.0) + 0.01 + 1e-9);
        CHECK_FALSE(q->open_interest.has_value());
      }
    }
  }
}

TEST_CASE("an after-close event is not inside an expiration that closes on the announcement day") {
  auto s = spec();
  s.expirations = {2025y / December / 11, 2025y / December / 12};
  s.event = ModeledEvent{{event.symbol, 2025y / December / 11, EarningsTiming::after_close}, 0.08};
  const auto m = build_modeled_chain(s);
  const auto same_day = m.chain.expiration(Expiration::from_date(2025y / December / 11));
  const auto next_day = m.chain.expiration(Expiration::from_date(2025y / December / 12));
  REQUIRE(same_day.has_value());
  REQUIRE(next_day.has_value());
  const auto k = Strike::parse("202.5");
  const double t1 = Expiration::from_date(2025y / December / 11).time_to_expiry(as_of).years();
  // Same-day expiry: the base volatility only (x is tiny at 202.5, so compare loosely).
  const double call = mid(*same_day->call(k)).dollars();
  CHECK_CLOSE(call, bs(true, 201.71, 202.5, t1, 0.45), 0.02, 0.0);
}

TEST_CASE("calibration reproduces an observed implied move (CIEN 2025-12-11: 14.18 %)") {
  // data/implied_moves_2025-12.csv: CIEN, spot 201.71, ATM 202.5, straddle 28.60, 14.18 %.
  const auto fit = calibrate_event_move(spec(), event, Percentage::from_pct(14.178771));
  REQUIRE(fit.status == CalibrationStatus::ok);
  REQUIRE(fit.event_move.has_value());
  CHECK(fit.expiration == 2025y / December / 12);
  CHECK(fit.atm_strike == 202.5);
  auto s = spec();
  s.event = ModeledEvent{event, *fit.event_move};
  const auto m = build_modeled_chain(s);
  const auto st =
      m.chain.straddle(Expiration::from_date(2025y / December / 12), Strike::parse("202.5"));
  REQUIRE(st.has_value());
  // The quotes' mids differ from the model mids by at most a cent each (rounding to the cent).
  CHECK_CLOSE(mid(*st).dollars() / 201.71, 0.14178771, 0.02 / 201.71, 0.0);
  // Closed form of the fitted model: the straddle at σ_atm = √(0.45² + m²/T) equals the target.
  const double t = Expiration::from_date(2025y / December / 12).time_to_expiry(as_of).years();
  const double atm = std::sqrt(0.45 * 0.45 + *fit.event_move * *fit.event_move / t);
  const double x = std::log(202.5 / 201.71) / (atm * std::sqrt(t));
  const double vol = atm + (-1.5 * x + 0.5 * x * x) / 100.0;
  CHECK_CLOSE((bs(true, 201.71, 202.5, t, vol) + bs(false, 201.71, 202.5, t, vol)) / 201.71,
              0.14178771, 1e-9, 0.0);
  // An implied move below the no-event straddle cannot be fitted with a non-negative event.
  CHECK(calibrate_event_move(spec(), event, Percentage::from_pct(1.0)).status ==
        CalibrationStatus::below_diffusive_straddle);
}

TEST_CASE("the crushed chain carries no event variance") {
  auto s = spec();
  s.event = ModeledEvent{event, 0.08};
  const auto after =
      crushed(s, new_york_market_close(2025y / December / 11), Price::dollars(230.0));
  CHECK_FALSE(after.event.has_value());
  const auto m = build_modeled_chain(after);
  const double t = Expiration::from_date(2025y / December / 12)
                       .time_to_expiry(new_york_market_close(2025y / December / 11))
                       .years();
  const auto q = m.chain.quote(Expiration::from_date(2025y / December / 12), Strike::parse("230"),
                               OptionRight::call);
  REQUIRE(q != nullptr);
  const double x = std::log(230.0 / 230.0) / (0.45 * std::sqrt(t));
  CHECK_CLOSE(mid(*q).dollars(), bs(true, 230.0, 230.0, t, 0.45 + (-1.5 * x) / 100.0), 0.01, 0.0);
}

TEST_CASE("bad specs are rejected with the field and value") {
  auto s = spec();
  s.expirations.clear();
  CHECK_THROWS_WITH_AS((void)build_modeled_chain(s), "expirations = []: a modeled chain needs one",
                       InvalidInput);
  s = spec();
  s.expirations = {2025y / December / 5};
  CHECK_THROWS_WITH_AS((void)build_modeled_chain(s),
                       "expiration = 2025-12-05: expires at or before the as-of time",
                       InvalidInput);
  s = spec();
  s.event = ModeledEvent{event, -0.1};
  CHECK_THROWS_WITH_AS((void)build_modeled_chain(s), "event move = -0.1: must not be negative",
                       InvalidInput);
  s = spec();
  s.smile.slope_points_per_sd = std::nan("");
  CHECK_THROWS_WITH_AS((void)build_modeled_chain(s), "smile slope = nan: must be finite",
                       InvalidInput);
}

}  // namespace
