"""SBGN-ML 0.3 export of one view, in the SBGN **Activity Flow** language (AF L1V1.2).

pathviz edges say "A increases / inhibits / leads to B" between molecules,
cell populations, circuits and symptoms, with no mechanism of the reaction:
that is what Activity Flow describes (influences between activities), not
Process Description (reactions) or Entity Relationship. The map declares
``version="http://identifiers.org/combine.specifications/sbgn.af.level-1.version-1.2"``
(and the deprecated ``language="activity flow"`` for older readers) and
validates against the SBGN-ML 0.3 XSD and libsbgn's AF schematron rules.

Glyphs (one per node, glyph id ``glyph_<node id>``):

* ``phenotype`` — an ``outcome`` node, or a ``physiology``/``process`` node of
  the clinical tier, that no arc leaves in this view (AF allows phenotypes as
  arc targets only);
* ``biological activity`` — every other node, with a ``unit of information``
  sub-glyph (id ``uoi_<node id>``) whose ``entity`` gives the kind of thing
  whose activity it is: ``perturbation`` for drugs and stressors (AF L1V1.2
  replaced the perturbation glyph by this unit of information), ``simple
  chemical`` for metabolites and transmitters, ``macromolecule`` for
  receptors, transporters, enzymes, growth factors, cytokines and signalling
  proteins, ``nucleic acid feature`` for gene expression, for hormones and
  ``other`` nodes the cross-references decide (ChEBI → simple chemical;
  HGNC, UniProt, NCBI Gene, Ensembl → macromolecule), and ``unspecified
  entity`` for cell types, structures, circuits, physiology, processes and
  outcomes that act on something further.

Arcs (one per bundle edge, arc id ``arc_<edge key>``), by the sign of the
relation: ``positive influence`` (activates, increases, leads to), ``negative
influence`` (inhibits, decreases), ``unknown influence`` (converts to, binds,
associated with). ``necessary stimulation`` is never written: no pathviz
relation says an influence is necessary.

Geometry: glyph centres are the layout positions in pixels (layout units ×
100, y downwards, drugs at the top), shifted so the map starts at (20, 20);
boxes are sized from the label and narrowed where neighbours are close, so
they never overlap; arcs run straight between the box borders.

Everything else is kept as text: each glyph's and arc's ``notes`` hold an
XHTML body (kind, tier, region, side, convergent; relation, evidence,
status, note, and each source in the one citation wording of
:mod:`pathviz.render.text`: whose words the quote is, the paper it cites with DOI
and PMID, and the quote), and a glyph's cross-references are an RDF ``bqbiol:is``
annotation in its ``extension``. All text goes through lxml, which escapes it.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from lxml import etree

from pathviz.exports import Format, write_text
from pathviz.render.text import cite_text
from pathviz.view import Citation, View, xref_links
from pathviz.io.xrefs import split_curie
from pathviz.model import Edge, Node
from pathviz.vocab import NodeKind, Tier

SBGN_NS = "http://sbgn.org/libsbgn/0.3"
XHTML_NS = "http://www.w3.org/1999/xhtml"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
BQBIOL_NS = "http://biomodels.net/biology-qualifiers/"
AF_VERSION = "http://identifiers.org/combine.specifications/sbgn.af.level-1.version-1.2"
AF_LANGUAGE = "activity flow"

MARGIN = 20.0
MIN_W, MAX_W, MIN_H = 60.0, 200.0, 40.0
UOI_W, UOI_H = 24.0, 12.0

ENTITY: dict[NodeKind, str] = {
    NodeKind.drug: "perturbation",
    NodeKind.stressor: "perturbation",
    NodeKind.metabolite: "simple chemical",
    NodeKind.transmitter: "simple chemical",
    NodeKind.receptor: "macromolecule",
    NodeKind.transporter: "macromolecule",
    NodeKind.enzyme: "macromolecule",
    NodeKind.growth_factor: "macromolecule",
    NodeKind.cytokine: "macromolecule",
    NodeKind.signalling: "macromolecule",
    NodeKind.gene_expression: "nucleic acid feature",
    NodeKind.complex: "complex",
}
_BY_XREF = {
    "chebi": "simple chemical",
    "hgnc": "macromolecule",
    "uniprot": "macromolecule",
    "ncbigene": "macromolecule",
    "ensembl": "macromolecule",
}
_XREF_DECIDES = {NodeKind.hormone, NodeKind.other}
PHENOTYPE_KINDS = {NodeKind.outcome}
CLINICAL_PHENOTYPE_KINDS = {NodeKind.physiology, NodeKind.process}

ARC_CLASS = {1: "positive influence", -1: "negative influence", 0: "unknown influence"}


def _q(tag: str, ns: str = SBGN_NS) -> str:
    return f"{{{ns}}}{tag}"


def entity_of(node: Node) -> str:
    """The unit-of-information entity of a biological activity glyph."""
    if node.kind in ENTITY:
        return ENTITY[node.kind]
    if node.kind in _XREF_DECIDES:
        for x in node.xrefs:
            split = split_curie(x)
            if split and split[0] in _BY_XREF:
                return _BY_XREF[split[0]]
    return "unspecified entity"


def glyph_class(node: Node, has_outgoing: bool) -> str:
    """'phenotype' for end points (outcomes, clinical physiology), else 'biological activity'."""
    if has_outgoing:
        return "biological activity"
    if node.kind in PHENOTYPE_KINDS or (node.kind in CLINICAL_PHENOTYPE_KINDS and node.tier == Tier.clinical):
        return "phenotype"
    return "biological activity"


def arc_class(edge: Edge) -> str:
    return ARC_CLASS[edge.relation.sign]


# ---------------------------------------------------------------- geometry

Box = tuple[float, float, float, float]  # centre x, centre y, width, height


def _boxes(view: View) -> dict[str, Box]:
    """Non-overlapping boxes around the layout positions (pixels, origin top left).

    With a layout, a glyph is the box the layout reserved for the node: its
    marker and its label together (these never overlap another node's).
    """
    placement = view.placement
    if placement is not None and all(n in placement.boxes for n in view.node_ids()):
        out: dict[str, Box] = {}
        for n in view.node_ids():
            x, y = placement.pos[n][0] * 100.0, -placement.pos[n][1] * 100.0
            r = placement.marker_px.get(n, 10.0) / 2
            bx0, by0, bx1, by1 = placement.boxes[n]
            x0, y0 = min(bx0, x - r), min(by0, y - r)
            x1, y1 = max(bx1, x + r), max(by1, y + r)
            out[n] = (x0, y0, x1 - x0, y1 - y0)
        if out:
            min_x = min(b[0] for b in out.values())
            min_y = min(b[1] for b in out.values())
            dx, dy = MARGIN - min_x, MARGIN - min_y
            # as centre + size, like the fallback below
            return {n: (x0 + dx + w / 2, y0 + dy + h / 2, w, h) for n, (x0, y0, w, h) in out.items()}
    px = view.pixels()
    missing = [n for n in view.node_ids() if n not in px]
    if missing:  # a view without layout: one row per tier, in graph order
        row: dict[int, int] = {}
        for n in missing:
            rank = view.node(n).tier.rank
            i = row.get(rank, 0)
            row[rank] = i + 1
            px[n] = (i * 220.0, rank * 100.0)
    want: dict[str, tuple[float, float]] = {}
    for n in px:
        lines = textwrap.wrap(view.node(n).label, 18) or [""]
        w = min(MAX_W, max(MIN_W, 7.5 * max(len(line) for line in lines) + 16))
        h = max(MIN_H, 15.0 * len(lines) + 12)
        want[n] = (w, h)
    # neighbours that could touch: same tier band (a tier row and its staggered half)
    bands: dict[int, list[str]] = {}
    for n, (_, y) in px.items():
        bands.setdefault(round(y / 100.0), []).append(n)
    width: dict[str, float] = {n: w for n, (w, _) in want.items()}
    for members in bands.values():
        members.sort(key=lambda n: px[n][0])
        for left, right in zip(members, members[1:]):
            gap = px[right][0] - px[left][0]
            if (width[left] + width[right]) / 2 > gap * 0.92:
                limit = max(8.0, gap * 0.92)
                width[left] = min(width[left], limit)
                width[right] = min(width[right], limit)
    band_h = {n: min(want[n][1], 60.0) for n in px}
    min_x = min((x - width[n] / 2 for n, (x, _) in px.items()), default=0.0)
    min_y = min((y - band_h[n] / 2 for n, (_, y) in px.items()), default=0.0)
    dx, dy = MARGIN - min_x, MARGIN - min_y
    return {n: (x + dx, y + dy, width[n], band_h[n]) for n, (x, y) in px.items()}


def _border(box: Box, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the box centre towards a point leaves the box."""
    cx, cy, w, h = box
    dx, dy = towards[0] - cx, towards[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    tx = (w / 2) / abs(dx) if dx else float("inf")
    ty = (h / 2) / abs(dy) if dy else float("inf")
    t = min(tx, ty, 1.0)
    return cx + dx * t, cy + dy * t


def _fmt(v: float) -> str:
    return f"{round(v, 2):g}"


def _bbox(parent: etree._Element, x: float, y: float, w: float, h: float) -> None:
    etree.SubElement(parent, _q("bbox"), x=_fmt(x), y=_fmt(y), w=_fmt(w), h=_fmt(h))


# ---------------------------------------------------------------- notes and annotations


def _notes(parent: etree._Element, paragraphs: list[str]) -> None:
    notes = etree.SubElement(parent, _q("notes"))
    body = etree.SubElement(notes, _q("body", XHTML_NS), nsmap={None: XHTML_NS})
    for text in paragraphs:
        etree.SubElement(body, _q("p", XHTML_NS)).text = text


def _citation_lines(cites: list[Citation]) -> list[str]:
    """'Source: Gallenstein's article writes, citing Short 2019 (doi:…): “…” (note)' — the one wording
    of :mod:`pathviz.render.text`; a source text is named, never its file."""
    out = []
    for c in cites:
        line = f"Source: {cite_text(c, capital=False)}"
        if c.note:
            line += f" ({c.note})"
        out.append(line)
    return out


def _annotation(parent: etree._Element, about: str, node: Node) -> None:
    links = xref_links(node.xrefs)
    if not links:
        return
    ext = etree.SubElement(parent, _q("extension"))
    ann = etree.SubElement(ext, _q("annotation"))
    rdf = etree.SubElement(ann, _q("RDF", RDF_NS), nsmap={"rdf": RDF_NS, "bqbiol": BQBIOL_NS})
    desc = etree.SubElement(rdf, _q("Description", RDF_NS))
    desc.set(_q("about", RDF_NS), f"#{about}")
    bag = etree.SubElement(etree.SubElement(desc, _q("is", BQBIOL_NS)), _q("Bag", RDF_NS))
    for link in links:
        li = etree.SubElement(bag, _q("li", RDF_NS))
        li.set(_q("resource", RDF_NS), link)


# ---------------------------------------------------------------- document


def to_sbgn_tree(view: View) -> etree._ElementTree:
    root = etree.Element(_q("sbgn"), nsmap={None: SBGN_NS})
    meta = view.graph_data()
    _notes(root, [f"{k}: {v}" for k, v in meta.items()])
    m = etree.SubElement(root, _q("map"), id=f"map_{view.slug or 'view'}", version=AF_VERSION, language=AF_LANGUAGE)
    _notes(m, [view.title, f"pathways: {meta['pathways']}", f"generator: {meta['generator']}"])
    boxes = _boxes(view)
    if boxes:
        x1 = max(cx + w / 2 for cx, _, w, _ in boxes.values())
        y1 = max(cy + h / 2 for _, cy, _, h in boxes.values())
        _bbox(m, 0.0, 0.0, x1 + MARGIN, y1 + MARGIN)
    else:
        _bbox(m, 0.0, 0.0, 2 * MARGIN, 2 * MARGIN)
    edges = view.edges()
    sources = {e.source for e in edges}
    for nid in view.node_ids():
        n = view.node(nid)
        gid = f"glyph_{nid}"
        cls = glyph_class(n, nid in sources)
        g = etree.SubElement(m, _q("glyph"), id=gid)
        g.set("class", cls)
        facts = [
            n.description,
            f"kind: {n.kind.label}; tier: {n.tier.label}"
            + (f"; region: {n.region.label}" if n.region else ""),
            f"side: {view.side(nid)} ({view.side_name(view.side(nid))}); convergence: {view.convergence_kind(nid) or 'none'}",
            f"pathviz id: {nid}",
        ]
        if view.support_text(nid):
            facts.append("support: " + view.support_text(nid))
        if n.synonyms:
            facts.append("synonyms: " + "; ".join(n.synonyms))
        if n.xrefs:
            facts.append("identifiers: " + " ".join(n.xrefs))
        if n.note:
            facts.append(f"note: {n.note}")
        _notes(g, facts + _citation_lines(view.citations(n)))
        _annotation(g, gid, n)
        etree.SubElement(g, _q("label"), text=n.label)
        cx, cy, w, h = boxes[nid]
        _bbox(g, cx - w / 2, cy - h / 2, w, h)
        if cls == "biological activity":
            u = etree.SubElement(g, _q("glyph"), id=f"uoi_{nid}")
            u.set("class", "unit of information")
            etree.SubElement(u, _q("entity"), name=entity_of(n))
            uw = min(UOI_W, w * 0.6)
            _bbox(u, cx - w / 2 + 6, cy - h / 2 - UOI_H / 2, uw, UOI_H)
    for e in edges:
        a = etree.SubElement(m, _q("arc"), id=f"arc_{e.key}", source=f"glyph_{e.source}", target=f"glyph_{e.target}")
        a.set("class", arc_class(e))
        lines = [
            f"{view.node(e.source).label} {e.relation.label} {view.node(e.target).label}",
            f"relation: {e.relation.value}; evidence: {e.evidence.label}; status: {e.status.label}",
            f"edge key: {e.key}",
        ]
        if e.note:
            lines.append(f"note: {e.note}")
        _notes(a, lines + _citation_lines(view.citations(e)))
        sb, tb = boxes[e.source], boxes[e.target]
        sx, sy = _border(sb, (tb[0], tb[1]))
        ex, ey = _border(tb, (sb[0], sb[1]))
        etree.SubElement(a, _q("start"), x=_fmt(sx), y=_fmt(sy))
        etree.SubElement(a, _q("end"), x=_fmt(ex), y=_fmt(ey))
    return etree.ElementTree(root)


def to_sbgn(view: View) -> str:
    """The SBGN-ML document (UTF-8 text with XML declaration)."""
    data = etree.tostring(to_sbgn_tree(view), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data.decode("utf-8")


def write_sbgn(view: View, path: str | os.PathLike[str]) -> list[Path]:
    return [write_text(path, to_sbgn(view))]


FORMATS = (Format("sbgn", "sbgn", "application/xml", "SBGN-ML 0.3 Activity Flow — SBGN tools", write_sbgn, order=22),)
