# The optional JSON serialization ivcrush::json (headers io/json.hpp and io/json/*.hpp), linking
# nlohmann_json::nlohmann_json (nlohmann_json 3; Debian: nlohmann-json3-dev). IVCRUSH_WITH_JSON:
# AUTO (default), ON or OFF; see cmake/optional_component.cmake.
ivcrush_optional_component(
  json
  OPTION IVCRUSH_WITH_JSON
  DESCRIPTION "Build the JSON serialization ivcrush::json"
  PACKAGE nlohmann_json
  VERSION 3
  FOUND_VAR nlohmann_json_FOUND
  LINK nlohmann_json::nlohmann_json
  DEBIAN nlohmann-json3-dev
  HEADERS include/ivcrush/io/json.hpp
          include/ivcrush/io/json/codec.hpp
          include/ivcrush/io/json/core.hpp
          include/ivcrush/io/json/chain.hpp
          include/ivcrush/io/json/earnings.hpp
          include/ivcrush/io/json/analytics.hpp
          include/ivcrush/io/json/scoring.hpp
          include/ivcrush/io/json/strategy.hpp
          include/ivcrush/io/json/document.hpp)
