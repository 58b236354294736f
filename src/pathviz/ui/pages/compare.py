"""Compare page: two drugs side by side, where they converge, every claim one click from its source.

Everything shown comes from one :class:`~pathviz.view.View`: the diagram, the
summary and metrics, the side of each node in the details panel, the routes
of "why they converge here" and the downloads.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pathviz.exports import formats
from pathviz.model import Bundle, Node
from pathviz.render import style
from pathviz.render.figure import EDGE_PREFIX, LECTURE_LOOK, SCREEN_LOOK
from pathviz.render.text_table import CAPTION as TEXT_CAPTION
from pathviz.render.text_table import text_tables
from pathviz.ui import cached, state
from pathviz.ui.chart import diagram, picked, start_loading_plotly
from pathviz.ui.text import md
from pathviz.ui.viewport import main_width, report_main_width
from pathviz.view import LECTURE, MAX_DRAWN_NODES, Canvas, Side, View, ViewState, describe_filters, slide_canvas
from pathviz.view.canvas import screen_canvas
from pathviz.vocab import Evidence, Region, Status, Tier


def _on_search() -> None:
    choice = st.session_state.get(state.KEYS["search"])
    if choice:
        state.select_node(choice)
        st.session_state[state.KEYS["search"]] = None


def sidebar(bundle: Bundle) -> None:
    drugs = [p.id for p in bundle.drugs]
    names = {p.id: bundle.drug_name(p) for p in bundle.drugs}
    with st.sidebar:
        st.subheader("Compare")
        st.selectbox("Drug A (left)", drugs, format_func=names.get, **state.bind("a"))
        st.selectbox("Drug B (right)", drugs, format_func=names.get, **state.bind("b"))
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
            **state.bind("detail"),
            help="Only the main cascade the sources tell; side routes are left out.",
        )
        st.subheader("Filters")
        st.multiselect(
            "Evidence",
            [e.value for e in Evidence],
            **state.bind("evidence"),
            format_func=lambda v: Evidence(v).label,
            placeholder="all evidence",
            help="Keep only arrows of these kinds of evidence; who reaches what is recomputed from the arrows kept.",
        )
        st.multiselect(
            "Status",
            [s.value for s in Status],
            **state.bind("status"),
            placeholder="all statuses",
            help="E.g. pick 'established' to hide contested findings and hypotheses.",
        )
        st.multiselect(
            "Brain region",
            [r.value for r in Region],
            **state.bind("region"),
            format_func=lambda v: Region(v).label,
            placeholder="all regions",
        )
        st.multiselect(
            "Tier",
            [t.value for t in Tier],
            **state.bind("tier"),
            format_func=lambda v: style.TIER_TITLE[Tier(v)],
            placeholder="all tiers",
        )
        st.toggle("Only paths to convergent nodes", **state.bind("conv_only"))
        st.divider()
        st.toggle(
            "Lecture mode",
            **state.bind("mode", then=_enter_lecture),
            help="Large type for a projector, the core mechanism, step by step from the drugs down (← and → keys step too).",
        )


def _enter_lecture() -> None:
    """Lecture mode starts a build-up: step 1 (the drugs), core mechanism."""
    if st.session_state.get(state.key("mode")):
        state.set_step(1)
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
        # before the view is built: the browser's report of the column's width reruns the page at
        # once, mostly before this run has drawn a diagram of the wrong width
        report_main_width()
    view = cached.view(bundle, current, _canvas(current))
    if current.lecture and view.state.step != current.step:
        state.set_step(view.state.step)  # a step past the last is the last: the address bar says which
    # everything above the diagram is one box: however many lines the filters add to it, the diagram
    # keeps its place on the page, so a change updates it where it is (no remount, no stale copy)
    with st.container():
        start_loading_plotly()
        if current.a == current.b:
            st.info("Pick two different drugs to compare; showing the same drug on both sides finds no convergence.")
        if view.too_large:
            st.warning(
                f"This view has {view.graph.number_of_nodes():,} nodes, too many to draw legibly (the diagram "
                f"draws at most {MAX_DRAWN_NODES:,}); open **Show as text** below for its nodes and arrows. Narrow it with the filters "
                "(core mechanism, tier, region, only paths to convergent nodes), or download it as data "
                "(GraphML or Cytoscape JSON open in Cytoscape)."
            )
            text_alternative(view)
            download_row(view, kinds=TOO_LARGE_DOWNLOADS)
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
    """The diagram with its details panel, and the downloads: a click on the diagram reruns only this part.

    The details of a clicked node or arrow are drawn in the browser from data shipped with the view,
    so they appear at once; the click then reaches Python, which keeps the selection for the
    downloads and the address bar. Nothing above (sidebar, title, summary, metrics) depends on it.
    """
    current = state.current()
    view = cached.view(bundle, current, _canvas(current))
    hint = "Click a node (a coloured marker) or the small dot in the middle of an arrow"
    hint += "." if current.lecture else ", or use Find a node in the sidebar."
    hint += " Its description, evidence and sources appear here."
    state.sync_url()  # a click's selection (kept by _on_pick before this run) is in the link before it is drawn
    diagram(view, LECTURE_LOOK if current.lecture else SCREEN_LOOK, key=state.KEYS["chart"], hint=hint, on_select=_on_pick)
    if not current.lecture:  # a lecture step fills the projector; the text tables are on the Compare page
        text_alternative(view)
        download_row(view)


def _canvas(current: ViewState) -> Canvas:
    """The lecture canvas, or the screen canvas for the main column's width once the browser has said it."""
    return LECTURE if current.lecture else screen_canvas(main_width())


