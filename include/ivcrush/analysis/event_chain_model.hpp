// ivcrush/analysis/event_chain_model.hpp: a modeled option chain around one earnings event,
// calibrated to an implied move, for users (and bundled examples) without chain history.
//
//   EventChainModel model;                                   // documented defaults below
//   EventChainSetup s = model_event_chain(
//       {.event = {Symbol::parse("CIEN"), 2025y / December / 11, EarningsTiming::before_open},
//        .as_of = new_york_market_close(2025y / December / 10),
//        .spot = Price::dollars(188.21),
//        .implied_move = Percentage::from_pct(14.18)},
//       model);
//   s.chain.chain;          // OptionChain, the straddle of the first expiration after the event
//                           // priced to the implied move (to the cent rounding of the quotes)
//   s.calibration;          // the event move fitted, the expiration and ATM strike used
//   crushed_event_chain(s, new_york_market_close(reaction_date), reaction_close);  // after it
//
// The model (ADR 0006): Black-Scholes-Merton at a diffusive base volatility, the event's
// one-session variance added to every expiration after the announcement, a mild put skew and a
// relative bid/ask spread; listed expirations are the Fridays of the weeks after the as-of
// date (weeklies). Everything is a parameter; the defaults are a typical large-cap US equity's.
// A modeled chain is never market data: open interest and volume are unknown, and whatever is
// computed from it must be labelled as modeled (ChainSource::modeled in the backtester).
//
// Errors: InvalidInput naming the field (non-positive spot, negative implied move, as-of after
// the event, no listed expiration after the event, an implied move below what the diffusive
// volatility alone already prices: that implies a negative event variance).
// Cost: the calibration is a bisection on two Black-Scholes prices (~60 iterations); building
// the chain prices every listed strike once.
#pragma once

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "ivcrush/chain/modeled_chain.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

struct EventChainModel {
  // Ex-event (diffusive) annual volatility. 30 % is a typical large-cap level; set the ticker's
  // own when known (e.g. the IV of an expiration before the event).
  Volatility base_volatility = Volatility::from_points(30.0);
  int weekly_expirations = 4;  // Fridays listed after the as-of date (>= 1)
  SmileModel smile;
  QuoteModel quotes;
  double rate = 0.0;            // continuously compounded, annual
  double dividend_yield = 0.0;  // continuously compounded, annual

  void validate() const {
    detail::require_non_negative("base volatility", base_volatility.fraction());
    if (weekly_expirations < 1 || weekly_expirations > 52) {
      detail::throw_invalid(ErrorCode::out_of_range, "weekly_expirations", weekly_expirations,
                            "must be in [1, 52]");
    }
    detail::require_finite("rate", rate);
    detail::require_finite("dividend_yield", dividend_yield);
  }
};

struct EventChainInput {
  EarningsEvent event;
  std::chrono::sys_seconds as_of{};  // when the trade is priced (before the news)
  Price spot;                        // the underlying then
  Percentage implied_move;           // ATM straddle / spot of the first expiration after it
};

struct EventChainSetup {
  ModeledChainSpec spec;  // the calibrated model (event included)
  ModeledChain chain;     // the chain it lists at as_of
  EventCalibration calibration;
};

// The first `weeks` Fridays whose 16:00 New York expiry is after `as_of` (weekly listings).
[[nodiscard]] inline std::vector<std::chrono::year_month_day> weekly_fridays_after(
    std::chrono::sys_seconds as_of, int weeks) {
  using namespace std::chrono;
  std::vector<year_month_day> out;
  out.reserve(static_cast<std::size_t>(weeks));
  // From the as-of's New York date; the expiry instants are compared exactly below.
  sys_days day{new_york_date(as_of)};
  while (out.size() < static_cast<std::size_t>(weeks)) {
    if (weekday{day} == Friday &&
        Expiration::from_date(year_month_day{day}).expiry_time() > as_of) {
      out.push_back(year_month_day{day});
    }
    day += days{1};
  }
  return out;
}

// The spec of the model for `in` with no event variance yet (calibrate_event_move adds it).
[[nodiscard]] inline ModeledChainSpec event_chain_spec(const EventChainInput& in,
                                                       const EventChainModel& model) {
  model.validate();
  return ModeledChainSpec{.symbol = in.event.symbol,
                          .as_of = in.as_of,
                          .spot = in.spot,
                          .expirations = weekly_fridays_after(in.as_of, model.weekly_expirations),
                          .base_volatility = model.base_volatility,
                          .event = std::nullopt,
                          .rate = model.rate,
                          .dividend_yield = model.dividend_yield,
                          .smile = model.smile,
                          .quotes = model.quotes};
}

[[nodiscard]] inline EventChainSetup model_event_chain(const EventChainInput& in,
                                                       const EventChainModel& model = {}) {
  if (!(in.spot.dollars() > 0.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "spot", in.spot.dollars(), "must be positive");
  }
  detail::require_non_negative("implied move %", in.implied_move.pct());
  if (in.as_of >= detail::event_instant(in.event)) {
    detail::throw_invalid(ErrorCode::inconsistent, "as_of", detail::iso_date(in.event.date),
                          "the chain must be priced before the announcement");
  }
  ModeledChainSpec spec = event_chain_spec(in, model);
  EventCalibration cal = calibrate_event_move(spec, in.event, in.implied_move);
  switch (cal.status) {
    case CalibrationStatus::ok: break;
    case CalibrationStatus::no_expiration_after_event:
      detail::throw_invalid(ErrorCode::missing, "expirations", model.weekly_expirations,
                            "weekly expirations list none after the announcement of " +
                                detail::iso_date(in.event.date));
    case CalibrationStatus::below_diffusive_straddle:
      detail::throw_invalid(
          ErrorCode::inconsistent, "implied move %", in.implied_move.pct(),
          "is below the straddle the base volatility alone prices (negative event variance)");
  }
  spec.event = ModeledEvent{in.event, *cal.event_move};
  ModeledChain chain = build_modeled_chain(spec);
  return {std::move(spec), std::move(chain), cal};
}

// The same model after the news: no event variance, priced at `as_of` with the spot then.
// Every strike listed at entry stays listed (an exchange does not delist a contract because the
// stock moved), besides the grid around the new spot. Expirations at or before `as_of` are
// dropped (they have settled); nullopt when none is left.
[[nodiscard]] inline std::optional<ModeledChainSpec> crushed_event_spec(
    const ModeledChainSpec& entry, std::chrono::sys_seconds as_of, Price spot) {
  ModeledChainSpec after = crushed(entry, as_of, spot);
  after.extra_strikes = modeled_strikes(entry);
  std::erase_if(after.expirations, [&](const std::chrono::year_month_day& e) {
    return Expiration::from_date(e).expiry_time() <= as_of;
  });
  if (after.expirations.empty()) return std::nullopt;
  return after;
}

[[nodiscard]] inline std::optional<ModeledChain> crushed_event_chain(const EventChainSetup& setup,
                                                                     std::chrono::sys_seconds as_of,
                                                                     Price spot) {
  const auto after = crushed_event_spec(setup.spec, as_of, spot);
  if (!after) return std::nullopt;
  return build_modeled_chain(*after);
}

}  // namespace ivcrush::inline v0
