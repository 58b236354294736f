"""Dashboard speed in a real browser: first paint and click latency.

    python benchmarks/ui_bench.py            # a table
    python benchmarks/ui_bench.py --json     # the table, then one JSON object as the last line

``first_paint_ratio``: the dashboard's first paint divided by that of a bare Streamlit page
holding one small Plotly scatter (written to a temporary directory at run time and served
with the same ``streamlit run`` flags). First paint is the time from navigation start until
the chart's SVG (``.js-plotly-plot .main-svg``) is in the DOM and visible, read from the
page's own clock (``performance.now()``, whose origin is navigation start). Each server is
warmed by one page load, then the median of ``runs`` loads, each in a fresh browser
context (no cache, no session), is taken. Goal: <= 1.2.

``click_p95_ms``: p95 of click -> details shown (see ``load.py``; the dashboard draws them in
the browser from data shipped with the view) over ``clicks`` node clicks
in one session of the dashboard (default 20), after one first click that is reported on its own
as ``click_first_ms`` (the first details drawn in a session may pay one-off work of the
server). A click that Plotly gives to another point under the marker is listed in
``click_missed`` and not timed. ``click_p95_ratio`` divides it by the same measure on the bare
page, which shows the clicked point's id in a line of text (``st.plotly_chart`` with
``on_select="rerun"``, the same machine, the same run). Goal: <= 1.0 (1.5 the floor).
``click_url_p95_ms``: the same clicks until the address bar names the node, i.e. the server's
run for the click has ended (the bare page's details and URL arrive together).

``lecture_step_p95_ms``: p95 of a click on *Next ▶* / *◀ Previous* in lecture mode until the
step header shows the new step; ``lecture_step_p95_ratio`` divides it by the bare page's click
p95. Goal: <= 1.0.

The cold loads alternate between the two servers so that a busy moment of the machine
falls on both series alike; still, on a loaded machine the figures move by tens of percent
from run to run: compare runs made on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from load import (  # noqa: E402
    APP,
    BARE_APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    EDGE_PREFIX,
    NODE_IDS_JS,
    SHOWS_JS,
    VIEWPORT,
    MissedClick,
    click_node,
    open_page,
    percentile,
    pick_nodes,
    start_streamlit,
    stop_streamlit,
    wait_idle,
)


# the bare page's chart (an st.plotly_chart) for the click series
BARE_IDS_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const t = gd.data.find(tr => tr.name === 'nodes');
    return t.customdata.map(String);
}"""

# ms from a mousedown until the step header names the step, else false
STEP_JS = """(want) => {
    if (window.__pvClickT === undefined) return false;
    const t = document.querySelector('[data-testid="stMain"]').innerText;
    return t.includes(want) ? performance.now() - window.__pvClickT : false;
}"""

# ms since navigation start once the chart's SVG is in the DOM and has a size, else false
PAINT_JS = """() => {
    const svg = document.querySelector('.js-plotly-plot .main-svg');
    if (!svg) return false;
    const r = svg.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(svg).visibility !== 'hidden' ? performance.now() : false;
}"""

GOALS = {
    "first_paint_ratio": ("<= 1.2", lambda v: v <= 1.2),
    "click_p95_ratio": ("<= 1.0 (floor 1.5)", lambda v: v <= 1.0),
    "lecture_step_p95_ratio": ("<= 1.0", lambda v: v <= 1.0),
}


