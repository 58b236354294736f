"""The dashboard's session state: one table of keys, the round trip to the URL.

:data:`VIEW_KEYS` maps every :class:`~pathviz.view.ViewState` field to its
session-state key; :data:`KEYS` holds every other key the pages share. Pages
read and write state only through these names, so no page needs another.

One state per session, the same on every page: the value of a field lives under
its :data:`VIEW_KEYS` key, which no widget owns. Streamlit forgets a widget's
value when a run does not draw the widget (another page, or lecture mode, which
hides the sidebar), so a widget that shows a field has a key of its own
(:data:`WIDGET_KEYS`) and is bound to the field with :func:`bind`: it is set from
the session before it is drawn, and a change is copied back before the run that
follows. Whichever page draws a control, and whichever page opened first, they
show the same pair, filters, detail level and step.

``?a=ketamine&b=psilocybin&node=bdnf&mode=lecture&evidence=human,animal&status=established
&region=pfc&tier=signalling,plasticity&conv=1&step=2&detail=core`` reproduces a view
(see :func:`pathviz.view.state_from_params`); :func:`sync_url` writes the session's
view into the address bar at the start of every run, before anything is drawn, and
again when a page or the Compare diagram changed it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from pathviz.model import Bundle
from pathviz.view import ViewState, state_from_params

PREFIX = "pv_"

#: ViewState field -> session-state key (the URL parameters are ViewState.to_params())
VIEW_KEYS: dict[str, str] = {
    "a": PREFIX + "a",
    "b": PREFIX + "b",
    "node": PREFIX + "node",
    "edge": PREFIX + "edge",
    "mode": PREFIX + "lecture",  # a toggle: True = lecture
    "evidence": PREFIX + "evidence",
    "status": PREFIX + "status",
    "region": PREFIX + "region",
    "tier": PREFIX + "tier",
    "conv_only": PREFIX + "conv_only",
    "step": PREFIX + "step",
    "detail": PREFIX + "core",  # a toggle: True = core
}

#: ViewState field -> the key of the widget that shows it (set from VIEW_KEYS by bind())
WIDGET_KEYS: dict[str, str] = {
    field: PREFIX + "w_" + field
    for field in ("a", "b", "mode", "evidence", "status", "region", "tier", "conv_only", "detail")
}

#: other shared keys
KEYS: dict[str, str] = {
    "uploads": PREFIX + "uploads",  # this session's uploaded files: ((name, bytes), ...)
    "chart": PREFIX + "chart",  # the Compare chart's selection event
    "last_pick": PREFIX + "last_pick",
    "search": PREFIX + "search",
    "compare_all": PREFIX + "compare_all",
    "main_width": PREFIX + "main_width",  # the main column's width, as the browser reports it (ui/viewport.py)
}


def key(field: str) -> str:
    return VIEW_KEYS[field]


def widget_key(field: str) -> str:
    return WIDGET_KEYS[field]


def bind(field: str, then: Callable[[], None] | None = None) -> dict[str, Any]:
    """Keyword arguments for a widget that shows and edits the view-state ``field``.

    The widget is set from the session's value before it is drawn (so it shows what every other
    page shows), and its ``on_change`` copies a change back into the session, then calls ``then``;
    both happen before the run that follows, so that run, and the address bar, hold the change.
    """
    ss = st.session_state
    value = ss.get(VIEW_KEYS[field])
    ss[WIDGET_KEYS[field]] = list(value) if isinstance(value, (list, tuple)) else value
    return {"key": WIDGET_KEYS[field], "on_change": _commit, "args": (field, then)}


def _commit(field: str, then: Callable[[], None] | None) -> None:
    value = st.session_state.get(WIDGET_KEYS[field])
    st.session_state[VIEW_KEYS[field]] = list(value) if isinstance(value, (list, tuple)) else value
    if then is not None:
        then()


def seeded() -> bool:
    return VIEW_KEYS["a"] in st.session_state


def seed(params: Mapping[str, str], bundle: Bundle) -> list[str]:
    """Fill the session from URL parameters once per session; returns warnings for what was dropped."""
    state, warnings = state_from_params(params, bundle)
    put(state)
    return warnings


def put(state: ViewState) -> None:
    ss = st.session_state
    ss[VIEW_KEYS["a"]] = state.a
    ss[VIEW_KEYS["b"]] = state.b
    ss[VIEW_KEYS["node"]] = state.node
    ss[VIEW_KEYS["edge"]] = state.edge
    ss[VIEW_KEYS["mode"]] = state.lecture
    for name in ("evidence", "status", "region", "tier"):
        ss[VIEW_KEYS[name]] = list(getattr(state, name))
    ss[VIEW_KEYS["conv_only"]] = state.conv_only
    ss[VIEW_KEYS["step"]] = state.step
    ss[VIEW_KEYS["detail"]] = state.detail == "core"


def current() -> ViewState:
    """The view state the session holds now."""
    ss = st.session_state
    return ViewState(
        a=ss[VIEW_KEYS["a"]],
        b=ss[VIEW_KEYS["b"]],
        node=ss.get(VIEW_KEYS["node"]),
        edge=ss.get(VIEW_KEYS["edge"]),
        mode="lecture" if ss.get(VIEW_KEYS["mode"]) else "explore",
        evidence=tuple(ss.get(VIEW_KEYS["evidence"]) or ()),
        status=tuple(ss.get(VIEW_KEYS["status"]) or ()),
        region=tuple(ss.get(VIEW_KEYS["region"]) or ()),
        tier=tuple(ss.get(VIEW_KEYS["tier"]) or ()),
        conv_only=bool(ss.get(VIEW_KEYS["conv_only"])),
        step=ss.get(VIEW_KEYS["step"]),
        detail="core" if ss.get(VIEW_KEYS["detail"]) else "full",
    )


def lecture() -> bool:
    """Lecture mode, from the session or (before it is seeded) from the URL."""
    if VIEW_KEYS["mode"] in st.session_state:
        return bool(st.session_state[VIEW_KEYS["mode"]])
    return st.query_params.get("mode") == "lecture"


def select_node(node_id: str | None) -> None:
    st.session_state[VIEW_KEYS["node"]] = node_id
    st.session_state[VIEW_KEYS["edge"]] = None


def select_edge(edge_key: str | None) -> None:
    st.session_state[VIEW_KEYS["edge"]] = edge_key
    st.session_state[VIEW_KEYS["node"]] = None


def uploads() -> tuple[tuple[str, bytes], ...]:
    return tuple(st.session_state.get(KEYS["uploads"], ()))


def set_uploads(files: tuple[tuple[str, bytes], ...]) -> None:
    st.session_state[KEYS["uploads"]] = files


def set_step(step: int | None) -> None:
    """The lecture step a person sees (1 … the tiers shown), or None."""
    st.session_state[VIEW_KEYS["step"]] = step


def sync_url() -> None:
    """Make the address bar hold the current view (cheap when it already does)."""
    wanted = current().to_params()
    if {k: st.query_params[k] for k in st.query_params} != wanted:
        st.query_params.from_dict(wanted)  # one message: the address is never seen half-written
