"""The one palette, measured: contrast on white (WCAG 2.2) and distance under colour-vision deficiencies.

Text ≥ 4.5:1, marks ≥ 3:1 against the white page; every pair of colours that mean different
things ≥ 12 ΔE in CAM02-UCS under normal vision, deuteranomaly, protanomaly and tritanomaly at
full severity (colorspacious' Machado et al. 2009 simulation), so no reader depends on telling
two of them apart by hue alone.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert

from pathviz.render import style
from pathviz.view import Side

WHITE = "#FFFFFF"
CVD = [None] + [{"name": "sRGB1+CVD", "cvd_type": t, "severity": 100} for t in ("deuteranomaly", "protanomaly", "tritanomaly")]


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)]) / 255


def contrast(a: str, b: str = WHITE) -> float:
    return style.contrast_ratio(a, b)


def delta_e(a: str, b: str) -> float:
    """The smallest CAM02-UCS distance between two colours over normal vision and the three deficiencies."""
    out = []
    for cvd in CVD:
        x, y = _rgb(a), _rgb(b)
        if cvd is not None:
            x = np.clip(cspace_convert(x, cvd, "sRGB1"), 0, 1)
            y = np.clip(cspace_convert(y, cvd, "sRGB1"), 0, 1)
        out.append(float(np.linalg.norm(cspace_convert(x, "sRGB1", "CAM02-UCS") - cspace_convert(y, "sRGB1", "CAM02-UCS"))))
    return min(out)


def visible_colour(side: Side) -> str:
    """What makes a side's marker stand out from the page: its fill, or its outline where the fill is white or pale."""
    if side in (Side.inferred, Side.unreached):
        return style.SIDE_OUTLINE[side] or style.SIDE_COLOUR[side]
    return style.SIDE_COLOUR[side]


def meaning_colour(side: Side) -> str:
    """The colour that tells a side from the others: its fill, except the white-filled inferred meeting point,
    told by its dark pink outline (the pale "not reached" fill differs from the grey context fill)."""
    return style.SIDE_OUTLINE[Side.inferred] if side == Side.inferred else style.SIDE_COLOUR[side]


MARKS = {st.value: c for st, c in style.STATUS_MARK_COLOUR.items()}
#: colours that mean different things: every side, and the two status marks
MEANINGS = {**{f"side {s.value}": meaning_colour(s) for s in Side}, **{f"{k} mark": c for k, c in MARKS.items()}}
VISIBLE = {**{f"side {s.value}": visible_colour(s) for s in Side}, **{f"{k} mark": c for k, c in MARKS.items()}}


@pytest.mark.parametrize("name", sorted(VISIBLE))
def test_every_mark_colour_stands_out_from_the_page(name):
    assert contrast(VISIBLE[name]) >= 3.0, (name, VISIBLE[name], round(contrast(VISIBLE[name]), 2))


def test_colours_used_as_text_are_readable():
    # column headers are written in the side colour (blue, orange), a pink column's header in dark pink;
    # status marks are letters ("h", "?") in their colour
    text = [style.SIDE_COLOUR[Side.a], style.SIDE_COLOUR[Side.b], style.side_text_colour(Side.shared), *style.STATUS_MARK_COLOUR.values()]
    for colour in text:
        assert contrast(colour) >= 4.5, (colour, round(contrast(colour), 2))


@pytest.mark.parametrize(("x", "y"), list(itertools.combinations(sorted(MEANINGS), 2)))
def test_colours_that_mean_different_things_stay_apart_in_every_colour_vision(x, y):
    d = delta_e(MEANINGS[x], MEANINGS[y])
    assert d >= 12.0, (x, y, round(d, 1))


def test_the_old_orange_failed_and_the_measure_can_fail():
    """The measures are real: Okabe & Ito's orange (the old psilocybin colour) is 2.25:1 on white,
    and pink and the old context grey were 8 ΔE apart under deuteranomaly."""
    assert contrast("#E69F00") < 3.0
    assert delta_e("#CC79A7", "#8C8C8C") < 12.0


def test_every_colour_has_one_name():
    assert len(set(style.COLOUR_NAME.values())) == len(style.COLOUR_NAME)
