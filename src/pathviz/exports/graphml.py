"""GraphML export of one view, for Cytoscape, yEd, Gephi and networkx.

A directed multigraph (two bundle edges may join the same pair of nodes),
written with networkx's GraphML writer, which escapes all text. Every value
is a string, number or boolean, so any GraphML reader can type it.

Graph attributes: ``title``, ``pathways`` (the pathway ids asked for),
``shown_pathways``, ``drug_a``/``drug_b`` (pairs only), ``generator``,
``coordinates``.

Node attributes: ``label``, ``kind``, ``tier``, ``tier_rank`` (0 = top),
``region`` ("" when none), ``side`` (a / b / shared / context), ``convergent``
(bool; false everywhere in a single-pathway view), ``pathway``,
``description``, ``xrefs`` (CURIEs), ``links`` (their resolver URLs),
``synonyms``, ``citations`` (the node's own sources, if any), ``note``, and
``x``/``y`` in pixels (layout units × 100, y downwards, shared column at
x = 0).

Edge attributes (the GraphML edge id is the bundle edge key): ``edge_key``,
``relation``, ``label`` (the relation in words), ``sign`` (+1, -1, 0),
``causal``, ``evidence``, ``status``, ``note``, and the sources: ``citations``
(one "Short et al. 2019 (doi:…, PMID:…): “quote”" per source, or "Gallenstein's
article writes, citing Short et al. 2019 (…): “quote”" when the quote is another
text's words: the wording of :mod:`pathviz.render.text`), ``refs``,
``shorts``, ``dois``, ``pmids``, ``texts`` (source file names, for machines),
``quotes``, ``quoted_from`` (whose words each quote is, by the text's name) — each
joined with " | ", positionally parallel (an empty slot where a source has no DOI etc.).
For exact per-source data use the CSV or Cytoscape.js export.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import networkx as nx

from pathviz.exports import JOIN, Format, edge_fields, flat, node_fields, write_text
from pathviz.render.text import cite_text, writer
from pathviz.view import Citation, View


def _join(values: list[str | None]) -> str:
    return JOIN.join(v or "" for v in values)


def source_attributes(cites: list[Citation]) -> dict[str, str]:
    return {
        "citations": _join([cite_text(c) for c in cites]),
        "refs": _join([c.ref for c in cites]),
        "shorts": _join([c.short for c in cites]),
        "dois": _join([c.doi for c in cites]),
        "pmids": _join([c.pmid for c in cites]),
        "texts": _join([c.text for c in cites]),
        "quotes": _join([c.quote for c in cites]),
        "quoted_from": _join([writer(c) for c in cites]),
    }


def to_networkx(view: View) -> nx.MultiDiGraph:
    """The view as a MultiDiGraph with plain (str/int/float/bool) attributes only."""
    g = nx.MultiDiGraph()
    g.graph.update(view.graph_data())
    px = view.pixels()
    for nid in view.node_ids():
        attrs: dict[str, str | int | float | bool] = {
            **flat(node_fields(view, nid)),
            "citations": _join([cite_text(c) for c in view.citations(view.node(nid))]),
        }
        if nid in px:
            attrs["x"], attrs["y"] = px[nid]
        g.add_node(nid, **attrs)
    for e in view.edges():
        attrs = {"edge_key": e.key, **flat(edge_fields(e)), **source_attributes(view.citations(e))}
        g.add_edge(e.source, e.target, key=e.key, **attrs)
    return g


def to_graphml(view: View) -> str:
    """The GraphML document (UTF-8 text, with XML declaration)."""
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(view), buf, encoding="utf-8", prettyprint=True)
    text = buf.getvalue().decode("utf-8")
    # networkx writes Python's True/False; XML Schema booleans are true/false
    bool_keys = re.findall(r'<key id="([^"]+)" for="(?:node|edge|graph)" attr.name="[^"]*" attr.type="boolean"', text)
    if bool_keys:
        pattern = r'(<data key="(?:' + "|".join(map(re.escape, bool_keys)) + r')">)(True|False)(</data>)'
        text = re.sub(pattern, lambda m: m.group(1) + m.group(2).lower() + m.group(3), text)
    return text


def write_graphml(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_text(path, to_graphml(view))]


FORMATS = (Format("graphml", "graphml", "application/xml", "GraphML — Cytoscape, yEd, Gephi, networkx", write_graphml, order=20),)
