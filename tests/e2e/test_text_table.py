""""Show as text" in a real browser: on the Compare page and in the offline explorer, and the
explorer's diagram at 320 CSS px (no label over another, no sideways scrolling of the page)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pathviz.exports.explorer import to_explorer
from pathviz.io.pathways import read_pathways
from pathviz.render.text_table import CAPTION
from pathviz.view import SCREEN, ViewState, build_view

from .conftest import ROOT

pytestmark = pytest.mark.browser

READY = ".pv-chart[data-ready='1']"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')"

# every label box the diagram draws (node labels and the headers and tier titles), and the pairs that overlap
OVERLAPS_JS = """() => {
  const boxes = Array.from(document.querySelectorAll('#pv-plot g.textpoint text, #pv-plot .annotation-text'))
    .map(t => t.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) pairs.push([i, j]);
  }
  return {labels: boxes.length, overlaps: pairs.length};
}"""


def _first_column(page, grid: int) -> list[str]:
    """The first column's cells of a data frame's grid as it shows them (its accessible table)."""
    return page.evaluate(
        """(g) => { const t = document.querySelectorAll('[data-testid=stDataFrame]')[g].querySelector('table[role=grid]');
            return Array.from(t.querySelectorAll('tbody tr')).map(r => r.querySelector('td').textContent); }""",
        grid,
    )


def test_compare_show_as_text_sorts_and_a_row_selects_its_node(server, page):
    bundle = read_pathways(ROOT / "pathways")
    by_label = {n.label: n.id for n in bundle.nodes.values()}
    page.goto(server + "/")
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_function(IDLE, timeout=60_000)
    summary = page.locator("[data-testid='stExpander'] summary").filter(has_text="Show as text")
    summary.focus()  # reachable by keyboard: a summary element, opened with Enter
    page.keyboard.press("Enter")
    frames = page.locator("[data-testid='stDataFrame']")
    expect(frames).to_have_count(2, timeout=30_000)
    expect(page.get_by_text(CAPTION)).to_be_visible()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stDataFrame] table[role=grid] tbody tr').length > 2", timeout=30_000
    )
    # by keyboard, in the arrows table: into its grid, down to a row, Shift+Space selects that arrow
    frames.nth(1).locator("[data-testid='data-grid-canvas']").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Space")
    page.wait_for_selector("#pv-details[data-shows^='edge:'] h3", timeout=30_000)
    assert "→" in page.locator("#pv-details h3").first.inner_text()
    page.wait_for_function("() => location.search.includes('edge=')", timeout=30_000)
    page.wait_for_function(IDLE, timeout=60_000)
    before = _first_column(page, 0)
    assert before[0] == "Ketamine"  # the diagram's order: the drugs first
    # sort by the Node column: a click on its header
    nodes = frames.nth(0)
    nodes.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of the page's fixed header bar
    box = nodes.bounding_box()
    page.mouse.click(box["x"] + 120, box["y"] + 17)
    page.wait_for_function(
        """(first) => { const t = document.querySelector('[data-testid=stDataFrame] table[role=grid]');
            const c = t && t.querySelector('tbody tr td'); return !!c && c.textContent !== first; }""",
        arg=before[0],
        timeout=10_000,
    )
    after = _first_column(page, 0)
    assert after != before and after == sorted(after, key=str.casefold)
    # select the first row shown (the box at its left): the details panel shows that node, as a click does
    top = after[0]
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    want = by_label[top]
    page.wait_for_selector(f"#pv-details[data-shows='{want}'] h3", timeout=30_000)
    assert page.locator("#pv-details h3").first.inner_text() == top
    page.wait_for_function(f"() => location.search.includes('node={want}')", timeout=30_000)
    assert not page.js_errors


def _explorer(tmp_path, a="ketamine", b="psilocybin"):
    bundle = read_pathways(ROOT / "pathways")
    view = build_view(bundle, ViewState(a, b), SCREEN)
    path = tmp_path / "explorer.html"
    path.write_text(to_explorer(view), "utf-8")
    return bundle, view, path


def test_explorer_at_320_px_has_no_overlapping_labels_and_no_sideways_page(tmp_path, browser):
    _, _, path = _explorer(tmp_path)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        counted = page.evaluate(OVERLAPS_JS)
        assert counted["labels"] > 60
        assert counted["overlaps"] == 0, counted
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        # the diagram scrolls in its own box, which says so
        assert page.evaluate("() => { const b = document.getElementById('pv-plot-box'); return b.scrollWidth > b.clientWidth; }")
        expect(page.locator("#pv-scroll-hint")).to_be_visible()
        # the text tables too: opened, the page still does not scroll sideways
        page.locator("#pv-text > summary").click()
        expect(page.locator("#pv-text .pv-text-view[data-view='full'] table").first).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        page.screenshot(path=str(ROOT / "test-artifacts" / "explorer_320.png"), full_page=False)
    finally:
        context.close()


def test_explorer_table_sorts_and_selects_by_keyboard(tmp_path, browser):
    bundle, view, path = _explorer(tmp_path)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        expect(page.locator("#pv-scroll-hint")).to_be_hidden()  # wide enough: the diagram does not scroll
        summary = page.locator("#pv-text > summary")
        summary.focus()
        page.keyboard.press("Enter")
        table = page.locator("#pv-text .pv-text-view[data-view='full'] table").first
        expect(table).to_be_visible()
        expect(page.locator("#pv-text .pv-text-view[data-view='core']")).to_be_hidden()
        labels = lambda: table.locator("tbody tr th").all_inner_texts()  # noqa: E731
        assert labels()[0] == bundle.nodes[view.visible()[0]].label
        sort = table.locator("thead th").filter(has_text="Node").locator("button")
        sort.focus()
        page.keyboard.press("Enter")
        expect(table.locator("thead th").filter(has_text="Node")).to_have_attribute("aria-sort", "ascending")
        asc = labels()
        keyed = page.evaluate("(xs) => xs.slice().sort((a, b) => a.localeCompare(b, undefined, {numeric: true, sensitivity: 'base'}))", asc)
        assert asc == keyed and asc != [bundle.nodes[n].label for n in view.visible()]
        page.keyboard.press("Enter")
        expect(table.locator("thead th").filter(has_text="Node")).to_have_attribute("aria-sort", "descending")
        assert labels() == asc[::-1]
        # the Tier column sorts by the diagram's order of tiers, not alphabetically
        table.locator("thead th").filter(has_text="Tier").locator("button").press("Enter")
        tiers = table.locator("tbody tr td:nth-child(4)").all_inner_texts()
        assert tiers[0] == "Drug" and tiers[-1] == "Clinical effect"
        # select a row with the keyboard: its Show button, Enter; the details show it as a click does
        row = table.locator("tbody tr").filter(has=page.locator("th", has_text=bundle.nodes["bdnf"].label)).first
        row.locator("button.pv-pick").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#pv-details h3").first).to_have_text(bundle.nodes["bdnf"].label)
        expect(page.locator("#pv-details")).to_contain_text("Why they converge here")
        expect(row).to_have_class("pv-picked")
        # the same route highlight a click draws: nodes off bdnf's routes are dimmed
        dimmed = page.evaluate(
            "() => { const t = document.getElementById('pv-plot').data.find(t => t.name === 'nodes');"
            " return t.marker.opacity.filter(o => o < 1).length; }"
        )
        assert dimmed > 0
        # an arrow's row selects the arrow
        arrows = page.locator("#pv-text .pv-text-view[data-view='full'] table").nth(1)
        arrows.locator("tbody tr button.pv-pick").first.press("Enter")
        expect(page.locator("#pv-details h3").first).to_contain_text("→")
        # an evidence filter leaves out the arrows it dims, and the caption counts the rest
        n_human = sum(1 for e in view.edges() if e.evidence.value == "human")
        total = len(arrows.locator("tbody tr").all())
        page.locator("input[name='pv-evidence'][value='human']").uncheck()
        expect(arrows.locator("caption .pv-count")).to_have_text(str(total - n_human))
        assert arrows.locator("tbody tr[data-evidence='human']:not([hidden])").count() == 0
        # the core detail level shows the core tables
        page.locator("input[name='pv-detail'][value='core']").check()
        expect(page.locator("#pv-text .pv-text-view[data-view='core']")).to_be_visible()
        expect(page.locator("#pv-text .pv-text-view[data-view='full']")).to_be_hidden()
        assert not errors
    finally:
        context.close()
