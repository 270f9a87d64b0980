// ivcrush/io/json/core.hpp: JSON codecs of the core value types (optional target ivcrush::json).
//
//   json::to_value(Money::dollars(-1.25))          == -1.25
//   json::to_value(Strike::parse("182.5"))         == "182.5"      (exact decimal text)
//   json::to_value(Percentage::from_pct(12.5))     == 0.125        (always the fraction)
//   json::to_value(2024y / May / 17)               == "2024-05-17"
//   json::to_value(sys_seconds{...})               == "2024-05-01T20:00:00Z"
//   json::from_value<Price>(nlohmann::json(-1.0))  throws JsonError "(root): price = -1: must not
//                                                   be negative"
//
// Wire forms (units are fixed by the schema, docs/json.md):
//   Money, Price              number, dollars (exact: shortest round-trip text of the double)
//   Percentage                number, the fraction (0.125 is 12.5 %)
//   Volatility                number, annualized σ as a fraction (0.325)
//   YearFraction              number, years
//   Strike                    string, the exact decimal text of its ticks ("182.5", "0.125")
//   Symbol                    string ("BRK.B")
//   year_month_day            string "YYYY-MM-DD"
//   sys_seconds               string "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds)
//   EarningsTiming, DayCount  their wire names: "BMO" "AMC" "DMH" "UNKNOWN"; "ACT/365"
//   "trading/252"
// Decoding goes through each type's factory, so a value is validated exactly like fresh input
// and the factory's message is kept. O(1) per value.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/io/json/codec.hpp"

namespace ivcrush::inline v0::json {

template <>
struct Codec<Money> {
  static constexpr std::string_view type_name = "money";
  static nlohmann::json to_json(Money m) { return detail::write_double(m.dollars()); }
  static Money from_json(const nlohmann::json& j, const Path& p) {
    const double v = detail::read_double(j, p);
    return detail::at(p, [&] { return Money::dollars(v); });
  }
};

template <>
struct Codec<Price> {
  static constexpr std::string_view type_name = "price";
  static nlohmann::json to_json(Price x) { return detail::write_double(x.dollars()); }
  static Price from_json(const nlohmann::json& j, const Path& p) {
    const double v = detail::read_double(j, p);
    return detail::at(p, [&] { return Price::dollars(v); });
  }
};

// A string, not a number: the text is the exact tick count, and a reader in any language keys
// on it without a binary-to-decimal round trip (the original wrote strikes as text too).
template <>
struct Codec<Strike> {
  static constexpr std::string_view type_name = "strike";
  static nlohmann::json to_json(Strike k) { return ivcrush::detail::format_strike(k); }
  static Strike from_json(const nlohmann::json& j, const Path& p) {
    if (!j.is_string()) detail::fail(p, j, "expected a decimal string such as \"182.5\"");
    return detail::at(p, [&] { return Strike::parse(j.get_ref<const std::string&>()); });
  }
};

template <>
struct Codec<Percentage> {
  static constexpr std::string_view type_name = "percentage";
  static nlohmann::json to_json(Percentage x) { return detail::write_double(x.fraction()); }
  static Percentage from_json(const nlohmann::json& j, const Path& p) {
    const double v = detail::read_double(j, p);
    return detail::at(p, [&] { return Percentage::from_fraction(v); });
  }
};

template <>
struct Codec<Volatility> {
  static constexpr std::string_view type_name = "volatility";
  static nlohmann::json to_json(Volatility x) { return detail::write_double(x.fraction()); }
  static Volatility from_json(const nlohmann::json& j, const Path& p) {
    const double v = detail::read_double(j, p);
    return detail::at(p, [&] { return Volatility::from_fraction(v); });
  }
};

template <>
struct Codec<YearFraction> {
  static constexpr std::string_view type_name = "year_fraction";
  static nlohmann::json to_json(YearFraction x) { return detail::write_double(x.years()); }
  static YearFraction from_json(const nlohmann::json& j, const Path& p) {
    const double v = detail::read_double(j, p);
    return detail::at(p, [&] { return YearFraction::from_years(v); });
  }
};

template <>
struct Codec<Symbol> {
  static constexpr std::string_view type_name = "symbol";
  static nlohmann::json to_json(Symbol s) { return std::string(s.view()); }
  static Symbol from_json(const nlohmann::json& j, const Path& p) {
    const std::string& text = detail::read_string(j, p);
    return detail::at(p, [&] { return Symbol::parse(text); });
  }
};

template <>
struct Codec<EarningsTiming>
    : EnumCodec<EarningsTiming, EarningsTiming::before_open, EarningsTiming::after_close,
                EarningsTiming::during_market, EarningsTiming::unknown> {
  static constexpr std::string_view type_name = "earnings_timing";
};

template <>
struct Codec<DayCount> : EnumCodec<DayCount, DayCount::act_365, DayCount::trading_252> {
  static constexpr std::string_view type_name = "day_count";
};

template <>
struct Codec<std::chrono::year_month_day> {
  static constexpr std::string_view type_name = "date";
  static nlohmann::json to_json(std::chrono::year_month_day d) {
    return ivcrush::detail::iso_date(d);
  }
  static std::chrono::year_month_day from_json(const nlohmann::json& j, const Path& p) {
    const std::string& text = detail::read_string(j, p);
    return detail::at(p, [&] { return parse_date(text); });
  }
};

namespace detail {

// "YYYY-MM-DDTHH:MM:SSZ", exactly (UTC, whole seconds, no offset other than Z).
[[nodiscard]] inline std::chrono::sys_seconds parse_utc_instant(const std::string& text,
                                                                const Path& p) {
  using namespace std::chrono;
  const auto reject = [&] {
    fail(p, nlohmann::json(text), "is not a UTC instant YYYY-MM-DDTHH:MM:SSZ");
  };
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    reject();
  }
  const auto number = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') reject();
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const year_month_day date =
      at(p, [&] { return parse_date(std::string_view(text).substr(0, 10)); });
  const int hh = number(11, 2);
  const int mm = number(14, 2);
  const int ss = number(17, 2);
  if (hh > 23 || mm > 59 || ss > 59) {
    fail(p, nlohmann::json(text), "has a time of day outside 00:00:00-23:59:59",
         ErrorCode::out_of_range);
  }
  return sys_seconds{sys_days{date}} + hours{hh} + minutes{mm} + seconds{ss};
}

}  // namespace detail

template <>
struct Codec<std::chrono::sys_seconds> {
  static constexpr std::string_view type_name = "instant";
  static nlohmann::json to_json(std::chrono::sys_seconds t) {
    using namespace std::chrono;
    const sys_days day = floor<days>(t);
    const hh_mm_ss<seconds> tod{t - day};
    return fmt::format("{}T{:02}:{:02}:{:02}Z", ivcrush::detail::iso_date(year_month_day{day}),
                       tod.hours().count(), tod.minutes().count(), tod.seconds().count());
  }
  static std::chrono::sys_seconds from_json(const nlohmann::json& j, const Path& p) {
    return detail::parse_utc_instant(detail::read_string(j, p), p);
  }
};

}  // namespace ivcrush::inline v0::json
