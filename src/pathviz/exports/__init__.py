"""Exports of one :class:`~pathviz.view.View` to files: slides and files other programs read.

Every module of this package that declares ``FORMATS`` (a tuple of
:class:`Format`) is an export format; :func:`formats` collects them, and the
command line (``pathviz export --format``) and the dashboard's download
buttons both iterate that one registry. Adding a format is one module here
(plus its test): declare its name, file extension, MIME type, a label and a
writer.

A writer takes the view and a path and returns the paths written; it raises
:class:`ExportFileError` (the message names the file and the reason) when a
file cannot be written.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathviz.model import Edge
    from pathviz.view import View


class ExportFileError(Exception):
    """An export could not be written; the message says which file and why, or what to install."""


Writer = Callable[["View", "str | os.PathLike[str]"], list[Path]]


@dataclass(frozen=True)
class Format:
    """One export format."""

    name: str  # what --format takes
    extension: str  # file extension, without the dot
    mime: str
    label: str  # one line for a button or --help
    write: Writer = field(repr=False, compare=False)
    kind: str = "data"  # "slide" (drawn at slide size), "data" or "references"
    order: int = 50  # position in listings
    to_bytes: Callable[["View"], bytes] | None = field(default=None, repr=False, compare=False)
    download_extension: str | None = None  # when the download differs from the file (csv: a zip)

    def bytes(self, view: View) -> bytes:
        """The export as one download (written to a temporary file unless the format has its own)."""
        if self.to_bytes is not None:
            return self.to_bytes(view)
        with tempfile.TemporaryDirectory() as tmp:
            (path, *_) = self.write(view, Path(tmp) / f"view.{self.extension}")
            return Path(path).read_bytes()

    def file_name(self, view: View) -> str:
        return f"pathviz-{view.slug}.{self.download_extension or self.extension}"


@lru_cache(maxsize=1)
def formats() -> dict[str, Format]:
    """Every export format of this package, in listing order."""
    found: list[Format] = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(getattr(module, "FORMATS", ()))
    found.sort(key=lambda f: (f.order, f.name))
    names = [f.name for f in found]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:  # pragma: no cover - a programming error caught by the tests
        raise RuntimeError(f"export format declared twice: {', '.join(sorted(dupes))}")
    return {f.name: f for f in found}


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write text (newlines as given); OSError becomes :class:`ExportFileError`."""
    out = Path(path)
    try:
        with open(out, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise ExportFileError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    out = Path(path)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ExportFileError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


JOIN = " | "  # joins several values in one text attribute


def node_fields(view: View, node_id: str) -> dict:
    """What every format says about a node (None where there is nothing; lists stay lists)."""
    from pathviz.view import xref_links

    n = view.node(node_id)
    side = view.side(node_id)
    return {
        "label": n.label,
        "kind": n.kind.value,
        "tier": n.tier.value,
        "tier_rank": n.tier.rank,
        "region": n.region.value if n.region else None,
        "side": side,
        "side_words": view.side_name(side),
        "convergent": view.is_convergent(node_id),
        "convergence": view.convergence_kind(node_id),
        "reach": view.reach_words(node_id) or None,
        "support": view.support_text(node_id) or None,
        "pathway": view.pathway_of(node_id),
        "description": n.description,
        "xrefs": list(n.xrefs),
        "links": xref_links(n.xrefs),
        "synonyms": list(n.synonyms),
        "note": n.note,
    }


def edge_fields(edge: Edge) -> dict:
    """What every format says about an arrow, besides its ends and sources."""
    from pathviz.analysis.graph import CAUSAL

    return {
        "relation": edge.relation.value,
        "label": edge.relation.label,
        "sign": edge.relation.sign,
        "causal": edge.relation in CAUSAL,
        "evidence": edge.evidence.value,
        "status": edge.status.value,
        "context_drugs": sorted(edge.drugs),
        "context_regions": sorted(edge.regions),
        "context_condition": edge.context.condition if edge.context is not None else None,
        "note": edge.note,
    }


def flat(fields: dict) -> dict:
    """The fields as single text values for formats without lists or nulls (GraphML, CSV)."""
    return {k: JOIN.join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in fields.items()}
