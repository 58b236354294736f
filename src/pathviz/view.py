"""The one view: what every output shows, computed in one place.

``build_view(bundle, state, canvas)`` turns the plain :class:`ViewState` (the
drugs, the selection, the filters, the mode, the lecture step and the detail
level — what a dashboard URL holds) into a :class:`View`: the nodes and arrows
shown after the filters, each node's :class:`Side` *under those filters*, the
convergent nodes with the best-supported cited route from each drug and a
support summary, the highlights of the selection, layout positions and
wrapped labels. The Plotly figure, the network explorer, the slides, every
interchange export, the command line and every page read this object; nothing
else calls the convergence analysis or the layout.

Sides tell the truth under the filters and the context of each arrow: a node
is *reached by A only* when drug A reaches it along the causal arrows still
shown and B does not; *reached by both (stated)* when each drug reaches it
through arrows whose sentences speak of that drug or of general biology
(:mod:`pathviz.analysis.reach`); *reached by both only by inference* when one of
them gets there only through another drug's sentence or a jump between brain
regions. A node neither drug reaches even with every arrow shown is *context*;
one that they reach only through arrows the filters hide is *not reached under
these filters*.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

import networkx as nx

from pathviz import __version__
from pathviz.analysis.convergence import (
    Convergence,
    converge,
    display_nodes,
    drug_pathway,
    filter_places,
    routes_through,
    through,
)
from pathviz.analysis.graph import ALL, EdgeFilter, causal_view, filter_graph, pathways_for_pair, to_graph
from pathviz.analysis.reach import Reach, borrowed_steps, reach_of
from pathviz.analysis.routes import (
    Route,
    all_routes,
    best_routes,
    independent_routes_to,
    route_weights,
    shortest_routes,
    strength_words,
)
from pathviz.io.xrefs import curie_link
from pathviz.layout.pair import Placement, Pos, layout_graph
from pathviz.model import Bundle, Edge, Node, Reference, Source
from pathviz.vocab import Evidence, Region, Status, Tier

MODES = ("explore", "lecture")
DETAILS = ("full", "core")
MAX_DRAWN_NODES = 1500  # beyond this a diagram is unreadable: the view is built without a layout
PIXELS_PER_UNIT = 100.0
GENERATOR = f"pathviz {__version__}"


class Side(str, Enum):
    """Where a node stands in a view, under the current filters."""

    a = "a"
    b = "b"
    shared = "shared"  # a stated meeting point: each drug reaches it by its own or general sentences
    inferred = "inferred"  # both reach it, at least one only by inference (another drug's sentence, a region jump)
    context = "context"
    unreached = "unreached"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


# ---------------------------------------------------------------- state


@dataclass(frozen=True)
class ViewState:
    """What a view shows; plain values, the same as the dashboard URL's parameters.

    ``b`` empty: a view of one pathway (``a``), e.g. for ``pathviz export --pathways ssri``.
    """

    a: str
    b: str | None = None
    node: str | None = None
    edge: str | None = None
    mode: str = "explore"
    evidence: tuple[str, ...] = ()  # empty = all
    status: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    tier: tuple[str, ...] = ()
    conv_only: bool = False
    step: int | None = None  # lecture step-through: the last tier shown
    detail: str = "full"  # "full" or "core"

    @property
    def lecture(self) -> bool:
        return self.mode == "lecture"

    @property
    def is_pair(self) -> bool:
        return bool(self.b)

    @property
    def edge_filter(self) -> EdgeFilter:
        return EdgeFilter.of(self.evidence or None, self.status or None)

    @property
    def filtered(self) -> bool:
        return bool(self.evidence or self.status or self.region or self.tier or self.conv_only or self.detail == "core")

    def without_selection(self) -> ViewState:
        return replace(self, node=None, edge=None, step=None, mode="explore")

    def to_params(self) -> dict[str, str]:
        out = {"a": self.a}
        if self.b:
            out["b"] = self.b
        if self.node:
            out["node"] = self.node
        if self.edge:
            out["edge"] = self.edge
        if self.mode != "explore":
            out["mode"] = self.mode
        for key in ("evidence", "status", "region", "tier"):
            values = getattr(self, key)
            if values:
                out[key] = ",".join(values)
        if self.conv_only:
            out["conv"] = "1"
        if self.step is not None:
            out["step"] = str(self.step)
        if self.detail != "full":
            out["detail"] = self.detail
        return out


def default_pair(bundle: Bundle) -> tuple[str, str]:
    drugs = [p.id for p in bundle.drugs]
    wanted = [d for d in ("ketamine", "psilocybin") if d in drugs]
    rest = [d for d in drugs if d not in wanted]
    pair = (wanted + rest + ["", ""])[:2]
    return pair[0], pair[1] or pair[0]


def _split(value: str | None, allowed: set[str], name: str, warnings: list[str]) -> tuple[str, ...]:
    if not value:
        return ()
    out = []
    for v in value.split(","):
        v = v.strip()
        if not v:
            continue
        if v in allowed:
            out.append(v)
        else:
            warnings.append(f"ignored unknown {name} '{v}' in the link")
    return tuple(dict.fromkeys(out))


def state_from_params(params: Mapping[str, str], bundle: Bundle) -> tuple[ViewState, list[str]]:
    """A valid ViewState from URL parameters, plus warnings for what was dropped."""
    warnings: list[str] = []
    da, db = default_pair(bundle)
    drugs = {p.id for p in bundle.drugs}

    def drug(key: str, default: str) -> str:
        v = params.get(key)
        if v is None:
            return default
        p = bundle.pathway_of_drug(v)
        if p is not None and p.id in drugs:
            return p.id
        warnings.append(f"ignored unknown drug '{v}' in the link; showing {default}")
        return default

    a, b = drug("a", da), drug("b", db)
    node = params.get("node") or None
    if node is not None and node not in bundle.nodes:
        warnings.append(f"ignored unknown node '{node}' in the link")
        node = None
    edge = params.get("edge") or None
    if edge is not None and edge not in bundle.edges:
        warnings.append(f"ignored unknown edge '{edge}' in the link")
        edge = None
    mode = params.get("mode", "explore")
    if mode not in MODES:
        warnings.append(f"ignored unknown mode '{mode}' in the link")
        mode = "explore"
    step = params.get("step")
    step_i: int | None = None
    if step is not None:
        try:
            step_i = max(0, min(len(Tier) - 1, int(step)))
        except ValueError:
            warnings.append(f"ignored step '{step}' in the link")
    # lecture mode opens at the first step (only the drugs) with the core mechanism, unless the link says otherwise
    detail = params.get("detail", "core" if mode == "lecture" else "full")
    if mode == "lecture" and step is None:
        step_i = 0
    if detail not in DETAILS:
        warnings.append(f"ignored unknown detail level '{detail}' in the link")
        detail = "full"
    state = ViewState(
        a=a,
        b=b,
        node=node,
        edge=edge,
        mode=mode,
        evidence=_split(params.get("evidence"), {e.value for e in Evidence}, "evidence type", warnings),
        status=_split(params.get("status"), {s.value for s in Status}, "status", warnings),
        region=_split(params.get("region"), {r.value for r in Region}, "region", warnings),
        tier=_split(params.get("tier"), {t.value for t in Tier}, "tier", warnings),
        conv_only=params.get("conv") in ("1", "true", "yes"),
        step=step_i,
        detail=detail,
    )
    return state, warnings


# ---------------------------------------------------------------- canvas


@dataclass(frozen=True)
class Canvas:
    """The drawing surface a view is laid out for: size, type, markers and the furniture around it.

    One layout unit is 100 px on the canvas; a figure drawn for this canvas
    shows every label in the box the layout reserved for it.
    """

    width_px: int = 940  # fits the main column of a 1400 px window beside the sidebar; scrolls sideways below
    height_px: int | None = None  # None: as tall as the diagram needs
    font_px: int = 14  # node labels
    min_font_px: int | None = None  # a fixed-height canvas may shrink labels down to this
    label_px: float = 130.0  # preferred label width before wrapping
    marker_px: float = 18.0
    convergent_px: float = 25.0
    legend_px: int = 13
    title_px: int = 22
    title: bool = False
    legend: bool = True
    headers: bool = True
    tier_labels: bool = True
    pad_px: int = 6  # space above the top label and below the bottom one

    @property
    def margin(self) -> dict[str, int]:
        from pathviz.layout.text import text_width

        tier_w = text_width("Clinical effect", self.font_px, bold=True) + 24 if self.tier_labels else 16
        top = 12 + (self.title_px * 2.0 if self.title else 0) + (self.font_px * 1.25 * 1.9 if self.headers else 0)
        bottom = 12 + (self.legend_px * 1.55 * 7 + 8 if self.legend else 0)
        return {"l": int(tier_w), "r": 16, "t": int(top), "b": int(bottom)}

    @property
    def plot_width(self) -> float:
        m = self.margin
        return float(self.width_px - m["l"] - m["r"])

    @property
    def plot_height(self) -> float | None:
        if self.height_px is None:
            return None
        m = self.margin
        return float(self.height_px - m["t"] - m["b"] - 2 * self.pad_px)


SCREEN = Canvas()
LECTURE = Canvas(
    width_px=1860, height_px=940, font_px=22, min_font_px=22, label_px=320, marker_px=26, convergent_px=34, legend_px=18
)


def slide_canvas(width_px: int = 1920, height_px: int = 1080) -> Canvas:
    """A slide of ``width_px`` × ``height_px`` pixels with its title and legend."""
    scale = min(width_px / 1920, height_px / 1080)
    return Canvas(
        width_px=width_px,
        height_px=height_px,
        font_px=max(10, round(20 * scale)),
        min_font_px=max(9, round(14 * scale)),
        label_px=190 * scale,
        marker_px=24 * scale,
        convergent_px=32 * scale,
        legend_px=max(9, round(16 * scale)),
        title_px=max(12, round(28 * scale)),
        title=True,
    )


SLIDE = slide_canvas()


# ---------------------------------------------------------------- routes and support


@dataclass(frozen=True)
class RouteChoice:
    """How one drug reaches one node: by its own and general sentences (stated) or only by inference."""

    pathway: str  # the drug's pathway id
    drug: str  # the drug's node id
    name: str  # the drug's label
    best: Route | None
    shortest: Route | None
    independent: int  # routes that share no intermediate node
    strength: str  # the best route's support, in words
    stated: bool = True  # the route uses only arrows about this drug or general biology, region-consistent
    borrowed: tuple[tuple[str, str], ...] = ()  # (edge key, why) of steps the drug crosses only by inference
    others: tuple[Route, ...] = ()  # further routes, fewest steps first (for the details panel)

    @property
    def shortest_differs(self) -> bool:
        return self.best is not None and self.shortest is not None and self.best.nodes != self.shortest.nodes

    @property
    def kind(self) -> str:
        """'stated', 'inferred' or 'none'."""
        if self.best is None:
            return "none"
        return "stated" if self.stated else "inferred"


@dataclass(frozen=True)
class Support:
    """How well a node is supported: per drug, the best route, stated or inferred, and how many independent ones."""

    node: str
    routes: tuple[RouteChoice, ...]

    def summary(self) -> str:
        parts = []
        for r in self.routes:
            if r.best is None:
                parts.append(f"{r.name}: no route under these filters")
                continue
            n = r.independent
            many = f"{n} independent route{'s' if n != 1 else ''}"
            how = "stated" if r.stated else "only by inference"
            parts.append(f"{r.name} ({how}): {many}; best one {r.strength}")
        return " · ".join(parts)


# ---------------------------------------------------------------- the view


@dataclass(frozen=True)
class Citation:
    """One source of an edge or node, resolved against the bundle's references."""

    ref: str
    short: str
    doi: str | None
    pmid: str | None
    link: str | None
    text: str | None
    quote: str | None
    note: str | None
    quoted_from: str | None = None  # id of the reference whose words the quote is
    writer: str | None = None  # how a sentence names that text ("Gallenstein's article")

    @property
    def secondhand(self) -> bool:
        """The quote is another text's wording of the cited paper (an article, summary or blog citing it)."""
        return bool(self.quote and self.quoted_from and self.quoted_from != self.ref)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "ref": self.ref,
            "short": self.short,
            "doi": self.doi,
            "pmid": self.pmid,
            "link": self.link,
            "text": self.text,
            "quote": self.quote,
            "quoted_from": self.quoted_from,
            "writer": self.writer,
            "note": self.note,
        }

    def one_line(self) -> str:
        """'Krystal et al. 2019 (doi:10.1016/…, PMID:…): “quote”' — for formats with one text per edge.

        A quote in another text's words says whose they are: "Gallenstein's article writes, citing
        Vollenweider & Kometer 2010 (doi:…): “…”".
        """
        out = self.short
        ids = [f"doi:{self.doi}" if self.doi else "", f"PMID:{self.pmid}" if self.pmid else ""]
        ids = [i for i in ids if i]
        if ids:
            out += " (" + ", ".join(ids) + ")"
        if self.secondhand:
            out = f"{self.writer} writes, citing {out}"
        if self.quote:
            out += f": “{self.quote}”"
        return out


