// ivcrush/core/error.hpp: the error model for bad external input.
//
// Bad input (a quote, a CSV field, a user parameter) is rejected once, at the boundary, by
// throwing InvalidInput. Its message names the field, the value and what was expected, in the
// form "<field> = <value>: <reason>", optionally prefixed by a context ("AAPL row 12: ...").
// The ErrorCode lets callers branch without parsing text. Expected analytic outcomes (no
// implied volatility, no strike there) are statuses or std::optional, never exceptions;
// broken preconditions on validated data are IVCRUSH_ASSERTs.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace ivcrush::inline v0 {

enum class ErrorCode {
  not_finite,         // NaN or infinity where a finite number is required
  negative,           // below zero where the quantity cannot be
  out_of_range,       // outside a documented interval
  not_on_grid,        // not a whole number of ticks (strikes)
  malformed,          // text that does not parse as the expected form
  empty,              // an empty value where one is required
  invalid_character,  // a character outside the allowed set
  too_long,           // longer than the documented maximum
  inconsistent,       // values that contradict each other (crossed quote, end before start)
  missing,            // a required column, field or file entry is absent
  unreadable,         // a file that cannot be opened or read
};

[[nodiscard]] constexpr std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::not_finite: return "not_finite";
    case ErrorCode::negative: return "negative";
    case ErrorCode::out_of_range: return "out_of_range";
    case ErrorCode::not_on_grid: return "not_on_grid";
    case ErrorCode::malformed: return "malformed";
    case ErrorCode::empty: return "empty";
    case ErrorCode::invalid_character: return "invalid_character";
    case ErrorCode::too_long: return "too_long";
    case ErrorCode::inconsistent: return "inconsistent";
    case ErrorCode::missing: return "missing";
    case ErrorCode::unreadable: return "unreadable";
  }
  return "unknown";
}

// Thrown for bad external input. Derived from std::invalid_argument so generic handlers work.
class InvalidInput : public std::invalid_argument {
 public:
  InvalidInput(ErrorCode code, const std::string& message)
      : std::invalid_argument(message), code_(code) {}

  [[nodiscard]] ErrorCode code() const noexcept { return code_; }

  // The same error with a context ("AAPL row 12") in front of the message.
  [[nodiscard]] InvalidInput with_context(std::string_view context) const {
    return InvalidInput(code_, fmt::format("{}: {}", context, what()));
  }

 private:
  ErrorCode code_;
};

namespace detail {

// Throws InvalidInput with the message "<field> = <value>: <reason>". The value is printed with
// fmt's shortest round-trip form, so -5.0 prints as -5 and NaN as nan.
template <class Value>
[[noreturn]] void throw_invalid(ErrorCode code, std::string_view field, const Value& value,
                                std::string_view reason) {
  throw InvalidInput(code, fmt::format("{} = {}: {}", field, value, reason));
}

}  // namespace detail
}  // namespace ivcrush::inline v0
