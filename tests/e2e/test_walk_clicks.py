"""The Compare diagram under a student's mouse: every mark that looks clickable answers a click,
nothing on the page covers the marks, and a diagram wider than its box says that it scrolls."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

READY = ".pv-chart[data-ready='1']"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')"
MARKS = ("nodes", "edge details", "arrowheads")

# Every drawn mark of the diagram (node markers, the dots in the middle of arrows, arrowheads) in
# paint order, each with the id a click on it must select and the point of it to click: the point
# nearest its centre where the mark itself is seen, i.e. inside its shape and under no mark painted
# after it (labels are text between which marks show; a mark under a label still answers). Marks
# wholly hidden by others are listed with no point, with what hides them.
MARKS_JS = """([all, kinds, index]) => {
    const gd = document.querySelector('.pv-chart .js-plotly-plot');
    const svg = gd.querySelector('.main-svg');
    const layers = gd.querySelectorAll('.scatterlayer > .trace');
    const drawn = [];
    gd.data.forEach((t, i) => {
        if (!all.includes(t.name) || !layers[i]) return;
        const ids = (t.customdata || []).filter((_, j) => t.x[j] !== null && t.x[j] !== undefined);
        layers[i].querySelectorAll('.points path').forEach((p, j) => {
            const r = p.getBoundingClientRect();
            if (r.width < 0.5 && r.height < 0.5) return;  // the zero-size point that turns an arrowhead
            drawn.push({el: p, id: String(ids[j]), kind: t.name});
        });
    });
    const pt = svg.createSVGPoint();
    // the box of a mark's shape with its outline (the flat bar of "inhibits" is all outline)
    const box = (m) => {
        const r = m.el.getBoundingClientRect();
        const w = (parseFloat(getComputedStyle(m.el).strokeWidth) || 0) / 2;
        return {left: r.left - w, right: r.right + w, top: r.top - w, bottom: r.bottom + w};
    };
    const on = (m, x, y) => {
        const r = box(m);
        if (x < r.left || x > r.right || y < r.top || y > r.bottom) return false;
        pt.x = x; pt.y = y;
        const q = pt.matrixTransform(m.el.getScreenCTM().inverse());
        return m.el.isPointInFill(q) || m.el.isPointInStroke(q);
    };
    const one = (k) => {
        const m = drawn[k];
        const r = box(m);
        const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
        let best = null;
        // whole pixels: a mouse event's clientX and clientY are whole numbers
        for (let x = Math.ceil(r.left); x <= r.right; x += 1) {
            for (let y = Math.ceil(r.top); y <= r.bottom; y += 1) {
                if (!on(m, x, y)) continue;
                let hidden = false;
                // under a mark of the same arrow (its dot over its head) a click still selects it
                for (let a = k + 1; a < drawn.length && !hidden; a++) hidden = drawn[a].id !== m.id && on(drawn[a], x, y);
                if (hidden) continue;
                const d = (x - cx) ** 2 + (y - cy) ** 2;
                if (!best || d < best.d) best = {x, y, d};
            }
        }
        let by = null;
        if (!best) {  // what hides it: the marks painted after it over its centre
            const over = drawn.slice(k + 1).filter((o) => o.id !== m.id && on(o, Math.round(cx), Math.round(cy)));
            by = over.map((o) => o.kind + ' ' + o.id).join(', ') || 'its own outline only';
        }
        return {id: m.id, kind: m.kind, point: best && {x: best.x, y: best.y}, hiddenBy: by};
    };
    const shapes = drawn.map((m, k) => k).filter((k) => kinds.includes(drawn[k].kind));
    if (index === null) return shapes.length;
    // the k-th shape, scrolled into view first (the chart is taller and may be wider than the window)
    const k = shapes[index];
    drawn[k].el.scrollIntoView({block: 'center', inline: 'center'});
    const out = one(k);
    if (out.point) {
        const el = document.elementFromPoint(out.point.x, out.point.y);
        out.covered = el && gd.contains(el) ? null : (el ? el.tagName + '.' + (el.getAttribute('class') || '') : 'nothing');
    }
    return out;
}"""


def _wait_drawn(page) -> None:
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_function(IDLE, timeout=60_000)
    # the diagram is laid out again once the browser has told the page its column's width (480 px
    # at the least; lecture mode keeps the projector's canvas): wait for that drawing
    page.wait_for_function(
        """() => { const b = document.querySelector('.pv-chart'); const g = b && b.querySelector('.js-plotly-plot');
            return !!g && !!g._fullLayout && (/mode=lecture/.test(location.search)
                || g._fullLayout.width <= Math.max(b.clientWidth + 1, 480)); }""",
        timeout=60_000,
    )
    page.wait_for_function(IDLE, timeout=60_000)


def _click_every_mark(page, kinds: tuple[str, ...]) -> tuple[int, list[str], list[str]]:
    """Click every mark of ``kinds`` at a point where it is seen: (marks clicked, the clicks that
    showed something else or landed on something covering the diagram, the marks wholly hidden
    under other marks, which do not look clickable and are not clicked)."""
    problems: list[str] = []
    hidden: list[str] = []
    clicked = 0
    n = page.evaluate(MARKS_JS, [list(MARKS), list(kinds), None])
    assert n > 0
    for i in range(n):
        mark = page.evaluate(MARKS_JS, [list(MARKS), list(kinds), i])
        want = mark["id"]
        if mark["point"] is None:
            hidden.append(f"{mark['kind']} {want}: hidden under {mark['hiddenBy']}")
            continue
        if mark["covered"]:
            problems.append(f"{mark['kind']} {want}: covered by {mark['covered']}")
            continue
        page.mouse.click(mark["point"]["x"], mark["point"]["y"])
        clicked += 1
        try:
            page.wait_for_function(
                "(id) => { const p = document.getElementById('pv-details');"
                " return p && p.getAttribute('data-shows') === id && !!p.querySelector('h3'); }",
                arg=want, timeout=5_000,
            )
        except PlaywrightTimeout:  # reported with what the page shows instead
            shows = page.evaluate("() => document.getElementById('pv-details').getAttribute('data-shows')")
            problems.append(f"{mark['kind']} {want}: a click on it shows {shows!r}")
    return clicked, problems, hidden


@pytest.mark.parametrize(
    "width, query",
    [
        # a node selected: the arrows off its routes are pale grey, their heads too
        (1440, "/?a=ssri&b=ketamine&node=mtorc1&evidence=human,animal,in_vitro,secondary"),
        (1920, "/?tier=signalling,plasticity,circuit,clinical"),
        # the diagram wider than the window: it scrolls, with its cue drawn over its edges
        (800, "/?node=bdnf&detail=core"),
    ],
    ids=["pale heads", "wide window", "narrow window"],
)
def test_every_arrowhead_answers_a_click_with_its_arrow(server, browser, width, query):
    page = browser.new_page(viewport={"width": width, "height": 1080})
    try:
        page.goto(server + query)
        _wait_drawn(page)
        clicked, problems, hidden = _click_every_mark(page, ("arrowheads",))
        assert problems == [], "\n".join(problems)
        assert clicked > 20 and clicked > 4 * len(hidden), hidden
        page.wait_for_function(IDLE, timeout=60_000)
    finally:
        page.close()


def test_every_node_and_arrow_dot_answers_a_click(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1080})
    try:
        page.goto(server + "/?a=ssri&b=ketamine&node=mtorc1")
        _wait_drawn(page)
        clicked, problems, hidden = _click_every_mark(page, MARKS)
        assert problems == [], "\n".join(problems)
        assert clicked > 60 and clicked > 4 * len(hidden), hidden
    finally:
        page.close()


SCROLLING_JS = """() => {
    const box = document.querySelector('.pv-chart');
    const frame = box.closest('.pv-frame') || box.parentElement;
    const cue = frame.querySelector('.pv-scroll-cue');
    const shade = (side) => frame.querySelector('.pv-shade-' + side);
    const opacity = (el) => el ? parseFloat(getComputedStyle(el).opacity) : 0;
    return {
        overflows: box.scrollWidth > box.clientWidth + 1,
        atStart: box.scrollLeft <= 1,
        atEnd: box.scrollLeft + box.clientWidth >= box.scrollWidth - 1,
        cue: cue && cue.offsetParent !== null && cue.getBoundingClientRect().height > 0 ? cue.innerText : null,
        left: opacity(shade('left')),
        right: opacity(shade('right')),
        bar: box.offsetHeight - box.clientHeight,
        barColour: getComputedStyle(box).scrollbarColor,
    };
}"""


def _scrolling(page, **want) -> dict:
    """The scrolling cue once it shows ``want`` (the shades fade in and out)."""
    checks = " && ".join(f"s.{k} === {str(v).lower() if isinstance(v, bool) else v}" for k, v in want.items())
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what the page shows
        page.wait_for_function(f"() => {{ const s = ({SCROLLING_JS})(); return {checks or 'true'}; }}", timeout=10_000)
    s = page.evaluate(SCROLLING_JS)
    assert {k: s[k] for k in want} == want, s
    return s


def _assert_cue(page) -> None:
    s = page.evaluate(SCROLLING_JS)
    if not s["overflows"]:
        s = _scrolling(page, left=0, right=0)
        assert s["cue"] is None
        return
    s = _scrolling(page, left=0, right=1)
    assert s["cue"] and "scroll it sideways" in s["cue"]
    # a scroll bar that is drawn, not the page's transparent one shown only on hover
    assert s["bar"] >= 8 and "transparent" not in s["barColour"]
    page.evaluate("() => { const b = document.querySelector('.pv-chart'); b.scrollLeft = b.scrollWidth; }")
    s = _scrolling(page, left=1, right=0)
    assert s["atEnd"] and s["cue"]
    # the shades are drawn over the diagram's edge, but a click goes through them to the diagram
    under = page.evaluate(
        """() => { const r = document.querySelector('.pv-shade-left').getBoundingClientRect();
                   const el = document.elementFromPoint(r.left + r.width / 2, Math.min(r.bottom, innerHeight) - 40);
                   return !!(el && el.closest('.js-plotly-plot')); }"""
    )
    assert under
    page.evaluate("() => { document.querySelector('.pv-chart').scrollLeft = 0; }")
    _scrolling(page, left=0, right=1)


def test_a_diagram_wider_than_its_box_says_that_it_scrolls(server, browser):
    # the browser's own scroll bars, as people have them (headless Chromium hides them by default)
    own = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"])
    try:
        page = own.new_page(viewport={"width": 800, "height": 900})
        page.goto(server + "/")
        _wait_drawn(page)
        page.locator(".pv-chart").scroll_into_view_if_needed()
        _assert_cue(page)  # the window as it is: a cue exactly when the diagram is wider than its box
        # a box narrower than the diagram, whatever the diagram's width: the cue comes with it ...
        page.evaluate("() => { document.querySelector('.pv-chart').parentElement.style.width = '420px'; }")
        s = _scrolling(page, overflows=True, right=1)
        assert s["cue"] and s["left"] == 0
        _assert_cue(page)
        # ... and goes when the box is wide again
        page.evaluate("() => { document.querySelector('.pv-chart').parentElement.style.width = '6000px'; }")
        s = _scrolling(page, overflows=False, left=0, right=0)
        assert s["cue"] is None
        page.close()
        # a window with room for the diagram and its details: no cue at all
        page = own.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(server + "/")
        _wait_drawn(page)
        s = _scrolling(page, overflows=False, left=0, right=0)
        assert s["cue"] is None
        page.close()
    finally:
        own.close()


def _download(page, label: str) -> bytes:
    button = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"] button').filter(has_text=label)
    with page.expect_download(timeout=180_000) as info:
        button.click()
    download = info.value
    assert download.failure() is None, download.failure()
    return open(download.path(), "rb").read()


def test_downloads_are_made_once_the_section_opens_and_equal_the_export(server, browser):
    import io
    import zipfile

    import networkx as nx

    from pathviz.exports import formats
    from pathviz.io.pathways import load_pathways
    from pathviz.view import SCREEN, ViewState, build_view

    from .conftest import ROOT

    context = browser.new_context(viewport={"width": 1440, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server + "/?node=bdnf&detail=core")
        _wait_drawn(page)
        # closed, the section offers nothing (and makes nothing)
        assert page.locator('[data-testid="stDownloadButton"]').count() == 0
        page.get_by_text("Download this view").click()
        page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]').first.wait_for(timeout=60_000)
        # a file is made once for the view and kept: the deck (whose file records when it was made)
        # comes back byte for byte on a second click
        deck = _download(page, "Lecture deck")
        assert deck[:2] == b"PK" and _download(page, "Lecture deck") == deck
        # and each file holds the export of the view on screen (the order of its rows aside: it follows
        # the order in which the server's views were built)
        bundle = load_pathways([ROOT / "pathways"]).bundle  # loaded as the dashboard loads it
        view = build_view(bundle, ViewState("ketamine", "psilocybin", node="bdnf", detail="core"), SCREEN)
        regs = formats()
        for label, name in (("BibTeX", "bibtex"), ("RIS", "ris")):
            assert _download(page, label) == regs[name].bytes(view), name
        got, want = (nx.read_graphml(io.BytesIO(b)) for b in (_download(page, "GraphML"), regs["graphml"].bytes(view)))
        assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
        assert sorted(got.edges(data=True), key=repr) == sorted(want.edges(data=True), key=repr)
        got, want = (zipfile.ZipFile(io.BytesIO(b)) for b in (_download(page, "CSV tables"), regs["csv"].bytes(view)))
        assert got.namelist() == want.namelist()
        for name in want.namelist():
            rows, expected = got.read(name).decode().splitlines(), want.read(name).decode().splitlines()
            assert rows[0] == expected[0] and sorted(rows) == sorted(expected), name
    finally:
        context.close()


def test_a_view_shown_before_comes_back_at_once_and_answers_clicks(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1080})
    try:
        page.goto(server + "/?node=bdnf")
        _wait_drawn(page)
        core = page.locator('[data-testid="stSidebar"]').get_by_text("Core mechanism only", exact=True)
        drawn = page.evaluate("() => window.__pvNewPlots")
        first = page.evaluate_handle("() => document.querySelector('.pv-chart .js-plotly-plot')")
        core.click()  # a new view: drawn
        page.wait_for_function("(n) => window.__pvNewPlots === n + 1", arg=drawn, timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        core.click()  # back to the view before: its figure comes back as it was drawn
        page.wait_for_function("() => new URLSearchParams(location.search).get('detail') === null", timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        page.wait_for_function("(el) => document.querySelector('.pv-chart .js-plotly-plot') === el", arg=first, timeout=30_000)
        assert page.evaluate("() => window.__pvNewPlots") == drawn + 1  # not drawn a third time
        assert page.evaluate("() => document.querySelectorAll('.pv-chart .js-plotly-plot').length") == 1
        # the view's selection is shown on it, and its marks answer clicks
        page.wait_for_selector("#pv-details[data-shows='bdnf'] h3", timeout=30_000)
        clicked, problems, _ = _click_every_mark(page, ("nodes",))
        assert clicked > 20 and problems == [], problems
    finally:
        page.close()
