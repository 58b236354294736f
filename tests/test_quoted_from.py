"""Whose words a quote is: every output names the text a quote is copied from and the paper it cites.

A quote is in the words of the text it was copied from (an article, a clinic's summary, a blog),
which may cite a paper for it. ``render/text.py`` holds the one wording:

    Gallenstein's article writes, citing Vollenweider & Kometer 2010 (doi:…): “…”
    Gallenstein's article: “…”                     (the article cited for its own sentence)

and no output a person reads names a source file ("001_….txt") or its number ("001").
The small bundle below is built here, so these tests do not depend on the bundled content;
the last tests read the bundled pathways.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from pathviz.cli import main as cli_main
from pathviz.exports.cytoscape import to_cytoscape_data
from pathviz.exports.deck import to_deck
from pathviz.exports.graphml import to_graphml
from pathviz.exports.sbgn import to_sbgn
from pathviz.exports.tables import EDGE_COLUMNS, to_edges_csv, to_nodes_csv
from pathviz.io.pathways import parse_pathways, read_pathways
from pathviz.render import text as cite
from pathviz.render.clinical import timing_rows
from pathviz.render.details import details_data
from pathviz.render.handout import comparison_html, handout_html, sources_table_html
from pathviz.ui.pages.references import quoted_in
from pathviz.ui.text import cite_md
from pathviz.view import SLIDE, ViewState, build_view

from .conftest import PATHWAYS

ARTICLE_FULL = "001_1e33c4c0aba75af3.txt"  # the article with its reference list: Gallenstein's words
ARTICLE_BODY = "000_5ae827d6f912d895.txt"
SUMMARY = "002_ee4c6c1129d9f66e.txt"  # a clinic's summary
LOOSE = "009_0a0b0c0d0e0f0a0b.txt"  # a text no reference lists: its writer is given by quoted_from

NMDA_QUOTE = "Ketamine blocks NDMA receptors on GABA interneurons."  # the article's own typo
OWN_QUOTE = "The surge of glutamate is the common thread."
SUMMARY_QUOTE = "Psilocybin raises glutamate release in the cortex."
ONSET_QUOTE = "Relief begins within hours of a single infusion."

PAPER = "Vollenweider & Kometer 2010"
ARTICLE = "Gallenstein's article"
CLINIC = "the clinic's summary"

DRUG_A = f"""schema: pathviz/1
id: keta
title: Keta — test cascade
drug: keta
nodes:
  - id: keta
    label: Keta
    kind: drug
    tier: agent
    description: A test drug.
  - id: nmda
    label: NMDA receptor
    kind: receptor
    tier: target
    description: A receptor.
  - id: glu
    label: Glutamate
    kind: transmitter
    tier: transmission
    description: A transmitter.
edges:
  - source: keta
    target: nmda
    relation: inhibits
    evidence: review
    status: established
    sources:
      - ref: vollenweider2010
        text: {ARTICLE_FULL}
        quote: "{NMDA_QUOTE}"
  - source: nmda
    target: glu
    relation: increases
    evidence: secondary
    status: established
    sources:
      - ref: gallenstein_article
        text: {ARTICLE_BODY}
        quote: "{OWN_QUOTE}"
clinical:
  - aspect: onset
    value: Within hours
    hours_max: 24
    sources:
      - ref: vollenweider2010
        text: {ARTICLE_FULL}
        quote: "{ONSET_QUOTE}"
"""

DRUG_B = f"""schema: pathviz/1
id: psi
title: Psi — test cascade
drug: psi
nodes:
  - id: psi
    label: Psi
    kind: drug
    tier: agent
    description: Another test drug.
edges:
  - source: psi
    target: glu
    relation: increases
    evidence: review
    status: established
    sources:
      - ref: vollenweider2010
        text: {SUMMARY}
        quote: "{SUMMARY_QUOTE}"
      - ref: vollenweider2010
        text: {LOOSE}
        quote: "{SUMMARY_QUOTE}"
        quoted_from: clinic_summary
references:
  - id: vollenweider2010
    type: review
    authors: [Vollenweider FX, Kometer M]
    year: 2010
    title: "The neurobiology of psychedelic drugs: implications for the treatment of mood disorders"
    journal: Nat Rev Neurosci
    doi: 10.1038/nrn2884
  - id: gallenstein_article
    type: secondary
    authors: [Gallenstein M]
    title: "Same But Different: Antidepressant Mechanisms of Psilocybin and Ketamine"
    name: "{ARTICLE}"
    texts: [{ARTICLE_BODY}, {ARTICLE_FULL}]
  - id: clinic_summary
    type: secondary
    title: "A clinic's summary of a review"
    name: "{CLINIC}"
    texts: [{SUMMARY}]
