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

``pages``: every page's first *useful* paint, each from a cold load in a fresh context, as for
``first_paint_ms``, until what the page is for is on screen (``PAGES``: Compare's diagram, the
clinician page's time course, the explorer's network, the references table, How to read this'
heading, the upload box, the first data table); ``<page>_paint_ratio`` divides its median by the
bare page's first paint measured in the same rounds. Goal: <= 1.2 each.

``filter_new_p50_ms`` and ``filter_back_p50_ms``: on Compare, the sidebar's *Only paths to
convergent nodes* and *Core mechanism only* pressed in turn (four views: the first three presses
show views new to the page, the later ones views it showed before), from the mousedown until the
diagram shows the view's figure; ``filter_new_ratio`` and ``filter_back_ratio`` divide them by the
same on the bare page (a sidebar toggle that redraws its chart with fewer points). Goal: <= 1.2.

``upload_to_compare_ms``: on *Load your own* (opened cold), a valid pathway file is chosen, then
*Use it on the Compare page* pressed: from that press until Compare's diagram shows the uploaded
drug; ``upload_ratio`` divides it by the bare page's first paint. Goal: <= 1.2.

``downloads``: ms from a click on each download button until the browser has the file (its
download event): every button of Compare's *Download this view*, opened and read for ``--read``
seconds (default 10) before its buttons are clicked in turn, and the clinician page's handout
(its other paper, not printed before), each for a view whose files the server has not made yet;
``download_max_ms`` is the slowest. Goal: <= 1000 ms each. ``downloads_at_once``: the same with
each button clicked as soon as the section (or page) is shown, for another view (no goal: a file
that takes seconds to make is still being made).

The cold loads alternate between the two servers so that a busy moment of the machine
falls on both series alike; still, on a loaded machine the figures move by tens of percent
from run to run: compare runs made on a quiet machine. ``--only`` runs some of the measures.
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
    INIT_JS,
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

# each page: (path, ms since navigation start once what the page is for is on screen, else false)
_VISIBLE = """const shown = (el) => { if (!el) return false; const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };"""
PAGES: dict[str, tuple[str, str]] = {
    "compare": ("/", PAINT_JS),
    "clinician": ("/clinician", f"""() => {{ {_VISIBLE}
        return shown(document.querySelector('[data-testid="stMain"] .js-plotly-plot .main-svg')) ? performance.now() : false; }}"""),
    "explore": ("/explore", f"""() => {{ {_VISIBLE}
        const f = document.querySelector('[data-testid="stMain"] iframe');
        let net = null;
        try {{ net = f && f.contentWindow && f.contentWindow.pathvizNetwork ? f.contentDocument.querySelector('#net canvas') : null; }} catch (e) {{ net = null; }}
        return shown(net) ? performance.now() : false; }}"""),
    "references": ("/references", f"""() => {{ {_VISIBLE}
        return shown(document.querySelector('[data-testid="stMain"] [data-testid="stDataFrame"] canvas')) ? performance.now() : false; }}"""),
    "howto": ("/howto", f"""() => {{ {_VISIBLE}
        const m = document.querySelector('[data-testid="stMain"]');
        return m && shown(m.querySelector('h2')) && shown(m.querySelector('h3')) ? performance.now() : false; }}"""),
    "upload": ("/upload", f"""() => {{ {_VISIBLE}
        return shown(document.querySelector('[data-testid="stFileUploaderDropzone"]')) ? performance.now() : false; }}"""),
    "data": ("/data", f"""() => {{ {_VISIBLE}
        return shown(document.querySelector('[data-testid="stMain"] [data-testid="stDataFrame"] canvas')) ? performance.now() : false; }}"""),
}

# ms from a mousedown until the chart shows ``want`` points, else false (the bare page's toggle)
BARE_POINTS_JS = """(want) => {
    if (window.__pvClickT === undefined) return false;
    const gd = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
    return gd && gd.data && gd.data[0].x.length === want && gd.querySelectorAll('.scatterlayer .points path').length === want
        ? performance.now() - window.__pvClickT : false;
}"""

