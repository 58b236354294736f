"""Explore page: the pair as an interactive network (drag, zoom, click to highlight neighbours)."""

from __future__ import annotations

import streamlit as st

from pathviz.model import Bundle
from pathviz.render.network import to_network_html
from pathviz.ui import cached, state
from pathviz.ui.text import md
from pathviz.view import View, describe_filters


def render(bundle: Bundle) -> None:
    st.title("Explore the network")
    names = {p.id: bundle.drug_name(p) for p in bundle.drugs}  # as the Compare page names them
    c1, c2, c3 = st.columns([2, 2, 1.4])
    drugs = [p.id for p in bundle.drugs]
    # the session's pair, the same as on every page; a change here is the pair there too
    c1.selectbox("Drug A (left)", drugs, format_func=names.get, **state.bind("a"))
    c2.selectbox("Drug B (right)", drugs, format_func=names.get, **state.bind("b"))
    physics = c3.toggle("Let it relax (physics)", value=False, help="Start from our layout and let the nodes settle; stops by itself.")
    current = state.current().without_selection()
    view = cached.view(bundle, current)
    filters = describe_filters(view.state)
    st.caption(
        "Drag to move, scroll to zoom, hover for details, click a node to highlight its neighbours. "
        "Same data, filters and detail level as the Compare page; it works offline. "
        + (f"Filters (set in the Compare page's sidebar): {md(filters)}." if filters else "No filters: every arrow is shown.")
    )
    if view.too_large:
        st.warning("This view has too many nodes to draw; narrow it with the Compare page's filters.")
        return
    html = _network_html(view, physics)
    st.iframe(html, height=860)
    st.download_button(
        "Download this network as HTML (opens offline)",
        data=html.encode("utf-8"),
        file_name=f"pathviz-{view.slug}-network.html",
        mime="text/html",
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _network_html_cached(key: tuple, _view: View, physics: bool) -> str:
    return to_network_html(_view, physics=physics, title="pathviz network", height_px=800)


def _network_html(view: View, physics: bool) -> str:
    key = (id(view.bundle), view.state, physics)
    return _network_html_cached(key, view, physics)
