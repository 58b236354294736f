"""Read pathway YAML files into a validated :class:`~pathviz.model.Bundle`.

``read_pathways(paths)`` reads every ``*.yaml``/``*.yml`` file of the given
directories (and any files named directly), validates each against the model,
then cross-checks the bundle: unique ids, edge ends and references that
resolve, CURIE prefixes that exist.  Every problem of a run is collected and
raised together as one :class:`~pathviz.errors.PathwayError`; nothing is
written anywhere.
"""

from __future__ import annotations

import os
import re
import typing
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from pathviz.errors import PathwayError, Problem, YamlPath, did_you_mean
from pathviz.io.yaml_source import MAX_FILE_BYTES, Marks, YamlDocument, parse_bytes, read_yaml
from pathviz.model import (
    Bundle,
    ClinicalFact,
    Edge,
    Node,
    Pathway,
    PathwayFile,
    Reference,
    Source,
)
from pathviz.vocab import Evidence, ReferenceType, Status, hedges

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 5000
MAX_BUNDLE_NODES = 100_000
MAX_BUNDLE_EDGES = 200_000


@dataclass
class ParsedFile:
    file: str
    content: PathwayFile
    marks: Marks
    # ids seen in the file, including those of items that failed validation,
    # so that a broken node is not also reported as "unknown" wherever it is used
    raw_node_ids: set[str] = field(default_factory=set)
    raw_ref_ids: set[str] = field(default_factory=set)


@dataclass
class LoadResult:
    """What a read produced: the bundle (if valid) and every problem found."""

    bundle: Bundle | None
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # pathway id -> the file read from ``paths`` that an extra file with that id replaced
    replaced: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# --------------------------------------------------------------------------- files


