"""Compare page: two drugs side by side, where they converge, every claim one click from its source.

Everything shown comes from one :class:`~pathviz.view.View`: the diagram, the
summary and metrics, the side of each node in the details panel, the routes
of "why they converge here" and the downloads.
"""

from __future__ import annotations

import streamlit as st

from pathviz.analysis.routes import Route, all_routes
from pathviz.exports import formats
from pathviz.io.xrefs import curie_link, normalise_curie
from pathviz.model import Bundle, Edge, Node, Source
from pathviz.render import style
from pathviz.render.figure import EDGE_PREFIX, LECTURE_LOOK, SCREEN_LOOK
from pathviz.ui.chart import diagram
from pathviz.ui import cached, state
from pathviz.ui.text import link, md, reference_links
from pathviz.view import LECTURE, SCREEN, Side, View, describe_filters, slide_canvas
from pathviz.vocab import EVIDENCE_EXPLANATION, STATUS_EXPLANATION, Evidence, Region, Status, Tier

# Streamlit badge colours around fixed vocabulary words (never pathway text)
_EVIDENCE_BADGE_COLOUR = {
    "human": "green",
    "animal": "orange",
    "in_vitro": "orange",
    "review": "blue",
    "secondary": "gray",
    "database": "blue",
}
_STATUS_BADGE = {
    Status.established: ":gray-badge[established]",
    Status.contested: ":red-badge[contested]",
    Status.hypothesis: ":violet-badge[hypothesis: proposed, not shown]",
}


def evidence_badge(ev: Evidence) -> str:
    return f":{_EVIDENCE_BADGE_COLOUR.get(ev.value, 'gray')}-badge[{md(ev.label)}]"


def status_badge(st_: Status) -> str:
    return _STATUS_BADGE.get(st_, f":gray-badge[{md(st_.value)}]")


def _on_search() -> None:
    choice = st.session_state.get(state.KEYS["search"])
    if choice:
        state.select_node(choice)
        st.session_state[state.KEYS["search"]] = None


def sidebar(bundle: Bundle) -> None:
    drugs = [p.id for p in bundle.drugs]
    names = {p.id: bundle.nodes[p.drug].label if p.drug in bundle.nodes else p.title for p in bundle.drugs}
    with st.sidebar:
        st.subheader("Compare")
        st.selectbox("Drug A (left)", drugs, key=state.key("a"), format_func=names.get)
        st.selectbox("Drug B (right)", drugs, key=state.key("b"), format_func=names.get)
        st.selectbox(
            "Find a node",
            options=sorted(bundle.nodes, key=lambda n: bundle.nodes[n].label.lower()),
            index=None,
            key=state.KEYS["search"],
            placeholder="type a name, e.g. BDNF",
            format_func=lambda n: _search_label(bundle.nodes[n]),
            on_change=_on_search,
        )
        st.toggle(
            "Core mechanism only",
            key=state.key("detail"),
            help="Only the main cascade the sources tell; side routes are left out.",
        )
        st.subheader("Filters")
        st.multiselect(
            "Evidence",
            [e.value for e in Evidence],
            key=state.key("evidence"),
            format_func=lambda v: Evidence(v).label,
            placeholder="all evidence",
            help="Keep only arrows of these kinds of evidence; who reaches what is recomputed from the arrows kept.",
        )
        st.multiselect(
            "Status",
            [s.value for s in Status],
            key=state.key("status"),
            placeholder="all statuses",
            help="E.g. pick 'established' to hide contested findings and hypotheses.",
        )
        st.multiselect(
            "Brain region",
            [r.value for r in Region],
            key=state.key("region"),
            format_func=lambda v: Region(v).label,
            placeholder="all regions",
        )
        st.multiselect(
            "Tier",
            [t.value for t in Tier],
            key=state.key("tier"),
            format_func=lambda v: style.TIER_TITLE[Tier(v)],
            placeholder="all tiers",
        )
        st.toggle("Only paths to convergent nodes", key=state.key("conv_only"))
        st.divider()
        st.toggle(
            "Lecture mode",
            key=state.key("mode"),
            on_change=_enter_lecture,
            help="Large type for a projector, the core mechanism, step by step from the drugs down (← and → keys step too).",
        )


def _enter_lecture() -> None:
    """Lecture mode starts a build-up: step 1 (the drugs), core mechanism."""
    if st.session_state.get(state.key("mode")):
        st.session_state[state.key("step")] = 0
        st.session_state[state.key("detail")] = True


