"""Validated, immutable data model of a pathway bundle.

One YAML file is one :class:`PathwayFile`: a pathway (nodes, edges, clinical
facts) and/or a list of references.  A :class:`Bundle` is every file of a
directory, merged, with references and node ids resolved across files.

All models are frozen and reject unknown fields, so a typo in a YAML key is an
error rather than silently ignored data.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from pathviz.vocab import (
    ClinicalAspect,
    Evidence,
    NodeKind,
    ReferenceType,
    Region,
    Relation,
    Status,
    Tier,
)

SCHEMA_VERSION = "pathviz/1"

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
DOI_PATTERN = r"^10\.\d{4,9}/[^\s]+$"
PMID_PATTERN = r"^[1-9]\d{0,8}$"
PMCID_PATTERN = r"^PMC\d{1,9}$"
CURIE_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s:][^\s]*$"
URL_PATTERN = r"^https?://[^\s<>\"']+$"
SOURCE_TEXT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.txt$"
CORE_DESCRIPTION = "part of the core mechanism the sources tell; false = side route / detail"


def _no_control_chars(value: str) -> str:
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value):
        raise ValueError("contains control characters; remove them")
    return value


def _strip(value: str) -> str:
    return value.strip()


Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4000),
    AfterValidator(_strip),
    AfterValidator(_no_control_chars),
]
ShortText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_strip),
    AfterValidator(_no_control_chars),
]
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Doi = Annotated[str, StringConstraints(pattern=DOI_PATTERN, max_length=300)]
def _int_to_str(value: object) -> object:
    # `pmid: 30844397` written without quotes is read by YAML as a number
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Pmid = Annotated[str, BeforeValidator(_int_to_str), StringConstraints(pattern=PMID_PATTERN)]
Pmcid = Annotated[str, StringConstraints(pattern=PMCID_PATTERN)]
Curie = Annotated[str, StringConstraints(pattern=CURIE_PATTERN, max_length=200)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]
SourceText = Annotated[str, StringConstraints(pattern=SOURCE_TEXT_PATTERN, max_length=200)]


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=False,
        use_enum_values=False,
        validate_default=True,
    )


class Source(_Model):
    """One citation of a claim: which reference, and where in the source texts it is said."""

    ref: Identifier = Field(description="id of an entry in a references list")
    text: SourceText | None = Field(
        default=None,
        description="file name of the source text (in shared/sources) that states the claim",
    )
    quote: Text | None = Field(
        default=None, description="the sentence of that source text, quoted exactly"
    )
    quoted_from: Identifier | None = Field(
        default=None,
        description=(
            "id of the reference whose words the quote is (the article, summary or blog it is copied "
            "from); default: the reference whose 'texts' list names this source text"
        ),
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _quote_needs_text(self) -> Source:
        if self.quote is not None and self.text is None:
            raise ValueError("a quote needs 'text': the source file it is quoted from")
        return self


_SUFFIXES = ("Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV")


def _surname(author: str) -> str:
    """'de la Salle S' -> 'de la Salle'; 'Zarate CA Jr' -> 'Zarate'; 'Pfizer' -> 'Pfizer'."""
    if "," in author:
        return author.split(",")[0].strip()
    parts = author.split()
    if len(parts) >= 3 and parts[-1] in _SUFFIXES:
        parts.pop()
    if len(parts) >= 2 and parts[-1].isupper() and len(parts[-1]) <= 4:
        parts.pop()
    return " ".join(parts) or author


class Reference(_Model):
    """A paper, label or article, listed once per bundle."""

    id: Identifier
    type: ReferenceType = ReferenceType.article
    authors: list[ShortText] = Field(default_factory=list, max_length=100)
    year: int | None = Field(default=None, ge=1800, le=2100)
    title: Text
    journal: ShortText | None = None
    volume: ShortText | None = None
    pages: ShortText | None = None
    doi: Doi | None = None
    pmid: Pmid | None = None
    pmcid: Pmcid | None = None
    url: Url | None = None
    cited_in: list[SourceText] = Field(
        default_factory=list, description="source texts whose reference lists print it"
    )
    texts: list[SourceText] = Field(
        default_factory=list,
        description="source text files that hold this text itself: a quote from them is in its words",
    )
    name: ShortText | None = Field(
        default=None,
        description="how a sentence names this text when quoting it, e.g. \"Gallenstein's article\"",
    )
    note: Text | None = None

    @property
    def writer(self) -> str:
        """How a sentence names this text as the writer of a quote: its ``name``, else its short citation."""
        return self.name or self.short

    @property
    def short(self) -> str:
        """'Krystal et al. 2019', 'de la Salle et al. 2022'; a title cut at a word without authors."""
        if self.authors:
            names = [_surname(a) for a in self.authors[:2]]
            if len(self.authors) == 1:
                who = names[0]
            elif len(self.authors) == 2:
                who = f"{names[0]} & {names[1]}"
            else:
                who = f"{names[0]} et al."
        elif self.journal:
            who = self.journal
        elif len(self.title) <= 34:
            who = self.title
        else:
            who = self.title[:35].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + "…"
        return f"{who} {self.year}" if self.year else who

    @property
    def identifier_links(self) -> list[tuple[str, str]]:
        """Each identifier and its resolver: ('doi:…', doi.org), ('PMID …', PubMed), (PMC id, PMC)."""
        out = []
        if self.doi:
            out.append((f"doi:{self.doi}", f"https://doi.org/{self.doi}"))
        if self.pmid:
            out.append((f"PMID {self.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"))
        if self.pmcid:
            out.append((self.pmcid, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{self.pmcid}/"))
        return out

    @property
    def link(self) -> str | None:
        """The safest resolvable link: doi.org, then PubMed, then PMC, then the URL."""
        ids = self.identifier_links
        return ids[0][1] if ids else self.url


class Node(_Model):
    id: Identifier
    label: ShortText
    kind: NodeKind
    tier: Tier
    region: Region | None = None
    xrefs: list[Curie] = Field(default_factory=list, max_length=50)
    synonyms: list[ShortText] = Field(default_factory=list, max_length=50)
    description: Text = Field(description="one or two plain sentences a first-year student understands")
    sources: list[Source] = Field(default_factory=list, max_length=50)
    note: Text | None = None
    core: bool = Field(default=False, description=CORE_DESCRIPTION)


def _old_evidence(value: object) -> object:
    # `hypothesis` was an evidence type in early pathviz/1 files; it is a status
    if value == "hypothesis":
        raise ValueError(
            "'hypothesis' is no longer an evidence type; set status: hypothesis and evidence "
            "to the kind of study (e.g. secondary)"
        )
    return value


def _as_list(value: object) -> object:
    # `region: pfc` and `drug: ketamine` read as one-item lists
    return [value] if isinstance(value, str) else value


class EdgeContext(_Model):
    """Where an arrow's sentence holds: the drug(s) it speaks of, the brain region, a condition.

    No drug means general biology: every drug's cascade may continue through the arrow.
    With drugs, only those drugs' cascades continue through it (see docs/content.md).
    """

    drug: Annotated[list[Identifier], BeforeValidator(_as_list)] = Field(
        default_factory=list,
        max_length=20,
        description="ids of the drug nodes the sentence speaks of; empty or absent = general biology",
    )
    region: Annotated[list[Region], BeforeValidator(_as_list)] = Field(
        default_factory=list,
        max_length=20,
        description="brain region(s) the sentence places it in; a route in one region does not continue in another",
    )
    condition: ShortText | None = Field(
        default=None, description="a condition the text gives (dose, time, species), in words"
    )
    studied_in: Literal["human", "animal", "in_vitro"] | None = Field(
        default=None,
        description=(
            "what the text says the finding was shown in, where it names no paper (the arrow's evidence is then "
            "'secondary'): keeps an 'animal data only' caveat as data"
        ),
    )

    @property
    def drugs(self) -> frozenset[str]:
        return frozenset(self.drug)

    @property
    def regions(self) -> frozenset[str]:
        return frozenset(r.value for r in self.region)

    @property
    def general(self) -> bool:
        return not self.drug


class Edge(_Model):
    id: Identifier | None = Field(
        default=None, description="optional stable id; defaults to SOURCE__RELATION__TARGET"
    )
    source: Identifier
    target: Identifier
    relation: Relation
    evidence: Annotated[Evidence, BeforeValidator(_old_evidence)] = Field(
        description="what kind of study stands behind the arrow: " + ", ".join(e.value for e in Evidence)
    )
    status: Status = Field(description="how settled the claim is: " + ", ".join(s.value for s in Status))
    sources: list[Source] = Field(min_length=1, max_length=50)
    note: Text | None = None
    core: bool = Field(default=False, description=CORE_DESCRIPTION)
    context: EdgeContext | None = Field(
        default=None,
        description="the drug(s), region and condition the sentence speaks of; absent = general biology",
    )

    @property
    def drugs(self) -> frozenset[str]:
        """The drugs the arrow's sentence speaks of (empty: general biology)."""
        return self.context.drugs if self.context is not None else frozenset()

    @property
    def regions(self) -> frozenset[str]:
        return self.context.regions if self.context is not None else frozenset()

    @property
    def studied_in(self) -> str | None:
        """'human', 'animal' or 'in_vitro': the kind of study behind the arrow, from its evidence or, for a
        secondary source that says so without naming a paper, from its context."""
        if self.evidence.value in ("human", "animal", "in_vitro"):
            return self.evidence.value
        return self.context.studied_in if self.context is not None else None

    @property
    def animal_only(self) -> bool:
        return self.studied_in == "animal"

    def holds_for(self, drug: str) -> bool:
        """True when a cascade of ``drug`` may continue through this arrow (its drug or general)."""
        return not self.drugs or drug in self.drugs

    @property
    def key(self) -> str:
        return self.id or f"{self.source}__{self.relation.value}__{self.target}"


