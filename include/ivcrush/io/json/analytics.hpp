// ivcrush/io/json/analytics.hpp: JSON codecs of the chain analytics: implied moves, skew, term
// structure, event move, liquidity (optional target ivcrush::json).
//
//   json::to_value(atm_straddle_move(chain, e));
//   // {"method":"atm_straddle","status":"ok","expiration":"2024-05-17","spot":100.0,
//   //  "bracket":"atm","atm_strike":"100","upper_strike":null,"upper_weight":0.0,
//   //  "straddle":5.0,"move":0.05,"upper_bound":105.0,"lower_bound":95.0,"call_iv":null,...}
//   auto ts = json::from_value<TermStructure>(j);   // points must be in ascending expiration
//
// Records are objects with one member per field, named as in C++ (docs/json.md lists them);
// enums are their to_string wire names ("interpolated_straddle", "smirk", "backwardation",
// "REJECT"); LiquidityFactor, which has no to_string, travels as "open_interest", "volume",
// "spread", "quote". These are computed results: they are read back as they were written and
// checked where the check is exact or an invariant the library relies on: an ok ImpliedMove of
// share 1 (every method but expected_move) must have the move and bounds its straddle and spot
// give; skew points and term points must be in strictly ascending strike / expiration (find()
// bisects them); a forward variance's status must match its sign; a term shape is undetermined
// exactly when there is no slope; an ok EventMove must have σ_e = √(event variance) and the
// expected absolute move √(2/π)·σ_e, exactly as implied_event_move computes them; an
// assessment's tier must not be better than any factor's; scores are within [0, 100].
// LiquidityReason::leg is a string_view (a literal in the library): reading one accepts only ""
// and the labels assess_liquidity(Straddle) writes, "call" and "put"; any other label (a caller's
// combine_legs label) is written but refused on reading (ErrorCode::out_of_range). Each reason
// also carries its text ("OI 10 < 50", to_string(LiquidityReason)) for readers of the JSON, and
// the text read must be the one its fields give.
// Covered: ImpliedMoveMethod, ImpliedMoveStatus, StraddleBracket, ImpliedMove, DirectionalBias,
// SmileShape, SkewStatus, SkewPoint, SkewAnalysis, TermPoint, ForwardVarianceStatus,
// ForwardVariance, TermShape, TermStructure, EventMoveStatus, EventMove, LiquidityTier,
// LiquidityFactor, LiquidityReason, LiquidityAssessment, LiquidityScore. O(size of the value).
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ivcrush/earnings/directional_bias.hpp"
#include "ivcrush/earnings/implied_move.hpp"
#include "ivcrush/earnings/liquidity.hpp"
#include "ivcrush/earnings/skew.hpp"
#include "ivcrush/earnings/term_structure.hpp"
#include "ivcrush/io/json/chain.hpp"
#include "ivcrush/io/json/codec.hpp"
#include "ivcrush/io/json/core.hpp"

