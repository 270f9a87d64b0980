"""Pricing and implied volatility: published values, exact agreement of the numpy forms with a
scalar loop, broadcasting, error messages, and the GIL being released.

Known answers come from tests/pricing/black_scholes_test.cpp and implied_vol_test.cpp (named in
each test's comment).
"""

import math
import sys
import threading
import time

import numpy as np
import pytest

import ivcrush as iv


# tests/pricing/black_scholes_test.cpp "Haug's European values (QuantLib testValues), t as given,
# tolerance 1e-4": right, strike, spot, q, r, t, sigma, value.
HAUG = [
    ("call", 65.0, 60.0, 0.00, 0.08, 0.25, 0.30, 2.1334),
    ("put", 95.0, 100.0, 0.05, 0.10, 0.50, 0.20, 2.4648),
    ("put", 19.0, 19.0, 0.10, 0.10, 0.75, 0.28, 1.7011),
    ("call", 1.60, 1.56, 0.08, 0.06, 0.50, 0.12, 0.0291),
    ("put", 70.0, 75.0, 0.05, 0.10, 0.50, 0.35, 4.0870),
    ("call", 100.0, 90.0, 0.10, 0.10, 0.10, 0.15, 0.0205),
    ("call", 100.0, 100.0, 0.10, 0.10, 0.50, 0.25, 6.6997),
    ("put", 100.0, 110.0, 0.10, 0.10, 0.50, 0.35, 5.7963),
    ("call", 40.0, 42.0, 0.08, 0.04, 0.75, 0.35, 5.0975),
]


@pytest.mark.parametrize("right,strike,spot,q,r,t,sigma,value", HAUG)
def test_haug_values(right, strike, spot, q, r, t, sigma, value):
    assert abs(iv.bsm_price(right, spot, strike, t, sigma, r, q) - value) <= 1e-4
    assert abs(iv.bsm_greeks(right, spot, strike, t, sigma, r, q).price - value) <= 1e-4


def test_haug_values_as_one_array_call():
    # The same table through the numpy form: one call, every row.
    rights, strikes, spots, qs, rs, ts, sigmas, values = map(np.array, zip(*HAUG))
    prices = iv.bsm_price(rights, spots, strikes, ts, sigmas, rs, qs)
    assert prices.shape == (len(HAUG),)
    assert np.all(np.abs(prices - values) <= 1e-4)


def test_haug_greeks():
    # tests/pricing/black_scholes_test.cpp "Haug's greeks (QuantLib testGreekValues)"
    c = iv.bsm_greeks("call", 105, 100, 0.5, 0.36, 0.10, 0.10)
    assert abs(c.delta - 0.5946) <= 1e-4
    p = iv.bsm_greeks("put", 105, 100, 0.5, 0.36, 0.10, 0.10)
    assert abs(p.delta - -0.3566) <= 1e-4
    assert abs(p.delta * 105.0 / p.price - -4.8775) <= 1e-4
    for right in ("call", "put"):
        g = iv.bsm_greeks(right, 55, 60, 0.75, 0.30, 0.10, 0.0)
        assert abs(g.gamma - 0.0278) <= 1e-4
        assert abs(g.vega_per_unit_vol - 18.9358) <= 1e-4


def test_greeks_synopsis_and_units():
    # ivcrush/pricing/greeks.hpp synopsis: theta_per_year == -31.1924...
    g = iv.bsm_greeks(iv.OptionRight.put, 430.0, 405.0, 1 / 12, 0.20, 0.07, 0.05)
    assert g.theta_per_year == pytest.approx(-31.1924, abs=1e-4)
    # tests/pricing/black_scholes_test.cpp "unit conversions: per vol point, per calendar day"
    g = iv.bsm_greeks("call", 100, 105, 30 / 365, 0.40, 0.05, 0.02)
    assert g.vega_per_vol_point == g.vega_per_unit_vol / 100.0
    assert g.theta_per_calendar_day == g.theta_per_year / 365.0
    assert g.rho_per_rate_point == g.rho_per_unit_rate / 100.0
    up = iv.bsm_price("call", 100, 105, 30 / 365, 0.41, 0.05, 0.02)
    down = iv.bsm_price("call", 100, 105, 30 / 365, 0.39, 0.05, 0.02)
    assert abs((up - down) / 2 - g.vega_per_vol_point) <= 1e-5


def test_synopsis_price_and_implied_volatility():
    # ivcrush/pricing/black_scholes.hpp synopsis: 1.4425226889...; implied_vol.hpp inverts it.
    price = iv.bsm_price("call", 100.0, 105.0, 60 / 365, 0.20, 0.01)
    assert price == pytest.approx(1.4425226889, abs=1e-10)
    r = iv.implied_volatility("call", price, 100.0, 105.0, 60 / 365, 0.01)
    assert r.ok and r.status == iv.IvStatus.ok
    assert r.volatility == pytest.approx(0.20, abs=1e-13)
    assert 1 <= r.iterations <= 3


