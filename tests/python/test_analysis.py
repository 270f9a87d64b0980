"""The analysis bindings (python/src/bind_analysis.cpp) and the scan workflow against the known
answers of the C++ side:

- examples/golden/analyze.txt: `analyze CIEN` (iv_crush_model, top 3, $20,000 budget, modeled
  chain calibrated to the 14.18 % observation);
- tests/analysis/ticker_analysis_test.cpp: the VRP formula on CIEN's 12 reactions, the statuses
  and their messages, the look-ahead guard, model_event_chain's validation;
- examples/golden/scan.txt: `scan` on the bundled data (the ranked rows);
- docs/chain-io.md: the bundled files' row counts and the reader's messages.
"""

import datetime
import math
import threading
import time

import numpy as np
import pandas as pd
import pytest

import ivcrush

CIEN_DATE = datetime.date(2025, 12, 11)
CIEN_ENTRY = datetime.date(2025, 12, 5)  # the scan date 2025-12-06 is a Saturday
# close_move_pct of CIEN's 12 rows in data/earnings_reactions.csv (as in the C++ test), in file
# order (oldest first); histories are newest first: CIEN_NEWEST_FIRST.
CIEN_CLOSE_MOVES = [19.958365, 3.666733, -10.757896, 15.801668, 1.20193, -14.719172, 0.663349,
                    -0.758804, 15.448706, -2.411106, -12.921679, 23.307318]
CIEN_NEWEST_FIRST = CIEN_CLOSE_MOVES[::-1]


@pytest.fixture(scope="module")
def dataset(data_dir):
    return ivcrush.load_earnings_dataset(str(data_dir))


@pytest.fixture(scope="module")
def cien(dataset):
    obs = dataset.latest_observation("CIEN")
    return ivcrush.model_event_chain("CIEN", obs["earnings_date"], "AMC", CIEN_ENTRY,
                                     obs["stock_price"], obs["implied_move_pct"])


def modeled_options(**kw):
    return ivcrush.TickerAnalysisOptions(unknown_oi="acceptable", **kw)


# ------------------------------------------------------------------------------------------------
# The dataset

def test_the_bundled_files_load_completely(dataset):
    # docs/chain-io.md: calendar 4,244 rows, reactions 1,997, implied_moves.csv 26, no rejects.
    assert dataset.calendar_size == 4244
    assert dataset.reaction_count == 1997
    assert dataset.observation_count == 26
    assert len(dataset.rejects) == 0
    assert list(dataset.rejects.columns) == ["file", "line", "column", "reason", "code"]


def test_history_lookups(dataset):
    h = dataset.history_frame("CIEN", CIEN_DATE)
    assert len(h) == 12
    assert (h["earnings_date"] < pd.Timestamp(CIEN_DATE)).all()
    np.testing.assert_allclose(h["close_move_pct"], CIEN_NEWEST_FIRST, rtol=0, atol=2e-6)
    assert len(dataset.history_frame("CIEN", CIEN_DATE, 5)) == 5
    five = dataset.history_frame("CIEN", CIEN_DATE, 5)["earnings_date"]
    assert five.iloc[0] == pd.Timestamp("2025-09-04")  # the newest five, newest first
    assert five.iloc[4] == pd.Timestamp("2024-09-04")
    moves = dataset.history_before("CIEN", CIEN_DATE, 12)
    assert [m.close_move_pct for m in moves] == list(h["close_move_pct"])
    assert dataset.timing("CIEN", CIEN_DATE) == "AMC"
    assert dataset.timing("CIEN", datetime.date(2025, 12, 12)) is None
    assert "CIEN" in dataset.observed_symbols()
    assert dataset.next_event("CIEN", CIEN_ENTRY) == (CIEN_DATE, "AMC")


