// ivcrush/adapters/metrics_registry.hpp: the reference MetricsSink, thread-safe, in memory.
//
//   MetricsRegistry metrics;
//   metrics.describe("ivcrush_scans_total", "Scans run");
//   metrics.define_histogram("ivcrush_scan_seconds", {.bucket_bounds = {0.1, 0.5, 1, 5}});
//   metrics.increment("ivcrush_scans_total", 1.0, {{"ticker", "AAPL"}});
//   metrics.set_gauge("ivcrush_vrp_ratio", 1.84, {{"ticker", "AAPL"}});
//   { ScopedTimer t(metrics, "ivcrush_scan_seconds", {{"ticker", "AAPL"}}); scan(); }
//   std::string text = to_prometheus_text(metrics.snapshot());   // metrics_exposition.hpp
//
// Counters (increment: finite amount >= 0), gauges (set_gauge: any double) and histograms
// (observe: finite values). A histogram keeps cumulative bucket counts over fixed upper bounds
// (default: the Prometheus client defaults, 5 ms to 10 s, for `_seconds` timers), count, sum,
// min, max, and a window of the last `quantile_window` observations (default 1024) for the
// original's p50/p95/p99 (definition in metrics_snapshot.hpp). The window bounds the memory of a
// long-running process; the original kept every observation.
// Series are (name, labels) pairs. Labels are a set: sorted by name on the way in, so
// {{"b","x"},{"a","y"}} and {{"a","y"},{"b","x"}} are one series. Label values are stored as
// given and escaped only by the exporters, so `,`, `=`, `}`, quotes, backslashes and newlines
// survive (the original's "name{k=v,...}" string keys broke on them).
// Thread safety: every member function may be called concurrently; one mutex serialises them.
// Complexity: increment/set_gauge/observe are O(log F + L log L + log S) for F families, L labels,
// S series of the family, and allocate only when they create a series; snapshot is O(everything)
// plus sorting each quantile window. Memory: a histogram series reserves its quantile window when
// created (8 KiB at the default 1024), so that observe never allocates.
// Errors (InvalidInput, naming the field and the value; no series is created, no kind bound):
//   metric name not [a-zA-Z_:][a-zA-Z0-9_:]*     (sanitize_metric_name converts explicitly)
//   label name not [a-zA-Z_][a-zA-Z0-9_]* or starting "__"; "le" on a bucket histogram and
//   "quantile" on a quantile histogram (reserved by the exposition); a label name twice;
//   more than max_labels labels; a label value or help text that is not UTF-8
//   a name used as two kinds (counter then gauge), or clashing with a histogram's own series
//   (`x_bucket`, `x_sum`, `x_count` next to histogram `x`)
//   a negative or non-finite counter increment; a non-finite observation
//   define_histogram after the name is in use; bucket bounds not finite and strictly increasing;
//   quantile_window outside [1, max_quantile_window]
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/container/flat_map.hpp>
#include <cmath>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/adapters/metrics_snapshot.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/detail/utf8.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/ports/metrics.hpp"

namespace ivcrush::inline v0 {

// The Prometheus client libraries' default buckets, in seconds.
[[nodiscard]] inline std::vector<double> default_histogram_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

struct HistogramOptions {
  std::vector<double> bucket_bounds = default_histogram_buckets();  // finite, increasing
  std::size_t quantile_window = 1024;  // observations kept for p50/p95/p99
  HistogramExposition exposition = HistogramExposition::buckets;
};

namespace detail {

// Non-ASCII and control bytes as \xNN, so an error message stays printable UTF-8.
[[nodiscard]] inline std::string quoted_for_message(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20U || byte >= 0x7FU) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

// Orders label sets lexicographically by (name, value); transparent over the stored form
// (vector<LabelPair>) and a caller's sorted view (span<const Label>), so a lookup allocates
// nothing.
struct LabelSetLess {
  using is_transparent = void;

  static std::string_view name_of(const LabelPair& l) noexcept { return l.name; }
  static std::string_view name_of(const Label& l) noexcept { return l.name; }
  static std::string_view value_of(const LabelPair& l) noexcept { return l.value; }
  static std::string_view value_of(const Label& l) noexcept { return l.value; }

