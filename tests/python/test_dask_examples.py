"""The Dask examples (examples/python/dask_scan.py, dask_backtest.py) on a LocalCluster of two
worker processes: the DataFrame gathered from the cluster equals the single-process one exactly
(every value, dtype and row, rows in the scripts' own key order), and so do the CSV files byte
for byte; bad directories and arguments end the scripts with a message and a non-zero status.

Kept small for CI (docs/dask.md): the scan reads the 16 modeled chain files of the bundled
observations (export_modeled_chains, events="latest"); the backtest sweeps 2 policies x 2 fills
over the 2024 events only (the full default grid is 6 points x 4 policies over 1,997 events).
"""

import os
import pathlib
import subprocess
import sys

import pandas as pd
import pytest

import ivcrush

distributed = pytest.importorskip("distributed")
# Debian's tornado 6.2 with distributed 2022.12 warns from inside LocalCluster; not ours.
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"
sys.path.insert(0, str(EXAMPLES))
import dask_backtest  # noqa: E402
import dask_cluster  # noqa: E402
import dask_scan  # noqa: E402

BACKTEST_ARGS = ["--policies", "original,model_pop", "--grid", "fill=0.25,0.5",
                 "--grid", "commission=0.65", "--from", "2024-01-01", "--to", "2024-12-31",
                 "--quiet"]


@pytest.fixture(scope="module")
def cluster():
    with dask_cluster.local_cluster(2) as c:  # the examples' own: 2 processes, 1 thread each
        yield c


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def chains_dir(tmp_path_factory, data_dir):
    out = tmp_path_factory.mktemp("chains")
    done = ivcrush.export_modeled_chains(str(data_dir), out)
    assert (done["status"] == "ok").sum() == 16
    return out


def scan_args(chains_dir, data_dir, *more):
    return ["--chains", str(chains_dir), "--data", str(data_dir),
            "--unknown-oi", "acceptable", "--quiet", *more]


def run_script(name, *args):
    return subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True,
                          text=True, timeout=300, env=os.environ.copy())


# ------------------------------------------------------------------------------------------------
# Identical results

def test_dask_scan_gathers_the_single_process_table(client, chains_dir, data_dir):
    args = dask_scan.parse_args(scan_args(chains_dir, data_dir))
    reference, rejects, info = dask_scan.compute(args, None)
    gathered, rejects_dask, info_dask = dask_scan.compute(args, client)
    assert info["tasks"] == info_dask["tasks"] == 16 and rejects == rejects_dask == []
    pd.testing.assert_frame_equal(gathered, reference, check_exact=True)
    # Two files per task: other partitions, the same table.
    args2 = dask_scan.parse_args(scan_args(chains_dir, data_dir, "--files-per-task", "2"))
    partitioned, _, info2 = dask_scan.compute(args2, client)
    assert info2["tasks"] == 8
    pd.testing.assert_frame_equal(partitioned, reference, check_exact=True)
    # The table is examples/scan's (examples/golden/scan.txt): 6 ranked, UEC first.
    ranked = reference.dropna(subset=["rank"])
    assert list(ranked["ticker"]) == ["UEC", "ASO", "CPB", "CIEN", "AZO", "CHWY"]
    assert len(reference) == 16


def test_dask_scan_script_against_the_scheduler_address(cluster, chains_dir, data_dir, tmp_path):
    single, on_cluster = tmp_path / "single.csv", tmp_path / "cluster.csv"
    assert dask_scan.main(scan_args(chains_dir, data_dir, "--single-process",
                                    "--csv", str(single))) == 0
    assert dask_scan.main(scan_args(chains_dir, data_dir, "--scheduler",
                                    cluster.scheduler_address, "--csv", str(on_cluster))) == 0
    assert on_cluster.read_bytes() == single.read_bytes()


def test_dask_scan_script_starts_its_own_local_cluster(chains_dir, data_dir, tmp_path):
    single, local = tmp_path / "single.csv", tmp_path / "local.csv"
    assert dask_scan.main(scan_args(chains_dir, data_dir, "--single-process",
                                    "--csv", str(single))) == 0
    done = run_script("dask_scan.py", *scan_args(chains_dir, data_dir, "--workers", "2",
                                                 "--csv", str(local)))
    assert done.returncode == 0, done.stderr
    assert "16 chains scanned: 6 ok, 10 vrp_not_available" in done.stdout
    assert local.read_bytes() == single.read_bytes()


