"""Cached loading and analysis for the Streamlit pages.

The bundle cache key includes every file's modification time and size, so an
edit to pathways/*.yaml is picked up on the next interaction; unchanged data
is parsed once per server process. Views are cached by the view builder as
shared, read-only objects: nothing downstream mutates them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from pathviz.data import env_pathways, shipped_pathways
from pathviz.io.pathways import LoadResult, find_yaml_files, load_pathways
from pathviz.model import Bundle
from pathviz.view import SCREEN, Canvas, View, ViewState, build_view


def default_pathways_dir() -> Path:
    """$PATHVIZ_PATHWAYS if set, else the pathways shipped with pathviz (the checkout's pathways/)."""
    return env_pathways() or shipped_pathways() or Path("pathways")


def signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files, _ = find_yaml_files([directory])
    out = []
    for f in files:
        try:
            st_ = f.stat()
        except OSError:
            continue
        out.append((str(f), st_.st_mtime_ns, st_.st_size))
    return tuple(out)


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(directory: str, sig: tuple[tuple[str, int, int], ...]) -> LoadResult:
    return load_pathways([directory])


@st.cache_resource(show_spinner=False, max_entries=32)
def _load_with(
    directory: str, sig: tuple[tuple[str, int, int], ...], upload_key: str, _uploads: tuple[tuple[str, bytes], ...]
) -> LoadResult:
    return load_pathways([directory], extra=_uploads)


def upload_key(uploads: tuple[tuple[str, bytes], ...]) -> str:
    h = hashlib.sha256()
    for name, raw in uploads:
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(raw).digest())
    return h.hexdigest()


# the last valid bundle per directory, so a broken edit never blanks the page
_LAST_GOOD: dict[str, LoadResult] = {}


def load_bundle(directory: Path | None = None, uploads: tuple[tuple[str, bytes], ...] = ()) -> LoadResult:
    """The bundle of ``directory`` (plus this browser session's uploads), cached by content."""
    directory = directory or default_pathways_dir()
    sig = signature(directory)
    if uploads:
        return _load_with(str(directory), sig, upload_key(uploads), uploads)
    result = _load(str(directory), sig)
    if result.bundle is not None:
        _LAST_GOOD[str(directory)] = result
    return result


def last_good(directory: Path | None = None) -> LoadResult | None:
    return _LAST_GOOD.get(str(directory or default_pathways_dir()))


def view(bundle: Bundle, state: ViewState, canvas: Canvas = SCREEN) -> View:
    """The view of ``state`` (:func:`pathviz.view.build_view` keeps the filtered graph and layout per bundle)."""
    return build_view(bundle, state, canvas)
