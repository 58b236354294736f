"""The GPML model (:class:`~pathviz.io.gpml.read.Document`) → a pathviz pathway dict.

docs/gpml.md says what becomes what and why.  In short:

* every labelled DataNode → one node (ids prefixed with the pathway id);
* a Group or Complex that a line touches → ONE node (kind ``complex`` or
  ``group``) whose description lists its members; an arrow to or from it is
  one arrow; membership is never an arrow, so reach does not flow from a
  member to its group's targets;
* an Interaction → one arrow, its relation from the arrowhead (tables.py);
* a line ending on another interaction's Anchor (a catalysis or an inhibition
  of a reaction) → an arrow from the regulator to that reaction's product, the
  reaction named in the arrow's note; a line starting on an anchor (a branch)
  starts from the reaction's source;
* publications → references, each PubMed id / DOI once.

Every written item remembers the GPML element it came from
(:attr:`Conversion.origins`), so a problem found when the written file is
checked is told at that element's line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathviz.io.gpml.read import (
    MAX_GPML_BYTES,
    Document,
    El,
    GpmlError,
    Group,
    Interaction,
    Publication,
    parse_document,
    reading_order,
)
from pathviz.io.gpml.tables import (
    COMPLEX_GROUP_TYPES,
    DEFAULT_NODE_TYPE,
    GREEK,
    NODE_TYPES,
    TYPE_RELATION,
    TYPE_WORDS,
    XREF_DATABASES,
    interaction_type,
)
from pathviz.io.xrefs import check_curie, normalise_curie, split_curie
from pathviz.model import DOI_PATTERN, PMCID_PATTERN, PMID_PATTERN
from pathviz.vocab import NodeKind, Relation, Tier

MAX_NODES = 20000  # the model's limits per file
MAX_EDGES = 50000
MAX_SOURCES = 50
MAX_REF_DEPTH = 32  # anchors on anchors, groups in groups
WIKIPATHWAYS_URL = "https://www.wikipathways.org/pathways/{wp}"


# --------------------------------------------------------------------------- text


def _clean(text: str | None) -> str:
    """Plain one-line text: control, format and private characters dropped, whitespace folded."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
    return " ".join("".join(out).split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-") + "…"


def slug(text: str) -> str:
    """'NF-κB p65' -> 'nf_kappa_b_p65'; ASCII, lower_snake_case, may be empty."""
    spelled = "".join(f" {GREEK[c.lower()]} " if c.lower() in GREEK else c for c in text)
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def _unique_id(base: str, used: set[str], limit: int = 64) -> str:
    base = base[: limit - 4].rstrip("_")
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def _at(el: El | None) -> str:
    return f"line {el.line}, column {el.col}" if el is not None else "the file"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --------------------------------------------------------------------------- result


@dataclass
class Conversion:
    """What an import produced: the pathway data, warnings, counts, and where each item came from."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    name: str = ""
    interactions: int = 0
    data_nodes: int = 0
    arrows: int = 0
    groups: int = 0
    anchors: int = 0
    imported_interactions: int = 0
    skipped: int = 0
    merged: int = 0
    self_loops: int = 0
    format: str = ""
    #: written item ('nodes[3]', 'edges[0]', 'references[2]', '' for the pathway) → (line, column, what)
    origins: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The pathway file text, ``to_yaml(data)``."""
        from pathviz.io.gpml.write import to_yaml

        return to_yaml(self.data)

    @property
    def nodes(self) -> int:
        return len(self.data.get("nodes", []))

    @property
    def edges(self) -> int:
        return len(self.data.get("edges", []))

    def summary(self) -> str:
        line = (
            f"imported {self.nodes} nodes ({self.groups} groups/complexes), {self.edges} arrows "
            f"from {self.interactions} interactions ({self.anchors} regulating another interaction); "
            f"skipped {self.skipped} interactions without two resolvable ends"
        )
        extra = []
        if self.merged:
            extra.append(f"{self.merged} repeated arrows merged")
        if self.self_loops:
            extra.append(f"{self.self_loops} self-loops dropped")
        return line + (f" ({', '.join(extra)})" if extra else "")

    def origin(self, yaml_path: tuple[str | int, ...]) -> tuple[int, int, str]:
        """The GPML element that produced the item at ``yaml_path`` (the pathway root if none)."""
        if len(yaml_path) >= 2 and isinstance(yaml_path[1], int):
            key = f"{yaml_path[0]}[{yaml_path[1]}]"
            if key in self.origins:
                return self.origins[key]
        return self.origins.get("", (1, 1, "<Pathway>"))

    def locate(self, problem: Any) -> str:
        """A problem of the written file, told at the GPML element that produced the item."""
        line, col, message = self._where(problem)
        return f"{self.name}:{line}:{col}: {problem.severity}: {message}"

    def _where(self, problem: Any) -> tuple[int, int, str]:
        line, col, what = self.origin(tuple(problem.yaml_path))
        path = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in problem.yaml_path).replace(".[", "[")
        inner = f" (written as {path})" if path else ""
        return line, col, f"{what}{inner}: {problem.message}"

    def check(self) -> None:
        """Check the data as ``pathviz validate`` checks a file; a problem is raised or warned at its GPML element.

        The same per-item and whole-file checks the loader runs on a parsed file,
        run on the data itself (no YAML written and read back: that took ~1 s
        for the largest WikiPathways files).
        """
        from pathviz.io.gpml.write import _unshared
        from pathviz.io.pathways import build_bundle, validate_document
        from pathviz.io.yaml_source import Marks, YamlDocument

        name = f"{self.data.get('id', 'imported')}.yaml"
        parsed, problems = validate_document(YamlDocument(name, _unshared(self.data), Marks()))
        if parsed is not None:
            problems = problems + build_bundle([parsed])[1]
        errors = [p for p in problems if p.severity == "error"]
        for p in problems:
            if p.severity != "error":
                line, col, message = self._where(p)
                self.warnings.append(f"line {line}, column {col}: {message}")
        if errors:
            line, col, message = self._where(errors[0])
            more = f" ({len(errors) - 1} more problems)" if len(errors) > 1 else ""
            raise GpmlError(self.name, f"the pathway written from this element does not validate: {message}{more}", line, col)