  template <class A, class B>
  bool operator()(const A& a, const B& b) const noexcept {
    return std::lexicographical_compare(std::begin(a), std::end(a), std::begin(b), std::end(b),
                                        [](const auto& x, const auto& y) {
                                          const auto by_name = name_of(x).compare(name_of(y));
                                          if (by_name != 0) return by_name < 0;
                                          return value_of(x) < value_of(y);
                                        });
  }
};

struct HistogramState {
  std::uint64_t count = 0;
  double sum = 0.0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  std::vector<std::uint64_t> bucket_counts;  // per bucket (not cumulative); last is +Inf
  std::vector<double> window;                // ring of the last quantile_window observations
  std::size_t next = 0;                      // where the ring writes once full
};

struct SeriesState {
  double value = 0.0;
  HistogramState histogram;
};

struct FamilyState {
  std::optional<MetricKind> kind;  // nullopt while only described
  std::string help;
  bool defined = false;  // define_histogram was called: survives reset()
  HistogramOptions histogram;
  boost::container::flat_map<std::vector<LabelPair>, SeriesState, LabelSetLess> series;
};

}  // namespace detail

class MetricsRegistry {
 public:
  static constexpr std::size_t max_labels = 16;
  static constexpr std::size_t max_quantile_window = std::size_t{1} << 20;

  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Sets the HELP text of a family (before or after its first use; the last call wins).
  void describe(std::string_view name, std::string_view help) {
    if (!detail::is_valid_utf8(help)) {
      detail::throw_invalid(ErrorCode::malformed, "help", detail::quoted_for_message(help),
                            "is not valid UTF-8");
    }
    const std::lock_guard lock(mutex_);
    family(name).help = std::string(help);
  }

  // Declares `name` a histogram with these options; must precede its first observation.
  void define_histogram(std::string_view name, HistogramOptions options) {
    const auto& bounds = options.bucket_bounds;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      detail::require_finite("bucket bound", bounds[i]);
      if (i > 0 && !(bounds[i - 1] < bounds[i])) {
        detail::throw_invalid(
            ErrorCode::inconsistent, "bucket bound", bounds[i],
            fmt::format("must be greater than the previous bound {}", bounds[i - 1]));
      }
    }
    if (options.quantile_window < 1 || options.quantile_window > max_quantile_window) {
      detail::throw_invalid(ErrorCode::out_of_range, "quantile window", options.quantile_window,
                            fmt::format("must be in [1, {}]", max_quantile_window));
    }
    const std::lock_guard lock(mutex_);
    detail::FamilyState& f = family(name);
    if (f.kind.has_value()) {
      detail::throw_invalid(ErrorCode::inconsistent, "metric name", quoted(name),
                            "is already in use; define a histogram before its first observation");
    }
    check_clashes(name, MetricKind::histogram);
    f.kind = MetricKind::histogram;
    f.defined = true;
    f.histogram = std::move(options);
  }

  void increment(std::string_view name, double amount = 1.0, Labels labels = {}) {
    detail::require_non_negative("counter increment", amount);
    const SortedLabels sorted(labels);
    const std::lock_guard lock(mutex_);
    series(name, MetricKind::counter, sorted).value += amount;
  }

  void set_gauge(std::string_view name, double value, Labels labels = {}) {
    const SortedLabels sorted(labels);
    const std::lock_guard lock(mutex_);
    series(name, MetricKind::gauge, sorted).value = value;
  }

  void observe(std::string_view name, double value, Labels labels = {}) {
    detail::require_finite("observation", value);
    const SortedLabels sorted(labels);
    const std::lock_guard lock(mutex_);
    detail::SeriesState& s = series(name, MetricKind::histogram, sorted);
    const HistogramOptions& options = families_.find(name)->second.histogram;
    detail::HistogramState& h = s.histogram;
    ++h.count;
    h.sum += value;
    h.min = std::min(h.min, value);
    h.max = std::max(h.max, value);
    // Bucket i counts bounds[i-1] < value <= bounds[i]; the last bucket is (bounds.back(), +Inf].
    const auto& bounds = options.bucket_bounds;
    const auto bucket = std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin();
    ++h.bucket_counts[static_cast<std::size_t>(bucket)];
    if (h.window.size() < options.quantile_window) {
      h.window.push_back(value);  // capacity reserved when the series was created
    } else {
      h.window[h.next] = value;
      h.next = (h.next + 1) % h.window.size();
    }
  }

  // The counter's value; 0 for a series never incremented (as the original's get_counter).
  [[nodiscard]] double counter_value(std::string_view name, Labels labels = {}) const {
    const SortedLabels sorted(labels);
    const std::lock_guard lock(mutex_);
    const detail::SeriesState* s = find_series(name, MetricKind::counter, sorted);
    return s == nullptr ? 0.0 : s->value;
  }

