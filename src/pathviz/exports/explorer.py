"""The one-file offline explorer: the diagram, and on click the details the dashboard shows.

One HTML file, no server, no request leaving it: plotly.js, the script, the
style and the data are inlined, and a Content-Security-Policy forbids any
network access. It holds two precomputed views of the pair — full detail and
core mechanism, both with every arrow — because who reaches what depends on the
arrows shown and is computed here, not in the browser. The evidence and status
filters of the page therefore *dim the arrows* that do not match and leave the
node colours as they are; the page says so.

Pathway text travels only inside a JSON data island (``<`` ``>`` ``&`` escaped as
``\\u003c`` …) and is put on the page with ``textContent``; links are only
``https://`` (doi.org, PubMed, identifier resolvers).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from plotly.offline import get_plotlyjs
from plotly.utils import PlotlyJSONEncoder

from pathviz.exports import Format, write_text
from pathviz.io.xrefs import curie_link, normalise_curie
from pathviz.model import Edge
from pathviz.render import style
from pathviz.render.figure import SCREEN_LOOK, to_figure
from pathviz.render.text import esc_html

from pathviz.view import DETAILS, GENERATOR, SCREEN, Citation, Side, View, build_view, describe_filters, highlight_of
from pathviz.vocab import EVIDENCE_EXPLANATION, STATUS_EXPLANATION, Evidence, Status

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"
FILTER_WORDS = (
    "The evidence and status filters dim the arrows that do not match; node colours show who reaches what "
    "with every arrow of this detail level (the unfiltered view)."
)


def _asset(name: str) -> str:
    return resources.files("pathviz.render").joinpath("assets", name).read_text("utf-8")


def json_island(data: object) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survives, nor U+2028/2029."""
    text = json.dumps(data, ensure_ascii=False, cls=PlotlyJSONEncoder, separators=(",", ":"))
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


def _https(link: str | None) -> str | None:
    return link if link and link.startswith("https://") else None


def _cite(c: Citation) -> dict:
    return {
        "short": c.short,
        "doi": c.doi,
        "pmid": c.pmid,
        "doi_link": f"https://doi.org/{quote(c.doi, safe='/:;()._-')}" if c.doi else None,
        "pmid_link": f"https://pubmed.ncbi.nlm.nih.gov/{quote(str(c.pmid), safe='')}/" if c.pmid else None,
        "quote": c.quote,
        "note": c.note,
    }


def _edge(view: View, e: Edge, core: bool) -> dict:
    return {
        "source": e.source,
        "target": e.target,
        "relation": e.relation.label,
        "evidence": e.evidence.value,
        "evidence_label": e.evidence.label,
        "evidence_words": EVIDENCE_EXPLANATION.get(e.evidence, e.evidence.label),
        "status": e.status.value,
        "status_words": STATUS_EXPLANATION[e.status],
        "note": e.note,
        "core": core,
        "sources": [_cite(c) for c in view.citations(e)],
    }


def _view_data(view: View) -> dict:
    fig = to_figure(view, replace(SCREEN_LOOK, split_by_status=True)).to_plotly_json()
    layout = dict(fig["layout"])
    layout.pop("width", None)
    layout["autosize"] = True
    layout["clickmode"] = "event"  # the page highlights routes itself; plotly's selection would dim the rest
    nodes = {}
    for n in view.graph.nodes:
        hl_nodes, hl_edges = highlight_of(view, n)
        side = view.sides.get(n, Side.context)
        nodes[n] = {
            "side": side.value,
            "side_words": view.side_name(side),
            "in": [e.key for e in view.edges_into(n)],
            "out": [e.key for e in view.edges_out_of(n)],
            "hl_nodes": sorted(hl_nodes),
            "hl_edges": sorted(hl_edges),
        }
    support = {}
    for n, s in view.support.items():
        support[n] = [
            {
                "name": r.name,
                "strength": r.strength,
                "independent": r.independent,
                "steps": [st.edge.key for st in r.best.steps] if r.best is not None else None,
                "shortest": list(r.shortest.nodes) if r.shortest_differs and r.shortest is not None else None,
            }
            for r in s.routes
        ]
    return {"figure": {"data": fig["data"], "layout": layout}, "nodes": nodes, "support": support,
            "convergent": view.convergent_nodes}


