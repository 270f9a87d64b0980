// ivcrush/core/money.hpp: an amount of US dollars (a difference, not a level).
//
//   auto credit = Money::dollars(1.25);
//   auto fee    = Money::cents(65);
//   (credit - fee).dollars() == 0.60
//
// BasicMoney<Rep> is templated on a floating-point representation; Money = BasicMoney<double>.
// It is an *amount*: Money ± Money → Money, Money × scalar → Money, Money / Money → plain ratio,
// Money × Percentage → Money. Levels (Price, Strike) live in price.hpp and strike.hpp:
// level − level → Money and level ± Money → level. Money + Percentage and double → Money
// conversions do not exist. Factories reject NaN and infinity with InvalidInput; any finite
// amount (negative for debits and losses) is valid. Arithmetic is constexpr and noexcept.
#pragma once

#include <compare>
#include <concepts>
#include <cstdint>

#include "ivcrush/config.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

template <std::floating_point Rep>
class BasicMoney {
 public:
  using rep = Rep;

  constexpr BasicMoney() noexcept = default;

  [[nodiscard]] static constexpr BasicMoney dollars(Rep amount) {
    return BasicMoney(detail::require_finite("money", amount));
  }
  [[nodiscard]] static constexpr BasicMoney cents(std::int64_t amount) noexcept {
    return BasicMoney(static_cast<Rep>(amount) / Rep{100});
  }
  [[nodiscard]] static constexpr BasicMoney zero() noexcept { return BasicMoney(); }
  // For library code computing an amount from already-validated values: the finiteness is a
  // precondition (asserted), not a check on external input.
  [[nodiscard]] static constexpr BasicMoney from_validated(Rep amount) noexcept {
    IVCRUSH_ASSERT(detail::is_finite(amount), "money amount must be finite");
    return BasicMoney(amount);
  }

  [[nodiscard]] constexpr Rep dollars() const noexcept { return amount_; }

  friend constexpr auto operator<=>(const BasicMoney&, const BasicMoney&) = default;

  [[nodiscard]] friend constexpr BasicMoney operator+(BasicMoney a, BasicMoney b) noexcept {
    return BasicMoney(a.amount_ + b.amount_);
  }
  [[nodiscard]] friend constexpr BasicMoney operator-(BasicMoney a, BasicMoney b) noexcept {
    return BasicMoney(a.amount_ - b.amount_);
  }
  [[nodiscard]] friend constexpr BasicMoney operator-(BasicMoney a) noexcept {
    return BasicMoney(-a.amount_);
  }
  constexpr BasicMoney& operator+=(BasicMoney b) noexcept {
    amount_ += b.amount_;
    return *this;
  }
  constexpr BasicMoney& operator-=(BasicMoney b) noexcept {
    amount_ -= b.amount_;
    return *this;
  }
  [[nodiscard]] friend constexpr BasicMoney operator*(BasicMoney a, Rep k) noexcept {
    return BasicMoney(a.amount_ * k);
  }
  [[nodiscard]] friend constexpr BasicMoney operator*(Rep k, BasicMoney a) noexcept {
    return BasicMoney(k * a.amount_);
  }
  [[nodiscard]] friend constexpr BasicMoney operator/(BasicMoney a, Rep k) noexcept {
    return BasicMoney(a.amount_ / k);
  }
  // Money / Money is a plain ratio (a return on capital, a reward/risk ratio).
  [[nodiscard]] friend constexpr Rep operator/(BasicMoney a, BasicMoney b) noexcept {
    return a.amount_ / b.amount_;
  }
  // A percentage of an amount is an amount.
  [[nodiscard]] friend constexpr BasicMoney operator*(BasicMoney a, Percentage p) noexcept {
    return BasicMoney(a.amount_ * static_cast<Rep>(p.fraction()));
  }
  [[nodiscard]] friend constexpr BasicMoney operator*(Percentage p, BasicMoney a) noexcept {
    return a * p;
  }

 private:
  explicit constexpr BasicMoney(Rep amount) noexcept : amount_(amount) {}
  Rep amount_ = Rep{0};
};

using Money = BasicMoney<double>;

template <std::floating_point Rep>
[[nodiscard]] constexpr BasicMoney<Rep> abs(BasicMoney<Rep> m) noexcept {
  return m < BasicMoney<Rep>::zero() ? -m : m;
}

}  // namespace ivcrush::inline v0
