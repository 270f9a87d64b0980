// ivcrush/io/format.hpp: fmt formatters for the core value types.
//
//   fmt::format("{}", Money::dollars(1234.5))        == "$1,234.50"
//   fmt::format("{}", Money::dollars(-0.05))         == "-$0.05"
//   fmt::format("{:.4}", Money::dollars(0.12345))    == "$0.1234"    (half-even, see below)
//   fmt::format("{}", Price::dollars(182.47))        == "$182.47"
//   fmt::format("{}", Percentage::from_pct(12.5))    == "12.50%"
//   fmt::format("{}", Volatility::from_points(32.5)) == "32.50%"
//   fmt::format("{}", Strike::parse("182.5"))        == "182.5"      (exact, shortest)
//   fmt::format("{}", YearFraction::from_years(0.5)) == "0.5000y"
//   fmt::format("{}", Symbol::parse("AAPL"))         == "AAPL"
//   fmt::format("{}", EarningsTiming::after_close)   == "AMC"
//
// Money, Price, Percentage, Volatility and YearFraction take an optional precision ".N"
// (defaults: 2 decimals, 4 for YearFraction). Rounding is half-to-even on the shortest decimal
// text of the value, the way a decimal amount rounds: 2.675 → "2.68" and 0.125 → "0.12", never
// the binary expansion's 2.67499999... A value that rounds to zero prints without a minus sign.
// Dates print with ivcrush::detail::iso_date (fmt 9 has no year_month_day formatter, and
// specialising one for a std type would clash with newer fmt).
#pragma once

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <string>
#include <string_view>
#include <system_error>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"

namespace ivcrush::inline v0::detail {

// Decimal text of |value| rounded half-to-even at `decimals` places, from the shortest
// round-trip fixed representation; `negative` tells whether a minus sign is due (false when the
// rounded text is zero).
struct RoundedDecimal {
  std::string integer_digits;
  std::string fraction_digits;
  bool negative = false;
};

template <std::floating_point Rep>
[[nodiscard]] inline RoundedDecimal round_half_even(Rep value, int decimals) {
  RoundedDecimal out;
  if (!std::isfinite(value)) {
    out.integer_digits = std::isnan(value) ? "nan" : "inf";
    out.negative = std::signbit(value) && !std::isnan(value);
    return out;
  }
  std::array<char, 1024> buffer{};
  const Rep magnitude = std::fabs(value);
  std::string text;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), magnitude,
                                    std::chars_format::fixed);
  if (result.ec == std::errc()) {
    text.assign(buffer.data(), result.ptr);
  } else {  // only for magnitudes beyond any amount of money (long double near its max)
    text = fmt::format("{:.{}f}", magnitude, decimals + 2);
  }
  const auto dot = text.find('.');
  std::string integer = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? std::string() : text.substr(dot + 1);
  const auto kept = static_cast<std::size_t>(decimals);
  if (fraction.size() > kept) {
    const char first_dropped = fraction[kept];
    const bool rest_nonzero = fraction.find_first_not_of('0', kept + 1) != std::string::npos;
    fraction.resize(kept);
    std::string digits = integer + fraction;
    const char last_kept = digits.back();
    const bool round_up = first_dropped > '5' || (first_dropped == '5' && rest_nonzero) ||
                          (first_dropped == '5' && !rest_nonzero && (last_kept - '0') % 2 == 1);
    if (round_up) {
      auto i = digits.size();
      while (i > 0) {
        --i;
        if (digits[i] == '9') {
          digits[i] = '0';
        } else {
          ++digits[i];
          break;
        }
        if (i == 0) digits.insert(digits.begin(), '1');
      }
    }
    integer = digits.substr(0, digits.size() - kept);
    fraction = digits.substr(digits.size() - kept);
  } else {
    fraction.append(kept - fraction.size(), '0');
  }
  out.integer_digits = integer.empty() ? "0" : integer;
  out.fraction_digits = fraction;
  const bool is_zero = out.integer_digits.find_first_not_of('0') == std::string::npos &&
                       out.fraction_digits.find_first_not_of('0') == std::string::npos;
  out.negative = value < Rep{0} && !is_zero;
  return out;
}

[[nodiscard]] inline std::string group_thousands(const std::string& digits) {
  std::string out;
  const auto n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[i]);
    const auto remaining = n - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out.push_back(',');
  }
  return out;
}

