"""Clinician page: the drugs side by side, their time course and how well each claim is supported.

Everything shown comes from the pathway files: clinical facts (with their
sources and quoted sentences) and the evidence type and status of each
pathway's arrows. Timing is drawn only where a source gives a number.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pathviz.model import Bundle, Pathway
from pathviz.render.clinical import (
    caveats,
    drug_colours,
    drug_name,
    edge_label,
    evidence_figure,
    evidence_rows,
    facts_by_aspect,
    ref_shorts,
    time_course_figure,
    timing_facts,
)
from pathviz.ui.text import md as escape_md
from pathviz.ui.text import safe_link
from pathviz.vocab import EVIDENCE_EXPLANATION, STATUS_EXPLANATION, ClinicalAspect

NOT_STATED = "not stated in the sources"

TABLE_ASPECTS: tuple[ClinicalAspect, ...] = (
    ClinicalAspect.mechanism_class,
    ClinicalAspect.primary_targets,
    ClinicalAspect.onset,
    ClinicalAspect.peak,
    ClinicalAspect.duration,
    ClinicalAspect.response,
    ClinicalAspect.remission,
    ClinicalAspect.safety,
    ClinicalAspect.evidence_base,
    ClinicalAspect.approval,
)
ROW_TITLE: dict[ClinicalAspect, str] = {
    ClinicalAspect.mechanism_class: "Mechanism class",
    ClinicalAspect.primary_targets: "Primary targets",
    ClinicalAspect.onset: "Onset",
    ClinicalAspect.peak: "Peak",
    ClinicalAspect.duration: "Duration",
    ClinicalAspect.response: "Response",
    ClinicalAspect.remission: "Remission",
    ClinicalAspect.safety: "Safety signals",
    ClinicalAspect.evidence_base: "Evidence base",
    ClinicalAspect.approval: "Approval",
    ClinicalAspect.other: "Other",
}


def comparison_table(bundle: Bundle, pathways: list[Pathway]) -> pd.DataFrame:
    """Rows = clinical aspects, one column per drug; plain text (not yet escaped).

    Several facts of one aspect are joined, each followed by its short
    citation in brackets; an aspect without facts says so.
    """
    shorts = ref_shorts(bundle)
    aspects = list(TABLE_ASPECTS)
    if any(f.aspect == ClinicalAspect.other for p in pathways for f in p.clinical):
        aspects.append(ClinicalAspect.other)
    data: dict[str, list[str]] = {}
    for p in pathways:
        by = facts_by_aspect(p)
        col = []
        for aspect in aspects:
            facts = by.get(aspect, [])
            parts = []
            for f in facts:
                cites = list(dict.fromkeys(shorts.get(s.ref, s.ref) for s in f.sources))
                parts.append(f"{f.value} [{'; '.join(cites)}]")
            if not parts:
                col.append(NOT_STATED)
            elif len(parts) == 1:
                col.append(parts[0])
            else:
                col.append(" • ".join(f"({i}) {t}" for i, t in enumerate(parts, start=1)))
        data[_unique_name(drug_name(bundle, p), data)] = col
    return pd.DataFrame(data, index=[ROW_TITLE[a] for a in aspects])


def _unique_name(name: str, taken: dict[str, list[str]]) -> str:
    out, n = name, 2
    while out in taken:
        out = f"{name} ({n})"
        n += 1
    return out


def escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell, header and index label Markdown-escaped (st.table renders Markdown)."""
    out = df.map(escape_md)
    out.columns = [escape_md(c) for c in df.columns]
    out.index = [escape_md(i) for i in df.index]
    return out


def fact_sources(bundle: Bundle, pathway: Pathway) -> pd.DataFrame:
    shorts = ref_shorts(bundle)
    rows = []
    for aspect in list(TABLE_ASPECTS) + [ClinicalAspect.other]:
        for f in pathway.clinical:
            if f.aspect != aspect:
                continue
            for s in f.sources:
                ref = bundle.references.get(s.ref)
                rows.append(
                    {
                        "aspect": ROW_TITLE.get(aspect, aspect.label),
                        "fact": f.value,
                        "source": shorts.get(s.ref, s.ref),
                        "link": safe_link(ref) if ref else None,
                        "quoted sentence": s.quote or "(no quote given)",
                        "note": "; ".join(x for x in (s.note, f.note) if x),
                    }
                )
    return pd.DataFrame(rows, columns=["aspect", "fact", "source", "link", "quoted sentence", "note"])


