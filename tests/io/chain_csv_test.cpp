// Option chains from CSV: grouping per (underlying, quote date), the 16:00 New York as-of, the
// reader's and the builder's rejects with line, column and message, vendor columns, and (when
// the shared data directory is there) the real end-of-day chains.
#include "ivcrush/io/chain_csv.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/check_close.hpp"
#include "support/shared_data.hpp"

using namespace ivcrush;
using namespace std::chrono;

namespace {

constexpr std::string_view header =
    "underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
    "open_interest,underlying_close\r\n";

io::ChainCsvResult read(std::string body, ChainBuildOptions options = {}) {
  return io::read_option_chains(io::CsvReader("chains.csv", std::string(header) + body), options);
}

struct ExpectedReject {
  std::size_t line;
  std::string column;
  std::string reason;
  ErrorCode code;
};

void check_rejects(const std::vector<io::Reject>& got, const std::vector<ExpectedReject>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].file == "chains.csv");
    CHECK(got[i].line == want[i].line);
    CHECK(got[i].column == want[i].column);
    CHECK(got[i].reason == want[i].reason);
    CHECK(got[i].code == want[i].code);
  }
}

}  // namespace

TEST_CASE("one chain per (underlying, quote date) - every bad row is a reject with its reason") {
  const auto result = read(
      "AAPL,2014-06-06,2014-06-13,645,C,10.1,10.4,5,6,10.2,120,300,645.57\r\n"  // 2 dup of 12
      "AAPL,2014-06-06,2014-06-13,645,P,9.5,9.8,5,6,,0,,645.57\r\n"             // 3 ok
      "AAPL,2014-06-06,2014-06-13,650,C,,1.2,0,6,,0,0,645.57\r\n"               // 4 one-sided
      "AAPL,2014-06-06,2014-06-13,650,X,1,1.2,1,1,,0,0,645.57\r\n"              // 5
      "AAPL,2014-06-06,2014-06-13,652.1234,C,1,1.2,1,1,,0,0,645.57\r\n"         // 6
      "AAPL,2014-06-06,2014-06-13,655,C,abc,1.2,1,1,,0,0,645.57\r\n"            // 7
      "AAPL,2014-06-06,2014-06-13,655,P,2,1.5,1,1,,0,0,645.57\r\n"              // 8 crossed
      "AAPL,2014-06-06,2014-06-13,660,C,1,1.2,1,1,,0,0,645.58\r\n"              // 9
      "AAPL,2014-06-06,2014-06-13,660,P,1,1.2,1.5,1,,0,0,645.57\r\n"            // 10
      "AAPL,2014-06-06,2014-06-13,665,C,1,1.2,1,1,,0,-4,645.57\r\n"             // 11
      "AAPL,2014-06-06,2014-06-13,645,C,10.0,10.5,5,6,,0,1,645.57\r\n"          // 12 dup of 2
      "AAPL,2014-06-06,2014-06-05,645,C,1,1.2,1,1,,0,0,645.57\r\n"              // 13 expired
      "AAPL,2014-06-06,2014-06-13,670,C,1,1.2,1,1\r\n"                          // 14
      "GOOG,2015-12-23,2015-12-24,750,C,5.0,5.5,1,1,5.2,10,100,750.31\r\n"      // 15 ok
      "AAPL,2014-06-09,2014-06-13,92.14,P,1,1.1,1,1,,0,,93.7\r\n");             // 16 ok
  check_rejects(
      result.rejects,
      {{2, "expiration,strike,right",
        "contract = 2014-06-13 645 call: appears 2 times (source lines 2, 12)",
        ErrorCode::inconsistent},
       {5, "right", "option right = 'X': must be one of C, P, call, put", ErrorCode::malformed},
       {6, "strike", "strike = '652.1234': has more than 3 decimals", ErrorCode::not_on_grid},
       {7, "bid", "bid = 'abc': is not a number", ErrorCode::malformed},
       {8, "bid", "bid = 2: is above ask 1.5 (crossed market)", ErrorCode::inconsistent},
       {9, "underlying_close",
        "underlying_close = 645.58: differs from 645.57 on line 2 of the same chain "
        "(AAPL 2014-06-06)",
        ErrorCode::inconsistent},
       {10, "bid_size", "bid_size = '1.5': is not an integer", ErrorCode::malformed},
       {11, "open_interest", "open_interest = -4: must not be negative", ErrorCode::negative},
       {12, "expiration,strike,right",
        "contract = 2014-06-13 645 call: appears 2 times (source lines 2, 12)",
        ErrorCode::inconsistent},
       {13, "expiration", "expiration = 2014-06-05: is before the as-of date 2014-06-06",
        ErrorCode::out_of_range},
       {14, "", "field count = 9: must be 13, as in the header", ErrorCode::malformed}});

  REQUIRE(result.chains.size() == 3);
  std::size_t quotes = 0;
  for (const auto& c : result.chains) quotes += c.size();
  CHECK(quotes + result.rejects.size() == 15);  // every data line accounted for

  const OptionChain& a = result.chains[0];
  CHECK(a.underlying() == Symbol::parse("AAPL"));
  CHECK(a.as_of() == sys_days{2014y / June / 6} + 20h);  // 16:00 EDT
  CHECK(a.spot() == Price::dollars(645.57));
  REQUIRE(a.size() == 2);
  const auto e = Expiration::from_date(2014y / June / 13);
  const OptionQuote* put = a.quote(e, Strike::parse("645"), OptionRight::put);
  REQUIRE(put != nullptr);
  CHECK(put->bid == Money::dollars(9.5));
  CHECK(put->ask == Money::dollars(9.8));
  CHECK(put->bid_size == 5);
  CHECK(put->ask_size == 6);
  CHECK_FALSE(put->last.has_value());  // empty last: no trade
  CHECK(put->volume == 0);
  CHECK_FALSE(put->open_interest.has_value());  // empty open_interest: unknown
  const OptionQuote* one_sided = a.quote(e, Strike::parse("650"), OptionRight::call);
  REQUIRE(one_sided != nullptr);
  CHECK(one_sided->one_sided);
  CHECK(one_sided->bid == Money::zero());

  CHECK(result.chains[1].underlying() == Symbol::parse("AAPL"));
  CHECK(result.chains[1].as_of() == sys_days{2014y / June / 9} + 20h);
  CHECK(result.chains[1].quote(e, Strike::parse("92.14"), OptionRight::put) != nullptr);
  const OptionChain& g = result.chains[2];
  CHECK(g.underlying() == Symbol::parse("GOOG"));
  CHECK(g.as_of() == sys_days{2015y / December / 23} + 21h);  // 16:00 EST
  const OptionQuote* c = g.quote(Expiration::from_date(2015y / December / 24), Strike::parse("750"),
                                 OptionRight::call);
  REQUIRE(c != nullptr);
  CHECK(c->last == Money::dollars(5.2));
  CHECK(c->open_interest == 100);
}