def _on_pick() -> None:
    """A selection made in the browser (a node, an arrow, or none), kept before the run that follows:
    that run sends the browser the selection it shows, never the one before it."""
    clicked = picked(state.KEYS["chart"])
    if clicked is not None:
        _select_item(clicked)


def _select_item(clicked: str) -> None:
    """Select what the browser names: a node id, ``edge:<key>``, or nothing (``""``)."""
    if not clicked:
        state.select_node(None)
    elif clicked.startswith(EDGE_PREFIX):
        state.select_edge(clicked.removeprefix(EDGE_PREFIX))
    else:
        state.select_node(clicked)


def text_alternative(view: View) -> None:
    """"Show as text", right below the diagram: its nodes and arrows as two sortable tables built
    from the same view (:mod:`pathviz.render.text_table`); selecting a row selects that node or
    arrow as a click on the diagram does. Nothing is built while the section is closed."""
    section = st.expander("Show as text", key=state.PREFIX + "as_text", on_change="rerun")
    with section:
        if not section.open:
            return
        said = TEXT_CAPTION if not view.too_large else (
            "Every node and arrow of this view, too large to draw, with the current filters and detail level."
        )
        st.markdown(  # full contrast: Streamlit's caption grey is below 4.5:1 on white
            md(said) + " Sort by a column's header; select a row (the box at its left) to show its "
            "details in the panel above, as a click on the diagram does (keyboard: Tab into a table, arrow keys to a "
            "row, Shift+Space)."
        )
        for table, name in zip(text_tables(view), ("text_nodes", "text_arrows")):
            key = state.PREFIX + name
            st.markdown(f"**{md(table.caption)}** ({len(table.rows)})")
            st.dataframe(
                pd.DataFrame(list(table.rows), columns=list(table.columns)),
                key=key,
                hide_index=True,
                on_select=lambda key=key, ids=table.ids: _on_row(key, ids),
                selection_mode="single-row",
            )


def _on_row(key: str, ids: tuple[str, ...]) -> None:
    """A row selected in a "Show as text" table: its node or arrow, selected as a diagram click selects it."""
    rows = st.session_state[key].selection.rows
    if rows and 0 <= rows[0] < len(ids):
        _select_item(ids[rows[0]])


