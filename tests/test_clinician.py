"""The clinician page and its PDF handout: time course, source strength, gaps, evidence profile."""

from __future__ import annotations

import html
import io
import json
import re
from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.render import clinical, handout
from pathviz.vocab import ClinicalAspect, Evidence, ReferenceType, Status

from .conftest import DATA, PATHWAYS

BUNDLE = read_pathways(PATHWAYS)
TIMING = {ClinicalAspect.onset, ClinicalAspect.peak, ClinicalAspect.duration}
UPLOADED = (DATA / "valid" / "my_drug.yaml").read_text("utf-8")


# ---------------------------------------------------------------- app functions (run by AppTest)


def _clinician_page(directory: str, a: str | None, b: str | None, uploaded: str | None) -> None:
    from pathlib import Path

    import streamlit as st

    from pathviz.io.pathways import load_pathways
    from pathviz.ui.pages import clinician

    if a:
        st.session_state.setdefault("pv_a", a)
    if b:
        st.session_state.setdefault("pv_b", b)
    extra = (("mine.yaml", uploaded.encode()),) if uploaded else ()
    result = load_pathways([Path(directory)], extra=extra)
    assert result.bundle is not None
    clinician.render(result.bundle)


def _run(a: str | None = None, b: str | None = None, uploaded: str | None = None) -> AppTest:
    at = AppTest.from_function(_clinician_page, args=(str(PATHWAYS), a, b, uploaded), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html_blocks(at: AppTest) -> list[str]:
    return [el.proto.body for el in at.get("html")]


def _comparison(at: AppTest) -> str:
    return next(h for h in _html_blocks(at) if 'class="pv-compare"' in h)


def _columns(table_html: str) -> list[str]:
    head = table_html.split("</thead>")[0]
    return [html.unescape(t) for t in re.findall(r"<th[^>]*>([^<]*)</th>", head)][1:]


def _row(table_html: str, title: str) -> list[str]:
    """The cells (HTML) of the comparison row titled ``title``, one per drug."""
    m = re.search(r'<tr><th scope="row">' + re.escape(title) + r"</th>(.*?)</tr>", table_html, re.S)
    assert m, title
    return re.findall(r"<td[^>]*>.*?</td>", m.group(1), re.S)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _time_course(at: AppTest) -> dict:
    figs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    return next(f for f in figs if f["layout"].get("xaxis", {}).get("type") == "log")


# ---------------------------------------------------------------- time course


def test_time_course_draws_every_timing_fact_of_every_drug():
    at = _run()
    fig = _time_course(at)
    drawn = Counter()
    for t in fig["data"]:
        if t.get("customdata"):
            drawn[t["customdata"][0]] += 1
    expected = Counter(p.id for p in BUNDLE.drugs for f in p.clinical if f.aspect in TIMING)
    # every drug with an onset, peak or duration is on the chart, one row per fact
    assert set(expected) == {"ketamine", "psilocybin", "ssri"}
    assert drawn == expected
    # psilocybin's "weeks, months, or even years" reaches past a year: drawn from the words
    psilo = [t for t in fig["data"] if t.get("customdata") == ["psilocybin"] and "years" in t["y"][0]]
    assert len(psilo) == 1 and psilo[0]["base"][0] + psilo[0]["x"][0] >= 8766


def test_bands_without_numbers_are_hatched_labelled_with_the_words_and_keyed():
    fig = clinical.time_course_figure(BUNDLE, BUNDLE.drugs)
    rows = {t.fact.value: t for t in clinical.timing_rows(BUNDLE, BUNDLE.drugs)}
    words = [t for t in fig.data if t.customdata and t.type == "bar" and t.marker.pattern.shape == "/"]
    solid = [t for t in fig.data if t.customdata and t.type == "bar" and not t.marker.pattern.shape]
    assert len(words) == sum(1 for r in rows.values() if r.kind == "words") == 6
    assert len(solid) == sum(1 for r in rows.values() if r.kind == "range") == 1
    for t in words:
        assert t.marker.color == "white"  # outline and hatching: visibly not a number
        first_line = t.y[0].split("<br>")[0]
        assert "“" in first_line and not re.search(r"\d", first_line)  # the words, never a number
    legend = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert html.escape(clinical.KEY_WORDS) in legend
    # one-bound facts ("up to 2 weeks") are lines to a mark, not bars starting at 1 h
    bounds = [t for t in fig.data if t.customdata and t.type == "scatter"]
    assert len(bounds) == sum(1 for r in rows.values() if r.kind == "upper") == 3
    assert all("up to" in t.y[0] for t in bounds)


@pytest.mark.parametrize(
    ("words", "lo", "hi", "phrase"),
    [
        ("Antidepressant effects begin within hours of a single dose", 1, 24, "within hours"),
        ("Delayed onset: weeks", 168, 1344, "weeks"),
        ("Weeks, even months", 168, 8766, "Weeks, even months"),
        ("Sustained antidepressant effects for weeks, months, or even years after a single dose", 168, 26298,
         "weeks, months, or even years"),
        ("less suicidality shortly after administration", 1, 168, "shortly after administration"),
    ],
)
def test_word_bands_follow_the_mapping_table(words, lo, hi, phrase):
    band = clinical.word_band(words)
    assert band is not None and (band.lo, band.hi) == (lo, hi) and band.words == phrase


def test_words_without_a_time_are_not_placed():
    assert clinical.word_band("Rapid onset") is None
    assert clinical.word_band("Non-competitive NMDA receptor antagonist") is None


def _contrast(hex_colour: str, background: str = "#FFFFFF") -> float:
    def lum(h: str) -> float:
        h = h.lstrip("#")
        rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(hex_colour), lum(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_time_course_text_is_dark_on_white_and_never_on_a_bar():
    fig = clinical.time_course_figure(BUNDLE, BUNDLE.drugs)
    assert fig.layout.plot_bgcolor == fig.layout.paper_bgcolor == "white"
    for colour in (fig.layout.font.color, fig.layout.yaxis.tickfont.color, fig.layout.legend.font.color):
        assert _contrast(colour) >= 4.5  # WCAG AA for normal text
    assert all(not getattr(t, "text", None) for t in fig.data)


# ---------------------------------------------------------------- the comparison table


@pytest.mark.parametrize("where", ["screen", "handout"])
def test_time_course_row_labels_do_not_run_into_each_other(where):
    # each row label is two lines (drug · aspect: span / citation); the rows are drawn far enough
    # apart for two lines at the chart's type size, on the Clinician page and in the printed handout
    if where == "handout":
        svg = handout.time_course_svg(BUNDLE, BUNDLE.drugs)
    else:
        from pathviz.render.files import to_image

        fig = clinical.time_course_figure(BUNDLE, BUNDLE.drugs)
        svg = to_image(fig, "svg", width=1200, height=int(fig.layout.height)).decode("utf-8")
    ticks = re.findall(r'<g class="ytick"><text[^>]*?transform="translate\(0,([\d.]+)\)[^"]*"[^>]*?font-size: ([\d.]+)px', svg)
    assert len(ticks) >= 5
    ys = sorted(float(y) for y, _ in ticks)
    font = float(ticks[0][1])
    lines = [t for t in re.findall(r'<g class="ytick">(.*?)</g>', svg)]
    assert all(t.count('class="line"') == 2 for t in lines)  # two lines each
    gaps = [b - a for a, b in zip(ys, ys[1:])]
    assert min(gaps) >= 2 * 1.2 * font, (min(gaps), font)  # Plotly sets lines 1.3 em apart


def test_table_has_a_column_per_drug_one_fact_per_line_and_no_none():
    at = _run()
    table = _comparison(at)
    assert _columns(table) == [clinical.drug_name(BUNDLE, p) for p in BUNDLE.drugs]
    keta, psilo, ssri = _row(table, "Peak")
    assert "Peaks within 24 to 72 h" in _text(keta) and "Krystal et al. 2019" in _text(keta)
    assert 'class="pv-gap"' in psilo and _text(psilo).strip() == handout.NOT_STATED
    safety = _row(table, "Safety signals")[0]
    n_safety = sum(1 for f in BUNDLE.pathways["ketamine"].clinical if f.aspect == ClinicalAspect.safety)
    assert n_safety >= 5 and safety.count("<li>") == n_safety
    for block in _html_blocks(at):
        assert not re.search(r">\s*None\s*<", block)
        assert "None" not in _text(block).split()


def test_every_quote_is_there_in_full():
    at = _run()
    table = html.unescape(_comparison(at))
    for p in BUNDLE.drugs:
        for f in p.clinical:
            for s in f.sources:
                if s.quote:
                    assert f"“{s.quote}”" in table, s.quote[:60]


def test_facts_resting_only_on_secondary_sources_carry_the_badge():
    at = _run()
    table = _comparison(at)
    items = re.findall(r"<li>(.*?)</li>", table, re.S)
    by_value = {}
    for item in items:
        value = html.unescape(item.split(" <span", 1)[0])
        by_value[value] = item
    seen = {True: 0, False: 0}
    for p in BUNDLE.drugs:
        for f in p.clinical:
            only_secondary = all(BUNDLE.references[s.ref].type == ReferenceType.secondary for s in f.sources)
            assert (clinical.BADGE_SECONDARY in by_value[f.value]) == only_secondary, f.value
            seen[only_secondary] += 1
    assert seen[True] >= 8 and seen[False] >= 8  # both kinds occur, so the check can fail
    # most of ketamine's safety signals rest on the pharmacist's blog post alone
    safety = _row(table, "Safety signals")[0]
    expected = sum(
        1
        for f in BUNDLE.pathways["ketamine"].clinical
        if f.aspect == ClinicalAspect.safety
        and all(BUNDLE.references[s.ref].type == ReferenceType.secondary for s in f.sources)
    )
    assert expected >= 3 and safety.count(clinical.BADGE_SECONDARY) == expected


def test_animal_only_badge_comes_from_the_notes():
    text = """
schema: pathviz/1
id: rodent
title: Rodent drug
drug: rodent
nodes:
  - {id: rodent, label: Rodent drug, kind: drug, tier: agent, description: A test drug.}
clinical:
  - aspect: onset
    value: Within hours
    note: shown in rats only
    sources: [{ref: paper}]
  - aspect: peak
    value: One day
    sources: [{ref: paper}]
references:
  - {id: paper, title: A paper, year: 2020, authors: [Doe J], doi: 10.1000/abc}
"""
    bundle = parse_pathways([("rodent.yaml", text)]).bundle
    assert bundle is not None
    onset, peak = bundle.pathways["rodent"].clinical
    assert clinical.fact_badges(bundle, onset) == [clinical.BADGE_ANIMAL]
    assert clinical.fact_badges(bundle, peak) == []


def test_gaps_are_styled_and_listed_in_one_place():
    at = _run()
    table = _comparison(at)
    for aspect in ("Response", "Remission", "Peak"):
        assert 'class="pv-gap"' in _row(table, aspect)[1]  # psilocybin
    gaps = re.sub(r"\\(.)", r"\1", next(m.value for m in at.markdown if "Do not read a gap" in m.value))
    assert re.search(r"Psilocybin\*\*: Peak, Response, Remission", gaps)
    assert "Primary targets" in gaps.split("SSRIs", 1)[1]


def test_psilocybin_approval_says_what_the_source_says():
    table = _comparison(_run())
    cell = _text(_row(table, "Approval")[1])
    assert "No source text states psilocybin's approval status" in cell
    assert "esketamine is described as" not in cell


def test_sources_tables_say_what_is_missing_instead_of_none():
    at = _run()
    tables = [h for h in _html_blocks(at) if 'class="pv-sources"' in h]
    assert len(tables) == len(BUNDLE.drugs)
    joined = "".join(tables)
    assert handout.NO_LINK in joined and "https://doi.org/10.1016/j.neuron.2019.02.005" in joined


# ---------------------------------------------------------------- which drugs


def test_default_is_all_drugs_and_the_pair_follows_the_compare_page():
    at = _run(a="ketamine", b="ssri")
    assert len(_columns(_comparison(at))) == 3
    at.radio(key="clin_scope").set_value("pair").run()
    assert not at.exception
    assert _columns(_comparison(at)) == ["Ketamine", clinical.drug_name(BUNDLE, BUNDLE.pathways["ssri"])]
    fig = _time_course(at)
    assert {t["customdata"][0] for t in fig["data"] if t.get("customdata")} == {"ketamine", "ssri"}


def test_an_uploaded_drug_can_be_compared():
    at = _run(a="ketamine", b="my_drug", uploaded=UPLOADED)
    assert _columns(_comparison(at))[-1] == "My test drug"
    at.radio(key="clin_scope").set_value("pair").run()
    assert _columns(_comparison(at)) == ["Ketamine", "My test drug"]
    # the upload has no clinical facts: every row is a gap, shown as such
    table = _comparison(at)
    assert table.count('class="pv-gap"') >= len(handout.TABLE_ASPECTS)


def test_drug_picker_limits_the_columns():
    at = _run()
    at.multiselect(key="clin_drugs").set_value(["psilocybin"]).run()
    assert _columns(_comparison(at)) == ["Psilocybin"]
    at.multiselect(key="clin_drugs").set_value([]).run()
    assert not at.exception and any("Pick at least one drug" in i.value for i in at.info)


# ---------------------------------------------------------------- evidence profile and caveats


def test_evidence_profile_counts_every_evidence_type_and_unsettled_status():
    rows = {r["drug"]: r for r in clinical.evidence_profile(BUNDLE, BUNDLE.drugs)}
    for p in BUNDLE.drugs:
        edges = BUNDLE.edges_of(p.id)
        row = rows[clinical.drug_name(BUNDLE, p)]
        assert row["arrows"] == len(edges)
        for ev in Evidence:
            assert row[ev.label] == sum(e.evidence == ev for e in edges)
        assert sum(row[ev.label] for ev in Evidence) == len(edges)
        for st in Status:
            if st != Status.established:
                assert row[f"status: {st.label}"] == sum(e.status == st for e in edges)
    at = _run()
    profile = next(h for h in _html_blocks(at) if 'class="pv-profile"' in h)
    assert f">{rows['Ketamine']['arrows']}<" in profile


def test_caveat_tables_list_every_flagged_arrow_in_full():
    at = _run()
    tables = [h for h in _html_blocks(at) if 'class="pv-caveat-table"' in h]
    flagged = [clinical.caveats(BUNDLE, p.id) for p in BUNDLE.drugs]
    assert len(tables) == sum(1 for f in flagged if f)
    keta = tables[0]
    assert keta.count("<tr>") - 1 == len(flagged[0])
    for e, _ in flagged[0]:
        if e.note:
            assert html.escape(e.note) in keta


# ---------------------------------------------------------------- the handout


def _pdf_text(data: bytes) -> tuple[int, str, object]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), text, reader.pages[0].mediabox


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def handout_pdf() -> bytes:
    return handout.handout_pdf(BUNDLE, BUNDLE.drugs)


def test_handout_pdf_has_the_table_text_and_every_doi(handout_pdf):
    pages, text, box = _pdf_text(handout_pdf)
    assert 1 <= pages <= 3  # a handout a clinician can carry: three pages at most
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842  # A4 in points
    flat = _squash(text)
    for needle in ("Side by side", "Peaks within 24 to 72 h", handout.NOT_STATED, "Evidence profile",
                   "Read with care", "References", clinical.BADGE_SECONDARY, "Psilocybin", "SSRIs"):
        assert _squash(needle) in flat, needle
    page = handout.handout_html(BUNDLE, BUNDLE.drugs, svg="<svg></svg>")
    cited = re.findall(r"doi:([^\s<;]+)", page)
    assert len(cited) >= 10
    for doi in cited:
        assert _squash(html.unescape(doi)) in flat, doi
    # the time course is text in the PDF too, not a picture of text
    assert _squash("time after a single dose") in flat


def test_cli_writes_a_letter_handout_for_two_drugs(tmp_path, monkeypatch):
    from pathviz.cli import main

    monkeypatch.chdir(PATHWAYS.parent)
    out = tmp_path / "h.pdf"
    assert main(["export", "--format", "pdf", "--pathways", "ketamine,psilocybin", "--paper", "letter",
                 "-o", str(out)]) == 0
    pages, text, box = _pdf_text(out.read_bytes())
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Ketamine" in text and "Psilocybin" in text and "SSRIs" not in text
    assert main(["export", "--format", "pdf", "--pathways", "nope", "-o", str(out)]) == 2


def test_hostile_text_stays_text_in_the_handout():
    hostile = DATA / "hostile"
    bundle = read_pathways(hostile)
    page = handout.handout_html(bundle, bundle.drugs, svg="<svg></svg>")
    body = page.split("<body", 1)[1]
    for tag in ("<script", "<img", "<iframe", "<svg onload", "<marquee", "<b>bold"):
        assert tag not in body
    assert "&lt;script&gt;" in body
    assert "Content-Security-Policy" in page
    data = handout.handout_pdf(bundle, bundle.drugs)
    _, text, _ = _pdf_text(data)
    assert "<img src=x onerror=alert('clinical')> within hours" in text.replace("\n", " ")
