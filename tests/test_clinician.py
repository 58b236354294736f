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
from pathviz.render import clinical, handout, style
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
    assert len(words) == sum(1 for r in rows.values() if r.kind == "words") == 8
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
    return style.contrast_ratio(hex_colour, background)


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
    # one y axis per dosing panel ('ytick', 'y2tick', …); rows are compared within a panel
    panels = re.findall(r'<g class="(y\d*)tick"><text[^>]*?transform="translate\(0,([\d.]+)\)[^"]*"[^>]*?font-size: ([\d.]+)px', svg)
    assert len(panels) >= 10 and len({p for p, _, _ in panels}) == 2
    font = float(panels[0][2])
    lines = [t for t in re.findall(r'<g class="y\d*tick">(.*?)</g>', svg)]
    assert all(t.count('class="line"') == 2 for t in lines)  # two lines each
    for axis in {p for p, _, _ in panels}:
        ys = sorted(float(y) for p, y, _ in panels if p == axis)
        gaps = [b - a for a, b in zip(ys, ys[1:])]
        assert min(gaps) >= 2 * 1.2 * font, (axis, min(gaps), font)  # Plotly sets lines 1.3 em apart


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
    assert _squash(clinical.TIME_AXIS_TITLE) in flat


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


# ---------------------------------------------------------------- dosing: each row drawn from its own dosing


_SINGLE_DOSE = re.compile(r"\b(a|one) single (dose|infusion|administration)\b|\bfrom a single dose\b", re.IGNORECASE)
_REPEATED = re.compile(r"\brepeated (doses|administrations|infusions)\b", re.IGNORECASE)
_ALL_FACTS = [(p, f) for p in BUNDLE.drugs for f in p.clinical]


def test_a_fact_names_a_dosing_only_where_each_of_its_sources_says_it():
    from pathviz.model import ClinicalFact

    assert ClinicalFact.model_fields["dosing"].default is None  # absent = the sources do not say
    named = [(p, f) for p, f in _ALL_FACTS if f.dosing is not None]
    assert {p.id for p, _ in named} == {"ketamine", "psilocybin"}
    for _, f in named:
        pattern = _SINGLE_DOSE if f.dosing == "single_dose" else _REPEATED
        for ref in dict.fromkeys(s.ref for s in f.sources):
            assert any(s.quote and pattern.search(s.quote) for s in f.sources if s.ref == ref), (f.value, ref)
    # no source text says how SSRIs are taken: none of their facts claims a dosing
    assert all(f.dosing is None for f in BUNDLE.pathways["ssri"].clinical)
    # a fact whose sentence speaks of a single dose says so (ketamine's replication studies)
    for _, f in _ALL_FACTS:
        if f.aspect in TIMING and f.sources and all(_SINGLE_DOSE.search(s.quote or "") for s in f.sources):
            assert f.dosing == "single_dose", f.value


def _axis_titles(fig) -> dict[str, str]:
    """y-axis name ('y', 'y2', …) -> the group title written above that panel."""
    out = {}
    for name in [k for k in fig.layout if k.startswith("yaxis")]:
        _, hi = fig.layout[name].domain
        ref = "y" + name[len("yaxis"):]
        titles = [a.text for a in fig.layout.annotations if a.yref == "paper" and hi - 0.001 <= a.y <= hi + 0.2]
        out[ref] = re.sub(r"<[^>]+>", "", " ".join(titles[:1]))
    return out


def _drawn_rows():
    """The timing rows in the order the figure draws them (panel by panel)."""
    rows = [t for t in clinical.timing_rows(BUNDLE, BUNDLE.drugs) if t.kind != "unplaced"]
    return [t for _, group in clinical.dosing_groups(rows) for t in group]


def test_time_course_groups_rows_by_the_dosing_their_source_states():
    fig = clinical.time_course_figure(BUNDLE, BUNDLE.drugs)
    rows = _drawn_rows()
    titles = _axis_titles(fig)
    drawn = [t for t in fig.data if t.customdata]
    assert len(drawn) == len(rows)
    for trace, row in zip(drawn, rows):
        title = html.unescape(titles[trace.yaxis or "y"])
        assert clinical.DOSING_TITLE[row.fact.dosing] == title, (row.fact.value, title)
        if row.pathway_id == "ssri":
            assert "single dose" not in title.lower()
    # both kinds occur, each panel titled, and no title claims a single dose for every row
    assert {t.fact.dosing for t in rows} == {"single_dose", None}
    assert "single dose" not in (fig.layout.xaxis.title.text or "").lower()
    axis = [fig.layout[k].title.text for k in fig.layout if k.startswith("xaxis") and fig.layout[k].title.text]
    assert axis == [clinical.TIME_AXIS_TITLE]


