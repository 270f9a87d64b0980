// ivcrush/strategy/legacy_pop.hpp: the original's probability-of-profit proxies, kept only to
// fill Candidate::pop.legacy so its scores (domain-spec §8) can be reproduced.
//
//   legacy_vertical_pop(-0.1801);                        // 1 - |Δ short| = 0.8199
//   legacy_vertical_pop(std::nullopt);                   // 0.75: no delta (or a delta of 0)
//   legacy_condor_pop(-0.1801, 0.2198);                  // max(0, 1 - |Δp| - |Δc|) = 0.6001
//   legacy_butterfly_pop(Money::dollars(2.565), Price::dollars(100),
//                        Percentage::from_pct(6.63));    // table -> 0.3434, clamped to 0.35
//
// None of these is a probability of anything: 1 - |Δ| approximates P(short leg expires out of
// the money) and ignores the credit (the real profit zone starts at the breakeven, not the
// strike); the butterfly table is hand-made. ivcrush's probabilities are model_outcome and
// empirical_outcome (probability.hpp); these exist for the legacy scoring policy only.
// Rules (domain-spec §3.5 step 4, §3.6 step 6, §3.7 step 9):
// - vertical: 1 - |Δshort| when the delta is known and non-zero (the original tested the
//   delta's truthiness, so 0 counts as missing), otherwise 0.75;
// - condor: max(0, 1 - |Δput short| - |Δcall short|) when both deltas are known and non-zero,
//   otherwise max(0, POP put side + POP call side - 1) with each side's vertical POP;
// - butterfly: zone = 2·credit/S, ratio = zone / (2·IM), a piecewise-linear table of the
//   ratio, then clamped to [min, max] (0.35 and 0.70 by default; any ratio below 0.40 ends at
//   0.35).
// Errors: InvalidInput for a non-finite delta, a delta with |Δ| > 1, a non-positive spot or
// implied move (the original divided by zero and dropped the butterfly), a negative or
// non-finite credit, or a clamp outside [0, 1] or with min > max. O(1), no allocation.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

// The POP the original gave a vertical whose short delta it did not know.
inline constexpr double legacy_default_vertical_pop = 0.75;

// The clamp of the butterfly table (the original's ib_pop_min / ib_pop_max).
struct LegacyButterflyPopClamp {
  double min = 0.35;
  double max = 0.70;

  void validate() const {
    detail::require_finite("legacy butterfly pop min", min);
    detail::require_finite("legacy butterfly pop max", max);
    if (min < 0.0 || min > 1.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "legacy butterfly pop min", min,
                            "must be in [0, 1]");
    }
    if (max < 0.0 || max > 1.0) {
      detail::throw_invalid(ErrorCode::out_of_range, "legacy butterfly pop max", max,
                            "must be in [0, 1]");
    }
    if (min > max) {
      detail::throw_invalid(ErrorCode::inconsistent, "legacy butterfly pop min", min,
                            fmt::format("must not exceed the max {}", max));
    }
  }
};

namespace detail {

// The original's truthiness test: a delta that is absent or exactly 0 is "missing".
[[nodiscard]] inline std::optional<double> known_delta(std::optional<double> delta) {
  if (!delta) return std::nullopt;
  require_finite("short delta", *delta);
  if (std::fabs(*delta) > 1.0) {
    throw_invalid(ErrorCode::out_of_range, "short delta", *delta, "must be in [-1, 1]");
  }
  if (*delta == 0.0) return std::nullopt;
  return delta;
}

}  // namespace detail

// 1 - |Δshort|, or 0.75 without a (non-zero) delta.
[[nodiscard]] inline double legacy_vertical_pop(std::optional<double> short_delta) {
  const auto d = detail::known_delta(short_delta);
  return d ? 1.0 - std::fabs(*d) : legacy_default_vertical_pop;
}

// max(0, 1 - |Δp| - |Δc|) with both short deltas, else max(0, POP_put + POP_call - 1).
[[nodiscard]] inline double legacy_condor_pop(std::optional<double> put_short_delta,
                                              std::optional<double> call_short_delta) {
  const auto p = detail::known_delta(put_short_delta);
  const auto c = detail::known_delta(call_short_delta);
  if (p && c) return std::max(0.0, 1.0 - std::fabs(*p) - std::fabs(*c));
  return std::max(0.0, legacy_vertical_pop(p) + legacy_vertical_pop(c) - 1.0);
}

// The butterfly table of domain-spec §3.7 step 9, before the clamp.
[[nodiscard]] constexpr double legacy_butterfly_table(double ratio) noexcept {
  if (ratio >= 1.0) return std::min(0.70, 0.65 + (ratio - 1.0) * 0.05);
  if (ratio >= 0.75) return 0.55 + (ratio - 0.75) * 0.4;
  if (ratio >= 0.50) return 0.40 + (ratio - 0.50) * 0.6;
  if (ratio >= 0.30) return 0.30 + (ratio - 0.30) * 0.5;
  return std::max(0.25, 0.30 - (0.30 - ratio) * 0.25);
}

// The butterfly heuristic: ratio = (2·credit/S) / (2·IM), the table, then the clamp.
[[nodiscard]] inline double legacy_butterfly_pop(Money credit_per_share, Price spot,
                                                 Percentage implied_move,
                                                 const LegacyButterflyPopClamp& clamp = {}) {
  clamp.validate();
  detail::require_non_negative("credit", credit_per_share.dollars());
  if (!(spot.dollars() > 0.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "spot", spot.dollars(), "must be positive");
  }
  detail::require_finite("implied move %", implied_move.pct());
  if (!(implied_move.fraction() > 0.0)) {
    detail::throw_invalid(ErrorCode::out_of_range, "implied move %", implied_move.pct(),
                          "must be positive (the butterfly table divides by it)");
  }
  const double zone = 2.0 * credit_per_share.dollars() / spot.dollars();
  const double ratio = zone / (2.0 * implied_move.fraction());
  return std::clamp(legacy_butterfly_table(ratio), clamp.min, clamp.max);
}

}  // namespace ivcrush::inline v0
