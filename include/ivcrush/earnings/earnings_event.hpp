// ivcrush/earnings/earnings_event.hpp: earnings announcements and the daily bars around them.
//
//   EarningsEvent e{Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open};
//   auto bar = DailyBar::make(2024y / April / 12, Price::dollars(191.9), ...);   // validated
//   AnnouncementBars a{e, /*previous_close*/ ..., /*announcement_day*/ bar, /*next_day*/ {}};
//   EarningsReaction r{e, /*reference_close*/ ..., /*reaction*/ bar};
//
// These are the records the readers produce and the analytics consume:
// - EarningsEvent: who reports, on which US/Eastern calendar date, before open or after close.
// - DailyBar: one session's open, high, low, close (and volume when known), validated once by
//   DailyBar::make (positive prices, low <= open, close <= high, a valid date).
// - AnnouncementBars: the bars the calendar date gives: the previous close, the bar of the
//   announcement date itself and, when the user has it, the next session's bar. For an
//   after-close report the announcement-date bar is the session *before* the news; the reaction
//   is the next session's bar, so an after-close event without next_day has no reaction.
// - EarningsReaction: a verified reaction: the last close before the news and the first session
//   after it (for before-open reports both come from the announcement date).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

struct EarningsEvent {
  Symbol symbol;
  std::chrono::year_month_day date;  // the announcement's US/Eastern calendar date
  EarningsTiming timing = EarningsTiming::unknown;

  friend constexpr bool operator==(const EarningsEvent&, const EarningsEvent&) = default;
};

class DailyBar {
 public:
  DailyBar() = default;

  // Validates: a valid date; finite, positive prices; low <= open <= high and
  // low <= close <= high; a non-negative volume when given.
  [[nodiscard]] static DailyBar make(std::chrono::year_month_day date, Price open, Price high,
                                     Price low, Price close,
                                     std::optional<std::int64_t> volume = std::nullopt) {
    detail::require_valid_date("bar date", date);
    const auto positive = [](std::string_view field, Price p) {
      if (!(p.dollars() > 0.0)) {
        detail::throw_invalid(ErrorCode::out_of_range, field, p.dollars(), "must be positive");
      }
    };
    positive("open", open);
    positive("high", high);
    positive("low", low);
    positive("close", close);
    if (low > high) {
      throw InvalidInput(ErrorCode::inconsistent,
                         fmt::format("low = {}: is above high {}", low.dollars(), high.dollars()));
    }
    const auto inside = [&](std::string_view field, Price p) {
      if (p < low || p > high) {
        throw InvalidInput(ErrorCode::inconsistent,
                           fmt::format("{} = {}: is outside the bar's range [{}, {}]", field,
                                       p.dollars(), low.dollars(), high.dollars()));
      }
    };
    inside("open", open);
    inside("close", close);
    if (volume && *volume < 0) {
      detail::throw_invalid(ErrorCode::negative, "volume", *volume, "must not be negative");
    }
    return DailyBar(date, open, high, low, close, volume);
  }

  [[nodiscard]] std::chrono::year_month_day date() const noexcept { return date_; }
  [[nodiscard]] Price open() const noexcept { return open_; }
  [[nodiscard]] Price high() const noexcept { return high_; }
  [[nodiscard]] Price low() const noexcept { return low_; }
  [[nodiscard]] Price close() const noexcept { return close_; }
  [[nodiscard]] std::optional<std::int64_t> volume() const noexcept { return volume_; }

  friend bool operator==(const DailyBar&, const DailyBar&) = default;

 private:
  DailyBar(std::chrono::year_month_day date, Price open, Price high, Price low, Price close,
           std::optional<std::int64_t> volume) noexcept
      : date_(date), open_(open), high_(high), low_(low), close_(close), volume_(volume) {}

  std::chrono::year_month_day date_{};
  Price open_;
  Price high_;
  Price low_;
  Price close_;
  std::optional<std::int64_t> volume_;
};

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
