// ivcrush/adapters/metrics_snapshot.hpp: a point-in-time copy of a set of metrics, the input of
// the exporters (adapters/metrics_exposition.hpp).
//
//   MetricsSnapshot snap = registry.snapshot();     // copied under the registry's lock
//   for (const MetricFamily& f : snap.families)     // sorted by name
//     for (const MetricSeries& s : f.series)         // sorted by labels (name, then value)
//       use(f.name, s.labels, s.value);
//
// Plain values, no references into the registry, so exporting never holds a lock. A client with
// its own sink can fill one and reuse the exporters. Units: whatever the metric name says
// (`_seconds`, ...); bucket bounds and quantiles are in the unit of the observations.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ivcrush::inline v0 {

enum class MetricKind { counter, gauge, histogram };

// How a histogram family is exposed in the Prometheus text format: as a Prometheus histogram
// (cumulative `_bucket{le=...}` counts, `_sum`, `_count`: aggregatable across processes) or as a
// Prometheus summary (`{quantile="0.5"|"0.95"|"0.99"}`, `_sum`, `_count`: the original's
// p50/p95/p99). The JSON export always carries both.
enum class HistogramExposition { buckets, quantiles };

struct LabelPair {
  std::string name;
  std::string value;
  friend auto operator<=>(const LabelPair&, const LabelPair&) = default;
};

// One histogram bucket: how many observations were <= upper_bound (cumulative, as Prometheus).
// The last bucket's bound is +infinity and its count is the total count.
struct BucketCount {
  double upper_bound = std::numeric_limits<double>::infinity();
  std::uint64_t cumulative_count = 0;
  friend bool operator==(const BucketCount&, const BucketCount&) = default;
};

// count, sum, min, max, mean and buckets cover every observation; p50/p95/p99 cover the most
// recent `quantile_window` observations (all of them while count <= quantile_window). The
// quantile q of n sorted values v[0..n) is v[min(floor(q·n), n - 1)], the original's definition
// (for n = 20: p50 = v[10], the upper median; p95 = v[19]); its "max when n < 20 (p95) or
// n < 100 (p99)" rule is what that formula gives anyway, so it needs no special case.
struct HistogramStats {
  std::uint64_t count = 0;
  double sum = 0.0;
  double min = 0.0;
  double max = 0.0;
  double mean = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
  double p99 = 0.0;
  std::vector<BucketCount> buckets;
  friend bool operator==(const HistogramStats&, const HistogramStats&) = default;
};

struct MetricSeries {
  std::vector<LabelPair> labels;  // sorted by name; names unique
  double value = 0.0;             // counters and gauges
  HistogramStats histogram;       // histograms (count >= 1: a series exists once observed)
};

struct MetricFamily {
  std::string name;
  std::string help;  // empty when never described
  MetricKind kind = MetricKind::counter;
  HistogramExposition exposition = HistogramExposition::buckets;
  std::vector<MetricSeries> series;
};

struct MetricsSnapshot {
  std::vector<MetricFamily> families;  // sorted by name; a family has at least one series
};

}  // namespace ivcrush::inline v0
