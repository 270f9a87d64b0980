"""The backtest bindings (python/src/bind_backtest.cpp) and the grid workflow against the known
answers of the C++ side:

- examples/golden/backtest.txt: `backtest --walk-forward` on the bundled data (4 policies,
  modeled chains, fill 0.5, $0.65 per contract, 1 contract per leg);
- tests/backtest/backtester_test.cpp: the hand-computed iron condor through reactions inside
  (+212.10) and outside (-725.40) its breakevens, settlement at expiration (-725.20), the summary
  against a direct computation, and the configuration errors. Here its hand-made chains come from
  a chain CSV file and are replayed through StoredChainSource (run_backtests(chains=[...])), its
  history from earnings CSV files.
"""

import datetime
import math
import pickle
import threading
import time

import numpy as np
import pandas as pd
import pytest

import ivcrush

ALL_POLICIES = ["original", "model_pop", "empirical_pop", "expected_value"]
WED, THU, FRI = datetime.date(2024, 5, 15), datetime.date(2024, 5, 16), datetime.date(2024, 5, 17)


@pytest.fixture(scope="module")
def dataset(data_dir):
    return ivcrush.load_earnings_dataset(str(data_dir))


@pytest.fixture(scope="module")
def bundled_reports(dataset):
    return ivcrush.run_backtests(dataset, ALL_POLICIES, before_open_only=True)


# ------------------------------------------------------------------------------------------------
# The bundled data = examples/golden/backtest.txt

def test_the_bundled_replay_matches_the_backtest_golden(bundled_reports):
    s = ivcrush.backtest_summary_frame(bundled_reports).set_index("policy")
    assert list(s.index) == ["iv_crush_default", "iv_crush_model", "iv_crush_empirical",
                             "expected_value"]
    assert (s["events"] == 1997).all()
    # Each policy follows its no-trade verdict (VerdictRule::follow, docs/backtest.md).
    assert list(s["trades"]) == [821, 25, 1138, 1197]
    assert (s["modeled_trades"] == s["trades"]).all()
    assert list(s["skipped"]) == [1176, 1972, 859, 800]
    golden = {  # win rate %, total P/L $, avg return on risk %, profit factor, expectancy $,
        # Sharpe, Sortino, max drawdown $, compounded drawdown %, worst trade $
        "iv_crush_default": (54.20, -9996.73, -5.48, 0.860, -12.18, -0.637, -0.792, 18091.70,
                             72.92, -634.15),
        "iv_crush_model": (52.00, -228.83, -11.20, 0.885, -9.15, -0.561, -0.671, 1007.95, 7.45,
                           -398.85),
        "iv_crush_empirical": (67.49, 746.78, -1.50, 1.008, 0.66, -0.272, -0.320, 8449.56,
                               44.56, -971.90),
        "expected_value": (52.30, -35382.06, -19.41, 0.579, -29.56, -2.139, -2.465, 35929.31,
                           99.20, -1091.65),
    }
    periods = {"iv_crush_default": 47.38, "iv_crush_model": 9.09, "iv_crush_empirical": 65.61,
               "expected_value": 69.01}
    for policy, want in golden.items():
        r = s.loc[policy]
        got = (round(r["win_rate_pct"], 2), round(r["total_pnl"], 2),
               round(100 * r["avg_return_on_risk"], 2), round(r["profit_factor"], 3),
               round(r["expectancy"], 2), round(r["sharpe_annualized"], 3),
               round(r["sortino_annualized"], 3), round(r["max_drawdown"], 2),
               round(r["max_drawdown_compounded_pct"], 2), round(r["worst_trade"], 2))
        assert got == want, policy
        assert round(r["periods_per_year"], 2) == periods[policy]
        assert r["annualization"] == "observed_trades"
    no_trade = [414, 1210, 97, 38]
    for report, n in zip(bundled_reports, no_trade):
        assert report.skip_counts() == {"no_entry_chain": 744, "no_implied_move": 10,
                                        "no_candidates": 8, "no_trade": n}
    skipped = bundled_reports[0].skipped_frame()
    entry = skipped[skipped["reason"] == "no_entry_chain"]["message"]
    assert entry.str.contains("RMS model needs").sum() == 689  # "689 with fewer than 4 ..."
    assert entry.str.contains("below the straddle").sum() == 55
    verdicts = skipped[skipped["reason"] == "no_trade"]["message"]
    assert verdicts.str.startswith("No trade: ").all()


