// ivcrush/io/earnings_format.hpp: fmt formatters for the earnings analytics' enums and records.
//
//   fmt::format("{}", MoveMetric::intraday)        == "intraday"
//   fmt::format("{}", Recommendation::excellent)   == "excellent"
//   fmt::format("{}", TailRiskLevel::high)         == "HIGH"
//   fmt::format("{}", Vix::from_points(22.5))      == "22.50"
//   fmt::format("{}", move)   == "JPM 2024-04-12 BMO: reaction 2024-04-12 vs $189.16, "
//                                "gap -3.64%, close -6.47%, range 3.27%"
//   fmt::format("{}", vrp)    == "VRP 2.00x (implied 12.00% / mean 6.00%), median 5.50% (2.18x),"
//                                " edge 1.69, excellent; tail risk 1.50 NORMAL"
//   fmt::format("{}", bad)    == "VRP insufficient_history: need 4+ historical moves, got 3"
//
// Enums print their wire names (to_string). Records print one line for reports and logs; the
// line is for people, not a stable format to parse. Moves and prices print with io/format.hpp's
// formatters (2 decimals, half-to-even on the decimal value); ratios with 2 decimals.
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "ivcrush/earnings/consistency.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/regime.hpp"
#include "ivcrush/earnings/vrp.hpp"
#include "ivcrush/io/format.hpp"

namespace ivcrush::inline v0::detail {

template <class Enum>
struct EnumNameFormatter : fmt::formatter<std::string_view> {
  auto format(Enum e, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(ivcrush::to_string(e), ctx);
  }
};

// A formatter that takes no format spec (records print one fixed layout).
struct NoSpecFormatter {
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it != '}') throw fmt::format_error("ivcrush: no format spec allowed");
    return it;
  }
};

}  // namespace ivcrush::inline v0::detail

template <>
struct fmt::formatter<ivcrush::MoveMetric>
    : ivcrush::detail::EnumNameFormatter<ivcrush::MoveMetric> {};
template <>
struct fmt::formatter<ivcrush::MoveStatus>
    : ivcrush::detail::EnumNameFormatter<ivcrush::MoveStatus> {};
template <>
struct fmt::formatter<ivcrush::Recommendation>
    : ivcrush::detail::EnumNameFormatter<ivcrush::Recommendation> {};
template <>
struct fmt::formatter<ivcrush::ThresholdProfile>
    : ivcrush::detail::EnumNameFormatter<ivcrush::ThresholdProfile> {};
template <>
struct fmt::formatter<ivcrush::TailRiskLevel>
    : ivcrush::detail::EnumNameFormatter<ivcrush::TailRiskLevel> {};
template <>
struct fmt::formatter<ivcrush::VrpStatus> : ivcrush::detail::EnumNameFormatter<ivcrush::VrpStatus> {
};
template <>
struct fmt::formatter<ivcrush::MoveTrend> : ivcrush::detail::EnumNameFormatter<ivcrush::MoveTrend> {
};
template <>
struct fmt::formatter<ivcrush::ConsistencyStatus>
    : ivcrush::detail::EnumNameFormatter<ivcrush::ConsistencyStatus> {};
template <>
struct fmt::formatter<ivcrush::VixRegime> : ivcrush::detail::EnumNameFormatter<ivcrush::VixRegime> {
};
template <>
struct fmt::formatter<ivcrush::VixTrend> : ivcrush::detail::EnumNameFormatter<ivcrush::VixTrend> {};

template <>
struct fmt::formatter<ivcrush::Vix> : ivcrush::detail::PrecisionSpec<2> {
  auto format(const ivcrush::Vix& v, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{}",
                          ivcrush::detail::format_fixed(v.points(), this->decimals));
  }
};

template <>
struct fmt::formatter<ivcrush::HistoricalMove> : ivcrush::detail::NoSpecFormatter {
  auto format(const ivcrush::HistoricalMove& m, fmt::format_context& ctx) const {
    auto out = fmt::format_to(ctx.out(), "{} {} {}", m.event.symbol,
                              ivcrush::detail::iso_date(m.event.date), m.event.timing);
    if (m.timing_inferred) out = fmt::format_to(out, " (inferred {})", m.reaction_timing);
    return fmt::format_to(out, ": reaction {} vs {}, gap {}, close {}, range {}",
                          ivcrush::detail::iso_date(m.reaction_date()), m.reference_close,
                          m.gap_move, m.close_move, m.intraday_range);
  }
};

template <>
struct fmt::formatter<ivcrush::MoveMeasurement> : ivcrush::detail::NoSpecFormatter {
  auto format(const ivcrush::MoveMeasurement& m, fmt::format_context& ctx) const {
    if (m.ok() && m.move) return fmt::format_to(ctx.out(), "{}", *m.move);
    return fmt::format_to(ctx.out(), "unusable ({}): {}", m.status, m.reason());
  }
};

template <>
struct fmt::formatter<ivcrush::VrpAnalysis> : ivcrush::detail::NoSpecFormatter {
  auto format(const ivcrush::VrpAnalysis& v, fmt::format_context& ctx) const {
    if (!v.ok() || !v.statistics) {
      return fmt::format_to(ctx.out(), "VRP {}: {}", v.status, v.reason());
    }
    const auto& s = *v.statistics;
    auto out = fmt::format_to(ctx.out(), "VRP {:.2f}x (implied {} / mean {}), median {}",
                              v.vrp_ratio, v.implied_move, s.mean, s.median);
    if (v.median_vrp_ratio) out = fmt::format_to(out, " ({:.2f}x)", *v.median_vrp_ratio);
    return fmt::format_to(out, ", edge {:.2f}, {}; tail risk {:.2f} {}", v.edge_score,
                          v.recommendation, s.tail_risk_ratio, s.tail_risk_level);
  }
};

template <>
struct fmt::formatter<ivcrush::ConsistencyAnalysis> : ivcrush::detail::NoSpecFormatter {
  auto format(const ivcrush::ConsistencyAnalysis& c, fmt::format_context& ctx) const {
    if (!c.ok()) return fmt::format_to(ctx.out(), "consistency {}: {}", c.status, c.reason());
    return fmt::format_to(ctx.out(),
                          "consistency {:.2f}/100 (weighted mean {}, std {}), trend {} ({:+.2f} "
                          "pct/quarter), trust {:.2f}, recent bias {}",
                          c.consistency_score, c.weighted_mean, c.std_dev, c.trend,
                          c.trend_slope_pct_per_quarter, c.trustworthiness_ratio, c.recent_bias);
  }
};

template <>
struct fmt::formatter<ivcrush::MarketConditions> : ivcrush::detail::NoSpecFormatter {
  auto format(const ivcrush::MarketConditions& m, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "VIX {} {} (score {:.1f}, {}): size x{}, {}", m.vix, m.regime,
                          m.regime_score, m.trend, m.size_multiplier,
                          m.should_trade ? "trade" : "do not trade");
  }
};
