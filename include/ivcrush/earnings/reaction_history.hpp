// ivcrush/earnings/reaction_history.hpp: one ticker's past earnings reactions, newest first by
// construction, and the window of them every analysis reads.
//
//   ReactionHistoryBuffer owned(moves);                // any order in, sorted newest first
//   ReactionHistory h = owned;                         // a cheap view; h[0] is the newest
//   h.before(2025y / December / 11).newest(default_history_window);   // the analysed window
//   ReactionHistory::newest_first(span);               // storage already newest first (checked)
//
// Why a type: the decay weights of the consistency analyzer and its trend sign depend on which
// end is the newest; a bare span does not say, and one caller handed it oldest first for a year
// (issue 16). A ReactionHistory cannot be built from a span without the order being checked, or
// from moves in any order without sorting them, so a consumer taking one reads the right end.
// Invariant: every move is of the same ticker and the announcement dates strictly decrease
// (a repeated date is an error, not a tie). Order-free consumers (VRP, means) read it as a
// std::span<const HistoricalMove> (it is a contiguous range; the span is still newest first).
//
// default_history_window: the analysis reads the newest 12 reactions (three years of quarters,
// the original's max_historical_quarters). Older reactions describe another business and
// volatility regime; fewer make the VRP's mean noisy. Every program (--history N), the
// backtester (BacktestConfig::history_window) and the bindings (history_window=) use it.
//
// Errors: newest_first and ReactionHistoryBuffer throw InvalidInput naming the index and date of
// the first move out of order, repeated or of another ticker. Views are O(1) to copy and
// allocate nothing; before(date) is O(log n); the checked factory O(n); the buffer O(n log n).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/earnings/historical_moves.hpp"

namespace ivcrush::inline v0 {

// The newest reactions an analysis reads by default (see above).
inline constexpr std::size_t default_history_window = 12;

class ReactionHistoryBuffer;

// A non-owning view of one ticker's reactions, newest first (index 0 is the newest).
class ReactionHistory {
 public:
  using value_type = HistoricalMove;
  using iterator = std::span<const HistoricalMove>::iterator;

  constexpr ReactionHistory() noexcept = default;

  // `moves` as they are stored, checked to be newest first: strictly decreasing announcement
  // dates and one ticker; InvalidInput naming the first offending index and date otherwise.
  [[nodiscard]] static ReactionHistory newest_first(std::span<const HistoricalMove> moves) {
    for (std::size_t i = 1; i < moves.size(); ++i) check_pair(moves, i);
    return ReactionHistory(moves);
  }

  [[nodiscard]] std::size_t size() const noexcept { return moves_.size(); }
  [[nodiscard]] bool empty() const noexcept { return moves_.empty(); }
  [[nodiscard]] iterator begin() const noexcept { return moves_.begin(); }
  [[nodiscard]] iterator end() const noexcept { return moves_.end(); }
  [[nodiscard]] const HistoricalMove* data() const noexcept { return moves_.data(); }
  // i = 0 is the newest. Precondition i < size().
  [[nodiscard]] const HistoricalMove& operator[](std::size_t i) const noexcept { return moves_[i]; }
  // The moves newest first, for order-free consumers.
  [[nodiscard]] std::span<const HistoricalMove> moves() const noexcept { return moves_; }

  // The newest `n` moves (all of them when n >= size()).
  [[nodiscard]] ReactionHistory newest(std::size_t n) const noexcept {
    return ReactionHistory(moves_.first(std::min(n, moves_.size())));
  }

  // The moves announced strictly before `date` (a suffix: the older ones).
  [[nodiscard]] ReactionHistory before(std::chrono::year_month_day date) const noexcept {
    const std::chrono::sys_days d{date};
    const auto it = std::partition_point(
        moves_.begin(), moves_.end(),
        [d](const HistoricalMove& m) { return std::chrono::sys_days{m.event.date} >= d; });
    return ReactionHistory(moves_.subspan(static_cast<std::size_t>(it - moves_.begin())));
  }

 private:
  friend class ReactionHistoryBuffer;
  explicit ReactionHistory(std::span<const HistoricalMove> moves) noexcept : moves_(moves) {}

  static void check_pair(std::span<const HistoricalMove> moves, std::size_t i) {
    const HistoricalMove& newer = moves[i - 1];
    const HistoricalMove& m = moves[i];
    const std::string field = "history[" + std::to_string(i) + "]";
    if (m.event.symbol != newer.event.symbol) {
      detail::throw_invalid(
          ErrorCode::inconsistent, field + ".symbol", std::string(m.event.symbol.view()),
          "is not the history's ticker " + std::string(newer.event.symbol.view()));
    }
    const std::chrono::sys_days d{m.event.date};
    const std::chrono::sys_days prev{newer.event.date};
    if (d == prev) {
      detail::throw_invalid(
          ErrorCode::inconsistent, field + ".earnings_date", detail::iso_date(m.event.date),
          "repeats the announcement date of history[" + std::to_string(i - 1) + "]");
    }
    if (d > prev) {
      detail::throw_invalid(
          ErrorCode::inconsistent, field + ".earnings_date", detail::iso_date(m.event.date),
          "is newer than history[" + std::to_string(i - 1) + "] (" +
              detail::iso_date(newer.event.date) + "): a reaction history is newest first");
    }
  }

  std::span<const HistoricalMove> moves_;
};

// Owns one ticker's reactions, given in any order, and keeps them newest first. Moving the
// buffer keeps views of it valid (the storage moves with it); copying makes new storage.
class ReactionHistoryBuffer {
 public:
  ReactionHistoryBuffer() = default;
  // Sorts `moves` newest first; InvalidInput for a repeated date or a second ticker.
  explicit ReactionHistoryBuffer(std::vector<HistoricalMove> moves) : moves_(std::move(moves)) {
    std::stable_sort(
        moves_.begin(), moves_.end(), [](const HistoricalMove& a, const HistoricalMove& b) {
          return std::chrono::sys_days{a.event.date} > std::chrono::sys_days{b.event.date};
        });
    (void)ReactionHistory::newest_first(moves_);
  }

  [[nodiscard]] ReactionHistory view() const noexcept { return ReactionHistory(moves_); }
  operator ReactionHistory() const noexcept { return view(); }  // NOLINT: a view of it

  [[nodiscard]] std::size_t size() const noexcept { return moves_.size(); }
  [[nodiscard]] bool empty() const noexcept { return moves_.empty(); }
  [[nodiscard]] auto begin() const noexcept { return moves_.begin(); }
  [[nodiscard]] auto end() const noexcept { return moves_.end(); }
  [[nodiscard]] const HistoricalMove& operator[](std::size_t i) const noexcept { return moves_[i]; }

 private:
  std::vector<HistoricalMove> moves_;
};

}  // namespace ivcrush::inline v0