def test_walk_forward_matches_the_backtest_golden(bundled_reports):
    wf = ivcrush.walk_forward(bundled_reports)  # 365 / 182 / 182 days, first to last event
    s = wf.summary()
    assert s["windows"] == 34
    assert (s["windows_with_selection"], s["windows_with_test_trades"]) == (13, 11)
    assert s["test_trades"] == 533
    assert round(s["test_pnl"], 2) == -4628.23
    assert round(s["avg_test_win_rate_pct"], 2) == 70.37
    # The mean over the 4 windows with at least 10 test trades (min_test_trades_for_mean_sharpe).
    assert s["windows_with_test_sharpe"] == 4
    windows = wf.windows_frame()
    big = windows[windows["test_trades"] >= 10]["test_sharpe_annualized"]
    assert len(big) == 4 and s["avg_test_sharpe_annualized"] == pytest.approx(big.mean(), abs=1e-12)
    assert round(s["avg_test_sharpe_annualized"], 3) == -0.446
    c = s["combined_test"]
    assert (round(c["sharpe_annualized"], 3), round(c["profit_factor"], 3),
            round(c["max_drawdown"], 2)) == (-0.575, 0.896, 12560.22)
    assert s["selection_counts"] == {"iv_crush_default": 2, "iv_crush_model": 1,
                                     "iv_crush_empirical": 10, "expected_value": 0}
    assert s["most_selected"] == "iv_crush_empirical"
    assert len(windows) == 34 and (windows["selected_policy"] != "").sum() == 13
    assert windows["test_trades"].sum() == 533
    assert len(wf.candidates_frame()) == 34 * 4
    everything = ivcrush.walk_forward(bundled_reports, min_test_trades_for_mean_sharpe=2)
    assert everything.summary()["windows_with_test_sharpe"] == 11


def test_tables_of_a_report(bundled_reports):
    r = bundled_reports[2]
    trades = r.trades_frame()
    assert len(trades) == 1138 and (trades["policy"] == "iv_crush_empirical").all()
    assert (trades["entry_chain"] == "modeled").all() and trades["liquidity_forced"].all()
    np.testing.assert_allclose(trades["pnl"], trades["credit"] - trades["exit_cost"]
                               - trades["fees"], atol=1e-6)
    assert trades["pnl"].sum() == pytest.approx(746.78, abs=0.005)
    legs = r.legs_frame()
    assert legs.groupby("trade")["pnl"].sum().sub(trades["fees"]).round(6).equals(
        trades["pnl"].round(6))
    eq = r.equity_frame()
    assert len(eq) == 1138 and eq["equity"].iloc[-1] == pytest.approx(100000 + 746.78, abs=0.005)
    both = ivcrush.backtest_trades_frame(bundled_reports[:2])
    assert len(both) == 821 + 25
    csv = ivcrush.backtest_trades_csv(bundled_reports[:1])
    assert csv.count("\n") == 822 and csv.startswith("policy,ticker,earnings_date,timing,")


def test_ignoring_the_verdict_books_every_top_ranked_candidate(dataset):
    # verdict="ignore" trades the top-ranked candidate of every analysed event: 1235 for every
    # policy, and model_pop's P/L is the golden's before the verdict was followed (+2847.39).
    follow = ivcrush.BacktestConfig()
    assert follow.verdict == "follow"
    [r] = ivcrush.run_backtests(dataset, ["model_pop"], ivcrush.BacktestConfig(verdict="ignore"),
                                before_open_only=True)
    assert r.trade_count == 1235 and "no_trade" not in r.skip_counts()
    assert round(r.summary()["total_pnl"], 2) == 2847.39
    with pytest.raises(ivcrush.InvalidInput, match="verdict rule = 'obey': must be follow or ignore"):
        ivcrush.BacktestConfig(verdict="obey")