namespace ivcrush::inline v0::json {

// ---- enums ---------------------------------------------------------------------------------

template <>
struct Codec<ImpliedMoveMethod>
    : EnumCodec<ImpliedMoveMethod, ImpliedMoveMethod::atm_straddle,
                ImpliedMoveMethod::interpolated_straddle, ImpliedMoveMethod::expected_move> {
  static constexpr std::string_view type_name = "implied_move_method";
};

template <>
struct Codec<ImpliedMoveStatus>
    : EnumCodec<ImpliedMoveStatus, ImpliedMoveStatus::ok, ImpliedMoveStatus::expired,
                ImpliedMoveStatus::no_expiration, ImpliedMoveStatus::missing_call,
                ImpliedMoveStatus::missing_put, ImpliedMoveStatus::illiquid,
                ImpliedMoveStatus::missing_lower_bracket, ImpliedMoveStatus::missing_upper_bracket,
                ImpliedMoveStatus::illiquid_brackets, ImpliedMoveStatus::unknown_open_interest> {
  static constexpr std::string_view type_name = "implied_move_status";
};

template <>
struct Codec<StraddleBracket>
    : EnumCodec<StraddleBracket, StraddleBracket::atm, StraddleBracket::interpolated,
                StraddleBracket::lower_only, StraddleBracket::upper_only> {
  static constexpr std::string_view type_name = "straddle_bracket";
};

template <>
struct Codec<DirectionalBias>
    : EnumCodec<DirectionalBias, DirectionalBias::strong_bearish, DirectionalBias::bearish,
                DirectionalBias::weak_bearish, DirectionalBias::neutral,
                DirectionalBias::weak_bullish, DirectionalBias::bullish,
                DirectionalBias::strong_bullish> {
  static constexpr std::string_view type_name = "directional_bias";
};

template <>
struct Codec<SmileShape>
    : EnumCodec<SmileShape, SmileShape::smile, SmileShape::inverse_smile, SmileShape::smirk> {
  static constexpr std::string_view type_name = "smile_shape";
};

template <>
struct Codec<SkewStatus> : EnumCodec<SkewStatus, SkewStatus::ok, SkewStatus::no_expiration,
                                     SkewStatus::insufficient_points, SkewStatus::fit_failed> {
  static constexpr std::string_view type_name = "skew_status";
};

template <>
struct Codec<ForwardVarianceStatus> : EnumCodec<ForwardVarianceStatus, ForwardVarianceStatus::ok,
                                                ForwardVarianceStatus::calendar_arbitrage,
                                                ForwardVarianceStatus::same_expiry_instant> {
  static constexpr std::string_view type_name = "forward_variance_status";
};

template <>
struct Codec<TermShape> : EnumCodec<TermShape, TermShape::contango, TermShape::backwardation,
                                    TermShape::flat, TermShape::undetermined> {
  static constexpr std::string_view type_name = "term_shape";
};

template <>
struct Codec<EventMoveStatus>
    : EnumCodec<EventMoveStatus, EventMoveStatus::ok, EventMoveStatus::no_event_expiration,
                EventMoveStatus::missing_event_iv, EventMoveStatus::no_later_expiration,
                EventMoveStatus::negative_base_variance, EventMoveStatus::negative_event_variance> {
  static constexpr std::string_view type_name = "event_move_status";
};

template <>
struct Codec<LiquidityTier>
    : EnumCodec<LiquidityTier, LiquidityTier::reject, LiquidityTier::warning,
                LiquidityTier::unknown, LiquidityTier::good, LiquidityTier::excellent> {
  static constexpr std::string_view type_name = "liquidity_tier";
};

namespace detail {

// LiquidityFactor has no to_string in the library; these are its wire names.
[[nodiscard]] constexpr std::string_view liquidity_factor_name(LiquidityFactor f) noexcept {
  switch (f) {
    case LiquidityFactor::open_interest: return "open_interest";
    case LiquidityFactor::volume: return "volume";
    case LiquidityFactor::spread: return "spread";
    case LiquidityFactor::quote: return "quote";
  }
  return "open_interest";
}

}  // namespace detail

template <>
struct Codec<LiquidityFactor> {
  static constexpr std::string_view type_name = "liquidity_factor";
  static nlohmann::json to_json(LiquidityFactor f) {
    return std::string(detail::liquidity_factor_name(f));
  }
  static LiquidityFactor from_json(const nlohmann::json& j, const Path& p) {
    const std::string& text = detail::read_string(j, p);
    for (const LiquidityFactor f : {LiquidityFactor::open_interest, LiquidityFactor::volume,
                                    LiquidityFactor::spread, LiquidityFactor::quote}) {
      if (text == detail::liquidity_factor_name(f)) return f;
    }
    detail::fail(p, j, "must be one of open_interest, volume, spread, quote");
  }
};

// ---- implied move --------------------------------------------------------------------------

template <>
struct Codec<ImpliedMove> {
  using T = ImpliedMove;
  static constexpr std::string_view type_name = "implied_move";
  static constexpr auto fields = std::tuple{field("method", &T::method),
                                            field("status", &T::status),
                                            field("expiration", &T::expiration),
                                            field("spot", &T::spot),
                                            field("bracket", &T::bracket),
                                            field("atm_strike", &T::atm_strike),
                                            field("upper_strike", &T::upper_strike),
                                            field("upper_weight", &T::upper_weight),
                                            field("straddle", &T::straddle),
                                            field("move", &T::move),
                                            field("upper_bound", &T::upper_bound),
                                            field("lower_bound", &T::lower_bound),
                                            field("call_iv", &T::call_iv),
                                            field("put_iv", &T::put_iv),
                                            field("avg_iv", &T::avg_iv)};
  static void check(const T& m, const Path& p) {
    const bool interpolated = m.method == ImpliedMoveMethod::interpolated_straddle;
    if (m.bracket != StraddleBracket::atm && !(interpolated && m.ok())) {
      detail::fail(p.field("bracket"), to_value(m.bracket),
                   "is only for an ok interpolated_straddle move", ErrorCode::inconsistent);
    }
    if (m.upper_strike && !interpolated) {
      detail::fail(p.field("upper_strike"), to_value(*m.upper_strike),
                   "is only for an interpolated_straddle move", ErrorCode::inconsistent);
    }
    if (!m.ok()) return;
    if (!m.atm_strike) {
      detail::fail(p.field("atm_strike"), "is null but the status is ok", ErrorCode::inconsistent);
    }
    if (m.method == ImpliedMoveMethod::expected_move) return;  // its share is not recorded
    // Share 1: recomputing set_move is exact (the same operations on the same doubles).
    ImpliedMove expected = m;
    ivcrush::detail::set_move(expected, m.straddle, 1.0);
    const auto same = [&](std::string_view name, auto got, auto want) {
      if (got != want) {
        detail::fail(p.field(name), to_value(got),
                     fmt::format("is not what the straddle and spot give ({})",
                                 detail::describe(to_value(want))),
                     ErrorCode::inconsistent);
      }
    };
    same("move", m.move, expected.move);
    same("upper_bound", m.upper_bound, expected.upper_bound);
    same("lower_bound", m.lower_bound, expected.lower_bound);
  }
};

// ---- skew ----------------------------------------------------------------------------------

template <>
struct Codec<SkewPoint> {
  using T = SkewPoint;
  static constexpr std::string_view type_name = "skew_point";
  static constexpr auto fields =
      std::tuple{field("strike", &T::strike), field("moneyness", &T::moneyness),
                 field("put_minus_call_points", &T::put_minus_call_points)};
};

template <>
struct Codec<SkewAnalysis> {
  using T = SkewAnalysis;
  static constexpr std::string_view type_name = "skew_analysis";
  static nlohmann::json to_json(const T& s) {
    nlohmann::json points = nlohmann::json::array();
    for (const SkewPoint& x : s.points) points.push_back(to_value(x));
    return nlohmann::json{{"status", to_value(s.status)},
                          {"expiration", to_value(s.expiration)},
                          {"spot", to_value(s.spot)},
                          {"points", std::move(points)},
                          {"skew_atm_points", to_value(s.skew_atm_points)},
                          {"slope_atm_points", to_value(s.slope_atm_points)},
                          {"curvature_points", to_value(s.curvature_points)},
                          {"r_squared", to_value(s.r_squared)},
                          {"shape", to_value(s.shape)},
                          {"bias", to_value(s.bias)},
                          {"bias_confidence", to_value(s.bias_confidence)}};
  }
  static T from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    T s;
    s.status = r.get<SkewStatus>("status");
    s.expiration = r.get<Expiration>("expiration");
    s.spot = r.get<Price>("spot");
    const nlohmann::json& points = r.member("points");
    const Path pp = p.field("points");
    if (!points.is_array()) detail::fail(pp, points, "expected an array");
    s.points.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      const Path at = pp.index(i);
      s.points.push_back(from_value<SkewPoint>(points[i], at));
      if (i > 0 && !(s.points[i - 1].strike < s.points[i].strike)) {
        detail::fail(at.field("strike"), to_value(s.points[i].strike),
                     "is not above the previous point's strike (points ascend by strike)",
                     ErrorCode::inconsistent);
      }
    }
    s.skew_atm_points = r.get<double>("skew_atm_points");
    s.slope_atm_points = r.get<double>("slope_atm_points");
    s.curvature_points = r.get<double>("curvature_points");
    s.r_squared = r.get<double>("r_squared");
    s.shape = r.get<SmileShape>("shape");
    s.bias = r.get<DirectionalBias>("bias");
    s.bias_confidence = r.get<double>("bias_confidence");
    r.finish();
    return s;
  }
};

