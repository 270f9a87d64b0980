"""Whole jobs as functions of plain values, for process pools and Dask (docs/dask.md).

Every function here takes picklable inputs only (paths, policy names, dicts of parameters) and
returns pandas DataFrames, so a Dask worker (or a multiprocessing pool, or a plain loop) can run
it on its own: it loads what it needs from the paths, runs the C++ code with the GIL released,
and sends back a table. The C++ objects themselves stay in the process that made them
(EarningsDataset and OptionChain are not picklable; the option classes are).

    import ivcrush
    ivcrush.export_modeled_chains("data", "chains/")                # one CSV per ticker
    rows = ivcrush.scan_chain_file("chains/CIEN.csv", "data", "iv_crush_default",
                                   unknown_oi="acceptable")
    table = ivcrush.rank_scan_rows(rows)
    summary = ivcrush.backtest_grid_point("data", ["original", "model_pop"],
                                          {"fill": 0.25, "commission": 1.0})

The chain files: the repository bundles no market option chains (data/SOURCES.md), so
export_modeled_chains writes MODELED chains (analysis/event_chain_model.hpp) in the chain CSV
layout of docs/chain-io.md; every scan row of such a file is a modeled chain and says
"market:<file>@<date>" only because that is the layout's label for a file. Point the scan at a
directory of real end-of-day chains in the same layout and nothing else changes.
"""

import datetime
import itertools
import os
from zoneinfo import ZoneInfo

from . import _ivcrush as _cc

__all__ = [
    "SCAN_COLUMNS",
    "load_dataset",
    "chain_csv_frame",
    "write_chain_csv",
    "modeled_scan_universe",
    "export_modeled_chains",
    "scan_chain_file",
    "scan_chain_files",
    "rank_scan_rows",
    "expand_grid",
    "split_backtest_params",
    "backtest_grid_point",
    "backtest_grid_trades",
    "worker_info",
]

_NEW_YORK = ZoneInfo("America/New_York")

# The columns of examples/scan's CSV, in its order (rank first).
SCAN_COLUMNS = [
    "rank", "ticker", "event_date", "timing", "chain", "spot", "implied_move_pct", "move_basis",
    "vrp_ratio",
    "recommendation", "strategy", "legs", "credit", "max_loss", "pop_model_pct", "score",
    "contracts", "status", "reason",
]

# The chain CSV layout of docs/chain-io.md (io/chain_csv.hpp), in the order written.
_CHAIN_CSV_COLUMNS = [
    "underlying", "quote_date", "expiration", "strike", "right", "bid", "ask", "bid_size",
    "ask_size", "last", "volume", "open_interest", "underlying_close", "iv", "delta", "gamma",
    "theta", "vega",
]


def _pandas():
    import pandas

    return pandas


# ------------------------------------------------------------------------------------------------
# The earnings data, once per process.

_datasets = {}


def _file_stamps(data_dir):
    names = ("earnings_calendar.csv", "earnings_reactions.csv", "implied_moves.csv")
    stamps = []
    for name in names:
        try:
            st = os.stat(os.path.join(data_dir, name))
            stamps.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((name, None, None))
    return tuple(stamps)


def load_dataset(data_dir, strict=True):
    """The EarningsDataset of `data_dir`, loaded once per process (and again when a file
    changes), so the many tasks a worker runs share one copy.

    strict: raise ValueError listing the malformed rows when a file has any (the example
    programs refuse such data too); a missing file raises ivcrush.InvalidInput naming it.
    """
    path = os.path.realpath(os.fspath(data_dir))
    key = (path, _file_stamps(path))
    dataset = _datasets.get(key)
    if dataset is None:
        dataset = _cc.load_earnings_dataset(path)
        _datasets.clear()  # one directory per process is the common case; keep memory flat
        _datasets[key] = dataset
    if strict and len(dataset.rejects) > 0:
        r = dataset.rejects
        lines = [f"{f}:{line}: {col}: {reason}" for f, line, col, reason in
                 zip(r["file"], r["line"], r["column"], r["reason"])][:10]
        raise ValueError(f"{len(r)} malformed rows in {path}; fix them first:\n  "
                         + "\n  ".join(lines))
    return dataset


