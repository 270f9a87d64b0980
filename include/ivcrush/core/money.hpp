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
//
// Rounding. Amounts are binary floating point computed from decimal prices (cent quotes,
// half-cent mids, strikes on a 1/1000 grid), so an amount that is exactly $0.20 in decimal can
// come out as 0.19999999999999996 and a zero loss as -1e-13. Decisions on money (zero risk, a
// minimum credit, credit = width) therefore compare up to the rounding of the amounts:
//   rounding_tolerance(scale) = 2^-40 × max(|scale|, $1)   (about 9.1e-13 per dollar of scale)
// where `scale` bounds the magnitude of the terms the amounts were computed from (for a
// credit, the premiums; for a payoff, the strikes and premiums times the units). 2^-40 is 4096
// ulps: it covers the rounding of long sums, and for scales up to about $10^9 it stays below a
// tenth of a cent, the smallest genuine difference between amounts built from cent prices, so
// no real difference is ever ignored. A value within the tolerance of a bound gets the bound's
// status (at_least_up_to_rounding(credit, minimum, ...) accepts an exact $0.20 credit).
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

// The rounding tolerance of amounts computed from terms of magnitude up to `scale` (see the
// header comment): 2^-40 × max(|scale|, $1).
template <std::floating_point Rep>
[[nodiscard]] constexpr BasicMoney<Rep> rounding_tolerance(BasicMoney<Rep> scale) noexcept {
  const Rep s = abs(scale).dollars();
  return BasicMoney<Rep>::from_validated(Rep{0x1p-40} * (s > Rep{1} ? s : Rep{1}));
}

namespace detail {
template <std::floating_point Rep>
[[nodiscard]] constexpr BasicMoney<Rep> tolerance_of(BasicMoney<Rep> a, BasicMoney<Rep> b,
                                                     BasicMoney<Rep> scale) noexcept {
  // The amounts themselves bound the scale from below.
  BasicMoney<Rep> s = abs(scale);
  if (abs(a) > s) s = abs(a);
  if (abs(b) > s) s = abs(b);
  return rounding_tolerance(s);
}
}  // namespace detail

// a == b up to rounding: |a - b| <= rounding_tolerance(max(|scale|, |a|, |b|)).
template <std::floating_point Rep>
[[nodiscard]] constexpr bool equal_up_to_rounding(BasicMoney<Rep> a, BasicMoney<Rep> b,
                                                  BasicMoney<Rep> scale) noexcept {
  return abs(a - b) <= detail::tolerance_of(a, b, scale);
}

// a >= bound up to rounding: an amount within rounding of the bound counts as the bound.
template <std::floating_point Rep>
[[nodiscard]] constexpr bool at_least_up_to_rounding(BasicMoney<Rep> a, BasicMoney<Rep> bound,
                                                     BasicMoney<Rep> scale) noexcept {
  return a >= bound || equal_up_to_rounding(a, bound, scale);
}

// a <= bound up to rounding.
template <std::floating_point Rep>
[[nodiscard]] constexpr bool at_most_up_to_rounding(BasicMoney<Rep> a, BasicMoney<Rep> bound,
                                                    BasicMoney<Rep> scale) noexcept {
  return a <= bound || equal_up_to_rounding(a, bound, scale);
}

}  // namespace ivcrush::inline v0
