"""The bundled content says which drug (and region) each arrow's sentence speaks of, and whose words each quote is.

These tests read the data only. The reach rule (docs/content.md, "Drug context and meeting
points") is re-implemented here in a few lines, so that the content is checked against the
documented rule and not against whatever the analysis code does today.
"""

from __future__ import annotations

import re

import pytest

from pathviz.io.pathways import SourceTexts, collapse_ws, read_pathways
from pathviz.vocab import Evidence, ReferenceType

from .conftest import PATHWAYS

# words that name each bundled drug in a quote (its metabolites and the class names the texts use)
DRUG_WORDS = {
    "ketamine": re.compile(r"\b(es)?ketamine|\bHNK\b", re.IGNORECASE),
    "psilocybin": re.compile(r"\bpsilocybin|\bpsilocin|serotonergic psychedelics", re.IGNORECASE),
    "ssri": re.compile(r"\bSSRIs?\b|conventional antidepressant|traditional antidepressant", re.IGNORECASE),
}
FILE_NUMBER = re.compile(r"\b00[0-4]\b|\.txt")
REGION_WITHIN = {
    "pfc": "cortex",
    "cortex": "brain",
    "hippocampus": "limbic",
    "amygdala": "limbic",
    "limbic": "brain",
    "lateral_habenula": "brain",
    "hypothalamus": "brain",
}


@pytest.fixture(scope="module")
def bundle():
    return read_pathways(PATHWAYS)


def _edges_of(bundle, *pathway_ids):
    return [bundle.edges[k] for p in pathway_ids for k in bundle.pathways[p].edge_keys]


def _named(edge) -> set[str]:
    quotes = " ".join(s.quote for s in edge.sources if s.quote)
    return {d for d, pattern in DRUG_WORDS.items() if pattern.search(quotes)}


def _is_paper(ref) -> bool:
    return ref.type != ReferenceType.secondary and bool(ref.doi or ref.pmid or ref.pmcid)


# --------------------------------------------------------------------------- drug context


def test_every_one_drug_sentence_of_the_shared_files_is_scoped_or_explained(bundle):
    one_drug = [e for e in _edges_of(bundle, "shared", "ssri", "stress") if len(_named(e)) == 1]
    assert len(one_drug) >= 8  # TrkB, mTORC1, protein synthesis, atrophy reversal, the SSRI arrows, ...
    bad = []
    for e in one_drug:
        (drug,) = _named(e)
        if drug in e.drugs:
            continue
        if not e.drugs and e.note:  # general biology, with the note saying why
            continue
        bad.append((e.key, drug, sorted(e.drugs)))
    assert bad == []


def test_every_shared_and_ssri_arrow_whose_sentences_name_a_drug_has_a_decision(bundle):
    # not only one-drug sentences: an arrow whose quotes name any drug is scoped, or general with a note
    undecided = [
        e.key
        for e in _edges_of(bundle, "shared", "ssri")
        if _named(e) and not e.drugs and not e.note
    ]
    assert undecided == []


def test_ssri_arrows_are_scoped_to_ssris_in_the_hippocampus(bundle):
    # Gallenstein's article: "Conventional antidepressant treatment can increase BDNF levels, thereby
    # reversing hippocampal atrophy" -- said of SSRIs, not of BDNF in general
    for key in ("ssri__increases__bdnf", "bdnf__decreases__hippocampal_atrophy"):
        e = bundle.edges[key]
        assert e.context is not None and e.context.drug == ["ssri"], key
        assert e.regions == {"hippocampus"}, key
    assert all(e.drugs == {"ssri"} for e in _edges_of(bundle, "ssri"))


def test_trkb_mtorc1_and_protein_synthesis_are_ketamine_sentences(bundle):
    # the Blossom summary: "mechanisms that may lead to ketamine's antidepressant effects. These include
    # AMPA receptors, TrkB receptors, BDNF, and mTORC1" -- no text says it of psilocybin or SSRIs
    for key in (
        "bdnf__binds__trkb",
        "trkb__activates__mtorc1",
        "local_protein_synthesis__increases__synaptogenesis",
        "synaptogenesis__decreases__pfc_atrophy",
        "synaptogenesis__decreases__hippocampal_atrophy",
    ):
        e = bundle.edges[key]
        assert e.context is not None and e.context.drug == ["ketamine"], key
    pfc = bundle.edges["synaptogenesis__decreases__pfc_atrophy"]
    assert pfc.status.value == "hypothesis" and pfc.regions == {"pfc"}