class ClinicalFact(_Model):
    aspect: ClinicalAspect
    value: Text = Field(description="what the source says, in words")
    hours_min: float | None = Field(
        default=None, ge=0, description="lower bound in hours, only where the source gives one"
    )
    hours_max: float | None = Field(default=None, ge=0)
    dosing: Literal["single_dose", "repeated_doses"] | None = Field(
        default=None,
        description="the dosing the quoted sentences state for this fact; leave out where they do not say",
    )
    status: Status = Field(
        default=Status.established,
        description="how settled the fact is, as for arrows: " + ", ".join(s.value for s in Status),
    )
    sources: list[Source] = Field(min_length=1, max_length=20)
    note: Text | None = None

    @model_validator(mode="after")
    def _range(self) -> ClinicalFact:
        if (
            self.hours_min is not None
            and self.hours_max is not None
            and self.hours_min > self.hours_max
        ):
            raise ValueError("hours_min is larger than hours_max")
        return self


class PathwayFile(_Model):
    """The content of one YAML file."""

    schema_: Literal["pathviz/1"] = Field(alias="schema")
    id: Identifier | None = None
    title: ShortText | None = None
    drug: Identifier | None = Field(
        default=None, description="id of the node the cascade starts from (drug pathways only)"
    )
    description: Text | None = None
    nodes: list[Node] = Field(default_factory=list, max_length=20000)
    edges: list[Edge] = Field(default_factory=list, max_length=50000)
    clinical: list[ClinicalFact] = Field(default_factory=list, max_length=200)
    references: list[Reference] = Field(default_factory=list, max_length=20000)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _pathway_needs_id(self) -> PathwayFile:
        has_pathway = bool(self.nodes or self.edges or self.clinical or self.drug)
        if has_pathway and (self.id is None or self.title is None):
            missing = " and ".join(k for k in ("id", "title") if getattr(self, k) is None)
            raise ValueError(f"a file with nodes, edges or clinical facts needs {missing}")
        if self.clinical and self.drug is None:
            raise ValueError("clinical facts belong to a drug pathway: add 'drug'")
        return self


