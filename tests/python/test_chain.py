"""Option chains: quotes, ChainBuilder and chain_from_arrays / chain_from_frame (same chain, same
rejects, same messages), lookups, ChainGreeks and the modeled chains.

Known answers come from tests/chain/*.cpp (named in each test's comment).
"""

import datetime as dt
import math
import time

import numpy as np
import pandas as pd
import pytest

import ivcrush as iv

UTC = dt.timezone.utc
# tests/chain/chain_fixtures.hpp synthetic_as_of(): Friday 2024-05-10 16:00 New York (EDT).
AS_OF = dt.datetime(2024, 5, 10, 20, 0, tzinfo=UTC)
MAY17 = dt.date(2024, 5, 17)


def two_sided(spot, expirations, strikes):
    """tests/chain/chain_fixtures.hpp two_sided_chain(): calls 1.00/1.10, puts 2.00/2.20, OI 100."""
    rows = [(e, k, r) for e in expirations for k in strikes for r in ("C", "P")]
    exp, strike, right = zip(*rows)
    bid = [1.00 if r == "C" else 2.00 for r in right]
    ask = [1.10 if r == "C" else 2.20 for r in right]
    return iv.chain_from_arrays("TEST", AS_OF, spot, list(exp), list(strike), list(right), bid, ask,
                                open_interest=np.full(len(rows), 100))


def test_quote_values():
    # tests/chain/option_quote_test.cpp "§8 Quote(2.50, 2.60, OI 500): mid 2.55, spread 0.10,
    # spread_pct 3.9215686, liquid" and "§8 Quote(2.0, 1.9, OI 5): the crossed-market [BUG] is fixed"
    q = iv.OptionQuote(2.50, 2.60, open_interest=500)
    assert q.mid == pytest.approx(2.55, abs=1e-12)
    assert q.spread == pytest.approx(0.10, abs=1e-12)
    assert q.spread_pct == pytest.approx(3.9215686, abs=1e-6)
    assert q.is_liquid()
    crossed = iv.OptionQuote(2.0, 1.9, open_interest=5)
    assert crossed.spread_pct == pytest.approx(-5.1282051, abs=1e-6)
    assert not crossed.is_liquid()
    unknown_oi = iv.OptionQuote(2.50, 2.60)
    assert not unknown_oi.is_liquid()
    assert unknown_oi.is_liquid(iv.LiquidityPolicy.unknown_is_acceptable)
    assert unknown_oi.is_liquid(unknown_oi="acceptable")
    assert not unknown_oi.is_liquid("zero")
    # A known 0 is illiquid under both.
    assert not iv.OptionQuote(2.50, 2.60, open_interest=0).is_liquid("acceptable")
    assert iv.parse_liquidity_policy("zero") == iv.LiquidityPolicy.unknown_is_zero
    assert iv.LiquidityPolicy.unknown_is_acceptable.spelling == "acceptable"


def test_option_right_parsing():
    # tests/chain/option_quote_test.cpp "OptionRight parses the vendor letters and the original's
    # names, nothing else"
    assert iv.parse_option_right("C") == iv.OptionRight.call
    assert iv.parse_option_right("put") == iv.OptionRight.put
    assert str(iv.OptionRight.call) == "call"
    with pytest.raises(iv.InvalidInput) as e:
        iv.parse_option_right("CALL")
    assert str(e.value) == "option right = 'CALL': must be one of C, P, call, put"


def test_atm_tie_goes_up():
    # tests/chain/option_chain_test.cpp "§8 chain with strikes {100, 105} and S = 102.5: ATM 105"
    chain, rejects = two_sided(102.5, [MAY17], [100.0, 105.0])
    assert rejects == []
    view = chain.expiration(MAY17)
    assert view.atm_strike() == 105.0
    assert list(view.strikes_near_atm(3)) == [100.0, 105.0]
    assert list(view.strikes_near_atm(5)) == [100.0, 105.0]
    assert len(view.strikes_near_atm(2)) == 0
    assert chain.expiration(dt.date(2024, 5, 24)) is None
    low = two_sided(50.0, [MAY17], [100.0, 105.0, 110.0]).chain
    assert low.expiration(MAY17).atm_strike() == 100.0


