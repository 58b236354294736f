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
