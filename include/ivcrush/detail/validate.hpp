// ivcrush/detail/validate.hpp: the checks the value-type factories share. No stability promise.
#pragma once

#include <limits>
#include <string_view>

#include "ivcrush/core/error.hpp"

namespace ivcrush::inline v0::detail {

// constexpr replacement for std::isfinite (which is not constexpr in C++20): NaN fails both
// comparisons and the infinities fail one.
template <class Rep>
[[nodiscard]] constexpr bool is_finite(Rep value) noexcept {
  return value >= std::numeric_limits<Rep>::lowest() && value <= std::numeric_limits<Rep>::max();
}

template <class Rep>
constexpr Rep require_finite(std::string_view field, Rep value) {
  if (!is_finite(value)) throw_invalid(ErrorCode::not_finite, field, value, "must be finite");
  return value;
}

template <class Rep>
constexpr Rep require_non_negative(std::string_view field, Rep value) {
  require_finite(field, value);
  if (value < Rep{0}) throw_invalid(ErrorCode::negative, field, value, "must not be negative");
  return value;
}

}  // namespace ivcrush::inline v0::detail
