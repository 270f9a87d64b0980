// ivcrush/backtest/walk_forward.hpp: walk-forward selection of a policy over precomputed trades.
//
//   std::vector<PolicyTrades> policies = {{"original", trades_a}, {"model_pop", trades_b}};
//   WalkForwardSummary wf = walk_forward(policies, {.start = 2022y / January / 1,
//                                                   .end = 2024y / December / 31});
//   for (const WalkForwardWindow& w : wf.windows) w.selected_policy, w.test->total_pnl;
//   wf.test_pnl;  wf.most_selected;  wf.combined_test->sharpe_annualized;
//
// Each policy's trades over the whole period are given at once: a trade belongs to one earnings
// event and does not depend on earlier ones, so a window is just the trades whose entry_date
// falls in it (a binary search in each chronological list, no copies).
// Windows (domain-spec §5, from s = start): train_end = s + train; test_start = train_end + 1
// day; test_end = test_start + test; stop when test_end > end; then s += step. A train window is
// [s, train_end] (both inclusive, train + 1 days, as the original); a test window is
// [test_start, test_end), exactly `test` days. The original counted test_end too, so with
// step == test consecutive test windows shared a day and a trade on it was tested and summed
// twice; here step >= test is required, so test windows never overlap and every total counts
// a trade at most once.
// Per window: every policy is summarized on its train trades (annualized at the frequency
// observed over the train window, unless periods_per_year is stated, so policies in one window
// share one time base); a policy is eligible when it has at least min_train_trades trades and
// the selection metric is defined for it; the eligible policy with the largest metric is
// selected (the first in input order on a tie), or none, with the reason. The selected
// policy's test trades are summarized. The original scored a policy without trades -999 and
// could "select" it; its averages raised when no test window had trades: both fixed.
// Cost: O(windows * policies * (log n + trades in the window)). Thread safety: a pure function.
// Errors: InvalidInput for bad options (train or test <= 0 days, step < test, start or end not a
// valid date, end before start, min_train_trades 0, an observation_period set, the checks of
// summarize_performance on `performance`), no policies, an empty or repeated policy name, and
// invalid trades (prefixed with the policy: "policy 'x': trades[3].risk = 0: ...").
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/backtest/performance.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/time.hpp"

