"""Strategies: legs, payoff, outcomes (the README's JPM iron condor), candidate generation on the
§8 chain, the DataFrame view, and the generator's statuses and error messages.

Known answers come from tests/strategy/readme_example_test.cpp and generator_test.cpp.
"""

import datetime as dt
import math

import numpy as np
import pytest

import ivcrush as iv
from conftest import SECTION8_AS_OF, _norm_cdf


def jpm_condor():
    """tests/strategy/readme_example_test.cpp: the README's JPM iron condor."""
    expiry = dt.date(2025, 10, 17)

    def leg(right, strike, side, premium):
        return iv.Leg.option(right, strike, expiry, side, quantity=1, premium=premium)

    return iv.Strategy.make("JPM", [leg("put", 285, "buy", 0.55), leg("put", 290, "sell", 1.10),
                                    leg("call", 310, "sell", 1.30), leg("call", 315, "buy", 0.60)])


def test_readme_worked_example(data_dir):
    # tests/strategy/readme_example_test.cpp "README worked example: a JPM iron condor, model and
    # empirical POP"
    condor = jpm_condor()
    fees = iv.CommissionSchedule(per_contract=0.65)
    payoff = iv.PayoffProfile.at_expiration(condor, fees=fees)
    assert condor.net_entry_cash == pytest.approx(125.0, abs=1e-9)
    assert payoff.max_profit["amount"] == pytest.approx(125.0 - 5.20, abs=1e-9)
    assert payoff.max_loss["amount"] == pytest.approx(-(500.0 - 125.0) - 5.20, abs=1e-9)
    low, high = payoff.breakevens
    assert low == pytest.approx(290.0 - 1.25 + 0.052, abs=1e-9)
    assert high == pytest.approx(310.0 + 1.25 - 0.052, abs=1e-9)

    years = iv.year_fraction(dt.date(2025, 10, 13), dt.date(2025, 10, 17))
    m = iv.model_outcome(payoff, 300.0, years, 0.30)
    sd = 0.30 * math.sqrt(4.0 / 365.0)

    def z(level):
        return (math.log(level / 300.0) + 0.5 * sd * sd) / sd

    assert m.probability_of_profit == pytest.approx(
        _norm_cdf(z(311.198 - 0.0001)) - _norm_cdf(z(288.802 + 0.0001)), abs=1e-12)

    reactions, rejects = iv.read_earnings_reactions(str(data_dir / "earnings_reactions.csv"))
    assert rejects == []
    moves = [iv.to_historical_move(r).close_move_pct for r in reactions
             if r.event.symbol == "JPM" and r.event.date < dt.date(2025, 10, 14)]
    e = iv.empirical_outcome(payoff, 300.0, moves)
    assert e.sample_size == 15
    assert e.probability_of_profit == pytest.approx(10.0 / 15.0, abs=1e-15)
    report = (f"model POP {100 * m.probability_of_profit:.1f}% (E[P/L] {iv.Money(m.expected_pnl)}), "
              f"empirical POP {100 * e.probability_of_profit:.1f}% over {e.sample_size} reactions "
              f"(mean P/L {iv.Money(e.expected_pnl)})")
    assert report == ("model POP 76.6% (E[P/L] $25.04), empirical POP 66.7% over 15 reactions "
                      "(mean P/L -$18.93)")


def test_leg_and_strategy_errors():
    with pytest.raises(iv.InvalidInput) as e:
        iv.Strategy.make("JPM", [])
    assert str(e.value) == "legs = []: a strategy needs a leg"
    with pytest.raises(iv.InvalidInput) as e:
        iv.Leg.option("put", 290, dt.date(2025, 10, 17), "sell", quantity=0, premium=1.10)
    assert str(e.value) == "quantity = 0: must be positive"
    with pytest.raises(iv.InvalidInput) as e:
        iv.Leg.option("put", 290, dt.date(2025, 10, 17), "short", premium=1.10)
    assert str(e.value) == "side = 'short': must be one of buy, sell"
    leg = jpm_condor().legs[1]
    assert (leg.instrument, leg.side, leg.strike, leg.entry_cash) == (
        iv.Instrument.put, iv.Side.sell, 290.0, pytest.approx(110.0))


