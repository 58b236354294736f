"""Where two drugs meet: convergent nodes and the cited route from each drug.

For drugs A and B (any two drug pathways of a bundle), the graph is A's and
B's pathways plus every context pathway. A node is *convergent* when both
drug nodes reach it along directed edges. Convergent nodes split into

* **direct shared targets** — reached by both drugs through nothing but the
  drugs' own agents (e.g. a metabolite): both act on it directly;
* **downstream convergence** — the rest.

The *first meeting points* are the convergent nodes each drug reaches without
passing another convergent node: where the two cascades first touch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from itertools import islice

import networkx as nx

from pathviz.analysis.graph import ALL, EdgeFilter, best_edge, causal_view, pathways_for_pair, to_graph
from pathviz.model import Bundle, Edge, Node, Pathway, Source
from pathviz.vocab import NodeKind

AGENT_KINDS = {NodeKind.drug, NodeKind.metabolite}
MAX_ROUTE_STEPS = 10
MAX_ROUTES = 20


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

    def __len__(self) -> int:
        return len(self.steps)


@dataclass
class Convergence:
    """Result of :func:`converge` for one pair of drug pathways."""

    pathway_a: Pathway
    pathway_b: Pathway
    graph: nx.DiGraph  # every edge of the pair's pathways (for drawing)
    causal: nx.DiGraph  # the edges that carry effects (for reach and routes)
    reach_a: set[str]
    reach_b: set[str]
    convergent: list[str]
    direct: list[str]
    downstream: list[str]
    first_meeting: list[str]
    unique_a: list[str]
    unique_b: list[str]
    context: list[str]
    routes: dict[str, tuple[Route | None, Route | None]] = field(default_factory=dict)

    @property
    def drug_a(self) -> str:
        return self.pathway_a.drug or self.pathway_a.id

    @property
    def drug_b(self) -> str:
        return self.pathway_b.drug or self.pathway_b.id

    def side(self, node_id: str) -> str:
        """'a', 'b', 'shared' or 'context' — where the layout puts a node."""
        if node_id in self._convergent_set:
            return "shared"
        in_a, in_b = node_id in self.reach_a, node_id in self.reach_b
        if in_a and not in_b:
            return "a"
        if in_b and not in_a:
            return "b"
        own_a = node_id in self.pathway_a.node_ids
        own_b = node_id in self.pathway_b.node_ids
        if own_a and not own_b:
            return "a"
        if own_b and not own_a:
            return "b"
        return "context"

    def sides(self) -> dict[str, str]:
        return {n: self.side(n) for n in self.graph.nodes}

    @property
    def _convergent_set(self) -> set[str]:
        return set(self.convergent)


def drug_pathway(bundle: Bundle, name: str) -> Pathway:
    """A drug pathway by pathway id or drug node id; KeyError with the choices otherwise."""
    p = bundle.pathway_of_drug(name)
    if p is None or not p.is_drug:
        choices = ", ".join(sorted(q.id for q in bundle.drugs))
        raise KeyError(f"no drug pathway '{name}'; choose one of: {choices}")
    return p


def _reach(g: nx.DiGraph, start: str) -> set[str]:
    return nx.descendants(g, start) | {start} if start in g else set()


def _frontier(g: nx.DiGraph, start: str, stop: set[str]) -> set[str]:
    """Nodes of ``stop`` reached from ``start`` without passing another ``stop`` node."""
    seen = {start}
    hit: set[str] = set()
    queue = deque([start])
    while queue:
        u = queue.popleft()
        for v in g.successors(u):
            if v in seen:
                continue
            seen.add(v)
            if v in stop:
                hit.add(v)
            else:
                queue.append(v)
    return hit


def _agents_reach(g: nx.DiGraph, drug: str) -> set[str]:
    """Nodes reached through the drug's own agents only (drug → metabolite → target)."""
    agents = {drug}
    frontier = [drug]
    while frontier:
        nxt = []
        for u in frontier:
            for v in g.successors(u):
                if v not in agents and g.nodes[v]["node"].kind in AGENT_KINDS:
                    agents.add(v)
                    nxt.append(v)
        frontier = nxt
    out: set[str] = set()
    for a in agents:
        out.update(g.successors(a))
    return out - agents


def to_route(bundle: Bundle, g: nx.DiGraph, node_path: list[str]) -> Route:
    steps = tuple(Step(best_edge(bundle, g, u, v)) for u, v in zip(node_path, node_path[1:]))
    return Route(node_path[0], node_path[-1], steps)


def shortest_route(bundle: Bundle, g: nx.DiGraph, source: str, target: str) -> Route | None:
    """Shortest route by steps; among equally short ones, the best-supported."""
    if source not in g or target not in g:
        return None
    try:
        path = nx.shortest_path(g, source, target, weight="weight")
    except nx.NetworkXNoPath:
        return None
    return to_route(bundle, g, path)


def all_routes(
    bundle: Bundle,
    g: nx.DiGraph,
    source: str,
    target: str,
    *,
    max_steps: int = MAX_ROUTE_STEPS,
    limit: int = MAX_ROUTES,
) -> list[Route]:
    """Every simple route up to ``max_steps`` steps (at most ``limit``), shortest first."""
    if source not in g or target not in g or source == target:
        return []
    paths: Iterator[list[str]] = nx.shortest_simple_paths(g, source, target, weight="weight")
    out = []
    for p in islice(paths, limit):
        if len(p) - 1 > max_steps:
            break
        out.append(to_route(bundle, g, p))
    return out


