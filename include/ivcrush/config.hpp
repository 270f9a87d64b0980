// ivcrush/config.hpp: assertion macros shared by every header.
//
// IVCRUSH_ASSERT(cond, msg) checks a precondition on already-validated data (a programmer error,
// never bad external input, which is rejected with InvalidInput at the boundary). It is active
// unless NDEBUG is defined, or when IVCRUSH_ENABLE_ASSERTS is defined, and aborts with the file,
// line, condition and message. It never changes layout or semantics between translation units
// beyond that check.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace ivcrush::inline v0::detail {

[[noreturn]] inline void assertion_failed(const char* file, int line, const char* condition,
                                          const char* message) noexcept {
  std::fprintf(stderr, "%s:%d: ivcrush assertion failed: %s (%s)\n", file, line, condition,
               message);
  std::abort();
}

}  // namespace ivcrush::inline v0::detail

#if !defined(NDEBUG) || defined(IVCRUSH_ENABLE_ASSERTS)
#define IVCRUSH_ASSERT(cond, msg) \
  ((cond) ? static_cast<void>(0)  \
          : ::ivcrush::detail::assertion_failed(__FILE__, __LINE__, #cond, (msg)))
#else
#define IVCRUSH_ASSERT(cond, msg) static_cast<void>(0)
#endif