namespace ivcrush::inline v0 {

struct PolicyTrades {
  std::string policy;                // a unique, non-empty name
  std::vector<TradeOutcome> trades;  // the whole period, chronological
};

// What a train window is ranked by (larger is better).
enum class SelectionMetric {
  sharpe_annualized,    // PerformanceSummary::sharpe_annualized
  sharpe_per_trade,     // PerformanceSummary::sharpe_per_trade
  sortino_annualized,   // PerformanceSummary::sortino_annualized
  expectancy_per_risk,  // mean return on risk
  total_pnl,            // dollars
};

[[nodiscard]] constexpr std::string_view to_string(SelectionMetric m) noexcept {
  switch (m) {
    case SelectionMetric::sharpe_annualized: return "sharpe_annualized";
    case SelectionMetric::sharpe_per_trade: return "sharpe_per_trade";
    case SelectionMetric::sortino_annualized: return "sortino_annualized";
    case SelectionMetric::expectancy_per_risk: return "expectancy_per_risk";
    case SelectionMetric::total_pnl: return "total_pnl";
  }
  return "unknown";
}

// The metric's value in `s`; empty when it is undefined there.
[[nodiscard]] inline std::optional<double> metric_value(const PerformanceSummary& s,
                                                        SelectionMetric m) noexcept {
  switch (m) {
    case SelectionMetric::sharpe_annualized: return s.sharpe_annualized;
    case SelectionMetric::sharpe_per_trade: return s.sharpe_per_trade;
    case SelectionMetric::sortino_annualized: return s.sortino_annualized;
    case SelectionMetric::expectancy_per_risk: return s.expectancy_per_risk;
    case SelectionMetric::total_pnl:
      return s.trades > 0 ? std::optional<double>(s.total_pnl.dollars()) : std::nullopt;
  }
  return std::nullopt;
}

struct WalkForwardOptions {
  std::chrono::days train{180};
  std::chrono::days test{90};
  std::chrono::days step{90};  // >= test
  std::chrono::year_month_day start{};
  std::chrono::year_month_day end{};
  SelectionMetric metric = SelectionMetric::sharpe_annualized;
  std::size_t min_train_trades = 2;  // fewer train trades: not eligible (>= 1)
  // A window's test Sharpe enters avg_test_sharpe_annualized only with at least this many test
  // trades (>= 2): a Sharpe of a handful of trades is noise (two winners of similar size give
  // an annualized Sharpe in the hundreds and swamp the mean). The window keeps its own Sharpe.
  std::size_t min_test_trades_for_mean_sharpe = 10;
  // Capital, compounding and annualization of every summary; observation_period must be empty
  // (each window sets its own).
  PerformanceOptions performance{};
};

// One policy in one train window.
struct PolicyTrainResult {
  std::string policy;
  PerformanceSummary train;
  std::optional<double> metric;  // the selection metric, if defined
  bool eligible = false;
  std::string reason;  // why it is not eligible; empty when it is
};

struct WalkForwardWindow {
  std::chrono::year_month_day train_start{};
  std::chrono::year_month_day train_end{};    // inclusive
  std::chrono::year_month_day test_start{};   // train_end + 1 day
  std::chrono::year_month_day test_end{};     // exclusive
  std::vector<PolicyTrainResult> candidates;  // every policy, in input order
  std::optional<std::size_t> selected;        // index into candidates
  std::string selected_policy;                // empty when none
  std::string no_selection_reason;            // set when none was eligible
  std::optional<PerformanceSummary> test;     // of the selected policy
};

struct PolicySelectionCount {
  std::string policy;
  std::size_t windows = 0;

