// Candidate generation: invariants on seeded random chains (no duplicates, payoff analytics equal
// a brute-force evaluation, short deltas within limits, condor pairing equal to a brute-force
// search, the cap deterministic and bounded), the §8 chain, liquidity on a modeled chain, and
// bad options.
#include "ivcrush/strategy/generator.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "ivcrush/chain/modeled_chain.hpp"
#include "ivcrush/earnings/implied_move.hpp"
#include "support/check_close.hpp"
#include "synthetic_chains.hpp"

namespace {

using namespace ivcrush;
using namespace std::chrono;
using test::norm_cdf;
using test::section8_expiry;

const Expiration expiry = Expiration::from_date(section8_expiry);

using LegKey = std::tuple<int, std::int64_t, int>;  // instrument, strike ticks, side
using CandidateKey = std::tuple<int, std::vector<LegKey>>;

CandidateKey key_of(const Candidate& c) {
  std::vector<LegKey> legs;
  for (const Leg& l : c.strategy.legs()) {
    legs.emplace_back(static_cast<int>(l.instrument()), l.strike().ticks(),
                      static_cast<int>(l.side()));
  }
  return {static_cast<int>(c.kind), legs};
}

// P/L of one unit at expiration, written out from the legs (no fees in these tests).
double brute_pnl(const Candidate& c, double s) {
  double total = 0.0;
  for (const Leg& l : c.strategy.legs()) {
    const double k = l.strike().dollars();
    const double intrinsic =
        l.instrument() == Instrument::call ? std::max(s - k, 0.0) : std::max(k - s, 0.0);
    total += (l.side() == Side::buy ? 100.0 : -100.0) * (intrinsic - l.price_per_share().dollars());
  }
  return total;
}

double short_delta(const ChainGreeks& g, const Leg& l) {
  const auto* a = g.find(expiry, l.strike(),
                         l.instrument() == Instrument::call ? OptionRight::call : OptionRight::put);
  REQUIRE(a != nullptr);
  REQUIRE(a->greeks.has_value());
  return a->greeks->delta;
}

// The cap's priority, recomputed from the candidate (generator.hpp's synopsis).
double priority_of(const ChainGreeks& g, const Candidate& c, double preferred = 0.25) {
  const auto legs = c.strategy.legs();
  switch (c.kind) {
    case StrategyKind::bull_put_spread:
    case StrategyKind::bear_call_spread:
      return std::fabs(std::fabs(short_delta(g, legs[0])) - preferred);
    case StrategyKind::iron_condor:
      return 0.5 * (std::fabs(std::fabs(short_delta(g, legs[0])) - preferred) +
                    std::fabs(std::fabs(short_delta(g, legs[2])) - preferred));
    case StrategyKind::iron_butterfly: return std::fabs(std::fabs(short_delta(g, legs[0])) - 0.5);
    case StrategyKind::custom: break;
  }
  return 1e9;
}

void check_invariants(const ChainGreeks& g, const GenerationResult& r, const GeneratorOptions& o) {
  std::set<CandidateKey> seen;
  const double min_credit = o.min_credit.dollars();
  for (const Candidate& c : r.candidates) {
    CAPTURE(to_string(c.kind));
    CHECK(seen.insert(key_of(c)).second);  // no duplicates
    const auto legs = c.strategy.legs();
    // Max profit / loss and breakevens: the PayoffProfile's, and a brute-force evaluation at
    // every kink (S = 0 and the strikes; the payoff is flat beyond them for these kinds).
    CHECK(c.max_loss == -c.payoff.max_loss().amount);
    CHECK(c.max_profit == c.payoff.max_profit().amount);
    double lo = brute_pnl(c, 0.0), hi = lo;
    for (const Leg& l : legs) {
      lo = std::min(lo, brute_pnl(c, l.strike().dollars()));
      hi = std::max(hi, brute_pnl(c, l.strike().dollars()));
    }
    CHECK_CLOSE(c.max_loss.dollars(), -lo, 1e-9, 0.0);
    CHECK_CLOSE(c.max_profit.dollars(), hi, 1e-9, 0.0);
    CHECK(c.max_loss.dollars() > 0.0);
    CHECK(c.max_profit.dollars() > 0.0);
    CHECK_CLOSE(c.reward_risk_ratio, hi / -lo, 1e-12, 0.0);
    for (const double be : c.payoff.breakevens()) CHECK_CLOSE(brute_pnl(c, be), 0.0, 1e-7, 0.0);
    const auto fresh = PayoffProfile::at_expiration(c.strategy);
    REQUIRE(fresh.breakevens().size() == c.payoff.breakevens().size());
    for (std::size_t i = 0; i < fresh.breakevens().size(); ++i) {
      CHECK(fresh.breakevens()[i] == c.payoff.breakevens()[i]);
    }
    // A credit of at least the minimum on every side, one contract per leg.
    CHECK(c.net_credit_per_share.dollars() >= min_credit - 1e-12);
    for (const Leg& l : legs) CHECK(l.quantity() == 1);
    CHECK(c.pop.model >= 0.0);
    CHECK(c.pop.model <= 1.0 + 1e-12);
    CHECK(c.contracts >= 0);
    CHECK(static_cast<double>(c.contracts) * c.max_loss.dollars() <= 20'000.0 + 1e-9);
    if (o.exclude_rejected_liquidity) CHECK(c.liquidity != LiquidityTier::reject);
    // Structure and short |delta| limits.
    const auto width = [&](std::size_t a, std::size_t b) {
      return std::fabs(legs[a].strike().dollars() - legs[b].strike().dollars());
    };
    const auto in_set = [&](double w) {
      return std::any_of(o.wing_widths.begin(), o.wing_widths.end(),
                         [&](Money m) { return std::fabs(m.dollars() - w) < 1e-9; });
    };
    const auto delta_ok = [&](const Leg& l) {
      const double d = std::fabs(short_delta(g, l));
      return d >= o.min_short_delta && d <= o.max_short_delta;
    };
    switch (c.kind) {
      case StrategyKind::bull_put_spread:
      case StrategyKind::bear_call_spread: {
        REQUIRE(legs.size() == 2);
        const bool put = c.kind == StrategyKind::bull_put_spread;
        CHECK(legs[0].instrument() == (put ? Instrument::put : Instrument::call));
        CHECK(legs[0].side() == Side::sell);
        CHECK(legs[1].side() == Side::buy);
        CHECK((put ? legs[0].strike() > legs[1].strike() : legs[0].strike() < legs[1].strike()));
        CHECK(in_set(width(0, 1)));
        CHECK(delta_ok(legs[0]));
        break;
      }
      case StrategyKind::iron_condor:
        REQUIRE(legs.size() == 4);
        CHECK(legs[1].strike() < legs[0].strike());
        CHECK(legs[0].strike() < legs[2].strike());
        CHECK(legs[2].strike() < legs[3].strike());
        CHECK(width(0, 1) == width(2, 3));
        CHECK(in_set(width(0, 1)));
        CHECK(delta_ok(legs[0]));
        CHECK(delta_ok(legs[2]));
        break;
      case StrategyKind::iron_butterfly:
        REQUIRE(legs.size() == 4);
        CHECK(legs[0].strike() == legs[1].strike());
        CHECK(width(0, 2) == width(1, 3));
        CHECK(in_set(width(0, 2)));
        break;
      case StrategyKind::custom: FAIL("custom candidate"); break;
    }
  }
  CHECK(r.candidates.size() <= o.max_candidates);
  // Deterministic order: kind, then the strikes of the legs.
  for (std::size_t i = 1; i < r.candidates.size(); ++i) {
    const auto& a = r.candidates[i - 1];
    const auto& b = r.candidates[i];
    const auto ks = [](const Candidate& c) {
      std::vector<std::int64_t> v;
      for (const Leg& l : c.strategy.legs()) v.push_back(l.strike().ticks());
      return std::tuple(static_cast<int>(c.kind), v);
    };
    CHECK(ks(a) < ks(b));
  }
}

// The condor pairing against a brute-force search over the bear call spreads of the result.
void check_condor_pairing(const ChainGreeks& g, const GenerationResult& r) {
  std::map<std::int64_t, std::vector<double>> call_deltas;  // width ticks -> short |delta|s
  for (const Candidate& c : r.candidates) {
    if (c.kind != StrategyKind::bear_call_spread) continue;
    const auto legs = c.strategy.legs();
    call_deltas[legs[1].strike().ticks() - legs[0].strike().ticks()].push_back(
        std::fabs(short_delta(g, legs[0])));
  }
  std::size_t condors = 0;
  for (const Candidate& c : r.candidates) {
    if (c.kind != StrategyKind::iron_condor) continue;
    ++condors;
    const auto legs = c.strategy.legs();
    const double dp = std::fabs(short_delta(g, legs[0]));
    const double dc = std::fabs(short_delta(g, legs[2]));
    const auto& all = call_deltas[legs[3].strike().ticks() - legs[2].strike().ticks()];
    double best = 1e9;
    for (const double d : all) best = std::min(best, std::fabs(d - dp));
    CHECK(std::fabs(dc - dp) == best);
  }
  CHECK(condors > 0);
}

Percentage implied_move_or(const OptionChain& chain, double fallback_pct) {
  const ImpliedMove m = atm_straddle_move(chain, expiry);
  return m.ok() ? m.move : Percentage::from_pct(fallback_pct);
}

TEST_CASE("generator invariants on seeded random chains") {
  struct Shape {
    std::uint32_t seed;
    double spot;
    int strikes;
    double step;
  };
  const Shape shapes[] = {{1, 100.0, 81, 1.0},  {2, 37.3, 60, 0.5}, {3, 245.5, 90, 2.5},
                          {4, 512.0, 120, 5.0}, {5, 18.2, 40, 0.5}, {6, 150.0, 101, 1.0}};
  for (const auto& sh : shapes) {
    CAPTURE(sh.seed);
    const OptionChain chain = test::random_chain(sh.seed, sh.spot, sh.strikes, sh.step);
    const ChainGreeks greeks = compute_chain_greeks(chain, {});
    const GeneratorContext ctx{.greeks = greeks,
                               .expiration = expiry,
                               .implied_move = implied_move_or(chain, 5.0),
                               .vrp_ratio = 2.0};
    const GeneratorOptions o{.min_short_delta = 0.05, .max_short_delta = 0.45};
    const GenerationResult r = generate_candidates(ctx, o);
    INFO(r.message);
    REQUIRE(r.ok());
    CHECK(r.candidates.size() > 10);
    CHECK_FALSE(r.truncated());
    check_invariants(greeks, r, o);
    if (r.counts.no_risk_or_profit == 0) check_condor_pairing(greeks, r);
    // Every kind is represented.
    for (const auto kind : {StrategyKind::bull_put_spread, StrategyKind::bear_call_spread,
                            StrategyKind::iron_condor, StrategyKind::iron_butterfly}) {
      CAPTURE(to_string(kind));
      CHECK(std::any_of(r.candidates.begin(), r.candidates.end(),
                        [&](const Candidate& c) { return c.kind == kind; }));
    }
    // Deterministic across two runs.
    const GenerationResult again = generate_candidates(ctx, o);
    REQUIRE(again.candidates.size() == r.candidates.size());
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
      CHECK(key_of(again.candidates[i]) == key_of(r.candidates[i]));
      CHECK(again.candidates[i].pop.model == r.candidates[i].pop.model);
      CHECK(again.candidates[i].contracts == r.candidates[i].contracts);
    }
  }
}

TEST_CASE("the cap keeps the picks nearest the preferred delta, deterministically") {
  const OptionChain chain = test::random_chain(11, 100.0, 101, 1.0);
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const GeneratorContext ctx{
      .greeks = greeks, .expiration = expiry, .implied_move = implied_move_or(chain, 5.0)};
  const GenerationResult full = generate_candidates(ctx, {});
  REQUIRE(full.ok());
  REQUIRE(full.counts.no_risk_or_profit == 0);
  REQUIRE(full.candidates.size() > 40);
  const GeneratorOptions capped_options{.max_candidates = 25};
  const GenerationResult a = generate_candidates(ctx, capped_options);
  const GenerationResult b = generate_candidates(ctx, capped_options);
  REQUIRE(a.candidates.size() == 25);
  CHECK(a.truncated());
  CHECK(a.picks_found == full.candidates.size());
  CHECK(a.counts.capped == full.candidates.size() - 25);
  check_invariants(greeks, a, capped_options);
  std::set<CandidateKey> kept;
  for (std::size_t i = 0; i < a.candidates.size(); ++i) {
    CHECK(key_of(a.candidates[i]) == key_of(b.candidates[i]));
    kept.insert(key_of(a.candidates[i]));
  }
  double worst_kept = 0.0, best_dropped = 1e9;
  std::size_t found = 0;
  for (const Candidate& c : full.candidates) {
    if (kept.count(key_of(c)) != 0) {
      ++found;
      worst_kept = std::max(worst_kept, priority_of(greeks, c));
    } else {
      best_dropped = std::min(best_dropped, priority_of(greeks, c));
    }
  }
  CHECK(found == 25);  // the capped set is a subset of the full one
  CHECK(worst_kept <= best_dropped);
}

TEST_CASE("bounded work on a 700-strike expiration") {
  const OptionChain chain = test::random_chain(21, 500.0, 700, 1.0);
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const GeneratorContext ctx{
      .greeks = greeks, .expiration = expiry, .implied_move = implied_move_or(chain, 5.0)};
  const GeneratorOptions o{.max_candidates = 300};
  const GenerationResult r = generate_candidates(ctx, o);
  REQUIRE(r.ok());
  CHECK(r.picks_found > 300);
  CHECK(r.candidates.size() <= 300);
  CHECK(r.candidates.size() + r.counts.no_risk_or_profit == 300);
  check_invariants(greeks, r, o);
}

TEST_CASE("§8 chain: the generator's bull put spreads carry the builder's analytics") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const GeneratorContext ctx{.greeks = greeks,
                             .expiration = expiry,
                             .implied_move = Percentage::from_pct(6.63),
                             .vrp_ratio = 2.2};
  const GeneratorOptions o{.delta_source = DeltaSource::vendor};
  const GenerationResult r = generate_candidates(ctx, o);
  REQUIRE(r.ok());
  check_invariants(greeks, r, o);
  // The builder's 93P/88P is one of the generated verticals, with identical numbers.
  const BuildResult b = build_bull_put_spread(ctx, {.delta_source = DeltaSource::vendor});
  REQUIRE(b.ok());
  const auto it = std::find_if(r.candidates.begin(), r.candidates.end(), [&](const Candidate& c) {
    return key_of(c) == key_of(*b.candidate);
  });
  REQUIRE(it != r.candidates.end());
  CHECK(it->max_loss == b.candidate->max_loss);
  CHECK(it->pop.model == b.candidate->pop.model);
  CHECK(it->pop.legacy == b.candidate->pop.legacy);
  CHECK(it->contracts == b.candidate->contracts);
  // Every bull put spread: model POP = P(S_T >= breakeven + $0.01/100) at the ATM mid IV.
  const auto atm_iv = [&](OptionRight right) {
    const QuoteAnalytics* a = greeks.find(expiry, Strike::parse("100"), right);
    REQUIRE(a != nullptr);
    const auto iv = a->iv();
    REQUIRE(iv.has_value());
    return iv->fraction();
  };
  const double c_iv = atm_iv(OptionRight::call);
  const double p_iv = atm_iv(OptionRight::put);
  const double sigma = 0.5 * (c_iv + p_iv), t = 7.0 / 365.0;
  std::size_t checked = 0;
  for (const Candidate& c : r.candidates) {
    if (c.kind != StrategyKind::bull_put_spread) continue;
    const double level = c.payoff.breakevens()[0] + 0.0001;
    const double d2 = (std::log(100.0 / level) - 0.5 * sigma * sigma * t) / (sigma * std::sqrt(t));
    CHECK_CLOSE(c.pop.model, norm_cdf(d2), 1e-9, 0.0);
    // Legacy POP: 1 - |vendor delta of the short put|.
    const OptionQuote* q = chain.quote(expiry, c.strategy.legs()[0].strike(), OptionRight::put);
    REQUIRE(q != nullptr);
    REQUIRE(q->vendor_greeks.delta.has_value());
    const double vendor = *q->vendor_greeks.delta;
    CHECK_CLOSE(c.pop.legacy, 1.0 - std::fabs(vendor), 1e-15, 0.0);
    ++checked;
  }
  CHECK(checked > 5);
  // With history, every candidate has an empirical POP over all the moves.
  const std::vector<Percentage> moves{Percentage::from_pct(-7), Percentage::from_pct(2),
                                      Percentage::from_pct(4.5)};
  GeneratorContext with_history = ctx;
  with_history.historical_moves = moves;
  const GenerationResult h = generate_candidates(with_history, o);
  REQUIRE(h.candidates.size() == r.candidates.size());
  for (const Candidate& c : h.candidates) {
    REQUIRE(c.pop.empirical.has_value());
    CHECK(c.empirical_sample_size == 3);
  }
  // With a post-event diffusion (expiry 3 days after the session): every candidate's empirical
  // outcome is the convolution, at the analysis drift, and generate_top_candidates' pruned
  // ranking reads the same numbers (sized on the empirical POP so the pruning depends on it).
  GeneratorContext diffused = with_history;
  diffused.post_event_diffusion = PostEventDiffusion{.volatility = Volatility::from_fraction(0.4),
                                                     .time = YearFraction::from_years(3.0 / 365)};
  GeneratorOptions oe = o;
  oe.analysis.sizing_pop = SizingPop::empirical;
  oe.analysis.drift = 0.01;
  const GenerationResult d = generate_candidates(diffused, oe);
  REQUIRE(d.candidates.size() == r.candidates.size());
  for (const Candidate& c : d.candidates) {
    const auto e =
        empirical_outcome(c.payoff, chain.spot(), moves, *diffused.post_event_diffusion, 0.01);
    REQUIRE(c.pop.empirical.has_value());
    CHECK(*c.pop.empirical == e.probability_of_profit);
    CHECK(*c.expected_pnl_empirical == e.expected_pnl);
  }
  const auto total = [](const Candidate& c) { return c.pop.empirical.value_or(0.0); };
  const auto bound = [](const CandidateOutline& c) {
    return c.empirical_outcome()->probability_of_profit;
  };
  const GenerationResult top = generate_top_candidates(diffused, oe, 3, bound, total);
  double best = 0.0;
  for (const Candidate& c : d.candidates) best = std::max(best, total(c));
  double top_best = 0.0;
  for (const Candidate& c : top.candidates) top_best = std::max(top_best, total(c));
  CHECK(top_best == best);
}

