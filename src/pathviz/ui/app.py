"""The Streamlit application: page set-up, data loading, URL state, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pathviz.model import Bundle
from pathviz.ui.cached import load_bundle
from pathviz.ui.errors import show_problems
from pathviz.ui.state import from_params

ASSETS = Path(__file__).resolve().parents[3] / "assets"


def _lecture_requested() -> bool:
    if "pv_lecture" in st.session_state:
        return bool(st.session_state["pv_lecture"])
    return st.query_params.get("mode") == "lecture"


def run() -> None:
    lecture = _lecture_requested()
    st.set_page_config(
        page_title="pathviz — ketamine & psilocybin",
        page_icon="🧠",
        layout="wide",
        initial_sidebar_state="collapsed" if lecture else "expanded",
    )
    result = load_bundle()
    if result.bundle is None:
        st.title("pathviz")
        show_problems(result.problems)
        return
    bundle = result.bundle
    if "pv_a" not in st.session_state:
        from pathviz.ui.pages.compare import seed_state

        state, warnings = from_params(st.query_params, bundle)
        seed_state(state)
        for w in warnings:
            st.toast(w, icon="⚠️")
    if st.session_state.get("pv_lecture"):
        css = ASSETS / "lecture.css"
        if css.exists():
            st.html(f"<style>{css.read_text('utf-8')}</style>")
    pages = _pages(bundle)
    nav = st.navigation(pages, position="hidden" if st.session_state.get("pv_lecture") else "sidebar")
    nav.run()


def _pages(bundle: Bundle) -> list:
    from pathviz.ui.pages import compare, data

    def compare_page() -> None:
        if not st.session_state.get("pv_lecture"):
            st.title("Ketamine & psilocybin: where the mechanisms meet")
            st.caption(
                "Both cascades side by side — drug A left, drug B right, what both reach in the middle. "
                "Click any node or arrow for its evidence and sources."
            )
        compare.render(bundle)
        _sync_url(bundle)

    pages = [st.Page(compare_page, title="Compare", icon=":material/compare_arrows:", url_path="compare", default=True)]
    optional = [
        ("clinician", "Clinician view", ":material/stethoscope:"),
        ("references", "References", ":material/menu_book:"),
        ("howto", "How to read this", ":material/help:"),
    ]
    import importlib

    for name, title, icon in optional:
        try:
            module = importlib.import_module(f"pathviz.ui.pages.{name}")
        except ImportError:
            continue
        pages.append(st.Page(_bind(module.render, bundle), title=title, icon=icon, url_path=name))
    pages.append(st.Page(_bind(data.render, bundle), title="Data tables", icon=":material/table:", url_path="data"))
    return pages


def _bind(fn, bundle: Bundle):  # type: ignore[no-untyped-def]
    def page() -> None:
        fn(bundle)

    page.__name__ = f"page_{fn.__module__.rsplit('.', 1)[-1]}"
    return page


def _sync_url(bundle: Bundle) -> None:
    from pathviz.ui.pages.compare import current_state

    wanted = current_state(bundle).to_params()
    if {k: st.query_params[k] for k in st.query_params} != wanted:
        st.query_params.clear()
        st.query_params.update(wanted)