# --------------------------------------------------------------------------- xrefs and publications


def _xref_curie(database: str, ident: str) -> tuple[str | None, str | None]:
    """(CURIE, None) or (None, why not) for one GPML Xref."""
    db, local = _clean(database), _clean(ident)
    if not db or not local:
        return None, None
    prefix = XREF_DATABASES.get(db.lower())
    if prefix == "hgnc.symbol" and re.fullmatch(r"(HGNC:)?\d+", local, re.IGNORECASE):
        prefix = "hgnc"
    low = db.lower()
    candidates = [prefix] if prefix else []
    candidates += [low, low.replace(" ", ""), low.replace(" ", "."), low.replace("-", "."), low.replace(" ", "_")]
    for cand in candidates:
        if not cand or split_curie(f"{cand}:x") is None:
            continue
        curie = f"{cand}:{local}"
        problem = check_curie(curie)
        if problem is None:
            return normalise_curie(curie), None
        return None, f"{db} '{local}' ({problem})"
    return None, f"{db} '{local}' (no bioregistry prefix for the database '{db}')"


def _publication_fields(pub: Publication) -> tuple[tuple[str, str], dict[str, Any], str]:
    """(dedup key, reference fields, label) of one publication."""
    db = _clean(pub.db).lower().replace(" ", "")
    ident = _clean(pub.ident)
    if db.startswith("pubmed") and ident.lower().startswith("pmid:"):
        ident = ident[5:].strip()
    fields: dict[str, Any] = {}
    if (db in ("pubmed", "medline", "pmid") or not db) and re.fullmatch(PMID_PATTERN, ident):
        fields["pmid"] = ident
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", ident, flags=re.IGNORECASE)
    if (db == "doi" or (not db and doi.startswith("10."))) and re.fullmatch(DOI_PATTERN, doi) and len(doi) <= 300:
        fields["doi"] = doi
    if db in ("pmc", "pubmedcentral") and re.fullmatch(PMCID_PATTERN, ident):
        fields["pmcid"] = ident
    if "pmid" in fields:
        return ("pmid", fields["pmid"]), fields, f"PMID {fields['pmid']}"
    if "doi" in fields:
        return ("doi", fields["doi"].lower()), fields, f"DOI {fields['doi']}"
    if "pmcid" in fields:
        return ("pmcid", ident), fields, ident
    return ("entry", pub.key), fields, f"publication entry '{pub.key}'"


