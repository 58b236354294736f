"""Safe text for Streamlit markdown: pathway text is shown as text, links only to trusted resolvers."""

from __future__ import annotations

import string

from pathviz.model import Reference
from pathviz.render.text import (  # noqa: F401 - the one link rule
    ALLOWED_LINK_HOSTS,
    cite_pieces,
    reference_parts,
    safe_href,
    safe_url,
)
from pathviz.view import Citation

_MD_SPECIAL = set(string.punctuation)


def md(text: object) -> str:
    """Text that Streamlit's Markdown shows literally: no HTML, links, emphasis or directives.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows
    that for all of them) and whitespace, including newlines, collapses to one
    space, so no line can start a heading, list or code block.
    """
    s = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in s)


def safe_link(ref: Reference) -> str | None:
    """A reference's link (DOI, PubMed, PMC or its web page) if it may be shown, ready for Markdown."""
    return safe_href(ref.link)


def link(label: str, url: str | None) -> str:
    """A markdown link with an escaped label, or the escaped label alone when the URL is not allowed."""
    href = safe_href(url)
    if href is None:
        return md(label)
    return f"[{md(label)}]({href})"


def reference_links(ref: Reference, short: str | None = None) -> str:
    """'Krystal et al. 2019 · doi:… · PMID …' with each identifier linked."""
    return " · ".join(link(text, url) for text, url in reference_parts(ref, short))


def cite_md(c: Citation, ids: bool = True, quote: bool = True) -> str:
    """The one citation wording (:func:`pathviz.render.text.cite_pieces`) as safe Markdown, the paper linked."""

    def piece(text: str, href: str | None) -> str:
        # md() collapses whitespace at the ends too: keep the spaces between the pieces
        inner = link(text.strip(), href) if href else md(text)
        return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")

    return "".join(piece(text, href) for text, href in cite_pieces(c, ids, quote))