# ------------------------------------------------------------------------------------------------
# Writing chains in the CSV layout the C++ reader reads.

def _new_york_close_date(as_of):
    """The New York date of a chain's as-of instant, which must be that day's 16:00 close (the
    layout has a quote date, not a time: the reader puts the chain at 16:00 New York)."""
    local = as_of.astimezone(_NEW_YORK)
    if (local.hour, local.minute, local.second) != (16, 0, 0):
        raise ValueError(
            f"chain as_of {as_of.isoformat()} is {local.isoformat()} in New York, not a 16:00 "
            "close: the chain CSV layout (docs/chain-io.md) holds end-of-day chains only")
    return local.date()


def chain_csv_frame(chains):
    """The rows of docs/chain-io.md's layout for `chains` (one row per quote), as a DataFrame
    whose to_csv(index=False, na_rep="") is what io::read_option_chains reads back to the same
    chains: one-sided quotes get an empty bid, unknown sizes / volume / open interest and
    absent vendor values empty cells, strikes and prices their exact shortest decimal text."""
    import numpy as np

    pd = _pandas()
    parts = []
    for chain in chains:
        cols = chain.to_columns()
        n = len(cols["strike"])
        quote_date = _new_york_close_date(chain.as_of).isoformat()
        bid = np.where(cols["one_sided"], np.nan, cols["bid"])
        right = np.where(np.asarray(cols["right"], dtype=object) == "call", "C", "P")
        frame = pd.DataFrame({
            "underlying": np.full(n, chain.underlying, dtype=object),
            "quote_date": np.full(n, quote_date, dtype=object),
            "expiration": np.datetime_as_string(cols["expiration"], unit="D"),
            "strike": cols["strike"],
            "right": right,
            "bid": bid,
            "ask": cols["ask"],
            "bid_size": pd.array(cols["bid_size"], dtype="Int64"),
            "ask_size": pd.array(cols["ask_size"], dtype="Int64"),
            "last": cols["last"],
            "volume": pd.array(cols["volume"], dtype="Int64"),
            "open_interest": pd.array(cols["open_interest"], dtype="Int64"),
            "underlying_close": np.full(n, chain.spot),
            "iv": cols["vendor_iv"],
            "delta": cols["vendor_delta"],
            "gamma": cols["vendor_gamma"],
            "theta": cols["vendor_theta_per_day"],
            "vega": cols["vendor_vega_per_vol_point"],
        })
        parts.append(frame)
    if not parts:
        return pd.DataFrame({c: [] for c in _CHAIN_CSV_COLUMNS})
    return pd.concat(parts, ignore_index=True)[_CHAIN_CSV_COLUMNS]


def write_chain_csv(chains, path):
    """Writes `chains` (OptionChain objects of end-of-day quotes) to `path` in the layout of
    docs/chain-io.md. The library has a reader (io/chain_csv.hpp) but no writer; this is the
    inverse of ivcrush.read_option_chains (tested: the chains read back equal the ones written,
    quote for quote). Returns the number of rows written."""
    frame = chain_csv_frame(chains)
    frame.to_csv(path, index=False, na_rep="", lineterminator="\n")
    return len(frame)


# ------------------------------------------------------------------------------------------------
# Modeled chains, one CSV per ticker.

def _last_weekday_on_or_before(d):
    while d.weekday() >= 5:
        d -= datetime.timedelta(days=1)
    return d


