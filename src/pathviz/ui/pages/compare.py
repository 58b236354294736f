"""Compare page: two drugs side by side, where they converge, every claim one click from its source."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from pathviz.analysis.convergence import Convergence, Route, all_routes, display_nodes
from pathviz.analysis.graph import EdgeFilter
from pathviz.io.xrefs import curie_link, normalise_curie
from pathviz.model import Bundle, Edge, Node
from pathviz.render import style
from pathviz.render.figure import EDGE_PREFIX, Scene, View, highlight_for, to_figure
from pathviz.ui import cached
from pathviz.ui.state import ViewState
from pathviz.ui.text import link, md, reference_links
from pathviz.vocab import EVIDENCE_EXPLANATION, STATUS_EXPLANATION, Evidence, Region, Status, Tier

K = "pv_"  # session-state key prefix of this page's widgets
MAX_DRAWN_NODES = 1500

# Streamlit badge markup around fixed vocabulary words (never pathway text)
EVIDENCE_BADGE = {
    Evidence.human: ":green-badge[human evidence]",
    Evidence.animal: ":orange-badge[animal studies only]",
    Evidence.in_vitro: ":orange-badge[in vitro only]",
    Evidence.review: ":gray-badge[peer-reviewed review]",
    Evidence.secondary: ":gray-badge[secondary source]",
    Evidence.database: ":blue-badge[pathway database]",
}
STATUS_BADGE = {
    Status.established: ":gray-badge[established]",
    Status.contested: ":red-badge[contested]",
    Status.hypothesis: ":violet-badge[proposed, not shown]",
}
EVIDENCE_WORD = {e: e.label for e in Evidence}


def current_state(bundle: Bundle) -> ViewState:
    ss = st.session_state
    return ViewState(
        a=ss[K + "a"],
        b=ss[K + "b"],
        node=ss.get(K + "node"),
        edge=ss.get(K + "edge"),
        mode="lecture" if ss.get(K + "lecture") else "explore",
        evidence=tuple(ss.get(K + "evidence") or ()),
        status=tuple(ss.get(K + "status") or ()),
        region=tuple(ss.get(K + "region") or ()),
        tier=tuple(ss.get(K + "tier") or ()),
        conv_only=bool(ss.get(K + "conv_only")),
        step=ss.get(K + "step"),
    )


def seed_state(state: ViewState) -> None:
    """Put a ViewState (from the URL) into the widgets' session state, once per session."""
    ss = st.session_state
    ss[K + "a"] = state.a
    ss[K + "b"] = state.b
    ss[K + "node"] = state.node
    ss[K + "edge"] = state.edge
    ss[K + "lecture"] = state.lecture
    ss[K + "evidence"] = list(state.evidence)
    ss[K + "status"] = list(state.status)
    ss[K + "region"] = list(state.region)
    ss[K + "tier"] = list(state.tier)
    ss[K + "conv_only"] = state.conv_only
    ss[K + "step"] = state.step


def _select_node(node_id: str | None) -> None:
    st.session_state[K + "node"] = node_id
    st.session_state[K + "edge"] = None


def _select_edge(key: str | None) -> None:
    st.session_state[K + "edge"] = key
    st.session_state[K + "node"] = None


def _on_search() -> None:
    choice = st.session_state.get(K + "search")
    if choice:
        _select_node(choice)
        st.session_state[K + "search"] = None


