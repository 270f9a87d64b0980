// tests/support/concepts.hpp: the expressions a negative test proves do not compile.
#pragma once

#include <concepts>
#include <type_traits>

namespace ivcrush::test {

template <class A, class B>
concept Addable = requires(A a, B b) {
  a + b;
};
template <class A, class B>
concept Subtractable = requires(A a, B b) {
  a - b;
};
template <class A, class B>
concept Multipliable = requires(A a, B b) {
  a* b;
};
template <class A, class B>
concept Divisible = requires(A a, B b) {
  a / b;
};

// The value-type discipline every core type follows (date's day.pass.cpp, as static_asserts).
template <class T>
inline constexpr bool is_value_type = std::is_trivially_copyable_v<T>&&
    std::is_nothrow_default_constructible_v<T>&& std::is_standard_layout_v<T>&& std::regular<T>;

}  // namespace ivcrush::test
