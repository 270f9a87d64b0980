// ivcrush/analysis/event_expiration.hpp: which expiration prices an earnings announcement, and
// whether its straddle can be read as the announcement's move.
//
//   const EventExpiration e = select_event_expiration(chain, event);   // horizon 5 sessions
//   e.reaction_session;            // the first session after the news
//   e.expiration;                  // the first expiration whose last session is on or after it
//   e.sessions_before_news;        // sessions from the chain's as-of to the close before the news
//   e.sessions_after_reaction;     // 0: it expires at the reaction session's close
//   e.diffusion_sessions();        // both: the ordinary sessions the straddle also prices
//   e.within_horizon();            // its straddle is (close to) the event alone
//   e.describe();                  // "2014-06-13: 4 sessions of diffusion besides the news ..."
//
// The reaction session: the announcement date for a before-open or during-market report (the
// next weekday when that date is a weekend), the weekday after it for an after-close or
// unknown-timing report (unknown takes the later one, so the expiration covers either case).
// An expiration covers the reaction when its last trading session (Expiration::last_trading_date:
// a pre-2015 Saturday monthly trades last on the Friday) is on or after the reaction session.
//
// The horizon (EventExpirationOptions::max_diffusion_sessions, default 5; ADR 0011): a straddle
// quoted at the chain's as-of prices the event plus every ordinary session it spans: the
// sessions before the news (from the as-of to the last close before it) and those after the
// reaction session up to expiry. Read as an event move it overstates it, the more the larger
// their sum N. Entered at the close before the news (the usual case), N is the sessions after the
// reaction, which a weekly cycle keeps at 4 or fewer; 5 allows that and one session of early
// entry, and no more (a chain quoted weeks before the news is not read as the event). Beyond the
// horizon the analysis (ticker_analysis.hpp) does not read the raw straddle: it uses the term
// structure's event move, or stops with AnalysisStatus::no_event_expiration. Sessions are weekdays
// (exchange holidays are not modeled: a holiday inside the window counts as a session, so the count
// is at most one too high per holiday, never too low).
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
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

struct EventExpirationOptions {
  // The most ordinary sessions (before the news and after the reaction session) a straddle may
  // span for it to be read as the event's move (see the synopsis for the default).
  std::int64_t max_diffusion_sessions = 5;

  void validate() const {
    if (max_diffusion_sessions < 0 || max_diffusion_sessions > 260) {
      detail::throw_invalid(ErrorCode::out_of_range, "max_diffusion_sessions",
                            max_diffusion_sessions, "must be in [0, 260] sessions");
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

// The session whose close is the last before the news: the weekday before the reaction session.
[[nodiscard]] inline std::chrono::year_month_day pre_news_session(const EarningsEvent& event) {
  using namespace std::chrono;
  sys_days d{reaction_session(event)};
  do d -= days{1};
  while (detail::is_weekend(d));
  return year_month_day{d};
}

// Sessions whose close is after `as_of` and at or before the pre-news session's close (a session
// in progress at `as_of` counts as one; 0 when `as_of` is at or after that close).
[[nodiscard]] inline std::int64_t sessions_before_news(std::chrono::sys_seconds as_of,
                                                       const EarningsEvent& event) {
  using namespace std::chrono;
  const year_month_day last = pre_news_session(event);
  if (as_of >= new_york_market_close(last)) return 0;
  const year_month_day from = new_york_date(as_of);
  const bool in_progress =
      !detail::is_weekend(sys_days{from}) && as_of < new_york_market_close(from);
  // Weekdays in (from, last], plus the one in progress.
  return weekdays_between(year_month_day{sys_days{from} + days{1}},
                          year_month_day{sys_days{last} + days{1}}) +
         (in_progress ? 1 : 0);
}

struct EventExpiration {
  EarningsEvent event;
  std::chrono::sys_seconds as_of{};  // the chain's
  std::chrono::year_month_day reaction_session;
  std::optional<Expiration> expiration;      // the first covering the reaction; nullopt: none
  std::int64_t sessions_before_news = 0;     // as-of to the last close before the news
  std::int64_t sessions_after_reaction = 0;  // reaction session to its last trading session
  std::int64_t max_diffusion_sessions = 0;   // the horizon it was selected with

  // The ordinary sessions the expiration's straddle spans besides the news.
  [[nodiscard]] std::int64_t diffusion_sessions() const noexcept {
    return sessions_before_news + sessions_after_reaction;
  }

  [[nodiscard]] bool within_horizon() const noexcept {
    return expiration && diffusion_sessions() <= max_diffusion_sessions;
  }

  // Years of ordinary diffusion before the news: from the as-of to the pre-news session's
  // 16:00 New York close, ACT/365 to the second. 0 when the as-of is at or after it.
  [[nodiscard]] YearFraction diffusion_before_news() const {
    const auto to = new_york_market_close(pre_news_session(event));
    return as_of >= to ? YearFraction{} : year_fraction(as_of, to);
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

  // For reports and messages: "2014-06-13, 4 sessions of diffusion besides the news (0 before
  // it, 4 after the reaction session 2014-06-09; horizon 5)".
  [[nodiscard]] std::string describe() const {
    if (!expiration) {
      return fmt::format("no expiration on or after the reaction session {}",
                         detail::iso_date(reaction_session));
    }
    const std::int64_t n = diffusion_sessions();
    return fmt::format(
        "{}, {} session{} of diffusion besides the news ({} before it, {} after the reaction "
        "session {}; horizon {})",
        detail::iso_date(expiration->date()), n, n == 1 ? "" : "s", sessions_before_news,
        sessions_after_reaction, detail::iso_date(reaction_session), max_diffusion_sessions);
  }
};

// The event's expiration in `chain` under `options` (see the synopsis).
[[nodiscard]] inline EventExpiration select_event_expiration(
    const OptionChain& chain, const EarningsEvent& event,
    const EventExpirationOptions& options = {}) {
  options.validate();
  EventExpiration out{.event = event,
                      .as_of = chain.as_of(),
                      .reaction_session = reaction_session(event),
                      .expiration = chain.first_expiration_after(event),
                      .sessions_before_news = sessions_before_news(chain.as_of(), event),
                      .sessions_after_reaction = 0,
                      .max_diffusion_sessions = options.max_diffusion_sessions};
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