# figures the dashboard has shown (drawn anew or kept; a dashboard that keeps none counts drawings)
SHOWN_JS = "() => window.__pvShownPlots !== undefined ? window.__pvShownPlots : (window.__pvNewPlots || 0)"

# ms from a mousedown until the dashboard shows another view's figure, else false
REDRAWN_JS = """(before) => {
    if (window.__pvClickT === undefined) return false;
    const box = document.querySelector('.pv-chart');
    const shown = window.__pvShownPlots !== undefined ? window.__pvShownPlots : (window.__pvNewPlots || 0);
    return shown > before && box && box.getAttribute('data-ready') === '1'
        && document.querySelector('.pv-chart .js-plotly-plot .main-svg') ? performance.now() - window.__pvClickT : false;
}"""

UPLOADED = Path(__file__).resolve().parents[1] / "tests" / "data" / "valid" / "my_drug.yaml"

GOALS = {
    "first_paint_ratio": ("<= 1.2", lambda v: v <= 1.2),
    "click_p95_ratio": ("<= 1.0 (floor 1.5)", lambda v: v <= 1.0),
    "lecture_step_p95_ratio": ("<= 1.0", lambda v: v <= 1.0),
    "filter_new_ratio": ("<= 1.2", lambda v: v <= 1.2),
    "filter_back_ratio": ("<= 1.2", lambda v: v <= 1.2),
    "upload_ratio": ("<= 1.2", lambda v: v <= 1.2),
    "download_max_ms": ("<= 1000", lambda v: v <= 1000),
    **{f"{name}_paint_ratio": ("<= 1.2", lambda v: v <= 1.2) for name in PAGES},
}


async def first_paint_ms(browser, url: str, timeout_ms: float = 60_000, js: str = PAINT_JS) -> float:  # type: ignore[no-untyped-def]
    """One cold load of ``url`` in a fresh context: ms from navigation start until ``js`` says the
    page shows what it is for (default: a visible chart)."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        handle = await page.wait_for_function(js, timeout=timeout_ms, polling="raf")
        return float(await handle.json_value())
    finally:
        await context.close()


async def page_paints(browser, dash_url: str, bare_url: str, runs: int) -> dict:  # type: ignore[no-untyped-def]
    """Every page's first useful paint (median of ``runs`` cold loads) and its ratio to the bare
    page's first paint, the two alternating."""
    for path, js in PAGES.values():  # each page once, so no measured load is the server's first
        await first_paint_ms(browser, dash_url + path, js=js)
    out: dict = {}
    bare: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    for _ in range(runs):
        for name, (path, js) in PAGES.items():
            bare.append(await first_paint_ms(browser, bare_url + "/"))
            times[name].append(await first_paint_ms(browser, dash_url + path, js=js))
    base = statistics.median(bare)
    out["pages_bare_ms"] = round(base, 1)
    for name, ms in times.items():
        out[f"{name}_paint_ms"] = round(statistics.median(ms), 1)
        out[f"{name}_paint_ratio"] = round(statistics.median(ms) / base, 2)
    return out


async def _press(page, locator) -> None:  # type: ignore[no-untyped-def]
    """Move onto ``locator``'s middle, forget the last mousedown, then click there."""
    await locator.scroll_into_view_if_needed()
    box = await locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    await page.mouse.move(x, y)
    await page.evaluate("() => { window.__pvClickT = undefined; }")
    await page.mouse.click(x, y)


