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
from pathviz.render.figure import EDGE_PREFIX, SCREEN_LOOK, to_figure
from pathviz.render.text import esc_html
from pathviz.render.text_table import CAPTION as TEXT_CAPTION
from pathviz.render.text_table import Table, text_tables
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


def detail_views(view: View) -> dict[str, View]:
    """The two views the page holds: full detail and core mechanism, every arrow, nothing selected."""
    base = replace(view.state, node=None, edge=None, mode="explore", step=None, evidence=(), status=())
    return {d: build_view(view.bundle, replace(base, detail=d), SCREEN, title=view.title) for d in DETAILS}


def explorer_data(view: View) -> dict:
    """Everything the page shows: both detail levels, every node's and arrow's details."""
    views = detail_views(view)
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


TEXT_HOW = (
    " Arrows the evidence and status filters dim are left out of the arrows table. Sort by a column's "
    "header (a button: click it, or press Enter on it); a row's Show button shows its details below these "
    "tables, as a click on the diagram does."
)


SCROLL_HINT = (
    "↔ The diagram keeps the width it was laid out for, so its labels never overlap: in this window, scroll it "
    "sideways in its own box. Show as text, below it, lists every node and arrow."
)
NARROW_MARGIN_PX = 54  # the page's side margins (2 × 1.2rem) and a scroll bar: narrower than the diagram plus these, it scrolls


def _html_table(view: View, table: Table, name: str) -> str:
    """One "Show as text" table: a caption, column headers that sort (``text_table.js``), a Show
    button per row (an arrow's row carries its evidence and status, for the page's filters); every
    cell escaped by :func:`esc_html`."""
    cap_id = f"pv-cap-{name}"
    head = "".join(
        f'<th scope="col"><button type="button" class="pv-sort">{esc_html(c)}</button></th>' for c in table.columns
    )
    tier_col = table.columns.index("Tier") if "Tier" in table.columns else -1
    body = []
    for i, (row, item) in enumerate(zip(table.rows, table.ids)):
        attrs = f' data-id="{esc_html(item)}"'
        what = row[0]
        if item.startswith(EDGE_PREFIX):
            e = view.bundle.edges[item.removeprefix(EDGE_PREFIX)]
            attrs += f' data-evidence="{esc_html(e.evidence.value)}" data-status="{esc_html(e.status.value)}"'
            what = f"{row[0]} → {row[2]}"
        cells = []
        for j, text in enumerate(row):
            sort = f' data-sort="{table.tier_rank[i]}"' if j == tier_col and table.tier_rank else ""
            tag, close = ('th scope="row"', "th") if j == 0 else ("td", "td")
            cells.append(f"<{tag}{sort}>{esc_html(text)}</{close}>")
        pick = (
            f'<button type="button" class="pv-pick" data-id="{esc_html(item)}" '
            f'aria-label="Show details: {esc_html(what)}">Show</button>'
        )
        body.append(f"<tr{attrs}><td>{pick}</td>{''.join(cells)}</tr>")
    return (
        f'<div class="pv-table-box" role="region" aria-labelledby="{cap_id}" tabindex="0">'
        f'<table class="pv-table"><caption id="{cap_id}">{esc_html(table.caption)} '
        f'(<span class="pv-count">{len(table.rows)}</span>)</caption>'
        f'<thead><tr><th scope="col">Details</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def text_section(view: View) -> str:
    """"Show as text": the nodes and arrows tables of both detail levels (the one not shown is hidden)."""
    shown = "core" if view.state.detail == "core" else "full"
    parts = [
        '<details id="pv-text" class="pv-text"><summary>Show as text</summary>',
        f'<p class="pv-text-caption">{esc_html(TEXT_CAPTION + TEXT_HOW)}</p>',
    ]
    for d, v in detail_views(view).items():
        parts.append(f'<div class="pv-text-view" data-view="{d}"{"" if d == shown else " hidden"}>')
        parts += [_html_table(v, t, f"{d}-{t.caption.lower()}") for t in text_tables(v)]
        parts.append("</div>")
    parts.append("</details>")
    return "".join(parts)


def to_explorer(view: View) -> str:
    """The page, as one HTML string."""
    data = explorer_data(view)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        f"<title>{esc_html(view.title)}</title>"
        f"<style>{_asset('explorer.css')}\n{_asset('details.css')}\n{_asset('text_table.css')}\n"
        # the hint shows only in a window too narrow for the diagram (its width and the page's margins)
        f"@media (min-width: {SCREEN.width_px + NARROW_MARGIN_PX}px) {{ #pv-scroll-hint {{ display: none; }} }}</style></head><body>"
        "<header><h1 id=\"pv-title\"></h1><p id=\"pv-sub\"></p></header>"
        "<div id=\"pv-controls\" role=\"group\" aria-label=\"View controls\"></div>"
        "<p id=\"pv-filter-words\"></p>"
        # the diagram keeps the width it was laid out for in a box of its own that scrolls sideways
        # in a narrow window, so its labels keep the boxes the layout gave them (text_section holds
        # the same nodes and arrows as text, at any width)
        f"<p id=\"pv-scroll-hint\">{esc_html(SCROLL_HINT)}</p>"
        f"<div id=\"pv-plot-box\"><div id=\"pv-plot\" style=\"min-width:{SCREEN.width_px}px\"></div></div>"
        f"{text_section(view)}"
        "<section id=\"pv-details\" class=\"pv-details\" aria-label=\"Details of the selection\"></section>"
        "<footer id=\"pv-footer\"></footer>"
        f"<script type=\"application/json\" id=\"pathviz-data\">{json_island(data)}</script>"
        f"<script>{plotlyjs.text()}</script>"
        f"<script>{_asset('details.js')}</script>"
        f"<script>{_asset('keynav.js')}</script>"
        f"<script>{_asset('explorer.js')}</script>"
        f"<script>{_asset('text_table.js')}</script>"
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
