// ivcrush/io/json/strategy.hpp: JSON codecs of legs, strategies and their analytics (optional
// target ivcrush::json).
//
//   json::to_value(Leg::option({.right = OptionRight::put, .strike = Strike::parse("95"),
//                               .expiration = 2024y / June / 21, .side = Side::sell,
//                               .quantity = 2, .premium = Money::dollars(1.15)}));
//   // {"instrument":"put","strike":"95","expiration":"2024-06-21","side":"sell","quantity":2,
//   //  "premium":1.15,"multiplier":100}
//   json::to_value(Leg::shares({.side = Side::buy, .quantity = 100, .price = Price::dollars(98)}));
//   // {"instrument":"shares","side":"buy","quantity":100,"price":98.0}
//
// A leg's fields depend on its instrument (an option has strike, expiration, premium and
// multiplier; shares have a price), and each is rebuilt through Leg::option or Leg::shares; a
// Strategy ({"underlying", "legs"}) through Strategy::make. Options records are validated as the
// analytics validate them (CommissionSchedule::validate, the sizing checks). Covered: Side,
// Instrument, Leg, Strategy, CommissionSchedule, PayoffOptions, PayoffExtremum, PriceInterval,
// OutcomeProbabilities, LegGreeks, PositionGreeks, SizingInputs, SizingLimits, EvKellyOptions,
// KellyOptions. Not covered: PayoffProfile (a view computed from a Strategy and PayoffOptions,
// which are serialized instead; rebuild it with PayoffProfile::at_expiration).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ivcrush/io/json/chain.hpp"
#include "ivcrush/io/json/codec.hpp"
#include "ivcrush/io/json/core.hpp"
#include "ivcrush/strategy/commissions.hpp"
#include "ivcrush/strategy/leg.hpp"
#include "ivcrush/strategy/payoff.hpp"
#include "ivcrush/strategy/position_greeks.hpp"
#include "ivcrush/strategy/probability.hpp"
#include "ivcrush/strategy/sizing.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0::json {

template <>
struct Codec<Side> : EnumCodec<Side, Side::buy, Side::sell> {
  static constexpr std::string_view type_name = "side";
};

template <>
struct Codec<Instrument>
    : EnumCodec<Instrument, Instrument::call, Instrument::put, Instrument::shares> {
  static constexpr std::string_view type_name = "instrument";
};

template <>
struct Codec<Leg> {
  static constexpr std::string_view type_name = "leg";
  static nlohmann::json to_json(const Leg& leg) {
    nlohmann::json out = nlohmann::json::object();
    out["instrument"] = to_value(leg.instrument());
    if (leg.is_option()) {
      out["strike"] = to_value(leg.strike());
      out["expiration"] = to_value(leg.expiration());
      out["side"] = to_value(leg.side());
      out["quantity"] = to_value(leg.quantity());
      out["premium"] = to_value(leg.price_per_share());
      out["multiplier"] = to_value(leg.multiplier());
    } else {
      out["side"] = to_value(leg.side());
      out["quantity"] = to_value(leg.quantity());
      out["price"] = to_value(Price::from_validated(leg.price_per_share().dollars()));
    }
    return out;
  }
  static Leg from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    const auto instrument = r.get<Instrument>("instrument");
    if (instrument == Instrument::shares) {
      SharesLegSpec spec;
      spec.side = r.get<Side>("side");
      spec.quantity = r.get<std::int32_t>("quantity");
      spec.price = r.get<Price>("price");
      r.finish();
      return detail::at(p, [&] { return Leg::shares(spec); });
    }
    OptionLegSpec spec;
    spec.right = instrument == Instrument::call ? OptionRight::call : OptionRight::put;
    spec.strike = r.get<Strike>("strike");
    spec.expiration = r.get<std::chrono::year_month_day>("expiration");
    spec.side = r.get<Side>("side");
    spec.quantity = r.get<std::int32_t>("quantity");
    spec.premium = r.get<Money>("premium");
    spec.multiplier = r.get<std::int32_t>("multiplier");
    r.finish();
    return detail::at(p, [&] { return Leg::option(spec); });
  }
};

template <>
struct Codec<Strategy> {
  static constexpr std::string_view type_name = "strategy";
  static nlohmann::json to_json(const Strategy& s) {
    nlohmann::json legs = nlohmann::json::array();
    for (const Leg& leg : s.legs()) legs.push_back(to_value(leg));
    return nlohmann::json{{"underlying", to_value(s.underlying())}, {"legs", std::move(legs)}};
  }
  static Strategy from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    const auto underlying = r.get<Symbol>("underlying");
    const auto legs = r.get<std::vector<Leg>>("legs");
    r.finish();
    return detail::at(p.field("legs"), [&] { return Strategy::make(underlying, legs); });
  }
};

template <>
struct Codec<CommissionSchedule> {
  using T = CommissionSchedule;
  static constexpr std::string_view type_name = "commission_schedule";
  static constexpr auto fields =
      std::tuple{field("per_contract", &T::per_contract), field("per_share", &T::per_share),
                 field("charge_exit", &T::charge_exit)};
  static void check(const T& c, const Path& p) {
    detail::at(p, [&] { c.validate(); });
  }
};

template <>
struct Codec<PayoffOptions> {
  using T = PayoffOptions;
  static constexpr std::string_view type_name = "payoff_options";
  static constexpr auto fields =
      std::tuple{field("fees", &T::fees), field("min_profit", &T::min_profit),
                 field("price_grid", &T::price_grid)};
  static void check(const T& o, const Path& p) {
    if (o.price_grid && !(o.price_grid->dollars() > 0.0)) {
      detail::fail(p.field("price_grid"), to_value(*o.price_grid), "must be positive",
                   ErrorCode::out_of_range);
    }
  }
};

