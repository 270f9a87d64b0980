// OptionRight and OptionQuote: parsing, mid, spread, spread_pct and the liquidity gate, against
// domain-spec §8 "Quotes and chains" (values recomputed by hand in each case).
#include "ivcrush/chain/option_quote.hpp"

#include <doctest/doctest.h>

#include "ivcrush/core/option_right.hpp"
#include "support/check_close.hpp"

using namespace ivcrush;

namespace {

OptionQuote quote(double bid, double ask, std::optional<std::int64_t> oi = std::nullopt) {
  return OptionQuote{.bid = Money::dollars(bid), .ask = Money::dollars(ask), .open_interest = oi};
}

}  // namespace

TEST_CASE("OptionRight parses the vendor letters and the original's names, nothing else") {
  CHECK(parse_option_right("C") == OptionRight::call);
  CHECK(parse_option_right("P") == OptionRight::put);
  CHECK(parse_option_right("call") == OptionRight::call);
  CHECK(parse_option_right("put") == OptionRight::put);
  CHECK(to_string(OptionRight::call) == "call");
  CHECK(to_string(OptionRight::put) == "put");
  CHECK(OptionRight::call < OptionRight::put);  // calls are stored first
  CHECK_THROWS_WITH_AS((void)parse_option_right("c"),
                       "option right = 'c': must be one of C, P, call, put", InvalidInput);
  CHECK_THROWS_WITH_AS((void)parse_option_right("CALL"),
                       "option right = 'CALL': must be one of C, P, call, put", InvalidInput);
  CHECK_THROWS_WITH_AS((void)parse_option_right(""),
                       "option right = '': must be one of C, P, call, put", InvalidInput);
}

TEST_CASE("§8 Quote(2.50, 2.60, OI 500): mid 2.55, spread 0.10, spread_pct 3.9215686, liquid") {
  const auto q = quote(2.50, 2.60, 500);
  CHECK_CLOSE(mid(q).dollars(), 2.55, 1e-12, 0.0);
  CHECK_CLOSE(spread(q).dollars(), 0.10, 1e-12, 0.0);
  CHECK_CLOSE(spread_pct(q).pct(), 0.10 / 2.55 * 100.0, 1e-9, 0.0);
  CHECK_CLOSE(spread_pct(q).pct(), 3.9215686, 1e-6, 0.0);
  CHECK(is_liquid(q));
}

TEST_CASE("§8 Quote(1, 10): spread 9, spread_pct 163.63..., illiquid") {
  const auto q = quote(1.0, 10.0);
  CHECK_CLOSE(spread(q).dollars(), 9.0, 1e-12, 0.0);
  CHECK_CLOSE(spread_pct(q).pct(), 9.0 / 5.5 * 100.0, 1e-9, 0.0);
  CHECK_FALSE(is_liquid(q));
  CHECK_FALSE(is_liquid(quote(1.0, 10.0, 500)));  // illiquid by the spread alone
}

TEST_CASE("§8 Quote(2.0, 1.9, OI 5): the crossed-market [BUG] is fixed") {
  const auto q = quote(2.0, 1.9, 5);
  CHECK_CLOSE(mid(q).dollars(), 1.95, 1e-12, 0.0);
  CHECK_CLOSE(spread(q).dollars(), -0.10, 1e-12, 0.0);
  CHECK_CLOSE(spread_pct(q).pct(), -5.1282051, 1e-6, 0.0);  // the original's formula, kept
  CHECK(is_crossed(q));
  CHECK_FALSE(is_liquid(q));  // the original said liquid; a crossed market never is
}

TEST_CASE("§8 Quote(1.0, 1.6666, OI 5) is liquid at 49.99625 % - Quote(1, 2) is not at 66.67 %") {
  const auto q = quote(1.0, 1.6666, 5);
  CHECK_CLOSE(spread_pct(q).pct(), 0.6666 / 1.3333 * 100.0, 1e-9, 0.0);
  CHECK_CLOSE(spread_pct(q).pct(), 49.99625, 1e-6, 0.0);
  CHECK(is_liquid(q));
  const auto wide = quote(1.0, 2.0, 5);
  CHECK_CLOSE(spread_pct(wide).pct(), 100.0 / 1.5, 1e-9, 0.0);
  CHECK_CLOSE(spread_pct(wide).pct(), 66.67, 0.005, 0.0);
  CHECK_FALSE(is_liquid(wide));
}

TEST_CASE("spread_pct floors: a side below one cent, a one-sided quote, a zero mid give 100 %") {
  CHECK(spread_pct(quote(0.0, 1.0, 5)).pct() == 100.0);    // §7.1: zero bid
  CHECK(spread_pct(quote(0.0, 0.0, 5)).pct() == 100.0);    // §7.1: 0/0
  CHECK(spread_pct(quote(0.5, 0.005, 5)).pct() == 100.0);  // ask below $0.01
  CHECK(spread_pct(quote(0.01, 0.02, 5)).pct() != 100.0);  // exactly one cent is a side
  auto one_sided = quote(0.0, 1.0, 5);
  one_sided.one_sided = true;
  CHECK(spread_pct(one_sided).pct() == 100.0);
  CHECK_CLOSE(mid(one_sided).dollars(), 0.5, 1e-12, 0.0);  // documented: ask / 2
  CHECK_FALSE(is_liquid(one_sided));
}

TEST_CASE("is_liquid: each condition of the gate can fail on its own") {
  CHECK(is_liquid(quote(1.0, 1.1, 1)));
  CHECK_FALSE(is_liquid(quote(1.0, 1.1, 0)));    // OI 0
  CHECK_FALSE(is_liquid(quote(1.0, 1.1)));       // OI unknown counts as 0
  CHECK_FALSE(is_liquid(quote(0.0, 1.1, 100)));  // no bid
  CHECK_FALSE(is_liquid(quote(1.0, 2.0, 100)));  // 66.7 % spread
  CHECK(is_liquid(quote(1.0, 1.0, 100)));        // a locked market is fine
  CHECK(spread_pct(quote(1.0, 1.0, 100)).pct() == 0.0);
}

TEST_CASE("vendor values are carried apart from computed ones") {
  OptionQuote q = quote(1.0, 1.1, 10);
  q.vendor_iv = Volatility::from_fraction(0.35);
  q.vendor_greeks.delta = 0.52;
  q.vendor_greeks.theta_per_day = -0.04;
  CHECK_CLOSE(q.vendor_iv->points(), 35.0, 1e-12, 0.0);
  CHECK(q.vendor_greeks.delta == 0.52);
  CHECK_FALSE(q.vendor_greeks.gamma.has_value());
  CHECK_FALSE(q.vendor_greeks.vega_per_vol_point.has_value());
}
