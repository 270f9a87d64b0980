// ivcrush/earnings/regime.hpp: VIX regimes and VRP thresholds that adapt to them.
//
//   auto vix = Vix::from_points(28.0);                  // validated, [5, 100]
//   classify_vix_regime(vix) == VixRegime::elevated
//   MarketConditions m = assess_market_conditions(vix);  // score 60, size x0.75, should trade
//   AdaptiveThresholds a = adapt_thresholds(VrpThresholds::legacy(), vix);  // x1.2: 8.4/4.8/1.8
//   recommend(2.0, a) == Recommendation::marginal;   // re-tier the same VRP ratio
//
// VIX is an input value (the caller reads it from wherever it likes, at whatever time: no clock,
// no provider here). Regimes cover [lower, upper) in VIX points (domain-spec §2.9):
//   very_low [0,12) low [12,15) normal [15,20) normal_high [20,25) elevated [25,30)
//   elevated_high [30,35) high [35,40) extreme [40, inf)
// with, per regime, a threshold factor (1.0 1.0 1.0 1.1 1.2 1.3 1.5 2.0), a position-size
// multiplier (1.0 1.1 1.0 0.9 0.75 0.6 0.5 0.25) and an additive VRP risk premium (0 0 0 0.1 0.2
// 0.3 0.5 1.0; exposed, unused, as in the original). Trading is recommended except in extreme.
//   regime_score = clamp((VIX - 10) / 30 * 100, 0, 100); trend: VIX < 13 mean_reverting_up,
//   VIX > 30 mean_reverting_down, else stable.
//   adapted thresholds = base x factor; recommendation = skip in extreme, else the inclusive
//   ladder on the adapted thresholds (the edge score is not touched).
// Errors: a VIX that is not finite or outside [5, 100] (the original analyzer's range) and an
// unknown regime name throw InvalidInput. Everything is O(1), constexpr where it can be.
#pragma once

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>

#include "ivcrush/core/error.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/vrp.hpp"

namespace ivcrush::inline v0 {

// A VIX level in index points (22.5 means VIX 22.5).
class Vix {
 public:
  static constexpr double min_points = 5.0;
  static constexpr double max_points = 100.0;

  constexpr Vix() noexcept = default;

  [[nodiscard]] static constexpr Vix from_points(double points) {
    detail::require_finite("vix", points);
    if (points < min_points || points > max_points) {
      detail::throw_invalid(ErrorCode::out_of_range, "vix", points, "must be within [5, 100]");
    }
    return Vix(points);
  }

  [[nodiscard]] constexpr double points() const noexcept { return points_; }

  friend constexpr auto operator<=>(const Vix&, const Vix&) = default;