def modeled_scan_universe(data_dir):
    """examples/scan's default universe as a DataFrame: every ticker with an implied-move
    observation, at its latest observed announcement, with the observation it is priced from
    (the newest of that announcement with both a spot and an implied move, else the newest)
    and the close it is priced at (the scan date's, a weekend meaning Friday's; without a scan
    date the last weekday before the announcement). Columns: ticker, earnings_date, timing,
    as_of_date, spot, implied_move_pct, status ("ok" or "no_observed_spot"), reason."""
    pd = _pandas()
    dataset = load_dataset(data_dir)
    obs = dataset.observations_frame()
    rows = []
    for ticker, group in obs.groupby("ticker", sort=True):
        latest = group.iloc[-1]
        same = group[group["earnings_date"] == latest["earnings_date"]]
        usable = same[same["stock_price"].notna() & same["implied_move_pct"].notna()]
        chosen = usable.iloc[-1] if len(usable) else latest
        date = chosen["earnings_date"].date()
        timing = dataset.timing(ticker, date) or "UNKNOWN"
        if pd.notna(chosen["scan_date"]):
            priced = _last_weekday_on_or_before(chosen["scan_date"].date())
        else:
            priced = _last_weekday_on_or_before(date - datetime.timedelta(days=1))
        ok = pd.notna(chosen["stock_price"]) and pd.notna(chosen["implied_move_pct"])
        missing = "implied move" if pd.notna(chosen["stock_price"]) else "spot price"
        rows.append({
            "ticker": ticker,
            "earnings_date": date,
            "timing": timing,
            "as_of_date": priced,
            "spot": chosen["stock_price"],
            "implied_move_pct": chosen["implied_move_pct"],
            "status": "ok" if ok else "no_observed_spot",
            "reason": "" if ok else (f"the observation of {date.isoformat()} gives no "
                                     f"{missing} to model a chain from"),
        })
    return pd.DataFrame(rows, columns=["ticker", "earnings_date", "timing", "as_of_date", "spot",
                                       "implied_move_pct", "status", "reason"])


def export_modeled_chains(data_dir, out_dir, tickers=None, events="latest", model=None,
                          chain_options=None):
    """Writes MODELED option chains (never market quotes: the repository bundles none) as one
    CSV file per ticker, `<out_dir>/<TICKER>.csv`, in the layout of docs/chain-io.md: a
    directory of chain files partitioned by ticker, the input of scan_chain_file.

    events="latest": the chain examples/scan models for each observed ticker (its latest
    observed announcement, calibrated to the observed implied move, priced at the scan date's
    close; modeled_scan_universe), one chain per file.
    events="history": every real reaction of the ticker that the backtester can price: the
    entry chain ModeledChainSource builds (the observed move, else premium x RMS of the earlier
    reactions), one chain per announcement, several per file.

    model: EventChainModel (or a dict of its fields) for "latest"; chain_options:
    ModeledChainOptions (or a dict) for "history". Returns one row per (ticker, announcement)
    considered: ticker, earnings_date, as_of_date, quotes, file, status ("ok" or why no chain),
    reason.
    """
    pd = _pandas()
    dataset = load_dataset(data_dir)
    os.makedirs(out_dir, exist_ok=True)
    wanted = None if tickers is None else set(tickers)
    rows = []
    chains_by_ticker = {}

    if events == "latest":
        if isinstance(model, dict):
            model = _cc.EventChainModel(**model)
        for u in modeled_scan_universe(data_dir).itertuples(index=False):
            if wanted is not None and u.ticker not in wanted:
                continue
            row = {"ticker": u.ticker, "earnings_date": u.earnings_date,
                   "as_of_date": u.as_of_date, "quotes": 0, "file": "", "status": u.status,
                   "reason": u.reason}
            if u.status == "ok":
                try:
                    setup = _cc.model_event_chain(u.ticker, u.earnings_date, u.timing,
                                                  u.as_of_date, float(u.spot),
                                                  float(u.implied_move_pct), model)
                    chains_by_ticker.setdefault(u.ticker, []).append(setup.chain)
                    row["quotes"] = setup.quotes
                except _cc.InvalidInput as e:
                    row["status"], row["reason"] = "model_failed", str(e)
            rows.append(row)
    elif events == "history":
        if isinstance(chain_options, dict):
            chain_options = _cc.ModeledChainOptions(**chain_options)
        source = _cc.ModeledChainSource(dataset, chain_options)
        selected = _cc.backtest_events_frame(dataset, tickers=None if wanted is None
                                             else sorted(wanted))
        for ticker, date in zip(selected["ticker"], selected["earnings_date"]):
            date = date.date()
            fetched = source.entry_chain(ticker, date)
            row = {"ticker": ticker, "earnings_date": date, "as_of_date": None, "quotes": 0,
                   "file": "", "status": "ok", "reason": ""}
            if fetched["ok"]:
                chain = fetched["chain"]
                chains_by_ticker.setdefault(ticker, []).append(chain)
                row["as_of_date"] = _new_york_close_date(chain.as_of)
                row["quotes"] = len(chain)
            else:
                row["status"], row["reason"] = "no_entry_chain", fetched["reason"]
            rows.append(row)
    else:
        raise ValueError(f"events = {events!r}: must be 'latest' or 'history'")

    files = {}
    for ticker in sorted(chains_by_ticker):
        path = os.path.join(out_dir, f"{ticker}.csv")
        write_chain_csv(chains_by_ticker[ticker], path)
        files[ticker] = path
    for row in rows:
        if row["status"] == "ok":
            row["file"] = files[row["ticker"]]
    return pd.DataFrame(rows, columns=["ticker", "earnings_date", "as_of_date", "quotes", "file",
                                       "status", "reason"])