def summary(view: View) -> None:
    """Where the drugs meet, and how many nodes each side has — counted from the view's sides."""
    b = view.bundle
    na, nb = view.names["a"], view.names["b"]
    stated = view.stated_nodes
    inferred = view.inferred_nodes
    first = view.first_meeting
    order = first + [n for n in stated if n not in first]
    labels = ", ".join(md(b.nodes[n].label) for n in order[:8])
    more = f" and {len(stated) - 8} more" if len(stated) > 8 else ""
    if stated:
        st.markdown(f"**{md(na)} and {md(nb)} meet at:** {labels}{more}.")
    elif inferred:
        st.markdown(f"**No meeting point of {md(na)} and {md(nb)} is stated by the sources** in this view.")
    else:
        st.markdown(f"**{md(na)} and {md(nb)} do not meet** in this view (no node is reached by both).")
    if inferred:
        st.markdown(
            "Reached by both only by inference through another drug's sentences or another brain region "
            "(hollow, dark pink outline): " + ", ".join(md(b.nodes[n].label) for n in inferred) + "."
        )
    if view.state.lecture:
        return
    unreached = view.count(Side.unreached)
    # three to a row: the side names are long (a drug may be "SSRIs / conventional antidepressants")
    top, bottom = st.columns(3), st.columns(3)
    top[0].metric(_cap(md(view.side_name(Side.shared))), view.count(Side.shared))
    top[1].metric(
        _cap(md(view.side_name(Side.inferred))),
        view.count(Side.inferred),
        help="Both drugs reach these nodes, but at least one only through another drug's sentence or a jump between brain regions.",
    )
    top[2].metric(
        "First meeting points",
        len(first),
        help="Stated meeting points each drug reaches by its own sentences without passing another stated meeting point.",
    )
    bottom[0].metric(_cap(md(view.side_name(Side.a))), view.count(Side.a))
    bottom[1].metric(_cap(md(view.side_name(Side.b))), view.count(Side.b))
    if unreached:
        bottom[2].metric(
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
        # the view's step is the one it shows (1 … the tiers shown; none: every tier, the last step);
        # the buttons' callbacks run before the page is drawn, so a step costs one run, not two
        last = len(tiers)
        step = view.state.step or last
        c_prev.button(
            "◀ Previous", disabled=step == 1, key=state.PREFIX + "prev", width="stretch",
            on_click=state.set_step, args=(max(1, step - 1),),
        )
        c_step.markdown(
            f"<div style='text-align:center'>Step {step} of {last}: <b>{style.TIER_TITLE[tiers[step - 1]]}</b></div>",
            unsafe_allow_html=True,  # fixed text from the style table, no pathway text
        )
        c_next.button(
            "Next ▶", disabled=step == last, key=state.PREFIX + "next", width="stretch",
            on_click=state.set_step, args=(min(last, step + 1),),
        )
    c_leave.button("Leave lecture mode", key=state.PREFIX + "leave", width="stretch", on_click=_leave_lecture)


def _leave_lecture() -> None:
    st.session_state[state.key("mode")] = False
    state.set_step(None)


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


# the files of a view too large to draw: the data and the references (no slide, deck or handout)
TOO_LARGE_DOWNLOADS = ("data", "references")


def download_row(view: View, kinds: tuple[str, ...] | None = None) -> None:
    """One button per registered export format. Nothing is built while the section is closed; when it
    opens, this view's drawn files (slides, deck, explorer, handout), which take seconds, start to be
    built in the background, each once and kept, so a click finds its file ready; the data files take
    a moment and are built when clicked."""
    regs = {n: f for n, f in formats().items() if kinds is None or f.kind in kinds}
    section = st.expander(
        "Download this view (slides, lecture deck, offline explorer, Cytoscape, SBGN, spreadsheets, references)"
        if kinds is None
        else "Download this view as data (Cytoscape, SBGN, spreadsheets, references)",
        key=state.PREFIX + "downloads",
        on_change="rerun",
    )
    with section:
        if not section.open:
            return
        if kinds is not None:
            st.caption(
                "A view too large to draw has no slides, lecture deck or offline explorer. The data formats carry "
                "every node, arrow, citation and quote of the view."
            )
        else:
            st.caption(
                "Slides (PNG, SVG) are 1920×1080 and show this view: the same filters, detail level and selected node. "
                "The lecture deck (PowerPoint/Impress, 16:9, editable shapes) builds this view up tier by tier, with "
                "every arrow's quote and citation in the speaker notes. The offline explorer is one HTML file with both "
                "detail levels: click for details, search, dim arrows by evidence or status — no server, no network. "
                "The data formats carry every node, arrow, citation and quote of the view, with the diagram's positions. "
                "The files of this view are made while this section is open, so they are ready when you click."
            )
            _prepare_downloads(view)
        cols = st.columns(3)
        for i, fmt in enumerate(regs.values()):
            cols[i % 3].download_button(
                fmt.label,
                data=lambda fmt=fmt: _download_file(view, fmt.name),
                file_name=fmt.file_name(view),
                mime=fmt.mime,
                on_click="ignore",
                key=f"{state.PREFIX}dl_{fmt.name}",
            )


# the kinds of file that take seconds to make (drawn by Chromium, built slide by slide): made in the
# background when the download section opens; the data files take a moment and are made when clicked
_PREPARED_KINDS = ("handout", "slide")


def _file_key(view: View, name: str) -> tuple:
    """What a file depends on: a slide shows the selected node; the other files the view without it."""
    fmt = formats()[name]
    shown = view.state if fmt.kind == "slide" else view.state.without_selection()
    return ("download", id(view.bundle), name, shown)


def _prepare_downloads(view: View) -> None:
    cached.warm_renderer()  # the slides' Chromium starts meanwhile
    # two at a time: the slide files from the deck back (the deck, built slide by slide, takes
    # longest), beside them the explorer, the pictures and the handout (drawn by Chromium)
    drawn = sorted(
        (f for f in formats().values() if f.kind in _PREPARED_KINDS),
        key=lambda f: (-f.order if f.kind == "slide" else 0, f.order),
    )
    cached.prepare_files([(_file_key(view, f.name), view.bundle, lambda n=f.name: _download_bytes(view, n)) for f in drawn])


def _download_file(view: View, name: str) -> bytes:
    """The file of a download button: made once per view and kept (see :func:`download_row`)."""
    from pathviz.exports import ExportFileError

    try:
        return cached.ready_file(_file_key(view, name), view.bundle, lambda: _download_bytes(view, name))
    except ExportFileError as exc:
        return f"{exc}\n".encode()


def _download_bytes(view: View, name: str) -> bytes:
    fmt = formats()[name]
    if fmt.kind in ("slide", "handout"):
        cached.start_renderer()  # pictures are drawn by one Chromium kept running
    target = cached.view(view.bundle, view.state, slide_canvas()) if fmt.kind == "slide" else view
    return fmt.bytes(target)