TEST_CASE("one-sided rows become rejects under OneSidedQuotes::reject") {
  const auto result = read("AAPL,2014-06-06,2014-06-13,650,C,,1.2,0,6,,0,0,645.57\r\n",
                           {.one_sided = OneSidedQuotes::reject});
  check_rejects(
      result.rejects,
      {{2, "bid", "bid = (none): one-sided quote (no bid), rejected by OneSidedQuotes::reject",
        ErrorCode::missing}});
  REQUIRE(result.chains.size() == 1);  // the chain exists, empty
  CHECK(result.chains[0].empty());
}

TEST_CASE("optional vendor columns are read as vendor values - bad ones are rejects") {
  const std::string text =
      "underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
      "open_interest,underlying_close,iv,delta,gamma,theta,vega\n"
      "SPY,2024-05-10,2024-05-17,520,C,3.1,3.2,10,10,3.15,1000,5000,520.84,0.125,0.55,0.04,"
      "-0.21,0.28\n"
      "SPY,2024-05-10,2024-05-17,520,P,2.4,2.5,10,10,,1000,5000,520.84,,,,,\n"
      "SPY,2024-05-10,2024-05-17,525,C,1.1,1.2,10,10,,1000,5000,520.84,-0.1,,,,\n";
  const auto result = io::read_option_chains(io::CsvReader("chains.csv", text));
  check_rejects(result.rejects,
                {{4, "iv", "vendor_iv = -0.1: must not be negative", ErrorCode::negative}});
  REQUIRE(result.chains.size() == 1);
  const auto e = Expiration::from_date(2024y / May / 17);
  const OptionQuote* call = result.chains[0].quote(e, Strike::parse("520"), OptionRight::call);
  REQUIRE(call != nullptr);
  CHECK(call->vendor_iv == Volatility::from_fraction(0.125));
  CHECK(call->vendor_greeks == VendorGreeks{0.55, 0.04, -0.21, 0.28});
  const OptionQuote* put = result.chains[0].quote(e, Strike::parse("520"), OptionRight::put);
  REQUIRE(put != nullptr);
  CHECK_FALSE(put->vendor_iv.has_value());
  CHECK(put->vendor_greeks == VendorGreeks{});
  // 2024-05-10 is EDT: 20:00 UTC.
  CHECK(result.chains[0].as_of() == sys_days{2024y / May / 10} + 20h);
}

