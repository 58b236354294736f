"""Escaping for the two drawing targets: Plotly labels and HTML pages.

* :func:`esc_plotly` — text inside Plotly labels, titles and hover boxes. Plotly
  understands a subset of HTML (``<b>``, ``<br>``, ``<i>``), so ``<``, ``>`` and
  ``&`` are escaped; quotes are left alone (Plotly would print ``&quot;`` literally
  and they cannot start markup once ``<`` is escaped).
* :func:`esc_html` — text in an HTML document, including attribute values.

Markup the program adds around pathway text is written by hand; pathway text
only ever passes through one of these.
"""

from __future__ import annotations

import html
import textwrap
from urllib.parse import quote, urlparse

from pathviz.model import Reference


def esc_plotly(text: object) -> str:
    """Escape text for a Plotly label, title or hover box."""
    return html.escape(str(text), quote=False)


def esc_html(text: object) -> str:
    """Escape text for HTML content or a quoted attribute value."""
    return html.escape(str(text), quote=True)


def wrap_plotly(text: str, width: int = 60, max_lines: int = 8) -> str:
    """Escaped text wrapped at word boundaries into ``<br>``-joined lines, cut with … after ``max_lines``."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(esc_plotly(line) for line in lines)


# ------------------------------------------------------------------ links

ALLOWED_LINK_HOSTS = {
    "doi.org",
    "pubmed.ncbi.nlm.nih.gov",
    "www.ncbi.nlm.nih.gov",
    "identifiers.org",
    "bioregistry.io",
    "www.genenames.org",
    "www.ebi.ac.uk",
    "purl.obolibrary.org",
    "purl.uniprot.org",
    "www.uniprot.org",
    "rest.uniprot.org",
    "pubchem.ncbi.nlm.nih.gov",
    "www.wikipathways.org",
    "labeling.pfizer.com",
}


def safe_url(url: str | None) -> str | None:
    """The URL if it is https to an allowed resolver, else None."""
    if not url:
        return None
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_LINK_HOSTS:
        return None
    return url


def safe_href(url: str | None) -> str | None:
    """The URL percent-encoded for a Markdown link target, if it is allowed (see :func:`safe_url`)."""
    ok = safe_url(url)
    if ok is None:
        return None
    href = quote(ok, safe=":/?#[]@!$&'*+,;=%-._~")
    return href.replace("(", "%28").replace(")", "%29")


def reference_parts(ref: Reference, short: str | None = None) -> list[tuple[str, str | None]]:
    """A citation as (text, link) pieces: 'Krystal et al. 2019', 'doi:…', 'PMID …', PMC id or web page.

    Links are None unless allowed (:func:`safe_href`); every page that cites joins these pieces.
    """
    parts: list[tuple[str, str | None]] = [(short or ref.short, None)]
    if ref.doi:
        parts.append((f"doi:{ref.doi}", safe_href(f"https://doi.org/{ref.doi}")))
    if ref.pmid:
        parts.append((f"PMID {ref.pmid}", safe_href(f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/")))
    if ref.pmcid:
        parts.append((ref.pmcid, safe_href(f"https://www.ncbi.nlm.nih.gov/pmc/articles/{ref.pmcid}/")))
    if ref.url and not (ref.doi or ref.pmid):
        parts.append(("web page", safe_href(ref.url)))
    return parts