// ---- term structure and event move ---------------------------------------------------------

template <>
struct Codec<TermPoint> {
  using T = TermPoint;
  static constexpr std::string_view type_name = "term_point";
  static constexpr auto fields =
      std::tuple{field("expiration", &T::expiration), field("time", &T::time),
                 field("atm_strike", &T::atm_strike), field("atm_iv", &T::atm_iv)};
};

template <>
struct Codec<ForwardVariance> {
  using T = ForwardVariance;
  static constexpr std::string_view type_name = "forward_variance";
  static constexpr auto fields =
      std::tuple{field("from", &T::from), field("to", &T::to), field("status", &T::status),
                 field("variance_per_year", &T::variance_per_year)};
  static void check(const T& f, const Path& p) {
    if (!(f.from < f.to)) {
      detail::fail(p.field("to"), to_value(f.to), "is not after from", ErrorCode::inconsistent);
    }
    const bool negative = f.variance_per_year < 0.0;
    if (negative != (f.status == ForwardVarianceStatus::calendar_arbitrage)) {
      detail::fail(p.field("variance_per_year"), to_value(f.variance_per_year),
                   negative ? "is negative but the status is not calendar_arbitrage"
                            : "is not negative but the status is calendar_arbitrage",
                   ErrorCode::inconsistent);
    }
  }
};

