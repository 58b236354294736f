"""The diagram at slide size: PNG and SVG (real text, via kaleido and the system Chromium).

The offline HTML explorer is :mod:`pathviz.exports.explorer`.

The slide is drawn from the view as it is — filters, detail level and the
selected node's highlighted routes included — at the canvas size of the view
(:func:`pathviz.view.slide_canvas`).
"""

from __future__ import annotations

import os
from pathlib import Path

from pathviz.exports import ExportFileError, Format, write_bytes
from pathviz.render.figure import SLIDE_LOOK, to_figure
from pathviz.render.files import ExportError, to_html, to_image
from pathviz.view import View


def slide_bytes(view: View, fmt: str) -> bytes:
    width, height = view.canvas.width_px, view.canvas.height_px or 1080
    fig = to_figure(view, SLIDE_LOOK)
    if fmt == "html":
        return to_html(fig, view.title).encode("utf-8")
    try:
        return to_image(fig, fmt, width, height)
    except ExportError as exc:
        raise ExportFileError(str(exc)) from exc


def _writer(fmt: str):  # type: ignore[no-untyped-def]
    def write(view: View, path: str | os.PathLike[str]) -> list[Path]:
        return [write_bytes(path, slide_bytes(view, fmt))]

    write.__name__ = f"write_{fmt}"
    return write


FORMATS = (
    Format("png", "png", "image/png", "Slide (PNG)", _writer("png"), kind="slide", order=1),
    Format("svg", "svg", "image/svg+xml", "Slide (SVG, real text)", _writer("svg"), kind="slide", order=2),
)
