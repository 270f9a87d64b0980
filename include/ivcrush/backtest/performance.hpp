// ivcrush/backtest/performance.hpp: performance statistics of a sequence of closed trades.
//
//   std::vector<TradeOutcome> trades = ...;        // chronological: entry dates non-decreasing
//   PerformanceSummary s = summarize_performance(trades, {.periods_per_year = 48.0});
//   s.win_rate->pct();  s.profit_factor;  s.sharpe_annualized;  s.max_drawdown.dollars();
//   s.annualization.explanation       // "stated: 48 periods per year"
//
// Independent of how the trades were produced (a backtest, a live log, a test): each outcome is
// an entry and exit date, the P/L net of every cost and the capital at risk (the position's
// maximum loss). Per-trade return on risk r_i = pnl_i / risk_i is the unit of every ratio, so
// trades of different sizes compare. Every formula is in docs/backtest-metrics.md.
// Conventions (ADR 0007):
// - Compounded equity: each trade risks `risk_fraction` of the current equity, so
//   G_i = G_{i-1} * (1 + risk_fraction * r_i), from G_0 = starting capital. A trade losing more
//   than its stated risk could take G below zero; the account is then ruined: G stays at 0 and
//   `ruined` is set (this is the model, not a clamp of the input).
// - Annualization is stated, never implied: the factor is `periods_per_year` when given,
//   otherwise the observed trade frequency n / years (ACT/365.25) of the observation period
//   (by default from the first entry to the last exit). The summary says which, and how.
// - Ratios that are undefined are empty optionals, never inf or NaN: profit factor without a
//   loss, Sharpe with n < 2 or identical returns, Sortino without a losing trade.
// Fixes against the Python original (domain-spec §5): its Sharpe was not annualized (or
// annualized by a hard-coded sqrt(50) with sizing), it had no profit factor, Sortino or
// expectancy, and a "win" came from a signed-move P/L that could never lose on a down move;
// here a win is pnl > 0 on the trade's real P/L and every ratio says how it is scaled.
// Cost: O(n) time, plus O(n log n) for the median; allocates the equity curve (n points) and
// one copy of the P/L for the median. Thread safety: pure functions of their arguments.
// Errors: InvalidInput naming the field, the trade's index and the value (risk <= 0 or not
// finite, pnl not finite, an invalid date, exit before entry, entries out of order) and bad
// options (starting capital <= 0, risk_fraction outside (0, 1], periods_per_year <= 0).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

// One closed trade.
struct TradeOutcome {
  std::chrono::year_month_day entry_date{};
  std::chrono::year_month_day exit_date{};  // >= entry_date
  Money pnl;                                // net of all costs, dollars
  Money risk;                               // capital at risk (> 0): the position's max loss

  friend bool operator==(const TradeOutcome&, const TradeOutcome&) = default;
};

// A span of calendar days, both ends inclusive.
struct ObservationPeriod {
  std::chrono::year_month_day first{};
  std::chrono::year_month_day last{};  // >= first

  friend bool operator==(const ObservationPeriod&, const ObservationPeriod&) = default;
};

// The days per year of the observed-frequency annualization (ACT/365.25: leap years averaged).
inline constexpr double days_per_year_act_365_25 = 365.25;

struct PerformanceOptions {
  Money starting_capital = Money::dollars(100'000.0);  // origin of both equity curves, > 0
  double risk_fraction = 0.02;  // share of current equity risked per trade (compounding), (0, 1]
  // Periods (trades) per year for annualized ratios; empty: the observed frequency.
  std::optional<double> periods_per_year;
  // Where the observed frequency is measured; empty: first entry to last exit.
  std::optional<ObservationPeriod> observation_period;
};

enum class AnnualizationSource {
  stated,           // PerformanceOptions::periods_per_year
  observed_trades,  // n / years from the first entry to the last exit
  observed_period,  // n / years of PerformanceOptions::observation_period
  unavailable,      // no trades, or trades spanning zero days: nothing is annualized
};

[[nodiscard]] constexpr std::string_view to_string(AnnualizationSource s) noexcept {
  switch (s) {
    case AnnualizationSource::stated: return "stated";
    case AnnualizationSource::observed_trades: return "observed_trades";
    case AnnualizationSource::observed_period: return "observed_period";
    case AnnualizationSource::unavailable: return "unavailable";
  }
  return "unknown";
}

struct Annualization {
  std::optional<double> periods_per_year;  // the factor used (ratios scale by its square root)
  AnnualizationSource source = AnnualizationSource::unavailable;
  std::string explanation;  // e.g. "observed: 5 trades over 364 days (0.9966 years, ...)"

