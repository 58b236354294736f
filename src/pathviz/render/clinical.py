"""Charts and plain data for the clinician and "how to read" pages.

Nothing here imports streamlit: the functions return Plotly figures or plain
Python data, and the pages decide how to show them. Every piece of pathway
text that reaches Plotly is HTML-escaped (Plotly labels understand a subset
of HTML, links included). Colours come from :mod:`pathviz.render.style` only.

Timing facts are drawn only where the source gives a number
(``hours_min``/``hours_max``); the others are returned as text by
:func:`timing_facts` so the page can list them, never turned into numbers.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pathviz.model import Bundle, ClinicalFact, Edge, Pathway, Reference
from pathviz.render import style
from pathviz.view import Side, side_words
from pathviz.vocab import EVIDENCE_EXPLANATION, ClinicalAspect, Evidence, NodeKind, Relation, Status

TIMING_ASPECTS: tuple[ClinicalAspect, ...] = (
    ClinicalAspect.onset,
    ClinicalAspect.peak,
    ClinicalAspect.duration,
)

# human tick labels for a log time axis in hours
TIME_TICKS: tuple[tuple[float, str], ...] = (
    (1, "1 h"),
    (6, "6 h"),
    (24, "1 day"),
    (72, "3 days"),
    (168, "1 week"),
    (336, "2 weeks"),
    (730.5, "1 month"),
    (2191.5, "3 months"),
    (4383, "6 months"),
    (8766, "1 year"),
    (26298, "3 years"),
)

# status: colour AND a fill pattern, so colour is never the only cue
STATUS_COLOUR: dict[Status, str] = {
    Status.established: style.DARK,
    Status.hypothesis: style.GREY,
    Status.contested: style.VERMILLION,
}
STATUS_PATTERN: dict[Status, str] = {
    Status.established: "",
    Status.hypothesis: ".",
    Status.contested: "x",
}
OPEN_PATTERN = "/"  # bars with an open end (only one bound given)

CAVEAT_EVIDENCE = {Evidence.animal: "animal studies only"}
CAVEAT_STATUS = {Status.contested: "contested", Status.hypothesis: "hypothesis"}


def esc(text: str) -> str:
    """Escape pathway text for Plotly's HTML-like labels."""
    return html.escape(text, quote=True)


