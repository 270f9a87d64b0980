// ivcrush/pricing/lognormal.hpp: probabilities and partial expectations of a lognormal price.
//
//   const LognormalModel m{.spot = Price::dollars(168.99),
//                          .time = YearFraction::from_years(24.0 / 252.0),
//                          .volatility = Volatility::from_fraction(0.483),
//                          .drift = 0.045};
//   probability_above(m, Price::dollars(164.9)) == 0.5472008423945267
//
// Model: S_T = S·exp((μ - σ²/2)·T + σ·√T·Z), Z standard normal, so E[S_T] = S·e^(μT). The drift μ
// is explicit (annual, continuously compounded, on the same time scale as T): r - q for the
// risk-neutral measure (risk_neutral_drift(r, q)), a real-world estimate, or 0. The time is a
// YearFraction: the caller chose the day count (ACT/365 or trading/252), and with it the
// meaning of σ. Probabilities are relatively accurate in both tails (the side that is small is
// computed directly, never as 1 - p); partial expectations E[S_T·1{a < S_T < b}] are in dollars.
// At T = 0 or σ = 0 the distribution is a point mass at S·e^(μT), counted as below a level equal
// to it; a zero spot is a point mass at 0.
// Errors: InvalidInput for a drift that is not finite or outside [-1, 1], time over 100 years,
// or an interval whose upper end is below its lower end. Cost: two normal cdfs per interval.
#pragma once

#include <cmath>
#include <limits>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/pricing/black_scholes.hpp"
#include "ivcrush/pricing/normal.hpp"

namespace ivcrush::inline v0 {

struct LognormalModel {
  Price spot;
  YearFraction time;
  Volatility volatility;
  double drift = 0.0;  // μ: E[S_T] = S·e^(μT), annual, continuously compounded
};

// The risk-neutral drift r - q.
[[nodiscard]] constexpr double risk_neutral_drift(double rate, double dividend_yield) noexcept {
  return rate - dividend_yield;
}

namespace detail {

inline void validate(const LognormalModel& m) {
  require_rate("drift", m.drift);
  require_pricing_time(m.time);
  require_pricing_volatility(m.volatility);
}

// Standardised log-distance of a level: P(S_T > level) = Φ(z2), E[S_T; S_T > level] = S
// e^{μT}Φ(z1).
struct LevelScores {
  double z2;
  double z1;
};

inline constexpr double infinity = std::numeric_limits<double>::infinity();

[[nodiscard]] inline LevelScores level_scores(const LognormalModel& m, double level) noexcept {
  const double s = m.spot.dollars();
  const double sd = m.volatility.fraction() * m.time.sqrt_years();
  if (s <= 0.0) return {-infinity, -infinity};  // S_T = 0
  if (level <= 0.0) return {infinity, infinity};
  const double m_log = std::log(s / level) + m.drift * m.time.years();  // ln(E[S_T]/level)
  if (!(sd > 0.0)) {
    const double z = m_log > 0.0 ? infinity : -infinity;
    return {z, z};
  }
  return {m_log / sd - 0.5 * sd, m_log / sd + 0.5 * sd};
}

// Φ(za) - Φ(zb) for za >= zb, computed on the side where both are small.
[[nodiscard]] inline double normal_mass_between(double zb, double za) noexcept {
  if (za <= 0.0 || zb < -za) return normal_cdf(za) - normal_cdf(zb);
  return normal_cdf(-zb) - normal_cdf(-za);
}

inline void require_ordered(Price lower, Price upper) {
  if (upper < lower) {
    throw InvalidInput(ErrorCode::inconsistent, fmt::format("upper = {}: is below lower = {}",
                                                            upper.dollars(), lower.dollars()));
  }
}

}  // namespace detail

// P(S_T > level).
[[nodiscard]] inline double probability_above(const LognormalModel& m, Price level) {
  detail::validate(m);
  return normal_cdf(detail::level_scores(m, level.dollars()).z2);
}

// P(S_T < level).
[[nodiscard]] inline double probability_below(const LognormalModel& m, Price level) {
  detail::validate(m);
  return normal_cdf(-detail::level_scores(m, level.dollars()).z2);
}

// P(lower < S_T < upper); upper must not be below lower.
[[nodiscard]] inline double probability_between(const LognormalModel& m, Price lower, Price upper) {
  detail::validate(m);
  detail::require_ordered(lower, upper);
  return detail::normal_mass_between(detail::level_scores(m, upper.dollars()).z2,
                                     detail::level_scores(m, lower.dollars()).z2);
}

// E[S_T·1{S_T > level}] in dollars.
[[nodiscard]] inline double expected_value_above(const LognormalModel& m, Price level) {
  detail::validate(m);
  const double mean = m.spot.dollars() * std::exp(m.drift * m.time.years());
  return mean * normal_cdf(detail::level_scores(m, level.dollars()).z1);
}

// E[S_T·1{S_T < level}] in dollars.
[[nodiscard]] inline double expected_value_below(const LognormalModel& m, Price level) {
  detail::validate(m);
  const double mean = m.spot.dollars() * std::exp(m.drift * m.time.years());
  return mean * normal_cdf(-detail::level_scores(m, level.dollars()).z1);
}

// E[S_T·1{lower < S_T < upper}] in dollars (the partial expectation); upper >= lower.
[[nodiscard]] inline double expected_value_between(const LognormalModel& m, Price lower,
                                                   Price upper) {
  detail::validate(m);
  detail::require_ordered(lower, upper);
  const double mean = m.spot.dollars() * std::exp(m.drift * m.time.years());
  return mean * detail::normal_mass_between(detail::level_scores(m, upper.dollars()).z1,
                                            detail::level_scores(m, lower.dollars()).z1);
}

}  // namespace ivcrush::inline v0
