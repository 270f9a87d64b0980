#!/usr/bin/env python3
"""dask_backtest: sweep scoring policies x a parameter grid over the bundled earnings events on a
Dask cluster, one task per grid point, gathered into one DataFrame (docs/dask.md).

    dask_backtest.py [--data DIR] [--policies original,model_pop,...]
                     [--grid KEY=V1,V2,...]... [--from DATE] [--to DATE] [--tickers A,B,...]
                     [--csv FILE] [--quiet]
                     [--scheduler ADDRESS | --single-process] [--workers N]

Each grid point is one task, ivcrush.workflows.backtest_grid_point(<data dir>, <policies>,
<parameter dict>): the worker replays every real before-open reaction in the range under every
policy (they share the chains and analyses, as examples/backtest does), on MODELED chains
(ModeledChainSource: the repository bundles no option chains), and returns one summary row per
policy. The client concatenates the rows in grid order. --single-process runs the same tasks
in this process (the reference result).

Grid keys (split_backtest_params): the BacktestConfig fields (fill, commission, contracts,
sizing, account_size, exit, history_window, charge_exit, ...), the analysis options
(vrp_min_history, kinds, ...), the modeled-chain options (premium, min_history,
use_observations) and the chain model's (base_volatility_pct, weekly_expirations, ...).
Values are numbers, true/false or words; a list value (kinds) joins its items with '+'.
Default grid: fill=0.25,0.5,0.75 x commission=0.65,1.0 (6 tasks).
Exit status: 0 done; 1 a data problem (a missing or malformed data file, a cluster that cannot be
reached); 2 bad arguments (an unknown policy or grid key, a value the library rejects).
"""

import argparse
import datetime
import os
import sys

import dask_cluster as dc

DEFAULT_GRID = ["fill=0.25,0.5,0.75", "commission=0.65,1.0"]
_LIST_KEYS = ("kinds", "tickers")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="dask_backtest.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="data", metavar="DIR", help="the earnings files")
    p.add_argument("--policies", default="original,model_pop,empirical_pop,expected_value",
                   help="comma-separated policy names or aliases (original, model_pop, "
                        "empirical_pop, expected_value, conservative, aggressive, ...)")
    p.add_argument("--grid", action="append", metavar="KEY=V1,V2,...",
                   help=f"one grid axis (repeat for more; default {' '.join(DEFAULT_GRID)})")
    p.add_argument("--from", dest="from_date", metavar="DATE", help="first announcement date")
    p.add_argument("--to", dest="to_date", metavar="DATE", help="last announcement date")
    p.add_argument("--tickers", metavar="A,B,...", help="only these tickers' events")
    p.add_argument("--csv", metavar="FILE", help="write every row as CSV")
    p.add_argument("--quiet", action="store_true", help="nothing on stderr but errors")
    dc.add_cluster_arguments(p)
    return p.parse_args(argv)


def parse_value(key, text):
    if key in _LIST_KEYS:
        return [t for t in text.split("+") if t]
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_grid(axes):
    grid = {}
    for axis in axes:
        key, sep, values = axis.partition("=")
        key = key.strip()
        if not sep or not key or not values:
            raise dc.Failure(f"--grid {axis!r}: expected KEY=V1,V2,...", 2)
        if key in grid:
            raise dc.Failure(f"--grid {key}: given twice", 2)
        grid[key] = [parse_value(key, v.strip()) for v in values.split(",") if v.strip()]
    return grid


def _date(option, text):
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as e:
        raise dc.Failure(f"{option} {text!r}: {e}", 2) from e


def plan(args):
    """The grid points (one parameter dict each) and the policies, validated here before any
    task is sent: an unknown policy or key, or a value the library rejects, is one message."""
    import ivcrush

    policies = [p for p in args.policies.split(",") if p]
    if not policies:
        raise dc.Failure("--policies: no policy named", 2)
    for name in policies:
        try:
            ivcrush.backtest_policy_name(name)
        except ivcrush.InvalidInput as e:
            raise dc.Failure(f"--policies: {e}", 2) from e
    grid = parse_grid(args.grid or DEFAULT_GRID)
    common = {"before_open_only": True}  # examples/backtest's events: real BMO reactions
    first, last = _date("--from", args.from_date), _date("--to", args.to_date)
    if first:
        common["from_date"] = first
    if last:
        common["to_date"] = last
    if args.tickers:
        common["tickers"] = [t for t in args.tickers.split(",") if t]
    points = [{**point, **common} for point in ivcrush.expand_grid(grid)]
    for point in points:
        try:
            ivcrush.split_backtest_params(point)
        except (ivcrush.InvalidInput, ValueError, TypeError) as e:
            raise dc.Failure(f"--grid: {e}", 2) from e
    if not os.path.isdir(args.data):
        raise dc.Failure(f"--data {args.data}: not a directory")
    try:
        ivcrush.load_dataset(args.data)
    except (ivcrush.InvalidInput, ValueError) as e:
        raise dc.Failure(f"--data {args.data}: {e}") from e
    return policies, list(grid), points


def compute(args, client, log=lambda text: None):
    """One DataFrame: a row per (grid point, policy), grid order then policy order."""
    import ivcrush
    import pandas as pd

    policies, keys, points = plan(args)
    data = os.path.abspath(args.data)
    parts, seconds = dc.run_tasks(client, ivcrush.backtest_grid_point,
                                  [(data, policies, p) for p in points], log)
    table = pd.concat(parts, ignore_index=True)
    return table, {"keys": keys, "tasks": len(points), "seconds": seconds}


def format_table(table, keys):
    import pandas as pd

    def fixed(v, decimals):
        return "n/a" if pd.isna(v) else f"{v:.{decimals}f}"

    cells = [keys + ["policy", "trades", "win %", "total P/L $", "profit factor", "Sharpe",
                     "max DD $"]]
    for _, r in table.iterrows():
        cells.append([str(r[k]) for k in keys] + [
            r["policy"], str(r["trades"]), fixed(r["win_rate_pct"], 2), fixed(r["total_pnl"], 2),
            fixed(r["profit_factor"], 3), fixed(r["sharpe_annualized"], 3),
            fixed(r["max_drawdown"], 2)])
    width = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(row, width)).rstrip() for row in cells)


def main(argv=None):
    args = parse_args(argv)
    log = dc.stderr_logger(args.quiet)
    try:
        plan(args)
        with dc.client_for(args, log) as client:
            table, info = compute(args, client, log)
    except dc.Failure as e:
        print(f"dask_backtest: {e}", file=sys.stderr)
        return e.code
    events = int(table["events"].iloc[0]) if len(table) else 0
    print(f"ivcrush dask_backtest: {info['tasks']} grid points x "
          f"{table['policy'].nunique()} policies over {events} real before-open reactions")
    print("chains: MODELED, not market quotes (ModeledChainSource, docs/backtest.md); "
          f"modeled trades {int(table['modeled_trades'].sum())} of {int(table['trades'].sum())}"
          "\n")
    print(format_table(table, info["keys"]))
    if args.csv:
        try:
            table.to_csv(args.csv, index=False, na_rep="", lineterminator="\n")
        except OSError as e:
            print(f"dask_backtest: --csv {args.csv}: {e.strerror}", file=sys.stderr)
            return dc.EXIT_DATA
        print(f"\nwrote {args.csv} ({len(table)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