  // The gauge's value; nullopt for a series never set.
  [[nodiscard]] std::optional<double> gauge_value(std::string_view name, Labels labels = {}) const {
    const SortedLabels sorted(labels);
    const std::lock_guard lock(mutex_);
    const detail::SeriesState* s = find_series(name, MetricKind::gauge, sorted);
    if (s == nullptr) return std::nullopt;
    return s->value;
  }

  // The histogram's statistics; nullopt for a series never observed.
  [[nodiscard]] std::optional<HistogramStats> histogram_stats(std::string_view name,
                                                              Labels labels = {}) const {
    const SortedLabels sorted(labels);
    const std::lock_guard lock(mutex_);
    const detail::SeriesState* s = find_series(name, MetricKind::histogram, sorted);
    if (s == nullptr) return std::nullopt;
    return stats_of(s->histogram, families_.find(name)->second.histogram);
  }

  // A copy of every series, families sorted by name, series by labels.
  [[nodiscard]] MetricsSnapshot snapshot() const {
    const std::lock_guard lock(mutex_);
    MetricsSnapshot out;
    for (const auto& [name, f] : families_) {
      if (!f.kind.has_value() || f.series.empty()) continue;
      MetricFamily family{.name = name,
                          .help = f.help,
                          .kind = *f.kind,
                          .exposition = f.histogram.exposition,
                          .series = {}};
      family.series.reserve(f.series.size());
      for (const auto& [labels, s] : f.series) {
        MetricSeries copy{.labels = labels, .value = s.value, .histogram = {}};
        if (*f.kind == MetricKind::histogram) copy.histogram = stats_of(s.histogram, f.histogram);
        family.series.push_back(std::move(copy));
      }
      out.families.push_back(std::move(family));
    }
    return out;
  }

  // Forgets every series (and the kind of names not declared with define_histogram); keeps help
  // texts and histogram definitions.
  void reset() {
    const std::lock_guard lock(mutex_);
    for (auto& [name, f] : families_) {
      f.series.clear();
      if (!f.defined) {
        f.kind.reset();
        f.histogram = HistogramOptions{};
      }
    }
  }

 private:
  // The caller's labels sorted by name, duplicates rejected; views into the caller's strings.
  class SortedLabels {
   public:
    explicit SortedLabels(Labels labels) : size_(labels.size()) {
      if (labels.size() > max_labels) {
        detail::throw_invalid(ErrorCode::too_long, "labels", labels.size(),
                              fmt::format("a series has at most {} labels", max_labels));
      }
      std::copy(labels.begin(), labels.end(), items_.begin());
      std::sort(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(size_),
                [](const Label& a, const Label& b) { return a.name < b.name; });
      for (std::size_t i = 1; i < size_; ++i) {
        if (items_[i - 1].name == items_[i].name) {
          detail::throw_invalid(ErrorCode::inconsistent, "label name", quoted(items_[i].name),
                                "appears twice");
        }
      }
    }
    [[nodiscard]] std::span<const Label> view() const noexcept { return {items_.data(), size_}; }

   private:
    std::array<Label, max_labels> items_{};
    std::size_t size_;
  };

  static std::string quoted(std::string_view text) { return detail::quoted_for_message(text); }

  static constexpr std::string_view kind_name(MetricKind kind) noexcept {
    switch (kind) {
      case MetricKind::counter: return "counter";
      case MetricKind::gauge: return "gauge";
      case MetricKind::histogram: return "histogram";
    }
    return "metric";
  }

  // The family of `name`, created (name validated) if new. Caller holds the lock.
  detail::FamilyState& family(std::string_view name) {
    if (auto it = families_.find(name); it != families_.end()) return it->second;
    if (!is_valid_metric_name(name)) {
      detail::throw_invalid(ErrorCode::invalid_character, "metric name", quoted(name),
                            "must match [a-zA-Z_:][a-zA-Z0-9_:]*");
    }
    return families_.try_emplace(std::string(name)).first->second;
  }

  // Rejects a name whose exposition would collide with a histogram's own series names.
  void check_clashes(std::string_view name, MetricKind kind) const {
    static constexpr std::array<std::string_view, 3> suffixes{"_bucket", "_sum", "_count"};
    for (const std::string_view suffix : suffixes) {
      if (name.ends_with(suffix)) {
        const std::string_view base = name.substr(0, name.size() - suffix.size());
        auto it = families_.find(base);
        if (it != families_.end() && it->second.kind == MetricKind::histogram) {
          detail::throw_invalid(ErrorCode::inconsistent, "metric name", quoted(name),
                                fmt::format("clashes with the series of histogram '{}'", base));
        }
      }
      if (kind == MetricKind::histogram) {
        const std::string derived = std::string(name) + std::string(suffix);
        auto it = families_.find(derived);
        if (it != families_.end() && it->second.kind.has_value()) {
          detail::throw_invalid(ErrorCode::inconsistent, "metric name", quoted(name),
                                fmt::format("a histogram would clash with metric '{}'", derived));
        }
      }
    }
  }

