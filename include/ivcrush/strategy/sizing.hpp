// ivcrush/strategy/sizing.hpp: how many contracts to trade.
//
//   const SizingInputs in{.max_profit_per_contract = Money::dollars(150),
//                         .max_loss_per_contract = Money::dollars(350),
//                         .probability_of_profit = 0.75};   // say which POP: model, empirical...
//   ev_kelly_contracts(in);          // the original's EV-scaled quarter-Kelly: 8
//   kelly_fraction(in);              // the full Kelly fraction of the bankroll at risk
//   kelly_contracts(in, {.bankroll = Money::dollars(100'000), .fraction = 0.5});
//   fixed_contracts(in.max_loss_per_contract, {});   // budget / max loss: 57
//
// The inputs are explicit: the max profit and max loss of one contract of the position (one
// spread, one condor) as positive amounts, and a probability of profit whose source (model,
// empirical, legacy delta proxy) the caller chooses. Every result is capped so that
// contracts × max loss never exceeds the risk budget (the original returned its minimum of one
// contract even when one contract alone exceeded the budget); when a single contract exceeds
// it the answer is 0.
// ev_kelly_contracts reproduces the original (domain-spec §3.9): base = budget / max loss,
// scaled by the Kelly fraction (0.25), a POP scale and an EV scale, floored and clamped to
// [min_contracts, max_contracts]; a trade whose EV is below −2 % of its max loss gets
// min_contracts (1 by default, as the original; set 0 to skip such trades).
// Errors: a probability outside [0, 1], a non-positive max loss, non-finite amounts or invalid
// options throw InvalidInput naming the field.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/detail/validate.hpp"

