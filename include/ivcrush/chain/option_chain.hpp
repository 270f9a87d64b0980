// ivcrush/chain/option_chain.hpp: an immutable, validated option chain of one underlying.
//
//   ChainBuilder b(Symbol::parse("AAPL"), as_of, Price::dollars(102.5));   // chain_builder.hpp
//   b.add({.expiration = 2024y / May / 17, .strike = 100.0, .right = OptionRight::call, ...});
//   auto [chain, rejects] = std::move(b).build();
//   auto e = chain.first_expiration_after(event);             // respects BMO / AMC
//   auto view = chain.expiration(*e);                         // std::optional<ExpirationView>
//   view->atm_strike();                                       // nearest to spot, tie -> upper
//   view->strikes_near_atm(Percentage::from_pct(5));          // span, no allocation
//   chain.quote(*e, Strike::parse("100"), OptionRight::put);  // const OptionQuote* or nullptr
//   chain.straddle(*e, Strike::parse("105"));                 // std::optional<Straddle>
//
// What: the underlying, the as-of instant (std::chrono::sys_seconds), the spot (Price) and, per
// expiration, the calls and puts by exact Strike. Only ChainBuilder makes one, so every quote in
// it is validated (chain_builder.hpp); afterwards it never changes.
//
// Layout (flat, sorted once at build): quotes() holds every quote ordered by (expiration,
// strike, call before put) in one contiguous vector, contracts() the parallel (expiration,
// strike, right) keys. Per expiration, the sorted union of its call and put strikes is one slice
// of a strike vector, with two parallel index vectors pointing into quotes() (or no_quote).
// Values computed per quote later (implied volatilities, greeks: chain_greeks.hpp) live
// in a vector parallel to quotes(), filled in one pass, so the chain itself stays immutable.
//
// Complexity: expiration lookup O(log E); strike queries O(log K) on that expiration's K
// strikes; nothing allocates. An empty chain (every quote rejected, or none given) is a valid
// result: expirations() is empty and every query returns nullopt, nullptr or an empty span.
//
// ATM (the original's rule, domain-spec §1.5): the strike nearest to spot; on an exact tie
// between two neighbours the *upper* strike wins ({100, 105}, S = 102.5 -> 105). "Exact" means
// the spot double equals the correctly rounded midpoint of the two strikes, so a decimal spot
// half way between two strikes ties as it would in decimal arithmetic. The ATM strike may have a
// quote on one side only; callers check (straddle() returns nullopt then).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/config.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

class ChainBuilder;
class OptionChain;

// The identity of one contract in a chain.
struct ContractKey {
  Expiration expiration;
  Strike strike;
  OptionRight right = OptionRight::call;

  friend constexpr bool operator==(const ContractKey&, const ContractKey&) = default;
  friend constexpr auto operator<=>(const ContractKey&, const ContractKey&) = default;
};

// A call and a put at one strike of one expiration; both pointers are non-null and point into
// the chain (valid while the chain lives).
struct Straddle {
  Expiration expiration;
  Strike strike;
  const OptionQuote* call = nullptr;
  const OptionQuote* put = nullptr;
};

// The straddle's price at mid: mid(call) + mid(put), per share.
[[nodiscard]] inline Money mid(const Straddle& s) noexcept {
  IVCRUSH_ASSERT(s.call != nullptr && s.put != nullptr, "a straddle has both legs");
  return mid(*s.call) + mid(*s.put);
}

namespace detail {

// Index of the strike nearest to `level` in sorted `strikes`; on an exact tie the upper one.
// `strikes` must not be empty.
[[nodiscard]] inline std::size_t nearest_strike_index(std::span<const Strike> strikes,
                                                      double level) noexcept {
  IVCRUSH_ASSERT(!strikes.empty(), "nearest strike of an empty strike list");
  const auto it = std::lower_bound(strikes.begin(), strikes.end(), level,
                                   [](Strike k, double x) { return k.dollars() < x; });
  const auto i = static_cast<std::size_t>(it - strikes.begin());
  if (i == 0) return 0;
  if (i == strikes.size()) return i - 1;
  // Lower wins only when strictly closer: level below the midpoint of the two neighbours. The
  // midpoint in ticks is a multiple of 0.5, exact in a double; dividing by 1000 rounds it once,
  // as parsing its decimal text would.
  const double midpoint = static_cast<double>(strikes[i - 1].ticks() + strikes[i].ticks()) /
                          (2.0 * static_cast<double>(Strike::ticks_per_dollar));
  return level < midpoint ? i - 1 : i;
}

}  // namespace detail