@dataclass(frozen=True)
class View:
    """Everything every output needs; built by :func:`build_view` only."""

    bundle: Bundle
    state: ViewState
    canvas: Canvas
    pathway_ids: tuple[str, ...]  # the pathways asked for (two drugs, or one pathway)
    title: str
    names: Mapping[str, str]  # 'a'/'b' -> drug label (one pathway: 'a' -> its title)
    drugs: Mapping[str, str]  # 'a'/'b' -> drug node id
    graph: nx.DiGraph  # the nodes and arrows shown (nodes carry "node", pairs carry "keys")
    convergence: Convergence | None
    sides: Mapping[str, Side]
    support: Mapping[str, Support]  # convergent node -> support
    pos: Pos
    labels: Mapping[str, tuple[str, ...]]  # wrapped label lines
    placement: Placement | None = None  # label boxes, font and marker sizes the layout reserved
    core_derived: bool = False  # "core" detail came from the routes (the data marks no core)
    too_large: bool = False  # more nodes than a diagram can show: no layout
    selected_node: str | None = None
    selected_edge: str | None = None
    selection_hidden: bool = False  # the selected node or arrow is not in this view
    highlight_nodes: frozenset[str] | None = None  # None: everything bright
    highlight_edges: frozenset[str] | None = None
    reveal_tier: int | None = None  # lecture step-through: draw tiers 0..reveal_tier only
    _order: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------ names

    @property
    def is_pair(self) -> bool:
        return self.convergence is not None

    @property
    def causal(self) -> nx.DiGraph:
        return self.convergence.causal if self.convergence is not None else causal_view(self.graph)

    @property
    def convergent_nodes(self) -> list[str]:
        return list(self.convergence.convergent) if self.convergence is not None else []

    @property
    def first_meeting(self) -> list[str]:
        return list(self.convergence.first_meeting) if self.convergence is not None else []

    @property
    def shown_pathways(self) -> list[str]:
        """The pathways the graph is built from (for a pair: both drugs and every context pathway)."""
        if self.convergence is not None:
            return pathways_for_pair(self.bundle, self.pathway_ids)
        return list(self.pathway_ids)

    @property
    def slug(self) -> str:
        return "-".join(self.pathway_ids)

    def side(self, node_id: str) -> str:
        """'a', 'b', 'shared', 'context' or 'unreached' (the :class:`Side` value)."""
        return self.sides.get(node_id, Side.context).value

    def side_name(self, side: Side | str) -> str:
        """The words for a side: the same on every page, legend, hover and export."""
        return side_words(Side(side), self.names, self.is_pair)

    def is_convergent(self, node_id: str) -> bool:
        """A stated meeting point (each drug reaches it by its own or general sentences)."""
        return self.sides.get(node_id) == Side.shared

    def is_meeting(self, node_id: str) -> bool:
        """A meeting point, stated or inferred."""
        return self.sides.get(node_id) in (Side.shared, Side.inferred)

    def convergence_kind(self, node_id: str) -> str:
        """'stated', 'inferred' or '' — the `convergence` column of every export."""
        return {Side.shared: "stated", Side.inferred: "inferred"}.get(self.sides.get(node_id), "")  # type: ignore[arg-type]

    @property
    def stated_nodes(self) -> list[str]:
        return list(self.convergence.stated) if self.convergence is not None else []

    @property
    def inferred_nodes(self) -> list[str]:
        return list(self.convergence.inferred) if self.convergence is not None else []

    def reach_words(self, node_id: str) -> str:
        """How each drug reaches a node, in one sentence: 'Ketamine: stated; Psilocybin: only by inference
        (through a sentence about Ketamine: BDNF → TrkB)'. Empty for nodes no drug reaches."""
        s = self.support.get(node_id)
        if s is None:
            return ""
        parts = []
        for r in s.routes:
            if r.best is None:
                continue
            if r.stated:
                parts.append(f"{r.name}: stated")
                continue
            why = "; ".join(
                f"{reason}: {self.bundle.nodes[self.bundle.edges[k].source].label} → "
                f"{self.bundle.nodes[self.bundle.edges[k].target].label}"
                for k, reason in r.borrowed
            )
            parts.append(f"{r.name}: only by inference" + (f" (through {why})" if why else ""))
        return "; ".join(parts)

    def count(self, side: Side) -> int:
        return sum(1 for s in self.sides.values() if s == side)

    def graph_data(self) -> dict[str, str]:
        """Map-level facts every format writes (title, pathways, drugs, filters, generator, units)."""
        out = {
            "title": self.title,
            "pathways": ",".join(self.pathway_ids),
            "shown_pathways": ",".join(self.shown_pathways),
            "filters": describe_filters(self.state) or "none",
            "detail": self.state.detail,
            "generator": GENERATOR,
            "coordinates": "pixels; x to the right, y downwards; drugs at the top",
        }
        if self.convergence is not None:
            out["drug_a"] = self.convergence.drug_a
            out["drug_b"] = self.convergence.drug_b
        return out

    # ------------------------------------------------------------ nodes

    def node_ids(self) -> list[str]:
        return list(self.graph.nodes)

    def node(self, node_id: str) -> Node:
        return self.graph.nodes[node_id]["node"]

    def visible(self) -> list[str]:
        """Nodes drawn at the current lecture step (all when not stepping), top to bottom."""
        out = [
            n
            for n in self.graph.nodes
            if n in self.pos and (self.reveal_tier is None or self.node(n).tier.rank <= self.reveal_tier)
        ]
        return sorted(out, key=lambda n: (-self.pos[n][1], self.pos[n][0], n))

    def tiers(self) -> list[Tier]:
        return sorted({self.node(n).tier for n in self.graph.nodes}, key=lambda t: t.rank)

    def pathway_of(self, node_id: str) -> str:
        """The pathway whose file defines a node ("" if unknown)."""
        file = self.bundle.node_files.get(node_id)
        for pid, p in self.bundle.pathways.items():
            if file is not None and p.file == file:
                return pid
        for pid, p in self.bundle.pathways.items():
            if node_id in p.node_ids:
                return pid
        return ""

    def pixels(self) -> dict[str, tuple[float, float]]:
        """Node positions in pixels: layout units × 100, y flipped (drugs at the top)."""
        return {
            n: (round(x * PIXELS_PER_UNIT, 2) + 0.0, round(-y * PIXELS_PER_UNIT, 2) + 0.0)
            for n, (x, y) in self.pos.items()
            if n in self.graph
        }

    # ------------------------------------------------------------ edges

    def edges(self) -> list[Edge]:
        """Every bundle edge shown in the view, once, in graph order."""
        out: list[Edge] = []
        seen: set[str] = set()
        for _, _, data in self.graph.edges(data=True):
            for key in data.get("keys", ()):
                if key not in seen:
                    seen.add(key)
                    out.append(self.bundle.edges[key])
        return out

    def edges_into(self, node_id: str) -> list[Edge]:
        g = self.graph
        if node_id not in g:
            return []
        return [self.bundle.edges[k] for u in g.predecessors(node_id) for k in g[u][node_id]["keys"]]

    def edges_out_of(self, node_id: str) -> list[Edge]:
        g = self.graph
        if node_id not in g:
            return []
        return [self.bundle.edges[k] for v in g.successors(node_id) for k in g[node_id][v]["keys"]]

    def has_edge(self, key: str) -> bool:
        e = self.bundle.edges.get(key)
        return e is not None and self.graph.has_edge(e.source, e.target) and key in self.graph[e.source][e.target]["keys"]

    # ------------------------------------------------------------ citations

    def citation(self, source: Source) -> Citation:
        ref: Reference | None = self.bundle.references.get(source.ref)
        owner = self.bundle.quoted_from(source)
        owner_ref = self.bundle.references.get(owner) if owner else None
        return Citation(
            quoted_from=owner,
            writer=owner_ref.writer if owner_ref is not None else None,
            ref=source.ref,
            short=self.bundle.short(source.ref),
            doi=ref.doi if ref else None,
            pmid=ref.pmid if ref else None,
            link=ref.link if ref else None,
            text=source.text,
            quote=source.quote,
            note=source.note,
        )

    def citations(self, item: Edge | Node) -> list[Citation]:
        return [self.citation(s) for s in item.sources]

    def references(self) -> list[Reference]:
        """The references cited by the nodes and edges of the view, in bundle order."""
        cited: set[str] = set()
        for nid in self.graph.nodes:
            cited.update(s.ref for s in self.node(nid).sources)
        for e in self.edges():
            cited.update(s.ref for s in e.sources)
        return [r for rid, r in self.bundle.references.items() if rid in cited]

    def unselected(self) -> View:
        """The same view with no selection (what the browser highlights on top of)."""
        return replace(
            self, selected_node=None, selected_edge=None, selection_hidden=False, highlight_nodes=None, highlight_edges=None
        )

    def support_text(self, node_id: str) -> str:
        """How well a meeting point is supported, per drug (empty for other nodes)."""
        s = self.support.get(node_id)
        return s.summary() if s is not None and self.is_meeting(node_id) else ""


