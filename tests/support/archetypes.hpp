// tests/support/archetypes.hpp: minimal models of ivcrush's ports and of the types its templates
// take (the idea of Boost.Math's real_concept). Each archetype has exactly what the documented
// concept or requirement lists and nothing else: no default arguments, no default constructor,
// no copies, no extra members. Instantiating a library template with them proves the template
// uses nothing undocumented; the archetypes also record what was called, so tests can check it.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/ports/cache.hpp"
#include "ivcrush/ports/metrics.hpp"
#include "ivcrush/scoring/scoring_policy.hpp"

namespace ivcrush::test {

// ---- values -------------------------------------------------------------------------------------

// A cache key: copyable and nothrow-movable, equality only (hashed by KeyArchetypeHash), no
// default constructor, no ordering, no assignment.
class KeyArchetype {
 public:
  explicit KeyArchetype(int id) noexcept : id_(id) {}
  KeyArchetype(const KeyArchetype&) = default;
  KeyArchetype(KeyArchetype&&) noexcept = default;
  KeyArchetype& operator=(const KeyArchetype&) = delete;
  KeyArchetype& operator=(KeyArchetype&&) = delete;
  friend bool operator==(const KeyArchetype&, const KeyArchetype&) = default;
  [[nodiscard]] int id() const noexcept { return id_; }

 private:
  int id_;
};

struct KeyArchetypeHash {
  std::size_t operator()(const KeyArchetype& k) const noexcept { return std::hash<int>{}(k.id()); }
};

// A cached value: copy- and nothrow-move-constructible, nothing else (not default-constructible,
// not assignable, not comparable).
class ValueArchetype {
 public:
  explicit ValueArchetype(int payload) noexcept : payload_(payload) {}
  ValueArchetype(const ValueArchetype&) = default;
  ValueArchetype(ValueArchetype&&) noexcept = default;
  ValueArchetype& operator=(const ValueArchetype&) = delete;
  ValueArchetype& operator=(ValueArchetype&&) = delete;
  [[nodiscard]] int payload() const noexcept { return payload_; }

 private:
  int payload_;
};

// ---- time ---------------------------------------------------------------------------------------

// A clock whose time the test sets; counts how often it was read.
struct ManualTime {
  using duration = std::chrono::milliseconds;
  using time_point = std::chrono::time_point<ManualTime, duration>;
  time_point now{};
  mutable int reads = 0;
};

// TimerClock archetype: copyable, now() const, nothing else (no static now, no is_steady).
class ClockArchetype {
 public:
  using time_point = ManualTime::time_point;
  explicit ClockArchetype(const ManualTime& time) noexcept : time_(&time) {}
  [[nodiscard]] time_point now() const noexcept {
    ++time_->reads;
    return time_->now;
  }

 private:
  const ManualTime* time_;
};

// ---- ports --------------------------------------------------------------------------------------

// MetricsSink archetype: the three members with no defaults; not copyable, movable or
// default-constructible; records every call as "kind name value {k=v,...}".
class MetricsSinkArchetype {
 public:
  explicit MetricsSinkArchetype(std::vector<std::string>& log) noexcept : log_(&log) {}
  MetricsSinkArchetype(const MetricsSinkArchetype&) = delete;
  MetricsSinkArchetype& operator=(const MetricsSinkArchetype&) = delete;

  void increment(std::string_view name, double amount, Labels labels) {
    record("increment", name, amount, labels);
  }
  void set_gauge(std::string_view name, double value, Labels labels) {
    record("set_gauge", name, value, labels);
  }
  void observe(std::string_view name, double value, Labels labels) {
    record("observe", name, value, labels);
  }

 private:
  void record(std::string_view kind, std::string_view name, double value, Labels labels) {
    std::string line = std::string(kind) + " " + std::string(name) + " " + std::to_string(value);
    line += " {";
    for (const Label& l : labels) line += std::string(l.name) + "=" + std::string(l.value) + ";";
    line += "}";
    log_->push_back(std::move(line));
  }
  std::vector<std::string>* log_;
};

// Cache archetype over the archetype key and value: the four operations and four types, linear
// storage, no copies; records the operations called.
template <class TimePoint = ManualTime::time_point>
class CacheArchetype {
 public:
  using key_type = KeyArchetype;
  using mapped_type = ValueArchetype;
  using time_point = TimePoint;
  using duration = typename TimePoint::duration;