namespace ivcrush::inline v0 {

struct SizingInputs {
  Money max_profit_per_contract;  // > 0 for a trade worth sizing
  Money max_loss_per_contract;    // a positive amount
  double probability_of_profit = 0.0;
};

struct SizingLimits {
  Money risk_budget = Money::dollars(20'000);  // the most the position may lose in total
  std::int32_t min_contracts = 1;
  std::int32_t max_contracts = 100;
};

struct EvKellyOptions {
  SizingLimits limits;
  double kelly_fraction = 0.25;  // quarter Kelly
};

struct KellyOptions {
  Money bankroll = Money::dollars(100'000);
  double fraction = 0.5;  // of the full Kelly stake (0.5 = half Kelly)
  SizingLimits limits;
};

namespace detail {

inline void validate(const SizingInputs& in) {
  require_finite("max profit per contract", in.max_profit_per_contract.dollars());
  require_finite("max loss per contract", in.max_loss_per_contract.dollars());
  if (!(in.max_loss_per_contract.dollars() > 0.0)) {
    throw_invalid(ErrorCode::out_of_range, "max loss per contract",
                  in.max_loss_per_contract.dollars(), "must be positive (a loss as an amount)");
  }
  if (!(in.probability_of_profit >= 0.0 && in.probability_of_profit <= 1.0)) {
    throw_invalid(ErrorCode::out_of_range, "probability of profit", in.probability_of_profit,
                  "must be in [0, 1]");
  }
}

inline void validate(const SizingLimits& l) {
  require_non_negative("risk budget", l.risk_budget.dollars());
  if (l.min_contracts < 0) {
    throw_invalid(ErrorCode::negative, "min contracts", l.min_contracts, "must not be negative");
  }
  if (l.max_contracts < l.min_contracts) {
    throw_invalid(ErrorCode::out_of_range, "max contracts", l.max_contracts,
                  fmt::format("must be at least min contracts {}", l.min_contracts));
  }
}

inline void require_fraction(std::string_view field, double f) {
  if (!(f > 0.0 && f <= 1.0)) throw_invalid(ErrorCode::out_of_range, field, f, "must be in (0, 1]");
}

// Clamp to [min, max], then never above what the budget affords.
[[nodiscard]] inline std::int32_t limit(double contracts, const SizingInputs& in,
                                        const SizingLimits& l) noexcept {
  const double affordable =
      std::floor(l.risk_budget.dollars() / in.max_loss_per_contract.dollars());
  double n = std::clamp(std::floor(contracts), static_cast<double>(l.min_contracts),
                        static_cast<double>(l.max_contracts));
  n = std::min(n, affordable);
  return static_cast<std::int32_t>(std::max(n, 0.0));
}

}  // namespace detail

// The full Kelly fraction of the amount at risk for a bet that wins max profit with probability
// p and loses max loss otherwise: f* = p − (1 − p) / b with b = max profit / max loss. It is
// negative for a trade with negative expectation (do not trade).
[[nodiscard]] inline double kelly_fraction(const SizingInputs& in) {
  detail::validate(in);
  const double b = in.max_profit_per_contract / in.max_loss_per_contract;
  if (!(b > 0.0)) return -1.0;  // no possible profit: never bet
  return in.probability_of_profit - (1.0 - in.probability_of_profit) / b;
}

// Plain fractional Kelly: contracts = floor(fraction × f* × bankroll / max loss), limited.
[[nodiscard]] inline std::int32_t kelly_contracts(const SizingInputs& in,
                                                  const KellyOptions& options = {}) {
  detail::validate(options.limits);
  detail::require_non_negative("bankroll", options.bankroll.dollars());
  detail::require_fraction("kelly fraction", options.fraction);
  const double f = kelly_fraction(in);
  if (f <= 0.0) return 0;
  const double stake = options.fraction * f * options.bankroll.dollars();
  return detail::limit(stake / in.max_loss_per_contract.dollars(), in, options.limits);
}

// The original's EV-scaled fractional Kelly (domain-spec §3.9), with the risk-budget cap.
[[nodiscard]] inline std::int32_t ev_kelly_contracts(const SizingInputs& in,
                                                     const EvKellyOptions& options = {}) {
  detail::validate(in);
  detail::validate(options.limits);
  detail::require_fraction("kelly fraction", options.kelly_fraction);
  const double max_profit = in.max_profit_per_contract.dollars();
  const double max_loss = in.max_loss_per_contract.dollars();
  const double p = in.probability_of_profit;
  if (max_profit <= 0.0) return detail::limit(options.limits.min_contracts, in, options.limits);
  const double ev = p * max_profit - (1.0 - p) * max_loss;
  const double ev_ratio = ev / max_loss;
  if (ev_ratio < -0.02) return detail::limit(options.limits.min_contracts, in, options.limits);
  const double base = options.limits.risk_budget.dollars() / max_loss;
  const double pop_scale = p >= 0.90 ? 1.0 : (p >= 0.70 ? 0.5 + (p - 0.70) * 2.5 : 0.3);
  const double ev_scale = ev_ratio >= 0.05  ? 1.0
                          : ev_ratio >= 0.0 ? 0.5 + ev_ratio / 0.05 * 0.5
                                            : 0.3 + (ev_ratio + 0.02) / 0.02 * 0.2;
  return detail::limit(base * options.kelly_fraction * pop_scale * ev_scale, in, options.limits);
}

// Fixed sizing: as many contracts as the budget affords, within [min, max].
[[nodiscard]] inline std::int32_t fixed_contracts(Money max_loss_per_contract,
                                                  const SizingLimits& limits = {}) {
  detail::validate(limits);
  const SizingInputs in{.max_profit_per_contract = Money::zero(),
                        .max_loss_per_contract = max_loss_per_contract,
                        .probability_of_profit = 0.0};
  if (!(max_loss_per_contract.dollars() > 0.0)) {
    detail::require_finite("max loss per contract", max_loss_per_contract.dollars());
    return 0;  // the original: no defined loss, no size
  }
  return detail::limit(limits.risk_budget.dollars() / max_loss_per_contract.dollars(), in, limits);
}

}  // namespace ivcrush::inline v0