def sidebar(bundle: Bundle) -> None:
    drugs = [p.id for p in bundle.drugs]
    names = {p.id: bundle.nodes[p.drug].label if p.drug in bundle.nodes else p.title for p in bundle.drugs}
    with st.sidebar:
        st.subheader("Compare")
        st.selectbox("Drug A (left)", drugs, key=K + "a", format_func=names.get)
        st.selectbox("Drug B (right)", drugs, key=K + "b", format_func=names.get)
        st.selectbox(
            "Find a node",
            options=sorted(bundle.nodes, key=lambda n: bundle.nodes[n].label.lower()),
            index=None,
            key=K + "search",
            placeholder="type a name, e.g. BDNF",
            format_func=lambda n: _search_label(bundle.nodes[n]),
            on_change=_on_search,
        )
        st.subheader("Filters")
        st.multiselect(
            "Evidence",
            [e.value for e in Evidence],
            key=K + "evidence",
            format_func=lambda v: Evidence(v).label,
            placeholder="all evidence",
            help="Keep only arrows of these kinds of evidence; convergence is recomputed.",
        )
        st.multiselect(
            "Status",
            [s.value for s in Status],
            key=K + "status",
            placeholder="all statuses",
            help="E.g. pick 'established' to hide contested findings and hypotheses.",
        )
        st.multiselect(
            "Brain region",
            [r.value for r in Region],
            key=K + "region",
            format_func=lambda v: Region(v).label,
            placeholder="all regions",
        )
        st.multiselect(
            "Tier",
            [t.value for t in Tier],
            key=K + "tier",
            format_func=lambda v: style.TIER_TITLE[Tier(v)],
            placeholder="all tiers",
        )
        st.toggle("Only paths to convergent nodes", key=K + "conv_only")
        st.divider()
        st.toggle("Lecture mode", key=K + "lecture", help="Large type, thick lines, step through tier by tier.")


def _search_label(node: Node) -> str:
    """What the search box matches: label, synonyms and id."""
    syn = f" ({', '.join(node.synonyms[:3])})" if node.synonyms else ""
    return f"{node.label}{syn} · {node.id}"


def render(bundle: Bundle) -> None:
    _apply_chart_selection()
    state = current_state(bundle)
    if not state.lecture:
        sidebar(bundle)
        state = current_state(bundle)
    if state.a == state.b:
        st.info("Pick two different drugs to compare; showing the same drug on both sides finds no convergence.")
    edge_filter = EdgeFilter.of(state.evidence or None, state.status or None)
    scale = style.LECTURE if state.lecture else style.NORMAL
    conv = cached.convergence(bundle, state.a, state.b, edge_filter)
    keep = display_nodes(conv, state.region, state.tier, state.conv_only)
    if len(keep) > MAX_DRAWN_NODES:
        st.warning(
            f"This view has {len(keep):,} nodes, more than the {MAX_DRAWN_NODES:,} a diagram can show readably. "
            "Narrow it with the filters (tier, region, only paths to convergent nodes), "
            "or use `pathviz export --format graphml` to open it in Cytoscape."
        )
        return
    scene = cached.scene(bundle, state.a, state.b, edge_filter, scale, frozenset(keep))

    if state.lecture:
        _lecture_header(scene, state)
    else:
        st.title(f"{md(scene.names.get('a', state.a))} & {md(scene.names.get('b', state.b))}: where the mechanisms meet")
        st.caption(
            "Both cascades side by side — drug A left, drug B right, what both reach in the middle. "
            "Click any node (or the dot on an arrow) for its evidence and sources."
        )
    _summary(bundle, conv, keep, scene, state)

    selected_node = state.node if state.node in scene.graph else None
    hl_nodes, hl_edges = highlight_for(scene, selected_node)
    if state.edge and state.edge in bundle.edges:
        e = bundle.edges[state.edge]
        hl_nodes, hl_edges = frozenset({e.source, e.target}), frozenset({e.key})
    reveal = state.step if state.lecture else None
    view = View(
        selected=selected_node,
        highlight_nodes=hl_nodes,
        highlight_edges=hl_edges,
        scale=scale,
        reveal_tier=reveal,
        width=1800 if state.lecture else 1250,
        show_legend=True,
    )
    fig = to_figure(scene, view)
    picked = _picked_label(bundle, state)
    if picked:
        st.markdown(f"**Selected:** {md(picked)} — details below the diagram ↓")
    chart_col, detail_col = st.container(), st.container()
    with chart_col:
        if state.lecture:
            _stepper(scene, state)
        st.plotly_chart(
            fig,
            key=K + "chart",
            on_select="rerun",
            selection_mode="points",
            config={"displaylogo": False, "scrollZoom": False, "toImageButtonOptions": {"format": "svg", "filename": f"pathviz-{state.a}-{state.b}"}},
            width="content",
        )
        if not state.lecture:
            from pathviz.ui.downloads import download_row

            title = f"{scene.names.get('a', state.a)} and {scene.names.get('b', state.b)}: where the mechanisms meet"
            download_row(
                scene,
                lambda: cached.scene(bundle, state.a, state.b, edge_filter, style.SLIDE, frozenset(keep)),
                [state.a, state.b],
                title,
            )
    with detail_col:
        details(bundle, conv, scene, current_state(bundle))