def side_words(side: Side, names: Mapping[str, str], pair: bool = True) -> str:
    """The one wording of each side."""
    a, b = names.get("a", "drug A"), names.get("b", "drug B")
    if not pair:
        return {
            Side.a: f"reached by {a}",
            Side.context: f"not reached by {a}" if names.get("drug") else "context",
            Side.unreached: "not reached under these filters",
        }.get(side, side.value)
    return {
        Side.a: f"reached by {a} only",
        Side.b: f"reached by {b} only",
        Side.shared: "reached by both (stated)",
        Side.inferred: "reached by both only by inference",
        Side.context: "context (reached by neither drug)",
        Side.unreached: "not reached under these filters",
    }[side]


def describe_filters(state: ViewState) -> str:
    parts = []
    if state.evidence:
        parts.append("evidence: " + ", ".join(Evidence(e).label for e in state.evidence))
    if state.status:
        parts.append("status: " + ", ".join(state.status))
    if state.region:
        parts.append("region: " + ", ".join(Region(r).label for r in state.region))
    if state.tier:
        parts.append("tier: " + ", ".join(state.tier))
    if state.conv_only:
        parts.append("only paths to convergent nodes")
    if state.detail == "core":
        parts.append("core mechanism only")
    return "; ".join(parts)


# ---------------------------------------------------------------- building


