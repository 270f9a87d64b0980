// ivcrush/earnings/liquidity.hpp: one liquidity classifier (tiers with reasons), its presets, and
// the original LiquidityScorer's composite 0-100 score.
//
//   const auto th = LiquidityThresholds::scorer_four_tier();       // or domain_three_tier()
//   LiquidityAssessment a = assess_liquidity(quote, th);
//   a.tier == LiquidityTier::good; a.is_tradeable(); for (auto& r : a.reasons) to_string(r);
//   assess_liquidity(straddle, th.without_volume());                // market closed: OI only
//   assess_liquidity(no_oi_quote, th, LiquidityPolicy::unknown_is_acceptable).tier
//       == LiquidityTier::unknown                                   // not EXCELLENT, not 0
//   LiquidityScore s = score_liquidity(quote);                      // 93.68 for 2.00/2.10, OI 500
//
// Tiers, worst to best: reject < warning < unknown < good < excellent. Each factor gets its own
// tier and the quote the worst of them:
// - open interest: >= excellent_min -> excellent, >= good_min -> good, >= warning_min ->
//   warning, else reject (inclusive: OI exactly at a threshold moves up);
// - volume: the same with its own thresholds; ignored (excellent) under VolumeUse::ignored, the
//   original's OI-only mode for a closed market, where volume is 0;
// - spread (percent of mid): within excellent_max -> excellent, within good_max -> good, within
//   warning_max -> warning, else reject; each limit says whether its bound is inclusive;
// - quote: with require_bid_and_ask, reject unless bid > 0 and ask > 0.
// TierScale::three_tier reports good as warning (the original's domain classifier has no GOOD).
// Unknown open interest or volume (nullopt: a modeled chain, an export without the column) is
// not a zero. Under LiquidityPolicy::unknown_is_acceptable its factor's tier is `unknown`, so the
// quote's tier is UNKNOWN unless a known factor is at warning or reject (the worse, known grade
// wins: `unknown` sits between warning and good); a reason says "OI unknown (no open interest in
// the data)". Under unknown_is_zero (the original's rule, the default) it counts as 0 and the
// reason says so ("OI unknown, counted as 0 < 50"). A known 0 is graded as 0 under both.
// Reasons: one per factor whose tier is warning or reject, naming the value and the threshold it
// missed ("OI 10 < 50", "Spread 25.0% > 18.0%", "Volume 19 < 20"); kept inline (no allocation).
//
// Spread formulas (SpreadFormula), the one real difference between the original's classifiers:
// quote = spread_pct of option_quote.hpp (§1.4: 100 % when a side is missing, below $0.01 or
// the mid is 0); scorer = the LiquidityScorer's (no $0.01 floor: 100 % only when a side is
// missing or the mid is <= 0, so bid 0 / ask 1 is 200 %).
//
// Presets reproducing the original (domain-spec §2.8, §8):
// - domain_three_tier(): (A) classify_liquidity, production thresholds: reject when OI < 10, or
//   spread > 25 %, or no bid/ask; excellent when OI >= 200, spread <= 12 % and volume >= 10;
//   otherwise warning, with reasons for OI < 50 and spread > 18 % (the original's warning
//   reasons; they are exactly the factors at warning tier here). Spread formula: quote.
// - scorer_four_tier(): (B) LiquidityScorer tiers, production (from_config) thresholds: OI < 50
//   reject, 50-99 warning, 100-199 good, >= 200 excellent; spread > 25 reject, [18, 25] warning,
//   [12, 18) good, < 12 excellent; volume < min_volume (0) reject. Spread formula: scorer.
//   from_scorer(ScorerThresholds) maps any LiquidityScorer configuration (e.g. the original's
//   test scorer 50/100/500/1000, 15/12/8/5, min volume 20).
// - without_volume(): the OI-only variant of any thresholds.
// Legs: assess_liquidity(Straddle) and combine_legs() give the worse tier of the legs, reasons
// prefixed by the leg ("call: ", "Short leg: ").
//
// Composite score (score_liquidity, the LiquidityScorer's score_option): component scores
// 0-100 for OI, volume and spread (piecewise linear between min/good/excellent anchors, see
// detail::anchor_score), plus depth when the quote has both bid and ask sizes; weights OI 0.40,
// volume 0.30, spread 0.25, depth 0.05, renormalized over the components present. It also
// reports the scorer's is_liquid as meets_minimums (OI >= min, volume >= min, spread <= max),
// which, as in the original ([DISCREPANCY] §2.8), can hold for a REJECT tier (OI 40). An
// unknown OI or volume is not scored as 0 (the original did): its component is absent, the
// weights renormalize over the known ones, and meets_minimums is unknown unless a known factor
// already misses. The tiers above are what the analysis reads.
// Errors: InvalidInput from make() for thresholds that are negative, not finite or out of order
// (named). Complexity: O(1) per quote, no allocation.
#pragma once

