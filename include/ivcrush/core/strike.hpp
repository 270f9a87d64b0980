// ivcrush/core/strike.hpp: an option strike, exact, usable as a key in flat sorted storage.
//
//   auto k = Strike::parse("182.5");          // exact from text
//   auto j = Strike::from_dollars(182.5);     // exact when the double is on the tick grid
//   k == j; k.ticks() == 182'500; k.dollars() == 182.5
//   Money width = Strike::parse("190") - k;   // level − level → amount
//
// A strike is stored as an integer number of ticks of 1/1000 dollar, the resolution of the OCC
// option symbol (strike × 1000 in eight digits), so equality and ordering are exact and a strike
// parsed from "182.5" equals one built from 182.5. It is a level: Strike − Strike → Money,
// Strike − Price and Price − Strike → Money, Strike ± Money → Price (off the grid in general, so
// a Price, not a Strike); Strike + Strike does not exist.
// The largest strike is max_ticks = 10^15 ticks ($10^12), the largest power of ten the
// representation holds exactly both ways: every tick count is an exact double (<= 2^53), distinct
// strikes have distinct dollars() (below $2^43 the double spacing is finer than a tick), and
// dollars()·1000 is within ε·ticks <= 0.23 tick of the tick count, so from_dollars(k.dollars())
// == k; parse's ticks·10 cannot overflow either. At 10^16 ticks neighbouring strikes would share a
// double, and 10^18 is beyond 2^53.
// Errors: a strike must be positive and finite, at most max_ticks, and on the tick grid (for
// from_dollars: within two ulps of the double nearest a tick); otherwise InvalidInput names
// the field and the value ("strike = -5: must not be negative"). Nothing is rounded silently.
#pragma once

#include <charconv>
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <string_view>
#include <system_error>

#include "ivcrush/core/money.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