def _drug_picker(bundle: Bundle) -> list[Pathway]:
    drugs = bundle.drugs
    ids = [p.id for p in drugs]
    names = {p.id: drug_name(bundle, p) for p in drugs}
    chosen = st.multiselect(
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
        "The drugs compared fact by fact, as the sources state them. Each fact names its source in "
        "brackets; the sources and the exact sentences are listed under the table."
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

    st.subheader("Side by side")
    table = comparison_table(bundle, chosen)
    st.table(escape_frame(table))
    for p in chosen:
        with st.expander(f"Sources for {escape_md(drug_name(bundle, p))} ({len(p.clinical)} facts)"):
            df = fact_sources(bundle, p)
            if df.empty:
                st.text("No clinical facts are recorded for this drug.")
            else:
                st.dataframe(
                    df,
                    hide_index=True,
                    width="stretch",
                    column_config={
                        "link": st.column_config.LinkColumn("link"),
                        "fact": st.column_config.TextColumn("fact", width="medium"),
                        "quoted sentence": st.column_config.TextColumn("quoted sentence", width="large"),
                    },
                )

    _time_course(bundle, chosen, colours)
    _evidence(bundle, chosen, colours)
    _caveats(bundle, chosen)


def _time_course(bundle: Bundle, chosen: list[Pathway], colours: dict[str, str]) -> None:
    st.subheader("Time course after a dose")
    numeric, vague = timing_facts(bundle, chosen)
    st.plotly_chart(
        time_course_figure(bundle, chosen, colours), key="clin_timecourse", config={"displaylogo": False}, theme=None
    )
    st.caption(
        "Only facts that give a number are drawn (hours on a log scale). A hatched bar has only one "
        "bound in the source: 'up to 2 weeks' runs from the left edge, because no start is given. "
        "Colour and the label on each bar both name the drug."
    )
    if vague:
        st.markdown("**Given without a number** (not drawn):")
        st.markdown(
            "\n".join(
                f"- **{escape_md(tf.drug)}**, {escape_md(tf.fact.aspect.label)}: {escape_md(tf.fact.value)} "
                f"— no number given \\({escape_md(tf.citation)}\\)"
                for tf in vague
            )
        )
    elif not numeric:
        st.text("No onset, peak or duration is recorded for these drugs.")


def _evidence(bundle: Bundle, chosen: list[Pathway], colours: dict[str, str]) -> None:
    st.subheader("Evidence profile")
    st.caption(
        "How the arrows of each drug's own pathway file are supported. Arrows of the shared cascade and "
        "of the stress context are not counted here."
    )
    st.plotly_chart(
        evidence_figure(bundle, chosen, colours), key="clin_evidence", config={"displaylogo": False}, theme=None
    )
    rows = evidence_rows(bundle, chosen)
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.text("None of these pathways has arrows of its own.")
    st.dataframe(
        pd.DataFrame(
            [{"word": ev.label, "means": text} for ev, text in EVIDENCE_EXPLANATION.items()]
            + [{"word": f"status: {s.value}", "means": text} for s, text in STATUS_EXPLANATION.items()]
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption("'review' means the arrow rests on a summary article that names no study for it.")


def _caveats(bundle: Bundle, chosen: list[Pathway]) -> None:
    st.subheader("Read with care: animal-only, contested and hypothesis")
    shorts = ref_shorts(bundle)
    for p in chosen:
        flagged = caveats(bundle, p.id)
        name = escape_md(drug_name(bundle, p))
        if not flagged:
            st.markdown(f"**{name}**: no arrow of this pathway is animal-only, contested or a hypothesis.")
            continue
        counts = {w: sum(1 for _, why in flagged if w in why) for w in ("animal studies only", "contested", "hypothesis")}
        st.markdown(
            f"**{name}**: {len(flagged)} arrow(s) to read with care — "
            f"{counts['animal studies only']} animal-only, {counts['contested']} contested, "
            f"{counts['hypothesis']} hypothesis."
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "claim": edge_label(bundle, e),
                        "relation": e.relation.label,
                        "flag": ", ".join(why),
                        "evidence": e.evidence.label,
                        "status": e.status.value,
                        "note": e.note or "",
                        "sources": "; ".join(dict.fromkeys(shorts.get(s.ref, s.ref) for s in e.sources)),
                    }
                    for e, why in flagged
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={"note": st.column_config.TextColumn("note", width="large")},
            key=f"clin_caveats_{p.id}",
        )
