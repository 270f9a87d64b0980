// ivcrush/io/earnings_csv.hpp: readers for the earnings files of data/ (see data/SOURCES.md).
//
//   auto calendar  = io::read_earnings_calendar("data/earnings_calendar.csv");
//   auto bars      = io::read_earnings_moves("data/earnings_moves.csv");
//   auto reactions = io::read_earnings_reactions("data/earnings_reactions.csv");
//   auto implied   = io::read_implied_moves("data/implied_moves.csv");
//   for (const auto& r : reactions.rows) ...;      // EarningsReaction
//   for (const auto& j : reactions.rejects) ...;   // io::Reject{file, line, column, reason}
//
// Each reader takes a path (read once) or an io::CsvReader (a name plus text, for tests) and
// returns io::ReadResult<Row>{rows, rejects}: rows in file order, bad rows as rejects with
// file, line, column and message (csv.hpp). Columns are found by name; extra columns are
// ignored. Missing required columns or an unreadable file throw InvalidInput.
//
// earnings_calendar.csv -> CalendarEntry{EarningsEvent, confirmed}
//   ticker, earnings_date (YYYY-MM-DD), timing (BMO|AMC|DMH|UNKNOWN), confirmed (1|0).
// earnings_moves.csv -> AnnouncementBars (next_day empty: the file has only the announcement
//   date's bar, which for an AMC report is the session *before* the news)
//   ticker, earnings_date, timing, prev_close, earnings_open/_high/_low/_close (> 0, low <= open,
//   close <= high), optional volume_before, volume_earnings (integers; empty = unknown). The
//   *_pct columns are derived (unsigned) values: ignored, the bars are the truth.
// earnings_reactions.csv -> EarningsReaction
//   ticker, earnings_date, timing, reference_close (> 0), reaction_date, reaction_open/_high/
//   _low/_close. The reaction date must not precede the announcement date, and must follow it
//   for AMC. The derived *_pct columns and the provenance column `source` are ignored.
// implied_moves.csv, implied_moves_2025-12.csv -> ImpliedMoveObservation
//   ticker, earnings_date required in every row; expiration, scan_date, stock_price (> 0),
//   atm_strike, call_mid, put_mid, straddle_cost (>= 0), implied_move_pct are required columns
//   whose cells may be empty (nullopt); optional column source (a quoted text).
// Complexity: O(file size); one buffer, no allocation per field.
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/earnings_reaction.hpp"
#include "ivcrush/earnings/implied_move_observation.hpp"
#include "ivcrush/io/csv.hpp"

namespace ivcrush::inline v0::io {

// A row of the earnings calendar.
struct CalendarEntry {
  EarningsEvent event;
  bool confirmed = false;

  friend bool operator==(const CalendarEntry&, const CalendarEntry&) = default;
};

}  // namespace ivcrush::inline v0::io

namespace ivcrush::inline v0::detail {

template <std::size_t N>
[[nodiscard]] Price csv_positive_price(io::RowCursor<N>& row, std::size_t c) {
  const double value = row.number(c);  // sets row.column()
  require_finite(row.column(), value);
  if (!(value > 0.0))
    throw_invalid(ErrorCode::out_of_range, row.column(), value, "must be positive");
  return Price::dollars(value);
}

template <std::size_t N>
[[nodiscard]] std::optional<Money> csv_optional_amount(io::RowCursor<N>& row, std::size_t c) {
  const auto value = row.optional_number(c);
  if (!value) return std::nullopt;
  require_non_negative(row.column(), *value);
  return Money::dollars(*value);
}

template <std::size_t N>
[[nodiscard]] EarningsEvent csv_event(io::RowCursor<N>& row, std::size_t ticker, std::size_t date,
                                      std::size_t timing) {
  const Symbol symbol = Symbol::parse(row.text(ticker));
  const auto d = row.date(date);
  return EarningsEvent{symbol, d, parse_earnings_timing(row.text(timing))};
}

}  // namespace ivcrush::inline v0::detail