def generate(section8, **kw):
    return iv.generate_candidates(section8.greeks, section8.expiry, 6.63, 2.2,
                                  delta_source=iv.DeltaSource.vendor, **kw)


def test_generated_bull_put_spreads_carry_the_model_pop(section8):
    # tests/strategy/generator_test.cpp "§8 chain: the generator's bull put spreads carry the
    # builder's analytics"
    r = generate(section8)
    assert r.ok and r.status == iv.GenerationStatus.ok and len(r.candidates) > 0
    call = section8.greeks.find(section8.expiry, 100.0, "call").iv
    put = section8.greeks.find(section8.expiry, 100.0, "put").iv
    sigma, t = 0.5 * (call + put), 7.0 / 365.0
    checked = 0
    for c in r.candidates:
        if c.kind != iv.StrategyKind.bull_put_spread:
            continue
        level = c.breakevens[0] + 0.0001
        d2 = (math.log(100.0 / level) - 0.5 * sigma * sigma * t) / (sigma * math.sqrt(t))
        assert c.pop_model == pytest.approx(_norm_cdf(d2), abs=1e-9)
        short = c.strategy.legs[0]
        vendor = section8.chain.quote(section8.expiry, short.strike, "put").vendor_delta
        assert c.pop_legacy == pytest.approx(1.0 - abs(vendor), abs=1e-15)
        checked += 1
    assert checked > 5
    # The builder's 93P/88P pick is one of the generated verticals, with identical numbers.
    built, messages = iv.build_selected_strategies(section8.greeks, section8.expiry, 6.63, 2.2,
                                                   delta_source=iv.DeltaSource.vendor)
    assert messages == []
    bps = [c for c in built if c.kind == iv.StrategyKind.bull_put_spread][0]
    assert bps.legs == "sell 93P / buy 88P"
    twin = [c for c in r.candidates if c.legs == bps.legs and c.kind == bps.kind]
    assert len(twin) == 1
    assert (twin[0].max_loss, twin[0].pop_model, twin[0].pop_legacy, twin[0].contracts) == \
        (bps.max_loss, bps.pop_model, bps.pop_legacy, bps.contracts)
    # With history every candidate gets an empirical POP over all the moves.
    h = generate(section8, historical_moves_pct=[-7.0, 2.0, 4.5])
    assert len(h.candidates) == len(r.candidates)
    assert all(c.pop_empirical is not None and c.empirical_sample_size == 3
               for c in h.candidates)