TEST_CASE("a missing required column names the file and the column") {
  CHECK_THROWS_WITH_AS((void)io::read_option_chains(io::CsvReader(
                           "chains.csv",
                           "underlying,quote_date,expiration,strike,right,bid,bid_size,ask_size,"
                           "last,volume,open_interest,underlying_close\n")),
                       "chains.csv: column = 'ask': is missing from the header", InvalidInput);
  CHECK_THROWS_WITH_AS((void)io::read_option_chains("/nonexistent/option_chains.csv"),
                       "file = '/nonexistent/option_chains.csv': cannot be opened", InvalidInput);
}

TEST_CASE("reader rejects for dates, symbols, spots and pre-1987 quote dates") {
  const auto result = read(
      "aapl,2014-06-06,2014-06-13,645,C,1,1.2,1,1,,0,0,645.57\r\n"
      "AAPL,2014-06-31,2014-06-13,645,C,1,1.2,1,1,,0,0,645.57\r\n"
      "AAPL,2014-06-06,2014/06/13,645,C,1,1.2,1,1,,0,0,645.57\r\n"
      "AAPL,2014-06-06,2014-06-13,645,C,1,1.2,1,1,,0,0,0\r\n"
      "AAPL,1986-06-06,1986-06-13,645,C,1,1.2,1,1,,0,0,645.57\r\n"
      "AAPL,2014-06-06,2014-06-13,645,C,1,,1,1,,0,0,645.57\r\n");
  check_rejects(
      result.rejects,
      {{2, "underlying", "symbol = 'aapl': must start with an upper-case letter A-Z",
        ErrorCode::invalid_character},
       {3, "quote_date", "date = '2014-06-31': is not a valid calendar date",
        ErrorCode::out_of_range},
       {4, "expiration", "date = '2014/06/13': is not YYYY-MM-DD", ErrorCode::malformed},
       {5, "underlying_close", "spot = 0: must be positive", ErrorCode::out_of_range},
       {6, "quote_date", "year = 1986: US daylight-saving rules before 1987 are not modelled",
        ErrorCode::out_of_range},
       {7, "ask", "ask = '': is empty", ErrorCode::empty}});
  CHECK(result.chains.empty());
}

// The real end-of-day chains (QuantConnect/Lean sample data, unclear licence: not in the repo).
// Runs when IVCRUSH_SHARED_DATA_DIR (compile definition or environment variable) names a
// directory holding option_chains_eod.csv; skipped otherwise.
using test::has_shared_chain_file;
using test::shared_chain_file;