def test_latest_observation(dataset):
    # data/implied_moves_2025-12.csv via implied_moves.csv: spot 201.71, straddle 28.60.
    o = dataset.latest_observation("CIEN")
    assert o["earnings_date"] == CIEN_DATE
    assert o["scan_date"] == datetime.date(2025, 12, 6)
    assert o["stock_price"] == 201.71
    assert o["straddle_cost"] == 28.6
    assert o["implied_move_pct"] == 14.178772
    assert dataset.latest_observation("ZZZZ") is None


def test_a_missing_directory_names_the_file():
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.load_earnings_dataset("/no/such/dir")
    assert str(e.value) == "file = '/no/such/dir/earnings_calendar.csv': cannot be opened"
    assert e.value.code == "unreadable"


# ------------------------------------------------------------------------------------------------
# The modeled chain

def test_the_modeled_chain_prices_the_observed_move(cien):
    # analyze.txt: "base vol 30.0%, event move 17.27% (one-session sd), 743 quotes",
    # expiration 2025-12-12, ATM strike 202.5 (the C++ test's calibration).
    assert cien.quotes == 743
    assert round(cien.event_move_pct, 2) == 17.27
    assert cien.expiration == datetime.date(2025, 12, 12)
    assert cien.atm_strike == 202.5
    assert cien.chain.spot == 201.71
    assert len(cien.chain) == 743
    after = cien.crushed_chain(datetime.datetime(2025, 12, 12, 16, tzinfo=datetime.timezone.utc),
                               202.5)
    assert after is not None and after.spot == 202.5


@pytest.mark.parametrize("kwargs, message", [
    ({"as_of": CIEN_DATE}, "as_of = 2025-12-11: the chain must be priced before the announcement"),
    ({"implied_move_pct": 0.5}, "implied move % = 0.5: is below the straddle the base volatility "
                                "alone prices (negative event variance)"),
    ({"spot": 0.0}, "spot = 0: must be positive"),
    ({"model": ivcrush.EventChainModel(weekly_expirations=0)},
     "weekly_expirations = 0: must be in [1, 52]"),
])
def test_model_event_chain_errors_are_the_libraries(kwargs, message):
    args = dict(ticker="CIEN", earnings_date=CIEN_DATE, timing="AMC", as_of=CIEN_ENTRY,
                spot=201.71, implied_move_pct=14.178772)
    args.update(kwargs)
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.model_event_chain(**args)
    assert str(e.value) == message


# ------------------------------------------------------------------------------------------------
# analyze_ticker

def cien_consistency_by_numpy(data_dir):
    """The consistency analyzer's numbers for CIEN before 2025-12-11, from the raw CSV rows with
    numpy (not the library): |close_move_pct| newest first, weights 0.85^i (i = 0 the newest),
    the sample std about the weighted mean, and the OLS slope of the moves oldest first against
    0..n-1 (np.polyfit). Gives 11.0182 %, +0.1558 pt/quarter and score 26.1754."""
    rows = pd.read_csv(data_dir / "earnings_reactions.csv")
    cien = rows[(rows["ticker"] == "CIEN") & (rows["earnings_date"] < "2025-12-11")]
    oldest_first = np.abs(cien.sort_values("earnings_date")["close_move_pct"].to_numpy())
    newest_first = oldest_first[::-1]
    n = len(newest_first)
    w = 0.85 ** np.arange(n)
    wmean = float((w * newest_first).sum() / w.sum())
    sd = float(np.sqrt(((newest_first - wmean) ** 2).sum() / (n - 1)))
    slope = float(np.polyfit(np.arange(n), oldest_first, 1)[0])
    return {"wmean": wmean, "slope": slope, "score": 100.0 * (1.0 - sd / wmean)}


