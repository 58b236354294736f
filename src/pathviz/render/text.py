"""Escaping for the two drawing targets: Plotly labels and HTML pages.

* :func:`esc_plotly` — text inside Plotly labels, titles and hover boxes. Plotly
  understands a subset of HTML (``<b>``, ``<br>``, ``<i>``), so ``<``, ``>`` and
  ``&`` are escaped; quotes are left alone (Plotly would print ``&quot;`` literally
  and they cannot start markup once ``<`` is escaped).
* :func:`esc_html` — text in an HTML document, including attribute values.

Markup the program adds around pathway text is written by hand; pathway text
only ever passes through one of these.

It also holds the one wording of a citation (:func:`cite_pieces` and the
:func:`cite_text` / :func:`cite_html` variants; the Markdown one is
:func:`pathviz.ui.text.cite_md`): a quote is in the words of the text it was
copied from, which may cite a paper for it, and every output says both::

    Gallenstein's article writes, citing Vollenweider & Kometer 2010 (doi:…): “…”
    Gallenstein's article: “…”              (the text cited for its own sentence)
    Krystal et al. 2019 (doi:…): “…”        (no other text is known to have written it)

A source text is named by its reference's ``name`` (or short citation), never by
its file name.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from urllib.parse import quote, urlparse

from pathviz.model import Bundle, Reference, Source
from pathviz.view import Citation


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
    parts += [(text, safe_href(url)) for text, url in ref.identifier_links]
    if ref.url and not (ref.doi or ref.pmid):
        parts.append(("web page", safe_href(ref.url)))
    return parts


# ------------------------------------------------------------------ whose words a quote is

WRITES_CITING = " writes, citing "  # between the text whose words a quote is and the paper it cites
COMMA_CITING = ", citing "  # the same when the quote is not printed after it
CITING = " citing "  # in a numbered list: "12 citing 5"
UNKNOWN_WRITER = "a source text"  # a quote whose text names no reference (cannot pass validation)


def citation_of(bundle: Bundle, source: Source) -> Citation:
    """A source resolved against a bundle, as :meth:`View.citation` resolves it (for facts outside a view)."""
    return Citation.of(bundle, source)


def text_name(bundle: Bundle, text_file: str | None) -> str | None:
    """A source text by its name ("Gallenstein's article"): the writer of the reference whose ``texts`` list it; never the file name."""
    owner = bundle.text_owners.get(text_file) if text_file else None
    ref = bundle.references.get(owner) if owner else None
    return ref.writer if ref is not None else None


def own_words(c: Citation) -> bool:
    """The quote is the cited text's own sentence (an article cited for what it says itself)."""
    return bool(c.quote and c.quoted_from and c.quoted_from == c.ref and c.writer)


def writer(c: Citation) -> str | None:
    """Whose words the quote is ("Gallenstein's article"), or None when no text is known to be its writer."""
    if not (c.quote and c.quoted_from):
        return None
    return c.writer or UNKNOWN_WRITER


def capitalised(name: str) -> str:
    """A text's name at the start of a line: "the Blossom summary" -> "The Blossom summary"."""
    return name[:1].upper() + name[1:]


def cite_name(c: Citation, capital: bool = True) -> str:
    """The name a citation goes under: the text's name when it is cited for its own words, else the paper's.

    ``capital``: the citation starts a line, so a text's name starts with a capital ("The Blossom
    summary"); a short citation is never changed ("de la Salle et al. 2022").
    """
    if own_words(c) and c.writer and not c.short.startswith(c.writer):
        # a name ("Gallenstein's article"); a bare short citation keeps its a/b suffix
        return capitalised(c.writer) if capital else c.writer
    return c.short


def cite_lead(c: Citation, capital: bool = True) -> str:
    """'Gallenstein's article writes, citing ' when the quote is another text's words, else ''."""
    if not c.secondhand:
        return ""
    name = writer(c) or UNKNOWN_WRITER
    return f"{capitalised(name) if capital else name}{WRITES_CITING}"


def cite_ids(c: Citation) -> str:
    """' (doi:…, PMID:…)' or ''."""
    ids = [f"doi:{c.doi}" if c.doi else "", f"PMID:{c.pmid}" if c.pmid else ""]
    ids = [i for i in ids if i]
    return " (" + ", ".join(ids) + ")" if ids else ""


def cite_pieces(
    c: Citation,
    ids: bool = True,
    quote: bool = True,
    number: Callable[[str], int] | None = None,
    capital: bool = True,
) -> list[tuple[str, str | None]]:
    """The citation as (text, link) pieces; joined, they read as the one wording (module docstring).

    Only the cited paper's name carries a link (when :func:`safe_url` allows it). ``number`` maps a
    reference id to its number in a numbered list: each name is then preceded by "[n] " (the
    writer's text gets its own number). Without the quote (``quote=False``) the writer is
    "Gallenstein's article, citing …". ``capital=False`` for a citation inside a sentence or list
    ("(…; the Blossom summary, citing …)"); see :func:`cite_name`.
    """

    def numbered(name: str, ref_id: str | None) -> str:
        return f"[{number(ref_id)}] {name}" if number is not None and ref_id else name

    pieces: list[tuple[str, str | None]] = []
    if c.secondhand:
        name = writer(c) or UNKNOWN_WRITER
        pieces.append((numbered(capitalised(name) if capital else name, c.quoted_from), None))
        pieces.append((WRITES_CITING if quote else COMMA_CITING, None))
    pieces.append((numbered(cite_name(c, capital), c.ref), safe_url(c.link)))
    if ids and cite_ids(c):
        pieces.append((cite_ids(c), None))
    if quote and c.quote:
        pieces.append((f": “{c.quote}”", None))
    return pieces


def cite_text(
    c: Citation,
    ids: bool = True,
    quote: bool = True,
    number: Callable[[str], int] | None = None,
    capital: bool = True,
) -> str:
    """Plain text: "Gallenstein's article writes, citing Vollenweider & Kometer 2010 (doi:…): “…”"."""
    return "".join(t for t, _ in cite_pieces(c, ids, quote, number, capital))


def cite_html(c: Citation, ids: bool = True, quote: bool = True, links: bool = True, capital: bool = True) -> str:
    """The same words as escaped HTML; the paper's name linked (new tab) when ``links`` and its link is allowed."""
    out = []
    for text, href in cite_pieces(c, ids, quote, capital=capital):
        if links and href:
            out.append(f'<a href="{esc_html(href)}" target="_blank" rel="noopener noreferrer">{esc_html(text)}</a>')
        else:
            out.append(esc_html(text))
    return "".join(out)


def cite_numbers(c: Citation, number: Callable[[str], int]) -> str:
    """A citation in a numbered list: "5", or "12 citing 5" when the quote is text 12's words citing paper 5."""
    if c.secondhand and c.quoted_from:
        return f"{number(c.quoted_from)}{CITING}{number(c.ref)}"
    return str(number(c.ref))