# ------------------------------------------------------------------------------------------------
# Scanning chain files.

def scan_chain_file(path, data_dir, policy="iv_crush_default", unknown_oi="acceptable",
                    history_window=12):
    """examples/scan's --chains rows for every chain of one CSV file (ivcrush.scan_chains: each
    chain's event is the calendar's first announcement after its quote date, the history the
    newest `history_window` real reactions before it (the programs' --history), the trade the
    policy's best candidate).

    unknown_oi: what an open interest missing from the file means, as scan --unknown-oi:
    "acceptable" (the default: liquidity unknown, judged on spreads and bids; what an export
    without open interest, or the modeled chains of export_modeled_chains, need) or "zero"
    (counted as 0, so illiquid), or a LiquidityPolicy.
    Returns the unranked rows (SCAN_COLUMNS without rank; contracts as a nullable integer);
    the file's rejected rows are in .attrs["rejects"], a list of dicts (file, line, column,
    reason, code).
    """
    dataset = load_dataset(data_dir)
    read = _cc.read_option_chains(os.fspath(path))
    rows = _cc.scan_chains(read.chains, dataset, policy=policy, unknown_oi=unknown_oi,
                           label=os.path.basename(os.fspath(path)), history_window=history_window)
    rows["contracts"] = rows["contracts"].astype("Int64")
    rows.attrs["rejects"] = read.rejects.to_dict("records")
    return rows


def scan_chain_files(paths, data_dir, policy="iv_crush_default",
                     unknown_oi="acceptable", history_window=12):
    """scan_chain_file over several files (one task per partition of files), concatenated in
    the order given; .attrs["rejects"] holds every file's rejects."""
    pd = _pandas()
    parts = [scan_chain_file(p, data_dir, policy, unknown_oi, history_window) for p in paths]
    rejects = []
    for part in parts:
        rejects += part.attrs.pop("rejects")
    if parts:
        out = pd.concat(parts, ignore_index=True)
    else:
        out = _cc.scan_chains([], load_dataset(data_dir), policy=policy)
        out["contracts"] = out["contracts"].astype("Int64")
    out.attrs["rejects"] = rejects
    return out


def rank_scan_rows(rows):
    """examples/scan's ranking: the rows with a trade first, by score (highest first), ties by
    ticker then event date; then the rows without a trade by ticker and date. rank is 1-based
    among the rows with a trade (missing for the others). A total order (the chain label breaks
    the last ties), so the same rows give the same table whatever order they were gathered in."""
    import numpy as np

    pd = _pandas()
    df = rows.copy()
    has = df["score"].notna()
    key = pd.DataFrame({
        "_no_score": ~has,
        "_neg_score": (-df["score"]).fillna(0.0),
        "ticker": df["ticker"],
        "_date": df["event_date"].fillna(pd.Timestamp.min),
        "chain": df["chain"],
    })
    order = key.sort_values(list(key.columns), kind="mergesort").index
    df = df.loc[order].reset_index(drop=True)
    ranked = df["score"].notna()
    rank = pd.array([pd.NA] * len(df), dtype="Int64")
    rank[ranked.to_numpy()] = np.arange(1, int(ranked.sum()) + 1)
    df.insert(0, "rank", rank)
    return df[SCAN_COLUMNS]


# ------------------------------------------------------------------------------------------------
# Backtest grids.

def expand_grid(grid):
    """{"fill": [0.25, 0.5], "commission": [0.65, 1.0]} -> the 4 parameter dicts of the cross
    product, the first key varying slowest."""
    keys = list(grid)
    return [dict(zip(keys, values)) for values in itertools.product(*(grid[k] for k in keys))]


