"""Cited routes from a drug to a node, the mechanism the texts tell first.

A step is ranked first by whether it belongs to the core mechanism the sources
tell (``core: true``; in pathways that mark no core every step counts alike),
then by its status (established > hypothesis > contested: a contested step is
one the sources dispute, a hypothesis one they propose without disputing it),
then by the kind of study behind it (see :data:`EVIDENCE_ORDER`). A route is as
strong as its weakest step. The **best-supported route** is the one whose
weakest step is strongest — so a route along the core cascade wins over a side
route, and a side route through a disputed finding (the opioid receptor) never
outranks the main cascade; among equals, the one with the fewest steps, then the
one whose other steps are strongest, then the one with most cited sources. The
**shortest route** has the fewest steps (ties broken the same way); it is shown
too when it differs from the best-supported one.

How it is found: the distinct step ranks are tried from strongest to weakest;
for each, a Dijkstra search from the drug over the steps at least that strong
fixes the routes of every node that first becomes reachable — so the weakest
step of each route is as strong as it can be (a bottleneck path), and within
that level it is the shortest by steps.

The graph searched is either a plain causal graph (nodes are node ids) or a
drug's state graph from :mod:`pathviz.analysis.reach` (nodes are ``(node id,
regions)`` states, arrows only those the drug may cross); routes are returned by
node id either way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from pathviz.analysis.graph import CAUSAL
from pathviz.model import Bundle, Edge, Source
from pathviz.vocab import Evidence, Status

#: strongest first
STATUS_ORDER: tuple[Status, ...] = (Status.established, Status.hypothesis, Status.contested)
#: strongest first; a kind of evidence missing here ranks last
EVIDENCE_ORDER: tuple[str, ...] = ("human", "database", "review", "in_vitro", "animal", "secondary")


def status_rank(status: Status) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def evidence_rank(evidence: Evidence) -> int:
    value = getattr(evidence, "value", evidence)
    return EVIDENCE_ORDER.index(value) if value in EVIDENCE_ORDER else len(EVIDENCE_ORDER)


def step_rank(edge: Edge) -> tuple[int, int, int]:
    """(not core, status rank, evidence rank): smaller is stronger."""
    return (0 if edge.core else 1), status_rank(edge.status), evidence_rank(edge.evidence)


def node_of(state: object) -> str:
    """The node id of a search state (a state graph's ``(node, regions)`` or a plain node id)."""
    return state[0] if isinstance(state, tuple) else state  # type: ignore[return-value]


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
    def weakest(self) -> tuple[int, int, int]:
        """Rank of the weakest step ((0, 0, 0) for an empty route)."""
        return max((step_rank(s.edge) for s in self.steps), default=(0, 0, 0))

    def __len__(self) -> int:
        return len(self.steps)


def pair_edge(bundle: Bundle, g: nx.DiGraph, u: str, v: str) -> Edge:
    """The best-supported causal bundle edge from u to v (strongest rank, then most sources)."""
    keys = g[u][v]["keys"]
    causal = [k for k in keys if bundle.edges[k].relation in CAUSAL] or keys
    return min((bundle.edges[k] for k in causal), key=lambda e: (step_rank(e), -len(e.sources), e.key))


def _weight(edge: Edge) -> float:
    """Steps count first; then how strong the step is; then how many sources it has."""
    c, s, e = step_rank(edge)
    return 1.0 + 0.01 * (c * 40 + s * 10 + e) / 80.0 + 0.0001 / (1 + len(edge.sources))


def _to_route(bundle: Bundle, g: nx.DiGraph, path: list) -> Route:
    steps = tuple(Step(pair_edge(bundle, g, u, v)) for u, v in zip(path, path[1:]))
    return Route(node_of(path[0]), node_of(path[-1]), steps)


def _nearest(dist: dict, wanted: Collection[str]) -> dict[str, object]:
    """For each wanted node, its state with the least distance."""
    best: dict[str, object] = {}
    for state, d in dist.items():
        n = node_of(state)
        if n in wanted and (n not in best or d < dist[best[n]]):
            best[n] = state
    return best


def best_routes(bundle: Bundle, g: nx.DiGraph, drug: object, targets: Collection[str]) -> dict[str, Route]:
    """The best-supported route from ``drug`` (a node, or a start state) to each reachable target of ``g``."""
    if drug not in g:
        return {}
    wanted = {t for t in targets if t != node_of(drug)}
    ranks: dict[tuple, tuple[int, int, int]] = {}
    weights: dict[tuple, float] = {}
    for u, v in g.edges():
        e = pair_edge(bundle, g, u, v)
        ranks[(u, v)] = step_rank(e)
        weights[(u, v)] = _weight(e)
    out: dict[str, Route] = {}
    for level in sorted(set(ranks.values())):
        if not wanted - out.keys():
            break
        sub = nx.subgraph_view(g, filter_edge=lambda u, v, level=level: ranks[(u, v)] <= level)
        dist, paths = nx.single_source_dijkstra(sub, drug, weight=lambda u, v, _d: weights[(u, v)])
        for t, state in _nearest(dist, wanted - out.keys()).items():
            out[t] = _to_route(bundle, g, paths[state])
    return out


def shortest_routes(bundle: Bundle, g: nx.DiGraph, drug: object, targets: Collection[str]) -> dict[str, Route]:
    """The route with fewest steps from ``drug`` to each reachable target (ties: best-supported)."""
    if drug not in g:
        return {}
    weights = route_weights(bundle, g)
    dist, paths = nx.single_source_dijkstra(g, drug, weight=lambda u, v, _d: weights[(u, v)])
    wanted = {t for t in targets if t != node_of(drug)}
    return {t: _to_route(bundle, g, paths[state]) for t, state in _nearest(dist, wanted).items()}


def route_weights(bundle: Bundle, g: nx.DiGraph) -> dict[tuple, float]:
    """The step weight of every edge of ``g`` (see :func:`all_routes`); compute once for many calls."""
    return {(u, v): _weight(pair_edge(bundle, g, u, v)) for u, v in g.edges()}


_SINK = ("", None)


def all_routes(
    bundle: Bundle,
    g: nx.DiGraph,
    source: object,
    target: str,
    *,
    max_steps: int = 10,
    limit: int = 20,
    weights: dict[tuple, float] | None = None,
) -> list[Route]:
    """Simple routes up to ``max_steps`` steps (at most ``limit``), fewest steps first.

    ``weights`` from :func:`route_weights` of the same graph saves recomputing them per call.
    """
    if source not in g or node_of(source) == target:
        return []
    ends = [s for s in g.nodes if node_of(s) == target]
    if not ends:
        return []
    if weights is None:
        weights = route_weights(bundle, g)
    h, goal = g, ends[0]
    if len(ends) > 1 or isinstance(ends[0], tuple):
        h = nx.DiGraph(g)
        for end in ends:
            h.add_edge(end, _SINK, keys=[])
        goal = _SINK

    def weight(u: object, v: object, _d: dict) -> float:
        return 0.0 if v == _SINK else weights[(u, v)]

    out: list[Route] = []
    seen: set[tuple[str, ...]] = set()
    try:
        for path in nx.shortest_simple_paths(h, source, goal, weight=weight):
            if goal == _SINK:
                path = path[:-1]
            if len(out) >= limit or len(path) - 1 > max_steps:
                break
            route = _to_route(bundle, g, path)
            sig = tuple(route.edge_keys)
            if sig not in seen:  # two region states can spell the same route
                seen.add(sig)
                out.append(route)
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
