// ivcrush/scoring/verdict.hpp: whether the best candidate is a trade at all.
//
//   const TradeVerdict v = trade_verdict(ranking_best, rationale_options_of(policy));
//   v.verdict == Verdict::no_trade;  v.reason == NoTradeReason::non_positive_expectation;
//   no_trade_rationale(best, v);     // "No trade: Iron Condor ranks first, but ..."
//
// The best-ranked candidate is a trade only if both hold:
// - its expected P/L per unit under the policy's own probability (expected_pnl_under: the
//   empirical E[P/L] for an empirical policy with enough moves, the legacy POP's two-outcome
//   expectation for a legacy policy, else the model's), rounded to
//   the cent (half away from zero), is at least $0.01. A zero expectation is no trade: it takes
//   the risk for nothing (E[P/L] of $0.004 rounds to $0.00: no trade; $0.005 rounds to $0.01);
// - the sizing rule gave it at least one contract.
// When both fail, the reason is the expectation (sizing cannot repair it). No candidate at all is
// NoTradeReason::no_candidates. The verdict reads only the best candidate: a lower-ranked trade
// with a positive expectation is not promoted over the policy's choice.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ivcrush/core/money.hpp"
#include "ivcrush/scoring/scoring_policy.hpp"
#include "ivcrush/strategy/candidate.hpp"

namespace ivcrush::inline v0 {

enum class Verdict { trade, no_trade };

enum class NoTradeReason {
  none,                      // a trade
  no_candidates,             // nothing to rank
  non_positive_expectation,  // the best candidate's E[P/L] rounds to $0.00 or less
  zero_contracts,            // the sizing rule gave the best candidate 0 contracts
};

[[nodiscard]] constexpr std::string_view to_string(Verdict v) noexcept {
  return v == Verdict::trade ? "trade" : "no_trade";
}

[[nodiscard]] constexpr std::string_view to_string(NoTradeReason r) noexcept {
  switch (r) {
    case NoTradeReason::none: return "none";
    case NoTradeReason::no_candidates: return "no_candidates";
    case NoTradeReason::non_positive_expectation: return "non_positive_expectation";
    case NoTradeReason::zero_contracts: return "zero_contracts";
  }
  return "none";
}

struct TradeVerdict {
  Verdict verdict = Verdict::no_trade;
  NoTradeReason reason = NoTradeReason::no_candidates;
  std::int64_t expected_pnl_cents = 0;  // the best candidate's, rounded; 0 without one
  PopSource expectation_source = PopSource::model;

  [[nodiscard]] bool is_trade() const noexcept { return verdict == Verdict::trade; }
};

// The verdict on `best` (nullptr: no candidates) under the policy's probability.
[[nodiscard]] inline TradeVerdict trade_verdict(const Candidate* best,
                                                const RationaleOptions& probability) noexcept {
  if (best == nullptr) return {};
  const ExpectationChoice e =
      expected_pnl_under(*best, probability.pop_source, probability.min_empirical_samples);
  TradeVerdict v{.verdict = Verdict::no_trade,
                 .reason = NoTradeReason::none,
                 .expected_pnl_cents = std::llround(e.value.dollars() * 100.0),
                 .expectation_source = e.source};
  if (v.expected_pnl_cents <= 0) {
    v.reason = NoTradeReason::non_positive_expectation;
  } else if (best->contracts <= 0) {
    v.reason = NoTradeReason::zero_contracts;
  } else {
    v.verdict = Verdict::trade;
  }
  return v;
}

namespace detail {

// `prefix` then the reason, formatted once (one allocation: the ranking's allocation budget).
[[nodiscard]] inline std::string no_trade_text(std::string_view prefix, const Candidate* best,
                                               const TradeVerdict& v) {
  const auto dollars = [](std::int64_t cents) {
    return fmt::format("{}${}.{:02}", cents < 0 ? "-" : "", std::llabs(cents) / 100,
                       std::llabs(cents) % 100);
  };
  switch (v.reason) {
    case NoTradeReason::none: break;
    case NoTradeReason::no_candidates: return fmt::format("{}no candidate to rank", prefix);
    case NoTradeReason::non_positive_expectation:
      return fmt::format(
          "{}{} ranks first, but its expected P/L under the {} probability is {} per "
          "unit (a trade needs at least $0.01){}",
          prefix, display_name(best->kind), to_string(v.expectation_source),
          dollars(v.expected_pnl_cents),
          best->contracts <= 0 ? "; and it sizes to 0 contracts" : "");
    case NoTradeReason::zero_contracts:
      return fmt::format(
          "{}{} ranks first, but the sizing rule gives it 0 contracts (max loss "
          "${:.2f} per unit: the risk budget or the sizing limits allow none)",
          prefix, display_name(best->kind), best->max_loss.dollars());
  }
  return {};
}

}  // namespace detail

// The reason of a no-trade verdict, for a caller that labels it itself ("Iron Condor ranks first,
// but ..."); no_trade_rationale is "No trade: " followed by it. Empty for a trade.
[[nodiscard]] inline std::string no_trade_reason_text(const Candidate* best,
                                                      const TradeVerdict& v) {
  return detail::no_trade_text("", best, v);
}

// The recommendation text of a no-trade verdict (`best` may be nullptr for no_candidates).
[[nodiscard]] inline std::string no_trade_rationale(const Candidate* best, const TradeVerdict& v) {
  return detail::no_trade_text("No trade: ", best, v);
}

}  // namespace ivcrush::inline v0
