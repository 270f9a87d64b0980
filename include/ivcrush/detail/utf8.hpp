// ivcrush/detail/utf8.hpp: UTF-8 validation for text the exporters must emit verbatim.
// No stability promise. O(n), no allocation.
#pragma once

#include <cstddef>
#include <string_view>

namespace ivcrush::inline v0::detail {

// True iff `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF). Prometheus text and JSON are both UTF-8, so label values and help texts must be.
[[nodiscard]] constexpr bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  auto continuation = [&](std::size_t k) { return k < n && (byte(k) & 0xC0U) == 0x80U; };
  while (i < n) {
    const unsigned lead = byte(i);
    if (lead < 0x80U) {
      ++i;
    } else if (lead >= 0xC2U && lead <= 0xDFU) {
      if (!continuation(i + 1)) return false;
      i += 2;
    } else if (lead >= 0xE0U && lead <= 0xEFU) {
      if (!continuation(i + 1) || !continuation(i + 2)) return false;
      const unsigned second = byte(i + 1);
      if (lead == 0xE0U && second < 0xA0U) return false;  // overlong
      if (lead == 0xEDU && second > 0x9FU) return false;  // UTF-16 surrogate
      i += 3;
    } else if (lead >= 0xF0U && lead <= 0xF4U) {
      if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return false;
      const unsigned second = byte(i + 1);
      if (lead == 0xF0U && second < 0x90U) return false;  // overlong
      if (lead == 0xF4U && second > 0x8FU) return false;  // above U+10FFFF
      i += 4;
    } else {
      return false;  // continuation byte as lead, 0xC0/0xC1 (overlong), 0xF5..0xFF
    }
  }
  return true;
}

}  // namespace ivcrush::inline v0::detail