def test_consistency_on_cien_reads_the_history_newest_first(dataset, data_dir):
    # Issue 16: a list of moves in any order is ordered newest first by the binding.
    expected = cien_consistency_by_numpy(data_dir)
    assert expected["slope"] == pytest.approx(0.155788, abs=1e-6)
    assert expected["wmean"] == pytest.approx(11.018240, abs=1e-6)
    moves = dataset.history_before("CIEN", CIEN_DATE, 12)
    for order in (moves, moves[::-1], moves[3:] + moves[:3]):
        c = ivcrush.analyze_consistency(order)
        assert c.weighted_mean_pct == pytest.approx(expected["wmean"], abs=1e-5)
        assert c.trend_slope_pct_per_quarter == pytest.approx(expected["slope"], abs=1e-5)
        assert c.consistency_score == pytest.approx(expected["score"], abs=1e-4)
    # Bare percentages carry no dates: they are read newest first.
    c = ivcrush.analyze_consistency(CIEN_NEWEST_FIRST)
    assert c.weighted_mean_pct == pytest.approx(expected["wmean"], abs=1e-5)


def test_the_history_window_is_the_programs(cien, dataset):
    # One window: analyze_ticker reads the newest history_window (default 12) reactions, from a
    # dataset or a list, as analyze/scan/backtest's --history.
    moves = dataset.history_before("CIEN", CIEN_DATE)
    a = ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), dataset, options=modeled_options(),
                               history_window=4)
    b = ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), moves[::-1],
                               options=modeled_options(), history_window=4)
    assert a.vrp.sample_size == 4 and b.vrp.sample_size == 4
    np.testing.assert_allclose(a.signed_moves_pct, CIEN_NEWEST_FIRST[:4], rtol=0, atol=2e-6)
    np.testing.assert_allclose(b.signed_moves_pct, CIEN_NEWEST_FIRST[:4], rtol=0, atol=2e-6)
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), dataset, history_window=0)
    assert str(e.value) == "history_window = 0: must be at least 1"

def condor_empirical_by_numpy(data_dir, spot, days, vol_pct, drift):
    """The iron condor +167.5P -170P -245C +247.5C at $0.735 credit per share over CIEN's 12
    signed close moves before 2025-12-11, each followed by a lognormal diffusion of `days`/365
    years at `vol_pct`: POP (P/L >= 0) and E[P/L] per unit by a 400,001-point quadrature in numpy
    (not the library). Gives 85.9 % and $40.50 for the golden's 6 days at 29.9 %."""
    rows = pd.read_csv(data_dir / "earnings_reactions.csv")
    cien = rows[(rows["ticker"] == "CIEN") & (rows["earnings_date"] < "2025-12-11")]
    moves = cien.sort_values("earnings_date")["close_move_pct"].to_numpy()[-12:] / 100.0
    z = np.linspace(-12.0, 12.0, 400001)
    w = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi) * (z[1] - z[0])
    t, sigma = days / 365.0, vol_pct / 100.0
    pop = ev = 0.0
    for m in moves:
        st = spot * (1.0 + m) * np.exp((drift - 0.5 * sigma**2) * t + sigma * math.sqrt(t) * z)
        pnl = (0.735 - np.maximum(170.0 - st, 0) + np.maximum(167.5 - st, 0)
               - np.maximum(st - 245.0, 0) + np.maximum(st - 247.5, 0))
        pop += float((w * (pnl >= 0)).sum())
        ev += float((w * pnl).sum()) * 100.0
    return {"pop_pct": 100.0 * pop / len(moves), "ev": ev / len(moves)}