  friend bool operator==(const PolicySelectionCount&, const PolicySelectionCount&) = default;
};

struct WalkForwardSummary {
  std::vector<WalkForwardWindow> windows;
  std::size_t windows_with_selection = 0;
  std::size_t windows_with_test_trades = 0;
  std::size_t test_trades = 0;
  Money test_pnl;
  // Means over the windows with test trades (empty when there is none: the original raised).
  std::optional<Money> avg_test_pnl;
  std::optional<Percentage> avg_test_win_rate;
  // Mean test sharpe_annualized over the windows where it is defined and that have at least
  // min_test_trades_for_mean_sharpe test trades (windows_with_test_sharpe of them).
  std::optional<double> avg_test_sharpe_annualized;
  std::size_t windows_with_test_sharpe = 0;
  // Every test trade of every window, in order, as one out-of-sample record (annualized over the
  // tested days unless periods_per_year is stated); empty without test trades.
  std::optional<PerformanceSummary> combined_test;
  std::vector<PolicySelectionCount> selection_counts;  // every policy, in input order
  std::optional<std::string> most_selected;            // first in input order on ties
  std::string message;                                 // why there is no window, when there is none
};

namespace detail {

// The trades with entry_date in [first, last] of a chronological list.
[[nodiscard]] inline std::span<const TradeOutcome> entered_between(
    std::span<const TradeOutcome> trades, std::chrono::sys_days first,
    std::chrono::sys_days last) noexcept {
  const auto begin = std::partition_point(trades.begin(), trades.end(), [&](const TradeOutcome& t) {
    return std::chrono::sys_days{t.entry_date} < first;
  });
  const auto end = std::partition_point(begin, trades.end(), [&](const TradeOutcome& t) {
    return std::chrono::sys_days{t.entry_date} <= last;
  });
  return {begin, end};
}

[[nodiscard]] inline std::string_view undefined_metric_reason(SelectionMetric m) noexcept {
  switch (m) {
    case SelectionMetric::sharpe_annualized:
    case SelectionMetric::sharpe_per_trade:
      return "fewer than 2 trades, identical returns or no annualization factor";
    case SelectionMetric::sortino_annualized: return "no losing trade or no annualization factor";
    case SelectionMetric::expectancy_per_risk:
    case SelectionMetric::total_pnl: return "no trades";
  }
  return "undefined";
}

inline void require_valid_walk_forward(std::span<const PolicyTrades> policies,
                                       const WalkForwardOptions& o) {
  if (o.train.count() <= 0) {
    throw_invalid(ErrorCode::out_of_range, "train", fmt::format("{} days", o.train.count()),
                  "must be positive");
  }
  if (o.test.count() <= 0) {
    throw_invalid(ErrorCode::out_of_range, "test", fmt::format("{} days", o.test.count()),
                  "must be positive");
  }
  if (o.step < o.test) {
    throw_invalid(ErrorCode::out_of_range, "step", fmt::format("{} days", o.step.count()),
                  fmt::format("must be at least test ({} days): overlapping test windows would "
                              "count a trade twice",
                              o.test.count()));
  }
  require_valid_date("start", o.start);
  require_valid_date("end", o.end);
  if (std::chrono::sys_days{o.end} < std::chrono::sys_days{o.start}) {
    throw_invalid(ErrorCode::inconsistent, "end", iso_date(o.end),
                  fmt::format("is before start {}", iso_date(o.start)));
  }
  if (o.min_train_trades == 0) {
    throw_invalid(ErrorCode::out_of_range, "min_train_trades", o.min_train_trades,
                  "must be at least 1");
  }
  if (o.min_test_trades_for_mean_sharpe < 2) {
    throw_invalid(ErrorCode::out_of_range, "min_test_trades_for_mean_sharpe",
                  o.min_test_trades_for_mean_sharpe, "must be at least 2");
  }
  if (o.performance.observation_period) {
    throw InvalidInput(ErrorCode::inconsistent,
                       "performance.observation_period: must be empty (each window sets its own)");
  }
  require_valid_options(o.performance);
  if (policies.empty()) throw InvalidInput(ErrorCode::empty, "policies: is empty");
  for (std::size_t i = 0; i < policies.size(); ++i) {
    const PolicyTrades& p = policies[i];
    if (p.policy.empty()) {
      throw_invalid(ErrorCode::empty, fmt::format("policies[{}].policy", i), "''", "is empty");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (policies[j].policy == p.policy) {
        throw_invalid(ErrorCode::inconsistent, fmt::format("policies[{}].policy", i),
                      fmt::format("'{}'", p.policy), fmt::format("repeats policies[{}].policy", j));
      }
    }
    try {
      require_valid_trades(p.trades);
    } catch (const InvalidInput& e) {
      throw e.with_context(fmt::format("policy '{}'", p.policy));
    }
  }
}

}  // namespace detail

// Walk-forward selection over `policies` (see above).
[[nodiscard]] inline WalkForwardSummary walk_forward(std::span<const PolicyTrades> policies,
                                                     const WalkForwardOptions& options) {
  using std::chrono::days;
  using std::chrono::sys_days;
  using std::chrono::year_month_day;
  detail::require_valid_walk_forward(policies, options);

  WalkForwardSummary out;
  out.test_pnl = Money::zero();
  out.selection_counts.reserve(policies.size());
  for (const PolicyTrades& p : policies) out.selection_counts.push_back({p.policy, 0});

  const sys_days end{options.end};
  std::vector<TradeOutcome> all_test;  // every window's test trades, in order
  double win_rate_sum = 0.0;
  double sharpe_sum = 0.0;
  for (sys_days s{options.start};; s += options.step) {
    const sys_days train_end = s + options.train;
    const sys_days test_start = train_end + days{1};
    const sys_days test_end = test_start + options.test;
    if (test_end > end) break;

    WalkForwardWindow w;
    w.train_start = year_month_day{s};
    w.train_end = year_month_day{train_end};
    w.test_start = year_month_day{test_start};
    w.test_end = year_month_day{test_end};
    PerformanceOptions train_options = options.performance;
    train_options.observation_period = ObservationPeriod{w.train_start, w.train_end};
    w.candidates.reserve(policies.size());
    std::string ineligible;
    for (std::size_t i = 0; i < policies.size(); ++i) {
      PolicyTrainResult c;
      c.policy = policies[i].policy;
      c.train = summarize_performance(detail::entered_between(policies[i].trades, s, train_end),
                                      train_options);
      c.metric = metric_value(c.train, options.metric);
      if (c.train.trades < options.min_train_trades) {
        c.reason = fmt::format("{} train trades, fewer than the {} required", c.train.trades,
                               options.min_train_trades);
      } else if (!c.metric) {
        c.reason = fmt::format("{} is undefined ({})", to_string(options.metric),
                               detail::undefined_metric_reason(options.metric));
      } else {
        c.eligible = true;
      }
      if (c.eligible) {
        // Strictly larger: the first policy keeps a tie.
        if (!w.selected || *c.metric > *w.candidates[*w.selected].metric) w.selected = i;
      } else {
        ineligible += fmt::format("{}{}: {}", ineligible.empty() ? "" : "; ", c.policy, c.reason);
      }
      w.candidates.push_back(std::move(c));
    }

    if (w.selected) {
      const std::size_t i = *w.selected;
      w.selected_policy = policies[i].policy;
      ++out.windows_with_selection;
      ++out.selection_counts[i].windows;
      PerformanceOptions test_options = options.performance;
      test_options.observation_period =
          ObservationPeriod{w.test_start, year_month_day{test_end - days{1}}};
      const std::span<const TradeOutcome> tested =
          detail::entered_between(policies[i].trades, test_start, test_end - days{1});
      w.test = summarize_performance(tested, test_options);
      all_test.insert(all_test.end(), tested.begin(), tested.end());
      if (w.test->trades > 0) {
        ++out.windows_with_test_trades;
        out.test_trades += w.test->trades;
        out.test_pnl += w.test->total_pnl;
        win_rate_sum += w.test->win_rate->fraction();
        if (w.test->sharpe_annualized &&
            w.test->trades >= options.min_test_trades_for_mean_sharpe) {
          ++out.windows_with_test_sharpe;
          sharpe_sum += *w.test->sharpe_annualized;
        }
      }
    } else {
      w.no_selection_reason = fmt::format("no eligible policy ({})", ineligible);
    }
    out.windows.push_back(std::move(w));
  }

  if (out.windows.empty()) {
    const auto needed = options.train + days{1} + options.test;
    out.message = fmt::format(
        "no walk-forward window fits: {} to {} spans {} days, a window needs train + 1 + test = "
        "{} days from its start to its test end",
        detail::iso_date(options.start), detail::iso_date(options.end),
        (end - sys_days{options.start}).count(), needed.count());
    return out;
  }
  if (out.windows_with_test_trades > 0) {
    const double k = static_cast<double>(out.windows_with_test_trades);
    out.avg_test_pnl = out.test_pnl / k;
    out.avg_test_win_rate = Percentage::from_fraction(win_rate_sum / k);
  }
  if (out.windows_with_test_sharpe > 0) {
    out.avg_test_sharpe_annualized = sharpe_sum / static_cast<double>(out.windows_with_test_sharpe);
  }
  if (!all_test.empty()) {
    PerformanceOptions combined = options.performance;
    combined.observation_period =
        ObservationPeriod{out.windows.front().test_start,
                          year_month_day{sys_days{out.windows.back().test_end} - days{1}}};
    out.combined_test = summarize_performance(all_test, combined);
  }
  const auto most = std::max_element(
      out.selection_counts.begin(), out.selection_counts.end(),
      [](const PolicySelectionCount& a, const PolicySelectionCount& b) {
        return a.windows < b.windows;  // max_element keeps the first of equal maxima
      });
  if (most->windows > 0) out.most_selected = most->policy;
  return out;
}

}  // namespace ivcrush::inline v0
