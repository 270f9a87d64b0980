// ivcrush/earnings/term_structure.hpp: ATM implied volatility across expirations, forward
// variances, and the earnings-event move the term structure implies.
//
//   const ChainGreeks g = compute_chain_greeks(chain, {.rate = 0.05});
//   const TermStructure ts = analyze_term_structure(g);            // our mid IVs
//   for (const TermPoint& p : ts.points) use(p.expiration, p.atm_iv, p.total_variance());
//   ts.shape == TermShape::backwardation;   ts.has_calendar_arbitrage();
//   const EventMove em = implied_event_move(ts, event_expiration);   // or (chain, ivs, event)
//   em.event_sigma->pct();                  // one-day σ of the announcement's move, % of spot
//   em.expected_absolute_move->pct();       // √(2/π)·σ_event
//
// Per expiration (TermPoint): T = as-of to expiry (ACT/365, Expiration::time_to_expiry), the ATM
// strike (the chain's rule: nearest to spot, exact tie -> upper), the ATM IV = the mean of the
// call's and the put's IV there (the one available if only one has an IV; none if neither) and
// the total implied variance w = σ²·T. Expired expirations (T = 0) have no IV.
// Forward variance between consecutive expirations with an IV (ForwardVariance):
//   σ_fwd² = (w2 - w1) / (T2 - T1)   (annualized),
// status calendar_arbitrage when negative (total variance must not fall with maturity; such a
// pair is an arbitrage or bad data) and same_expiry_instant when T2 = T1 (a pre-2015 Saturday
// monthly and the Friday weekly expire together). Slope: the least-squares slope of ATM IV
// (vol points) against T (years) over the points with an IV; TermShape contango when above
// +flat_slope, backwardation below -flat_slope (the usual pre-earnings shape: the front month
// holds the event), flat in between, undetermined with fewer than two IVs.
//
// Event move (implied_event_move). Model: the announcement adds one jump of variance σ_e² to
// every expiration after it, on top of a diffusive variance rate σ_b² that is the same before
// and after the event:
//   w(T) = σ_b²·T' + σ_e²,   T' = max(0, T - δ)   for every expiration after the event,
// where δ (EventMoveOptions::event_day_diffusion_removed, default 0) is diffusive time the event
// day replaces (1/365 if the announcement day's variance is all event; 0 if the jump comes on top
// of a normal day). The first expiration after the event (T1) spans it; the later ones fix the
// base rate, in which the common event variance cancels:
//   next_expiration:    σ_b² = (w2 - w1) / (T2 - T1)  (the forward variance T1 -> T2);
//   later_expirations:  σ_b² = least-squares slope of w against T over expirations 2..n (at
//                       least two; the event expiration itself is left out);
//   σ_e² = σ1²·T1 - σ_b²·T1'.
// σ_e is the standard deviation of the announcement's log move (a one-day σ, as a fraction of
// spot); the expected absolute move is √(2/π)·σ_e (the mean of |N(0, σ_e²)|), comparable to a
// straddle-over-spot implied move. Assumptions: a single event inside the first expiration and
// none in the later ones; the same diffusive rate before, across and after it (no decay of
// post-event uncertainty); ATM IVs stand for total variance (skew and the forward-vs-spot shift
// are ignored); European IVs (chain_greeks.hpp on the American bias). Needs an expiration
// after the event-spanning one; weeklies make this estimate usable.
// Statuses (EventMoveStatus): ok; no_event_expiration (none after the event);
// missing_event_iv; no_later_expiration (too few later expirations with an IV and a later
// expiry instant); negative_base_variance (the later expirations are in calendar arbitrage);
// negative_event_variance (σ_e² <= 0: the front expiration prices no event premium; the
// variance is still reported).
// Errors: InvalidInput for a negative or non-finite flat slope, δ above 7 days.
// Complexity: O(E log K) for E expirations; analyze_term_structure allocates its two vectors.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ivcrush/chain/chain_greeks.hpp"
#include "ivcrush/chain/expiration.hpp"
#include "ivcrush/chain/option_chain.hpp"
#include "ivcrush/config.hpp"
#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

struct TermPoint {
  Expiration expiration;
  YearFraction time;                 // as-of to expiry, ACT/365 (0 when expired)
  std::optional<Strike> atm_strike;  // the chain's ATM strike of this expiration
  std::optional<Volatility> atm_iv;  // see the synopsis

  // σ²·T (dimensionless), when there is an IV.
  [[nodiscard]] std::optional<double> total_variance() const noexcept {
    if (!atm_iv) return std::nullopt;
    return atm_iv->variance() * time.years();
  }
};

