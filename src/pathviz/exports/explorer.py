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

from plotly.utils import PlotlyJSONEncoder

from pathviz.exports import Format, write_text
from pathviz.render import plotlyjs, style
from pathviz.render.a11y import nav_data
from pathviz.render.details import details_data, highlights, view_details
from pathviz.render.figure import SCREEN_LOOK, to_figure
from pathviz.render.text import esc_html
from pathviz.view import (
    DETAILS,
    GENERATOR,
    SCREEN,
    Side,
    View,
    build_view,
    describe_filters,
)
from pathviz.vocab import Evidence, Status

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


def _view_data(view: View) -> dict:
    """One detail level: its figure, and per node its side, arrows and the routes it highlights."""
    paths: dict = {}
    fig = to_figure(view, replace(SCREEN_LOOK, split_by_status=True), paths).to_plotly_json()
    layout = dict(fig["layout"])
    layout.pop("width", None)
    layout["autosize"] = True
    layout["clickmode"] = "event"  # the page highlights routes itself; plotly's selection would dim the rest
    return {
        "figure": {"data": fig["data"], "layout": layout},
        **view_details(view),
        "highlights": highlights(view),
        "convergent": view.convergent_nodes,
        "nav": nav_data(view),  # the keyboard model (render/a11y.py, assets/keynav.js)
        "paths": paths,
    }


def explorer_data(view: View) -> dict:
    """Everything the page shows: both detail levels, every node's and arrow's details."""
    base = replace(view.state, node=None, edge=None, mode="explore", step=None, evidence=(), status=())
    views = {d: build_view(view.bundle, replace(base, detail=d), SCREEN, title=view.title) for d in DETAILS}
    core_nodes = set(views["core"].graph.nodes)
    core_edges = {e.key for e in views["core"].edges()}
    full = views["full"]
    data = details_data(full, whole_bundle=False)  # the panel's data, as the dashboard's (details.js)
    for n, d in data["nodes"].items():
        d["core"] = n in core_nodes
    for k, d in data["edges"].items():
        d["core"] = k in core_edges
    present_ev = [ev for ev in Evidence if any(e.evidence == ev for e in full.edges())]
    present_st = [s for s in Status if any(e.status == s for e in full.edges())]
    return {
        **data,
        "title": view.title,
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
        f"<style>{_asset('explorer.css')}\n{_asset('details.css')}</style></head><body>"
        "<header><h1 id=\"pv-title\"></h1><p id=\"pv-sub\"></p></header>"
        "<div id=\"pv-controls\" role=\"group\" aria-label=\"View controls\"></div>"
        "<p id=\"pv-filter-words\"></p>"
        "<div id=\"pv-plot\"></div>"
        "<section id=\"pv-details\" class=\"pv-details\" aria-label=\"Details of the selection\"></section>"
        "<footer id=\"pv-footer\"></footer>"
        f"<script type=\"application/json\" id=\"pathviz-data\">{json_island(data)}</script>"
        f"<script>{plotlyjs.text()}</script>"
        f"<script>{_asset('details.js')}</script>"
        f"<script>{_asset('keynav.js')}</script>"
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