def resolve_pathways(bundle: Bundle, ids: Sequence[str]) -> list[str]:
    """Pathway ids, accepting drug node ids too ('ketamine' for the ketamine pathway)."""
    out = []
    for i in ids:
        if i in bundle.pathways:
            out.append(i)
            continue
        p = bundle.pathway_of_drug(i)
        if p is None:
            raise KeyError(f"no pathway '{i}'; choose from: {', '.join(sorted(bundle.pathways))}")
        out.append(p.id)
    return out


def _is_core(item: object) -> bool:
    return bool(getattr(item, "core", False))


def _core_marks(bundle: Bundle, pathway_ids: Iterable[str]) -> tuple[set[str], frozenset[str], list[str]]:
    """(core nodes, non-core edge keys to leave out, pathways that mark nothing as core)."""
    nodes: set[str] = set()
    drop: set[str] = set()
    unmarked: list[str] = []
    for pid in pathway_ids:
        p = bundle.pathways[pid]
        own_nodes = [bundle.nodes[n] for n in p.node_ids]
        own_edges = [bundle.edges[k] for k in p.edge_keys]
        if not any(_is_core(n) for n in own_nodes) and not any(_is_core(e) for e in own_edges):
            unmarked.append(pid)
            continue
        nodes.update(n.id for n in own_nodes if _is_core(n))
        drop.update(e.key for e in own_edges if not _is_core(e))
    return nodes, frozenset(drop), unmarked