async def filter_series(browser, url: str, toggles: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Compare's *Only paths to convergent nodes* and *Core mechanism only*, pressed in turn: ms
    until the diagram shows the view, for views new to the page (the first three presses) and for
    views it showed before (the rest)."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page, _ = await open_page(context, url + "/", 90_000)
        await wait_idle(page, 30_000)
        bar = page.locator('[data-testid="stSidebar"]')
        switches = [bar.get_by_text("Only paths to convergent nodes", exact=True), bar.get_by_text("Core mechanism only", exact=True)]
        new: list[float] = []
        back: list[float] = []
        for i in range(max(4, toggles)):
            before = await page.evaluate(SHOWN_JS)
            await _press(page, switches[i % 2])
            handle = await page.wait_for_function(REDRAWN_JS, arg=before, timeout=60_000, polling="raf")
            (new if i < 3 else back).append(float(await handle.json_value()))
            await wait_idle(page, 30_000)
        return new, back
    finally:
        await context.close()


async def bare_toggle_series(browser, url: str, toggles: int) -> list[float]:  # type: ignore[no-untyped-def]
    """The bare page's sidebar toggle, on and off in turn: ms until the chart shows the new points."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page, _ = await open_page(context, url + "/", 90_000)
        await wait_idle(page, 30_000)
        toggle = page.locator('[data-testid="stSidebar"]').get_by_text("Only three points", exact=True)
        out: list[float] = []
        few = False
        for _ in range(toggles + 1):
            few = not few
            await _press(page, toggle)
            handle = await page.wait_for_function(BARE_POINTS_JS, arg=3 if few else 5, timeout=60_000, polling="raf")
            out.append(float(await handle.json_value()))
            await wait_idle(page, 30_000)
        return out[1:]
    finally:
        await context.close()


async def upload_to_compare_ms(browser, url: str) -> float:  # type: ignore[no-untyped-def]
    """Load your own (cold): choose a valid file, press *Use it on the Compare page*: ms from the
    press until Compare's diagram shows the uploaded drug (``tests/data/valid/my_drug.yaml``,
    whose drug node is ``mydrug``)."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        await page.add_init_script(INIT_JS)
        await page.goto(url + "/upload", wait_until="commit", timeout=90_000)
        await page.wait_for_selector("input[type=file]", state="attached", timeout=90_000)
        await page.set_input_files("input[type=file]", str(UPLOADED))
        await page.get_by_text("is valid").wait_for(timeout=60_000)
        await wait_idle(page, 30_000)
        await _press(page, page.get_by_role("button", name="Use it on the Compare page"))
        handle = await page.wait_for_function(
            """() => { const gd = document.querySelector('.pv-chart .js-plotly-plot');
                const t = gd && gd.data && gd.data.find(tr => tr.name === 'nodes');
                return window.__pvClickT !== undefined && t && t.customdata.includes('mydrug')
                    && document.querySelector('.pv-chart[data-ready="1"]') ? performance.now() - window.__pvClickT : false; }""",
            timeout=90_000, polling="raf",
        )
        return float(await handle.json_value())
    finally:
        await context.close()


async def _download_ms(page, button) -> float:  # type: ignore[no-untyped-def]
    """ms from a click on ``button`` until the browser has the file."""
    await button.scroll_into_view_if_needed()
    t0 = time.perf_counter()
    async with page.expect_download(timeout=120_000) as info:
        await button.click()
    download = await info.value
    ms = (time.perf_counter() - t0) * 1000
    if await download.failure():
        raise RuntimeError(f"download failed: {await download.failure()}")
    return ms


def _label(text: str) -> str:
    """A button's words without its icon's name (Material icons are written as words)."""
    return " ".join(w for w in text.split() if not re.fullmatch(r"[a-z]+(_[a-z]+)+", w))


async def _section_downloads(browser, url: str, read_s: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Open Compare's *Download this view* on ``url``, wait ``read_s`` seconds (a person reading the
    section), then click each button in turn: ms until the browser has each file."""
    context = await browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    out: dict[str, float] = {}
    try:
        page, _ = await open_page(context, url, 90_000)
        await wait_idle(page, 30_000)
        await page.get_by_text("Download this view", exact=False).first.click()
        buttons = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"] button')
        await buttons.first.wait_for(timeout=60_000)
        await wait_idle(page, 30_000)
        await asyncio.sleep(read_s)
        for i in range(await buttons.count()):
            button = buttons.nth(i)
            out[_label(await button.inner_text())] = await _download_ms(page, button)
        return out
    finally:
        await context.close()


async def _handout_download(browser, url: str, read_s: float) -> float:  # type: ignore[no-untyped-def]
    """The clinician page's handout: opened, ``read_s`` seconds, then clicked: ms until the browser has it."""
    context = await browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = await context.new_page()
        await page.goto(url + "/clinician", wait_until="commit", timeout=90_000)
        handout = page.get_by_role("button", name=re.compile("handout", re.IGNORECASE)).first
        await handout.wait_for(timeout=90_000)
        await wait_idle(page, 30_000)
        await asyncio.sleep(read_s)
        return await _download_ms(page, handout)
    finally:
        await context.close()


