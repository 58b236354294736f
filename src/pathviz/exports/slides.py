"""The diagram at slide size: PNG and SVG (real text, via kaleido and the system Chromium).

The offline HTML explorer is :mod:`pathviz.exports.explorer`.

The slide is drawn from the view as it is — filters, detail level and the
selected node's highlighted routes included — at the canvas size of the view
(:func:`pathviz.view.slide_canvas`). The SVG is an image named by its ``<title>`` (the view's title)
and described by its ``<desc>`` (:func:`describe`), for screen readers.
"""

from __future__ import annotations

import os
from pathlib import Path

from collections.abc import Collection

from pathviz.exports import ExportFileError, Format, write_bytes
from pathviz.render import style
from pathviz.render.figure import SLIDE_LOOK, to_figure
from pathviz.render.files import ExportError, svg_with_text, to_html, to_image
from pathviz.view import Side, View, describe_filters
from pathviz.vocab import STATUS_EXPLANATION, Evidence, Status


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _labels(view: View, nodes: Collection[str]) -> str:
    return ", ".join(view.node(n).label for n in nodes)


def _look(side: Side) -> str:
    """'pink, thick outline': a side's colour and mark in the legend's words."""
    mark = style.SIDE_MARK[side]
    return style.colour_name(style.SIDE_COLOUR[side]) + (f", {mark}" if mark else "")


def drugs_words(view: View) -> str:
    """'Ketamine (left, blue) and Psilocybin (right, orange)' (one pathway: its name)."""
    if not view.is_pair:
        return view.names.get("a", view.title)
    return (f"{view.names['a']} (left, {style.colour_name(style.SIDE_COLOUR[Side.a])}) and "
            f"{view.names['b']} (right, {style.colour_name(style.SIDE_COLOUR[Side.b])})")


def meeting_words(view: View, nodes: Collection[str]) -> str:
    """Where the two drugs meet among ``nodes``, counted and named: '5 meeting points the sources state
    (pink, thick outline): AMPA receptor, …; 3 only by inference (white, thick dark pink outline): …'."""
    stated = [n for n in view.stated_nodes if n in nodes]
    inferred = [n for n in view.inferred_nodes if n in nodes]
    parts = []
    if stated:
        parts.append(f"{_plural(len(stated), 'meeting point')} the sources state ({_look(Side.shared)}): "
                     + _labels(view, stated))
    if inferred:
        parts.append(("" if stated else "no meeting point the sources state; ")
                     + f"{len(inferred)} only by inference ({_look(Side.inferred)}): " + _labels(view, inferred))
    return "; ".join(parts) or "no meeting point of the two drugs"


def describe(view: View) -> str:
    """The slide in one paragraph, for whoever cannot see it (the SVG's ``<desc>``): what it draws, where
    the drugs meet (stated and only by inference), what its colours, lines, arrowheads and marks mean
    (the legend's words), what is selected, and the filters that made it."""
    shown = view.visible()
    filters = describe_filters(view.state)
    end = f" Filters: {filters}." if filters else ""
    if not shown:
        return f"Diagram of {drugs_words(view)}: nothing is drawn under these filters.{end}"
    visible = set(shown)
    edges = [e for e in view.edges() if e.source in visible and e.target in visible]
    tiers = sorted({view.node(n).tier for n in shown}, key=lambda t: t.rank)
    step = (f" (lecture step {view.state.step} of {len(view.tiers())})"
            if view.reveal_tier is not None and view.state.step is not None else "")
    out = [
        f"Diagram: {drugs_words(view)}, drawn tier by tier from the top down{step}: "
        f"{', '.join(style.TIER_TITLE[t] for t in tiers)}; {_plural(len(shown), 'node')} and "
        f"{_plural(len(edges), 'arrow')}."
    ]
    if view.is_pair:
        out.append(f"Where they meet: {meeting_words(view, visible)}.")
    sides = {view.sides.get(n, Side.context) for n in shown}
    keys = [style.side_key(s, dict(view.names), view.is_pair)
            for s in (Side.a, Side.shared, Side.inferred, Side.b, Side.unreached, Side.context) if s in sides]
    out.append("Colours: " + "; ".join(keys) + "; the marker's shape says the kind of node.")
    evidence = {style.line_evidence(e) for e in edges}
    if evidence:
        out.append("Lines: " + "; ".join(style.EVIDENCE_WORDS[ev] for ev in Evidence if ev in evidence) + ".")
    relations = {e.relation for e in edges}
    heads = [style.RELATION_WORDS[r] for r in style.LEGEND_RELATIONS if style.RELATION_GROUP.get(r, {r}) & relations]
    if heads:
        out.append("Arrowheads: " + "; ".join(heads) + ".")
    statuses = [s for s in (Status.contested, Status.hypothesis) if any(e.status == s for e in edges)]
    if statuses:
        out.append("Marks: " + "; ".join(f"{style.STATUS_MARK_WORDS[s]} on an arrow: {s.label} "
                                         f"({STATUS_EXPLANATION[s]})" for s in statuses) + ".")
    if view.selected_edge is not None and view.highlight_edges:
        e = view.bundle.edges[view.selected_edge]
        out.append(f"Selected: the arrow {view.bundle.nodes[e.source].label} {e.relation.label} "
                   f"{view.bundle.nodes[e.target].label}; everything else faded.")
    elif view.selected_node is not None and view.highlight_nodes is not None:
        out.append(f"Selected: {view.node(view.selected_node).label}, with its routes from the drugs and "
                   "onwards highlighted; everything else faded.")
    return " ".join(out) + end


def slide_bytes(view: View, fmt: str) -> bytes:
    width, height = view.canvas.width_px, view.canvas.height_px or 1080
    fig = to_figure(view, SLIDE_LOOK)
    if fmt == "html":
        return to_html(fig, view.title).encode("utf-8")
    try:
        data = to_image(fig, fmt, width, height)
    except ExportError as exc:
        raise ExportFileError(str(exc)) from exc
    return svg_with_text(data, view.title, describe(view)) if fmt == "svg" else data


def _writer(fmt: str):  # type: ignore[no-untyped-def]
    def write(view: View, path: str | os.PathLike[str]) -> list[Path]:
        return [write_bytes(path, slide_bytes(view, fmt))]

    write.__name__ = f"write_{fmt}"
    return write


FORMATS = (
    Format("png", "png", "image/png", "Slide (PNG)", _writer("png"), kind="slide", order=1),
    Format("svg", "svg", "image/svg+xml", "Slide (SVG, real text)", _writer("svg"), kind="slide", order=2),
)