enum class ForwardVarianceStatus { ok, calendar_arbitrage, same_expiry_instant };

[[nodiscard]] constexpr std::string_view to_string(ForwardVarianceStatus s) noexcept {
  switch (s) {
    case ForwardVarianceStatus::ok: return "ok";
    case ForwardVarianceStatus::calendar_arbitrage: return "calendar_arbitrage";
    case ForwardVarianceStatus::same_expiry_instant: return "same_expiry_instant";
  }
  return "unknown";
}

// The variance implied between two consecutive expirations (both with an ATM IV).
struct ForwardVariance {
  Expiration from;
  Expiration to;
  ForwardVarianceStatus status = ForwardVarianceStatus::ok;
  double variance_per_year = 0.0;  // (w2 - w1)/(T2 - T1); negative under calendar_arbitrage

  // √σ_fwd², when ok.
  [[nodiscard]] std::optional<Volatility> volatility() const {
    if (status != ForwardVarianceStatus::ok) return std::nullopt;
    return Volatility::from_variance(variance_per_year);
  }
};

enum class TermShape { contango, backwardation, flat, undetermined };

[[nodiscard]] constexpr std::string_view to_string(TermShape s) noexcept {
  switch (s) {
    case TermShape::contango: return "contango";
    case TermShape::backwardation: return "backwardation";
    case TermShape::flat: return "flat";
    case TermShape::undetermined: return "undetermined";
  }
  return "unknown";
}

struct TermStructureOptions {
  // |slope| at or below this (vol points per year) is flat.
  double flat_slope_points_per_year = 0.0;
};

struct TermStructure {
  std::vector<TermPoint> points;          // every expiration of the chain, ascending
  std::vector<ForwardVariance> forwards;  // between consecutive points that have an IV
  std::optional<double> slope_points_per_year;
  TermShape shape = TermShape::undetermined;

  [[nodiscard]] bool has_calendar_arbitrage() const noexcept {
    return std::any_of(forwards.begin(), forwards.end(), [](const ForwardVariance& f) {
      return f.status == ForwardVarianceStatus::calendar_arbitrage;
    });
  }
  [[nodiscard]] const TermPoint* find(Expiration e) const noexcept {
    const auto it =
        std::lower_bound(points.begin(), points.end(), e,
                         [](const TermPoint& p, Expiration x) { return p.expiration < x; });
    return it != points.end() && it->expiration == e ? &*it : nullptr;
  }
};

namespace detail {

// Least-squares slope of ys against xs (n >= 2, xs not all equal).
[[nodiscard]] inline std::optional<double> ls_slope(std::span<const double> xs,
                                                    std::span<const double> ys) noexcept {
  const std::size_t n = xs.size();
  if (n < 2) return std::nullopt;
  double mx = 0.0;
  double my = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) * (xs[i] - mx);
  }
  if (!(sxx > 0.0)) return std::nullopt;
  return sxy / sxx;
}

template <IvProvider P>
[[nodiscard]] TermPoint term_point(const OptionChain& chain, const ExpirationView& view,
                                   const P& ivs) {
  TermPoint p;
  p.expiration = view.expiration();
  p.time = time_to_expiry_or_zero(p.expiration, chain.as_of());
  p.atm_strike = view.atm_strike();
  if (!p.atm_strike || !(p.time.years() > 0.0)) return p;
  const auto ci = view.quote_index(*p.atm_strike, OptionRight::call);
  const auto pi = view.quote_index(*p.atm_strike, OptionRight::put);
  const auto civ = ci ? ivs.iv(chain, *ci) : std::nullopt;
  const auto piv = pi ? ivs.iv(chain, *pi) : std::nullopt;
  if (civ && piv) {
    p.atm_iv = Volatility::from_fraction((civ->fraction() + piv->fraction()) / 2.0);
  } else {
    p.atm_iv = civ ? civ : piv;
  }
  return p;
}

}  // namespace detail

