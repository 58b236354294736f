"""The dashboard's pages: one table, built into Streamlit navigation on every run.

Pages are modules of :mod:`pathviz.ui.pages` with ``render(bundle)``; they never
import each other. A page that sends the user elsewhere calls :func:`switch_to`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st

from pathviz.model import Bundle
from pathviz.ui import state

#: (module, title, icon); the first is the default page
PAGES: tuple[tuple[str, str, str], ...] = (
    ("compare", "Compare", ":material/compare_arrows:"),
    ("explore", "Explore network", ":material/hub:"),
    ("clinician", "Clinician view", ":material/stethoscope:"),
    ("references", "References", ":material/menu_book:"),
    ("howto", "How to read this", ":material/help:"),
    ("upload", "Load your own", ":material/upload_file:"),
    ("data", "Data tables", ":material/table:"),
)

_BUILT: dict[str, st.Page] = {}


def _bind(name: str, bundle: Bundle) -> Callable[[], None]:
    module = importlib.import_module(f"pathviz.ui.pages.{name}")

    def page() -> None:
        module.render(bundle)
        state.sync_url()  # the page may have settled the view (e.g. a lecture step past the last)

    page.__name__ = f"page_{name}"
    return page


def build(bundle: Bundle) -> list[st.Page]:
    pages = []
    for i, (name, title, icon) in enumerate(PAGES):
        page = st.Page(_bind(name, bundle), title=title, icon=icon, url_path=name, default=i == 0)
        _BUILT[name] = page
        pages.append(page)
    return pages


def switch_to(name: str) -> None:
    """Go to another page (e.g. the upload page sends the user to Compare)."""
    st.switch_page(_BUILT[name])
