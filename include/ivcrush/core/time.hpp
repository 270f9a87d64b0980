// ivcrush/core/time.hpp: year fractions, day counts, dates and earnings timing.
//
//   using namespace std::chrono;
//   auto t = year_fraction(2024y / May / 22, 2024y / June / 21, DayCount::act_365);  // 30/365
//   auto u = year_fraction(2024y / May / 22, 2024y / June / 21, DayCount::trading_252);  // 22/252
//   auto v = year_fraction(sys_seconds{...}, sys_seconds{...});  // ACT/365 to the second
//   auto d = parse_date("2024-05-22");                            // std::chrono::year_month_day
//
// YearFraction is a non-negative, finite time in years; the day count that produced it is the
// caller's choice and is named at the call, never implied. Earnings options often have 0-2 days
// left, so the timestamp form keeps fractions of a day (a whole-day count prices a half-day
// option at zero time). Dates are std::chrono::year_month_day; trading days are weekdays
// (exchange holidays are not modelled: a holiday inside the window overstates trading_252 by
// 1/252). Errors: invalid dates, an end before the start and malformed text throw InvalidInput.
#pragma once

#include <chrono>
#include <cmath>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

class YearFraction {
 public:
  constexpr YearFraction() noexcept = default;

  [[nodiscard]] static constexpr YearFraction from_years(double years) {
    return YearFraction(detail::require_non_negative("years", years));
  }

  [[nodiscard]] constexpr double years() const noexcept { return years_; }
  [[nodiscard]] double sqrt_years() const noexcept { return std::sqrt(years_); }

  friend constexpr auto operator<=>(const YearFraction&, const YearFraction&) = default;

  [[nodiscard]] friend constexpr YearFraction operator+(YearFraction a, YearFraction b) noexcept {
    return YearFraction(a.years_ + b.years_);
  }

 private:
  explicit constexpr YearFraction(double years) noexcept : years_(years) {}
  double years_ = 0.0;
};

// Named day-count conventions. act_365: calendar days / 365 (options' usual convention and the
// one for timestamps). trading_252: weekdays / 252 (trading-time volatility).
enum class DayCount { act_365, trading_252 };

[[nodiscard]] constexpr std::string_view to_string(DayCount dc) noexcept {
  return dc == DayCount::act_365 ? "ACT/365" : "trading/252";
}

inline constexpr double days_per_year_act_365 = 365.0;
inline constexpr double trading_days_per_year = 252.0;

namespace detail {

// "YYYY-MM-DD" for any year_month_day, valid or not (for messages and formatting).
[[nodiscard]] inline std::string iso_date(std::chrono::year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

inline void require_valid_date(std::string_view field, std::chrono::year_month_day d) {
  if (!d.ok()) {
    throw_invalid(ErrorCode::out_of_range, field, iso_date(d), "is not a valid calendar date");
  }
}

}  // namespace detail

// Weekdays (Monday to Friday) d with from <= d < to; both dates must be valid and to >= from.
[[nodiscard]] inline std::int64_t weekdays_between(std::chrono::year_month_day from,
                                                   std::chrono::year_month_day to) {
  using namespace std::chrono;
  detail::require_valid_date("from date", from);
  detail::require_valid_date("to date", to);
  const sys_days a{from};
  const sys_days b{to};
  if (b < a) {
    throw InvalidInput(ErrorCode::inconsistent,
                       fmt::format("to date = {}: is before from date {}", detail::iso_date(to),
                                   detail::iso_date(from)));
  }
  const std::int64_t days = (b - a).count();
  const std::int64_t full_weeks = days / 7;
  std::int64_t count = full_weeks * 5;
  // Walk the remaining (< 7) days; weekday c_encoding: 0 = Sunday .. 6 = Saturday.
  unsigned wd = weekday{a}.c_encoding();
  for (std::int64_t i = 0; i < days % 7; ++i) {
    if (wd != 0 && wd != 6) ++count;
    wd = (wd + 1) % 7;
  }
  return count;
}

// Years from `from` to `to` under `day_count`; `to` must not be before `from`.
[[nodiscard]] inline YearFraction year_fraction(std::chrono::year_month_day from,
                                                std::chrono::year_month_day to,
                                                DayCount day_count) {
  using namespace std::chrono;
  const std::int64_t weekdays = weekdays_between(from, to);  // validates both dates and order
  if (day_count == DayCount::trading_252) {
    return YearFraction::from_years(static_cast<double>(weekdays) / trading_days_per_year);
  }
  const auto days = (sys_days{to} - sys_days{from}).count();
  return YearFraction::from_years(static_cast<double>(days) / days_per_year_act_365);
}

// Years between two instants, ACT/365 to the second.
[[nodiscard]] inline YearFraction year_fraction(std::chrono::sys_seconds from,
                                                std::chrono::sys_seconds to) {
  const auto seconds = (to - from).count();
  if (seconds < 0) {
    throw InvalidInput(ErrorCode::inconsistent,
                       fmt::format("to time = {}s: is before from time {}s (Unix seconds)",
                                   to.time_since_epoch().count(), from.time_since_epoch().count()));
  }
  return YearFraction::from_years(static_cast<double>(seconds) / (days_per_year_act_365 * 86400.0));
}

// Parses an ISO date "YYYY-MM-DD" (exactly that form) into a valid year_month_day.
[[nodiscard]] inline std::chrono::year_month_day parse_date(std::string_view text) {
  const auto reject = [&](std::string_view reason) -> void {
    detail::throw_invalid(ErrorCode::malformed, "date", fmt::format("'{}'", text), reason);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') reject("is not YYYY-MM-DD");
  const auto number = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') reject("is not YYYY-MM-DD");
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const std::chrono::year_month_day d{std::chrono::year{number(0, 4)},
                                      std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                      std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  if (!d.ok()) {
    detail::throw_invalid(ErrorCode::out_of_range, "date", fmt::format("'{}'", text),
                          "is not a valid calendar date");
  }
  return d;
}

// When an earnings announcement happens relative to the regular session (09:30-16:00 ET).
enum class EarningsTiming { before_open, after_close, during_market, unknown };

// The wire names of the original system: BMO, AMC, DMH, UNKNOWN.
[[nodiscard]] constexpr std::string_view to_string(EarningsTiming timing) noexcept {
  switch (timing) {
    case EarningsTiming::before_open: return "BMO";
    case EarningsTiming::after_close: return "AMC";
    case EarningsTiming::during_market: return "DMH";
    case EarningsTiming::unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

// Parses BMO, AMC, DMH or UNKNOWN (exact, upper case).
[[nodiscard]] inline EarningsTiming parse_earnings_timing(std::string_view text) {
  for (const auto t : {EarningsTiming::before_open, EarningsTiming::after_close,
                       EarningsTiming::during_market, EarningsTiming::unknown}) {
    if (text == to_string(t)) return t;
  }
  detail::throw_invalid(ErrorCode::malformed, "earnings timing", fmt::format("'{}'", text),
                        "must be one of BMO, AMC, DMH, UNKNOWN");
}

}  // namespace ivcrush::inline v0
