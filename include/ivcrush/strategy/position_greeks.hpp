// ivcrush/strategy/position_greeks.hpp: the greeks of a whole position, in dollars.
//
//   std::array<LegGreeks, 4> per_leg = ...;   // from bsm_leg_greeks or the quotes' own greeks
//   auto g = position_greeks(condor, per_leg);
//   g.delta_shares;              // share-equivalent delta: +100 = long 100 shares
//   g.vega_per_vol_point;        // $ P/L for +1 vol point on every leg
//   g.theta_per_calendar_day;    // $ P/L for one calendar day passing
//
// Each leg's per-share greeks are scaled by its own signed size (± quantity × multiplier), so
// a 5-lot short put side and a 3-lot short call side each count their own contracts (the
// original scaled per-side greeks by the wrong contract count). Shares legs have delta 1 per
// share and no other greek. Per-leg greeks come from the pricing kernel (bsm_leg_greeks, below,
// with each leg's own implied volatility) or from a vendor's quote greeks (LegGreeks filled by
// the caller), never mixed silently: the caller chooses the source.
// Errors: one LegGreeks per leg, in leg order, finite; otherwise InvalidInput.
#pragma once

#include <cstdint>
#include <span>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/pricing/greeks.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0 {

// Per-share greeks of one leg as held long (the position's side is applied by position_greeks).
struct LegGreeks {
  double delta = 0.0;                   // per $1 of spot
  double gamma = 0.0;                   // per $1² of spot
  double vega_per_vol_point = 0.0;      // $ per share for +1 vol point
  double theta_per_calendar_day = 0.0;  // $ per share per calendar day
};

struct PositionGreeks {
  double delta_shares = 0.0;             // Σ signed size × delta: shares-equivalent
  double gamma_shares_per_dollar = 0.0;  // change of delta_shares for a $1 move
  Money vega_per_vol_point;              // $ for +1 vol point on every leg
  Money theta_per_calendar_day;          // $ per calendar day
  std::int64_t option_contracts = 0;     // contracts over all legs of the position

  // $ P/L of a $1 move of the underlying, to first order.
  [[nodiscard]] Money delta_dollars_per_dollar() const noexcept {
    return Money::from_validated(delta_shares);
  }
};

// The pricing kernel's per-share greeks of an option leg under BSM with the leg's own IV.
[[nodiscard]] inline LegGreeks bsm_leg_greeks(const Leg& leg, Price spot, YearFraction time,
                                              Volatility volatility, double rate = 0.0,
                                              double dividend_yield = 0.0) {
  if (!leg.is_option()) return {.delta = 1.0};
  const auto g = bsm_greeks(
      {.right = leg.instrument() == Instrument::call ? OptionRight::call : OptionRight::put,
       .spot = spot,
       .strike = leg.strike(),
       .time = time,
       .volatility = volatility,
       .rate = rate,
       .dividend_yield = dividend_yield});
  return {.delta = g.delta,
          .gamma = g.gamma,
          .vega_per_vol_point = g.vega_per_vol_point(),
          .theta_per_calendar_day = g.theta_per_calendar_day()};
}

[[nodiscard]] inline PositionGreeks position_greeks(const Strategy& strategy,
                                                    std::span<const LegGreeks> per_leg) {
  const auto legs = strategy.legs();
  if (per_leg.size() != legs.size()) {
    throw InvalidInput(ErrorCode::inconsistent,
                       fmt::format("leg greeks = {} entries: the strategy has {} legs",
                                   per_leg.size(), legs.size()));
  }
  PositionGreeks out;
  double vega = 0.0, theta = 0.0;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const auto& g = per_leg[i];
    detail::require_finite("leg delta", g.delta);
    detail::require_finite("leg gamma", g.gamma);
    detail::require_finite("leg vega", g.vega_per_vol_point);
    detail::require_finite("leg theta", g.theta_per_calendar_day);
    const double units = legs[i].signed_units();
    out.delta_shares += units * g.delta;
    out.gamma_shares_per_dollar += units * g.gamma;
    vega += units * g.vega_per_vol_point;
    theta += units * g.theta_per_calendar_day;
  }
  out.vega_per_vol_point = Money::from_validated(vega);
  out.theta_per_calendar_day = Money::from_validated(theta);
  out.option_contracts = strategy.option_contracts();
  return out;
}

}  // namespace ivcrush::inline v0
