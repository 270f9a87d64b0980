// ivcrush/strategy/payoff.hpp: the exact profit and loss of a position at expiration.
//
//   auto p = PayoffProfile::at_expiration(condor, {.fees = fees});
//   p.pnl_at(Price::dollars(101));   // P/L of the whole position, fees included
//   p.max_profit();                   // {.unbounded = false, .amount = $129.50, .at = ...}
//   p.max_loss();                     // the worst case, or unbounded
//   p.breakevens();                   // every price where P/L crosses or leaves zero, ascending
//   p.profit_intervals();             // where P/L >= min_profit ($0.01 by default)
//
// At expiration every option is worth its intrinsic value, so the P/L of any combination of
// calls, puts and shares is piecewise linear in the underlying price S >= 0 with kinks only at
// the strikes. The profile keeps the P/L at S = 0 and at every strike and the slope beyond the
// highest strike; everything else follows exactly from those (no grid, no formula per strategy
// type). Max profit/loss are taken over [0, ∞): a positive slope beyond the last strike means
// unbounded profit, a negative one unbounded loss. P/L is for the whole position in dollars
// (premiums × quantity × multiplier), minus the fees of the CommissionSchedule.
// Rounding (core/money.hpp): the P/L at the knots is computed in binary floating point from
// decimal strikes and premiums, so an exact 0 (a credit equal to the width) can come out as
// ±1e-13. The profile's tolerance() is rounding_tolerance(scale), scale = Σ over the legs of
// |units| × (highest strike + |premium|) + |fees|, which bounds every term of a knot's sum; a
// knot P/L within it of 0 is stored as exactly 0, and a P/L within it of a level counts as that
// level (profit intervals, where_pnl_at_least/at_most). So a position that cannot lose has
// max_loss().amount == 0 exactly, never a tiny negative that a sizing rule divides by.
// Extremum: the amount is the largest (smallest) knot P/L; `at` is the lowest price where the
// P/L is within tolerance() of it, i.e. the lower end of a flat stretch.
// Breakevens: every price where the P/L changes sign or touches 0 (an isolated zero), and for a
// stretch [a, b] where the P/L is 0 (up to tolerance()) its ends where the P/L leaves 0: a when
// a > 0, b when the stretch is bounded. E.g. an iron butterfly whose credit equals its wing
// width is 0 on [0, K-w], positive between the wings and 0 on [K+w, ∞): breakevens {K-w, K+w}.
// A P/L that is 0 everywhere has no breakeven.
// Complexity: O(L log L) to build for L legs, O(L) per query; no allocation up to 8 strikes.
// Errors: option legs that expire on different dates have no single payoff at expiration:
// InvalidInput (ErrorCode::inconsistent) naming both dates.
#pragma once

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/strategy/commissions.hpp"
#include "ivcrush/strategy/strategy.hpp"

namespace ivcrush::inline v0 {

struct PayoffOptions {
  CommissionSchedule fees;
  // The smallest P/L that counts as a profit (tastytrade's convention: at least $0.01).
  Money min_profit = Money::cents(1);
  // When set, profit intervals are narrowed to the prices on this grid (e.g. $0.01) where the
  // position is in profit, as OptionLab evaluates P/L on a $0.01 price grid. Off by default:
  // the exact continuous intervals.
  std::optional<Money> price_grid;
};

// A maximum or minimum of the P/L over S >= 0.
struct PayoffExtremum {
  bool unbounded = false;
  Money amount;             // meaningful when !unbounded
  std::optional<Price> at;  // the lowest price where it is reached (nullopt when unbounded)
};

// [lower, upper] in underlying price; upper == nullopt means unbounded above.
struct PriceInterval {
  Price lower;
  std::optional<Price> upper;

  [[nodiscard]] bool contains(Price s) const noexcept {
    return s >= lower && (!upper || s <= *upper);
  }
  friend bool operator==(const PriceInterval&, const PriceInterval&) = default;
};

class PayoffProfile {
 public:
  using Prices = boost::container::small_vector<double, 8>;
  using Intervals = boost::container::small_vector<PriceInterval, 3>;

