// ivcrush/ports/metrics.hpp: the MetricsSink port, plus the scoped timer that works over any sink.
//
//   template <MetricsSink M = NullMetrics>
//   Result analyze(const Input& in, M&& metrics = M{}) {       // the default compiles away
//     ScopedTimer timer(metrics, "ivcrush_analyze_seconds", {{"ticker", "AAPL"}});
//     metrics.increment("ivcrush_scans_total", 1.0, {{"ticker", "AAPL"}});
//     metrics.set_gauge("ivcrush_vrp_ratio", 1.8, {{"ticker", "AAPL"}});
//     metrics.observe("ivcrush_candidate_score", 71.5, {});
//   }
//
// A sink has three member functions; each takes a name, a double and a set of labels:
//   increment(name, amount, labels)   adds amount (finite, >= 0) to a counter
//   set_gauge(name, value, labels)    sets a gauge (any double, NaN and infinities included)
//   observe(name, value, labels)      records one finite observation into a histogram/summary
// Semantics every model keeps (the library relies on nothing else):
// - Names match [a-zA-Z_:][a-zA-Z0-9_:]* (the Prometheus metric-name rule) and carry the unit
//   (`_seconds`, `_total`, `_ratio`); label names match [a-zA-Z_][a-zA-Z0-9_]* and do not start
//   with "__". Label values are UTF-8 text, anything goes (`,`, `=`, `}`, quotes, newlines: the
//   exporters escape them). Labels are a set: their order in the call does not matter, a name
//   may not appear twice. A series is a (name, labels) pair; a name keeps one kind for the life
//   of the sink. is_valid_metric_name / is_valid_label_name below state the rules as code and
//   sanitize_metric_name maps an arbitrary string onto them, explicitly (nothing is sanitized
//   behind the caller's back).
// - Ownership: name and labels are views valid only for the duration of the call; a sink copies
//   what it keeps.
// - Thread safety: library code that runs on several threads calls the sink from all of them,
//   so such a sink must be thread-safe (MetricsRegistry is; NullMetrics is trivially).
// - Errors: a sink may throw (MetricsRegistry throws InvalidInput for a bad name, a negative
//   increment, a kind clash); ivcrush propagates the exception unchanged.
// - Cost: a sink whose type declares `static constexpr bool records_metrics = false` (NullMetrics)
//   promises to do nothing, so generic code skips even the clock reads of a ScopedTimer.
// Library code always passes all three arguments (tests instantiate it with an archetype that has
// no default arguments), so a client sink needs exactly these three members.
#pragma once

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ivcrush/core/error.hpp"

namespace ivcrush::inline v0 {

// One label; both views must stay valid for the call they are passed to.
struct Label {
  std::string_view name;
  std::string_view value;
};

// A non-owning view of the labels of one call: `{}`, `{{"ticker", "AAPL"}}`, or a span.
// Built from a braced list, it refers to a temporary array that lives until the end of the full
// expression, which is exactly the call it is passed to; do not store a Labels.
class Labels {
 public:
  constexpr Labels() noexcept = default;
  constexpr Labels(std::initializer_list<Label> labels) noexcept
      : labels_(labels.begin(), labels.size()) {}
  constexpr Labels(std::span<const Label> labels) noexcept : labels_(labels) {}

  [[nodiscard]] constexpr const Label* begin() const noexcept { return labels_.data(); }
  [[nodiscard]] constexpr const Label* end() const noexcept {
    return labels_.data() + labels_.size();
  }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return labels_.size(); }
  [[nodiscard]] constexpr bool empty() const noexcept { return labels_.empty(); }
  [[nodiscard]] constexpr const Label& operator[](std::size_t i) const noexcept {
    return labels_[i];
  }

 private:
  std::span<const Label> labels_;
};

template <class M>
concept MetricsSink = requires(M& sink, std::string_view name, double value, Labels labels) {
  sink.increment(name, value, labels);
  sink.set_gauge(name, value, labels);
  sink.observe(name, value, labels);
};