def _search_label(node: Node) -> str:
    """What the search box matches: label, synonyms and id."""
    syn = f" ({', '.join(node.synonyms[:3])})" if node.synonyms else ""
    return f"{node.label}{syn} · {node.id}"


def render(bundle: Bundle) -> None:
    current = state.current()
    if not current.lecture:
        sidebar(bundle)
        current = state.current()
    view = cached.view(bundle, current, LECTURE if current.lecture else SCREEN)
    # everything above the diagram is one box: however many lines the filters add to it, the diagram
    # keeps its place on the page, so a change updates it where it is (no remount, no stale copy)
    with st.container():
        if current.a == current.b:
            st.info("Pick two different drugs to compare; showing the same drug on both sides finds no convergence.")
        if view.too_large:
            st.warning(
                f"This view has {view.graph.number_of_nodes():,} nodes, more than a diagram can show readably. "
                "Narrow it with the filters (core mechanism, tier, region, only paths to convergent nodes), "
                "or use `pathviz export --format graphml` to open it in Cytoscape."
            )
            return
        if current.lecture:
            _lecture_header(view)
            _arrow_keys()
        else:
            st.subheader(f"{md(view.names['a'])} & {md(view.names['b'])}: where the mechanisms meet")
            st.caption(
                "Both cascades side by side: what only drug A reaches on the left, only drug B on the right, "
                "what both reach in the middle. Click a node, or the small dot in the middle of an arrow, "
                "for its evidence and sources."
            )
            summary(view)  # in lecture mode the build-up shows it step by step
    diagram_and_details(bundle)


@st.fragment
def diagram_and_details(bundle: Bundle) -> None:
    """The diagram, the downloads and the details panel: a click on the diagram reruns only this part.

    Nothing above it (sidebar, title, summary, metrics) depends on the selection, so a click
    redraws what changes and nothing else; the address bar is updated here too.
    """
    current = state.current()
    canvas = LECTURE if current.lecture else SCREEN
    view = cached.view(bundle, current, canvas)
    clicked = diagram(view, LECTURE_LOOK if current.lecture else SCREEN_LOOK, key=state.KEYS["chart"])
    if clicked:
        _pick(clicked)
        view = cached.view(bundle, state.current(), canvas)
    picked = _picked_label(view)
    if not current.lecture:
        download_row(view)
    st.html('<div id="pv-details"></div>')
    if picked:
        st.markdown(f"**Selected:** {md(picked)}")
    details(view)
    _scroll_to_new_selection(current.lecture, picked)
    state.sync_url()


def _picked_label(view: View) -> str | None:
    b = view.bundle
    if view.selected_edge:
        e = b.edges[view.selected_edge]
        return f"{b.nodes[e.source].label} → {b.nodes[e.target].label}"
    if view.selected_node:
        return b.nodes[view.selected_node].label
    return None


def _pick(clicked: str) -> None:
    """A click on the diagram selects a node or an arrow."""
    if clicked.startswith(EDGE_PREFIX):
        state.select_edge(clicked.removeprefix(EDGE_PREFIX))
    else:
        state.select_node(clicked)