  [[nodiscard]] static PayoffProfile at_expiration(const Strategy& strategy,
                                                   const PayoffOptions& options = {}) {
    options.fees.validate();
    detail::require_finite("min_profit", options.min_profit.dollars());
    if (options.price_grid && !(options.price_grid->dollars() > 0.0)) {
      detail::throw_invalid(ErrorCode::out_of_range, "price_grid", options.price_grid->dollars(),
                            "must be positive");
    }
    require_single_expiration(strategy);

    PayoffProfile p;
    p.fees_ = options.fees.for_position(strategy);
    p.knots_.push_back(0.0);
    for (const auto& leg : strategy.legs()) {
      if (leg.is_option()) p.knots_.push_back(leg.strike().dollars());
    }
    std::sort(p.knots_.begin(), p.knots_.end());
    p.knots_.erase(std::unique(p.knots_.begin(), p.knots_.end()), p.knots_.end());

    // Every term of a knot's sum is at most |units| × (highest strike + |premium|) or the fees.
    double scale = std::fabs(p.fees_.dollars());
    for (const auto& leg : strategy.legs()) {
      scale += std::fabs(leg.signed_units()) *
               (p.knots_.back() + std::fabs(leg.price_per_share().dollars()));
    }
    p.tolerance_ = rounding_tolerance(Money::from_validated(scale)).dollars();
    p.values_.reserve(p.knots_.size());
    for (const double s : p.knots_) {
      const double v = evaluate(strategy, s, p.fees_);
      p.values_.push_back(std::fabs(v) <= p.tolerance_ ? 0.0 : v);  // a rounded zero is zero
    }
    // Beyond the highest strike every call moves one-for-one with S, puts are worthless.
    double slope = 0.0;
    for (const auto& leg : strategy.legs()) {
      if (leg.instrument() != Instrument::put) slope += leg.signed_units();
    }
    p.right_slope_ = slope;
    p.min_profit_ = options.min_profit;
    p.intervals_ = p.region(options.min_profit.dollars(), 1.0);
    if (options.price_grid) p.snap_to_grid(options.price_grid->dollars());
    p.breakevens_ = p.zero_crossings();
    return p;
  }

  // P/L of the position at expiration if the underlying settles at s (fees included).
  [[nodiscard]] Money pnl_at(Price s) const noexcept {
    return Money::from_validated(value_at(s.dollars()));
  }

  [[nodiscard]] PayoffExtremum max_profit() const noexcept {
    if (right_slope_ > 0.0) return {.unbounded = true, .amount = {}, .at = std::nullopt};
    return extremum(1.0);
  }

  // The most negative P/L (a loss is a negative amount); unbounded when the position loses
  // without limit as S rises.
  [[nodiscard]] PayoffExtremum max_loss() const noexcept {
    if (right_slope_ < 0.0) return {.unbounded = true, .amount = {}, .at = std::nullopt};
    return extremum(-1.0);
  }

  // Every price where the P/L crosses, touches or leaves zero, ascending (the rule for
  // stretches of zero P/L is in the header comment).
  [[nodiscard]] std::span<const double> breakevens() const noexcept {
    return {breakevens_.data(), breakevens_.size()};
  }

  // Where the P/L is at least PayoffOptions::min_profit, as disjoint ascending intervals.
  [[nodiscard]] std::span<const PriceInterval> profit_intervals() const noexcept {
    return {intervals_.data(), intervals_.size()};
  }

  // {S >= 0 : P/L(S) >= amount} and {S >= 0 : P/L(S) <= amount}, disjoint and ascending
  // (e.g. where the position keeps at least half its max profit, or loses its max loss).
  [[nodiscard]] Intervals where_pnl_at_least(Money amount) const {
    return region(amount.dollars(), 1.0);
  }
  [[nodiscard]] Intervals where_pnl_at_most(Money amount) const {
    return region(amount.dollars(), -1.0);
  }

  // The kinks: S = 0 and every distinct strike, ascending, with the P/L there.
  [[nodiscard]] std::span<const double> knot_prices() const noexcept {
    return {knots_.data(), knots_.size()};
  }
  [[nodiscard]] std::span<const double> knot_pnls() const noexcept {
    return {values_.data(), values_.size()};
  }
  // dP/L / dS beyond the highest strike, in dollars per dollar of the underlying.
  [[nodiscard]] double slope_beyond_last_strike() const noexcept { return right_slope_; }
  [[nodiscard]] Money fees() const noexcept { return fees_; }
  // The rounding tolerance of this payoff's P/L, in dollars (header comment).
  [[nodiscard]] double tolerance() const noexcept { return tolerance_; }
  [[nodiscard]] Money min_profit() const noexcept { return min_profit_; }

 private:
  PayoffProfile() = default;

  static void require_single_expiration(const Strategy& strategy) {
    std::optional<std::chrono::year_month_day> first;
    for (const auto& leg : strategy.legs()) {
      if (!leg.is_option()) continue;
      if (!first) {
        first = leg.expiration();
      } else if (*first != leg.expiration()) {
        throw InvalidInput(
            ErrorCode::inconsistent,
            fmt::format("expiration = {}: differs from {} (payoff at expiration needs one date)",
                        detail::iso_date(leg.expiration()), detail::iso_date(*first)));
      }
    }
  }

  static double evaluate(const Strategy& strategy, double s, Money fees) noexcept {
    double total = -fees.dollars();
    for (const auto& leg : strategy.legs()) {
      total += leg.signed_units() * (leg.value_per_share_at(s) - leg.price_per_share().dollars());
    }
    return total;
  }

  // Linear interpolation between knots; exact for a piecewise-linear function.
  [[nodiscard]] double value_at(double s) const noexcept {
    const auto n = knots_.size();
    if (s >= knots_[n - 1]) return values_[n - 1] + right_slope_ * (s - knots_[n - 1]);
    const auto hi = static_cast<std::size_t>(std::upper_bound(knots_.begin(), knots_.end(), s) -
                                             knots_.begin());
    const auto lo = hi - 1;
    const double w = (s - knots_[lo]) / (knots_[hi] - knots_[lo]);
    return values_[lo] + w * (values_[hi] - values_[lo]);
  }