def _route_nodes(bundle: Bundle, conv: Convergence) -> set[str]:
    """Nodes on the best-supported routes from either drug to each convergent node."""
    out: set[str] = set()
    for reach in (conv.a, conv.b):
        for route in _best(bundle, conv.causal, reach, conv.convergent).values():
            out.update(route.nodes)
    return out


def _loose_reach(g: nx.DiGraph, drug: str) -> set[str]:
    """Every node ``drug`` reaches along causal arrows, contexts ignored (for 'not reached under these filters')."""
    c = causal_view(g)
    return nx.descendants(c, drug) | {drug} if drug in c else set()


def _best(bundle: Bundle, causal: nx.DiGraph, reach: Reach, targets: Iterable[str]) -> dict[str, Route]:
    """Best route of ``reach``'s drug to each target: through its stated search where it reaches the
    target that way, through every arrow (inference) where it reaches it only so."""
    targets = list(targets)
    out = best_routes(bundle, reach.states, reach.start, [t for t in targets if t in reach.stated])
    rest = [t for t in targets if t not in out and t in reach.loose]
    if rest:
        out.update(best_routes(bundle, causal, reach.drug, rest))
    return out


def _layout_side(side: Side) -> str:
    """The layout's zones: meeting points (stated or inferred) in the middle, with the shared ones."""
    if side == Side.unreached:
        return "context"
    return "shared" if side == Side.inferred else side.value


