"""BibTeX export of a bundle's references.

One entry per reference, keyed by the reference id: ``@article`` for articles
and reviews, ``@misc`` for everything else (secondary sources, labels,
databases). Text fields are escaped for BibTeX/LaTeX (``{ } \\ % & $ # _ ^ ~``)
so that any title parses and braces stay balanced; non-ASCII text is kept as
UTF-8. ``doi`` and ``url`` are verbatim fields: they are not LaTeX-escaped,
but any brace or backslash in them is percent-encoded so the entry still
parses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pathviz.model import Reference
from pathviz.vocab import ReferenceType

_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_VERBATIM_ESCAPES = {"{": "%7B", "}": "%7D", "\\": "%5C"}
_SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_VOLUME_ISSUE = re.compile(r"^\s*([^()\s]+)\s*\(\s*([^()]+?)\s*\)\s*$")

ARTICLE_TYPES = {ReferenceType.article, ReferenceType.review}


def escape_bibtex(text: str) -> str:
    """Escape LaTeX/BibTeX special characters; whitespace (newlines too) collapses to one space."""
    text = " ".join(text.split())
    return "".join(_LATEX_ESCAPES.get(ch, ch) for ch in text)


def _verbatim(text: str) -> str:
    text = "".join(text.split())
    return "".join(_VERBATIM_ESCAPES.get(ch, ch) for ch in text)


def format_author(name: str) -> str:
    """'Krystal JH' -> 'Krystal, J. H.'; 'Zarate CA Jr' -> 'Zarate, Jr., C. A.'.

    A name that is not in 'Surname INITIALS' form (an organisation such as
    'Pfizer', or a name already written with a comma) is kept as written; a
    name without a comma is wrapped in braces so BibTeX does not split it.
    """
    parts = name.split()
    suffix = None
    if len(parts) >= 3 and parts[-1] in _SUFFIXES:
        suffix = parts.pop().rstrip(".") + "."
    if len(parts) >= 2 and _INITIALS.match(parts[-1]) and "," not in name:
        initials = " ".join(f"{c}." for c in parts[-1])
        surname = escape_bibtex(" ".join(parts[:-1]))
        return f"{surname}, {suffix}, {initials}" if suffix else f"{surname}, {initials}"
    if "," in name:
        return escape_bibtex(name)
    return "{" + escape_bibtex(name) + "}"


def _pages(pages: str) -> str:
    # 207–211 (en dash) or 642-651 -> 207--211, the BibTeX page-range convention
    return escape_bibtex(re.sub(r"\s*[-–—]+\s*", "--", pages.strip()))


def entry_fields(ref: Reference) -> list[tuple[str, str]]:
    """The (field, already-escaped value) pairs of one entry, in output order."""
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(format_author(a) for a in ref.authors)))
    fields.append(("title", escape_bibtex(ref.title)))
    if ref.journal:
        key = "journal" if ref.type in ARTICLE_TYPES else "howpublished"
        fields.append((key, escape_bibtex(ref.journal)))
    if ref.year is not None:
        fields.append(("year", str(ref.year)))
    if ref.volume:
        m = _VOLUME_ISSUE.match(ref.volume)
        if m:
            fields.append(("volume", escape_bibtex(m.group(1))))
            fields.append(("number", escape_bibtex(m.group(2))))
        else:
            fields.append(("volume", escape_bibtex(ref.volume)))
    if ref.pages:
        fields.append(("pages", _pages(ref.pages)))
    if ref.doi:
        fields.append(("doi", _verbatim(ref.doi)))
    if ref.pmid:
        fields.append(("pmid", ref.pmid))
    if ref.pmcid:
        fields.append(("pmcid", ref.pmcid))
    if ref.url:
        fields.append(("url", _verbatim(ref.url)))
    notes = []
    if ref.pmid:
        notes.append(f"PMID: {ref.pmid}")
    if ref.type not in ARTICLE_TYPES:
        notes.append(f"Type: {ref.type.label}")
    if ref.note:
        notes.append(ref.note)
    if notes:
        fields.append(("note", escape_bibtex(". ".join(n.rstrip(".") for n in notes) + ".")))
    return fields


def to_bibtex_entry(ref: Reference) -> str:
    kind = "article" if ref.type in ARTICLE_TYPES else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in entry_fields(ref))
    return f"@{kind}{{{ref.id},\n{body}\n}}\n"


def to_bibtex(references: Iterable[Reference]) -> str:
    """A BibTeX database (UTF-8 text) with one entry per reference, in the order given."""
    entries = [to_bibtex_entry(r) for r in references]
    header = "% pathviz references (UTF-8); keys are the pathway files' reference ids\n\n"
    return header + "\n".join(entries)
