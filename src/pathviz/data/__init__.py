"""Data files shipped with pathviz, and where the pathway files are.

An installed pathviz carries the bundled pathways in ``pathviz/data/pathways`` (``setup.py``
copies ``pathways/*.yaml`` there when it builds the package); run from the checkout or installed
with ``pip install -e .``, the checkout's ``pathways/`` is used, so an edit shows at once.
"""

from __future__ import annotations

import os
from pathlib import Path

PATHWAYS_ENV = "PATHVIZ_PATHWAYS"


def shipped_pathways() -> Path | None:
    """The pathways that come with pathviz: the installed package's copy, else the checkout's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "pathways", here.parents[2] / "pathways"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    return None


def env_pathways() -> Path | None:
    """The directory ``$PATHVIZ_PATHWAYS`` names, if it is set."""
    value = os.environ.get(PATHWAYS_ENV, "").strip()
    return Path(value) if value else None