_SELECTION_KEYS = ("from_date", "to_date", "tickers", "before_open_only",
                   "include_calendar_without_reaction")


def split_backtest_params(params):
    """Sorts a flat parameter dict into what run_backtests takes: (BacktestConfig,
    ModeledChainOptions, selection kwargs). Keys: the BacktestConfig fields (fill, commission,
    contracts, sizing, account_size, exit, history_window, ...), the TickerAnalysisOptions
    fields (vrp_min_history, kinds, ...: into config.analysis), the ModeledChainOptions fields
    (premium, min_history, use_observations), the EventChainModel fields (base_volatility_pct,
    weekly_expirations, ...: into the chain model), and the selection (from_date, to_date,
    tickers, before_open_only, include_calendar_without_reaction). An unknown key raises
    ValueError naming the known ones; values are checked by the library (validate())."""
    config, analysis, modeled, model, selection = {}, {}, {}, {}, {}
    targets = [
        (_SELECTION_KEYS, selection),
        (tuple(_cc.BacktestConfig().to_dict()), config),
        (tuple(_cc.TickerAnalysisOptions().to_dict()), analysis),
        (tuple(k for k in _cc.ModeledChainOptions().to_dict() if k != "model"), modeled),
        (tuple(_cc.EventChainModel().to_dict()), model),
    ]
    for key, value in params.items():
        for names, target in targets:
            if key in names and key != "analysis":
                target[key] = value
                break
        else:
            known = sorted({k for names, _ in targets for k in names} - {"analysis"})
            raise ValueError(f"backtest parameter {key!r} is unknown (known: {', '.join(known)})")
    cfg = _cc.BacktestConfig(**config)
    if analysis:
        options = cfg.analysis
        for k, v in analysis.items():
            setattr(options, k, v)
        cfg.analysis = options
    chain_options = _cc.ModeledChainOptions(**modeled)
    if model:
        m = chain_options.model
        for k, v in model.items():
            setattr(m, k, v)
        chain_options.model = m
    cfg.validate()
    chain_options.validate()
    return cfg, chain_options, selection


def _as_list(policies):
    return [policies] if isinstance(policies, str) else list(policies)


def backtest_grid_point(data_dir, policies, params=None):
    """One point of a parameter grid: run_backtests over the bundled (or `data_dir`'s) events
    for every policy at the parameters `params` (split_backtest_params), on modeled chains.
    Returns one row per policy: the parameters (one column each, as given), policy (as
    requested), library_policy, events, skipped, modeled_trades and every summary number of
    BacktestReport.summary()."""
    pd = _pandas()
    params = dict(params or {})
    config, chain_options, selection = split_backtest_params(params)
    names = _as_list(policies)
    reports = _cc.run_backtests(load_dataset(data_dir), names, config, chain_options, **selection)
    rows = []
    for name, report in zip(names, reports):
        summary = report.summary()
        row = {k: (",".join(v) if isinstance(v, (list, tuple)) else v) for k, v in params.items()}
        row["policy"] = name
        row["library_policy"] = summary.pop("policy")
        row.update(summary)
        rows.append(row)
    return pd.DataFrame(rows)


def backtest_grid_trades(data_dir, policies, params=None):
    """The trades behind backtest_grid_point (BacktestReport.trades_frame of every policy),
    with the parameters as leading columns."""
    params = dict(params or {})
    config, chain_options, selection = split_backtest_params(params)
    names = _as_list(policies)
    reports = _cc.run_backtests(load_dataset(data_dir), names, config, chain_options, **selection)
    frame = _cc.backtest_trades_frame(reports)
    alias = dict(zip((r.policy for r in reports), names))
    frame.insert(0, "requested_policy", frame["policy"].map(alias))
    for i, (k, v) in enumerate(params.items()):
        frame.insert(i, k, ",".join(v) if isinstance(v, (list, tuple)) else v)
    return frame


def worker_info():
    """What a Dask client checks on every worker before sending tasks (client.run): the ivcrush
    version this process imports, its Python and its process id. Defined here, not in the
    example scripts, because a worker can only run functions of modules it can import."""
    import platform

    return {"ivcrush": _cc.__version__, "python": platform.python_version(), "pid": os.getpid()}