TEST_CASE("kinds can be switched off, short strikes outside the implied move on request") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  const GeneratorContext ctx{
      .greeks = greeks, .expiration = expiry, .implied_move = Percentage::from_pct(6.63)};
  const GeneratorOptions only_condors{
      .kinds = {.bull_put_spread = false, .bear_call_spread = false, .iron_butterfly = false}};
  const GenerationResult r = generate_candidates(ctx, only_condors);
  REQUIRE(r.ok());
  for (const Candidate& c : r.candidates) CHECK(c.kind == StrategyKind::iron_condor);

  const GeneratorOptions outside{.short_outside_implied_move = true};
  const GenerationResult o = generate_candidates(ctx, outside);
  REQUIRE(o.ok());
  CHECK(o.counts.short_inside_implied_move > 0);
  for (const Candidate& c : o.candidates) {
    if (c.kind == StrategyKind::iron_butterfly) continue;
    for (const Leg& l : c.strategy.legs()) {
      if (l.side() != Side::sell) continue;
      const double k = l.strike().dollars();
      CHECK((l.instrument() == Instrument::put ? k < 100.0 - 6.63 : k > 100.0 + 6.63));
    }
  }
}

TEST_CASE("a modeled chain (open interest unknown) needs LiquidityPolicy::unknown_is_acceptable") {
  const auto as_of = test::seven_days_before_expiry();
  const ModeledChain modeled =
      build_modeled_chain({.symbol = Symbol::parse("MOD"),
                           .as_of = as_of,
                           .spot = Price::dollars(100.0),
                           .expirations = {section8_expiry},
                           .base_volatility = Volatility::from_points(45)});
  const ChainGreeks greeks = compute_chain_greeks(modeled.chain, {});
  const GeneratorContext ctx{
      .greeks = greeks, .expiration = expiry, .implied_move = implied_move_or(modeled.chain, 5.0)};
  const GenerationResult strict = generate_candidates(ctx, {});
  CHECK(strict.status == GenerationStatus::no_candidates);
  CHECK(strict.counts.short_illiquid > 0);
  CHECK(strict.message.find("illiquid") != std::string::npos);

  const GeneratorOptions o{
      .analysis = {.liquidity_policy = LiquidityPolicy::unknown_is_acceptable}};
  const GenerationResult r = generate_candidates(ctx, o);
  REQUIRE(r.ok());
  check_invariants(greeks, r, o);
  for (const Candidate& c : r.candidates) {
    // Unknown stays unknown (issue 16): no OI rather than 0, and the tier UNKNOWN rather than
    // the EXCELLENT the spreads alone would give.
    CHECK_FALSE(c.min_open_interest.has_value());
    CHECK(c.liquidity == LiquidityTier::unknown);
  }
}

