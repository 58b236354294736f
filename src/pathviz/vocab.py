"""Controlled vocabularies of the pathway schema.

Every enumeration carries a short human label and, where it helps, a one-line
explanation; the UI and the exports read them from here so the words a student
sees are the same everywhere.
"""

from __future__ import annotations

import re
from enum import Enum


class _Vocab(str, Enum):
    """A string enum whose values are the YAML spellings."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("_", " "))


class NodeKind(_Vocab):
    drug = "drug"
    metabolite = "metabolite"
    receptor = "receptor"
    transporter = "transporter"
    enzyme = "enzyme"
    transmitter = "transmitter"
    hormone = "hormone"
    growth_factor = "growth_factor"
    cytokine = "cytokine"
    signalling = "signalling"
    gene_expression = "gene_expression"
    cell_type = "cell_type"
    structure = "structure"
    circuit = "circuit"
    physiology = "physiology"
    process = "process"
    outcome = "outcome"
    stressor = "stressor"
    complex = "complex"  # several molecules bound together, drawn as one box (imported pathways)
    group = "group"  # molecules drawn together as one box, e.g. a gene family (imported pathways)
    other = "other"


class Tier(_Vocab):
    """Vertical bands of the layout, top to bottom."""

    agent = "agent"  # drugs, metabolites, stressors: what starts a cascade
    target = "target"  # the first molecules they act on
    transmission = "transmission"  # transmitters, hormones, synaptic events
    signalling = "signalling"  # intracellular signalling, growth factors
    plasticity = "plasticity"  # synapses, spines, neurogenesis, atrophy
    circuit = "circuit"  # networks, brain rhythms, regional connectivity
    clinical = "clinical"  # symptoms, side effects, clinical effect

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


class Region(_Vocab):
    pfc = "pfc"
    cortex = "cortex"
    hippocampus = "hippocampus"
    lateral_habenula = "lateral_habenula"
    amygdala = "amygdala"
    limbic = "limbic"
    hypothalamus = "hypothalamus"
    pituitary = "pituitary"
    adrenal = "adrenal"
    brain = "brain"
    systemic = "systemic"
    cardiovascular = "cardiovascular"
    immune = "immune"


#: which region lies within which (a route placed in one may continue in the other); regions not
#: listed stand alone (systemic, cardiovascular, immune, pituitary, adrenal)
REGION_WITHIN: dict[str, str] = {
    "pfc": "cortex",
    "cortex": "brain",
    "hippocampus": "limbic",
    "amygdala": "limbic",
    "limbic": "brain",
    "lateral_habenula": "brain",
    "hypothalamus": "brain",
}


def region_within(inner: str, outer: str) -> bool:
    """True when region ``inner`` is ``outer`` or lies inside it (pfc within cortex within brain)."""
    r: str | None = inner
    while r is not None:
        if r == outer:
            return True
        r = REGION_WITHIN.get(r)
    return False


class Relation(_Vocab):
    activates = "activates"
    inhibits = "inhibits"
    increases = "increases"
    decreases = "decreases"
    converts_to = "converts_to"
    binds = "binds"
    leads_to = "leads_to"
    associated_with = "associated_with"

    @property
    def sign(self) -> int:
        """+1 for stimulation, -1 for inhibition, 0 for neutral relations."""
        if self in (Relation.activates, Relation.increases, Relation.leads_to):
            return 1
        if self in (Relation.inhibits, Relation.decreases):
            return -1
        return 0


class Evidence(_Vocab):
    human = "human"
    animal = "animal"
    in_vitro = "in_vitro"
    review = "review"  # a cited peer-reviewed review (reference with a DOI or PMID) states it
    secondary = "secondary"  # a blog, clinic summary or the article's own sentence; no study named
    database = "database"  # imported from a curated pathway database


class Status(_Vocab):
    established = "established"
    contested = "contested"
    hypothesis = "hypothesis"


class ReferenceType(_Vocab):
    article = "article"  # primary research paper
    review = "review"  # review or perspective paper
    secondary = "secondary"  # a web article / summary cited because it is the only source
    label = "label"  # prescribing information
    database = "database"  # a pathway database record
    other = "other"


class ClinicalAspect(_Vocab):
    mechanism_class = "mechanism_class"
    primary_targets = "primary_targets"
    onset = "onset"
    peak = "peak"
    duration = "duration"
    response = "response"
    remission = "remission"
    safety = "safety"
    evidence_base = "evidence_base"
    approval = "approval"
    other = "other"


_LABELS: dict[str, str] = {
    "pfc": "prefrontal cortex",
    "lateral_habenula": "lateral habenula",
    "in_vitro": "in vitro",
    "growth_factor": "growth factor",
    "gene_expression": "gene expression",
    "cell_type": "cell type",
    "converts_to": "converts to",
    "leads_to": "leads to",
    "associated_with": "associated with",
    "mechanism_class": "mechanism class",
    "primary_targets": "primary targets",
    "evidence_base": "evidence base",
    "database": "pathway database",
    "human": "human studies",
    "animal": "animal studies only",
    "review": "peer-reviewed review",
    "secondary": "secondary source",
    "hypothesis": "hypothesis",
}

EVIDENCE_EXPLANATION: dict[Evidence, str] = {
    Evidence.human: "shown in people (clinical trials, imaging, blood markers)",
    Evidence.animal: "shown in animals (rats, mice) only so far",
    Evidence.in_vitro: "shown in cells or tissue in a dish",
    Evidence.review: "stated by a cited peer-reviewed review (with a DOI or PMID), no single study named",
    Evidence.secondary: (
        "a secondary source (blog, clinic summary, the article's own sentence) that names no study for it"
    ),
    Evidence.database: "taken from a curated pathway database",
}

# Words that mark a sentence as a proposal rather than a finding. An edge whose every
# quoted sentence carries one of them is status `hypothesis`; `validate --sources` warns
# when such an edge is `established` without a note saying why.
HEDGE_PHRASES: tuple[str, ...] = (
    "may",
    "might",
    "could",
    "is thought to",
    "are thought to",
    "thought to be",
    "proposed",
    "proposes",
    "appears to",
    "appear to",
    "seems to",
    "seem to",
    "believed",
    "believe",
    "suggests",
    "suggest",
    "suggesting",
    "one hypothesis",
    "theory",
    "theories",
    "guessing",
)
_HEDGE_RE = re.compile(
    r"\b(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in HEDGE_PHRASES) + r")\b",
    re.IGNORECASE,
)


def hedges(sentence: str) -> list[str]:
    """The hedge words a sentence contains, lower-cased, in order of appearance."""
    return [m.group(1).lower() for m in _HEDGE_RE.finditer(sentence)]


STATUS_EXPLANATION: dict[Status, str] = {
    Status.established: "broadly accepted in the cited literature",
    Status.contested: "disputed: studies disagree or the evidence is weak",
    Status.hypothesis: "proposed, not yet shown",
}