template <>
struct Codec<TermStructure> {
  using T = TermStructure;
  static constexpr std::string_view type_name = "term_structure";
  static constexpr auto fields = std::tuple{
      field("points", &T::points), field("forwards", &T::forwards),
      field("slope_points_per_year", &T::slope_points_per_year), field("shape", &T::shape)};
  static void check(const T& ts, const Path& p) {
    for (std::size_t i = 1; i < ts.points.size(); ++i) {
      if (!(ts.points[i - 1].expiration < ts.points[i].expiration)) {
        const Path pts = p.field("points");
        const Path at = pts.index(i);
        detail::fail(at.field("expiration"), to_value(ts.points[i].expiration),
                     "is not after the previous point's (points ascend by expiration)",
                     ErrorCode::inconsistent);
      }
    }
    if (ts.slope_points_per_year.has_value() == (ts.shape == TermShape::undetermined)) {
      detail::fail(p.field("shape"), to_value(ts.shape),
                   ts.slope_points_per_year ? "is undetermined but there is a slope"
                                            : "is determined but the slope is null",
                   ErrorCode::inconsistent);
    }
  }
};

template <>
struct Codec<EventMove> {
  using T = EventMove;
  static constexpr std::string_view type_name = "event_move";
  static constexpr auto fields =
      std::tuple{field("status", &T::status),
                 field("event_expiration", &T::event_expiration),
                 field("base_volatility", &T::base_volatility),
                 field("event_total_variance", &T::event_total_variance),
                 field("event_sigma", &T::event_sigma),
                 field("expected_absolute_move", &T::expected_absolute_move)};
  static void check(const T& m, const Path& p) {
    if (!m.ok()) {
      const auto absent = [&](std::string_view name, bool present) {
        if (present) {
          detail::fail(p.field(name), "is present but the status is not ok",
                       ErrorCode::inconsistent);
        }
      };
      absent("event_sigma", m.event_sigma.has_value());
      absent("expected_absolute_move", m.expected_absolute_move.has_value());
      return;
    }
    const auto present = [&](std::string_view name, bool has) {
      if (!has)
        detail::fail(p.field(name), "is null but the status is ok", ErrorCode::inconsistent);
    };
    present("event_expiration", m.event_expiration.has_value());
    present("base_volatility", m.base_volatility.has_value());
    present("event_total_variance", m.event_total_variance.has_value());
    present("event_sigma", m.event_sigma.has_value());
    present("expected_absolute_move", m.expected_absolute_move.has_value());
    // The operations of implied_event_move, so equality is exact.
    constexpr double sqrt_two_over_pi = 0.79788456080286535588;
    const double sigma = std::sqrt(*m.event_total_variance);
    if (!(*m.event_total_variance > 0.0) || m.event_sigma->fraction() != sigma) {
      detail::fail(p.field("event_sigma"), to_value(*m.event_sigma),
                   fmt::format("is not the square root of event_total_variance ({})", sigma),
                   ErrorCode::inconsistent);
    }
    if (m.expected_absolute_move->fraction() != sqrt_two_over_pi * sigma) {
      detail::fail(
          p.field("expected_absolute_move"), to_value(*m.expected_absolute_move),
          fmt::format("is not sqrt(2/pi) times event_sigma ({})", sqrt_two_over_pi * sigma),
          ErrorCode::inconsistent);
    }
  }
};

// ---- liquidity -----------------------------------------------------------------------------

template <>
struct Codec<LiquidityReason> {
  using T = LiquidityReason;
  static constexpr std::string_view type_name = "liquidity_reason";
  static nlohmann::json to_json(const T& r) {
    return nlohmann::json{{"leg", std::string(r.leg)},  {"factor", to_value(r.factor)},
                          {"tier", to_value(r.tier)},   {"value", to_value(r.value)},
                          {"limit", to_value(r.limit)}, {"limit_inclusive", r.limit_inclusive},
                          {"unknown", r.unknown},       {"text", to_string(r)}};
  }
  static T from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    T out;
    const nlohmann::json& leg = r.member("leg");
    const std::string& label = detail::read_string(leg, p.field("leg"));
    // The leg is a string_view: only labels with static storage can be read back.
    if (label == "call") {
      out.leg = "call";
    } else if (label == "put") {
      out.leg = "put";
    } else if (!label.empty()) {
      detail::fail(p.field("leg"), leg,
                   "cannot be read back: LiquidityReason::leg is a string_view, only \"\", "
                   "\"call\" and \"put\" are known labels",
                   ErrorCode::out_of_range);
    }
    out.factor = r.get<LiquidityFactor>("factor");
    out.tier = r.get<LiquidityTier>("tier");
    out.value = r.get<double>("value");
    out.limit = r.get<double>("limit");
    out.limit_inclusive = r.get<bool>("limit_inclusive");
    out.unknown = r.get<bool>("unknown");
    const nlohmann::json& text = r.member("text");
    if (detail::read_string(text, p.field("text")) != to_string(out)) {
      detail::fail(p.field("text"), text,
                   fmt::format("is not the text of the reason's fields (\"{}\")", to_string(out)),
                   ErrorCode::inconsistent);
    }
    r.finish();
    return out;
  }
};