def _picked_label(bundle: Bundle, state: ViewState) -> str | None:
    if state.edge and state.edge in bundle.edges:
        e = bundle.edges[state.edge]
        return f"{bundle.nodes[e.source].label} → {bundle.nodes[e.target].label}"
    if state.node and state.node in bundle.nodes:
        return bundle.nodes[state.node].label
    return None


def _apply_chart_selection() -> None:
    """Turn a click on the chart into the selected node or edge, before anything is drawn.

    The chart's selection from the last interaction is in session state under
    the chart's key when the script reruns, so the page is drawn once, already
    showing the new selection (no second rerun).
    """
    event = st.session_state.get(K + "chart")
    try:
        points = list(event["selection"]["points"]) if event else []
    except (KeyError, TypeError):
        points = []
    ids = tuple(str(p.get("customdata")) for p in points if p.get("customdata") is not None)
    if ids == st.session_state.get(K + "last_pick"):
        return
    st.session_state[K + "last_pick"] = ids
    if not ids:
        return
    pick = ids[0]
    if pick.startswith(EDGE_PREFIX):
        _select_edge(pick.removeprefix(EDGE_PREFIX))
    else:
        _select_node(pick)


def _summary(bundle: Bundle, conv: Convergence, keep: set[str], scene: Scene, state: ViewState) -> None:
    na, nb = scene.names.get("a", state.a), scene.names.get("b", state.b)
    shown = [n for n in conv.convergent if n in keep]
    first = [n for n in conv.first_meeting if n in keep]
    labels = ", ".join(md(bundle.nodes[n].label) for n in (first + [n for n in shown if n not in first])[:8])
    more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
    if shown:
        st.markdown(f"**{md(na)} and {md(nb)} meet at:** {labels}{more}.")
    else:
        st.markdown(f"**{md(na)} and {md(nb)} do not meet** in this view (no node is reached by both).")
    filters = []
    if state.evidence:
        filters.append("evidence: " + ", ".join(state.evidence))
    if state.status:
        filters.append("status: " + ", ".join(state.status))
    if state.region or state.tier or state.conv_only:
        filters.append("view filtered")
    if state.lecture:
        return
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Reached by both", len(shown))
    c2.metric(f"{md(na)} only", len([n for n in conv.unique_a if n in keep]))
    c3.metric(f"{md(nb)} only", len([n for n in conv.unique_b if n in keep]))
    c4.metric("First meeting points", len(first), help="Convergent nodes each drug reaches without passing another convergent node.")
    if filters:
        st.caption("Filters: " + md("; ".join(filters)))


def _lecture_header(scene: Scene, state: ViewState) -> None:
    c1, c2 = st.columns([5, 1])
    c1.markdown(f"## {md(scene.names.get('a', state.a))} and {md(scene.names.get('b', state.b))}: where the mechanisms meet")
    if c2.button("Leave lecture mode", key=K + "leave"):
        st.session_state[K + "lecture"] = False
        st.session_state[K + "step"] = None
        st.rerun()