async def first_paint_ms(browser, url: str, timeout_ms: float = 60_000) -> float:  # type: ignore[no-untyped-def]
    """One cold load of ``url`` in a fresh context: ms from navigation start to a visible chart."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        handle = await page.wait_for_function(PAINT_JS, timeout=timeout_ms, polling="raf")
        return float(await handle.json_value())
    finally:
        await context.close()


async def click_series(browser, url: str, clicks: int, seed: int = 7) -> tuple[float, list[float], list[str], list[float]]:  # type: ignore[no-untyped-def]
    """One session: a first node click (it may pay one-off work of the server), then
    ``clicks`` more. Returns (first click ms, the other clicks' ms, missed clicks, the other
    clicks' ms until the URL names the node): a click that Plotly gives to another point under
    the marker is not timed, another node is tried."""
    import random

    rng = random.Random(seed)
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page, js_errors = await open_page(context, url + "/", 90_000)
        await wait_idle(page, 30_000)
        ids = await page.evaluate(NODE_IDS_JS)
        out: list[float] = []
        urls: list[float] = []
        missed: list[str] = []
        prev = None
        while len(out) < clicks + 1 and len(missed) <= clicks:
            node_id = pick_nodes(ids, 1, rng, prev)[0]
            try:
                shown, url_ms = await click_node(page, node_id, 60_000)
                out.append(shown)
                urls.append(url_ms)
                prev = node_id
            except MissedClick as m:
                missed.append(f"{m.node_id} -> {m.picked}")
                ids = [i for i in ids if i != node_id]
                if m.picked:  # let the page show what was picked instead
                    edge = m.picked.startswith(EDGE_PREFIX)
                    shows = ["edge", m.picked.removeprefix(EDGE_PREFIX)] if edge else ["node", m.picked]
                    await page.wait_for_function(SHOWS_JS, arg=shows, timeout=60_000, polling=50)
                    prev = None if edge else m.picked
            await wait_idle(page, 30_000)
        if js_errors:
            raise RuntimeError(f"page errors while clicking: {js_errors[:3]}")
        if len(out) < 2:
            raise RuntimeError(f"too many missed clicks: {missed}")
        return out[0], out[1:], missed, urls[1:]
    finally:
        await context.close()


async def bare_click_series(browser, url: str, clicks: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Click the bare page's points in turn; ms from mousedown until the URL names the point."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page, _ = await open_page(context, url + "/", 90_000)
        await wait_idle(page, 30_000)
        ids = await page.evaluate(BARE_IDS_JS)
        out: list[float] = []
        i = 0
        while len(out) < clicks + 1:
            node_id = ids[i % len(ids)]
            i += 1
            try:
                out.append((await click_node(page, node_id, 60_000))[0])
            except MissedClick:
                pass
            await wait_idle(page, 30_000)
            if i > 4 * (clicks + 1):
                break
        return out[1:]
    finally:
        await context.close()


async def lecture_series(browser, url: str, steps: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Next, Next, ... then Previous, ...: ms from mousedown until the header names the new step."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page, _ = await open_page(context, url + "/?mode=lecture", 90_000)
        await wait_idle(page, 30_000)
        out: list[float] = []
        direction = "Next"
        for _ in range(steps):
            header = await page.evaluate("() => (document.querySelector('[data-testid=\"stMain\"]').innerText.match(/Step (\\d+) of (\\d+)/) || []).slice(1).map(Number)")
            if not header:
                break
            cur, total = header
            if direction == "Next" and cur >= total:
                direction = "Previous"
            elif direction == "Previous" and cur <= 1:
                direction = "Next"
            want = f"Step {cur + 1 if direction == 'Next' else cur - 1} of {total}"
            button = page.get_by_role("button", name=re.compile(direction))
            box = await button.bounding_box()
            if box is None:
                break
            await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            await page.evaluate("() => { window.__pvClickT = undefined; }")
            await page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            handle = await page.wait_for_function(STEP_JS, arg=want, timeout=60_000, polling="raf")
            out.append(float(await handle.json_value()))
            await wait_idle(page, 30_000)
        return out
    finally:
        await context.close()


async def _measure(runs: int, clicks: int) -> dict:
    from playwright.async_api import async_playwright

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_plotly.py"
        bare.write_text(BARE_APP, "utf-8")
        dash_proc, dash_url = start_streamlit(APP)
        try:
            bare_proc, bare_url = start_streamlit(bare, cwd=Path(tmp))
        except BaseException:
            stop_streamlit(dash_proc)
            raise
        try:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
                try:
                    # warm each server once, then alternate the cold loads so that a busy
                    # moment of the machine falls on both series alike
                    await first_paint_ms(browser, dash_url + "/")
                    await first_paint_ms(browser, bare_url + "/")
                    dash, bare_ms = [], []
                    for _ in range(runs):
                        dash.append(await first_paint_ms(browser, dash_url + "/"))
                        bare_ms.append(await first_paint_ms(browser, bare_url + "/"))
                    results["first_paint_ms"] = round(statistics.median(dash), 1)
                    results["first_paint_bare_ms"] = round(statistics.median(bare_ms), 1)
                    results["first_paint_ratio"] = round(results["first_paint_ms"] / results["first_paint_bare_ms"], 2)
                    first, ms, missed, url_ms = await click_series(browser, dash_url, clicks)
                    results["click_first_ms"] = round(first, 1)
                    results["click_missed"] = missed
                    results["click_p50_ms"] = round(statistics.median(ms), 1)
                    results["click_p95_ms"] = round(percentile(ms, 95), 1)
                    results["clicks_measured"] = len(ms)
                    results["click_url_p50_ms"] = round(statistics.median(url_ms), 1)
                    results["click_url_p95_ms"] = round(percentile(url_ms, 95), 1)
                    bare_clicks = await bare_click_series(browser, bare_url, clicks)
                    results["click_bare_p50_ms"] = round(statistics.median(bare_clicks), 1)
                    results["click_bare_p95_ms"] = round(percentile(bare_clicks, 95), 1)
                    results["click_p95_ratio"] = round(results["click_p95_ms"] / results["click_bare_p95_ms"], 2)
                    steps = await lecture_series(browser, dash_url, max(6, clicks // 2))
                    results["lecture_step_p50_ms"] = round(statistics.median(steps), 1) if steps else None
                    results["lecture_step_p95_ms"] = round(percentile(steps, 95), 1) if steps else None
                    results["lecture_step_p95_ratio"] = (
                        round(results["lecture_step_p95_ms"] / results["click_bare_p95_ms"], 2) if steps else None
                    )
                finally:
                    await asyncio.wait_for(browser.close(), timeout=15)
        finally:
            stop_streamlit(bare_proc)
            stop_streamlit(dash_proc)
    return results


def measure(runs: int = 5, clicks: int = 20) -> dict:
    """first_paint_ms, first_paint_bare_ms, first_paint_ratio, click_p50_ms, click_p95_ms."""
    if runs < 1 or clicks < 1:
        raise ValueError("runs and clicks must be >= 1")
    return asyncio.run(_measure(runs, clicks))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pathviz dashboard first paint and click latency")
    parser.add_argument("--runs", type=int, default=5, help="cold page loads per server (median)")
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    t = time.monotonic()
    out = measure(args.runs, args.clicks)
    out["duration_s"] = round(time.monotonic() - t, 1)
    print(f"{'measure':<22} {'value':>10}  goal")
    for k, v in out.items():
        goal, ok = GOALS.get(k, ("", None))
        mark = "" if v is None or ok is None else ("  ok" if ok(v) else "  MISSED")
        if isinstance(v, list):
            v = len(v)
        print(f"{k:<22} {v!s:>10}  {goal}{mark}")
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
