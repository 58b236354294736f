"""A hostile bundle in a real browser: every piece of pathway text stays text, on every page."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT, start_server, stop_server

pytestmark = pytest.mark.browser

HOSTILE = ROOT / "tests" / "data" / "hostile"
INJECTED = (
    "img[src='x'], svg[onload], iframe[src^='javascript'], a[href^='javascript:'], marquee, "
    "b[onmouseover], [onerror], [onload]:not(body), img[src*='evil.example']"
)
PAGES = [
    "/?a=evil_a&b=evil_b&node=shared_target",
    "/?a=evil_a&b=evil_b&node=evil_a",
    "/?a=evil_a&b=evil_b&edge=evil_a__inhibits__shared_target",
    "/?a=evil_a&b=evil_b&mode=lecture",
    "/explore",
    "/clinician",
    "/references",
    "/howto",
    "/data",
    "/?a=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&node=%5Bx%5D(javascript%3Aalert(1))&evidence=%3Cscript%3E",
]


@pytest.fixture(scope="module")
def hostile_server():
    proc, url = start_server(HOSTILE)
    yield url
    stop_server(proc)


def _hover_all_markers(page) -> None:
    """Hover the first 40 hoverable points in view, each until Plotly's hover has found a point there."""
    points = page.evaluate(
        """() => {
            const out = [];
            document.querySelectorAll('.js-plotly-plot').forEach((gd, g) => {
              const fl = gd._fullLayout; if (!fl || !fl.xaxis || fl.hovermode === false) return;
              const r = gd.getBoundingClientRect();
              gd.data.forEach(tr => {
                if (tr.hoverinfo === 'skip' || tr.visible === false) return;
                (tr.x || []).forEach((x, i) => {
                  const y = tr.y[i]; if (x === null || y === null || typeof x !== 'number' || typeof y !== 'number') return;
                  const px = r.left + fl._size.l + fl.xaxis.l2p(x), py = r.top + fl._size.t + fl.yaxis.l2p(y);
                  if (px >= 0 && py >= 0 && px < window.innerWidth && py < window.innerHeight) out.push({g, x: px, y: py});
                });
              });
            });
            return out.slice(0, 40);
        }"""
    )
    for p in points:
        page.mouse.move(p["x"], p["y"])
        # Plotly throttles hover; wait until it has hovered a point within a few pixels of the pointer
        page.wait_for_function(
            """(p) => { const gd = document.querySelectorAll('.js-plotly-plot')[p.g]; const fl = gd._fullLayout;
                 const r = gd.getBoundingClientRect();
                 return (gd._hoverdata || []).some(h => typeof h.x === 'number' && typeof h.y === 'number' &&
                   Math.hypot(r.left + fl._size.l + fl.xaxis.l2p(h.x) - p.x, r.top + fl._size.t + fl.yaxis.l2p(h.y) - p.y) < 4); }""",
            arg=p,
            timeout=10_000,
        )


def _settled(page) -> None:
    """The page has finished: no script run under way, every frame loaded, the network quiet, the diagram drawn."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')", timeout=60_000
    )
    page.wait_for_load_state("networkidle", timeout=60_000)
    for frame in page.frames:
        frame.wait_for_load_state("load", timeout=60_000)
    if page.locator(".pv-chart").count():
        page.wait_for_selector(".pv-chart[data-ready='1']", timeout=60_000)


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_stays_text(hostile_server, browser, path):
    context = browser.new_context(viewport={"width": 1440, "height": 1400})
    page = context.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on(
        "request",
        lambda r: None
        if re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]", r.url) or r.url.startswith(("data:", "blob:", "about:"))
        else outside.append(r.url),
    )
    try:
        page.goto(hostile_server + path)
        page.wait_for_selector("[data-testid='stMain'] h1, [data-testid='stMain'] h2, .js-plotly-plot", timeout=90_000)
        _settled(page)
        _hover_all_markers(page)
        for frame in page.frames:
            frame.evaluate("() => document.querySelectorAll('*').length")
            hits = frame.locator(INJECTED)
            assert hits.count() == 0, f"injected element in {frame.url}: {hits.first.evaluate('e => e.outerHTML')}"
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.evaluate("() => getComputedStyle(document.body).display") != "none"
        if path.startswith("/?") and "mode=lecture" not in path:
            # the payloads are shown, literally, as text
            text = page.locator("[data-testid='stMain']").inner_text()
            assert "<img src=x onerror=alert('label')>" in text or "<svg onload=alert('svg')>Shared</svg>" in text
        if "node=shared_target" in path:
            # the details panel, drawn in the browser, shows the label as text
            page.wait_for_selector("#pv-details[data-shows='shared_target'] h3", timeout=30_000)
            assert page.locator("#pv-details h3").first.inner_text() == "<svg onload=alert('svg')>Shared</svg>"
        # no injected element exists (checked above after every hover), so no handler of one can open a dialog later
        assert dialogs == []
        assert outside == []
    finally:
        context.close()