#include <algorithm>
#include <boost/container/static_vector.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

// `unknown`: no known factor is bad, but open interest or volume is unknown, so the quote has no
// grade (see the synopsis); it orders between warning and good for worse() and the gates.
enum class LiquidityTier { reject, warning, unknown, good, excellent };

// The original's wire names ("UNKNOWN" is ours).
[[nodiscard]] constexpr std::string_view to_string(LiquidityTier t) noexcept {
  switch (t) {
    case LiquidityTier::reject: return "REJECT";
    case LiquidityTier::warning: return "WARNING";
    case LiquidityTier::unknown: return "UNKNOWN";
    case LiquidityTier::good: return "GOOD";
    case LiquidityTier::excellent: return "EXCELLENT";
  }
  return "REJECT";
}

[[nodiscard]] constexpr LiquidityTier worse(LiquidityTier a, LiquidityTier b) noexcept {
  return a < b ? a : b;
}

enum class SpreadFormula { quote, scorer };

// The relative spread in percent of the mid under `formula` (see the synopsis).
[[nodiscard]] constexpr Percentage liquidity_spread(const OptionQuote& q,
                                                    SpreadFormula formula) noexcept {
  if (formula == SpreadFormula::quote) return spread_pct(q);
  const Money m = mid(q);
  if (q.one_sided || !(m > Money::zero())) return Percentage::from_fraction(1.0);
  return Percentage::from_fraction(spread(q) / m);
}

// A spread passes when below max_spread (or equal to it, when inclusive).
struct SpreadLimit {
  Percentage max_spread;
  bool inclusive = true;

  [[nodiscard]] constexpr bool admits(Percentage spread) const noexcept {
    return inclusive ? spread <= max_spread : spread < max_spread;
  }
  friend constexpr bool operator==(const SpreadLimit&, const SpreadLimit&) = default;
};

enum class VolumeUse { required, ignored };
enum class TierScale { four_tier, three_tier };

struct LiquidityThresholdValues {
  std::int64_t warning_min_open_interest = 0;
  std::int64_t good_min_open_interest = 0;
  std::int64_t excellent_min_open_interest = 0;
  std::int64_t warning_min_volume = 0;
  std::int64_t good_min_volume = 0;
  std::int64_t excellent_min_volume = 0;
  SpreadLimit warning_max_spread;
  SpreadLimit good_max_spread;
  SpreadLimit excellent_max_spread;
  bool require_bid_and_ask = false;
  SpreadFormula spread_formula = SpreadFormula::quote;
  VolumeUse volume = VolumeUse::required;
  TierScale scale = TierScale::four_tier;

  friend constexpr bool operator==(const LiquidityThresholdValues&,
                                   const LiquidityThresholdValues&) = default;
};

// A LiquidityScorer configuration in its own terms (liquidity_scorer.py).
struct ScorerThresholds {
  std::int64_t min_open_interest = 10;
  std::int64_t warning_open_interest = 50;
  std::int64_t good_open_interest = 100;
  std::int64_t excellent_open_interest = 200;
  std::int64_t min_volume = 0;
  Percentage max_spread = Percentage::from_pct(25.0);
  Percentage warning_spread = Percentage::from_pct(18.0);
  Percentage good_spread = Percentage::from_pct(12.0);
};

