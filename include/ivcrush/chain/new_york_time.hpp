// ivcrush/chain/new_york_time.hpp: US/Eastern (New York) wall-clock time <-> UTC, computed.
//
//   using namespace std::chrono;
//   new_york_market_close(2024y / July / 1)     // 2024-07-01 20:00:00 UTC (16:00 EDT)
//   new_york_market_close(2024y / January / 2)  // 2024-01-02 21:00:00 UTC (16:00 EST)
//   new_york_date(sys_seconds{...})             // the New York calendar date of an instant
//
// US exchanges keep New York time: EST (UTC-5) in winter, EDT (UTC-4) in summer. The offset is
// computed from the US daylight-saving rules, not read from a tz database (the library needs
// no system files): from 2007 on, DST runs from the second Sunday of March 02:00 EST to the
// first Sunday of November 02:00 EDT; 1987-2006, from the first Sunday of April to the last
// Sunday of October. Earlier years (other rules, wartime and 1974-75 exceptions) are not
// modelled: they throw InvalidInput (ErrorCode::out_of_range) naming the year. A fixed UTC
// offset would be wrong by an hour for half the year, which matters for 0-2 day options.
// Local times inside the skipped (spring) or repeated (autumn) 02:00 hour are read as standard
// time first (the market is closed then). All functions are O(1) and allocate nothing.
#pragma once

#include <chrono>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

namespace detail {

inline constexpr int first_modelled_dst_year = 1987;

inline void require_modelled_dst_year(int year) {
  if (year < first_modelled_dst_year) {
    throw_invalid(ErrorCode::out_of_range, "year", year,
                  "US daylight-saving rules before 1987 are not modelled");
  }
}

// The n-th (1-based) `wd` of a month, or the last one when n == 0.
[[nodiscard]] constexpr std::chrono::sys_days nth_weekday(std::chrono::year y, std::chrono::month m,
                                                          std::chrono::weekday wd, unsigned n) {
  using namespace std::chrono;
  if (n == 0) return sys_days{y / m / wd[last]};
  return sys_days{y / m / wd[n]};
}

// [start, end) of daylight-saving time in year `y`, as UTC instants.
struct DstInterval {
  std::chrono::sys_seconds start;
  std::chrono::sys_seconds end;
};

[[nodiscard]] inline DstInterval us_dst_interval_utc(int year) {
  using namespace std::chrono;
  require_modelled_dst_year(year);
  const std::chrono::year y{year};
  sys_days start_day;
  sys_days end_day;
  if (year >= 2007) {
    start_day = nth_weekday(y, March, Sunday, 2);
    end_day = nth_weekday(y, November, Sunday, 1);
  } else {
    start_day = nth_weekday(y, April, Sunday, 1);
    end_day = nth_weekday(y, October, Sunday, 0);
  }
  // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
  return {sys_seconds{start_day} + hours{7}, sys_seconds{end_day} + hours{6}};
}

}  // namespace detail

// New York's offset from UTC at the instant `utc`: -5 h (EST) or -4 h (EDT).
[[nodiscard]] inline std::chrono::seconds new_york_utc_offset(std::chrono::sys_seconds utc) {
  using namespace std::chrono;
  // Around New Year UTC and New York years differ, but DST is never in effect then.
  const int year = static_cast<int>(year_month_day{floor<days>(utc)}.year());
  const auto dst = detail::us_dst_interval_utc(year);
  return (utc >= dst.start && utc < dst.end) ? seconds{hours{-4}} : seconds{hours{-5}};
}

// The UTC instant of a New York wall-clock time.
[[nodiscard]] inline std::chrono::sys_seconds new_york_to_utc(std::chrono::local_seconds local) {
  using namespace std::chrono;
  const sys_seconds as_standard{local.time_since_epoch() + hours{5}};
  return sys_seconds{local.time_since_epoch() - new_york_utc_offset(as_standard)};
}

// The New York wall-clock time of a UTC instant.
[[nodiscard]] inline std::chrono::local_seconds new_york_local_time(std::chrono::sys_seconds utc) {
  return std::chrono::local_seconds{utc.time_since_epoch() + new_york_utc_offset(utc)};
}

// The New York calendar date of a UTC instant.
[[nodiscard]] inline std::chrono::year_month_day new_york_date(std::chrono::sys_seconds utc) {
  using namespace std::chrono;
  return year_month_day{sys_days{floor<days>(new_york_local_time(utc)).time_since_epoch()}};
}

// 16:00 New York time on `date` (the regular session's close), as a UTC instant. Early closes
// (13:00 on some holiday eves) are not modelled. `date` must be valid.
[[nodiscard]] inline std::chrono::sys_seconds new_york_market_close(
    std::chrono::year_month_day date) {
  using namespace std::chrono;
  detail::require_valid_date("date", date);
  return new_york_to_utc(local_seconds{local_days{date}.time_since_epoch()} + hours{16});
}

}  // namespace ivcrush::inline v0
