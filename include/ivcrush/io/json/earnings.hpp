// ivcrush/io/json/earnings.hpp: JSON codecs of the earnings records and analytics (optional
// target ivcrush::json).
//
//   json::to_value(EarningsEvent{Symbol::parse("JPM"), 2024y / April / 12,
//                                EarningsTiming::before_open});
//   // {"symbol":"JPM","date":"2024-04-12","timing":"BMO"}
//   auto bar = json::from_value<DailyBar>(j);   // through DailyBar::make: low <= open <= high...
//
// Records are objects with one member per field, named as in C++ (docs/json.md lists them);
// enums are their to_string wire names ("BMO", "excellent", "BALANCED", "LOW", "elevated").
// Inputs are rebuilt through their factories (DailyBar::make, VrpThresholds::make, Vix::
// from_points, the options' validation), so a document is validated like fresh input. Computed
// results are checked where the check is exact: a HistoricalMove's three moves must be the ones
// its reference close and reaction bar give, a MarketConditions must be what its VIX gives, an
// AdaptiveThresholds must be its base scaled for its regime, a MoveMeasurement has a move
// exactly when its status is ok. Covered: EarningsEvent, DailyBar, AnnouncementBars,
// EarningsReaction, ImpliedMoveObservation, MoveMetric, HistoricalMove, MoveStatus,
// MoveMeasurement, TimingInference, Recommendation, ThresholdProfile, VrpThresholds,
// TailRiskLevel, MoveStatistics, VrpOptions, VrpStatus, VrpAnalysis, BasicConsistency, MoveTrend,
// ConsistencyOptions, ConsistencyStatus, ConsistencyAnalysis, Vix, VixRegime, VixTrend,
// MarketConditions, AdaptiveThresholds. O(size of the value).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/earnings/consistency.hpp"
#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/earnings_reaction.hpp"
#include "ivcrush/earnings/historical_moves.hpp"
#include "ivcrush/earnings/implied_move_observation.hpp"
#include "ivcrush/earnings/regime.hpp"
#include "ivcrush/earnings/vrp.hpp"
#include "ivcrush/io/json/codec.hpp"
#include "ivcrush/io/json/core.hpp"

namespace ivcrush::inline v0::json {

template <>
struct Codec<MoveMetric>
    : EnumCodec<MoveMetric, MoveMetric::close, MoveMetric::gap, MoveMetric::intraday> {
  static constexpr std::string_view type_name = "move_metric";
};

template <>
struct Codec<MoveStatus> : EnumCodec<MoveStatus, MoveStatus::ok, MoveStatus::missing_reaction_bar,
                                     MoveStatus::timing_undecidable> {
  static constexpr std::string_view type_name = "move_status";
};

template <>
struct Codec<Recommendation>
    : EnumCodec<Recommendation, Recommendation::excellent, Recommendation::good,
                Recommendation::marginal, Recommendation::skip> {
  static constexpr std::string_view type_name = "recommendation";
};

template <>
struct Codec<ThresholdProfile>
    : EnumCodec<ThresholdProfile, ThresholdProfile::balanced, ThresholdProfile::conservative,
                ThresholdProfile::aggressive, ThresholdProfile::legacy> {
  static constexpr std::string_view type_name = "threshold_profile";
};

template <>
struct Codec<TailRiskLevel>
    : EnumCodec<TailRiskLevel, TailRiskLevel::low, TailRiskLevel::normal, TailRiskLevel::high> {
  static constexpr std::string_view type_name = "tail_risk_level";
};

template <>
struct Codec<VrpStatus>
    : EnumCodec<VrpStatus, VrpStatus::ok, VrpStatus::no_history, VrpStatus::insufficient_history,
                VrpStatus::invalid_mean, VrpStatus::negligible_mean, VrpStatus::no_implied_move> {
  static constexpr std::string_view type_name = "vrp_status";
};

template <>
struct Codec<MoveTrend>
    : EnumCodec<MoveTrend, MoveTrend::increasing, MoveTrend::stable, MoveTrend::decreasing> {
  static constexpr std::string_view type_name = "move_trend";
};

template <>
struct Codec<ConsistencyStatus>
    : EnumCodec<ConsistencyStatus, ConsistencyStatus::ok, ConsistencyStatus::insufficient_history> {
  static constexpr std::string_view type_name = "consistency_status";
};

template <>
struct Codec<VixRegime> : EnumCodec<VixRegime, VixRegime::very_low, VixRegime::low,
                                    VixRegime::normal, VixRegime::normal_high, VixRegime::elevated,
                                    VixRegime::elevated_high, VixRegime::high, VixRegime::extreme> {
  static constexpr std::string_view type_name = "vix_regime";
};

template <>
struct Codec<VixTrend> : EnumCodec<VixTrend, VixTrend::mean_reverting_up, VixTrend::stable,
                                   VixTrend::mean_reverting_down> {
  static constexpr std::string_view type_name = "vix_trend";
};

// ---- records -------------------------------------------------------------------------------

template <>
struct Codec<EarningsEvent> {
  static constexpr std::string_view type_name = "earnings_event";
  static constexpr auto fields =
      std::tuple{field("symbol", &EarningsEvent::symbol), field("date", &EarningsEvent::date),
                 field("timing", &EarningsEvent::timing)};
};

template <>
struct Codec<DailyBar> {
  static constexpr std::string_view type_name = "daily_bar";
  static nlohmann::json to_json(const DailyBar& b) {
    return nlohmann::json{{"date", to_value(b.date())},   {"open", to_value(b.open())},
                          {"high", to_value(b.high())},   {"low", to_value(b.low())},
                          {"close", to_value(b.close())}, {"volume", to_value(b.volume())}};
  }
  static DailyBar from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    const auto date = r.get<std::chrono::year_month_day>("date");
    const auto open = r.get<Price>("open");
    const auto high = r.get<Price>("high");
    const auto low = r.get<Price>("low");
    const auto close = r.get<Price>("close");
    const auto volume = r.get<std::optional<std::int64_t>>("volume");
    r.finish();
    return detail::at(p, [&] { return DailyBar::make(date, open, high, low, close, volume); });
  }
};