// False for sinks that declare `static constexpr bool records_metrics = false`.
template <class M>
inline constexpr bool records_metrics_v = true;
template <class M>
requires requires {
  { std::remove_cvref_t<M>::records_metrics } -> std::convertible_to<bool>;
}
inline constexpr bool records_metrics_v<M> = std::remove_cvref_t<M>::records_metrics;

// [a-zA-Z_:][a-zA-Z0-9_:]*, the Prometheus metric name rule.
[[nodiscard]] constexpr bool is_valid_metric_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (digit && i > 0))) return false;
  }
  return true;
}

// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved for Prometheus' own use).
[[nodiscard]] constexpr bool is_valid_label_name(std::string_view name) noexcept {
  if (name.empty() || name.starts_with("__")) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (digit && i > 0))) return false;
  }
  return true;
}

// An explicit, lossy mapping onto the metric name rule: every byte outside [a-zA-Z0-9_:]
// becomes '_' (so "api.requests" → "api_requests", as the original did for '.'), a leading digit
// gets a '_' in front, and "" becomes "_". Distinct inputs may collide; the caller decides.
[[nodiscard]] inline std::string sanitize_metric_name(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) out.push_back('_');
  for (const char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == ':';
    out.push_back(keep ? c : '_');
  }
  return out;
}

// Records `elapsed` in seconds (the Prometheus base unit) as one observation.
template <MetricsSink M, class Rep, class Period>
void record_duration(M& sink, std::string_view name, std::chrono::duration<Rep, Period> elapsed,
                     Labels labels) {
  if constexpr (records_metrics_v<M>) {
    sink.observe(name, std::chrono::duration<double>(elapsed).count(), labels);
  }
}

// A clock a ScopedTimer can read: an object with now() -> time_point (std::chrono clocks qualify;
// tests pass an object that reads a value they control).
template <class C>
concept TimerClock = std::copy_constructible<C> && requires(const C& clock) {
  typename C::time_point;
  { clock.now() } -> std::same_as<typename C::time_point>;
};

// Observes the seconds between construction and stop() (or destruction) under `name`.
// The name and the label *strings* are referred to, not copied (up to max_labels label views are
// copied), so they must outlive the timer: string literals and long-lived strings do. With a sink
// that does not record (NullMetrics) the clock is never read and the timer compiles away.
// stop() records and may throw what the sink throws; the destructor records only if stop() was
// not called and, being noexcept, terminates if the sink throws, so use valid names.
// Errors: more than max_labels labels throws InvalidInput.
template <MetricsSink M, TimerClock Clock = std::chrono::steady_clock>
class ScopedTimer {
 public:
  static constexpr std::size_t max_labels = 8;

  ScopedTimer(M& sink, std::string_view name, Labels labels, Clock clock = Clock{})
      : sink_(&sink), name_(name), clock_(std::move(clock)) {
    if (labels.size() > max_labels) {
      detail::throw_invalid(ErrorCode::too_long, "timer labels", labels.size(),
                            fmt::format("a ScopedTimer holds at most {} labels", max_labels));
    }
    for (const Label& label : labels) labels_[label_count_++] = label;
    if constexpr (records_metrics_v<M>) start_ = clock_.now();
  }
  ScopedTimer(M& sink, std::string_view name) : ScopedTimer(sink, name, Labels{}) {}

  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

  ~ScopedTimer() {
    if (!stopped_) stop();
  }

  // Records the elapsed time now; later calls and the destructor record nothing more.
  void stop() {
    if (stopped_) return;
    stopped_ = true;
    if constexpr (records_metrics_v<M>) {
      record_duration(*sink_, name_, clock_.now() - start_,
                      Labels(std::span<const Label>(labels_.data(), label_count_)));
    }
  }

 private:
  M* sink_;
  std::string_view name_;
  Clock clock_;
  typename Clock::time_point start_{};
  std::array<Label, max_labels> labels_{};
  std::size_t label_count_ = 0;
  bool stopped_ = false;
};

}  // namespace ivcrush::inline v0
