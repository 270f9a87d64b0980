// EarningsEvent and DailyBar: the records readers produce and analytics consume.
#include "ivcrush/core/earnings_event.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <limits>

#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/earnings_reaction.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;

Price usd(double x) { return Price::dollars(x); }

TEST_CASE("a valid bar keeps its values") {
  // data/earnings_reactions.csv, JPM 2024-04-12 BMO: the reaction bar.
  const auto bar =
      DailyBar::make(2024y / April / 12, usd(191.95), usd(193.0), usd(181.0), usd(183.5), 1000);
  CHECK(bar.date() == 2024y / April / 12);
  CHECK(bar.open() == usd(191.95));
  CHECK(bar.high() == usd(193.0));
  CHECK(bar.low() == usd(181.0));
  CHECK(bar.close() == usd(183.5));
  CHECK(bar.volume() == 1000);
  CHECK(DailyBar::make(2024y / April / 12, usd(5), usd(5), usd(5), usd(5)).volume() ==
        std::nullopt);
  const EarningsEvent e{Symbol::parse("JPM"), 2024y / April / 12, EarningsTiming::before_open};
  const EarningsReaction r{e, usd(196.62), bar};
  CHECK(r.event == e);
  CHECK(r.reaction == bar);
}

TEST_CASE("bars that cannot be real are rejected with the field and value") {
  const auto d = 2024y / April / 12;
  CHECK_THROWS_WITH_AS((void)DailyBar::make(d, usd(0), usd(2), usd(1), usd(1.5)),
                       "open = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)DailyBar::make(d, usd(1.5), usd(1), usd(2), usd(1.5)),
                       "low = 2: is above high 1", InvalidInput);
  CHECK_THROWS_WITH_AS((void)DailyBar::make(d, usd(2.5), usd(2), usd(1), usd(1.5)),
                       "open = 2.5: is outside the bar's range [1, 2]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)DailyBar::make(d, usd(1.5), usd(2), usd(1), usd(0.5)),
                       "close = 0.5: is outside the bar's range [1, 2]", InvalidInput);
  CHECK_THROWS_WITH_AS((void)DailyBar::make(d, usd(1.5), usd(2), usd(1), usd(1.5), -3),
                       "volume = -3: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)DailyBar::make(2023y / February / 29, usd(1.5), usd(2), usd(1), usd(1.5)),
      "bar date = 2023-02-29: is not a valid calendar date", InvalidInput);
}

}  // namespace
