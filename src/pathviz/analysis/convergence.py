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
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from pathviz.analysis.graph import ALL, EdgeFilter, causal_view, pathways_for_pair, to_graph
from pathviz.model import Bundle, Node, Pathway
from pathviz.vocab import NodeKind

AGENT_KINDS = {NodeKind.drug, NodeKind.metabolite}


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

    @property
    def drug_a(self) -> str:
        return self.pathway_a.drug or self.pathway_a.id

    @property
    def drug_b(self) -> str:
        return self.pathway_b.drug or self.pathway_b.id

    @property
    def convergent_set(self) -> frozenset[str]:
        return frozenset(self.convergent)


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


def converge(
    bundle: Bundle,
    a: str,
    b: str,
    edge_filter: EdgeFilter = ALL,
    nodes: Collection[str] | None = None,
) -> Convergence:
    """Convergence of drug pathways ``a`` and ``b`` (pathway or drug ids).

    With ``nodes``, only those nodes (and the edges between them) count: reach
    and convergence are then what the arrows among those nodes show.
    """
    pa, pb = drug_pathway(bundle, a), drug_pathway(bundle, b)
    full = to_graph(bundle, pathways_for_pair(bundle, [pa.id, pb.id]), edge_filter)
    if nodes is not None:
        full = full.subgraph(set(nodes)).copy()
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
    return through(conv.causal, node_id)


def through(g: nx.DiGraph, node_id: str) -> tuple[set[str], set[str]]:
    """Nodes upstream and downstream of a node in ``g``, and the edge keys among them (up or down)."""
    if node_id not in g:
        return set(), set()
    up = nx.ancestors(g, node_id) | {node_id}
    down = nx.descendants(g, node_id) | {node_id}
    edges = {
        k for u, v, data in g.edges(data=True) if (u in up and v in up) or (u in down and v in down) for k in data["keys"]
    }
    return up | down, edges


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
    return filter_places(g, keep, agents, regions, tiers)


def filter_places(
    g: nx.DiGraph, keep: set[str], agents: Collection[str], regions: Collection[str] = (), tiers: Collection[str] = ()
) -> set[str]:
    """``keep`` narrowed to nodes of the given brain regions and tiers (agents always kept)."""
    if regions:
        wanted = set(regions)
        keep = {n for n in keep if n in agents or (g.nodes[n]["node"].region and g.nodes[n]["node"].region.value in wanted)}
    if tiers:
        wanted = set(tiers)
        keep = {n for n in keep if n in agents or g.nodes[n]["node"].tier.value in wanted}
    return keep