template <>
struct Codec<AnnouncementBars> {
  static constexpr std::string_view type_name = "announcement_bars";
  static constexpr auto fields =
      std::tuple{field("event", &AnnouncementBars::event),
                 field("previous_close", &AnnouncementBars::previous_close),
                 field("previous_volume", &AnnouncementBars::previous_volume),
                 field("announcement_day", &AnnouncementBars::announcement_day),
                 field("next_day", &AnnouncementBars::next_day)};
};

template <>
struct Codec<EarningsReaction> {
  static constexpr std::string_view type_name = "earnings_reaction";
  static constexpr auto fields =
      std::tuple{field("event", &EarningsReaction::event),
                 field("reference_close", &EarningsReaction::reference_close),
                 field("reaction", &EarningsReaction::reaction)};
};

template <>
struct Codec<ImpliedMoveObservation> {
  using T = ImpliedMoveObservation;
  static constexpr std::string_view type_name = "implied_move_observation";
  static constexpr auto fields = std::tuple{field("symbol", &T::symbol),
                                            field("earnings_date", &T::earnings_date),
                                            field("expiration", &T::expiration),
                                            field("scan_date", &T::scan_date),
                                            field("stock_price", &T::stock_price),
                                            field("atm_strike", &T::atm_strike),
                                            field("call_mid", &T::call_mid),
                                            field("put_mid", &T::put_mid),
                                            field("straddle_cost", &T::straddle_cost),
                                            field("implied_move", &T::implied_move),
                                            field("source", &T::source)};
};

template <>
struct Codec<HistoricalMove> {
  using T = HistoricalMove;
  static constexpr std::string_view type_name = "historical_move";
  static constexpr auto fields = std::tuple{field("event", &T::event),
                                            field("reaction_timing", &T::reaction_timing),
                                            field("timing_inferred", &T::timing_inferred),
                                            field("reference_close", &T::reference_close),
                                            field("reaction", &T::reaction),
                                            field("gap_move", &T::gap_move),
                                            field("close_move", &T::close_move),
                                            field("intraday_range", &T::intraday_range),
                                            field("volume_ratio", &T::volume_ratio)};
  // The three moves are a function of the reference close and the reaction bar: recomputing them
  // is exact, so a document that disagrees has been edited or corrupted.
  static void check(const T& m, const Path& p) {
    detail::at(p.field("reference_close"), [&] {
      ivcrush::detail::require_positive_close("reference close", m.reference_close);
    });
    const HistoricalMove expected = ivcrush::detail::make_move(
        m.event, m.reaction_timing, m.timing_inferred, m.reference_close, m.reaction);
    const auto same = [&](std::string_view name, Percentage got, Percentage want) {
      if (got != want) {
        detail::fail(p.field(name), to_value(got),
                     fmt::format("is not the move the reference close and reaction give ({})",
                                 want.fraction()),
                     ErrorCode::inconsistent);
      }
    };
    same("gap_move", m.gap_move, expected.gap_move);
    same("close_move", m.close_move, expected.close_move);
    same("intraday_range", m.intraday_range, expected.intraday_range);
  }
};

