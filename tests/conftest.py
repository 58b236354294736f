from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PATHWAYS = ROOT / "pathways"


def _find_sources() -> Path | None:
    """The source texts: $PATHVIZ_SOURCES, or shared/sources beside the checkout."""
    env = os.environ.get("PATHVIZ_SOURCES")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared" / "sources", ROOT / "shared" / "sources"]
    for c in candidates:
        if c.is_dir() and any(c.glob("*.txt")):
            return c
    return None


SOURCES = _find_sources()


@pytest.fixture
def sources_dir() -> Path:
    if SOURCES is None:
        pytest.fail(
            "the source texts (shared/sources) were not found beside the checkout; "
            "set PATHVIZ_SOURCES to their directory"
        )
    return SOURCES


@pytest.fixture
def minimal_text() -> str:
    return (DATA / "valid" / "minimal.yaml").read_text("utf-8")


@pytest.fixture
def bundle_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled pathways, safe to edit."""
    dest = tmp_path / "pathways"
    shutil.copytree(PATHWAYS, dest)
    return dest
