// ivcrush/strategy/generator.hpp: every sensible credit strategy of one expiration, analysed,
// so the scorer has real choices (the original built one pick per type).
//
//   const ChainGreeks greeks = compute_chain_greeks(chain, {});
//   const GeneratorContext ctx{.greeks = greeks, .expiration = e,
//                              .implied_move = Percentage::from_pct(6.63), .vrp_ratio = 2.2,
//                              .historical_moves = moves};          // optional: empirical POP
//   GenerationResult r = generate_candidates(ctx, {.max_short_delta = 0.35,
//                                                  .max_candidates = 500});
//   for (const Candidate& c : r.candidates) ...;   // deterministic order (below)
//   if (r.candidates.empty()) fmt::print("{}\n", r.message);   // says why
//
// What is generated (GeneratorOptions; every knob validated):
// - bull put / bear call spreads: every short strike of that side whose |delta| is in
//   [min_short_delta, max_short_delta] (and, with short_outside_implied_move, strictly beyond
//   S ∓ IM$), paired with the long strike exactly one wing width further out, for each width of
//   wing_widths (exact strikes: a width with no strike there is skipped), credit >= min_credit;
// - iron condors: for each width, each put spread paired with the one call spread of the same
//   width whose short |delta| is nearest its own (a sorted search: a tie goes to the smaller
//   |delta|, then the lower strike), put short strictly below call short; not the cross product;
// - iron butterflies: centres = the ATM strike and every strike within butterfly_center_band of
//   the spot with a call and a put, symmetric wings of each width, credit >= min_credit (needs
//   a positive implied move for the legacy POP table);
// - liquidity: with exclude_rejected_liquidity (default), a short leg whose tier is REJECT is
//   not used; AnalysisOptions::liquidity_policy = unknown_is_acceptable judges a modeled chain
//   (open interest unknown) on its spreads only.
// Every pick is analysed into a Candidate exactly as the builders do (builders.hpp): one unit,
// exact payoff with fees, model / empirical / legacy POP, per-unit greeks, short-leg
// liquidity, contracts. Picks whose payoff cannot lose or cannot gain are dropped and counted.
// Cap: when more than max_candidates picks qualify, the ones whose short |delta| is nearest
// preferred_short_delta are kept (condors: the mean of both sides; butterflies: the centre
// call's distance from 0.50), ties by kind, then strikes: deterministic, and only the kept
// picks are analysed, so the work is bounded for 500+ strikes.
// Order: bull put spreads, bear call spreads, iron condors, iron butterflies; within a kind by
// the legs' strikes ascending (short strike first, then the wing). No two candidates have the
// same legs. The picks are generated in that order (sorted only after the cap's selection).
// Complexity: verticals O(K·W·log K), condors O(W·P·log C), butterflies O(B·W·log K) for K
// strikes, W widths, P put and C call spreads, B centres; then a partial sort of the picks and
// O(legs + moves × legs) per kept candidate. Allocations: a fixed number whatever the strike
// and candidate counts (the two per-strike tables, the pick tables reserved at their upper
// bounds, the result vector); none per candidate (tests/analysis/allocation_test.cpp).
// Only the top N: generate_top_candidates(ctx, options, n, upper_bound, total) gives the
// candidates that can be among the n best under a policy whose score it can bound (the cheap
// stage of every pick, the full analysis of those whose bound still reaches the n-th best):
// ranking them gives the same top n as ranking generate_candidates' (see its comment).
// Errors: InvalidInput for invalid options or context, named. An expiration that is not in the
// chain, expired, without volatility, or with no qualifying pick is a status with a message.
#pragma once

#include <algorithm>
#include <array>
#include <boost/container/small_vector.hpp>
#include <boost/container/static_vector.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/chain/option_quote.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/option_right.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/detail/validate.hpp"
#include "ivcrush/earnings/liquidity.hpp"
#include "ivcrush/strategy/builders.hpp"
#include "ivcrush/strategy/candidate.hpp"
#include "ivcrush/strategy/candidate_outline.hpp"
#include "ivcrush/strategy/legacy_pop.hpp"

