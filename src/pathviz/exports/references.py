"""The references cited by a view's nodes and arrows, as BibTeX and RIS."""

from __future__ import annotations

import os
from pathlib import Path

from pathviz.exports import Format, write_text
from pathviz.exports.bibtex import to_bibtex
from pathviz.exports.ris import to_ris
from pathviz.view import View


def write_bibtex(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_text(path, to_bibtex(view.references()))]


def write_ris(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_text(path, to_ris(view.references()))]


FORMATS = (
    Format("bibtex", "bib", "application/x-bibtex", "BibTeX of the references cited in the view", write_bibtex, kind="references", order=60),
    Format("ris", "ris", "application/x-research-info-systems", "RIS of the references cited in the view", write_ris, kind="references", order=61),
)