// Validated thresholds: non-negative, finite, ordered warning <= good <= excellent.
class LiquidityThresholds {
 public:
  [[nodiscard]] static LiquidityThresholds make(const LiquidityThresholdValues& v) {
    const auto non_negative = [](std::string_view field, std::int64_t x) {
      if (x < 0) detail::throw_invalid(ErrorCode::negative, field, x, "must not be negative");
    };
    const auto ordered = [](std::string_view field, std::int64_t x, std::string_view below,
                            std::int64_t y) {
      if (x > y) {
        detail::throw_invalid(ErrorCode::inconsistent, field, x,
                              fmt::format("must not exceed the {} {}", below, y));
      }
    };
    non_negative("warning min open interest", v.warning_min_open_interest);
    non_negative("good min open interest", v.good_min_open_interest);
    non_negative("excellent min open interest", v.excellent_min_open_interest);
    ordered("warning min open interest", v.warning_min_open_interest, "good min open interest",
            v.good_min_open_interest);
    ordered("good min open interest", v.good_min_open_interest, "excellent min open interest",
            v.excellent_min_open_interest);
    non_negative("warning min volume", v.warning_min_volume);
    non_negative("good min volume", v.good_min_volume);
    non_negative("excellent min volume", v.excellent_min_volume);
    ordered("warning min volume", v.warning_min_volume, "good min volume", v.good_min_volume);
    ordered("good min volume", v.good_min_volume, "excellent min volume", v.excellent_min_volume);
    const auto spread_ok = [](std::string_view field, SpreadLimit l) {
      detail::require_non_negative(field, l.max_spread.pct());
    };
    spread_ok("excellent max spread %", v.excellent_max_spread);
    spread_ok("good max spread %", v.good_max_spread);
    spread_ok("warning max spread %", v.warning_max_spread);
    const auto spread_ordered = [](std::string_view field, SpreadLimit a, std::string_view above,
                                   SpreadLimit b) {
      if (a.max_spread > b.max_spread) {
        detail::throw_invalid(ErrorCode::inconsistent, field, a.max_spread.pct(),
                              fmt::format("must not exceed the {} {}", above, b.max_spread.pct()));
      }
    };
    spread_ordered("excellent max spread %", v.excellent_max_spread, "good max spread %",
                   v.good_max_spread);
    spread_ordered("good max spread %", v.good_max_spread, "warning max spread %",
                   v.warning_max_spread);
    return LiquidityThresholds(v);
  }

  // (A) the domain classifier with production thresholds (see the synopsis).
  [[nodiscard]] static LiquidityThresholds domain_three_tier() {
    return make({.warning_min_open_interest = 10,
                 .good_min_open_interest = 50,
                 .excellent_min_open_interest = 200,
                 .warning_min_volume = 0,
                 .good_min_volume = 0,
                 .excellent_min_volume = 10,
                 .warning_max_spread = {Percentage::from_pct(25.0), true},
                 .good_max_spread = {Percentage::from_pct(18.0), true},
                 .excellent_max_spread = {Percentage::from_pct(12.0), true},
                 .require_bid_and_ask = true,
                 .spread_formula = SpreadFormula::quote,
                 .volume = VolumeUse::required,
                 .scale = TierScale::three_tier});
  }