TEST_CASE("real chains: 4 chains, quote and reject counts pinned, spot checks" *
          doctest::skip(!has_shared_chain_file()) *
          doctest::description("needs IVCRUSH_SHARED_DATA_DIR with option_chains_eod.csv")) {
  const auto path = shared_chain_file();
  const auto result = io::read_option_chains(path);
  CHECK(result.rejects.empty());  // no crossed, negative or duplicate rows; one-sided kept
  REQUIRE(result.chains.size() == 4);
  const std::vector<std::tuple<std::string_view, year_month_day, std::size_t, std::size_t, double>>
      expected{{"AAPL", 2014y / June / 6, 2352, 13, 645.57},
               {"AAPL", 2014y / June / 9, 2180, 12, 93.7},
               {"GOOG", 2015y / December / 23, 2058, 11, 750.31},
               {"GOOG", 2015y / December / 24, 2192, 12, 748.4}};
  std::size_t total = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& [symbol, date, quotes, expirations, spot] = expected[i];
    const OptionChain& c = result.chains[i];
    CAPTURE(i);
    CHECK(c.underlying() == Symbol::parse(symbol));
    CHECK(c.as_of() == new_york_market_close(date));
    CHECK(c.size() == quotes);
    CHECK(c.expirations().size() == expirations);
    CHECK(c.spot() == Price::dollars(spot));
    total += c.size();
  }
  CHECK(total == 8782);  // every data row (SOURCES.md: 8,782 rows)

  // AAPL 2014-06-06, weekly 2014-06-13: ATM 645 (spot 645.57), the file's quotes.
  const OptionChain& aapl = result.chains[0];
  const auto june13 = aapl.expiration(2014y / June / 13);
  REQUIRE(june13.has_value());
  CHECK(june13->strikes().size() == 77);
  CHECK(june13->atm_strike() == Strike::parse("645"));
  const auto s = june13->straddle(*june13->atm_strike());
  REQUIRE(s.has_value());
  CHECK(s->call->bid == Money::dollars(9.75));
  CHECK(s->call->ask == Money::dollars(9.9));
  CHECK(s->call->volume == 1641);
  CHECK(s->call->open_interest == 3435);
  CHECK(s->put->bid == Money::dollars(9.05));
  CHECK(s->put->ask == Money::dollars(9.2));
  CHECK_CLOSE(mid(*s).dollars(), (9.75 + 9.9) / 2 + (9.05 + 9.2) / 2, 1e-12, 0.0);
  // The pre-2015 Saturday monthly: dated 2014-07-19, expires Friday 18th 16:00 EDT.
  const auto july = aapl.expiration(2014y / July / 19);
  REQUIRE(july.has_value());
  CHECK(july->expiration().expiry_time() == sys_days{2014y / July / 18} + 20h);

  // AAPL 2014-06-09 (post-split strikes; Lean has no OI for them): ATM 93.57 at spot 93.70.
  const auto split = result.chains[1].expiration(2014y / June / 13);
  REQUIRE(split.has_value());
  CHECK(split->atm_strike() == Strike::parse("93.57"));
  CHECK_FALSE(split->call(Strike::parse("93.57"))->open_interest.has_value());

  // GOOG 2015-12-24 (EST), 2015-12-31: ATM 747.5 at spot 748.40.
  const auto goog = result.chains[3].expiration(2015y / December / 31);
  REQUIRE(goog.has_value());
  CHECK(goog->atm_strike() == Strike::parse("747.5"));
  CHECK(goog->put(Strike::parse("747.5"))->open_interest == 40);
  CHECK(result.chains[3].as_of() == sys_days{2015y / December / 24} + 21h);

  // With one-sided quotes rejected: the 944 rows without a bid become rejects.
  const auto strict = io::read_option_chains(path, {.one_sided = OneSidedQuotes::reject});
  CHECK(strict.rejects.size() == 944);
  REQUIRE(strict.chains.size() == 4);
  CHECK(strict.chains[0].size() == 2352 - 157);
  CHECK(strict.chains[1].size() == 2180 - 198);
  CHECK(strict.chains[2].size() == 2058 - 285);
  CHECK(strict.chains[3].size() == 2192 - 304);
  for (const auto& r : strict.rejects) CHECK(r.column == "bid");
}
