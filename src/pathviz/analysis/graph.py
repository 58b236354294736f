"""A networkx view of a bundle, optionally restricted by evidence and status.

Nodes carry the :class:`~pathviz.model.Node` under ``"node"``; each directed
pair ``(u, v)`` carries the keys of the bundle's edges between them under
``"keys"`` (two edges may join the same pair with different relations).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import networkx as nx

from pathviz.model import Bundle, Edge
from pathviz.vocab import Evidence, Relation, Status

# relations along which a drug's effect propagates; `associated_with` is a
# correlation (its direction says nothing about cause) and stops propagation
CAUSAL = frozenset(Relation) - {Relation.associated_with}


@dataclass(frozen=True)
class EdgeFilter:
    """Which edges count. ``None`` means "any"."""

    evidence: frozenset[Evidence] | None = None
    status: frozenset[Status] | None = None
    drop: frozenset[str] = frozenset()  # edge keys left out (e.g. side routes in the core view)

    @classmethod
    def of(
        cls,
        evidence: Iterable[Evidence | str] | None = None,
        status: Iterable[Status | str] | None = None,
    ) -> EdgeFilter:
        return cls(
            frozenset(Evidence(e) for e in evidence) if evidence is not None else None,
            frozenset(Status(s) for s in status) if status is not None else None,
        )

    def allows(self, edge: Edge) -> bool:
        if edge.key in self.drop:
            return False
        if self.evidence is not None and edge.evidence not in self.evidence:
            return False
        if self.status is not None and edge.status not in self.status:
            return False
        return True

    @property
    def is_all(self) -> bool:
        return self.evidence is None and self.status is None and not self.drop


ALL = EdgeFilter()


def pathways_for_pair(bundle: Bundle, drug_pathways: Collection[str]) -> list[str]:
    """The drug pathways asked for plus every context (non-drug) pathway."""
    chosen = [p for p in drug_pathways if p in bundle.pathways]
    return chosen + [p.id for p in bundle.pathways.values() if not p.is_drug and p.id not in chosen]


def to_graph(
    bundle: Bundle,
    pathways: Collection[str] | None = None,
    edge_filter: EdgeFilter = ALL,
) -> nx.DiGraph:
    """Directed graph of the given pathways (all by default), edges filtered.

    Every node of the chosen pathways is present even when a filter removes
    all its edges, so a view never loses nodes silently.
    """
    chosen = list(bundle.pathways) if pathways is None else list(pathways)
    g = nx.DiGraph()
    for pid in chosen:
        p = bundle.pathways[pid]
        for nid in p.node_ids:
            if nid not in g:
                g.add_node(nid, node=bundle.nodes[nid])
        for key in p.edge_keys:
            e = bundle.edges[key]
            for end in (e.source, e.target):
                if end not in g:
                    g.add_node(end, node=bundle.nodes[end])
            if not edge_filter.allows(e):
                continue
            causal = e.relation in CAUSAL
            if g.has_edge(e.source, e.target):
                data = g[e.source][e.target]
                if key not in data["keys"]:
                    data["keys"].append(key)
                    data["causal"] = data["causal"] or causal
            else:
                g.add_edge(e.source, e.target, keys=[key], causal=causal)
    return g


def causal_view(g: nx.DiGraph) -> nx.DiGraph:
    """The edges that carry an effect onward (no mere associations)."""
    return nx.subgraph_view(g, filter_edge=lambda u, v: g[u][v]["causal"])


def filter_graph(bundle: Bundle, g: nx.DiGraph, edge_filter: EdgeFilter) -> nx.DiGraph:
    """A copy of ``g`` keeping only the bundle edges ``edge_filter`` allows (every node kept)."""
    if edge_filter.is_all:
        return g
    out = nx.DiGraph()
    out.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        keys = [k for k in data["keys"] if edge_filter.allows(bundle.edges[k])]
        if keys:
            out.add_edge(u, v, keys=keys, causal=any(bundle.edges[k].relation in CAUSAL for k in keys))
    return out
