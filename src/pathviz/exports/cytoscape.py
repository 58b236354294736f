"""Cytoscape.js JSON (``.cyjs``) export of one view.

The document Cytoscape.js (``cy.json()``) and Cytoscape desktop (File →
Import → Network from File, ``.cyjs``) read, and ``networkx.cytoscape_graph``
can load::

    {"format_version": "1.0", "generated_by": "pathviz 0.1.0",
     "data": {"name": title, "title", "pathways", "shown_pathways", "drug_a", "drug_b", ...},
     "directed": true, "multigraph": true,
     "elements": {
       "nodes": [{"data": {"id", "value" (= id, for networkx), "name", "label", "kind", "tier", "tier_rank", "region",
                           "side", "convergent", "pathway", "description", "xrefs": [...],
                           "links": [...], "synonyms": [...], "note", "sources": [...]},
                  "position": {"x": px, "y": px}, "classes": "kind side [convergent]"}],
       "edges": [{"data": {"id": edge key, "key": edge key, "source", "target", "relation",
                           "label", "sign", "causal", "evidence", "status", "note",
                           "sources": [{"ref", "short", "doi", "pmid", "link", "text",
                                        "quote", "quoted_from", "writer", "note"}]},
                  "classes": "relation evidence status"}]}}

A source's ``quote`` is in the words of the text ``quoted_from`` (a reference id;
``writer`` is that text's name, e.g. "Gallenstein's article"), which cites ``ref``
for it; ``text`` is the source file it was checked against (raw data, for machines).

Positions are pixels: layout units × 100, y flipped so the drugs are at the
top and y grows downwards (the screen convention of Cytoscape); the shared
column is centred on x = 0. Missing values are ``null`` (lists are empty).
The file is UTF-8 JSON; ``<``, ``>`` and ``&`` are written as ``\\u`` escapes so
the text can also be pasted into an HTML ``<script>`` block unchanged.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pathviz.exports import Format, edge_fields, node_fields, write_text
from pathviz.view import View


def to_cytoscape_data(view: View) -> dict[str, Any]:
    """The Cytoscape.js document as plain JSON-ready data."""
    px = view.pixels()
    nodes: list[dict[str, Any]] = []
    for nid in view.node_ids():
        n = view.node(nid)
        side = view.side(nid)
        conv = view.is_convergent(nid)
        data = {
            "id": nid,
            "value": nid,  # the node key networkx.cytoscape_graph reads
            "name": n.label,
            **node_fields(view, nid),
            "sources": [c.as_dict() for c in view.citations(n)],
        }
        el: dict[str, Any] = {"data": data}
        if nid in px:
            el["position"] = {"x": px[nid][0], "y": px[nid][1]}
        kind = view.convergence_kind(nid)
        el["classes"] = " ".join([n.kind.value, side] + (["convergent"] if conv else []) + ([kind] if kind else []))
        nodes.append(el)
    edges: list[dict[str, Any]] = []
    for e in view.edges():
        edges.append(
            {
                "data": {
                    "id": e.key,
                    "key": e.key,
                    "source": e.source,
                    "target": e.target,
                    **edge_fields(e),
                    "sources": [c.as_dict() for c in view.citations(e)],
                },
                "classes": f"{e.relation.value} {e.evidence.value} {e.status.value}",
            }
        )
    meta = view.graph_data()
    return {
        "format_version": "1.0",
        "generated_by": meta["generator"],
        "target_cytoscapejs_version": "~3",
        "data": {"name": view.title, **meta},
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def to_cyjs(view: View) -> str:
    text = json.dumps(to_cytoscape_data(view), ensure_ascii=False, indent=1)
    # safe inside an HTML <script> block too
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n"


def write_cyjs(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_text(path, to_cyjs(view))]


FORMATS = (Format("cyjs", "cyjs", "application/json", "Cytoscape JSON — elements with positions and sources", write_cyjs, order=21),)
