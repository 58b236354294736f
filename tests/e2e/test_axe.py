"""axe-core on the pages a student, a lecturer and a clinician open: no violation of WCAG 2.0, 2.1 and
2.2 A/AA rules on the Compare page, the Clinician page, the References page and lecture mode, in a
1400 px and an 800 px window.

axe checks colour contrast only on what is in the window, so every page is checked screen by screen,
scrolled from top to bottom (Streamlit scrolls its main area, not the document).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')"
VIEWS = {
    "compare": "/",
    "clinician": "/clinician",
    "references": "/references",
    "lecture": "/?mode=lecture",
    "howto": "/howto",
    "data": "/data",
}
DIAGRAM = ("compare", "lecture")


def wait_drawn(page, view: str) -> None:
    """The page fully drawn: the diagram with its figure (Compare, lecture), else the page's title and
    every Plotly figure on it; and no script run under way."""
    if view in DIAGRAM:
        page.wait_for_selector(".pv-chart[data-ready='1'] .js-plotly-plot .main-svg", timeout=90_000)
    else:
        page.wait_for_selector("[data-testid='stMainBlockContainer'] h1, [data-testid='stMainBlockContainer'] h2", timeout=90_000)
    page.wait_for_function(IDLE, timeout=60_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every((c) => c.querySelector('.main-svg'))
            && [...document.querySelectorAll('[class*="st-key-pv_wide_"]')].every((b) => b.querySelector('[data-testid="stPlotlyChart"] .main-svg'))""",
        timeout=60_000,
    )
    page.wait_for_function(IDLE, timeout=60_000)


def violations(page) -> dict[tuple[str, str], str]:
    """Every violation on the page, screen by screen: {(rule, target): what axe says}."""
    axe = Axe()
    found: dict[tuple[str, str], str] = {}
    height = page.viewport_size["height"]
    total = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    for top in range(0, max(total, 1), height):
        page.evaluate(f"() => {{ document.querySelector('[data-testid=\"stMain\"]').scrollTop = {top}; }}")
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
        for v in result.response["violations"]:
            for node in v["nodes"]:
                why = "; ".join(c.get("message", "") for c in node.get("any", []) + node.get("all", []) + node.get("none", []))
                found.setdefault((v["id"], " ".join(map(str, node["target"]))), f"{v['help']} | {node['html'][:160]} | {why}")
    return found


def report(found: dict[tuple[str, str], str]) -> str:
    return "\n".join(f"{rule} at {target}: {what}" for (rule, target), what in found.items())


@pytest.mark.parametrize(
    ("view", "width"),
    [(v, 1400) for v in ("compare", "clinician", "references", "lecture")]
    + [(v, 800) for v in ("compare", "clinician", "references", "lecture", "howto")]
    + [("data", 320)],
)
def test_no_axe_violation(server, page, view, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + VIEWS[view])
    wait_drawn(page, view)
    found = violations(page)
    assert not found, f"{len(found)} axe violation(s) on {view} at {width} px:\n" + report(found)
