# The optional JSON serialization: an INTERFACE target ivcrush::json (headers io/json.hpp and
# io/json/*.hpp) linking ivcrush::ivcrush and nlohmann_json::nlohmann_json (nlohmann_json 3;
# Debian: nlohmann-json3-dev). Included by the root CMakeLists.txt after the install rules of
# ivcrush::ivcrush.
#
# IVCRUSH_WITH_JSON: AUTO (default) builds it when nlohmann_json is found, ON requires it, OFF
# leaves it out. When built and installed, the package gains a component "json": its targets go
# to ivcrushJsonTargets.cmake and ivcrush-json.cmake (included by ivcrushConfig.cmake) defines
# ivcrush::json as described there.
set(IVCRUSH_WITH_JSON AUTO CACHE STRING
    "Build the JSON serialization ivcrush::json: AUTO (if nlohmann_json is found), ON, OFF")
set_property(CACHE IVCRUSH_WITH_JSON PROPERTY STRINGS AUTO ON OFF)

set(IVCRUSH_JSON_HEADERS
    include/ivcrush/io/json.hpp
    include/ivcrush/io/json/codec.hpp
    include/ivcrush/io/json/core.hpp
    include/ivcrush/io/json/chain.hpp
    include/ivcrush/io/json/earnings.hpp
    include/ivcrush/io/json/analytics.hpp
    include/ivcrush/io/json/scoring.hpp
    include/ivcrush/io/json/strategy.hpp
    include/ivcrush/io/json/document.hpp)

if(IVCRUSH_WITH_JSON STREQUAL "OFF")
  return()
elseif(IVCRUSH_WITH_JSON STREQUAL "ON")
  find_package(nlohmann_json 3 REQUIRED)
else()
  find_package(nlohmann_json 3 QUIET)
  if(NOT nlohmann_json_FOUND)
    message(STATUS "ivcrush: nlohmann_json 3 not found, ivcrush::json is not built "
                   "(install nlohmann-json3-dev, or set IVCRUSH_WITH_JSON=OFF to silence this)")
    return()
  endif()
endif()

add_library(ivcrush_json INTERFACE)
add_library(ivcrush::json ALIAS ivcrush_json)
set_target_properties(ivcrush_json PROPERTIES EXPORT_NAME json)
target_link_libraries(ivcrush_json INTERFACE ivcrush::ivcrush nlohmann_json::nlohmann_json)
target_sources(ivcrush_json INTERFACE FILE_SET HEADERS BASE_DIRS include FILES
                                      ${IVCRUSH_JSON_HEADERS})
set_target_properties(ivcrush_json PROPERTIES VERIFY_INTERFACE_HEADER_SETS
                                              ${PROJECT_IS_TOP_LEVEL})

if(IVCRUSH_INSTALL)
  install(TARGETS ivcrush_json EXPORT ivcrushJsonTargets FILE_SET HEADERS)
  install(
    EXPORT ivcrushJsonTargets
    NAMESPACE ivcrush::
    DESTINATION ${IVCRUSH_CMAKE_DIR})
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/ivcrush-json.cmake DESTINATION ${IVCRUSH_CMAKE_DIR})
  export(EXPORT ivcrushJsonTargets NAMESPACE ivcrush::
         FILE ${PROJECT_BINARY_DIR}/ivcrushJsonTargets.cmake)
endif()
