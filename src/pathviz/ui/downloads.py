"""Download buttons for the current view: slides, interchange formats and references.

File contents are produced only when a button is clicked (deferred data), so
drawing the page stays fast.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from pathviz.io.exports import EXPORTERS
from pathviz.io.exports.view import ExportView
from pathviz.render import style
from pathviz.render.figure import Scene, View, to_figure
from pathviz.render.files import ExportError, to_html, to_image

MIME = {
    "graphml": "application/xml",
    "cyjs": "application/json",
    "sbgn": "application/xml",
    "csv": "application/zip",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}


def export_bytes(scene: Scene, ids: list[str], fmt: str) -> bytes:
    """The bytes of one interchange export of ``scene`` (CSV: a zip of both tables)."""
    view = ExportView.from_scene(scene, ids)
    exporter = EXPORTERS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "csv":
            paths = exporter.write(view, Path(tmp) / "edges.csv")  # also writes edges.nodes.csv
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in paths:
                    zf.write(p, arcname="nodes.csv" if p.name.endswith(".nodes.csv") else "edges.csv")
            return buf.getvalue()
        (path,) = exporter.write(view, Path(tmp) / f"view.{exporter.extension}")
        return Path(path).read_bytes()


def figure_bytes(slide_scene: Scene, fmt: str, title: str) -> bytes:
    fig = to_figure(slide_scene, View(scale=style.SLIDE, width=1920, height=1080, title=title, label_backing=True))
    if fmt == "html":
        return to_html(fig, title).encode("utf-8")
    try:
        return to_image(fig, fmt)
    except ExportError as exc:
        return f"{exc}\n".encode()


def download_row(scene: Scene, slide_scene: Callable[[], Scene], ids: list[str], title: str) -> None:
    base = "pathviz-" + "-".join(ids)
    with st.expander("Download this view (slides, Cytoscape, SBGN, spreadsheets, references)"):
        st.caption(
            "Slides are 1920×1080 and use the same filters; the data formats carry every node, arrow, "
            "citation and quote of the view, with the diagram's positions."
        )
        c = st.columns(3)
        c[0].download_button(
            "Slide (PNG)", data=lambda: figure_bytes(slide_scene(), "png", title), file_name=f"{base}.png",
            mime="image/png", on_click="ignore", key="pv_dl_png",
        )
        c[1].download_button(
            "Slide (SVG, real text)", data=lambda: figure_bytes(slide_scene(), "svg", title), file_name=f"{base}.svg",
            mime="image/svg+xml", on_click="ignore", key="pv_dl_svg",
        )
        c[2].download_button(
            "Interactive page (HTML, offline)", data=lambda: figure_bytes(slide_scene(), "html", title),
            file_name=f"{base}.html", mime="text/html", on_click="ignore", key="pv_dl_html",
        )
        c = st.columns(3)
        for i, fmt in enumerate(("graphml", "cyjs", "sbgn", "csv", "bibtex", "ris")):
            ext = "zip" if fmt == "csv" else EXPORTERS[fmt].extension
            c[i % 3].download_button(
                f"{fmt.upper() if fmt != 'cyjs' else 'Cytoscape JSON'} — {EXPORTERS[fmt].description}",
                data=lambda fmt=fmt: export_bytes(scene, ids, fmt),
                file_name=f"{base}.{ext}",
                mime=MIME[fmt],
                on_click="ignore",
                key=f"pv_dl_{fmt}",
            )