def test_summarize_performance_of_the_outcomes_is_the_reports(bundled_reports):
    r = bundled_reports[2]
    o = r.outcomes_frame()
    summary = ivcrush.summarize_performance(o["entry_date"], o["exit_date"], o["pnl"], o["risk"])
    report = r.summary()
    for key, value in summary.items():
        assert report[key] == value or (value is None and report[key] is None), key


# ------------------------------------------------------------------------------------------------
# The hand-computed condor of backtester_test.cpp, through CSV files and StoredChainSource

REACTION_HEADER = ("ticker,earnings_date,timing,reference_close,reaction_date,reaction_open,"
                   "reaction_high,reaction_low,reaction_close\n")
CHAIN_HEADER = ("underlying,quote_date,expiration,strike,right,bid,ask,bid_size,ask_size,last,"
                "volume,open_interest,underlying_close\n")
ENTRY_QUOTES = [(90, "P", 0.30, 0.40), (95, "P", 1.05, 1.15), (100, "P", 2.95, 3.05),
                (100, "C", 2.95, 3.05), (105, "C", 1.05, 1.15), (110, "C", 0.30, 0.40)]
EXIT_INSIDE = [(90, "P", 0.00, 0.05), (95, "P", 0.05, 0.10), (105, "C", 0.15, 0.25),
               (110, "C", 0.00, 0.05)]
EXIT_OUTSIDE = [(90, "P", 0.00, 0.05), (95, "P", 0.00, 0.05), (105, "C", 6.95, 7.05),
                (110, "C", 2.05, 2.15)]


def reaction_row(ticker, date, close):
    hi, lo = max(close, 100.0) + 1.0, min(close, 100.0) - 1.0
    return f"{ticker},{date},BMO,100,{date},100,{hi},{lo},{close}\n"


def chain_rows(ticker, quote_date, spot, quotes):
    return "".join(f"{ticker},{quote_date},{FRI},{k},{r},{b},{a},,,,,500,{spot}\n"
                   for k, r, b, a in quotes)


@pytest.fixture(scope="module")
def condor(tmp_path_factory):
    """TST (closes at 101: inside 93.60..106.40), TSU (112: beyond the call wing), TSV (a Friday
    report closing at 88: the Friday legs settle), each with eight quarterly +-3 % reactions
    before 2024 (VRP 6 % / 3 % = 2)."""
    d = tmp_path_factory.mktemp("condor")
    rows = REACTION_HEADER
    for ticker in ("TST", "TSU", "TSV"):
        for i in range(8):
            day = datetime.date(2022, 1, 20) + datetime.timedelta(days=91 * i)
            rows += reaction_row(ticker, day, 103.0 if i % 2 == 0 else 97.0)
    rows += reaction_row("TST", THU, 101.0) + reaction_row("TSU", THU, 112.0)
    rows += reaction_row("TSV", FRI, 88.0)
    (d / "earnings_reactions.csv").write_text(rows)
    (d / "earnings_calendar.csv").write_text("ticker,earnings_date,timing,confirmed\n")
    (d / "implied_moves.csv").write_text(
        "ticker,earnings_date,expiration,scan_date,stock_price,atm_strike,call_mid,put_mid,"
        "straddle_cost,implied_move_pct\n")
    chains = (CHAIN_HEADER + chain_rows("TST", WED, 100, ENTRY_QUOTES)
              + chain_rows("TSU", WED, 100, ENTRY_QUOTES)
              + chain_rows("TSV", THU, 100, ENTRY_QUOTES)
              + chain_rows("TST", THU, 101, EXIT_INSIDE)
              + chain_rows("TSU", THU, 112, EXIT_OUTSIDE))
    (d / "chains.csv").write_text(chains)
    read = ivcrush.read_option_chains(str(d / "chains.csv"))
    assert len(read.rejects) == 0 and len(read.chains) == 5
    data = ivcrush.load_earnings_dataset(str(d))
    assert len(data.rejects) == 0
    return data, read.chains


