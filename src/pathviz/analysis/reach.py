"""How far a drug's cascade reaches, honouring the context each arrow's sentence holds in.

An arrow may say which drug(s) its sentence speaks of and in which brain region
(``Edge.context``). A drug's cascade continues through an arrow only when

* the arrow's context names that drug, or names no drug (general biology), and
* the arrow's region, if it has one, is compatible with the region the route is
  already in: a route that passed a prefrontal-cortex arrow does not continue
  through a hippocampus arrow (``vocab.region_within``: pfc lies within cortex,
  which lies within brain; hippocampus and amygdala within limbic, within brain).

What a drug reaches that way is *stated* for it. What it reaches only when contexts
are ignored — by chaining another drug's sentence, or by jumping from one region to
another — is *inferred*. Reach is a search over (node, region) states: the
:class:`Reach` keeps that state graph, and routes are found in it, so a route never
uses an arrow its drug may not cross.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from pathviz.analysis.graph import CAUSAL
from pathviz.model import Bundle, Edge
from pathviz.vocab import region_within

Regions = frozenset[str] | None  # None: the route is not yet placed in a region
State = tuple[str, Regions]


def compatible(current: Regions, regions: frozenset[str]) -> bool:
    """Whether a route in ``current`` may cross an arrow placed in ``regions``."""
    if not regions or current is None:
        return True
    return any(region_within(x, y) or region_within(y, x) for x in regions for y in current)


def narrowed(current: Regions, regions: frozenset[str]) -> Regions:
    """The region a route is in after crossing an arrow placed in ``regions`` (the more specific of each pair)."""
    if not regions:
        return current
    if current is None:
        return regions
    out = set()
    for x in regions:
        for y in current:
            if region_within(x, y):
                out.add(x)
            elif region_within(y, x):
                out.add(y)
    return frozenset(out) or regions


def crossable(edge: Edge, drug: str, current: Regions) -> bool:
    return edge.holds_for(drug) and compatible(current, edge.regions)


@dataclass(frozen=True)
class Reach:
    """What one drug reaches in a causal graph: by its own and general sentences (stated), and at all."""

    drug: str
    stated: frozenset[str]  # nodes reached through arrows in the drug's context or general, region-consistent
    loose: frozenset[str]  # nodes reached when contexts are ignored (every causal arrow)
    states: nx.DiGraph = field(repr=False, compare=False)  # (node, regions) states of the stated search
    plain: nx.DiGraph = field(repr=False, compare=False)  # the causal graph the loose search used

    @property
    def inferred(self) -> frozenset[str]:
        """Nodes the drug reaches only by inference (another drug's sentence or a region jump)."""
        return self.loose - self.stated

    def kind(self, node: str) -> str | None:
        """'stated', 'inferred', or None when the drug does not reach the node."""
        if node in self.stated:
            return "stated"
        if node in self.loose:
            return "inferred"
        return None

    @property
    def start(self) -> State:
        return (self.drug, None)

    def projection(self) -> nx.DiGraph:
        """The stated search as a graph of nodes: the arrows this drug may cross on some route."""
        g = nx.DiGraph()
        g.add_nodes_from((n, self.plain.nodes[n]) for n in self.stated)
        for (u, _), (v, _), data in self.states.edges(data=True):
            if g.has_edge(u, v):
                keys = g[u][v]["keys"]
                keys.extend(k for k in data["keys"] if k not in keys)
            else:
                g.add_edge(u, v, keys=list(data["keys"]), causal=True)
        return g


def causal_keys(bundle: Bundle, g: nx.DiGraph, u: str, v: str) -> list[str]:
    return [k for k in g[u][v]["keys"] if bundle.edges[k].relation in CAUSAL]


def reach_of(bundle: Bundle, causal: nx.DiGraph, drug: str) -> Reach:
    """The stated and loose reach of ``drug`` in the causal graph ``causal`` (see the module text)."""
    states = nx.DiGraph()
    if drug not in causal:
        return Reach(drug, frozenset(), frozenset(), states, causal)
    start: State = (drug, None)
    states.add_node(start)
    stack = [start]
    while stack:
        here = stack.pop()
        u, current = here
        for v in causal.successors(u):
            by_region: dict[Regions, list[str]] = {}
            for k in causal_keys(bundle, causal, u, v):
                e = bundle.edges[k]
                if crossable(e, drug, current):
                    by_region.setdefault(narrowed(current, e.regions), []).append(k)
            for regions, keys in by_region.items():
                there: State = (v, regions)
                if there not in states:
                    states.add_node(there)
                    stack.append(there)
                states.add_edge(here, there, keys=keys, causal=True)
    stated = frozenset(n for n, _ in states.nodes)
    loose = frozenset(nx.descendants(causal, drug) | {drug})
    return Reach(drug, stated, loose, states, causal)


def borrowed_steps(bundle: Bundle, drug: str, keys: Iterable[str]) -> list[tuple[str, str]]:
    """The steps of a route its drug may not cross by its own sentences, with why.

    Returns ``(edge key, reason)`` pairs: the reason names the drug(s) the arrow's
    sentence speaks of, or the region the route jumps to.
    """
    out: list[tuple[str, str]] = []
    current: Regions = None
    for k in keys:
        e = bundle.edges[k]
        if not e.holds_for(drug):
            names = ", ".join(_label(bundle, d) for d in sorted(e.drugs))
            out.append((k, f"a sentence about {names}"))
        elif not compatible(current, e.regions):
            where = ", ".join(sorted(current or ()))
            to = ", ".join(sorted(e.regions))
            out.append((k, f"a jump from {_region_words(where)} to {_region_words(to)}"))
            current = e.regions
            continue
        current = narrowed(current, e.regions)
    return out


def _label(bundle: Bundle, node: str) -> str:
    n = bundle.nodes.get(node)
    return n.label if n is not None else node


def _region_words(values: str) -> str:
    from pathviz.vocab import Region

    out = []
    for v in values.split(", "):
        try:
            out.append(Region(v).label)
        except ValueError:
            out.append(v)
    return " / ".join(out) if out else "no region"
