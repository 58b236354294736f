"""Routes and support of a view: each drug's route to each node it reaches, stated or inferred.

Computed once per view from the drugs' reach (:mod:`pathviz.analysis.reach`); nothing else
computes routes: the details panel, ``pathviz explain``, the deck and the exports read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from pathviz.analysis.convergence import (
    Convergence,
)
from pathviz.analysis.graph import (
    causal_view,
)
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
from pathviz.model import Bundle

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


def _route_nodes(bundle: Bundle, conv: Convergence) -> set[str]:
    """Nodes on the best-supported routes from either drug to each convergent node."""
    out: set[str] = set()
    for reach in (conv.a, conv.b):
        for route in _best(bundle, conv.causal, reach, conv.convergent).values():
            out.update(route.nodes)
    return out



def _best(bundle: Bundle, causal: nx.DiGraph, reach: Reach, targets: Iterable[str]) -> dict[str, Route]:
    """Best route of ``reach``'s drug to each target: through its stated search where it reaches the
    target that way, through every arrow (inference) where it reaches it only so."""
    targets = list(targets)
    out = best_routes(bundle, reach.states, reach.start, [t for t in targets if t in reach.stated])
    rest = [t for t in targets if t not in out and t in reach.loose]
    if rest:
        out.update(best_routes(bundle, causal, reach.drug, rest))
    return out

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
