// tests/json/json_support.hpp: round-trip helpers for the JSON tests.
#pragma once

#include <doctest/doctest.h>

#include <ivcrush/io/json.hpp>
#include <string>

namespace ivcrush::test {

// Value -> document text -> value, and value -> nlohmann::json -> value. Both must give back a
// value whose text is identical to the first (so nothing was lost on the way).
template <class T>
T json_round_trip(const T& value) {
  const std::string text = json::to_text(value);
  T back = json::from_text<T>(text);
  CHECK(json::to_text(back) == text);
  const T direct = json::from_value<T>(json::to_value(value));
  CHECK(json::dump(json::to_value(direct)) == json::dump(json::to_value(value)));
  return back;
}

}  // namespace ivcrush::test
