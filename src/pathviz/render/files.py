"""Slide-ready static exports of the Plotly figure: PNG, SVG (real text), offline HTML."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from pathviz.render.text import esc_html

SLIDE_WIDTH = 1920
SLIDE_HEIGHT = 1080


class ExportError(Exception):
    """An export could not be written; the message says what to do."""


def to_html(fig: go.Figure, title: str = "pathviz") -> str:
    """A standalone page with plotly.js inlined: opens from disk with no network."""
    return pio.to_html(
        fig,
        include_plotlyjs=True,
        full_html=True,
        config={"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "svg"}},
        default_width=f"{fig.layout.width or SLIDE_WIDTH}px",
        default_height=f"{fig.layout.height or SLIDE_HEIGHT}px",
    ).replace("<head>", f"<head><title>{esc_html(title)}</title>", 1)


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep what kaleido, its browser driver and Chromium write to stderr (tracebacks of their
    background threads included) off the user's terminal while a figure renders; the outcome is
    reported by the caller in one line."""
    import logging
    import threading

    loggers = [logging.getLogger(n) for n in ("kaleido", "choreographer", "logistro")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    old_hook = threading.excepthook
    threading.excepthook = lambda args: None
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
    finally:
        os.close(saved)
        threading.excepthook = old_hook
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def to_image(fig: go.Figure, fmt: str, width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT) -> bytes:
    """PNG or SVG bytes rendered by kaleido with the system's Chromium."""
    if fmt not in ("png", "svg"):
        raise ValueError(fmt)
    _ensure_browser()
    try:
        with _quiet_stderr():
            return pio.to_image(fig, format=fmt, width=width, height=height, scale=1)
    except Exception as exc:  # kaleido reports browser problems with many types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise ExportError(
            f"rendering the {fmt.upper()} failed ({type(exc).__name__}{': ' + first[:200] if first else ''}). "
            "PNG/SVG export needs Chromium: apt-get install -y chromium"
        ) from exc


_SVG_ROOT = re.compile(rb"<svg\b[^>]*?(/?)>")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def svg_with_text(svg: bytes, title: str, desc: str) -> bytes:
    """The SVG as an image that says what it is: ``<title>`` and ``<desc>`` as the root's first children,
    the root ``role="img"`` and ``aria-labelledby`` both (what screen readers read of an SVG)."""
    m = _SVG_ROOT.search(svg)
    if m is None or b"aria-labelledby" in m.group(0):
        return svg

    def text(words: str) -> bytes:  # one paragraph of escaped text, no character XML forbids
        return esc_html(" ".join(_NOT_XML.sub(" ", words).split())).encode("utf-8")

    start = m.group(0)[: m.start(1) - m.start(0)] if m.group(1) else m.group(0)[:-1]
    head = (start + b' role="img" aria-labelledby="pathviz-title pathviz-desc">'
            + b'<title id="pathviz-title">' + text(title) + b"</title>"
            + b'<desc id="pathviz-desc">' + text(desc) + b"</desc>"
            + (b"</svg>" if m.group(1) else b""))
    return svg[: m.start()] + head + svg[m.end():]


#: the flags every headless Chromium of the project starts with (the handout's print, the browser tests
#: and benchmarks): no sandbox or GPU in a container, no network of its own, no first-run work
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def find_chromium() -> str | None:
    """The system Chromium that draws PNG/SVG (through kaleido) and prints the PDF handout:
    $PATHVIZ_CHROMIUM, $BROWSER_PATH, Debian's paths, else ``chromium`` on the PATH; None if absent."""
    for candidate in (
        os.environ.get("PATHVIZ_CHROMIUM"),
        os.environ.get("BROWSER_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _ensure_browser() -> None:
    if os.environ.get("BROWSER_PATH"):
        return
    found = find_chromium()
    if found is None:
        raise ExportError("PNG/SVG export needs Chromium, which was not found: apt-get install -y chromium")
    os.environ["BROWSER_PATH"] = found  # where kaleido looks


def write_figure(fig: go.Figure, path: str | os.PathLike[str], fmt: str, title: str = "pathviz") -> Path:
    out = Path(path)
    if fmt == "html":
        data = to_html(fig, title).encode("utf-8")
    else:
        data = to_image(fig, fmt, int(fig.layout.width or SLIDE_WIDTH), int(fig.layout.height or SLIDE_HEIGHT))
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
