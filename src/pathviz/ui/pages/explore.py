"""Explore page: the pair as an interactive network (drag, zoom, click to highlight neighbours)."""

from __future__ import annotations

import streamlit as st

from pathviz.analysis.graph import EdgeFilter
from pathviz.model import Bundle
from pathviz.render import style
from pathviz.render.network import to_network_html
from pathviz.ui import cached
from pathviz.ui.pages.compare import current_state


def render(bundle: Bundle) -> None:
    st.title("Explore the network")
    state = current_state(bundle)
    names = {p.id: p.title for p in bundle.drugs}
    c1, c2, c3 = st.columns([2, 2, 1.4])
    drugs = [p.id for p in bundle.drugs]
    c1.selectbox("Drug A (left)", drugs, key="pv_a", format_func=names.get)
    c2.selectbox("Drug B (right)", drugs, key="pv_b", format_func=names.get)
    physics = c3.toggle("Let it relax (physics)", value=False, help="Start from our layout and let the nodes settle; stops by itself.")
    state = current_state(bundle)
    edge_filter = EdgeFilter.of(state.evidence or None, state.status or None)
    conv = cached.convergence(bundle, state.a, state.b, edge_filter)
    scene = cached.scene(bundle, state.a, state.b, edge_filter, style.NORMAL, frozenset(conv.graph.nodes))
    st.caption(
        "Drag to move, scroll to zoom, hover for details, click a node to highlight its neighbours. "
        "Same data and filters as the Compare page; it works offline."
    )
    html = _network_html(scene, physics)
    st.iframe(html, height=860)
    st.download_button(
        "Download this network as HTML (opens offline)",
        data=html.encode("utf-8"),
        file_name=f"pathviz-{state.a}-{state.b}-network.html",
        mime="text/html",
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _network_html_cached(key: tuple, _scene, physics: bool) -> str:  # type: ignore[no-untyped-def]
    return to_network_html(_scene, physics=physics, title="pathviz network", height_px=800)


def _network_html(scene, physics: bool) -> str:  # type: ignore[no-untyped-def]
    key = (id(scene), tuple(sorted(scene.pos)), scene.names.get("a"), scene.names.get("b"))
    return _network_html_cached(key, scene, physics)
