#!/usr/bin/env python3
"""dask_speedup: the compute-phase wall time of dask_scan.py and dask_backtest.py on LocalClusters
of 1 and 2 worker processes (one thread each), the median of several repetitions, with the
machine's load average (docs/dask.md, "Measured speed-up").

    dask_speedup.py --chains DIR [--data DIR] [--repeat N] [--files-per-task K,...]
                    [--workers 1,2] [--skip-scan] [--skip-backtest]

Every cluster (the examples' own, dask_cluster.local_cluster) is started first and warmed up
(one untimed run: every worker imports ivcrush and loads the earnings data), so the times
exclude start-up; each timed run is submit-to-gather, and its table must equal the
single-process one. The runs are interleaved (1 worker, 2 workers, 1 worker, ...) so that the
other jobs of a shared machine weigh on every configuration alike, and a control runs the same
task functions on multiprocessing pools of 1 and 2 plain processes: what the machine gives two
processes at the time, Dask or not. The scan uses --unknown-oi acceptable
(modeled chains); the backtest the default grid (6 points x 4 policies over every event).
"""

import argparse
import contextlib
import multiprocessing
import os
import statistics
import sys

import dask_backtest
import dask_cluster
import dask_scan


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv=None):
    p = argparse.ArgumentParser(prog="dask_speedup.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--chains", required=True, metavar="DIR")
    p.add_argument("--data", default="data", metavar="DIR")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--files-per-task", default="1,20", metavar="K,...")
    p.add_argument("--workers", default="1,2", metavar="N,...")
    p.add_argument("--skip-scan", action="store_true")
    p.add_argument("--skip-backtest", action="store_true")
    a = p.parse_args(argv)
    from distributed import Client

    jobs = []
    if not a.skip_scan:
        for k in a.files_per_task.split(","):
            args = dask_scan.parse_args(["--chains", a.chains, "--data", a.data,
                                         "--unknown-oi", "acceptable",
                                         "--files-per-task", k, "--quiet"])
            jobs.append((f"scan, {k} file(s) per task", dask_scan.compute, args))
    if not a.skip_backtest:
        args = dask_backtest.parse_args(["--data", a.data, "--quiet"])
        jobs.append(("backtest, default grid", dask_backtest.compute, args))
    sizes = [int(w) for w in a.workers.split(",")]

    with contextlib.ExitStack() as stack:
        runners = {("single process", 0): None}
        for n in sizes:
            cluster = stack.enter_context(dask_cluster.local_cluster(n))
            runners[("dask", n)] = stack.enter_context(Client(cluster))
            runners[("pool", n)] = stack.enter_context(multiprocessing.get_context("spawn").Pool(n))
        load_before = load()
        times = {}
        for name, compute, args in jobs:
            reference = compute(args, None)[0]
            for runner in runners.values():
                compute(args, runner)  # warm-up
            for _ in range(a.repeat):
                for key, runner in runners.items():
                    table, *_, info = compute(args, runner)
                    if not table.equals(reference):
                        raise SystemExit(f"{name}: the {key} table differs from the reference")
                    times.setdefault((name, key), []).append(info["seconds"])
        load_after = load()

    print(f"cores: {os.cpu_count()}; repetitions: {a.repeat}, interleaved; times: compute phase "
          f"(submit to gather), seconds; load average before {load_before}, after {load_after}")
    for name, compute, args in jobs:
        tasks = compute(args, None)[-1]["tasks"]
        single = statistics.median(times[(name, ("single process", 0))])
        print(f"\n{name}: {tasks} tasks; single process (no Dask) median {single:.3f}")
        for kind in ("dask", "pool"):
            base = statistics.median(times[(name, (kind, sizes[0]))])
            for n in sizes:
                runs = times[(name, (kind, n))]
                median = statistics.median(runs)
                label = "Dask worker(s)" if kind == "dask" else "pool process(es), no Dask"
                print(f"  {n} {label}: median {median:.3f} (runs "
                      f"{', '.join(f'{s:.3f}' for s in runs)}); {base / median:.2f}x of "
                      f"{sizes[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
