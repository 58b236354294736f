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
  meeting point (stated or inferred) each drug's best-supported route as the
  view computed it (the one the diagram highlights) — stated, or an inference
  with the steps it borrows —, the shortest when it differs, and other routes;
* ``legend`` — the "how to read the diagram" lines of the empty panel.

Pathway text stays text: the browser puts it on the page with ``textContent``;
links are only those :func:`~pathviz.render.text.safe_href` allows.
"""

from __future__ import annotations

from pathviz.io.xrefs import curie_link, normalise_curie
from pathviz.model import Edge, Node, Source
from pathviz.render import style
from pathviz.render.figure import EDGE_PREFIX
from pathviz.render.text import (
    cite_lead,
    cite_name,
    cite_text,
    reference_parts,
    safe_href,
)
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
    "For each drug, the cited route the texts give as the mechanism where there is one (core steps first), "
    "then the one whose weakest step is strongest (established before hypothesis before contested, then by "
    "kind of evidence), then the shortest. A route is stated when every step is a sentence about that drug "
    "or general biology in one brain region; otherwise it is an inference, and the borrowed steps are named. "
    "Every step is cited."
)


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
        "context": context_words(view, e),
        "sources": [source_data(view, s) for s in e.sources],
    }


def context_words(view: View, e: Edge) -> str:
    """What the arrow's sentence holds for: 'said of Ketamine · prefrontal cortex · within hours', or general."""
    if e.context is None or (not e.context.drug and not e.context.region and not e.context.condition):
        return "general biology (the sentence names no drug)"
    parts = []
    if e.context.drug:
        names = [view.bundle.nodes[d].label if d in view.bundle.nodes else d for d in e.context.drug]
        parts.append("said of " + " and ".join(names))
    else:
        parts.append("general biology")
    if e.context.region:
        parts.append(" / ".join(r.label for r in e.context.region))
    if e.context.condition:
        parts.append(e.context.condition)
    return " · ".join(parts)


def view_details(view: View) -> dict:
    """What belongs to this view: sides, the arrows shown around each node, the routes of convergence."""
    nodes = {}
    for n in view.visible():
        side = view.sides.get(n, Side.context)
        nodes[n] = {
            "side": side.value,
            "side_words": view.side_name(side),
            "reach_words": _inference_words(view, n),
            "in": [e.key for e in view.edges_into(n)],
            "out": [e.key for e in view.edges_out_of(n)],
        }
    support = {}
    for n, s in view.support.items():
        if not view.is_meeting(n) or n not in nodes:
            continue
        routes = []
        for r in s.routes:
            best = r.best
            routes.append(
                {
                    "name": r.name,
                    "kind": r.kind,
                    "strength": r.strength,
                    "independent": r.independent,
                    "steps": [st.edge.key for st in best.steps] if best is not None else None,
                    "borrowed": [{"edge": k, "why": why} for k, why in r.borrowed],
                    "shortest": list(r.shortest.nodes) if r.shortest_differs and r.shortest is not None else None,
                    "others": [list(o.nodes) for o in r.others],
                }
            )
        support[n] = routes
    return {"nodes": nodes, "support": support, "edges": sorted(e.key for e in view.edges())}


def _inference_words(view: View, n: str) -> str:
    """How each drug reaches a node, when one of them reaches it only by inference (else empty)."""
    words = view.reach_words(n)
    return words if "by inference" in words else ""


def highlights(view: View) -> dict[str, dict[str, list[str]]]:
    """Per shown node, the nodes and arrows on the routes through it: what a click highlights."""
    out = {}
    for n in view.visible():
        nodes, edges = highlight_of(view, n)
        out[n] = {"nodes": sorted(nodes), "edges": sorted(edges)}
    return out


def legend_lines(view: View) -> list[str]:
    """How to read the diagram, in the words of the legend (only what this view draws)."""
    present = [s for s in (Side.a, Side.shared, Side.inferred, Side.b, Side.unreached, Side.context) if view.count(s)]
    shown = {style.line_evidence(e) for e in view.edges()}
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
