"""Clinician page: the drugs side by side, their time course and how well each claim is supported.

Everything shown comes from the pathway files: clinical facts (with their
sources and quoted sentences) and the evidence type and status of each
pathway's arrows. The tables are HTML built by :mod:`pathviz.render.handout`
(the same builder prints the PDF handout), so a cell is never cut off and the
page and the handout say the same thing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pathviz.model import Bundle, Pathway
from pathviz.render.clinical import (
    DOSING_TITLE,
    KEY_BOUND,
    KEY_WORDS,
    NO_CAVEATS,
    QUALITATIVE_BANDS,
    TIME_COURSE_TITLE,
    caveats,
    dosing_groups,
    drug_colours,
    drug_name,
    evidence_figure,
    evidence_rows,
    time_course_figure,
    timing_rows,
    undosed_drugs,
)
from pathviz.render.handout import (
    CSS,
    NOT_STATED,
    HandoutError,
    badge_key_html,
    caveats_table_html,
    comparison_html,
    gaps,
    profile_html,
    sources_table_html,
    status_key_html,
)
from pathviz.render.text import esc_html
from pathviz.ui import cached, state
from pathviz.ui.text import md as escape_md
from pathviz.ui.viewport import wide_box
from pathviz.view import default_pair
from pathviz.vocab import EVIDENCE_EXPLANATION, STATUS_EXPLANATION

SCOPE_ALL = "all"
SCOPE_PAIR = "pair"


# The page's rules for the tables the handout's builder writes, for narrow columns (a phone, a zoomed
# page; WCAG 1.4.10): the side-by-side table becomes one block per row, each drug's cell headed by the
# drug's name; the wider tables keep a readable width and scroll sideways in their own box (a data
# table may), so the words of a cell are never broken letter by letter and the page never scrolls.
STACK_BELOW_PX = 600
PAGE_TABLE_CSS = f"""
.pv-clin {{ container-type: inline-size; }}
.pv-clin .pv-table-box {{ overflow-x: auto; }}
.pv-clin .pv-table-box > table {{ min-width: var(--pv-min-width); }}
.pv-clin details summary {{ padding: 2px 0; }}  /* a target at least 24 px high (WCAG 2.5.8) */
@container (max-width: {STACK_BELOW_PX - 1}px) {{
  .pv-clin table.pv-compare, .pv-clin table.pv-compare > tbody, .pv-clin table.pv-compare > tbody > tr,
  .pv-clin table.pv-compare > tbody > tr > th, .pv-clin table.pv-compare > tbody > tr > td {{ display: block; width: auto; }}
  .pv-clin table.pv-compare > thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap; }}
  .pv-clin table.pv-compare > tbody > tr {{ margin: 0 0 0.8rem 0; border: 1px solid #BBBBBB; }}
  .pv-clin table.pv-compare > tbody > tr > th, .pv-clin table.pv-compare > tbody > tr > td {{ border: none; }}
  .pv-clin table.pv-compare > tbody > tr > td {{ border-top: 1px solid #BBBBBB; }}
  .pv-clin table.pv-compare > tbody > tr > td::before {{ content: attr(data-drug); display: block; font-weight: bold;
    font-style: normal; }}
}}
"""


def _html(fragment: str) -> None:
    st.html(f'<style>{CSS}{PAGE_TABLE_CSS}</style><div class="pv-clin">{fragment}</div>')


def _scrolling(table: str, label: str, min_px: int) -> str:
    """A wide table in its own box, which scrolls sideways when the column is narrower than ``min_px``
    (a region with a name, reachable with the keyboard, so it can be scrolled without a mouse)."""
    return (
        f'<div class="pv-table-box" role="region" tabindex="0" aria-label="{esc_html(label)}" '
        f'style="--pv-min-width: {int(min_px)}px">{table}</div>'
    )


def compare_pair(bundle: Bundle) -> list[str]:
    """The Compare page's two drugs (from the session, else the default pair), each once."""
    a, b = default_pair(bundle)
    a = st.session_state.get(state.key("a"), a)
    b = st.session_state.get(state.key("b"), b)
    drugs = {p.id for p in bundle.drugs}
    return [pid for pid in dict.fromkeys((a, b)) if pid in drugs]


def _drug_picker(bundle: Bundle) -> list[Pathway]:
    drugs = bundle.drugs
    ids = [p.id for p in drugs]
    names = {p.id: drug_name(bundle, p) for p in drugs}
    pair = compare_pair(bundle)
    left, right = st.columns([2, 3])
    scope = left.radio(
        "Compare",
        [SCOPE_ALL, SCOPE_PAIR],
        format_func=lambda s: (
            f"all drugs ({len(ids)})"
            if s == SCOPE_ALL
            else "the Compare page's pair: " + " and ".join(names[p] for p in pair)
        ),
        horizontal=True,
        key="clin_scope",
    )
    if scope == SCOPE_PAIR:
        return [bundle.pathways[pid] for pid in pair]
    chosen = right.multiselect(
        "Drugs to compare",
        ids,
        default=ids,
        format_func=lambda pid: names.get(pid, pid),
        key="clin_drugs",
    )
    return [bundle.pathways[pid] for pid in ids if pid in chosen]


def render(bundle: Bundle) -> None:
    st.header("Clinician view")
    st.caption(
        "The drugs compared fact by fact, as the source texts state them: when each acts and for how long, "
        "what the sources say side by side, what they leave out, and how well the mechanism is supported."
    )
    if not bundle.drugs:
        st.info("These pathway files contain no drug pathway to compare.")
        return
    chosen = _drug_picker(bundle)
    if not chosen:
        st.info("Pick at least one drug above.")
        return
    # colours follow the order of all drug pathways, so a drug keeps its colour when others are hidden
    colours = drug_colours(bundle.drugs)

    _time_course(bundle, chosen, colours)
    st.subheader("Side by side")
    _html(
        "<p>Each fact names its sources; open “quoted sentence” for the exact words. "
        + badge_key_html()
        + " "
        + status_key_html()
        + f" A hatched cell, <i>{NOT_STATED}</i>, is a gap in the sources, not a finding.</p>"
        + comparison_html(bundle, chosen)
    )
    _gaps(bundle, chosen)
    for p in chosen:
        with st.expander(f"All sources for {escape_md(drug_name(bundle, p))} ({len(p.clinical)} facts)"):
            if not p.clinical:
                st.text("No clinical facts are recorded for this drug.")
            else:
                _html(_scrolling(sources_table_html(bundle, p), f"All sources for {drug_name(bundle, p)}", 760))
    _evidence(bundle, chosen, colours)
    _caveats(bundle, chosen)
    _handout(bundle, chosen)


def _time_course(bundle: Bundle, chosen: list[Pathway], colours: dict[str, str]) -> None:
    st.subheader(TIME_COURSE_TITLE)
    rows = timing_rows(bundle, chosen)
    wide_box("timecourse", 720, "The time course").plotly_chart(
        time_course_figure(bundle, chosen, colours), key="clin_timecourse", config={"displaylogo": False}, theme=None
    )
    undosed = undosed_drugs(bundle, chosen)
    st.caption(
        "One row per fact, hours to years on a log scale, under the dosing its quoted sentence states: "
        + " / ".join(f"“{DOSING_TITLE[d]}”" for d, _ in dosing_groups([r for r in rows if r.kind != "unplaced"]))
        + ". A row is under “after a single dose” only where its own sentence says so"
        + (f"; no source sentence here states the dosing of {' or '.join(escape_md(n) for n in undosed)}" if undosed else "")
        + ". A solid bar has numbers in the source. "
        f"A hatched band: {KEY_WORDS}; its label quotes those words. "
        f"A dotted line to a mark: {KEY_BOUND}, so it starts at the left edge. "
        "Sources that disagree are separate rows, each with its citation."
    )
    with st.expander("How bands are placed from words"):
        st.markdown(
            "A fact without hours is placed by this table only (several matches: from the earliest start "
            "to the latest end):\n\n"
            + "\n".join(f"- {escape_md(rule)}" for _, _, _, rule in QUALITATIVE_BANDS)
        )
    unplaced = [t for t in rows if t.kind == "unplaced"]
    if unplaced:
        st.markdown(
            "**Not drawn** (the words give no time):\n"
            + "\n".join(
                f"- **{escape_md(t.drug)}**, {escape_md(t.fact.aspect.label)}: {escape_md(t.fact.value)} "
                f"\\({escape_md(t.citation)}\\)"
                for t in unplaced
            )
        )
    if not rows:
        st.text("No onset, peak or duration is recorded for these drugs.")


def _gaps(bundle: Bundle, chosen: list[Pathway]) -> None:
    st.subheader("Not stated in the source texts")
    found = gaps(bundle, chosen)
    if not found:
        st.markdown("Every row of the table is stated for every drug shown.")
        return
    st.markdown(
        "The sources say nothing on these rows for these drugs. Do not read a gap as “none”, “slow” or "
        "“not effective”: it only means the texts behind this dashboard do not state it.\n\n"
        + "\n".join(f"- **{escape_md(name)}**: {escape_md(', '.join(rows))}" for name, rows in found)
    )


def _evidence(bundle: Bundle, chosen: list[Pathway], colours: dict[str, str]) -> None:
    st.subheader("Evidence profile")
    st.caption(
        "How the arrows of each drug's own pathway file are supported: each arrow counts once under its "
        "evidence type; the status columns count the same arrows again when they are hypotheses or "
        "contested. Arrows of the shared cascade and of the stress context are not counted here."
    )
    _html(_scrolling(profile_html(bundle, chosen), "Evidence profile", 560))
    wide_box("evidence", 560, "The chart").plotly_chart(
        evidence_figure(bundle, chosen, colours), key="clin_evidence", config={"displaylogo": False}, theme=None
    )
    rows = evidence_rows(bundle, chosen)
    if rows:
        with st.expander("Counts by evidence type and status"):
            st.dataframe(pd.DataFrame(rows).drop(columns=["meaning"]), hide_index=True, width="stretch")
    st.markdown(
        "**What the words mean**\n\n"
        + "\n".join(f"- **{escape_md(ev.label)}**: {escape_md(text)}" for ev, text in EVIDENCE_EXPLANATION.items())
        + "\n"
        + "\n".join(f"- **status {escape_md(s.label)}**: {escape_md(text)}" for s, text in STATUS_EXPLANATION.items())
    )


def _caveats(bundle: Bundle, chosen: list[Pathway]) -> None:
    st.subheader("Read with care: animal-only, contested and hypothesis")
    for p in chosen:
        flagged = caveats(bundle, p.id)
        name = escape_md(drug_name(bundle, p))
        if not flagged:
            st.markdown(f"**{name}**: {escape_md(NO_CAVEATS)}")
            continue
        counts = {w: sum(1 for _, why in flagged if w in why) for w in ("animal studies only", "contested", "hypothesis")}
        st.markdown(
            f"**{name}**: {len(flagged)} arrow(s) to read with care — "
            f"{counts['animal studies only']} animal-only, {counts['contested']} contested, "
            f"{counts['hypothesis']} hypothesis."
        )
        _html(_scrolling(caveats_table_html(bundle, p), f"Arrows of {drug_name(bundle, p)} to read with care", 760))


def _pdf_bytes(bundle: Bundle, ids: tuple[str, ...], paper: str) -> bytes:
    try:
        return cached.handout_file(bundle, ids, paper)  # printed once per drugs and paper, kept
    except HandoutError as exc:
        st.error(f"The handout could not be printed: {exc}")
        return b""


def _handout(bundle: Bundle, chosen: list[Pathway]) -> None:
    st.subheader("Handout")
    st.caption(
        "A PDF of this comparison, three pages at most, its smallest type 9 pt: the time course, the table "
        "(gaps marked), the evidence profile, the read-with-care list and the numbered references with "
        "DOIs. Text stays text."
    )
    ids = tuple(p.id for p in chosen)
    c = st.columns([1, 3])
    paper = c[0].radio("Paper", ["a4", "letter"], format_func=lambda s: "A4" if s == "a4" else "Letter",
                       horizontal=True, key="clin_paper")
    cached.prepare_handout(bundle, ids, paper)  # printed in the background, ready when clicked
    c[1].download_button(
        "Download the handout (PDF)",
        data=lambda: _pdf_bytes(bundle, ids, paper),
        file_name=f"pathviz-handout-{'-'.join(ids)}.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="clin_pdf",
        icon=":material/picture_as_pdf:",
    )
