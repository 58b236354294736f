"""Building the one view: :func:`build_view` (cached per drugs, filters and canvas) and the selection on top."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace

import networkx as nx

from pathviz.analysis.convergence import (
    converge,
    display_nodes,
    drug_pathway,
    filter_places,
    routes_through,
    through,
)
from pathviz.analysis.graph import (
    causal_view,
    filter_graph,
    pathways_for_pair,
    to_graph,
)
from pathviz.io.xrefs import curie_link
from pathviz.layout.pair import Placement, Pos, layout_graph, place_on
from pathviz.model import Bundle
from pathviz.view.canvas import SCREEN, Canvas
from pathviz.view import objects
from pathviz.view.objects import Side, View
from pathviz.view.state import ViewState, clamp_step, resolve_pathways, step_rank
from pathviz.view.support import _route_nodes, _single_support, _support
from pathviz.vocab import Status

# ---------------------------------------------------------------- building


def _is_core(item: object) -> bool:
    return bool(getattr(item, "core", False))


def _core_marks(bundle: Bundle, pathway_ids: Iterable[str]) -> tuple[set[str], frozenset[str], list[str]]:
    """(core nodes, non-core edge keys to leave out, pathways that mark nothing as core)."""
    nodes: set[str] = set()
    drop: set[str] = set()
    unmarked: list[str] = []
    for pid in pathway_ids:
        p = bundle.pathways[pid]
        # the nodes this pathway's file defines (not the shared nodes its arrows end on): a pathway that
        # marks nothing as core is not "marked" because it points at a core node defined elsewhere
        own_nodes = [bundle.nodes[n] for n in p.node_ids if bundle.node_files.get(n, p.file) == p.file]
        own_edges = [bundle.edges[k] for k in p.edge_keys]
        if not any(_is_core(n) for n in own_nodes) and not any(_is_core(e) for e in own_edges):
            unmarked.append(pid)
            continue
        nodes.update(n.id for n in own_nodes if _is_core(n))
        drop.update(e.key for e in own_edges if not _is_core(e))
    return nodes, frozenset(drop), unmarked

def _loose_reach(g: nx.DiGraph, drug: str) -> set[str]:
    """Every node ``drug`` reaches along causal arrows, contexts ignored (for 'not reached under these filters')."""
    c = causal_view(g)
    return nx.descendants(c, drug) | {drug} if drug in c else set()

def _layout_side(side: Side) -> str:
    """The layout's zones: meeting points (stated or inferred) in the middle, with the shared ones."""
    if side == Side.unreached:
        return "context"
    return "shared" if side == Side.inferred else side.value


_CACHE: OrderedDict[tuple, tuple[Bundle, View]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 48


def build_view(bundle: Bundle, state: ViewState, canvas: Canvas = SCREEN, *, title: str | None = None) -> View:
    """The view of ``state`` on ``bundle``; KeyError (with the choices) for an unknown drug or pathway.

    The filtered graph, convergence, routes and layout depend only on the
    drugs, filters and canvas and are kept for the next call (a click only
    changes the selection); the selection and lecture step are applied on top.
    """
    key = (id(bundle), state.without_selection(), canvas, title)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0] is bundle:
            _CACHE.move_to_end(key)
            base = hit[1]
        else:
            base = None
    if base is None:
        base = _build_base(bundle, state.without_selection(), canvas, title)
        with _CACHE_LOCK:
            _CACHE[key] = (bundle, base)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return _select(base, state)


