// ivcrush/earnings/implied_move.hpp: the earnings move the options of one expiration price, in
// named variants.
//
//   const auto e = chain.first_expiration_after(event);           // option_chain.hpp
//   ImpliedMove m = atm_straddle_move(chain, *e);                 // the original (§2.1)
//   if (m.ok()) fmt::print("{} ({} .. {})\n", m.move, m.lower_bound, m.upper_bound);
//   interpolated_straddle_move(chain, *e, VendorIvs{});           // §2.2, vendor IVs reported
//   expected_move(greeks, *e);                                    // 0.85 × straddle, our IVs
//   implied_event_move(chain, ComputedIvs{greeks}, event);        // term structure (below)
//
// Variants (ImpliedMoveMethod):
// - atm_straddle (domain-spec §2.1): K = the ATM strike (nearest to spot, exact tie -> upper);
//   straddle = mid(call K) + mid(put K); move = straddle / spot; bounds spot ± straddle.
// - interpolated_straddle (§2.2, the original's production default): with L < S <= U the
//   strikes bracketing the spot (U the first strike >= S) and w = (S - L)/(U - L),
//   straddle = (1-w)·straddle(L) + w·straddle(U). A bracket counts when its call and put both
//   exist and are liquid; with one bracket only, that bracket's straddle alone
//   (StraddleBracket::lower_only / upper_only). It falls back to atm_straddle when the spot is
//   within $0.01 of L or U or outside the strike range (StraddleBracket::atm). The reported
//   atm_strike is L (the original's), upper_strike is U. avg_iv = (1-w)·avg(IV Lc, IV Lp) +
//   w·avg(IV Uc, IV Up) only when all four quotes exist and have an IV (liquidity is not
//   required for it, as in the original); call_iv and put_iv are not reported.
// - expected_move: tastytrade's "expected move", a share (default 85 %) of the ATM straddle:
//   move = share × straddle / spot, bounds spot ± share × straddle; `straddle` stays the full
//   straddle. The 0.85 is roughly √(2/π) ≈ 0.80 (straddle ≈ √(2/π)·σ√T·S for an ATM straddle)
//   rounded up: it turns the straddle's expected absolute move into a ~1σ range.
// - the move implied by the term structure (the event variance in excess of the diffusive
//   variance of later expirations) is implied_event_move in term_structure.hpp, included here.
// IVs reported on the side (call_iv, put_iv, avg_iv) come from an IvProvider the caller names:
// NoIvs (default when given a chain), VendorIvs{} (the original's), or ComputedIvs (ours; the
// overloads taking a ChainGreeks use them).
//
// Statuses (values, never exceptions; the original's code in brackets): ok; expired (the
// expiration's expiry instant is before the chain's as-of; 0 DTE is fine) [INVALID];
// no_expiration (the chain has no quote for it) [NODATA]; missing_call / missing_put at the
// ATM strike [NODATA]; illiquid (the ATM call or put fails is_liquid: no bid, no open interest,
// spread >= 50 %) [INVALID]; interpolation with no usable bracket: missing_lower_bracket,
// missing_upper_bracket (checked in that order), illiquid_brackets [NODATA];
// unknown_open_interest (ours): the legs (or brackets) fail only because their open interest is
// unknown and the LiquidityPolicy counts it as 0 (unknown_is_zero, the default): they would
// price under unknown_is_acceptable. A known OI of 0 stays illiquid under both. The original's
// "spot <= 0" and "straddle <= 0" checks cannot fail on a built chain (positive spot, liquid
// legs have a positive bid). Values above 100 % are legal; the lower bound may be negative.
// Errors: InvalidInput for an expected-move share that is not in (0, 1].
// Complexity: O(log K) lookups on the expiration's K strikes; no allocation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string_view>

#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/term_structure.hpp"

