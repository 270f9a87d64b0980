// ivcrush/core/symbol.hpp: a validated equity ticker ("AAPL", "BRK.B", "BF-B").
//
//   auto s = Symbol::parse("BRK.B");
//   s.view() == "BRK.B"
//
// 1 to 10 characters from A-Z, 0-9, '.' and '-', starting with a letter. Lower case is rejected,
// not upper-cased: the library never rewrites input silently (programs that accept lower case
// upper-case it themselves, visibly). Stored inline (trivially copyable, no allocation), ordered
// lexicographically. Errors throw InvalidInput naming the value and the offending character.
#pragma once

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <string_view>

#include "ivcrush/core/error.hpp"

namespace ivcrush::inline v0 {

class Symbol {
 public:
  static constexpr std::size_t max_length = 10;

  constexpr Symbol() noexcept = default;

  [[nodiscard]] static constexpr Symbol parse(std::string_view text) {
    if (text.empty()) detail::throw_invalid(ErrorCode::empty, "symbol", "''", "is empty");
    if (text.size() > max_length) {
      detail::throw_invalid(ErrorCode::too_long, "symbol", fmt::format("'{}'", text),
                            fmt::format("is longer than {} characters", max_length));
    }
    if (!is_upper(text.front())) {
      detail::throw_invalid(ErrorCode::invalid_character, "symbol", fmt::format("'{}'", text),
                            "must start with an upper-case letter A-Z");
    }
    for (const char c : text) {
      if (!is_upper(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') {
        detail::throw_invalid(ErrorCode::invalid_character, "symbol", fmt::format("'{}'", text),
                              fmt::format("has the character '{}' (allowed: A-Z 0-9 . -)", c));
      }
    }
    Symbol s;
    std::copy(text.begin(), text.end(), s.chars_.begin());
    s.size_ = static_cast<unsigned char>(text.size());
    return s;
  }

  [[nodiscard]] constexpr std::string_view view() const noexcept {
    return std::string_view(chars_.data(), size_);
  }

  friend constexpr bool operator==(const Symbol& a, const Symbol& b) noexcept {
    return a.view() == b.view();
  }
  friend constexpr std::strong_ordering operator<=>(const Symbol& a, const Symbol& b) noexcept {
    return a.view().compare(b.view()) <=> 0;
  }

 private:
  static constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }

  std::array<char, max_length> chars_{};
  unsigned char size_ = 0;
};

}  // namespace ivcrush::inline v0
