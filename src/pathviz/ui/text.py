"""Safe text for Streamlit markdown: pathway text is shown as text, links only to trusted resolvers."""

from __future__ import annotations

import string
from urllib.parse import quote, urlparse

from pathviz.model import Reference

_MD_SPECIAL = set(string.punctuation)

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


def md(text: object) -> str:
    """Text that Streamlit's Markdown shows literally: no HTML, links, emphasis or directives.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows
    that for all of them) and whitespace, including newlines, collapses to one
    space, so no line can start a heading, list or code block.
    """
    s = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in s)


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


def safe_link(ref: Reference) -> str | None:
    """A reference's link (DOI, PubMed, PMC or its web page) if it may be shown, ready for Markdown."""
    return safe_href(ref.link)


def link(label: str, url: str | None) -> str:
    """A markdown link with an escaped label, or the escaped label alone when the URL is not allowed."""
    href = safe_href(url)
    if href is None:
        return md(label)
    return f"[{md(label)}]({href})"


def reference_link(ref: Reference) -> str:
    url = ref.link
    return link(ref.short, url)


def reference_links(ref: Reference, short: str | None = None) -> str:
    """'Krystal et al. 2019 · doi:… · PMID …' with each identifier linked."""
    parts = [md(short or ref.short)]
    if ref.doi:
        parts.append(link(f"doi:{ref.doi}", f"https://doi.org/{ref.doi}"))
    if ref.pmid:
        parts.append(link(f"PMID {ref.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"))
    if ref.pmcid:
        parts.append(link(ref.pmcid, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{ref.pmcid}/"))
    if ref.url and not (ref.doi or ref.pmid):
        parts.append(link("web page", ref.url))
    return " · ".join(parts)
