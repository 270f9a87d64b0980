// ivcrush/io/json/scoring.hpp: JSON of an explained score, ScoreBreakdown (optional target
// ivcrush::json).
//
//   ScoreBreakdown b;
//   b.add("pop", 40.0, 0.40, {"legacy POP {:.3f} vs target {:.2f}", {0.75, 0.65}});
//   b.set_total(40.0);
//   json::to_value(b);
//   // {"total":40.0,"components":[{"name":"pop","points":40.0,"weight":0.4,
//   //                             "reason":"legacy POP 0.750 vs target 0.65"}]}
//   auto r = json::from_value<json::ScoreBreakdownRecord>(j);   // owned strings
//   r.components[0].reason == "legacy POP 0.750 vs target 0.65";
//
// Write-only for ScoreBreakdown: its component names and reason patterns are string_views to
// literals, and a document holds the formatted reason text, not the pattern and its numbers, so
// no ScoreBreakdown can be rebuilt from it (from_value<ScoreBreakdown> does not compile). The
// same wire form reads into ScoreBreakdownRecord, whose name and reason are owned strings;
// to_record(b) gives the record of a breakdown, and records round-trip exactly. Reading checks
// total in [0, 100] (ScoreBreakdown::set_total's contract), at most
// ScoreBreakdown::max_components components, points and weights finite, weights in [0, 1].
// Errors: JsonError as in codec.hpp; fmt::format_error on writing a breakdown whose reason
// pattern is not a valid format string (a programmer error, as for describe()).
// O(components).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/io/json/codec.hpp"
#include "ivcrush/scoring/score_breakdown.hpp"

namespace ivcrush::inline v0::json {

// One component as read from JSON: the formatted reason, owned.
struct ScoreComponentRecord {
  std::string name;
  double points = 0.0;  // 0-100 scale, signed for an adjustment
  double weight = 0.0;  // share of the 100 points; 0 for an adjustment
  std::string reason;   // the formatted text of ScoreComponent::reason()

  friend bool operator==(const ScoreComponentRecord&, const ScoreComponentRecord&) = default;
};

// A ScoreBreakdown as read from JSON (see the synopsis).
struct ScoreBreakdownRecord {
  double total = 0.0;  // 0-100
  std::vector<ScoreComponentRecord> components;

  // The first component with this name, or nullptr (as ScoreBreakdown::find).
  [[nodiscard]] const ScoreComponentRecord* find(std::string_view name) const noexcept {
    for (const auto& c : components) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }

  friend bool operator==(const ScoreBreakdownRecord&, const ScoreBreakdownRecord&) = default;
};

// The record of a breakdown: every reason formatted once.
[[nodiscard]] inline ScoreBreakdownRecord to_record(const ScoreBreakdown& b) {
  ScoreBreakdownRecord r;
  r.total = b.total();
  r.components.reserve(b.components().size());
  for (const ScoreComponent& c : b.components()) {
    r.components.push_back({std::string(c.name), c.points, c.weight, c.reason()});
  }
  return r;
}

template <>
struct Codec<ScoreComponentRecord> {
  using T = ScoreComponentRecord;
  static constexpr std::string_view type_name = "score_component";
  static constexpr auto fields =
      std::tuple{field("name", &T::name), field("points", &T::points), field("weight", &T::weight),
                 field("reason", &T::reason)};
  static void check(const T& c, const Path& p) {
    if (c.name.empty()) {
      detail::fail(p.field("name"), to_value(c.name), "must not be empty", ErrorCode::empty);
    }
    if (!(c.weight >= 0.0 && c.weight <= 1.0)) {
      detail::fail(p.field("weight"), to_value(c.weight), "must be within [0, 1]",
                   ErrorCode::out_of_range);
    }
  }
};

template <>
struct Codec<ScoreBreakdownRecord> {
  using T = ScoreBreakdownRecord;
  static constexpr std::string_view type_name = "score_breakdown";
  static constexpr auto fields =
      std::tuple{field("total", &T::total), field("components", &T::components)};
  static void check(const T& r, const Path& p) {
    if (!(r.total >= 0.0 && r.total <= 100.0)) {
      detail::fail(p.field("total"), to_value(r.total), "must be within [0, 100]",
                   ErrorCode::out_of_range);
    }
    if (r.components.size() > ScoreBreakdown::max_components) {
      detail::fail(p.field("components"),
                   fmt::format("has {} components, more than the {} a breakdown holds",
                               r.components.size(), ScoreBreakdown::max_components),
                   ErrorCode::out_of_range);
    }
  }
};

// Write-only (see the synopsis): the wire form of to_record(b), the type name of the record, so
// a document written from a breakdown reads back as a ScoreBreakdownRecord.
template <>
struct Codec<ScoreBreakdown> {
  static constexpr std::string_view type_name = "score_breakdown";
  static nlohmann::json to_json(const ScoreBreakdown& b) { return to_value(to_record(b)); }
};

}  // namespace ivcrush::inline v0::json