def test_bsm_form_recovers_sigma():
    # tests/pricing/implied_vol_test.cpp "BSM form: calls and puts, in and out of the money"
    for k in (60.0, 95.0, 100.0, 105.0, 180.0):
        for right in ("call", "put"):
            premium = iv.bsm_price(right, 100.0, k, 0.75, 0.35, 0.045, 0.015)
            r = iv.implied_volatility(right, premium, 100.0, k, 0.75, 0.045, 0.015)
            assert r.status == iv.IvStatus.ok
            vega = iv.bsm_greeks(right, 100.0, k, 0.75, 0.35, 0.045, 0.015).vega_per_unit_vol
            tolerance = max(1e-14, 8 * np.finfo(float).eps * premium / vega)
            assert abs(r.volatility - 0.35) <= tolerance


def test_iv_statuses_are_values():
    # tests/pricing/implied_vol_test.cpp "prices outside the no-arbitrage bounds get the right
    # status, never an exception" (in the BSM form, r = q = 0 so F = S).
    below = iv.implied_volatility("call", 49.0, 100.0, 50.0, 0.5)
    assert below.status == iv.IvStatus.below_intrinsic and below.volatility is None
    assert iv.implied_volatility("call", 100.0, 100.0, 100.0, 0.5).status == \
        iv.IvStatus.above_upper_bound
    assert iv.implied_volatility("call", 0.0, 100.0, 100.0, 0.5).status == iv.IvStatus.no_time_value
    assert str(iv.IvStatus.above_upper_bound) == "above_upper_bound"


def test_bad_inputs_raise_invalid_input_with_the_cpp_message():
    # tests/pricing/black_scholes_test.cpp "bad inputs are rejected at the boundary with the field
    # and the value"
    cases = [
        (dict(spot=-100), "spot = -100: must not be negative"),
        (dict(spot=float("nan")), "spot = nan: must be finite"),
        (dict(strike=-5), "strike = -5: must not be negative"),
        (dict(years=-1), "years = -1: must not be negative"),
        (dict(volatility=float("inf")), "volatility = inf: must be finite"),
        (dict(rate=float("nan")), "rate = nan: must be finite"),
        (dict(dividend_yield=-3),
         "dividend yield = -3: must be in [-1, 1] (a continuously compounded annual fraction)"),
        (dict(strike=0), "strike = 0: must be positive"),
        (dict(years=150), "years = 150: must be at most 100"),
        (dict(volatility=150), "volatility = 150: must be at most 100 (10,000 %)"),
    ]
    ok = dict(right="call", spot=100, strike=100, years=0.5, volatility=0.2, rate=0.05)
    for change, message in cases:
        with pytest.raises(iv.InvalidInput) as e:
            iv.bsm_price(**{**ok, **change})
        assert str(e.value) == message
    # tests/pricing/implied_vol_test.cpp "bad inputs throw InvalidInput naming the field"
    with pytest.raises(iv.InvalidInput) as e:
        iv.implied_volatility("call", 5.0, 100.0, 100.0, 0.5, rate=float("nan"))
    assert str(e.value) == "rate = nan: must be finite"
    with pytest.raises(iv.InvalidInput) as e:
        iv.bsm_price("C", 100, 100, 0.5, 0.2, rate=2.0)
    assert e.value.code == "out_of_range"
    with pytest.raises(iv.InvalidInput) as e:
        iv.bsm_price("c", 100, 100, 0.5, 0.2)
    assert str(e.value) == "option right = 'c': must be one of C, P, call, put"


def test_array_errors_name_the_element():
    with pytest.raises(iv.InvalidInput) as e:
        iv.bsm_price("call", [100.0, 101.0, -1.0], 105.0, 0.5, 0.2)
    assert str(e.value) == "at index 2: spot = -1: must not be negative"


def random_inputs(n, seed=7):
    rng = np.random.default_rng(seed)
    rights = np.where(rng.random(n) < 0.5, "call", "put")
    spot = rng.uniform(20.0, 300.0, n)
    strike = np.round(spot * rng.uniform(0.6, 1.5, n), 2)  # on the $0.001 grid
    years = rng.uniform(1 / 365, 2.0, n)
    sigma = rng.uniform(0.05, 1.5, n)
    rate = rng.uniform(-0.01, 0.08, n)
    q = rng.uniform(0.0, 0.04, n)
    return rights, spot, strike, years, sigma, rate, q


def test_vectorized_price_and_greeks_equal_the_scalar_loop_exactly():
    rights, spot, strike, years, sigma, rate, q = random_inputs(400)
    prices = iv.bsm_price(rights, spot, strike, years, sigma, rate, q)
    greeks = iv.bsm_greeks(rights, spot, strike, years, sigma, rate, q)
    for i in range(len(spot)):
        args = (str(rights[i]), spot[i], strike[i], years[i], sigma[i], rate[i], q[i])
        assert prices[i] == iv.bsm_price(*args)  # bit for bit
        g = iv.bsm_greeks(*args)
        for name, column in greeks.items():
            assert column[i] == getattr(g, name), name


