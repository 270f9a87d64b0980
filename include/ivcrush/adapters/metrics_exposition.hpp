// ivcrush/adapters/metrics_exposition.hpp: a MetricsSnapshot as Prometheus text or as JSON.
//
//   std::string text = to_prometheus_text(registry.snapshot());   // serve at /metrics
//   std::string json = to_json(registry.snapshot());              // log or store
//
// Prometheus text exposition format 0.0.4 (Content-Type: text/plain; version=0.0.4):
//   # HELP <name> <help, with \ as \\ and newline as \n>          (only when described)
//   # TYPE <name> counter|gauge|histogram|summary
//   <name>{<label>="<value>",...} <number>                        (no braces without labels)
// Label values escape backslash as \\, double quote as \" and newline as \n, nothing else
// (so `,`, `=` and `}` need no escaping inside the quotes). Families come sorted by name,
// series by labels, with one empty line between families; the text ends with a newline (an
// empty snapshot gives ""). Numbers print in the shortest form that reads back to the same
// double ("3", "0.1", "1e+21"); NaN, +Inf and -Inf print as the format spells them. Unlike the
// original, 3.0 prints as "3": the format does not distinguish, and ivcrush has no int/float
// distinction to preserve. A bucket histogram prints `<name>_bucket{...,le="<bound>"}` per bucket
// (cumulative, ending with le="+Inf"), then `<name>_sum` and `<name>_count`; a quantile histogram
// prints TYPE summary, `<name>{...,quantile="0.5"|"0.95"|"0.99"}`, `<name>_sum`, `<name>_count`.
// Names are never rewritten: a hand-built snapshot with an invalid metric or label name is
// rejected (the registry admits only valid ones; sanitize_metric_name converts explicitly).
//
// JSON (RFC 8259, compact, UTF-8), written here so the core target needs no JSON library:
//   {"metrics":[{"name":"n","type":"counter","help":"","series":[{"labels":{"k":"v"},"value":3}]}]}
// A histogram series has "count","sum","min","max","mean","p50","p95","p99" and
// "buckets":[{"le":0.005,"count":1},...,{"le":"+Inf","count":20}] instead of "value". Strings
// escape `"`, `\` and every control character (\n, \t, ... or \u00XX). JSON has no NaN or
// infinity, so those values are the strings "NaN", "+Inf", "-Inf". No timestamp is added: the
// caller owns the clock (wrap the object if you need one).
// Errors: an invalid name (Prometheus only) or text that is not UTF-8 in a hand-built snapshot
// throws InvalidInput; the registry never produces either. Complexity: linear in the output; one
// allocation pattern of a growing std::string.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "ivcrush/adapters/metrics_snapshot.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/detail/utf8.hpp"
#include "ivcrush/ports/metrics.hpp"

namespace ivcrush::inline v0 {
namespace detail {

inline void require_metric_name(std::string_view name) {
  if (!is_valid_metric_name(name)) {
    throw_invalid(ErrorCode::invalid_character, "metric name", fmt::format("'{}'", name),
                  "must match [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
}

inline void require_label_name(std::string_view name) {
  if (!is_valid_label_name(name)) {
    throw_invalid(ErrorCode::invalid_character, "label name", fmt::format("'{}'", name),
                  "must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
  }
}

inline void require_utf8(std::string_view field, std::string_view text) {
  if (!is_valid_utf8(text)) {
    throw_invalid(ErrorCode::malformed, field, fmt::format("{} bytes", text.size()),
                  "is not valid UTF-8");
  }
}

// The Prometheus spelling of a sample value or bucket bound.
inline void append_prometheus_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
}

inline void append_prometheus_label_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out.push_back(c);
    }
  }
}

inline void append_prometheus_help(std::string& out, std::string_view help) {
  for (const char c : help) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out.push_back(c);
    }
  }
}

// `name{a="x",b="y",extra="v"} ` where `extra` is le/quantile (omitted when extra_name is empty).
inline void append_prometheus_series(std::string& out, std::string_view name,
                                     const MetricSeries& series, std::string_view extra_name,
                                     std::string_view extra_value) {
  out += name;
  if (!series.labels.empty() || !extra_name.empty()) {
    out.push_back('{');
    bool first = true;
    for (const LabelPair& label : series.labels) {
      require_label_name(label.name);
      require_utf8("label value", label.value);
      if (!first) out.push_back(',');
      first = false;
      out += label.name;
      out += "=\"";
      append_prometheus_label_value(out, label.value);
      out.push_back('"');
    }
    if (!extra_name.empty()) {
      if (!first) out.push_back(',');
      out += extra_name;
      out += "=\"";
      out += extra_value;
      out.push_back('"');
    }
    out.push_back('}');
  }
  out.push_back(' ');
}

inline void append_json_string(std::string& out, std::string_view text) {
  require_utf8("json string", text);
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20U) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