  // Any LiquidityScorer configuration: OI tier reject below max(min, warning) OI, warning below
  // good, good below excellent; volume below min rejects; spread above max rejects, at or above
  // warning is warning, at or above good is good.
  [[nodiscard]] static LiquidityThresholds from_scorer(const ScorerThresholds& s) {
    return make(
        {.warning_min_open_interest = std::max(s.min_open_interest, s.warning_open_interest),
         .good_min_open_interest = s.good_open_interest,
         .excellent_min_open_interest = s.excellent_open_interest,
         .warning_min_volume = s.min_volume,
         .good_min_volume = s.min_volume,
         .excellent_min_volume = s.min_volume,
         .warning_max_spread = {s.max_spread, true},
         .good_max_spread = {s.warning_spread, false},
         .excellent_max_spread = {s.good_spread, false},
         .require_bid_and_ask = false,
         .spread_formula = SpreadFormula::scorer,
         .volume = VolumeUse::required,
         .scale = TierScale::four_tier});
  }

  // (B) the LiquidityScorer with the production (from_config) thresholds.
  [[nodiscard]] static LiquidityThresholds scorer_four_tier() { return from_scorer({}); }

  // The same thresholds with volume ignored (market closed).
  [[nodiscard]] LiquidityThresholds without_volume() const noexcept {
    LiquidityThresholds t = *this;
    t.v_.volume = VolumeUse::ignored;
    return t;
  }

  [[nodiscard]] const LiquidityThresholdValues& values() const noexcept { return v_; }

  friend bool operator==(const LiquidityThresholds&, const LiquidityThresholds&) = default;

 private:
  explicit LiquidityThresholds(const LiquidityThresholdValues& v) noexcept : v_(v) {}
  LiquidityThresholdValues v_;
};

enum class LiquidityFactor { open_interest, volume, spread, quote };

// Why a factor is at warning, unknown or reject tier.
struct LiquidityReason {
  std::string_view leg;  // "" for one quote; the leg's label when legs are combined
  LiquidityFactor factor = LiquidityFactor::open_interest;
  LiquidityTier tier = LiquidityTier::reject;
  double value = 0.0;  // OI or volume in contracts, spread in percent, bid for the quote factor
  double limit = 0.0;  // the threshold missed (ask for the quote factor)
  bool limit_inclusive = true;  // spread only: the missed limit admitted equality
  bool unknown = false;         // OI / volume only: not in the data (tier unknown, or counted 0)
};

// "OI 10 < 50", "Volume 19 < 20", "Spread 25.0% > 18.0%" (">=" for an exclusive limit),
// "No valid quotes (bid $0.00, ask $1.00)", "OI unknown (no open interest in the data)",
// "OI unknown, counted as 0 < 50"; prefixed "<leg>: " for a labelled leg.
[[nodiscard]] inline std::string to_string(const LiquidityReason& r) {
  const std::string prefix = r.leg.empty() ? std::string() : fmt::format("{}: ", r.leg);
  const auto count = [&](std::string_view name, std::string_view what) {
    if (!r.unknown) return fmt::format("{}{} {} < {}", prefix, name, r.value, r.limit);
    if (r.tier == LiquidityTier::unknown) {
      return fmt::format("{}{} unknown (no {} in the data)", prefix, name, what);
    }
    return fmt::format("{}{} unknown, counted as 0 < {}", prefix, name, r.limit);
  };
  switch (r.factor) {
    case LiquidityFactor::open_interest: return count("OI", "open interest");
    case LiquidityFactor::volume: return count("Volume", "volume");
    case LiquidityFactor::spread:
      return fmt::format("{}Spread {:.1f}% {} {:.1f}%", prefix, r.value,
                         r.limit_inclusive ? ">" : ">=", r.limit);
    case LiquidityFactor::quote:
      return fmt::format("{}No valid quotes (bid ${:.2f}, ask ${:.2f})", prefix, r.value, r.limit);
  }
  return prefix;
}

// Four reasons per leg at most (one per factor); room for four legs.
using LiquidityReasons = boost::container::static_vector<LiquidityReason, 16>;

