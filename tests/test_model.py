"""The data model: frozen, strict, and with the checks a curator relies on."""

from __future__ import annotations

import pydantic
import pytest

from pathviz.io.xrefs import check_curie, curie_link
from pathviz.model import Edge, Node, Reference, Source
from pathviz.vocab import Evidence, Relation, Tier


def _node(**kw):
    base = dict(id="bdnf", label="BDNF", kind="growth_factor", tier="signalling", description="x")
    base.update(kw)
    return Node.model_validate(base)


def test_models_are_frozen():
    n = _node()
    with pytest.raises(pydantic.ValidationError):
        n.label = "other"  # type: ignore[misc]


@pytest.mark.parametrize("field", ["colour", "Label"])
def test_unknown_fields_are_rejected(field):
    with pytest.raises(pydantic.ValidationError):
        _node(**{field: "x"})


def test_edge_needs_a_source():
    with pytest.raises(pydantic.ValidationError):
        Edge.model_validate(
            dict(source="a", target="b", relation="activates", evidence="human", status="established", sources=[])
        )


def test_edge_key_defaults_to_ends_and_relation():
    e = Edge.model_validate(
        dict(source="a", target="b", relation="inhibits", evidence="animal", status="contested", sources=[{"ref": "r"}])
    )
    assert e.key == "a__inhibits__b"
    assert e.relation.sign == -1 and Relation.activates.sign == 1 and Relation.binds.sign == 0


@pytest.mark.parametrize("doi", ["10.1038/nrn2884", "10.1176/appi.ajp.2019.19010035", "10.1016/S0006-3223(98)00068-4"])
def test_real_dois_are_accepted(doi):
    assert Reference(id="r", title="t", doi=doi).link == f"https://doi.org/{doi}"


@pytest.mark.parametrize("doi", ["doi:10.1038/nrn2884", "https://doi.org/10.1038/x", "10.12/x", "10.1038/has space"])
def test_malformed_dois_are_rejected(doi):
    with pytest.raises(pydantic.ValidationError):
        Reference(id="r", title="t", doi=doi)


def test_pmid_written_as_number_is_kept_as_text():
    assert Reference.model_validate({"id": "r", "title": "t", "pmid": 30844397}).pmid == "30844397"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.org/a", "data:text/html,hi", "https://x.org/a b"])
def test_only_http_links(url):
    with pytest.raises(pydantic.ValidationError):
        Reference(id="r", title="t", url=url)


def test_reference_link_prefers_doi_then_pubmed():
    assert Reference(id="r", title="t", pmid="9593104").link == "https://pubmed.ncbi.nlm.nih.gov/9593104/"
    assert Reference(id="r", title="t", url="https://example.org/x").link == "https://example.org/x"


def test_short_citation():
    r = Reference(id="r", title="t", year=2019, authors=["Krystal JH", "Abdallah CG", "Sanacora G"])
    assert r.short == "Krystal et al. 2019"
    assert Reference(id="r", title="t", year=2010, authors=["Vollenweider FX", "Kometer M"]).short == "Vollenweider & Kometer 2010"


def test_quote_requires_text():
    with pytest.raises(pydantic.ValidationError):
        Source(ref="r", quote="said")


def test_curies_checked_and_linked_by_registry():
    assert check_curie("hgnc:1033") is None
    assert check_curie("HGNC:1033") is None  # prefix synonyms are accepted
    assert "not a valid hgnc identifier" in check_curie("hgnc:BDNF")
    assert "unknown identifier prefix" in check_curie("nosuchdb:1")
    assert curie_link("hgnc:1033") == "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/1033"
    assert curie_link("uniprot:P23560").startswith("http")
    assert curie_link("CHEBI:6121") is not None
    assert curie_link("nosuchdb:1") is None


def test_vocab_order_and_labels():
    assert [t.value for t in Tier][0] == "agent" and Tier.clinical.rank == len(Tier) - 1
    assert Evidence.in_vitro.label == "in vitro"


def test_short_citations_read_like_a_paper_list():
    de_la_salle = Reference(id="d", title="t", year=2022, authors=["de la Salle S", "Phillips JL", "Blier P"])
    assert de_la_salle.short == "de la Salle et al. 2022"
    zarate = Reference(id="z", title="t", year=2019, authors=["Zarate CA Jr"])
    assert zarate.short == "Zarate 2019"
    untitled = Reference(id="p", title="The Psychedelic Red Pill- Introduction, Ketamine's Mechanisms")
    assert untitled.short.endswith("…") and len(untitled.short) <= 36


def test_bundle_disambiguates_identical_short_citations():
    from pathviz.io.pathways import parse_pathways

    text = (
        "schema: pathviz/1\nreferences:\n"
        "  - {id: nugent2019a, title: A, year: 2019, authors: [Nugent AC, Ballard ED, Gould TD]}\n"
        "  - {id: nugent2019b, title: B, year: 2019, authors: [Nugent AC, Wills KE, Gilbert JR]}\n"
    )
    bundle = parse_pathways([("r.yaml", text)]).bundle
    assert bundle.short("nugent2019a") == "Nugent et al. 2019a"
    assert bundle.short("nugent2019b") == "Nugent et al. 2019b"


def test_core_defaults_to_detail_and_evidence_hypothesis_is_refused():
    node = Node(id="a", label="A", kind="receptor", tier="target", description="A node for the test.")
    edge = Edge(source="a", target="b", relation="activates", evidence="secondary", status="hypothesis", sources=[{"ref": "r"}])
    assert node.core is False and edge.core is False
    with pytest.raises(pydantic.ValidationError, match="'hypothesis' is no longer an evidence type; set status: hypothesis"):
        Edge(source="a", target="b", relation="activates", evidence="hypothesis", status="hypothesis", sources=[{"ref": "r"}])
