from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pathviz.render.files import CHROMIUM_FLAGS

CHROMIUM = os.environ.get("PATHVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)

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


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, one Playwright session for the whole run (a second sync session in the same
    thread is refused by Playwright, so every test that needs a browser takes this one)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