def _stepper(scene: Scene, state: ViewState) -> None:
    tiers = sorted({scene.graph.nodes[n]["node"].tier for n in scene.graph}, key=lambda t: t.rank)
    if not tiers:
        return
    ranks = [t.rank for t in tiers]
    current = state.step if state.step is not None else ranks[-1]
    idx = max((i for i, r in enumerate(ranks) if r <= current), default=0)
    c1, c2, c3 = st.columns([1, 3, 1])
    if c1.button("◀ Previous", disabled=idx == 0, key=K + "prev", width="stretch"):
        st.session_state[K + "step"] = ranks[idx - 1]
        st.rerun()
    c2.markdown(
        f"<div style='text-align:center;font-size:1.4rem'>Step {idx + 1} of {len(ranks)}: "
        f"<b>{style.TIER_TITLE[tiers[idx]]}</b></div>",
        unsafe_allow_html=True,  # fixed text from the style table, no pathway text
    )
    if c3.button("Next ▶", disabled=idx == len(ranks) - 1, key=K + "next", width="stretch"):
        st.session_state[K + "step"] = ranks[idx + 1]
        st.rerun()


# ------------------------------------------------------------------ details panel


def details(bundle: Bundle, conv: Convergence, scene: Scene, state: ViewState) -> None:
    if state.edge and state.edge in bundle.edges:
        _edge_details(bundle, bundle.edges[state.edge])
        return
    if not state.node or state.node not in bundle.nodes:
        st.markdown("#### Details")
        st.info(
            "Click a node (a coloured marker) or the small dot in the middle of an arrow, "
            "or use **Find a node** in the sidebar. Its description, evidence and sources appear here."
        )
        _legend_words(scene)
        return
    node = bundle.nodes[state.node]
    side = conv.side(node.id) if node.id in conv.graph else "context"
    left, right = st.columns([1.1, 1], gap="large")
    with left:
        _node_info(bundle, conv, scene, node, side)
    with right:
        if side == "shared" and node.id in conv.routes:
            _why_converge(bundle, conv, scene, node)
        else:
            _edges_of(bundle, conv, node)
    if side == "shared" and node.id in conv.routes:
        _edges_of(bundle, conv, node)


def _node_info(bundle: Bundle, conv: Convergence, scene: Scene, node: Node, side: str) -> None:
    st.markdown(f"### {md(node.label)}")
    if st.button("Clear selection", key=K + "clear"):
        _select_node(None)
        st.rerun()
    chips = [node.kind.label, style.TIER_TITLE[node.tier]]
    if node.region:
        chips.append(node.region.label)
    side_text = {
        "shared": "reached by both drugs (convergent)",
        "a": f"{scene.names.get('a', 'drug A')} only",
        "b": f"{scene.names.get('b', 'drug B')} only",
        "context": "stress / depression context",
    }[side]
    st.caption(md(" · ".join(chips)) + " · **" + md(side_text) + "**")
    if node.id not in scene.graph:
        st.warning("This node is hidden by the current filters.")
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
                _source_line(bundle, s)


def _edges_of(bundle: Bundle, conv: Convergence, node: Node) -> None:
    g = conv.graph
    incoming = [bundle.edges[k] for u in g.predecessors(node.id) for k in g[u][node.id]["keys"]] if node.id in g else []
    outgoing = [bundle.edges[k] for v in g.successors(node.id) for k in g[node.id][v]["keys"]] if node.id in g else []
    for title, edges in (("What acts on it", incoming), ("What it acts on", outgoing)):
        if edges:
            st.markdown(f"#### {title} ({len(edges)})")
            for e in edges:
                _edge_card(bundle, e)


def _why_converge(bundle: Bundle, conv: Convergence, scene: Scene, node: Node) -> None:
    ra, rb = conv.routes[node.id]
    with st.container(border=True):
        st.markdown("#### Why they converge here")
        st.caption("The shortest route from each drug, preferring the best-supported steps. Every step is cited.")
        drugs = (conv.drug_a, conv.drug_b)
        for drug, name, route in zip(drugs, (scene.names.get("a", "A"), scene.names.get("b", "B")), (ra, rb)):
            st.markdown(f"**From {md(name)}** ({len(route) if route else 0} steps)")
            if route is None:
                st.write("no route under the current filters")
                continue
            _route(bundle, route)
            others = [r for r in all_routes(bundle, conv.causal, drug, node.id, limit=6) if r.nodes != route.nodes]
            if others:
                with st.expander(f"{len(others)} other route(s) from {md(name)}"):
                    for r in others:
                        st.markdown(" → ".join(md(bundle.nodes[n].label) for n in r.nodes))


