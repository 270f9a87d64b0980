// ivcrush/io/backtest_report.hpp: a backtest's trades as CSV and a policy's equity curve as SVG.
//
//   std::ofstream("trades.csv") << backtest_trades_csv(reports);      // every policy's trades
//   std::ofstream("eq.svg") << render_equity_svg(
//       {.title = "iv_crush_model", .note = "chains: modeled (see docs/backtest.md)",
//        .starting_capital = r.summary.starting_capital, .points = r.summary.equity_curve});
//
// CSV: one row per trade, policies in the order given, trades in event order; a header row;
// fields holding a comma, quote or line break are quoted (RFC 4180). Money at 4 decimals, so a
// row reproduces the P/L to the hundredth of a cent. `legs` lists each leg as
// "-1 P 95 2024-05-17 @1.2300->0.0500 closed" (side and contracts, right, strike, expiry,
// entry fill -> exit fill per share, how it was exited), joined by " | ".
// SVG: the cumulative-P/L equity (starting capital + P/L, one point per trade, in trade order)
// as a polyline over axes, with the title (the policy), a note (the chains' origin), the y
// range and the first and last exit dates; a flat line at the starting capital without trades.
// Deterministic (fixed number formatting); text is XML-escaped.
// Cost: O(trades). Thread safety: pure functions. Errors: InvalidInput for a width or height
// under 200 px.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string>
#include <string_view>

#include "ivcrush/backtest/backtester.hpp"
#include "ivcrush/backtest/performance.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/io/payoff_svg.hpp"