namespace ivcrush::inline v0 {

// The generator's context is the builders' (builders.hpp).
using GeneratorContext = StrategyContext;

// Which kinds to generate.
struct StrategyKindSet {
  bool bull_put_spread = true;
  bool bear_call_spread = true;
  bool iron_condor = true;
  bool iron_butterfly = true;
};

using WingWidths = boost::container::static_vector<Money, 16>;

struct GeneratorOptions {
  double min_short_delta = 0.10;  // |delta| of the short legs of verticals and condors
  double max_short_delta = 0.40;
  WingWidths wing_widths = {Money::dollars(1.0), Money::dollars(2.0), Money::dollars(2.5),
                            Money::dollars(3.0), Money::dollars(5.0), Money::dollars(10.0)};
  Money min_credit = Money::dollars(0.20);  // per share: each vertical, each condor side, a fly
  bool short_outside_implied_move = false;  // require short strikes beyond S ∓ IM$
  Percentage butterfly_center_band = Percentage::from_pct(2.0);  // |K0 - S| <= band × S, or ATM
  StrategyKindSet kinds;
  bool exclude_rejected_liquidity = true;
  std::size_t max_candidates = 1000;
  double preferred_short_delta = 0.25;  // the cap keeps the picks nearest this
  DeltaSource delta_source = DeltaSource::computed;
  LegacyButterflyPopClamp legacy_butterfly_pop;
  AnalysisOptions analysis;

  void validate() const {
    const auto unit = [](std::string_view field, double x) {
      detail::require_finite(field, x);
      if (!(x > 0.0 && x < 1.0)) {
        detail::throw_invalid(ErrorCode::out_of_range, field, x, "must be in (0, 1)");
      }
    };
    unit("min_short_delta", min_short_delta);
    unit("max_short_delta", max_short_delta);
    if (min_short_delta > max_short_delta) {
      detail::throw_invalid(ErrorCode::inconsistent, "min_short_delta", min_short_delta,
                            fmt::format("must not exceed max_short_delta {}", max_short_delta));
    }
    unit("preferred_short_delta", preferred_short_delta);
    if (wing_widths.empty()) {
      throw InvalidInput(ErrorCode::empty, "wing_widths = []: needs at least one width");
    }
    for (std::size_t i = 0; i < wing_widths.size(); ++i) {
      const double w = wing_widths[i].dollars();
      detail::require_finite("wing width", w);
      if (!(w > 0.0)) {
        detail::throw_invalid(ErrorCode::out_of_range, "wing width", w, "must be positive");
      }
      const double ticks = w * static_cast<double>(Strike::ticks_per_dollar);
      if (std::fabs(ticks - std::round(ticks)) > 1e-6 * std::fmax(1.0, ticks)) {
        detail::throw_invalid(ErrorCode::not_on_grid, "wing width", w,
                              "is not a multiple of the $0.001 strike tick");
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (std::round(ticks) ==
            std::round(wing_widths[j].dollars() * static_cast<double>(Strike::ticks_per_dollar))) {
          detail::throw_invalid(ErrorCode::inconsistent, "wing width", w,
                                "is listed twice (it would duplicate candidates)");
        }
      }
    }
    detail::require_non_negative("min_credit", min_credit.dollars());
    detail::require_non_negative("butterfly_center_band %", butterfly_center_band.pct());
    if (max_candidates == 0) {
      detail::throw_invalid(ErrorCode::out_of_range, "max_candidates", max_candidates,
                            "must be positive");
    }
    legacy_butterfly_pop.validate();
    analysis.validate();
  }
};

enum class GenerationStatus {
  ok,                       // at least one candidate
  expiration_not_in_chain,  // see NoCandidateReason
  expired,
  no_volatility,
  no_candidates,  // the expiration was usable, but nothing passed the limits (see counts)
};

[[nodiscard]] constexpr std::string_view to_string(GenerationStatus s) noexcept {
  switch (s) {
    case GenerationStatus::ok: return "ok";
    case GenerationStatus::expiration_not_in_chain: return "expiration_not_in_chain";
    case GenerationStatus::expired: return "expired";
    case GenerationStatus::no_volatility: return "no_volatility";
    case GenerationStatus::no_candidates: return "no_candidates";
  }
  return "unknown";
}

// Why quotes and picks were left out (each counted once, at the first limit it failed).
struct GenerationCounts {
  std::size_t short_without_delta = 0;       // short-side quotes with no (or zero) delta
  std::size_t short_delta_out_of_range = 0;  // |delta| outside [min, max]
  std::size_t short_inside_implied_move = 0;
  std::size_t short_illiquid = 0;             // short-leg quotes at REJECT tier
  std::size_t missing_long_strike = 0;        // no strike one wing width away
  std::size_t below_min_credit = 0;           // verticals and butterflies
  std::size_t condor_unpaired = 0;            // put spreads without a call spread to pair with
  std::size_t butterfly_no_implied_move = 0;  // butterflies skipped: implied move 0
  std::size_t no_risk_or_profit = 0;          // payoffs that cannot lose or cannot gain
  std::size_t capped = 0;                     // picks beyond max_candidates
  std::size_t pruned = 0;  // generate_top_candidates: candidates whose score bound ruled them out
};

struct GenerationResult {
  GenerationStatus status = GenerationStatus::no_candidates;
  std::string message;                // why, when not ok
  std::vector<Candidate> candidates;  // deterministic order (see the synopsis)
  std::size_t picks_found = 0;        // qualifying picks before the cap
  GenerationCounts counts;