def test_clinician_page_and_handout_do_not_call_every_row_a_single_dose():
    at = _run()
    headers = [h.value for h in at.subheader]
    assert clinical.TIME_COURSE_TITLE in headers and not any("after a single dose" in h for h in headers)
    caption = re.sub(r"\\(.)", r"\1", next(c.value for c in at.caption if "log scale" in c.value))
    for dosing in ("single_dose", None):  # the panels the bundled facts fill, named in the caption
        assert clinical.DOSING_TITLE[dosing] in caption
    assert clinical.DOSING_TITLE["repeated_doses"] not in caption  # no fact states repeated doses
    assert "states the dosing of SSRIs / conventional antidepressants" in caption  # no source says how
    page = handout.handout_html(BUNDLE, BUNDLE.drugs, svg="<svg></svg>")
    assert html.escape(clinical.TIME_COURSE_TITLE) in page and "Time course after a single dose" not in page
    assert "states the dosing of SSRIs / conventional antidepressants" in page


# ---------------------------------------------------------------- what each citation measured


def _time_rules(text: str) -> set[str]:
    return {rule for pattern, _, _, rule in clinical.QUALITATIVE_BANDS if re.search(pattern, text, re.IGNORECASE)}


def test_every_source_of_a_timing_fact_states_that_time():
    # a row is drawn from its words or numbers; every reference cited for it must state them
    checked = 0
    for p, f in _ALL_FACTS:
        if f.aspect not in TIMING:
            continue
        want_words = _time_rules(f.value)
        want_numbers = set(re.findall(r"\d+", f.value))
        for ref in dict.fromkeys(s.ref for s in f.sources):
            quotes = " ".join(s.quote or "" for s in f.sources if s.ref == ref)
            assert want_words <= _time_rules(quotes), (p.id, f.value, ref)
            assert want_numbers <= set(re.findall(r"\d+", quotes)), (p.id, f.value, ref)
            checked += 1
    assert checked >= 12


def test_no_trial_is_cited_for_years_of_psilocybin_effect():
    years = [f for f in BUNDLE.pathways["psilocybin"].clinical if re.search(r"\byears\b", f.value)]
    assert len(years) == 1
    (fact,) = years
    assert {s.ref for s in fact.sources} == {"gallenstein_article"}
    assert fact.status == Status.contested  # the trials it cites state no follow-up of years
    assert "six-month follow-up" in fact.note


# What the source texts say each cited study examined (the titles printed in their reference lists,
# and 004's description of the gamma trial). A clinical fact citing the study must say it.
STUDIED: dict[str, tuple[str, ...]] = {
    "shiroma2020": ("treatment-resistant depression", "single vs repeated"),
    "davis2020": ("major depressive disorder", "randomized"),
    "carhartharris2018": ("treatment-resistant depression", "six-month follow-up"),
    "carhartharris2021": ("escitalopram",),
    "ross2016": ("life-threatening cancer", "randomized"),
    "freeman2020": ("body mass index", "major depressive disorder"),
    "delasalle2022": ("crossover", "midazolam", "treatment-resistant depression"),
    "nugent2019a": ("depressed and healthy",),
    "nugent2019b": ("treatment-resistant major depression",),
}


def test_facts_citing_a_study_say_what_the_source_text_says_it_studied():
    cited = {
        s.ref
        for _, f in _ALL_FACTS
        for s in f.sources
        if BUNDLE.references[s.ref].type == ReferenceType.article
    }
    assert cited == set(STUDIED)  # a newly cited study needs its row here
    for p, f in _ALL_FACTS:
        words = f.value.lower()
        for ref in {s.ref for s in f.sources} & set(STUDIED):
            for phrase in STUDIED[ref]:
                assert phrase.lower() in words, (p.id, f.value[:60], ref, phrase)


# ---------------------------------------------------------------- status: the diagram's flags and words


def test_clinical_facts_carry_a_status_by_the_arrows_rule():
    from pathviz.model import ClinicalFact
    from pathviz.vocab import hedges

    assert ClinicalFact.model_fields["status"].default == Status.established
    for p, f in _ALL_FACTS:
        quotes = [s.quote for s in f.sources if s.quote]
        hedged = (quotes and all(hedges(q) for q in quotes)) or hedges(f.value)
        if hedged:
            assert f.status != Status.established, (p.id, f.value)
    statuses = Counter(f.status for _, f in _ALL_FACTS)
    assert statuses[Status.hypothesis] >= 4 and statuses[Status.contested] >= 2
    ssri_debate = next(f for f in BUNDLE.pathways["ssri"].clinical if "monoamine hypothesis" in f.value)
    assert ssri_debate.status == Status.contested  # one source calls it outdated, another still debated


