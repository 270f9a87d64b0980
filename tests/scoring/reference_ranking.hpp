// tests/scoring/reference_ranking.hpp: the ranking rules of docs/scoring.md written out by brute
// force, independently of the scorer: dominance by evaluating both payoffs (PayoffProfile::pnl_at)
// at every knot of either, every midpoint and a far point; the order by a full stable sort.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <span>
#include <tuple>
#include <vector>

#include "ivcrush/scoring/scoring_policy.hpp"
#include "ivcrush/strategy/candidate.hpp"

namespace ivcrush::test {

// `by` dominates `of`: of <= by + $0.005 at every price, of < by - $0.005 at one.
inline bool brute_dominates(const Candidate& by, const Candidate& of) {
  std::vector<double> xs;
  for (const double k : by.payoff.knot_prices()) xs.push_back(k);
  for (const double k : of.payoff.knot_prices()) xs.push_back(k);
  std::sort(xs.begin(), xs.end());
  const double far = 4.0 * xs.back() + 1000.0;  // the tails' slopes show here
  const std::size_t n = xs.size();
  for (std::size_t i = 0; i + 1 < n; ++i) xs.push_back(0.5 * (xs[i] + xs[i + 1]));
  xs.push_back(far);
  bool strict = false;
  for (const double x : xs) {
    const double d = of.payoff.pnl_at(Price::dollars(x)).dollars() -
                     by.payoff.pnl_at(Price::dollars(x)).dollars();
    if (d > 0.005) return false;
    if (d < -0.005) strict = true;
  }
  return strict;
}

inline std::vector<bool> brute_dominated(std::span<const Candidate> cs) {
  std::vector<bool> out(cs.size(), false);
  for (std::size_t i = 0; i < cs.size(); ++i) {
    for (std::size_t j = 0; j < cs.size() && !out[i]; ++j) {
      if (j != i && brute_dominates(cs[j], cs[i])) out[i] = true;
    }
  }
  return out;
}

// The trade's own key: kind, then each leg (strike, instrument, side, quantity, expiry, premium).
inline auto trade_key(const Candidate& c) {
  std::vector<std::tuple<std::int64_t, int, int, int, long, double>> legs;
  for (const Leg& l : c.strategy.legs()) {
    legs.emplace_back(
        l.strike().ticks(), static_cast<int>(l.instrument()), static_cast<int>(l.side()),
        l.quantity(),
        static_cast<long>(std::chrono::sys_days{l.expiration()}.time_since_epoch().count()),
        l.price_per_share().dollars());
  }
  return std::make_tuple(static_cast<int>(c.kind), legs.size(), legs);
}

// The top_n indices of the non-dominated candidates by (total desc, E[P/L] / max loss under the
// policy's probability desc, max loss asc, trade key asc), input order last.
template <class Policy>
std::vector<std::size_t> reference_ranking(std::span<const Candidate> cs, const Policy& policy,
                                           const ScoringContext& ctx, std::size_t top_n,
                                           const std::vector<bool>& dominated) {
  const RationaleOptions ro = rationale_options_of(policy);
  struct Row {
    double total, ratio, max_loss;
    std::size_t index;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (dominated[i]) continue;
    const Candidate& c = cs[i];
    const bool emp = ro.pop_source == PopSource::empirical && c.expected_pnl_empirical &&
                     c.empirical_sample_size >= ro.min_empirical_samples;
    // The legacy POP p stands for a two-outcome bet: p x max profit - (1 - p) x max loss.
    const double p = c.pop.legacy;
    const double ev = emp ? c.expected_pnl_empirical->dollars()
                      : ro.pop_source == PopSource::legacy
                          ? p * c.max_profit.dollars() - (1.0 - p) * c.max_loss.dollars()
                          : c.expected_pnl_model.dollars();
    rows.push_back(
        {policy.score(c, ctx).total(), ev / c.max_loss.dollars(), c.max_loss.dollars(), i});
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    if (a.total != b.total) return a.total > b.total;
    if (a.ratio != b.ratio) return a.ratio > b.ratio;
    if (a.max_loss != b.max_loss) return a.max_loss < b.max_loss;
    return trade_key(cs[a.index]) < trade_key(cs[b.index]);
  });
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < rows.size() && k < top_n; ++k) out.push_back(rows[k].index);
  return out;
}

}  // namespace ivcrush::test