class Pathway(_Model):
    """A pathway as the rest of the program sees it: one file's nodes and edges."""

    id: Identifier
    title: ShortText
    drug: Identifier | None = None
    description: Text | None = None
    file: str
    node_ids: tuple[str, ...]
    edge_keys: tuple[str, ...]
    clinical: tuple[ClinicalFact, ...] = ()

    @property
    def is_drug(self) -> bool:
        return self.drug is not None


class Bundle(_Model):
    """Every pathway, node, edge and reference of a set of files, cross-checked."""

    pathways: dict[str, Pathway]
    nodes: dict[str, Node]
    edges: dict[str, Edge]
    references: dict[str, Reference]
    node_files: dict[str, str] = Field(default_factory=dict)

    @cached_property
    def drugs(self) -> list[Pathway]:
        return [p for p in self.pathways.values() if p.is_drug]

    @cached_property
    def context(self) -> list[Pathway]:
        return [p for p in self.pathways.values() if not p.is_drug]

    @cached_property
    def shorts(self) -> dict[str, str]:
        """Reference id -> short citation, with a/b/c added where two would read the same."""
        by_short: dict[str, list[str]] = {}
        for rid, ref in self.references.items():
            by_short.setdefault(ref.short, []).append(rid)
        out: dict[str, str] = {}
        for short, ids in by_short.items():
            if len(ids) == 1:
                out[ids[0]] = short
                continue
            for i, rid in enumerate(sorted(ids)):
                out[rid] = f"{short}{chr(ord('a') + i)}" if i < 26 else f"{short} ({rid})"
        return out

    def short(self, ref_id: str) -> str:
        return self.shorts.get(ref_id, ref_id)

    @cached_property
    def text_owners(self) -> dict[str, str]:
        """Source text file -> id of the reference that text is (``Reference.texts``)."""
        out: dict[str, str] = {}
        for rid, ref in self.references.items():
            for t in ref.texts:
                out.setdefault(t, rid)
        return out

    def quoted_from(self, source: Source) -> str | None:
        """Id of the reference whose words a source's quote is (explicit, or the owner of its text file)."""
        if source.quoted_from:
            return source.quoted_from
        if source.quote and source.text:
            return self.text_owners.get(source.text)
        return None

    @cached_property
    def drug_ids(self) -> frozenset[str]:
        """Node ids a context may name as a drug: every pathway's drug and every node of kind drug."""
        out = {p.drug for p in self.pathways.values() if p.drug}
        out |= {n.id for n in self.nodes.values() if n.kind.value == "drug"}
        return frozenset(out)

    def edges_of(self, pathway_id: str) -> list[Edge]:
        return [self.edges[k] for k in self.pathways[pathway_id].edge_keys]

    def citing(self, ref_id: str) -> tuple[list[str], list[str]]:
        """Node ids and edge keys that cite a reference."""
        nodes = [n.id for n in self.nodes.values() if any(s.ref == ref_id for s in n.sources)]
        edges = [k for k, e in self.edges.items() if any(s.ref == ref_id for s in e.sources)]
        return nodes, edges

    def pathway_of_drug(self, drug: str) -> Pathway | None:
        for p in self.pathways.values():
            if p.id == drug or p.drug == drug:
                return p
        return None

    def drug_name(self, pathway: Pathway | str) -> str:
        """How every page, file and slide names a pathway's drug: its drug node's label ('Ketamine'),
        else the pathway's title. Takes a pathway, a drug node id or a pathway id."""
        if isinstance(pathway, str):
            if pathway in self.nodes:
                return self.nodes[pathway].label
            if pathway not in self.pathways:
                return pathway
            pathway = self.pathways[pathway]
        if pathway.drug and pathway.drug in self.nodes:
            return self.nodes[pathway.drug].label
        return pathway.title
