"""The clinician page in a real browser: every drug on the time course, badges, full cells, the PDF."""

from __future__ import annotations

import io
import re

import pytest

from pathviz.io.pathways import read_pathways
from pathviz.render import clinical, handout, style
from pathviz.vocab import STATUS_EXPLANATION, ClinicalAspect, ReferenceType, Status

from .conftest import ROOT

pytestmark = pytest.mark.browser

BUNDLE = read_pathways(ROOT / "pathways")
TIMING = {ClinicalAspect.onset, ClinicalAspect.peak, ClinicalAspect.duration}


def _open(page, server, width: int = 1400) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + "/clinician")
    page.wait_for_selector(f"text={clinical.TIME_COURSE_TITLE}", timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .ytick text", timeout=90_000)
    page.wait_for_selector("table.pv-compare", timeout=90_000)


def test_time_course_shows_every_drug_that_has_a_timing_fact(server, page):
    _open(page, server)
    chart = page.locator(".js-plotly-plot").first
    labels = " ".join(chart.locator(".yaxislayer-above text").all_text_contents())  # every panel
    for p in BUNDLE.drugs:
        if any(f.aspect in TIMING for f in p.clinical):
            assert clinical.drug_name(BUNDLE, p) in labels
    legend = " ".join(chart.locator(".legendtext").all_text_contents())
    assert "no number in the source — band placed from the words" in legend
    assert not page.js_errors


def test_cells_are_whole_badged_and_never_none(server, page):
    _open(page, server)
    table = page.locator("table.pv-compare")
    cells = table.locator("td").all_inner_texts()
    assert cells and all(c.strip() for c in cells)
    assert not any(re.search(r"\bNone\b", c) for c in cells)
    # gaps read as gaps
    assert table.locator("td.pv-gap").count() >= 3
    assert set(table.locator("td.pv-gap").all_inner_texts()) == {handout.NOT_STATED}
    # a fact resting only on the pharmacist's blog post carries the badge, in its own line of the cell
    item = table.locator("li", has_text="Raises blood pressure and heart rate")
    assert item.locator(".pv-badge", has_text=clinical.BADGE_SECONDARY).count() == 1
    item = table.locator("li", has_text="Peaks within 24 to 72 h")
    assert item.locator(".pv-badge").count() == 0
    # full quotes on demand: open one and read the whole sentence
    fact = next(f for f in BUNDLE.pathways["ketamine"].clinical if f.aspect == ClinicalAspect.peak)
    peak = table.locator("li", has_text=fact.value)
    peak.locator("summary").click()
    shown = peak.locator("blockquote").first.inner_text()
    assert fact.sources[0].quote in shown and "…" not in shown
    # every secondary-only fact in the data has exactly one badge on the page
    secondary_only = [
        f for p in BUNDLE.drugs for f in p.clinical
        if all(BUNDLE.references[s.ref].type == ReferenceType.secondary for s in f.sources)
    ]
    assert table.locator(".pv-badge", has_text=clinical.BADGE_SECONDARY).count() == len(secondary_only)
    assert not page.js_errors


def test_handout_download_is_a_pdf_with_the_table(server, page):
    from pypdf import PdfReader

    _open(page, server)
    button = page.get_by_role("button", name=re.compile("Download the handout"))
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 3
    text = re.sub(r"\s+", "", " ".join(p.extract_text() for p in reader.pages))
    assert "Peakswithin24to72h" in text and "doi:10.1016/j.neuron.2019.02.005" in text


@pytest.mark.parametrize("width", [1400, 800])
def test_time_course_panels_say_the_dosing_and_stay_legible(server, page, width):
    _open(page, server, width)
    chart = page.locator(".js-plotly-plot").first
    titles = " ".join(chart.locator(".annotation-text").all_text_contents())
    assert clinical.DOSING_TITLE["single_dose"] in titles and clinical.DOSING_TITLE[None] in titles
    # the SSRI rows sit in the "dosing not stated" panel (the second y axis), never under "single dose"
    first = " ".join(chart.locator(".yaxislayer-above .ytick text").all_text_contents())
    second = " ".join(chart.locator(".yaxislayer-above .y2tick text").all_text_contents())
    assert "SSRIs" not in first and "SSRIs" in second
    # the titles are not cut off and the x-axis ticks do not overlap, even in an 800 px window
    boxes = page.evaluate(
        """() => {
            const plot = document.querySelector('.js-plotly-plot');
            const r = plot.getBoundingClientRect();
            const ann = [...plot.querySelectorAll('.annotation-text')].map(e => e.getBoundingClientRect());
            const ticks = [...plot.querySelectorAll('.xtick text')].map(e => e.getBoundingClientRect());
            return {plot: [r.left, r.right], ann: ann.map(b => [b.left, b.right]),
                    ticks: ticks.map(b => [b.left, b.right, b.top, b.bottom])};
        }"""
    )
    left, right = boxes["plot"]
    assert all(left - 1 <= a <= b <= right + 1 for a, b in boxes["ann"])
    ticks = boxes["ticks"]
    assert len(ticks) >= 5
    for i, a in enumerate(ticks):
        for b in ticks[i + 1:]:
            apart = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
            assert apart, (a, b)
    assert not page.js_errors


def test_flagged_facts_show_the_diagram_mark_and_words(server, page):
    _open(page, server)
    table = page.locator("table.pv-compare")
    fact = next(f for f in BUNDLE.pathways["psilocybin"].clinical if f.status == Status.contested)
    item = table.locator("li", has_text=fact.value[:40])
    flag = item.locator(".pv-status")
    assert flag.inner_text().split() == [style.STATUS_MARK[Status.contested], Status.contested.label]
    assert flag.get_attribute("title") == STATUS_EXPLANATION[Status.contested]
    intro = page.locator(".pv-clin p", has_text="open “quoted sentence”").first.inner_text()
    for st in (Status.contested, Status.hypothesis):
        assert style.STATUS_MARK_WORDS[st] in intro and STATUS_EXPLANATION[st] in intro
    assert not page.js_errors
