// ivcrush/scoring/rank_order.hpp: the order of a ranking, ties included.
//
//   const RankKey k = rank_key(candidate, total, rationale_options_of(policy));
//   ranks_before(k, other);   // k's candidate is listed first
//
// A ranking lists candidates by, in turn:
//   1. the policy's total, higher first;
//   2. the expected P/L per dollar of max loss under the policy's own probability
//      (expected_pnl_under: empirical, model or legacy), higher first;
//   3. the max loss per unit, lower first;
//   4. a key of the trade itself: the kind (StrategyKind's order), then the legs in the
//      strategy's order by strike, right, side, quantity, expiration and premium;
// and only candidates identical in all of that keep their input order (the caller's last key).
// Each step compares the stored doubles exactly: the key is a pure function of the candidate,
// so the same candidate gets the same place in every ranking (the pruned analysis relies on it).
// Dominance (dominance.hpp) is not an ordering step: a dominated candidate is dropped from the
// ranking (strategy_scorer.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <limits>

#include "ivcrush/scoring/scoring_policy.hpp"
#include "ivcrush/strategy/candidate.hpp"

namespace ivcrush::inline v0 {

struct RankKey {
  double total = 0.0;
  double expected_pnl_per_max_loss = 0.0;
  double max_loss = 0.0;                 // dollars per unit
  const Candidate* candidate = nullptr;  // for step 4; must outlive the key
};

// E[P/L] / max loss; a candidate without a positive max loss (not a defined-risk trade; the
// generator never makes one) gets +inf, 0 or -inf by the sign of its E[P/L].
[[nodiscard]] constexpr double expected_pnl_per_max_loss(double expected_pnl,
                                                         double max_loss) noexcept {
  if (max_loss > 0.0) return expected_pnl / max_loss;
  constexpr double inf = std::numeric_limits<double>::infinity();
  return expected_pnl > 0.0 ? inf : expected_pnl < 0.0 ? -inf : 0.0;
}

[[nodiscard]] constexpr RankKey rank_key(const Candidate& c, double total,
                                         const RationaleOptions& probability) noexcept {
  const double ev = expected_pnl_under(c, probability.pop_source, probability.min_empirical_samples)
                        .value.dollars();
  return {total, expected_pnl_per_max_loss(ev, c.max_loss.dollars()), c.max_loss.dollars(), &c};
}

namespace detail {

// -1, 0 or 1 as a is before, equal to or after b (step 4).
[[nodiscard]] inline int compare_trades(const Candidate& a, const Candidate& b) noexcept {
  const auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : y < x ? 1 : 0; };
  if (const int k = cmp(static_cast<int>(a.kind), static_cast<int>(b.kind))) return k;
  const auto la = a.strategy.legs(), lb = b.strategy.legs();
  if (const int k = cmp(la.size(), lb.size())) return k;
  for (std::size_t i = 0; i < la.size(); ++i) {
    const Leg& x = la[i];
    const Leg& y = lb[i];
    if (const int k = cmp(x.strike(), y.strike())) return k;
    if (const int k = cmp(static_cast<int>(x.instrument()), static_cast<int>(y.instrument()))) {
      return k;
    }
    if (const int k = cmp(static_cast<int>(x.side()), static_cast<int>(y.side()))) return k;
    if (const int k = cmp(x.quantity(), y.quantity())) return k;
    if (const int k =
            cmp(std::chrono::sys_days{x.expiration()}, std::chrono::sys_days{y.expiration()})) {
      return k;
    }
    if (const int k = cmp(x.price_per_share(), y.price_per_share())) return k;
  }
  return 0;
}

}  // namespace detail

// Whether a's candidate is listed before b's (steps 1-4; false for equal keys).
[[nodiscard]] inline bool ranks_before(const RankKey& a, const RankKey& b) noexcept {
  if (a.total != b.total) return a.total > b.total;
  if (a.expected_pnl_per_max_loss != b.expected_pnl_per_max_loss) {
    return a.expected_pnl_per_max_loss > b.expected_pnl_per_max_loss;
  }
  if (a.max_loss != b.max_loss) return a.max_loss < b.max_loss;
  if (a.candidate == nullptr || b.candidate == nullptr || a.candidate == b.candidate) return false;
  return detail::compare_trades(*a.candidate, *b.candidate) < 0;
}

}  // namespace ivcrush::inline v0