  // The largest (sign = +1) or smallest (−1) knot P/L, at the lowest knot within tolerance of
  // it: the knots are ascending, so the first one found is the lower end of a flat stretch.
  [[nodiscard]] PayoffExtremum extremum(double sign) const noexcept {
    double best = sign * values_[0];
    for (const double v : values_) best = std::max(best, sign * v);
    std::size_t i = 0;
    while (sign * values_[i] < best - tolerance_) ++i;
    return {.unbounded = false,
            .amount = Money::from_validated(sign * best + 0.0),  // + 0.0: never -0
            .at = Price::from_validated(knots_[i])};
  }

  // The x in [a, b] where the line through (a, fa), (b, fb) equals t (fa != fb).
  static double cross(double a, double fa, double b, double fb, double t) noexcept {
    return a + (t - fa) * (b - a) / (fb - fa);
  }

  void append(Intervals& out, double lo, std::optional<double> hi) const {
    // Merge with the previous interval when they touch at a knot.
    if (!out.empty() && out.back().upper && out.back().upper->dollars() >= lo) {
      out.back().upper = hi ? std::optional<Price>(Price::from_validated(*hi)) : std::nullopt;
      return;
    }
    out.push_back({Price::from_validated(lo),
                   hi ? std::optional<Price>(Price::from_validated(*hi)) : std::nullopt});
  }

  // {S >= 0 : sign·P/L(S) >= sign·t} as disjoint intervals (sign = +1: at least t; −1: at most t).
  [[nodiscard]] Intervals region(double t, double sign) const {
    Intervals out;
    const auto n = knots_.size();
    const double level = sign * t;
    // A P/L within rounding of the level is the level.
    const auto at = [&](std::size_t i) {
      const double f = sign * values_[i];
      return std::fabs(f - level) <= tolerance_ ? level : f;
    };
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const double a = knots_[i], b = knots_[i + 1];
      const double fa = at(i), fb = at(i + 1);
      if (fa >= level && fb >= level) {
        append(out, a, b);
      } else if (fa >= level) {
        append(out, a, cross(a, fa, b, fb, level));
      } else if (fb >= level) {
        append(out, cross(a, fa, b, fb, level), b);
      }
    }
    const double a = knots_[n - 1], fa = at(n - 1);
    const double slope = sign * right_slope_;
    if (slope > 0.0) {
      append(out, fa >= level ? a : a + (level - fa) / slope, std::nullopt);
    } else if (fa >= level) {
      if (slope == 0.0) {
        append(out, a, std::nullopt);
      } else {
        append(out, a, a + (level - fa) / slope);
      }
    }
    return out;
  }

  // The breakevens (header comment). Knot P/L within rounding of 0 is stored as exactly 0.
  [[nodiscard]] Prices zero_crossings() const {
    Prices out;
    const auto push = [&](double x) {
      if (out.empty() || out.back() < x) out.push_back(x);
    };
    const auto n = knots_.size();
    std::size_t i = 0;
    while (i < n) {
      const double a = knots_[i], fa = values_[i];
      if (fa == 0.0) {
        // A stretch of zero P/L [knots_[i], knots_[j]], unbounded when it runs into a flat tail.
        std::size_t j = i;
        while (j + 1 < n && values_[j + 1] == 0.0) ++j;
        const bool unbounded = j + 1 == n && right_slope_ == 0.0;
        if (i == j && !unbounded) {
          push(a);  // an isolated zero
        } else {
          if (a > 0.0) push(a);
          if (!unbounded) push(knots_[j]);
        }
        i = j + 1;
        continue;
      }
      if (i + 1 < n) {
        const double b = knots_[i + 1], fb = values_[i + 1];
        if ((fa < 0.0 && fb > 0.0) || (fa > 0.0 && fb < 0.0)) push(cross(a, fa, b, fb, 0.0));
      } else if ((fa < 0.0 && right_slope_ > 0.0) || (fa > 0.0 && right_slope_ < 0.0)) {
        push(a - fa / right_slope_);
      }
      ++i;
    }
    return out;
  }

  // Narrows each profit interval to the grid prices inside it; drops intervals with none.
  void snap_to_grid(double grid) {
    constexpr double slack = 1e-9;  // a bound within 1e-9 of a grid price is that price
    Intervals snapped;
    for (const auto& iv : intervals_) {
      const double lo = std::ceil(iv.lower.dollars() / grid - slack) * grid;
      if (!iv.upper) {
        snapped.push_back({Price::from_validated(lo), std::nullopt});
        continue;
      }
      const double hi = std::floor(iv.upper->dollars() / grid + slack) * grid;
      if (hi >= lo) snapped.push_back({Price::from_validated(lo), Price::from_validated(hi)});
    }
    intervals_ = snapped;
  }

  Money fees_;
  Money min_profit_;
  Prices knots_;
  Prices values_;
  double right_slope_ = 0.0;
  double tolerance_ = 0.0;
  Intervals intervals_;
  Prices breakevens_;
};

}  // namespace ivcrush::inline v0