def test_cien_matches_the_analyze_golden(cien, dataset, data_dir):
    a = ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), dataset, policy="iv_crush_model",
                               top_n=3, options=modeled_options(use_skew_bias=False,
                                                                risk_budget=20000.0))
    assert a.ok and a.status == "ok" and a.message == ""
    assert a.expiration == datetime.date(2025, 12, 12)
    # "implied move  14.18% = $28.60"; "ratio 1.40x = implied 14.18% / mean |close move| 10.13%"
    assert round(a.implied_move_pct, 2) == 14.18
    assert round(a.straddle, 2) == 28.60
    assert round(a.vrp_ratio, 2) == 1.40
    assert a.recommendation == "marginal"
    assert round(a.to_dict()["mean_move_pct"], 2) == 10.13
    # "score 26.2/100, weighted mean 11.02%, trend stable (+0.16 pt/quarter)": recomputed here
    # with numpy from the data rows (issue 16: the golden had pinned 22.2 / 10.39 % / -0.16 from
    # the history read in reverse).
    d = a.to_dict()
    expected = cien_consistency_by_numpy(data_dir)
    assert d["consistency_score"] == pytest.approx(expected["score"], abs=1e-4)
    assert a.consistency.weighted_mean_pct == pytest.approx(expected["wmean"], abs=1e-5)
    assert a.consistency.trend_slope_pct_per_quarter == pytest.approx(expected["slope"], abs=1e-5)
    assert round(d["consistency_score"], 1) == 26.2
    assert d["trend"] == "stable"
    # "Strategies: the top 3 of 137 candidates"
    assert a.candidate_count == 137 and a.scored == 137 and len(a.candidates) == 137
    r = a.ranking_frame()
    assert list(r["rank"]) == [1, 2, 3]
    assert [round(s, 2) for s in r["score"]] == [78.12, 78.11, 78.01]
    assert list(r["strategy"]) == ["iron_condor"] * 3
    best = r.iloc[0]
    assert best["legs"] == "+167.5P -170P -245C +247.5C"
    assert round(best["credit"], 2) == 73.50
    assert round(best["max_loss"], 2) == 176.50
    assert round(best["reward_risk"], 2) == 0.42
    assert round(best["pop_model_pct"], 1) == 70.1
    assert round(best["pop_empirical_pct"], 1) == 85.9
    assert round(best["expected_pnl_model"], 2) == 0.36
    assert round(best["expected_pnl_empirical"], 2) == 40.50
    # Issue 16: entered at the 2025-12-05 close, 4 sessions before the news (6 calendar days
    # besides the event) to the 2025-12-12 expiry; the empirical outcome convolves each reaction
    # with that diffusion. Recomputed by quadrature; the drift (the model's rate, a few %) moves
    # the POP by < 0.05 pt and E[P/L] by < $0.15 over 6 days, inside the tolerances.
    assert d["sessions_before_news"] == 4 and d["sessions_after_reaction"] == 0
    assert d["post_event_diffusion_days"] == pytest.approx(6.0, abs=1e-9)
    assert round(d["post_event_diffusion_vol_pct"], 1) == 29.9
    by_numpy = condor_empirical_by_numpy(data_dir, 201.71, d["post_event_diffusion_days"],
                                         d["post_event_diffusion_vol_pct"], drift=0.0)
    assert best["pop_empirical_pct"] == pytest.approx(by_numpy["pop_pct"], abs=0.1)
    assert best["expected_pnl_empirical"] == pytest.approx(by_numpy["ev"], abs=0.2)
    assert best["contracts"] == 6
    b = a.breakdown_frame()
    first = b[b["rank"] == 1].set_index("component")["points"].round(2)
    assert first["pop"] == 40.00 and first["liquidity"] == 22.00
    assert first["vrp"] == 11.89 and first["edge"] == 0.00 and first["greeks"] == 4.23
    assert a.best.contracts == 6
    assert a.candidates[int(best["index"])].contracts == 6


def test_the_vrp_is_implied_over_the_mean_absolute_move(cien, dataset):
    # ticker_analysis_test.cpp "analyze_ticker on CIEN": VRP = implied / mean |close move|.
    a = ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), dataset,
                               policy="iv_crush_default", options=modeled_options())
    mean_abs = sum(abs(m) for m in CIEN_CLOSE_MOVES) / 12
    assert a.vrp_ratio == pytest.approx(a.implied_move_pct / mean_abs, rel=1e-7)
    assert a.vrp.sample_size == 12
    np.testing.assert_allclose(a.signed_moves_pct, CIEN_NEWEST_FIRST, rtol=0, atol=2e-6)
    scores = list(a.ranking_frame()["score"])
    assert scores == sorted(scores, reverse=True) and len(scores) == 3