template <>
struct Codec<MoveMeasurement> {
  using T = MoveMeasurement;
  static constexpr std::string_view type_name = "move_measurement";
  static constexpr auto fields =
      std::tuple{field("status", &T::status), field("event", &T::event), field("move", &T::move)};
  static void check(const T& m, const Path& p) {
    if (m.ok() != m.move.has_value()) {
      detail::fail(p.field("move"),
                   m.ok() ? "is null but the status is ok" : "is present but the status is not ok",
                   ErrorCode::inconsistent);
    }
  }
};

template <>
struct Codec<TimingInference> {
  using T = TimingInference;
  static constexpr std::string_view type_name = "timing_inference";
  static constexpr auto fields =
      std::tuple{field("timing", &T::timing), field("before_open_gap", &T::before_open_gap),
                 field("after_close_gap", &T::after_close_gap)};
};

template <>
struct Codec<VrpThresholds> {
  static constexpr std::string_view type_name = "vrp_thresholds";
  static nlohmann::json to_json(const VrpThresholds& t) {
    return nlohmann::json{{"excellent_ratio", to_value(t.excellent_ratio())},
                          {"good_ratio", to_value(t.good_ratio())},
                          {"marginal_ratio", to_value(t.marginal_ratio())}};
  }
  static VrpThresholdValues read_values(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    VrpThresholdValues v;
    v.excellent_ratio = r.get<double>("excellent_ratio");
    v.good_ratio = r.get<double>("good_ratio");
    v.marginal_ratio = r.get<double>("marginal_ratio");
    r.finish();
    return v;
  }
  // Through VrpThresholds::make: ordered and within [0.1, 50]. (Thresholds scaled for a VIX
  // regime may leave that range; they travel inside an AdaptiveThresholds, which rebuilds them.)
  static VrpThresholds from_json(const nlohmann::json& j, const Path& p) {
    const VrpThresholdValues v = read_values(j, p);
    return detail::at(p, [&] { return VrpThresholds::make(v); });
  }
};

template <>
struct Codec<MoveStatistics> {
  using T = MoveStatistics;
  static constexpr std::string_view type_name = "move_statistics";
  static constexpr auto fields = std::tuple{field("sample_size", &T::sample_size),
                                            field("mean", &T::mean),
                                            field("median", &T::median),
                                            field("std_dev", &T::std_dev),
                                            field("mad", &T::mad),
                                            field("min", &T::min),
                                            field("max", &T::max),
                                            field("cv_ratio", &T::cv_ratio),
                                            field("mad_to_median_ratio", &T::mad_to_median_ratio),
                                            field("tail_risk_ratio", &T::tail_risk_ratio),
                                            field("tail_risk_level", &T::tail_risk_level)};
};

template <>
struct Codec<VrpOptions> {
  static constexpr std::string_view type_name = "vrp_options";
  static constexpr auto fields = std::tuple{field("thresholds", &VrpOptions::thresholds),
                                            field("min_history", &VrpOptions::min_history)};
  static void check(const VrpOptions& o, const Path& p) {
    if (o.min_history < 1) {
      detail::fail(p.field("min_history"), to_value(o.min_history), "must be at least 1",
                   ErrorCode::out_of_range);
    }
  }
};

template <>
struct Codec<VrpAnalysis> {
  using T = VrpAnalysis;
  static constexpr std::string_view type_name = "vrp_analysis";
  static constexpr auto fields = std::tuple{field("status", &T::status),
                                            field("sample_size", &T::sample_size),
                                            field("min_history", &T::min_history),
                                            field("implied_move", &T::implied_move),
                                            field("statistics", &T::statistics),
                                            field("vrp_ratio", &T::vrp_ratio),
                                            field("median_vrp_ratio", &T::median_vrp_ratio),
                                            field("edge_score", &T::edge_score),
                                            field("recommendation", &T::recommendation)};
  static void check(const T& v, const Path& p) {
    if (v.ok() && !v.statistics) {
      detail::fail(p.field("statistics"), "is null but the status is ok", ErrorCode::inconsistent);
    }
  }
};

template <>
struct Codec<BasicConsistency> {
  using T = BasicConsistency;
  static constexpr std::string_view type_name = "basic_consistency";
  static constexpr auto fields = std::tuple{field("sample_size", &T::sample_size),
                                            field("mean", &T::mean),
                                            field("median", &T::median),
                                            field("mad", &T::mad),
                                            field("mad_to_median_ratio", &T::mad_to_median_ratio),
                                            field("consistency_ratio", &T::consistency_ratio)};
};