def test_first_expiration_after_respects_timing():
    # tests/chain/option_chain_test.cpp "first expiration after an earnings event respects its
    # timing"
    chain = two_sided(100.0, [dt.date(2024, 5, 15), MAY17, dt.date(2024, 5, 24)], [100.0]).chain
    bmo, amc = iv.EarningsTiming.before_open, iv.EarningsTiming.after_close
    assert chain.first_expiration_after(MAY17, bmo) == MAY17
    assert chain.first_expiration_after(MAY17, amc) == dt.date(2024, 5, 24)
    assert chain.first_expiration_after(dt.date(2024, 5, 13), amc) == dt.date(2024, 5, 15)
    assert chain.first_expiration_after(dt.date(2024, 5, 24), amc) is None
    event = iv.EarningsEvent("TEST", MAY17, "AMC")
    assert chain.first_expiration_after(event) == dt.date(2024, 5, 24)
    with pytest.raises(iv.InvalidInput) as e:
        chain.first_expiration_after(iv.EarningsEvent("MSFT", MAY17, "AMC"))
    assert str(e.value) == "event symbol = MSFT: is not the chain's underlying TEST"


def test_lookups_and_ordering():
    # tests/chain/option_chain_test.cpp "quotes are stored by (expiration, strike, call before
    # put), whatever the input order" and "quote lookup: present, missing strike, missing side"
    chain = iv.chain_from_arrays(
        "TEST", AS_OF, 100.0, ["2024-06-21", "2024-05-17", "2024-05-17"], [95.0, 105.0, 100.0],
        ["P", "C", "P"], [1.0, 2.0, 3.0], [1.1, 2.1, 3.1]).chain
    cols = chain.to_columns()
    assert list(cols["strike"]) == [100.0, 105.0, 95.0]
    assert cols["right"] == ["put", "call", "put"]
    assert list(cols["expiration"].astype(str)) == ["2024-05-17", "2024-05-17", "2024-06-21"]
    q = chain.quote(MAY17, 105.0, "C")
    assert (q.bid, q.ask) == (2.0, 2.1)
    assert chain.quote(MAY17, 105.0, "P") is None  # missing side
    assert chain.quote(MAY17, 110.0, "C") is None  # missing strike
    assert chain.quote_index(MAY17, 100.0, "put") == 0
    assert chain.expirations() == [MAY17, dt.date(2024, 6, 21)]
    assert len(chain) == 3 and chain.underlying == "TEST" and chain.spot == 100.0
    assert chain.as_of == AS_OF


def good(**changes):
    """tests/chain/chain_builder_test.cpp good(): a valid quote, with changes."""
    q = dict(expiration=MAY17, strike=100.0, right="C", bid=2.50, ask=2.60, open_interest=500)
    q.update(changes)
    return q


@pytest.mark.parametrize(
    "changes,reason,field,message",
    [
        # tests/chain/chain_builder_test.cpp "rejected: strikes that are not finite, not positive,
        # off the grid or too large", "rejected: non-finite or negative prices, a zero ask",
        # "rejected: a crossed market (§8 Quote(2.0, 1.9))"
        (dict(strike=float("nan")), "not_finite", "strike", "strike = nan: must be finite"),
        (dict(strike=-5.0), "strike_not_positive", "strike", "strike = -5: must be positive"),
        (dict(strike=33.3333), "strike_off_grid", "strike",
         "strike = 33.3333: is not a multiple of the $0.001 tick"),
        (dict(strike=1e16), "strike_too_large", "strike",
         "strike = 1e+16: is above the largest strike (10^12 dollars)"),
        (dict(bid=-0.05), "negative_price", "bid", "bid = -0.05: must not be negative"),
        (dict(ask=float("inf")), "not_finite", "ask", "ask = inf: must be finite"),
        (dict(bid=0.0, ask=0.0), "zero_ask", "ask",
         "ask = 0: must be positive (nobody offers the contract)"),
        (dict(bid=2.0, ask=1.9), "crossed", "bid", "bid = 2: is above ask 1.9 (crossed market)"),
        (dict(expiration=dt.date(2024, 5, 3)), "expired", "expiration",
         "expiration = 2024-05-03: is before the as-of date 2024-05-10"),
    ],
)
def test_rejects_carry_the_cpp_messages_both_ways(changes, reason, field, message):
    q = good(**changes)
    # Quote by quote.
    b = iv.ChainBuilder("TEST", AS_OF, 100.0)
    b.add(q["expiration"], q["strike"], q["right"], q["bid"], q["ask"],
          open_interest=q["open_interest"])
    chain, rejects = b.build()
    assert len(chain) == 0 and len(rejects) == 1
    assert str(rejects[0].reason) == reason
    assert rejects[0].field == field
    assert rejects[0].message == message
    # Whole columns: the same reject.
    result = iv.chain_from_arrays("TEST", AS_OF, 100.0, [q["expiration"]], [q["strike"]],
                                  [q["right"]], [q["bid"]], [q["ask"]],
                                  open_interest=[q["open_interest"]])
    assert [r.message for r in result.rejects] == [message]
    assert result.rejects_frame()["reason"].tolist() == [reason]