def test_statuses_and_messages(cien, dataset):
    # ticker_analysis_test.cpp "analyze_ticker stops with a status and keeps what it computed".
    a = ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), dataset,
                               options=modeled_options(vrp_min_history=13))
    assert a.status == "vrp_not_available" and a.message.startswith("VRP")
    assert a.implied_move_pct is not None and a.candidate_count == 0
    later = ivcrush.analyze_ticker(cien.chain, (datetime.date(2026, 1, 30), "AMC"), dataset)
    assert later.status == "no_expiration_after_event"
    assert later.message == "the CIEN chain lists no expiration after 2026-01-30 AMC"
    strict = ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), dataset)
    assert strict.status == "no_implied_move" and strict.message.startswith(
        "implied move: unknown_open_interest (the straddle has no open interest in the data")


def test_history_after_the_event_is_rejected(cien, dataset, tmp_path, data_dir):
    # The look-ahead guard, with the message of the C++ test (history[0]: the newest move).
    src = (data_dir / "earnings_reactions.csv").read_text()
    leak = ("CIEN,2025-12-11,BMO,201.71,2025-12-11,200,205,195,202,0,0,0,test\n")
    (tmp_path / "earnings_reactions.csv").write_text(src + leak)
    for name in ("earnings_calendar.csv", "implied_moves.csv"):
        (tmp_path / name).write_text((data_dir / name).read_text())
    leaky = ivcrush.load_earnings_dataset(str(tmp_path))
    history = leaky.history_before("CIEN", datetime.date(2025, 12, 12))
    assert len(history) == 13
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.analyze_ticker(cien.chain, (CIEN_DATE, "AMC"), history,
                               options=modeled_options())
    assert str(e.value) == ("history[0].earnings_date = 2025-12-11: is not before the analysed "
                            "announcement of 2025-12-11")


def test_a_python_policy_and_the_event_forms(cien, dataset):
    class PreferPop:
        def score(self, candidate, context):
            return 100.0 * candidate.pop_model

    a = ivcrush.analyze_ticker(cien.chain, ivcrush.EarningsEvent("CIEN", CIEN_DATE, "AMC"),
                               dataset, policy=PreferPop(), options=modeled_options())
    pops = [c.pop_model for c in a.candidates]
    assert a.ranking_frame()["score"].iloc[0] == pytest.approx(100.0 * max(pops))
    b = ivcrush.analyze_ticker(cien.chain, CIEN_DATE, dataset, options=modeled_options())
    assert b.timing == "AMC"  # from the calendar
    c = ivcrush.analyze_ticker(cien.chain, ("CIEN", "2025-12-11", "AMC"), dataset,
                               options=modeled_options())
    assert c.to_dict() == b.to_dict()


def test_options_are_picklable_values():
    import pickle

    o = ivcrush.TickerAnalysisOptions(kinds=["iron_condor"], vrp_thresholds="conservative",
                                      unknown_oi="acceptable")
    assert pickle.loads(pickle.dumps(o)) == o
    assert o.unknown_oi == "acceptable"
    # The enum is accepted too, and read back as its spelling.
    assert ivcrush.TickerAnalysisOptions(
        unknown_oi=ivcrush.LiquidityPolicy.unknown_is_zero).unknown_oi == "zero"
    assert o.kinds == ["iron_condor"]
    m = ivcrush.EventChainModel(base_volatility_pct=45.0)
    assert pickle.loads(pickle.dumps(m)).base_volatility_pct == 45.0
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        ivcrush.TickerAnalysisOptions(nope=1)
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.TickerAnalysisOptions(unknown_oi="maybe")
    assert str(e.value) == "unknown_oi = 'maybe': must be acceptable or zero"


