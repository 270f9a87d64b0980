// The MetricsSink port: the concept, the name rules, Labels, and ScopedTimer / record_duration
// over the archetype sink and clock (and over NullMetrics, where they must not read the clock).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/adapters/null_metrics.hpp"
#include "ivcrush/ports/metrics.hpp"
#include "support/archetypes.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono_literals;
using test::ClockArchetype;
using test::ManualTime;
using test::MetricsSinkArchetype;

struct MissingObserve {
  void increment(std::string_view, double, Labels);
  void set_gauge(std::string_view, double, Labels);
};
struct NoLabels {  // labels are part of the port
  void increment(std::string_view, double);
  void set_gauge(std::string_view, double);
  void observe(std::string_view, double);
};
struct RecordsNothing {
  static constexpr bool records_metrics = false;
  void increment(std::string_view, double, Labels);
  void set_gauge(std::string_view, double, Labels);
  void observe(std::string_view, double, Labels);
};

static_assert(!MetricsSink<MissingObserve>);
static_assert(!MetricsSink<NoLabels>);
static_assert(MetricsSink<MetricsSinkArchetype>);
static_assert(MetricsSink<NullMetrics>);
static_assert(records_metrics_v<MetricsSinkArchetype>);
static_assert(!records_metrics_v<NullMetrics>);
static_assert(!records_metrics_v<const NullMetrics&>);
static_assert(!records_metrics_v<RecordsNothing>);
static_assert(std::is_trivially_copyable_v<NullMetrics> && std::is_empty_v<NullMetrics>);

// The name rules, as compile-time facts.
static_assert(is_valid_metric_name("ivcrush_scans_total"));
static_assert(is_valid_metric_name("_x:y:z9"));
static_assert(is_valid_metric_name(":colon_first"));
static_assert(!is_valid_metric_name(""));
static_assert(!is_valid_metric_name("9lives"));
static_assert(!is_valid_metric_name("api.requests"));
static_assert(!is_valid_metric_name("a-b"));
static_assert(!is_valid_metric_name("caf\xc3\xa9"));
static_assert(is_valid_label_name("ticker"));
static_assert(is_valid_label_name("_x1"));
static_assert(!is_valid_label_name(""));
static_assert(!is_valid_label_name("__name__"));
static_assert(!is_valid_label_name("a:b"));  // colons are for metric names only
static_assert(!is_valid_label_name("1a"));

TEST_CASE("sanitize_metric_name maps any text onto the rule, explicitly") {
  CHECK(sanitize_metric_name("api.requests") == "api_requests");
  CHECK(sanitize_metric_name("9lives") == "_9lives");
  CHECK(sanitize_metric_name("") == "_");
  CHECK(sanitize_metric_name("a b-c{d}") == "a_b_c_d_");
  CHECK(sanitize_metric_name("caf\xc3\xa9") == "caf__");  // one '_' per byte
  for (std::string_view s : {"api.requests", "9lives", "", "a b-c{d}", "x:y", "\n"}) {
    CAPTURE(s);
    CHECK(is_valid_metric_name(sanitize_metric_name(s)));
  }
}

TEST_CASE("Labels views a braced list or a span without copying") {
  const Labels none;
  CHECK(none.empty());
  const Label storage[] = {{"a", "1"}, {"b", "2"}};
  const Labels from_span{std::span<const Label>(storage)};
  CHECK(from_span.size() == 2);
  CHECK(from_span.begin() == &storage[0]);
  CHECK(from_span[1].value == "2");
  auto count = [](Labels l) { return l.size(); };
  CHECK(count({{"ticker", "AAPL"}, {"side", "put"}}) == 2);
  CHECK(count({}) == 0);
}

TEST_CASE("ScopedTimer observes the elapsed seconds through the documented members only") {
  std::vector<std::string> log;
  MetricsSinkArchetype sink(log);
  ManualTime time;
  time.now = ManualTime::time_point{10'000ms};
  {
    ScopedTimer timer(sink, "ivcrush_scan_seconds", {{"ticker", "AAPL"}, {"phase", "chain"}},
                      ClockArchetype(time));
    time.now += 1'250ms;
  }
  REQUIRE(log.size() == 1);
  CHECK(log[0] == "observe ivcrush_scan_seconds 1.250000 {ticker=AAPL;phase=chain;}");
  CHECK(time.reads == 2);

  // stop() records once; the destructor then records nothing more.
  log.clear();
  {
    ScopedTimer timer(sink, "t_seconds", {}, ClockArchetype(time));
    time.now += 500ms;
    timer.stop();
    time.now += 10s;
    timer.stop();
  }
  REQUIRE(log.size() == 1);
  CHECK(log[0] == "observe t_seconds 0.500000 {}");

  record_duration(sink, "d_seconds", 3min, Labels{});
  CHECK(log.back() == "observe d_seconds 180.000000 {}");
}

TEST_CASE("with NullMetrics the timer never reads the clock") {
  NullMetrics sink;
  ManualTime time;
  {
    ScopedTimer timer(sink, "ignored_seconds", {{"a", "b"}}, ClockArchetype(time));
    time.now += 1s;
  }
  record_duration(sink, "ignored_seconds", 1s, Labels{});
  CHECK(time.reads == 0);
}

TEST_CASE("a timer with too many labels is rejected") {
  std::vector<std::string> log;
  MetricsSinkArchetype sink(log);
  ManualTime time;
  const Label nine[] = {{"a", ""}, {"b", ""}, {"c", ""}, {"d", ""}, {"e", ""},
                        {"f", ""}, {"g", ""}, {"h", ""}, {"i", ""}};
  auto make = [&] {
    ScopedTimer timer(sink, "x_seconds", Labels(std::span<const Label>(nine)),
                      ClockArchetype(time));
  };
  CHECK_THROWS_WITH_AS(make(), "timer labels = 9: a ScopedTimer holds at most 8 labels",
                       InvalidInput);
  CHECK(log.empty());
}

// A hot path written the documented way: the default sink costs nothing, a real one records.
template <MetricsSink M = NullMetrics>
int instrumented_square(int x, M&& metrics = M{}) {
  metrics.increment("squares_total", 1.0, {{"sign", x < 0 ? "neg" : "pos"}});
  return x * x;
}

TEST_CASE("library functions default to the null sink and accept any sink") {
  CHECK(instrumented_square(-3) == 9);
  std::vector<std::string> log;
  MetricsSinkArchetype sink(log);
  CHECK(instrumented_square(4, sink) == 16);
  CHECK(log == std::vector<std::string>{"increment squares_total 1.000000 {sign=pos;}"});
}

}  // namespace
