// MetricsRegistry: counters, gauges, histograms (buckets against a brute-force count, quantiles
// against hand-worked ranks and the domain spec §8 example), label sets, errors with their
// messages, reset, and exact sums under two threads.
#include "ivcrush/adapters/metrics_registry.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "support/check_close.hpp"

namespace {

using namespace ivcrush;

static_assert(MetricsSink<MetricsRegistry>);
static_assert(records_metrics_v<MetricsRegistry>);
static_assert(!std::is_copy_constructible_v<MetricsRegistry>);

TEST_CASE("counters add, start at 0, and labels are a set") {
  MetricsRegistry m;
  m.increment("api_requests_total", 1.0, {{"endpoint", "vrp"}, {"b", "x"}});
  m.increment("api_requests_total", 2.0, {{"b", "x"}, {"endpoint", "vrp"}});  // same series
  m.increment("api_requests_total");                                          // another series
  CHECK(m.counter_value("api_requests_total", {{"endpoint", "vrp"}, {"b", "x"}}) == 3.0);
  CHECK(m.counter_value("api_requests_total") == 1.0);
  CHECK(m.counter_value("api_requests_total", {{"endpoint", "other"}}) == 0.0);
  CHECK(m.counter_value("never_seen_total") == 0.0);
  // Values with the characters that broke the original's "name{k=v,...}" keys stay distinct.
  m.increment("hostile_total", 1.0, {{"k", "a,b=c"}});
  m.increment("hostile_total", 1.0, {{"k", "a"}, {"b", "c"}});
  m.increment("hostile_total", 5.0, {{"k", "x}y"}});
  CHECK(m.counter_value("hostile_total", {{"k", "a,b=c"}}) == 1.0);
  CHECK(m.counter_value("hostile_total", {{"k", "a"}, {"b", "c"}}) == 1.0);
  CHECK(m.counter_value("hostile_total", {{"k", "x}y"}}) == 5.0);
  CHECK(m.snapshot().families.at(1).series.size() == 3);
}

TEST_CASE("gauges keep the last value, any double") {
  MetricsRegistry m;
  CHECK(m.gauge_value("cache_size") == std::nullopt);
  m.set_gauge("cache_size", 15);
  m.set_gauge("cache_size", 12.5);
  CHECK(m.gauge_value("cache_size") == 12.5);
  m.set_gauge("temperature", -3.0, {{"city", "Oslo"}});
  CHECK(m.gauge_value("temperature", {{"city", "Oslo"}}) == -3.0);
  m.set_gauge("ratio", std::numeric_limits<double>::quiet_NaN());
  CHECK(std::isnan(*m.gauge_value("ratio")));
}

TEST_CASE("histogram statistics: the domain spec's 1..20 example") {
  MetricsRegistry m;
  for (int v = 20; v >= 1; --v) m.observe("lat_ms", v);  // order must not matter
  const auto h = m.histogram_stats("lat_ms");
  REQUIRE(h.has_value());
  CHECK(h->count == 20);
  CHECK(h->min == 1.0);
  CHECK(h->max == 20.0);
  CHECK(h->sum == 210.0);
  CHECK_CLOSE(h->mean, 10.5, 0.0, 1e-15);
  CHECK(h->p50 == 11.0);  // v[10] of 1..20, the upper median
  CHECK(h->p95 == 20.0);  // v[19]
  CHECK(h->p99 == 20.0);  // v[19] (n < 100: the maximum)
  CHECK(m.histogram_stats("never_observed") == std::nullopt);
}

TEST_CASE("quantile ranks are floor(q·n), computed exactly") {
  // Hand-worked: values 1..n, so v[i] = i + 1.
  struct Case {
    int n;
    double p50, p95, p99;
  };
  // n=1: all v[0]. n=19: p95 = v[min(18, 18)] = 19 (the original's "max when n < 20").
  // n=100: p50 = v[50] = 51, p95 = v[95] = 96, p99 = v[99] = 100.
  // n=101: p95 = v[floor(95.95)] = v[95] = 96, p99 = v[floor(99.99)] = v[99] = 100.
  // n=200: p50 = v[100] = 101, p95 = v[190] = 191, p99 = v[198] = 199.
  for (const Case c : {Case{1, 1, 1, 1}, Case{19, 10, 19, 19}, Case{100, 51, 96, 100},
                       Case{101, 51, 96, 100}, Case{200, 101, 191, 199}}) {
    CAPTURE(c.n);
    MetricsRegistry m;
    m.define_histogram("h", {.quantile_window = 1000});
    for (int v = 1; v <= c.n; ++v) m.observe("h", v);
    const auto h = m.histogram_stats("h");
    REQUIRE(h.has_value());
    CHECK(h->p50 == c.p50);
    CHECK(h->p95 == c.p95);
    CHECK(h->p99 == c.p99);
  }
}

TEST_CASE("quantiles cover the last quantile_window observations while the rest covers all") {
  MetricsRegistry m;
  m.define_histogram("w", {.bucket_bounds = {}, .quantile_window = 5});
  for (int v = 1; v <= 12; ++v) m.observe("w", v);
  const auto h = m.histogram_stats("w");
  REQUIRE(h.has_value());
  // Window = {8, 9, 10, 11, 12}: p50 = v[2] = 10, p95 = p99 = v[4] = 12.
  CHECK(h->p50 == 10.0);
  CHECK(h->p95 == 12.0);
  CHECK(h->count == 12);
  CHECK(h->min == 1.0);
  CHECK(h->sum == 78.0);
  REQUIRE(h->buckets.size() == 1);  // only +Inf
  CHECK(std::isinf(h->buckets[0].upper_bound));
  CHECK(h->buckets[0].cumulative_count == 12);
}

TEST_CASE("bucket counts equal a brute-force count of values <= each bound") {
  MetricsRegistry m;
  const std::vector<double> bounds{0.1, 0.5, 1.0, 2.0, 5.0};
  m.define_histogram("b_seconds", {.bucket_bounds = bounds});
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> dist(0.0, 6.0);
  std::vector<double> values;
  for (int i = 0; i < 2000; ++i) values.push_back(dist(rng));
  values.insert(values.end(), {0.1, 0.5, 1.0, 2.0, 5.0, 0.0, 6.0});  // on the bounds: le is <=
  for (const double v : values) m.observe("b_seconds", v);
  const auto h = m.histogram_stats("b_seconds");
  REQUIRE(h.has_value());
  REQUIRE(h->buckets.size() == bounds.size() + 1);
  double sum = 0.0;
  for (const double v : values) sum += v;
  CHECK_CLOSE(h->sum, sum, 0.0, 1e-12);
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    std::uint64_t expected = 0;
    for (const double v : values) expected += v <= bounds[i] ? 1U : 0U;
    CAPTURE(bounds[i]);
    CHECK(h->buckets[i].upper_bound == bounds[i]);
    CHECK(h->buckets[i].cumulative_count == expected);
  }
  CHECK(h->buckets.back().cumulative_count == values.size());
}

