// ivcrush/chain/modeled_chain.hpp: an option chain built from a documented model, for users
// (and bundled examples) without chain history. Never market data: say so wherever it is used.
//
//   ModeledChainSpec spec{.symbol = Symbol::parse("CIEN"), .as_of = t0, .spot = s0,
//                         .expirations = {2025y / December / 12, 2025y / December / 19},
//                         .base_volatility = Volatility::from_points(45.0)};
//   auto fit = calibrate_event_move(spec, event, Percentage::from_pct(14.18));  // observed IM
//   spec.event = ModeledEvent{event, *fit.event_move};
//   ModeledChain pre = build_modeled_chain(spec);           // before the announcement
//   ModeledChain post = build_modeled_chain(crushed(spec, t1, s1));  // after: event variance gone
//
// The model:
// - Variance. Every expiration carries the diffusive variance base_volatility² × T (T: as-of to
//   expiry, ACT/365 to the second). An expiration whose expiry instant is after the event
//   instant also carries the event's variance event_move², where event_move is the standard
//   deviation of the one-session earnings reaction (a fraction: 0.06 = 6 %). So the ATM implied
//   volatility is σ_atm(T) = √(base² + event_move²/T): high for the expiration just after the
//   event, falling with T (the term structure a real pre-earnings chain shows). The event
//   instant is 09:30 New York for a before-open report, 12:00 for during market, and 16:00 for
//   after close or unknown (an after-close event is then not inside an expiration that closes
//   on the announcement day).
// - Smile. σ(K) = σ_atm + (slope × x + curvature × x²) / 100 with x = ln(K/F) / (σ_atm √T)
//   clamped to [-4, 4] (vol points per standard deviation of log-moneyness; defaults −1.5 and
//   +0.5: a mild put skew), floored at 1 %.
// - Prices. Mid = Black-Scholes-Merton at σ(K) with the spec's rate and dividend yield. Bid/ask
//   = mid ∓ max(min_half_spread, relative_half_spread × mid), bid rounded down and ask up to the
//   cent (bid >= 0, ask >= $0.01). Quotes whose mid is under half a cent are not listed. Open
//   interest and volume are unknown (nullopt): liquidity cannot be judged on a modeled chain.
// - Strikes. On the listing grid of the spot (0.5 under $25, 1 under $100, 2.5 under $250, 5
//   under $1,000, else 10) within spot × (1 ± r), r = 4 standard deviations of the longest
//   expiration, clamped to [15 %, 60 %].
// calibrate_event_move finds the event_move at which the modeled ATM straddle of the first
// expiration after the event, over spot, equals an observed implied move (bisection to 1e-10).
// crushed(spec, as_of, spot) is the same model after the event: no event variance, later clock.
// Errors: InvalidInput for no expirations, an expiration at or before as-of, a non-positive
// spot, invalid smile/quote parameters (each named).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "ivcrush/chain/chain_builder.hpp"
#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/pricing/black_scholes.hpp"

