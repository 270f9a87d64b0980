// earnings/reaction_history.hpp: one ticker's reactions, newest first by construction.
#include "ivcrush/earnings/reaction_history.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <span>
#include <type_traits>
#include <vector>

namespace {

using namespace ivcrush;
using namespace std::chrono;

// A before-open reaction of `ticker` on `d` closing at `close` from a 100 reference.
HistoricalMove move(const char* ticker, year_month_day d, double close = 103.0) {
  return to_historical_move({{Symbol::parse(ticker), d, EarningsTiming::before_open},
                             Price::dollars(100.0),
                             DailyBar::make(d, Price::dollars(100.0), Price::dollars(105.0),
                                            Price::dollars(95.0), Price::dollars(close))});
}

// An unordered span does not become a history by itself; a history reads as a span.
static_assert(!std::is_convertible_v<std::span<const HistoricalMove>, ReactionHistory>);
static_assert(!std::is_constructible_v<ReactionHistory, std::span<const HistoricalMove>>);
static_assert(!std::is_convertible_v<std::vector<HistoricalMove>, ReactionHistory>);
static_assert(std::is_convertible_v<ReactionHistory, std::span<const HistoricalMove>>);
static_assert(std::is_convertible_v<const ReactionHistoryBuffer&, ReactionHistory>);

TEST_CASE("a buffer takes any order and keeps the moves newest first") {
  const year_month_day d1 = 2024y / January / 25, d2 = 2024y / April / 25, d3 = 2024y / July / 25;
  ReactionHistoryBuffer b(std::vector<HistoricalMove>{move("TST", d2, 101), move("TST", d1, 102),
                                                      move("TST", d3, 103)});
  const ReactionHistory h = b;
  REQUIRE(h.size() == 3);
  CHECK(h[0].event.date == d3);
  CHECK(h[1].event.date == d2);
  CHECK(h[2].event.date == d1);
  CHECK(h.newest(2).size() == 2);
  CHECK(h.newest(2)[1].event.date == d2);
  CHECK(h.newest(10).size() == 3);
  CHECK(h.newest(0).empty());

  // before(date): strictly before, the older suffix.
  CHECK(h.before(d3).size() == 2);
  CHECK(h.before(d3)[0].event.date == d2);
  CHECK(h.before(2024y / July / 26).size() == 3);
  CHECK(h.before(d1).empty());
  CHECK(h.before(d2).newest(1)[0].event.date == d1);

  // Moving the buffer keeps the view's storage.
  const HistoricalMove* data = h.data();
  const ReactionHistoryBuffer moved = std::move(b);
  CHECK(moved.view().data() == data);
}

TEST_CASE("newest_first checks the order and names the first offending move") {
  const year_month_day d1 = 2024y / January / 25, d2 = 2024y / April / 25, d3 = 2024y / July / 25;
  const std::vector<HistoricalMove> ok = {move("TST", d3), move("TST", d2), move("TST", d1)};
  CHECK(ReactionHistory::newest_first(ok).size() == 3);
  CHECK(ReactionHistory::newest_first(std::span<const HistoricalMove>{}).empty());

  const std::vector<HistoricalMove> oldest_first = {move("TST", d1), move("TST", d2)};
  CHECK_THROWS_WITH_AS((void)ReactionHistory::newest_first(oldest_first),
                       "history[1].earnings_date = 2024-04-25: is newer than history[0] "
                       "(2024-01-25): a reaction history is newest first",
                       InvalidInput);
  const std::vector<HistoricalMove> repeated = {move("TST", d3), move("TST", d2),
                                                move("TST", d2, 99)};
  CHECK_THROWS_WITH_AS((void)ReactionHistory::newest_first(repeated),
                       "history[2].earnings_date = 2024-04-25: repeats the announcement date of "
                       "history[1]",
                       InvalidInput);
  const std::vector<HistoricalMove> two_tickers = {move("TST", d3), move("ABC", d2)};
  CHECK_THROWS_WITH_AS((void)ReactionHistory::newest_first(two_tickers),
                       "history[1].symbol = ABC: is not the history's ticker TST", InvalidInput);
  // The buffer sorts, but a repeated date stays an error.
  CHECK_THROWS_WITH_AS(
      (void)ReactionHistoryBuffer(std::vector<HistoricalMove>{move("TST", d2), move("TST", d2)}),
      "history[1].earnings_date = 2024-04-25: repeats the announcement date of history[0]",
      InvalidInput);
}

TEST_CASE("the default window is the newest 12 reactions") { CHECK(default_history_window == 12); }

}  // namespace