def test_duplicates_and_one_sided():
    # tests/chain/chain_builder_test.cpp "duplicates: every copy rejected by default, or all but
    # the first on request"
    result = iv.chain_from_arrays("TEST", AS_OF, 100.0, [MAY17] * 3, [100.0] * 3, ["C", "P", "C"],
                                  [2.50, 2.50, 2.40], [2.60] * 3, source_line=[3, 5, 7])
    assert len(result.chain) == 1
    assert [r.message for r in result.rejects] == [
        "contract = 2024-05-17 100 call: appears 2 times (source lines 3, 7)"] * 2
    assert [r.sequence for r in result.rejects] == [0, 2]
    keep = iv.chain_from_arrays("TEST", AS_OF, 100.0, [MAY17] * 3, [100.0] * 3, ["C"] * 3,
                                [2.50, 2.40, 2.30], [2.60] * 3, source_line=[3, 7, 9],
                                duplicates=iv.DuplicateQuotes.keep_first)
    assert keep.chain.quotes()[0].bid == 2.50
    assert [r.source_line for r in keep.rejects] == [7, 9]
    # tests/chain/chain_builder_test.cpp "one-sided quotes: kept with bid 0 and flagged by default,
    # or rejected on request": a NaN bid is "no bid".
    one = iv.chain_from_arrays("TEST", AS_OF, 100.0, [MAY17], [100.0], ["C"], [np.nan], [1.5])
    assert one.chain.quotes()[0].one_sided and one.chain.quotes()[0].bid == 0.0
    rejected = iv.chain_from_arrays("TEST", AS_OF, 100.0, [MAY17], [100.0], ["C"], [np.nan], [1.5],
                                    one_sided=iv.OneSidedQuotes.reject)
    assert rejected.rejects[0].message == \
        "bid = (none): one-sided quote (no bid), rejected by OneSidedQuotes::reject"


def test_bad_spot_and_bad_columns():
    # tests/chain/chain_builder_test.cpp "the builder refuses a spot that is not positive"
    with pytest.raises(iv.InvalidInput) as e:
        iv.ChainBuilder("TEST", AS_OF, 0.0)
    assert str(e.value) == "spot = 0: must be positive"
    with pytest.raises(iv.InvalidInput) as e:
        iv.chain_from_arrays("TEST", AS_OF, 0.0, [MAY17], [100.0], ["C"], [1.0], [1.1])
    assert str(e.value) == "spot = 0: must be positive"
    with pytest.raises(iv.InvalidInput) as e:
        iv.chain_from_arrays("TEST", AS_OF, 100.0, [MAY17] * 2, [100.0, 105.0], ["C", "C"], [1.0],
                             [1.1, 1.2])
    assert str(e.value) == "bid: has 1 elements, expected 2 like the first column"
    with pytest.raises(iv.InvalidInput) as e:
        iv.chain_from_arrays("TEST", AS_OF, 100.0, [MAY17] * 2, [100.0, 105.0], ["C", "X"],
                             [1.0, 1.0], [1.1, 1.2])
    assert str(e.value) == "row 1: option right = 'X': must be one of C, P, call, put"
    with pytest.raises(iv.InvalidInput) as e:
        iv.chain_from_arrays("TEST", AS_OF, 100.0, [MAY17], [100.0], ["C"], [1.0], [1.1],
                             open_interest=[1.5])
    assert str(e.value) == "row 0: open_interest = 1.5: must be a whole number of contracts"


