"""Import WikiPathways GPML (2013a and 2021) as a pathviz pathway file.

The API (stable; ``cli.py``, the Load page and the import flow call it)
---------------------------------------------------------------------

``convert(raw: bytes, name: str, *, drug=None, max_bytes=MAX_GPML_BYTES) -> Conversion``
    The whole import of one document held in memory.  ``name`` is the file
    name shown in messages.  Raises :class:`GpmlError` for a document that
    cannot be imported.  ``Conversion`` holds

    * ``data``: the pathway as a plain dict (what ``to_yaml`` writes);
    * ``warnings``: list of one-line strings (what was left out or kept with
      doubt), each naming the GPML element (``line L, column C``);
    * counts: ``interactions`` (Interaction elements in the file),
      ``data_nodes`` (DataNode elements), ``arrows`` (edges written),
      ``groups`` (groups and complexes written as one node each),
      ``anchors`` (interactions that regulate another interaction through
      its anchor), plus ``nodes``/``edges`` (the same numbers the older
      callers read), ``skipped``, ``merged``, ``self_loops``;
    * ``text``: the pathway file text (``to_yaml(data)``), already checked as
      ``pathviz validate`` checks it: ``convert`` raises a :class:`GpmlError`
      located at the GPML element that produced a bad item, never in the YAML;
    * ``locate(problem)``: a :class:`pathviz.errors.Problem` of the written file
      (or of it checked beside a bundle) told at the GPML element that produced
      the item (``GPML:LINE:COL: error: the DataNode 'X' (written as nodes[3].label): ...``);
    * ``summary()``: one line for a terminal.

``GpmlError(file, message, line=1, col=1)``
    ``.file``, ``.line``, ``.column`` (also ``.col``), ``.message``;
    ``.format()`` gives ``FILE:LINE:COL: error: MESSAGE``.  Every location is
    in the GPML the user gave, never in the YAML the importer writes.

``read_gpml(path, *, max_bytes=...) -> bytes``: the bytes of a file, size-bounded.
``gpml_to_pathway(raw, name, *, drug=None) -> (data, warnings)``: ``convert`` for older callers.
``to_yaml(data) -> str``, ``write_yaml(text, output, force)``: the pathway file text, written.
``self_check(text, out_name, conversion=None) -> list[str]``: problems pathviz reports on the
written text; with the ``conversion``, each told at its GPML element (``Conversion.locate``).
``link_to_bundle(data, bundle) -> (data, notes)``: reuse bundle nodes of the same name.

The module never prints.  See ``docs/gpml.md`` for what becomes what.
"""

from pathviz.io.gpml.mapping import Conversion, convert, gpml_to_pathway, slug
from pathviz.io.gpml.read import MAX_GPML_BYTES, GpmlError, read_gpml
from pathviz.io.gpml.read import parse_xml as parse_gpml
from pathviz.io.gpml.write import link_to_bundle, self_check, to_yaml, write_yaml

__all__ = [
    "MAX_GPML_BYTES",
    "Conversion",
    "GpmlError",
    "convert",
    "gpml_to_pathway",
    "link_to_bundle",
    "parse_gpml",
    "read_gpml",
    "self_check",
    "slug",
    "to_yaml",
    "write_yaml",
]
