// ivcrush/earnings/earnings_reaction.hpp: the bars around an announcement and its reaction.
//
//   AnnouncementBars a{e, /*previous_close*/ ..., /*previous_volume*/ {}, /*announcement_day*/
//                      bar, /*next_day*/ {}};
//   EarningsReaction r{e, /*reference_close*/ ..., /*reaction*/ bar};
//
// - AnnouncementBars: what the calendar date gives: the previous close, the bar of the
//   announcement date itself and, when the user has it, the next session's bar. For an
//   after-close report the announcement-date bar is the session *before* the news; the reaction
//   is the next session's bar, so an after-close event without next_day has no reaction.
// - EarningsReaction: a verified reaction: the last close before the news and the first session
//   after it (for before-open reports both come from the announcement date).
#pragma once

#include <cstdint>
#include <optional>

#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/earnings/daily_bar.hpp"

namespace ivcrush::inline v0 {

// What a calendar date gives for one announcement (the layout of data/earnings_moves.csv, plus
// the next session's bar when the user supplies it).
struct AnnouncementBars {
  EarningsEvent event;
  Price previous_close;  // close of the session before the announcement date
  std::optional<std::int64_t> previous_volume;
  DailyBar announcement_day;         // the bar of event.date itself
  std::optional<DailyBar> next_day;  // the next session's bar, if known
};

// A verified reaction (the layout of data/earnings_reactions.csv).
struct EarningsReaction {
  EarningsEvent event;
  Price reference_close;  // the last close before the news
  DailyBar reaction;      // the first session after the news
};

}  // namespace ivcrush::inline v0