  friend bool operator==(const Annualization&, const Annualization&) = default;
};

// One point per trade, after that trade, in trade order (P/L is booked in input order).
struct EquityPoint {
  std::chrono::year_month_day date{};  // the trade's exit date
  Money equity;                        // starting capital + cumulative P/L
  Money compounded_equity;             // G_i (see above)

  friend bool operator==(const EquityPoint&, const EquityPoint&) = default;
};

struct PerformanceSummary {
  std::size_t trades = 0;
  std::size_t wins = 0;                // pnl > 0
  std::size_t losses = 0;              // pnl < 0
  std::size_t flat = 0;                // pnl == 0
  std::optional<Percentage> win_rate;  // wins / trades

  Money total_pnl;
  std::optional<Money> avg_pnl;
  std::optional<Money> median_pnl;
  Money gross_profit;  // sum of the winning P/L
  Money gross_loss;    // magnitude of the sum of the losing P/L (>= 0)

  double total_return_on_risk = 0.0;         // sum of r_i
  std::optional<double> avg_return_on_risk;  // mean of r_i

  std::optional<double> profit_factor;  // gross_profit / gross_loss; empty without a loss
  std::optional<Money> avg_win;         // gross_profit / wins
  std::optional<Money> avg_loss;        // gross_loss / losses (a magnitude, > 0)
  // P(win) * avg win - P(loss) * avg loss with P = count / trades (flat trades add 0).
  std::optional<Money> expectancy;
  std::optional<double> expectancy_per_risk;  // the same in returns on risk (per $ risked)
  std::optional<Money> largest_win;           // empty without a win
  std::optional<Money> worst_trade;           // the smallest pnl (first one on ties)
  std::optional<std::size_t> worst_trade_index;

  std::optional<double> sharpe_per_trade;    // mean(r) / sample stdev(r)
  std::optional<double> sharpe_annualized;   // * sqrt(periods_per_year)
  std::optional<double> sortino_per_trade;   // mean(r) / sqrt(sum(min(0, r)^2) / n)
  std::optional<double> sortino_annualized;  // * sqrt(periods_per_year)

  Money starting_capital;
  Money max_drawdown;                     // dollars, from the running peak of equity
  Percentage max_drawdown_compounded;     // of the running peak of compounded equity
  Percentage compounded_return;           // G_n / G_0 - 1
  bool ruined = false;                    // compounded equity reached 0
  std::vector<EquityPoint> equity_curve;  // one point per trade