def summary(view: View) -> None:
    """Where the drugs meet, and how many nodes each side has — counted from the view's sides."""
    b = view.bundle
    na, nb = view.names["a"], view.names["b"]
    shown = view.convergent_nodes
    first = view.first_meeting
    order = first + [n for n in shown if n not in first]
    labels = ", ".join(md(b.nodes[n].label) for n in order[:8])
    more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
    if shown:
        st.markdown(f"**{md(na)} and {md(nb)} meet at:** {labels}{more}.")
    else:
        st.markdown(f"**{md(na)} and {md(nb)} do not meet** in this view (no node is reached by both).")
    if view.state.lecture:
        return
    unreached = view.count(Side.unreached)
    cols = st.columns(5 if unreached else 4)
    cols[0].metric(_cap(md(view.side_name(Side.shared))), view.count(Side.shared))
    cols[1].metric(_cap(md(view.side_name(Side.a))), view.count(Side.a))
    cols[2].metric(_cap(md(view.side_name(Side.b))), view.count(Side.b))
    cols[3].metric(
        "First meeting points",
        len(first),
        help="Convergent nodes each drug reaches without passing another convergent node.",
    )
    if unreached:
        cols[4].metric(
            _cap(md(view.side_name(Side.unreached))),
            unreached,
            help="Nodes a drug reaches with every arrow shown, but not through the arrows these filters keep.",
        )
    filters = describe_filters(view.state)
    if filters:
        st.caption("Filters: " + md(filters) + ". Sides and colours follow the arrows shown.")
    if view.state.detail == "core" and view.core_derived:
        st.caption("Core mechanism: the data marks no core, so the nodes on the best-supported routes to the convergent nodes are shown.")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lecture_header(view: View) -> None:
    """One row: title, Previous, the step, Next, leave — so the diagram gets the rest of the projector."""
    c_title, c_prev, c_step, c_next, c_leave = st.columns([3.3, 1.35, 2.1, 1.35, 1.9], vertical_alignment="center")
    c_title.markdown(f"**{md(view.names['a'])} and {md(view.names['b'])}: where the mechanisms meet**")
    tiers = view.tiers()
    if tiers:
        ranks = [t.rank for t in tiers]
        current = view.reveal_tier if view.reveal_tier is not None else ranks[-1]
        idx = max((i for i, r in enumerate(ranks) if r <= current), default=0)
        c_prev.button(
            "◀ Previous", disabled=idx == 0, key=state.PREFIX + "prev", width="stretch",
            on_click=_set_step, args=(ranks[max(0, idx - 1)],),
        )
        c_step.markdown(
            f"<div style='text-align:center'>Step {idx + 1} of {len(ranks)}: <b>{style.TIER_TITLE[tiers[idx]]}</b></div>",
            unsafe_allow_html=True,  # fixed text from the style table, no pathway text
        )
        c_next.button(
            "Next ▶", disabled=idx == len(ranks) - 1, key=state.PREFIX + "next", width="stretch",
            on_click=_set_step, args=(ranks[min(len(ranks) - 1, idx + 1)],),
        )
    c_leave.button("Leave lecture mode", key=state.PREFIX + "leave", width="stretch", on_click=_leave_lecture)


def _set_step(rank: int) -> None:
    """A step button's callback: it runs before the page is drawn, so a step costs one run, not two."""
    st.session_state[state.key("step")] = rank


def _leave_lecture() -> None:
    st.session_state[state.key("mode")] = False
    st.session_state[state.key("step")] = None


_SCROLL = """<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const el = doc.getElementById("pv-details");
  if (!el) return;
  const r = el.getBoundingClientRect();
  // only when the details start below the window: bring their top into view
  if (r.top > (window.parent || window).innerHeight - 80) el.scrollIntoView({block: "start"});
})();
</script>"""


def _scroll_to_new_selection(lecture: bool, picked: str | None) -> None:
    """After a click, bring the details into view (not in lecture mode: the projector page never scrolls)."""
    key = state.PREFIX + "shown_pick"
    if picked and not lecture and st.session_state.get(key) != picked:
        st.html(_SCROLL, unsafe_allow_javascript=True)
    st.session_state[key] = picked


_ARROW_KEYS = """<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.__pathvizKeys) return;
  doc.__pathvizKeys = true;
  doc.addEventListener("keydown", function (ev) {
    if (ev.target && /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
    const want = ev.key === "ArrowRight" ? "Next" : ev.key === "ArrowLeft" ? "Previous" : null;
    if (!want) return;
    const button = Array.from(doc.querySelectorAll("button")).find(b => b.innerText.includes(want) && !b.disabled);
    if (button) { ev.preventDefault(); button.click(); }
  });
})();
</script>"""


def _arrow_keys() -> None:
    """← and → step through the lecture (a fixed script; no pathway text)."""
    st.html(_ARROW_KEYS, unsafe_allow_javascript=True)


# ------------------------------------------------------------------ downloads


def download_row(view: View) -> None:
    """One button per registered export format; files are made only when a button is clicked."""
    regs = formats()
    with st.expander("Download this view (slides, lecture deck, offline explorer, Cytoscape, SBGN, spreadsheets, references)"):
        st.caption(
            "Slides (PNG, SVG) are 1920×1080 and show this view: the same filters, detail level and selected node. "
            "The lecture deck (PowerPoint/Impress, 16:9, editable shapes) builds this view up tier by tier, with "
            "every arrow's quote and citation in the speaker notes. The offline explorer is one HTML file with both "
            "detail levels: click for details, search, dim arrows by evidence or status — no server, no network. "
            "The data formats carry every node, arrow, citation and quote of the view, with the diagram's positions."
        )
        cols = st.columns(3)
        for i, fmt in enumerate(regs.values()):
            cols[i % 3].download_button(
                fmt.label,
                data=lambda fmt=fmt: _download_bytes(view, fmt.name),
                file_name=fmt.file_name(view),
                mime=fmt.mime,
                on_click="ignore",
                key=f"{state.PREFIX}dl_{fmt.name}",
            )


