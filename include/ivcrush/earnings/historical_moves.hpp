// ivcrush/earnings/historical_moves.hpp: how a stock really moved on an earnings announcement.
//
//   // JPM 2024-04-12, before open (data/earnings_moves.csv): the announcement-day bar reacts.
//   AnnouncementBars bars{jpm_event, Price::dollars(189.164871), {}, jpm_bar, {}};
//   MoveMeasurement m = measure_move(bars);
//   m.ok();  m.move->close_move.pct() == -6.4678  (signed)
//   m.move->magnitude(MoveMetric::close).pct() == 6.4678
//   // NVDA 2024-05-22, after close, no next-session bar: unusable, not silently wrong.
//   measure_move(nvda_bars).status == MoveStatus::missing_reaction_bar
//
// A HistoricalMove compares the *reaction* bar (the first session after the news) with the
// *reference* close (the last close before it):
//   gap_move       = (open_r  - C_ref) / C_ref        signed
//   close_move     = (close_r - C_ref) / C_ref        signed
//   intraday_range = (high_r  - low_r) / C_ref        >= 0
// Which bar reacts depends on the timing (domain-spec §2.3, the original's backfill):
//   before open (BMO)    the announcement-day bar vs the previous close;
//   after close (AMC)    the next session's bar vs the announcement-day close. Without the
//                        next session's bar the row is unusable (MoveStatus::missing_reaction_bar):
//                        the announcement-day bar is the session *before* the news (the
//                        original used it: NVDA 2024-05-22 shows +0.46 % instead of about +9 %);
//   during market (DMH)  the announcement-day bar vs the previous close (the original's API path;
//                        its backfill has no DMH rule). The news lands inside that session, so
//                        its gap is pre-news; close and intraday include the reaction;
//   unknown              inferred with the original's gap rule (infer_timing) when the next
//                        session's bar is present, otherwise MoveStatus::timing_undecidable.
// Statistics over moves use magnitudes (|move|) through magnitude(metric): the original averaged
// signed moves, so up and down moves cancelled (domain-spec §2.3 [BUG]). The metric (close, gap,
// intraday) is always an explicit MoveMetric.
//
// Errors: inconsistent bars (a non-positive reference close, a bar dated other than the event,
// a next-session bar not after the announcement or more than 7 calendar days later, an after-close
// reaction dated on the announcement day) throw InvalidInput naming the field and value. Missing
// data is a status, never an exception. Every function is O(1) or O(n) in the moves and
// allocates nothing.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/earnings_reaction.hpp"

namespace ivcrush::inline v0 {

// Which measurement of a reaction the statistics use. The original's production setting was
// intraday; its calculators defaulted to close. ivcrush has no default: callers name it.
enum class MoveMetric { close, gap, intraday };

[[nodiscard]] constexpr std::string_view to_string(MoveMetric metric) noexcept {
  switch (metric) {
    case MoveMetric::close: return "close";
    case MoveMetric::gap: return "gap";
    case MoveMetric::intraday: return "intraday";
  }
  return "close";
}

// Parses "close", "gap" or "intraday" (exact, lower case, the original's names).
[[nodiscard]] inline MoveMetric parse_move_metric(std::string_view text) {
  for (const auto m : {MoveMetric::close, MoveMetric::gap, MoveMetric::intraday}) {
    if (text == to_string(m)) return m;
  }
  detail::throw_invalid(ErrorCode::malformed, "move metric", fmt::format("'{}'", text),
                        "must be one of close, gap, intraday");
}

struct HistoricalMove {
  EarningsEvent event;  // as announced (its timing may be unknown)
  // The timing the reaction was measured under: before_open, after_close or during_market;
  // differs from event.timing only when that was unknown (then timing_inferred is true).
  EarningsTiming reaction_timing = EarningsTiming::before_open;
  bool timing_inferred = false;
  Price reference_close;      // the last close before the news (> 0)
  DailyBar reaction;          // the first session after the news
  Percentage gap_move;        // (open - reference) / reference, signed
  Percentage close_move;      // (close - reference) / reference, signed
  Percentage intraday_range;  // (high - low) / reference, never negative
  // Reaction-session volume / the volume of the session before it, when both are known and
  // positive (the original's volume_ratio). Never set from an EarningsReaction, which has no
  // volume before the news.
  std::optional<double> volume_ratio;

  [[nodiscard]] std::chrono::year_month_day reaction_date() const noexcept {
    return reaction.date();
  }

  // The chosen measurement, signed for close and gap.
  [[nodiscard]] Percentage signed_move(MoveMetric metric) const noexcept {
    switch (metric) {
      case MoveMetric::close: return close_move;
      case MoveMetric::gap: return gap_move;
      case MoveMetric::intraday: return intraday_range;
    }
    return close_move;
  }

  // |signed_move(metric)|: what a short straddle cares about, whichever the direction.
  [[nodiscard]] Percentage magnitude(MoveMetric metric) const noexcept {
    const Percentage m = signed_move(metric);
    return m < Percentage{} ? -m : m;
  }