def test_candidate_frame_matches_the_objects(section8):
    r = generate(section8)
    frame = r.candidates.to_frame()
    assert len(frame) == len(r.candidates)
    for column in ["kind", "legs", "credit", "max_profit", "max_loss", "breakeven_low",
                   "breakeven_high", "pop_model", "pop_empirical", "pop_legacy", "delta_shares",
                   "vega_per_vol_point", "theta_per_day", "liquidity", "contracts"]:
        assert column in frame.columns, column
    for i in (0, len(r.candidates) // 2, len(r.candidates) - 1):
        c = r.candidates[i]
        row = frame.iloc[i]
        assert row["kind"] == str(c.kind) and row["legs"] == c.legs
        assert row["credit"] == c.net_credit_per_share
        assert (row["max_profit"], row["max_loss"]) == (c.max_profit, c.max_loss)
        assert row["pop_model"] == c.pop_model and row["pop_legacy"] == c.pop_legacy
        assert np.isnan(row["pop_empirical"])
        assert row["breakeven_low"] == c.breakevens[0]
        assert row["theta_per_day"] == c.greeks.theta_per_calendar_day
        assert row["contracts"] == c.contracts
    kinds = frame["kind"].unique().tolist()
    assert kinds == ["bull_put_spread", "bear_call_spread", "iron_condor", "iron_butterfly"]


def test_kinds_and_short_strikes_outside_the_implied_move(section8):
    # tests/strategy/generator_test.cpp "kinds can be switched off, short strikes outside the
    # implied move on request"
    only = iv.generate_candidates(section8.greeks, section8.expiry, 6.63, kinds=["iron_condor"])
    assert only.ok and {c.kind for c in only.candidates} == {iv.StrategyKind.iron_condor}
    outside = iv.generate_candidates(section8.greeks, section8.expiry, 6.63,
                                     short_outside_implied_move=True)
    assert outside.ok and outside.counts["short_inside_implied_move"] > 0
    for c in outside.candidates:
        if c.kind == iv.StrategyKind.iron_butterfly:
            continue
        for leg in c.strategy.legs:
            if leg.side == iv.Side.sell:
                assert (leg.strike < 100 - 6.63 if leg.instrument == iv.Instrument.put
                        else leg.strike > 100 + 6.63)


def test_modeled_chain_needs_unknown_is_acceptable(section8):
    # tests/strategy/generator_test.cpp "a modeled chain (open interest unknown) needs
    # LiquidityPolicy::unknown_is_acceptable"
    spec = iv.ModeledChainSpec("MOD", SECTION8_AS_OF, 100.0, [section8.expiry], base_volatility=0.45)
    chain = iv.build_modeled_chain(spec)
    greeks = iv.ChainGreeks(chain)
    strict = iv.generate_candidates(greeks, section8.expiry, 5.0)
    assert strict.status == iv.GenerationStatus.no_candidates
    assert strict.counts["short_illiquid"] > 0 and "illiquid" in strict.message
    relaxed = iv.generate_candidates(greeks, section8.expiry, 5.0,
                                     unknown_oi=iv.LiquidityPolicy.unknown_is_acceptable)
    assert relaxed.ok
    # Unknown stays unknown: no OI (None, not 0) and tier UNKNOWN, never graded EXCELLENT.
    assert all(c.min_open_interest is None and c.liquidity == iv.LiquidityTier.unknown
               for c in relaxed.candidates)
    by_name = iv.generate_candidates(greeks, section8.expiry, 5.0, unknown_oi="acceptable")
    assert len(by_name.candidates) == len(relaxed.candidates)
    with pytest.raises(iv.InvalidInput, match="unknown_oi = 'yes': must be acceptable or zero"):
        iv.generate_candidates(greeks, section8.expiry, 5.0, unknown_oi="yes")


@pytest.mark.parametrize(
    "options,message",
    [
        # tests/strategy/generator_test.cpp "generator statuses and bad options"
        (dict(min_short_delta=0.3, max_short_delta=0.2),
         "min_short_delta = 0.3: must not exceed max_short_delta 0.2"),
        (dict(max_short_delta=1.0), "max_short_delta = 1: must be in (0, 1)"),
        (dict(wing_widths=[5, 5]), "wing width = 5: is listed twice (it would duplicate candidates)"),
        (dict(wing_widths=[2.0005]), "wing width = 2.0005: is not a multiple of the $0.001 strike tick"),
        (dict(wing_widths=[-1]), "wing width = -1: must be positive"),
        (dict(wing_widths=[]), "wing_widths = []: needs at least one width"),
        (dict(max_candidates=0), "max_candidates = 0: must be positive"),
        (dict(min_credit=-0.2), "min_credit = -0.2: must not be negative"),
        (dict(commission_per_contract=-1), "per_contract commission = -1: must not be negative"),
    ],
)
def test_bad_generator_options(section8, options, message):
    with pytest.raises(iv.InvalidInput) as e:
        iv.generate_candidates(section8.greeks, section8.expiry, 6.63, **options)
    assert str(e.value) == message


def test_generator_statuses(section8):
    # tests/strategy/generator_test.cpp "generator statuses and bad options"
    missing = iv.generate_candidates(section8.greeks, dt.date(2025, 2, 21), 6.63)
    assert missing.status == iv.GenerationStatus.expiration_not_in_chain
    assert missing.message == "expiration 2025-02-21: not in the SYN chain"
    assert len(missing.candidates) == 0
    none = iv.generate_candidates(section8.greeks, section8.expiry, 6.63, min_credit=50)
    assert none.status == iv.GenerationStatus.no_candidates
    assert none.counts["below_min_credit"] > 0


def test_candidate_list_behaves_like_a_list(section8):
    r = generate(section8)
    cs = r.candidates
    assert len(cs) == len(list(cs)) and cs[-1].legs == list(cs)[-1].legs
    copy = iv.CandidateList(list(cs)[:3])
    assert len(copy) == 3 and copy[0].legs == cs[0].legs