async def download_times(browser, url: str, read_s: float) -> tuple[dict[str, float], dict[str, float]]:  # type: ignore[no-untyped-def]
    """Every download of Compare's section and the clinician handout, each for a view whose files
    the server has not made yet: (clicked as soon as the section is open, clicked after ``read_s``
    seconds of reading), ms until the browser has each file, by button label."""
    at_once = await _section_downloads(browser, url + "/?a=ketamine&b=ssri", 0)
    at_once["clinician: Download the handout (PDF)"] = await _handout_download(browser, url, 0)
    after = await _section_downloads(browser, url + "/", read_s)
    # the handout of a paper not printed yet (the other radio button is the page's choice too)
    context = await browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = await context.new_page()
        await page.goto(url + "/clinician", wait_until="commit", timeout=90_000)
        await page.get_by_text("Letter", exact=True).click()
        await wait_idle(page, 30_000)
        await asyncio.sleep(read_s)
        handout = page.get_by_role("button", name=re.compile("handout", re.IGNORECASE)).first
        after["clinician: Download the handout (PDF, Letter)"] = await _download_ms(page, handout)
    finally:
        await context.close()
    return at_once, after


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


MEASURES = ("paint", "clicks", "lecture", "pages", "filter", "upload", "downloads")


async def _measure(runs: int, clicks: int, only: tuple[str, ...] = MEASURES, read_s: float = 10.0) -> dict:
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
                    if "paint" in only:
                        dash, bare_ms = [], []
                        for _ in range(runs):
                            dash.append(await first_paint_ms(browser, dash_url + "/"))
                            bare_ms.append(await first_paint_ms(browser, bare_url + "/"))
                        results["first_paint_ms"] = round(statistics.median(dash), 1)
                        results["first_paint_bare_ms"] = round(statistics.median(bare_ms), 1)
                        results["first_paint_ratio"] = round(results["first_paint_ms"] / results["first_paint_bare_ms"], 2)
                    if "clicks" in only or "lecture" in only:
                        bare_clicks = await bare_click_series(browser, bare_url, clicks)
                        results["click_bare_p50_ms"] = round(statistics.median(bare_clicks), 1)
                        results["click_bare_p95_ms"] = round(percentile(bare_clicks, 95), 1)
                    if "clicks" in only:
                        first, ms, missed, url_ms = await click_series(browser, dash_url, clicks)
                        results["click_first_ms"] = round(first, 1)
                        results["click_missed"] = missed
                        results["click_p50_ms"] = round(statistics.median(ms), 1)
                        results["click_p95_ms"] = round(percentile(ms, 95), 1)
                        results["clicks_measured"] = len(ms)
                        results["click_url_p50_ms"] = round(statistics.median(url_ms), 1)
                        results["click_url_p95_ms"] = round(percentile(url_ms, 95), 1)
                        results["click_p95_ratio"] = round(results["click_p95_ms"] / results["click_bare_p95_ms"], 2)
                    if "lecture" in only:
                        steps = await lecture_series(browser, dash_url, max(6, clicks // 2))
                        results["lecture_step_p50_ms"] = round(statistics.median(steps), 1) if steps else None
                        results["lecture_step_p95_ms"] = round(percentile(steps, 95), 1) if steps else None
                        results["lecture_step_p95_ratio"] = (
                            round(results["lecture_step_p95_ms"] / results["click_bare_p95_ms"], 2) if steps else None
                        )
                    if "pages" in only:
                        results.update(await page_paints(browser, dash_url, bare_url, runs))
                    if "filter" in only:
                        toggles = max(8, clicks // 2)
                        new, back = await filter_series(browser, dash_url, toggles)
                        bare_f = await bare_toggle_series(browser, bare_url, toggles)
                        results["filter_bare_p50_ms"] = round(statistics.median(bare_f), 1)
                        results["filter_new_p50_ms"] = round(statistics.median(new), 1)
                        results["filter_new_ratio"] = round(results["filter_new_p50_ms"] / results["filter_bare_p50_ms"], 2)
                        results["filter_back_p50_ms"] = round(statistics.median(back), 1)
                        results["filter_back_ratio"] = round(results["filter_back_p50_ms"] / results["filter_bare_p50_ms"], 2)
                    if "upload" in only:
                        up, bare_up = [], []
                        for _ in range(max(1, runs // 2)):
                            up.append(await upload_to_compare_ms(browser, dash_url))
                            bare_up.append(await first_paint_ms(browser, bare_url + "/"))
                        results["upload_to_compare_ms"] = round(statistics.median(up), 1)
                        results["upload_bare_ms"] = round(statistics.median(bare_up), 1)
                        results["upload_ratio"] = round(results["upload_to_compare_ms"] / results["upload_bare_ms"], 2)
                    if "downloads" in only:
                        at_once, after = await download_times(browser, dash_url, read_s)
                        results["downloads_at_once"] = {k: round(v, 1) for k, v in at_once.items()}
                        results["downloads"] = {k: round(v, 1) for k, v in after.items()}
                        results["download_max_ms"] = round(max(after.values()), 1)
                finally:
                    await asyncio.wait_for(browser.close(), timeout=15)
        finally:
            stop_streamlit(bare_proc)
            stop_streamlit(dash_proc)
    return results


def measure(runs: int = 5, clicks: int = 20, only: tuple[str, ...] = MEASURES, read_s: float = 10.0) -> dict:
    """The measures named in ``only`` (default: all; see the module docstring)."""
    if runs < 1 or clicks < 1:
        raise ValueError("runs and clicks must be >= 1")
    unknown = set(only) - set(MEASURES)
    if unknown:
        raise ValueError(f"unknown measures: {', '.join(sorted(unknown))}")
    return asyncio.run(_measure(runs, clicks, tuple(only), read_s))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pathviz dashboard first paint and click latency")
    parser.add_argument("--runs", type=int, default=5, help="cold page loads per server (median)")
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--only", default=",".join(MEASURES),
                        help=f"comma-separated measures to run (default: all of {','.join(MEASURES)})")
    parser.add_argument("--read", type=float, default=10.0,
                        help="seconds a download section is open before its buttons are clicked (default 10)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    only = tuple(m.strip() for m in args.only.split(",") if m.strip())
    unknown = set(only) - set(MEASURES)
    if unknown:
        parser.error(f"--only: unknown measures {', '.join(sorted(unknown))} (known: {', '.join(MEASURES)})")
    t = time.monotonic()
    out = measure(args.runs, args.clicks, only, args.read)
    out["duration_s"] = round(time.monotonic() - t, 1)
    print(f"{'measure':<26} {'value':>10}  goal")
    for k, v in out.items():
        goal, ok = GOALS.get(k, ("", None))
        mark = "" if v is None or ok is None else ("  ok" if ok(v) else "  MISSED")
        if isinstance(v, dict):
            print(k)
            for name, ms in v.items():
                slow = "" if k != "downloads" else ("  ok" if ms <= 1000 else "  MISSED")
                print(f"  {name[:60]:<60} {ms:>8}  {'<= 1000' if k == 'downloads' else ''}{slow}")
            continue
        if isinstance(v, list):
            v = len(v)
        print(f"{k:<26} {v!s:>10}  {goal}{mark}")
    if args.json:
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
