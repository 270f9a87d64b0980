// ivcrush/core/earnings_event.hpp: an earnings announcement: who reports, on which date, when.
//
//   EarningsEvent e{Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open};
//
// The date is the announcement's US/Eastern calendar date; the timing (core/time.hpp) says
// whether the news comes before the open or after the close, which decides the reaction
// session. Plain data: no validation here (the readers and the analyses validate what they use).
// In core so that every layer, the chain's expiration rules included, may name an event.
#pragma once

#include <chrono>

#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

struct EarningsEvent {
  Symbol symbol;
  std::chrono::year_month_day date;  // the announcement's US/Eastern calendar date
  EarningsTiming timing = EarningsTiming::unknown;

  friend constexpr bool operator==(const EarningsEvent&, const EarningsEvent&) = default;
};

}  // namespace ivcrush::inline v0
