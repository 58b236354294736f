"""Clinician, references and how-to pages, run headless with AppTest."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.render import clinical
from pathviz.ui.text import md as escape_md
from pathviz.ui.text import safe_link
from pathviz.vocab import ClinicalAspect, Evidence, Status

from .conftest import PATHWAYS

BUNDLE = read_pathways(PATHWAYS)
TIMING = {ClinicalAspect.onset, ClinicalAspect.peak, ClinicalAspect.duration}


# ---------------------------------------------------------------- app functions (run by AppTest)


def _page_from_dir(page: str, directory: str) -> None:
    import importlib

    from pathviz.io.pathways import read_pathways

    importlib.import_module(f"pathviz.ui.pages.{page}").render(read_pathways(directory))


def _page_from_texts(page: str, files: list) -> None:
    import importlib

    from pathviz.io.pathways import parse_pathways

    result = parse_pathways([tuple(f) for f in files])
    assert result.bundle is not None, [str(p) for p in result.problems]
    importlib.import_module(f"pathviz.ui.pages.{page}").render(result.bundle)


def _run(page: str) -> AppTest:
    at = AppTest.from_function(_page_from_dir, args=(page, str(PATHWAYS)), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _markdown_texts(at: AppTest) -> list[str]:
    """Every piece of text Streamlit renders as Markdown."""
    out: list[str] = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "warning", "info", "error", "success"):
        out += [el.value for el in getattr(at, kind)]
    out += [el.label for el in at.expander]
    for t in at.table:
        df = t.value
        out += [str(v) for v in df.to_numpy().ravel()]
        out += [str(c) for c in df.columns] + [str(i) for i in df.index]
    return out


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


# ---------------------------------------------------------------- clinician (more in test_clinician.py)


def test_evidence_profile_counts_match_the_bundle():
    at = _run("clinician")
    table = next(d.value for d in at.dataframe if {"evidence", "established", "total"} <= set(d.value.columns))
    for p in BUNDLE.drugs:
        expected = Counter((e.evidence.label, e.status.value) for e in BUNDLE.edges_of(p.id))
        name = clinical.drug_name(BUNDLE, p)
        mine = table[table["drug"] == name]
        got = Counter()
        for _, row in mine.iterrows():
            for st in Status:
                if row[st.value]:
                    got[(row["evidence"], st.value)] = row[st.value]
        assert got == expected
        assert mine["total"].sum() == len(BUNDLE.edges_of(p.id))
    # the chart: one panel per drug; the bars of a panel add up to that drug's edges
    fig = next(f for f in _figures(at) if f["layout"].get("barmode") == "stack")
    per_axis: Counter = Counter()
    for t in fig["data"]:
        per_axis[t.get("xaxis", "x")] += sum(t["x"])
    assert sorted(per_axis.values()) == sorted(len(BUNDLE.edges_of(p.id)) for p in BUNDLE.drugs)


# ---------------------------------------------------------------- references


def test_references_page_lists_every_reference_with_safe_links():
    at = _run("references")
    df = at.dataframe[0].value
    assert set(df["id"]) == set(BUNDLE.references)
    for _, row in df.iterrows():
        ref = BUNDLE.references[row["id"]]
        assert row["DOI"] == (ref.doi or "")
        if ref.doi:
            assert row["link"] == f"https://doi.org/{ref.doi}"
    assert "https://pubmed.ncbi.nlm.nih.gov/21612145/" in set(df["link"])  # Loix 2011: PMID only
    secondary = df[df["type"].str.startswith("secondary")]
    assert set(secondary["id"]) == {r.id for r in BUNDLE.references.values() if r.type.value == "secondary"}


def test_reference_filter_narrows_the_table():
    at = _run("references")
    at.text_input[0].input("Moreno-Jiménez").run()
    assert not at.exception
    assert list(at.dataframe[0].value["id"]) == ["morenojimenez2019"]
    at.text_input[0].input("no such paper anywhere").run()
    assert any("No reference matches" in i.value for i in at.info)


def test_picking_a_reference_shows_its_citing_claims():
    at = _run("references")
    at.selectbox[0].set_value("vollenweider2010").run()
    assert not at.exception
    cites = next(d.value for d in at.dataframe if "quoted sentence" in d.value.columns)
    nodes, edges = BUNDLE.citing("vollenweider2010")
    assert edges
    for key in edges:
        e = BUNDLE.edges[key]
        assert f"{BUNDLE.nodes[e.source].label} → {BUNDLE.nodes[e.target].label}" in set(cites["claim"])
    quotes = {s.quote for k in edges for s in BUNDLE.edges[k].sources if s.ref == "vollenweider2010" and s.quote}
    assert quotes <= set(cites["quoted sentence"])
    at.selectbox[0].set_value("krystal2019").run()
    cites = next(d.value for d in at.dataframe if "quoted sentence" in d.value.columns)
    assert any("Peaks within 24 to 72 h" in c for c in cites["claim"])  # clinical facts too


def test_secondary_source_is_marked_with_its_note():
    at = _run("references")
    at.selectbox[0].set_value("red_pill_post").run()
    assert any("Secondary source" in w.value for w in at.warning)
    assert any("pharmacist" in _unescape(w.value) for w in at.warning)


def test_bibtex_download_contains_every_doi(monkeypatch):
    import streamlit as st

    captured: dict[str, bytes] = {}
    real = st.download_button

    def spy(label, data, *args, **kwargs):
        captured[kwargs.get("file_name") or label] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    at = _run("references")
    labels = [b.label for b in at.get("download_button")]
    assert any("BibTeX" in l for l in labels) and any("RIS" in l for l in labels)
    bib = captured["pathviz-references.bib"].decode("utf-8")
    ris = captured["pathviz-references.ris"].decode("utf-8")
    for ref in BUNDLE.references.values():
        assert f"{{{ref.id}," in bib
        assert f"ID  - {ref.id}" in ris
        if ref.doi:
            assert f"doi = {{{ref.doi}}}" in bib
            assert f"DO  - {ref.doi}" in ris
    # the same text is shown for copying
    assert any("@article{krystal2019," in c.value for c in at.code)


# ---------------------------------------------------------------- how to read


def test_howto_explains_every_evidence_type_and_convergence():
    at = _run("howto")
    text = " ".join(_unescape(m) for m in _markdown_texts(at))
    for ev in Evidence:
        assert ev.label in text, ev
    assert "convergent" in text
    assert "no arrowhead" in text and "associated with" in text
    for word in ("blue", "orange", "grey", "Ketamine", "Psilocybin", "details panel", "contested"):
        assert word in text, word
    # tiers from top to bottom
    from pathviz.render.style import TIER_TITLE

    positions = [text.index(f"**{title}**") for title in TIER_TITLE.values()]
    assert positions == sorted(positions)
    assert len(_figures(at)) == 2


# ---------------------------------------------------------------- hostile text


XSS = "<img src=x onerror=alert(1)>"
JS = "[click](javascript:alert(1))"
BAD = f"{XSS} {JS}"


def _hostile_files() -> list[tuple[str, str]]:
    def q(s: str) -> str:
        return json.dumps(s)  # a JSON string is a valid YAML scalar

    drug = f"""schema: pathviz/1
