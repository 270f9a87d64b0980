// ivcrush/io/earnings_dataset.hpp: the earnings files of a data directory (the layout of the
// bundled data/, or a user's exports in the same formats), loaded once and indexed by ticker.
//
//   const io::EarningsDataset d = io::load_earnings_dataset("data");
//   d.history_before(Symbol::parse("CIEN"), 2025y / December / 11, 12);  // newest 12, newest first
//   d.latest_observation(Symbol::parse("CIEN"));     // the newest implied-move observation
//   d.timing(Symbol::parse("CIEN"), 2025y / December / 11);   // from the calendar
//
// Files (earnings_csv.hpp says their columns): earnings_calendar.csv, earnings_reactions.csv
// (real reactions only: before-open reports, the reaction bar is the announcement day's) and
// implied_moves.csv. A missing file throws InvalidInput naming it; malformed rows are kept as
// rejects with file and line, never dropped silently: callers decide whether to go on (the
// example programs print them and exit non-zero).
// Lookups are binary searches over vectors sorted by ticker, then date (reactions newest first
// within a ticker, so a ticker's rows are a ReactionHistory without copying): no allocation,
// O(log n) plus an O(k) check of the ticker's k reactions. A dataset filled by hand must be
// put in that order with sort_tables() (a reaction lookup throws InvalidInput otherwise).
// Immutable after loading: safe to share between threads.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/earnings/earnings_reaction.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/implied_move_observation.hpp"
#include "ivcrush/earnings/reaction_history.hpp"
#include "ivcrush/io/csv.hpp"
#include "ivcrush/io/earnings_csv.hpp"

namespace ivcrush::inline v0::io {

struct EarningsDataset {
  std::vector<CalendarEntry> calendar;               // sorted by (ticker, date)
  std::vector<HistoricalMove> reactions;             // by ticker, each ticker's newest first
  std::vector<ImpliedMoveObservation> observations;  // sorted by (ticker, date, scan date)
  std::vector<Reject> rejects;                       // of every file, in file then line order

  // Every reaction of `symbol`, newest first. InvalidInput if the table is not in its lookup
  // order (a dataset filled by hand without sort_tables()) or repeats an announcement.
  [[nodiscard]] ReactionHistory reactions_of(Symbol symbol) const {
    const auto [lo, hi] =
        std::equal_range(reactions.begin(), reactions.end(), symbol, SymbolLess{});
    return ReactionHistory::newest_first(std::span<const HistoricalMove>(lo, hi));
  }

  // The reactions of `symbol` announced strictly before `date`, newest first; only the newest
  // `limit` of them when limit > 0 (the analyses pass their window, default_history_window).
  [[nodiscard]] ReactionHistory history_before(Symbol symbol, std::chrono::year_month_day date,
                                               std::size_t limit = 0) const {
    const ReactionHistory before = reactions_of(symbol).before(date);
    return limit > 0 ? before.newest(limit) : before;
  }

  // Puts the tables in their lookup order (stable, so equal keys keep file order). The loader
  // calls it; call it after filling or changing the tables by hand.
  void sort_tables() {
    using std::chrono::sys_days;
    std::stable_sort(calendar.begin(), calendar.end(), [](const auto& a, const auto& b) {
      return std::pair(a.event.symbol, sys_days{a.event.date}) <
             std::pair(b.event.symbol, sys_days{b.event.date});
    });
    std::stable_sort(reactions.begin(), reactions.end(), [](const auto& a, const auto& b) {
      if (a.event.symbol != b.event.symbol) return a.event.symbol < b.event.symbol;
      return sys_days{a.event.date} > sys_days{b.event.date};  // newest first
    });
    const auto scan_key = [](const ImpliedMoveObservation& o) {
      return o.scan_date ? sys_days{*o.scan_date} : sys_days{};
    };
    std::stable_sort(observations.begin(), observations.end(), [&](const auto& a, const auto& b) {
      return std::tuple(a.symbol, sys_days{a.earnings_date}, scan_key(a)) <
             std::tuple(b.symbol, sys_days{b.earnings_date}, scan_key(b));
    });
  }

