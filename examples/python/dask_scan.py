#!/usr/bin/env python3
"""dask_scan: scan a directory of option-chain files partitioned by ticker on a Dask cluster and
rank every chain by its best trade, like examples/scan --chains (docs/dask.md).

    dask_scan.py --chains DIR [--data DIR] [--policy NAME] [--unknown-oi acceptable|zero]
                 [--history N] [--files-per-task K] [--top N] [--csv FILE] [--quiet]
                 [--scheduler ADDRESS | --single-process] [--workers N]

Each task is ivcrush.workflows.scan_chain_files(<K file paths>, <data dir>, <policy>, ...): a
worker reads the files, loads the earnings data once per process, runs the C++ analysis with the
GIL released and returns a DataFrame; the client concatenates the frames in task order and ranks
them (ivcrush.rank_scan_rows), so the table does not depend on the cluster or the order tasks
finish in. --single-process runs the same tasks in this process (the reference result).

Without market chains in the repository, make a directory with
    python3 examples/python/export_modeled_chains.py --data data --out chains/
(MODELED chains, whose open interest is unknown by construction: the default --unknown-oi
acceptable keeps it unknown).
With --scheduler the paths are made absolute here and must be the same on every worker (a
shared filesystem or the same checkout), and the workers need ivcrush installed
(scripts/install-python).
Exit status: 0 done; 1 a data problem (a directory or file that cannot be read, malformed earnings
rows, a cluster that cannot be reached); 2 bad arguments.
"""

import argparse
import os
import sys

import dask_cluster as dc


def parse_args(argv):
    p = argparse.ArgumentParser(prog="dask_scan.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--chains", required=True, metavar="DIR",
                   help="directory of chain CSV files (docs/chain-io.md layout), e.g. one per "
                        "ticker")
    p.add_argument("--data", default="data", metavar="DIR",
                   help="the earnings files (earnings_calendar.csv, earnings_reactions.csv, "
                        "implied_moves.csv; default data)")
    p.add_argument("--policy", default="iv_crush_default",
                   help="scoring policy (iv_crush_default, iv_crush_model, iv_crush_empirical, "
                        "expected_value, conservative, aggressive)")
    p.add_argument("--unknown-oi", default="acceptable", choices=["acceptable", "zero"],
                   help="an open interest missing from the data: acceptable (liquidity unknown, "
                        "judged on spreads and bids; the default, as scan) or zero (illiquid)")
    p.add_argument("--history", type=int, default=12, metavar="N",
                   help="real reactions per analysis, the newest (default 12)")
    p.add_argument("--files-per-task", type=int, default=1, metavar="K",
                   help="chain files per task (default 1)")
    p.add_argument("--top", type=int, default=0, metavar="N",
                   help="print only the first N rows (the CSV has every row)")
    p.add_argument("--csv", metavar="FILE", help="write every row as CSV")
    p.add_argument("--quiet", action="store_true", help="nothing on stderr but errors")
    dc.add_cluster_arguments(p)
    return p.parse_args(argv)


def chain_files(directory):
    if not os.path.isdir(directory):
        raise dc.Failure(f"--chains {directory}: not a directory")
    files = sorted(os.path.join(directory, f) for f in os.listdir(directory)
                   if f.endswith(".csv") and os.path.isfile(os.path.join(directory, f)))
    if not files:
        raise dc.Failure(f"--chains {directory}: no *.csv chain files in it")
    return files


def check_inputs(args):
    """Validates the arguments and the data here, before any task is sent, so a mistake is one
    clear message instead of a failed task on a worker."""
    import ivcrush

    if args.files_per_task < 1:
        raise dc.Failure(f"--files-per-task {args.files_per_task}: must be at least 1", 2)
    if args.history < 1:
        raise dc.Failure(f"--history {args.history}: must be at least 1", 2)
    if not os.path.isdir(args.data):
        raise dc.Failure(f"--data {args.data}: not a directory")
    try:
        dataset = ivcrush.load_dataset(args.data)
    except (ivcrush.InvalidInput, ValueError) as e:
        raise dc.Failure(f"--data {args.data}: {e}") from e
    try:
        ivcrush.scan_chains([], dataset, policy=args.policy)
    except ivcrush.InvalidInput as e:
        raise dc.Failure(f"--policy: {e}", 2) from e
    return chain_files(args.chains)