def condor_config(**kw):
    # The hand-made chains test the booking, not the decision (their condor's expectation is
    # negative): the verdict is ignored, as in backtester_test.cpp's condor_config().
    kw.setdefault("verdict", "ignore")
    return ivcrush.BacktestConfig(fill=0.5, commission=0.65, contracts=2,
                                  analysis=ivcrush.TickerAnalysisOptions(kinds=["iron_condor"]),
                                  **kw)


def test_the_hand_computed_condor(condor):
    data, chains = condor
    [r] = ivcrush.run_backtests(data, ["model_pop"], condor_config(), chains, from_date=THU,
                                to_date=THU)
    assert r.policy == "iv_crush_model" and r.events == 2 and r.skipped_count == 0
    assert r.modeled_trades == 0
    t = r.trades_frame().set_index("ticker")
    inside, outside = t.loc["TST"], t.loc["TSU"]
    assert list(t.index) == ["TST", "TSU"]  # sorted by (date, ticker)
    assert inside["strategy"] == "iron_condor" and inside["contracts"] == 2
    assert inside["entry_date"] == pd.Timestamp(WED) and inside["exit_date"] == pd.Timestamp(THU)
    assert inside["entry_chain"] == "market" and not inside["liquidity_forced"]
    assert inside["implied_move_pct"] == pytest.approx(6.0, abs=1e-9)  # (3.00 + 3.00) / 100
    assert inside["vrp_ratio"] == pytest.approx(2.0, abs=1e-9)  # 6 % / mean |3 %|
    assert inside["realized_move_pct"] == pytest.approx(1.0, abs=1e-9)
    assert inside["history"] == 8
    # Credit 2 x (1.075 - 0.375) x 200 = 280; risk (5 - 1.40) x 200 + 8 x 0.65 x 2 = 730.40.
    assert inside["credit"] == pytest.approx(280.0, abs=1e-9)
    assert inside["risk"] == pytest.approx(730.40, abs=1e-9)
    # Inside: exit cost 0.2875 x 200 = 57.50, fees 10.40, P/L 280 - 57.50 - 10.40 = 212.10.
    assert inside["exit_cost"] == pytest.approx(57.50, abs=1e-9)
    assert inside["fees"] == pytest.approx(10.40, abs=1e-9)
    assert inside["pnl"] == pytest.approx(212.10, abs=1e-9)
    # Outside: exit cost 4.975 x 200 = 995, P/L 280 - 995 - 10.40 = -725.40.
    assert outside["exit_cost"] == pytest.approx(995.0, abs=1e-9)
    assert outside["pnl"] == pytest.approx(-725.40, abs=1e-9)
    assert outside["risk"] == pytest.approx(730.40, abs=1e-9)
    assert outside["realized_move_pct"] == pytest.approx(12.0, abs=1e-9)

    legs = r.legs_frame()
    tst = legs[legs["ticker"] == "TST"].set_index(["right", "strike"])
    fills = {(95.0, "P"): (1.075, 0.0875, 197.50), (90.0, "P"): (0.375, 0.0125, -72.50),
             (105.0, "C"): (1.075, 0.225, 170.0), (110.0, "C"): (0.375, 0.0125, -72.50)}
    for (strike, right), (entry, exit_, pnl) in fills.items():
        leg = tst.loc[(right, strike)]
        assert leg["entry_fill"] == pytest.approx(entry, abs=1e-12)
        assert leg["exit_fill"] == pytest.approx(exit_, abs=1e-12)
        assert leg["pnl"] == pytest.approx(pnl, abs=1e-9)
        assert leg["quantity"] == 2 and leg["exit"] == "closed"
    tsu = legs[legs["ticker"] == "TSU"].set_index(["right", "strike"])
    assert tsu.loc[("C", 105.0), "exit_fill"] == pytest.approx(7.025, abs=1e-12)
    assert tsu.loc[("C", 110.0), "exit_fill"] == pytest.approx(2.075, abs=1e-12)