def _download_bytes(view: View, name: str) -> bytes:
    from pathviz.exports import ExportFileError

    fmt = formats()[name]
    target = cached.view(view.bundle, view.state, slide_canvas()) if fmt.kind == "slide" else view
    try:
        return fmt.bytes(target)
    except ExportFileError as exc:
        return f"{exc}\n".encode()


# ------------------------------------------------------------------ details panel


def details(view: View) -> None:
    b = view.bundle
    if view.selected_edge:
        _edge_details(view, b.edges[view.selected_edge])
        return
    if not view.selected_node:
        if view.state.lecture:
            return  # the projector page ends with the diagram; a click shows details below it
        st.markdown("#### Details")
        hint = "Click a node (a coloured marker) or the small dot in the middle of an arrow"
        hint += "." if view.state.lecture else ", or use **Find a node** in the sidebar."
        st.info(hint + " Its description, evidence and sources appear here.")
        _legend_words(view)
        return
    node = b.nodes[view.selected_node]
    side = view.sides.get(node.id)
    left, right = st.columns([1.1, 1], gap="large")
    with left:
        _node_info(view, node, side)
    with right:
        if side == Side.shared and node.id in view.support:
            _why_converge(view, node)
        else:
            _edges_of(view, node)
    if side == Side.shared and node.id in view.support:
        _edges_of(view, node)


def _node_info(view: View, node: Node, side: Side | None) -> None:
    b = view.bundle
    st.markdown(f"### {md(node.label)}")
    if st.button("Clear selection", key=state.PREFIX + "clear"):
        state.select_node(None)
        st.rerun()
    chips = [node.kind.label, style.TIER_TITLE[node.tier]]
    if node.region:
        chips.append(node.region.label)
    line = md(" · ".join(chips))
    if side is not None:
        line += " · **" + md(view.side_name(side)) + "**"
    st.caption(line)
    if side is None:
        st.warning("This node is not in this view: the filters, the detail level or the drugs chosen hide it.")
    st.markdown(md(node.description))
    if node.synonyms:
        st.caption("Also called: " + md(", ".join(node.synonyms)))
    if node.xrefs:
        links = [link(normalise_curie(c), curie_link(c)) for c in node.xrefs]
        st.markdown("Identifiers: " + " · ".join(links))
    if node.note:
        st.caption("Note: " + md(node.note))
    if node.sources:
        with st.expander("Sources for this node"):
            for s in node.sources:
                _source_line(b, s)


def _edges_of(view: View, node: Node) -> None:
    for title, edges in (("What acts on it", view.edges_into(node.id)), ("What it acts on", view.edges_out_of(node.id))):
        if edges:
            st.markdown(f"#### {title} ({len(edges)})")
            for e in edges:
                _edge_card(view, e)


def _why_converge(view: View, node: Node) -> None:
    b = view.bundle
    support = view.support[node.id]
    with st.container(border=True):
        st.markdown("#### Why they converge here")
        st.caption(
            "For each drug, the best-supported cited route: the one whose weakest step is strongest "
            "(established before contested before hypothesis, then by kind of evidence), then the shortest. "
            "Every step is cited."
        )
        for choice in support.routes:
            if choice.best is None:
                st.markdown(f"**From {md(choice.name)}**: no route under the current filters")
                continue
            n = len(choice.best)
            st.markdown(f"**From {md(choice.name)}** ({n} step{'s' if n != 1 else ''}): {md(choice.strength)}")
            _route(b, choice.best)
            many = choice.independent
            st.caption(
                f"{many} independent route{'s' if many != 1 else ''} (sharing no intermediate node) from {md(choice.name)}."
            )
            if choice.shortest_differs and choice.shortest is not None:
                st.markdown(
                    "Shortest route (fewer steps, less well supported): "
                    + " → ".join(md(b.nodes[x].label) for x in choice.shortest.nodes)
                )
            others = [r for r in all_routes(b, view.causal, choice.drug, node.id, limit=6) if r.nodes != choice.best.nodes]
            if others:
                with st.expander(f"{len(others)} other route(s) from {md(choice.name)}"):
                    for r in others:
                        st.markdown(" → ".join(md(b.nodes[x].label) for x in r.nodes))