namespace ivcrush::inline v0 {

namespace detail {

[[nodiscard]] inline std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

[[nodiscard]] inline std::string legs_with_fills(std::span<const BacktestLeg> legs) {
  std::string out;
  for (const BacktestLeg& l : legs) {
    if (!out.empty()) out += " | ";
    out += fmt::format("{} @{:.4f}->{:.4f} {}", leg_label(l), l.entry_fill.dollars(),
                       l.exit_fill.dollars(), to_string(l.exit));
  }
  return out;
}

}  // namespace detail

// The CSV header of backtest_trades_csv.
inline constexpr std::string_view backtest_trades_csv_header =
    "policy,ticker,earnings_date,timing,strategy,contracts,entry_at,exit_at,entry_spot,exit_spot,"
    "implied_move_pct,vrp_ratio,history,realized_move_pct,credit,exit_cost,fees,pnl,risk,"
    "return_on_risk,score,entry_chain,exit_chain,liquidity_forced,legs,entry_provenance,"
    "exit_provenance";

[[nodiscard]] inline std::string backtest_trades_csv(std::span<const BacktestReport> reports) {
  std::string out(backtest_trades_csv_header);
  out += '\n';
  for (const BacktestReport& r : reports) {
    for (const BacktestTrade& t : r.trades) {
      out += fmt::format(
          "{},{},{},{},{},{},{},{},{:.4f},{:.4f},{:.4f},{:.4f},{},{:.4f},{:.4f},{:.4f},{:.4f},"
          "{:.4f},{:.4f},{:.6f},{:.4f},{},{},{},{},{},{}\n",
          detail::csv_field(t.policy), t.event.symbol.view(), detail::iso_date(t.event.date),
          to_string(t.event.timing), to_string(t.kind), t.contracts,
          detail::csv_field(detail::new_york_stamp(t.entry_at)),
          detail::csv_field(detail::new_york_stamp(t.exit_at)), t.entry_spot.dollars(),
          t.exit_spot.dollars(), t.implied_move.pct(), t.vrp_ratio, t.history_size,
          t.realized_move.pct(), t.credit.dollars(), t.exit_cost.dollars(), t.fees.dollars(),
          t.pnl.dollars(), t.risk.dollars(), t.pnl / t.risk, t.score, to_string(t.entry_origin),
          to_string(t.exit_origin), t.liquidity_policy_forced ? "yes" : "no",
          detail::csv_field(detail::legs_with_fills(t.legs)), detail::csv_field(t.entry_provenance),
          detail::csv_field(t.exit_provenance));
    }
  }
  return out;
}

struct EquityChart {
  std::string title;  // the policy
  std::string note;   // e.g. "chains: modeled (see docs/backtest.md); 412 of 412 trades"
  Money starting_capital = Money::dollars(100'000.0);
  std::span<const EquityPoint> points;  // PerformanceSummary::equity_curve
  int width = 800;
  int height = 420;
};

[[nodiscard]] inline std::string render_equity_svg(const EquityChart& chart) {
  if (chart.width < 200 || chart.height < 200) {
    detail::throw_invalid(ErrorCode::out_of_range, "svg size",
                          fmt::format("{}x{}", chart.width, chart.height),
                          "must be at least 200x200 px");
  }
  const double w = chart.width;
  const double h = chart.height;
  const double left = 90.0;
  const double right = w - 20.0;
  const double top = 60.0;
  const double bottom = h - 50.0;

  const double start = chart.starting_capital.dollars();
  double lo = start;
  double hi = start;
  for (const EquityPoint& p : chart.points) {
    lo = std::min(lo, p.equity.dollars());
    hi = std::max(hi, p.equity.dollars());
  }
  if (hi - lo < 1e-9) {  // a flat curve still needs a y range
    lo -= 1.0;
    hi += 1.0;
  }
  const double n = static_cast<double>(std::max<std::size_t>(chart.points.size(), 1));
  const auto x_of = [&](double i) { return left + (right - left) * i / n; };
  const auto y_of = [&](double v) { return bottom - (bottom - top) * (v - lo) / (hi - lo); };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<title>{2}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n"
      "<text x=\"{3:.1f}\" y=\"22\" font-size=\"16\" font-weight=\"bold\">{2}: equity "
      "(starting capital + cumulative P/L)</text>\n"
      "<text x=\"{3:.1f}\" y=\"42\" fill=\"#555555\">{4}</text>\n",
      chart.width, chart.height, detail::xml_escape(chart.title), left,
      detail::xml_escape(chart.note));
  // Axes.
  svg += fmt::format(
      "<g id=\"axes\" stroke=\"black\" stroke-width=\"1\">\n"
      "<line x1=\"{0:.1f}\" y1=\"{2:.1f}\" x2=\"{0:.1f}\" y2=\"{3:.1f}\"/>\n"
      "<line x1=\"{0:.1f}\" y1=\"{3:.1f}\" x2=\"{1:.1f}\" y2=\"{3:.1f}\"/>\n"
      "</g>\n",
      left, right, top, bottom);
  svg += fmt::format(
      "<text x=\"{0:.1f}\" y=\"{1:.1f}\" text-anchor=\"end\">{2:.0f}</text>\n"
      "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"end\">{4:.0f}</text>\n",
      left - 6.0, top + 4.0, hi, bottom, lo);
  // The starting capital, dashed.
  svg += fmt::format(
      "<line x1=\"{0:.1f}\" y1=\"{2:.1f}\" x2=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#999999\" "
      "stroke-dasharray=\"4 4\"/>\n",
      left, right, y_of(start));
  if (!chart.points.empty()) {
    svg += fmt::format(
        "<text x=\"{0:.1f}\" y=\"{2:.1f}\">{3}</text>\n"
        "<text x=\"{1:.1f}\" y=\"{2:.1f}\" text-anchor=\"end\">{4}</text>\n",
        left, right, bottom + 18.0, detail::iso_date(chart.points.front().date),
        detail::iso_date(chart.points.back().date));
  }
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">trades ({})</text>\n",
                     (left + right) / 2.0, bottom + 36.0, chart.points.size());
  // The curve: from the starting capital, one vertex per trade.
  svg += fmt::format(
      "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"{:.1f},{:.1f}",
      x_of(0.0), y_of(start));
  for (std::size_t i = 0; i < chart.points.size(); ++i) {
    svg += fmt::format(" {:.1f},{:.1f}", x_of(static_cast<double>(i + 1)),
                       y_of(chart.points[i].equity.dollars()));
  }
  if (chart.points.empty()) svg += fmt::format(" {:.1f},{:.1f}", right, y_of(start));
  svg += "\"/>\n</svg>\n";
  return svg;
}

}  // namespace ivcrush::inline v0
