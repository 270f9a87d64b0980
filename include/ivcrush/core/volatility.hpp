// ivcrush/core/volatility.hpp: an annualized volatility (the σ of Black-Scholes).
//
//   auto iv = Volatility::from_fraction(0.325);   // σ = 0.325 per √year
//   auto jv = Volatility::from_points(32.5);      // the same, in vol points (percent)
//   iv.fraction() == 0.325; iv.points() == 32.5
//
// Always annualized; the day count that turns it into a standard deviation over a horizon is the
// caller's (see time.hpp). Factories reject NaN, infinity and negative values with InvalidInput.
// Volatilities compare and order; they do not add (variances do: use variance() and from_variance).
#pragma once

#include <cmath>
#include <compare>

#include "ivcrush/config.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

class Volatility {
 public:
  constexpr Volatility() noexcept = default;

  [[nodiscard]] static constexpr Volatility from_fraction(double sigma) {
    return Volatility(detail::require_non_negative("volatility", sigma));
  }
  [[nodiscard]] static constexpr Volatility from_points(double points) {
    return Volatility(detail::require_non_negative("volatility points", points) / 100.0);
  }
  // σ from an annualized variance σ².
  [[nodiscard]] static Volatility from_variance(double variance) {
    return Volatility(std::sqrt(detail::require_non_negative("variance", variance)));
  }

  // For library code computing σ from already-validated values (asserted, not checked), e.g. an
  // implied-volatility solver's result.
  [[nodiscard]] static constexpr Volatility from_validated(double sigma) noexcept {
    IVCRUSH_ASSERT(detail::is_finite(sigma) && sigma >= 0.0, "volatility must be finite and >= 0");
    return Volatility(sigma);
  }

  [[nodiscard]] constexpr double fraction() const noexcept { return sigma_; }
  [[nodiscard]] constexpr double points() const noexcept { return sigma_ * 100.0; }
  [[nodiscard]] constexpr double variance() const noexcept { return sigma_ * sigma_; }

  friend constexpr auto operator<=>(const Volatility&, const Volatility&) = default;

 private:
  explicit constexpr Volatility(double sigma) noexcept : sigma_(sigma) {}
  double sigma_ = 0.0;
};

}  // namespace ivcrush::inline v0