template <>
struct Codec<ConsistencyOptions> {
  using T = ConsistencyOptions;
  static constexpr std::string_view type_name = "consistency_options";
  static constexpr auto fields =
      std::tuple{field("decay_ratio", &T::decay_ratio), field("min_history", &T::min_history),
                 field("trend_threshold_pct", &T::trend_threshold_pct),
                 field("rising_trust_factor", &T::rising_trust_factor)};
  static void check(const T& o, const Path& p) {
    detail::at(p, [&] { ivcrush::detail::validate(o); });
  }
};

template <>
struct Codec<ConsistencyAnalysis> {
  using T = ConsistencyAnalysis;
  static constexpr std::string_view type_name = "consistency_analysis";
  static constexpr auto fields =
      std::tuple{field("status", &T::status),
                 field("sample_size", &T::sample_size),
                 field("min_history", &T::min_history),
                 field("weighted_mean", &T::weighted_mean),
                 field("std_dev", &T::std_dev),
                 field("cv_ratio", &T::cv_ratio),
                 field("consistency_score", &T::consistency_score),
                 field("trend", &T::trend),
                 field("trend_slope_pct_per_quarter", &T::trend_slope_pct_per_quarter),
                 field("trustworthiness_ratio", &T::trustworthiness_ratio),
                 field("recent_bias", &T::recent_bias)};
};

// ---- VIX regime ----------------------------------------------------------------------------

template <>
struct Codec<Vix> {
  static constexpr std::string_view type_name = "vix";
  static nlohmann::json to_json(Vix v) { return detail::write_double(v.points()); }
  static Vix from_json(const nlohmann::json& j, const Path& p) {
    const double v = detail::read_double(j, p);
    return detail::at(p, [&] { return Vix::from_points(v); });
  }
};

template <>
struct Codec<MarketConditions> {
  using T = MarketConditions;
  static constexpr std::string_view type_name = "market_conditions";
  static constexpr auto fields =
      std::tuple{field("vix", &T::vix),
                 field("regime", &T::regime),
                 field("regime_score", &T::regime_score),
                 field("trend", &T::trend),
                 field("size_multiplier", &T::size_multiplier),
                 field("vrp_risk_premium_ratio", &T::vrp_risk_premium_ratio),
                 field("should_trade", &T::should_trade)};
  // Every field is a function of the VIX level (assess_market_conditions).
  static void check(const T& m, const Path& p) {
    if (m != assess_market_conditions(m.vix)) {
      detail::fail(
          p,
          fmt::format("is not the assessment of VIX {} (assess_market_conditions)", m.vix.points()),
          ErrorCode::inconsistent);
    }
  }
};

template <>
struct Codec<AdaptiveThresholds> {
  using T = AdaptiveThresholds;
  static constexpr std::string_view type_name = "adaptive_thresholds";
  static nlohmann::json to_json(const T& a) {
    return nlohmann::json{{"regime", to_value(a.regime)},
                          {"factor", to_value(a.factor)},
                          {"base", to_value(a.base)},
                          {"adapted", to_value(a.adapted)},
                          {"trade_recommended", a.trade_recommended},
                          {"is_adjusted", a.is_adjusted}};
  }
  // Rebuilt as adapt_thresholds(base, regime); the other fields must be what that gives.
  static T from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    const auto regime = r.get<VixRegime>("regime");
    const auto factor = r.get<double>("factor");
    const auto base = r.get<VrpThresholds>("base");
    const VrpThresholdValues adapted =
        Codec<VrpThresholds>::read_values(r.member("adapted"), p.field("adapted"));
    const auto trade_recommended = r.get<bool>("trade_recommended");
    const auto is_adjusted = r.get<bool>("is_adjusted");
    r.finish();
    const T expected = adapt_thresholds(base, regime);
    const bool same = factor == expected.factor &&
                      adapted.excellent_ratio == expected.adapted.excellent_ratio() &&
                      adapted.good_ratio == expected.adapted.good_ratio() &&
                      adapted.marginal_ratio == expected.adapted.marginal_ratio() &&
                      trade_recommended == expected.trade_recommended &&
                      is_adjusted == expected.is_adjusted;
    if (!same) {
      detail::fail(p,
                   fmt::format("is not base scaled for regime {} (factor {})", to_string(regime),
                               expected.factor),
                   ErrorCode::inconsistent);
    }
    return expected;
  }
};

}  // namespace ivcrush::inline v0::json