TEST_CASE("default buckets are the Prometheus client defaults, in seconds") {
  CHECK(default_histogram_buckets() ==
        std::vector<double>{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0});
}

TEST_CASE("ScopedTimer records into a registry histogram") {
  MetricsRegistry m;
  { ScopedTimer timer(m, "work_seconds", {{"job", "scan"}}); }
  const auto h = m.histogram_stats("work_seconds", {{"job", "scan"}});
  REQUIRE(h.has_value());
  CHECK(h->count == 1);
  CHECK(h->min >= 0.0);
}

TEST_CASE("bad names and values are rejected with the field and the value") {
  MetricsRegistry m;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(m.increment("api.requests"),
                       "metric name = 'api.requests': must match [a-zA-Z_:][a-zA-Z0-9_:]*",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(m.set_gauge("", 1.0),
                       "metric name = '': must match [a-zA-Z_:][a-zA-Z0-9_:]*", InvalidInput);
  CHECK_THROWS_WITH_AS(m.increment("x_total", -1.0), "counter increment = -1: must not be negative",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(m.increment("x_total", nan), "counter increment = nan: must be finite",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(m.observe("h", inf), "observation = inf: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS(m.increment("x_total", 1.0, {{"bad-name", "v"}}),
                       "label name = 'bad-name': must match [a-zA-Z_][a-zA-Z0-9_]* and not start "
                       "with __",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(m.increment("x_total", 1.0, {{"__name__", "v"}}),
                       "label name = '__name__': must match [a-zA-Z_][a-zA-Z0-9_]* and not start "
                       "with __",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(m.increment("x_total", 1.0, {{"a", "1"}, {"b", "2"}, {"a", "3"}}),
                       "label name = 'a': appears twice", InvalidInput);
  CHECK_THROWS_WITH_AS(m.increment("x_total", 1.0, {{"k", "ok\xff"}}),
                       "label value = 'ok\\xff': is not valid UTF-8", InvalidInput);
  CHECK_THROWS_WITH_AS(m.observe("h_seconds", 1.0, {{"le", "1"}}),
                       "label name = 'le': is reserved for histogram buckets", InvalidInput);
  m.define_histogram("s_seconds", {.exposition = HistogramExposition::quantiles});
  CHECK_THROWS_WITH_AS(m.observe("s_seconds", 1.0, {{"quantile", "1"}}),
                       "label name = 'quantile': is reserved for summary quantiles", InvalidInput);
  CHECK_THROWS_WITH_AS(m.describe("x_total", "bad \xc3"), "help = 'bad \\xc3': is not valid UTF-8",
                       InvalidInput);
  std::vector<Label> many;
  for (int i = 0; i < 17; ++i) many.push_back({"l", "v"});
  CHECK_THROWS_WITH_AS(m.increment("x_total", 1.0, Labels(std::span<const Label>(many))),
                       "labels = 17: a series has at most 16 labels", InvalidInput);
  // Nothing above created a series or bound a kind.
  CHECK(m.snapshot().families.empty());
  m.set_gauge("x_total", 1.0);  // x_total is still free to be a gauge
  CHECK(m.gauge_value("x_total") == 1.0);
}

TEST_CASE("a name keeps one kind, and may not clash with a histogram's series") {
  MetricsRegistry m;
  m.increment("jobs_total");
  CHECK_THROWS_WITH_AS(m.set_gauge("jobs_total", 1.0),
                       "metric name = 'jobs_total': is a counter, not a gauge", InvalidInput);
  CHECK_THROWS_WITH_AS(m.observe("jobs_total", 1.0),
                       "metric name = 'jobs_total': is a counter, not a histogram", InvalidInput);
  m.observe("lat", 1.0);
  CHECK_THROWS_WITH_AS(m.increment("lat_count"),
                       "metric name = 'lat_count': clashes with the series of histogram 'lat'",
                       InvalidInput);
  m.set_gauge("x_sum", 1.0);
  CHECK_THROWS_WITH_AS(m.observe("x", 1.0),
                       "metric name = 'x': a histogram would clash with metric 'x_sum'",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(m.define_histogram("lat", {}),
                       "metric name = 'lat': is already in use; define a histogram before its "
                       "first observation",
                       InvalidInput);
  CHECK_THROWS_WITH_AS(m.define_histogram("b", {.bucket_bounds = {1.0, 1.0}}),
                       "bucket bound = 1: must be greater than the previous bound 1", InvalidInput);
  CHECK_THROWS_WITH_AS(
      m.define_histogram("b", {.bucket_bounds = {1.0, std::numeric_limits<double>::infinity()}}),
      "bucket bound = inf: must be finite", InvalidInput);
  CHECK_THROWS_WITH_AS(m.define_histogram("b", {.quantile_window = 0}),
                       "quantile window = 0: must be in [1, 1048576]", InvalidInput);
}

TEST_CASE("reset forgets series, keeps help texts and histogram definitions") {
  MetricsRegistry m;
  m.describe("c_total", "Things counted");
  m.define_histogram("h", {.bucket_bounds = {1.0}});
  m.increment("c_total", 4.0);
  m.observe("h", 0.5);
  m.set_gauge("g", 2.0);
  m.reset();
  CHECK(m.counter_value("c_total") == 0.0);
  CHECK(m.snapshot().families.empty());
  m.increment("g", 1.0);  // a plain name may change kind after reset
  m.observe("h", 2.0);
  const MetricsSnapshot snap = m.snapshot();
  REQUIRE(snap.families.size() == 2);
  CHECK(snap.families[0].name == "g");
  CHECK(snap.families[1].name == "h");
  CHECK(snap.families[1].series.at(0).histogram.buckets.size() == 2);  // the definition survived
  m.increment("c_total");
  CHECK(m.snapshot().families.at(0).help == "Things counted");
}

TEST_CASE("snapshot is sorted: families by name, series by labels") {
  MetricsRegistry m;
  m.increment("zeta_total");
  m.increment("alpha_total", 1.0, {{"b", "2"}});
  m.increment("alpha_total", 1.0, {{"a", "9"}});
  m.increment("alpha_total", 1.0, {{"b", "1"}});
  const MetricsSnapshot snap = m.snapshot();
  REQUIRE(snap.families.size() == 2);
  CHECK(snap.families[0].name == "alpha_total");
  CHECK(snap.families[0].kind == MetricKind::counter);
  const auto& s = snap.families[0].series;
  REQUIRE(s.size() == 3);
  CHECK(s[0].labels == std::vector<LabelPair>{{"a", "9"}});
  CHECK(s[1].labels == std::vector<LabelPair>{{"b", "1"}});
  CHECK(s[2].labels == std::vector<LabelPair>{{"b", "2"}});
}

TEST_CASE("two threads: concurrent increments and observations sum exactly") {
  MetricsRegistry m;
  constexpr int per_thread = 100'000;
  auto work = [&](const char* who) {
    for (int i = 0; i < per_thread; ++i) {
      m.increment("shared_total");
      m.increment("mine_total", 1.0, {{"thread", who}});
      m.observe("values", static_cast<double>(i % 10));
      if (i % 1000 == 0) m.set_gauge("progress", i, {{"thread", who}});
    }
  };
  {
    std::jthread a(work, "a");
    std::jthread b(work, "b");
  }
  CHECK(m.counter_value("shared_total") == 2.0 * per_thread);
  CHECK(m.counter_value("mine_total", {{"thread", "a"}}) == per_thread);
  CHECK(m.counter_value("mine_total", {{"thread", "b"}}) == per_thread);
  const auto h = m.histogram_stats("values");
  REQUIRE(h.has_value());
  CHECK(h->count == 2U * per_thread);
  CHECK(h->sum == 2.0 * (per_thread / 10) * 45.0);  // integers: exact in double
  CHECK(m.gauge_value("progress", {{"thread", "a"}}) == 99'000.0);
}

}  // namespace
