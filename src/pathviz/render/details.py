"""What the details panel shows, as plain data for the browser.

The dashboard's diagram and the offline explorer both draw the details of a
clicked node or arrow in the browser (``assets/details.js``) from this data,
shipped once with the view: a click shows its sources without a round trip to
a server. Everything here is computed from the :class:`~pathviz.view.View`:

* ``nodes`` / ``edges`` — every node and arrow of the bundle (a deep link or
  the search box may select one the filters hide): label, description,
  identifiers, evidence, status, notes and every source with its quoted
  sentence and allowed links;
* ``view`` — what belongs to this view: each shown node's side and the words
  for it, the arrows into and out of it that are shown, and for each
  convergent node the best-supported route from each drug (the one the
  diagram highlights), the shortest when it differs, and other routes;
* ``legend`` — the "how to read the diagram" lines of the empty panel.

Pathway text stays text: the browser puts it on the page with ``textContent``;
links are only those :func:`~pathviz.render.text.safe_href` allows.
"""

from __future__ import annotations

import networkx as nx

from pathviz.analysis.routes import all_routes, route_weights
from pathviz.io.xrefs import curie_link, normalise_curie
from pathviz.model import Edge, Node, Source
from pathviz.render import style
from pathviz.render.figure import EDGE_PREFIX
from pathviz.render.text import cite_lead, cite_name, cite_text, reference_parts, safe_href
from pathviz.view import Side, View, highlight_of
from pathviz.vocab import EVIDENCE_EXPLANATION, STATUS_EXPLANATION, Evidence, Status

#: badge colour class per evidence kind and per status (fixed words, never pathway text)
EVIDENCE_BADGE: dict[str, str] = {
    "human": "green",
    "animal": "orange",
    "in_vitro": "orange",
    "review": "blue",
    "secondary": "gray",
    "database": "blue",
}
STATUS_BADGE: dict[str, tuple[str, str]] = {
    Status.established.value: ("gray", "established"),
    Status.contested.value: ("red", "contested"),
    Status.hypothesis.value: ("violet", "hypothesis: proposed, not shown"),
}

ROUTES_CAPTION = (
    "For each drug, the best-supported cited route: the one whose weakest step is strongest "
    "(established before contested before hypothesis, then by kind of evidence), then the shortest. "
    "Every step is cited."
)
OTHER_ROUTES_SHOWN = 6


def source_data(view: View, s: Source) -> dict:
    """One source in the one citation wording (:mod:`pathviz.render.text`): whose words the quote is
    (``lead``: "Gallenstein's article writes, citing "), the cited reference's pieces with their links
    (``cite``; its name is the text's own when the text is cited for its own words), the quoted
    sentence and its note. ``words`` is the whole citation as one line of plain text.
    """
    bundle = view.bundle
    c = view.citation(s)
    ref = bundle.references.get(s.ref)
    name = cite_name(c)
    parts = reference_parts(ref, name) if ref else [(name, None)]
    return {
        "lead": cite_lead(c),
        "cite": [{"text": text, "href": href} for text, href in parts],
        "secondary": ref is not None and ref.type.value == "secondary",
        "quote": s.quote,
        "note": s.note,
        "words": cite_text(c),
    }


def node_data(view: View, node: Node) -> dict:
    return {
        "label": node.label,
        "kind": node.kind.label,
        "tier": style.TIER_TITLE[node.tier],
        "region": node.region.label if node.region else None,
        "description": node.description,
        "synonyms": list(node.synonyms),
        "xrefs": [{"text": normalise_curie(c), "href": safe_href(curie_link(c))} for c in node.xrefs],
        "note": node.note,
        "sources": [source_data(view, s) for s in node.sources],
    }


def edge_data(view: View, e: Edge) -> dict:
    colour, status_words = STATUS_BADGE.get(e.status.value, ("gray", e.status.value))
    return {
        "source": e.source,
        "target": e.target,
        "relation": e.relation.label,
        "evidence": e.evidence.value,
        "evidence_label": e.evidence.label,
        "evidence_badge": EVIDENCE_BADGE.get(e.evidence.value, "gray"),
        "evidence_words": EVIDENCE_EXPLANATION.get(e.evidence, e.evidence.label),
        "status": e.status.value,
        "status_badge": colour,
        "status_label": status_words,
        "status_words": STATUS_EXPLANATION[e.status],
        "note": e.note,
        "sources": [source_data(view, s) for s in e.sources],
    }