template <std::floating_point Rep>
[[nodiscard]] inline std::string format_dollars(Rep value, int decimals) {
  const auto r = round_half_even(value, decimals);
  std::string out = r.negative ? "-$" : "$";
  out += group_thousands(r.integer_digits);
  if (decimals > 0) out += "." + r.fraction_digits;
  return out;
}

template <std::floating_point Rep>
[[nodiscard]] inline std::string format_fixed(Rep value, int decimals) {
  const auto r = round_half_even(value, decimals);
  std::string out = r.negative ? "-" : "";
  out += r.integer_digits;
  if (decimals > 0) out += "." + r.fraction_digits;
  return out;
}

// The common spec parser: "" or ".N" (N from 0 to 17).
template <int DefaultDecimals>
struct PrecisionSpec {
  int decimals = DefaultDecimals;

  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    const auto end = ctx.end();
    if (it != end && *it == '.') {
      ++it;
      int n = 0;
      bool any = false;
      while (it != end && *it >= '0' && *it <= '9') {
        n = n * 10 + (*it - '0');
        any = true;
        ++it;
        if (n > 17) throw fmt::format_error("ivcrush: precision above 17");
      }
      if (!any) throw fmt::format_error("ivcrush: expected digits after '.'");
      decimals = n;
    }
    if (it != end && *it != '}') throw fmt::format_error("ivcrush: expected '.N' or nothing");
    return it;
  }
};

// Shortest decimal text of a strike: 182500 ticks → "182.5", 100000 → "100".
[[nodiscard]] inline std::string format_strike(Strike k) {
  const auto ticks = k.ticks();
  const auto whole = ticks / Strike::ticks_per_dollar;
  auto frac = ticks % Strike::ticks_per_dollar;
  if (frac == 0) return fmt::format("{}", whole);
  std::string digits = fmt::format("{:03}", frac);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return fmt::format("{}.{}", whole, digits);
}

}  // namespace ivcrush::inline v0::detail

template <std::floating_point Rep>
struct fmt::formatter<ivcrush::BasicMoney<Rep>> : ivcrush::detail::PrecisionSpec<2> {
  auto format(const ivcrush::BasicMoney<Rep>& m, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}",
                          ivcrush::detail::format_dollars(m.dollars(), this->decimals));
  }
};

template <std::floating_point Rep>
struct fmt::formatter<ivcrush::BasicPrice<Rep>> : ivcrush::detail::PrecisionSpec<2> {
  auto format(const ivcrush::BasicPrice<Rep>& p, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}",
                          ivcrush::detail::format_dollars(p.dollars(), this->decimals));
  }
};

template <>
struct fmt::formatter<ivcrush::Percentage> : ivcrush::detail::PrecisionSpec<2> {
  auto format(const ivcrush::Percentage& p, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}%", ivcrush::detail::format_fixed(p.pct(), this->decimals));
  }
};

template <>
struct fmt::formatter<ivcrush::Volatility> : ivcrush::detail::PrecisionSpec<2> {
  auto format(const ivcrush::Volatility& v, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}%",
                          ivcrush::detail::format_fixed(v.points(), this->decimals));
  }
};

template <>
struct fmt::formatter<ivcrush::YearFraction> : ivcrush::detail::PrecisionSpec<4> {
  auto format(const ivcrush::YearFraction& t, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}y",
                          ivcrush::detail::format_fixed(t.years(), this->decimals));
  }
};

template <>
struct fmt::formatter<ivcrush::Strike> : fmt::formatter<std::string_view> {
  auto format(const ivcrush::Strike& k, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(ivcrush::detail::format_strike(k), ctx);
  }
};

template <>
struct fmt::formatter<ivcrush::Symbol> : fmt::formatter<std::string_view> {
  auto format(const ivcrush::Symbol& s, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(s.view(), ctx);
  }
};

template <>
struct fmt::formatter<ivcrush::EarningsTiming> : fmt::formatter<std::string_view> {
  auto format(ivcrush::EarningsTiming t, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(ivcrush::to_string(t), ctx);
  }
};

template <>
struct fmt::formatter<ivcrush::DayCount> : fmt::formatter<std::string_view> {
  auto format(ivcrush::DayCount d, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(ivcrush::to_string(d), ctx);
  }
};

template <>
struct fmt::formatter<ivcrush::ErrorCode> : fmt::formatter<std::string_view> {
  auto format(ivcrush::ErrorCode c, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(ivcrush::to_string(c), ctx);
  }
};
