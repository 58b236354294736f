"""The Streamlit application: page set-up, data loading, URL state, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pathviz.model import Bundle
from pathviz.ui.cached import last_good, load_bundle
from pathviz.ui.errors import show_problems
from pathviz.ui.state import from_params
from pathviz.ui.text import md

ASSETS = Path(__file__).resolve().parents[3] / "assets"
COMPARE_PAGE = None  # set on every run; the upload page switches to it


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
    uploads = tuple(st.session_state.get("pv_uploads", ()))
    result = load_bundle(uploads=uploads)
    if result.bundle is None and uploads:
        # the bundled files changed under this session's upload: drop the upload, keep going
        st.session_state["pv_uploads"] = ()
        st.warning("Your uploaded pathway no longer fits the bundled pathways and was set aside:")
        st.code("\n".join(p.format() for p in result.errors[:20]), language=None)
        result = load_bundle()
    if result.bundle is None:
        good = last_good()
        if good is None:
            st.title("pathviz")
            show_problems(result.problems)
            return
        # a broken edit while the app runs: keep showing the last valid data
        first = result.errors[0] if result.errors else None
        where = f"{first.file}, line {first.line}" if first else "a pathway file"
        st.warning(
            f"The pathway files have {len(result.errors)} error(s) (first in {where}); "
            "showing the last valid version until they are fixed. Run `pathviz validate` for details.",
            icon=":material/warning:",
        )
        with st.expander("Errors in the pathway files"):
            st.code("\n".join(p.format() for p in result.errors), language=None)
        result = good
    bundle = result.bundle
    if "pv_a" not in st.session_state:
        from pathviz.ui.pages.compare import seed_state

        state, warnings = from_params(st.query_params, bundle)
        seed_state(state)
        for w in warnings:
            st.toast(md(w), icon=":material/warning:")
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
        compare.render(bundle)
        _sync_url(bundle)

    global COMPARE_PAGE
    COMPARE_PAGE = st.Page(compare_page, title="Compare", icon=":material/compare_arrows:", url_path="compare", default=True)
    pages = [COMPARE_PAGE]
    optional = [
        ("explore", "Explore network", ":material/hub:"),
        ("clinician", "Clinician view", ":material/stethoscope:"),
        ("references", "References", ":material/menu_book:"),
        ("howto", "How to read this", ":material/help:"),
        ("upload", "Load your own", ":material/upload_file:"),
    ]
    import importlib

    for name, title, icon in optional:
        module = importlib.import_module(f"pathviz.ui.pages.{name}")
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