// A view of one expiration of a chain (cheap to copy; valid while the chain lives).
class ExpirationView {
 public:
  [[nodiscard]] Expiration expiration() const noexcept;
  // The sorted union of the call and put strikes of this expiration.
  [[nodiscard]] std::span<const Strike> strikes() const noexcept;
  // The strike nearest to the chain's spot, tie -> upper (see the synopsis).
  [[nodiscard]] std::optional<Strike> atm_strike() const noexcept;
  // The strike nearest to `level`, tie -> upper.
  [[nodiscard]] std::optional<Strike> nearest_strike(Price level) const noexcept;
  // Strikes K with low <= K <= high (inclusive); empty when low > high.
  [[nodiscard]] std::span<const Strike> strikes_between(Price low, Price high) const noexcept;
  // Strikes K with S(1 - r) <= K <= S(1 + r), S the chain's spot (the original's
  // strikes_near_atm(r), bounds inclusive).
  [[nodiscard]] std::span<const Strike> strikes_near_atm(Percentage r) const noexcept;
  [[nodiscard]] const OptionQuote* quote(Strike strike, OptionRight right) const noexcept;
  [[nodiscard]] const OptionQuote* call(Strike strike) const noexcept {
    return quote(strike, OptionRight::call);
  }
  [[nodiscard]] const OptionQuote* put(Strike strike) const noexcept {
    return quote(strike, OptionRight::put);
  }
  // The position of that quote in the chain's quotes() (for values kept parallel to it).
  [[nodiscard]] std::optional<std::size_t> quote_index(Strike strike,
                                                       OptionRight right) const noexcept;
  // The call and the put at `strike`, or nullopt if either is missing.
  [[nodiscard]] std::optional<Straddle> straddle(Strike strike) const noexcept;

 private:
  friend class OptionChain;
  ExpirationView(const OptionChain& chain, std::size_t slice) noexcept
      : chain_(&chain), slice_(slice) {}
  const OptionChain* chain_;
  std::size_t slice_;
};

class OptionChain {
 public:
  static constexpr std::uint32_t no_quote = std::numeric_limits<std::uint32_t>::max();

  OptionChain() = default;

  [[nodiscard]] Symbol underlying() const noexcept { return underlying_; }
  [[nodiscard]] std::chrono::sys_seconds as_of() const noexcept { return as_of_; }
  [[nodiscard]] Price spot() const noexcept { return spot_; }

  [[nodiscard]] bool empty() const noexcept { return quotes_.empty(); }
  // Number of quotes (contracts) in the chain.
  [[nodiscard]] std::size_t size() const noexcept { return quotes_.size(); }
  // Every quote, ordered by (expiration, strike, call before put).
  [[nodiscard]] std::span<const OptionQuote> quotes() const noexcept { return quotes_; }
  // The contract of each quote, parallel to quotes().
  [[nodiscard]] std::span<const ContractKey> contracts() const noexcept { return contracts_; }

  // Expirations with at least one quote, ascending.
  [[nodiscard]] std::span<const Expiration> expirations() const noexcept { return expirations_; }

  [[nodiscard]] std::optional<ExpirationView> expiration(Expiration e) const noexcept {
    const auto it = std::lower_bound(expirations_.begin(), expirations_.end(), e);
    if (it == expirations_.end() || *it != e) return std::nullopt;
    return ExpirationView(*this, static_cast<std::size_t>(it - expirations_.begin()));
  }
  [[nodiscard]] std::optional<ExpirationView> expiration(
      std::chrono::year_month_day date) const noexcept {
    if (!date.ok()) return std::nullopt;
    return expiration(Expiration::from_date(date));
  }

  // The first expiration whose contracts contain the market's reaction to an announcement on
  // `date` (a New York calendar date), by timing:
  // - before_open, during_market: the announcement precedes that day's 16:00 expiry, so an
  //   expiration on `date` itself already holds the reaction (date >= announcement date);
  // - after_close, unknown: an expiration on `date` expires before the news, so the first one
  //   strictly after the date (unknown is treated as after close, the conservative choice).
  // nullopt when the chain has no such expiration.
  [[nodiscard]] std::optional<Expiration> first_expiration_after(
      std::chrono::year_month_day date, EarningsTiming timing) const noexcept {
    using std::chrono::sys_days;
    const bool same_day_ok =
        timing == EarningsTiming::before_open || timing == EarningsTiming::during_market;
    const sys_days announcement{date};
    const auto it = std::find_if(expirations_.begin(), expirations_.end(), [&](Expiration e) {
      // The last session it trades in (a Saturday-dated monthly trades last on the Friday, so
      // it does not cover a Friday after-close report).
      const sys_days d{e.last_trading_date()};
      return same_day_ok ? d >= announcement : d > announcement;
    });
    if (it == expirations_.end()) return std::nullopt;
    return *it;
  }
  // The same for an event of this chain's underlying; another symbol throws InvalidInput
  // (ErrorCode::inconsistent): an AAPL chain says nothing about an MSFT announcement.
  [[nodiscard]] std::optional<Expiration> first_expiration_after(const EarningsEvent& event) const {
    if (event.symbol != underlying_) {
      throw InvalidInput(ErrorCode::inconsistent,
                         fmt::format("event symbol = {}: is not the chain's underlying {}",
                                     event.symbol.view(), underlying_.view()));
    }
    return first_expiration_after(event.date, event.timing);
  }

