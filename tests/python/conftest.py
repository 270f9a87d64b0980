"""pytest fixtures shared by the ivcrush binding tests.

CTest runs each test file with PYTHONPATH=<build>/python (the build-tree package) and
IVCRUSH_DATA_DIR=<repo>/data. Run by hand:
    PYTHONPATH=build/py/python /usr/bin/python3 -m pytest tests/python
"""

import datetime
import math
import os
import pathlib
import types

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def data_dir():
    """The repository's data/ directory (IVCRUSH_DATA_DIR when set)."""
    path = pathlib.Path(os.environ.get("IVCRUSH_DATA_DIR", REPO_ROOT / "data"))
    assert path.is_dir(), f"data directory {path} does not exist"
    return path


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


# --- tests/strategy/synthetic_chains.hpp section8_chain(), in Python -----------------------------
# Domain-spec §8 "End-to-end generator": S = 100, Black-Scholes with r = 0, σ = 60 %, T = 7/365,
# strikes 80-120 step 1, bid = round(0.97 p, 2), ask = round(1.03 p + 0.01, 2), OI 1000, volume
# 200, vendor delta = the BS delta rounded to 4 decimals. The prices are an independent
# Black-Scholes (math.erfc), not the library's, as in the C++ fixture.

SECTION8_EXPIRY = datetime.date(2025, 1, 17)
# 7 days before the 16:00 New York (EST: 21:00 UTC) expiry on 2025-01-17.
SECTION8_AS_OF = datetime.datetime(2025, 1, 10, 21, 0, tzinfo=datetime.timezone.utc)


def _norm_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def black_scholes(call, s, k, sigma, t):
    """Black-Scholes with r = q = 0: (price, delta)."""
    sd = sigma * math.sqrt(t)
    d1 = (math.log(s / k) + 0.5 * sd * sd) / sd
    d2 = d1 - sd
    if call:
        return s * _norm_cdf(d1) - k * _norm_cdf(d2), _norm_cdf(d1)
    return k * _norm_cdf(-d2) - s * _norm_cdf(-d1), _norm_cdf(d1) - 1.0


@pytest.fixture(scope="session")
def section8():
    import numpy as np

    import ivcrush

    t = 7.0 / 365.0
    strike, right, bid, ask, delta = [], [], [], [], []
    for k in range(80, 121):
        for call in (True, False):
            price, d = black_scholes(call, 100.0, float(k), 0.60, t)
            strike.append(float(k))
            right.append("C" if call else "P")
            bid.append(round(0.97 * price, 2))
            ask.append(round(1.03 * price + 0.01, 2))
            delta.append(round(d, 4))
    n = len(strike)
    result = ivcrush.chain_from_arrays(
        "SYN", SECTION8_AS_OF, 100.0, np.full(n, np.datetime64(SECTION8_EXPIRY)), strike, right,
        bid, ask, volume=np.full(n, 200), open_interest=np.full(n, 1000), vendor_delta=delta)
    assert result.rejects == []
    chain = result.chain
    greeks = ivcrush.ChainGreeks(chain)
    return types.SimpleNamespace(chain=chain, greeks=greeks, expiry=SECTION8_EXPIRY,
                                 as_of=SECTION8_AS_OF)
