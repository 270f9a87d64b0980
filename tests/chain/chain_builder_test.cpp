// ChainBuilder: every rejection reason with its message pinned, the one-sided and duplicate
// policies, the check order, and that every input ends up in the chain or in the rejects.
#include "ivcrush/chain/chain_builder.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chain/chain_fixtures.hpp"
#include "support/check_close.hpp"

using namespace ivcrush;
using namespace std::chrono;
using ivcrush::test::input;

namespace {

constexpr auto may17 = 2024y / May / 17;
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

QuoteInput good(double strike = 100.0, OptionRight right = OptionRight::call) {
  return input(may17, strike, right, 2.50, 2.60, 500, 7);
}

// Builds a chain from one quote and returns its single reject (REQUIREs there is one).
RejectedQuote reject_of(const QuoteInput& q, ChainBuildOptions options = {}) {
  ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100), options);
  b.add(q);
  auto result = std::move(b).build();
  REQUIRE(result.rejects.size() == 1);
  CHECK(result.chain.empty());
  return result.rejects.front();
}

void check_reject(const QuoteInput& q, QuoteRejectReason reason, std::string_view field,
                  const std::string& message, ChainBuildOptions options = {}) {
  const RejectedQuote r = reject_of(q, options);
  CHECK(r.reason == reason);
  CHECK(r.field == field);
  CHECK(r.message == message);
  CHECK(r.input.source_line == q.source_line);  // the identity travels with the reject
  CHECK(r.sequence == 0);
}

bool accepted(const QuoteInput& q, ChainBuildOptions options = {}) {
  ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100), options);
  b.add(q);
  const auto result = std::move(b).build();
  return result.rejects.empty() && result.chain.size() == 1;
}

}  // namespace

TEST_CASE("a valid quote is accepted with every field carried over") {
  QuoteInput q = good();
  q.last = 2.55;
  q.bid_size = 10;
  q.ask_size = 12;
  q.volume = 40;
  q.vendor_iv = 0.35;
  q.vendor_delta = 0.52;
  q.vendor_gamma = 0.03;
  q.vendor_theta_per_day = -0.04;
  q.vendor_vega_per_vol_point = 0.11;
  ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100));
  b.add(q);
  const auto [chain, rejects] = std::move(b).build();
  REQUIRE(rejects.empty());
  REQUIRE(chain.size() == 1);
  const OptionQuote& out = chain.quotes()[0];
  CHECK(out.bid == Money::dollars(2.50));
  CHECK(out.ask == Money::dollars(2.60));
  CHECK(out.last == Money::dollars(2.55));
  CHECK(out.bid_size == 10);
  CHECK(out.ask_size == 12);
  CHECK(out.volume == 40);
  CHECK(out.open_interest == 500);
  CHECK(out.vendor_iv == Volatility::from_fraction(0.35));
  CHECK(out.vendor_greeks == VendorGreeks{0.52, 0.03, -0.04, 0.11});
  CHECK_FALSE(out.one_sided);
}

TEST_CASE("rejected: invalid or expired expiration - an expiration on the as-of date is valid") {
  auto q = good();
  q.expiration = 2024y / February / 30;
  check_reject(q, QuoteRejectReason::invalid_expiration, "expiration",
               "expiration = 2024-02-30: is not a valid calendar date");
  q.expiration = 2024y / May / 9;  // the day before the as-of date (2024-05-10 16:00 New York)
  check_reject(q, QuoteRejectReason::expired, "expiration",
               "expiration = 2024-05-09: is before the as-of date 2024-05-10");
  q.expiration = 2024y / May / 10;  // 0 DTE: still trading until the close
  CHECK(accepted(q));
}

TEST_CASE("the as-of date is New York's: 00:30 UTC on the 11th is still the 10th there") {
  ChainBuilder b(Symbol::parse("TEST"), sys_days{2024y / May / 11} + 30min, Price::dollars(100));
  b.add(input(2024y / May / 10, 100, OptionRight::call, 1.0, 1.1));
  CHECK(std::move(b).build().rejects.empty());
}

TEST_CASE("rejected: strikes that are not finite, not positive, off the grid or too large") {
  auto q = good();
  q.strike = not_a_number;
  check_reject(q, QuoteRejectReason::not_finite, "strike", "strike = nan: must be finite");
  q.strike = -5;
  check_reject(q, QuoteRejectReason::strike_not_positive, "strike",
               "strike = -5: must be positive");
  q.strike = 0;
  check_reject(q, QuoteRejectReason::strike_not_positive, "strike", "strike = 0: must be positive");
  q.strike = 33.3333;
  check_reject(q, QuoteRejectReason::strike_off_grid, "strike",
               "strike = 33.3333: is not a multiple of the $0.001 tick");
  q.strike = 1e16;
  check_reject(q, QuoteRejectReason::strike_too_large, "strike",
               "strike = 1e+16: is above the largest strike (10^12 dollars)");
  q.strike = 92.143;  // three decimals are on the grid
  CHECK(accepted(q));
}