id: evil
title: {q("Evil " + BAD)}
drug: evil_drug
description: {q(BAD)}
nodes:
  - id: evil_drug
    label: {q("Drug " + BAD)}
    kind: drug
    tier: agent
    description: {q(BAD)}
    note: {q(BAD)}
  - id: target
    label: {q(BAD)}
    kind: receptor
    tier: target
    description: {q(BAD)}
edges:
  - source: evil_drug
    target: target
    relation: inhibits
    evidence: secondary
    status: contested
    note: {q(BAD)}
    sources:
      - ref: hostile
        text: a.txt
        quote: {q(BAD)}
        note: {q(BAD)}
clinical:
  - aspect: peak
    value: {q("peak " + BAD)}
    hours_min: 1
    hours_max: 5
    note: {q(BAD)}
    sources:
      - ref: hostile
        text: a.txt
        quote: {q(BAD)}
  - aspect: duration
    value: {q("lasts " + BAD)}
    sources:
      - ref: plain
references:
  - id: hostile
    type: secondary
    authors: [{q(BAD)}]
    title: {q("Title } { % " + BAD)}
    journal: {q(BAD)}
    url: "http://example.org/not-https"
    note: {q(BAD)}
  - id: plain
    type: article
    title: {q("Plain " + BAD)}
    doi: "10.1000/x(1)<img>"
    note: {q(BAD)}
"""
    other = f"""schema: pathviz/1
id: other
title: Other
drug: other_drug
nodes:
  - id: other_drug
    label: {q(JS)}
    kind: drug
    tier: agent
    description: {q(BAD)}
edges:
  - source: other_drug
    target: target
    relation: associated_with
    evidence: secondary
    status: hypothesis
    sources:
      - ref: plain
clinical:
  - aspect: onset
    value: {q(BAD)}
    sources:
      - ref: plain
"""
    return [("evil.yaml", drug), ("other.yaml", other)]


def test_hostile_bundle_is_valid_input():
    result = parse_pathways(_hostile_files())
    assert result.bundle is not None, [str(p) for p in result.problems]
    b = result.bundle
    assert safe_link(b.references["hostile"]) is None  # http:// is never linked
    link = safe_link(b.references["plain"])
    assert link.startswith("https://doi.org/") and not re.search(r"[()<>\[\] \"']", link)


@pytest.mark.parametrize("page", ["clinician", "references", "howto"])
def test_hostile_text_is_never_rendered_as_html_or_links(page):
    at = AppTest.from_function(_page_from_texts, args=(page, _hostile_files()), default_timeout=60)
    at.run()
    if page == "references":
        for rid in ("hostile", "plain"):
            at.selectbox[0].set_value(rid).run()
            _check_hostile(at, page)
    _check_hostile(at, page)


def _check_hostile(at: AppTest, page: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    texts = _markdown_texts(at)
    for t in texts:
        assert not re.search(r"(?<!\\)<img", t), t
        assert "javascript:" not in t, t
        assert not re.search(r"\]\((?!https://)", t), t  # the only links are https links
    # the hostile text did reach the page, escaped, and reads the same once unescaped
    if page != "howto":
        assert any(XSS in _unescape(t) for t in texts)
    for fig in _figures(at):
        for s in _strings(fig):
            assert "<img" not in s and "<a " not in s.lower(), s


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def test_escape_md_shows_text_literally():
    assert escape_md("a*b* _c_ `d` # e") == r"a\*b\* \_c\_ \`d\` \# e"
    assert escape_md("line\n# heading") == r"line \# heading"
    assert escape_md(":red[x] $x$") == r"\:red\[x\] \$x\$"
    assert _unescape(escape_md(BAD)) == BAD


def test_data_tables_show_every_cell_in_full_and_never_none():
    at = _run("data")
    tables = [t.value for t in at.table]
    assert len(tables) == 2  # nodes and references, both in full (st.table wraps, never cuts)
    text = " ".join(str(v) for t in tables for v in t.to_numpy().ravel())
    assert "None" not in text and "nan" not in text
    unescaped = _unescape(text)
    longest = max((n.description for n in BUNDLE.nodes.values()), key=len)
    assert longest in unescaped
    assert "no DOI or PubMed id" in unescaped or all(r.doi or r.pmid for r in BUNDLE.references.values())