def compute(args, client, log=lambda text: None):
    """The ranked table (a DataFrame of ivcrush.SCAN_COLUMNS) and the rejected rows."""
    import ivcrush

    files = check_inputs(args)
    data = os.path.abspath(args.data)
    k = args.files_per_task
    partitions = [([os.path.abspath(f) for f in files[i:i + k]],) for i in range(0, len(files), k)]
    parts, seconds = dc.run_tasks(client, ivcrush.scan_chain_files, partitions, log,
                                  data_dir=data, policy=args.policy,
                                  unknown_oi=args.unknown_oi,
                                  history_window=args.history)
    import pandas as pd

    rejects = [r for part in parts for r in part.attrs.pop("rejects", [])]
    table = ivcrush.rank_scan_rows(pd.concat(parts, ignore_index=True))
    return table, rejects, {"files": len(files), "tasks": len(partitions), "seconds": seconds}


def format_table(table, top):
    """The rows as examples/scan prints them (fixed decimals, "-" for what is missing)."""
    import pandas as pd

    def money(v):
        return "-" if pd.isna(v) else (f"-${-v:.2f}" if v < 0 else f"${v:.2f}")

    def fixed(v, decimals, suffix=""):
        return "-" if pd.isna(v) else f"{v:.{decimals}f}{suffix}"

    shown = table if top <= 0 else table.head(top)
    cells = [["#", "ticker", "event", "chain", "implied", "VRP", "rec", "strategy", "legs",
              "credit", "max loss", "POP", "score", "status"]]
    for r in shown.itertuples(index=False):
        event = "-" if pd.isna(r.event_date) else f"{r.event_date:%Y-%m-%d} {r.timing}"
        cells.append([
            "-" if pd.isna(r.rank) else str(r.rank), r.ticker, event, r.chain,
            fixed(r.implied_move_pct, 2, "%"), fixed(r.vrp_ratio, 2), r.recommendation or "-",
            r.strategy or "-", r.legs or "-", money(r.credit), money(r.max_loss),
            fixed(r.pop_model_pct, 1, "%"), fixed(r.score, 1), r.status])
    width = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    left = [False, True, True, True, False, False, True, True, True, False, False, False, False,
            True]
    lines = []
    for row in cells:
        text = "  ".join(c.ljust(w) if l else c.rjust(w) for c, w, l in zip(row, width, left))
        lines.append(text.rstrip())
    if len(shown) < len(table):
        lines.append(f"... {len(table) - len(shown)} more rows not shown (--top {top}); the CSV "
                     "has them all")
    return "\n".join(lines)


def write_csv(table, path):
    table.to_csv(path, index=False, na_rep="", date_format="%Y-%m-%d", lineterminator="\n")


def main(argv=None):
    args = parse_args(argv)
    log = dc.stderr_logger(args.quiet)
    try:
        check_inputs(args)
        with dc.client_for(args, log) as client:
            table, rejects, info = compute(args, client, log)
    except dc.Failure as e:
        print(f"dask_scan: {e}", file=sys.stderr)
        return e.code
    for r in rejects[:20]:
        log(f"dask_scan: {r['file']}:{r['line']}: rejected ({r['column']}): {r['reason']}")
    print(f"ivcrush dask_scan: {len(table)} chains in {info['files']} files of {args.chains} "
          f"({len(rejects)} rejected rows), {info['tasks']} tasks")
    print(f"policy: {args.policy}; unknown OI: {args.unknown_oi}; history: newest "
          f"{args.history} real reactions before each announcement (--history {args.history})\n")
    print(format_table(table, args.top))
    counts = table["status"].value_counts().sort_index()
    print(f"\n{len(table)} chains scanned: "
          + ", ".join(f"{n} {status}" for status, n in counts.items()))
    if args.csv:
        try:
            write_csv(table, args.csv)
        except OSError as e:
            print(f"dask_scan: --csv {args.csv}: {e.strerror}", file=sys.stderr)
            return dc.EXIT_DATA
        print(f"wrote {args.csv} ({len(table)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