def test_the_condor_summary_equals_a_direct_computation(condor):
    data, chains = condor
    [r] = ivcrush.run_backtests(data, ["model_pop"], condor_config(), chains, from_date=THU,
                                to_date=THU)
    p1, p2, risk = 212.10, -725.40, 730.40
    s = r.summary()
    assert (s["trades"], s["wins"], s["losses"]) == (2, 1, 1)
    assert s["win_rate_pct"] == pytest.approx(50.0, abs=1e-12)
    assert s["total_pnl"] == pytest.approx(p1 + p2, abs=1e-9)
    assert s["profit_factor"] == pytest.approx(p1 / -p2, rel=1e-12)
    assert s["expectancy"] == pytest.approx(0.5 * p1 + 0.5 * p2, abs=1e-9)
    r1, r2 = p1 / risk, p2 / risk
    mean = (r1 + r2) / 2
    sd = math.sqrt((r1 - mean) ** 2 + (r2 - mean) ** 2)
    assert s["avg_return_on_risk"] == pytest.approx(mean, abs=1e-12)
    assert s["sharpe_per_trade"] == pytest.approx(mean / sd, rel=1e-12)
    assert s["sortino_per_trade"] == pytest.approx(mean / math.sqrt(r2 * r2 / 2), rel=1e-12)
    assert s["worst_trade"] == pytest.approx(p2, abs=1e-9)
    assert s["max_drawdown"] == pytest.approx(-p2, abs=1e-9)
    eq = r.equity_frame()
    assert eq["equity"].iloc[1] == pytest.approx(100000 + p1 + p2, abs=1e-9)
    # The same from columns.
    direct = ivcrush.summarize_performance([WED, WED], [THU, THU], [p1, p2], [risk, risk])
    assert direct["profit_factor"] == pytest.approx(p1 / -p2, rel=1e-12)
    assert direct["sharpe_per_trade"] == pytest.approx(mean / sd, rel=1e-12)


@pytest.mark.parametrize("exit_rule", ["reaction_close", "expiration"])
def test_legs_expiring_by_the_exit_settle_and_a_down_move_loses(condor, exit_rule):
    # TSV: Friday BMO, entry Thursday's close, the Friday legs settle at 88: 95 P worth 7, 90 P
    # worth 2 -> $1,000 for 2 condors; no exit fee on settled legs: P/L 280 - 1000 - 5.20.
    data, chains = condor
    [r] = ivcrush.run_backtests(data, ["model_pop"], condor_config(exit=exit_rule), chains,
                                from_date=FRI, to_date=FRI)
    t = r.trades_frame().iloc[0]
    assert t["ticker"] == "TSV"
    assert t["exit_cost"] == pytest.approx(1000.0, abs=1e-9)
    assert t["fees"] == pytest.approx(5.20, abs=1e-9)
    assert t["pnl"] == pytest.approx(-725.20, abs=1e-9)
    assert set(r.legs_frame()["exit"]) == {"settled"}


def test_events_without_a_chain_are_skipped_with_reasons(condor):
    data, chains = condor
    [r] = ivcrush.run_backtests(data, ["model_pop"], condor_config(), chains)
    assert r.events == 27 and r.trade_count == 3  # 24 earlier reactions have no snapshot
    assert r.skip_counts() == {"no_entry_chain": 24}
    msg = r.skipped_frame()["message"].iloc[0]
    assert msg.startswith("no entry snapshot of T")


# ------------------------------------------------------------------------------------------------
# Errors, values, the GIL

@pytest.mark.parametrize("config, message", [
    (dict(fill=1.5), "fill = 1.5: must be in [0, 1]"),
    (dict(contracts=0), "contracts = 0: must be at least 1"),
])
def test_bad_configurations_are_rejected_with_the_libraries_message(dataset, config, message):
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.run_backtests(dataset, ["original"], ivcrush.BacktestConfig(**config))
    assert str(e.value) == message
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.BacktestConfig(**config).validate()
    assert str(e.value) == message


