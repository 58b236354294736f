"""CSV export of one view: a nodes table and an edges table, for spreadsheets.

Two files, both UTF-8 with a byte-order mark (so Excel detects UTF-8),
comma-separated, every text cell quoted when it needs to be (RFC 4180,
``\\r\\n`` line ends; quotes and newlines inside a cell stay inside it):

* **edges** — one row per *edge source*: an edge citing three papers gives
  three rows, each with the edge's own columns repeated. Columns:
  ``edge, source, target, source_label, target_label, relation, evidence,
  status, source_no, ref, citation, doi, pmid, link, text_file, quote,
  quoted_from, source_note, note`` (``source_no`` counts the sources of an edge from 1;
  ``note`` is the edge's note, ``source_note`` the citation's). ``citation`` is the
  cited paper; ``quoted_from`` names the text whose words the quote is ("Gallenstein's
  article"; empty when no text is known to have written it), and ``text_file`` the
  source text the quote was copied from, by its name too (the column keeps its old
  name; file names are not written).
* **nodes** — one row per node: ``id, label, kind, tier, region, side,
  convergent, pathway, x, y, description, synonyms, xrefs, links,
  citations, note`` (lists joined with " | "; ``x``/``y`` in pixels, y
  downwards; ``convergent`` is ``true``/``false``).

File names (see :func:`csv_paths`): with ``-o FILE.csv`` the edges go to
``FILE.csv`` and the nodes to ``FILE.nodes.csv``; with ``-o DIR/`` (a path
ending in a separator, or an existing directory) both go into DIR as
``edges.csv`` and ``nodes.csv``.

Formula injection: a text cell that a spreadsheet would run as a formula —
one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is
written with a leading apostrophe (``'=HYPERLINK(…)``), which spreadsheets
show as text. Numbers (``x``, ``y``, ``source_no``) are written as numbers.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from pathviz.exports import JOIN, ExportFileError, Format, edge_fields, flat, node_fields, write_text
from pathviz.render.text import cite_text, text_name, writer
from pathviz.view import View

ENCODING = "utf-8-sig"

EDGE_COLUMNS = [
    "edge",
    "source",
    "target",
    "source_label",
    "target_label",
    "relation",
    "evidence",
    "status",
    "context_drugs",
    "context_regions",
    "context_condition",
    "source_no",
    "ref",
    "citation",
    "doi",
    "pmid",
    "link",
    "text_file",
    "quote",
    "quoted_from",
    "source_note",
    "note",
]
NODE_COLUMNS = [
    "id",
    "label",
    "kind",
    "tier",
    "region",
    "side",
    "side_words",
    "convergent",
    "convergence",
    "reach",
    "support",
    "pathway",
    "x",
    "y",
    "description",
    "synonyms",
    "xrefs",
    "links",
    "citations",
    "note",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that would start a spreadsheet formula gets a leading apostrophe; numbers pass."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _table(columns: list[str], rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: safe_cell(row.get(k)) for k in columns})
    return buf.getvalue()


def edge_rows(view: View) -> list[dict[str, object]]:
    rows = []
    for e in view.edges():
        common = {
            "edge": e.key,
            "source": e.source,
            "target": e.target,
            "source_label": view.node(e.source).label,
            "target_label": view.node(e.target).label,
            **flat(edge_fields(e)),
        }
        for i, c in enumerate(view.citations(e), start=1):
            rows.append(
                {
                    **common,
                    "source_no": i,
                    "ref": c.ref,
                    "citation": c.short,
                    "doi": c.doi,
                    "pmid": c.pmid,
                    "link": c.link,
                    "text_file": text_name(view.bundle, c.text),
                    "quote": c.quote,
                    "quoted_from": writer(c),
                    "source_note": c.note,
                }
            )
    return rows


def node_rows(view: View) -> list[dict[str, object]]:
    px = view.pixels()
    rows = []
    for nid in view.node_ids():
        x, y = px.get(nid, (None, None))
        fields = node_fields(view, nid)
        rows.append(
            {
                "id": nid,
                **fields,
                **{k: JOIN.join(fields[k]) for k in ("synonyms", "xrefs", "links")},
                "x": x,
                "y": y,
                "citations": JOIN.join(cite_text(c) for c in view.citations(view.node(nid))),
            }
        )
    return rows


def to_edges_csv(view: View) -> str:
    return _table(EDGE_COLUMNS, edge_rows(view))


def to_nodes_csv(view: View) -> str:
    return _table(NODE_COLUMNS, node_rows(view))


def csv_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """(edges file, nodes file) for ``-o``: FILE.csv → FILE.csv + FILE.nodes.csv; DIR/ → DIR/edges.csv + DIR/nodes.csv."""
    raw = os.fspath(path)
    p = Path(raw)
    if raw.endswith(("/", os.sep)) or p.is_dir():
        return p / "edges.csv", p / "nodes.csv"
    stem = raw[: -len(".csv")] if raw.lower().endswith(".csv") else raw
    return p, Path(stem + ".nodes.csv")


def write_csv(view: View, path: str | os.PathLike[str]) -> list[Path]:
    """Write both tables; a directory named with a trailing separator is created."""
    edges, nodes = csv_paths(path)
    if os.fspath(path).endswith(("/", os.sep)):
        try:
            edges.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportFileError(f"cannot create {edges.parent}: {exc.strerror or exc}") from exc
    return [
        write_text(edges, to_edges_csv(view), encoding=ENCODING),
        write_text(nodes, to_nodes_csv(view), encoding=ENCODING),
    ]


def to_zip(view: View) -> bytes:
    """Both tables in one zip (edges.csv, nodes.csv), for a single download."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("edges.csv", to_edges_csv(view).encode(ENCODING))
        zf.writestr("nodes.csv", to_nodes_csv(view).encode(ENCODING))
    return buf.getvalue()


FORMATS = (
    Format(
        "csv",
        "csv",
        "application/zip",
        "CSV tables — edges (one row per cited source) and nodes, for spreadsheets",
        write_csv,
        order=30,
        to_bytes=to_zip,
        download_extension="zip",
    ),
)
