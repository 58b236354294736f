"""Narrow windows (WCAG 1.4.10, reflow): at 320 and 400 CSS px the pages never scroll sideways, their
text and controls wrap instead of being cut off, and what needs two dimensions scrolls inside its own
box and says so: the diagram (a 2-D graphic), the wide figures and the wide data tables."""

from __future__ import annotations

import pytest

from .test_axe import VIEWS, wait_drawn

pytestmark = pytest.mark.browser

# The page's overflow: the document and Streamlit's main area (which is what scrolls the page), and
# every element of the main area sticking out past the window's right edge that is not inside a box
# scrolling sideways within the window (what is not drawn, at opacity 0, is not counted); text cut off
# by an ellipsis (a button's, a label's).
PAGE_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const W = window.innerWidth;
    const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const out = [];
    for (const el of main.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || (r.right <= W + 1 && r.left >= -1) || getComputedStyle(el).opacity === '0') continue;
        let p = el.parentElement, boxed = false;
        for (; p && p !== main; p = p.parentElement) {
            if (scrolls(p) && p.getBoundingClientRect().right <= W + 1) { boxed = true; break; }
            if (getComputedStyle(p).display === 'none') { boxed = true; break; }
            // not drawn: Streamlit's element toolbar waits at opacity 0 until its element is hovered
            if (getComputedStyle(p).opacity === '0') { boxed = true; break; }
        }
        if (!boxed) out.push(el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 40) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    const cut = [...main.querySelectorAll('button, label, [data-testid="stMarkdownContainer"]')].filter((el) => {
        const cs = getComputedStyle(el);
        return el.offsetParent !== null && cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
    }).map((el) => el.innerText.slice(0, 40));
    return {doc: document.documentElement.scrollWidth, main: main.scrollWidth, mainBox: main.clientWidth, W, out, cut};
}"""

# the diagram's box and its note (the note is the diagram component's own caption)
DIAGRAM_JS = """() => {
    const box = document.querySelector('.pv-chart');
    const cue = box.closest('.pv-frame').querySelector('.pv-scroll-cue');
    return {scrollable: box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX === 'auto',
            inWindow: box.getBoundingClientRect().right <= window.innerWidth + 1,
            note: cue && cue.offsetParent !== null ? cue.innerText : null};
}"""

# a wide figure's box and its note (ui/viewport.wide_box)
FIGURES_JS = """() => [...document.querySelectorAll('[class*="st-key-pv_wide_"]')].map((box) => {
    const fig = box.querySelector('[data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"])');
    const note = box.querySelector('.pv-wide-note');
    return {name: box.className.match(/st-key-(pv_wide_[a-z_]+)/)[1],
            scrollable: fig.scrollWidth > fig.clientWidth + 1 && getComputedStyle(fig).overflowX === 'auto',
            focusable: fig.getAttribute('tabindex') === '0' && !!fig.getAttribute('aria-label'),
            note: note && note.offsetParent !== null ? note.innerText : null};
})"""


@pytest.mark.parametrize("width", [320, 400])
@pytest.mark.parametrize("view", ["compare", "clinician", "references", "howto", "lecture"])
def test_page_reflows(server, page, view, width):
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(server + VIEWS[view])
    wait_drawn(page, view)
    s = page.evaluate(PAGE_JS)
    assert s["doc"] <= s["W"] and s["main"] <= s["mainBox"], f"the page scrolls sideways: {s}"
    assert s["out"] == [], f"sticking out of a {width} px window: {s['out'][:20]}"
    assert s["cut"] == [], f"text cut off: {s['cut']}"
    if view in ("compare", "lecture"):
        d = page.evaluate(DIAGRAM_JS)
        # the diagram (exempt from reflow as a 2-D graphic) pans inside its own box, and the page says so
        assert d["scrollable"] and d["inWindow"], d
        assert d["note"] and "scroll it sideways" in d["note"], d
    for f in page.evaluate(FIGURES_JS):
        # a note exactly when the figure is wider than its box, which then scrolls and takes the keyboard
        assert bool(f["note"]) == f["scrollable"], f
        assert f["focusable"], f
        if f["scrollable"]:
            assert "scrolls sideways in its box" in f["note"], f


def test_clinician_table_stacks_with_drug_names(server, page):
    """In a 320 px window the side-by-side table is one block per row: every cell as wide as the column
    (no word broken letter by letter) and headed by its drug's name."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(server + VIEWS["clinician"])
    wait_drawn(page, "clinician")
    cells = page.evaluate(
        """() => [...document.querySelectorAll('table.pv-compare > tbody > tr > td')].map((td) => ({
            width: td.getBoundingClientRect().width, drug: td.dataset.drug,
            shown: getComputedStyle(td, '::before').content}))"""
    )
    assert cells
    assert min(c["width"] for c in cells) > 240, cells[:3]
    assert all(c["drug"] and c["shown"] == f'"{c["drug"]}"' for c in cells), cells[:3]
    assert {c["drug"] for c in cells} >= {"Ketamine", "Psilocybin"}