"""

FILES = [("keta.yaml", DRUG_A), ("psi.yaml", DRUG_B)]
STEMS = ("000_5ae827d6f912d895", "001_1e33c4c0aba75af3", "002_ee4c6c1129d9f66e", "009_0a0b0c0d0e0f0a0b")


def no_file_words(text: str) -> None:
    """No source file name, stem or bare file number ('001', '(003)') in text a person reads."""
    assert ".txt" not in text
    for stem in STEMS:
        assert stem not in text
    found = re.search(r"(?<![\w#./-])0\d\d(?![\w-])", text)  # not inside a DOI, colour or decimal
    assert found is None, text[max(0, found.start() - 60) : found.end() + 60]


@pytest.fixture(scope="module")
def bundle():
    result = parse_pathways(FILES, xref_check=False)
    assert result.bundle is not None, [p.format() for p in result.problems]
    return result.bundle


@pytest.fixture(scope="module")
def view(bundle):
    return build_view(bundle, ViewState("keta", "psi"), SLIDE)


def _edge(bundle, source, target):
    return next(e for e in bundle.edges.values() if (e.source, e.target) == (source, target))


# ---------------------------------------------------------------- the wording


def test_the_one_wording(view, bundle):
    secondhand, own = view.citations(_edge(bundle, "keta", "nmda"))[0], view.citations(_edge(bundle, "nmda", "glu"))[0]
    assert secondhand.secondhand and not own.secondhand
    assert cite.cite_text(secondhand) == f"{ARTICLE} writes, citing {PAPER} (doi:10.1038/nrn2884): “{NMDA_QUOTE}”"
    assert cite.cite_text(secondhand, ids=False, quote=False) == f"{ARTICLE}, citing {PAPER}"
    assert cite.cite_text(own) == f"{ARTICLE}: “{OWN_QUOTE}”"
    # numbered (deck notes): each text gets its own number
    order: list[str] = []
    number = lambda r: (order.append(r) if r not in order else None) or order.index(r) + 1
    assert cite.cite_text(secondhand, number=number).startswith(f"[1] {ARTICLE} writes, citing [2] {PAPER}")
    assert cite.cite_numbers(secondhand, number) == "1 citing 2"
    # HTML: escaped, the paper linked; Markdown: escaped, the paper linked
    h = cite.cite_html(secondhand)
    assert h.startswith("Gallenstein&#x27;s article writes, citing <a href=\"https://doi.org/10.1038/nrn2884\"")
    assert html.unescape(re.sub(r"<[^>]+>", "", h)) == cite.cite_text(secondhand)
    m = cite_md(secondhand)
    assert m.startswith("Gallenstein\\'s article writes\\, citing [Vollenweider \\& Kometer 2010](https://doi.org/10.1038/nrn2884)")
    # the wording lives in render/text.py only: the view's Citation carries data, no wording of its own
    assert not hasattr(secondhand, "one_line")


def test_short_citations_keep_their_case():
    from pathviz.view import Citation

    own = Citation("salle", "de la Salle et al. 2022", None, None, None, "a.txt", "q", None, "salle", "de la Salle et al. 2022")
    assert cite.cite_text(own) == "de la Salle et al. 2022: “q”"
    other = Citation("salle", "de la Salle et al. 2022", None, None, None, "a.txt", "q", None, "blog", "the blog")
    assert cite.cite_text(other) == "The blog writes, citing de la Salle et al. 2022: “q”"


def test_explicit_quoted_from_and_a_text_without_owner(view, bundle):
    a, b = view.citations(_edge(bundle, "psi", "glu"))
    assert (a.quoted_from, b.quoted_from) == ("clinic_summary", "clinic_summary")  # derived / explicit
    # a name that starts the line starts with a capital; inside a sentence it keeps its case
    assert cite.cite_text(a, ids=False) == cite.cite_text(b, ids=False) == f"The clinic's summary writes, citing {PAPER}: “{SUMMARY_QUOTE}”"
    assert cite.cite_text(a, ids=False, quote=False, capital=False) == f"{CLINIC}, citing {PAPER}"
    assert cite.text_name(bundle, SUMMARY) == CLINIC and cite.text_name(bundle, LOOSE) is None


def test_citation_of_matches_the_view(view, bundle):
    for e in bundle.edges.values():
        for s, c in zip(e.sources, view.citations(e)):
            assert cite.citation_of(bundle, s) == c


# ---------------------------------------------------------------- every output


def test_details_data(view):
    data = details_data(view)
    src = next(s for e in data["edges"].values() for s in e["sources"] if s["quote"] == NMDA_QUOTE)
    assert src["lead"] == f"{ARTICLE} writes, citing "
    assert src["cite"][0]["text"] == PAPER and src["cite"][1]["href"] == "https://doi.org/10.1038/nrn2884"
    assert src["words"].startswith(f"{ARTICLE} writes, citing {PAPER}")
    own = next(s for e in data["edges"].values() for s in e["sources"] if s["quote"] == OWN_QUOTE)
    assert own["lead"] == "" and own["cite"][0]["text"] == ARTICLE and own["words"] == f"{ARTICLE}: “{OWN_QUOTE}”"
    no_file_words(json.dumps(data, ensure_ascii=False))


def test_details_js_shows_the_lead():
    js = (Path(cite.__file__).parent / "assets" / "details.js").read_text("utf-8")
    assert "if (s.lead) div.appendChild(doc.createTextNode(s.lead));" in js


def test_edges_csv(view):
    text = to_edges_csv(view)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert list(rows[0]) == EDGE_COLUMNS and "quoted_from" in EDGE_COLUMNS and "text_file" in EDGE_COLUMNS
    row = next(r for r in rows if r["quote"] == NMDA_QUOTE)
    assert (row["quoted_from"], row["citation"], row["ref"]) == (ARTICLE, PAPER, "vollenweider2010")
    assert row["text_file"] == ARTICLE  # the text by its name
    own = next(r for r in rows if r["quote"] == OWN_QUOTE)
    assert (own["quoted_from"], own["citation"]) == (ARTICLE, "Gallenstein")  # the article's short citation
    loose = [r for r in rows if r["quote"] == SUMMARY_QUOTE]
    assert [r["quoted_from"] for r in loose] == [CLINIC, CLINIC] and [r["text_file"] for r in loose] == [CLINIC, ""]
    no_file_words(text)
    no_file_words(to_nodes_csv(view))


def _notes(view) -> str:
    prs = Presentation(io.BytesIO(to_deck(view)))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    return "\n".join(notes)


def test_deck_notes(view):
    notes = _notes(view)
    # short form in the notes; the DOI is on the references slide
    m = re.search(rf"\[(\d+)\] {re.escape(ARTICLE)} writes, citing \[(\d+)\] {re.escape(PAPER)}: “{re.escape(NMDA_QUOTE)}”", notes)
    assert m, notes
    assert re.search(rf"\[\d+\] {re.escape(ARTICLE)}: “{re.escape(OWN_QUOTE)}”", notes)
    # the article is on the references slide under the number the notes give it
    prs = Presentation(io.BytesIO(to_deck(view)))
    slide = "\n".join(s.text_frame.text for s in list(prs.slides)[-1].shapes if s.has_text_frame)
    refs = [line for line in slide.splitlines() if line.startswith(f"{m.group(1)}. ")][-1]
    assert "Same But Different" in refs and "doi:10.1038/nrn2884" in slide
    no_file_words(notes)


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_clinician_comparison_and_sources_table(bundle):
    pathway = bundle.pathways["keta"]
    page = comparison_html(bundle, [pathway])
    plain = _plain(page)
    assert f"{ARTICLE} writes, citing {PAPER}: “{ONSET_QUOTE}”" in plain  # the quoted sentence
    assert f"({ARTICLE}, citing {PAPER})" in plain  # the citation after the fact
    table = sources_table_html(bundle, pathway)
    assert f"{ARTICLE}, citing {PAPER}" in _plain(table)
    no_file_words(page)
    no_file_words(table)
    rows = timing_rows(bundle, [pathway])
    assert [t.citation for t in rows] == [f"{ARTICLE}, citing {PAPER}"]


def test_handout_numbers_the_article_too(bundle):
    page = handout_html(bundle, [bundle.pathways["keta"]], svg="<svg></svg>")
    plain = _plain(page)
    m = re.search(r"\[(\d+) citing (\d+)\]", plain)
    assert m, plain
    assert f"“{m.group(1)} citing {m.group(2)}”: in the words of source {m.group(1)}, which cites {m.group(2)} for it" in plain
    refs = re.findall(r"<li>(.*?)</li>", page.split('<ol class="pv-refs">')[1])
    assert "Same But Different" in _plain(refs[int(m.group(1)) - 1])
    assert "neurobiology of psychedelic drugs" in _plain(refs[int(m.group(2)) - 1])
    no_file_words(page)


def test_explain_text_and_json(bundle, tmp_path, capsys):
    for name, content in FILES:
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert cli_main(["explain", "glu", "--pathways", "keta,psi", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"- {ARTICLE} writes, citing {PAPER} (doi:10.1038/nrn2884): “{NMDA_QUOTE}”" in out
    assert f"- {ARTICLE}: “{OWN_QUOTE}”" in out
    assert f"- The clinic's summary writes, citing {PAPER}" in out
    no_file_words(out)
    assert cli_main(["explain", "glu", "--pathways", "keta,psi", "--data", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    refs = [r for route in data["routes"].values() for st in route["steps"] for r in st["refs"]]
    first = next(r for r in refs if r.get("quote") == NMDA_QUOTE)
    assert first["writer"] == ARTICLE and first["quoted_from"] == "gallenstein_article" and first["short"] == PAPER
    assert first["citation"].startswith(f"{ARTICLE} writes, citing {PAPER}")


def test_interchange_formats(view):
    g = to_graphml(view)
    assert f"{ARTICLE} writes, citing {PAPER}" in html.unescape(g)
    sbgn = to_sbgn(view)
    assert f"Source: {ARTICLE} writes, citing {PAPER}" in html.unescape(sbgn)
    no_file_words(html.unescape(sbgn))
    cy = to_cytoscape_data(view)
    sources = [s for el in cy["elements"]["edges"] for s in el["data"]["sources"]]
    first = next(s for s in sources if s["quote"] == NMDA_QUOTE)
    assert (first["quoted_from"], first["writer"], first["ref"]) == ("gallenstein_article", ARTICLE, "vollenweider2010")


def _references_page(files: list, pick: str) -> None:
    import streamlit as st

    from pathviz.io.pathways import parse_pathways
    from pathviz.ui.pages import references

    result = parse_pathways([tuple(f) for f in files], xref_check=False)
    assert result.bundle is not None
    st.session_state["refs_pick"] = pick
    references.render(result.bundle)


def test_references_page_names_the_writer(bundle):
    assert [c.source.quote for c in quoted_in(bundle, "gallenstein_article")] == [NMDA_QUOTE, ONSET_QUOTE]
    at = AppTest.from_function(_references_page, args=(FILES, "vollenweider2010"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if "quoted sentence" in d.value.columns)
    assert "source text" not in table.columns
    words = dict(zip(table["quoted sentence"], table["in the words of"]))
    assert words[NMDA_QUOTE] == ARTICLE and words[SUMMARY_QUOTE] == CLINIC
    no_file_words(table.to_csv())

    at = AppTest.from_function(_references_page, args=(FILES, "gallenstein_article"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("in its words that cite other papers" in e.label for e in at.expander)
    quoted = next(d.value for d in at.dataframe if "quoted as" in d.value.columns)
    assert f"{ARTICLE} writes, citing {PAPER}: “{NMDA_QUOTE}”" in set(quoted["quoted as"])


# ---------------------------------------------------------------- the bundled pathways


@pytest.fixture(scope="module")
def shipped():
    return read_pathways(PATHWAYS)


def test_bundled_gallenstein_quote_citing_vollenweider_says_so(shipped):
    """Once references.yaml says which texts are Gallenstein's article, its sentences citing
    Vollenweider & Kometer 2010 are printed as the article's words."""
    view = build_view(shipped, ViewState("ketamine", "psilocybin"), SLIDE)
    lines = [
        cite.cite_text(view.citation(s))
        for e in shipped.edges.values()
        for s in e.sources
        if s.ref == "vollenweider2010" and s.quote and s.text in (ARTICLE_BODY, ARTICLE_FULL)
    ]
    assert lines, "no quote from Gallenstein's article cites Vollenweider & Kometer 2010"
    writer = shipped.references["gallenstein_article"].writer
    assert "Gallenstein" in writer and writer != shipped.references["gallenstein_article"].short
    for line in lines:
        assert line.startswith(f"{writer} writes, citing Vollenweider & Kometer 2010"), line