_CACHE: OrderedDict[tuple, tuple[Bundle, View]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 48


def build_view(bundle: Bundle, state: ViewState, canvas: Canvas = SCREEN, *, title: str | None = None) -> View:
    """The view of ``state`` on ``bundle``; KeyError (with the choices) for an unknown drug or pathway.

    The filtered graph, convergence, routes and layout depend only on the
    drugs, filters and canvas and are kept for the next call (a click only
    changes the selection); the selection and lecture step are applied on top.
    """
    key = (id(bundle), state.without_selection(), canvas, title)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is bundle:
            _CACHE.move_to_end(key)
            base = hit[1]
        else:
            base = None
    if base is None:
        base = _build_base(bundle, state.without_selection(), canvas, title)
        with _CACHE_LOCK:
            _CACHE[key] = (bundle, base)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return _select(base, state)


def _build_base(bundle: Bundle, state: ViewState, canvas: Canvas, title: str | None) -> View:
    edge_filter = state.edge_filter
    if state.is_pair:
        pa, pb = drug_pathway(bundle, state.a), drug_pathway(bundle, state.b or "")
        ids: tuple[str, ...] = (pa.id, pb.id)
        shown = pathways_for_pair(bundle, ids)
        core_derived = False
        keep_core: set[str] | None = None
        if state.detail == "core":
            marked, drop, unmarked = _core_marks(bundle, shown)
            edge_filter = replace(edge_filter, drop=drop)
            keep_core = set(marked)
            if unmarked:
                core_derived = len(unmarked) == len(shown)
                derived = _route_nodes(bundle, converge(bundle, pa.id, pb.id, state.edge_filter))  # the data marks no core
                unmarked_nodes = {n for pid in unmarked for n in bundle.pathways[pid].node_ids}
                keep_core |= derived & unmarked_nodes if not core_derived else derived
            keep_core |= {pa.drug or pa.id, pb.drug or pb.id}
        whole = to_graph(bundle, shown)  # the one graph of this view; filters and display narrow it
        ever = _loose_reach(whole, pa.drug or pa.id) | _loose_reach(whole, pb.drug or pb.id)
        conv0 = converge(bundle, pa.id, pb.id, graph=filter_graph(bundle, whole, edge_filter))
        keep = display_nodes(conv0, state.region, state.tier, state.conv_only)
        if keep_core is not None:
            keep &= keep_core | {conv0.drug_a, conv0.drug_b}
        conv = conv0 if keep == set(conv0.graph.nodes) else converge(bundle, pa.id, pb.id, graph=conv0.graph, nodes=keep)
        stated, inferred = conv.stated_set, conv.inferred_set
        sides: dict[str, Side] = {}
        for n in conv.graph.nodes:
            in_a, in_b = n in conv.reach_a, n in conv.reach_b
            if n == conv.drug_a:
                sides[n] = Side.a
            elif n == conv.drug_b:
                sides[n] = Side.b
            elif n in stated:
                sides[n] = Side.shared
            elif n in inferred:
                sides[n] = Side.inferred
            elif in_a and not in_b:
                sides[n] = Side.a
            elif in_b and not in_a:
                sides[n] = Side.b
            elif n in ever:
                sides[n] = Side.unreached
            else:
                sides[n] = Side.context
        names = {"a": _drug_label(bundle, conv.drug_a), "b": _drug_label(bundle, conv.drug_b)}
        drugs = {"a": conv.drug_a, "b": conv.drug_b}
        support = _support(bundle, conv, names)
        graph = conv.graph
        default_title = f"{names['a']} and {names['b']}: where the mechanisms meet"
    else:
        (pid,) = resolve_pathways(bundle, [state.a])
        p = bundle.pathways[pid]
        ids = (pid,)
        core_derived = False
        if state.detail == "core":
            marked, drop, unmarked = _core_marks(bundle, [pid])
            edge_filter = replace(edge_filter, drop=drop)
        full = to_graph(bundle, [pid], edge_filter)
        agents = {p.drug} if p.drug else set()
        keep = filter_places(full, set(full.nodes), agents, state.region, state.tier)
        if state.detail == "core" and not unmarked:
            keep &= marked | agents
        graph = full.subgraph(keep).copy()
        causal = causal_view(graph)
        reach = (nx.descendants(causal, p.drug) | {p.drug}) if p.drug and p.drug in graph else set()
        ever_graph = causal_view(to_graph(bundle, [pid]))
        ever = (nx.descendants(ever_graph, p.drug) | {p.drug}) if p.drug and p.drug in ever_graph else set()
        sides = {
            n: Side.a if n in reach else (Side.unreached if n in ever else Side.context) for n in graph.nodes
        }
        names = {"a": _drug_label(bundle, p.drug) if p.drug else p.title}
        if p.drug:
            names["drug"] = p.drug
        drugs = {"a": p.drug} if p.drug else {}
        conv = None
        support = _single_support(bundle, graph, p.drug, names["a"], pid) if p.drug else {}
        default_title = p.title
    too_large = graph.number_of_nodes() > MAX_DRAWN_NODES
    placement: Placement | None = None
    if too_large:
        pos: Pos = {}
        labels = {n: (graph.nodes[n]["node"].label,) for n in graph.nodes}
    else:
        layout_sides = {n: _layout_side(s) for n, s in sides.items()} if conv is not None else None
        placement = layout_graph(
            graph,
            layout_sides,
            font_px=canvas.font_px,
            min_font_px=canvas.min_font_px,
            label_px=canvas.label_px,
            width_px=canvas.plot_width,
            height_px=canvas.plot_height,
            marker_px=canvas.marker_px,
            convergent_px=canvas.convergent_px,
        )
        pos = placement.pos
        labels = placement.labels
    return View(
        bundle=bundle,
        state=state,
        canvas=canvas,
        pathway_ids=ids,
        title=title or default_title,
        names=names,
        drugs=drugs,
        graph=graph,
        convergence=conv,
        sides=sides,
        support=support,
        pos=pos,
        labels=labels,
        placement=placement,
        core_derived=core_derived,
        too_large=too_large,
    )


def _drug_label(bundle: Bundle, drug: str | None) -> str:
    if drug and drug in bundle.nodes:
        return bundle.nodes[drug].label
    return drug or ""


#: further routes the details panel lists per drug and meeting point
OTHER_ROUTES = 3


def _support(bundle: Bundle, conv: Convergence, names: Mapping[str, str]) -> dict[str, Support]:
    """Per node either drug reaches: each drug's best route (stated, or by inference, with the borrowed
    steps named), shortest route and independent routes; further routes for the meeting points."""
    targets = [n for n in conv.graph.nodes if n in conv.reach_a or n in conv.reach_b]
    targets = [n for n in targets if n not in (conv.drug_a, conv.drug_b)]
    meeting = conv.convergent_set
    per_drug = []
    for side, reach, pathway in (("a", conv.a, conv.pathway_a.id), ("b", conv.b, conv.pathway_b.id)):
        per_drug.append((side, reach, pathway, *_drug_routes(bundle, conv.causal, reach, targets, meeting)))
    out: dict[str, Support] = {}
    for n in targets:
        choices = []
        for side, reach, pathway, best, short, independent, others in per_drug:
            route = best.get(n)
            stated = n in reach.stated
            choices.append(
                RouteChoice(
                    pathway=pathway,
                    drug=reach.drug,
                    name=names[side],
                    best=route,
                    shortest=short.get(n),
                    independent=independent.get(n, 0) if route is not None else 0,
                    strength=strength_words(bundle, route) if route is not None else "no route",
                    stated=stated,
                    borrowed=tuple(borrowed_steps(bundle, reach.drug, route.edge_keys)) if route and not stated else (),
                    others=tuple(others.get(n, ())),
                )
            )
        out[n] = Support(n, tuple(choices))
    return out


def _drug_routes(
    bundle: Bundle, causal: nx.DiGraph, reach: Reach, targets: Sequence[str], meeting: frozenset[str]
) -> tuple[dict[str, Route], dict[str, Route], dict[str, int], dict[str, list[Route]]]:
    """Best, shortest, independent-route counts and further routes of one drug (computed once per view)."""
    stated_t = [t for t in targets if t in reach.stated]
    loose_t = [t for t in targets if t not in reach.stated and t in reach.loose]
    best = _best(bundle, causal, reach, targets)
    short = shortest_routes(bundle, reach.states, reach.start, stated_t)
    if loose_t:
        short.update(shortest_routes(bundle, causal, reach.drug, loose_t))
    independent = independent_routes_to(reach.projection(), reach.drug, stated_t)
    if loose_t:
        independent.update(independent_routes_to(causal, reach.drug, loose_t))
    others: dict[str, list[Route]] = {}
    weights_s = route_weights(bundle, reach.states)
    weights_c: dict | None = None
    for t in targets:
        if t not in meeting or t not in best:
            continue
        if t in reach.stated:
            found = all_routes(bundle, reach.states, reach.start, t, limit=OTHER_ROUTES + 1, weights=weights_s)
        else:
            weights_c = weights_c if weights_c is not None else route_weights(bundle, causal)
            found = all_routes(bundle, causal, reach.drug, t, limit=OTHER_ROUTES + 1, weights=weights_c)
        others[t] = [r for r in found if r.edge_keys != best[t].edge_keys][:OTHER_ROUTES]
    return best, short, independent, others


def _single_support(bundle: Bundle, graph: nx.DiGraph, drug: str, name: str, pathway: str) -> dict[str, Support]:
    """Routes of a one-pathway view: the drug's route to every node it reaches."""
    causal = causal_view(graph)
    if drug not in causal:
        return {}
    reach = reach_of(bundle, causal, drug)
    targets = [n for n in graph.nodes if n in reach.loose and n != drug]
    best, short, independent, others = _drug_routes(bundle, causal, reach, targets, frozenset())
    out = {}
    for n in targets:
        route = best.get(n)
        stated = n in reach.stated
        out[n] = Support(
            n,
            (
                RouteChoice(
                    pathway=pathway,
                    drug=drug,
                    name=name,
                    best=route,
                    shortest=short.get(n),
                    independent=independent.get(n, 0) if route is not None else 0,
                    strength=strength_words(bundle, route) if route is not None else "no route",
                    stated=stated,
                    borrowed=tuple(borrowed_steps(bundle, drug, route.edge_keys)) if route and not stated else (),
                ),
            ),
        )
    return out


def _select(base: View, state: ViewState) -> View:
    """The base view with the selection, its highlights and the lecture step of ``state``."""
    node = state.node if state.node in base.bundle.nodes else None
    edge = state.edge if state.edge in base.bundle.edges else None
    hl_nodes: frozenset[str] | None = None
    hl_edges: frozenset[str] | None = None
    hidden = False
    if edge is not None:
        if base.has_edge(edge):
            e = base.bundle.edges[edge]
            hl_nodes, hl_edges = frozenset({e.source, e.target}), frozenset({edge})
        else:
            hidden = True
        node = None
    elif node is not None:
        if node in base.graph:
            hl_nodes, hl_edges = _highlight(base, node)
        else:
            hidden = True
    reveal = state.step if state.lecture else None
    return replace(
        base,
        state=state,
        selected_node=node,
        selected_edge=edge,
        selection_hidden=hidden,
        highlight_nodes=hl_nodes,
        highlight_edges=hl_edges,
        reveal_tier=reveal,
    )


def highlight_of(view: View, node_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a click on a node highlights: its routes from the drugs and onwards (nodes, edge keys)."""
    return _highlight(view, node_id)


def _highlight(view: View, node_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """Nodes and arrows upstream and downstream of a node (its routes from the drugs and onwards)."""
    if view.convergence is not None:
        nodes, edges = routes_through(view.convergence, node_id)
    else:
        nodes, edges = through(view.graph, node_id)
    return frozenset(nodes), frozenset(edges)


# ---------------------------------------------------------------- identifier links


def xref_link(curie: str) -> str | None:
    """The https resolver URL of a CURIE (see :func:`pathviz.io.xrefs.curie_link`)."""
    return curie_link(curie)


def xref_links(curies: Sequence[str]) -> list[str]:
    return [link for c in curies if (link := xref_link(c))]


__all__ = [
    "ALL",
    "Canvas",
    "Citation",
    "DETAILS",
    "LECTURE",
    "MAX_DRAWN_NODES",
    "MODES",
    "RouteChoice",
    "SCREEN",
    "SLIDE",
    "Side",
    "Support",
    "View",
    "ViewState",
    "build_view",
    "default_pair",
    "describe_filters",
    "resolve_pathways",
    "side_words",
    "slide_canvas",
    "state_from_params",
]
