"""Evidence says what kind of study, status how settled: the hedge rule, core edges and the review rule."""

from __future__ import annotations

import pytest

from pathviz.io.pathways import parse_pathways
from pathviz.vocab import Evidence, hedges

SOURCE = (
    "Ketamine blocks the receptor in the cortex. "
    "This block is thought to produce the effect, and it may explain more. "
    "The receptor is found in every neuron.\n"
)

FILE = """schema: pathviz/1
id: t
title: T
nodes:
  - {{id: a, label: A, kind: receptor, tier: target, description: A receptor node for the test.}}
  - {{id: b, label: B, kind: outcome, tier: clinical, description: An outcome node for the test.}}
edges:
  - source: a
    target: b
    relation: leads_to
    evidence: {evidence}
    status: {status}
    sources:
      - ref: {ref}
        text: s.txt
        quote: {quote}
{extra}references:
  - id: paper
    type: review
    title: A review
    doi: 10.1000/xyz
  - id: blog
    type: secondary
    title: A blog post
"""

HEDGED = "This block is thought to produce the effect, and it may explain more."
PLAIN = "Ketamine blocks the receptor in the cortex."


@pytest.fixture()
def sources(tmp_path):
    (tmp_path / "s.txt").write_text(SOURCE, "utf-8")
    return tmp_path


def _load(sources, *, quote=HEDGED, status="established", evidence="secondary", ref="blog", extra=""):
    text = FILE.format(quote=quote, status=status, evidence=evidence, ref=ref, extra=extra)
    return parse_pathways([("t.yaml", text)], xref_check=False, sources_dir=sources)


def test_hedge_words_are_found_as_words():
    assert hedges("This surge is thought to shift the balance") == ["is thought to"]
    assert hedges("Studies hint that it MAY help; one hypothesis proposes more") == ["may", "one hypothesis", "proposes"]
    assert hedges("Ketamine blocks NMDA receptors in the PFC") == []
    assert hedges("The mayor could not say") == ["could"]  # 'mayor' is not 'may'


def test_established_edge_resting_only_on_hedged_sentences_warns_at_its_status(sources):
    result = _load(sources)
    assert result.bundle is not None
    (w,) = [p for p in result.warnings if "hedged" in p.message]
    assert w.yaml_path == ("edges", 0, "status")
    assert w.line == 12  # the 'status:' line of the edge
    assert "'is thought to'" in w.message and "'may'" in w.message
    assert "set status: hypothesis" in w.message


def test_a_note_saying_why_silences_the_hedge_warning(sources):
    result = _load(sources, extra="    note: The sentence hedges the mechanism, not the effect.\n")
    assert not [p for p in result.warnings if "hedged" in p.message]


@pytest.mark.parametrize(("status", "quote"), [("hypothesis", HEDGED), ("established", PLAIN)])
def test_no_hedge_warning_for_hypotheses_or_plain_sentences(sources, status, quote):
    result = _load(sources, status=status, quote=quote)
    assert result.bundle is not None
    assert not [p for p in result.warnings if "hedged" in p.message]


def test_hedge_rule_runs_with_the_source_texts_only():
    text = FILE.format(quote=HEDGED, status="established", evidence="secondary", ref="blog", extra="")
    result = parse_pathways([("t.yaml", text)], xref_check=False)
    assert result.bundle is not None
    assert not [p for p in result.warnings if "hedged" in p.message]


def test_review_evidence_needs_a_peer_reviewed_reference(sources):
    bad = _load(sources, evidence="review", ref="blog", quote=PLAIN)
    assert bad.bundle is None
    (e,) = bad.errors
    assert e.yaml_path == ("edges", 0, "evidence") and "secondary" in e.message
    good = _load(sources, evidence="review", ref="paper", quote=PLAIN)
    assert good.errors == [] and good.bundle.edges["a__leads_to__b"].evidence == Evidence.review


def test_old_hypothesis_evidence_gets_a_located_message_naming_the_new_values(sources):
    result = _load(sources, evidence="hypothesis", status="hypothesis")
    assert result.bundle is None
    (e,) = result.errors
    assert e.yaml_path == ("edges", 0, "evidence") and (e.line, e.col) == (11, 15)
    assert e.format().endswith(
        "edges[0].evidence: 'hypothesis' is no longer an evidence type; set status: hypothesis "
        "and evidence to the kind of study (e.g. secondary)"
    )


def test_core_edge_must_join_core_nodes(sources):
    loose = _load(sources, quote=PLAIN, extra="    core: true\n")
    assert loose.bundle is None
    assert any(p.yaml_path == ("edges", 0, "core") and "'a' and 'b' are not marked core" in p.message for p in loose.errors)
    text = FILE.format(quote=PLAIN, status="established", evidence="secondary", ref="blog", extra="    core: true\n")
    text = text.replace("description: A receptor node for the test.}", "description: A receptor node for the test., core: true}")
    text = text.replace("description: An outcome node for the test.}", "description: An outcome node for the test., core: true}")
    ok = parse_pathways([("t.yaml", text)], xref_check=False, sources_dir=sources)
    assert ok.errors == [] and ok.bundle.edges["a__leads_to__b"].core and ok.bundle.nodes["a"].core


def test_the_same_reference_and_quote_twice_on_one_item_warns(sources):
    extra = "      - ref: blog\n        text: s.txt\n        quote: '  " + PLAIN + "'\n"
    text = FILE.format(quote=PLAIN, status="established", evidence="secondary", ref="blog", extra="")
    text = text.replace("        quote: " + PLAIN + "\n", "        quote: " + PLAIN + "\n" + extra)
    result = parse_pathways([("t.yaml", text)], xref_check=False, sources_dir=sources)
    (w,) = [p for p in result.warnings if "cited twice" in p.message]
    assert w.yaml_path == ("edges", 0, "sources", 1, "ref")