def _wrap(text: str, width: int = 70, max_lines: int = 6) -> str:
    lines = textwrap.wrap(text, width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(esc(line) for line in lines)


# ---------------------------------------------------------------- names and colours


def drug_name(bundle: Bundle, pathway: Pathway) -> str:
    """The drug node's label ('Ketamine'), else the pathway title."""
    if pathway.drug and pathway.drug in bundle.nodes:
        return bundle.nodes[pathway.drug].label
    return pathway.title


def drug_colours(pathways: Sequence[Pathway]) -> dict[str, str]:
    """First pathway blue ('a'), second orange ('b'), any further one grey ('context')."""
    keys = ("a", "b")
    return {
        p.id: style.SIDE_COLOUR[keys[i]] if i < len(keys) else style.SIDE_COLOUR["context"]
        for i, p in enumerate(pathways)
    }


def short_citation(ref: Reference, max_chars: int = 34) -> str:
    """The model's short citation (kept as a function for the pages that call it)."""
    return ref.short


def ref_shorts(bundle: Bundle) -> dict[str, str]:
    """Reference id -> short citation, with a/b/c where two would read the same."""
    return bundle.shorts


def edge_label(bundle: Bundle, edge: Edge) -> str:
    """'Ketamine → NMDA receptors on GABA interneurons' (plain text)."""
    src = bundle.nodes[edge.source].label if edge.source in bundle.nodes else edge.source
    tgt = bundle.nodes[edge.target].label if edge.target in bundle.nodes else edge.target
    return f"{src} → {tgt}"


# ---------------------------------------------------------------- clinical table data


def facts_by_aspect(pathway: Pathway) -> dict[ClinicalAspect, list[ClinicalFact]]:
    out: dict[ClinicalAspect, list[ClinicalFact]] = {}
    for f in pathway.clinical:
        out.setdefault(f.aspect, []).append(f)
    return out


# ---------------------------------------------------------------- time course


def human_hours(hours: float) -> str:
    """12 -> '12 h', 72 -> '3 days', 336 -> '2 weeks', 2190 -> '3 months'."""

    def fmt(value: float, unit: str) -> str:
        v = round(value, 1)
        v_text = f"{v:g}"
        return f"{v_text} {unit}" if v == 1 else f"{v_text} {unit}s"

    if hours < 48:
        return f"{hours:g} h"
    days = hours / 24
    if days < 14 and not (days % 7 == 0 and days >= 7):
        return fmt(days, "day")
    if days < 28:
        return fmt(days / 7, "week")
    if days < 365:
        return fmt(days / 30.4375, "month")
    return fmt(days / 365.25, "year")


def hours_text(fact: ClinicalFact) -> str:
    lo, hi = fact.hours_min, fact.hours_max
    if lo is not None and hi is not None:
        if lo == hi:
            return human_hours(lo)
        if hi <= 168:
            return f"{lo:g}–{hi:g} h"
        return f"{human_hours(lo)} to {human_hours(hi)}"
    if hi is not None:
        return f"up to {human_hours(hi)}"
    if lo is not None:
        return f"from {human_hours(lo)} on"
    return ""


@dataclass(frozen=True)
class TimingFact:
    pathway_id: str
    drug: str
    fact: ClinicalFact
    citation: str

    @property
    def has_numbers(self) -> bool:
        return self.fact.hours_min is not None or self.fact.hours_max is not None


def timing_facts(bundle: Bundle, pathways: Sequence[Pathway]) -> tuple[list[TimingFact], list[TimingFact]]:
    """(facts with hours, facts without) among onset/peak/duration, in pathway then aspect order."""
    shorts = ref_shorts(bundle)
    with_numbers: list[TimingFact] = []
    without: list[TimingFact] = []
    for p in pathways:
        name = drug_name(bundle, p)
        for aspect in TIMING_ASPECTS:
            for f in p.clinical:
                if f.aspect != aspect:
                    continue
                cites = []
                for s in f.sources:
                    c = shorts.get(s.ref, s.ref)
                    if c not in cites:
                        cites.append(c)
                tf = TimingFact(p.id, name, f, "; ".join(cites))
                (with_numbers if tf.has_numbers else without).append(tf)
    return with_numbers, without


def time_course_figure(
    bundle: Bundle,
    pathways: Sequence[Pathway],
    colours: Mapping[str, str] | None = None,
    height: int | None = None,
) -> go.Figure:
    """Onset, peak and duration per drug as horizontal bars on a log time axis.

    One bar per fact that has ``hours_min`` and/or ``hours_max``; a bar with
    only one bound runs to the edge of the axis and is hatched, and its label
    says "up to …" or "from … on". One trace per drug, coloured from the
    palette, and every bar carries a text label naming drug and aspect.
    """
    colours = dict(colours or drug_colours(pathways))
    numeric, _ = timing_facts(bundle, pathways)
    fig = go.Figure()
    if not numeric:
        fig.add_annotation(
            text="None of the selected drugs has an onset, peak or duration with a number in the sources.",
            showarrow=False,
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            font=dict(color=style.DARK, family=style.FONT_FAMILY),
        )
        fig.update_layout(
            height=height or 200,
            xaxis=dict(visible=False),
            yaxis=dict(visible=False),
            plot_bgcolor="white",
            paper_bgcolor="white",
            margin=dict(l=20, r=20, t=20, b=20),
        )
        return fig

    bounds = [h for tf in numeric for h in (tf.fact.hours_min, tf.fact.hours_max) if h is not None and h > 0]
    lo_axis = min([1.0] + [b / 2 for b in bounds])
    hi_axis = max([2191.5 * 1.3] + [b * 6 for b in bounds])

    # row labels, unique per fact
    counts = Counter((tf.pathway_id, tf.fact.aspect) for tf in numeric)
    rows: list[str] = []
    for tf in numeric:
        row = f"{tf.drug} · {tf.fact.aspect.label}"
        if counts[(tf.pathway_id, tf.fact.aspect)] > 1:
            cite = tf.citation if len(tf.citation) <= 30 else tf.citation[:29].rstrip() + "…"
            row += f" ({cite})"
        n = 2
        base_row = row
        while row in rows:
            row = f"{base_row} [{n}]"
            n += 1
        rows.append(row)

    order = list(dict.fromkeys(tf.pathway_id for tf in numeric))
    for pid in order:
        items = [(row, tf) for row, tf in zip(rows, numeric) if tf.pathway_id == pid]
        xs, bases, ys, texts, hovers, patterns = [], [], [], [], [], []
        for row, tf in items:
            f = tf.fact
            start = f.hours_min if f.hours_min is not None and f.hours_min > 0 else lo_axis
            end = f.hours_max if f.hours_max is not None else hi_axis
            end = max(end, start * 1.05)  # a single time point still shows as a thin bar
            bases.append(start)
            xs.append(end - start)
            ys.append(esc(row))
            span = hours_text(f)
            open_end = f.hours_min is None or f.hours_max is None
            note = " (no lower bound given)" if f.hours_min is None else (" (no upper bound given)" if f.hours_max is None else "")
            texts.append(esc(f"{tf.drug} {f.aspect.label}: {span}{note}"))
            patterns.append(OPEN_PATTERN if open_end else "")
            hovers.append(
                f"<b>{esc(tf.drug)} · {esc(f.aspect.label)}</b><br>"
                + _wrap(f.value)
                + f"<br>{esc(span)}{esc(note)}<br><i>Sources: {esc(tf.citation)}</i>"
            )
        colour = colours.get(pid, style.SIDE_COLOUR["context"])
        fig.add_trace(
            go.Bar(
                name=esc(items[0][1].drug),
                orientation="h",
                y=ys,
                x=xs,
                base=bases,
                text=texts,
                textposition="auto",
                insidetextanchor="start",
                cliponaxis=False,
                insidetextfont=dict(color="white", family=style.FONT_FAMILY),
                outsidetextfont=dict(color=style.DARK, family=style.FONT_FAMILY),
                marker=dict(
                    color=colour,
                    line=dict(color=style.DARK, width=1),
                    pattern=dict(shape=patterns, fgcolor="white", bgcolor=colour, solidity=0.12, fillmode="replace"),
                ),
                hovertext=hovers,
                hoverinfo="text",
                legendgroup=pid,
            )
        )

    ticks = [(v, t) for v, t in TIME_TICKS if lo_axis <= v <= hi_axis]
    fig.update_layout(
        barmode="overlay",
        height=height or max(260, 70 + 46 * len(rows)),
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=style.FONT_FAMILY, color=style.DARK, size=13),
        margin=dict(l=10, r=40, t=30, b=60),
        legend=dict(title=dict(text="Drug"), orientation="h", y=-0.25),
        xaxis=dict(
            type="log",
            range=[math.log10(lo_axis), math.log10(hi_axis)],
            tickvals=[v for v, _ in ticks],
            ticktext=[t for _, t in ticks],
            title=dict(text="time after a dose (log scale)"),
            gridcolor=style.LIGHT,
            linecolor=style.DARK,
        ),
        yaxis=dict(autorange="reversed", automargin=True, linecolor=style.DARK),
        bargap=0.35,
    )
    return fig


