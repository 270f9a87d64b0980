"""Wall-clock figures of the Python bindings quoted in docs/python.md (not a test: nothing here
asserts, and the figures need a quiet machine with a free second core to mean anything).

    PYTHONPATH=build/dev/python python3 benchmarks/python_bench.py

1. A Python scoring policy, per candidate, against the C++ policy it can replace: the section 8
   chain's candidates repeated to about 2,000, best of 5 rankings.
2. Two threads each running one vectorized implied-volatility call over 600,000 quotes, against
   one call: about 1x with the GIL released and a free core, 2x for work that holds the GIL (a
   Python loop of scalar calls, the control). The unit tests check the release itself by
   counting (tests/python/test_pricing.py), which no load can disturb.
"""

import os
import sys
import threading
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "python"))
import conftest  # noqa: E402  (the section 8 chain's constants and Black-Scholes)
import ivcrush as iv  # noqa: E402
from test_scoring import Delegating, ThetaPerRisk  # noqa: E402


def best_of(fn, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def section8_candidates():
    t = 7.0 / 365.0
    strike, right, bid, ask, delta = [], [], [], [], []
    for k in range(80, 121):
        for call in (True, False):
            price, d = conftest.black_scholes(call, 100.0, float(k), 0.60, t)
            strike.append(float(k))
            right.append("C" if call else "P")
            bid.append(round(0.97 * price, 2))
            ask.append(round(1.03 * price + 0.01, 2))
            delta.append(round(d, 4))
    n = len(strike)
    chain = iv.chain_from_arrays(
        "SYN", conftest.SECTION8_AS_OF, 100.0, np.full(n, np.datetime64(conftest.SECTION8_EXPIRY)),
        strike, right, bid, ask, volume=np.full(n, 200), open_interest=np.full(n, 1000),
        vendor_delta=delta).chain
    base = iv.generate_candidates(iv.ChainGreeks(chain), conftest.SECTION8_EXPIRY, 6.63,
                                  2.2).candidates
    return iv.CandidateList(list(base) * 15)


def policy_cost():
    candidates = section8_candidates()
    context = iv.ScoringContext(100.0, 6.63, 2.2)
    n = len(candidates)
    rows = [("iv_crush_default (C++)", iv.StrategyScorer("iv_crush_default")),
            ("Python delegating to it", iv.StrategyScorer(Delegating("iv_crush_default"))),
            ("ThetaPerRisk (Python)", iv.StrategyScorer(ThetaPerRisk()))]
    cpp = None
    print(f"policy cost per candidate ({n} candidates, best of 5):")
    for name, scorer in rows:
        per = best_of(lambda: scorer.rank(candidates, context)) / n
        cpp = cpp or per
        print(f"  {name:26s} {per * 1e9:8.0f} ns  {per / cpp:5.1f}x")


def two_threads(fn):
    fn()
    single = best_of(fn, 3)

    def both():
        threads = [threading.Thread(target=fn) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    return single, best_of(both, 3) / single


def thread_overlap():
    rng = np.random.default_rng(3)
    strike = np.round(rng.uniform(70.0, 130.0, 600_000), 2)
    premium = iv.bsm_price("call", 100.0, strike, 0.25, rng.uniform(0.1, 0.9, strike.size))
    single, ratio = two_threads(lambda: iv.implied_volatility("call", premium, 100.0, strike, 0.25))
    print(f"vectorized IV, 600,000 quotes: one call {single:.3f} s, two threads {ratio:.2f}x")
    single, ratio = two_threads(
        lambda: [iv.bsm_price("call", 100.0, 100.0, 0.25, 0.2) for _ in range(20_000)])
    print(f"control, Python loop holding the GIL: one run {single:.3f} s, two threads {ratio:.2f}x")


if __name__ == "__main__":
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    policy_cost()
    thread_overlap()