def share_of_call_overlapped(call):
    """Runs call() on another thread and spins here meanwhile: the share of the call's duration
    during which this thread ran Python (about 1 when the call releases the GIL, 0 when it
    holds it: this thread would only get it back after the call)."""
    t = {}
    started = threading.Event()

    def work():
        started.set()
        t["start"] = time.perf_counter()
        call()
        t["end"] = time.perf_counter()

    worker = threading.Thread(target=work)
    worker.start()
    started.wait()
    first = None
    while worker.is_alive():
        if first is None:
            first = time.perf_counter()
    worker.join()
    return (t["end"] - first) / (t["end"] - t["start"])


def test_analysis_releases_the_gil(cien, dataset):
    chains = [cien.chain] * 1000
    share = share_of_call_overlapped(
        lambda: ivcrush.scan_chains(chains, dataset, unknown_oi="acceptable"))
    assert share > 0.5


# ------------------------------------------------------------------------------------------------
# The chain CSV layout

def test_written_chains_read_back_identical(cien, tmp_path):
    path = tmp_path / "CIEN.csv"
    assert ivcrush.write_chain_csv([cien.chain], path) == 743
    read = ivcrush.read_option_chains(str(path))
    assert len(read.rejects) == 0 and len(read.chains) == 1
    back = read.chains[0]
    assert (back.underlying, back.as_of, back.spot) == ("CIEN", cien.chain.as_of, 201.71)
    a, b = cien.chain.to_columns(), back.to_columns()
    assert list(a) == list(b)
    for k in a:
        x, y = np.asarray(a[k]), np.asarray(b[k])
        if x.dtype.kind == "f":
            assert np.array_equal(x, y, equal_nan=True), k
        else:
            assert np.array_equal(x, y), k
    header = path.read_text().splitlines()[0]
    assert header == ("underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,"
                      "last,volume,open_interest,underlying_close,iv,delta,gamma,theta,vega")


def test_one_sided_and_known_sizes_round_trip(tmp_path):
    text = ("underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
            "open_interest,underlying_close,iv\n"
            "TST,2024-05-15,2024-05-17,95,P,,0.15,,12,0.1,7,500,100.25,0.41\n"
            "TST,2024-05-15,2024-05-17,100,C,2.95,3.05,10,11,,0,0,100.25,\n"
            "TST,2024-05-16,2024-05-17,100,C,1.5,1.6,,,,,,101,\n")
    first = ivcrush.read_option_chains_text("in.csv", text)
    assert len(first.rejects) == 0 and len(first.chains) == 2
    path = tmp_path / "out.csv"
    ivcrush.write_chain_csv(first.chains, path)
    second = ivcrush.read_option_chains(str(path))
    assert len(second.rejects) == 0
    for x, y in zip(first.chains, second.chains):
        assert (x.underlying, x.as_of, x.spot) == (y.underlying, y.as_of, y.spot)
        pd.testing.assert_frame_equal(pd.DataFrame(x.to_columns()), pd.DataFrame(y.to_columns()))
    # (expiration, strike, call before put): the one-sided 95 P first.
    assert pd.DataFrame(second.chains[0].to_columns())["one_sided"].tolist() == [True, False]


def test_reader_rejects_and_errors():
    text = ("underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,volume,"
            "open_interest,underlying_close\n"
            "TST,2024-05-15,2024-05-17,100,C,3.05,2.95,,,,,500,100\n"
            "TST,2024-05-15,2024-05-17,100,P,2.95,3.05,,,,,500,100\n"
            "TST,2024-05-15,2024-05-17,92.1429,P,2.95,3.05,,,,,500,100\n")
    r = ivcrush.read_option_chains_text("c.csv", text)
    assert len(r.chains) == 1 and len(r.chains[0]) == 1
    assert r.rejects[["line", "column"]].values.tolist() == [[2, "bid"], [4, "strike"]]
    assert r.rejects["reason"].tolist() == ["bid = 3.05: is above ask 2.95 (crossed market)",
                                            "strike = '92.1429': has more than 3 decimals"]
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.read_option_chains_text("chains.csv", "underlying,quote_date,expiration,strike,"
                                        "right,bid,bid_size,ask_size,last,volume,open_interest,"
                                        "underlying_close\n")
    assert str(e.value) == "chains.csv: column = 'ask': is missing from the header"  # chain-io.md


