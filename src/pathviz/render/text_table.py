"""The diagram as text: a table of the nodes and a table of the arrows a view draws.

One function, :func:`text_tables`, builds both from the :class:`~pathviz.view.View` the
diagram is drawn from, so the rows follow every filter, the detail level and the lecture
step: a node is a row when the diagram draws it (:meth:`View.visible`), an arrow when it is
shown and both its ends are drawn. The Compare page shows them as sortable data frames and
the offline explorer as HTML tables; both select a row's node or arrow as a click on the
diagram does, through the id each row carries (a node id, or ``edge:<key>``).

The words are the app's own: the side of a node (:meth:`View.side_name`), how each drug gets
there (:meth:`View.reach_words`), the support of each drug's best route
(:func:`~pathviz.analysis.routes.strength_words`, as the view computed it), an arrow's
"holds for" (:func:`~pathviz.render.details.context_words`), the status badges of the details
panel and the one citation wording (:func:`~pathviz.render.text.cite_text`, without the quote,
which the details panel prints). Cells are plain text: each output escapes them for its target.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathviz.model import Edge, Node
from pathviz.render import style
from pathviz.render.details import STATUS_BADGE, context_words
from pathviz.render.figure import EDGE_PREFIX
from pathviz.render.text import cite_text
from pathviz.view import Side, View

NODE_COLUMNS = (
    "Node",
    "Kind",
    "Tier",
    "Region",
    "Who reaches it",
    "How each drug gets here",
    "Support of the best route",
    "Sources",
)
ARROW_COLUMNS = ("From", "Relation", "To", "Holds for", "Evidence", "Status", "Sources")
NODES_CAPTION = "Nodes"
ARROWS_CAPTION = "Arrows"
#: what the tables are, in one sentence (the page and the explorer both say it)
CAPTION = "Every node and arrow in the diagram above, with the current filters and detail level."
SOURCES_JOIN = "; "


@dataclass(frozen=True)
class Table:
    """Rows of plain text under named columns; ``ids[i]`` is what selecting row ``i`` selects."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    ids: tuple[str, ...]
    #: per row, the tier's rank (top of the diagram first): the order of the Tier column
    tier_rank: tuple[int, ...] = ()

    def records(self) -> list[dict[str, str]]:
        """One mapping per row, column -> text (for a data frame)."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def _sources(view: View, item: Node | Edge) -> str:
    # one entry per citation: two quotes from one text name it once
    return SOURCES_JOIN.join(dict.fromkeys(cite_text(c, quote=False) for c in view.citations(item)))


def _best_routes(view: View, node_id: str) -> str:
    s = view.support.get(node_id)
    if s is None:
        return ""
    return "; ".join(f"{r.name}: {r.strength}" for r in s.routes if r.best is not None)


def node_row(view: View, node_id: str) -> tuple[str, ...]:
    node = view.node(node_id)
    return (
        node.label,
        node.kind.label,
        style.TIER_TITLE[node.tier],
        node.region.label if node.region else "",
        view.side_name(view.sides.get(node_id, Side.context)),
        view.reach_words(node_id),
        _best_routes(view, node_id),
        _sources(view, node),
    )


def arrow_row(view: View, e: Edge) -> tuple[str, ...]:
    return (
        view.node(e.source).label,
        e.relation.label,
        view.node(e.target).label,
        context_words(view, e),
        e.evidence.label,
        STATUS_BADGE.get(e.status.value, ("", e.status.value))[1],
        _sources(view, e),
    )


def text_tables(view: View) -> tuple[Table, Table]:
    """The nodes table and the arrows table of what the view draws, in the diagram's order
    (nodes top to bottom and left to right; arrows in the order of the nodes they leave)."""
    shown = view.visible()
    order = {n: i for i, n in enumerate(shown)}
    nodes = Table(
        NODES_CAPTION,
        NODE_COLUMNS,
        tuple(node_row(view, n) for n in shown),
        tuple(shown),
        tuple(view.node(n).tier.rank for n in shown),
    )
    drawn = [e for e in view.edges() if e.source in order and e.target in order]
    drawn.sort(key=lambda e: (order[e.source], order[e.target], e.key))
    arrows = Table(
        ARROWS_CAPTION,
        ARROW_COLUMNS,
        tuple(arrow_row(view, e) for e in drawn),
        tuple(EDGE_PREFIX + e.key for e in drawn),
    )
    return nodes, arrows