  [[nodiscard]] bool ok() const noexcept { return status == GenerationStatus::ok; }
  [[nodiscard]] bool truncated() const noexcept { return counts.capped > 0; }
  // The candidates generate_candidates returns: the analysed ones plus those pruned unanalysed.
  [[nodiscard]] std::size_t generated() const noexcept { return candidates.size() + counts.pruned; }
};

namespace detail {

// One quote of a side of the expiration, prepared once.
struct GenEntry {
  Strike strike;
  std::size_t quote_index = 0;
  Money mid;
  std::optional<double> delta;
  bool short_ok = false;  // passes the short-leg limits (delta, implied move, liquidity)
};

// A picked strategy before its analysis: kind, legs (2 or 4), credit, priority.
struct GenPick {
  StrategyKind kind = StrategyKind::custom;
  std::array<PickedLeg, 4> legs{};
  std::size_t leg_count = 0;
  double priority = 0.0;  // smaller is kept first under the cap
  double legacy_pop = 0.0;
  double short_abs_delta = 0.0;  // verticals: for the condor pairing
  std::int64_t width_ticks = 0;

  [[nodiscard]] std::span<const PickedLeg> leg_span() const noexcept {
    return {legs.data(), leg_count};
  }
  // Canonical order: kind, then the strikes of the legs in leg order. Unique per pick.
  [[nodiscard]] auto key() const noexcept {
    std::array<std::int64_t, 4> ks{};
    for (std::size_t i = 0; i < leg_count; ++i) ks[i] = legs[i].strike.ticks();
    return std::tuple(static_cast<int>(kind), ks);
  }
  // key() < other.key(), without building the keys (the final sort compares ~n log n times).
  [[nodiscard]] bool key_before(const GenPick& other) const noexcept {
    if (kind != other.kind) return static_cast<int>(kind) < static_cast<int>(other.kind);
    for (std::size_t i = 0; i < legs.size(); ++i) {
      const std::int64_t a = i < leg_count ? legs[i].strike.ticks() : 0;
      const std::int64_t b = i < other.leg_count ? other.legs[i].strike.ticks() : 0;
      if (a != b) return a < b;
    }
    return false;
  }
};

[[nodiscard]] inline std::int64_t width_ticks(Money w) noexcept {
  return static_cast<std::int64_t>(
      std::llround(w.dollars() * static_cast<double>(Strike::ticks_per_dollar)));
}

[[nodiscard]] inline const GenEntry* find_entry(std::span<const GenEntry> side,
                                                std::int64_t ticks) noexcept {
  const auto it =
      std::lower_bound(side.begin(), side.end(), ticks,
                       [](const GenEntry& e, std::int64_t t) { return e.strike.ticks() < t; });
  return it != side.end() && it->strike.ticks() == ticks ? &*it : nullptr;
}

}  // namespace detail

namespace detail {

// The kept picks of ctx.expiration in generator order (capped, sorted by key) into `picks`, and
// the analysis environment; nullopt (out.status and out.message set) when the expiration is
// unusable. Counts every pick left out in out.counts. `options` validated by the caller.
[[nodiscard]] inline std::optional<AnalysisEnv> collect_picks(const GeneratorContext& ctx,
                                                              const GeneratorOptions& options,
                                                              GenerationResult& out,
                                                              std::vector<GenPick>& picks) {
  const auto prepared = detail::prepare(ctx, options.analysis);
  if (!prepared.env) {
    switch (prepared.reason) {
      case NoCandidateReason::expiration_not_in_chain:
        out.status = GenerationStatus::expiration_not_in_chain;
        break;
      case NoCandidateReason::expired: out.status = GenerationStatus::expired; break;
      default: out.status = GenerationStatus::no_volatility; break;
    }
    out.message = prepared.message;
    return std::nullopt;
  }
  const OptionChain& chain = ctx.chain();
  const ExpirationView view = *chain.expiration(ctx.expiration);
  const double s = ctx.spot().dollars();
  const double im = ctx.implied_move_dollars();
  const AnalysisOptions& ao = options.analysis;
  GenerationCounts& counts = out.counts;

  // Per-side tables, ascending by strike.
  std::vector<detail::GenEntry> puts, calls;
  puts.reserve(view.strikes().size());
  calls.reserve(view.strikes().size());
  for (const Strike k : view.strikes()) {
    for (const OptionRight right : {OptionRight::put, OptionRight::call}) {
      const auto i = view.quote_index(k, right);
      if (!i) continue;
      detail::GenEntry e{.strike = k,
                         .quote_index = *i,
                         .mid = mid(chain.quotes()[*i]),
                         .delta = detail::quote_delta(ctx.greeks, *i, options.delta_source),
                         .short_ok = false};
      (right == OptionRight::put ? puts : calls).push_back(e);
    }
  }
  const auto liquid = [&](std::size_t quote_index) {
    if (!options.exclude_rejected_liquidity) return true;
    return detail::short_leg_liquidity(chain.quotes()[quote_index], ao.liquidity,
                                       ao.liquidity_policy)
               .tier != LiquidityTier::reject;
  };
  const bool want_verticals =
      options.kinds.bull_put_spread || options.kinds.bear_call_spread || options.kinds.iron_condor;
  if (want_verticals) {
    for (auto* side : {&puts, &calls}) {
      const bool put = side == &puts;
      for (auto& e : *side) {
        if (!e.delta || *e.delta == 0.0) {
          ++counts.short_without_delta;
          continue;
        }
        const double d = std::fabs(*e.delta);
        if (d < options.min_short_delta || d > options.max_short_delta) {
          ++counts.short_delta_out_of_range;
          continue;
        }
        const double k = e.strike.dollars();
        if (options.short_outside_implied_move && !(put ? k < s - im : k > s + im)) {
          ++counts.short_inside_implied_move;
          continue;
        }
        if (!liquid(e.quote_index)) {
          ++counts.short_illiquid;
          continue;
        }
        e.short_ok = true;
      }
    }
  }

  // WingWidths' capacity: no allocation.
  boost::container::static_vector<std::int64_t, WingWidths::static_capacity> widths;
  for (const Money w : options.wing_widths) widths.push_back(detail::width_ticks(w));
  std::sort(widths.begin(), widths.end());

  // Verticals of one side in key order: ascending by short strike, then by long strike (widths
  // descending for puts, ascending for calls).
  const auto verticals = [&](const std::vector<detail::GenEntry>& side, OptionRight right,
                             std::vector<detail::GenPick>& into) {
    const bool put = right == OptionRight::put;
    const StrategyKind kind = put ? StrategyKind::bull_put_spread : StrategyKind::bear_call_spread;
    for (const auto& e : side) {
      if (!e.short_ok) continue;
      for (std::size_t j = 0; j < widths.size(); ++j) {
        const std::int64_t w = widths[put ? widths.size() - 1 - j : j];
        const std::int64_t long_ticks = put ? e.strike.ticks() - w : e.strike.ticks() + w;
        const detail::GenEntry* l = long_ticks > 0 ? detail::find_entry(side, long_ticks) : nullptr;
        if (l == nullptr) {
          ++counts.missing_long_strike;
          continue;
        }
        if (!detail::credit_meets_minimum(e.mid - l->mid, options.min_credit,
                                          abs(e.mid) + abs(l->mid))) {
          ++counts.below_min_credit;
          continue;
        }
        detail::GenPick p;
        p.kind = kind;
        p.legs[0] = PickedLeg{right, e.strike, Side::sell, e.quote_index};
        p.legs[1] = PickedLeg{right, l->strike, Side::buy, l->quote_index};
        p.leg_count = 2;
        p.short_abs_delta = std::fabs(*e.delta);
        p.priority = std::fabs(p.short_abs_delta - options.preferred_short_delta);
        p.legacy_pop = legacy_vertical_pop(e.delta);
        p.width_ticks = w;
        into.push_back(p);
      }
    }
  };
  // Each short strike pairs with at most one long per width: reserved once, so the pick tables
  // cost a constant number of allocations whatever the strike count.
  const auto shorts = [](const std::vector<detail::GenEntry>& side) {
    return static_cast<std::size_t>(
        std::count_if(side.begin(), side.end(), [](const auto& e) { return e.short_ok; }));
  };
  std::vector<detail::GenPick> put_spreads, call_spreads;
  if (want_verticals) {
    put_spreads.reserve(shorts(puts) * widths.size());
    call_spreads.reserve(shorts(calls) * widths.size());
    verticals(puts, OptionRight::put, put_spreads);
    verticals(calls, OptionRight::call, call_spreads);
  }
  // Upper bounds: verticals, one condor per put spread, centres × widths butterflies.
  std::size_t centres = 0;
  if (options.kinds.iron_butterfly) {
    const auto atm = view.atm_strike();
    const double band = options.butterfly_center_band.fraction() * s;
    for (const auto& c0 : calls) {
      if (std::fabs(c0.strike.dollars() - s) <= band || (atm && *atm == c0.strike)) ++centres;
    }
  }
  picks.reserve((options.kinds.bull_put_spread ? put_spreads.size() : 0) +
                (options.kinds.bear_call_spread ? call_spreads.size() : 0) +
                (options.kinds.iron_condor ? put_spreads.size() : 0) + centres * widths.size());
  if (options.kinds.bull_put_spread)
    picks.insert(picks.end(), put_spreads.begin(), put_spreads.end());
  if (options.kinds.bear_call_spread) {
    picks.insert(picks.end(), call_spreads.begin(), call_spreads.end());
  }

  // Condors: the call spreads sorted by (width, |delta|, short strike); each put spread takes
  // the call spread of its width with the nearest |delta|. In put-spread order, so in key order.
  if (options.kinds.iron_condor) {
    std::vector<const detail::GenPick*> by_delta;
    by_delta.reserve(call_spreads.size());
    for (const auto& c : call_spreads) by_delta.push_back(&c);
    std::sort(by_delta.begin(), by_delta.end(),
              [](const detail::GenPick* a, const detail::GenPick* b) {
                return std::tuple(a->width_ticks, a->short_abs_delta, a->legs[0].strike) <
                       std::tuple(b->width_ticks, b->short_abs_delta, b->legs[0].strike);
              });
    for (const auto& p : put_spreads) {
      const std::int64_t w = p.width_ticks;
      const auto lo = std::lower_bound(
          by_delta.begin(), by_delta.end(), w,
          [](const detail::GenPick* c, std::int64_t width) { return c->width_ticks < width; });
      const auto hi = std::upper_bound(
          lo, by_delta.end(), w,
          [](std::int64_t width, const detail::GenPick* c) { return width < c->width_ticks; });
      const auto it = std::lower_bound(
          lo, hi, p.short_abs_delta,
          [](const detail::GenPick* c, double d) { return c->short_abs_delta < d; });
      const detail::GenPick* best = nullptr;
      if (it != hi) best = *it;
      if (it != lo) {
        const detail::GenPick* below = *(it - 1);
        // A tie goes to the smaller |delta| (the further-out call).
        if (best == nullptr || p.short_abs_delta - below->short_abs_delta <=
                                   best->short_abs_delta - p.short_abs_delta) {
          best = below;
        }
      }
      if (best == nullptr || !(p.legs[0].strike < best->legs[0].strike)) {
        ++counts.condor_unpaired;
        continue;
      }
      detail::GenPick c;
      c.kind = StrategyKind::iron_condor;
      c.legs = {p.legs[0], p.legs[1], best->legs[0], best->legs[1]};
      c.leg_count = 4;
      c.priority = 0.5 * (p.priority + best->priority);
      const auto put_delta =
          detail::quote_delta(ctx.greeks, p.legs[0].quote_index, options.delta_source);
      const auto call_delta =
          detail::quote_delta(ctx.greeks, best->legs[0].quote_index, options.delta_source);
      c.legacy_pop = legacy_condor_pop(put_delta, call_delta);
      c.width_ticks = w;
      picks.push_back(c);
    }
  }

  // Butterflies: centres near the spot with a call and a put; symmetric wings.
  if (options.kinds.iron_butterfly) {
    const auto atm = view.atm_strike();
    const double band = options.butterfly_center_band.fraction() * s;
    for (const auto& c0 : calls) {
      const Strike k0 = c0.strike;
      if (!(std::fabs(k0.dollars() - s) <= band || (atm && *atm == k0))) continue;
      const detail::GenEntry* p0 = detail::find_entry(puts, k0.ticks());
      if (p0 == nullptr) continue;
      if (options.exclude_rejected_liquidity &&
          (!liquid(c0.quote_index) || !liquid(p0->quote_index))) {
        ++counts.short_illiquid;
        continue;
      }
      if (!(ctx.implied_move.fraction() > 0.0)) {
        ++counts.butterfly_no_implied_move;
        continue;
      }
      for (const std::int64_t w : widths) {
        const detail::GenEntry* cw = detail::find_entry(calls, k0.ticks() + w);
        const detail::GenEntry* pw =
            k0.ticks() - w > 0 ? detail::find_entry(puts, k0.ticks() - w) : nullptr;
        if (cw == nullptr || pw == nullptr) {
          ++counts.missing_long_strike;
          continue;
        }
        const Money credit = c0.mid + p0->mid - cw->mid - pw->mid;
        if (!detail::credit_meets_minimum(
                credit, options.min_credit,
                abs(c0.mid) + abs(p0->mid) + abs(cw->mid) + abs(pw->mid))) {
          ++counts.below_min_credit;
          continue;
        }
        detail::GenPick b;
        b.kind = StrategyKind::iron_butterfly;
        b.legs = {PickedLeg{OptionRight::call, k0, Side::sell, c0.quote_index},
                  PickedLeg{OptionRight::put, k0, Side::sell, p0->quote_index},
                  PickedLeg{OptionRight::call, cw->strike, Side::buy, cw->quote_index},
                  PickedLeg{OptionRight::put, pw->strike, Side::buy, pw->quote_index}};
        b.leg_count = 4;
        b.priority = c0.delta ? std::fabs(std::fabs(*c0.delta) - 0.5) : 1.0;
        b.legacy_pop = legacy_butterfly_pop(credit, ctx.spot(), ctx.implied_move,
                                            options.legacy_butterfly_pop);
        b.width_ticks = w;
        picks.push_back(b);
      }
    }
  }

  out.picks_found = picks.size();
  // The cap: keep the max_candidates picks of smallest (priority, key); a total order, so the
  // kept set does not depend on the input order.
  const auto by_priority = [](const detail::GenPick& a, const detail::GenPick& b) {
    return std::tuple(a.priority, a.key()) < std::tuple(b.priority, b.key());
  };
  if (picks.size() > options.max_candidates) {
    const auto cap = static_cast<std::ptrdiff_t>(options.max_candidates);
    std::nth_element(picks.begin(), picks.begin() + cap - 1, picks.end(), by_priority);
    counts.capped = picks.size() - options.max_candidates;
    picks.resize(options.max_candidates);
  }
  // Generated in key order (each kind's loops above); the cap's selection is not.
  const auto by_key = [](const detail::GenPick& a, const detail::GenPick& b) {
    return a.key_before(b);
  };
  if (!std::is_sorted(picks.begin(), picks.end(), by_key)) {
    std::sort(picks.begin(), picks.end(), by_key);
  }
  return prepared.env;
}

// The status and message once the candidates are in.
inline void finish(const GeneratorContext& ctx, GenerationResult& out) {
  if (!out.candidates.empty()) {
    out.status = GenerationStatus::ok;
    return;
  }
  const GenerationCounts& counts = out.counts;
  out.status = GenerationStatus::no_candidates;
  out.message = fmt::format(
      "expiration {}: no candidate within the limits ({} short quotes without delta, {} "
      "outside the delta range, {} inside the implied move, {} illiquid; {} missing long "
      "strikes, {} below the minimum credit, {} without risk or profit)",
      detail::iso_date(ctx.expiration.date()), counts.short_without_delta,
      counts.short_delta_out_of_range, counts.short_inside_implied_move, counts.short_illiquid,
      counts.missing_long_strike, counts.below_min_credit, counts.no_risk_or_profit);
}

}  // namespace detail

// All candidates of ctx.expiration within the options' limits (see the synopsis).
[[nodiscard]] inline GenerationResult generate_candidates(const GeneratorContext& ctx,
                                                          const GeneratorOptions& options = {}) {
  options.validate();
  GenerationResult out;
  std::vector<detail::GenPick> picks;
  const auto env = detail::collect_picks(ctx, options, out, picks);
  if (!env) return out;
  out.candidates.reserve(picks.size());
  for (const auto& p : picks) {
    BuildResult r =
        detail::analyze(p.kind, p.leg_span(), p.legacy_pop, *env, /*describe_failure=*/false);
    if (!r.candidate) {
      ++out.counts.no_risk_or_profit;
      continue;
    }
    out.candidates.push_back(std::move(*r.candidate));
  }
  detail::finish(ctx, out);
  return out;
}

// The candidates of generate_candidates(ctx, options) that can be among the `keep` best under
// `total`, given a bound: `upper_bound(const CandidateOutline&) -> double` must be >= `total(const
// Candidate&) -> double` of the candidate each outline completes to, for every pick
// (scoring_policy.hpp's score_upper_bound). "Best" is the scorer's order: higher total, then
// earlier in generator order.
// Every pick gets the cheap stage (builders.hpp, outline) and its bound. The picks are then
// visited by descending bound, ties in generator order. A visited pick gets its contracts (the
// sizing rule fed with its POP, computed now) and its bound again with them, and is fully
// analysed and totalled unless that bound is out of reach. The visit stops at the first pick
// out of reach: once `keep` candidates are analysed, a bound below the worst kept total, or
// equal to it on a later pick (the scorer keeps the earlier of two equal totals). Every pick
// left then ranks after `keep` analysed candidates whatever its analysis would give, so the
// analysed candidates hold the exhaustive top `keep`, and equal bounds are analysed in the order
// that decides the ties.
// Result: `candidates` holds the analysed candidates only, in generator order (each identical
// to its generate_candidates counterpart), `counts.pruned` the other candidates (generated() =
// both); status, message, picks_found and the other counts are generate_candidates'. Ranking
// `candidates` by `total` (ties by position) gives the same top `keep` as ranking all.
// Cost: the cheap stage and the bound of every pick, a heap of the bounds, and for each visited
// pick the cheap stage again (outlines are not kept), its sizing POP and bound, and the expensive
// stage when it stays in reach. Allocations: those of generate_candidates plus two (the bounds,
// the analysed candidates in visit order), one more with a dominance test (every pick's payoff)
// and, for keep > 16, another (the keep best totals), whatever the counts.
// Rank keys and dominance (the scorer's order, scoring/rank_order.hpp and dominance.hpp):
// `total` may return, instead of a double, a key with a double member `total` and
// `ranks_before(a, b)` found by lookup (a strict weak order; generator order breaks what it
// leaves equal); a bound equal to the worst kept total is then still in reach (the later keys
// may win). `dominated(const PayoffProfile& of, std::span<const PayoffProfile> all) -> bool`,
// when given, says whether a payoff is dominated within `all`, every pick's payoff (kept for
// it: one more allocation): an analysed candidate that would enter the best `keep` and is
// dominated is dropped (counted in counts.pruned), as the scorer drops it from the full set.
// Errors: as generate_candidates; keep = 0 is InvalidInput. The callables' exceptions propagate.
struct NoDominanceTest {};

namespace detail {

template <class K>
[[nodiscard]] double key_total(const K& k) noexcept {
  if constexpr (std::is_arithmetic_v<K>) {
    return static_cast<double>(k);
  } else {
    return k.total;
  }
}

// Whether key a ranks before key b (higher double first, or the key's own ranks_before).
template <class K>
[[nodiscard]] bool key_before(const K& a, const K& b) noexcept {
  if constexpr (std::is_arithmetic_v<K>) {
    return a > b;
  } else {
    return ranks_before(a, b);
  }
}

}  // namespace detail

template <class UpperBound, class Total, class Dominated = NoDominanceTest>
[[nodiscard]] GenerationResult generate_top_candidates(const GeneratorContext& ctx,
                                                       const GeneratorOptions& options,
                                                       std::size_t keep, UpperBound&& upper_bound,
                                                       Total&& total, Dominated&& dominated = {}) {
  using Key = std::remove_cvref_t<decltype(total(std::declval<const Candidate&>()))>;
  constexpr bool test_dominance = !std::is_same_v<std::remove_cvref_t<Dominated>, NoDominanceTest>;
  options.validate();
  if (keep == 0) detail::throw_invalid(ErrorCode::out_of_range, "keep", keep, "must be positive");
  GenerationResult out;
  std::vector<detail::GenPick> picks;
  const auto env = detail::collect_picks(ctx, options, out, picks);
  if (!env) return out;

  struct Bounded {
    double bound = 0.0;
    std::size_t pick = 0;  // into picks: generator order
    std::size_t slot = 0;  // into visited, once analysed
  };
  std::vector<Bounded> order;
  order.reserve(picks.size());
  std::vector<PayoffProfile> payoffs;  // every pick's, for the dominance test
  if constexpr (test_dominance) payoffs.reserve(picks.size());
  detail::OutlineFailure failure;
  for (std::size_t i = 0; i < picks.size(); ++i) {
    const detail::GenPick& p = picks[i];
    const auto bound = [&](const CandidateOutline& o) {
      order.push_back({static_cast<double>(upper_bound(o)), i, 0});
      if constexpr (test_dominance) payoffs.push_back(o.payoff);
    };
    if (!detail::outline(p.kind, p.leg_span(), p.legacy_pop, *env, failure, bound,
                         /*describe_failure=*/false)) {
      ++out.counts.no_risk_or_profit;
    }
  }

  // A max-heap whose top is the next to visit: the highest bound, then the first pick.
  const auto visited_later = [](const Bounded& a, const Bounded& b) {
    return a.bound < b.bound || (a.bound == b.bound && a.pick > b.pick);
  };
  std::make_heap(order.begin(), order.end(), visited_later);
  std::vector<Candidate> visited;
  visited.reserve(order.size());
  // The keep best analysed (total, pick) so far, ranked as the scorer ranks (higher total,
  // then earlier pick), in a heap whose top is the worst of them (inline up to 16: the usual
  // top 3 or 10 allocate nothing).
  struct Kept {
    Key key{};
    std::size_t pick = 0;
  };
  const auto kept_before = [](const Kept& a, const Kept& b) {
    return detail::key_before(a.key, b.key) ||
           (!detail::key_before(b.key, a.key) && a.pick < b.pick);
  };
  boost::container::small_vector<Kept, 16> best;
  best.reserve(std::min(keep, order.size()));
  // Whether a pick bounded by `bound` can still enter: an analysed pick at most at its bound
  // ranks after the worst kept one when the bound is below that total, or equal to it with a
  // later pick (the scorer keeps the earlier of two equal totals).
  const auto out_of_reach = [&](double bound, std::size_t pick) {
    if (best.size() != keep) return false;
    const double worst = detail::key_total(best.front().key);
    if constexpr (std::is_arithmetic_v<Key>) {
      return bound < worst || (bound == worst && pick > best.front().pick);
    } else {
      static_cast<void>(pick);
      return bound < worst;
    }
  };
  constexpr std::size_t not_analysed = std::numeric_limits<std::size_t>::max();
  std::size_t refined_out = 0;
  auto end = order.end();
  while (end != order.begin()) {
    // Every pick left has a bound at most this one's, and an equal bound a later pick.
    if (out_of_reach(order.front().bound, order.front().pick)) break;
    std::pop_heap(order.begin(), end, visited_later);
    --end;
    end->slot = not_analysed;
    const detail::GenPick& p = picks[end->pick];
    const auto analyse = [&](const CandidateOutline& o) {
      // The bound again with the contracts the sizing rule will choose (its POP computed now):
      // a pick that its contract range alone kept in the race is often out of it.
      if (best.size() == keep && !o.contracts.exact()) {
        CandidateOutline sized = o;
        const std::int32_t n = detail::exact_contracts(o, *env->options);
        sized.contracts = {n, n};
        if (out_of_reach(static_cast<double>(upper_bound(std::as_const(sized))), end->pick)) {
          ++refined_out;
          return;
        }
      }
      visited.push_back(detail::complete(o, *env));
      end->slot = visited.size() - 1;
    };
    [[maybe_unused]] const bool built = detail::outline(
        p.kind, p.leg_span(), p.legacy_pop, *env, failure, analyse, /*describe_failure=*/false);
    IVCRUSH_ASSERT(built, "the cheap stage is deterministic");
    if (end->slot == not_analysed) continue;
    const Kept k{total(std::as_const(visited.back())), end->pick};
    const bool enters = best.size() < keep || kept_before(k, best.front());
    if constexpr (test_dominance) {
      if (enters && dominated(std::as_const(visited.back()).payoff,
                              std::span<const PayoffProfile>(payoffs))) {
        visited.pop_back();
        end->slot = not_analysed;
        ++refined_out;
        continue;
      }
    }
    if (best.size() < keep) {
      best.push_back(k);
      std::push_heap(best.begin(), best.end(), kept_before);
    } else if (enters) {
      std::pop_heap(best.begin(), best.end(), kept_before);
      best.back() = k;
      std::push_heap(best.begin(), best.end(), kept_before);
    }
  }
  out.counts.pruned = static_cast<std::size_t>(end - order.begin()) + refined_out;
  std::sort(end, order.end(), [](const Bounded& a, const Bounded& b) { return a.pick < b.pick; });
  out.candidates.reserve(visited.size());
  for (auto it = end; it != order.end(); ++it) {
    if (it->slot != not_analysed) out.candidates.push_back(std::move(visited[it->slot]));
  }
  detail::finish(ctx, out);
  return out;
}

}  // namespace ivcrush::inline v0
