// ivcrush/chain/option_quote.hpp: one option contract's market quote, and what follows from it.
//
//   OptionQuote q{.bid = Money::dollars(2.50), .ask = Money::dollars(2.60), .open_interest = 500};
//   mid(q)        == $2.55                 // (bid + ask) / 2, per share
//   spread(q)     == $0.10                 // ask - bid
//   spread_pct(q) == 3.9215686 %           // spread / mid, the original's rules (below)
//   is_liquid(q)  == true                  // OI > 0, spread < 50 %, bid > 0, not crossed
//
// Prices are Money per share (an option premium is an amount, not a level). Sizes are in
// contracts; an empty optional means the source did not say (unknown, not zero). Vendor values
// (an IV and greeks a data vendor computed, each with its unit in its name) are kept apart from
// anything ivcrush computes: they are never mixed with, or overwritten by, our own numbers.
// OptionQuote is a plain record: ChainBuilder validates quotes once on the way into an
// OptionChain (no crossed, negative, non-finite or zero-ask quotes ever reach a built chain);
// the functions here are O(1), noexcept in effect and allocate nothing.
//
// spread_pct follows the original (domain-spec §1.4): 100 % when a side is absent (a one-sided
// quote), when bid or ask is below $0.01, or when the mid is 0; otherwise (ask - bid) / mid,
// which is negative for a crossed market. is_liquid is the original's quote gate
// (OI > 0, spread_pct < 50 %, bid > 0) with its [BUG] fixed: a crossed market (bid > ask) is
// never liquid. An unknown open interest counts as 0 under LiquidityPolicy::unknown_is_zero
// (the original's default, so illiquid) and passes under unknown_is_acceptable; a known 0 fails.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/volatility.hpp"

namespace ivcrush::inline v0 {

// Greeks as a data vendor reported them, per share, in the units their names say.
struct VendorGreeks {
  std::optional<double> delta;               // per $1 of underlying; calls > 0, puts < 0
  std::optional<double> gamma;               // delta per $1 of underlying
  std::optional<double> theta_per_day;       // $ per calendar day
  std::optional<double> vega_per_vol_point;  // $ per 1 vol point (0.01 of σ)

  friend bool operator==(const VendorGreeks&, const VendorGreeks&) = default;
};

struct OptionQuote {
  Money bid;                                  // per share; $0 when one_sided
  Money ask;                                  // per share
  std::optional<Money> last;                  // last trade price per share, if any trade
  std::optional<std::int64_t> bid_size;       // contracts
  std::optional<std::int64_t> ask_size;       // contracts
  std::optional<std::int64_t> volume;         // contracts traded in the session
  std::optional<std::int64_t> open_interest;  // contracts open
  std::optional<Volatility> vendor_iv;        // the vendor's implied volatility, annualized
  VendorGreeks vendor_greeks;
  // The source had no bid at all (kept only under OneSidedQuotes::keep_with_zero_bid); bid is
  // then $0. A quote whose bid is a real $0 is two-sided and not flagged.
  bool one_sided = false;

  friend bool operator==(const OptionQuote&, const OptionQuote&) = default;
};

// (bid + ask) / 2 per share. A one-sided quote has bid $0, so its mid is ask / 2, like a quote
// bidding $0; check one_sided (or is_liquid) before trusting it.
[[nodiscard]] constexpr Money mid(const OptionQuote& q) noexcept { return (q.bid + q.ask) / 2.0; }

// ask - bid per share (negative for a crossed quote, which a built chain never holds).
[[nodiscard]] constexpr Money spread(const OptionQuote& q) noexcept { return q.ask - q.bid; }

[[nodiscard]] constexpr bool is_crossed(const OptionQuote& q) noexcept { return q.bid > q.ask; }

// The relative spread in percent of the mid, with the original's floors (see the synopsis).
[[nodiscard]] constexpr Percentage spread_pct(const OptionQuote& q) noexcept {
  constexpr double min_side = 0.01;
  const auto hundred = Percentage::from_fraction(1.0);
  if (q.one_sided || q.bid.dollars() < min_side || q.ask.dollars() < min_side) return hundred;
  const Money m = mid(q);
  if (m == Money::zero()) return hundred;
  return Percentage::from_fraction(spread(q) / m);
}

// What an unknown open interest or volume (OptionQuote's nullopt: a modeled chain, or an export
// without the column) means for a quote's liquidity: the straddle gate below, the tiers of
// earnings/liquidity.hpp and a short leg's tier in the strategy builders. A known 0 is never
// unknown: it is illiquid under either policy. The programs take it as --unknown-oi and the
// bindings as unknown_oi, spelled "acceptable" or "zero" (to_string / parse_liquidity_policy).
enum class LiquidityPolicy {
  unknown_is_zero,        // "zero": unknown counts as 0 (so illiquid / REJECT); the library default
  unknown_is_acceptable,  // "acceptable": unknown OI / volume do not disqualify; the spread and
                          // the bid still do, and the tier says UNKNOWN instead of a grade
};

[[nodiscard]] constexpr std::string_view to_string(LiquidityPolicy p) noexcept {
  return p == LiquidityPolicy::unknown_is_zero ? "zero" : "acceptable";
}

// The one parser of the spellings above; InvalidInput (malformed) naming `field` otherwise.
[[nodiscard]] inline LiquidityPolicy parse_liquidity_policy(std::string_view text,
                                                            std::string_view field = "unknown_oi") {
  for (const auto p : {LiquidityPolicy::unknown_is_acceptable, LiquidityPolicy::unknown_is_zero}) {
    if (text == to_string(p)) return p;
  }
  throw InvalidInput(ErrorCode::malformed,
                     fmt::format("{} = '{}': must be acceptable or zero", field, text));
}

// The original's per-quote liquidity gate (domain-spec §1.4, used by the implied move, §2.1),
// with crossed markets excluded. Volume is not required (it is 0 outside market hours).
[[nodiscard]] constexpr bool is_liquid(
    const OptionQuote& q, LiquidityPolicy policy = LiquidityPolicy::unknown_is_zero) noexcept {
  constexpr double max_spread_pct = 50.0;
  const bool open_interest_ok =
      q.open_interest ? *q.open_interest > 0 : policy == LiquidityPolicy::unknown_is_acceptable;
  return !q.one_sided && !is_crossed(q) && open_interest_ok &&
         spread_pct(q).pct() < max_spread_pct && q.bid > Money::zero();
}

// The quote fails is_liquid only because its open interest is unknown and `policy` counts that
// as 0: it would pass under unknown_is_acceptable (the implied move's unknown_open_interest).
[[nodiscard]] constexpr bool illiquid_only_by_unknown_oi(const OptionQuote& q,
                                                         LiquidityPolicy policy) noexcept {
  return !q.open_interest && !is_liquid(q, policy) &&
         is_liquid(q, LiquidityPolicy::unknown_is_acceptable);
}

}  // namespace ivcrush::inline v0
