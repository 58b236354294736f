"""Reading GPML: bytes → a small tree with the line and column of every element → :class:`Document`.

Both formats are read, told apart by the namespace of ``<Pathway>``:

* GPML 2013a (``http://pathvisio.org/GPML/2013a``): ``GraphId``/``GraphRef``,
  ``Group@GroupId``/``GroupRef`` and ``Group@Style``, ``Point@ArrowHead``,
  ``Xref@Database/@ID``, ``BiopaxRef`` → ``bp:PublicationXref``;
* GPML 2021 (``http://pathvisio.org/GPML/2021``): ``elementId``/``elementRef``,
  ``groupRef``, ``Group@type``, ``Point@arrowHead`` (in ``Waypoints``),
  ``Xref@identifier/@dataSource``, ``CitationRef`` → ``Citation``.

The XML is read with expat directly (one pass, the position of each element
kept).  A document type declaration is refused before anything in it is read,
so no entity can be declared, expanded or fetched; parameter entities are never
parsed.  Everything this module raises is a :class:`GpmlError` located in the
user's file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from xml.parsers import expat

NS_2013A = "http://pathvisio.org/GPML/2013a"
NS_2021 = "http://pathvisio.org/GPML/2021"
FORMATS = {NS_2013A: "2013a", NS_2021: "2021"}
MAX_GPML_BYTES = 20 * 1024 * 1024
SUPPORTED = f"GPML 2013a ({NS_2013A}) and GPML 2021 ({NS_2021})"


class GpmlError(Exception):
    """A GPML file that cannot be imported, with the place (in that file) of the problem."""

    def __init__(self, file: str, message: str, line: int = 1, col: int = 1):
        self.file, self.message, self.line, self.col = file, message, line, col
        super().__init__(self.format())

    @property
    def column(self) -> int:
        return self.col

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: error: {self.message}"


# --------------------------------------------------------------------------- the tree


class El:
    """One XML element: local tag name, attributes by local name, text, children, position."""

    __slots__ = ("attrs", "children", "col", "line", "ns", "parts", "tag")

    def __init__(self, tag: str, ns: str, attrs: dict[str, str], line: int, col: int):
        self.tag, self.ns, self.attrs, self.line, self.col = tag, ns, attrs, line, col
        self.children: list[El] = []
        self.parts: list[str] = []

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> El | None:
        for c in self.children:
            if c.tag == tag:
                return c
        return None

    def findall(self, tag: str) -> list[El]:
        return [c for c in self.children if c.tag == tag]

    def iter(self, tag: str | None = None):
        stack = [self]
        while stack:
            el = stack.pop()
            if tag is None or el.tag == tag:
                yield el
            stack.extend(reversed(el.children))

    def where(self) -> str:
        return f"line {self.line}, column {self.col}"


class _Refused(Exception):
    def __init__(self, message: str):
        self.message = message


def _split(name: str) -> tuple[str, str]:
    if "}" in name:
        ns, local = name.rsplit("}", 1)
        return ns, local
    return "", name


def read_gpml(path: str | os.PathLike[str], *, max_bytes: int = MAX_GPML_BYTES) -> bytes:
    """The bytes of a GPML file, refusing files larger than ``max_bytes`` before reading them."""
    name = os.fspath(path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise GpmlError(name, _too_large(size, max_bytes))
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise GpmlError(name, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise GpmlError(name, _too_large(len(raw), max_bytes))
    return raw


def _too_large(size: int, max_bytes: int) -> str:
    return f"the file is {size / 1048576:.1f} MiB; GPML files larger than {max_bytes / 1048576:g} MiB are refused"


def parse_xml(raw: bytes, name: str, *, max_bytes: int = MAX_GPML_BYTES) -> El:
    """The root element of a GPML document (2013a or 2021); :class:`GpmlError` otherwise."""
    if len(raw) > max_bytes:
        raise GpmlError(name, _too_large(len(raw), max_bytes))
    if not raw.strip():
        raise GpmlError(name, f"the file is empty; expected a GPML <Pathway> document ({SUPPORTED})")
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[El] = []
    root: list[El] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        ns, local = _split(tag)
        el = El(local, ns, {_split(k)[1]: v for k, v in attrs.items()}, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if stack:
            stack[-1].children.append(el)
        else:
            root.append(el)
        stack.append(el)

    def end(tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def doctype(*_args: object) -> None:
        raise _Refused(
            "refused: the file declares a document type (DTD); GPML has none, and DTD entities can expand "
            "into gigabytes or read other files, so they are never processed"
        )

    def entity(*_args: object) -> None:
        raise _Refused("refused: the file declares an entity; GPML has none, so entities are never processed")

    def external(*_args: object) -> int:
        raise _Refused("refused: the file refers to an external entity; it is never fetched")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(raw, True)
    except _Refused as exc:
        at = raw.find(b"<!DOCTYPE")
        if at >= 0:
            before = raw[:at]
            line, col = before.count(b"\n") + 1, at - (before.rfind(b"\n") + 1) + 1
        else:  # pragma: no cover - expat reports entities only inside a DTD
            line, col = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        raise GpmlError(name, exc.message, line, col) from None
    except expat.ExpatError as exc:
        reason = expat.errors.messages.get(exc.code, str(exc)) if hasattr(expat.errors, "messages") else str(exc)
        reason = re.sub(r": line \d+, column \d+$", "", str(reason))
        if stack and exc.code == expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH]:
            open_el = stack[-1]
            reason += f": <{open_el.tag}> opened at line {open_el.line}, column {open_el.col} is not closed before this end tag"
        raise GpmlError(name, f"malformed XML: {reason}", exc.lineno, exc.offset + 1) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # pragma: no cover - expat limits
        raise GpmlError(name, f"cannot parse the XML: {exc}") from None
    top = root[0]
    if top.tag != "Pathway":
        raise GpmlError(name, f"the root element is <{top.tag}>, not a GPML <Pathway>; {SUPPORTED} can be imported", top.line, top.col)
    if top.ns not in FORMATS:
        what = f"namespace '{top.ns}'" if top.ns else "no namespace"
        hint = "; open it in PathVisio and save it again as GPML 2013a or 2021" if "pathvisio.org/GPML" in top.ns else ""
        raise GpmlError(name, f"<Pathway> has {what}; only {SUPPORTED} can be imported{hint}", top.line, top.col)
    return top


# --------------------------------------------------------------------------- the document


@dataclass
class Publication:
    key: str  # rdf:id (2013a) or elementId (2021)
    db: str
    ident: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: str = ""
    journal: str = ""
    url: str = ""
    el: El | None = None


@dataclass
class DataNode:
    id: str
    label: str
    type: str
    xrefs: list[tuple[str, str]]
    comments: list[str]
    cites: list[str]
    group: str  # the GroupRef (2013a: a GroupId; 2021: the group's elementId)
    el: El


@dataclass
class Group:
    id: str  # what lines point at (GraphId / elementId)
    key: str  # what members name (GroupId / elementId)
    type: str  # Complex, Group, Pathway, Analog, Paralog, None, Transparent...
    label: str
    parent: str
    cites: list[str]
    comments: list[str]
    el: El


@dataclass
class Interaction:
    id: str
    points: list[tuple[str, str]]  # (ref, arrowhead) from the first point to the last
    anchors: list[str]
    dashed: bool
    cites: list[str]
    comments: list[str]
    el: El


@dataclass
class Document:
    format: str  # "2013a" or "2021"
    root: El
    title: str = ""
    organism: str = ""
    source: str = ""
    version: str = ""
    authors: str = ""
    modified: str = ""
    description: str = ""
    datanodes: list[DataNode] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)  # State id -> the DataNode it sits on
    other: dict[str, El] = field(default_factory=dict)  # ids of labels, shapes, graphical lines...
    publications: dict[str, Publication] = field(default_factory=dict)
    duplicate_ids: list[El] = field(default_factory=list)
    group_labels: dict[str, list[str]] = field(default_factory=dict)  # group key -> texts of Label members


_NO_HEAD = {"", "Line", "Undirected"}


def parse_document(raw: bytes, name: str, *, max_bytes: int = MAX_GPML_BYTES) -> Document:
    """The format-neutral content of a GPML 2013a or 2021 document."""
    root = parse_xml(raw, name, max_bytes=max_bytes)
    if FORMATS[root.ns] == "2013a":
        return _read_2013a(root)
    return _read_2021(root)


def _texts(el: El, tag: str) -> list[str]:
    return [c.text for c in el.findall(tag) if c.text.strip()]


def _seen(doc: Document, ids: set[str], ident: str | None, el: El) -> str:
    if not ident:
        return ""
    if ident in ids:
        doc.duplicate_ids.append(el)
        return ""
    ids.add(ident)
    return ident


def _read_2013a(root: El) -> Document:
    doc = Document("2013a", root, title=root.get("Name", ""), organism=root.get("Organism", ""),
                   source=root.get("Data-Source", ""), version=root.get("Version", ""),
                   authors=root.get("Author", ""), modified=root.get("Last-Modified", ""))
    ids: set[str] = set()
    for el in root.children:
        tag = el.tag
        if tag == "Comment":
            if el.get("Source") == "WikiPathways-description" and not doc.description:
                doc.description = el.text
        elif tag == "DataNode":
            gid = _seen(doc, ids, el.get("GraphId"), el)
            xrefs = [(x.get("Database", ""), x.get("ID", "")) for x in el.findall("Xref")]
            doc.datanodes.append(DataNode(gid, el.get("TextLabel", ""), el.get("Type", ""), xrefs,
                                          _texts(el, "Comment"), _texts(el, "BiopaxRef"), el.get("GroupRef", ""), el))
        elif tag == "State":
            gid = _seen(doc, ids, el.get("GraphId"), el)
            if gid:
                doc.states[gid] = el.get("GraphRef", "")
        elif tag == "Group":
            gid = _seen(doc, ids, el.get("GraphId"), el)
            doc.groups.append(Group(gid, el.get("GroupId", ""), el.get("Style", "") or "None", el.get("TextLabel", ""),
                                    el.get("GroupRef", ""), _texts(el, "BiopaxRef"), _texts(el, "Comment"), el))
        elif tag == "Interaction":
            gid = _seen(doc, ids, el.get("GraphId"), el)
            graphics = el.find("Graphics")
            points, anchors = [], []
            if graphics is not None:
                for c in graphics.children:
                    if c.tag == "Point":
                        points.append((c.get("GraphRef", ""), c.get("ArrowHead", "")))
                    elif c.tag == "Anchor":
                        aid = _seen(doc, ids, c.get("GraphId"), c)
                        if aid:
                            anchors.append(aid)
            dashed = graphics is not None and graphics.get("LineStyle") == "Broken"
            doc.interactions.append(Interaction(gid, points, anchors, dashed, _texts(el, "BiopaxRef"),
                                                _texts(el, "Comment"), el))
        elif tag == "Biopax":
            for px in el.iter("PublicationXref"):
                key = px.get("id") or px.get("ID") or ""
                if key and key not in doc.publications:
                    def t(name: str, px: El = px) -> str:
                        found = px.find(name)
                        return found.text if found is not None else ""
                    doc.publications[key] = Publication(
                        key, t("DB"), t("ID"), t("TITLE"), [a.text for a in px.findall("AUTHORS")],
                        t("YEAR"), t("SOURCE"), "", px)
        else:
            gid = _seen(doc, ids, el.get("GraphId"), el)
            if gid:
                doc.other[gid] = el
            if tag == "Label" and el.get("GroupRef") and el.get("TextLabel", "").strip():
                doc.group_labels.setdefault(el.get("GroupRef", ""), []).append(el.get("TextLabel", ""))
            if graphics := el.find("Graphics"):
                for c in graphics.findall("Anchor"):  # anchors of graphical lines
                    aid = _seen(doc, ids, c.get("GraphId"), c)
                    if aid:
                        doc.other[aid] = c
    return doc


def _read_2021(root: El) -> Document:
    doc = Document("2021", root, title=root.get("title", ""), organism=root.get("organism", ""),
                   source=root.get("source", ""), version=root.get("version", ""))
    ids: set[str] = set()
    authors = root.find("Authors")
    if authors is not None:
        doc.authors = ", ".join(a.get("name", "") for a in authors.findall("Author") if a.get("name"))
    desc = root.find("Description")
    if desc is not None:
        doc.description = desc.text

    def cites(el: El) -> list[str]:
        return [c.get("elementRef", "") for c in el.findall("CitationRef") if c.get("elementRef")]

    for section in root.children:
        for el in section.children if section.tag.endswith("s") else []:
            tag = el.tag
            eid = el.get("elementId", "")
            if tag == "DataNode":
                eid = _seen(doc, ids, eid, el)
                x = el.find("Xref")
                xrefs = [(x.get("dataSource", ""), x.get("identifier", ""))] if x is not None else []
                doc.datanodes.append(DataNode(eid, el.get("textLabel", ""), el.get("type", ""), xrefs,
                                              _texts(el, "Comment"), cites(el), el.get("groupRef", ""), el))
                states = el.find("States")
                for st in states.children if states is not None else []:
                    sid = _seen(doc, ids, st.get("elementId"), st)
                    if sid:
                        doc.states[sid] = eid
            elif tag == "Group":
                eid = _seen(doc, ids, eid, el)
                doc.groups.append(Group(eid, eid, el.get("type", "") or "Group", el.get("textLabel", ""),
                                        el.get("groupRef", ""), cites(el), _texts(el, "Comment"), el))
            elif tag in ("Interaction", "GraphicalLine"):
                eid = _seen(doc, ids, eid, el)
                way = el.find("Waypoints")
                points, anchors = [], []
                for c in way.children if way is not None else []:
                    if c.tag == "Point":
                        _seen(doc, ids, c.get("elementId"), c)
                        points.append((c.get("elementRef", ""), c.get("arrowHead", "")))
                    elif c.tag == "Anchor":
                        aid = _seen(doc, ids, c.get("elementId"), c)
                        if aid:
                            anchors.append(aid)
                if tag == "GraphicalLine":
                    if eid:
                        doc.other[eid] = el
                    for a in anchors:
                        doc.other[a] = el
                    continue
                graphics = el.find("Graphics")
                dashed = graphics is not None and graphics.get("lineStyle") == "Dashed"
                doc.interactions.append(Interaction(eid, points, anchors, dashed, cites(el), _texts(el, "Comment"), el))
            elif tag == "Citation":
                eid = _seen(doc, ids, eid, el)
                x = el.find("Xref")
                url = el.find("Url")
                pub = Publication(eid, x.get("dataSource", "") if x is not None else "",
                                  x.get("identifier", "") if x is not None else "",
                                  url=url.get("link", "") if url is not None else "", el=el)
                if eid:
                    doc.publications[eid] = pub
            else:
                eid = _seen(doc, ids, eid, el)
                if eid:
                    doc.other[eid] = el
                if tag == "Label" and el.get("groupRef") and el.get("textLabel", "").strip():
                    doc.group_labels.setdefault(el.get("groupRef", ""), []).append(el.get("textLabel", ""))
    return doc


def reading_order(points: list[tuple[str, str]]) -> tuple[str, str, str, str]:
    """(source ref, target ref, arrowhead, arrowhead at the start) of a line, read as drawn.

    From the first point to the last, unless only the first point carries an
    arrowhead (``Line``/``Undirected`` count as none): then the line is read backwards.
    """
    if not points:
        return "", "", "", ""
    (ref_a, head_a), (ref_b, head_b) = points[0], points[-1]
    head_a = "" if head_a in _NO_HEAD else head_a
    head_b_real = "" if head_b in _NO_HEAD else head_b
    if head_a and not head_b_real:
        return ref_b, ref_a, head_a, ""
    return ref_a, ref_b, head_b, head_a