def _build_base(bundle: Bundle, state: ViewState, canvas: Canvas, title: str | None) -> View:
    edge_filter = state.edge_filter
    if state.is_pair:
        pa, pb = drug_pathway(bundle, state.a), drug_pathway(bundle, state.b or "")
        ids: tuple[str, ...] = (pa.id, pb.id)
        shown = pathways_for_pair(bundle, ids)
        whole = to_graph(bundle, shown)  # the one graph of this view; filters and display narrow it
        core_derived = False
        keep_core: set[str] | None = None
        if state.detail == "core":
            marked, drop, unmarked = _core_marks(bundle, shown)
            edge_filter = replace(edge_filter, drop=drop)
            keep_core = set(marked)
            if unmarked:
                core_derived = len(unmarked) == len(shown)
                # the data marks no core: the nodes on the best-supported routes to the meeting points
                derived = _route_nodes(bundle, converge(bundle, pa.id, pb.id, graph=filter_graph(bundle, whole, state.edge_filter)))
                unmarked_nodes = {n for pid in unmarked for n in bundle.pathways[pid].node_ids}
                keep_core |= derived & unmarked_nodes if not core_derived else derived
            keep_core |= {pa.drug or pa.id, pb.drug or pb.id}
        ever = _loose_reach(whole, pa.drug or pa.id) | _loose_reach(whole, pb.drug or pb.id)
        conv0 = converge(bundle, pa.id, pb.id, graph=filter_graph(bundle, whole, edge_filter))
        keep = display_nodes(conv0, state.region, state.tier, state.conv_only)
        if keep_core is not None:
            keep &= keep_core | {conv0.drug_a, conv0.drug_b}
        conv = conv0 if keep == set(conv0.graph.nodes) else converge(bundle, pa.id, pb.id, graph=conv0.graph, nodes=keep)
        stated, inferred = conv.stated_set, conv.inferred_set
        sides: dict[str, Side] = {}
        for n in conv.graph.nodes:
            in_a, in_b = n in conv.reach_a, n in conv.reach_b
            if n == conv.drug_a:
                sides[n] = Side.a
            elif n == conv.drug_b:
                sides[n] = Side.b
            elif n in stated:
                sides[n] = Side.shared
            elif n in inferred:
                sides[n] = Side.inferred
            elif in_a and not in_b:
                sides[n] = Side.a
            elif in_b and not in_a:
                sides[n] = Side.b
            elif n in ever:
                sides[n] = Side.unreached
            else:
                sides[n] = Side.context
        names = {"a": bundle.drug_name(conv.drug_a), "b": bundle.drug_name(conv.drug_b)}
        drugs = {"a": conv.drug_a, "b": conv.drug_b}
        support = _support(bundle, conv, names)
        graph = conv.graph
        default_title = f"{names['a']} and {names['b']}: where the mechanisms meet"
    else:
        (pid,) = resolve_pathways(bundle, [state.a])
        p = bundle.pathways[pid]
        ids = (pid,)
        core_derived = False
        if state.detail == "core":
            marked, drop, unmarked = _core_marks(bundle, [pid])
            edge_filter = replace(edge_filter, drop=drop)
        full = to_graph(bundle, [pid], edge_filter)
        agents = {p.drug} if p.drug else set()
        keep = filter_places(full, set(full.nodes), agents, state.region, state.tier)
        if state.detail == "core" and not unmarked:
            keep &= marked | agents
        graph = full.subgraph(keep).copy()
        causal = causal_view(graph)
        reach = (nx.descendants(causal, p.drug) | {p.drug}) if p.drug and p.drug in graph else set()
        ever_graph = causal_view(to_graph(bundle, [pid]))
        ever = (nx.descendants(ever_graph, p.drug) | {p.drug}) if p.drug and p.drug in ever_graph else set()
        sides = {
            n: Side.a if n in reach else (Side.unreached if n in ever else Side.context) for n in graph.nodes
        }
        names = {"a": bundle.drug_name(p)}
        if p.drug:
            names["drug"] = p.drug
        drugs = {"a": p.drug} if p.drug else {}
        conv = None
        support = _single_support(bundle, graph, p.drug, names["a"], pid) if p.drug else {}
        default_title = p.title
    too_large = graph.number_of_nodes() > objects.MAX_DRAWN_NODES
    placement: Placement | None = None
    if too_large:
        pos: Pos = {}
        labels = {n: (graph.nodes[n]["node"].label,) for n in graph.nodes}
    else:
        # one dot per sentence on each arrow; a status mark ("h", "?") for every step not established
        dots = {
            (u, v): [bundle.edges[k].status != Status.established for k in d["keys"]] for u, v, d in graph.edges(data=True)
        }
        unfiltered = replace(state, evidence=(), status=(), region=(), tier=(), conv_only=False)
        kept = build_view(bundle, unfiltered, canvas).placement if unfiltered != state else None
        if kept is not None and all(n in kept.pos for n in graph):
            # a filter keeps every node where the unfiltered view has it, so what it hides is seen missing
            placement = place_on(kept, graph, dots)
        else:
            layout_sides = {n: _layout_side(s) for n, s in sides.items()} if conv is not None else None
            placement = layout_graph(
                graph,
                layout_sides,
                font_px=canvas.font_px,
                min_font_px=canvas.min_font_px,
                label_px=canvas.label_px,
                width_px=canvas.plot_width,
                height_px=canvas.plot_height,
                marker_px=canvas.marker_px,
                convergent_px=canvas.convergent_px,
                gap_px=canvas.label_gap_px,
                row_gap_px=canvas.row_gap_px,
                dots=dots,
            )
        pos = placement.pos
        labels = placement.labels
    return View(
        bundle=bundle,
        state=state,
        canvas=canvas,
        pathway_ids=ids,
        title=title or default_title,
        names=names,
        drugs=drugs,
        graph=graph,
        convergence=conv,
        sides=sides,
        support=support,
        pos=pos,
        labels=labels,
        placement=placement,
        core_derived=core_derived,
        too_large=too_large,
    )