TEST_CASE("generator statuses and bad options") {
  const OptionChain chain = test::section8_chain();
  const ChainGreeks greeks = compute_chain_greeks(chain, {});
  GeneratorContext ctx{.greeks = greeks,
                       .expiration = Expiration::from_date(2025y / February / 21),
                       .implied_move = Percentage::from_pct(6.63)};
  const GenerationResult missing = generate_candidates(ctx);
  CHECK(missing.status == GenerationStatus::expiration_not_in_chain);
  CHECK(missing.message == "expiration 2025-02-21: not in the SYN chain");
  CHECK(missing.candidates.empty());

  ctx.expiration = expiry;
  const GenerationResult none = generate_candidates(ctx, {.min_credit = Money::dollars(50)});
  CHECK(none.status == GenerationStatus::no_candidates);
  CHECK(none.counts.below_min_credit > 0);

  CHECK_THROWS_WITH_AS(
      (void)generate_candidates(ctx, {.min_short_delta = 0.3, .max_short_delta = 0.2}),
      "min_short_delta = 0.3: must not exceed max_short_delta 0.2", InvalidInput);
  CHECK_THROWS_WITH_AS((void)generate_candidates(ctx, {.max_short_delta = 1.0}),
                       "max_short_delta = 1: must be in (0, 1)", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)generate_candidates(ctx, {.wing_widths = {Money::dollars(5), Money::dollars(5)}}),
      "wing width = 5: is listed twice (it would duplicate candidates)", InvalidInput);
  CHECK_THROWS_WITH_AS((void)generate_candidates(ctx, {.wing_widths = {Money::dollars(2.0005)}}),
                       "wing width = 2.0005: is not a multiple of the $0.001 strike tick",
                       InvalidInput);
  CHECK_THROWS_WITH_AS((void)generate_candidates(ctx, {.wing_widths = {Money::dollars(-1)}}),
                       "wing width = -1: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)generate_candidates(ctx, {.wing_widths = {}}),
                       "wing_widths = []: needs at least one width", InvalidInput);
  CHECK_THROWS_WITH_AS((void)generate_candidates(ctx, {.max_candidates = 0}),
                       "max_candidates = 0: must be positive", InvalidInput);
  CHECK_THROWS_WITH_AS((void)generate_candidates(ctx, {.min_credit = Money::dollars(-0.2)}),
                       "min_credit = -0.2: must not be negative", InvalidInput);
  CHECK_THROWS_WITH_AS(
      (void)generate_candidates(ctx, {.analysis = {.fees = {.per_contract = Money::dollars(-1)}}}),
      "per_contract commission = -1: must not be negative", InvalidInput);
}

}  // namespace
