"""Cited routes from a drug to a node, best-supported first.

A route's *support* is that of its weakest step. A step is ranked first by its
status (established > contested > hypothesis), then by the kind of study
behind it (see :data:`EVIDENCE_ORDER`). The **best-supported route** is the
one whose weakest step is strongest; among those, the one with the fewest
steps, then the one whose other steps are strongest, then the one with most
cited sources. The **shortest route** has the fewest steps (ties broken the
same way); it is shown too when it differs from the best-supported one.

How it is found: the distinct step ranks are tried from strongest to weakest;
for each, a Dijkstra search from the drug over the steps at least that strong
fixes the routes of every node that first becomes reachable — so the weakest
step of each route is as strong as it can be (a bottleneck path), and within
that level it is the shortest by steps.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from pathviz.analysis.graph import CAUSAL
from pathviz.model import Bundle, Edge, Source
from pathviz.vocab import Evidence, Status

#: strongest first
STATUS_ORDER: tuple[Status, ...] = (Status.established, Status.contested, Status.hypothesis)
#: strongest first; a kind of evidence missing here ranks last
EVIDENCE_ORDER: tuple[str, ...] = ("human", "database", "review", "in_vitro", "animal", "secondary")


def status_rank(status: Status) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def evidence_rank(evidence: Evidence) -> int:
    value = getattr(evidence, "value", evidence)
    return EVIDENCE_ORDER.index(value) if value in EVIDENCE_ORDER else len(EVIDENCE_ORDER)


def step_rank(edge: Edge) -> tuple[int, int]:
    """(status rank, evidence rank): smaller is stronger."""
    return status_rank(edge.status), evidence_rank(edge.evidence)


@dataclass(frozen=True)
class Step:
    """One cited step of a route."""

    edge: Edge

    @property
    def source(self) -> str:
        return self.edge.source

    @property
    def target(self) -> str:
        return self.edge.target

    @property
    def sources(self) -> list[Source]:
        return list(self.edge.sources)


@dataclass(frozen=True)
class Route:
    drug: str
    target: str
    steps: tuple[Step, ...]

    @property
    def nodes(self) -> list[str]:
        if not self.steps:
            return [self.drug]
        return [self.steps[0].source] + [s.target for s in self.steps]

    @property
    def edge_keys(self) -> list[str]:
        return [s.edge.key for s in self.steps]

    @property
    def weakest(self) -> tuple[int, int]:
        """Rank of the weakest step ((0, 0) for an empty route)."""
        return max((step_rank(s.edge) for s in self.steps), default=(0, 0))

    def __len__(self) -> int:
        return len(self.steps)


def pair_edge(bundle: Bundle, g: nx.DiGraph, u: str, v: str) -> Edge:
    """The best-supported causal bundle edge from u to v (strongest rank, then most sources)."""
    keys = g[u][v]["keys"]
    causal = [k for k in keys if bundle.edges[k].relation in CAUSAL] or keys
    return min((bundle.edges[k] for k in causal), key=lambda e: (step_rank(e), -len(e.sources), e.key))


def _weight(edge: Edge) -> float:
    """Steps count first; then how strong the step is; then how many sources it has."""
    s, e = step_rank(edge)
    return 1.0 + 0.01 * (s * 10 + e) / 40.0 + 0.0001 / (1 + len(edge.sources))


def _to_route(bundle: Bundle, g: nx.DiGraph, path: list[str]) -> Route:
    steps = tuple(Step(pair_edge(bundle, g, u, v)) for u, v in zip(path, path[1:]))
    return Route(path[0], path[-1], steps)


def best_routes(bundle: Bundle, g: nx.DiGraph, drug: str, targets: Collection[str]) -> dict[str, Route]:
    """The best-supported route from ``drug`` to each reachable target of the causal graph ``g``."""
    if drug not in g:
        return {}
    wanted = {t for t in targets if t in g and t != drug}
    ranks: dict[tuple[str, str], tuple[int, int]] = {}
    weights: dict[tuple[str, str], float] = {}
    for u, v in g.edges():
        e = pair_edge(bundle, g, u, v)
        ranks[(u, v)] = step_rank(e)
        weights[(u, v)] = _weight(e)
    out: dict[str, Route] = {}
    for level in sorted(set(ranks.values())):
        if not wanted - out.keys():
            break
        sub = nx.subgraph_view(g, filter_edge=lambda u, v, level=level: ranks[(u, v)] <= level)
        paths = nx.single_source_dijkstra_path(sub, drug, weight=lambda u, v, _d: weights[(u, v)])
        for t in wanted - out.keys():
            if t in paths:
                out[t] = _to_route(bundle, g, paths[t])
    return out


def shortest_routes(bundle: Bundle, g: nx.DiGraph, drug: str, targets: Collection[str]) -> dict[str, Route]:
    """The route with fewest steps from ``drug`` to each reachable target (ties: best-supported)."""
    if drug not in g:
        return {}
    weights = {(u, v): _weight(pair_edge(bundle, g, u, v)) for u, v in g.edges()}
    paths = nx.single_source_dijkstra_path(g, drug, weight=lambda u, v, _d: weights[(u, v)])
    return {t: _to_route(bundle, g, paths[t]) for t in targets if t in paths and t != drug}


def route_weights(bundle: Bundle, g: nx.DiGraph) -> dict[tuple[str, str], float]:
    """The step weight of every edge of ``g`` (see :func:`all_routes`); compute once for many calls."""
    return {(u, v): _weight(pair_edge(bundle, g, u, v)) for u, v in g.edges()}


def all_routes(
    bundle: Bundle,
    g: nx.DiGraph,
    source: str,
    target: str,
    *,
    max_steps: int = 10,
    limit: int = 20,
    weights: dict[tuple[str, str], float] | None = None,
) -> list[Route]:
    """Simple routes up to ``max_steps`` steps (at most ``limit``), fewest steps first.

    ``weights`` from :func:`route_weights` of the same graph saves recomputing them per call.
    """
    if source not in g or target not in g or source == target:
        return []
    if weights is None:
        weights = route_weights(bundle, g)
    out: list[Route] = []
    try:
        for path in nx.shortest_simple_paths(g, source, target, weight=lambda u, v, _d: weights[(u, v)]):
            if len(out) >= limit or len(path) - 1 > max_steps:
                break
            out.append(_to_route(bundle, g, path))
    except nx.NetworkXNoPath:
        return []
    return out


def independent_routes(g: nx.DiGraph, source: str, target: str, cap: int = 9) -> int:
    """How many routes from source to target share no intermediate node (at most ``cap``)."""
    return independent_routes_to(g, source, [target], cap).get(target, 0)


def independent_routes_to(g: nx.DiGraph, source: str, targets: Collection[str], cap: int = 9) -> dict[str, int]:
    """:func:`independent_routes` for many targets; the flow network is built once."""
    from networkx.algorithms.connectivity import build_auxiliary_node_connectivity, local_node_connectivity
    from networkx.algorithms.flow import build_residual_network

    if source not in g:
        return {}
    reach = nx.descendants(g, source)
    wanted = [t for t in targets if t in reach and t != source]
    if not wanted:
        return {}
    sub = nx.DiGraph(g.subgraph(reach | {source}))
    aux = build_auxiliary_node_connectivity(sub)
    residual = build_residual_network(aux, "capacity")
    out: dict[str, int] = {}
    for t in wanted:
        if sub.has_edge(source, t):
            # the direct arrow is one route; count the others without it
            h = nx.DiGraph(sub)
            h.remove_edge(source, t)
            rest = local_node_connectivity(h, source, t, cutoff=cap) if nx.has_path(h, source, t) else 0
            out[t] = min(cap, rest + 1)
        else:
            out[t] = min(cap, local_node_connectivity(sub, source, t, auxiliary=aux, residual=residual, cutoff=cap))
    return out


def strength_words(bundle: Bundle, route: Route) -> str:
    """How well a route is supported, in words: 'every step established; ...' or what it rests on."""
    if not route.steps:
        return "no steps"
    weak = [s for s in route.steps if s.edge.status != Status.established]
    if not weak:
        worst = max(route.steps, key=lambda s: evidence_rank(s.edge.evidence)).edge.evidence
        return f"every step established; weakest evidence: {worst.label}"

    def name(s: Step) -> str:
        return f"{bundle.nodes[s.source].label} → {bundle.nodes[s.target].label}"

    if len(weak) == 1:
        s = weak[0]
        return f"rests on one {s.edge.status.value} step: {name(s)}"
    kinds = ", ".join(f"{name(s)} ({s.edge.status.value})" for s in weak)
    return f"rests on {len(weak)} steps that are not established: {kinds}"
