// ivcrush/scoring/score_breakdown.hpp: an explained score: the total and what it is made of.
//
//   ScoreBreakdown b;
//   b.add("pop", 40.0, 0.40, {"legacy POP {:.3f} vs target {:.2f}", {0.75, 0.65}});
//   b.add("profit_zone", -4.2, 0.0, {"zone/range {:.3f}: x{:.4f}", {0.55, 0.85}});
//   b.set_total(35.8);
//   b.total();                  // 35.8, on 0-100
//   b.at("pop").points;         // 40 (find("pop") gives a pointer, nullptr when absent)
//   b.at("pop").reason();       // "legacy POP 0.750 vs target 0.65" (formatted on demand)
//   describe(b);                // one line per component, for a report
//
// Units: points and the total are on the 0-100 scale; `weight` is the component's share of the
// 100 points (0.40 = up to 40 points) for a weighted factor, and 0 for an adjustment (a
// multiplier's effect, a directional bonus, a gate), whose `points` are the signed change it made.
// For every shipped policy total == clamp(sum of points, 0, 100) up to rounding.
//
// A reason is a format pattern plus up to three numbers, formatted only when asked (reason(),
// describe()): scoring a candidate formats nothing and allocates nothing. The pattern and the
// component name are string_views and must outlive the breakdown: use string literals.
// A pattern is an fmt format string over doubles ("{:.2f}"); an unused value is ignored.
// Capacity: max_components (10) components, stored inline; adding more is a programmer error
// (IVCRUSH_ASSERT). Complexity: O(1) per add, O(components) per find.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ivcrush/config.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

// A short explanation: a format pattern (a literal) and the numbers it prints.
struct ScoreReason {
  static constexpr std::size_t max_values = 3;

  constexpr ScoreReason() noexcept = default;
  constexpr ScoreReason(std::string_view pattern_literal,
                        std::initializer_list<double> numbers = {}) noexcept
      : pattern(pattern_literal) {
    IVCRUSH_ASSERT(numbers.size() <= max_values, "a ScoreReason holds at most three numbers");
    std::size_t i = 0;
    for (const double v : numbers) {
      if (i < max_values) values[i++] = v;
    }
  }

  std::string_view pattern;
  std::array<double, max_values> values{};

  // The formatted text; throws fmt::format_error if the pattern is not a valid format string.
  [[nodiscard]] std::string text() const {
    return fmt::format(fmt::runtime(pattern), values[0], values[1], values[2]);
  }
};

struct ScoreComponent {
  std::string_view name;  // a literal: "pop", "liquidity", ...
  double points = 0.0;    // contribution on the 0-100 scale (signed for adjustments)
  double weight = 0.0;    // share of the 100 points; 0 for an adjustment
  ScoreReason why;

  [[nodiscard]] std::string reason() const { return why.text(); }
};

class ScoreBreakdown {
 public:
  static constexpr std::size_t max_components = 10;

  // Appends a component; returns *this so a policy can chain adds.
  ScoreBreakdown& add(std::string_view name, double points, double weight,
                      ScoreReason reason = {}) noexcept {
    IVCRUSH_ASSERT(size_ < max_components, "ScoreBreakdown holds at most 10 components");
    components_[size_++] = ScoreComponent{name, points, weight, reason};
    return *this;
  }

  // The final score on 0-100 (a policy's contract; asserted, not clamped silently).
  void set_total(double total) noexcept {
    IVCRUSH_ASSERT(detail::is_finite(total) && total >= 0.0 && total <= 100.0,
                   "a score total must be finite and within [0, 100]");
    total_ = total;
  }

  [[nodiscard]] double total() const noexcept { return total_; }
  [[nodiscard]] std::span<const ScoreComponent> components() const noexcept {
    return {components_.data(), size_};
  }
  // The first component with this name, or nullptr.
  [[nodiscard]] const ScoreComponent* find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < size_; ++i) {
      if (components_[i].name == name) return &components_[i];
    }
    return nullptr;
  }
  // The component with this name; throws std::out_of_range when there is none (like map::at).
  [[nodiscard]] const ScoreComponent& at(std::string_view name) const {
    if (const auto* c = find(name)) return *c;
    throw std::out_of_range(fmt::format("no score component named '{}'", name));
  }
  // The sum of the components' points (before any clamp).
  [[nodiscard]] double sum_of_points() const noexcept {
    double s = 0.0;
    for (std::size_t i = 0; i < size_; ++i) s += components_[i].points;
    return s;
  }

 private:
  std::array<ScoreComponent, max_components> components_{};
  std::size_t size_ = 0;
  double total_ = 0.0;
};

// "total 93.49\n  pop         40.00 / 40  legacy POP 0.750 vs target 0.65\n ..." for reports.
[[nodiscard]] inline std::string describe(const ScoreBreakdown& b) {
  std::string out = fmt::format("total {:.2f}\n", b.total());
  for (const auto& c : b.components()) {
    if (c.weight > 0.0) {
      out += fmt::format("  {:<12} {:>7.2f} / {:<5.1f} {}\n", c.name, c.points, c.weight * 100.0,
                         c.reason());
    } else {
      out += fmt::format("  {:<12} {:>+7.2f}         {}\n", c.name, c.points, c.reason());
    }
  }
  return out;
}

}  // namespace ivcrush::inline v0
