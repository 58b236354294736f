"""The objects of a view: :class:`Side`, :class:`Citation`, :class:`View`, and the words of each side."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum

import networkx as nx

from pathviz import __version__
from pathviz.analysis.convergence import (
    Convergence,
)
from pathviz.analysis.graph import (
    causal_view,
    pathways_for_pair,
)
from pathviz.layout.pair import Placement, Pos
from pathviz.model import Bundle, Edge, Node, Reference, Source
from pathviz.view.canvas import Canvas
from pathviz.view.state import ViewState, describe_filters
from pathviz.view.support import Support
from pathviz.vocab import Tier

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

    @classmethod
    def of(cls, bundle: Bundle, source: Source) -> Citation:
        """A source resolved against a bundle's references: the paper, and whose words the quote is."""
        ref: Reference | None = bundle.references.get(source.ref)
        owner = bundle.quoted_from(source)
        owner_ref = bundle.references.get(owner) if owner else None
        return cls(
            ref=source.ref,
            short=bundle.short(source.ref),
            doi=ref.doi if ref else None,
            pmid=ref.pmid if ref else None,
            link=ref.link if ref else None,
            text=source.text,
            quote=source.quote,
            note=source.note,
            quoted_from=owner,
            writer=owner_ref.writer if owner_ref is not None else None,
        )

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
        """Nodes drawn at the current lecture step (all when not stepping), top to bottom; of a view
        too large to draw, every node, by tier and label (what its text tables list)."""
        if self.too_large:
            return sorted(self.graph.nodes, key=lambda n: (self.node(n).tier.rank, self.node(n).label.lower(), n))
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
        return Citation.of(self.bundle, source)

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
