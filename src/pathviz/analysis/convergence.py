"""Where two drugs meet: meeting points, stated or inferred, and the cited route from each drug.

For drugs A and B (any two drug pathways of a bundle), the graph is A's and
B's pathways plus every context pathway. Each drug's reach honours the context
of every arrow (:mod:`pathviz.analysis.reach`). A node both drugs reach is a
*meeting point*:

* **stated** — each drug reaches it through sentences about that drug or general
  biology (and without jumping from one brain region to another);
* **inferred** — both reach it only when contexts are ignored: at least one drug
  gets there only by chaining another drug's sentence or a region jump.

Meeting points split into **direct shared targets** (reached by both drugs
through nothing but their own agents, e.g. a metabolite) and **downstream
convergence**. The *first meeting points* are the stated meeting points each drug
reaches by its own sentences without passing another stated meeting point.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from pathviz.analysis.graph import ALL, EdgeFilter, causal_view, pathways_for_pair, to_graph
from pathviz.analysis.reach import Reach, reach_of
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
    a: Reach  # drug A's reach (stated and loose)
    b: Reach
    stated: list[str]  # meeting points each drug reaches by its own or general sentences
    inferred: list[str]  # meeting points reached by both only by inference
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
    def reach_a(self) -> frozenset[str]:
        """Every node drug A reaches, stated or by inference."""
        return self.a.loose

    @property
    def reach_b(self) -> frozenset[str]:
        return self.b.loose

    @property
    def convergent(self) -> list[str]:
        """Every meeting point, stated first then inferred, each in display order."""
        return self.stated + self.inferred

    @property
    def convergent_set(self) -> frozenset[str]:
        return frozenset(self.convergent)

    def kind(self, node: str) -> str:
        """'stated', 'inferred' or '' (not a meeting point)."""
        if node in self.stated_set:
            return "stated"
        if node in self.inferred_set:
            return "inferred"
        return ""

    @property
    def stated_set(self) -> frozenset[str]:
        return frozenset(self.stated)

    @property
    def inferred_set(self) -> frozenset[str]:
        return frozenset(self.inferred)

    def reach(self, drug: str) -> Reach:
        return self.a if drug == self.drug_a else self.b


def drug_pathway(bundle: Bundle, name: str) -> Pathway:
    """A drug pathway by pathway id or drug node id; KeyError with the choices otherwise."""
    p = bundle.pathway_of_drug(name)
    if p is None or not p.is_drug:
        choices = ", ".join(sorted(q.id for q in bundle.drugs))
        raise KeyError(f"no drug pathway '{name}'; choose one of: {choices}")
    return p


def _frontier(g: nx.DiGraph, start: str, stop: set[str]) -> set[str]:
    """Nodes of ``stop`` reached from ``start`` without passing another ``stop`` node."""
    if start not in g:
        return set()
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
    if drug not in g:
        return set()
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
    graph: nx.DiGraph | None = None,
) -> Convergence:
    """Convergence of drug pathways ``a`` and ``b`` (pathway or drug ids).

    ``graph``: the pair's graph already built (and filtered); otherwise it is built
    from the bundle under ``edge_filter``. With ``nodes``, only those nodes (and the
    edges between them) count: reach and convergence are then what the arrows among
    those nodes show.
    """
    pa, pb = drug_pathway(bundle, a), drug_pathway(bundle, b)
    full = graph if graph is not None else to_graph(bundle, pathways_for_pair(bundle, [pa.id, pb.id]), edge_filter)
    if nodes is not None:
        full = full.subgraph(set(nodes)).copy()
    g = causal_view(full)
    da, db = pa.drug or pa.id, pb.drug or pb.id
    ra, rb = reach_of(bundle, g, da), reach_of(bundle, g, db)
    order = _display_order(g)
    stated = sorted((ra.stated & rb.stated) - {da, db}, key=order.__getitem__)
    inferred = sorted((ra.loose & rb.loose) - set(stated) - {da, db}, key=order.__getitem__)
    pa_g, pb_g = ra.projection(), rb.projection()
    direct_a, direct_b = _agents_reach(pa_g, da), _agents_reach(pb_g, db)
    direct = [n for n in stated if n in direct_a and n in direct_b]
    downstream = [n for n in stated + inferred if n not in set(direct)]
    stop = set(stated)
    first = _frontier(pa_g, da, stop) & _frontier(pb_g, db, stop)
    return Convergence(
        pathway_a=pa,
        pathway_b=pb,
        graph=full,
        causal=g,
        a=ra,
        b=rb,
        stated=stated,
        inferred=inferred,
        direct=direct,
        downstream=downstream,
        first_meeting=[n for n in stated if n in first],
        unique_a=sorted(ra.loose - rb.loose, key=order.__getitem__),
        unique_b=sorted(rb.loose - ra.loose, key=order.__getitem__),
        context=sorted(set(full.nodes) - ra.loose - rb.loose, key=order.__getitem__),
    )


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