def converge(
    bundle: Bundle,
    a: str,
    b: str,
    edge_filter: EdgeFilter = ALL,
) -> Convergence:
    """Convergence of drug pathways ``a`` and ``b`` (pathway or drug ids)."""
    pa, pb = drug_pathway(bundle, a), drug_pathway(bundle, b)
    full = to_graph(bundle, pathways_for_pair(bundle, [pa.id, pb.id]), edge_filter)
    g = causal_view(full)
    da, db = pa.drug or pa.id, pb.drug or pb.id
    reach_a, reach_b = _reach(g, da), _reach(g, db)
    shared = (reach_a & reach_b) - {da, db}
    order = _display_order(g)
    convergent = sorted(shared, key=order.__getitem__)
    direct_a, direct_b = _agents_reach(g, da), _agents_reach(g, db)
    direct = [n for n in convergent if n in direct_a and n in direct_b]
    downstream = [n for n in convergent if n not in set(direct)]
    first = _frontier(g, da, shared) & _frontier(g, db, shared)
    result = Convergence(
        pathway_a=pa,
        pathway_b=pb,
        graph=full,
        causal=g,
        reach_a=reach_a,
        reach_b=reach_b,
        convergent=convergent,
        direct=direct,
        downstream=downstream,
        first_meeting=[n for n in convergent if n in first],
        unique_a=sorted(reach_a - reach_b, key=order.__getitem__),
        unique_b=sorted(reach_b - reach_a, key=order.__getitem__),
        context=sorted(set(full.nodes) - reach_a - reach_b, key=order.__getitem__),
    )
    for n in convergent:
        result.routes[n] = (shortest_route(bundle, g, da, n), shortest_route(bundle, g, db, n))
    return result


def _display_order(g: nx.DiGraph) -> dict[str, tuple[int, str]]:
    """Sort key: tier from top to bottom, then label."""
    return {
        n: (data["node"].tier.rank, data["node"].label.lower())
        for n, data in g.nodes(data=True)
    }


def neighbourhood(g: nx.DiGraph, node_id: str, depth: int = 1, direction: str = "both") -> set[str]:
    """Nodes within ``depth`` steps upstream, downstream or both (the node included)."""
    if node_id not in g:
        return set()
    out = {node_id}
    if direction in ("up", "both"):
        out |= set(nx.single_source_shortest_path_length(g.reverse(copy=False), node_id, cutoff=depth))
    if direction in ("down", "both"):
        out |= set(nx.single_source_shortest_path_length(g, node_id, cutoff=depth))
    return out


def upstream(g: nx.DiGraph, node_id: str) -> set[str]:
    return nx.ancestors(g, node_id) if node_id in g else set()


def downstream(g: nx.DiGraph, node_id: str) -> set[str]:
    return nx.descendants(g, node_id) if node_id in g else set()


def routes_through(conv: Convergence, node_id: str) -> tuple[set[str], set[str]]:
    """Nodes and edge keys on the cited routes from either drug to (and on from) a node.

    Used to highlight a selection: the node's routes from both drugs plus what
    it leads to downstream.
    """
    bundle_nodes: set[str] = set()
    edges: set[str] = set()
    g = conv.causal
    if node_id not in g:
        return bundle_nodes, edges
    up = nx.ancestors(g, node_id) | {node_id}
    down = nx.descendants(g, node_id) | {node_id}
    keep = up | down
    for u, v, data in g.edges(data=True):
        if (u in up and v in up) or (u in down and v in down):
            edges.update(data["keys"])
    bundle_nodes = keep
    return bundle_nodes, edges


def outcomes(g: nx.DiGraph) -> list[str]:
    """Nodes of the clinical tier (effects, side effects)."""
    return [n for n, d in g.nodes(data=True) if d["node"].tier.value == "clinical"]


def describe_nodes(bundle: Bundle, ids: Collection[str]) -> list[Node]:
    return [bundle.nodes[i] for i in ids if i in bundle.nodes]


def display_nodes(
    conv: Convergence,
    regions: Collection[str] = (),
    tiers: Collection[str] = (),
    convergent_routes_only: bool = False,
) -> set[str]:
    """Nodes to draw under the view filters (drug nodes are always kept).

    ``regions``/``tiers`` keep nodes of those brain regions / tiers;
    ``convergent_routes_only`` keeps the nodes on some route from either drug
    to a convergent node, and the convergent nodes themselves.
    """
    g = conv.graph
    keep = set(g.nodes)
    agents = {conv.drug_a, conv.drug_b}
    if convergent_routes_only:
        on_route: set[str] = set(conv.convergent)
        reach = conv.reach_a | conv.reach_b
        for n in conv.convergent:
            on_route |= nx.ancestors(conv.causal, n) & reach
        keep &= on_route | agents
    if regions:
        wanted = set(regions)
        keep = {n for n in keep if n in agents or (g.nodes[n]["node"].region and g.nodes[n]["node"].region.value in wanted)}
    if tiers:
        wanted = set(tiers)
        keep = {n for n in keep if n in agents or g.nodes[n]["node"].tier.value in wanted}
    return keep