TEST_CASE("one-sided quotes: kept with bid 0 and flagged by default, or rejected on request") {
  auto q = good();
  q.bid = std::nullopt;
  {
    ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100));
    b.add(q);
    const auto [chain, rejects] = std::move(b).build();
    REQUIRE(chain.size() == 1);
    CHECK(rejects.empty());
    CHECK(chain.quotes()[0].one_sided);
    CHECK(chain.quotes()[0].bid == Money::zero());
    CHECK_FALSE(is_liquid(chain.quotes()[0]));
  }
  check_reject(q, QuoteRejectReason::one_sided, "bid",
               "bid = (none): one-sided quote (no bid), rejected by OneSidedQuotes::reject",
               {.one_sided = OneSidedQuotes::reject});
  // A real $0 bid is a two-sided quote under either policy.
  q.bid = 0.0;
  CHECK(accepted(q, {.one_sided = OneSidedQuotes::reject}));
}

TEST_CASE("rejected: non-finite or negative prices, a zero ask") {
  auto q = good();
  q.bid = not_a_number;
  check_reject(q, QuoteRejectReason::not_finite, "bid", "bid = nan: must be finite");
  q.bid = -0.05;
  check_reject(q, QuoteRejectReason::negative_price, "bid", "bid = -0.05: must not be negative");
  q = good();
  q.ask = infinity;
  check_reject(q, QuoteRejectReason::not_finite, "ask", "ask = inf: must be finite");
  q.ask = -1;
  check_reject(q, QuoteRejectReason::negative_price, "ask", "ask = -1: must not be negative");
  q.bid = 0.0;
  q.ask = 0.0;
  check_reject(q, QuoteRejectReason::zero_ask, "ask",
               "ask = 0: must be positive (nobody offers the contract)");
  q = good();
  q.last = -infinity;
  check_reject(q, QuoteRejectReason::not_finite, "last", "last = -inf: must be finite");
  q.last = -1.25;
  check_reject(q, QuoteRejectReason::negative_price, "last", "last = -1.25: must not be negative");
  q.last = 0.0;
  CHECK(accepted(q));
}

TEST_CASE("rejected: a crossed market (§8 Quote(2.0, 1.9)) - a locked one is kept") {
  auto q = good();
  q.bid = 2.0;
  q.ask = 1.9;
  check_reject(q, QuoteRejectReason::crossed, "bid", "bid = 2: is above ask 1.9 (crossed market)");
  q.bid = 1.9;
  CHECK(accepted(q));
}

TEST_CASE("rejected: negative sizes, volume, open interest") {
  auto q = good();
  q.bid_size = -3;
  check_reject(q, QuoteRejectReason::bad_size, "bid_size", "bid_size = -3: must not be negative");
  q = good();
  q.ask_size = -1;
  check_reject(q, QuoteRejectReason::bad_size, "ask_size", "ask_size = -1: must not be negative");
  q = good();
  q.volume = -10;
  check_reject(q, QuoteRejectReason::bad_size, "volume", "volume = -10: must not be negative");
  q = good();
  q.open_interest = -1;
  check_reject(q, QuoteRejectReason::bad_size, "open_interest",
               "open_interest = -1: must not be negative");
  q.open_interest = 0;
  CHECK(accepted(q));
}

TEST_CASE("rejected: non-finite vendor values, a negative vendor IV") {
  auto q = good();
  q.vendor_iv = -0.2;
  check_reject(q, QuoteRejectReason::bad_vendor_value, "vendor_iv",
               "vendor_iv = -0.2: must not be negative");
  q = good();
  q.vendor_delta = not_a_number;
  check_reject(q, QuoteRejectReason::not_finite, "vendor_delta",
               "vendor_delta = nan: must be finite");
  q = good();
  q.vendor_vega_per_vol_point = infinity;
  check_reject(q, QuoteRejectReason::not_finite, "vendor_vega_per_vol_point",
               "vendor_vega_per_vol_point = inf: must be finite");
  q = good();
  q.vendor_theta_per_day = -0.5;  // greeks may be negative
  q.vendor_delta = -0.4;
  CHECK(accepted(q));
}