namespace ivcrush::inline v0 {

enum class ImpliedMoveMethod { atm_straddle, interpolated_straddle, expected_move };

[[nodiscard]] constexpr std::string_view to_string(ImpliedMoveMethod m) noexcept {
  switch (m) {
    case ImpliedMoveMethod::atm_straddle: return "atm_straddle";
    case ImpliedMoveMethod::interpolated_straddle: return "interpolated_straddle";
    case ImpliedMoveMethod::expected_move: return "expected_move";
  }
  return "unknown";
}

enum class ImpliedMoveStatus {
  ok,
  expired,
  no_expiration,
  missing_call,
  missing_put,
  illiquid,
  missing_lower_bracket,
  missing_upper_bracket,
  illiquid_brackets,
  unknown_open_interest,
};

[[nodiscard]] constexpr std::string_view to_string(ImpliedMoveStatus s) noexcept {
  switch (s) {
    case ImpliedMoveStatus::ok: return "ok";
    case ImpliedMoveStatus::expired: return "expired";
    case ImpliedMoveStatus::no_expiration: return "no_expiration";
    case ImpliedMoveStatus::missing_call: return "missing_call";
    case ImpliedMoveStatus::missing_put: return "missing_put";
    case ImpliedMoveStatus::illiquid: return "illiquid";
    case ImpliedMoveStatus::missing_lower_bracket: return "missing_lower_bracket";
    case ImpliedMoveStatus::missing_upper_bracket: return "missing_upper_bracket";
    case ImpliedMoveStatus::illiquid_brackets: return "illiquid_brackets";
    case ImpliedMoveStatus::unknown_open_interest: return "unknown_open_interest";
  }
  return "unknown";
}

// Which straddle(s) the move was priced from.
enum class StraddleBracket {
  atm,           // the ATM strike's straddle (atm_straddle, expected_move, interpolation fallback)
  interpolated,  // both bracketing straddles, weighted
  lower_only,    // the lower bracket alone (the upper one missing or illiquid)
  upper_only,    // the upper bracket alone
};

[[nodiscard]] constexpr std::string_view to_string(StraddleBracket b) noexcept {
  switch (b) {
    case StraddleBracket::atm: return "atm";
    case StraddleBracket::interpolated: return "interpolated";
    case StraddleBracket::lower_only: return "lower_only";
    case StraddleBracket::upper_only: return "upper_only";
  }
  return "unknown";
}

// One implied move. The money and move fields are meaningful only when ok().
struct ImpliedMove {
  ImpliedMoveMethod method = ImpliedMoveMethod::atm_straddle;
  ImpliedMoveStatus status = ImpliedMoveStatus::no_expiration;
  Expiration expiration;
  Price spot;
  StraddleBracket bracket = StraddleBracket::atm;
  std::optional<Strike> atm_strike;    // the straddle's strike; interpolated: L (see synopsis)
  std::optional<Strike> upper_strike;  // interpolated with brackets: U
  double upper_weight = 0.0;           // w = (S - L)/(U - L) when interpolating, else 0
  Money straddle;                      // per share, the full (possibly weighted) straddle
  Percentage move;                     // share × straddle / spot (share 1 but expected_move)
  Price upper_bound;                   // spot + share × straddle
  Price lower_bound;                   // spot - share × straddle (may be negative)
  std::optional<Volatility> call_iv;
  std::optional<Volatility> put_iv;
  std::optional<Volatility> avg_iv;