template <IvProvider P>
[[nodiscard]] TermStructure analyze_term_structure(const OptionChain& chain, const P& ivs,
                                                   const TermStructureOptions& options = {}) {
  detail::require_non_negative("flat slope (vol points per year)",
                               options.flat_slope_points_per_year);
  TermStructure ts;
  ts.points.reserve(chain.expirations().size());
  for (const Expiration e : chain.expirations()) {
    ts.points.push_back(detail::term_point(chain, *chain.expiration(e), ivs));
  }
  std::vector<double> times;
  std::vector<double> vols;
  const TermPoint* previous = nullptr;
  for (const TermPoint& p : ts.points) {
    if (!p.atm_iv) continue;
    times.push_back(p.time.years());
    vols.push_back(p.atm_iv->points());
    if (previous != nullptr) {
      ForwardVariance f{previous->expiration, p.expiration, ForwardVarianceStatus::ok, 0.0};
      const double dt = p.time.years() - previous->time.years();
      if (!(dt > 0.0)) {
        f.status = ForwardVarianceStatus::same_expiry_instant;
      } else {
        f.variance_per_year = (*p.total_variance() - *previous->total_variance()) / dt;
        if (f.variance_per_year < 0.0) f.status = ForwardVarianceStatus::calendar_arbitrage;
      }
      ts.forwards.push_back(f);
    }
    previous = &p;
  }
  ts.slope_points_per_year = detail::ls_slope(times, vols);
  if (ts.slope_points_per_year) {
    const double s = *ts.slope_points_per_year;
    const double flat = options.flat_slope_points_per_year;
    ts.shape = s > flat    ? TermShape::contango
               : s < -flat ? TermShape::backwardation
                           : TermShape::flat;
  }
  return ts;
}
[[nodiscard]] inline TermStructure analyze_term_structure(
    const ChainGreeks& greeks, const TermStructureOptions& options = {}) {
  return analyze_term_structure(greeks.chain(), ComputedIvs(greeks), options);
}

// ---------------------------------------------------------------------------------------------
// The event move implied by the term structure.

enum class BaseVarianceSource {
  next_expiration,    // the forward variance from the event expiration to the next one
  later_expirations,  // the least-squares slope of w(T) over all later expirations (2+)
};

enum class EventMoveStatus {
  ok,
  no_event_expiration,
  missing_event_iv,
  no_later_expiration,
  negative_base_variance,
  negative_event_variance,
};

[[nodiscard]] constexpr std::string_view to_string(EventMoveStatus s) noexcept {
  switch (s) {
    case EventMoveStatus::ok: return "ok";
    case EventMoveStatus::no_event_expiration: return "no_event_expiration";
    case EventMoveStatus::missing_event_iv: return "missing_event_iv";
    case EventMoveStatus::no_later_expiration: return "no_later_expiration";
    case EventMoveStatus::negative_base_variance: return "negative_base_variance";
    case EventMoveStatus::negative_event_variance: return "negative_event_variance";
  }
  return "unknown";
}

struct EventMoveOptions {
  BaseVarianceSource base = BaseVarianceSource::next_expiration;
  YearFraction event_day_diffusion_removed;  // δ in the synopsis, at most 7 days
};

struct EventMove {
  EventMoveStatus status = EventMoveStatus::no_event_expiration;
  std::optional<Expiration> event_expiration;        // the first expiration after the event
  std::optional<Volatility> base_volatility;         // √σ_b², when the base rate is >= 0
  std::optional<double> event_total_variance;        // σ_e² (may be <= 0: see status)
  std::optional<Percentage> event_sigma;             // σ_e, one-day σ of the log move, when ok
  std::optional<Percentage> expected_absolute_move;  // √(2/π)·σ_e, when ok

  [[nodiscard]] bool ok() const noexcept { return status == EventMoveStatus::ok; }
};

namespace detail {

inline void validate(const EventMoveOptions& options) {
  constexpr double max_event_day_years = 7.0 / days_per_year_act_365;
  if (options.event_day_diffusion_removed.years() > max_event_day_years) {
    throw_invalid(ErrorCode::out_of_range, "event day diffusion removed (years)",
                  options.event_day_diffusion_removed.years(), "must be at most 7 days");
  }
}

}  // namespace detail