  // The reaction to the announcement of `symbol` on `date`, if the data has it.
  [[nodiscard]] const HistoricalMove* reaction(Symbol symbol,
                                               std::chrono::year_month_day date) const noexcept {
    const auto [lo, hi] =
        std::equal_range(reactions.begin(), reactions.end(), symbol, SymbolLess{});
    for (auto it = lo; it != hi; ++it) {
      if (it->event.date == date) return &*it;
    }
    return nullptr;
  }

  // The observation with the latest announcement date (then the latest scan date).
  [[nodiscard]] const ImpliedMoveObservation* latest_observation(Symbol symbol) const noexcept {
    const auto [lo, hi] =
        std::equal_range(observations.begin(), observations.end(), symbol, SymbolLess{});
    return lo == hi ? nullptr : &*(hi - 1);
  }

  // The calendar's timing of an announcement; nullopt when the calendar does not list it.
  [[nodiscard]] std::optional<EarningsTiming> timing(
      Symbol symbol, std::chrono::year_month_day date) const noexcept {
    const auto [lo, hi] = std::equal_range(calendar.begin(), calendar.end(), symbol, SymbolLess{});
    for (auto it = lo; it != hi; ++it) {
      if (it->event.date == date) return it->event.timing;
    }
    return std::nullopt;
  }

  // Tickers with at least one implied-move observation, ascending, each once.
  [[nodiscard]] std::vector<Symbol> observed_symbols() const {
    std::vector<Symbol> out;
    for (const auto& o : observations) {
      if (out.empty() || out.back() != o.symbol) out.push_back(o.symbol);
    }
    return out;
  }

 private:
  // Heterogeneous comparison of rows by ticker (each row type names it differently).
  struct SymbolLess {
    static Symbol of(const CalendarEntry& c) noexcept { return c.event.symbol; }
    static Symbol of(const HistoricalMove& m) noexcept { return m.event.symbol; }
    static Symbol of(const ImpliedMoveObservation& o) noexcept { return o.symbol; }
    static Symbol of(Symbol s) noexcept { return s; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const noexcept {
      return of(a) < of(b);
    }
  };
};

struct EarningsDatasetFiles {
  std::filesystem::path calendar = "earnings_calendar.csv";
  std::filesystem::path reactions = "earnings_reactions.csv";
  std::filesystem::path implied_moves = "implied_moves.csv";
};

// Loads the three files from `dir` (relative names are resolved against it).
[[nodiscard]] inline EarningsDataset load_earnings_dataset(const std::filesystem::path& dir,
                                                           const EarningsDatasetFiles& files = {}) {
  EarningsDataset d;
  const auto append = [&](auto& rejects) {
    d.rejects.insert(d.rejects.end(), rejects.begin(), rejects.end());
  };
  auto calendar = read_earnings_calendar(dir / files.calendar);
  append(calendar.rejects);
  d.calendar = std::move(calendar.rows);
  auto reactions = read_earnings_reactions(dir / files.reactions);
  append(reactions.rejects);
  d.reactions.reserve(reactions.rows.size());
  for (const EarningsReaction& r : reactions.rows) d.reactions.push_back(to_historical_move(r));
  auto observed = read_implied_moves(dir / files.implied_moves);
  append(observed.rejects);
  d.observations = std::move(observed.rows);

  d.sort_tables();
  // A repeated (ticker, announcement) would make every lookup of the ticker throw: say so now.
  for (std::size_t i = 1; i < d.reactions.size(); ++i) {
    const EarningsEvent& a = d.reactions[i - 1].event;
    const EarningsEvent& b = d.reactions[i].event;
    if (a.symbol == b.symbol && a.date == b.date) {
      throw InvalidInput(ErrorCode::inconsistent,
                         fmt::format("{}: {} {} has two reactions", files.reactions.string(),
                                     b.symbol.view(), detail::iso_date(b.date)));
    }
  }
  return d;
}

}  // namespace ivcrush::inline v0::io
