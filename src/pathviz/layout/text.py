"""Label text measured with real font metrics, and wrapped only where a word may break.

The diagram's labels are drawn in Liberation Sans (metrically identical to
Arial, which browsers on Windows and macOS use for the same font stack); the
widths here come from the font file through Pillow, so a label box reserved by
the layout is the box the browser draws.

Wrapping breaks a label only at a space, after a hyphen or after a slash
(never inside a word, never right before a closing bracket or after an opening
one), and keeps every line within the width asked for whenever the label's
words allow it: a single word wider than the width gets a line of its own
rather than being cut.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from PIL import ImageFont

#: font files tried in order (Liberation Sans first: the figures name it first)
FONT_FILES = (
    os.environ.get("PATHVIZ_FONT", ""),
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/usr/share/fonts/TTF/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
BOLD_FILES = tuple(f.replace("Regular", "Bold").replace("arial.ttf", "arialbd.ttf").replace("Arial.ttf", "Arial Bold.ttf") for f in FONT_FILES if f)

LINE_HEIGHT = 1.22  # Plotly's line spacing for multi-line text, in font sizes

# break opportunities: after spaces, hyphens and slashes
_TOKEN = re.compile(r"[^\s\-/]+[\-/]*|[\-/]+|\s+")


@lru_cache(maxsize=8)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in BOLD_FILES if bold else FONT_FILES:
        if path and os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


@lru_cache(maxsize=20000)
def text_width(text: str, size: int, bold: bool = False) -> float:
    """Width of one line of text in pixels at ``size`` px."""
    if not text:
        return 0.0
    return float(_font(size, bold).getlength(text))


def _tokens(label: str) -> list[str]:
    """Pieces between break opportunities; a closing bracket sticks to what precedes it."""
    out: list[str] = []
    for tok in _TOKEN.findall(label):
        glue = out and not out[-1].isspace() and not tok.isspace() and (
            tok[0] in ")]},"  # never break before a closing bracket or comma
            or out[-1][-1:] in "([{"  # nor after an opening one
            or (out[-1][-1:] in "-/" and len(out[-1].strip("-/")) <= 2 and not out[-1][:-1].endswith(" "))  # 5-HT2A
        )
        if glue:
            out[-1] += tok
        else:
            out.append(tok)
    return out


@lru_cache(maxsize=20000)
def wrap(label: str, max_px: float, size: int, bold: bool = False) -> tuple[str, ...]:
    """Lines of ``label`` no wider than ``max_px`` where the words allow, breaking only between words."""
    tokens = _tokens(" ".join(label.split()))
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if tok.isspace():
            if line:
                line += " "
            continue
        candidate = line + tok
        if line and text_width(candidate.rstrip(), size, bold) > max_px:
            lines.append(line.rstrip())
            line = tok
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return tuple(lines) or (label,)


def box(lines: tuple[str, ...], size: int, bold: bool = False) -> tuple[float, float]:
    """(width, height) in pixels of wrapped lines."""
    width = max((text_width(line, size, bold) for line in lines), default=0.0)
    return width, len(lines) * size * LINE_HEIGHT


def longest_word(label: str, size: int) -> float:
    return max((text_width(t.strip(), size) for t in _tokens(label) if t.strip()), default=0.0)