def test_dask_backtest_gathers_the_single_process_table(cluster, client, data_dir, tmp_path):
    args = dask_backtest.parse_args(["--data", str(data_dir), *BACKTEST_ARGS])
    reference, info = dask_backtest.compute(args, None)
    gathered, info_dask = dask_backtest.compute(args, client)
    assert info["tasks"] == info_dask["tasks"] == 2
    pd.testing.assert_frame_equal(gathered, reference, check_exact=True)
    assert list(reference["fill"]) == [0.25, 0.25, 0.5, 0.5]
    assert list(reference["policy"]) == ["original", "model_pop"] * 2
    # The policies follow their no-trade verdicts (docs/backtest.md): on fair-priced modeled
    # chains the model POP policy finds a positive expectation for few events.
    assert (reference["trades"] >= 5).all()
    assert (reference[reference["policy"] == "original"]["trades"] > 50).all()
    # The script end to end, against the scheduler address, and its CSV.
    single, on_cluster = tmp_path / "single.csv", tmp_path / "cluster.csv"
    base = ["--data", str(data_dir), *BACKTEST_ARGS]
    assert dask_backtest.main(base + ["--single-process", "--csv", str(single)]) == 0
    assert dask_backtest.main(base + ["--scheduler", cluster.scheduler_address,
                                      "--csv", str(on_cluster)]) == 0
    assert on_cluster.read_bytes() == single.read_bytes()


# ------------------------------------------------------------------------------------------------
# Failures: one message, a non-zero status, no cluster started

def test_scan_exits_1_on_a_missing_chains_directory(data_dir, tmp_path):
    done = run_script("dask_scan.py", "--chains", str(tmp_path / "nope"), "--data", str(data_dir))
    assert done.returncode == 1
    assert done.stderr.strip() == f"dask_scan: --chains {tmp_path / 'nope'}: not a directory"


def test_scan_exits_1_on_a_directory_without_chain_files(data_dir, tmp_path):
    done = run_script("dask_scan.py", "--chains", str(tmp_path), "--data", str(data_dir))
    assert done.returncode == 1
    assert done.stderr.strip() == f"dask_scan: --chains {tmp_path}: no *.csv chain files in it"


def test_scan_exits_1_on_a_data_directory_without_the_earnings_files(chains_dir, tmp_path):
    done = run_script("dask_scan.py", "--chains", str(chains_dir), "--data", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip() == (f"dask_scan: --data {tmp_path}: file = "
                                   f"'{tmp_path}/earnings_calendar.csv': cannot be opened")


def test_scan_exits_2_on_an_unknown_policy(chains_dir, data_dir):
    done = run_script("dask_scan.py", "--chains", str(chains_dir), "--data", str(data_dir),
                      "--policy", "kelly")
    assert done.returncode == 2
    assert done.stderr.startswith("dask_scan: --policy: scoring policy = 'kelly': unknown")


def test_backtest_exits_1_on_a_missing_data_directory(tmp_path):
    done = run_script("dask_backtest.py", "--data", str(tmp_path / "nope"))
    assert done.returncode == 1
    assert done.stderr.strip() == f"dask_backtest: --data {tmp_path / 'nope'}: not a directory"


@pytest.mark.parametrize("args, message", [
    (["--grid", "fil=0.5"], "dask_backtest: --grid: backtest parameter 'fil' is unknown"),
    (["--grid", "fill=1.5"], "dask_backtest: --grid: fill = 1.5: must be in [0, 1]"),
    (["--policies", "original,kelly"], "dask_backtest: --policies: scoring policy = 'kelly'"),
])
def test_backtest_exits_2_on_bad_arguments(data_dir, args, message):
    done = run_script("dask_backtest.py", "--data", str(data_dir), *args)
    assert done.returncode == 2
    assert done.stderr.startswith(message)
