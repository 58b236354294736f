"""Import a WikiPathways GPML file (GPML 2013a) as a pathviz pathway YAML file.

``pathviz import FILE.gpml -o OUT.yaml``
turns the drawn pathway into a file that ``pathviz validate OUT.yaml``
accepts on its own: it carries its own ``references``.

Reading is defensive: at most :data:`MAX_GPML_BYTES` are read, the XML is
parsed with ``defusedxml`` with DTDs refused (so no entity expansion and no
external entities), malformed XML is reported as ``FILE:LINE:COL: error: ...``
and a root that is not a GPML 2013a ``Pathway`` is refused.

What becomes what
-----------------

**DataNodes** (those with a text label) become nodes:

* ``id``: the pathway id, ``_``, and the label in lower_snake_case
  (ASCII-folded, Greek letters spelled out), with ``_2``, ``_3``... for
  repeated labels.  Every id is prefixed with the pathway id (``wp2380_bdnf``)
  so an imported pathway never clashes with the bundle (whose ``bdnf`` is a
  curated node); linking an imported node to a bundle node is an edit made by
  hand, with a source.
* ``label``: the TextLabel, whitespace (newlines) folded.
* ``kind`` / ``tier`` from the DataNode Type, see :data:`NODE_TYPES`:

  ============  =================  ===========
  Type          kind               tier
  ============  =================  ===========
  GeneProduct   signalling         signalling
  Protein       signalling         signalling
  Rna           gene_expression    signalling
  Metabolite    metabolite         signalling
  Pathway       process            signalling
  Complex       other              signalling
  (other)       other              signalling
  ============  =================  ===========

  A node chosen with ``--drug`` is moved to the ``agent`` tier.
* ``xrefs``: the ``<Xref Database ID>`` turned into a CURIE through
  :data:`XREF_DATABASES` (BridgeDb names) or, failing that, bioregistry's
  prefix synonyms; kept only when :func:`pathviz.io.xrefs.check_curie`
  accepts it, otherwise reported in the node's ``note``.  ``HGNC`` in GPML
  holds a gene symbol, so it becomes ``hgnc.symbol`` (digits: ``hgnc``).
* ``note``: the GraphId, repeated labels, xrefs that were not imported.
* ``sources``: the pathway reference, plus the DataNode's own BiopaxRefs.

**Interactions** become edges.  An end (the GraphRef of the first or last
Point) resolves to

* a labelled DataNode: that node;
* a State (e.g. a phosphorylation site): the DataNode it sits on;
* a Group: every member that resolves (one edge per member; nested groups are
  followed);
* an Anchor on another interaction: at the *target* end (a regulation of a
  reaction) the target of that interaction; at the *source* end (a line
  branching off another one) the source of that interaction.  Followed
  recursively, cycles and chains deeper than 32 are unresolved;
* anything else (Label, Shape, GraphicalLine, nothing): unresolved.  Such
  interactions are skipped and counted.

Direction: from the first Point to the last, unless only the first Point
carries an ArrowHead, in which case the line is read backwards.  With
arrowheads at both ends the last one gives the relation (noted on the edge).
The relation comes from the ArrowHead, see :data:`ARROWHEADS`:

=====================================================  ===============
ArrowHead                                              relation
=====================================================  ===============
Arrow, mim-stimulation, mim-necessary-stimulation,     activates
mim-catalysis
Arrow on a dashed (Broken) line, mim-modification,     leads_to
mim-translocation
mim-conversion                                         converts_to
mim-transcription-translation                          increases
TBar, mim-inhibition                                   inhibits
mim-cleavage                                           decreases
mim-binding, mim-covalent-bond, Receptor*, Ligand*     binds
none, Line, mim-gap, mim-branching-*, unknown          associated_with
=====================================================  ===============

(The dashed Arrow follows the WikiPathways legend "leads to through multiple
reactions"; mim-modification says a modification happens, not whether it
activates, so it gets the directed but unsigned-in-spirit ``leads_to``.)  The
original ArrowHead is always kept in the edge's ``note``.

Every edge has ``evidence: database``, ``status: established`` and cites the
pathway reference (with the interaction's GraphId) plus the interaction's own
BiopaxRefs.  Two interactions that give the same source, relation and target
are merged into one edge citing both.

**References**: one ``database`` reference for the pathway (title = Name; url
``https://www.wikipathways.org/pathways/WPnnnn`` only when the WP id is
stated in the file's ``Version`` attribute, or, said so in its note, by a file
name ending in ``WPnnnn``), and one reference per BiopaxRef publication that
an imported node or edge cites (PubMed → ``pmid``, DOI → ``doi``; title,
authors, year and journal from the BioPAX entry).  Publications cited only by
the pathway as a whole, or by items that were not imported, are listed in the
pathway reference's note rather than as references, so that every reference
is cited.

The **pathway** gets ``id`` = the WP id in lower case (or the file name),
``title`` = the Name, a ``description`` with the organism and the source, and
no ``drug`` unless ``--drug LABEL_OR_ID`` names one of its nodes.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import yaml
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from pathviz.io.xrefs import check_curie, normalise_curie, split_curie
from pathviz.model import DOI_PATTERN, PMCID_PATTERN, PMID_PATTERN
from pathviz.vocab import NodeKind, Relation, Tier

GPML_NS = "http://pathvisio.org/GPML/2013a"
BP_NS = "http://www.biopax.org/release/biopax-level3.owl#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MAX_GPML_BYTES = 20 * 1024 * 1024
MAX_NODES = 20000  # the model's limits per file
MAX_EDGES = 50000
MAX_SOURCES = 50
MAX_REF_DEPTH = 32  # anchors on anchors, groups in groups
WIKIPATHWAYS_URL = "https://www.wikipathways.org/pathways/{wp}"

_G = f"{{{GPML_NS}}}"
_BP = f"{{{BP_NS}}}"
_RDF = f"{{{RDF_NS}}}"

# DataNode Type -> (kind, tier, the words used in descriptions)
NODE_TYPES: dict[str, tuple[NodeKind, Tier, str]] = {
    "GeneProduct": (NodeKind.signalling, Tier.signalling, "gene product"),
    "Protein": (NodeKind.signalling, Tier.signalling, "protein"),
    "Rna": (NodeKind.gene_expression, Tier.signalling, "RNA"),
    "Metabolite": (NodeKind.metabolite, Tier.signalling, "metabolite"),
    "Pathway": (NodeKind.process, Tier.signalling, "pathway"),
    "Complex": (NodeKind.other, Tier.signalling, "complex"),
}
DEFAULT_NODE_TYPE = (NodeKind.other, Tier.signalling, "entity")

# ArrowHead -> relation (a dashed "Arrow" is leads_to, see the module docstring)
ARROWHEADS: dict[str, Relation] = {
    "Arrow": Relation.activates,
    "mim-stimulation": Relation.activates,
    "mim-necessary-stimulation": Relation.activates,
    "mim-catalysis": Relation.activates,
    "mim-modification": Relation.leads_to,
    "mim-translocation": Relation.leads_to,
    "mim-conversion": Relation.converts_to,
    "mim-transcription-translation": Relation.increases,
    "TBar": Relation.inhibits,
    "mim-inhibition": Relation.inhibits,
    "mim-cleavage": Relation.decreases,
    "mim-binding": Relation.binds,
    "mim-covalent-bond": Relation.binds,
    "Receptor": Relation.binds,
    "ReceptorRound": Relation.binds,
    "ReceptorSquare": Relation.binds,
    "LigandRound": Relation.binds,
    "LigandSquare": Relation.binds,
    "Line": Relation.associated_with,
    "mim-gap": Relation.associated_with,
    "mim-branching-left": Relation.associated_with,
    "mim-branching-right": Relation.associated_with,
}

# GPML (BridgeDb) database names, lower case -> bioregistry prefix.  Names not
# listed are looked up among bioregistry's prefix synonyms.
XREF_DATABASES: dict[str, str] = {
    "entrez gene": "ncbigene",
    "ncbi gene": "ncbigene",
    "ensembl": "ensembl",
    "uniprot": "uniprot",
    "uniprot-trembl": "uniprot",
    "uniprot-swissprot": "uniprot",
    "uniprotkb": "uniprot",
    "chebi": "chebi",
    "hmdb": "hmdb",
    "kegg compound": "kegg.compound",
    "kegg drug": "kegg.drug",
    "kegg genes": "kegg.genes",
    "kegg pathway": "kegg.pathway",
    "wikidata": "wikidata",
    "hgnc": "hgnc.symbol",  # GPML's HGNC holds symbols; digits are handled below
    "hgnc accession number": "hgnc",
    "cas": "cas",
    "enzyme nomenclature": "ec",
    "pubchem-compound": "pubchem.compound",
    "pubchem-substance": "pubchem.substance",
    "chemspider": "chemspider",
    "chembl compound": "chembl.compound",
    "drugbank": "drugbank",
    "lipid maps": "lipidmaps",
    "inchikey": "inchikey",
    "refseq": "refseq",
    "mirbase sequence": "mirbase",
    "mirbase mature sequence": "mirbase.mature",
    "reactome": "reactome",
    "wikipathways": "wikipathways",
    "gene ontology": "go",
    "geneontology": "go",
    "pubmed": "pubmed",
    "omim": "omim",
    "mgi": "mgi",
    "rgd": "rgd",
    "zfin": "zfin",
    "flybase": "flybase",
    "wormbase": "wormbase",
    "sgd": "sgd",
    "pfam": "pfam",
    "interpro": "interpro",
    "pdb": "pdb",
}

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}


class GpmlError(Exception):
    """A GPML file that cannot be imported, with the place of the problem."""

    def __init__(self, file: str, message: str, line: int = 1, col: int = 1):
        self.file, self.message, self.line, self.col = file, message, line, col
        super().__init__(self.format())

    @property
    def column(self) -> int:
        return self.col

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: error: {self.message}"


# --------------------------------------------------------------------------- text


def _clean(text: str | None) -> str:
    """Plain one-line text: control, format and private characters dropped, whitespace folded."""
    if not text:
        return ""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch.isspace():
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
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
    spelled = "".join(f" {_GREEK[c.lower()]} " if c.lower() in _GREEK else c for c in text)
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# --------------------------------------------------------------------------- reading


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
    return (
        f"the file is {size / 1048576:.1f} MiB; GPML files larger than "
        f"{max_bytes / 1048576:g} MiB are refused"
    )


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def parse_gpml(raw: bytes, name: str, *, max_bytes: int = MAX_GPML_BYTES) -> Element:
    """The root ``Pathway`` element of a GPML 2013a document; :class:`GpmlError` otherwise."""
    if len(raw) > max_bytes:
        raise GpmlError(name, _too_large(len(raw), max_bytes))
    if not raw.strip():
        raise GpmlError(name, "the file is empty; expected a GPML <Pathway> document")
    try:
        root = defused_fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ParseError as exc:
        line, col = getattr(exc, "position", (1, 0))
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))
        raise GpmlError(name, f"malformed XML: {reason}", line, col + 1) from None
    except DefusedXmlException as exc:
        at = raw.find(b"<!DOCTYPE")
        line, col = _position(raw, at) if at >= 0 else (1, 1)
        raise GpmlError(
            name,
            f"refused: the file declares a DTD or entities ({type(exc).__name__}); GPML has none, "
            "and DTD entities can expand into gigabytes or read other files, so they are never "
            "processed",
            line,
            col,
        ) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # pragma: no cover - expat limits
        raise GpmlError(name, f"cannot parse the XML: {exc}") from None
    tag = root.tag
    if not isinstance(tag, str) or _local(tag) != "Pathway":
        shown = _local(tag) if isinstance(tag, str) else "?"
        raise GpmlError(name, f"the root element is <{shown}>, not a GPML <Pathway>")
    if tag != f"{_G}Pathway":
        ns = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
        what = f"namespace '{ns}'" if ns else "no namespace"
        hint = ""
        if "pathvisio.org/GPML" in ns:
            hint = "; save it as GPML 2013a (e.g. with PathVisio) first"
        raise GpmlError(
            name, f"<Pathway> has {what}; only GPML 2013a ({GPML_NS}) can be imported{hint}"
        )
    return root


# --------------------------------------------------------------------------- conversion


@dataclass
class Conversion:
    """What an import produced: the pathway data, warnings and counts."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    nodes: int = 0
    edges: int = 0
    interactions: int = 0
    imported_interactions: int = 0
    skipped: int = 0
    merged: int = 0
    self_loops: int = 0
    data_nodes: int = 0
    arrows: int = 0
    groups: int = 0
    anchors: int = 0

    def summary(self) -> str:
        line = (
            f"imported {self.nodes} nodes, {self.edges} edges; skipped {self.skipped} "
            f"interactions without two resolvable ends"
        )
        extra = []
        if self.merged:
            extra.append(f"{self.merged} repeated edges merged")
        if self.self_loops:
            extra.append(f"{self.self_loops} self-loops dropped")
        return line + (f" ({', '.join(extra)})" if extra else "")


@dataclass
class _Publication:
    rid: str
    fields: dict[str, Any] | None  # reference fields without id, None if unusable
    label: str  # for notes: 'PMID 123' or the rdf:id


def _xref_curie(database: str, ident: str) -> tuple[str | None, str | None]:
    """(CURIE, None) or (None, why not) for one GPML Xref."""
    db = _clean(database)
    local = _clean(ident)
    if not db or not local:
        return None, None
    prefix = XREF_DATABASES.get(db.lower())
    if prefix in ("hgnc.symbol",) and re.fullmatch(r"(HGNC:)?\d+", local, re.I):
        prefix = "hgnc"
    candidates = [prefix] if prefix else []
    low = db.lower()
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


def _publications(root: Element, pid: str) -> dict[str, _Publication]:
    pubs: dict[str, _Publication] = {}
    for biopax in root.findall(f"{_G}Biopax"):
        for px in biopax.iter(f"{_BP}PublicationXref"):
            rid = px.get(f"{_RDF}id") or px.get(f"{_RDF}ID") or ""
            if not rid or rid in pubs:
                continue

            def text(tag: str, px: Element = px) -> str:
                return _clean(px.findtext(f"{_BP}{tag}"))

            db, ident = text("DB").lower().replace(" ", ""), text("ID")
            fields: dict[str, Any] = {}
            label = f"BioPAX entry '{rid}'"
            if db in ("pubmed", "medline", "pmid") and re.fullmatch(PMID_PATTERN, ident):
                fields["pmid"] = ident
                label = f"PMID {ident}"
            elif db == "doi":
                doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", ident, flags=re.I)
                if re.fullmatch(DOI_PATTERN, doi) and len(doi) <= 300:
                    fields["doi"] = doi
                    label = f"DOI {doi}"
            elif db in ("pmc", "pubmedcentral") and re.fullmatch(PMCID_PATTERN, ident):
                fields["pmcid"] = ident
                label = ident
            title = _cut(text("TITLE"), 4000)
            if not fields and not title:
                pubs[rid] = _Publication(rid, None, label)
                continue
            authors = [_cut(_clean(a.text), 200) for a in px.findall(f"{_BP}AUTHORS")]
            authors = [a for a in authors if a][:100]
            ref: dict[str, Any] = {"type": "article"}
            if authors:
                ref["authors"] = authors
            year = text("YEAR")
            if re.fullmatch(r"\d{4}", year) and 1800 <= int(year) <= 2100:
                ref["year"] = int(year)
            ref["title"] = title or f"Publication {label}"
            journal = _cut(text("SOURCE"), 200)
            if journal:
                ref["journal"] = journal
            ref.update(fields)
            notes = []
            if not title:
                notes.append("the GPML file gives no title")
            if not fields:
                shown = f"{text('DB') or 'no database'} '{ident}'" if ident else "no identifier"
                notes.append(f"the GPML file gives {shown}, neither a PubMed id nor a DOI")
            if notes:
                ref["note"] = "; ".join(notes).capitalize() + "."
            ref_id = f"{pid}_pmid{fields['pmid']}" if "pmid" in fields else f"{pid}_ref_{slug(rid)[:30] or 'x'}"
            pubs[rid] = _Publication(rid, {"id": ref_id, **ref}, label)
    return pubs


def _wp_id(root: Element, name: str) -> tuple[str | None, str | None, str]:
    """(WP id, revision, how it was found) from the Version attribute or the file name."""
    m = re.fullmatch(r"(WP\d+)(?:_r(\d+))?", (root.get("Version") or "").strip())
    stem = Path(name).stem
    fm = re.search(r"(?:^|_)(WP\d+)(?:_r?\d+)?$", stem, re.I)
    if m:
        return m.group(1), m.group(2), "version"
    if fm:
        return fm.group(1).upper(), None, "file name"
    return None, None, ""


class _Resolver:
    """Resolves interaction ends (GraphRefs) to imported node ids."""

    def __init__(self, root: Element, node_of: dict[str, str], labels: dict[str, str]):
        self.node_of = node_of  # GraphId of a labelled DataNode -> node id
        self.labels = labels  # node id -> label
        self.by_id: dict[str, Element] = {}
        self.duplicates: list[str] = []
        for el in root.iter():
            gid = el.get("GraphId")
            if gid:
                if gid in self.by_id:
                    self.duplicates.append(gid)
                else:
                    self.by_id[gid] = el
        self.members: dict[str, list[Element]] = defaultdict(list)
        for el in root:
            if el.get("GroupRef"):
                self.members[el.get("GroupRef") or ""].append(el)
        self.anchor_owner: dict[str, Element] = {}
        for inter in root.findall(f"{_G}Interaction"):
            for anchor in inter.iter(f"{_G}Anchor"):
                if anchor.get("GraphId"):
                    self.anchor_owner.setdefault(anchor.get("GraphId") or "", inter)

    @staticmethod
    def oriented(inter: Element) -> tuple[str | None, str | None, str | None, str | None]:
        """(source ref, target ref, arrowhead, arrowhead at the other end) in reading order."""
        points = inter.findall(f"{_G}Graphics/{_G}Point")
        if not points:
            return None, None, None, None
        first, last = points[0], points[-1]
        head_first, head_last = first.get("ArrowHead"), last.get("ArrowHead")
        if head_first and not head_last:
            return last.get("GraphRef"), first.get("GraphRef"), head_first, None
        return first.get("GraphRef"), last.get("GraphRef"), head_last, head_first

    def resolve(self, ref: str | None, role: str, depth: int = 0, seen: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
        """(node ids, notes on how they were reached) for one end."""
        if not ref or depth > MAX_REF_DEPTH:
            return [], []
        if ref in self.node_of:
            return [self.node_of[ref]], []
        el = self.by_id.get(ref)
        if el is None:
            return [], []
        tag = _local(el.tag)
        if tag == "State":
            return self.resolve(el.get("GraphRef"), role, depth + 1, seen)
        if tag == "Group":
            if ref in seen:  # a group inside itself
                return [], []
            out: list[str] = []
            for member in self.members.get(el.get("GroupId") or "", []):
                ids, _ = self.resolve(member.get("GraphId"), role, depth + 1, seen | {ref})
                out.extend(i for i in ids if i not in out)
            if not out:
                return [], []
            name = _clean(el.get("TextLabel")) or ", ".join(
                _clean(m.get("TextLabel"))
                for m in self.members.get(el.get("GroupId") or "", [])
                if _local(m.tag) == "Label" and _clean(m.get("TextLabel"))
            )
            shown = f"the group '{_cut(name, 80)}'" if name else "a group"
            members = ", ".join(self.labels.get(i, i) for i in out)
            return out, [
                f"the {role} end is {shown} ({_cut(members, 300)}); imported as one edge per member"
            ]
        if tag == "Anchor":
            owner = self.anchor_owner.get(ref)
            if owner is None:
                return [], []
            oid = owner.get("GraphId") or ""
            if oid in seen:
                return [], []
            src, tgt, _, _ = self.oriented(owner)
            ids, notes = self.resolve(src if role == "source" else tgt, role, depth + 1, seen | {oid})
            if not ids:
                return [], []
            which = "source" if role == "source" else "target"
            verb = "branches off" if role == "source" else "points at"
            return ids, notes + [f"the line {verb} interaction {oid}; its {which} is used"]
        return [], []

    def what(self, ref: str | None) -> str:
        """What an unresolved end is, for the skip statistics."""
        if not ref:
            return "unconnected end"
        el = self.by_id.get(ref)
        if el is None:
            return "unknown GraphRef"
        tag = _local(el.tag)
        return {"DataNode": "unlabelled DataNode"}.get(tag, tag)


def _unique_id(base: str, used: set[str], limit: int = 64) -> str:
    base = base[: limit - 4].rstrip("_")
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    used.add(candidate)
    return candidate


def gpml_to_pathway(raw: bytes, name: str, *, drug: str | None = None) -> tuple[dict, list[str]]:
    """The pathway file data (a dict for ``yaml.safe_dump``) and warnings for a GPML document.

    Raises :class:`GpmlError` for input that cannot be imported (and for a
    ``drug`` that names no node, or several).
    """
    conv = convert(raw, name, drug=drug)
    return conv.data, conv.warnings


def convert(raw: bytes, name: str, *, drug: str | None = None, max_bytes: int = MAX_GPML_BYTES) -> Conversion:
    """Like :func:`gpml_to_pathway`, with the counts of what was imported and skipped."""
    root = parse_gpml(raw, name, max_bytes=max_bytes)
    warnings: list[str] = []

    title = _cut(_clean(root.get("Name")), 200)
    wp, revision, wp_from = _wp_id(root, name)
    if wp_from == "file name":
        warnings.append(f"the file does not state its WikiPathways id; {wp} is taken from the file name")
    version_wp = re.match(r"WP\d+", root.get("Version") or "")
    stem_wp = re.search(r"(?:^|_)(WP\d+)(?:_r?\d+)?$", Path(name).stem, re.I)
    if version_wp and stem_wp and stem_wp.group(1).upper() != version_wp.group(0):
        warnings.append(f"the file name says {stem_wp.group(1).upper()} but the file says {version_wp.group(0)}; using {version_wp.group(0)}")
    if wp:
        pid = wp.lower()
    else:
        pid = slug(Path(name).stem)[:40].strip("_") or "gpml_pathway"
        if not pid[0].isalpha():
            pid = f"gpml_{pid}"[:40]
    if not title:
        title = _cut(_clean(Path(name).stem), 200) or pid
        warnings.append(f"the pathway has no Name; its title is taken from the file name: {title!r}")
    organism = _clean(root.get("Organism"))
    data_source = _clean(root.get("Data-Source"))
    is_wikipathways = bool(wp) or data_source.lower() == "wikipathways"
    modified = re.fullmatch(r"(\d{4})(\d{2})(\d{2})\d*", (root.get("Last-Modified") or "").strip())
    where = f"{wp}" if wp else f"file {Path(name).name}"
    in_pathway = f"the WikiPathways pathway '{title}' ({where})" if is_wikipathways else f"the pathway '{title}' ({where})"

    pubs = _publications(root, pid)
    used_pubs: dict[str, dict[str, Any]] = {}  # rdf id -> reference (only those cited)
    uncited: list[str] = []

    def cite(element: Element, what: str) -> list[dict[str, str]]:
        out = []
        for ref_el in element.findall(f"{_G}BiopaxRef"):
            rid = _clean(ref_el.text)
            pub = pubs.get(rid)
            if pub is None:
                if rid:
                    warnings.append(f"{what} cites BioPAX entry '{rid}', which the file does not define")
                continue
            if pub.fields is None:
                warnings.append(f"{what} cites {pub.label}, which has neither an identifier nor a title; not imported")
                continue
            used_pubs.setdefault(rid, pub.fields)
            entry = {"ref": pub.fields["id"]}
            if entry not in out:
                out.append(entry)
        return out

    ref_id = f"wikipathways_{pid}" if wp else f"{pid}_gpml"
    pathway_source = {"ref": ref_id}

    # ---- nodes
    datanodes = root.findall(f"{_G}DataNode")
    label_counts = Counter(_clean(d.get("TextLabel")).lower() for d in datanodes)
    used_ids: set[str] = set()
    nodes: list[dict[str, Any]] = []
    node_of: dict[str, str] = {}
    by_label: dict[str, list[str]] = defaultdict(list)
    by_graph_id: dict[str, str] = {}
    unlabelled = 0
    for dn in datanodes:
        label = _cut(_clean(dn.get("TextLabel")), 200)
        if not label:
            unlabelled += 1
            continue
        gid = _clean(dn.get("GraphId"))
        nid = _unique_id(f"{pid}_{slug(label) or 'node'}", used_ids)
        if gid:
            node_of[dn.get("GraphId") or ""] = nid
            by_graph_id[gid] = nid
        by_label[label.lower()].append(nid)
        kind, tier, words = NODE_TYPES.get(dn.get("Type") or "", DEFAULT_NODE_TYPE)
        description = f"{label} ({words}) in {in_pathway}."
        comments = " ".join(_clean(c.text) for c in dn.findall(f"{_G}Comment") if _clean(c.text))
        if comments:
            description += f" WikiPathways comment: {_cut(comments, 600)}"
        notes = [f"WikiPathways GraphId {gid}." if gid else "The DataNode has no GraphId."]
        count = label_counts[_clean(dn.get("TextLabel")).lower()]
        if count > 1:
            notes.append(f"One of {count} boxes labelled '{label}' in the pathway, each imported as its own node.")
        xrefs: list[str] = []
        for xref in dn.findall(f"{_G}Xref"):
            curie, why = _xref_curie(xref.get("Database") or "", xref.get("ID") or "")
            if curie and curie not in xrefs:
                xrefs.append(curie)
            elif why:
                notes.append(f"Cross-reference not imported: {why}.")
        node: dict[str, Any] = {"id": nid, "label": label, "kind": kind.value, "tier": tier.value}
        if xrefs:
            node["xrefs"] = xrefs[:50]
        node["description"] = _cut(description, 4000)
        node["sources"] = ([dict(pathway_source)] + cite(dn, f"DataNode {gid or label}"))[:MAX_SOURCES]
        node["note"] = _cut(" ".join(notes), 4000)
        nodes.append(node)
    if len(nodes) > MAX_NODES:
        raise GpmlError(name, f"{len(nodes)} labelled DataNodes; a pathway file holds at most {MAX_NODES}")
    if unlabelled:
        warnings.append(f"skipped {unlabelled} DataNode(s) without a text label")

    # ---- edges
    resolver = _Resolver(root, node_of, {n["id"]: n["label"] for n in nodes})
    for gid in sorted(set(resolver.duplicates)):
        warnings.append(f"GraphId '{gid}' is used more than once; the first element with it is used")
    interactions = root.findall(f"{_G}Interaction")
    edges: list[dict[str, Any]] = []
    edge_at: dict[tuple[str, str, str], dict[str, Any]] = {}
    skipped: Counter[str] = Counter()
    skipped_ids: list[str] = []
    imported = merged = loops = 0
    unknown_heads: Counter[str] = Counter()
    for inter in interactions:
        gid = _clean(inter.get("GraphId")) or "(no GraphId)"
        src_ref, tgt_ref, head, other_head = resolver.oriented(inter)
        sources, src_notes = resolver.resolve(src_ref, "source")
        targets, tgt_notes = resolver.resolve(tgt_ref, "target")
        if not sources or not targets:
            for ref, found in ((src_ref, sources), (tgt_ref, targets)):
                if not found:
                    skipped[resolver.what(ref)] += 1
            skipped_ids.append(gid)
            continue
        imported += 1
        graphics = inter.find(f"{_G}Graphics")
        dashed = graphics is not None and graphics.get("LineStyle") == "Broken"
        if head and head not in ARROWHEADS:
            unknown_heads[head] += 1
        relation = ARROWHEADS.get(head or "Line", Relation.associated_with)
        if head == "Arrow" and dashed:
            relation = Relation.leads_to
        drawn = f"drawn with the ArrowHead '{head}'" if head else "drawn without an arrowhead"
        notes = [f"WikiPathways interaction {gid}, {drawn}{' on a dashed line' if dashed else ''}."]
        if other_head:
            notes.append(f"It has an arrowhead at both ends ('{other_head}' at the start); read from start to end.")
        notes += [n[0].upper() + n[1:] + "." for n in src_notes + tgt_notes]
        comments = " ".join(_clean(c.text) for c in inter.findall(f"{_G}Comment") if _clean(c.text))
        if comments:
            notes.append(f"WikiPathways comment: {_cut(comments, 1500)}")
        edge_sources = [{"ref": ref_id, "note": f"WikiPathways interaction {gid}"}]
        edge_sources += cite(inter, f"interaction {gid}")
        if len(edge_sources) > MAX_SOURCES:
            warnings.append(f"interaction {gid} cites {len(edge_sources) - 1} publications; the first {MAX_SOURCES - 1} are kept")
            edge_sources = edge_sources[:MAX_SOURCES]
        note = _cut(" ".join(notes), 4000)
        for s in sources:
            for t in targets:
                if s == t:
                    loops += 1
                    continue
                key = (s, relation.value, t)
                if key in edge_at:
                    old = edge_at[key]
                    for src in edge_sources:
                        if src not in old["sources"] and len(old["sources"]) < MAX_SOURCES:
                            old["sources"].append(src)
                    old["note"] = _cut(f"{old['note']} Also drawn as interaction {gid}.", 4000)
                    merged += 1
                    continue
                edge = {
                    "source": s,
                    "target": t,
                    "relation": relation.value,
                    "evidence": "database",
                    "status": "established",
                    "sources": [dict(x) for x in edge_sources],
                    "note": note,
                }
                edge_at[key] = edge
                edges.append(edge)
    if len(edges) > MAX_EDGES:
        raise GpmlError(name, f"{len(edges)} edges; a pathway file holds at most {MAX_EDGES}")
    if skipped_ids:
        why = ", ".join(f"{what} {n}" for what, n in skipped.most_common())
        warnings.append(
            f"skipped {len(skipped_ids)} of {len(interactions)} interactions without two resolvable "
            f"ends (unresolved ends: {why})"
        )
    for head, n in unknown_heads.items():
        warnings.append(f"unknown ArrowHead '{head}' on {n} interaction(s); imported as associated_with")

    # ---- drug
    drug_id: str | None = None
    if drug is not None:
        out_degree = Counter(e["source"] for e in edges)
        drug_id = _find_drug(drug, pid, nodes, by_label, by_graph_id, out_degree, name)
        for node in nodes:
            if node["id"] == drug_id:
                node["tier"] = Tier.agent.value
                node["note"] = _cut(node["note"] + " Marked at import as the node this pathway starts from (drug).", 4000)

    # ---- references: only publications that an imported node or edge cites
    cited_labels = {pubs[r].label for r in used_pubs}
    for rid, pub in pubs.items():
        if rid not in used_pubs and pub.label not in uncited and pub.label not in cited_labels:
            uncited.append(pub.label)
    pathway_ref: dict[str, Any] = {"id": ref_id, "type": "database", "title": title}
    if is_wikipathways:
        pathway_ref["journal"] = "WikiPathways"
    if modified and 1800 <= int(modified.group(1)) <= 2100:
        pathway_ref["year"] = int(modified.group(1))
    if wp:
        pathway_ref["url"] = WIKIPATHWAYS_URL.format(wp=wp)
    ref_notes = []
    if wp:
        rev = f", revision {revision}" if revision else ""
        origin = "stated in the file" if wp_from == "version" else "taken from the file name (the file does not state it)"
        ref_notes.append(f"WikiPathways {wp}{rev} ({origin}).")
    else:
        ref_notes.append(f"Imported from the GPML file {Path(name).name}; the file states no WikiPathways id.")
    authors = _clean(root.get("Author")).strip("[] ")
    if authors:
        ref_notes.append(f"Contributors: {_cut(authors, 600)}.")
    if modified:
        ref_notes.append(f"Last modified {modified.group(1)}-{modified.group(2)}-{modified.group(3)}.")
    if is_wikipathways:
        ref_notes.append("WikiPathways content is licensed CC0 1.0.")
    if uncited:
        ref_notes.append(
            "Publications the pathway cites that no imported node or edge cites: "
            f"{_cut(', '.join(uncited), 1500)}."
        )
    pathway_ref["note"] = _cut(" ".join(ref_notes), 4000)

    desc = [f"{title}: imported from {'WikiPathways ' + wp if wp else 'the GPML file ' + Path(name).name}"]
    facts = []
    if organism:
        facts.append(f"organism {organism}")
    if data_source:
        facts.append(f"data source {data_source}")
    if facts:
        desc[0] += f" ({'; '.join(facts)})"
    desc[0] += "."
    desc.append(
        f"{len(nodes)} of its DataNodes and {imported} of its {len(interactions)} interactions are "
        "shown; labels, shapes and lines that connect no two labelled DataNodes are left out."
    )
    for c in root.findall(f"{_G}Comment"):
        if (c.get("Source") or "") == "WikiPathways-description" and _clean(c.text):
            desc.append(f"WikiPathways description: {_cut(_clean(c.text), 2000)}")
            break

    data: dict[str, Any] = {"schema": "pathviz/1", "id": pid, "title": title}
    if drug_id:
        data["drug"] = drug_id
    data["description"] = _cut(" ".join(desc), 4000)
    data["nodes"] = nodes
    data["edges"] = edges
    data["references"] = [pathway_ref] + sorted(used_pubs.values(), key=lambda r: r["id"])
    if not nodes:
        warnings.append("the pathway has no labelled DataNodes; the file will hold only its reference")
    return Conversion(
        data=data,
        warnings=warnings,
        nodes=len(nodes),
        edges=len(edges),
        interactions=len(interactions),
        imported_interactions=imported,
        skipped=len(skipped_ids),
        merged=merged,
        self_loops=loops,
        data_nodes=len(datanodes),
        arrows=len(edges),
    )


def _find_drug(
    wanted: str,
    pid: str,
    nodes: list[dict[str, Any]],
    by_label: dict[str, list[str]],
    by_graph_id: dict[str, str],
    out_degree: Counter[str],
    name: str,
) -> str:
    """The node id named by ``--drug``: a node id (with or without the prefix), a GraphId or a label."""
    ids = {n["id"] for n in nodes}
    w = wanted.strip()
    for candidate in (w, f"{pid}_{w}"):
        if candidate in ids:
            return candidate
    if w in by_graph_id:
        return by_graph_id[w]
    matches = by_label.get(_clean(w).lower(), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(f"{m} ({out_degree[m]} outgoing edges)" for m in matches)
        raise GpmlError(
            name,
            f"--drug '{wanted}' is the label of {len(matches)} nodes: {shown}; give one of these ids",
        )
    from pathviz.errors import did_you_mean

    raise GpmlError(
        name,
        f"--drug '{wanted}' is neither a node id nor a label of this pathway"
        f"{did_you_mean(w.lower(), list(ids) + list(by_label))}",
    )


# --------------------------------------------------------------------------- writing


def _unshared(value: Any) -> Any:
    """A copy in which no dict or list is used twice (so YAML writes no &anchors)."""
    if isinstance(value, dict):
        return {k: _unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshared(v) for v in value]
    return value


def to_yaml(data: dict[str, Any]) -> str:
    """The pathway file text."""
    return yaml.safe_dump(_unshared(data), sort_keys=False, allow_unicode=True, width=100)


def self_check(text: str, out_name: str) -> list[str]:
    """Problems pathviz would report on the produced file (there should be none)."""
    from pathviz.io.pathways import parse_pathways

    result = parse_pathways([(out_name, text)])
    return [p.format() for p in result.problems]


def write_yaml(text: str, output: str, force: bool) -> None:
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    if path.is_dir():
        raise FileExistsError(f"{output} is a directory")
    if force:
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)
    else:
        with open(path, "x", encoding="utf-8") as fh:  # never overwrites
            fh.write(text)


def link_to_bundle(data: dict, bundle: Any) -> tuple[dict, list[str]]:
    """Reuse bundle nodes for imported nodes with the same name (opt-in: ``--link-to``).

    An imported node whose label equals (ignoring case) the label, id or a
    synonym of exactly one bundle node is replaced by that node, so the
    imported interactions connect to the bundle and convergence with its drugs
    can be computed. The drug node is never replaced. Edges that become
    self-loops are dropped; edges that become identical are merged (their
    sources kept); every imported edge gets an explicit id so it never clashes
    with a bundle edge. Returns the new data and one line per replacement.
    """
    index: dict[str, set[str]] = {}
    for nid, node in bundle.nodes.items():
        for name in [node.label, nid, *node.synonyms]:
            index.setdefault(name.strip().lower(), set()).add(nid)
    drug = data.get("drug")
    mapping: dict[str, str] = {}
    notes: list[str] = []
    for node in data.get("nodes", []):
        if node["id"] == drug:
            continue
        hits = index.get(str(node.get("label", "")).strip().lower(), set())
        if len(hits) == 1:
            (target,) = hits
            mapping[node["id"]] = target
            notes.append(f"{node.get('label')} ({node['id']}) is the bundle's '{target}' (same name)")
    out = dict(data)
    out["nodes"] = [n for n in data.get("nodes", []) if n["id"] not in mapping]
    merged: dict[tuple[str, str, str], dict] = {}
    for edge in data.get("edges", []):
        s, t = mapping.get(edge["source"], edge["source"]), mapping.get(edge["target"], edge["target"])
        if s == t:
            continue
        key = (s, edge["relation"], t)
        if key in merged:
            seen = merged[key]["sources"]
            for src in edge["sources"]:
                if src not in seen:
                    seen.append(src)
            continue
        merged[key] = {**edge, "source": s, "target": t, "sources": list(edge["sources"])}
    pid = data.get("id", "imported")
    edges = []
    for i, edge in enumerate(merged.values(), 1):
        edges.append({"id": f"{pid}_e{i}"[:64], **{k: v for k, v in edge.items() if k != "id"}})
    out["edges"] = edges
    return out, notes
