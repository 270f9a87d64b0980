// ivcrush/core/price.hpp: a price level in US dollars per share (a spot, a close, a breakeven).
//
//   auto spot = Price::dollars(182.47);
//   Money move = Price::dollars(190.0) - spot;   // level − level → amount
//   Price up   = spot + Money::dollars(5.0);     // level ± amount → level
//
// BasicPrice<Rep> is a *level*, as std::chrono::time_point is to duration: Price + Price does not
// exist. Factories reject NaN, infinity and negative values with InvalidInput naming the field.
// Option premiums are amounts per share and so are Money, not Price.
#pragma once

#include <compare>
#include <concepts>

#include "ivcrush/config.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

template <std::floating_point Rep>
class BasicPrice {
 public:
  using rep = Rep;

  constexpr BasicPrice() noexcept = default;

  [[nodiscard]] static constexpr BasicPrice dollars(Rep level) {
    return BasicPrice(detail::require_non_negative("price", level));
  }

  // For library code computing a level from already-validated values (asserted, not checked).
  [[nodiscard]] static constexpr BasicPrice from_validated(Rep level) noexcept {
    IVCRUSH_ASSERT(detail::is_finite(level) && level >= Rep{0}, "price must be finite and >= 0");
    return BasicPrice(level);
  }

  [[nodiscard]] constexpr Rep dollars() const noexcept { return level_; }

  friend constexpr auto operator<=>(const BasicPrice&, const BasicPrice&) = default;

  [[nodiscard]] friend constexpr BasicMoney<Rep> operator-(BasicPrice a, BasicPrice b) noexcept {
    return BasicMoney<Rep>::from_validated(a.level_ - b.level_);
  }
  // Level ± amount is a level. The result may be negative for a large amount; callers that
  // need a valid price from a computed value go through Price::dollars to validate it.
  [[nodiscard]] friend constexpr BasicPrice operator+(BasicPrice a, BasicMoney<Rep> m) noexcept {
    return BasicPrice(a.level_ + m.dollars());
  }
  [[nodiscard]] friend constexpr BasicPrice operator+(BasicMoney<Rep> m, BasicPrice a) noexcept {
    return a + m;
  }
  [[nodiscard]] friend constexpr BasicPrice operator-(BasicPrice a, BasicMoney<Rep> m) noexcept {
    return BasicPrice(a.level_ - m.dollars());
  }
  // Scaling a level by a plain factor (spot × (1 + move)) is a level.
  [[nodiscard]] friend constexpr BasicPrice operator*(BasicPrice a, Rep k) noexcept {
    return BasicPrice(a.level_ * k);
  }
  // Level / level is a plain ratio (a gross return, a moneyness).
  [[nodiscard]] friend constexpr Rep operator/(BasicPrice a, BasicPrice b) noexcept {
    return a.level_ / b.level_;
  }

 private:
  explicit constexpr BasicPrice(Rep level) noexcept : level_(level) {}
  Rep level_ = Rep{0};
};

using Price = BasicPrice<double>;

}  // namespace ivcrush::inline v0