namespace ivcrush::inline v0::io {

[[nodiscard]] inline ReadResult<CalendarEntry> read_earnings_calendar(CsvReader reader) {
  static constexpr std::array<ColumnSpec, 4> spec{
      {{"ticker"}, {"earnings_date"}, {"timing"}, {"confirmed"}}};
  return read_rows<CalendarEntry>(reader, spec, [](RowCursor<4>& row) {
    CalendarEntry entry{detail::csv_event(row, 0, 1, 2), false};
    const auto confirmed = row.text(3);
    if (confirmed != "1" && confirmed != "0") {
      detail::throw_invalid(ErrorCode::malformed, "confirmed", fmt::format("'{}'", confirmed),
                            "must be 1 or 0");
    }
    entry.confirmed = confirmed == "1";
    return entry;
  });
}
[[nodiscard]] inline ReadResult<CalendarEntry> read_earnings_calendar(
    const std::filesystem::path& path) {
  return read_earnings_calendar(CsvReader::from_file(path));
}

[[nodiscard]] inline ReadResult<AnnouncementBars> read_earnings_moves(CsvReader reader) {
  static constexpr std::array<ColumnSpec, 10> spec{{{"ticker"},
                                                    {"earnings_date"},
                                                    {"timing"},
                                                    {"prev_close"},
                                                    {"earnings_open"},
                                                    {"earnings_high"},
                                                    {"earnings_low"},
                                                    {"earnings_close"},
                                                    {"volume_before", false},
                                                    {"volume_earnings", false}}};
  return read_rows<AnnouncementBars>(reader, spec, [](RowCursor<10>& row) {
    using detail::csv_positive_price;
    const EarningsEvent event = detail::csv_event(row, 0, 1, 2);
    const Price previous_close = csv_positive_price(row, 3);
    const Price open = csv_positive_price(row, 4);
    const Price high = csv_positive_price(row, 5);
    const Price low = csv_positive_price(row, 6);
    const Price close = csv_positive_price(row, 7);
    const auto previous_volume = row.optional_integer(8);
    if (previous_volume && *previous_volume < 0) {
      detail::throw_invalid(ErrorCode::negative, "volume_before", *previous_volume,
                            "must not be negative");
    }
    const auto volume = row.optional_integer(9);
    row.set_column("earnings_open..earnings_close");
    return AnnouncementBars{event, previous_close, previous_volume,
                            DailyBar::make(event.date, open, high, low, close, volume),
                            std::nullopt};
  });
}
[[nodiscard]] inline ReadResult<AnnouncementBars> read_earnings_moves(
    const std::filesystem::path& path) {
  return read_earnings_moves(CsvReader::from_file(path));
}

[[nodiscard]] inline ReadResult<EarningsReaction> read_earnings_reactions(CsvReader reader) {
  static constexpr std::array<ColumnSpec, 9> spec{{{"ticker"},
                                                   {"earnings_date"},
                                                   {"timing"},
                                                   {"reference_close"},
                                                   {"reaction_date"},
                                                   {"reaction_open"},
                                                   {"reaction_high"},
                                                   {"reaction_low"},
                                                   {"reaction_close"}}};
  return read_rows<EarningsReaction>(reader, spec, [](RowCursor<9>& row) {
    using detail::csv_positive_price;
    using std::chrono::sys_days;
    const EarningsEvent event = detail::csv_event(row, 0, 1, 2);
    const Price reference_close = csv_positive_price(row, 3);
    const auto reaction_date = row.date(4);
    const bool after_close = event.timing == EarningsTiming::after_close;
    if (after_close ? sys_days{reaction_date} <= sys_days{event.date}
                    : sys_days{reaction_date} < sys_days{event.date}) {
      throw InvalidInput(
          ErrorCode::inconsistent,
          fmt::format("reaction_date = {}: must be {} the {} announcement on {}",
                      detail::iso_date(reaction_date), after_close ? "after" : "on or after",
                      to_string(event.timing), detail::iso_date(event.date)));
    }
    const Price open = csv_positive_price(row, 5);
    const Price high = csv_positive_price(row, 6);
    const Price low = csv_positive_price(row, 7);
    const Price close = csv_positive_price(row, 8);
    row.set_column("reaction_open..reaction_close");
    return EarningsReaction{event, reference_close,
                            DailyBar::make(reaction_date, open, high, low, close)};
  });
}
[[nodiscard]] inline ReadResult<EarningsReaction> read_earnings_reactions(
    const std::filesystem::path& path) {
  return read_earnings_reactions(CsvReader::from_file(path));
}

[[nodiscard]] inline ReadResult<ImpliedMoveObservation> read_implied_moves(CsvReader reader) {
  static constexpr std::array<ColumnSpec, 11> spec{{{"ticker"},
                                                    {"earnings_date"},
                                                    {"expiration"},
                                                    {"scan_date"},
                                                    {"stock_price"},
                                                    {"atm_strike"},
                                                    {"call_mid"},
                                                    {"put_mid"},
                                                    {"straddle_cost"},
                                                    {"implied_move_pct"},
                                                    {"source", false}}};
  return read_rows<ImpliedMoveObservation>(reader, spec, [](RowCursor<11>& row) {
    ImpliedMoveObservation o;
    o.symbol = Symbol::parse(row.text(0));
    o.earnings_date = row.date(1);
    o.expiration = row.optional_date(2);
    o.scan_date = row.optional_date(3);
    if (row.optional_text(4)) o.stock_price = detail::csv_positive_price(row, 4);
    if (const auto strike = row.optional_text(5)) o.atm_strike = Strike::parse(*strike);
    o.call_mid = detail::csv_optional_amount(row, 6);
    o.put_mid = detail::csv_optional_amount(row, 7);
    o.straddle_cost = detail::csv_optional_amount(row, 8);
    if (const auto pct = row.optional_number(9)) o.implied_move = Percentage::from_pct(*pct);
    if (const auto source = row.optional_text(10)) o.source = std::string(*source);
    return o;
  });
}
[[nodiscard]] inline ReadResult<ImpliedMoveObservation> read_implied_moves(
    const std::filesystem::path& path) {
  return read_implied_moves(CsvReader::from_file(path));
}

}  // namespace ivcrush::inline v0::io
