// ivcrush/adapters/null_metrics.hpp: the MetricsSink that records nothing, at no cost.
//
//   template <MetricsSink M = NullMetrics>
//   void scan(const Input& in, M&& metrics = M{});   // scan(in) pays nothing for metrics
//   scan(in, registry);                              // scan(in) with metrics
//
// Every member is a constexpr noexcept no-op and `records_metrics` is false, so generic code
// (ScopedTimer, record_duration) does not even read the clock: with NullMetrics an instrumented
// function compiles to the same code as an uninstrumented one. Stateless, trivially copyable and
// thread-safe. It accepts any name (it checks nothing), so a program that switches to a real
// sink learns about bad names from that sink.
#pragma once

#include <string_view>

#include "ivcrush/ports/metrics.hpp"

namespace ivcrush::inline v0 {

struct NullMetrics {
  static constexpr bool records_metrics = false;

  constexpr void increment(std::string_view /*name*/, double /*amount*/,
                           Labels /*labels*/ = {}) const noexcept {}
  constexpr void set_gauge(std::string_view /*name*/, double /*value*/,
                           Labels /*labels*/ = {}) const noexcept {}
  constexpr void observe(std::string_view /*name*/, double /*value*/,
                         Labels /*labels*/ = {}) const noexcept {}
};

static_assert(MetricsSink<NullMetrics>);
static_assert(MetricsSink<const NullMetrics>);
static_assert(!records_metrics_v<NullMetrics>);

}  // namespace ivcrush::inline v0
