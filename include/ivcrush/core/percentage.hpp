// ivcrush/core/percentage.hpp: a dimensionless ratio, explicit about percent vs fraction.
//
//   auto p = Percentage::from_pct(12.5);        // 12.5 %
//   auto q = Percentage::from_fraction(0.125);  // the same
//   p.pct() == 12.5; p.fraction() == 0.125
//
// Stored as a fraction. Any finite value is valid (moves, returns and errors can be negative or
// exceed 100 %); NaN and infinity are rejected by the factories with InvalidInput.
// Percentage ± Percentage → Percentage, Percentage × scalar → Percentage,
// Percentage / Percentage → plain ratio. Money × Percentage → Money lives in money.hpp.
#pragma once

#include <compare>

#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

class Percentage {
 public:
  constexpr Percentage() noexcept = default;

  [[nodiscard]] static constexpr Percentage from_pct(double pct) {
    return Percentage(detail::require_finite("percentage", pct) / 100.0);
  }
  [[nodiscard]] static constexpr Percentage from_fraction(double fraction) {
    return Percentage(detail::require_finite("percentage", fraction));
  }

  [[nodiscard]] constexpr double pct() const noexcept { return fraction_ * 100.0; }
  [[nodiscard]] constexpr double fraction() const noexcept { return fraction_; }

  friend constexpr auto operator<=>(const Percentage&, const Percentage&) = default;

  [[nodiscard]] friend constexpr Percentage operator+(Percentage a, Percentage b) noexcept {
    return Percentage(a.fraction_ + b.fraction_);
  }
  [[nodiscard]] friend constexpr Percentage operator-(Percentage a, Percentage b) noexcept {
    return Percentage(a.fraction_ - b.fraction_);
  }
  [[nodiscard]] friend constexpr Percentage operator-(Percentage a) noexcept {
    return Percentage(-a.fraction_);
  }
  [[nodiscard]] friend constexpr Percentage operator*(Percentage a, double k) noexcept {
    return Percentage(a.fraction_ * k);
  }
  [[nodiscard]] friend constexpr Percentage operator*(double k, Percentage a) noexcept {
    return Percentage(k * a.fraction_);
  }
  [[nodiscard]] friend constexpr Percentage operator/(Percentage a, double k) noexcept {
    return Percentage(a.fraction_ / k);
  }
  [[nodiscard]] friend constexpr double operator/(Percentage a, Percentage b) noexcept {
    return a.fraction_ / b.fraction_;
  }

 private:
  explicit constexpr Percentage(double fraction) noexcept : fraction_(fraction) {}
  double fraction_ = 0.0;
};

}  // namespace ivcrush::inline v0