def _select(base: View, state: ViewState) -> View:
    """The base view with the selection, its highlights and the lecture step of ``state``."""
    node = state.node if state.node in base.bundle.nodes else None
    edge = state.edge if state.edge in base.bundle.edges else None
    hl_nodes: frozenset[str] | None = None
    hl_edges: frozenset[str] | None = None
    hidden = False
    if edge is not None:
        if base.has_edge(edge):
            e = base.bundle.edges[edge]
            hl_nodes, hl_edges = frozenset({e.source, e.target}), frozenset({edge})
        else:
            hidden = True
        node = None
    elif node is not None:
        if node in base.graph:
            hl_nodes, hl_edges = _highlight(base, node)
        else:
            hidden = True
    reveal = None
    if state.lecture and state.step is not None:
        # the step a person sees (1 … the tiers shown) -> the last tier drawn; the view's state holds
        # the step it shows, so a step past the last reads as the last
        tiers = base.tiers()
        reveal = step_rank(tiers, state.step)
        state = replace(state, step=clamp_step(state.step, len(tiers)))
    return replace(
        base,
        state=state,
        selected_node=node,
        selected_edge=edge,
        selection_hidden=hidden,
        highlight_nodes=hl_nodes,
        highlight_edges=hl_edges,
        reveal_tier=reveal,
    )


def highlight_of(view: View, node_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a click on a node highlights: its routes from the drugs and onwards (nodes, edge keys)."""
    return _highlight(view, node_id)


def _highlight(view: View, node_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """Nodes and arrows upstream and downstream of a node (its routes from the drugs and onwards)."""
    if view.convergence is not None:
        nodes, edges = routes_through(view.convergence, node_id)
    else:
        nodes, edges = through(view.graph, node_id)
    return frozenset(nodes), frozenset(edges)

# ---------------------------------------------------------------- identifier links


def xref_link(curie: str) -> str | None:
    """The https resolver URL of a CURIE (see :func:`pathviz.io.xrefs.curie_link`)."""
    return curie_link(curie)


def xref_links(curies: Sequence[str]) -> list[str]:
    return [link for c in curies if (link := xref_link(c))]