class Strike {
 public:
  static constexpr std::int64_t ticks_per_dollar = 1000;
  static constexpr int decimals = 3;
  // 10^15 ticks = $10^12: far above any listed strike, and held exactly (see the top).
  static constexpr std::int64_t max_ticks = std::int64_t{1'000'000'000'000'000};

  constexpr Strike() noexcept = default;

  [[nodiscard]] static constexpr Strike from_ticks(std::int64_t ticks) {
    if (ticks < 0)
      detail::throw_invalid(ErrorCode::negative, "strike ticks", ticks, "must not be negative");
    if (ticks == 0 || ticks > max_ticks) {
      detail::throw_invalid(ErrorCode::out_of_range, "strike ticks", ticks,
                            "must be in [1, 10^15] (1 tick = $0.001)");
    }
    return Strike(ticks);
  }

  // Exact: `dollars` must be within two ulps of the double nearest a multiple of $0.001. That is
  // a decimal strike with at most three decimals as a double literal, from strtod or dollars(),
  // or such a value after one or two roundings of arithmetic (0.1 + 0.2 is the 0.3 strike).
  // Anything further off is rejected, not rounded onto the grid (the old relative 1e-9 tolerance
  // rounded every double above $500,000 onto its nearest tick).
  [[nodiscard]] static Strike from_dollars(double dollars) {
    detail::require_finite("strike", dollars);
    if (dollars < 0.0)
      detail::throw_invalid(ErrorCode::negative, "strike", dollars, "must not be negative");
    if (dollars == 0.0)
      detail::throw_invalid(ErrorCode::out_of_range, "strike", dollars, "must be positive");
    const double scaled = dollars * static_cast<double>(ticks_per_dollar);
    if (!(scaled <= static_cast<double>(max_ticks) + 0.5)) too_large(dollars);
    // Two ulps and the product's rounding move scaled by under 0.5 tick up to max_ticks (see the
    // top), so this rounding finds the only tick the comparison can accept.
    const auto ticks = static_cast<std::int64_t>(std::round(scaled));
    const double on_grid = static_cast<double>(ticks) / static_cast<double>(ticks_per_dollar);
    const double ulp = std::nextafter(on_grid, std::numeric_limits<double>::infinity()) - on_grid;
    if (ticks == 0 || !(std::fabs(dollars - on_grid) <= 2.0 * ulp)) {
      detail::throw_invalid(ErrorCode::not_on_grid, "strike", dollars,
                            "is not a multiple of the $0.001 tick");
    }
    if (ticks > max_ticks) too_large(dollars);
    return Strike(ticks);
  }

  // Parses a plain decimal ("182.5", "0.125", "100"): digits, at most one '.', no sign, no
  // exponent, no spaces; more than three decimals are accepted only when the extra digits are 0.
  [[nodiscard]] static constexpr Strike parse(std::string_view text) {
    if (text.empty()) reject_text(ErrorCode::empty, text, "is empty");
    std::int64_t ticks = 0;
    int decimals_seen = -1;  // -1 until the '.' is seen
    bool any_digit = false;
    for (const char c : text) {
      if (c == '.') {
        if (decimals_seen >= 0) malformed(text);
        decimals_seen = 0;
        continue;
      }
      if (c < '0' || c > '9') malformed(text);
      any_digit = true;
      const int digit = c - '0';
      if (decimals_seen >= 0) {
        ++decimals_seen;
        if (decimals_seen > decimals) {
          if (digit != 0) {
            reject_text(ErrorCode::not_on_grid, text, "has more than 3 decimals");
          }
          continue;
        }
      }
      if (ticks > max_ticks / 10) too_large(text);
      ticks = ticks * 10 + digit;
    }
    if (!any_digit) malformed(text);
    for (int d = decimals_seen < 0 ? 0 : (decimals_seen > decimals ? decimals : decimals_seen);
         d < decimals; ++d) {
      if (ticks > max_ticks / 10) too_large(text);
      ticks *= 10;
    }
    if (ticks == 0) reject_text(ErrorCode::out_of_range, text, "must be positive");
    if (ticks > max_ticks) too_large(text);
    return Strike(ticks);
  }

  [[nodiscard]] constexpr std::int64_t ticks() const noexcept { return ticks_; }
  [[nodiscard]] constexpr double dollars() const noexcept {
    return static_cast<double>(ticks_) / static_cast<double>(ticks_per_dollar);
  }
  [[nodiscard]] constexpr Price price() const noexcept { return Price::from_validated(dollars()); }

  friend constexpr auto operator<=>(const Strike&, const Strike&) = default;

  [[nodiscard]] friend constexpr Money operator-(Strike a, Strike b) noexcept {
    return Money::from_validated(static_cast<double>(a.ticks_ - b.ticks_) /
                                 static_cast<double>(ticks_per_dollar));
  }
  [[nodiscard]] friend constexpr Money operator-(Strike a, Price b) noexcept {
    return Money::from_validated(a.dollars() - b.dollars());
  }
  [[nodiscard]] friend constexpr Money operator-(Price a, Strike b) noexcept {
    return Money::from_validated(a.dollars() - b.dollars());
  }
  [[nodiscard]] friend constexpr Price operator+(Strike a, Money m) noexcept {
    return a.price() + m;
  }
  [[nodiscard]] friend constexpr Price operator+(Money m, Strike a) noexcept {
    return a.price() + m;
  }
  [[nodiscard]] friend constexpr Price operator-(Strike a, Money m) noexcept {
    return a.price() - m;
  }

 private:
  explicit constexpr Strike(std::int64_t ticks) noexcept : ticks_(ticks) {}

  [[noreturn]] static void reject_text(ErrorCode code, std::string_view text,
                                       std::string_view reason) {
    detail::throw_invalid(code, "strike", fmt::format("'{}'", text), reason);
  }
  [[noreturn]] static void malformed(std::string_view text) {
    reject_text(ErrorCode::malformed, text, "is not a plain decimal number");
  }
  [[noreturn]] static void too_large(std::string_view text) {
    reject_text(ErrorCode::out_of_range, text, too_large_reason);
  }
  [[noreturn]] static void too_large(double dollars) {
    detail::throw_invalid(ErrorCode::out_of_range, "strike", dollars, too_large_reason);
  }
  static constexpr std::string_view too_large_reason = "is too large (at most $10^12)";

  std::int64_t ticks_ = 0;
};

}  // namespace ivcrush::inline v0