def find_yaml_files(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """Expand directories to their YAML files (sorted, not recursive)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                q for q in p.iterdir() if q.suffix.lower() in YAML_SUFFIXES and q.is_file()
            )
            if not found:
                problems.append(
                    Problem(str(p), 0, 0, (), "no .yaml or .yml files in this directory")
                )
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(Problem(str(p), 0, 0, (), "no such file or directory"))
    if len(files) > MAX_FILES:
        problems.append(
            Problem(str(paths[0]), 0, 0, (), f"more than {MAX_FILES} files; split the bundle")
        )
        files = files[:MAX_FILES]
    # the same file named twice is read once
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values()), problems


def read_pathways(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str] = "pathways",
    *,
    xref_check: bool = True,
    sources_dir: str | os.PathLike[str] | None = None,
) -> Bundle:
    """Read and validate a bundle; raise :class:`PathwayError` with every problem."""
    result = load_pathways(paths, xref_check=xref_check, sources_dir=sources_dir)
    if result.bundle is None:
        raise PathwayError(result.problems)
    return result.bundle


def load_pathways(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str] = "pathways",
    *,
    xref_check: bool = True,
    sources_dir: str | os.PathLike[str] | None = None,
    extra: Iterable[tuple[str, bytes | str]] = (),
    max_extra_bytes: int = MAX_FILE_BYTES,
    extra_replaces: bool = True,
) -> LoadResult:
    """Like :func:`read_pathways` but returns problems (and warnings) instead of raising.

    With ``sources_dir``, every quoted sentence is also checked against the
    source text it names (whitespace collapsed). ``extra`` adds in-memory
    files ``(name, content)`` (uploads) to the bundle; nothing is written.

    With ``extra_replaces`` (the default), an extra file whose pathway ``id`` is
    the id of a file read from ``paths`` replaces that file in this result (a
    copy of a bundled pathway, edited): ``LoadResult.replaced`` names it. An
    extra file that redefines what files of ``paths`` define, or that leaves out
    what the file it replaces defined and others still use, gets one located
    message saying what to do instead of one error per id.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files, problems = find_yaml_files(paths)
    docs: list[YamlDocument] = []
    names = [_display(f) for f in files]
    for f in files:
        doc, probs = read_yaml(str(f), display=_display(f))
        problems.extend(probs)
        if doc is not None:
            docs.append(doc)
    extra_docs: list[YamlDocument] = []
    extra_names: list[str] = []
    _parse_texts(extra, max_extra_bytes, extra_docs, problems, extra_names)
    replaced: dict[str, str] = {}
    withdrawn: dict[str, Withdrawn] = {}
    if extra_replaces:
        replaced, withdrawn = _replacements(docs, extra_docs)
        gone = set(replaced.values())
        docs = [d for d in docs if d.file not in gone]
        problems = [p for p in problems if p.file not in gone]
        names = [n for n in names if n not in gone]
    result = _finish(
        docs + extra_docs,
        problems,
        names + extra_names,
        xref_check,
        sources_dir,
        extra_files=frozenset(extra_names),
        withdrawn=withdrawn,
    )
    result.replaced = replaced
    return result


@dataclass(frozen=True)
class Withdrawn:
    """An id that a replaced file defined: which pathway, in which file, replaced by which file."""

    pathway: str
    file: str
    by: str


def _replacements(
    docs: Sequence[YamlDocument], extra_docs: Sequence[YamlDocument]
) -> tuple[dict[str, str], dict[str, Withdrawn]]:
    """Pathway id -> the file an extra file with that id replaces; every id that file defined."""
    by_id: dict[str, YamlDocument] = {}
    for doc in docs:
        pid = doc.data.get("id")
        if isinstance(pid, str):
            by_id.setdefault(pid, doc)
    replaced: dict[str, str] = {}
    withdrawn: dict[str, Withdrawn] = {}
    for doc in extra_docs:
        pid = doc.data.get("id")
        if not isinstance(pid, str) or pid not in by_id or pid in replaced:
            continue
        old = by_id[pid]
        replaced[pid] = old.file
        for key in ("nodes", "references"):
            items = old.data.get(key)
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    withdrawn.setdefault(item["id"], Withdrawn(pid, old.file, doc.file))
    return replaced, withdrawn


def _parse_texts(
    texts: Iterable[tuple[str, bytes | str]],
    max_bytes: int,
    docs: list[YamlDocument],
    problems: list[Problem],
    names: list[str],
) -> None:
    """Parse in-memory files, appending to ``docs``, ``problems`` and ``names``."""
    for name, content in texts:
        raw = content.encode("utf-8") if isinstance(content, str) else content
        names.append(name)
        doc, probs = parse_bytes(raw, name, max_bytes=max_bytes)
        problems.extend(probs)
        if doc is not None:
            docs.append(doc)


def parse_pathways(
    texts: Iterable[tuple[str, bytes | str]],
    *,
    xref_check: bool = True,
    max_bytes: int = MAX_FILE_BYTES,
    sources_dir: str | os.PathLike[str] | None = None,
) -> LoadResult:
    """Validate in-memory files ``[(name, content), ...]`` as one bundle (uploads, tests)."""
    docs: list[YamlDocument] = []
    problems: list[Problem] = []
    names: list[str] = []
    _parse_texts(texts, max_bytes, docs, problems, names)
    return _finish(docs, problems, names, xref_check, sources_dir)


def parse_pathway(text: str | bytes, name: str = "<text>") -> PathwayFile:
    """Validate one file's content on its own (no cross-file checks)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc, problems = parse_bytes(raw, name)
    if doc is None:
        raise PathwayError(problems)
    parsed, problems = validate_document(doc)
    if parsed is None:
        raise PathwayError(problems)
    return parsed.content


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _finish(
    docs: list[YamlDocument],
    problems: list[Problem],
    names: list[str],
    xref_check: bool,
    sources_dir: str | os.PathLike[str] | None = None,
    *,
    extra_files: frozenset[str] = frozenset(),
    withdrawn: Mapping[str, Withdrawn] | None = None,
) -> LoadResult:
    parsed: list[ParsedFile] = []
    for doc in docs:
        pf, probs = validate_document(doc)
        problems.extend(probs)
        if pf is not None:
            parsed.append(pf)
    bundle = None
    if parsed:
        bundle, probs = build_bundle(
            parsed, xref_check=xref_check, sources_dir=sources_dir, extra_files=extra_files, withdrawn=withdrawn
        )
        problems.extend(probs)
    elif not problems:
        problems.append(Problem("(bundle)", 0, 0, (), "no pathway files were given"))
    if any(p.severity == "error" for p in problems):
        bundle = None
    return LoadResult(bundle, sorted(problems, key=lambda p: (p.file, p.line, p.col)), names)


# --------------------------------------------------------------------------- one file


_FRIENDLY_PATTERN = {
    "doi": "is not a DOI: write it as 10.NNNN/suffix (e.g. 10.1038/nrn2884), without https://doi.org/",
    "pmid": "is not a PubMed id: digits only, e.g. 30844397",
    "pmcid": "is not a PMC id: write it as PMC followed by digits, e.g. PMC5034706",
    "url": "is not a web link: it must start with http:// or https://",
    "xrefs": "is not a CURIE: write prefix:identifier, e.g. hgnc:1033 or chebi:6121",
    "text": "is not a source text file name such as 001_1e33c4c0aba75af3.txt",
    "cited_in": "is not a source text file name such as 001_1e33c4c0aba75af3.txt",
}
_ID_FIELDS = {"id", "source", "target", "ref", "drug"}


def validate_document(doc: YamlDocument) -> tuple[ParsedFile | None, list[Problem]]:
    data = doc.data
    if "schema" not in data:
        line, col = doc.marks.locate(())
        return None, [
            Problem(
                doc.file,
                line,
                col,
                (),
                "missing 'schema: pathviz/1' at the top; every pathway file starts with it",
            )
        ]
    if data.get("schema") != "pathviz/1":
        line, col = doc.marks.locate(("schema",))
        return None, [
            Problem(
                doc.file,
                line,
                col,
                ("schema",),
                f"unknown schema {data.get('schema')!r}; this version of pathviz reads 'pathviz/1'",
            )
        ]
    content_keys = ("nodes", "edges", "clinical", "references")
    if (
        not any(data.get(k) for k in content_keys if not isinstance(data.get(k), list) or data[k])
        and not any(k in data and not isinstance(data[k], list) for k in content_keys)
        and data.get("drug") is None
    ):
        line, col = doc.marks.locate(())
        return None, [Problem(doc.file, line, col, (), "the file defines no nodes, edges, clinical facts or references")]
    problems: list[Problem] = []
    cleaned: dict[str, Any] = {}
    known_ids: dict[str, set[str]] = {"nodes": set(), "references": set()}
    item_models: dict[str, type[BaseModel]] = {
        "nodes": Node,
        "edges": Edge,
        "clinical": ClinicalFact,
        "references": Reference,
    }
    # each list item is validated on its own, so one bad node does not hide
    # the problems of the others (or the cross-file checks that follow)
    for key, value in data.items():
        model = item_models.get(key)
        if model is None or not isinstance(value, list):
            cleaned[key] = value
            continue
        good = []
        for i, item in enumerate(value):
            if key in known_ids and isinstance(item, dict) and isinstance(item.get("id"), str):
                known_ids[key].add(item["id"])
            try:
                good.append(model.model_validate(item))
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    err = dict(err)
                    err["loc"] = (key, i) + tuple(err["loc"])
                    problems.append(_from_pydantic(doc, err))
        cleaned[key] = good
    try:
        content = PathwayFile.model_validate(cleaned)
    except ValidationError as exc:
        problems.extend(_from_pydantic(doc, err) for err in exc.errors(include_url=False))
        return None, problems
    return ParsedFile(doc.file, content, doc.marks, known_ids["nodes"], known_ids["references"]), problems


def _from_pydantic(doc: YamlDocument, err: Any) -> Problem:
    loc: YamlPath = tuple(err["loc"])
    etype = err["type"]
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    value = err.get("input")
    message = err["msg"]
    at_key = False
    if etype == "extra_forbidden":
        allowed = _fields_at(PathwayFile, loc[:-1])
        message = (
            f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), allowed)}; "
            f"allowed here: {', '.join(sorted(allowed))}"
        )
        at_key = True
    elif etype == "missing":
        message = f"missing required field '{loc[-1]}'"
        loc_parent = loc[:-1]
        line, col = doc.marks.locate(loc_parent)
        return Problem(doc.file, line, col, loc, message)
    elif etype == "enum":
        expected = re.findall(r"'([^']+)'", err.get("ctx", {}).get("expected", ""))
        message = (
            f"{value!r} is not one of: {', '.join(expected)}"
            f"{did_you_mean(str(value), expected)}"
        )
    elif etype == "literal_error" and loc == ("schema",):
        message = f"unknown schema {value!r}; use 'pathviz/1'"
    elif etype == "string_pattern_mismatch":
        if field_name in _FRIENDLY_PATTERN:
            message = f"{value!r} {_FRIENDLY_PATTERN[field_name]}"
        elif field_name in _ID_FIELDS:
            message = (
                f"{value!r} is not a valid id: use lower_snake_case "
                "(a letter first, then a-z, 0-9 and _)"
            )
    elif etype in ("string_type", "int_type", "float_type", "list_type", "dict_type", "model_type", "int_parsing", "float_parsing", "bool_type"):
        shown = _type_name(value)
        want = {
            "string_type": "text",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "float_type": "a number",
            "float_parsing": "a number",
            "list_type": "a list (lines starting with '- ')",
            "dict_type": "a mapping of fields",
            "model_type": "a mapping of fields",
            "bool_type": "true or false",
        }[etype]
        hint = ""
        if etype == "string_type" and isinstance(value, (bool, int, float)) or value is None:
            hint = " (put it in quotes if it is meant as text)" if value is not None else ""
        message = f"expected {want}, got {shown}{hint}"
    elif etype == "too_short" and field_name == "sources":
        message = "needs at least one source: every claim cites a reference and a quoted sentence"
    elif etype == "value_error":
        message = message.removeprefix("Value error, ")
    line, col = doc.marks.locate(loc, key=at_key)
    return Problem(doc.file, line, col, loc, message)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no/on/off/true/false are read as booleans)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"[:80]


def _fields_at(model: type[BaseModel], loc: YamlPath) -> list[str]:
    """Field names (YAML spellings) of the model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        fld = None
        for name, info in current.model_fields.items():
            if (info.alias or name) == part:
                fld = info
                break
        if fld is None:
            return []
        current = _inner_model(fld.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin is None:
        return annotation
    for arg in get_args(annotation):
        inner = _inner_model(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    if origin is typing.Annotated:  # pragma: no cover
        return _inner_model(get_args(annotation)[0])
    return None


# --------------------------------------------------------------------------- bundle


def _peer_reviewed(ref: Reference | None) -> bool:
    """A review or article with a DOI or PMID: what evidence 'review' must cite."""
    return (
        ref is not None
        and ref.type in (ReferenceType.review, ReferenceType.article)
        and bool(ref.doi or ref.pmid)
    )


def _is_paper(ref: Reference | None) -> bool:
    """A paper a reader can look up: a reference with a DOI, PubMed or PMC id that is not a secondary text."""
    return ref is not None and ref.type != ReferenceType.secondary and bool(ref.doi or ref.pmid or ref.pmcid)


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


class SourceTexts:
    """The source texts of a directory, for checking that quotes really occur in them."""

    def __init__(self, directory: str | os.PathLike[str]):
        self.directory = Path(directory)
        self._cache: dict[str, str | None] = {}

    def get(self, name: str) -> str | None:
        if name not in self._cache:
            path = self.directory / name
            try:
                self._cache[name] = collapse_ws(path.read_text("utf-8"))
            except (OSError, UnicodeDecodeError):
                self._cache[name] = None
        return self._cache[name]

    def check(self, name: str, quote: str | None) -> str | None:
        body = self.get(name)
        if body is None:
            names = [p.name for p in self.directory.glob("*.txt")]
            return f"source text '{name}' not found in {self.directory}{did_you_mean(name, names)}"
        if quote is not None and collapse_ws(quote) not in body:
            return f"this quote does not occur in {name}; copy the sentence exactly"
        return None


def build_bundle(
    parsed: list[ParsedFile],
    *,
    xref_check: bool = True,
    sources_dir: str | os.PathLike[str] | None = None,
    extra_files: Collection[str] = frozenset(),
    withdrawn: Mapping[str, Withdrawn] | None = None,
) -> tuple[Bundle | None, list[Problem]]:
    """Merge validated files and cross-check ids, edge ends, references and CURIEs.

    ``extra_files`` names files added to a bundle read from disk (uploads): what they redefine is
    told in one message per file. ``withdrawn`` holds the ids of files an extra file replaced:
    their uses are told in one message on the file that replaced them.
    """
    problems: list[Problem] = []
    texts = SourceTexts(sources_dir) if sources_dir is not None else None
    withdrawn = withdrawn or {}

    def at(pf: ParsedFile, path: YamlPath, message: str, severity: str = "error") -> None:
        line, col = pf.marks.locate(path)
        problems.append(Problem(pf.file, line, col, path, message, severity))  # type: ignore[arg-type]

    def where(pf: ParsedFile, path: YamlPath) -> str:
        return f"{pf.file}:{pf.marks.locate(path)[0]}"

    # what an extra file redefines, per file: (kind, id, path, first definition's file and path)
    clashes: dict[str, list[tuple[str, str, YamlPath, ParsedFile, YamlPath]]] = {}
    # ids a replaced file defined that are still used, per replacing file: id -> where first used
    left_out: dict[str, dict[str, str]] = {}

    def clash(pf: ParsedFile, kind: str, ident: str, path: YamlPath, first: tuple[ParsedFile, YamlPath]) -> bool:
        if pf.file in extra_files and first[0].file not in extra_files:
            clashes.setdefault(pf.file, []).append((kind, ident, path, first[0], first[1]))
            return True
        return False

    def left_out_use(pf: ParsedFile, path: YamlPath, ident: str) -> bool:
        w = withdrawn.get(ident)
        if w is None:
            return False
        left_out.setdefault(w.by, {}).setdefault(ident, where(pf, path))
        return True

    nodes: dict[str, Node] = {}
    node_home: dict[str, tuple[ParsedFile, YamlPath]] = {}
    refs: dict[str, Reference] = {}
    ref_home: dict[str, tuple[ParsedFile, YamlPath]] = {}
    pathway_home: dict[str, ParsedFile] = {}

    for pf in parsed:
        c = pf.content
        if c.id is not None:
            if c.id in pathway_home:
                at(pf, ("id",), f"duplicate pathway id '{c.id}' (also {pathway_home[c.id].file})")
            else:
                pathway_home[c.id] = pf
        for i, n in enumerate(c.nodes):
            if n.id in node_home:
                other, opath = node_home[n.id]
                if clash(pf, "node", n.id, ("nodes", i, "id"), node_home[n.id]):
                    continue
                at(pf, ("nodes", i, "id"), f"duplicate node id '{n.id}' (first defined at {where(other, opath)}); define each node once and refer to it by id")
            else:
                nodes[n.id] = n
                node_home[n.id] = (pf, ("nodes", i, "id"))
        for i, r in enumerate(c.references):
            if r.id in ref_home:
                other, opath = ref_home[r.id]
                if clash(pf, "reference", r.id, ("references", i, "id"), ref_home[r.id]):
                    continue
                at(pf, ("references", i, "id"), f"duplicate reference id '{r.id}' (first defined at {where(other, opath)})")
            else:
                refs[r.id] = r
                ref_home[r.id] = (pf, ("references", i, "id"))

    node_ids = list(nodes)
    ref_ids = list(refs)
    broken_nodes = set().union(*(pf.raw_node_ids for pf in parsed)) - set(nodes)
    broken_refs = set().union(*(pf.raw_ref_ids for pf in parsed)) - set(refs)
    edges: dict[str, Edge] = {}
    edge_home: dict[str, tuple[ParsedFile, YamlPath]] = {}
    used_refs: set[str] = set()
    pathways: dict[str, Pathway] = {}

    def hedge_warning(pf: ParsedFile, base: YamlPath, e: Edge) -> None:
        if e.status != Status.established or e.note:
            return
        quotes = [s.quote for s in e.sources if s.quote]
        if not quotes:
            return
        found = [hedges(q) for q in quotes]
        if all(found):
            words = ", ".join(f"'{w}'" for w in dict.fromkeys(w for f in found for w in f))
            at(pf, base + ("status",), f"status 'established' but every quoted sentence is hedged ({words}); set status: hypothesis, or add a note saying why it counts as established", "warning")

    drug_ids = sorted(
        {pf.content.drug for pf in parsed if pf.content.drug}
        | {n.id for n in nodes.values() if n.kind.value == "drug"}
    )

    def check_context(pf: ParsedFile, base: YamlPath, e: Edge) -> None:
        if e.context is None:
            return
        for k, d in enumerate(e.context.drug):
            if d not in drug_ids and d not in broken_nodes and not left_out_use(pf, base + ("context", "drug", k), d):
                at(pf, base + ("context", "drug", k), f"unknown drug '{d}' in the context{did_you_mean(d, drug_ids)}; name a drug node of the bundle ({', '.join(drug_ids) or 'none loaded'}), or leave 'drug' out for general biology")

    def check_sources(pf: ParsedFile, base: YamlPath, sources: Sequence[Source]) -> None:
        seen: dict[tuple[str, str], int] = {}
        for j, s in enumerate(sources):
            if (
                s.quoted_from is not None
                and s.quoted_from not in refs
                and s.quoted_from not in broken_refs
                and not left_out_use(pf, base + ("sources", j, "quoted_from"), s.quoted_from)
            ):
                at(pf, base + ("sources", j, "quoted_from"), f"unknown reference '{s.quoted_from}'{did_you_mean(s.quoted_from, ref_ids + sorted(broken_refs))}; quoted_from names the reference whose words the quote is")
            if s.quoted_from is not None:
                used_refs.add(s.quoted_from)
            if s.quote:  # several unquoted citations of one record (e.g. imported interactions) are fine
                sig = (s.ref, collapse_ws(s.quote).lower())
                if sig in seen:
                    at(pf, base + ("sources", j, "ref"), f"reference '{s.ref}' is cited twice on this item with the same quote (also sources[{seen[sig]}]); remove one", "warning")
                else:
                    seen[sig] = j
            used_refs.add(s.ref)
            if s.ref not in refs and s.ref not in broken_refs and not left_out_use(pf, base + ("sources", j, "ref"), s.ref):
                at(pf, base + ("sources", j, "ref"), f"unknown reference '{s.ref}'{did_you_mean(s.ref, ref_ids + sorted(broken_refs))}; add it to a references list")
            if texts is not None and s.text is not None:
                msg = texts.check(s.text, s.quote)
                if msg:
                    at(pf, base + ("sources", j, "quote" if s.quote and "quote" in msg else "text"), msg)

    for pf in parsed:
        c = pf.content
        for i, n in enumerate(c.nodes):
            check_sources(pf, ("nodes", i), n.sources)
        for i, e in enumerate(c.edges):
            base: YamlPath = ("edges", i)
            for end in ("source", "target"):
                nid = getattr(e, end)
                if nid not in nodes and nid not in broken_nodes and not left_out_use(pf, base + (end,), nid):
                    at(pf, base + (end,), f"unknown node '{nid}'{did_you_mean(nid, node_ids + sorted(broken_nodes))}")
            if e.source == e.target:
                at(pf, base + ("target",), f"the edge goes from '{e.source}' to itself")
            check_sources(pf, base, e.sources)
            if e.core:
                loose = [end for end in (e.source, e.target) if end in nodes and not nodes[end].core]
                if loose:
                    at(pf, base + ("core",), f"a core edge joins two core nodes; {' and '.join(repr(n) for n in loose)} {'is' if len(loose) == 1 else 'are'} not marked core: true (mark {'it' if len(loose) == 1 else 'them'} core, or set core: false on the edge)")
            check_context(pf, base, e)
            if e.evidence == Evidence.review and not any(
                _peer_reviewed(refs.get(s.ref)) for s in e.sources
            ) and all(s.ref in refs for s in e.sources):
                at(pf, base + ("evidence",), "evidence 'review' needs a cited peer-reviewed review or article with a DOI or PMID; none of this edge's references is one: use evidence: secondary (or cite the review)")
            if e.evidence not in (Evidence.review, Evidence.secondary, Evidence.database) and all(
                s.ref in refs for s in e.sources
            ) and not any(_is_paper(refs.get(s.ref)) for s in e.sources):
                at(pf, base + ("evidence",), f"evidence '{e.evidence.value}' needs a paper behind it (a reference with a DOI, PubMed or PMC id); every source of this edge is a secondary text: use evidence: secondary, or cite the paper")
            if texts is not None:
                hedge_warning(pf, base, e)
            if e.key in edge_home:
                other, opath = edge_home[e.key]
                if clash(pf, "edge", e.key, base, edge_home[e.key]):
                    continue
                at(pf, base, f"duplicate edge '{e.key}' (first at {where(other, opath)}); merge their sources into one edge or give one an 'id'")
            else:
                edges[e.key] = e
                edge_home[e.key] = (pf, base)
        for i, fact in enumerate(c.clinical):
            check_sources(pf, ("clinical", i), fact.sources)
        if c.drug is not None and c.drug not in nodes and c.drug not in broken_nodes and not left_out_use(pf, ("drug",), c.drug):
            at(pf, ("drug",), f"the drug node '{c.drug}' is not defined{did_you_mean(c.drug, node_ids)}")
        if c.id is not None and pathway_home.get(c.id) is pf:
            edge_keys = tuple(e.key for e in c.edges)
            member = dict.fromkeys([n.id for n in c.nodes])
            for e in c.edges:
                member.setdefault(e.source)
                member.setdefault(e.target)
            if c.drug:
                member.setdefault(c.drug)
            pathways[c.id] = Pathway(
                id=c.id,
                title=c.title or c.id,
                drug=c.drug,
                description=c.description,
                file=pf.file,
                node_ids=tuple(m for m in member if m in nodes),
                edge_keys=edge_keys,
                clinical=tuple(c.clinical),
            )

    by_file = {pf.file: pf for pf in parsed}
    for file, items in clashes.items():
        at(by_file[file], items[0][2], _clash_message(items))
    for file, uses in left_out.items():
        if file in by_file:  # a replacing file that did not validate has its own errors to fix first
            w = withdrawn[next(iter(uses))]
            shown = ", ".join(f"'{i}' (at {place})" for i, place in list(uses.items())[:4])
            more = f" and {len(uses) - 4} more" if len(uses) > 4 else ""
            at(
                by_file[file],
                ("id",),
                f"this file replaces the bundled pathway '{w.pathway}' ({w.file}) but leaves out "
                f"{len(uses)} id{'s' if len(uses) != 1 else ''} that {w.file} defines and that are still used: "
                f"{shown}{more}; to change that pathway, start from a copy of {w.file} and keep those "
                "definitions; to add a pathway beside it, give this file another id",
            )
    drug_home: dict[str, ParsedFile] = {}
    for pf in parsed:
        c = pf.content
        if c.drug is None or c.id is None or pathway_home.get(c.id) is not pf:
            continue
        first = drug_home.setdefault(c.drug, pf)
        if first is not pf and pf.file not in clashes:  # a file that redefines ids is told what to do once
            at(
                pf,
                ("drug",),
                f"the pathway '{first.content.id}' ({where(first, ('drug',))}) already starts from the drug "
                f"'{c.drug}', and a comparison could not tell the two apart; to replace that pathway with "
                f"this file, give it id: {first.content.id}; to add this one as context, leave out drug:",
            )

    if texts is not None:
        for pf, path, message in _context_warnings(pathways, nodes, edges, edge_home):
            at(pf, path, message, "warning")

    for rid, (pf, path) in ref_home.items():
        if rid not in used_refs:
            at(pf, path, f"reference '{rid}' is not cited by any node, edge or clinical fact", "warning")

    if xref_check:
        from pathviz.io.xrefs import check_curie

        for nid, n in nodes.items():
            pf, path = node_home[nid]
            for k, curie in enumerate(n.xrefs):
                msg = check_curie(curie)
                if msg:
                    at(pf, path[:-1] + ("xrefs", k), msg)

    if len(nodes) > MAX_BUNDLE_NODES or len(edges) > MAX_BUNDLE_EDGES:
        problems.append(
            Problem(
                parsed[0].file, 1, 1, (),
                f"the bundle has {len(nodes):,} nodes and {len(edges):,} edges; pathviz reads at most "
                f"{MAX_BUNDLE_NODES:,} nodes and {MAX_BUNDLE_EDGES:,} edges — split it into smaller bundles",
            )
        )
    if any(p.severity == "error" for p in problems):
        return None, problems
    bundle = Bundle(
        pathways=pathways,
        nodes=nodes,
        edges=edges,
        references=refs,
        node_files={nid: home[0].file for nid, home in node_home.items()},
    )
    return bundle, problems


def _clash_message(items: Sequence[tuple[str, str, YamlPath, ParsedFile, YamlPath]]) -> str:
    """One message for every id an extra file redefines: the first, how many more, and what to do."""
    kind, ident, _, first, first_path = items[0]
    message = f"duplicate {kind} id '{ident}' (first defined at {first.file}:{first.marks.locate(first_path)[0]})"
    files = sorted({other.file for *_, other, _ in items})
    if len(items) > 1:
        counts = Counter(k for k, *_ in items)
        parts = [f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items()]
        what = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        verb = "defines" if len(files) == 1 else "define"
        message += f", and {len(items) - 1} more: this file defines {what} that {' and '.join(files)} already {verb}"
    pathways = sorted({other.content.id for *_, other, _ in items if other.content.id})
    if len(pathways) == 1:
        advice = f"to replace the bundled pathway '{pathways[0]}' with this file, give it id: {pathways[0]}"
    elif pathways:
        advice = f"to replace a bundled pathway with this file, give it that pathway's id ({', '.join(pathways)})"
    else:
        advice = f"{' and '.join(files)} {'has' if len(files) == 1 else 'have'} no pathway id to replace"
    return (
        f"{message}; {advice}; to add a pathway beside the bundled ones, keep only the new nodes, edges "
        "and references and refer to the others by id"
    )


# --------------------------------------------------------------------------- context check


def _drug_words(pathways: dict[str, Pathway], nodes: dict[str, Node]) -> dict[str, re.Pattern[str]]:
    """Drug id -> a pattern of the words that name it: its label parts, synonyms and its pathway's metabolites."""
    out: dict[str, re.Pattern[str]] = {}
    for p in pathways.values():
        if not p.drug or p.drug not in nodes:
            continue
        names: list[str] = []
        for nid in [p.drug] + [n for n in p.node_ids if nodes[n].kind.value == "metabolite"]:
            node = nodes[nid]
            names += [part for part in re.split(r"\s*/\s*", node.label) if part]
            names += list(node.synonyms)
        alts = []
        for name in dict.fromkeys(n.strip() for n in names):
            if len(name) < 3:
                continue
            stem = name[:-1] if name.endswith("s") and len(name) > 4 else name
            alts.append(re.escape(stem).replace(r"\ ", r"\s+") + "s?")
        if alts:
            out[p.drug] = re.compile(r"\b(" + "|".join(alts) + r")\b", re.IGNORECASE)
    return out


def _context_warnings(
    pathways: dict[str, Pathway],
    nodes: dict[str, Node],
    edges: dict[str, Edge],
    edge_home: dict[str, tuple[ParsedFile, YamlPath]],
) -> list[tuple[ParsedFile, YamlPath, str]]:
    """Edges whose quotes speak of some drugs, leaving a node other drugs reach too, with no context or note."""
    words = _drug_words(pathways, nodes)
    if len(words) < 2:
        return []
    out_edges: dict[str, list[Edge]] = {}
    for e in edges.values():
        if e.relation.value != "associated_with":
            out_edges.setdefault(e.source, []).append(e)
    reachers: dict[str, set[str]] = {}
    for drug in words:
        seen, stack = {drug}, [drug]
        while stack:
            for e in out_edges.get(stack.pop(), ()):
                if e.target not in seen:
                    seen.add(e.target)
                    stack.append(e.target)
        for n in seen - {drug}:
            reachers.setdefault(n, set()).add(drug)
    found = []
    for key, e in edges.items():
        if e.context is not None or e.note or len(reachers.get(e.source, ())) < 2:
            continue
        quotes = " ".join(s.quote for s in e.sources if s.quote)
        named = {d for d, pattern in words.items() if pattern.search(quotes)}
        others = reachers[e.source] - named
        if not named or not others:
            continue
        pf, base = edge_home[key]
        spoken = ", ".join(sorted(named))
        found.append(
            (
                pf,
                base + ("sources",),
                f"the quoted sentences speak of {spoken}, but {', '.join(sorted(others))} also reach "
                f"'{e.source}': add context: {{drug: [{spoken}]}} so that only {spoken} continues through this "
                "arrow, or a note saying why the sentence is general biology",
            )
        )
    return found