  explicit CacheArchetype(std::vector<std::string>& log) noexcept : log_(&log) {}
  CacheArchetype(const CacheArchetype&) = delete;
  CacheArchetype& operator=(const CacheArchetype&) = delete;

  std::optional<mapped_type> find(const key_type& key, time_point now) {
    log_->push_back("find " + std::to_string(key.id()));
    for (const Entry& e : entries_) {
      if (e.key == key && now < e.expires_at) return e.value;
    }
    return std::nullopt;
  }
  // Takes an rvalue only: the concept promises nothing more.
  void insert(const key_type& key, mapped_type&& value, duration ttl, time_point now) {
    log_->push_back("insert " + std::to_string(key.id()));
    erase_quietly(key);
    entries_.push_back(Entry{key, std::move(value), now + ttl});
  }
  bool erase(const key_type& key) {
    log_->push_back("erase " + std::to_string(key.id()));
    return erase_quietly(key);
  }
  void clear() {
    log_->push_back("clear");
    entries_.clear();
  }

 protected:
  struct Entry {
    key_type key;
    mapped_type value;
    time_point expires_at;
  };
  bool erase_quietly(const key_type& key) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->key == key) {
        // Entries are not assignable, so rebuild without the erased one.
        std::vector<Entry> kept;
        for (auto& e : entries_) {
          if (!(e.key == key)) kept.push_back(std::move(e));
        }
        entries_.swap(kept);
        return true;
      }
    }
    return false;
  }
  std::vector<std::string>* log_;
  std::vector<Entry> entries_;
};

// ExpiringCache archetype: CacheArchetype plus find_entry.
template <class TimePoint = ManualTime::time_point>
class ExpiringCacheArchetype : public CacheArchetype<TimePoint> {
 public:
  using Base = CacheArchetype<TimePoint>;
  using Base::Base;
  std::optional<CacheEntry<ValueArchetype, TimePoint>> find_entry(const KeyArchetype& key,
                                                                  TimePoint now) {
    this->log_->push_back("find_entry " + std::to_string(key.id()));
    for (const auto& e : this->entries_) {
      if (e.key == key && now < e.expires_at) {
        return CacheEntry<ValueArchetype, TimePoint>{e.value, e.expires_at};
      }
    }
    return std::nullopt;
  }
};

// ---- scoring ------------------------------------------------------------------------------------

// ScoringPolicy archetype: copy-constructible, score() const, nothing else (no default
// constructor, no assignment, no name(), no rationale_options()). Scores `scale` x model POP.
class ScoringPolicyArchetype {
 public:
  explicit ScoringPolicyArchetype(double scale) noexcept : scale_(scale) {}
  ScoringPolicyArchetype(const ScoringPolicyArchetype&) = default;
  ScoringPolicyArchetype& operator=(const ScoringPolicyArchetype&) = delete;
  [[nodiscard]] ScoreBreakdown score(const Candidate& c, const ScoringContext& /*ctx*/) const {
    ScoreBreakdown b;
    b.add("pop", scale_ * c.pop.model, 1.0, {"model POP {:.3f}", {c.pop.model}});
    b.set_total(scale_ * c.pop.model);
    return b;
  }

 private:
  double scale_;
};

static_assert(Cache<CacheArchetype<>>);
static_assert(!ExpiringCache<CacheArchetype<>>);
static_assert(ExpiringCache<ExpiringCacheArchetype<>>);
static_assert(MetricsSink<MetricsSinkArchetype>);
static_assert(records_metrics_v<MetricsSinkArchetype>);
static_assert(TimerClock<ClockArchetype>);
static_assert(ScoringPolicy<ScoringPolicyArchetype>);

}  // namespace ivcrush::test
