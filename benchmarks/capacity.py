"""What one server process can carry: the Compare page's script runs per second, no browser.

    python benchmarks/capacity.py            # a table
    python benchmarks/capacity.py --json     # the table, then one JSON object as the last line

Streamlit runs one script per interaction, in the server process, under one
interpreter lock, so a process's capacity is how many of those runs it
completes per second. This runs the dashboard's script with Streamlit's
``AppTest`` (the same script, session state and caches a server uses; no
browser, no websocket) for ``--sessions`` sessions that each click ``--clicks``
different nodes, interleaved as concurrent students would, and reports the
time per run and the runs per second. ``class_size_at_1_click_per_10s`` is
the number of students one process keeps up with when each clicks once every
ten seconds (a lively class); with ``N`` replicas behind a proxy (README) it
scales with ``N``. Browser-side time is measured by ``ui_bench.py`` and
``load.py``.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(sessions: int = 10, clicks: int = 8) -> dict:
    from streamlit.testing.v1 import AppTest

    def quiet() -> None:  # streamlit gives its modules' loggers levels of their own
        for name in list(logging.root.manager.loggerDict):
            if name.startswith("streamlit"):
                logging.getLogger(name).setLevel(logging.ERROR)

    quiet()
    apps = []
    open_ms = []
    for _ in range(sessions):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        t = time.perf_counter()
        at.run()
        open_ms.append((time.perf_counter() - t) * 1000)
        if at.exception:
            raise RuntimeError(f"the page failed: {at.exception[0].value}")
        apps.append(at)
        quiet()
    from pathviz.io.pathways import read_pathways
    from pathviz.view import ViewState, build_view

    view = build_view(read_pathways(ROOT / "pathways"), ViewState("ketamine", "psilocybin"))
    nodes = view.visible()
    runs: list[float] = []
    start = time.perf_counter()
    for k in range(clicks):
        for i, at in enumerate(apps):  # interleaved: every session clicks once per round
            at.session_state["pv_node"] = nodes[(i * 7 + k * 3) % len(nodes)]
            at.session_state["pv_edge"] = None
            t = time.perf_counter()
            at.run()
            runs.append((time.perf_counter() - t) * 1000)
            if at.exception:
                raise RuntimeError(f"a click failed: {at.exception[0].value}")
    wall = time.perf_counter() - start
    runs.sort()
    per_s = len(runs) / wall
    return {
        "sessions": sessions,
        "runs": len(runs),
        "open_ms_median": round(statistics.median(open_ms), 1),
        "run_ms_p50": round(statistics.median(runs), 1),
        "run_ms_p95": round(runs[max(0, int(round(0.95 * len(runs))) - 1)], 1),
        "runs_per_s": round(per_s, 1),
        "class_size_at_1_click_per_10s": int(per_s * 10),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pathviz: script runs per second of one server process")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--clicks", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.clicks < 1:
        parser.error("--sessions and --clicks must be >= 1")
    out = measure(args.sessions, args.clicks)
    for k, v in out.items():
        print(f"{k:<32} {v}")
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
