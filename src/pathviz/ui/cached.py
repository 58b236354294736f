"""Cached loading for the Streamlit pages.

The cache key includes every file's modification time and size, so an edit
to pathways/*.yaml is picked up on the next interaction, while unchanged data
is parsed once per server process.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from pathviz.io.pathways import LoadResult, find_yaml_files, load_pathways


def default_pathways_dir() -> Path:
    env = os.environ.get("PATHVIZ_PATHWAYS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "pathways"


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


@st.cache_data(show_spinner=False, max_entries=8)
def _load(directory: str, _sig: tuple[tuple[str, int, int], ...]) -> LoadResult:
    return load_pathways([directory])


def load_bundle(directory: Path | None = None) -> LoadResult:
    directory = directory or default_pathways_dir()
    return _load(str(directory), signature(directory))
