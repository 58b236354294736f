"""pathviz speed and scale figures.

    python benchmarks/run.py            # a table
    python benchmarks/run.py --json     # the table, then one JSON object as the last line
    python benchmarks/run.py --quick    # skip graphviz dot and the 1,000-file bundle
    python benchmarks/run.py --no-ui    # skip the browser measurements

Goals: pipeline <= 100 ms (warm), layout of 5,000 nodes < 1 s and <= 0.1 x dot,
validation time linear in the number of files; in a real browser (Debian's chromium, see
ui_bench.py): dashboard first paint <= 1.2 x that of a bare Streamlit + Plotly page, and
click -> details p95 <= 300 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from layout_bench import time_dot, time_layout  # noqa: E402

from pathviz.io.pathways import load_pathways  # noqa: E402
from pathviz.render.figure import to_figure  # noqa: E402
from pathviz.view import ViewState, build_view  # noqa: E402


def median_ms(fn: Callable[[], object], repeats: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def pipeline(pathways: Path) -> None:
    result = load_pathways([pathways])
    assert result.bundle is not None, result.problems[:3]
    view = build_view(result.bundle, ViewState("ketamine", "psilocybin"))  # a new bundle: nothing cached
    to_figure(view)


def write_synthetic_bundle(directory: Path, n_files: int) -> None:
    """``n_files`` valid pathway files of 6 nodes and 6 edges each, plus one reference file."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "references.yaml").write_text(
        "schema: pathviz/1\nreferences:\n  - id: ref0\n    title: A paper\n    doi: 10.1000/xyz0\n"
    )
    for i in range(n_files):
        nodes = "".join(
            f"  - id: n{i}_{j}\n    label: Node {i}.{j}\n    kind: {'drug' if j == 0 else 'signalling'}\n"
            f"    tier: {'agent' if j == 0 else 'signalling'}\n    xrefs: [hgnc:{1000 + j}]\n"
            f"    description: Synthetic node {j} of file {i}.\n"
            for j in range(6)
        )
        edges = "".join(
            f"  - source: n{i}_{j}\n    target: n{i}_{j + 1}\n    relation: activates\n"
            f"    evidence: human\n    status: established\n    sources:\n      - ref: ref0\n"
            for j in range(5)
        ) + (
            f"  - source: n{i}_0\n    target: n{i}_5\n    relation: inhibits\n"
            f"    evidence: animal\n    status: contested\n    sources:\n      - ref: ref0\n"
        )
        (directory / f"p{i:04d}.yaml").write_text(
            f"schema: pathviz/1\nid: p{i}\ntitle: Pathway {i}\ndrug: n{i}_0\nnodes:\n{nodes}edges:\n{edges}"
        )


def validate_seconds(n_files: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "bundle"
        write_synthetic_bundle(d, n_files)
        load_pathways([d])  # warm imports

        def run() -> None:
            r = load_pathways([d])
            assert r.bundle is not None, r.problems[:3]

        return median_ms(run, repeats=3, warmup=0) / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pathviz benchmarks")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="skip dot and the 1,000-file bundle")
    parser.add_argument("--no-ui", action="store_true", help="skip the browser measurements (first paint, clicks)")
    parser.add_argument("--pathways", default=str(ROOT / "pathways"))
    args = parser.parse_args(argv)

    out: dict[str, float | None] = {}
    pathways = Path(args.pathways)
    out["pipeline_ms"] = round(median_ms(lambda: pipeline(pathways)), 1)
    out["layout_5000_ms"] = round(time_layout(5000, 10000, repeats=5), 1)
    out["dot_5000_ms"] = None if args.quick else round(time_dot(5000, 10000), 1)
    out["layout_dot_ratio"] = (
        None if out["dot_5000_ms"] is None else round(out["layout_5000_ms"] / out["dot_5000_ms"], 4)
    )
    out["validate_100_files_s"] = round(validate_seconds(100), 3)
    out["validate_1000_files_s"] = None if args.quick else round(validate_seconds(1000), 3)
    if out["validate_1000_files_s"]:
        out["validate_linearity"] = round(out["validate_1000_files_s"] / (10 * out["validate_100_files_s"]), 2)
    ui_keys = ("first_paint_ms", "first_paint_bare_ms", "first_paint_ratio", "click_first_ms", "click_p50_ms", "click_p95_ms")
    ui_failed = False
    out.update(dict.fromkeys(ui_keys))
    if not args.no_ui:
        from ui_bench import measure as measure_ui

        try:
            ui = measure_ui(runs=5, clicks=20)
            out.update({k: ui.get(k) for k in ui_keys})
        except Exception as e:  # noqa: BLE001 - reported; the other figures still count
            ui_failed = True
            print(f"browser measurements failed: {type(e).__name__}: {e}", file=sys.stderr)

    goals = {
        "pipeline_ms": ("<= 100", lambda v: v <= 100),
        "layout_5000_ms": ("< 1000", lambda v: v < 1000),
        "layout_dot_ratio": ("<= 0.1", lambda v: v <= 0.1),
        "validate_linearity": ("~1 (1000 files / 10 x 100 files)", lambda v: v <= 1.5),
        "first_paint_ratio": ("<= 1.2 (dashboard / bare Streamlit+Plotly page)", lambda v: v <= 1.2),
        "click_p95_ms": ("<= 300", lambda v: v <= 300),
    }
    print(f"{'measure':<24} {'value':>12}  goal")
    for k, v in out.items():
        goal, ok = goals.get(k, ("", None))
        mark = "" if v is None or ok is None else ("  ok" if ok(v) else "  MISSED")
        print(f"{k:<24} {('-' if v is None else v)!s:>12}  {goal}{mark}")
    if args.json:
        print(json.dumps(out))
    return 1 if ui_failed else 0


if __name__ == "__main__":
    sys.exit(main())