def view_details(view: View) -> dict:
    """What belongs to this view: sides, the arrows shown around each node, the routes of convergence."""
    nodes = {}
    for n in view.visible():
        side = view.sides.get(n, Side.context)
        nodes[n] = {
            "side": side.value,
            "side_words": view.side_name(side),
            "in": [e.key for e in view.edges_into(n)],
            "out": [e.key for e in view.edges_out_of(n)],
        }
    support = {}
    # a plain copy of the causal graph and its weights, once for all the convergent nodes
    causal = nx.DiGraph(view.causal) if view.support else None
    weights = route_weights(view.bundle, causal) if causal is not None else None
    for n, s in view.support.items():
        routes = []
        for r in s.routes:
            best = r.best
            others = []
            if best is not None:
                others = [
                    list(o.nodes)
                    for o in all_routes(view.bundle, causal, r.drug, n, limit=OTHER_ROUTES_SHOWN, weights=weights)
                    if o.nodes != best.nodes
                ]
            routes.append(
                {
                    "name": r.name,
                    "strength": r.strength,
                    "independent": r.independent,
                    "steps": [st.edge.key for st in best.steps] if best is not None else None,
                    "shortest": list(r.shortest.nodes) if r.shortest_differs and r.shortest is not None else None,
                    "others": others,
                }
            )
        support[n] = routes
    return {"nodes": nodes, "support": support, "edges": sorted(e.key for e in view.edges())}


def highlights(view: View) -> dict[str, dict[str, list[str]]]:
    """Per shown node, the nodes and arrows on the routes through it: what a click highlights."""
    out = {}
    for n in view.visible():
        nodes, edges = highlight_of(view, n)
        out[n] = {"nodes": sorted(nodes), "edges": sorted(edges)}
    return out


def legend_lines(view: View) -> list[str]:
    """How to read the diagram, in the words of the legend (only what this view draws)."""
    present = [s for s in (Side.a, Side.shared, Side.b, Side.unreached, Side.context) if view.count(s)]
    shown = {e.evidence for e in view.edges()}
    return [
        "Colour: " + " · ".join(style.side_key(s, dict(view.names), view.is_pair) for s in present),
        "Lines: " + " · ".join(style.EVIDENCE_WORDS[ev] for ev in Evidence if ev in shown),
        "Arrowheads: "
        + " · ".join(style.RELATION_WORDS[r] for r in style.LEGEND_RELATIONS)
        + " · marks on a line: "
        + " · ".join(f"{style.STATUS_MARK_WORDS[s]} = {s.value}" for s in style.STATUS_MARK_WORDS),
        "Tiers run from the drug (top) to the clinical effect (bottom).",
    ]


def item_details(view: View, whole_bundle: bool = True) -> dict:
    """The facts of every node and arrow (the same for every view of a bundle): sent once."""
    b = view.bundle
    node_ids = list(b.nodes) if whole_bundle else list(view.graph.nodes)
    edges = list(b.edges.values()) if whole_bundle else view.edges()
    return {
        "nodes": {n: node_data(view, b.nodes[n]) for n in node_ids},
        "edges": {e.key: edge_data(view, e) for e in edges},
        "routes_caption": ROUTES_CAPTION,
        "edge_prefix": EDGE_PREFIX,
    }


def view_part(view: View) -> dict:
    """What differs from view to view: the drugs' names, the legend lines, sides, arrows and routes."""
    return {"names": dict(view.names), "legend": legend_lines(view), "view": view_details(view)}


def details_data(view: View, whole_bundle: bool = True) -> dict:
    """Everything the details panel can show for this view (see the module docstring):
    :func:`item_details` and :func:`view_part` in one object, as ``details.js`` takes it.

    ``whole_bundle=False`` keeps only the nodes and arrows of the view (a file that holds one view).
    """
    return {**item_details(view, whole_bundle), **view_part(view)}