template <>
struct Codec<PayoffExtremum> {
  using T = PayoffExtremum;
  static constexpr std::string_view type_name = "payoff_extremum";
  static constexpr auto fields = std::tuple{field("unbounded", &T::unbounded),
                                            field("amount", &T::amount), field("at", &T::at)};
  static void check(const T& e, const Path& p) {
    if (e.unbounded && e.at) {
      detail::fail(p.field("at"), to_value(*e.at), "must be null for an unbounded extremum",
                   ErrorCode::inconsistent);
    }
  }
};

template <>
struct Codec<PriceInterval> {
  static constexpr std::string_view type_name = "price_interval";
  static constexpr auto fields =
      std::tuple{field("lower", &PriceInterval::lower), field("upper", &PriceInterval::upper)};
  static void check(const PriceInterval& iv, const Path& p) {
    if (iv.upper && *iv.upper < iv.lower) {
      detail::fail(p.field("upper"), to_value(*iv.upper),
                   fmt::format("is below lower {}", iv.lower.dollars()), ErrorCode::inconsistent);
    }
  }
};

namespace detail {

inline void require_probability(const Path& p, double x) {
  if (!(x >= 0.0 && x <= 1.0)) {
    fail(p, nlohmann::json(x), "must be a probability in [0, 1]", ErrorCode::out_of_range);
  }
}

}  // namespace detail

template <>
struct Codec<OutcomeProbabilities> {
  using T = OutcomeProbabilities;
  static constexpr std::string_view type_name = "outcome_probabilities";
  static constexpr auto fields =
      std::tuple{field("probability_of_profit", &T::probability_of_profit),
                 field("expected_pnl", &T::expected_pnl),
                 field("probability_of_max_loss", &T::probability_of_max_loss),
                 field("probability_of_max_profit", &T::probability_of_max_profit),
                 field("sample_size", &T::sample_size)};
  static void check(const T& o, const Path& p) {
    detail::require_probability(p.field("probability_of_profit"), o.probability_of_profit);
    if (o.probability_of_max_loss) {
      detail::require_probability(p.field("probability_of_max_loss"), *o.probability_of_max_loss);
    }
    if (o.probability_of_max_profit) {
      detail::require_probability(p.field("probability_of_max_profit"),
                                  *o.probability_of_max_profit);
    }
  }
};

template <>
struct Codec<LegGreeks> {
  using T = LegGreeks;
  static constexpr std::string_view type_name = "leg_greeks";
  static constexpr auto fields =
      std::tuple{field("delta", &T::delta), field("gamma", &T::gamma),
                 field("vega_per_vol_point", &T::vega_per_vol_point),
                 field("theta_per_calendar_day", &T::theta_per_calendar_day)};
};

template <>
struct Codec<PositionGreeks> {
  using T = PositionGreeks;
  static constexpr std::string_view type_name = "position_greeks";
  static constexpr auto fields =
      std::tuple{field("delta_shares", &T::delta_shares),
                 field("gamma_shares_per_dollar", &T::gamma_shares_per_dollar),
                 field("vega_per_vol_point", &T::vega_per_vol_point),
                 field("theta_per_calendar_day", &T::theta_per_calendar_day),
                 field("option_contracts", &T::option_contracts)};
};

template <>
struct Codec<SizingInputs> {
  using T = SizingInputs;
  static constexpr std::string_view type_name = "sizing_inputs";
  static constexpr auto fields =
      std::tuple{field("max_profit_per_contract", &T::max_profit_per_contract),
                 field("max_loss_per_contract", &T::max_loss_per_contract),
                 field("probability_of_profit", &T::probability_of_profit)};
  static void check(const T& in, const Path& p) {
    detail::at(p, [&] { ivcrush::detail::validate(in); });
  }
};

template <>
struct Codec<SizingLimits> {
  using T = SizingLimits;
  static constexpr std::string_view type_name = "sizing_limits";
  static constexpr auto fields =
      std::tuple{field("risk_budget", &T::risk_budget), field("min_contracts", &T::min_contracts),
                 field("max_contracts", &T::max_contracts)};
  static void check(const T& l, const Path& p) {
    detail::at(p, [&] { ivcrush::detail::validate(l); });
  }
};

template <>
struct Codec<EvKellyOptions> {
  using T = EvKellyOptions;
  static constexpr std::string_view type_name = "ev_kelly_options";
  static constexpr auto fields =
      std::tuple{field("limits", &T::limits), field("kelly_fraction", &T::kelly_fraction)};
  static void check(const T& o, const Path& p) {
    detail::at(p, [&] { ivcrush::detail::require_fraction("kelly fraction", o.kelly_fraction); });
  }
};

template <>
struct Codec<KellyOptions> {
  using T = KellyOptions;
  static constexpr std::string_view type_name = "kelly_options";
  static constexpr auto fields =
      std::tuple{field("bankroll", &T::bankroll), field("fraction", &T::fraction),
                 field("limits", &T::limits)};
  static void check(const T& o, const Path& p) {
    detail::at(p, [&] {
      ivcrush::detail::require_non_negative("bankroll", o.bankroll.dollars());
      ivcrush::detail::require_fraction("kelly fraction", o.fraction);
    });
  }
};

}  // namespace ivcrush::inline v0::json
