// ivcrush/version.hpp: the library version; a test checks it against CMake's project(VERSION).
#pragma once

#define IVCRUSH_VERSION_MAJOR 0
#define IVCRUSH_VERSION_MINOR 1
#define IVCRUSH_VERSION_PATCH 0

namespace ivcrush::inline v0 {

struct Version {
  int major;
  int minor;
  int patch;
};

inline constexpr Version version{IVCRUSH_VERSION_MAJOR, IVCRUSH_VERSION_MINOR,
                                 IVCRUSH_VERSION_PATCH};

}  // namespace ivcrush::inline v0