def test_status_flags_use_the_diagram_words_on_the_page():
    from pathviz.vocab import STATUS_EXPLANATION

    at = _run()
    blocks = _html_blocks(at)
    table = _comparison(at)
    intro = next(b for b in blocks if 'class="pv-compare"' in b)
    for st in (Status.hypothesis, Status.contested):
        # the key says what the mark is, in the diagram's words, and what the status means
        assert html.escape(style.STATUS_MARK_WORDS[st]) in intro
        assert html.escape(STATUS_EXPLANATION[st]) in intro
    items = re.findall(r"<li>(.*?)</li>", table, re.DOTALL)
    for _, f in _ALL_FACTS:
        item = next(i for i in items if html.unescape(i).startswith(f.value))
        flagged = re.findall(r'class="pv-status pv-status-(\w+)"', item)
        if f.status == Status.established:
            assert flagged == []
        else:
            assert flagged == [f.status.value], f.value
            assert f'title="{html.escape(STATUS_EXPLANATION[f.status])}"' in item
            assert _text(item).count(f.status.label) >= 1


def test_time_course_rows_carry_the_status_flag():
    fig = clinical.time_course_figure(BUNDLE, BUNDLE.drugs)
    rows = _drawn_rows()
    drawn = [t for t in fig.data if t.customdata]
    assert [t.customdata[0] for t in drawn] == [r.pathway_id for r in rows]
    flagged = 0
    for trace, row in zip(drawn, rows):
        label = html.unescape(re.sub(r"<[^>]+>", "", trace.y[0]))
        if row.fact.status == Status.established:
            assert "hypothesis" not in label and "contested" not in label
        else:
            assert clinical.status_flag(row.fact.status) in label
            flagged += 1
    assert flagged >= 2


def test_handout_shows_status_flags_and_their_key(handout_pdf):
    from pathviz.vocab import STATUS_EXPLANATION

    _, text, _ = _pdf_text(handout_pdf)
    flat = _squash(text)
    for st in (Status.hypothesis, Status.contested):
        assert _squash(style.STATUS_MARK_WORDS[st]) in flat
        assert _squash(STATUS_EXPLANATION[st]) in flat
    page = handout.handout_html(BUNDLE, BUNDLE.drugs, svg="<svg></svg>")
    table = page.split('<table class="pv-compare">', 1)[1].split("</table>", 1)[0]
    flagged = sum(1 for _, f in _ALL_FACTS if f.status != Status.established)
    assert table.count('class="pv-status pv-status-') == flagged


def test_animal_only_arrows_stay_listed_as_caveats():
    ketamine = clinical.caveats(BUNDLE, "ketamine")
    animal = [e for e in BUNDLE.edges_of("ketamine") if e.animal_only]
    assert animal
    listed = {e.key: why for e, why in ketamine}
    for e in animal:
        assert "animal studies only" in listed[e.key]


# ---------------------------------------------------------------- handout type size


def _font_sizes(data: bytes) -> list[tuple[int, float, str]]:
    """(page, printed size in pt, text) of every text run: the font size times the vertical scale
    of the text matrix and the current transformation (so scaled SVG text counts as printed)."""
    from pypdf import PdfReader

    out: list[tuple[int, float, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            a, b, c, d = cm[0], cm[1], cm[2], cm[3]
            vx, vy = tm[2] * a + tm[3] * c, tm[2] * b + tm[3] * d
            out.append((number, size * (vx * vx + vy * vy) ** 0.5, text.strip()))

        page.extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_handout_type_is_at_least_9_pt_on_at_most_three_pages(paper, handout_pdf):
    data = handout_pdf if paper == "a4" else handout.handout_pdf(BUNDLE, BUNDLE.drugs, "letter")
    pages, _, _ = _pdf_text(data)
    assert 1 <= pages <= 3
    sizes = _font_sizes(data)
    assert len(sizes) > 300  # body, table cells, chart labels and references are all measured
    small = [(p, round(s, 2), t[:40]) for p, s, t in sizes if s < 8.95]
    assert small == []
    # the chart's row labels are among them, as printed
    assert any(t.startswith("Ketamine") and s >= 8.95 for _, s, t in sizes)


# ---------------------------------------------------------------- the browser test is a browser test


def test_clinician_browser_test_is_marked_and_waits_for_conditions():
    import ast

    from .conftest import ROOT

    path = ROOT / "tests" / "e2e" / "test_clinician_browser.py"
    tree = ast.parse(path.read_text("utf-8"))
    marks = [
        ast.unparse(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets)
    ]
    assert marks and "pytest.mark.browser" in marks[0]
    calls = [ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert not [c for c in calls if c.endswith("wait_for_timeout") or c in ("time.sleep", "sleep")]
