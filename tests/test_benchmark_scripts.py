"""The benchmark scripts work end to end (their numbers are not checked here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import is_loopback_url  # noqa: E402


@pytest.mark.parametrize(
    "url, ok",
    [
        ("http://127.0.0.1:8501", True),
        ("http://127.1.2.3:8501/", True),
        ("http://localhost:8501", True),
        ("http://[::1]:8501", True),
        ("http://example.org", False),
        ("http://10.0.0.5:8501", False),
        ("http://0.0.0.0:8501", False),
        ("http://127.0.0.1.example.org", False),
        ("http://user:pw@127.0.0.1:8501", False),
        ("file:///etc/passwd", False),
        ("127.0.0.1:8501", False),
    ],
)
def test_only_loopback_urls_are_accepted(url, ok):
    assert is_loopback_url(url) is ok


def test_load_script_refuses_a_remote_url():
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--url", "http://example.org"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 2 and "--url" in r.stderr


@pytest.mark.browser
def test_load_script_runs_two_sessions_without_errors():
    seconds = 90
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"),
         "--sessions", "2", "--clicks", "2", "--ramp", "0", "--seconds", str(seconds), "--json"],
        capture_output=True, text=True, timeout=seconds + 120, cwd=ROOT,
    )
    lines = r.stdout.strip().splitlines()
    assert lines, r.stderr
    result = json.loads(lines[-1])
    assert result["errors"] == 0, r.stdout + r.stderr
    assert r.returncode == 0
    assert result["sessions"] == 2 and result["clicks"] == 4
    for key in ("click_p50_ms", "click_p95_ms", "server_rss_start_mb", "server_rss_peak_mb",
                "server_rss_end_mb", "duration_s"):
        assert isinstance(result[key], (int, float)), key


@pytest.mark.browser
def test_legibility_script_measures_the_svg_slide():
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "legibility.py"), "--targets", "slide_svg", "--quick",
         "--timeout", "240"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert "goals_met: " in r.stdout
    assert isinstance(result["goals_met"], bool) and isinstance(result["goals_missed"], list)
    slide = result["slide_svg"]
    for key in ("label_overlaps", "midword_breaks", "edge_label_crossings", "edge_edge_crossings", "labels", "edges"):
        assert isinstance(slide[key], int) and slide[key] >= 0, key
    assert slide["labels"] > 5 and slide["edges"] > 5  # the labels and arrows were found
    assert slide["label_px_min"] > 5 and slide["legend_px_min"] > 5
    assert slide["size"] == [1920, 1080]


def test_ui_bench_refuses_an_unknown_measure():
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ui_bench.py"), "--only", "paint,nonsense"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert r.returncode == 2 and "nonsense" in r.stderr


@pytest.mark.browser
def test_load_script_clicks_every_kind_of_mark_and_none_is_lost():
    seconds = 150
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"),
         "--sessions", "1", "--clicks", "8", "--marks", "all", "--ramp", "0", "--seconds", str(seconds), "--json"],
        capture_output=True, text=True, timeout=seconds + 120, cwd=ROOT, check=False,
    )
    lines = r.stdout.strip().splitlines()
    assert lines, r.stderr
    result = json.loads(lines[-1])
    assert result["marks"] == "all"
    assert result["errors"] == 0 and result["missed_clicks"] == 0, r.stdout + r.stderr
    assert result["clicks"] + result["hidden_marks"] == 8 and result["clicks"] >= 4


@pytest.mark.browser
def test_ui_bench_times_a_filter_an_upload_and_the_downloads():
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ui_bench.py"),
         "--only", "filter,upload,downloads", "--runs", "1", "--clicks", "2", "--read", "0", "--json"],
        capture_output=True, text=True, timeout=900, cwd=ROOT, check=False,
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    result = json.loads(r.stdout.strip().splitlines()[-1])
    for key in ("filter_new_p50_ms", "filter_back_p50_ms", "filter_bare_p50_ms", "filter_new_ratio", "filter_back_ratio",
                "upload_to_compare_ms", "upload_ratio", "download_max_ms"):
        assert isinstance(result[key], (int, float)) and result[key] > 0, key
    from pathviz.exports import formats

    for times in (result["downloads"], result["downloads_at_once"]):
        # every button of the download section, and the clinician handout, each timed
        assert {label for label in times if not label.startswith("clinician:")} == {f.label for f in formats().values()}
        assert any(label.startswith("clinician:") for label in times)
        assert all(ms > 0 for ms in times.values())
