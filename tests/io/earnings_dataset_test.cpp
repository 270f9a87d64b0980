// The bundled data directory loaded as one indexed dataset.
#include "ivcrush/io/earnings_dataset.hpp"

#include <doctest/doctest.h>

#include <string>

#include "support/check_close.hpp"

using namespace ivcrush;
using namespace std::chrono;

TEST_CASE("the bundled data loads as a dataset indexed by ticker") {
  const io::EarningsDataset d = io::load_earnings_dataset(IVCRUSH_DATA_DIR);
  CHECK(d.rejects.empty());
  CHECK(d.calendar.size() == 4244);
  CHECK(d.reactions.size() == 1997);
  CHECK(d.observations.size() == 26);

  const Symbol cien = Symbol::parse("CIEN");
  CHECK(d.reactions_of(cien).size() == 12);
  const auto before = d.history_before(cien, 2025y / June / 5);
  REQUIRE(before.size() == 10);  // 2022-12-08 .. 2025-03-11
  CHECK(before.front().event.date == 2022y / December / 8);
  CHECK(before.back().event.date == 2025y / March / 11);
  const auto last4 = d.history_before(cien, 2025y / June / 5, 4);
  REQUIRE(last4.size() == 4);
  CHECK(last4.front().event.date == 2024y / June / 6);
  CHECK(d.history_before(cien, 2022y / December / 8).empty());  // strictly before

  const HistoricalMove* r = d.reaction(cien, 2025y / September / 4);
  REQUIRE(r != nullptr);
  // reference 94.82, reaction close 116.919998: +23.307318 % in the file.
  CHECK_CLOSE(r->close_move.pct(), 23.307318, 1e-6, 0.0);
  CHECK(d.reaction(cien, 2025y / September / 5) == nullptr);

  const ImpliedMoveObservation* o = d.latest_observation(cien);
  REQUIRE(o != nullptr);
  CHECK(o->earnings_date == 2025y / December / 11);
  REQUIRE(o->implied_move.has_value());
  CHECK_CLOSE(o->implied_move->pct(), 14.178772, 1e-9, 0.0);
  CHECK(d.latest_observation(Symbol::parse("ZZZZ")) == nullptr);

  CHECK(d.timing(cien, 2025y / December / 11) == EarningsTiming::after_close);
  CHECK_FALSE(d.timing(cien, 2025y / December / 12).has_value());
  const auto symbols = d.observed_symbols();
  CHECK(symbols.size() == 22);  // 26 observations of 22 tickers
  CHECK(std::is_sorted(symbols.begin(), symbols.end()));
}

TEST_CASE("a missing dataset file is named") {
  CHECK_THROWS_WITH_AS((void)io::load_earnings_dataset(std::string(IVCRUSH_DATA_DIR) + "/nowhere"),
                       doctest::Contains("earnings_calendar.csv"), InvalidInput);
}
