// The header's version agrees with CMake's project(VERSION).
#include "ivcrush/version.hpp"

#include <doctest/doctest.h>

TEST_CASE("version header matches the CMake project version") {
  CHECK(ivcrush::version.major == IVCRUSH_TEST_PROJECT_VERSION_MAJOR);
  CHECK(ivcrush::version.minor == IVCRUSH_TEST_PROJECT_VERSION_MINOR);
  CHECK(ivcrush::version.patch == IVCRUSH_TEST_PROJECT_VERSION_PATCH);
}