def _route(bundle: Bundle, route: Route) -> None:
    """The route's steps with their sources, as one Markdown block (one element: a click draws fast)."""
    parts = []
    for i, step in enumerate(route.steps, 1):
        e = step.edge
        parts.append(
            f"{i}. {md(bundle.nodes[e.source].label)} **{md(e.relation.label)}** {md(bundle.nodes[e.target].label)} "
            f"{evidence_badge(e.evidence)} {status_badge(e.status)}"
        )
        parts += [_source_text(bundle, s, indent=True) for s in e.sources]
    st.markdown("\n".join(parts))


def _edge_card(view: View, e: Edge) -> None:
    b = view.bundle
    src, tgt = b.nodes[e.source].label, b.nodes[e.target].label
    with st.expander(f"{md(src)} **{md(e.relation.label)}** {md(tgt)} · {evidence_badge(e.evidence)} {status_badge(e.status)}"):
        _edge_body(b, e)


def _edge_body(bundle: Bundle, e: Edge) -> None:
    """Evidence, status, note and sources of an arrow, as one Markdown block."""
    parts = [
        "*"
        + md(f"Evidence: {e.evidence.label} — {EVIDENCE_EXPLANATION.get(e.evidence, e.evidence.label)}. ")
        + md(f"Status: {e.status.value} — {STATUS_EXPLANATION[e.status]}.")
        + "*",
        "",
    ]
    if e.note:
        parts += ["**Note:** " + md(e.note), ""]
    parts += [_source_text(bundle, s) for s in e.sources]
    st.markdown("\n".join(parts))


def _edge_details(view: View, e: Edge) -> None:
    b = view.bundle
    src, tgt = b.nodes[e.source], b.nodes[e.target]
    st.markdown(f"### {md(src.label)} → {md(tgt.label)}")
    st.markdown(f"**{md(e.relation.label)}** {evidence_badge(e.evidence)} {status_badge(e.status)}")
    if view.selection_hidden:
        st.warning("This arrow is not in this view: the filters or the detail level hide it.")
    b1, b2, b3 = st.columns(3)
    if b1.button("Show " + md(src.label[:24]), key=state.PREFIX + "edge_src"):
        state.select_node(src.id)
        st.rerun()
    if b2.button("Show " + md(tgt.label[:24]), key=state.PREFIX + "edge_tgt"):
        state.select_node(tgt.id)
        st.rerun()
    if b3.button("Clear", key=state.PREFIX + "edge_clear"):
        state.select_edge(None)
        st.rerun()
    _edge_body(b, e)


def _source_text(bundle: Bundle, s: Source, indent: bool = False) -> str:
    """One source as Markdown: citation with DOI/PMID links, the quoted sentence, its note."""
    ref = bundle.references.get(s.ref)
    pre = "    " if indent else ""
    cite = reference_links(ref, bundle.short(s.ref)) if ref else md(s.ref)
    secondary = " *(secondary source)*" if ref is not None and ref.type.value == "secondary" else ""
    line = f"{pre}- {cite}{secondary}"
    if s.quote:
        line += f"\n{pre}  > “{md(s.quote)}”"
    if s.note:
        line += f"\n{pre}  \n{pre}  *{md(s.note)}*"
    return line


def _source_line(bundle: Bundle, s: Source, indent: bool = False) -> None:
    st.markdown(_source_text(bundle, s, indent))


def _legend_words(view: View) -> None:
    present = [s for s in (Side.a, Side.shared, Side.b, Side.unreached, Side.context) if view.count(s)]
    with st.expander("How to read the diagram", expanded=True):
        lines = ["- Colour: " + " · ".join(md(style.side_key(s, dict(view.names))) for s in present)]
        lines.append(
            "- Lines: "
            + " · ".join(md(style.EVIDENCE_WORDS[ev]) for ev in Evidence if any(e.evidence == ev for e in view.edges()))
        )
        lines.append(
            "- Arrowheads: " + " · ".join(md(style.RELATION_WORDS[r]) for r in style.LEGEND_RELATIONS) + " · marks on a line: " + " · ".join(md(f"{style.STATUS_MARK_WORDS[s]} = {s.value}") for s in style.STATUS_MARK_WORDS)
        )
        lines.append("- Tiers run from the drug (top) to the clinical effect (bottom).")
        st.markdown("\n".join(lines))