template <>
struct Codec<LiquidityAssessment> {
  using T = LiquidityAssessment;
  static constexpr std::string_view type_name = "liquidity_assessment";
  static nlohmann::json to_json(const T& a) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const LiquidityReason& x : a.reasons) reasons.push_back(to_value(x));
    return nlohmann::json{{"tier", to_value(a.tier)},
                          {"open_interest_tier", to_value(a.open_interest_tier)},
                          {"volume_tier", to_value(a.volume_tier)},
                          {"spread_tier", to_value(a.spread_tier)},
                          {"quote_ok", a.quote_ok},
                          {"open_interest_known", a.open_interest_known},
                          {"volume_known", a.volume_known},
                          {"spread", to_value(a.spread)},
                          {"reasons", std::move(reasons)},
                          {"reasons_truncated", a.reasons_truncated}};
  }
  static T from_json(const nlohmann::json& j, const Path& p) {
    detail::ObjectReader r(j, p);
    T a;
    a.tier = r.get<LiquidityTier>("tier");
    a.open_interest_tier = r.get<LiquidityTier>("open_interest_tier");
    a.volume_tier = r.get<LiquidityTier>("volume_tier");
    a.spread_tier = r.get<LiquidityTier>("spread_tier");
    a.quote_ok = r.get<bool>("quote_ok");
    a.open_interest_known = r.get<bool>("open_interest_known");
    a.volume_known = r.get<bool>("volume_known");
    a.spread = r.get<Percentage>("spread");
    const nlohmann::json& reasons = r.member("reasons");
    const Path rp = p.field("reasons");
    if (!reasons.is_array()) detail::fail(rp, reasons, "expected an array");
    if (reasons.size() > a.reasons.capacity()) {
      detail::fail(rp,
                   fmt::format("has {} reasons, more than the {} an assessment holds",
                               reasons.size(), a.reasons.capacity()),
                   ErrorCode::out_of_range);
    }
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      a.reasons.push_back(from_value<LiquidityReason>(reasons[i], rp.index(i)));
    }
    a.reasons_truncated = r.get<bool>("reasons_truncated");
    r.finish();
    // The overall tier is the worst factor's, or lower still (a missing bid/ask, three tiers).
    const LiquidityTier floor = worse(worse(a.open_interest_tier, a.volume_tier), a.spread_tier);
    if (floor < a.tier) {
      detail::fail(p.field("tier"), to_value(a.tier),
                   fmt::format("is better than its worst factor's tier ({})", to_string(floor)),
                   ErrorCode::inconsistent);
    }
    return a;
  }
};

template <>
struct Codec<LiquidityScore> {
  using T = LiquidityScore;
  static constexpr std::string_view type_name = "liquidity_score";
  static constexpr auto fields = std::tuple{field("overall", &T::overall),
                                            field("open_interest_score", &T::open_interest_score),
                                            field("volume_score", &T::volume_score),
                                            field("spread_score", &T::spread_score),
                                            field("depth_score", &T::depth_score),
                                            field("spread", &T::spread),
                                            field("effective_spread", &T::effective_spread),
                                            field("meets_minimums", &T::meets_minimums)};
  static void check(const T& s, const Path& p) {
    const auto in_range = [&](std::string_view name, double x) {
      if (!(x >= 0.0 && x <= 100.0)) {
        detail::fail(p.field(name), to_value(x), "must be within [0, 100]",
                     ErrorCode::out_of_range);
      }
    };
    in_range("overall", s.overall);
    if (s.open_interest_score) in_range("open_interest_score", *s.open_interest_score);
    if (s.volume_score) in_range("volume_score", *s.volume_score);
    in_range("spread_score", s.spread_score);
    if (s.depth_score) in_range("depth_score", *s.depth_score);
  }
};

}  // namespace ivcrush::inline v0::json