class _References:
    """Publications → references, one per PubMed id / DOI / entry, created when first cited."""

    def __init__(self, doc: Document, pid: str, warnings: list[str]):
        self.doc, self.pid, self.warnings = doc, pid, warnings
        self.by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self.used_ids: set[str] = set()
        self.els: dict[str, El | None] = {}  # reference id -> its first element
        self.unusable: set[str] = set()
        self.cited: set[str] = set()  # publication keys cited by a written item
        self.undefined: dict[str, list[tuple[str, El]]] = {}  # publication key -> who cites it

    def warn_undefined(self) -> None:
        """One warning per publication cited but not defined, at its first citation."""
        for key, citing in self.undefined.items():
            what, el = citing[0]
            others = f" and {len(citing) - 1} more item(s)" if len(citing) > 1 else ""
            verb = "cite" if others else "cites"
            self.warnings.append(f"{_at(el)}: {what}{others} {verb} the publication '{key}', which the file does not define")

    def cite(self, keys: list[str], what: str, el: El) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for key in keys:
            key = _clean(key)
            pub = self.doc.publications.get(key)
            if pub is None:
                if key:
                    self.undefined.setdefault(key, []).append((what, el))
                continue
            self.cited.add(key)
            ref = self._reference(pub)
            if ref is None:
                continue
            entry = {"ref": ref["id"]}
            if entry not in out:
                out.append(entry)
        return out

    def _reference(self, pub: Publication) -> dict[str, Any] | None:
        dedup, fields, label = _publication_fields(pub)
        if dedup in self.by_key:
            return self.by_key[dedup]
        title = _cut(_clean(pub.title), 4000)
        if not fields and not title:
            if pub.key not in self.unusable:
                self.unusable.add(pub.key)
                self.warnings.append(f"{_at(pub.el)}: {label} has neither an identifier nor a title; not imported")
            return None
        ref: dict[str, Any] = {"type": "article"}
        authors = [a for a in (_cut(_clean(x), 200) for x in pub.authors) if a][:100]
        if authors:
            ref["authors"] = authors
        year = _clean(pub.year)
        if re.fullmatch(r"\d{4}", year) and 1800 <= int(year) <= 2100:
            ref["year"] = int(year)
        ref["title"] = title or f"Publication {label}"
        journal = _cut(_clean(pub.journal), 200)
        if journal:
            ref["journal"] = journal
        ref.update(fields)
        url = _clean(pub.url)
        if re.fullmatch(r"https?://[^\s<>\"']+", url) and len(url) <= 2000 and not fields:
            ref["url"] = url
        notes = []
        if not title:
            notes.append("the GPML file gives no title")
        if not fields:
            shown = f"{_clean(pub.db) or 'no database'} '{_clean(pub.ident)}'" if _clean(pub.ident) else "no identifier"
            notes.append(f"the GPML file gives {shown}, neither a PubMed id nor a DOI")
        if notes:
            ref["note"] = _sentence("; ".join(notes))
        kind, value = dedup
        rid = f"{self.pid}_pmid{value}" if kind == "pmid" else f"{self.pid}_ref_{slug(value)[:40] or 'x'}"
        rid = _unique_id(rid, self.used_ids)
        ref = {"id": rid, **ref}
        self.by_key[dedup] = ref
        self.els[rid] = pub.el
        return ref

    def uncited_labels(self) -> list[str]:
        written = set()
        for key, pub in self.doc.publications.items():
            if key in self.cited:
                written.add(_publication_fields(pub)[0])
        out = []
        for key, pub in self.doc.publications.items():
            dedup, _, label = _publication_fields(pub)
            if key not in self.cited and dedup not in written and label not in out:
                out.append(label)
        return out


# --------------------------------------------------------------------------- the pathway


def _wp_id(doc: Document, name: str) -> tuple[str | None, str | None, str]:
    """(WP id, revision, how it was found) from the version attribute or the file name."""
    m = re.fullmatch(r"(WP\d+)(?:_r(\d+))?", _clean(doc.version))
    fm = re.search(r"(?:^|_)(WP\d+)(?:_r?\d+)?$", Path(name).stem, re.IGNORECASE)
    if m:
        return m.group(1), m.group(2), "version"
    if fm:
        return fm.group(1).upper(), None, "file name"
    return None, None, ""


class _Builder:
    """One conversion: the state shared by nodes, groups, arrows and references."""

    def __init__(self, doc: Document, name: str):
        self.doc, self.name = doc, name
        self.warnings: list[str] = []
        self.origins: dict[str, tuple[int, int, str]] = {"": (doc.root.line, doc.root.col, "<Pathway>")}
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.used_ids: set[str] = set()
        self.node_of: dict[str, str] = {}  # DataNode id -> node id
        self.label_of: dict[str, str] = {}  # node id -> label
        self.groups_by_id: dict[str, Group] = {g.id: g for g in doc.groups if g.id}
        self.groups_by_key: dict[str, Group] = {g.key: g for g in doc.groups if g.key}
        self.group_node: dict[str, str] = {}  # Group id -> node id (created when a line touches it)
        self._labels_of_group: dict[str, list[str]] = {}  # group key -> member labels (after datanodes())
        self.reaction_source: dict[str, Any] = {}  # anchor id -> the source end of its interaction
        self.anchor_owner: dict[str, Interaction] = {}
        for inter in doc.interactions:
            for a in inter.anchors:
                self.anchor_owner.setdefault(a, inter)
        self.datanode_ids = {d.id for d in doc.datanodes if d.id}
        self.members: dict[str, list[tuple[str, Any]]] = {}  # group key -> [("node", DataNode) | ("group", Group)]
        for d in doc.datanodes:
            if d.group:
                self.members.setdefault(d.group, []).append(("node", d))
        for g in doc.groups:
            if g.parent and g.parent != g.key:
                self.members.setdefault(g.parent, []).append(("group", g))

    # ---- pathway facts
    def setup(self, drug_given: bool) -> None:
        doc, name = self.doc, self.name
        self.title = _cut(_clean(doc.title), 200)
        self.wp, self.revision, self.wp_from = _wp_id(doc, name)
        if self.wp_from == "file name":
            self.warnings.append(f"the file does not state its WikiPathways id; {self.wp} is taken from the file name")
        stem_wp = re.search(r"(?:^|_)(WP\d+)(?:_r?\d+)?$", Path(name).stem, re.IGNORECASE)
        if self.wp_from == "version" and stem_wp and stem_wp.group(1).upper() != self.wp:
            self.warnings.append(f"the file name says {stem_wp.group(1).upper()} but the file says {self.wp}; using {self.wp}")
        if self.wp:
            self.pid = self.wp.lower()
        else:
            pid = slug(Path(name).stem)[:40].strip("_") or "gpml_pathway"
            self.pid = pid if pid[0].isalpha() else f"gpml_{pid}"[:40]
        if not self.title:
            self.title = _cut(_clean(Path(name).stem), 200) or self.pid
            self.warnings.append(f"the pathway has no name; its title is taken from the file name: {self.title!r}")
        self.organism = _clean(doc.organism)
        self.data_source = _clean(doc.source)
        self.is_wikipathways = bool(self.wp) or self.data_source.lower() == "wikipathways"
        where = self.wp if self.wp else f"file {Path(name).name}"
        self.in_pathway = (
            f"the WikiPathways pathway '{self.title}' ({where})" if self.is_wikipathways else f"the pathway '{self.title}' ({where})"
        )
        self.ref_id = f"wikipathways_{self.pid}" if self.wp else f"{self.pid}_gpml"
        self.refs = _References(doc, self.pid, self.warnings)

    # ---- nodes
    def datanodes(self) -> None:
        label_counts = Counter(_clean(d.label).lower() for d in self.doc.datanodes)
        unlabelled: list[El] = []
        for dn in self.doc.datanodes:
            label = _cut(_clean(dn.label), 200)
            if not label:
                unlabelled.append(dn.el)
                continue
            nid = _unique_id(f"{self.pid}_{slug(label) or 'node'}", self.used_ids)
            if dn.id:
                self.node_of[dn.id] = nid
            self.label_of[nid] = label
            kind, tier, words = NODE_TYPES.get(_clean(dn.type), DEFAULT_NODE_TYPE)
            description = f"{label} ({words}) in {self.in_pathway}."
            comments = " ".join(_clean(c) for c in dn.comments if _clean(c))
            if comments:
                description += f" WikiPathways comment: {_cut(comments, 600)}"
            gid = _clean(dn.id)
            notes = [f"WikiPathways element {gid}." if gid else "The DataNode has no id."]
            count = label_counts[_clean(dn.label).lower()]
            if count > 1:
                notes.append(f"One of {count} boxes labelled '{label}' in the pathway, each imported as its own node.")
            xrefs: list[str] = []
            for db, ident in dn.xrefs:
                curie, why = _xref_curie(db, ident)
                if curie and curie not in xrefs:
                    xrefs.append(curie)
                elif why:
                    notes.append(f"Cross-reference not imported: {why}.")
            node: dict[str, Any] = {"id": nid, "label": label, "kind": kind.value, "tier": tier.value}
            if xrefs:
                node["xrefs"] = xrefs[:50]
            node["description"] = _cut(description, 4000)
            node["sources"] = ([{"ref": self.ref_id}] + self.refs.cite(dn.cites, f"the DataNode '{label}'", dn.el))[:MAX_SOURCES]
            node["note"] = _cut(" ".join(notes), 4000)
            self._add_node(node, dn.el, f"the DataNode '{label}'")
        if len(self.nodes) > MAX_NODES:
            raise GpmlError(self.name, f"{len(self.nodes)} labelled DataNodes; a pathway file holds at most {MAX_NODES}")
        if unlabelled:
            self.warnings.append(f"{_at(unlabelled[0])}: skipped {len(unlabelled)} DataNode(s) without a text label")

    def _add_node(self, node: dict[str, Any], el: El, what: str) -> None:
        self.origins[f"nodes[{len(self.nodes)}]"] = (el.line, el.col, what)
        self.nodes.append(node)

    # ---- groups
    def _member_labels(self, group: Group, depth: int = 0, seen: frozenset[str] = frozenset()) -> list[str]:
        if depth == 0 and group.key in self._labels_of_group:
            return self._labels_of_group[group.key]
        out = self._member_labels_uncached(group, depth, seen)
        if depth == 0:
            self._labels_of_group[group.key] = out
        return out

    def _member_labels_uncached(self, group: Group, depth: int, seen: frozenset[str]) -> list[str]:
        found: dict[str, None] = {}  # ordered, each label once
        if depth > MAX_REF_DEPTH or group.key in seen:
            return []
        for what, m in self.members.get(group.key, []):
            if what == "node":
                label = self.label_of.get(self.node_of.get(m.id, ""), "")
            else:
                inner = self._member_labels(m, depth + 1, seen | {group.key})
                label = (_clean(m.label) or (":" if m.type in COMPLEX_GROUP_TYPES else " / ").join(inner)) if inner else ""
            if label:
                found[label] = None
        return list(found)

    def group_node_id(self, group: Group) -> str | None:
        """The node of a group (made the first time a line touches it); None for a group with no labelled member."""
        if group.id in self.group_node:
            return self.group_node[group.id]
        members = self._member_labels(group)
        if not members:
            return None
        is_complex = group.type in COMPLEX_GROUP_TYPES
        kind = NodeKind.complex if is_complex else NodeKind.group
        joined = (":" if is_complex else " / ").join(members)
        named = _clean(group.label) or " ".join(_clean(t) for t in self.doc.group_labels.get(group.key, []))
        label = _cut(named or joined, 200)
        nid = _unique_id(f"{self.pid}_{slug(label) or kind.value}", self.used_ids)
        what = "complex" if is_complex else "group"
        listing = _cut(", ".join(members), 3000)
        description = (
            f"A {what} of {len(members)} drawn as one box in {self.in_pathway}: {listing}. "
            f"An arrow to or from it concerns the {what} as a whole."
        )
        comments = " ".join(_clean(c) for c in group.comments if _clean(c))
        if comments:
            description += f" WikiPathways comment: {_cut(comments, 600)}"
        node = {
            "id": nid,
            "label": label,
            "kind": kind.value,
            "tier": Tier.signalling.value,
            "description": _cut(description, 4000),
            "sources": ([{"ref": self.ref_id}] + self.refs.cite(group.cites, f"the {what} '{label}'", group.el))[:MAX_SOURCES],
            "note": _cut(
                f"WikiPathways group {_clean(group.id)}"
                f"{f' (GPML type {group.type})' if group.type not in ('None', '') else ''}. Members: {listing}. "
                "Membership is not an arrow: what reaches a member does not reach the group, nor the other way.",
                4000,
            ),
        }
        self.group_node[group.id] = nid
        self.label_of[nid] = label
        self._add_node(node, group.el, f"the {what} '{label}'")
        return nid

    # ---- ends of lines
    def resolve(self, ref: str, role: str, depth: int = 0, seen: frozenset[str] = frozenset()) -> tuple[Any, str, str]:
        """(end, note, what it is) for one end; end = node id, a Group (made into a node when the line is kept) or None."""
        if not ref:
            return None, "", "unconnected end"
        if depth > MAX_REF_DEPTH:
            return None, "", "chain too deep"
        if ref in self.node_of:
            return self.node_of[ref], "", "DataNode"
        if ref in self.datanode_ids:
            return None, "", "unlabelled DataNode"
        if ref in self.doc.states:
            end, note, what = self.resolve(self.doc.states[ref], role, depth + 1, seen)
            return end, note, what if end else "State"
        if ref in self.groups_by_id or (ref in self.groups_by_key and ref not in self.doc.other):
            # (a line naming a 2013a group by its GroupId instead of its GraphId is read the same)
            group = self.groups_by_id.get(ref) or self.groups_by_key[ref]
            return (group, "", "group") if self._member_labels(group) else (None, "", "group without labelled members")
        if ref in self.anchor_owner:
            owner = self.anchor_owner[ref]
            if owner.id in seen or not owner.id:
                return None, "", "anchor cycle"
            src, tgt, head, _ = reading_order(owner.points)
            end, note, what = self.resolve(src if role == "source" else tgt, role, depth + 1, seen | {owner.id})
            if end is None:
                return None, "", "anchor on an interaction without that end"
            kind = TYPE_WORDS.get(interaction_type(head) or "", "an interaction")
            if role == "target":
                self.reaction_source[ref] = self.resolve(src, "source", depth + 1, seen | {owner.id})[0]
                text = f"the line points at the middle of interaction {owner.id} ({kind}); it regulates that interaction, drawn here as an arrow to its product"
            else:
                text = f"the line branches off interaction {owner.id} ({kind}); it starts from that interaction's source"
            return end, "; ".join(x for x in (note, text) if x), "anchor"
        if ref in self.doc.other:
            return None, "", self.doc.other[ref].tag
        return None, "", "unknown reference"

    def _end_id(self, end: Any) -> str | None:
        return self.group_node_id(end) if isinstance(end, Group) else end

    # ---- arrows
    def interactions(self) -> None:
        edge_at: dict[tuple[str, str, str], dict[str, Any]] = {}
        skipped: Counter[str] = Counter()
        first_skipped: El | None = None
        unknown: dict[str, list[El]] = {}
        self.imported = self.merged = self.loops = self.anchored = 0
        for inter in self.doc.interactions:
            iid = _clean(inter.id) or f"at {_at(inter.el)}"
            src_ref, tgt_ref, head, start_head = reading_order(inter.points)
            s_end, s_note, s_what = self.resolve(src_ref, "source")
            t_end, t_note, t_what = self.resolve(tgt_ref, "target")
            if s_end is None or t_end is None:
                for end, what in ((s_end, s_what), (t_end, t_what)):
                    if end is None:
                        skipped[what] += 1
                first_skipped = first_skipped or inter.el
                continue
            s, t = self._end_id(s_end), self._end_id(t_end)
            if s is None or t is None:  # pragma: no cover - resolve() checked the members
                continue
            if s == t and t_what == "anchor" and self.reaction_source.get(tgt_ref) is not None:
                # a molecule regulating the reaction that makes it (e.g. its own transcription):
                # the arrow goes to the reaction's source instead of back to itself
                alt = self._end_id(self.reaction_source[tgt_ref])
                if alt is not None and alt != s:
                    t = alt
                    t_note = t_note.replace("an arrow to its product", "an arrow to its source (its product is the regulator itself)")
            self.imported += 1
            if t_what == "anchor":
                self.anchored += 1
            kind = interaction_type(head)
            if kind is None:
                unknown.setdefault(head, []).append(inter.el)
                relation = Relation.associated_with
            else:
                relation = TYPE_RELATION[kind]
            if s == t:
                self.loops += 1
                continue
            drawn = f"drawn with the arrowhead '{head}'" if head else "drawn without an arrowhead"
            notes = [f"WikiPathways interaction {iid}, {drawn}{' on a dashed line' if inter.dashed else ''}."]
            if kind is None:
                notes.append(f"The arrowhead '{head}' is not one pathviz knows; kept as an association (no direction of effect claimed).")
            if start_head and start_head not in ("Line", "Undirected"):
                notes.append(f"It has an arrowhead at both ends ('{start_head}' at the start); read from start to end.")
            notes += [_sentence(n) for n in (s_note, t_note) if n]
            comments = " ".join(_clean(c) for c in inter.comments if _clean(c))
            if comments:
                notes.append(f"WikiPathways comment: {_cut(comments, 1500)}")
            sources = [{"ref": self.ref_id, "note": f"WikiPathways interaction {iid}"}]
            sources += self.refs.cite(inter.cites, f"interaction {iid}", inter.el)
            if len(sources) > MAX_SOURCES:
                self.warnings.append(f"{_at(inter.el)}: interaction {iid} cites {len(sources) - 1} publications; the first {MAX_SOURCES - 1} are kept")
                sources = sources[:MAX_SOURCES]
            key = (s, relation.value, t)
            if key in edge_at:
                old = edge_at[key]
                for src in sources:
                    if src not in old["sources"] and len(old["sources"]) < MAX_SOURCES:
                        old["sources"].append(src)
                old["note"] = _cut(f"{old['note']} Also drawn as interaction {iid}.", 4000)
                self.merged += 1
                continue
            edge = {
                "source": s,
                "target": t,
                "relation": relation.value,
                "evidence": "database",
                "status": "established",
                "sources": sources,
                "note": _cut(" ".join(notes), 4000),
            }
            edge_at[key] = edge
            self.origins[f"edges[{len(self.edges)}]"] = (inter.el.line, inter.el.col, f"interaction {iid}")
            self.edges.append(edge)
        if len(self.edges) > MAX_EDGES:
            raise GpmlError(self.name, f"{len(self.edges)} arrows; a pathway file holds at most {MAX_EDGES}")
        self.skipped = self.doc_interactions() - self.imported
        if self.skipped:
            why = ", ".join(f"{what} {n}" for what, n in skipped.most_common())
            self.warnings.append(
                f"{_at(first_skipped)} (the first): skipped {self.skipped} of {self.doc_interactions()} interactions "
                f"without two ends that are labelled DataNodes, groups or other interactions (unresolved ends: {why})"
            )
        for head, els in unknown.items():
            self.warnings.append(
                f"{_at(els[0])}: unknown arrowhead '{head}' on {len(els)} interaction(s); kept as associated_with "
                "(not guessed)"
            )

    def doc_interactions(self) -> int:
        return len(self.doc.interactions)


def gpml_to_pathway(raw: bytes, name: str, *, drug: str | None = None) -> tuple[dict, list[str]]:
    """The pathway file data (a dict for YAML) and warnings for a GPML document.

    Raises :class:`GpmlError` for input that cannot be imported (and for a
    ``drug`` that names no node, or several).
    """
    conv = convert(raw, name, drug=drug)
    return conv.data, conv.warnings


def convert(raw: bytes, name: str, *, drug: str | None = None, max_bytes: int = MAX_GPML_BYTES) -> Conversion:
    """One GPML document (2013a or 2021) → :class:`Conversion`; :class:`GpmlError` if it cannot be imported."""
    doc = parse_document(raw, name, max_bytes=max_bytes)
    b = _Builder(doc, name)
    b.setup(drug is not None)
    for el in doc.duplicate_ids[:1]:
        b.warnings.append(
            f"{_at(el)}: the id '{el.get('GraphId') or el.get('elementId')}' is used by more than one element "
            f"({len(doc.duplicate_ids)} repeats); the first element with it is used"
        )
    b.datanodes()
    b.interactions()
    b.refs.warn_undefined()

    drug_id: str | None = None
    if drug is not None:
        out_degree = Counter(e["source"] for e in b.edges)
        drug_id = _find_drug(drug, b, out_degree)
        for node in b.nodes:
            if node["id"] == drug_id:
                node["tier"] = Tier.agent.value
                node["note"] = _cut(node["note"] + " Marked at import as the node this pathway starts from (drug).", 4000)

    data = _pathway(b, drug_id)
    if not b.nodes:
        b.warnings.append("the pathway has no labelled DataNodes; the file will hold only its reference")
    conv = Conversion(
        data=data,
        warnings=b.warnings,
        name=name,
        interactions=len(doc.interactions),
        data_nodes=len(doc.datanodes),
        arrows=len(b.edges),
        groups=len(b.group_node),
        anchors=b.anchored,
        imported_interactions=b.imported,
        skipped=b.skipped,
        merged=b.merged,
        self_loops=b.loops,
        format=doc.format,
        origins=b.origins,
    )
    conv.check()
    return conv


