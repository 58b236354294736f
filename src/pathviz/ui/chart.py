"""The Compare diagram and its details panel as one Streamlit component (components v2, no build step).

plotly.js (the basic bundle, see :mod:`pathviz.render.plotlyjs`) is served by Streamlit's
static file serving and cached by the browser; the component draws the figure at its own
pixel size in a box that scrolls sideways in a narrow window, so labels keep the boxes the
layout reserved for them. A click highlights the node's routes and draws its details in the
browser at once, from data shipped with the view (:mod:`pathviz.render.details`), then sends
the node (or arrow) id to Python for the downloads and the address bar: the figure is not
rebuilt, re-sent or redrawn for a selection.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import streamlit as st

from pathviz.model import Bundle
from pathviz.render import plotlyjs, style
from pathviz.render.a11y import nav_data
from pathviz.render.details import highlights, item_details, view_part
from pathviz.render.figure import EDGE_PREFIX, Look, figure_with_paths
from pathviz.view import View


def static_dir() -> Path:
    """The folder Streamlit serves as ``app/static/``: ``static/`` beside the app's main script."""
    try:
        from streamlit.file_util import get_app_static_dir
        from streamlit.runtime.scriptrunner_utils.script_run_context import (
            get_script_run_ctx,
        )

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is not None and ctx.main_script_path:
            return Path(get_app_static_dir(ctx.main_script_path))
    except (ImportError, TypeError):
        pass
    return Path(__file__).resolve().parents[3] / "static"
_HERE = resources.files("pathviz.ui")
KEPT_PLOTS = 4  # figures the browser keeps drawn per diagram (chart.js)
_COMPONENT = None
PLOTLY_LOADER = _HERE.joinpath("plotly_loader.js").read_text("utf-8")


def start_loading_plotly() -> None:
    """Start fetching plotly.js as soon as the page is drawn, before the diagram's data arrives.

    One fixed script (no pathway text), drawn on every run so that the page keeps its places.
    """
    st.html(f"<script>{PLOTLY_LOADER}\nloadPlotly();</script>", unsafe_allow_javascript=True)


def ensure_plotly_static() -> Path:
    """Put the plotly.js to load where Streamlit serves static files (once per version)."""
    src = plotlyjs.source()
    folder = static_dir()
    dst = folder / "plotly.min.js"
    if not dst.exists() or dst.read_bytes() != src.read_bytes():
        folder.mkdir(exist_ok=True)
        tmp = dst.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(src, tmp)
        tmp.replace(dst)
    return dst


def _component():  # type: ignore[no-untyped-def]
    global _COMPONENT
    if _COMPONENT is None:
        try:
            ensure_plotly_static()
        except OSError as exc:
            st.error(
                f"The diagram needs plotly.js in {static_dir()}, which could not be written ({exc.strerror or exc}). "
                "Make that folder writable, or copy plotly.min.js from the plotly package there."
            )
        assets = resources.files("pathviz.render").joinpath("assets")
        _COMPONENT = st.components.v2.component(
            "pathviz_diagram",
            # the details panel's script defines window.PathvizDetails for the diagram's script
            # and the keyboard model's window.PathvizKeynav (shared with the offline explorer)
            js="\n".join(
                (
                    assets.joinpath("details.js").read_text("utf-8"),
                    assets.joinpath("keynav.js").read_text("utf-8"),
                    PLOTLY_LOADER,
                    _HERE.joinpath("chart.js").read_text("utf-8"),
                )
            ),
            css=_HERE.joinpath("chart.css").read_text("utf-8") + "\n" + assets.joinpath("details.css").read_text("utf-8"),
            isolate_styles=False,
        )
    return _COMPONENT