namespace detail {

// implied_event_move over `count` TermPoints in ascending expiration order, point_at(i) giving
// the i-th (a TermStructure's points, or a chain's computed on the fly): no allocation. An index
// and an accessor rather than a views::transform range: clang 14 cannot compile libstdc++ 12's
// transform_view.
template <class PointAt>
[[nodiscard]] EventMove event_move_over(std::size_t count, const PointAt& point_at,
                                        Expiration event_expiration,
                                        const EventMoveOptions& options) {
  validate(options);
  EventMove em;
  em.event_expiration = event_expiration;
  std::optional<TermPoint> first;
  for (std::size_t i = 0; i < count; ++i) {
    const TermPoint p = point_at(i);
    if (p.expiration == event_expiration) {
      first = p;
      break;
    }
  }
  if (!first) return em;  // no_event_expiration
  if (!first->atm_iv) {
    em.status = EventMoveStatus::missing_event_iv;
    return em;
  }
  const double t1 = first->time.years();
  const double w1 = *first->total_variance();
  // Later expirations with an IV and a later expiry instant.
  const auto later = [&](const TermPoint& p) {
    return p.expiration > event_expiration && p.atm_iv && p.time.years() > t1;
  };
  std::optional<double> base;
  if (options.base == BaseVarianceSource::next_expiration) {
    for (std::size_t i = 0; i < count; ++i) {
      const TermPoint p = point_at(i);
      if (!later(p)) continue;
      base = (*p.total_variance() - w1) / (p.time.years() - t1);
      break;
    }
  } else {
    // Least-squares slope of w against T, two passes (the same arithmetic as ls_slope).
    std::size_t n = 0;
    double mx = 0.0;
    double my = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
      const TermPoint p = point_at(i);
      if (!later(p)) continue;
      ++n;
      mx += p.time.years();
      my += *p.total_variance();
    }
    if (n >= 2) {
      mx /= static_cast<double>(n);
      my /= static_cast<double>(n);
      double sxy = 0.0;
      double sxx = 0.0;
      for (std::size_t i = 0; i < count; ++i) {
        const TermPoint p = point_at(i);
        if (!later(p)) continue;
        const double dx = p.time.years() - mx;
        sxy += dx * (*p.total_variance() - my);
        sxx += dx * dx;
      }
      if (sxx > 0.0) base = sxy / sxx;
    }
  }
  if (!base) {
    em.status = EventMoveStatus::no_later_expiration;
    return em;
  }
  if (*base < 0.0) {
    em.status = EventMoveStatus::negative_base_variance;
    return em;
  }
  em.base_volatility = Volatility::from_variance(*base);
  const double t1_diffusive = std::max(0.0, t1 - options.event_day_diffusion_removed.years());
  const double event_variance = w1 - *base * t1_diffusive;
  em.event_total_variance = event_variance;
  if (!(event_variance > 0.0)) {
    em.status = EventMoveStatus::negative_event_variance;
    return em;
  }
  constexpr double sqrt_two_over_pi = 0.79788456080286535588;
  const double sigma = std::sqrt(event_variance);
  em.event_sigma = Percentage::from_fraction(sigma);
  em.expected_absolute_move = Percentage::from_fraction(sqrt_two_over_pi * sigma);
  em.status = EventMoveStatus::ok;
  return em;
}

}  // namespace detail

// The event move from a term structure, with `event_expiration` the first expiration after the
// announcement (OptionChain::first_expiration_after).
[[nodiscard]] inline EventMove implied_event_move(const TermStructure& ts,
                                                  Expiration event_expiration,
                                                  const EventMoveOptions& options = {}) {
  return detail::event_move_over(
      ts.points.size(), [&](std::size_t i) { return ts.points[i]; }, event_expiration, options);
}

// The same from a chain's ATM IVs under `ivs`, read as they are needed: no TermStructure is
// built, nothing is allocated (the analysis's path). Equal to implied_event_move(
// analyze_term_structure(chain, ivs), event_expiration, options).
template <IvProvider P>
[[nodiscard]] EventMove implied_event_move(const OptionChain& chain, const P& ivs,
                                           Expiration event_expiration,
                                           const EventMoveOptions& options = {}) {
  const auto expirations = chain.expirations();
  return detail::event_move_over(
      expirations.size(),
      [&](std::size_t i) {
        return detail::term_point(chain, *chain.expiration(expirations[i]), ivs);
      },
      event_expiration, options);
}

// The same from a chain: its term structure under `ivs`, the event's first expiration. Throws
// InvalidInput when the event is for another symbol (OptionChain::first_expiration_after).
template <IvProvider P>
[[nodiscard]] EventMove implied_event_move(const OptionChain& chain, const P& ivs,
                                           const EarningsEvent& event,
                                           const EventMoveOptions& options = {}) {
  detail::validate(options);
  const auto e = chain.first_expiration_after(event);
  if (!e) return EventMove{};  // no_event_expiration
  return implied_event_move(analyze_term_structure(chain, ivs), *e, options);
}
[[nodiscard]] inline EventMove implied_event_move(const ChainGreeks& greeks,
                                                  const EarningsEvent& event,
                                                  const EventMoveOptions& options = {}) {
  return implied_event_move(greeks.chain(), ComputedIvs(greeks), event, options);
}

}  // namespace ivcrush::inline v0
