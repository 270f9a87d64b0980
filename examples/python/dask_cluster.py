"""What dask_scan.py and dask_backtest.py share: the cluster options, connecting (a LocalCluster
of worker processes, or a running dask-scheduler), the check that every worker imports the same
ivcrush, and the timed compute phase (docs/dask.md).

Tasks are ivcrush.workflows functions called with plain values (paths, names, dicts), so what
crosses the network is small and picklable: the workers import ivcrush themselves and read the
files at the same paths.
"""

import contextlib
import functools
import logging
import sys
import time

EXIT_DATA = 1  # unreadable or malformed data, a directory that does not exist, a cluster error
EXIT_USAGE = 2  # bad arguments


class Failure(Exception):
    """An error the script reports in one line and exits with `code`."""

    def __init__(self, message, code=EXIT_DATA):
        super().__init__(message)
        self.code = code


def add_cluster_arguments(parser):
    group = parser.add_argument_group("where the tasks run")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running dask-scheduler, e.g. tcp://10.0.0.5:8786 (default: start "
                            "a LocalCluster of --workers processes)")
    where.add_argument("--single-process", action="store_true",
                       help="no Dask: run the same tasks one after the other in this process "
                            "(the reference result)")
    group.add_argument("--workers", type=int, default=2, metavar="N",
                       help="LocalCluster worker processes, one thread each (default 2)")
    group.add_argument("--wait-workers", type=float, default=60.0, metavar="SECONDS",
                       help="with --scheduler: how long to wait for a first worker (default 60)")


def local_cluster(workers):
    """N worker processes of one thread each, no dashboard, and two of Dask's worker defaults
    changed because they slow these tasks down (measured, docs/dask.md):
    - MALLOC_TRIM_THRESHOLD_=65536, which Dask's nanny sets for every worker process so that
      freed memory goes back to the OS early: the C++ code builds and frees chains of large
      vectors, and with that threshold glibc returns and re-faults the pages on every task
      (about 15 % more CPU per backtest task);
    - the statistical profiler (a thread sampling every worker thread's stack each 10 ms, for
      the dashboard, which is off here)."""
    import dask
    from distributed import LocalCluster

    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.nanny.pre-spawn-environ": environ}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=None, silence_logs=logging.ERROR)


@contextlib.contextmanager
def client_for(args, log):
    """A distributed.Client for the options (None with --single-process); closes what it
    started."""
    if args.single_process:
        yield None
        return
    if args.workers < 1:
        raise Failure(f"--workers {args.workers}: must be at least 1", 2)
    try:
        from distributed import Client
    except ImportError as e:
        raise Failure(f"Dask is not installed ({e}): install python3-dask python3-distributed, "
                      "or pass --single-process") from e
    import ivcrush

    cluster = None
    started = time.perf_counter()
    try:
        if args.scheduler:
            client = Client(args.scheduler, timeout="30s")
            client.wait_for_workers(1, timeout=args.wait_workers)
        else:
            cluster = local_cluster(args.workers)
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        where = args.scheduler or "a LocalCluster"
        raise Failure(f"cannot connect to {where}: {e}") from e
    try:
        try:
            # By reference: a worker that cannot import ivcrush fails to unpickle it.
            info = client.run(ivcrush.worker_info)
        except Exception as e:  # the worker's ImportError comes back here
            raise Failure(f"a worker cannot import ivcrush ({type(e).__name__}: {e}): install "
                          "it on every worker (scripts/install-python)") from e
        versions = {w: i["ivcrush"] for w, i in info.items()}
        wrong = {w: v for w, v in versions.items() if v != ivcrush.__version__}
        if wrong:
            raise Failure(f"workers run another ivcrush than this client "
                          f"({ivcrush.__version__}): {wrong}")
        log(f"dask: {len(versions)} workers ({args.scheduler or 'LocalCluster'}), ready in "
            f"{time.perf_counter() - started:.2f} s")
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_tasks(client, function, task_args, log, **kwargs):
    """function(*a, **kwargs) for every a of task_args, on the cluster (one task each), in this
    process (client None) or on a multiprocessing pool; the results in task order, and the
    compute phase's wall time."""
    started = time.perf_counter()
    if client is None:
        results = [function(*a, **kwargs) for a in task_args]
        where = "in this process"
    elif hasattr(client, "starmap"):  # a multiprocessing pool (dask_speedup.py's control)
        results = client.starmap(functools.partial(function, **kwargs), task_args, chunksize=1)
        where = "on a process pool"
    else:
        futures = [client.submit(function, *a, **kwargs, pure=False) for a in task_args]
        results = client.gather(futures)
        where = f"on {len(client.scheduler_info()['workers'])} workers"
    seconds = time.perf_counter() - started
    log(f"compute: {seconds:.3f} s, {len(task_args)} tasks {where}")
    return results, seconds


def stderr_logger(quiet):
    def log(text):
        if not quiet:
            print(text, file=sys.stderr, flush=True)

    return log
