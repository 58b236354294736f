"""The clinician comparison as HTML (for the page) and as a printable PDF handout.

One builder serves both: :func:`comparison_cells` turns the drugs' clinical
facts into plain rows and cells, the ``*_html`` functions turn those into HTML
fragments, and :func:`handout_html` puts the fragments, the time course (inline
SVG from Plotly, so its words stay text) and the numbered references into one
A4 or Letter document that :func:`to_pdf` prints with the system Chromium.

Every piece of pathway text is HTML-escaped here, and the PDF page carries a
Content-Security-Policy that loads nothing and runs no script (no
``script-src``, so even an injected inline script would be refused).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pathviz.model import Bundle, ClinicalFact, Pathway, Reference
from pathviz.render import style
from pathviz.render.clinical import (
    BADGE_ANIMAL,
    BADGE_EXPLANATION,
    BADGE_SECONDARY,
    KEY_BOUND,
    KEY_WORDS,
    NO_CAVEATS,
    TIME_COURSE_TITLE,
    TimingFact,
    caveats,
    drug_colours,
    drug_name,
    edge_label,
    evidence_profile,
    fact_badges,
    fact_citations,
    time_course_figure,
    undosed_drugs,
)
from pathviz.render.files import CHROMIUM_FLAGS, find_chromium
from pathviz.render.text import CITING, citation_of, cite_html, cite_numbers, safe_href
from pathviz.view import Citation
from pathviz.vocab import STATUS_EXPLANATION, ClinicalAspect, Status

NOT_STATED = "not stated in the source texts"
NO_LINK = "no DOI or PubMed id"

TABLE_ASPECTS: tuple[ClinicalAspect, ...] = (
    ClinicalAspect.mechanism_class,
    ClinicalAspect.primary_targets,
    ClinicalAspect.onset,
    ClinicalAspect.peak,
    ClinicalAspect.duration,
    ClinicalAspect.response,
    ClinicalAspect.remission,
    ClinicalAspect.safety,
    ClinicalAspect.evidence_base,
    ClinicalAspect.approval,
)
ROW_TITLE: dict[ClinicalAspect, str] = {
    ClinicalAspect.mechanism_class: "Mechanism class",
    ClinicalAspect.primary_targets: "Primary targets",
    ClinicalAspect.onset: "Onset",
    ClinicalAspect.peak: "Peak",
    ClinicalAspect.duration: "Duration",
    ClinicalAspect.response: "Response",
    ClinicalAspect.remission: "Remission",
    ClinicalAspect.safety: "Safety signals",
    ClinicalAspect.evidence_base: "Evidence base",
    ClinicalAspect.approval: "Approval",
    ClinicalAspect.other: "Other",
}
PAPER = {"a4": "A4", "letter": "letter"}
# the smallest type printed anywhere in the handout (table cells, badges, chart labels, references)
MIN_PT = 9.0
SIDE_MM = 7  # left and right page margins (top and bottom: 5 mm)
PAPER_WIDTH_MM = {"a4": 210.0, "letter": 215.9}
# the page's text width in CSS pixels; the time course is drawn this wide, so its type prints at its
# own size (CHART_FONT_PX CSS pixels, at 0.75 pt each)
CHART_WIDTH_PX = {paper: int((w - 2 * SIDE_MM) / 25.4 * 96) for paper, w in PAPER_WIDTH_MM.items()}
CHART_PX = CHART_WIDTH_PX["a4"]
CHART_FONT_PX = 12.1  # 9.08 pt

def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def trusted_link(ref: Reference) -> str | None:
    """The reference's link (doi.org, PubMed, PMC, else its web page) if the one link rule allows it
    (:func:`~pathviz.render.text.safe_href`), percent-encoded; None for anything else."""
    return safe_href(ref.link)


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class FactCell:
    """One fact as a cell line: the words, its references, badges, quotes and notes."""

    value: str
    refs: tuple[str, ...]
    badges: tuple[str, ...]
    quotes: tuple[Citation, ...]  # the quoted sources, each knowing whose words its quote is
    notes: tuple[str, ...]
    cites: tuple[Citation, ...] = ()  # every source, for the citation after the fact
    status: Status = Status.established  # hypothesis or contested, flagged as the diagram flags arrows


@dataclass
class Numbering:
    """References numbered in order of first citation, shared by every part of a handout."""

    order: list[str] = field(default_factory=list)

    def number(self, ref_id: str) -> int:
        if ref_id not in self.order:
            self.order.append(ref_id)
        return self.order.index(ref_id) + 1


def table_aspects(pathways: Sequence[Pathway]) -> list[ClinicalAspect]:
    aspects = list(TABLE_ASPECTS)
    if any(f.aspect == ClinicalAspect.other for p in pathways for f in p.clinical):
        aspects.append(ClinicalAspect.other)
    return aspects


def fact_cell(bundle: Bundle, fact: ClinicalFact) -> FactCell:
    notes = [n for n in [fact.note] + [s.note for s in fact.sources] if n]
    cites = tuple(citation_of(bundle, s) for s in fact.sources)
    return FactCell(
        value=fact.value,
        refs=tuple(fact_citations(bundle, fact)),
        badges=tuple(fact_badges(bundle, fact)),
        quotes=tuple(c for c in cites if c.quote),
        notes=tuple(dict.fromkeys(notes)),
        cites=cites,
        status=fact.status,
    )


def comparison_cells(bundle: Bundle, pathways: Sequence[Pathway]) -> list[tuple[ClinicalAspect, list[list[FactCell]]]]:
    """Rows of (aspect, one list of facts per drug); an empty list is a gap in the sources."""
    rows = []
    for aspect in table_aspects(pathways):
        rows.append((aspect, [[fact_cell(bundle, f) for f in p.clinical if f.aspect == aspect] for p in pathways]))
    return rows


def gaps(bundle: Bundle, pathways: Sequence[Pathway]) -> list[tuple[str, list[str]]]:
    """Per drug, the table rows no source text states for it (drug name, row titles)."""
    out = []
    for p in pathways:
        stated = {f.aspect for f in p.clinical}
        missing = [ROW_TITLE[a] for a in TABLE_ASPECTS if a not in stated]
        if missing:
            out.append((drug_name(bundle, p), missing))
    return out


# ---------------------------------------------------------------- HTML fragments

CSS = f"""
.pv-clin {{ font-family: {style.FONT_FAMILY}; color: #222222; }}
.pv-clin table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
.pv-clin th, .pv-clin td {{ border: 1px solid #BBBBBB; padding: 4px 6px; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; white-space: normal; }}
.pv-clin thead th {{ background: #F0F0F0; }}
.pv-clin tbody th {{ background: #F7F7F7; }}
.pv-clin table.pv-compare thead th:first-child {{ width: 8.5em; }}
.pv-clin {{ font-size: 14.5px; line-height: 1.4; }}
.pv-clin ul.pv-facts {{ margin: 0; padding-left: 1.1em; }}
.pv-clin ul.pv-facts li {{ margin: 0 0 3px 0; }}
.pv-clin .pv-cite {{ color: #333333; font-size: 0.9em; }}
.pv-clin .pv-cite a {{ color: #005A8C; }}
.pv-clin .pv-badge {{ display: inline-block; border-radius: 3px; padding: 0 4px; margin-left: 3px;
  font-size: 0.82em; font-weight: bold; white-space: nowrap; }}
.pv-clin .pv-badge-secondary {{ background: #FCE8C3; color: #5C3A00; border: 1px solid #B86E00; }}
.pv-clin .pv-badge-animal {{ background: #E6DDF3; color: #3D2466; border: 1px solid #6B4FA0; }}
.pv-clin .pv-status {{ margin-left: 3px; font-weight: bold; font-size: 0.9em; white-space: nowrap; }}
.pv-clin .pv-mark {{ display: inline-block; min-width: 1.15em; line-height: 1.1em; border: 1.5px solid;
  border-radius: 50%; text-align: center; background: #FFFFFF; }}
.pv-clin td.pv-gap {{ font-style: italic; color: #4D4D4D;
  background: repeating-linear-gradient(135deg, #FFFFFF 0 6px, #F1F1F1 6px 12px); }}
.pv-clin details {{ margin: 1px 0 2px 0; font-size: 0.9em; }}
.pv-clin details summary {{ cursor: pointer; color: #005A8C; }}
.pv-clin blockquote {{ margin: 2px 0 2px 0.4em; padding-left: 0.5em; border-left: 3px solid #BBBBBB; }}
.pv-clin .pv-note {{ color: #444444; }}
.pv-clin .pv-num {{ text-align: right; }}
.pv-clin .pv-zero {{ color: #666666; }}
.pv-clin table.pv-caveat-table {{ table-layout: auto; }}
.pv-clin .pv-caveat-table th, .pv-clin .pv-caveat-table td {{ overflow-wrap: break-word; }}
.pv-clin .pv-caveat-table th:nth-child(1) {{ width: 19%; }}
.pv-clin .pv-caveat-table th:nth-child(2), .pv-clin .pv-caveat-table th:nth-child(5) {{ width: 9%; }}
.pv-clin .pv-caveat-table th:nth-child(3), .pv-clin .pv-caveat-table th:nth-child(4) {{ width: 11%; }}
.pv-clin .pv-caveat-table th:nth-child(6) {{ width: 27%; }}
.pv-clin table.pv-profile thead th:first-child {{ width: 14em; }}
.pv-clin .pv-sources td:nth-child(4) {{ width: 13em; }}
.pv-clin .pv-sources td:nth-child(5) {{ width: 32%; }}
"""


def _badge_html(badge: str) -> str:
    kind = "secondary" if badge == BADGE_SECONDARY else "animal" if badge == BADGE_ANIMAL else "other"
    return (
        f'<span class="pv-badge pv-badge-{kind}" title="{esc(BADGE_EXPLANATION.get(badge, badge))}">'
        f"{esc(badge)}</span>"
    )


def _cite_html(bundle: Bundle, ref_id: str, numbering: Numbering | None, links: bool) -> str:
    ref = bundle.references.get(ref_id)
    short = esc(bundle.short(ref_id))
    if numbering is not None:  # the handout: a number into its reference list
        return str(numbering.number(ref_id))
    link = trusted_link(ref) if (ref is not None and links) else None
    if link:
        return f'<a href="{esc(link)}" target="_blank" rel="noopener noreferrer">{short}</a>'
    return short


def _cites_html(bundle: Bundle, refs: Sequence[str], numbering: Numbering | None) -> str:
    """'(Krystal et al. 2019; Kadriu et al. 2021)' with links on the page, '[5, 6]' in the handout."""
    cites = [_cite_html(bundle, r, numbering, links=numbering is None) for r in refs]
    if numbering is not None:
        return f'<span class="pv-cite">[{", ".join(cites)}]</span>'
    return f'<span class="pv-cite">({"; ".join(cites)})</span>'


def _join_numbers(items: Sequence[str]) -> str:
    """'5', '12 citing 5' items joined for a bracket: sources citing several papers are named once
    ('1 citing 12, 13; 12, 13'); plain numbers are joined with commas."""
    citing: dict[str, list[str]] = {}
    plain: list[str] = []
    for item in items:
        if CITING in item:
            source, paper = item.split(CITING, 1)
            citing.setdefault(source, []).append(paper)
        else:
            plain.append(item)
    parts = [f"{source}{CITING}{', '.join(papers)}" for source, papers in citing.items()]
    if plain:
        parts.append(", ".join(plain))
    return "; ".join(parts)


def _fact_cites_html(bundle: Bundle, cell: FactCell, numbering: Numbering | None) -> str:
    """A fact's sources in the one citation wording (:mod:`pathviz.render.text`): on the page
    '(Krystal et al. 2019; Blossom's summary, citing Krystal et al. 2019)' with the papers linked; in the
    handout '[5; 12 citing 5]' — source 12's words, citing 5 — with both numbered into its references."""
    if not cell.cites:
        return _cites_html(bundle, cell.refs, numbering)
    if numbering is not None:
        items = list(dict.fromkeys(cite_numbers(c, numbering.number) for c in cell.cites))
        return f'<span class="pv-cite">[{esc(_join_numbers(items))}]</span>'
    items = list(dict.fromkeys(cite_html(c, ids=False, quote=False, capital=False) for c in cell.cites))
    return f'<span class="pv-cite">({"; ".join(items)})</span>'


def status_html(status: Status) -> str:
    """The flag of a hypothesis or contested fact: the diagram's mark in its circle, then the status
    word; its tooltip says what the status means. Empty for an established fact."""
    if status == Status.established:
        return ""
    return (
        f'<span class="pv-status pv-status-{status.value}" title="{esc(STATUS_EXPLANATION[status])}">'
        f'<span class="pv-mark" style="border-color: {style.STATUS_MARK_COLOUR[status]}">'
        f"{esc(style.STATUS_MARK[status])}</span> {esc(status.label)}</span>"
    )


def status_key_html(present: Sequence[Status] | None = None) -> str:
    """What the flags mean, in the diagram's words (:data:`style.STATUS_MARK_WORDS`, :data:`STATUS_EXPLANATION`);
    with ``present``, only the statuses among them."""
    return " ".join(
        f"{status_html(s)} ({esc(style.STATUS_MARK_WORDS[s])}, as on the diagram's arrows) — "
        f"{esc(STATUS_EXPLANATION[s])}."
        for s in style.STATUS_MARK_WORDS
        if present is None or s in present
    )


def fact_html(bundle: Bundle, cell: FactCell, numbering: Numbering | None = None, quotes: bool = True) -> str:
    out = f"{esc(cell.value)} {_fact_cites_html(bundle, cell, numbering)}"
    out += "".join(_badge_html(b) for b in cell.badges)
    out += status_html(cell.status)
    if quotes and (cell.quotes or cell.notes):
        inner = "".join(
            f"<blockquote>{cite_html(c, ids=False, links=numbering is None)}</blockquote>" for c in cell.quotes
        ) + "".join(f'<div class="pv-note">Note: {esc(n)}</div>' for n in cell.notes)
        label = "quoted sentence" if len(cell.quotes) == 1 else f"{len(cell.quotes)} quoted sentences"
        if not cell.quotes:
            label = "note"
        out += f"<details><summary>{esc(label)}</summary>{inner}</details>"
    return out


def _plain_length(fragment: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def balanced_widths(
    cells: Sequence[Sequence[Sequence[int]]], step: int = 2, floor: int = 16, chars_at_full: int = 100
) -> list[int]:
    """Column widths (whole percent of the drug columns, summing to 100) that make a table shortest.

    ``cells[row][column]`` lists the lengths in characters of the items of one cell, each item starting
    on a new line; a row is as tall as its tallest cell, and a cell's items wrap at a width proportional
    to its column's (``chars_at_full`` characters a line at 100 %). Every column keeps at least ``floor`` percent. Up to three columns are searched on a
    grid of ``step`` percent; more columns share the width equally."""
    n = len(cells[0]) if cells else 0
    if n <= 1 or n > 3:
        return [100 // max(n, 1)] * n if n else []

    def height(widths: Sequence[int]) -> int:
        return sum(
            max(sum(-(-length // max(1, w)) for length in items) if items else 1 for items, w in zip(row, widths))
            for row in cells
        )

    options = range(floor, 100 - floor * (n - 1) + 1, step)
    best: tuple[int, list[int]] | None = None
    for first in options:
        rest = 100 - first
        if n == 2:
            candidates = [[first, rest]]
        else:
            candidates = [[first, w, rest - w] for w in range(floor, rest - floor + 1, step)]
        for widths in candidates:
            h = height([w * chars_at_full // 100 - 2 for w in widths])  # less the bullet's indent
            if best is None or h < best[0]:
                best = (h, widths)
    return best[1] if best else [100 // n] * n


def comparison_html(
    bundle: Bundle,
    pathways: Sequence[Pathway],
    numbering: Numbering | None = None,
    quotes: bool = True,
    balance: bool = False,
) -> str:
    """The side-by-side table: one column per drug, one fact per line, gaps in their own style.
    With ``balance`` (the printed handout) the drug columns get the widths that make the table shortest."""
    colours = drug_colours(bundle.drugs)
    head = "".join(
        f'<th style="border-top: 5px solid {colours.get(p.id, style.GREY)}">{esc(drug_name(bundle, p))}</th>'
        for p in pathways
    )
    body = []
    lengths: list[list[list[int]]] = []
    for aspect, per_drug in comparison_cells(bundle, pathways):
        tds = []
        row_lengths: list[list[int]] = []
        for p, facts in zip(pathways, per_drug):
            drug = f' data-drug="{esc(drug_name(bundle, p))}"'  # names the cell where the page stacks the table
            if not facts:
                tds.append(f'<td class="pv-gap"{drug}>{esc(NOT_STATED)}</td>')
                row_lengths.append([len(NOT_STATED)])
                continue
            items = [fact_html(bundle, c, numbering, quotes) for c in facts]
            row_lengths.append([_plain_length(i) + 2 for i in items])
            tds.append(f'<td{drug}><ul class="pv-facts">{"".join(f"<li>{i}</li>" for i in items)}</ul></td>')
        lengths.append(row_lengths)
        body.append(f'<tr><th scope="row">{esc(ROW_TITLE[aspect])}</th>{"".join(tds)}</tr>')
    cols = ""
    if balance and pathways:
        # at the handout's 9 pt a drug column of the whole table's width holds about 100 characters a line
        widths = balanced_widths(lengths)
        cols = '<colgroup><col class="pv-aspect-col">' + "".join(
            f'<col style="width: {w * 0.895:.1f}%">' for w in widths
        ) + "</colgroup>"
    return (
        f'<table class="pv-compare">{cols}<thead><tr><th>Aspect</th>'
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def gaps_html(bundle: Bundle, pathways: Sequence[Pathway]) -> str:
    found = gaps(bundle, pathways)
    if not found:
        return "<p>Every row of the table is stated for every drug shown.</p>"
    items = "".join(
        f"<li><b>{esc(name)}</b>: {esc(', '.join(rows))}</li>" for name, rows in found
    )
    return f'<ul class="pv-gaps">{items}</ul>'


def profile_html(bundle: Bundle, pathways: Sequence[Pathway]) -> str:
    """Per drug: arrows, and how many rest on each evidence type or are unsettled, as a table."""
    rows = evidence_profile(bundle, pathways)
    if not rows:
        return ""
    cols = [c for c in rows[0] if c != "drug"]
    head = "".join(f'<th class="pv-num">{esc(c)}</th>' for c in cols)
    body = "".join(
        f"<tr><th scope=\"row\">{esc(r['drug'])}</th>"
        + "".join(
            f'<td class="pv-num{" pv-zero" if r[c] == 0 else ""}">{esc(r[c])}</td>' for c in cols
        )
        + "</tr>"
        for r in rows
    )
    return f'<table class="pv-profile"><thead><tr><th>Drug</th>{head}</tr></thead><tbody>{body}</tbody></table>'


def profile_words(bundle: Bundle, pathway: Pathway) -> str:
    """The drug's evidence profile in words, naming only the counts that are not zero (the handout):
    '49 arrows — human studies 4, …; of them contested 3, hypothesis 25'."""
    (r,) = evidence_profile(bundle, [pathway])
    evidence = [f"{esc(k)} {v}" for k, v in r.items() if k not in ("drug", "arrows") and not k.startswith("status: ") and v]
    status = [f"{esc(k[len('status: '):])} {v}" for k, v in r.items() if k.startswith("status: ") and v]
    return (
        f"{r['arrows']} arrows — {', '.join(evidence) or 'none'}; "
        f"{'of them ' + ', '.join(status) if status else 'none contested or a hypothesis'}"
    )


def caveats_html(
    bundle: Bundle, pathways: Sequence[Pathway], numbering: Numbering | None = None, profile: bool = False
) -> str:
    """Per drug, its animal-only, contested and hypothesis arrows, grouped by flag; with ``profile``
    (the handout) each drug's line starts with its evidence profile in words."""
    parts = []
    for p in pathways:
        flagged = caveats(bundle, p.id)
        head = f"<b>{esc(drug_name(bundle, p))}</b>: " + (f"{profile_words(bundle, p)}. " if profile else "")
        if not flagged:
            none = NO_CAVEATS[0].upper() + NO_CAVEATS[1:] if profile else NO_CAVEATS
            parts.append(f"<p>{head}{esc(none)}</p>")
            continue
        groups: dict[tuple[str, ...], list] = {}
        for e, why in flagged:
            groups.setdefault(tuple(why), []).append(e)
        items = "".join(
            f"<li><b>{esc(', '.join(why))}</b> ({len(edges)}): "
            + "; ".join(
                f"{esc(edge_label(bundle, e))}"
                + ("" if numbering is not None else f" ({esc(e.relation.label)})")  # the handout: shorter
                + " "
                + _cites_html(bundle, list(dict.fromkeys(s.ref for s in e.sources)), numbering)
                for e in edges
            )
            + "</li>"
            for why, edges in groups.items()
        )
        count = f"To read with care: {len(flagged)} arrow(s)" if profile else f"{len(flagged)} arrow(s)"
        parts.append(f'<p>{head}{count}</p><ul class="pv-caveats">{items}</ul>')
    return "".join(parts)


def caveats_table_html(bundle: Bundle, pathway: Pathway) -> str:
    """The pathway's animal-only, contested and hypothesis arrows as a full-text table (page)."""
    flagged = caveats(bundle, pathway.id)
    rows = "".join(
        "<tr>"
        f"<td>{esc(edge_label(bundle, e))}</td><td>{esc(e.relation.label)}</td>"
        f"<td><b>{esc(', '.join(why))}</b></td><td>{esc(e.evidence.label)}</td><td>{esc(e.status.label)}</td>"
        f"<td>{esc(e.note) if e.note else '<i>no note</i>'}</td>"
        f"<td>{_cites_html(bundle, list(dict.fromkeys(s.ref for s in e.sources)), None)}</td>"
        "</tr>"
        for e, why in flagged
    )
    head = "".join(f"<th>{h}</th>" for h in ("claim", "relation", "flag", "evidence", "status", "note", "sources"))
    return f'<table class="pv-caveat-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def sources_table_html(bundle: Bundle, pathway: Pathway) -> str:
    """Every source of every clinical fact of a drug: full fact, reference, link, quote and note."""
    rows = []
    for aspect in table_aspects([pathway]):
        for f in pathway.clinical:
            if f.aspect != aspect:
                continue
            for s in f.sources:
                ref = bundle.references.get(s.ref)
                c = citation_of(bundle, s)
                link = trusted_link(ref) if ref is not None else None
                link_html = (
                    f'<a href="{esc(link)}" target="_blank" rel="noopener noreferrer">{esc(link)}</a>'
                    if link
                    else f"<i>{esc(NO_LINK)}</i>"
                )
                note = "; ".join(x for x in (s.note, f.note) if x)
                rows.append(
                    "<tr>"
                    f"<td>{esc(ROW_TITLE.get(aspect, aspect.label))}</td><td>{esc(f.value)} {status_html(f.status)}</td>"
                    f"<td>{cite_html(c, ids=False, quote=False, links=False)}"
                    + (" " + _badge_html(BADGE_SECONDARY) if ref is not None and ref.type.value == "secondary" else "")
                    + f"</td><td>{link_html}</td>"
                    f"<td>{'“' + esc(s.quote) + '”' if s.quote else '<i>no quote given</i>'}</td>"
                    f"<td>{esc(note) if note else '<i>no note</i>'}</td>"
                    "</tr>"
                )
    head = "".join(f"<th>{h}</th>" for h in ("aspect", "fact", "source", "link", "quoted sentence", "note"))
    return f'<table class="pv-sources"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def badge_key_html(present: Sequence[str] | None = None) -> str:
    """What the badges mean; with ``present``, only the badges among them."""
    return " ".join(
        f"{_badge_html(b)} = {esc(BADGE_EXPLANATION[b])}."
        for b in (BADGE_SECONDARY, BADGE_ANIMAL)
        if present is None or b in present
    )


def reference_line(ref: Reference, journal: bool = True) -> str:
    """'Krystal JH, Abdallah CG (2019). Title. Journal 101(5). doi:…' as escaped HTML; more than two
    authors are the first one and 'et al.'. Without ``journal`` the journal and volume are left out
    where a DOI or PubMed id finds the paper (the printed handout, where space is short)."""
    who = ", ".join(ref.authors) if len(ref.authors) <= 2 else f"{ref.authors[0]} et al."
    bits = [esc(who) if who else ""]
    if ref.year:
        bits.append(f"({ref.year})")
    text = " ".join(b for b in bits if b)
    text += (". " if text else "") + esc(ref.title.rstrip(".")) + "."
    if ref.journal and (journal or not (ref.doi or ref.pmid)):
        text += f" <i>{esc(ref.journal)}</i>" + (f" {esc(ref.volume)}" if ref.volume else "") + "."
    ids = []
    if ref.doi:
        ids.append(f"doi:{esc(ref.doi)}")
    if ref.pmid:
        ids.append(f"PMID {esc(ref.pmid)}")
    text += " " + ("; ".join(ids) if ids else esc(NO_LINK))
    if ref.type.value == "secondary":
        text += " — <i>secondary source</i>"
    return text


def references_html(bundle: Bundle, numbering: Numbering) -> str:
    items = "".join(
        f"<li>{reference_line(bundle.references[r], journal=False)}</li>" for r in numbering.order if r in bundle.references
    )
    return f'<ol class="pv-refs">{items}</ol>'


# ---------------------------------------------------------------- the handout


PRINT_CSS = """
@page { size: %(paper)s; margin: 5mm %(side)smm 5mm %(side)smm; }
html, body { margin: 0; padding: 0; }
body.pv-clin { font-size: %(pt)spt; line-height: 1.1; }
h1 { font-size: 12pt; margin: 0 0 0.8mm 0; }
h2 { font-size: 10.5pt; margin: 1.8mm 0 0.5mm 0; break-after: avoid; }
p { margin: 0.6mm 0; }
.pv-sub { color: #333333; margin-bottom: 1.2mm; }
.pv-clin th, .pv-clin td { padding: 1px 3px; }
.pv-clin .pv-cite, .pv-clin .pv-badge, .pv-clin .pv-status { font-size: 1em; }
.pv-clin .pv-badge { padding: 0 2px; font-weight: normal; }
.pv-clin .pv-status { font-weight: normal; }
.pv-clin tbody th, .pv-clin thead th:first-child { width: 5.2em; }
.pv-clin col.pv-aspect-col { width: 10.5%%; }
.pv-clin tbody th { overflow-wrap: normal; }
.pv-clin ul.pv-facts { padding-left: 0.85em; }
.pv-clin ul.pv-facts li { margin: 0; }
.pv-clin .pv-badge { white-space: normal; -webkit-box-decoration-break: clone;
  box-decoration-break: clone; }
.pv-time svg { width: 100%%; height: auto; display: block; }
.pv-keep { break-inside: avoid; }
.pv-cols { column-count: 2; column-gap: 5mm; }
.pv-cols p { break-after: avoid; margin-top: 0; }
ul.pv-caveats, ul.pv-gaps { margin: 0 0 1mm 0; padding-left: 1.1em; }
ul.pv-caveats li { margin-bottom: 0.6mm; }
ol.pv-refs { margin: 0; padding-left: 1.9em; column-count: 3; column-gap: 5mm; }
ol.pv-refs li { line-height: 1.05; }
.pv-meet { line-height: 1.15; margin: 1mm 0; }
.pv-profile tbody th, .pv-profile thead th:first-child { width: 11em; }
"""


def time_course_svg(
    bundle: Bundle,
    pathways: Sequence[Pathway],
    width: int = CHART_PX,
    cite: Callable[[TimingFact], str] | None = None,
) -> str:
    """The time-course chart as an SVG element (text stays text), rendered by kaleido ``width`` pixels
    wide with :data:`CHART_FONT_PX` type, so it prints at ≥ :data:`MIN_PT` when it fills the page's width."""
    from pathviz.render.files import to_image

    fig = time_course_figure(
        bundle, pathways, drug_colours(bundle.drugs), font_px=CHART_FONT_PX, row_gap_px=0, cite=cite
    )
    # the caption above the chart says what solid, hatched and dotted mean: no legend under it
    fig.update_layout(showlegend=False, margin=dict(b=4, l=4, r=14), xaxis_title_standoff=4)
    fig.update_layout(height=int(fig.layout.height) - 125)
    svg = to_image(fig, "svg", width=width, height=int(fig.layout.height or 400)).decode("utf-8")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def fact_numbers(bundle: Bundle, fact: ClinicalFact, numbering: Numbering) -> str:
    """A fact's sources as the handout numbers them: '[5]', '[12 citing 5]'."""
    return html.unescape(re.sub(r"<[^>]+>", "", _fact_cites_html(bundle, fact_cell(bundle, fact), numbering)))


def time_course_caption(bundle: Bundle, pathways: Sequence[Pathway]) -> str:
    """What the time course's panels and marks mean, as HTML (the handout's words for the chart)."""
    undosed = undosed_drugs(bundle, pathways)
    none = f" No source sentence here states the dosing of {esc(' or '.join(undosed))}." if undosed else ""
    return (
        f"Rows are grouped under titles by the dosing their quoted sentence states.{none} "
        f"Solid bar: numbers in the source. Hatched band: {esc(KEY_WORDS)}, quoted in its label. "
        f"Dotted line to a mark: {esc(KEY_BOUND)}. Sources that disagree are separate rows."
    )


def meeting_html(bundle: Bundle, pathways: Sequence[Pathway]) -> str:
    """One paragraph: every meeting point of the drugs, grouped by the pairs whose sources state it for both
    drugs and the pairs where it is only inferred (one drug gets there only through another drug's sentences
    or another brain region)."""
    from itertools import combinations

    from pathviz.view import ViewState, build_view

    pairs = list(combinations(pathways, 2))
    if not pairs:
        return ""
    kinds: dict[str, dict[str, list[str]]] = {}
    for pa, pb in pairs:
        view = build_view(bundle, ViewState(a=pa.id, b=pb.id))
        pair = f"{view.names['a']} & {view.names['b']}"
        for n in view.convergent_nodes:
            kinds.setdefault(n, {"stated": [], "inferred": []})[view.convergence_kind(n)].append(pair)
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for n, k in kinds.items():
        groups.setdefault((tuple(k["stated"]), tuple(k["inferred"])), []).append(n)

    def which(ps: tuple[str, ...]) -> str:
        return "every pair" if len(ps) == len(pairs) > 1 else "; ".join(ps)

    parts = []
    for (stated, inferred), nodes in sorted(groups.items(), key=lambda g: (-len(g[0][0]), -len(g[1]))):
        words = [w for w in (f"stated for {which(stated)}" if stated else "", f"inferred for {which(inferred)}" if inferred else "") if w]
        parts.append(f"{', '.join(esc(bundle.nodes[n].label) for n in nodes)} — {esc(', '.join(words))}.")
    return (
        '<p class="pv-meet"><b>Where the mechanisms meet</b> (inferred: one drug only through another\'s sentences). '
        + " ".join(parts) + "</p>"
    )


def handout_html(bundle: Bundle, pathways: Sequence[Pathway], paper: str = "a4", svg: str | None = None) -> str:
    """The whole handout as one self-contained HTML page (nothing loaded from anywhere)."""
    if paper not in PAPER:
        raise ValueError(f"paper must be one of {', '.join(PAPER)}")
    numbering = Numbering()
    names = [drug_name(bundle, p) for p in pathways]
    table = comparison_html(bundle, pathways, numbering, quotes=False, balance=True)
    # the first fact in another text's words explains the "12 citing 5" form with its own numbers
    example = next(
        (c for _, per_drug in comparison_cells(bundle, pathways) for facts in per_drug for cell in facts
         for c in cell.cites if c.secondhand and c.quoted_from),
        None,
    )
    secondhand = (
        f" (“{cite_numbers(example, numbering.number)}”: in the words of source {numbering.number(example.quoted_from)},"
        f" which cites {numbering.number(example.ref)} for it)"
        if example is not None
        else ""
    )
    caveat = caveats_html(bundle, pathways, numbering, profile=True)
    chart = (
        svg
        if svg is not None
        else time_course_svg(
            bundle, pathways, CHART_WIDTH_PX[paper], cite=lambda t: fact_numbers(bundle, t.fact, numbering)
        )
    )
    facts = [f for p in pathways for f in p.clinical]
    badge_key = badge_key_html({b for f in facts for b in fact_badges(bundle, f)})
    status_key = status_key_html({f.status for f in facts})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{esc("pathviz clinician handout: " + ", ".join(names))}</title>
<style>{CSS}{PRINT_CSS % {"paper": PAPER[paper], "pt": MIN_PT, "side": SIDE_MM}}</style></head>
<body class="pv-clin">
<h1>{esc(" · ".join(names))}: antidepressant action compared</h1>
<p class="pv-sub">Every fact as the cited source texts state it; numbers in brackets refer to the references at the end{secondhand}.
{badge_key} {status_key} Cells marked <i>{esc(NOT_STATED)}</i> are gaps in the sources, not negative findings.</p>
<section class="pv-keep"><h2>{esc(TIME_COURSE_TITLE)}</h2>
<p>{time_course_caption(bundle, pathways)}</p>
<div class="pv-time">{chart}</div></section>
<h2>Side by side</h2>
{table}
{meeting_html(bundle, pathways)}
<h2>Evidence profile of each drug's own arrows. Read with care: animal-only, contested and hypothesis arrows</h2>
<div class="pv-cols">{caveat}</div>
<h2>References</h2>
{references_html(bundle, numbering)}
</body></html>
"""


class HandoutError(Exception):
    """The PDF could not be printed; the message says what to do."""


def _chromium() -> str:
    found = find_chromium()
    if found is None:
        raise HandoutError("the PDF handout is printed by Chromium, which was not found: apt-get install -y chromium")
    return found


def to_pdf(page: str, timeout: float = 120) -> bytes:
    """Print an HTML page to PDF with headless Chromium (no header or footer line).

    Headless Chromium prints a tagged PDF (its structure tree from the page's headings, tables and
    lists, its language from ``<html lang>``, its title from ``<title>``); the outline flag adds
    bookmarks from the headings, so a reader can go to a section."""
    chromium = _chromium()
    with tempfile.TemporaryDirectory(prefix="pathviz-pdf-") as tmp:
        src = Path(tmp) / "handout.html"
        out = Path(tmp) / "handout.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [
            chromium, "--headless", *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer", "--generate-pdf-document-outline", "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={out}", src.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HandoutError(f"Chromium could not print the handout ({type(exc).__name__}: {exc})") from exc
        if not out.exists() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise HandoutError("Chromium printed no PDF: " + " | ".join(tail))
        return out.read_bytes()


def handout_pdf(bundle: Bundle, pathways: Sequence[Pathway], paper: str = "a4") -> bytes:
    """The handout for these drugs as PDF bytes."""
    return to_pdf(handout_html(bundle, pathways, paper))


def write_handout(bundle: Bundle, pathways: Sequence[Pathway], path: str | os.PathLike[str], paper: str = "a4") -> Path:
    out = Path(path)
    data = handout_pdf(bundle, pathways, paper)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise HandoutError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out
