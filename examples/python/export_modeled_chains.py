#!/usr/bin/env python3
"""export_modeled_chains: write MODELED option chains as one CSV file per ticker (the chain
layout of docs/chain-io.md), the input of dask_scan.py (docs/dask.md).

    export_modeled_chains.py --out DIR [--data DIR] [--events latest|history] [--tickers A,B]

The repository bundles no market option chains (data/SOURCES.md); these are the library's
modeled chains (analysis/event_chain_model.hpp), never market quotes:
  --events latest   the chain examples/scan models for each ticker with an implied-move
                    observation (its latest announcement, calibrated to the observed move):
                    one chain per file, 16 files on the bundled data;
  --events history  the backtester's entry chain of every real reaction it can price (observed
                    move, else 1.00 x the RMS of the earlier reactions): several chains per
                    file, 1,253 chains in 159 files on the bundled data (31 MB).
Exit status: 0 done, 1 a data problem, 2 bad arguments.
"""

import argparse
import os
import sys


def main(argv=None):
    p = argparse.ArgumentParser(prog="export_modeled_chains.py",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, metavar="DIR", help="directory of the CSV files")
    p.add_argument("--data", default="data", metavar="DIR", help="the earnings files")
    p.add_argument("--events", default="latest", choices=["latest", "history"])
    p.add_argument("--tickers", metavar="A,B,...", help="only these tickers")
    args = p.parse_args(argv)

    import ivcrush

    if not os.path.isdir(args.data):
        print(f"export_modeled_chains: --data {args.data}: not a directory", file=sys.stderr)
        return 1
    tickers = None if not args.tickers else [t for t in args.tickers.split(",") if t]
    try:
        done = ivcrush.export_modeled_chains(args.data, args.out, tickers=tickers,
                                             events=args.events)
    except (ivcrush.InvalidInput, ValueError, OSError) as e:
        print(f"export_modeled_chains: {e}", file=sys.stderr)
        return 1
    ok = done[done["status"] == "ok"]
    print(f"wrote {ok['file'].nunique()} files, {len(ok)} MODELED chains, "
          f"{int(ok['quotes'].sum())} quotes into {args.out}")
    for status, n in done[done["status"] != "ok"]["status"].value_counts().sort_index().items():
        print(f"  no chain: {n} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
