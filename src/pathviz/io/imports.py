"""The one import flow: a GPML file → a checked pathway YAML, for ``pathviz import`` and the Load page.

    read → convert → (link to the bundle) → YAML → check → result

:func:`parse_import` runs it on bytes held in memory (an upload), :func:`read_import` on a
file; both return an :class:`ImportResult` and never raise for bad input: every problem is a
located line (``FILE:LINE:COL: error: MESSAGE``), pointing into the GPML the user gave. The
command line prints the result and writes the YAML; the Load page shows it. Neither repeats any
step.

Checking: ``convert`` checks the pathway on its own (what ``pathviz validate OUT.yaml`` says);
with a base directory the YAML is also checked beside the pathways of that directory, as an added
pathway (never in place of one of them), which is how the Compare page will load it.

Limits: the GPML is bounded by :data:`pathviz.io.gpml.MAX_GPML_BYTES` before it is parsed, and
the XML parser refuses DTDs and entities (so an entity bomb is refused at once, not expanded).
The YAML an import writes obeys the limits of any pathway file (``io/yaml_source.py``). How
many nodes can be *drawn* is a separate limit, of the diagram (``view.MAX_DRAWN_NODES``): a
larger pathway loads, exports and is listed, and the diagram says it is too large to draw.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathviz.io.gpml import (
    MAX_GPML_BYTES,
    Conversion,
    GpmlError,
    convert,
    link_to_bundle,
    read_gpml,
    to_yaml,
)
from pathviz.io.pathways import LoadResult, load_pathways
from pathviz.io.yaml_source import MAX_FILE_BYTES


@dataclass
class ImportResult:
    """What one import produced. ``ok`` when there is YAML to write and no error."""

    source: str  # the GPML file's name, as messages show it
    yaml_name: str  # the name the YAML is checked (and written) under
    data: dict[str, Any] | None = None
    text: str | None = None
    conversion: Conversion | None = None
    warnings: list[str] = field(default_factory=list)  # "FILE: warning: ..." lines
    linked: list[str] = field(default_factory=list)  # "label (id) is the bundle's 'x' (same name)"
    errors: list[str] = field(default_factory=list)  # located "FILE:LINE:COL: error: ..." lines
    usage_error: bool = False  # the error is in what was asked (--drug, --link-to), not in the file
    checked: LoadResult | None = None  # the base's pathways with the import beside them

    @property
    def ok(self) -> bool:
        return self.text is not None and not self.errors

    @property
    def pathway_id(self) -> str | None:
        return None if self.data is None else self.data.get("id")

    @property
    def drug(self) -> str | None:
        return None if self.data is None else self.data.get("drug")

    def summary(self) -> str:
        if self.conversion is None:
            return f"{self.source}: not imported"
        conv = self.conversion
        n_nodes = len(self.data.get("nodes", [])) if self.data else conv.nodes
        n_edges = len(self.data.get("edges", [])) if self.data else conv.edges
        line = conv.summary()
        if self.linked:
            n = len(self.linked)
            line += (
                f"; {n} node{'s' if n != 1 else ''} linked to the bundle (the file then defines "
                f"{n_nodes} nodes and {n_edges} arrows)"
            )
        return line


def default_yaml_name(source: str) -> str:
    """``WP2380.gpml`` → ``WP2380.yaml`` (the file name only)."""
    stem = Path(source).name.rsplit(".", 1)[0] if "." in Path(source).name else Path(source).name
    return f"{stem or 'imported'}.yaml"


def read_import(
    path: str | os.PathLike[str],
    *,
    yaml_name: str | None = None,
    drug: str | None = None,
    base: str | os.PathLike[str] | None = None,
    link: bool = False,
    max_bytes: int = MAX_GPML_BYTES,
) -> ImportResult:
    """:func:`parse_import` of a file, read with its size bounded before reading."""
    name = os.fspath(path)
    try:
        raw = read_gpml(path, max_bytes=max_bytes)
    except GpmlError as exc:
        return ImportResult(name, yaml_name or default_yaml_name(name), errors=[exc.format()])
    return parse_import(raw, name, yaml_name=yaml_name, drug=drug, base=base, link=link, max_bytes=max_bytes)


def parse_import(
    raw: bytes,
    name: str,
    *,
    yaml_name: str | None = None,
    drug: str | None = None,
    base: str | os.PathLike[str] | None = None,
    bundle: Any = None,
    link: bool = False,
    max_bytes: int = MAX_GPML_BYTES,
) -> ImportResult:
    """Import the GPML ``raw`` (shown as ``name``).

    ``drug``: the node (label, node id or GraphId) the pathway starts from. ``base``: a pathway
    directory to check the import beside (``bundle``: its bundle, when already loaded). ``link``:
    reuse the base's nodes of the same name (needs ``base``).
    """
    result = ImportResult(name, yaml_name or default_yaml_name(name))
    try:
        conv = convert(raw, name, drug=drug, max_bytes=max_bytes)
    except GpmlError as exc:
        result.errors = [exc.format()]
        result.usage_error = exc.message.startswith("--drug")
        return result
    except (RecursionError, MemoryError) as exc:
        result.errors = [f"{name}:1:1: error: the document is too deeply nested or too large to import ({type(exc).__name__})"]
        return result
    result.conversion = conv
    result.warnings = [f"{name}: warning: {w}" for w in conv.warnings]
    data = conv.data

    if base is not None and (bundle is None or link):
        if bundle is None:
            loaded = load_pathways([base])
            if loaded.bundle is None:
                result.errors = [p.format() for p in loaded.errors] + [
                    f"{os.fspath(base)}: error: the pathways to import beside are not valid; fix them first"
                ]
                result.usage_error = True
                return result
            bundle = loaded.bundle
    if link:
        if bundle is None:
            raise ValueError("link=True needs base")
        data, result.linked = link_to_bundle(data, bundle)
    result.data = data
    text = to_yaml(data)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        result.errors = [
            f"{name}:1:1: error: the pathway would be a YAML file of {size / 1048576:.1f} MiB; "
            f"a pathway file holds at most {MAX_FILE_BYTES / 1048576:g} MiB"
        ]
        return result
    result.text = text
    if base is None:
        return result  # ``convert`` has checked the file on its own, as ``pathviz validate`` would
    # added beside the base's pathways, never in place of one of them
    checked = load_pathways([base], extra=[(result.yaml_name, text)], extra_replaces=False)
    result.checked = checked
    mine = [p for p in checked.problems if p.file == result.yaml_name]
    others = [p.format() for p in checked.problems if p.file != result.yaml_name and p.severity == "error"]
    # a problem of the written file is told at the GPML element it came from
    told = [conv.locate(_at_origin(p, conv.data, data)) for p in mine]
    result.warnings += [line for line, p in zip(told, mine) if p.severity != "error"]
    errors = [line for line, p in zip(told, mine) if p.severity == "error"] + others
    if errors:
        result.errors = errors + [
            f"{name}: error: the converted pathway does not validate ({len(errors)} "
            f"problem{'s' if len(errors) != 1 else ''} above); nothing was written"
        ]
    return result


@dataclass(frozen=True)
class _Moved:
    """A problem whose place is given in the converter's own data (before linking)."""

    yaml_path: tuple
    message: str
    severity: str


def _at_origin(problem: Any, converted: dict[str, Any], written: dict[str, Any]) -> Any:
    """``problem`` with its item index in the converted data: linking drops nodes and renumbers
    nothing else, so nodes and references are found again by id; an arrow of a linked import is
    told at the pathway."""
    path = tuple(problem.yaml_path)
    if converted is written or len(path) < 2 or not isinstance(path[1], int):
        return problem
    section = path[0]
    if section in ("nodes", "references"):
        try:
            wanted = written[section][path[1]]["id"]
            index = next(i for i, item in enumerate(converted[section]) if item.get("id") == wanted)
        except (KeyError, IndexError, TypeError, StopIteration):
            return _Moved((), problem.message, problem.severity)
        return _Moved((section, index, *path[2:]), problem.message, problem.severity)
    return _Moved((), problem.message, problem.severity)