def test_context_drugs_are_drug_nodes_and_regions_follow_the_texts(bundle):
    for e in bundle.edges.values():
        assert e.drugs <= {"ketamine", "psilocybin", "ssri"}, e.key
    # arrows between organs (hypothalamus -> pituitary -> adrenal) carry no region: a region on
    # them would cut the HPA chain the text tells
    for key in ("chronic_stress__increases__crh", "crh__increases__acth", "acth__increases__cortisol"):
        assert not bundle.edges[key].regions, key


# --------------------------------------------------------------------------- reach under the rule


def _within(inner: str, outer: str) -> bool:
    r: str | None = inner
    while r is not None:
        if r == outer:
            return True
        r = REGION_WITHIN.get(r)
    return False


def _stated(bundle, drug: str) -> set[str]:
    """Nodes a drug reaches through arrows in its own or no drug's context, never jumping regions."""
    out_edges: dict[str, list] = {}
    for e in bundle.edges.values():
        if e.relation.value != "associated_with":
            out_edges.setdefault(e.source, []).append(e)
    start = (drug, None)
    seen, stack = {start}, [start]
    while stack:
        node, current = stack.pop()
        for e in out_edges.get(node, ()):
            if not e.holds_for(drug):
                continue
            regions = e.regions
            if regions and current is not None:
                pairs = [(x, y) for x in regions for y in current if _within(x, y) or _within(y, x)]
                if not pairs:
                    continue
                nxt = frozenset(x if _within(x, y) else y for x, y in pairs)
            else:
                nxt = frozenset(regions) if regions else current
            state = (e.target, nxt)
            if state not in seen:
                seen.add(state)
                stack.append(state)
    return {n for n, _ in seen} - {drug}


def _loose(bundle, drug: str) -> set[str]:
    out, stack = set(), [drug]
    while stack:
        u = stack.pop()
        for e in bundle.edges.values():
            if e.source == u and e.relation.value != "associated_with" and e.target not in out:
                out.add(e.target)
                stack.append(e.target)
    return out


def test_meeting_points_stated_and_inferred(bundle):
    k, p, s = (_stated(bundle, d) for d in ("ketamine", "psilocybin", "ssri"))
    # stated for both drugs of the pair, each by its own (or general) sentences
    assert {"glutamate_surge", "ampa_receptor", "bdnf", "synaptogenesis", "antidepressant_effect",
            "pfc_limbic_regulation", "neuroplasticity_genes", "adult_neurogenesis"} <= k & p
    assert {"bdnf", "adult_neurogenesis", "antidepressant_effect"} <= k & s
    assert {"bdnf", "adult_neurogenesis", "antidepressant_effect"} <= p & s
    # only ketamine's sentences reach these: psilocybin and SSRIs get there by inference only
    ketamine_only = {"trkb", "mtorc1", "local_protein_synthesis", "pfc_atrophy"}
    assert ketamine_only <= k
    assert not ketamine_only & (p | s)
    assert ketamine_only <= _loose(bundle, "psilocybin") & _loose(bundle, "ssri")
    # hippocampal atrophy: SSRIs by their own sentence, ketamine by its contested one, psilocybin never
    assert "hippocampal_atrophy" in s and "hippocampal_atrophy" in k
    assert "hippocampal_atrophy" not in p and "hippocampal_atrophy" in _loose(bundle, "psilocybin")


def test_ketamine_prefrontal_route_does_not_reverse_hippocampal_atrophy_by_itself(bundle):
    # the post: "This BDNF activation seems to only happen in prefrontal cortex regions, not hippocampus":
    # the PFC route (glutamate surge, AMPA, BDNF) may not continue through a hippocampus arrow
    e = bundle.edges["synaptogenesis__decreases__hippocampal_atrophy"]
    assert e.regions == {"hippocampus"}
    assert bundle.edges["glutamate_surge__activates__ampa_receptor"].regions == {"pfc"}
    assert e.status.value == "contested"


