"""Exports of one view to files other programs read.

:data:`EXPORTERS` maps a format name to its :class:`Exporter` (file
extension, one-line description, writer). Writers take an
:class:`~pathviz.io.exports.view.ExportView` and a path and return the paths
written; they raise :class:`~pathviz.io.exports.view.ExportFileError` when a
file cannot be written. Modules are imported on first use, so importing this
package (e.g. for :mod:`.bibtex`) costs nothing.

========  =========  ======================================================
format    extension  content
========  =========  ======================================================
graphml   .graphml   directed multigraph with node/edge attributes (:mod:`.graphml`)
cyjs      .cyjs      Cytoscape.js JSON with positions and sources (:mod:`.cytoscape`)
sbgn      .sbgn      SBGN-ML 0.3, Activity Flow L1V1.2 (:mod:`.sbgn`)
csv       .csv       edges (one row per edge source) + nodes tables (:mod:`.tables`)
bibtex    .bib       the references cited by the view's nodes and edges (:mod:`.bibtex`)
ris       .ris       the same references as RIS (:mod:`.ris`)
========  =========  ======================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathviz.io.exports.view import ExportView


@dataclass(frozen=True)
class Exporter:
    name: str
    extension: str
    description: str
    module: str
    function: str

    def write(self, view: ExportView, path: str | os.PathLike[str]) -> list[Path]:
        fn = getattr(import_module(self.module), self.function)
        return list(fn(view, path))


def write_bibtex(view: ExportView, path: str | os.PathLike[str]) -> list[Path]:
    """The references cited by the view's nodes and edges, as BibTeX."""
    from pathviz.io.exports.bibtex import to_bibtex
    from pathviz.io.exports.view import write_text

    return [write_text(path, to_bibtex(view.references()))]


def write_ris(view: ExportView, path: str | os.PathLike[str]) -> list[Path]:
    """The references cited by the view's nodes and edges, as RIS."""
    from pathviz.io.exports.ris import to_ris
    from pathviz.io.exports.view import write_text

    return [write_text(path, to_ris(view.references()))]


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("graphml", "graphml", "GraphML for Cytoscape, yEd, Gephi, networkx", "pathviz.io.exports.graphml", "write_graphml"),
        Exporter("cyjs", "cyjs", "Cytoscape.js JSON with positions and sources", "pathviz.io.exports.cytoscape", "write_cyjs"),
        Exporter("sbgn", "sbgn", "SBGN-ML 0.3, Activity Flow", "pathviz.io.exports.sbgn", "write_sbgn"),
        Exporter("csv", "csv", "edges (one row per edge source) and nodes tables", "pathviz.io.exports.tables", "write_csv"),
        Exporter("bibtex", "bib", "BibTeX of the references cited in the view", "pathviz.io.exports", "write_bibtex"),
        Exporter("ris", "ris", "RIS of the references cited in the view", "pathviz.io.exports", "write_ris"),
    )
}
