// ivcrush/scoring/dominance.hpp: whether one trade pays at least as much as another at every
// expiry price (payoff dominance), so that the worse one is never recommended.
//
//   payoff_dominates(b.payoff, a.payoff);   // true: a(S) <= b(S) for every S >= 0, a < b somewhere
//   dominated_in(candidates, i);            // some other candidate dominates candidates[i]
//
// Both payoffs are piecewise linear (payoff.hpp: the P/L at S = 0 and at each strike, and the
// slope beyond the last strike), so their difference is piecewise linear with kinks only at the
// union of both knot sets: comparing there and comparing the two right-hand slopes is exact.
// Tolerance: P/L differences within dominance_tolerance (half a cent per unit) count as equal.
// Chain quotes are whole cents and strikes whole ticks, so every knot P/L is a whole number of
// cents up to floating rounding (~1e-12 $): the half cent only absorbs that rounding, and on
// cent payoffs the relation is the exact partial order (irreflexive, transitive, no cycles).
// Slopes are sums of signed contract units (integers); they are compared within 1e-9.
// Complexity: O(ka + kb) for ka and kb knots, with early exits (most pairs fail at S = 0 or at
// the right tail); dominated_in is O(n) such tests. No allocation; pure, thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>

#include "ivcrush/strategy/candidate.hpp"
#include "ivcrush/strategy/payoff.hpp"

namespace ivcrush::inline v0 {

// P/L differences (per unit) within this many dollars are equal for dominance.
inline constexpr double dominance_tolerance = 0.005;

namespace detail {

inline constexpr double dominance_slope_tolerance = 1e-9;  // $ per $ of the underlying

// The P/L at x of the profile whose knots are `k` (ascending, k[0] = 0) with values `v`, given
// the segment j with k[j] <= x (advanced by the caller as x grows).
[[nodiscard]] inline double payoff_value_on(std::span<const double> k, std::span<const double> v,
                                            double right_slope, std::size_t j, double x) noexcept {
  if (j + 1 >= k.size()) return v[j] + right_slope * (x - k[j]);
  return v[j] + (x - k[j]) * (v[j + 1] - v[j]) / (k[j + 1] - k[j]);
}

}  // namespace detail

// Whether `by` dominates `of`: of(S) <= by(S) + tolerance for every S >= 0, and
// of(S) < by(S) - tolerance for some S (or of's slope beyond both last knots is below by's).
// Irreflexive: a payoff never dominates itself or an equal one.
[[nodiscard]] inline bool payoff_dominates(const PayoffProfile& by,
                                           const PayoffProfile& of) noexcept {
  const std::span<const double> kb = by.knot_prices(), vb = by.knot_pnls();
  const std::span<const double> ko = of.knot_prices(), vo = of.knot_pnls();
  const double sb = by.slope_beyond_last_strike(), so = of.slope_beyond_last_strike();
  // The cheap necessary conditions first: the right tail, S = 0, the largest knot.
  if (so > sb + detail::dominance_slope_tolerance) return false;
  if (vo[0] > vb[0] + dominance_tolerance) return false;
  bool strict = vo[0] < vb[0] - dominance_tolerance || so < sb - detail::dominance_slope_tolerance;
  const double last = std::max(kb.back(), ko.back());  // both are linear from there on
  if (detail::payoff_value_on(ko, vo, so, ko.size() - 1, last) >
      detail::payoff_value_on(kb, vb, sb, kb.size() - 1, last) + dominance_tolerance) {
    return false;
  }
  // Every knot of the union, ascending (both start at S = 0, already compared).
  std::size_t ib = 1, io = 1, jb = 0, jo = 0;
  while (ib < kb.size() || io < ko.size()) {
    double x = 0.0;
    if (io >= ko.size() || (ib < kb.size() && kb[ib] <= ko[io])) {
      x = kb[ib];
    } else {
      x = ko[io];
    }
    while (ib < kb.size() && kb[ib] <= x) jb = ib++;
    while (io < ko.size() && ko[io] <= x) jo = io++;
    const double d =
        detail::payoff_value_on(ko, vo, so, jo, x) - detail::payoff_value_on(kb, vb, sb, jb, x);
    if (d > dominance_tolerance) return false;
    if (d < -dominance_tolerance) strict = true;
  }
  return strict;
}

// Whether some candidate of `all` other than all[i] dominates all[i] (by payoff, per unit,
// fees included, as the candidates store it).
[[nodiscard]] inline bool dominated_in(std::span<const Candidate> all, std::size_t i) noexcept {
  const PayoffProfile& of = all[i].payoff;
  for (std::size_t j = 0; j < all.size(); ++j) {
    if (j != i && payoff_dominates(all[j].payoff, of)) return true;
  }
  return false;
}

// Whether some payoff of `all` dominates `of` (the pruned generation's test over every pick).
[[nodiscard]] inline bool dominated_by_any(const PayoffProfile& of,
                                           std::span<const PayoffProfile> all) noexcept {
  return std::any_of(all.begin(), all.end(),
                     [&](const PayoffProfile& by) { return payoff_dominates(by, of); });
}

}  // namespace ivcrush::inline v0
