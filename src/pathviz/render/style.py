"""The one palette and style table of pathviz.

Colours start from Okabe & Ito's colour-blind-safe set, darkened where they
were too light to read on white; ``tests/test_palette.py`` measures them:
text ≥ 4.5:1 and marks ≥ 3:1 on white, and every two colours that mean
different things ≥ 12 ΔE (CAM02-UCS) apart under normal vision,
deuteranomaly, protanomaly and tritanomaly. Colour is never the only
cue: sides also differ by column position, convergent nodes carry a thick
outline and a ring, node kinds have their own marker shapes, evidence types
have their own line dashes, and relations their own arrowheads.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathviz.view import Side, side_words
from pathviz.vocab import Evidence, NodeKind, Relation, Status, Tier

# Okabe-Ito, plus greys; COLOUR_NAME gives each colour its one name in words
BLACK = "#000000"
ORANGE = "#B35C00"  # darker than Okabe & Ito's orange: 4.7:1 on white, so its headers are readable text
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#99000D"  # the contested mark: dark red, 9.9:1 on white
VIOLET = "#40004B"  # the hypothesis mark: dark purple (not a side colour)
PINK = "#CC79A7"  # Okabe & Ito's "reddish purple"; it reads as pink on screen and paper
DEEP_PINK = "#8E2F6B"  # the outline of an inferred meeting point (7.6:1 on white)
WHITE = "#FFFFFF"
GREY = "#777777"  # context: 4.5:1 on white, and 14.8 ΔE from pink under colour-vision deficiencies
PALE = "#E4E4E4"
DARK = "#333333"
MUTED_TEXT = "#595959"  # captions and notes on the pages: 7.0:1 on white, 6.2:1 on the sidebar's grey
LIGHT = "#DDDDDD"
MIDPOINT = "rgba(90, 90, 90, 0.45)"  # the small clickable dot in the middle of an arrow

COLOUR_NAME: dict[str, str] = {
    BLACK: "black",
    ORANGE: "orange",
    SKY: "sky blue",
    GREEN: "green",
    YELLOW: "yellow",
    BLUE: "blue",
    VERMILLION: "dark red",
    PINK: "pink",
    DEEP_PINK: "dark pink",
    WHITE: "white",
    VIOLET: "purple",
    GREY: "grey",
    PALE: "pale grey",
    DARK: "dark grey",
    LIGHT: "light grey",
}

SIDE_COLOUR: dict[Side, str] = {
    Side.a: BLUE,
    Side.b: ORANGE,
    Side.shared: PINK,
    Side.inferred: WHITE,
    Side.context: GREY,
    Side.unreached: PALE,
}
#: outline colour of each side's markers (None: the renderer's default thin white line)
SIDE_OUTLINE: dict[Side, str | None] = {
    Side.a: None,
    Side.b: None,
    Side.shared: BLACK,
    Side.inferred: DEEP_PINK,
    Side.context: None,
    Side.unreached: GREY,
}
#: how each side is marked besides its colour
SIDE_MARK: dict[Side, str] = {
    Side.a: "",
    Side.b: "",
    Side.shared: "thick outline",
    Side.inferred: "thick dark pink outline",
    Side.context: "",
    Side.unreached: "grey outline",
}


#: the colour a side's name is written in (a header, a chip): its own colour where that is readable
#: text (≥ 4.5:1 on white), dark pink for the pink side, dark grey for the grey ones
SIDE_TEXT: dict[Side, str] = {
    Side.a: BLUE,
    Side.b: ORANGE,
    Side.shared: DEEP_PINK,
    Side.inferred: DEEP_PINK,
    Side.context: DARK,
    Side.unreached: DARK,
}


def side_text_colour(side: Side) -> str:
    return SIDE_TEXT[side]


def colour_name(colour: str) -> str:
    return COLOUR_NAME[colour]


def side_key(side: Side, names: dict[str, str] | None = None, pair: bool = True) -> str:
    """'blue: reached by Ketamine only' — the legend words of a side, colour named from the palette."""
    words = side_words(side, names or {}, pair)
    mark = SIDE_MARK[side]
    return f"{colour_name(SIDE_COLOUR[side])}{', ' + mark if mark else ''}: {words}"


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
    NodeKind.complex: "square-x",
    NodeKind.group: "circle-cross",
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

#: the relations the legend names, each standing for its group
LEGEND_RELATIONS: tuple[Relation, ...] = (
    Relation.activates,
    Relation.inhibits,
    Relation.binds,
    Relation.converts_to,
    Relation.associated_with,
)
RELATION_GROUP: dict[Relation, set[Relation]] = {
    Relation.activates: {Relation.activates, Relation.increases, Relation.leads_to},
    Relation.inhibits: {Relation.inhibits, Relation.decreases},
}

STATUS_MARK: dict[Status, str] = {
    Status.established: "",
    Status.hypothesis: "h",
    Status.contested: "?",
}
#: how the status marks are named in legends and help text
STATUS_MARK_WORDS: dict[Status, str] = {
    Status.contested: "? in a dark red circle",
    Status.hypothesis: "h in a purple circle",
}
STATUS_MARK_COLOUR: dict[Status, str] = {
    Status.contested: VERMILLION,
    Status.hypothesis: VIOLET,
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
    """Line and outline widths for one presentation mode (type and markers come from the view's Canvas)."""

    edge_width: float = 1.4
    highlight_width: float = 3.2
    head_size: int = 11
    outline: float = 3.0


NORMAL = Scale()
LECTURE = Scale(
    edge_width=2.6,
    highlight_width=5.0,
    head_size=17,
    outline=4.5,
)
SLIDE = Scale(
    edge_width=2.0,
    highlight_width=4.0,
    head_size=14,
    outline=3.5,
)

DIM_OPACITY = 0.18

#: the keyboard focus ring drawn over a focused node or arrow (assets/keynav.js): a dark ring on a
#: white halo, so it stands ≥ 3:1 against the page and against every fill (tests/test_a11y_names.py)
FOCUS_RING = BLACK
FOCUS_HALO = WHITE
FOCUS_WIDTH = 3.0


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 … 21)."""

    def lum(colour: str) -> float:
        h = colour.lstrip("#")
        c = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def line_evidence(edge) -> Evidence:  # type: ignore[no-untyped-def]
    """The evidence type an arrow's line is drawn as: a secondary source that says the finding comes
    from animal studies only (``context.studied_in: animal``) is drawn as animal evidence, so the caveat
    shows on the line; hover and details still name the secondary source."""
    return Evidence.animal if edge.animal_only else edge.evidence


# edges drawn in a lighter, thinner line: evidence that rests on a summary only
EVIDENCE_LIGHT = {Evidence.review, Evidence.secondary}
REVIEW_GREY = "#7A7A7A"


# ---------------------------------------------------------------- the editable deck (PowerPoint / Impress)
# Names are DrawingML preset names (python-pptx's MSO_SHAPE member names for node shapes). Every node
# shape below has four connection sites in the order top, left, bottom, right, so connectors glued to
# them stay on the same side when a lecturer moves a node.

#: autoshape per node kind, and the extra width (fraction of the text width) its outline needs
DECK_SHAPE: dict[NodeKind, tuple[str, float]] = {
    NodeKind.drug: ("FLOWCHART_TERMINATOR", 0.15),
    NodeKind.metabolite: ("FLOWCHART_TERMINATOR", 0.15),
    NodeKind.receptor: ("RECTANGLE", 0.0),
    NodeKind.transporter: ("FLOWCHART_PREDEFINED_PROCESS", 0.3),
    NodeKind.enzyme: ("FLOWCHART_DATA", 0.3),
    NodeKind.transmitter: ("ROUNDED_RECTANGLE", 0.08),
    NodeKind.hormone: ("FLOWCHART_DOCUMENT", 0.05),
    NodeKind.growth_factor: ("FLOWCHART_PREPARATION", 0.25),
    NodeKind.cytokine: ("FLOWCHART_CARD", 0.15),
    NodeKind.signalling: ("FLOWCHART_MANUAL_OPERATION", 0.25),
    NodeKind.gene_expression: ("FLOWCHART_DOCUMENT", 0.05),
    NodeKind.cell_type: ("ROUNDED_RECTANGLE", 0.08),
    NodeKind.structure: ("FLOWCHART_DELAY", 0.15),
    NodeKind.circuit: ("FLOWCHART_DISPLAY", 0.3),
    NodeKind.physiology: ("FLOWCHART_ALTERNATE_PROCESS", 0.1),
    NodeKind.process: ("FLOWCHART_ALTERNATE_PROCESS", 0.1),
    NodeKind.outcome: ("FLOWCHART_TERMINATOR", 0.15),
    NodeKind.stressor: ("FLOWCHART_CARD", 0.15),
    NodeKind.complex: ("RECTANGLE", 0.0),
    NodeKind.group: ("ROUNDED_RECTANGLE", 0.08),
    NodeKind.other: ("RECTANGLE", 0.0),
}
#: text colour on each side's fill (white on blue for contrast, black elsewhere)
DECK_TEXT_COLOUR: dict[Side, str] = {
    Side.a: "#FFFFFF",
    Side.b: BLACK,
    Side.shared: BLACK,
    Side.inferred: BLACK,
    Side.context: BLACK,
    Side.unreached: DARK,
}
#: DrawingML preset dash per evidence type (the same look as EVIDENCE_DASH / EVIDENCE_WORDS)
DECK_DASH: dict[Evidence, str] = {
    Evidence.human: "solid",
    Evidence.database: "solid",
    Evidence.review: "solid",
    Evidence.in_vitro: "dashDot",
    Evidence.animal: "dash",
    Evidence.secondary: "sysDot",
}
#: DrawingML line end at the target, per relation. DrawingML has no flat bar, so inhibition gets a diamond
DECK_HEAD: dict[Relation, str] = {
    Relation.activates: "triangle",
    Relation.increases: "triangle",
    Relation.leads_to: "triangle",
    Relation.converts_to: "arrow",
    Relation.inhibits: "diamond",
    Relation.decreases: "diamond",
    Relation.binds: "oval",
    Relation.associated_with: "none",
}
#: legend words of the deck's line ends (one entry per LEGEND_RELATIONS group)
DECK_HEAD_WORDS: dict[Relation, str] = {
    Relation.activates: "▶ filled triangle: activates / increases / leads to",
    Relation.inhibits: "◆ diamond: inhibits / decreases (PowerPoint has no flat bar)",
    Relation.binds: "● round end: binds",
    Relation.converts_to: "open arrow: is converted to",
    Relation.associated_with: "no end: is associated with",
}
#: line colour for statuses that are not established (established lines are dark grey)
DECK_STATUS_WORDS: dict[Status, str] = {
    Status.contested: "dark red line: contested",
    Status.hypothesis: "purple line: hypothesis",
}
DECK_FONT = "Arial"  # Windows and macOS have it; Liberation Sans stands in, metric for metric, on Linux
