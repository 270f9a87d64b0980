// Replaces global operator new/delete with counting versions. Include it in exactly ONE source
// file of a test executable (the replacement is program-wide): that executable's tests can then
// measure allocations between two reads of counting::allocations_now().
//
// Every form that pairs with the plain deletes is replaced, so sanitizers see malloc/free on both
// sides (the aligned forms keep their own new/delete pair). g++ 12 at -O1 (the TSan build)
// inlines a std::allocator deallocation into these and reports free() on memory from operator
// new as mismatched: a false positive for a replaced operator new that calls malloc.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace counting {
inline std::atomic<std::size_t> allocation_count{0};

inline std::size_t allocations_now() { return allocation_count.load(std::memory_order_relaxed); }

inline void* counted_allocation(std::size_t size) noexcept {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace counting

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  if (void* p = counting::counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counting::counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counting::counted_allocation(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counting::counted_allocation(size);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
