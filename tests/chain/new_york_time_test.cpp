// New York time and expirations: offsets against the published US DST dates (hand-derived UTC
// instants), the 16:00 expiry convention and the Saturday (pre-2015 monthly) rule.
#include "ivcrush/chain/new_york_time.hpp"

#include <doctest/doctest.h>

#include <chrono>

#include "ivcrush/chain/expiration.hpp"
#include "support/check_close.hpp"

using namespace ivcrush;
using namespace std::chrono;

TEST_CASE("16:00 New York is 20:00 UTC in summer (EDT) and 21:00 UTC in winter (EST)") {
  CHECK(new_york_market_close(2024y / July / 1) == sys_days{2024y / July / 1} + 20h);
  CHECK(new_york_market_close(2024y / January / 2) == sys_days{2024y / January / 2} + 21h);
  // The bundled chain dates: 2014-06-06 (EDT) and 2015-12-23 (EST).
  CHECK(new_york_market_close(2014y / June / 6) == sys_days{2014y / June / 6} + 20h);
  CHECK(new_york_market_close(2015y / December / 23) == sys_days{2015y / December / 23} + 21h);
  CHECK(new_york_market_close(2014y / June / 6).time_since_epoch().count() == 1402084800);
}

TEST_CASE("2007+ rules: DST from the 2nd Sunday of March to the 1st Sunday of November") {
  // 2024: DST began Sunday 10 March 02:00 EST (07:00 UTC), ended Sunday 3 November 02:00 EDT
  // (06:00 UTC).
  const sys_seconds start = sys_days{2024y / March / 10} + 7h;
  const sys_seconds end = sys_days{2024y / November / 3} + 6h;
  CHECK(new_york_utc_offset(start - 1s) == -5h);
  CHECK(new_york_utc_offset(start) == -4h);
  CHECK(new_york_utc_offset(end - 1s) == -4h);
  CHECK(new_york_utc_offset(end) == -5h);
  // The Friday before and the Monday after the spring change straddle it.
  CHECK(new_york_market_close(2024y / March / 8) == sys_days{2024y / March / 8} + 21h);
  CHECK(new_york_market_close(2024y / March / 11) == sys_days{2024y / March / 11} + 20h);
  CHECK(new_york_market_close(2024y / November / 1) == sys_days{2024y / November / 1} + 20h);
  CHECK(new_york_market_close(2024y / November / 4) == sys_days{2024y / November / 4} + 21h);
}

TEST_CASE("1987-2006 rules: 1st Sunday of April to last Sunday of October") {
  // 2006: 2 April to 29 October. Under the 2007 rules 2006-03-13 would already be EDT.
  CHECK(new_york_market_close(2006y / March / 13) == sys_days{2006y / March / 13} + 21h);
  CHECK(new_york_market_close(2006y / April / 3) == sys_days{2006y / April / 3} + 20h);
  CHECK(new_york_market_close(2006y / October / 27) == sys_days{2006y / October / 27} + 20h);
  CHECK(new_york_market_close(2006y / October / 30) == sys_days{2006y / October / 30} + 21h);
  CHECK(new_york_utc_offset(sys_days{2006y / April / 2} + 7h - 1s) == -5h);
  CHECK(new_york_utc_offset(sys_days{2006y / April / 2} + 7h) == -4h);
  CHECK(new_york_utc_offset(sys_days{2006y / October / 29} + 6h) == -5h);
  CHECK_THROWS_WITH_AS((void)new_york_market_close(1986y / June / 2),
                       "year = 1986: US daylight-saving rules before 1987 are not modelled",
                       InvalidInput);
}

TEST_CASE("new_york_date and local time round-trip across midnight UTC") {
  // 2024-07-01 23:30 EDT is 2024-07-02 03:30 UTC.
  const sys_seconds t = sys_days{2024y / July / 2} + 3h + 30min;
  CHECK(new_york_date(t) == 2024y / July / 1);
  CHECK(new_york_to_utc(local_days{2024y / July / 1} + 23h + 30min) == t);
  CHECK(new_york_local_time(t) == local_days{2024y / July / 1} + 23h + 30min);
  // 2024-01-02 00:30 EST is 05:30 UTC.
  CHECK(new_york_date(sys_days{2024y / January / 2} + 5h + 30min) == 2024y / January / 2);
  CHECK(new_york_date(sys_days{2024y / January / 2} + 4h + 59min) == 2024y / January / 1);
  CHECK_THROWS_WITH_AS((void)new_york_market_close(2023y / February / 29),
                       "date = 2023-02-29: is not a valid calendar date", InvalidInput);
}

TEST_CASE("Expiration: 16:00 New York on its date - a Saturday date expires on the Friday") {
  const auto e = Expiration::from_date(2024y / May / 17);  // a Friday, EDT
  CHECK(e.date() == 2024y / May / 17);
  CHECK(e.last_trading_date() == 2024y / May / 17);
  CHECK(e.expiry_time() == sys_days{2024y / May / 17} + 20h);
  // Lean encodes the July 2014 monthly as Saturday 2014-07-19; it stopped trading Friday 18th.
  const auto saturday = Expiration::from_date(2014y / July / 19);
  CHECK(saturday.date() == 2014y / July / 19);
  CHECK(saturday.last_trading_date() == 2014y / July / 18);
  CHECK(saturday.expiry_time() == sys_days{2014y / July / 18} + 20h);
  // Time to expiry from the 2014-06-06 close: 42 days exactly (both at 16:00 EDT).
  const auto t = saturday.time_to_expiry(new_york_market_close(2014y / June / 6));
  CHECK_CLOSE(t.years(), 42.0 / 365.0, 1e-15, 0.0);
  // Across the November change the instant moves an hour: 2024-10-31 16:00 EDT to
  // 2024-11-08 16:00 EST is 8 days and 1 hour.
  const auto nov = Expiration::from_date(2024y / November / 8);
  CHECK_CLOSE(nov.time_to_expiry(new_york_market_close(2024y / October / 31)).years(),
              (8.0 + 1.0 / 24.0) / 365.0, 1e-15, 0.0);
  CHECK(Expiration::from_date(2024y / May / 10) < e);
  CHECK_THROWS_WITH_AS((void)Expiration::from_date(2024y / February / 30),
                       "expiration = 2024-02-30: is not a valid calendar date", InvalidInput);
  CHECK_THROWS_AS((void)e.time_to_expiry(e.expiry_time() + 1s), InvalidInput);
}