struct LiquidityAssessment {
  LiquidityTier tier = LiquidityTier::reject;
  LiquidityTier open_interest_tier = LiquidityTier::reject;
  LiquidityTier volume_tier = LiquidityTier::reject;
  LiquidityTier spread_tier = LiquidityTier::reject;
  bool quote_ok = false;            // bid > 0 and ask > 0 (checked only when required)
  bool open_interest_known = true;  // every leg's open interest was in the data
  bool volume_known = true;         // every leg's volume was in the data
  Percentage spread;                // under the thresholds' formula
  LiquidityReasons reasons;         // factors at warning or reject, see the synopsis
  bool reasons_truncated = false;   // more than 16 reasons when combining many legs

  [[nodiscard]] bool is_tradeable() const noexcept { return tier != LiquidityTier::reject; }
  [[nodiscard]] bool has_warnings() const noexcept {
    return !reasons.empty() || tier == LiquidityTier::warning;
  }
};

// The numbers a tier depends on, for callers that have them without a quote; nullopt: unknown.
struct LiquidityInputs {
  std::optional<std::int64_t> open_interest = 0;
  std::optional<std::int64_t> volume = 0;
  Percentage spread;
  bool has_bid_and_ask = true;  // bid > 0 and ask > 0
};

namespace detail {

[[nodiscard]] constexpr LiquidityTier count_tier(std::int64_t x, std::int64_t warning,
                                                 std::int64_t good,
                                                 std::int64_t excellent) noexcept {
  return x >= excellent ? LiquidityTier::excellent
         : x >= good    ? LiquidityTier::good
         : x >= warning ? LiquidityTier::warning
                        : LiquidityTier::reject;
}

// The threshold a count missed: the one just above its tier.
[[nodiscard]] constexpr std::int64_t missed_count(LiquidityTier t, std::int64_t warning,
                                                  std::int64_t good) noexcept {
  return t == LiquidityTier::reject ? warning : good;
}

}  // namespace detail

// `unknown`: what an unknown open interest or volume means (see the synopsis).
[[nodiscard]] inline LiquidityAssessment assess_liquidity(
    const LiquidityInputs& in, const LiquidityThresholds& th,
    LiquidityPolicy unknown = LiquidityPolicy::unknown_is_zero) {
  const LiquidityThresholdValues& v = th.values();
  const auto count = [unknown](std::optional<std::int64_t> x, std::int64_t warning,
                               std::int64_t good, std::int64_t excellent) {
    if (!x && unknown == LiquidityPolicy::unknown_is_acceptable) return LiquidityTier::unknown;
    return detail::count_tier(x.value_or(0), warning, good, excellent);
  };
  LiquidityAssessment a;
  a.spread = in.spread;
  a.open_interest_known = in.open_interest.has_value();
  a.volume_known = in.volume.has_value() || v.volume == VolumeUse::ignored;
  a.open_interest_tier = count(in.open_interest, v.warning_min_open_interest,
                               v.good_min_open_interest, v.excellent_min_open_interest);
  a.volume_tier = v.volume == VolumeUse::ignored ? LiquidityTier::excellent
                                                 : count(in.volume, v.warning_min_volume,
                                                         v.good_min_volume, v.excellent_min_volume);
  a.spread_tier = v.excellent_max_spread.admits(in.spread) ? LiquidityTier::excellent
                  : v.good_max_spread.admits(in.spread)    ? LiquidityTier::good
                  : v.warning_max_spread.admits(in.spread) ? LiquidityTier::warning
                                                           : LiquidityTier::reject;
  a.quote_ok = in.has_bid_and_ask;
  a.tier = worse(worse(a.open_interest_tier, a.volume_tier), a.spread_tier);
  if (v.require_bid_and_ask && !in.has_bid_and_ask) a.tier = LiquidityTier::reject;
  if (v.scale == TierScale::three_tier && a.tier == LiquidityTier::good) {
    a.tier = LiquidityTier::warning;
  }
  const auto count_reason = [&](LiquidityFactor factor, LiquidityTier tier,
                                std::optional<std::int64_t> x, std::int64_t warning,
                                std::int64_t good) {
    if (tier > LiquidityTier::unknown) return;
    const double limit = tier == LiquidityTier::unknown
                             ? 0.0
                             : static_cast<double>(detail::missed_count(tier, warning, good));
    a.reasons.push_back(
        {"", factor, tier, static_cast<double>(x.value_or(0)), limit, true, !x.has_value()});
  };
  count_reason(LiquidityFactor::open_interest, a.open_interest_tier, in.open_interest,
               v.warning_min_open_interest, v.good_min_open_interest);
  if (v.volume == VolumeUse::required) {
    count_reason(LiquidityFactor::volume, a.volume_tier, in.volume, v.warning_min_volume,
                 v.good_min_volume);
  }
  if (a.spread_tier <= LiquidityTier::warning) {
    const SpreadLimit missed =
        a.spread_tier == LiquidityTier::reject ? v.warning_max_spread : v.good_max_spread;
    a.reasons.push_back({"", LiquidityFactor::spread, a.spread_tier, in.spread.pct(),
                         missed.max_spread.pct(), missed.inclusive});
  }
  return a;
}