  static void check_new_series(MetricKind kind, HistogramExposition exposition,
                               std::span<const Label> labels) {
    for (const Label& label : labels) {
      if (!is_valid_label_name(label.name)) {
        detail::throw_invalid(ErrorCode::invalid_character, "label name", quoted(label.name),
                              "must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
      }
      if (kind == MetricKind::histogram) {
        const bool buckets = exposition == HistogramExposition::buckets;
        const std::string_view reserved = buckets ? "le" : "quantile";
        if (label.name == reserved) {
          detail::throw_invalid(
              ErrorCode::inconsistent, "label name", quoted(label.name),
              buckets ? "is reserved for histogram buckets" : "is reserved for summary quantiles");
        }
      }
      if (!detail::is_valid_utf8(label.value)) {
        detail::throw_invalid(ErrorCode::malformed, "label value", quoted(label.value),
                              "is not valid UTF-8");
      }
    }
  }

  // The series of (name, labels) as `kind`, created if new. Caller holds the lock. A call that
  // throws leaves no trace but, at most, an empty family entry that exports nothing.
  detail::SeriesState& series(std::string_view name, MetricKind kind, const SortedLabels& sorted) {
    detail::FamilyState& f = family(name);
    if (f.kind.has_value() && *f.kind != kind) {
      detail::throw_invalid(ErrorCode::inconsistent, "metric name", quoted(name),
                            fmt::format("is a {}, not a {}", kind_name(*f.kind), kind_name(kind)));
    }
    const std::span<const Label> labels = sorted.view();
    auto it = f.series.lower_bound(labels);
    if (it != f.series.end() && !f.series.key_comp()(labels, it->first)) return it->second;
    if (!f.kind.has_value()) check_clashes(name, kind);
    check_new_series(kind, f.histogram.exposition, labels);
    std::vector<LabelPair> key;
    key.reserve(labels.size());
    for (const Label& l : labels) key.push_back({std::string(l.name), std::string(l.value)});
    detail::SeriesState state;
    if (kind == MetricKind::histogram) {
      state.histogram.bucket_counts.assign(f.histogram.bucket_bounds.size() + 1, 0);
      state.histogram.window.reserve(f.histogram.quantile_window);
    }
    auto created = f.series.emplace_hint(it, std::move(key), std::move(state));
    f.kind = kind;  // only once the series exists, so a rejected first call binds no kind
    return created->second;
  }

  const detail::SeriesState* find_series(std::string_view name, MetricKind kind,
                                         const SortedLabels& sorted) const {
    auto f = families_.find(name);
    if (f == families_.end() || f->second.kind != kind) return nullptr;
    auto s = f->second.series.find(sorted.view());
    return s == f->second.series.end() ? nullptr : &s->second;
  }

  static HistogramStats stats_of(const detail::HistogramState& h, const HistogramOptions& options) {
    HistogramStats out;
    out.count = h.count;
    out.sum = h.sum;
    out.min = h.min;
    out.max = h.max;
    out.mean = h.sum / static_cast<double>(h.count);
    std::vector<double> sorted = h.window;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    // v[min(floor(q·n), n-1)] with q in thousandths, in integers so 0.95·20 is exactly 19.
    auto quantile = [&](std::size_t per_mille) {
      return sorted[std::min(n * per_mille / 1000, n - 1)];
    };
    out.p50 = quantile(500);
    out.p95 = quantile(950);
    out.p99 = quantile(990);
    out.buckets.reserve(h.bucket_counts.size());
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.bucket_counts.size(); ++i) {
      cumulative += h.bucket_counts[i];
      const double bound = i < options.bucket_bounds.size()
                               ? options.bucket_bounds[i]
                               : std::numeric_limits<double>::infinity();
      out.buckets.push_back({bound, cumulative});
    }
    return out;
  }

  mutable std::mutex mutex_;
  boost::container::flat_map<std::string, detail::FamilyState, std::less<>> families_;
};

static_assert(MetricsSink<MetricsRegistry>);

}  // namespace ivcrush::inline v0
