// ivcrush/earnings/directional_bias.hpp: which way the options lean, in the original's seven
// steps (common/enums.py): strong/plain/weak bearish, neutral, weak/plain/strong bullish.
//
//   is_bullish(DirectionalBias::weak_bullish) == true; strength(DirectionalBias::bearish) == 2
//
// The skew analysis (skew.hpp) produces it; the strategy layer uses it for delta targets and the
// scorer for directional bonuses.
#pragma once

#include <string_view>

namespace ivcrush::inline v0 {

// The seven-step directional bias of the original (common/enums.py). Shared with the strategy
// layer (delta targets by bias).
enum class DirectionalBias {
  strong_bearish,
  bearish,
  weak_bearish,
  neutral,
  weak_bullish,
  bullish,
  strong_bullish,
};

[[nodiscard]] constexpr std::string_view to_string(DirectionalBias b) noexcept {
  switch (b) {
    case DirectionalBias::strong_bearish: return "strong_bearish";
    case DirectionalBias::bearish: return "bearish";
    case DirectionalBias::weak_bearish: return "weak_bearish";
    case DirectionalBias::neutral: return "neutral";
    case DirectionalBias::weak_bullish: return "weak_bullish";
    case DirectionalBias::bullish: return "bullish";
    case DirectionalBias::strong_bullish: return "strong_bullish";
  }
  return "neutral";
}

[[nodiscard]] constexpr bool is_bullish(DirectionalBias b) noexcept {
  return b == DirectionalBias::weak_bullish || b == DirectionalBias::bullish ||
         b == DirectionalBias::strong_bullish;
}
[[nodiscard]] constexpr bool is_bearish(DirectionalBias b) noexcept {
  return b == DirectionalBias::weak_bearish || b == DirectionalBias::bearish ||
         b == DirectionalBias::strong_bearish;
}
[[nodiscard]] constexpr bool is_neutral(DirectionalBias b) noexcept {
  return b == DirectionalBias::neutral;
}
// neutral 0, weak 1, plain 2, strong 3.
[[nodiscard]] constexpr int strength(DirectionalBias b) noexcept {
  switch (b) {
    case DirectionalBias::neutral: return 0;
    case DirectionalBias::weak_bearish:
    case DirectionalBias::weak_bullish: return 1;
    case DirectionalBias::bearish:
    case DirectionalBias::bullish: return 2;
    case DirectionalBias::strong_bearish:
    case DirectionalBias::strong_bullish: return 3;
  }
  return 0;
}

}  // namespace ivcrush::inline v0
