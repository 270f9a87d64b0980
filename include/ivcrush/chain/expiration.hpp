// ivcrush/chain/expiration.hpp: an option expiration date and the instant it expires.
//
//   auto e = Expiration::from_date(2024y / May / 17);
//   e.date()               // 2024-05-17
//   e.expiry_time()        // 2024-05-17 16:00 New York (20:00 UTC, EDT)
//   e.time_to_expiry(as_of)   // YearFraction, ACT/365 to the second
//
// Convention (US equity options, PM-settled): a contract expires at the 16:00 New York close of
// its last trading day, computed with the correct EST/EDT offset (new_york_time.hpp). The last
// trading day is the expiration date itself, except for a Saturday date: before February 2015
// standard monthly contracts were dated the Saturday after the third Friday (data vendors such
// as Lean still encode them so, e.g. 2014-07-19) but stopped trading on that Friday, so a
// Saturday expiration expires at 16:00 on the Friday before. The date is kept as given (it
// identifies the contract); only the instant moves. AM-settled index options and early closes
// are not modelled. Errors: an invalid date throws InvalidInput. O(1), no allocation.
#pragma once

#include <chrono>
#include <compare>

#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

class Expiration {
 public:
  constexpr Expiration() noexcept = default;

  [[nodiscard]] static Expiration from_date(std::chrono::year_month_day date) {
    detail::require_valid_date("expiration", date);
    return Expiration(date);
  }

  [[nodiscard]] constexpr std::chrono::year_month_day date() const noexcept { return date_; }

  // The session at whose close the contract stops trading (Saturday -> the Friday before).
  [[nodiscard]] constexpr std::chrono::year_month_day last_trading_date() const noexcept {
    using namespace std::chrono;
    const sys_days d{date_};
    return weekday{d} == Saturday ? year_month_day{d - days{1}} : date_;
  }

  // 16:00 New York time on the last trading date, as a UTC instant.
  [[nodiscard]] std::chrono::sys_seconds expiry_time() const {
    return new_york_market_close(last_trading_date());
  }

  // Time from `as_of` to expiry, ACT/365 to the second; `as_of` must not be after expiry_time().
  [[nodiscard]] YearFraction time_to_expiry(std::chrono::sys_seconds as_of) const {
    return year_fraction(as_of, expiry_time());
  }

  friend constexpr bool operator==(const Expiration&, const Expiration&) = default;
  friend constexpr auto operator<=>(const Expiration& a, const Expiration& b) noexcept {
    return std::chrono::sys_days{a.date_} <=> std::chrono::sys_days{b.date_};
  }

 private:
  explicit constexpr Expiration(std::chrono::year_month_day date) noexcept : date_(date) {}
  std::chrono::year_month_day date_{};
};

}  // namespace ivcrush::inline v0
