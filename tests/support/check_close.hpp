// tests/support/check_close.hpp: explicit-tolerance numeric checks (never a bare doctest::Approx).
//
// CHECK_CLOSE(actual, expected, abs_tol, rel_tol) passes when
// |actual - expected| <= abs_tol + rel_tol * |expected|; both tolerances are written at every
// call, and actual, expected, the error and the allowance are captured on failure, at the
// caller's file and line.
#pragma once

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

namespace ivcrush::test {

struct CloseCheck {
  double actual;
  double expected;
  double error;
  double allowed;
  bool ok;
};

inline CloseCheck close_check(double actual, double expected, double abs_tol, double rel_tol) {
  const double error = std::fabs(actual - expected);
  const double allowed = abs_tol + rel_tol * std::fabs(expected);
  return {actual, expected, error, allowed, error <= allowed};
}

}  // namespace ivcrush::test

#define CHECK_CLOSE(actual_value, expected_value, abs_tolerance, rel_tolerance)                  \
  do {                                                                                           \
    const auto ivcrush_cc_ = ::ivcrush::test::close_check((actual_value), (expected_value),      \
                                                          (abs_tolerance), (rel_tolerance));     \
    INFO(fmt::format("actual = {}, expected = {}, error = {}, allowed = {}", ivcrush_cc_.actual, \
                     ivcrush_cc_.expected, ivcrush_cc_.error, ivcrush_cc_.allowed));             \
    CHECK_MESSAGE(ivcrush_cc_.ok, #actual_value " close to " #expected_value);                   \
  } while (false)
