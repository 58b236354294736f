"""The GPML benchmark scripts run end to end on the WikiPathways samples and refuse bad arguments
clearly (their timings are not checked here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, ROOT

BENCH = ROOT / "benchmarks" / "gpml_bench.py"
CORPUS = ROOT / "benchmarks" / "gpml_corpus.py"
SHARED = ROOT.parent / "shared" / "samples" / "wikipathways"
# the shared samples, or the copies of them kept with the tests (tests/data/gpml/README.md)
SAMPLES = SHARED if SHARED.is_dir() else DATA / "gpml"


def _run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def _samples_only(tmp_path: Path) -> Path:
    folder = tmp_path / "samples"
    folder.mkdir()
    for name in ("WP2380.gpml", "WP732.gpml"):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_the_import_benchmark_times_the_samples_and_a_generated_pathway_in_both_formats(tmp_path):
    proc = _run(BENCH, "--samples", str(_samples_only(tmp_path)), "--nodes", "60", "--repeat", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    files = {r["file"]: r for r in result["files"]}
    assert set(files) == {"WP2380.gpml", "WP732.gpml", "generated-60-2013a.gpml", "generated-60-2021.gpml"}
    assert result["all_imported"], [r.get("error") for r in files.values()]
    for row in files.values():
        assert row["seconds"] > 0 and row["baseline_s"] > 0 and row["ratio"] > 0
    # the generated pathway is the same in both formats
    a, b = files["generated-60-2013a.gpml"], files["generated-60-2021.gpml"]
    assert a["nodes"] == b["nodes"] > 60 and a["arrows"] == b["arrows"] > 0
    assert "goal ≤ 1.0 s" in proc.stdout and "goal ≤ 2.0 s" in proc.stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (["--samples", "/no/such/dir"], "is not a directory"),
        (["--nodes", "5"], "--nodes must be between 10 and 20000"),
        (["--repeat", "0"], "--repeat must be at least 1"),
        (["--nodes", "many"], "invalid int value"),
    ],
)
def test_the_import_benchmark_refuses_bad_arguments(args, words):
    proc = _run(BENCH, *args)
    assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr


def test_the_corpus_script_reports_the_samples_and_a_refusal_with_its_place(tmp_path):
    folder = _samples_only(tmp_path)
    (folder / "broken.gpml").write_bytes((DATA / "gpml" / "WP732.gpml").read_bytes().replace(b"</DataNode>", b"</DataNod>", 1))
    proc = _run(CORPUS, str(folder), "--json")
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout.strip().splitlines()[-1])
    assert s["files"] == 3 and s["converted"] == 2 and s["crashes"] == 0
    assert s["refusals"] == 1 and s["refusals_located"] == 1
    assert "refused (located): " in proc.stdout and "broken.gpml:" in proc.stdout
    assert s["max_ratio"] is not None and s["median_retention"] is not None and s["max_s"] >= s["median_s"] > 0


@pytest.mark.parametrize(
    "args, words",
    [
        (["/no/such/dir"], "is not a directory"),
        (["EMPTY"], "holds no .gpml files"),
        ([str(DATA / "gpml"), "--limit", "0"], "--limit must be at least 1"),
        ([], "the following arguments are required: DIR"),
    ],
)
def test_the_corpus_script_refuses_bad_arguments(args, words, tmp_path):
    args = [str(tmp_path) if a == "EMPTY" else a for a in args]
    proc = _run(CORPUS, *args)
    assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr
