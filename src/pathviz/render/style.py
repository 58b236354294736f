"""The one palette and style table of pathviz.

Colours are Okabe & Ito's colour-blind-safe set. Colour is never the only
cue: sides also differ by column position, convergent nodes carry a thick
outline and a ring, node kinds have their own marker shapes, evidence types
have their own line dashes, and relations their own arrowheads.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathviz.vocab import Evidence, NodeKind, Relation, Status, Tier

# Okabe-Ito
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"
DARK = "#333333"
LIGHT = "#DDDDDD"

SIDE_COLOUR = {
    "a": BLUE,
    "b": ORANGE,
    "shared": PURPLE,
    "context": GREY,
}
SIDE_NAME = {
    "a": "{a} only",
    "b": "{b} only",
    "shared": "reached by both (convergent)",
    "context": "stress / depression context",
}

KIND_SYMBOL: dict[NodeKind, str] = {
    NodeKind.drug: "star",
    NodeKind.metabolite: "star-diamond",
    NodeKind.receptor: "square",
    NodeKind.transporter: "hourglass",
    NodeKind.enzyme: "diamond",
    NodeKind.transmitter: "circle",
    NodeKind.hormone: "pentagon",
    NodeKind.growth_factor: "hexagon",
    NodeKind.cytokine: "cross",
    NodeKind.signalling: "triangle-up",
    NodeKind.gene_expression: "triangle-down",
    NodeKind.cell_type: "circle",
    NodeKind.structure: "hexagram",
    NodeKind.circuit: "octagon",
    NodeKind.physiology: "diamond-tall",
    NodeKind.process: "diamond-wide",
    NodeKind.outcome: "star-square",
    NodeKind.stressor: "x",
    NodeKind.other: "circle",
}

EVIDENCE_DASH: dict[Evidence, str] = {
    Evidence.human: "solid",
    Evidence.database: "solid",
    Evidence.review: "solid",
    Evidence.in_vitro: "dashdot",
    Evidence.animal: "dash",
    Evidence.secondary: "dot",
}
EVIDENCE_WORDS: dict[Evidence, str] = {
    Evidence.human: "human studies (solid)",
    Evidence.database: "pathway database (solid)",
    Evidence.review: "peer-reviewed review (thin grey)",
    Evidence.in_vitro: "cells in a dish (dash-dot)",
    Evidence.animal: "animal studies only (dashed)",
    Evidence.secondary: "secondary source, no study named (dotted grey)",
}

# arrowhead marker per relation; None draws no head
RELATION_HEAD: dict[Relation, str | None] = {
    Relation.activates: "triangle-up",
    Relation.increases: "triangle-up",
    Relation.leads_to: "triangle-up",
    Relation.converts_to: "arrow-wide",
    Relation.inhibits: "line-ew",
    Relation.decreases: "line-ew",
    Relation.binds: "circle",
    Relation.associated_with: None,
}
RELATION_WORDS: dict[Relation, str] = {
    Relation.activates: "activates / increases / leads to (→)",
    Relation.inhibits: "inhibits / decreases (⊣ flat bar)",
    Relation.binds: "binds (● round head)",
    Relation.converts_to: "is converted to (wide arrow)",
    Relation.associated_with: "is associated with (no head)",
}

STATUS_MARK: dict[Status, str] = {
    Status.established: "",
    Status.hypothesis: "",
    Status.contested: "?",
}

TIER_TITLE: dict[Tier, str] = {
    Tier.agent: "Drug",
    Tier.target: "Targets",
    Tier.transmission: "Transmission",
    Tier.signalling: "Signalling",
    Tier.plasticity: "Plasticity",
    Tier.circuit: "Circuits",
    Tier.clinical: "Clinical effect",
}

FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Scale:
    """Sizes for one presentation mode."""

    font: int = 12
    title_font: int = 18
    marker: int = 16
    convergent_marker: int = 22
    edge_width: float = 1.4
    highlight_width: float = 3.2
    head_size: int = 11
    outline: float = 3.0
    label_chars: int = 14  # wrap labels after about this many characters

    @property
    def char_units(self) -> float:
        """Approximate label character width in layout units (1 unit = 100 px at full size)."""
        return self.font * 0.0062


NORMAL = Scale()
LECTURE = Scale(
    font=20,
    title_font=28,
    marker=24,
    convergent_marker=32,
    edge_width=2.6,
    highlight_width=5.0,
    head_size=17,
    outline=4.5,
    label_chars=16,
)
SLIDE = Scale(
    font=19,
    title_font=26,
    marker=20,
    convergent_marker=27,
    edge_width=2.0,
    highlight_width=4.0,
    head_size=14,
    outline=3.5,
    label_chars=18,
)

DIM_OPACITY = 0.18

# edges drawn in a lighter, thinner line: evidence that rests on a summary only
EVIDENCE_LIGHT = {Evidence.review, Evidence.secondary}
REVIEW_GREY = "#7A7A7A"