[[nodiscard]] inline LiquidityAssessment assess_liquidity(
    const OptionQuote& q, const LiquidityThresholds& th,
    LiquidityPolicy unknown = LiquidityPolicy::unknown_is_zero) {
  const LiquidityThresholdValues& v = th.values();
  const bool two_sided = !q.one_sided && q.bid > Money::zero() && q.ask > Money::zero();
  LiquidityAssessment a =
      assess_liquidity(LiquidityInputs{.open_interest = q.open_interest,
                                       .volume = q.volume,
                                       .spread = liquidity_spread(q, v.spread_formula),
                                       .has_bid_and_ask = two_sided},
                       th, unknown);
  if (v.require_bid_and_ask && !two_sided) {
    a.reasons.push_back({"", LiquidityFactor::quote, LiquidityTier::reject, q.bid.dollars(),
                         q.ask.dollars(), true});
  }
  return a;
}

// Several legs: the worse tier, every reason prefixed by its leg's label (labels must outlive
// the result: string literals).
[[nodiscard]] inline LiquidityAssessment combine_legs(const LiquidityAssessment& a,
                                                      std::string_view a_label,
                                                      const LiquidityAssessment& b,
                                                      std::string_view b_label) {
  LiquidityAssessment out;
  out.tier = worse(a.tier, b.tier);
  out.open_interest_tier = worse(a.open_interest_tier, b.open_interest_tier);
  out.volume_tier = worse(a.volume_tier, b.volume_tier);
  out.spread_tier = worse(a.spread_tier, b.spread_tier);
  out.quote_ok = a.quote_ok && b.quote_ok;
  out.open_interest_known = a.open_interest_known && b.open_interest_known;
  out.volume_known = a.volume_known && b.volume_known;
  out.spread = std::max(a.spread, b.spread);
  out.reasons_truncated = a.reasons_truncated || b.reasons_truncated;
  const auto append = [&](const LiquidityAssessment& from, std::string_view label) {
    for (LiquidityReason r : from.reasons) {
      if (out.reasons.size() == out.reasons.capacity()) {
        out.reasons_truncated = true;
        return;
      }
      if (!label.empty() && r.leg.empty()) r.leg = label;
      out.reasons.push_back(r);
    }
  };
  append(a, a_label);
  append(b, b_label);
  return out;
}

// A straddle's tier is its worse leg's.
[[nodiscard]] inline LiquidityAssessment assess_liquidity(
    const Straddle& s, const LiquidityThresholds& th,
    LiquidityPolicy unknown = LiquidityPolicy::unknown_is_zero) {
  IVCRUSH_ASSERT(s.call != nullptr && s.put != nullptr, "a straddle has both legs");
  return combine_legs(assess_liquidity(*s.call, th, unknown), "call",
                      assess_liquidity(*s.put, th, unknown), "put");
}