def test_vectorized_implied_volatility_equals_the_scalar_loop_exactly():
    rights, spot, strike, years, sigma, rate, q = random_inputs(400, seed=11)
    premium = iv.bsm_price(rights, spot, strike, years, sigma, rate, q)
    premium[::7] = 0.0  # some no_time_value / below_intrinsic rows too
    vols, status = iv.implied_volatility(rights, premium, spot, strike, years, rate, q,
                                         with_status=True)
    assert status.dtype == np.int8
    for i in range(len(spot)):
        r = iv.implied_volatility(str(rights[i]), premium[i], spot[i], strike[i], years[i],
                                  rate[i], q[i])
        assert status[i] == int(r.status)
        if r.volatility is None:
            assert math.isnan(vols[i])
        else:
            assert vols[i] == r.volatility
    ok = status == int(iv.IvStatus.ok)
    assert ok.sum() > 300
    assert np.allclose(vols[ok], sigma[ok], rtol=1e-9, atol=1e-9)


def test_broadcasting():
    spots = np.linspace(80.0, 120.0, 5)
    one = iv.bsm_price("call", spots, 100.0, 0.5, 0.3)  # array vs scalars
    assert one.shape == (5,)
    assert one[2] == iv.bsm_price("call", 100.0, 100.0, 0.5, 0.3)
    grid = iv.bsm_price("put", spots[:, None], np.array([[90.0, 100.0, 110.0]]), 0.5, 0.3)
    assert grid.shape == (5, 3)
    assert grid[4, 0] == iv.bsm_price("put", 120.0, 90.0, 0.5, 0.3)
    both = iv.bsm_price(["call", "put"], 100.0, [[95.0], [105.0]], 0.5, 0.3)  # (2,) vs (2, 1)
    assert both.shape == (2, 2)
    assert both[1, 0] == iv.bsm_price("call", 100.0, 105.0, 0.5, 0.3)
    # pandas Series and lists are array-likes too; numpy scalars are scalars.
    assert isinstance(iv.bsm_price("call", np.float64(100.0), 100.0, 0.5, 0.3), float)
    with pytest.raises(ValueError):
        iv.bsm_price("call", [100.0, 101.0, 102.0], [100.0, 101.0], 0.5, 0.3)


def test_black76():
    # Black-76 on the forward equals BSM with q = r (black_scholes.hpp).
    f, k, t, s, r = 100.0, 105.0, 0.5, 0.25, 0.03
    assert iv.black76_price("call", f, k, t, s, r) == pytest.approx(
        iv.bsm_price("call", f, k, t, s, r, r), rel=1e-12)


def _iv_workload(n):
    rng = np.random.default_rng(3)
    spot = 100.0
    strike = np.round(rng.uniform(70.0, 130.0, n), 2)
    premium = iv.bsm_price("call", spot, strike, 0.25, rng.uniform(0.1, 0.9, n))
    return premium, strike


def main_thread_steps_during(call):
    """Runs call() in a worker thread while the main thread counts steps of a Python loop that
    gives up the GIL at every step (time.sleep(0)); returns how many steps the main thread took
    between the worker's last bytecode before call() and its first one after it.

    The switch interval is raised for the measurement so that the interpreter never takes the
    GIL from the worker on its own: the worker can lose it only by releasing it. So with the GIL
    held for the whole call the count is exactly 0, whatever the load; with it released the main
    thread runs during the call as soon as the OS gives it a moment, which over a call of a
    tenth of a second or more it does (a count of 0 then would need the main thread to get no
    CPU at all for the whole call). Nothing here compares durations."""
    steps = 0
    window = []

    def worker():
        window.append(steps)
        call()
        window.append(steps)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        while thread.is_alive():
            steps += 1
            time.sleep(0)  # releases the GIL: the worker takes it whenever it wants it
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    before, after = window
    return after - before


def test_other_threads_run_during_a_vectorized_iv_call():
    """The GIL is released: while a worker thread is inside one long vectorized IV call, the main
    thread keeps running Python. Were the GIL held, it could not take a single step (the control
    below). Load-independent: a count, not a duration (see main_thread_steps_during)."""
    premium, strike = _iv_workload(600_000)
    assert main_thread_steps_during(
        lambda: iv.implied_volatility("call", premium, 100.0, strike, 0.25)) > 0


def test_other_threads_run_during_vectorized_prices_and_greeks():
    spot = np.linspace(50.0, 150.0, 400_000)
    assert main_thread_steps_during(lambda: iv.bsm_greeks("call", spot, 100.0, 0.25, 0.3)) > 0


def test_a_call_holding_the_gil_stops_the_main_thread():
    # The control: sum() over a long range runs in C without releasing the GIL, and the main
    # thread takes no step at all while it runs; so the checks above can fail.
    assert main_thread_steps_during(lambda: sum(range(5_000_000))) == 0
    # The same for a Python loop of scalar library calls (each holds the GIL: no buffers).
    assert main_thread_steps_during(
        lambda: [iv.bsm_price("call", 100.0, 100.0, 0.25, 0.2) for _ in range(20_000)]) == 0