def random_frame(n, seed=5):
    rng = np.random.default_rng(seed)
    expirations = np.array(["2024-05-17", "2024-05-24", "2024-06-21"], dtype="datetime64[D]")
    strike = np.round(rng.uniform(50.0, 150.0, n), 1)
    price = rng.uniform(0.05, 20.0, n)
    bid = np.round(price * 0.97, 2)
    bid[rng.random(n) < 0.05] = np.nan  # some one-sided quotes
    oi = rng.integers(0, 5000, n).astype(float)
    oi[rng.random(n) < 0.1] = np.nan  # unknown open interest
    return pd.DataFrame({
        "expiration": expirations[rng.integers(0, 3, n)],
        "strike": strike,
        "right": np.where(rng.random(n) < 0.5, "C", "P"),
        "bid": bid,
        "ask": np.round(price * 1.03 + 0.01, 2),
        "open_interest": pd.array(oi, dtype="Int64"),  # pandas' nullable integers
        "vendor_iv": rng.uniform(0.1, 1.0, n),
    })


def test_chain_from_frame_equals_the_builder_quote_by_quote():
    df = random_frame(300)
    result = iv.chain_from_frame(df, "TEST", AS_OF, 100.0, duplicates=iv.DuplicateQuotes.keep_first)
    b = iv.ChainBuilder("TEST", AS_OF, 100.0, duplicates=iv.DuplicateQuotes.keep_first)
    for i, row in enumerate(df.itertuples()):
        b.add(row.expiration.date(), row.strike, row.right,
              None if math.isnan(row.bid) else row.bid, row.ask,
              open_interest=None if pd.isna(row.open_interest) else int(row.open_interest),
              vendor_iv=row.vendor_iv, source_line=i + 1)
    expected = b.build()
    got_frame, expected_frame = result.chain.to_frame(), expected.chain.to_frame()
    pd.testing.assert_frame_equal(got_frame, expected_frame)
    assert [r.message for r in result.rejects] == [r.message for r in expected.rejects]
    assert len(result.chain) + len(result.rejects) == len(df)


def test_frame_round_trip():
    chain = iv.chain_from_frame(random_frame(200, seed=9), "TEST", AS_OF, 100.0,
                                duplicates=iv.DuplicateQuotes.keep_first).chain
    frame = chain.to_frame()
    assert list(frame.columns[:5]) == ["expiration", "strike", "right", "bid", "ask"]
    again = iv.chain_from_frame(frame, "TEST", AS_OF, 100.0).chain
    pd.testing.assert_frame_equal(again.to_frame(), frame)


def test_chain_from_arrays_is_one_call_for_a_large_chain():
    # 200,000 quotes: the numpy columns go to C++ once; no Python code runs per row.
    n = 200_000
    rng = np.random.default_rng(1)
    strike = np.arange(n) * 0.5 + 1.0  # distinct strikes, no duplicates
    ask = rng.uniform(0.1, 10.0, n).round(2) + 0.01
    start = time.perf_counter()
    result = iv.chain_from_arrays("TEST", AS_OF, 100.0, np.full(n, np.datetime64("2024-06-21")),
                                  strike, np.where(np.arange(n) % 2 == 0, "C", "P"), ask - 0.01,
                                  ask, open_interest=np.full(n, 10))
    elapsed = time.perf_counter() - start
    assert len(result.chain) == n and result.rejects == []
    assert elapsed < 5.0, elapsed  # about 0.1 s here; a Python loop would take seconds


def smile(expiration, k, right):
    """tests/chain/chain_greeks_test.cpp smile()."""
    m = math.log(k / 100.0)
    base = {dt.date(2024, 5, 17): 0.45, dt.date(2024, 6, 21): 0.32}.get(expiration, 0.27)
    return base + 0.8 * m * m - 0.1 * m + (0.004 if right == "P" else 0.0)


def smile_chain():
    """tests/chain/bsm_chain.hpp bsm_chain(smile_spec()): locked quotes at BSM prices."""
    expirations = [dt.date(2024, 5, 17), dt.date(2024, 6, 21), dt.date(2024, 8, 16)]
    days = {e: (e - dt.date(2024, 5, 10)).days for e in expirations}  # 16:00 to 16:00 New York
    rows = [(e, 80.0 + 2.5 * i, r) for e in expirations for i in range(17) for r in ("C", "P")]
    e, k, r = map(list, zip(*rows))
    sigma = [smile(*row) for row in rows]
    years = [days[x] / 365.0 for x in e]
    price = iv.bsm_price(r, 100.0, k, years, sigma, 0.045, 0.012)
    chain = iv.chain_from_arrays("TEST", AS_OF, 100.0, e, k, r, price, price,
                                 open_interest=np.full(len(rows), 500)).chain
    return chain, rows


