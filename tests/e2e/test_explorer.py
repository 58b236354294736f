"""The one-file offline explorer in Debian's chromium, with every network request blocked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pathviz.exports.explorer import CSP, FILTER_WORDS, to_explorer
from pathviz.io.pathways import read_pathways
from pathviz.view import SCREEN, ViewState, build_view

from .conftest import ROOT
from .test_browser import hover_point
from .test_hostile import INJECTED

pytestmark = pytest.mark.browser


def _write(tmp_path, bundle_dir, a, b, name="explorer.html"):
    bundle = read_pathways(bundle_dir)
    view = build_view(bundle, ViewState(a, b), SCREEN)
    path = tmp_path / name
    path.write_text(to_explorer(view), "utf-8")
    return bundle, view, path


def _open(browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.outside, page.dialogs, page.errors = [], [], []  # type: ignore[attr-defined]

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return context, page


def _click_node(page, node_id, label):
    """Click a node's marker and wait until the details panel shows it (its label)."""
    pt = page.evaluate(
        """(id) => { const gd = document.getElementById('pv-plot'); const fl = gd._fullLayout;
             const r = gd.getBoundingClientRect();
             for (const tr of gd.data) { if (tr.name !== 'nodes') continue;
               const i = tr.customdata.indexOf(id); if (i < 0) return null;
               return {x: r.left + fl._size.l + fl.xaxis.l2p(tr.x[i]), y: r.top + fl._size.t + fl.yaxis.l2p(tr.y[i])}; } }""",
        node_id,
    )
    assert pt is not None, node_id
    scroll = page.evaluate("(y) => { window.scrollBy(0, y - window.innerHeight / 2); return window.scrollY; }", pt["y"])
    pt = page.evaluate(
        """(id) => { const gd = document.getElementById('pv-plot'); const fl = gd._fullLayout;
             const r = gd.getBoundingClientRect(); const tr = gd.data.find(t => t.name === 'nodes');
             const i = tr.customdata.indexOf(id);
             return {x: r.left + fl._size.l + fl.xaxis.l2p(tr.x[i]), y: r.top + fl._size.t + fl.yaxis.l2p(tr.y[i])}; }""",
        node_id,
    )
    assert scroll >= 0
    hover_point(page, pt["x"], pt["y"], node_id, "#pv-plot")
    page.mouse.click(pt["x"], pt["y"])
    expect(page.locator("#pv-details h3").first).to_have_text(label, timeout=10_000)


def test_file_is_self_contained(tmp_path):
    _, _, path = _write(tmp_path, ROOT / "pathways", "ketamine", "psilocybin")
    html = path.read_text("utf-8")
    assert f'content="{CSP}"' in html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert path.stat().st_size < 9_000_000


def test_click_convergent_node_shows_quote_and_doi_offline(tmp_path, browser):
    bundle, view, path = _write(tmp_path, ROOT / "pathways", "ketamine", "psilocybin")
    context, page = _open(browser, path)
    try:
        _click_node(page, "bdnf", bundle.nodes["bdnf"].label)
        details = page.locator("#pv-details")
        assert details.locator("h3").first.inner_text() == bundle.nodes["bdnf"].label
        text = details.inner_text()
        assert "Why they converge here" in text
        route_edges = [s.edge for r in view.support["bdnf"].routes if r.best for s in r.best.steps]
        quotes = [c.quote for e in route_edges for c in view.citations(e) if c.quote]
        assert quotes and all(q in text for q in quotes)
        hrefs = details.locator("a").evaluate_all("els => els.map(a => a.href)")
        assert any(h.startswith("https://doi.org/10.") for h in hrefs)
        assert all(h.startswith("https://") for h in hrefs)
        assert page.locator("#pv-filter-words").inner_text() == FILTER_WORDS
        # search by synonym
        page.fill("#pv-search", "GluA1-4")
        page.dispatch_event("#pv-search", "change")
        expect(details.locator("h3").first).to_have_text(bundle.nodes["ampa_receptor"].label)
        # an evidence filter dims exactly the arrows of that evidence type
        page.locator("input[name='pv-evidence'][value='human']").uncheck()
        page.wait_for_function(
            "() => document.getElementById('pv-plot').data.some(t => t.meta && t.name === 'edges' && t.meta.evidence === 'human' && t.opacity < 1)"
        )
        ops = page.evaluate(
            "() => document.getElementById('pv-plot').data.filter(t => t.meta && t.name === 'edges')"
            ".map(t => [t.meta.evidence, t.opacity])"
        )
        assert ops and all((op < 1) == (ev == "human") for ev, op in ops)
        # core detail: the core view's nodes
        core = build_view(bundle, ViewState("ketamine", "psilocybin", detail="core"), SCREEN)
        full_n = page.evaluate("() => document.getElementById('pv-plot').data.find(t => t.name === 'nodes').customdata.length")
        assert full_n != len(core.visible())
        page.locator("input[name='pv-detail'][value='core']").check()
        page.wait_for_function(
            "(n) => document.getElementById('pv-plot').data.find(t => t.name === 'nodes').customdata.length === n",
            arg=len(core.visible()),
            timeout=10_000,
        )
        assert page.outside == [] and page.dialogs == [] and page.errors == []
    finally:
        context.close()


def test_hostile_text_stays_text_in_the_explorer(tmp_path, browser):
    bundle, view, path = _write(tmp_path, ROOT / "tests" / "data" / "hostile", "evil_a", "evil_b")
    context, page = _open(browser, path)
    try:
        for node in view.convergent_nodes + [view.drugs["a"]]:
            _click_node(page, node, bundle.nodes[node].label)
            assert page.locator("#pv-details h3").inner_text() == bundle.nodes[node].label
            assert page.locator(INJECTED).count() == 0
        assert page.locator("#pv-details script").count() == 0
        hrefs = page.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert all(h.startswith("https://") for h in hrefs)
        assert page.outside == [] and page.dialogs == [] and page.errors == []
    finally:
        context.close()