  [[nodiscard]] std::optional<std::size_t> quote_index(Expiration e, Strike strike,
                                                       OptionRight right) const noexcept {
    const auto view = expiration(e);
    if (!view) return std::nullopt;
    return view->quote_index(strike, right);
  }
  [[nodiscard]] const OptionQuote* quote(Expiration e, Strike strike,
                                         OptionRight right) const noexcept {
    const auto i = quote_index(e, strike, right);
    return i ? &quotes_[*i] : nullptr;
  }
  [[nodiscard]] std::optional<Straddle> straddle(Expiration e, Strike strike) const noexcept {
    const auto view = expiration(e);
    if (!view) return std::nullopt;
    return view->straddle(strike);
  }

 private:
  friend class ChainBuilder;
  friend class ExpirationView;

  Symbol underlying_;
  std::chrono::sys_seconds as_of_{};
  Price spot_;
  std::vector<Expiration> expirations_;
  // Expiration i's strikes are strikes_[strike_begin_[i] .. strike_begin_[i + 1]).
  std::vector<std::uint32_t> strike_begin_;
  std::vector<Strike> strikes_;
  std::vector<std::uint32_t> call_index_;  // parallel to strikes_: index into quotes_ or no_quote
  std::vector<std::uint32_t> put_index_;   // idem
  std::vector<ContractKey> contracts_;     // parallel to quotes_
  std::vector<OptionQuote> quotes_;
};

inline Expiration ExpirationView::expiration() const noexcept {
  return chain_->expirations_[slice_];
}

inline std::span<const Strike> ExpirationView::strikes() const noexcept {
  const auto begin = chain_->strike_begin_[slice_];
  const auto end = chain_->strike_begin_[slice_ + 1];
  return std::span<const Strike>(chain_->strikes_).subspan(begin, end - begin);
}

inline std::optional<Strike> ExpirationView::nearest_strike(Price level) const noexcept {
  const auto ks = strikes();
  if (ks.empty()) return std::nullopt;
  return ks[detail::nearest_strike_index(ks, level.dollars())];
}

inline std::optional<Strike> ExpirationView::atm_strike() const noexcept {
  return nearest_strike(chain_->spot_);
}

inline std::span<const Strike> ExpirationView::strikes_between(Price low,
                                                               Price high) const noexcept {
  const auto ks = strikes();
  if (high < low) return ks.first(0);
  const auto first = std::lower_bound(ks.begin(), ks.end(), low.dollars(),
                                      [](Strike k, double x) { return k.dollars() < x; });
  const auto last = std::upper_bound(first, ks.end(), high.dollars(),
                                     [](double x, Strike k) { return x < k.dollars(); });
  return ks.subspan(static_cast<std::size_t>(first - ks.begin()),
                    static_cast<std::size_t>(last - first));
}

inline std::span<const Strike> ExpirationView::strikes_near_atm(Percentage r) const noexcept {
  if (r.fraction() < 0.0) return strikes().first(0);  // a negative band selects nothing
  const double s = chain_->spot_.dollars();
  // Above 100 % the lower bound would be negative: every strike from 0 up is inside.
  const double low = std::max(0.0, s * (1.0 - r.fraction()));
  const double high = s * (1.0 + r.fraction());
  return strikes_between(Price::from_validated(low), Price::from_validated(high));
}

inline std::optional<std::size_t> ExpirationView::quote_index(Strike strike,
                                                              OptionRight right) const noexcept {
  const auto ks = strikes();
  const auto it = std::lower_bound(ks.begin(), ks.end(), strike);
  if (it == ks.end() || *it != strike) return std::nullopt;
  const auto pos = chain_->strike_begin_[slice_] + static_cast<std::size_t>(it - ks.begin());
  const std::uint32_t index =
      right == OptionRight::call ? chain_->call_index_[pos] : chain_->put_index_[pos];
  if (index == OptionChain::no_quote) return std::nullopt;
  return index;
}

inline const OptionQuote* ExpirationView::quote(Strike strike, OptionRight right) const noexcept {
  const auto i = quote_index(strike, right);
  return i ? &chain_->quotes_[*i] : nullptr;
}

inline std::optional<Straddle> ExpirationView::straddle(Strike strike) const noexcept {
  const OptionQuote* c = call(strike);
  const OptionQuote* p = put(strike);
  if (c == nullptr || p == nullptr) return std::nullopt;
  return Straddle{expiration(), strike, c, p};
}

}  // namespace ivcrush::inline v0