 private:
  explicit constexpr Vix(double points) noexcept : points_(points) {}
  double points_ = 20.0;  // so that a default-constructed Vix is a valid level
};

enum class VixRegime { very_low, low, normal, normal_high, elevated, elevated_high, high, extreme };

inline constexpr std::array<VixRegime, 8> all_vix_regimes = {
    VixRegime::very_low, VixRegime::low,           VixRegime::normal, VixRegime::normal_high,
    VixRegime::elevated, VixRegime::elevated_high, VixRegime::high,   VixRegime::extreme};

[[nodiscard]] constexpr std::string_view to_string(VixRegime r) noexcept {
  switch (r) {
    case VixRegime::very_low: return "very_low";
    case VixRegime::low: return "low";
    case VixRegime::normal: return "normal";
    case VixRegime::normal_high: return "normal_high";
    case VixRegime::elevated: return "elevated";
    case VixRegime::elevated_high: return "elevated_high";
    case VixRegime::high: return "high";
    case VixRegime::extreme: return "extreme";
  }
  return "normal";
}

// The original's regime names (exact, lower case); an unknown name is an error, as there.
[[nodiscard]] inline VixRegime parse_vix_regime(std::string_view text) {
  for (const auto r : all_vix_regimes) {
    if (text == to_string(r)) return r;
  }
  detail::throw_invalid(ErrorCode::malformed, "vix regime", fmt::format("'{}'", text),
                        "must be one of very_low, low, normal, normal_high, elevated, "
                        "elevated_high, high, extreme");
}

// The per-regime constants of the original (domain-spec §2.9).
struct RegimeProfile {
  double lower_points = 0.0;          // the regime covers [lower_points, upper_points)
  double upper_points = 0.0;          // +inf for extreme
  double threshold_factor = 1.0;      // VRP thresholds are multiplied by this
  double size_multiplier = 1.0;       // position size multiplier
  double vrp_risk_premium_ratio = 0;  // additive VRP premium (exposed, unused by the original)
  bool trade_recommended = true;
};

[[nodiscard]] constexpr RegimeProfile regime_profile(VixRegime r) noexcept {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (r) {
    case VixRegime::very_low: return {0.0, 12.0, 1.0, 1.0, 0.0, true};
    case VixRegime::low: return {12.0, 15.0, 1.0, 1.1, 0.0, true};
    case VixRegime::normal: return {15.0, 20.0, 1.0, 1.0, 0.0, true};
    case VixRegime::normal_high: return {20.0, 25.0, 1.1, 0.9, 0.1, true};
    case VixRegime::elevated: return {25.0, 30.0, 1.2, 0.75, 0.2, true};
    case VixRegime::elevated_high: return {30.0, 35.0, 1.3, 0.6, 0.3, true};
    case VixRegime::high: return {35.0, 40.0, 1.5, 0.5, 0.5, true};
    case VixRegime::extreme: return {40.0, inf, 2.0, 0.25, 1.0, false};
  }
  return {};
}

[[nodiscard]] constexpr VixRegime classify_vix_regime(Vix vix) noexcept {
  for (const auto r : all_vix_regimes) {
    if (vix.points() < regime_profile(r).upper_points) return r;
  }
  return VixRegime::extreme;
}

[[nodiscard]] constexpr bool is_trading_recommended(VixRegime r) noexcept {
  return regime_profile(r).trade_recommended;
}

// 0 at VIX 10 or below, 100 at VIX 40 or above, linear between.
[[nodiscard]] constexpr double regime_score(Vix vix) noexcept {
  return std::clamp((vix.points() - 10.0) / 30.0 * 100.0, 0.0, 100.0);
}

enum class VixTrend { mean_reverting_up, stable, mean_reverting_down };

[[nodiscard]] constexpr std::string_view to_string(VixTrend t) noexcept {
  switch (t) {
    case VixTrend::mean_reverting_up: return "mean_reverting_up";
    case VixTrend::stable: return "stable";
    case VixTrend::mean_reverting_down: return "mean_reverting_down";
  }
  return "stable";
}

// The original's heuristic: a low VIX tends to rise, a high one to fall.
[[nodiscard]] constexpr VixTrend vix_trend(Vix vix) noexcept {
  if (vix.points() < 13.0) return VixTrend::mean_reverting_up;
  if (vix.points() > 30.0) return VixTrend::mean_reverting_down;
  return VixTrend::stable;
}

struct MarketConditions {
  Vix vix;
  VixRegime regime = VixRegime::normal;
  double regime_score = 0.0;  // 0 to 100
  VixTrend trend = VixTrend::stable;
  double size_multiplier = 1.0;
  double vrp_risk_premium_ratio = 0.0;
  bool should_trade = true;

  friend constexpr bool operator==(const MarketConditions&, const MarketConditions&) = default;
};

[[nodiscard]] constexpr MarketConditions assess_market_conditions(Vix vix) noexcept {
  const VixRegime regime = classify_vix_regime(vix);
  const RegimeProfile p = regime_profile(regime);
  return {vix,
          regime,
          regime_score(vix),
          vix_trend(vix),
          p.size_multiplier,
          p.vrp_risk_premium_ratio,
          p.trade_recommended};
}

struct AdaptiveThresholds {
  VixRegime regime = VixRegime::normal;
  double factor = 1.0;
  VrpThresholds base;
  VrpThresholds adapted;  // base x factor
  bool trade_recommended = true;
  bool is_adjusted = false;  // factor > 1

  friend constexpr bool operator==(const AdaptiveThresholds&, const AdaptiveThresholds&) = default;
};

[[nodiscard]] constexpr AdaptiveThresholds adapt_thresholds(const VrpThresholds& base,
                                                            VixRegime regime) noexcept {
  const RegimeProfile p = regime_profile(regime);
  return {regime,
          p.threshold_factor,
          base,
          base.scaled(p.threshold_factor),
          p.trade_recommended,
          p.threshold_factor > 1.0};
}

[[nodiscard]] constexpr AdaptiveThresholds adapt_thresholds(const VrpThresholds& base,
                                                            Vix vix) noexcept {
  return adapt_thresholds(base, classify_vix_regime(vix));
}

// Skip when trading is not recommended (extreme), else the inclusive ladder on the adapted
// thresholds. With no market data, use recommend(ratio, base) from vrp.hpp.
[[nodiscard]] constexpr Recommendation recommend(double vrp_ratio,
                                                 const AdaptiveThresholds& a) noexcept {
  if (!a.trade_recommended) return Recommendation::skip;
  return recommend(vrp_ratio, a.adapted);
}

// A VRP analysis re-tiered for the market: the same ratio and edge, the adapted recommendation
// (skip stays skip for a non-ok analysis).
[[nodiscard]] inline VrpAnalysis retier(VrpAnalysis v, const AdaptiveThresholds& a) noexcept {
  if (v.ok()) v.recommendation = recommend(v.vrp_ratio, a);
  return v;
}

}  // namespace ivcrush::inline v0