def test_no_ssri_route_reaches_anything_called_rapid(bundle):
    # contexts ignored: not even an inferred SSRI route may end at a label, synonym or description saying rapid
    reached = _loose(bundle, "ssri") | {"ssri"}
    rapid = [
        n
        for n in reached
        for text in [bundle.nodes[n].label, bundle.nodes[n].description, *bundle.nodes[n].synonyms]
        if "rapid" in text.lower()
    ]
    assert rapid == []
    assert "antidepressant_effect" in reached


# --------------------------------------------------------------------------- evidence and words


def test_study_type_evidence_has_a_paper_behind_it(bundle):
    lacking = [
        e.key
        for e in bundle.edges.values()
        if e.evidence not in (Evidence.secondary, Evidence.review, Evidence.database)
        and not any(_is_paper(bundle.references[s.ref]) for s in e.sources)
    ]
    assert lacking == []


def test_no_source_file_numbers_in_what_readers_see(bundle):
    found = []

    def check(where, text):
        if text and FILE_NUMBER.search(text):
            found.append(f"{where}: {text[:80]}")

    for n in bundle.nodes.values():
        check(f"node {n.id} label", n.label)
        check(f"node {n.id} description", n.description)
        for syn in n.synonyms:
            check(f"node {n.id} synonym", syn)
    for p in bundle.pathways.values():
        check(f"pathway {p.id} title", p.title)
        check(f"pathway {p.id} description", p.description)
        for f in p.clinical:
            check(f"clinical {p.id}/{f.aspect.value}", f.value)
    for r in bundle.references.values():
        check(f"reference {r.id} title", r.title)
        check(f"reference {r.id} name", r.name)
    for e in bundle.edges.values():
        if e.context:
            check(f"edge {e.key} condition", e.context.condition)
    assert found == []


def test_every_source_article_knows_its_text_files_and_name(bundle):
    secondary = [r for r in bundle.references.values() if r.type == ReferenceType.secondary]
    assert {r.id for r in secondary} == {"gallenstein_article", "flowstate_summary", "blossom_krystal_summary", "red_pill_post"}
    for r in secondary:
        assert r.texts and r.name, r.id
    assert set(bundle.references["gallenstein_article"].texts) == {"000_5ae827d6f912d895.txt", "001_1e33c4c0aba75af3.txt"}
    # a paper's name under a quote from an article reads "Gallenstein's article writes, citing …"
    v = next(
        s
        for e in bundle.edges.values()
        for s in e.sources
        if s.ref == "vollenweider2010" and s.quote
    )
    assert bundle.quoted_from(v) == "gallenstein_article"


def test_explicit_quoted_from_only_where_the_default_is_wrong(bundle):
    explicit = []
    for holder in [*bundle.nodes.values(), *bundle.edges.values(), *(f for p in bundle.pathways.values() for f in p.clinical)]:
        for s in holder.sources:
            if s.quoted_from:
                explicit.append(s)
                assert s.quoted_from != bundle.text_owners.get(s.text), s.quote
                assert s.quoted_from == s.ref  # only a paper's own words (its title) are set by hand
    assert explicit  # the trial titles and Freeman et al.'s title


def test_krystal_is_cited_only_for_the_block_the_summary_gives_as_the_authors(bundle, sources_dir):
    # the Blossom summary: "The authors summarize this as follows:" ... up to "The paper also ponders";
    # everything else on that page is the summary writer's own wording and cites the summary
    body = SourceTexts(sources_dir).get("003_69bf9e47f92a1f2b.txt")
    start = body.index(collapse_ws("The authors summarize this as follows:"))
    end = body.index(collapse_ws("The paper also ponders"))
    block = body[start:end]
    cited = [
        s
        for holder in [*bundle.nodes.values(), *bundle.edges.values(), *(f for p in bundle.pathways.values() for f in p.clinical)]
        for s in holder.sources
        if s.ref == "krystal2019" and s.quote
    ]
    assert cited
    assert [s.quote[:50] for s in cited if collapse_ws(s.quote) not in block] == []