  Annualization annualization;
};

namespace detail {

[[nodiscard]] inline std::string trade_field(std::size_t index, std::string_view field) {
  return fmt::format("trades[{}].{}", index, field);
}

inline void require_valid_trades(std::span<const TradeOutcome> trades) {
  for (std::size_t i = 0; i < trades.size(); ++i) {
    const TradeOutcome& t = trades[i];
    require_valid_date(trade_field(i, "entry_date"), t.entry_date);
    require_valid_date(trade_field(i, "exit_date"), t.exit_date);
    if (std::chrono::sys_days{t.exit_date} < std::chrono::sys_days{t.entry_date}) {
      throw_invalid(ErrorCode::inconsistent, trade_field(i, "exit_date"), iso_date(t.exit_date),
                    fmt::format("is before its entry_date {}", iso_date(t.entry_date)));
    }
    if (i > 0 &&
        std::chrono::sys_days{t.entry_date} < std::chrono::sys_days{trades[i - 1].entry_date}) {
      throw_invalid(ErrorCode::inconsistent, trade_field(i, "entry_date"), iso_date(t.entry_date),
                    fmt::format("is before trades[{}].entry_date {} (trades must be in "
                                "chronological order)",
                                i - 1, iso_date(trades[i - 1].entry_date)));
    }
    require_finite(trade_field(i, "pnl"), t.pnl.dollars());
    const double risk = t.risk.dollars();
    if (!is_finite(risk) || !(risk > 0.0)) {
      throw_invalid(is_finite(risk) ? ErrorCode::out_of_range : ErrorCode::not_finite,
                    trade_field(i, "risk"), risk, "must be positive and finite");
    }
    // A tiny risk can turn a finite P/L into an infinite return.
    require_finite(trade_field(i, "pnl / risk"), t.pnl / t.risk);
  }
}

inline void require_valid_options(const PerformanceOptions& o) {
  const double capital = o.starting_capital.dollars();
  if (!is_finite(capital) || !(capital > 0.0)) {
    throw_invalid(ErrorCode::out_of_range, "starting_capital", capital,
                  "must be positive and finite");
  }
  if (!is_finite(o.risk_fraction) || !(o.risk_fraction > 0.0 && o.risk_fraction <= 1.0)) {
    throw_invalid(ErrorCode::out_of_range, "risk_fraction", o.risk_fraction, "must be in (0, 1]");
  }
  if (o.periods_per_year && (!is_finite(*o.periods_per_year) || !(*o.periods_per_year > 0.0))) {
    throw_invalid(ErrorCode::out_of_range, "periods_per_year", *o.periods_per_year,
                  "must be positive and finite");
  }
  if (o.observation_period) {
    const ObservationPeriod& p = *o.observation_period;
    require_valid_date("observation_period.first", p.first);
    require_valid_date("observation_period.last", p.last);
    if (std::chrono::sys_days{p.last} < std::chrono::sys_days{p.first}) {
      throw_invalid(ErrorCode::inconsistent, "observation_period.last", iso_date(p.last),
                    fmt::format("is before observation_period.first {}", iso_date(p.first)));
    }
  }
}

[[nodiscard]] inline Annualization annualization_of(std::span<const TradeOutcome> trades,
                                                    const PerformanceOptions& o) {
  using std::chrono::sys_days;
  Annualization a;
  if (o.periods_per_year) {
    a.periods_per_year = *o.periods_per_year;
    a.source = AnnualizationSource::stated;
    a.explanation = fmt::format("stated: {} periods per year", *o.periods_per_year);
    return a;
  }
  const std::size_t n = trades.size();
  if (n == 0) {
    a.explanation = "unavailable: no trades to observe a frequency from";
    return a;
  }
  long long span_days = 0;
  std::string where;
  if (o.observation_period) {
    const ObservationPeriod& p = *o.observation_period;
    span_days = (sys_days{p.last} - sys_days{p.first}).count() + 1;  // both ends inclusive
    a.source = AnnualizationSource::observed_period;
    where = fmt::format("in the period {} to {} ({} days", iso_date(p.first), iso_date(p.last),
                        span_days);
  } else {
    sys_days last_exit = sys_days{trades.front().exit_date};
    for (const TradeOutcome& t : trades) last_exit = std::max(last_exit, sys_days{t.exit_date});
    span_days = (last_exit - sys_days{trades.front().entry_date}).count();
    if (span_days == 0) {
      a.explanation = fmt::format(
          "unavailable: the {} trades span 0 days (first entry {} = last exit), no frequency "
          "can be observed",
          n, iso_date(trades.front().entry_date));
      return a;
    }
    a.source = AnnualizationSource::observed_trades;
    where = fmt::format("from the first entry {} to the last exit {} ({} days",
                        iso_date(trades.front().entry_date),
                        iso_date(std::chrono::year_month_day{last_exit}), span_days);
  }
  const double years = static_cast<double>(span_days) / days_per_year_act_365_25;
  a.periods_per_year = static_cast<double>(n) / years;
  a.explanation = fmt::format("observed: {} trades {}, {:.4f} years ACT/365.25) = {:.4f} per year",
                              n, where, years, *a.periods_per_year);
  return a;
}

}  // namespace detail

// The statistics of `trades` (chronological). Empty input gives trades = 0, zero totals and
// drawdowns, and every optional empty (except a stated annualization factor, which is the
// caller's and is reported as given).
[[nodiscard]] inline PerformanceSummary summarize_performance(
    std::span<const TradeOutcome> trades, const PerformanceOptions& options = {}) {
  detail::require_valid_options(options);
  detail::require_valid_trades(trades);

  PerformanceSummary s;
  s.trades = trades.size();
  s.starting_capital = options.starting_capital;
  s.annualization = detail::annualization_of(trades, options);
  s.max_drawdown = Money::zero();
  s.max_drawdown_compounded = Percentage::from_fraction(0.0);
  s.compounded_return = Percentage::from_fraction(0.0);
  if (trades.empty()) return s;
  const double n = static_cast<double>(trades.size());

  // One pass: counts, sums, extremes and both equity curves with their drawdowns.
  double total = 0.0;
  double gross_profit = 0.0;
  double gross_loss = 0.0;  // magnitude
  double sum_r = 0.0;
  double win_r = 0.0;
  double loss_r = 0.0;  // magnitude
  double downside_sq = 0.0;
  double largest_win = 0.0;
  std::size_t worst = 0;
  bool identical_returns = true;
  const double capital = options.starting_capital.dollars();
  double peak = capital;
  double compounded = capital;
  double compounded_peak = capital;
  double max_dd = 0.0;
  double max_dd_fraction = 0.0;
  s.equity_curve.reserve(trades.size());
  const double r0 = trades.front().pnl / trades.front().risk;
  for (std::size_t i = 0; i < trades.size(); ++i) {
    const double pnl = trades[i].pnl.dollars();
    const double r = trades[i].pnl / trades[i].risk;
    total += pnl;
    sum_r += r;
    identical_returns = identical_returns && r == r0;
    if (pnl > 0.0) {
      ++s.wins;
      gross_profit += pnl;
      win_r += r;
      largest_win = std::max(largest_win, pnl);
    } else if (pnl < 0.0) {
      ++s.losses;
      gross_loss -= pnl;
      loss_r -= r;
      downside_sq += r * r;
    } else {
      ++s.flat;
    }
    if (pnl < trades[worst].pnl.dollars()) worst = i;

    const double equity = capital + total;
    peak = std::max(peak, equity);
    max_dd = std::max(max_dd, peak - equity);
    // Ruin: the account cannot lose more than it has; from 0 it never grows again.
    compounded = std::max(0.0, compounded * (1.0 + options.risk_fraction * r));
    if (!detail::is_finite(compounded) || !detail::is_finite(total)) {
      detail::throw_invalid(ErrorCode::out_of_range, detail::trade_field(i, "pnl"), pnl,
                            "makes the equity overflow a double");
    }
    s.ruined = s.ruined || compounded == 0.0;
    compounded_peak = std::max(compounded_peak, compounded);
    max_dd_fraction = std::max(max_dd_fraction, (compounded_peak - compounded) / compounded_peak);
    s.equity_curve.push_back(EquityPoint{trades[i].exit_date, Money::from_validated(equity),
                                         Money::from_validated(compounded)});
  }

  s.win_rate = Percentage::from_fraction(static_cast<double>(s.wins) / n);
  s.total_pnl = Money::from_validated(total);
  s.avg_pnl = Money::from_validated(total / n);
  {
    std::vector<double> pnls;
    pnls.reserve(trades.size());
    for (const TradeOutcome& t : trades) pnls.push_back(t.pnl.dollars());
    std::sort(pnls.begin(), pnls.end());
    const std::size_t mid = pnls.size() / 2;
    s.median_pnl =
        Money::from_validated(pnls.size() % 2 == 1 ? pnls[mid] : (pnls[mid - 1] + pnls[mid]) / 2.0);
  }
  s.gross_profit = Money::from_validated(gross_profit);
  s.gross_loss = Money::from_validated(gross_loss);
  s.total_return_on_risk = sum_r;
  const double mean_r = sum_r / n;
  s.avg_return_on_risk = mean_r;

  if (s.losses > 0) s.profit_factor = gross_profit / gross_loss;
  const double p_win = static_cast<double>(s.wins) / n;
  const double p_loss = static_cast<double>(s.losses) / n;
  double expectancy = 0.0;
  double expectancy_r = 0.0;
  if (s.wins > 0) {
    const double w = static_cast<double>(s.wins);
    s.avg_win = Money::from_validated(gross_profit / w);
    s.largest_win = Money::from_validated(largest_win);
    expectancy += p_win * (gross_profit / w);
    expectancy_r += p_win * (win_r / w);
  }
  if (s.losses > 0) {
    const double l = static_cast<double>(s.losses);
    s.avg_loss = Money::from_validated(gross_loss / l);
    expectancy -= p_loss * (gross_loss / l);
    expectancy_r -= p_loss * (loss_r / l);
  }
  s.expectancy = Money::from_validated(expectancy);
  s.expectancy_per_risk = expectancy_r;
  s.worst_trade = trades[worst].pnl;
  s.worst_trade_index = worst;

  // The annualization factor; 0 when there is none (a plain double: g++ -O1 misreads an
  // optional<double> here as maybe-uninitialized).
  const bool annualize = s.annualization.periods_per_year.has_value();
  const double scale = annualize ? std::sqrt(*s.annualization.periods_per_year) : 0.0;
  // Identical returns have a standard deviation of exactly 0 (their computed one may be a
  // rounding residue, which would give a meaningless huge ratio).
  if (trades.size() >= 2 && !identical_returns) {
    double sum_sq = 0.0;
    for (const TradeOutcome& t : trades) {
      const double d = t.pnl / t.risk - mean_r;
      sum_sq += d * d;
    }
    const double stdev = std::sqrt(sum_sq / (n - 1.0));
    if (stdev > 0.0) {
      s.sharpe_per_trade = mean_r / stdev;
      if (annualize) s.sharpe_annualized = *s.sharpe_per_trade * scale;
    }
  }
  if (downside_sq > 0.0) {
    const double downside_deviation = std::sqrt(downside_sq / n);
    s.sortino_per_trade = mean_r / downside_deviation;
    if (annualize) s.sortino_annualized = *s.sortino_per_trade * scale;
  }

  s.max_drawdown = Money::from_validated(max_dd);
  s.max_drawdown_compounded = Percentage::from_fraction(max_dd_fraction);
  s.compounded_return = Percentage::from_fraction(compounded / capital - 1.0);
  return s;
}

}  // namespace ivcrush::inline v0