# ---------------------------------------------------------------- evidence profile


def evidence_counts(bundle: Bundle, pathway_id: str) -> dict[tuple[Evidence, Status], int]:
    """How many of the pathway's own edges have each (evidence type, status)."""
    return dict(Counter((e.evidence, e.status) for e in bundle.edges_of(pathway_id)))


def evidence_rows(bundle: Bundle, pathways: Sequence[Pathway]) -> list[dict[str, object]]:
    """One row per drug and evidence type present: counts per status and the total."""
    rows: list[dict[str, object]] = []
    for p in pathways:
        counts = evidence_counts(bundle, p.id)
        for ev in Evidence:
            per = {st: counts.get((ev, st), 0) for st in Status}
            total = sum(per.values())
            if not total:
                continue
            row: dict[str, object] = {"drug": drug_name(bundle, p), "evidence": ev.label}
            row.update({st.value: n for st, n in per.items()})
            row["total"] = total
            row["meaning"] = _evidence_meaning(ev)
            rows.append(row)
    return rows


def _evidence_meaning(ev: Evidence) -> str:
    return EVIDENCE_EXPLANATION.get(ev, "")


def evidence_figure(
    bundle: Bundle,
    pathways: Sequence[Pathway],
    colours: Mapping[str, str] | None = None,
    height: int | None = None,
) -> go.Figure:
    """One panel per drug: edges per evidence type, stacked by status (colour and pattern)."""
    n = max(1, len(pathways))
    names = [drug_name(bundle, p) for p in pathways]
    fig = make_subplots(
        rows=1,
        cols=n,
        shared_yaxes=True,
        subplot_titles=[esc(name) for name in names] or [""],
        horizontal_spacing=0.04 if n > 1 else 0.0,
    )
    counts = {p.id: evidence_counts(bundle, p.id) for p in pathways}
    present = [ev for ev in Evidence if any(ev == k[0] for c in counts.values() for k in c)]
    present = present or list(Evidence)
    labels = [ev.label for ev in present]
    for col, p in enumerate(pathways, start=1):
        c = counts[p.id]
        for st in Status:
            xs = [c.get((ev, st), 0) for ev in present]
            fig.add_trace(
                go.Bar(
                    name=st.label,
                    orientation="h",
                    y=labels,
                    x=xs,
                    text=[str(v) if v else "" for v in xs],
                    textposition="inside",
                    insidetextanchor="middle",
                    textfont=dict(color="white" if st != Status.hypothesis else style.BLACK),
                    marker=dict(
                        color=STATUS_COLOUR[st],
                        line=dict(color=style.DARK, width=0.5),
                        pattern=dict(
                            shape=STATUS_PATTERN[st],
                            fgcolor="white",
                            bgcolor=STATUS_COLOUR[st],
                            solidity=0.18,
                            fillmode="replace",
                        ),
                    ),
                    legendgroup=st.value,
                    showlegend=col == 1,
                    hovertemplate=esc(names[col - 1]) + " · %{y}: %{x} edge(s), " + esc(st.label) + "<extra></extra>",
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(title_text="edges", gridcolor=style.LIGHT, row=1, col=col, rangemode="tozero")
    if colours:
        # the drug's colour under its panel title, next to the name (never the only cue)
        for ann, p in zip(fig.layout.annotations, pathways):
            ann.text = f"<b>{ann.text}</b>"
            ann.font = dict(color=colours.get(p.id, style.DARK), size=15, family=style.FONT_FAMILY)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(
        barmode="stack",
        height=height or max(280, 130 + 44 * len(present)),
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=style.FONT_FAMILY, color=style.DARK, size=13),
        legend=dict(title=dict(text="Status"), orientation="h", yanchor="top", y=-0.32),
        margin=dict(l=10, r=10, t=40, b=90),
    )
    return fig


def caveats(bundle: Bundle, pathway_id: str) -> list[tuple[Edge, list[str]]]:
    """The pathway's edges resting on animal data only, contested, or a hypothesis, with why."""
    out: list[tuple[Edge, list[str]]] = []
    for e in bundle.edges_of(pathway_id):
        why: list[str] = []
        if e.evidence in CAVEAT_EVIDENCE:
            why.append(CAVEAT_EVIDENCE[e.evidence])
        if e.status in CAVEAT_STATUS and CAVEAT_STATUS[e.status] not in why:
            why.append(CAVEAT_STATUS[e.status])
        if why:
            out.append((e, why))
    return out


# ---------------------------------------------------------------- legend for the "how to read" page


_RELATION_SAMPLES: tuple[Relation, ...] = (
    Relation.activates,
    Relation.inhibits,
    Relation.binds,
    Relation.converts_to,
    Relation.associated_with,
)


def legend_figure(kinds: Sequence[NodeKind] | None = None) -> go.Figure:
    """A small picture key: marker shape per node kind, line per evidence type, head per relation."""
    kinds = list(kinds) if kinds is not None else list(NodeKind)
    fig = go.Figure()
    cols = 4
    # node kinds
    for i, kind in enumerate(kinds):
        x, y = (i % cols) * 2.2, -(i // cols)
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers+text",
                marker=dict(symbol=style.KIND_SYMBOL[kind], size=18, color=style.GREY, line=dict(color=style.DARK, width=1.5)),
                text=[esc(kind.label)],
                textposition="middle right",
                hoverinfo="skip",
                showlegend=False,
            )
        )
    top = -((len(kinds) - 1) // cols) - 1.4
    # evidence lines
    for i, ev in enumerate(Evidence):
        y = top - i * 0.8
        light = ev in style.EVIDENCE_LIGHT
        fig.add_trace(
            go.Scatter(
                x=[0, 1.2],
                y=[y, y],
                mode="lines",
                line=dict(
                    color=style.REVIEW_GREY if light else style.DARK,
                    width=1.6 if light else 2.4,
                    dash=style.EVIDENCE_DASH[ev],
                ),
                hoverinfo="skip",
                showlegend=False,
            )
        )
        fig.add_annotation(x=1.35, y=y, text=esc(style.EVIDENCE_WORDS[ev]), showarrow=False, xanchor="left")
    # arrowheads: a short line with the head at its right end, turned along the line
    for i, rel in enumerate(_RELATION_SAMPLES):
        y = top - i * 0.8
        head = style.RELATION_HEAD[rel]
        fig.add_trace(
            go.Scatter(
                x=[4.6, 5.8],
                y=[y, y],
                mode="lines+markers" if head else "lines",
                line=dict(color=style.DARK, width=2),
                marker=dict(
                    symbol=["circle", head or "circle"],
                    size=[0, 13],
                    angleref="previous",
                    color=style.DARK,
                    line=dict(color=style.DARK, width=2.5 if (head or "").startswith("line") else 0),
                ),
                hoverinfo="skip",
                showlegend=False,
            )
        )
        fig.add_annotation(x=5.95, y=y, text=esc(style.RELATION_WORDS[rel]), showarrow=False, xanchor="left")
    # the contested mark, on a line
    y = top - len(_RELATION_SAMPLES) * 0.8
    fig.add_trace(
        go.Scatter(
            x=[4.6, 5.2, 5.8],
            y=[y, y, y],
            mode="lines+markers+text",
            line=dict(color=style.DARK, width=2),
            marker=dict(size=[0, 16, 0], color="white", line=dict(color=style.VERMILLION, width=1.5)),
            text=["", "?", ""],
            textposition="middle center",
            textfont=dict(color=style.VERMILLION),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_annotation(x=5.95, y=y, text="? on a line = contested finding", showarrow=False, xanchor="left")
    bottom = top - max(len(Evidence) - 1, len(_RELATION_SAMPLES)) * 0.8
    fig.update_layout(
        height=int(60 + 34 * (-bottom + 1)),
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=style.FONT_FAMILY, color=style.DARK, size=13),
        xaxis=dict(visible=False, range=[-0.5, 9.5]),
        yaxis=dict(visible=False, range=[bottom - 0.6, 0.6]),
        margin=dict(l=10, r=10, t=10, b=10),
        dragmode=False,
    )
    return fig


def colour_key_figure(names: Mapping[str, str] | None = None) -> go.Figure:
    """The side colours as labelled dots; the shared dot has the thick outline the diagram uses."""
    names = dict(names or {})
    fig = go.Figure()
    sides = (Side.a, Side.shared, Side.b, Side.context)
    for i, side in enumerate(sides):
        label = side_words(side, names)
        shared = side == Side.shared
        fig.add_trace(
            go.Scatter(
                x=[i * 2.6],
                y=[0],
                mode="markers+text",
                marker=dict(
                    symbol="circle",
                    size=22,
                    color=style.SIDE_COLOUR[side],
                    line=dict(color=style.BLACK if shared else "white", width=3.5 if shared else 1),
                ),
                text=[esc(label)],
                textposition="middle right",
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.update_layout(
        height=70,
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=style.FONT_FAMILY, color=style.DARK, size=13),
        xaxis=dict(visible=False, range=[-0.4, 10.4]),
        yaxis=dict(visible=False, range=[-1, 1]),
        margin=dict(l=10, r=10, t=5, b=5),
        dragmode=False,
    )
    return fig
