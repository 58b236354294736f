"""The Streamlit application: page set-up, data loading, navigation."""

from __future__ import annotations

import streamlit as st

from pathviz.ui.cached import load_bundle
from pathviz.ui.errors import show_problems


def run() -> None:
    st.set_page_config(page_title="pathviz — ketamine & psilocybin", page_icon="🧠", layout="wide")
    result = load_bundle()
    st.title("pathviz")
    st.caption("How ketamine and psilocybin work as antidepressants, and where their mechanisms meet.")
    if result.bundle is None:
        show_problems(result.problems)
        return
    from pathviz.ui.pages import data

    data.render(result.bundle)
