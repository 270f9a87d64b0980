// ivcrush/earnings/daily_bar.hpp: one session's open, high, low, close and volume, validated.
//
//   auto bar = DailyBar::make(2024y / April / 12, Price::dollars(191.9), high, low, close);
//
// DailyBar::make validates once: a valid date, positive prices, low <= open, close <= high, a
// non-negative volume when known (InvalidInput naming the field and value otherwise).
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

class DailyBar {
 public:
  DailyBar() = default;

  // Validates: a valid date; finite, positive prices; low <= open <= high and
  // low <= close <= high; a non-negative volume when given.
  [[nodiscard]] static DailyBar make(std::chrono::year_month_day date, Price open, Price high,
                                     Price low, Price close,
                                     std::optional<std::int64_t> volume = std::nullopt) {
    detail::require_valid_date("bar date", date);
    const auto positive = [](std::string_view field, Price p) {
      if (!(p.dollars() > 0.0)) {
        detail::throw_invalid(ErrorCode::out_of_range, field, p.dollars(), "must be positive");
      }
    };
    positive("open", open);
    positive("high", high);
    positive("low", low);
    positive("close", close);
    if (low > high) {
      throw InvalidInput(ErrorCode::inconsistent,
                         fmt::format("low = {}: is above high {}", low.dollars(), high.dollars()));
    }
    const auto inside = [&](std::string_view field, Price p) {
      if (p < low || p > high) {
        throw InvalidInput(ErrorCode::inconsistent,
                           fmt::format("{} = {}: is outside the bar's range [{}, {}]", field,
                                       p.dollars(), low.dollars(), high.dollars()));
      }
    };
    inside("open", open);
    inside("close", close);
    if (volume && *volume < 0) {
      detail::throw_invalid(ErrorCode::negative, "volume", *volume, "must not be negative");
    }
    return DailyBar(date, open, high, low, close, volume);
  }

  [[nodiscard]] std::chrono::year_month_day date() const noexcept { return date_; }
  [[nodiscard]] Price open() const noexcept { return open_; }
  [[nodiscard]] Price high() const noexcept { return high_; }
  [[nodiscard]] Price low() const noexcept { return low_; }
  [[nodiscard]] Price close() const noexcept { return close_; }
  [[nodiscard]] std::optional<std::int64_t> volume() const noexcept { return volume_; }

  friend bool operator==(const DailyBar&, const DailyBar&) = default;

 private:
  DailyBar(std::chrono::year_month_day date, Price open, Price high, Price low, Price close,
           std::optional<std::int64_t> volume) noexcept
      : date_(date), open_(open), high_(high), low_(low), close_(close), volume_(volume) {}

  std::chrono::year_month_day date_{};
  Price open_;
  Price high_;
  Price low_;
  Price close_;
  std::optional<std::int64_t> volume_;
};

}  // namespace ivcrush::inline v0
