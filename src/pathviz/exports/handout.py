"""The clinician handout (PDF) of a view's drugs: see :mod:`pathviz.render.handout`.

The command line's ``pathviz export --format pdf`` takes any number of drugs
(default: every drug); as a download of a view it covers the view's drugs.
"""

from __future__ import annotations

import os
from pathlib import Path

from pathviz.exports import ExportFileError, Format
from pathviz.render.handout import HandoutError, write_handout
from pathviz.view import View


def write_pdf(view: View, path: str | os.PathLike[str]) -> list[Path]:
    drugs = [view.bundle.pathways[p] for p in view.pathway_ids if view.bundle.pathways[p].is_drug]
    try:
        write_handout(view.bundle, drugs, path)
    except HandoutError as exc:
        raise ExportFileError(str(exc)) from exc
    return [Path(path)]


FORMATS = (
    Format("pdf", "pdf", "application/pdf", "Clinician handout (PDF, A4)", write_pdf, kind="handout", order=70),
)