def explorer_data(view: View) -> dict:
    """Everything the page shows: both detail levels, every node's and arrow's details."""
    base = replace(view.state, node=None, edge=None, mode="explore", step=None, evidence=(), status=())
    views = {d: build_view(view.bundle, replace(base, detail=d), SCREEN, title=view.title) for d in DETAILS}
    core_nodes = set(views["core"].graph.nodes)
    core_edges = {e.key for e in views["core"].edges()}
    full = views["full"]
    b = view.bundle
    nodes = {}
    for n in full.graph.nodes:
        node = b.nodes[n]
        nodes[n] = {
            "label": node.label,
            "kind": node.kind.label,
            "tier": style.TIER_TITLE[node.tier],
            "region": node.region.label if node.region else None,
            "description": node.description,
            "synonyms": list(node.synonyms),
            "xrefs": [{"curie": normalise_curie(c), "link": _https(curie_link(c))} for c in node.xrefs],
            "note": node.note,
            "core": n in core_nodes,
            "sources": [_cite(c) for c in full.citations(node)],
        }
    edges = {e.key: _edge(full, e, e.key in core_edges) for e in full.edges()}
    present_ev = [ev for ev in Evidence if any(e.evidence == ev for e in full.edges())]
    present_st = [s for s in Status if any(e.status == s for e in full.edges())]
    return {
        "title": view.title,
        "names": dict(view.names),
        "generator": GENERATOR,
        "detail": view.state.detail,
        "filter_words": FILTER_WORDS,
        "exported_filters": describe_filters(view.state),
        "evidence": [{"value": ev.value, "label": style.EVIDENCE_WORDS[ev]} for ev in present_ev],
        "status": [{"value": s.value, "label": s.value} for s in present_st],
        "checked_evidence": list(view.state.evidence) or [ev.value for ev in present_ev],
        "checked_status": list(view.state.status) or [s.value for s in present_st],
        "palette": {s.value: style.SIDE_COLOUR[s] for s in Side},
        "side_keys": {s.value: style.side_key(s, dict(full.names), full.is_pair) for s in Side},
        "dim": style.DIM_OPACITY,
        "views": {d: _view_data(v) for d, v in views.items()},
        "nodes": nodes,
        "edges": edges,
    }


def to_explorer(view: View) -> str:
    """The page, as one HTML string."""
    data = explorer_data(view)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        f"<title>{esc_html(view.title)}</title>"
        f"<style>{_asset('explorer.css')}</style></head><body>"
        "<header><h1 id=\"pv-title\"></h1><p id=\"pv-sub\"></p></header>"
        "<div id=\"pv-controls\" role=\"group\" aria-label=\"View controls\"></div>"
        "<p id=\"pv-filter-words\"></p>"
        "<div id=\"pv-plot\"></div>"
        "<section id=\"pv-details\" aria-live=\"polite\"></section>"
        "<footer id=\"pv-footer\"></footer>"
        f"<script type=\"application/json\" id=\"pathviz-data\">{json_island(data)}</script>"
        f"<script>{get_plotlyjs()}</script>"
        f"<script>{_asset('explorer.js')}</script>"
        "</body></html>\n"
    )


def write_explorer(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_text(path, to_explorer(view))]


FORMATS = (
    Format(
        "html",
        "html",
        "text/html",
        "Offline explorer (one HTML file)",
        write_explorer,
        kind="slide",
        order=3,
        to_bytes=lambda view: to_explorer(view).encode("utf-8"),
    ),
)