@st.cache_resource(show_spinner=False, max_entries=64)
def _payload(key: tuple, _view: View, _look: Look, hint: str) -> tuple[Bundle, str, str]:
    """Figure, edge paths, per-node highlights and the details panel's data of a view (no
    selection), as (bundle, hash, JSON text).

    Kept as one string per view: nothing to convert per run, and nothing for Python's garbage
    collector to walk (a parsed figure is tens of thousands of small objects). The key holds
    ``id(bundle)``; the entry holds the bundle itself, so no other bundle can take that id
    while the entry lives.
    """
    fig, paths = figure_with_paths(_view.unselected(), _look)
    figure = json.loads(fig.to_json())
    # a fixed picture: no pan or zoom (the box scrolls instead), so what the browser styles stays styled
    figure["layout"]["dragmode"] = False
    for axis in ("xaxis", "yaxis"):
        figure["layout"].setdefault(axis, {})["fixedrange"] = True
    edge_ends = {k: [e.source, e.target] for k in paths if (e := _view.bundle.edges.get(k))}
    line_colour = {}
    for i, t in enumerate(figure["data"]):
        if t.get("name") == "edges":
            line_colour[i] = t.get("line", {}).get("color", style.DARK)
    node = next((t for t in figure["data"] if t.get("name") == "nodes"), {})
    marker_line = (node.get("marker") or {}).get("line") or {}
    n_points = len(node.get("customdata") or [])
    outline = marker_line.get("width", [1.0] * n_points)
    outline_colour = marker_line.get("color", ["white"] * n_points)
    payload = {
        "figure": figure,
        "config": {"displaylogo": False, "scrollZoom": False, "responsive": False,
                   "toImageButtonOptions": {"format": "svg", "filename": f"pathviz-{_view.slug}"}},
        "paths": paths,
        "highlights": highlights(_view),
        "detailsView": view_part(_view),
        # the keyboard model's names and moves (render/a11y.py, assets/keynav.js)
        "nav": nav_data(_view, EDGE_PREFIX),
        "lecture": _view.state.lecture,
        "hint": hint,
        "edgeEnds": edge_ends,
        "edgePrefix": EDGE_PREFIX,
        "lineColour": line_colour,
        "outline": outline if isinstance(outline, list) else [outline] * n_points,
        "outlineColour": outline_colour if isinstance(outline_colour, list) else [outline_colour] * n_points,
        "selectedOutline": _look.scale.outline * 1.6,
        "highlightWidth": _look.scale.highlight_width,
        "headSize": _look.scale.head_size,
        "dim": style.DIM_OPACITY,
        "text": style.BLACK,
        "textDim": "#BBBBBB",
        "black": style.BLACK,
        "dark": style.DARK,
        "light": style.LIGHT,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return _view.bundle, hashlib.sha256(text.encode()).hexdigest()[:16], text


@st.cache_resource(show_spinner=False, max_entries=8)
def _items(bundle_key: int, _view: View) -> tuple[Bundle, str, str]:
    """The facts of every node and arrow of a bundle, for the details panel: (bundle, hash,
    JSON text), kept as :func:`_payload` keeps its entries."""
    text = json.dumps(item_details(_view), sort_keys=True, separators=(",", ":"))
    return _view.bundle, hashlib.sha256(text.encode()).hexdigest()[:16], text


def picked(key: str) -> str | None:
    """In ``on_select``: the selection just made in the browser — a node id, ``edge:<key>``, or
    ``""`` when it was cleared; None when nothing was picked."""
    result = st.session_state.get(key)
    value = result.get("select") if result is not None and hasattr(result, "get") else None
    return None if value is None else str(value)


def diagram(view: View, look: Look, key: str, hint: str = "", on_select: Callable[[], None] | None = None) -> None:
    """Draw the view's diagram and, below it, the details of the selection (drawn in the browser).

    ``on_select`` runs when the browser reports a selection, before the page is drawn again (read
    it with :func:`picked`), so the run that follows already holds it; ``hint`` is the empty
    details panel's text.
    """
    base = view.state.without_selection()
    cache_key = (id(view.bundle), base, view.state.mode, view.reveal_tier, view.canvas, look)
    _, fig_key, payload = _payload(cache_key, view, look, hint)
    _, items_key, items = _items(id(view.bundle), view)
    selected = view.selected_node or (EDGE_PREFIX + view.selected_edge if view.selected_edge else None)
    sent, sent_items = key + "_sent", key + "_sent_items"
    # the browser keeps the figure and the facts it was sent (the figures of its last KEPT_PLOTS
    # views drawn): a rerun for a click, or back to a view shown just before, sends only the key and
    # the selection; a diagram mounted afresh (e.g. back from another page) asks for them once
    data = {"key": fig_key, "selected": selected, "itemsKey": items_key}
    held = [k for k in st.session_state.get(sent) or () if k != fig_key]
    if fig_key not in (st.session_state.get(sent) or ()):
        data["payload"] = payload
    if st.session_state.get(sent_items) != items_key:
        data["items"] = items  # once per session and bundle
    result = _component()(
        data=data, key=key, on_select_change=on_select or (lambda: None), on_need_change=lambda: None, height="content"
    )
    if getattr(result, "need", None):
        st.session_state.pop(sent, None)
        st.session_state.pop(sent_items, None)
        st.rerun()
    st.session_state[sent] = (held + [fig_key])[-KEPT_PLOTS:]  # the most recently shown last, as the browser keeps them
    st.session_state[sent_items] = items_key