def test_chain_greeks_recover_the_generating_volatilities():
    # tests/chain/chain_greeks_test.cpp "chain greeks: mid IVs recover the generating volatilities
    # to 1e-10"
    chain, rows = smile_chain()
    assert len(chain) == 3 * 17 * 2
    g = iv.ChainGreeks(chain, rate=0.045, dividend_yield=0.012)
    cols = g.to_columns()
    truth = np.array([smile(e.astype(object), k, "C" if r == "call" else "P")
                      for e, k, r in zip(cols["expiration"], cols["strike"], cols["right"])])
    assert np.max(np.abs(cols["mid_iv"] - truth)) < 1e-10
    assert np.max(np.abs(cols["bid_iv"] - truth)) < 1e-10
    assert cols["mid_iv_status"] == ["ok"] * len(chain)
    a = g.find(MAY17, 100.0, "call")
    assert a.iv == pytest.approx(smile(MAY17, 100.0, "C"), abs=1e-10)
    assert a.time_years == 7 / 365
    assert a.greeks.delta == cols["delta"][chain.quote_index(MAY17, 100.0, "call")]
    frame = g.to_frame()
    assert len(frame) == len(chain) and "vega_per_vol_point" in frame.columns
    match = iv.strike_nearest_delta(g, MAY17, "put", 0.25)
    assert match is not None and -0.35 < match.delta < -0.15


def test_chain_greeks_keep_the_chain_alive():
    chain, _ = smile_chain()
    g = iv.compute_chain_greeks(chain, 0.045, 0.012)
    del chain
    import gc

    gc.collect()
    assert g.chain.underlying == "TEST" and len(g.chain) == 102


def test_chain_greeks_bad_market():
    # tests/chain/chain_greeks_test.cpp "chain greeks: bad market inputs are rejected with the
    # field named"
    chain, _ = smile_chain()
    with pytest.raises(iv.InvalidInput) as e:
        iv.ChainGreeks(chain, rate=2.0)
    assert str(e.value) == "rate = 2: must be in [-1, 1] (a continuously compounded annual fraction)"
    with pytest.raises(iv.InvalidInput) as e:
        iv.ChainGreeks(chain, dividend_yield=float("nan"))
    assert str(e.value) == "dividend yield = nan: must be finite"


CIEN_AS_OF = dt.datetime(2025, 12, 8, 21, 0, tzinfo=UTC)  # Monday 16:00 New York (EST)


def cien_spec(**kw):
    """tests/chain/modeled_chain_test.cpp spec()."""
    return iv.ModeledChainSpec("CIEN", CIEN_AS_OF, 201.71,
                               [dt.date(2025, 12, 12), dt.date(2025, 12, 19), dt.date(2026, 1, 16)],
                               base_volatility=0.45, **kw)


def test_modeled_chain_calibration():
    # tests/chain/modeled_chain_test.cpp "calibration reproduces an observed implied move
    # (CIEN 2025-12-11: 14.18 %)"
    event = iv.EarningsEvent("CIEN", dt.date(2025, 12, 11), "BMO")
    fit = iv.calibrate_event_move(cien_spec(), event, 14.178771)
    assert fit.status == iv.CalibrationStatus.ok
    assert fit.expiration == dt.date(2025, 12, 12) and fit.atm_strike == 202.5
    chain = iv.build_modeled_chain(cien_spec().with_event(event, fit.event_move))
    call = chain.quote(dt.date(2025, 12, 12), 202.5, "C")
    put = chain.quote(dt.date(2025, 12, 12), 202.5, "P")
    assert abs((call.mid + put.mid) / 201.71 - 0.14178771) <= 0.02 / 201.71
    assert call.open_interest is None  # modeled: unknown, not zero
    assert iv.calibrate_event_move(cien_spec(), event, 1.0).status == \
        iv.CalibrationStatus.below_diffusive_straddle
    # tests/chain/modeled_chain_test.cpp "bad specs are rejected with the field and value"
    with pytest.raises(iv.InvalidInput) as e:
        iv.build_modeled_chain(iv.ModeledChainSpec("CIEN", CIEN_AS_OF, 201.71, []))
    assert str(e.value) == "expirations = []: a modeled chain needs one"
    with pytest.raises(iv.InvalidInput) as e:
        iv.build_modeled_chain(cien_spec(event=event, event_move=-0.1))
    assert str(e.value) == "event move = -0.1: must not be negative"