# ------------------------------------------------------------------------------------------------
# The scan workflow over exported chains = examples/scan on the bundled data

# examples/golden/scan.txt: rank, ticker, strategy, legs, credit, max loss, POP, score.
GOLDEN_SCAN = [
    (1, "UEC", "iron_butterfly", "+11P -14P -14C +17C", 143.00, 157.00, 54.3, 93.0),
    (2, "ASO", "iron_butterfly", "+41P -51P -51C +61C", 443.00, 557.00, 54.8, 89.4),
    (3, "CPB", "iron_butterfly", "+27P -30P -30C +33C", 154.00, 146.00, 52.6, 88.7),
    (4, "CIEN", "bull_put_spread", "+187.5P -190P", 96.00, 154.00, 60.9, 84.9),
    (5, "AZO", "iron_condor", "+3490P -3500P -4170C +4180C", 197.00, 803.00, 79.8, 83.7),
    (6, "CHWY", "iron_butterfly", "+29P -34P -34C +39C", 297.50, 202.50, 49.1, 79.5),
]


def test_scanning_exported_chains_reproduces_the_scan_golden(data_dir, tmp_path):
    done = ivcrush.export_modeled_chains(str(data_dir), tmp_path)
    assert len(done) == 22  # every observed ticker
    assert sorted(done.loc[done["status"] != "ok", "ticker"]) == [
        "BRZE", "CASY", "CRWD", "MRVL", "OKTA", "SAIL"]  # scan.txt's no_observed_spot rows
    files = sorted(done.loc[done["status"] == "ok", "file"])
    rows = ivcrush.rank_scan_rows(ivcrush.scan_chain_files(
        files, str(data_dir), "iv_crush_default", unknown_oi="acceptable"))
    assert list(rows.columns) == ivcrush.SCAN_COLUMNS
    ok = rows[rows["status"] == "ok"]
    got = [(int(r.rank), r.ticker, r.strategy, r.legs, round(r.credit, 2), round(r.max_loss, 2),
            round(r.pop_model_pct, 1), round(r.score, 1)) for r in ok.itertuples()]
    assert got == GOLDEN_SCAN
    rest = rows[rows["status"] != "ok"]
    assert set(rest["status"]) == {"vrp_not_available"}
    assert sorted(rest["ticker"]) == ["ADBE", "AVAV", "AVGO", "COST", "GME", "LULU", "NVDA",
                                      "ORCL", "PL", "RH"]
    assert rest["rank"].isna().all()
    cien = rows[rows["ticker"] == "CIEN"].iloc[0]
    assert cien["chain"] == "market:CIEN.csv@2025-12-05" and cien["contracts"] == 3
    assert round(cien["implied_move_pct"], 2) == 14.18 and round(cien["vrp_ratio"], 2) == 1.40


def test_scan_rows_without_an_event(dataset, cien):
    # No open interest (a modeled chain): unknown by default (scan's --unknown-oi acceptable),
    # counted as zero on request.
    assert ivcrush.scan_chains([cien.chain], dataset, label="x.csv")["status"].tolist() == ["ok"]
    rows = ivcrush.scan_chains([cien.chain], dataset, label="x.csv", unknown_oi="zero")
    assert rows["status"].tolist() == ["no_implied_move"]
    late = ivcrush.model_event_chain("CIEN", datetime.date(2027, 1, 5), "AMC",
                                     datetime.date(2026, 12, 30), 200.0, 10.0)
    none = ivcrush.scan_chains([late.chain], dataset, label="late.csv")
    assert none["status"].tolist() == ["no_event"]
    assert none["reason"].tolist() == [
        "the calendar lists no CIEN announcement after the chain's quote date"]
    assert math.isnan(none["score"].iloc[0])