namespace ivcrush::inline v0 {

struct SmileModel {
  double slope_points_per_sd = -1.5;      // vol points per standard deviation of ln(K/F)
  double curvature_points_per_sd2 = 0.5;  // vol points per squared standard deviation
};

struct QuoteModel {
  Percentage relative_half_spread = Percentage::from_pct(3.0);  // of the mid
  Money min_half_spread = Money::dollars(0.025);
};

struct ModeledEvent {
  EarningsEvent event;
  double event_move = 0.0;  // one-session reaction standard deviation, as a fraction
};

struct ModeledChainSpec {
  Symbol symbol;
  std::chrono::sys_seconds as_of{};
  Price spot;
  std::vector<std::chrono::year_month_day> expirations;
  Volatility base_volatility = Volatility::from_points(30.0);  // diffusive, ex-event
  std::optional<ModeledEvent> event;
  double rate = 0.0;
  double dividend_yield = 0.0;
  SmileModel smile;
  QuoteModel quotes;
  // Strikes listed besides the model's own grid around the spot (the grid follows the spot):
  // e.g. the contracts of a position opened before the stock moved, which stay listed.
  std::vector<double> extra_strikes;
};

struct ModeledChain {
  OptionChain chain;
  std::size_t quotes = 0;  // quotes listed (none are rejected: the model produces valid ones)
};

namespace detail {

// The instant the news reaches the market.
[[nodiscard]] inline std::chrono::sys_seconds event_instant(const EarningsEvent& e) {
  using namespace std::chrono;
  const local_days day{e.date};
  const auto at = [&](hours h, minutes m) {
    return new_york_to_utc(local_seconds{day.time_since_epoch()} + h + m);
  };
  switch (e.timing) {
    case EarningsTiming::before_open: return at(hours{9}, minutes{30});
    case EarningsTiming::during_market: return at(hours{12}, minutes{0});
    case EarningsTiming::after_close:
    case EarningsTiming::unknown: return at(hours{16}, minutes{0});
  }
  return at(hours{16}, minutes{0});
}

[[nodiscard]] inline double listing_increment(double spot) noexcept {
  if (spot < 25.0) return 0.5;
  if (spot < 100.0) return 1.0;
  if (spot < 250.0) return 2.5;
  if (spot < 1000.0) return 5.0;
  return 10.0;
}

inline void validate(const ModeledChainSpec& s) {
  if (!(s.spot.dollars() > 0.0))
    throw_invalid(ErrorCode::out_of_range, "spot", s.spot.dollars(), "must be positive");
  if (s.expirations.empty())
    throw InvalidInput(ErrorCode::empty, "expirations = []: a modeled chain needs one");
  for (const auto& e : s.expirations) {
    if (Expiration::from_date(e).expiry_time() <= s.as_of) {
      throw_invalid(ErrorCode::out_of_range, "expiration", iso_date(e),
                    "expires at or before the as-of time");
    }
  }
  require_non_negative("base volatility", s.base_volatility.fraction());
  require_finite("smile slope", s.smile.slope_points_per_sd);
  require_finite("smile curvature", s.smile.curvature_points_per_sd2);
  require_non_negative("relative half spread", s.quotes.relative_half_spread.fraction());
  require_non_negative("min half spread", s.quotes.min_half_spread.dollars());
  if (s.event) require_non_negative("event move", s.event->event_move);
  for (const double k : s.extra_strikes) {
    require_finite("extra strike", k);
    if (!(k > 0.0)) throw_invalid(ErrorCode::out_of_range, "extra strike", k, "must be positive");
  }
}

// Total-variance ATM volatility of an expiration and the smile around it.
struct ExpiryVol {
  double years = 0.0;
  double atm = 0.0;
  double forward = 0.0;
};

[[nodiscard]] inline ExpiryVol expiry_vol(const ModeledChainSpec& s,
                                          std::chrono::year_month_day date) {
  const auto expiry = Expiration::from_date(date);
  const double t = expiry.time_to_expiry(s.as_of).years();
  double variance = s.base_volatility.variance() * t;
  if (s.event && expiry.expiry_time() > event_instant(s.event->event)) {
    variance += s.event->event_move * s.event->event_move;
  }
  const double atm = t > 0.0 ? std::sqrt(variance / t) : s.base_volatility.fraction();
  return {t, atm, s.spot.dollars() * std::exp((s.rate - s.dividend_yield) * t)};
}

[[nodiscard]] inline double smile_vol(const ModeledChainSpec& s, const ExpiryVol& ev,
                                      double strike) {
  const double sd = ev.atm * std::sqrt(ev.years);
  double x = sd > 0.0 ? std::log(strike / ev.forward) / sd : 0.0;
  x = std::clamp(x, -4.0, 4.0);
  const double vol =
      ev.atm + (s.smile.slope_points_per_sd * x + s.smile.curvature_points_per_sd2 * x * x) / 100.0;
  return std::max(vol, 0.01);
}

[[nodiscard]] inline double model_mid(const ModeledChainSpec& s, const ExpiryVol& ev, double strike,
                                      OptionRight right) {
  return ::ivcrush::bsm_price(
             BsmInputs{.right = right,
                       .spot = s.spot,
                       .strike = Strike::from_dollars(strike),
                       .time = YearFraction::from_years(ev.years),
                       .volatility = Volatility::from_fraction(smile_vol(s, ev, strike)),
                       .rate = s.rate,
                       .dividend_yield = s.dividend_yield})
      .dollars();
}

}  // namespace detail

// The strikes the model lists for `spec` (ascending).
[[nodiscard]] inline std::vector<double> modeled_strikes(const ModeledChainSpec& spec) {
  detail::validate(spec);
  double widest_sd = 0.0;
  for (const auto& e : spec.expirations) {
    const auto ev = detail::expiry_vol(spec, e);
    widest_sd = std::max(widest_sd, ev.atm * std::sqrt(ev.years));
  }
  const double r = std::clamp(4.0 * widest_sd, 0.15, 0.60);
  const double step = detail::listing_increment(spec.spot.dollars());
  const double lo = std::ceil(spec.spot.dollars() * (1.0 - r) / step) * step;
  const double hi = std::floor(spec.spot.dollars() * (1.0 + r) / step) * step;
  std::vector<double> strikes;
  for (double k = std::max(lo, step); k <= hi + 1e-9; k += step) {
    strikes.push_back(std::round(k * 1000.0) / 1000.0);  // on the $0.001 grid exactly
  }
  if (!spec.extra_strikes.empty()) {
    for (const double k : spec.extra_strikes) strikes.push_back(std::round(k * 1000.0) / 1000.0);
    std::sort(strikes.begin(), strikes.end());
    strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
  }
  return strikes;
}

[[nodiscard]] inline ModeledChain build_modeled_chain(const ModeledChainSpec& spec) {
  detail::validate(spec);
  const auto strikes = modeled_strikes(spec);
  ChainBuilder builder(spec.symbol, spec.as_of, spec.spot);
  builder.reserve(strikes.size() * spec.expirations.size() * 2);
  std::size_t listed = 0;
  for (const auto& date : spec.expirations) {
    const auto ev = detail::expiry_vol(spec, date);
    for (const double k : strikes) {
      for (const auto right : {OptionRight::call, OptionRight::put}) {
        const double mid = detail::model_mid(spec, ev, k, right);
        if (!(mid >= 0.005)) continue;
        const double half = std::max(spec.quotes.min_half_spread.dollars(),
                                     spec.quotes.relative_half_spread.fraction() * mid);
        const double bid = std::max(0.0, std::floor((mid - half) * 100.0 + 1e-9) / 100.0);
        const double ask = std::max(0.01, std::ceil((mid + half) * 100.0 - 1e-9) / 100.0);
        builder.add({.expiration = date, .strike = k, .right = right, .bid = bid, .ask = ask});
        ++listed;
      }
    }
  }
  auto result = std::move(builder).build();
  IVCRUSH_ASSERT(result.rejects.empty(), "the modeled chain produced an invalid quote");
  return {std::move(result.chain), listed};
}

// The same model after the announcement: no event variance, a later clock and the spot then.
[[nodiscard]] inline ModeledChainSpec crushed(ModeledChainSpec spec, std::chrono::sys_seconds as_of,
                                              Price spot) {
  spec.event.reset();
  spec.as_of = as_of;
  spec.spot = spot;
  return spec;
}

enum class CalibrationStatus { ok, below_diffusive_straddle, no_expiration_after_event };

struct EventCalibration {
  CalibrationStatus status = CalibrationStatus::ok;
  std::optional<double> event_move;  // one-session σ of the reaction, a fraction
  std::optional<std::chrono::year_month_day> expiration;  // the expiration calibrated to
  std::optional<double> atm_strike;
};

// The event_move at which the modeled ATM straddle (mid call + mid put at the listed strike
// nearest the spot, ties up) of the first expiration after the event, divided by the spot,
// equals `implied_move`.
[[nodiscard]] inline EventCalibration calibrate_event_move(ModeledChainSpec spec,
                                                           const EarningsEvent& event,
                                                           Percentage implied_move) {
  detail::validate(spec);
  detail::require_non_negative("implied move", implied_move.fraction());
  const auto when = detail::event_instant(event);
  std::optional<std::chrono::year_month_day> first;
  for (const auto& e : spec.expirations) {
    if (Expiration::from_date(e).expiry_time() > when &&
        (!first || std::chrono::sys_days{e} < std::chrono::sys_days{*first})) {
      first = e;
    }
  }
  if (!first)
    return {CalibrationStatus::no_expiration_after_event, std::nullopt, std::nullopt, std::nullopt};
  // The ATM strike on the listing grid (nearest to spot; an exact tie goes up).
  const double step = detail::listing_increment(spec.spot.dollars());
  const double below = std::floor(spec.spot.dollars() / step) * step;
  const double above = below + step;
  const double k = (spec.spot.dollars() - below < above - spec.spot.dollars()) ? below : above;
  const auto straddle_over_spot = [&](double move) {
    spec.event = ModeledEvent{event, move};
    const auto ev = detail::expiry_vol(spec, *first);
    return (detail::model_mid(spec, ev, k, OptionRight::call) +
            detail::model_mid(spec, ev, k, OptionRight::put)) /
           spec.spot.dollars();
  };
  const double target = implied_move.fraction();
  if (straddle_over_spot(0.0) >= target) {
    return {CalibrationStatus::below_diffusive_straddle, 0.0, first, k};
  }
  double lo = 0.0, hi = 1.0;
  while (straddle_over_spot(hi) < target && hi < 64.0) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double m = 0.5 * (lo + hi);
    (straddle_over_spot(m) < target ? lo : hi) = m;
  }
  return {CalibrationStatus::ok, 0.5 * (lo + hi), first, k};
}

}  // namespace ivcrush::inline v0
