// ivcrush/core/option_right.hpp: call or put.
//
//   auto r = parse_option_right("C");   // OptionRight::call
//   parse_option_right("put") == OptionRight::put
//   to_string(OptionRight::call) == "call"
//
// Accepted text: exactly "C", "P", "call" or "put" (the OCC/vendor letter and the original's
// wire names). Anything else, including "c" or "CALL", throws InvalidInput (ErrorCode::malformed)
// naming the value: input is never case-folded silently. O(1), no allocation on success.
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "ivcrush/core/error.hpp"

namespace ivcrush::inline v0 {

// Calls order before puts (the order quotes are stored in a chain).
enum class OptionRight : unsigned char { call, put };

[[nodiscard]] constexpr std::string_view to_string(OptionRight right) noexcept {
  return right == OptionRight::call ? "call" : "put";
}

[[nodiscard]] inline OptionRight parse_option_right(std::string_view text) {
  if (text == "C" || text == "call") return OptionRight::call;
  if (text == "P" || text == "put") return OptionRight::put;
  detail::throw_invalid(ErrorCode::malformed, "option right", fmt::format("'{}'", text),
                        "must be one of C, P, call, put");
}

}  // namespace ivcrush::inline v0
