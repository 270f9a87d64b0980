// ivcrush/io/payoff_svg.hpp: a payoff chart of a position as a standalone SVG document.
//
//   PayoffChart chart{.title = "JPM iron condor 290/310, 2025-10-17", .spot = spot,
//                     .implied_move = Percentage::from_pct(3.9),
//                     .historical_moves = moves};   // optional marks
//   std::string svg = render_payoff_svg(profile, chart);
//   std::ofstream("payoff.svg") << svg;
//
// Draws, over an underlying-price axis around the spot: the P/L at expiration (exact: the
// profile's kinks joined by straight lines), an optional second curve (e.g. the model value
// today, sampled by the caller), the zero line, the breakevens, the spot, the implied-move band
// (spot × (1 ± implied move)) and, as marks on the zero line, the prices the ticker's past
// earnings moves would give from today's spot. Price range: the wider of ±2.5 implied moves,
// ±1.5 × the farthest historical move (at most ±50 %, so one outlier does not flatten the chart;
// marks outside the range are left out) and the strikes, with a margin. Text is XML-escaped. The
// output is deterministic (fixed number formatting), so it can be compared with a golden file.
// Errors: InvalidInput for a non-positive spot or a width/height under 200 px.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/strategy/payoff.hpp"

namespace ivcrush::inline v0 {

struct PricePnl {
  double price = 0.0;  // underlying price
  double pnl = 0.0;    // dollars
};

struct PayoffChart {
  std::string title;
  Price spot;
  std::optional<Percentage> implied_move;        // draws the ±1 implied-move band
  std::span<const Percentage> historical_moves;  // marks at spot × (1 + move)
  std::span<const PricePnl> today_curve;         // optional: P/L today (e.g. model value), sorted
  std::string today_label = "P/L today (model)";
  int width_px = 760;
  int height_px = 420;
};

namespace detail {

[[nodiscard]] inline std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// A "nice" tick step (1, 2, 2.5 or 5 × 10^k) giving about `count` ticks over `span`.
[[nodiscard]] inline double nice_step(double span, int count) noexcept {
  const double raw = span / count;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10.0 * mag;
}

}  // namespace detail

[[nodiscard]] inline std::string render_payoff_svg(const PayoffProfile& profile,
                                                   const PayoffChart& chart) {
  const double spot = chart.spot.dollars();
  if (!(spot > 0.0))
    detail::throw_invalid(ErrorCode::out_of_range, "spot", spot, "must be positive");
  if (chart.width_px < 200 || chart.height_px < 200) {
    detail::throw_invalid(ErrorCode::out_of_range, "chart size",
                          fmt::format("{}x{}", chart.width_px, chart.height_px),
                          "must be at least 200x200 px");
  }
  // Price range.
  double half = 0.10 * spot;
  if (chart.implied_move)
    half = std::max(half, 2.5 * std::fabs(chart.implied_move->fraction()) * spot);
  for (const auto m : chart.historical_moves)
    half = std::max(half, std::min(1.5 * std::fabs(m.fraction()), 0.5) * spot);
  const auto knots = profile.knot_prices();
  for (std::size_t i = 1; i < knots.size(); ++i)
    half = std::max(half, 1.15 * std::fabs(knots[i] - spot));
  const double x_lo = std::max(0.0, spot - half), x_hi = spot + half;

  // The expiration curve: the kinks inside the range plus both ends.
  std::vector<PricePnl> expiry;
  expiry.push_back({x_lo, profile.pnl_at(Price::dollars(x_lo)).dollars()});
  for (const double k : knots) {
    if (k > x_lo && k < x_hi) expiry.push_back({k, profile.pnl_at(Price::dollars(k)).dollars()});
  }
  expiry.push_back({x_hi, profile.pnl_at(Price::dollars(x_hi)).dollars()});
  double y_lo = 0.0, y_hi = 0.0;
  for (const auto& p : expiry) y_lo = std::min(y_lo, p.pnl), y_hi = std::max(y_hi, p.pnl);
  for (const auto& p : chart.today_curve) {
    if (p.price >= x_lo && p.price <= x_hi)
      y_lo = std::min(y_lo, p.pnl), y_hi = std::max(y_hi, p.pnl);
  }
  const double y_pad = 0.08 * std::max(y_hi - y_lo, 1.0);
  y_lo -= y_pad;
  y_hi += y_pad;

  const double left = 70, right = chart.width_px - 20.0, top = 56, bottom = chart.height_px - 50.0;
  const auto sx = [&](double x) { return left + (x - x_lo) / (x_hi - x_lo) * (right - left); };
  const auto sy = [&](double y) { return bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top); };
  const auto polyline = [&](std::span<const PricePnl> pts, std::string_view cls) {
    std::string s = fmt::format(R"(<polyline class="{}" fill="none" points=")", cls);
    for (const auto& p : pts) {
      if (p.price < x_lo || p.price > x_hi) continue;
      s += fmt::format("{:.2f},{:.2f} ", sx(p.price), sy(p.pnl));
    }
    if (s.back() == ' ') s.pop_back();
    return s + "\"/>\n";
  };

  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="sans-serif" font-size="12">)"
      "\n",
      chart.width_px, chart.height_px, chart.width_px, chart.height_px);
  svg +=
      R"(<style>.expiry{stroke:#1f4e99;stroke-width:2.5}.today{stroke:#d9822b;stroke-width:1.5;stroke-dasharray:6 3}.zero{stroke:#444;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}.be{stroke:#2a9d4b;stroke-width:1;stroke-dasharray:3 3}.spot{stroke:#000;stroke-width:1.2}.band{fill:#f6d365;fill-opacity:0.25}.move{fill:#b22222;fill-opacity:0.7}</style>)"
      "\n";
  svg += fmt::format(R"(<title>{}</title>)"
                     "\n",
                     detail::xml_escape(chart.title));
  svg += fmt::format(R"(<text x="{:.1f}" y="22" font-size="15" font-weight="bold">{}</text>)"
                     "\n",
                     left, detail::xml_escape(chart.title));
  if (chart.implied_move) {
    const double lo = spot * (1.0 - std::fabs(chart.implied_move->fraction()));
    const double hi = spot * (1.0 + std::fabs(chart.implied_move->fraction()));
    svg += fmt::format(
        R"(<rect class="band" x="{:.2f}" y="{:.2f}" width="{:.2f}" height="{:.2f}"><title>implied move ±{}</title></rect>)"
        "\n",
        sx(std::max(lo, x_lo)), top, sx(std::min(hi, x_hi)) - sx(std::max(lo, x_lo)), bottom - top,
        *chart.implied_move);
  }
  // Grid and axis labels.
  const double xs = detail::nice_step(x_hi - x_lo, 8), ys = detail::nice_step(y_hi - y_lo, 6);
  for (double x = std::ceil(x_lo / xs) * xs; x <= x_hi; x += xs) {
    svg += fmt::format(
        R"(<line class="grid" x1="{0:.2f}" y1="{1:.2f}" x2="{0:.2f}" y2="{2:.2f}"/><text x="{0:.2f}" y="{3:.2f}" text-anchor="middle">{4}</text>)"
        "\n",
        sx(x), top, bottom, bottom + 16, fmt::format("{:g}", x));
  }
  for (double y = std::ceil(y_lo / ys) * ys; y <= y_hi; y += ys) {
    svg += fmt::format(
        R"(<line class="grid" x1="{0:.2f}" y1="{1:.2f}" x2="{2:.2f}" y2="{1:.2f}"/><text x="{3:.2f}" y="{4:.2f}" text-anchor="end">{5}</text>)"
        "\n",
        left, sy(y), right, left - 6, sy(y) + 4, Money::dollars(y));
  }
  svg += fmt::format(R"(<line class="zero" x1="{:.2f}" y1="{:.2f}" x2="{:.2f}" y2="{:.2f}"/>)"
                     "\n",
                     left, sy(0.0), right, sy(0.0));
  for (const double be : profile.breakevens()) {
    if (be < x_lo || be > x_hi) continue;
    svg += fmt::format(
        R"(<line class="be" x1="{0:.2f}" y1="{1:.2f}" x2="{0:.2f}" y2="{2:.2f}"><title>breakeven {3:.2f}</title></line>)"
        "\n",
        sx(be), top, bottom, be);
  }
  svg += fmt::format(
      R"(<line class="spot" x1="{0:.2f}" y1="{1:.2f}" x2="{0:.2f}" y2="{2:.2f}"><title>spot {3}</title></line>)"
      "\n",
      sx(spot), top, bottom, chart.spot);
  if (!chart.today_curve.empty()) svg += polyline(chart.today_curve, "today");
  svg += polyline(expiry, "expiry");
  for (const auto m : chart.historical_moves) {
    const double x = spot * (1.0 + m.fraction());
    if (x < x_lo || x > x_hi) continue;
    svg += fmt::format(
        R"(<circle class="move" cx="{:.2f}" cy="{:.2f}" r="4"><title>past move {}</title></circle>)"
        "\n",
        sx(x), sy(0.0), m);
  }
  svg += fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">underlying price at expiration</text>)"
      "\n",
      (left + right) / 2, bottom + 36);
  svg += fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" class="legend" text-anchor="end">— P/L at expiration{}{}</text>)"
      "\n",
      right, top - 12,
      chart.today_curve.empty() ? "" : "   - - " + detail::xml_escape(chart.today_label),
      chart.historical_moves.empty() ? "" : "   ● past earnings moves");
  svg += "</svg>\n";
  return svg;
}

}  // namespace ivcrush::inline v0