def test_bad_policies_and_names(dataset):
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.run_backtests(dataset, ["nope"])
    assert str(e.value) == ("scoring policy = 'nope': unknown; known policies: iv_crush_default, "
                            "iv_crush_model, iv_crush_empirical, expected_value, conservative, "
                            "aggressive")
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.run_backtests(dataset, ["original", "iv_crush_default"])
    assert str(e.value) == "policies = 'iv_crush_default': is listed twice"
    with pytest.raises(ivcrush.InvalidInput) as e:
        ivcrush.BacktestConfig(exit="close")
    assert str(e.value) == "exit rule = 'close': must be reaction_close or expiration"
    assert ivcrush.backtest_policy_name("empirical_pop") == "iv_crush_empirical"


def test_a_python_policy_in_a_backtest(dataset):
    class PreferPop:
        def score(self, candidate, context):
            return 100.0 * candidate.pop_model

    window = dict(from_date="2024-01-01", to_date="2024-03-31")
    py_report, named = ivcrush.run_backtests(dataset, [PreferPop(), "original"], **window)
    assert py_report.policy == "python:PreferPop"
    assert py_report.events == named.events and py_report.trade_count > 0


def test_values_pickle_and_the_dataset_does_not(dataset):
    c = ivcrush.BacktestConfig(fill=0.25, commission=1.0, periods_per_year=48.0,
                               analysis=ivcrush.TickerAnalysisOptions(vrp_min_history=6))
    back = pickle.loads(pickle.dumps(c))
    assert back == c and back.analysis.vrp_min_history == 6 and back.periods_per_year == 48.0
    m = ivcrush.ModeledChainOptions(premium=1.2,
                                    model=ivcrush.EventChainModel(base_volatility_pct=40))
    assert pickle.loads(pickle.dumps(m)).model.base_volatility_pct == 40
    with pytest.raises(TypeError, match="pickle"):
        pickle.dumps(dataset)


def test_run_backtests_releases_the_gil(dataset):
    t = {}
    started = threading.Event()

    def work():
        started.set()
        t["start"] = time.perf_counter()
        ivcrush.run_backtests(dataset, ["original"])
        t["end"] = time.perf_counter()

    worker = threading.Thread(target=work)
    worker.start()
    started.wait()
    first = None
    while worker.is_alive():
        if first is None:
            first = time.perf_counter()
    worker.join()
    # This thread ran Python during most of the call (holding the GIL it could not have).
    assert (t["end"] - first) / (t["end"] - t["start"]) > 0.5


# ------------------------------------------------------------------------------------------------
# The grid workflow

def test_a_grid_point_is_one_row_per_policy(data_dir):
    point = {"fill": 0.5, "commission": 0.65, "before_open_only": True}
    rows = ivcrush.backtest_grid_point(str(data_dir), ["original", "model_pop"], point)
    assert list(rows["policy"]) == ["original", "model_pop"]
    assert list(rows["library_policy"]) == ["iv_crush_default", "iv_crush_model"]
    assert list(rows.columns[:3]) == ["fill", "commission", "before_open_only"]
    assert [round(x, 2) for x in rows["total_pnl"]] == [-9996.73, -228.83]  # the golden's
    trades = ivcrush.backtest_grid_trades(str(data_dir), "model_pop",
                                          {"fill": 0.5, "from_date": datetime.date(2024, 1, 1)})
    assert (trades["requested_policy"] == "model_pop").all() and (trades["fill"] == 0.5).all()


def test_grid_parameters_are_sorted_and_checked():
    config, chains, selection = ivcrush.split_backtest_params(
        {"fill": 0.3, "vrp_min_history": 6, "premium": 1.2, "base_volatility_pct": 40,
         "tickers": ["CIEN"]})
    assert config.fill == 0.3 and config.analysis.vrp_min_history == 6
    assert chains.premium == 1.2 and chains.model.base_volatility_pct == 40
    assert selection == {"tickers": ["CIEN"]}
    with pytest.raises(ValueError, match="backtest parameter 'fil' is unknown"):
        ivcrush.split_backtest_params({"fil": 0.3})
    with pytest.raises(ivcrush.InvalidInput, match=r"fill = 2: must be in \[0, 1\]"):
        ivcrush.split_backtest_params({"fill": 2})
    assert ivcrush.expand_grid({"a": [1, 2], "b": ["x", "y"]}) == [
        {"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 2, "b": "y"}]
