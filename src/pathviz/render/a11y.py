"""What the diagram says to a keyboard and a screen reader: names, and the ways to move.

The Compare page's diagram and the offline explorer share one keyboard model
(``assets/keynav.js``). It moves along the biology, not across the screen:
downstream to what a node acts on, upstream to what acts on it, through the
arrow between them. Every name it announces is built here, once, from the
:class:`~pathviz.view.View`, in the words the rest of the app uses for the same
things: a node's kind (:mod:`pathviz.vocab`), its side (``View.side_name``:
"reached by both (stated)", "reached by both only by inference"), an arrow's
claim, evidence and status as the deck's alternative text words them.

:func:`nav_data` is plain data for the browser: per node and per arrow its name,
the arrows into and out of each node in the order the eye finds them (left to
right), the rows of the diagram, the drugs and the meeting points. Only what is
drawn counts: the arrows between nodes the view shows (at a lecture step, the
tiers revealed so far).
"""

from __future__ import annotations

from pathviz.model import Edge
from pathviz.render import style
from pathviz.view import Side, View
from pathviz.vocab import Evidence

#: the keys, as the diagram's help line and docs/accessibility.md name them
KEYS_HELP = (
    "Arrow keys follow the arrows: Right goes downstream (to an arrow, then to what it acts on), "
    "Left upstream; Down and Up pick the next or previous arrow or neighbour. "
    "Enter selects, Home goes to the drug, M to the next meeting point, Escape leaves the diagram."
)

#: what the polite live region says (one short sentence each)
SAID = {
    "select": "Selected {name}. Details {where}.",
    "clear": "Selection cleared.",
    "beside": "beside the diagram",
    "below": "below the diagram",
    "none": "No arrow goes further this way.",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def arrow_claim(view: View, e: Edge) -> str:
    """'Ketamine inhibits NMDA receptor (on GABA interneurons)'."""
    b = view.bundle
    return f"{b.nodes[e.source].label} {e.relation.label} {b.nodes[e.target].label}"


def arrow_name(view: View, e: Edge) -> str:
    """An arrow as it is announced: 'Arrow: Ketamine inhibits NMDA receptor (human studies; established)'
    — the words of the deck's alternative text for the same arrow."""
    evidence = e.evidence.label + (", animal studies only" if e.animal_only and e.evidence != Evidence.animal else "")
    return f"Arrow: {arrow_claim(view, e)} ({evidence}; {e.status.value})"


def shown_edges(view: View) -> list[Edge]:
    """The arrows drawn: those of the view whose two ends are shown (at a lecture step, revealed)."""
    shown = set(view.visible())
    return [e for e in view.edges() if e.source in shown and e.target in shown]


def node_name(view: View, n: str, n_in: int, n_out: int) -> str:
    """A node as it is announced: 'BDNF: growth factor, reached by both (stated); 3 arrows in, 2 out'."""
    node = view.node(n)
    side = view.sides.get(n, Side.context)
    region = f", {node.region.label}" if node.region else ""
    return (
        f"{node.label}: {node.kind.label}{region}, {view.side_name(side)}; "
        f"{_plural(n_in, 'arrow')} in, {n_out} out"
    )


def diagram_name(view: View) -> str:
    """The diagram's own name: what it shows and how many nodes and arrows."""
    n_nodes, n_edges = len(view.visible()), len(shown_edges(view))
    what = f"{view.names['a']} and {view.names['b']}" if view.is_pair else view.names.get("a", view.title)
    return f"Pathway diagram of {what}: {_plural(n_nodes, 'node')}, {_plural(n_edges, 'arrow')}"


def step_words(view: View) -> str:
    """'Lecture step 3 (of 6): Signalling' at a lecture step, else empty (the lecture header's step)."""
    if not view.state.lecture:
        return ""
    tiers = view.tiers()
    if not tiers:
        return ""
    step = view.state.step or len(tiers)
    step = min(max(step, 1), len(tiers))
    # not the header's "Step 3 of 6" word for word: the page shows that text once
    return f"Lecture step {step} (of {len(tiers)}): {style.TIER_TITLE[tiers[step - 1]]}"


def nav_data(view: View, edge_prefix: str = "edge:") -> dict:
    """The keyboard model's data for one view (see the module docstring). Arrows are named
    ``edge_prefix + key``, as a click on an arrow names it."""
    order = view.visible()
    pos = view.pos
    x = {n: pos[n][0] for n in order}
    edges = shown_edges(view)
    into: dict[str, list[Edge]] = {n: [] for n in order}
    out: dict[str, list[Edge]] = {n: [] for n in order}
    for e in edges:
        out[e.source].append(e)
        into[e.target].append(e)
    for n in order:
        out[n].sort(key=lambda e: (x[e.target], e.target, e.key))
        into[n].sort(key=lambda e: (x[e.source], e.source, e.key))
    label = {n: view.node(n).label for n in order}
    arrows = {}
    for e in edges:
        i_out = out[e.source].index(e) + 1
        i_in = into[e.target].index(e) + 1
        arrows[edge_prefix + e.key] = {
            "name": arrow_name(view, e),
            "short": "the arrow " + arrow_claim(view, e),
            "source": e.source,
            "target": e.target,
            # where it stands among its siblings, said after its name when moving among them
            "from": f"{i_out} of {_plural(len(out[e.source]), 'arrow')} out of {label[e.source]}",
            "into": f"{i_in} of {_plural(len(into[e.target]), 'arrow')} into {label[e.target]}",
        }
    tiers: dict[int, list[str]] = {}
    for n in order:
        tiers.setdefault(view.node(n).tier.rank, []).append(n)
    rows = [sorted(ns, key=lambda n: (x[n], n)) for _, ns in sorted(tiers.items())]
    drugs = [d for d in (view.drugs.get("a"), view.drugs.get("b")) if d and d in x]
    if not drugs and rows:
        drugs = rows[0][:1]
    meeting = [n for n in order if view.is_meeting(n)]
    return {
        "name": diagram_name(view),
        "help": KEYS_HELP,
        "said": SAID,
        "step": step_words(view),
        "nodes": {
            n: {"name": node_name(view, n, len(into[n]), len(out[n])), "short": label[n]} for n in order
        },
        "edges": arrows,
        "out": {n: [edge_prefix + e.key for e in out[n]] for n in order},
        "in": {n: [edge_prefix + e.key for e in into[n]] for n in order},
        "rows": rows,
        "drugs": drugs,
        "meeting": meeting,
        # the focus ring: a dark ring on a white halo (style.FOCUS_*)
        "ring": {"colour": style.FOCUS_RING, "halo": style.FOCUS_HALO, "width": style.FOCUS_WIDTH},
    }
