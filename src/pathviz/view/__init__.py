"""The one view: what every output shows, computed in one place.

``build_view(bundle, state, canvas)`` turns the plain :class:`ViewState` (the
drugs, the selection, the filters, the mode, the lecture step and the detail
level — what a dashboard URL holds) into a :class:`View`: the nodes and arrows
shown after the filters, each node's :class:`Side` *under those filters*, the
meeting points of the two drugs — stated or only inferred — with each drug's
best-supported cited route, highlights of the selection, layout positions and
wrapped labels. The Plotly figure, the network explorer, the slides, every
interchange export, the command line and every page read this object; nothing
else calls the convergence analysis, the routes or the layout.

Sides tell the truth under the filters and the context of each arrow: a node
is *reached by A only* when drug A reaches it along the causal arrows still
shown and B does not; *reached by both (stated)* when each drug reaches it
through arrows whose sentences speak of that drug or of general biology
(:mod:`pathviz.analysis.reach`); *reached by both only by inference* when one of
them gets there only through another drug's sentence or a jump between brain
regions. A node neither drug reaches even with every arrow shown is *context*;
one that they reach only through arrows the filters hide is *not reached under
these filters*.

The parts, each read in one sitting: :mod:`.state` (ViewState and the URL),
:mod:`.canvas` (the drawing surface), :mod:`.support` (routes, stated or
inferred), :mod:`.objects` (Side, Citation, View) and :mod:`.build` (building
and the cache).
"""

from __future__ import annotations

from pathviz.analysis.graph import ALL
from pathviz.layout.pair import Pos
from pathviz.view.build import _CACHE, build_view, highlight_of, xref_link, xref_links
from pathviz.view.canvas import LECTURE, SCREEN, SLIDE, Canvas, slide_canvas
from pathviz.view.objects import (
    GENERATOR,
    MAX_DRAWN_NODES,
    PIXELS_PER_UNIT,
    Citation,
    Side,
    View,
    side_words,
)
from pathviz.view.state import (
    DETAILS,
    MODES,
    ViewState,
    default_pair,
    describe_filters,
    resolve_pathways,
    state_from_params,
)
from pathviz.view.support import OTHER_ROUTES, RouteChoice, Support

__all__ = [
    "ALL",
    "Canvas",
    "Citation",
    "DETAILS",
    "GENERATOR",
    "LECTURE",
    "MAX_DRAWN_NODES",
    "MODES",
    "OTHER_ROUTES",
    "PIXELS_PER_UNIT",
    "Pos",
    "RouteChoice",
    "SCREEN",
    "SLIDE",
    "Side",
    "Support",
    "View",
    "ViewState",
    "_CACHE",
    "build_view",
    "default_pair",
    "describe_filters",
    "highlight_of",
    "resolve_pathways",
    "side_words",
    "slide_canvas",
    "state_from_params",
    "xref_link",
    "xref_links",
]