  friend bool operator==(const HistoricalMove&, const HistoricalMove&) = default;
};

enum class MoveStatus {
  ok,
  missing_reaction_bar,  // after close without the next session's bar
  timing_undecidable,    // unknown timing without the next session's bar to infer it from
};

[[nodiscard]] constexpr std::string_view to_string(MoveStatus status) noexcept {
  switch (status) {
    case MoveStatus::ok: return "ok";
    case MoveStatus::missing_reaction_bar: return "missing_reaction_bar";
    case MoveStatus::timing_undecidable: return "timing_undecidable";
  }
  return "ok";
}

// The outcome of measuring one announcement: a move, or the reason there is none.
struct MoveMeasurement {
  MoveStatus status = MoveStatus::ok;
  EarningsEvent event;
  std::optional<HistoricalMove> move;  // present exactly when status == ok

  [[nodiscard]] bool ok() const noexcept { return status == MoveStatus::ok; }

  // Why the row is unusable ("" when ok). Built on demand, so measuring allocates nothing.
  [[nodiscard]] std::string reason() const {
    switch (status) {
      case MoveStatus::ok: return {};
      case MoveStatus::missing_reaction_bar:
        return fmt::format(
            "{} {} AMC: the announcement-day bar is the session before the news; the reaction "
            "needs the next session's bar",
            event.symbol.view(), detail::iso_date(event.date));
      case MoveStatus::timing_undecidable:
        return fmt::format(
            "{} {} UNKNOWN: the timing cannot be inferred without the next session's bar",
            event.symbol.view(), detail::iso_date(event.date));
    }
    return {};
  }
};

// The original backfill's rule for an announcement of unknown timing (domain-spec §2.3):
//   before_open_gap = |open_e - close_prev| / close_prev,  after_close_gap = |open_next - close_e|
//   / close_e; after close if after_close_gap > 2 x before_open_gap, or after_close_gap > 3 % and
//   before_open_gap < 1 %; otherwise before open. Both comparisons are strict.
struct TimingInference {
  EarningsTiming timing = EarningsTiming::before_open;  // before_open or after_close
  Percentage before_open_gap;                           // never negative
  Percentage after_close_gap;                           // never negative
};

namespace detail {

inline constexpr int max_next_session_gap_days = 7;

inline void require_positive_close(std::string_view field, Price close) {
  if (!(close.dollars() > 0.0)) {
    throw_invalid(ErrorCode::out_of_range, field, close.dollars(), "must be positive");
  }
}

[[nodiscard]] inline std::chrono::days days_between(std::chrono::year_month_day from,
                                                    std::chrono::year_month_day to) noexcept {
  return std::chrono::sys_days{to} - std::chrono::sys_days{from};
}

// A next-session bar must come after the announcement day and within a week of it (a long
// weekend plus a holiday is 4 days; a week-later bar is a data gap, not a reaction).
inline void require_next_session(std::string_view field, std::chrono::year_month_day date,
                                 std::chrono::year_month_day announcement) {
  const auto gap = days_between(announcement, date).count();
  if (gap <= 0) {
    throw InvalidInput(ErrorCode::inconsistent,
                       fmt::format("{} = {}: is not after the announcement date {}", field,
                                   iso_date(date), iso_date(announcement)));
  }
  if (gap > max_next_session_gap_days) {
    throw InvalidInput(
        ErrorCode::inconsistent,
        fmt::format("{} = {}: is more than {} days after the announcement date {}", field,
                    iso_date(date), max_next_session_gap_days, iso_date(announcement)));
  }
}

[[nodiscard]] inline HistoricalMove make_move(const EarningsEvent& event, EarningsTiming timing,
                                              bool inferred, Price reference, const DailyBar& bar) {
  const double ref = reference.dollars();
  HistoricalMove m;
  m.event = event;
  m.reaction_timing = timing;
  m.timing_inferred = inferred;
  m.reference_close = reference;
  m.reaction = bar;
  m.gap_move = Percentage::from_fraction((bar.open().dollars() - ref) / ref);
  m.close_move = Percentage::from_fraction((bar.close().dollars() - ref) / ref);
  m.intraday_range = Percentage::from_fraction((bar.high().dollars() - bar.low().dollars()) / ref);
  return m;
}

[[nodiscard]] inline std::optional<double> volume_ratio(std::optional<std::int64_t> before,
                                                        std::optional<std::int64_t> reaction) {
  if (!before || !reaction || *before <= 0 || *reaction <= 0) return std::nullopt;
  return static_cast<double>(*reaction) / static_cast<double>(*before);
}

}  // namespace detail

// The gap rule above. previous_close must be positive (InvalidInput otherwise); the bars are
// validated DailyBars.
[[nodiscard]] inline TimingInference infer_timing(Price previous_close,
                                                  const DailyBar& announcement_day,
                                                  const DailyBar& next_day) {
  detail::require_positive_close("previous close", previous_close);
  const double c_prev = previous_close.dollars();
  const double c_e = announcement_day.close().dollars();
  // In percent, as the original compares them against 1 and 3.
  const double bmo_gap_pct = std::fabs(announcement_day.open().dollars() - c_prev) / c_prev * 100.0;
  const double amc_gap_pct = std::fabs(next_day.open().dollars() - c_e) / c_e * 100.0;
  const bool after_close =
      amc_gap_pct > 2.0 * bmo_gap_pct || (amc_gap_pct > 3.0 && bmo_gap_pct < 1.0);
  return {after_close ? EarningsTiming::after_close : EarningsTiming::before_open,
          Percentage::from_pct(bmo_gap_pct), Percentage::from_pct(amc_gap_pct)};
}

// Measures the reaction to one announcement from the bars its calendar date gives (see the
// timing rules at the top). Throws InvalidInput for inconsistent bars; returns a status for
// missing ones.
[[nodiscard]] inline MoveMeasurement measure_move(const AnnouncementBars& bars) {
  const EarningsEvent& event = bars.event;
  detail::require_valid_date("event date", event.date);
  detail::require_positive_close("previous close", bars.previous_close);
  if (bars.announcement_day.date() != event.date) {
    throw InvalidInput(
        ErrorCode::inconsistent,
        fmt::format("announcement bar date = {}: is not the event date {}",
                    detail::iso_date(bars.announcement_day.date()), detail::iso_date(event.date)));
  }
  if (bars.next_day) {
    detail::require_next_session("next-day bar date", bars.next_day->date(), event.date);
  }

  MoveMeasurement out;
  out.event = event;
  const auto same_day = [&](EarningsTiming timing, bool inferred) {
    out.move =
        detail::make_move(event, timing, inferred, bars.previous_close, bars.announcement_day);
    out.move->volume_ratio =
        detail::volume_ratio(bars.previous_volume, bars.announcement_day.volume());
  };
  const auto next_session = [&](bool inferred) {
    out.move = detail::make_move(event, EarningsTiming::after_close, inferred,
                                 bars.announcement_day.close(), *bars.next_day);
    out.move->volume_ratio =
        detail::volume_ratio(bars.announcement_day.volume(), bars.next_day->volume());
  };
  switch (event.timing) {
    case EarningsTiming::before_open:
    case EarningsTiming::during_market: same_day(event.timing, false); break;
    case EarningsTiming::after_close:
      if (bars.next_day) {
        next_session(false);
      } else {
        out.status = MoveStatus::missing_reaction_bar;
      }
      break;
    case EarningsTiming::unknown:
      if (!bars.next_day) {
        out.status = MoveStatus::timing_undecidable;
      } else if (infer_timing(bars.previous_close, bars.announcement_day, *bars.next_day).timing ==
                 EarningsTiming::after_close) {
        next_session(true);
      } else {
        same_day(EarningsTiming::before_open, true);
      }
      break;
  }
  return out;
}

// A verified reaction (data/earnings_reactions.csv) as a move. Validates the dates against the
// timing: before open and during market react on the announcement date; after close within 7
// days after it; unknown on either (measured as before open when same-day, after close when
// later, with timing_inferred set).
[[nodiscard]] inline HistoricalMove to_historical_move(const EarningsReaction& r) {
  const EarningsEvent& event = r.event;
  detail::require_valid_date("event date", event.date);
  detail::require_positive_close("reference close", r.reference_close);
  const auto reaction_date = r.reaction.date();
  const bool same_day = reaction_date == event.date;
  EarningsTiming timing = event.timing;
  bool inferred = false;
  switch (event.timing) {
    case EarningsTiming::before_open:
    case EarningsTiming::during_market:
      if (!same_day) {
        throw InvalidInput(ErrorCode::inconsistent,
                           fmt::format("reaction date = {}: is not the {} announcement date {}",
                                       detail::iso_date(reaction_date), to_string(event.timing),
                                       detail::iso_date(event.date)));
      }
      break;
    case EarningsTiming::after_close:
      detail::require_next_session("reaction date", reaction_date, event.date);
      break;
    case EarningsTiming::unknown:
      if (!same_day) detail::require_next_session("reaction date", reaction_date, event.date);
      timing = same_day ? EarningsTiming::before_open : EarningsTiming::after_close;
      inferred = true;
      break;
  }
  return detail::make_move(event, timing, inferred, r.reference_close, r.reaction);
}

// The mean of |move| over `moves` for `metric`; nullopt for no moves. O(n), no allocation.
[[nodiscard]] inline std::optional<Percentage> mean_magnitude(std::span<const HistoricalMove> moves,
                                                              MoveMetric metric) {
  if (moves.empty()) return std::nullopt;
  double sum = 0.0;
  for (const auto& m : moves) sum += m.magnitude(metric).fraction();
  return Percentage::from_fraction(sum / static_cast<double>(moves.size()));
}

}  // namespace ivcrush::inline v0
