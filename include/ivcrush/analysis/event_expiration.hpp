// ivcrush/analysis/event_expiration.hpp: which expiration prices an earnings announcement, and
// whether its straddle can be read as the announcement's move.
//
//   const EventExpiration e = select_event_expiration(chain, event);   // horizon 5 sessions
//   e.reaction_session;            // the first session after the news
//   e.expiration;                  // the first expiration whose last session is on or after it
//   e.sessions_after_reaction;     // 0: it expires at the reaction session's close
//   e.within_horizon();            // its straddle is (close to) the event alone
//   e.describe();                  // "2014-06-13, 4 sessions after the reaction session ..."
//
// The reaction session: the announcement date for a before-open or during-market report (the
// next weekday when that date is a weekend), the weekday after it for an after-close or
// unknown-timing report (unknown takes the later one, so the expiration covers either case).
// An expiration covers the reaction when its last trading session (Expiration::last_trading_date:
// a pre-2015 Saturday monthly trades last on the Friday) is on or after the reaction session.
//
// The horizon (EventExpirationOptions::max_sessions_after_reaction, default 5; ADR 0011): the
// straddle of an expiration N sessions after the reaction prices the event plus N sessions of
// ordinary diffusion, so read as an event move it overstates it, the more the larger N. A weekly
// cycle puts an expiration at most 4 sessions after any reaction session; 5 allows that and no
// more. Beyond the horizon the analysis (ticker_analysis.hpp) does not read the raw straddle: it
// uses the term structure's event move, or stops with AnalysisStatus::no_event_expiration.
// Sessions are weekdays (exchange holidays are not modeled: a holiday inside the window counts
// as a session, so the count is at most one too high per holiday, never too low).
//
// Errors: InvalidInput for an event of another symbol (OptionChain::first_expiration_after) and
// a horizon outside [0, 260]. O(E) for E expirations; no allocation.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/new_york_time.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/earnings_event.hpp"

namespace ivcrush::inline v0 {

struct EventExpirationOptions {
  // The most sessions an expiration may run past the reaction session for its straddle to be
  // read as the event's move (see the synopsis for the default).
  std::int64_t max_sessions_after_reaction = 5;

  void validate() const {
    if (max_sessions_after_reaction < 0 || max_sessions_after_reaction > 260) {
      detail::throw_invalid(ErrorCode::out_of_range, "max_sessions_after_reaction",
                            max_sessions_after_reaction, "must be in [0, 260] sessions");
    }
  }
};

namespace detail {

[[nodiscard]] inline bool is_weekend(std::chrono::sys_days d) noexcept {
  const std::chrono::weekday w{d};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

}  // namespace detail

// The first session after the news (see the synopsis).
[[nodiscard]] inline std::chrono::year_month_day reaction_session(const EarningsEvent& event) {
  using namespace std::chrono;
  detail::require_valid_date("event date", event.date);
  sys_days d{event.date};
  const bool same_day =
      event.timing == EarningsTiming::before_open || event.timing == EarningsTiming::during_market;
  if (!same_day) d += days{1};
  while (detail::is_weekend(d)) d += days{1};
  return year_month_day{d};
}

struct EventExpiration {
  EarningsEvent event;
  std::chrono::year_month_day reaction_session;
  std::optional<Expiration> expiration;          // the first covering the reaction; nullopt: none
  std::int64_t sessions_after_reaction = 0;      // reaction session to its last trading session
  std::int64_t max_sessions_after_reaction = 0;  // the horizon it was selected with

  [[nodiscard]] bool within_horizon() const noexcept {
    return expiration && sessions_after_reaction <= max_sessions_after_reaction;
  }

  // Years of ordinary diffusion the expiration holds after the reaction: from the reaction
  // session's 16:00 New York close to the expiry instant, ACT/365 to the second (the IVs' time
  // measure). 0 when it expires at the reaction close; nullopt without an expiration.
  [[nodiscard]] std::optional<YearFraction> diffusion_after_reaction() const {
    if (!expiration) return std::nullopt;
    const auto from = new_york_market_close(reaction_session);
    const auto to = expiration->expiry_time();
    return to <= from ? YearFraction{} : year_fraction(from, to);
  }

  // For reports and messages: "2014-06-13, 4 sessions after the reaction session 2014-06-09
  // (horizon 5)".
  [[nodiscard]] std::string describe() const {
    if (!expiration) {
      return fmt::format("no expiration on or after the reaction session {}",
                         detail::iso_date(reaction_session));
    }
    return fmt::format("{}, {} session{} after the reaction session {} (horizon {})",
                       detail::iso_date(expiration->date()), sessions_after_reaction,
                       sessions_after_reaction == 1 ? "" : "s", detail::iso_date(reaction_session),
                       max_sessions_after_reaction);
  }
};

// The event's expiration in `chain` under `options` (see the synopsis).
[[nodiscard]] inline EventExpiration select_event_expiration(
    const OptionChain& chain, const EarningsEvent& event,
    const EventExpirationOptions& options = {}) {
  options.validate();
  EventExpiration out{.event = event,
                      .reaction_session = reaction_session(event),
                      .expiration = chain.first_expiration_after(event),
                      .sessions_after_reaction = 0,
                      .max_sessions_after_reaction = options.max_sessions_after_reaction};
  if (out.expiration) {
    const auto last = out.expiration->last_trading_date();
    // The reaction session is a weekday on or before `last` whenever the expiration covers it.
    out.sessions_after_reaction =
        std::chrono::sys_days{last} > std::chrono::sys_days{out.reaction_session}
            ? weekdays_between(out.reaction_session, last)
            : 0;
  }
  return out;
}

}  // namespace ivcrush::inline v0
