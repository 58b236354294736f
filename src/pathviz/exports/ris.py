"""RIS export of a bundle's references (for EndNote, Zotero, Mendeley).

RIS is line-based (``TAG  - value``), so every value is put on one line:
whitespace, including newlines, collapses to single spaces and control
characters are dropped, which keeps a hostile title from starting a tag of
its own. Text stays UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pathviz.model import Reference
from pathviz.vocab import ReferenceType

RIS_TYPE: dict[ReferenceType, str] = {
    ReferenceType.article: "JOUR",
    ReferenceType.review: "JOUR",
    ReferenceType.secondary: "ELEC",
    ReferenceType.label: "GEN",
    ReferenceType.database: "DBASE",
    ReferenceType.other: "GEN",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_VOLUME_ISSUE = re.compile(r"^\s*([^()\s]+)\s*\(\s*([^()]+?)\s*\)\s*$")
_INITIALS = re.compile(r"^[A-Z]{1,4}$")


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def ris_author(name: str) -> str:
    """'Krystal JH' -> 'Krystal, J.H.'; other forms are kept as written."""
    parts = name.split()
    suffix = ""
    if len(parts) >= 3 and parts[-1].rstrip(".") in {"Jr", "Sr", "II", "III", "IV"}:
        suffix = ", " + parts.pop()
    if len(parts) >= 2 and _INITIALS.match(parts[-1]) and "," not in name:
        return f"{' '.join(parts[:-1])}, {'.'.join(parts[-1])}.{suffix}"
    return name


def to_ris_entry(ref: Reference) -> str:
    lines: list[tuple[str, str]] = [("TY", RIS_TYPE.get(ref.type, "GEN")), ("ID", ref.id)]
    lines += [("AU", ris_author(a)) for a in ref.authors]
    lines.append(("TI", ref.title))
    if ref.journal:
        lines.append(("JO" if ref.type in (ReferenceType.article, ReferenceType.review) else "T2", ref.journal))
    if ref.year is not None:
        lines.append(("PY", str(ref.year)))
    if ref.volume:
        m = _VOLUME_ISSUE.match(ref.volume)
        if m:
            lines += [("VL", m.group(1)), ("IS", m.group(2))]
        else:
            lines.append(("VL", ref.volume))
    if ref.pages:
        parts = re.split(r"\s*[-–—]+\s*", ref.pages.strip(), maxsplit=1)
        lines.append(("SP", parts[0]))
        if len(parts) == 2 and parts[1]:
            lines.append(("EP", parts[1]))
    if ref.doi:
        lines.append(("DO", ref.doi))
    if ref.pmid:
        lines.append(("AN", f"PMID: {ref.pmid}"))
    if ref.pmcid:
        lines.append(("C2", ref.pmcid))
    link = ref.url or ref.link
    if link:
        lines.append(("UR", link))
    if ref.type not in (ReferenceType.article, ReferenceType.review):
        lines.append(("N1", f"Type: {ref.type.label}"))
    if ref.note:
        lines.append(("N1", ref.note))
    out = [f"{tag}  - {_one_line(value)}" for tag, value in lines]
    out.append("ER  - ")
    return "\n".join(out) + "\n"


def to_ris(references: Iterable[Reference]) -> str:
    """RIS records, one per reference, in the order given, separated by blank lines."""
    return "\n".join(to_ris_entry(r) for r in references)