def _route(bundle: Bundle, route: Route) -> None:
    for i, step in enumerate(route.steps, 1):
        e = step.edge
        st.markdown(
            f"{i}. {md(bundle.nodes[e.source].label)} **{md(e.relation.label)}** {md(bundle.nodes[e.target].label)} "
            f"{EVIDENCE_BADGE[e.evidence]} {STATUS_BADGE[e.status]}"
        )
        for s in e.sources:
            _source_line(bundle, s, indent=True)


def _edge_card(bundle: Bundle, e: Edge) -> None:
    src, tgt = bundle.nodes[e.source].label, bundle.nodes[e.target].label
    with st.expander(f"{md(src)} **{e.relation.label}** {md(tgt)} · {EVIDENCE_BADGE[e.evidence]} {STATUS_BADGE[e.status]}"):
        _edge_body(bundle, e)


def _edge_body(bundle: Bundle, e: Edge) -> None:
    st.caption(
        md(f"Evidence: {e.evidence.label} — {EVIDENCE_EXPLANATION[e.evidence]}. ")
        + md(f"Status: {e.status.value} — {STATUS_EXPLANATION[e.status]}.")
    )
    if e.note:
        st.markdown("**Note:** " + md(e.note))
    for s in e.sources:
        _source_line(bundle, s)


def _edge_details(bundle: Bundle, e: Edge) -> None:
    src, tgt = bundle.nodes[e.source], bundle.nodes[e.target]
    st.markdown(f"### {md(src.label)} → {md(tgt.label)}")
    st.markdown(f"**{md(e.relation.label)}** {EVIDENCE_BADGE[e.evidence]} {STATUS_BADGE[e.status]}")
    b1, b2, b3 = st.columns(3)
    if b1.button("Show " + md(src.label[:24]), key=K + "edge_src"):
        _select_node(src.id)
        st.rerun()
    if b2.button("Show " + md(tgt.label[:24]), key=K + "edge_tgt"):
        _select_node(tgt.id)
        st.rerun()
    if b3.button("Clear", key=K + "edge_clear"):
        _select_edge(None)
        st.rerun()
    _edge_body(bundle, e)


def _source_line(bundle: Bundle, s, indent: bool = False) -> None:  # type: ignore[no-untyped-def]
    ref = bundle.references.get(s.ref)
    pre = "    " if indent else ""
    cite = reference_links(ref, bundle.short(s.ref)) if ref else md(s.ref)
    secondary = " *(secondary source)*" if ref is not None and ref.type.value == "secondary" else ""
    line = f"{pre}- {cite}{secondary}"
    if s.quote:
        line += f"\n{pre}  > “{md(s.quote)}”"
    st.markdown(line)
    if s.note:
        st.caption(md(s.note))


def _legend_words(scene: Scene) -> None:
    with st.expander("How to read the diagram", expanded=True):
        st.markdown(
            "- **Left**: "
            + md(scene.names.get("a", "drug A"))
            + " only (blue) · **right**: "
            + md(scene.names.get("b", "drug B"))
            + " only (orange) · **middle**: reached by both (purple, thick outline) · grey: stress / depression context\n"
            "- Solid dark line: human evidence · thin grey: review article only · dashed: animal only · dotted: hypothesis\n"
            "- Pointed head: activates/increases · flat bar: inhibits/decreases · a **?** on a line: contested\n"
            "- Tiers run from the drug (top) to the clinical effect (bottom)."
        )


def selection_labels(bundle: Bundle, ids: Sequence[str]) -> list[str]:
    return [bundle.nodes[i].label for i in ids if i in bundle.nodes]