  [[nodiscard]] bool ok() const noexcept { return status == ImpliedMoveStatus::ok; }
};

namespace detail {

[[nodiscard]] inline std::optional<Volatility> average_iv(std::optional<Volatility> a,
                                                          std::optional<Volatility> b) {
  if (!a || !b) return std::nullopt;
  return Volatility::from_fraction((a->fraction() + b->fraction()) / 2.0);
}

inline void set_move(ImpliedMove& m, Money straddle, double share) {
  m.straddle = straddle;
  const Money moved = straddle * share;
  m.move = Percentage::from_fraction(moved / Money::dollars(m.spot.dollars()));
  m.upper_bound = m.spot + moved;
  m.lower_bound = m.spot - moved;
  m.status = ImpliedMoveStatus::ok;
}

[[nodiscard]] inline ImpliedMove start_move(ImpliedMoveMethod method, const OptionChain& chain,
                                            Expiration e) {
  ImpliedMove m;
  m.method = method;
  m.expiration = e;
  m.spot = chain.spot();
  if (e.expiry_time() < chain.as_of()) m.status = ImpliedMoveStatus::expired;
  return m;
}

// Both legs would pass is_liquid if their unknown open interest were acceptable, and one of them
// fails `liquidity` for that reason alone.
[[nodiscard]] constexpr bool unknown_oi_only(const OptionQuote& call, const OptionQuote& put,
                                             LiquidityPolicy liquidity) noexcept {
  return is_liquid(call, LiquidityPolicy::unknown_is_acceptable) &&
         is_liquid(put, LiquidityPolicy::unknown_is_acceptable) &&
         (illiquid_only_by_unknown_oi(call, liquidity) ||
          illiquid_only_by_unknown_oi(put, liquidity));
}

// The §2.1 core on an expiration known to be in the chain and not expired.
template <IvProvider P>
void atm_core(ImpliedMove& m, const OptionChain& chain, const ExpirationView& view, const P& ivs,
              double share, LiquidityPolicy liquidity) {
  const auto k = view.atm_strike();
  IVCRUSH_ASSERT(k.has_value(), "an expiration in a chain has a strike");
  m.atm_strike = *k;
  m.bracket = StraddleBracket::atm;
  const auto ci = view.quote_index(*k, OptionRight::call);
  const auto pi = view.quote_index(*k, OptionRight::put);
  if (!ci) {
    m.status = ImpliedMoveStatus::missing_call;
    return;
  }
  if (!pi) {
    m.status = ImpliedMoveStatus::missing_put;
    return;
  }
  const OptionQuote& call = chain.quotes()[*ci];
  const OptionQuote& put = chain.quotes()[*pi];
  if (!is_liquid(call, liquidity) || !is_liquid(put, liquidity)) {
    m.status = unknown_oi_only(call, put, liquidity) ? ImpliedMoveStatus::unknown_open_interest
                                                     : ImpliedMoveStatus::illiquid;
    return;
  }
  set_move(m, mid(call) + mid(put), share);
  m.call_iv = ivs.iv(chain, *ci);
  m.put_iv = ivs.iv(chain, *pi);
  m.avg_iv = average_iv(m.call_iv, m.put_iv);
}

template <IvProvider P>
[[nodiscard]] ImpliedMove atm_move(ImpliedMoveMethod method, const OptionChain& chain, Expiration e,
                                   const P& ivs, double share, LiquidityPolicy liquidity) {
  ImpliedMove m = start_move(method, chain, e);
  if (m.status == ImpliedMoveStatus::expired) return m;
  const auto view = chain.expiration(e);
  if (!view) {
    m.status = ImpliedMoveStatus::no_expiration;
    return m;
  }
  atm_core(m, chain, *view, ivs, share, liquidity);
  return m;
}

}  // namespace detail

// The ATM straddle over spot (the original's standard calculator, §2.1).
template <IvProvider P = NoIvs>
[[nodiscard]] ImpliedMove atm_straddle_move(
    const OptionChain& chain, Expiration e, const P& ivs = P{},
    LiquidityPolicy liquidity = LiquidityPolicy::unknown_is_zero) {
  return detail::atm_move(ImpliedMoveMethod::atm_straddle, chain, e, ivs, 1.0, liquidity);
}
// `liquidity`: whether an unknown open interest (a modeled chain) disqualifies the ATM legs.
[[nodiscard]] inline ImpliedMove atm_straddle_move(
    const ChainGreeks& greeks, Expiration e,
    LiquidityPolicy liquidity = LiquidityPolicy::unknown_is_zero) {
  return atm_straddle_move(greeks.chain(), e, ComputedIvs(greeks), liquidity);
}

// A share of the ATM straddle (tastytrade's expected move: 85 %).
struct ExpectedMoveOptions {
  Percentage straddle_share = Percentage::from_pct(85.0);  // in (0 %, 100 %]
};

template <IvProvider P = NoIvs>
[[nodiscard]] ImpliedMove expected_move(const OptionChain& chain, Expiration e, const P& ivs = P{},
                                        const ExpectedMoveOptions& options = {}) {
  const double share = options.straddle_share.fraction();
  if (!(share > 0.0 && share <= 1.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "expected move straddle share",
                          fmt::format("{}%", options.straddle_share.pct()), "must be in (0, 100]%");
  }
  return detail::atm_move(ImpliedMoveMethod::expected_move, chain, e, ivs, share,
                          LiquidityPolicy::unknown_is_zero);
}
[[nodiscard]] inline ImpliedMove expected_move(const ChainGreeks& greeks, Expiration e,
                                               const ExpectedMoveOptions& options = {}) {
  return expected_move(greeks.chain(), e, ComputedIvs(greeks), options);
}

// The straddle interpolated between the strikes bracketing the spot (§2.2).
template <IvProvider P = NoIvs>
[[nodiscard]] ImpliedMove interpolated_straddle_move(
    const OptionChain& chain, Expiration e, const P& ivs = P{},
    LiquidityPolicy liquidity = LiquidityPolicy::unknown_is_zero) {
  ImpliedMove m = detail::start_move(ImpliedMoveMethod::interpolated_straddle, chain, e);
  if (m.status == ImpliedMoveStatus::expired) return m;
  const auto view = chain.expiration(e);
  if (!view) {
    m.status = ImpliedMoveStatus::no_expiration;
    return m;
  }
  const auto ks = view->strikes();
  const double s = chain.spot().dollars();
  const auto it =
      std::lower_bound(ks.begin(), ks.end(), s, [](Strike k, double x) { return k.dollars() < x; });
  const auto i = static_cast<std::size_t>(it - ks.begin());
  // The original's "at a strike" tolerance: one cent.
  constexpr double at_strike = 0.01;
  if (i == 0 || i == ks.size() || std::fabs(ks[i].dollars() - s) < at_strike ||
      std::fabs(ks[i - 1].dollars() - s) < at_strike) {
    detail::atm_core(m, chain, *view, ivs, 1.0, liquidity);
    return m;
  }
  const Strike lower = ks[i - 1];
  const Strike upper = ks[i];
  const double w = (s - lower.dollars()) / (upper.dollars() - lower.dollars());
  m.atm_strike = lower;
  m.upper_strike = upper;
  m.upper_weight = w;

  const auto lc = view->quote_index(lower, OptionRight::call);
  const auto lp = view->quote_index(lower, OptionRight::put);
  const auto uc = view->quote_index(upper, OptionRight::call);
  const auto up = view->quote_index(upper, OptionRight::put);
  const auto quotes = chain.quotes();
  const auto usable = [&](std::optional<std::size_t> c, std::optional<std::size_t> p) {
    return c && p && is_liquid(quotes[*c], liquidity) && is_liquid(quotes[*p], liquidity);
  };
  const bool lower_ok = usable(lc, lp);
  const bool upper_ok = usable(uc, up);
  if (!lower_ok && !upper_ok) {
    m.status = !(lc && lp)   ? ImpliedMoveStatus::missing_lower_bracket
               : !(uc && up) ? ImpliedMoveStatus::missing_upper_bracket
               : (detail::unknown_oi_only(quotes[*lc], quotes[*lp], liquidity) ||
                  detail::unknown_oi_only(quotes[*uc], quotes[*up], liquidity))
                   ? ImpliedMoveStatus::unknown_open_interest
                   : ImpliedMoveStatus::illiquid_brackets;
    return m;
  }
  const auto straddle_at = [&](std::optional<std::size_t> c, std::optional<std::size_t> p) {
    return mid(quotes[*c]) + mid(quotes[*p]);
  };
  if (lower_ok && upper_ok) {
    m.bracket = StraddleBracket::interpolated;
    detail::set_move(m, straddle_at(lc, lp) * (1.0 - w) + straddle_at(uc, up) * w, 1.0);
  } else if (lower_ok) {
    m.bracket = StraddleBracket::lower_only;
    detail::set_move(m, straddle_at(lc, lp), 1.0);
  } else {
    m.bracket = StraddleBracket::upper_only;
    detail::set_move(m, straddle_at(uc, up), 1.0);
  }
  if (lc && lp && uc && up) {
    const auto lower_iv = detail::average_iv(ivs.iv(chain, *lc), ivs.iv(chain, *lp));
    const auto upper_iv = detail::average_iv(ivs.iv(chain, *uc), ivs.iv(chain, *up));
    if (lower_iv && upper_iv) {
      m.avg_iv =
          Volatility::from_fraction((1.0 - w) * lower_iv->fraction() + w * upper_iv->fraction());
    }
  }
  return m;
}
[[nodiscard]] inline ImpliedMove interpolated_straddle_move(
    const ChainGreeks& greeks, Expiration e,
    LiquidityPolicy liquidity = LiquidityPolicy::unknown_is_zero) {
  return interpolated_straddle_move(greeks.chain(), e, ComputedIvs(greeks), liquidity);
}

}  // namespace ivcrush::inline v0