def _pathway(b: _Builder, drug_id: str | None) -> dict[str, Any]:
    doc = b.doc
    modified = re.fullmatch(r"(\d{4})(\d{2})(\d{2})\d*", _clean(doc.modified))
    pathway_ref: dict[str, Any] = {"id": b.ref_id, "type": "database", "title": b.title}
    if b.is_wikipathways:
        pathway_ref["journal"] = "WikiPathways"
    if modified and 1800 <= int(modified.group(1)) <= 2100:
        pathway_ref["year"] = int(modified.group(1))
    if b.wp:
        pathway_ref["url"] = WIKIPATHWAYS_URL.format(wp=b.wp)
    notes = []
    if b.wp:
        rev = f", revision {b.revision}" if b.revision else ""
        origin = "stated in the file" if b.wp_from == "version" else "taken from the file name (the file does not state it)"
        notes.append(f"WikiPathways {b.wp}{rev} ({origin}).")
    else:
        notes.append(f"Imported from the GPML file {Path(b.name).name}; the file states no WikiPathways id.")
    authors = _clean(doc.authors).strip("[] ")
    if authors:
        notes.append(f"Contributors: {_cut(authors, 600)}.")
    if modified:
        notes.append(f"Last modified {modified.group(1)}-{modified.group(2)}-{modified.group(3)}.")
    if b.is_wikipathways:
        notes.append("WikiPathways content is licensed CC0 1.0.")
    uncited = b.refs.uncited_labels()
    if uncited:
        notes.append(f"Publications the pathway cites that no imported node or arrow cites: {_cut(', '.join(uncited), 1500)}.")
    pathway_ref["note"] = _cut(" ".join(notes), 4000)

    where = "WikiPathways " + b.wp if b.wp else "the GPML file " + Path(b.name).name
    facts = [f for f in (f"organism {b.organism}" if b.organism else "", f"data source {b.data_source}" if b.data_source else "") if f]
    desc = [f"{b.title}: imported from {where} (GPML {doc.format}{'; ' + '; '.join(facts) if facts else ''})."]
    desc.append(
        f"{len(b.nodes)} nodes ({len(b.group_node)} of them groups or complexes drawn as one box) and "
        f"{len(b.edges)} arrows from {b.imported} of its {len(doc.interactions)} interactions are shown; labels, "
        "shapes and lines that connect no two labelled DataNodes, groups or interactions are left out."
    )
    if _clean(doc.description):
        desc.append(f"WikiPathways description: {_cut(_clean(doc.description), 2000)}")

    data: dict[str, Any] = {"schema": "pathviz/1", "id": b.pid, "title": b.title}
    if drug_id:
        data["drug"] = drug_id
    data["description"] = _cut(" ".join(desc), 4000)
    data["nodes"] = b.nodes
    data["edges"] = b.edges
    refs = sorted(b.refs.by_key.values(), key=lambda r: r["id"])
    data["references"] = [pathway_ref] + refs
    for i, ref in enumerate(refs, 1):
        el = b.refs.els.get(ref["id"])
        if el is not None:
            b.origins[f"references[{i}]"] = (el.line, el.col, f"the publication '{el.get('id') or el.get('elementId') or ''}'")
    return data


def _find_drug(wanted: str, b: _Builder, out_degree: Counter[str]) -> str:
    """The node id named by ``--drug``: a node id (with or without the prefix), a GPML id or a label."""
    ids = {n["id"] for n in b.nodes}
    w = wanted.strip()
    for candidate in (w, f"{b.pid}_{w}"):
        if candidate in ids:
            return candidate
    if w in b.node_of:
        return b.node_of[w]
    by_label: dict[str, list[str]] = {}
    for n in b.nodes:
        by_label.setdefault(n["label"].lower(), []).append(n["id"])
    matches = by_label.get(_clean(w).lower(), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(f"{m} ({out_degree[m]} outgoing arrows)" for m in matches)
        raise GpmlError(b.name, f"--drug '{wanted}' is the label of {len(matches)} nodes: {shown}; give one of these ids")
    from pathviz.errors import did_you_mean

    raise GpmlError(
        b.name,
        f"--drug '{wanted}' is neither a node id nor a label of this pathway{did_you_mean(w.lower(), list(ids) + list(by_label))}",
    )