inline void append_json_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "\"NaN\"";
  } else if (std::isinf(value)) {
    out += value > 0 ? "\"+Inf\"" : "\"-Inf\"";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
}

[[nodiscard]] constexpr std::string_view to_string(MetricKind kind) noexcept {
  switch (kind) {
    case MetricKind::counter: return "counter";
    case MetricKind::gauge: return "gauge";
    case MetricKind::histogram: return "histogram";
  }
  return "untyped";
}

}  // namespace detail

[[nodiscard]] inline std::string to_prometheus_text(const MetricsSnapshot& snapshot) {
  std::string out;
  bool first_family = true;
  for (const MetricFamily& family : snapshot.families) {
    detail::require_metric_name(family.name);
    if (!first_family) out.push_back('\n');
    first_family = false;
    const bool summary =
        family.kind == MetricKind::histogram && family.exposition == HistogramExposition::quantiles;
    if (!family.help.empty()) {
      detail::require_utf8("help", family.help);
      out += "# HELP ";
      out += family.name;
      out.push_back(' ');
      detail::append_prometheus_help(out, family.help);
      out.push_back('\n');
    }
    out += "# TYPE ";
    out += family.name;
    out.push_back(' ');
    out += summary ? std::string_view("summary") : detail::to_string(family.kind);
    out.push_back('\n');
    for (const MetricSeries& series : family.series) {
      if (family.kind != MetricKind::histogram) {
        detail::append_prometheus_series(out, family.name, series, {}, {});
        detail::append_prometheus_number(out, series.value);
        out.push_back('\n');
        continue;
      }
      const HistogramStats& h = series.histogram;
      if (summary) {
        const std::pair<std::string_view, double> quantiles[] = {
            {"0.5", h.p50}, {"0.95", h.p95}, {"0.99", h.p99}};
        for (const auto& [q, v] : quantiles) {
          detail::append_prometheus_series(out, family.name, series, "quantile", q);
          detail::append_prometheus_number(out, v);
          out.push_back('\n');
        }
      } else {
        const std::string bucket_name = family.name + "_bucket";
        for (const BucketCount& bucket : h.buckets) {
          std::string bound;
          detail::append_prometheus_number(bound, bucket.upper_bound);
          detail::append_prometheus_series(out, bucket_name, series, "le", bound);
          fmt::format_to(std::back_inserter(out), "{}\n", bucket.cumulative_count);
        }
      }
      detail::append_prometheus_series(out, family.name + "_sum", series, {}, {});
      detail::append_prometheus_number(out, h.sum);
      out.push_back('\n');
      detail::append_prometheus_series(out, family.name + "_count", series, {}, {});
      fmt::format_to(std::back_inserter(out), "{}\n", h.count);
    }
  }
  return out;
}

[[nodiscard]] inline std::string to_json(const MetricsSnapshot& snapshot) {
  std::string out = "{\"metrics\":[";
  bool first_family = true;
  for (const MetricFamily& family : snapshot.families) {
    if (!first_family) out.push_back(',');
    first_family = false;
    out += "{\"name\":";
    detail::append_json_string(out, family.name);
    out += ",\"type\":";
    detail::append_json_string(out, detail::to_string(family.kind));
    out += ",\"help\":";
    detail::append_json_string(out, family.help);
    out += ",\"series\":[";
    bool first_series = true;
    for (const MetricSeries& series : family.series) {
      if (!first_series) out.push_back(',');
      first_series = false;
      out += "{\"labels\":{";
      bool first_label = true;
      for (const LabelPair& label : series.labels) {
        if (!first_label) out.push_back(',');
        first_label = false;
        detail::append_json_string(out, label.name);
        out.push_back(':');
        detail::append_json_string(out, label.value);
      }
      out.push_back('}');
      if (family.kind != MetricKind::histogram) {
        out += ",\"value\":";
        detail::append_json_number(out, series.value);
      } else {
        const HistogramStats& h = series.histogram;
        fmt::format_to(std::back_inserter(out), ",\"count\":{}", h.count);
        const std::pair<std::string_view, double> stats[] = {
            {"sum", h.sum}, {"min", h.min}, {"max", h.max}, {"mean", h.mean},
            {"p50", h.p50}, {"p95", h.p95}, {"p99", h.p99}};
        for (const auto& [key, value] : stats) {
          out += ",\"";
          out += key;
          out += "\":";
          detail::append_json_number(out, value);
        }
        out += ",\"buckets\":[";
        bool first_bucket = true;
        for (const BucketCount& bucket : h.buckets) {
          if (!first_bucket) out.push_back(',');
          first_bucket = false;
          out += "{\"le\":";
          detail::append_json_number(out, bucket.upper_bound);
          fmt::format_to(std::back_inserter(out), ",\"count\":{}}}", bucket.cumulative_count);
        }
        out.push_back(']');
      }
      out.push_back('}');
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace ivcrush::inline v0