// The domain classifier's chain pre-check: at least one call and one put of the expiration
// that are not rejected.
[[nodiscard]] inline bool has_tradeable_liquidity(
    const ExpirationView& view, const LiquidityThresholds& th,
    LiquidityPolicy unknown = LiquidityPolicy::unknown_is_zero) {
  bool call_ok = false;
  bool put_ok = false;
  for (const Strike k : view.strikes()) {
    if (!call_ok) {
      const OptionQuote* c = view.call(k);
      call_ok = c != nullptr && assess_liquidity(*c, th, unknown).is_tradeable();
    }
    if (!put_ok) {
      const OptionQuote* p = view.put(k);
      put_ok = p != nullptr && assess_liquidity(*p, th, unknown).is_tradeable();
    }
    if (call_ok && put_ok) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The LiquidityScorer's composite score.

struct LiquidityScoreAnchors {
  std::int64_t min_open_interest = 10;
  std::int64_t good_open_interest = 100;
  std::int64_t excellent_open_interest = 200;
  std::int64_t min_volume = 0;
  std::int64_t good_volume = 100;
  std::int64_t excellent_volume = 250;
  Percentage excellent_spread = Percentage::from_pct(12.0);
  Percentage good_spread = Percentage::from_pct(12.0);
  Percentage max_spread = Percentage::from_pct(25.0);
  double open_interest_weight = 0.40;
  double volume_weight = 0.30;
  double spread_weight = 0.25;
  double depth_weight = 0.05;

  // The class's constructor defaults (volume 0/100/250), the §8 table's configuration.
  [[nodiscard]] static constexpr LiquidityScoreAnchors scorer_class_defaults() noexcept {
    return {};
  }
  // The production configuration (from_config: volume 0/0/10).
  [[nodiscard]] static constexpr LiquidityScoreAnchors production() noexcept {
    LiquidityScoreAnchors a;
    a.good_volume = 0;
    a.excellent_volume = 10;
    return a;
  }
};

struct LiquidityScore {
  double overall = 0.0;                       // 0-100, over the components known
  std::optional<double> open_interest_score;  // none when the quote's open interest is unknown
  std::optional<double> volume_score;         // none when its volume is unknown
  double spread_score = 0.0;
  std::optional<double> depth_score;      // only when the quote has bid and ask sizes
  Percentage spread;                      // the scorer's formula
  std::optional<Money> effective_spread;  // ask - bid; none for a one-sided quote
  // The scorer's is_liquid (see the synopsis): false when a known factor misses its minimum,
  // unknown (nullopt) when none does but OI or volume is unknown, true otherwise.
  std::optional<bool> meets_minimums = false;
};

namespace detail {

inline void validate(const LiquidityScoreAnchors& a) {
  const auto ordered = [](std::string_view name, std::int64_t lo, std::int64_t mid,
                          std::int64_t hi) {
    if (lo < 0)
      throw_invalid(ErrorCode::negative, fmt::format("min {}", name), lo, "must not be negative");
    if (lo > mid || mid > hi) {
      throw InvalidInput(ErrorCode::inconsistent,
                         fmt::format("{} anchors = {}/{}/{}: must be ordered min <= good <= "
                                     "excellent",
                                     name, lo, mid, hi));
    }
  };
  ordered("open interest", a.min_open_interest, a.good_open_interest, a.excellent_open_interest);
  ordered("volume", a.min_volume, a.good_volume, a.excellent_volume);
  if (!(a.max_spread.pct() > 0.0) || a.excellent_spread > a.good_spread ||
      a.good_spread > a.max_spread || a.excellent_spread.pct() < 0.0) {
    throw InvalidInput(
        ErrorCode::inconsistent,
        fmt::format("spread anchors = {}/{}/{}%: must be ordered 0 <= excellent "
                    "<= good <= max, max > 0",
                    a.excellent_spread.pct(), a.good_spread.pct(), a.max_spread.pct()));
  }
  require_non_negative("open interest weight", a.open_interest_weight);
  require_non_negative("volume weight", a.volume_weight);
  require_non_negative("spread weight", a.spread_weight);
  require_non_negative("depth weight", a.depth_weight);
  if (!(a.open_interest_weight + a.volume_weight + a.spread_weight > 0.0)) {
    throw_invalid(ErrorCode::out_of_range, "liquidity weights (OI + volume + spread)",
                  a.open_interest_weight + a.volume_weight + a.spread_weight, "must be positive");
  }
}

// 100 at or above excellent, 80-100 between good and excellent, 50-80 between min and good,
// below min 50·x/min (0 when min is 0). Equal anchors make their band empty, never a 0/0.
[[nodiscard]] inline double anchor_score(double x, double lo, double good,
                                         double excellent) noexcept {
  if (x >= excellent) return 100.0;
  if (x >= good) return 80.0 + 20.0 * (x - good) / (excellent - good);
  if (x >= lo) return 50.0 + 30.0 * (x - lo) / (good - lo);
  return lo > 0.0 ? 50.0 * x / lo : 0.0;
}

[[nodiscard]] inline double spread_score(double sp, double excellent, double good,
                                         double max) noexcept {
  if (sp <= excellent) return 100.0;
  if (sp <= good) return 100.0 - 20.0 * (sp - excellent) / (good - excellent);
  if (sp <= max) return 80.0 - 30.0 * (sp - good) / (max - good);
  return 50.0 * (1.0 - std::min(1.0, (sp - max) / max));
}

[[nodiscard]] inline double depth_score(std::int64_t bid_size, std::int64_t ask_size) noexcept {
  const auto m = static_cast<double>(std::min(bid_size, ask_size));
  if (m >= 50.0) return 100.0;
  if (m >= 10.0) return 80.0 + 20.0 * (m - 10.0) / 40.0;
  if (m >= 5.0) return 60.0 + 20.0 * (m - 5.0) / 5.0;
  return 60.0 * m / 5.0;
}

}  // namespace detail

[[nodiscard]] inline LiquidityScore score_liquidity(
    const OptionQuote& q,
    const LiquidityScoreAnchors& anchors = LiquidityScoreAnchors::scorer_class_defaults()) {
  detail::validate(anchors);
  LiquidityScore s;
  s.spread = liquidity_spread(q, SpreadFormula::scorer);
  const double sp = s.spread.pct();
  double weighted = 0.0;
  double weights = 0.0;
  const auto add = [&](double weight, double score) {
    weighted += weight * score;
    weights += weight;
  };
  if (q.open_interest) {
    s.open_interest_score = detail::anchor_score(
        static_cast<double>(*q.open_interest), static_cast<double>(anchors.min_open_interest),
        static_cast<double>(anchors.good_open_interest),
        static_cast<double>(anchors.excellent_open_interest));
    add(anchors.open_interest_weight, *s.open_interest_score);
  }
  if (q.volume) {
    s.volume_score = detail::anchor_score(
        static_cast<double>(*q.volume), static_cast<double>(anchors.min_volume),
        static_cast<double>(anchors.good_volume), static_cast<double>(anchors.excellent_volume));
    add(anchors.volume_weight, *s.volume_score);
  }
  s.spread_score = detail::spread_score(sp, anchors.excellent_spread.pct(),
                                        anchors.good_spread.pct(), anchors.max_spread.pct());
  add(anchors.spread_weight, s.spread_score);
  if (q.bid_size && q.ask_size) {
    s.depth_score = detail::depth_score(*q.bid_size, *q.ask_size);
    add(anchors.depth_weight, *s.depth_score);
  }
  s.overall = weighted / weights;
  if (!q.one_sided) s.effective_spread = spread(q);
  const bool known_miss = (q.open_interest && *q.open_interest < anchors.min_open_interest) ||
                          (q.volume && *q.volume < anchors.min_volume) ||
                          !(s.spread <= anchors.max_spread);
  if (known_miss) {
    s.meets_minimums = false;
  } else if (!q.open_interest || !q.volume) {
    s.meets_minimums = std::nullopt;
  } else {
    s.meets_minimums = true;
  }
  return s;
}

}  // namespace ivcrush::inline v0
