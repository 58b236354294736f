"""The data of one diagram view, shared by the interchange exporters.

An :class:`ExportView` is what a figure shows, without the drawing: the
bundle, the analysis graph of the pathways shown (nodes carry the model
``Node`` under ``"node"``, each directed pair the keys of its bundle edges
under ``"keys"``), the layout positions, each node's side and, for two drugs,
the :class:`~pathviz.analysis.convergence.Convergence`.

Build one with :func:`export_view` (analysis and layout only, no drawing
library) or, when a figure scene exists already, with
:meth:`ExportView.from_scene`, so an export and the slide show the same
positions.

Coordinates: layout positions are in layout units with y growing upwards
(tier 0, the drugs, at y = 0; lower tiers negative). :meth:`ExportView.pixels`
turns them into pixels for the interchange formats: x and y times 100, y
flipped so it grows downwards and the drugs are at the top. The shared column
stays centred on x = 0.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from pathviz import __version__
from pathviz.analysis.convergence import Convergence, converge
from pathviz.analysis.graph import ALL, EdgeFilter, pathways_for_pair, to_graph
from pathviz.io.xrefs import curie_link
from pathviz.layout.pair import layout_graph
from pathviz.model import Bundle, Edge, Node, Reference, Source

PIXELS_PER_UNIT = 100.0
GENERATOR = f"pathviz {__version__}"
JOIN = " | "


class ExportFileError(Exception):
    """An export file could not be written; the message names the file and the reason."""


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

    def as_dict(self) -> dict[str, str | None]:
        return {
            "ref": self.ref,
            "short": self.short,
            "doi": self.doi,
            "pmid": self.pmid,
            "link": self.link,
            "text": self.text,
            "quote": self.quote,
            "note": self.note,
        }

    def one_line(self) -> str:
        """'Krystal et al. 2019 (doi:10.1016/…, PMID:…): “quote”' — for formats with one text per edge."""
        out = self.short
        ids = [f"doi:{self.doi}" if self.doi else "", f"PMID:{self.pmid}" if self.pmid else ""]
        ids = [i for i in ids if i]
        if ids:
            out += " (" + ", ".join(ids) + ")"
        if self.quote:
            out += f": “{self.quote}”"
        return out


@dataclass(frozen=True)
class ExportView:
    """One view: bundle, graph, positions, sides and, for a pair, the convergence."""

    bundle: Bundle
    graph: nx.DiGraph
    pos: Mapping[str, tuple[float, float]]
    sides: Mapping[str, str]
    pathway_ids: tuple[str, ...]  # the pathways asked for (two drugs, or one pathway)
    convergence: Convergence | None = None
    title: str = ""
    _convergent: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        conv = frozenset(self.convergence.convergent) if self.convergence is not None else frozenset()
        object.__setattr__(self, "_convergent", conv)

    # ------------------------------------------------------------ builders

    @classmethod
    def from_scene(cls, scene: Any, pathway_ids: Sequence[str], title: str | None = None) -> ExportView:
        """From a :class:`pathviz.render.figure.Scene` (read by attribute; render is not imported)."""
        ids = tuple(_resolve_ids(scene.bundle, pathway_ids))
        return cls(
            bundle=scene.bundle,
            graph=scene.graph,
            pos=dict(scene.pos),
            sides=dict(scene.sides),
            pathway_ids=ids,
            convergence=scene.convergence,
            title=title or _default_title(scene.bundle, ids, scene.convergence),
        )

    # ------------------------------------------------------------ names

    @property
    def is_pair(self) -> bool:
        return self.convergence is not None

    @property
    def shown_pathways(self) -> list[str]:
        """The pathways the graph is built from (for a pair: both drugs and every context pathway)."""
        if self.convergence is not None:
            return pathways_for_pair(self.bundle, self.pathway_ids)
        return list(self.pathway_ids)

    @property
    def slug(self) -> str:
        return "-".join(self.pathway_ids)

    def graph_data(self) -> dict[str, str]:
        """Map-level facts every format writes (title, pathways, drugs, generator, units)."""
        out = {
            "title": self.title,
            "pathways": ",".join(self.pathway_ids),
            "shown_pathways": ",".join(self.shown_pathways),
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

    def side(self, node_id: str) -> str:
        return self.sides.get(node_id, "context")

    def convergent(self, node_id: str) -> bool:
        return node_id in self._convergent

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
        """Every bundle edge drawn in the view, once, in graph order."""
        out: list[Edge] = []
        seen: set[str] = set()
        for _, _, data in self.graph.edges(data=True):
            for key in data.get("keys", ()):
                if key not in seen:
                    seen.add(key)
                    out.append(self.bundle.edges[key])
        return out

    # ------------------------------------------------------------ citations

    def citation(self, source: Source) -> Citation:
        ref: Reference | None = self.bundle.references.get(source.ref)
        return Citation(
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


def _resolve_ids(bundle: Bundle, ids: Sequence[str]) -> list[str]:
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


def _default_title(bundle: Bundle, ids: Sequence[str], conv: Convergence | None) -> str:
    if conv is not None:
        a, b = bundle.nodes[conv.drug_a].label, bundle.nodes[conv.drug_b].label
        return f"{a} and {b}: where the mechanisms meet"
    return bundle.pathways[ids[0]].title if ids else "pathviz"


def export_view(
    bundle: Bundle,
    pathway_ids: Sequence[str],
    edge_filter: EdgeFilter = ALL,
    *,
    pos: Mapping[str, tuple[float, float]] | None = None,
    title: str | None = None,
    label_chars: int = 18,
    char_units: float = 0.08,
    max_width: float | None = None,
) -> ExportView:
    """The view of two drug pathways (with the context pathways) or of one pathway.

    Positions are computed with :func:`pathviz.layout.pair.layout_graph` unless
    ``pos`` is given; ``label_chars``, ``char_units`` and ``max_width`` are the
    layout's (pass a figure scale's values to match a figure exactly).
    Raises ``KeyError`` with the choices for an unknown pathway and
    ``ValueError`` for anything but one or two ids.
    """
    if not 1 <= len(pathway_ids) <= 2:
        raise ValueError("a view shows one pathway or two drug pathways")
    ids = _resolve_ids(bundle, pathway_ids)
    conv: Convergence | None = None
    if len(ids) == 2:
        conv = converge(bundle, ids[0], ids[1], edge_filter)
        g = conv.graph
        sides = conv.sides()
    else:
        g = to_graph(bundle, ids, edge_filter)
        sides = {n: "a" for n in g.nodes}
    if pos is None:
        pos = layout_graph(
            g,
            sides if conv is not None else None,
            label_chars=label_chars,
            char_units=char_units,
            max_width=max_width,
        )
    return ExportView(
        bundle=bundle,
        graph=g,
        pos=dict(pos),
        sides=sides,
        pathway_ids=tuple(ids),
        convergence=conv,
        title=title or _default_title(bundle, ids, conv),
    )


# ---------------------------------------------------------------- identifier links


def xref_link(curie: str) -> str | None:
    """The https resolver URL of a CURIE (see :func:`pathviz.io.xrefs.curie_link`)."""
    return curie_link(curie)


def xref_links(curies: Sequence[str]) -> list[str]:
    return [link for c in curies if (link := xref_link(c))]


# ---------------------------------------------------------------- files


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write text (newlines as given); OSError becomes :class:`ExportFileError`."""
    out = Path(path)
    try:
        with open(out, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise ExportFileError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