TEST_CASE("a quote with several problems is rejected for the first in the documented order") {
  auto q = good();
  q.bid = 3.0;  // crossed ...
  q.ask = 2.0;
  q.open_interest = -1;  // ... and a bad size: crossed is checked first
  CHECK(reject_of(q).reason == QuoteRejectReason::crossed);
  q.strike = -1;  // the strike comes before the prices
  CHECK(reject_of(q).reason == QuoteRejectReason::strike_not_positive);
  q.expiration = 2024y / January / 19;  // and the expiration before everything
  CHECK(reject_of(q).reason == QuoteRejectReason::expired);
}

TEST_CASE("duplicates: every copy rejected by default, or all but the first on request") {
  const auto copy = [](std::size_t line, double bid) {
    return input(may17, 100, OptionRight::call, bid, 2.60, 500, line);
  };
  {
    ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100));
    b.add(copy(3, 2.50));
    b.add(good(100, OptionRight::put));
    b.add(copy(7, 2.40));
    const auto [chain, rejects] = std::move(b).build();
    REQUIRE(rejects.size() == 2);
    CHECK(chain.size() == 1);  // the put
    for (const auto& r : rejects) {
      CHECK(r.reason == QuoteRejectReason::duplicate);
      CHECK(r.field == "contract");
      CHECK(r.message == "contract = 2024-05-17 100 call: appears 2 times (source lines 3, 7)");
    }
    CHECK(rejects[0].input.source_line == 3);
    CHECK(rejects[1].input.source_line == 7);
    CHECK(rejects[0].sequence == 0);
    CHECK(rejects[1].sequence == 2);
  }
  {
    ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100),
                   {.duplicates = DuplicateQuotes::keep_first});
    b.add(copy(3, 2.50));
    b.add(copy(7, 2.40));
    b.add(copy(9, 2.30));
    const auto [chain, rejects] = std::move(b).build();
    REQUIRE(chain.size() == 1);
    CHECK(chain.quotes()[0].bid == Money::dollars(2.50));  // the first added
    REQUIRE(rejects.size() == 2);
    CHECK(rejects[0].input.source_line == 7);
    CHECK(rejects[1].input.source_line == 9);
    CHECK(rejects[0].message ==
          "contract = 2024-05-17 100 call: appears 3 times (source lines 3, 7, 9)");
  }
}

TEST_CASE("nothing is lost: accepted + rejected == added, rejects in add() order") {
  ChainBuilder b(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(100));
  std::size_t added = 0;
  for (int k = 80; k <= 120; ++k) {
    const double bid = (k % 7 == 0) ? 5.0 : 1.0;  // every 7th strike crossed (ask 1.5)
    b.add(input(may17, k, OptionRight::call, bid, 1.5, 10, static_cast<std::size_t>(k)));
    b.add(input(may17, k, OptionRight::put, std::nullopt, 1.5, 10, static_cast<std::size_t>(k)));
    added += 2;
  }
  b.add(input(2024y / May / 3, 100, OptionRight::call, 1.0, 1.5));  // expired
  ++added;
  const auto [chain, rejects] = std::move(b).build();
  CHECK(chain.size() + rejects.size() == added);
  CHECK(rejects.size() == 6 + 1);  // 84, 91, 98, 105, 112, 119 crossed; 1 expired
  for (std::size_t i = 1; i < rejects.size(); ++i) {
    CHECK(rejects[i - 1].sequence < rejects[i].sequence);
  }
  CHECK(rejects.back().reason == QuoteRejectReason::expired);
}

TEST_CASE("the builder refuses a spot that is not positive") {
  CHECK_THROWS_WITH_AS(
      ChainBuilder(Symbol::parse("TEST"), test::synthetic_as_of(), Price::dollars(0.0)),
      "spot = 0: must be positive", InvalidInput);
}

TEST_CASE("reasons name themselves and map onto error codes") {
  CHECK(to_string(QuoteRejectReason::crossed) == "crossed");
  CHECK(to_string(QuoteRejectReason::one_sided) == "one_sided");
  CHECK(to_string(QuoteRejectReason::duplicate) == "duplicate");
  CHECK(error_code(QuoteRejectReason::crossed) == ErrorCode::inconsistent);
  CHECK(error_code(QuoteRejectReason::strike_off_grid) == ErrorCode::not_on_grid);
  CHECK(error_code(QuoteRejectReason::not_finite) == ErrorCode::not_finite);
  CHECK(error_code(QuoteRejectReason::one_sided) == ErrorCode::missing);
  CHECK(error_code(QuoteRejectReason::bad_size) == ErrorCode::negative);
}