def test_bundled_citations_name_no_source_file(shipped):
    view = build_view(shipped, ViewState("ketamine", "psilocybin"), SLIDE)
    sources = [s for e in details_data(view)["edges"].values() for s in e["sources"]]
    no_file_words(json.dumps([{k: v for k, v in s.items() if k != "note"} for s in sources], ensure_ascii=False))
    rows = list(csv.DictReader(io.StringIO(to_edges_csv(view).lstrip("\ufeff"), newline="")))
    no_file_words(" ".join(r["text_file"] + " " + r["quoted_from"] + " " + r["citation"] for r in rows))
    for p in shipped.drugs:
        for f in p.clinical:
            for s in f.sources:
                no_file_words(cite.cite_text(cite.citation_of(shipped, s)))
    no_file_words(_plain(handout_html(shipped, shipped.drugs, svg="<svg></svg>")))


def test_bundled_notes_name_no_source_file(shipped):
    """Notes are shown in the details panel and on the clinician page: they name a text, not its file number."""
    notes = [n.note for n in shipped.nodes.values()] + [e.note for e in shipped.edges.values()]
    notes += [s.note for item in [*shipped.nodes.values(), *shipped.edges.values()] for s in item.sources]
    notes += [x for p in shipped.pathways.values() for f in p.clinical for x in [f.note, *(s.note for s in f.sources)]]
    notes += [r.note for r in shipped.references.values()]  # the references page shows them
    bad = [n for n in notes if n and re.search(r"(?<![\w#./-])0\d\d(?![\w-])|\.txt\b", n)]
    assert bad == []
