"""Charts and plain data for the clinician and "how to read" pages.

Nothing here imports streamlit: the functions return Plotly figures or plain
Python data, and the pages decide how to show them. Every piece of pathway
text that reaches Plotly is HTML-escaped (Plotly labels understand a subset
of HTML, links included). Colours come from :mod:`pathviz.render.style` only.

Timing facts with numbers (``hours_min``/``hours_max``) are drawn as bars; a
fact without numbers is drawn as a hatched band placed from its words by the
explicit table :data:`QUALITATIVE_BANDS`, labelled with those words and never
presented as a number. Rows are grouped by the dosing each fact's sentences state
(``ClinicalFact.dosing``: a single dose, repeated doses, or not stated), so no row
is said to follow a single dose unless its source says so.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pathviz.model import Bundle, ClinicalFact, Edge, Pathway, Reference
from pathviz.render import style
from pathviz.render.text import citation_of, cite_text
from pathviz.view import Side, side_words
from pathviz.vocab import (
    EVIDENCE_EXPLANATION,
    STATUS_EXPLANATION,
    ClinicalAspect,
    Evidence,
    NodeKind,
    ReferenceType,
    Relation,
    Status,
)

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

# the time-course axis: every other tick label a line lower, so neighbours never overlap even when
# the chart is narrow (an 800 px window)
TIME_COURSE_TICKS: tuple[tuple[float, str], ...] = (
    (1, "1 hour"),
    (6, "<br>6 hours"),
    (24, "1 day"),
    (168, "<br>1 week"),
    (730.5, "1 month"),
    (8766, "<br>1 year"),
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

# hypotheses are a status, not an evidence type: only animal-only evidence is a caveat here
CAVEAT_EVIDENCE = {Evidence.animal: "animal studies only"}
CAVEAT_STATUS = {Status.contested: "contested", Status.hypothesis: "hypothesis"}


def status_flag(status: Status) -> str:
    """A clinical fact's status flag in plain text: the diagram's mark and the status ('(h) hypothesis');
    empty for an established fact. The mark is :data:`style.STATUS_MARK`, named in
    :data:`style.STATUS_MARK_WORDS`; what the status means is :data:`STATUS_EXPLANATION`."""
    if status == Status.established:
        return ""
    return f"({style.STATUS_MARK[status]}) {status.label}"


# ---------------------------------------------------------------- dosing

#: the dosing a fact's sentences state (``ClinicalFact.dosing``), in the order the time course shows it
DOSING_ORDER: tuple[str | None, ...] = ("single_dose", "repeated_doses", None)
#: the title of each group of rows on the time course
DOSING_TITLE: dict[str | None, str] = {
    "single_dose": "After a single dose (the quoted sentence says so)",
    "repeated_doses": "With repeated doses (the quoted sentence says so)",
    None: "Dosing not stated in the quoted sentence",
}
TIME_COURSE_TITLE = "Time course, grouped by the dosing each source states"
TIME_AXIS_TITLE = "time after dosing began (log scale)"


def undosed_drugs(bundle: Bundle, pathways: Sequence[Pathway]) -> list[str]:
    """Names of the drugs with timing facts none of which states a dosing."""
    out = []
    for p in pathways:
        timing = [f for f in p.clinical if f.aspect in TIMING_ASPECTS]
        if timing and all(f.dosing is None for f in timing):
            out.append(drug_name(bundle, p))
    return out


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
    """The drug node's label ('Ketamine'), else the pathway title (:meth:`Bundle.drug_name`)."""
    return bundle.drug_name(pathway)


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


# ---------------------------------------------------------------- hours in words


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


# ---------------------------------------------------------------- source strength of a fact

BADGE_SECONDARY = "secondary source only"
BADGE_ANIMAL = "animal data only"
BADGE_EXPLANATION: dict[str, str] = {
    BADGE_SECONDARY: (
        "every source of this fact is a secondary text (a blog post, a clinic page or a summary) "
        "that names no study for it"
    ),
    BADGE_ANIMAL: "the fact's notes say it rests on animal data only",
}
# what a fact's or a source's note must say for the fact to count as animal-only
_ANIMAL_ONLY = re.compile(
    r"\b(animal[- ]only|(animal|rodent) (data|studies|study|evidence|work) only|"
    r"in (rats|mice|rodents|animals) only|only in (rats|mice|rodents|animals))\b",
    re.IGNORECASE,
)


def is_secondary_only(bundle: Bundle, fact: ClinicalFact) -> bool:
    """True when every source of the fact cites a reference of type ``secondary``."""
    refs = [bundle.references.get(s.ref) for s in fact.sources]
    return bool(refs) and all(r is not None and r.type == ReferenceType.secondary for r in refs)


def is_animal_only(fact: ClinicalFact) -> bool:
    """True when the fact's note or a source note says it rests on animal data only."""
    notes = [fact.note or ""] + [s.note or "" for s in fact.sources]
    return any(_ANIMAL_ONLY.search(n) for n in notes)


def fact_badges(bundle: Bundle, fact: ClinicalFact) -> list[str]:
    """The warnings a reader needs next to the fact: weak sources, animal-only data."""
    out = []
    if is_secondary_only(bundle, fact):
        out.append(BADGE_SECONDARY)
    if is_animal_only(fact):
        out.append(BADGE_ANIMAL)
    return out


def fact_citations(bundle: Bundle, fact: ClinicalFact) -> list[str]:
    """The fact's reference ids, each once, in the order the sources give them."""
    return list(dict.fromkeys(s.ref for s in fact.sources))


# ---------------------------------------------------------------- time course

# A fact without hours is placed from its words, by this table only. The first column is a
# pattern on the fact's words; a fact matching several gets the band from the earliest start to
# the latest end (e.g. "weeks, months, or even years" -> 1 week to 3 years). The figure labels
# every such band with the source's own words and draws it hatched: it is not a number.
QUALITATIVE_BANDS: tuple[tuple[str, float, float, str], ...] = (
    (r"\b(within )?hours?\b", 1.0, 24.0, "hours: drawn from 1 h to 1 day"),
    (r"\bshortly after( administration| a dose| dosing)?\b", 1.0, 168.0, "shortly after: drawn from 1 h to 1 week"),
    (r"\bdays\b", 24.0, 168.0, "days: drawn from 1 day to 1 week"),
    (r"\bweeks?\b", 168.0, 1344.0, "weeks: drawn from 1 to 8 weeks"),
    (r"\bmonths?\b", 730.5, 8766.0, "months: drawn from 1 month to 1 year"),
    (r"\byears?\b", 8766.0, 26298.0, "years: drawn from 1 to 3 years"),
)


@dataclass(frozen=True)
class WordBand:
    words: str  # the phrase of the fact that placed the band, e.g. "weeks, even months"
    lo: float
    hi: float
    rules: tuple[str, ...]  # which lines of QUALITATIVE_BANDS placed it


def word_band(text: str) -> WordBand | None:
    """The band the words of a fact stand for, by :data:`QUALITATIVE_BANDS`; None if no rule fits."""
    hits = []
    for pattern, lo, hi, rule in QUALITATIVE_BANDS:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            hits.append((m.start(), m.end(), lo, hi, rule))
    if not hits:
        return None
    start = min(h[0] for h in hits)
    end = max(h[1] for h in hits)
    rules = tuple(dict.fromkeys(h[4] for h in sorted(hits)))
    return WordBand(text[start:end], min(h[2] for h in hits), max(h[3] for h in hits), rules)


@dataclass(frozen=True)
class TimingFact:
    pathway_id: str
    drug: str
    fact: ClinicalFact
    citation: str
    badges: tuple[str, ...] = ()

    @property
    def has_numbers(self) -> bool:
        return self.fact.hours_min is not None or self.fact.hours_max is not None

    @property
    def band(self) -> WordBand | None:
        """The band placed from the words, for a fact without numbers."""
        return None if self.has_numbers else word_band(self.fact.value)

    @property
    def kind(self) -> str:
        """'range' (two numbers), 'upper' / 'lower' (one number), 'words' (a band from the words) or 'unplaced'."""
        f = self.fact
        if f.hours_min is not None and f.hours_max is not None:
            return "range"
        if f.hours_max is not None:
            return "upper"
        if f.hours_min is not None:
            return "lower"
        return "words" if self.band is not None else "unplaced"

    @property
    def span(self) -> str:
        """'24–72 h', 'up to 2 weeks', or the source's words in quotes."""
        if self.has_numbers:
            return hours_text(self.fact)
        band = self.band
        return f"“{band.words}”" if band else "no time given"


def timing_facts(bundle: Bundle, pathways: Sequence[Pathway]) -> tuple[list[TimingFact], list[TimingFact]]:
    """(facts with hours, facts without) among onset/peak/duration, in pathway then aspect order."""
    facts = timing_rows(bundle, pathways)
    return [t for t in facts if t.has_numbers], [t for t in facts if not t.has_numbers]


def timing_rows(bundle: Bundle, pathways: Sequence[Pathway]) -> list[TimingFact]:
    """Every onset, peak and duration fact, in pathway then aspect order."""
    out: list[TimingFact] = []
    for p in pathways:
        name = drug_name(bundle, p)
        for aspect in TIMING_ASPECTS:
            for f in p.clinical:
                if f.aspect != aspect:
                    continue
                # the one citation wording: "Blossom's summary, citing Krystal et al. 2019" when the
                # fact is another text's words, else the reference's short citation
                # (the same text cited for two sentences is named once)
                unique = list({cite_text(c, ids=False, quote=False): c for c in (citation_of(bundle, s) for s in f.sources)}.values())
                cites = "; ".join(
                    cite_text(c, ids=False, quote=False, capital=i == 0) for i, c in enumerate(unique)
                )
                out.append(TimingFact(p.id, name, f, cites, tuple(fact_badges(bundle, f))))
    return out


def _short_cites(citation: str) -> str:
    parts = citation.split("; ")
    return parts[0] if len(parts) == 1 else f"{parts[0]} + {len(parts) - 1} more"


KEY_NUMBER = "number in the source"
KEY_WORDS = "no number in the source — band placed from the words"
KEY_BOUND = "only one bound in the source (“up to …”)"


LINE_HEIGHT = 1.25  # a Plotly text line, in font sizes


def dosing_groups(rows: Sequence[TimingFact]) -> list[tuple[str | None, list[TimingFact]]]:
    """The rows grouped by the dosing their facts state, in :data:`DOSING_ORDER`; empty groups left out."""
    groups = [(d, [t for t in rows if t.fact.dosing == d]) for d in DOSING_ORDER]
    return [(d, g) for d, g in groups if g]


def row_label(t: TimingFact, cite: str) -> str:
    """A row's two label lines: drug · aspect: span, then the citation, badges and status flag."""
    first = f"<b>{esc(t.drug)}</b> · {esc(t.fact.aspect.label)}: {esc(t.span)}"
    flags = list(t.badges) + ([status_flag(t.fact.status)] if t.fact.status != Status.established else [])
    second = esc(cite)
    if flags:
        second += " · <b>" + esc(", ".join(flags)) + "</b>"
    return f"{first}<br>{second}"


def time_course_figure(
    bundle: Bundle,
    pathways: Sequence[Pathway],
    colours: Mapping[str, str] | None = None,
    height: int | None = None,
    font_px: int = 13,
    row_gap_px: int = 6,
    cite: Callable[[TimingFact], str] | None = None,
) -> go.Figure:
    """Onset, peak and duration of every drug on one log time axis, one row per fact, in one panel per
    dosing the sources state (:data:`DOSING_TITLE`: after a single dose, with repeated doses, dosing not
    stated), so a row is never said to follow a single dose unless its own sentence says so.

    - two numbers in the source: a solid bar in the drug's colour;
    - no number: a hatched, outlined band placed from the fact's words by
      :data:`QUALITATIVE_BANDS`, its row label quoting those words;
    - one number only ("up to 2 weeks"): a dotted line from the axis edge to a
      bold end mark at that bound, because the source gives no start.

    Row labels carry drug, aspect, the span in words, the citation (``cite``: by default the one
    citation wording, shortened; the handout passes its reference numbers) and the fact's flags
    ("secondary source only", "(h) hypothesis"), in dark text on white; nothing is written on the
    bars, so no text sits on colour or hatching. Facts that disagree stay separate rows, each with its
    own citation. Each row is as tall as its two label lines at ``font_px`` plus ``row_gap_px``, so
    labels never run into the next row's.
    """
    colours = dict(colours or drug_colours(pathways))
    rows = [t for t in timing_rows(bundle, pathways) if t.kind != "unplaced"]
    fig = go.Figure()
    if not rows:
        fig.add_annotation(
            text="None of the selected drugs has an onset, peak or duration in the sources.",
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

    lo_axis, hi_axis = 0.5, 26298.0 * 1.6
    for t in rows:
        for h in (t.fact.hours_min, t.fact.hours_max):
            if h is not None and h > 0:
                lo_axis, hi_axis = min(lo_axis, h / 2), max(hi_axis, h * 3)

    cite = cite or (lambda t: _short_cites(t.citation))
    groups = dosing_groups(rows)
    ordered = [t for _, g in groups for t in g]
    labels: dict[int, str] = {}
    for t in ordered:
        label = row_label(t, cite(t))
        n = 2
        base = label
        while label in labels.values():
            label = f"{base} [{n}]"
            n += 1
        labels[id(t)] = label
    axis_of = {id(t): ("y" if i == 0 else f"y{i + 1}") for i, (_, g) in enumerate(groups) for t in g}

    def hover(t: TimingFact) -> str:
        f = t.fact
        how = {
            "range": "numbers from the source",
            "upper": "only an upper bound in the source; no start given",
            "lower": "only a lower bound in the source; no end given",
            "words": "no number in the source — band placed from the words ("
            + "; ".join(t.band.rules if t.band else ())
            + ")",
        }[t.kind]
        badge = f"<br><b>{esc(', '.join(t.badges))}</b>" if t.badges else ""
        status = (
            f"<br><b>{esc(status_flag(f.status))}</b>: {esc(STATUS_EXPLANATION[f.status])}"
            if f.status != Status.established
            else ""
        )
        return (
            f"<b>{esc(t.drug)} · {esc(f.aspect.label)}</b><br>{_wrap(f.value)}<br>{esc(t.span)} — {esc(how)}"
            f"<br>{esc(DOSING_TITLE[f.dosing])}"
            f"<br><i>Sources: {esc(t.citation)}</i>{badge}{status}"
        )

    for t in ordered:
        label = labels[id(t)]
        colour = colours.get(t.pathway_id, style.SIDE_COLOUR["context"])
        f = t.fact
        common = dict(
            legendgroup=t.pathway_id,
            hovertext=[hover(t)],
            hoverinfo="text",
            customdata=[t.pathway_id],
            yaxis=axis_of[id(t)],
        )
        if t.kind in ("range", "words"):
            if t.kind == "range":
                lo, hi = float(f.hours_min), float(f.hours_max)  # type: ignore[arg-type]
            else:
                lo, hi = t.band.lo, t.band.hi  # type: ignore[union-attr]
            hi = max(hi, lo * 1.08)  # a single time point still shows
            words = t.kind == "words"
            fig.add_trace(
                go.Bar(
                    name=esc(t.drug),
                    orientation="h",
                    y=[label],
                    x=[hi - lo],
                    base=[lo],
                    marker=dict(
                        color="white" if words else colour,
                        line=dict(color=colour if words else style.DARK, width=2.5 if words else 1),
                        pattern=dict(shape="/" if words else "", fgcolor=colour, bgcolor="white", solidity=0.35, size=9)
                        if words
                        else None,
                    ),
                    showlegend=False,  # the row labels name the drug; the legend keys the drawing
                    **common,
                )
            )
        else:  # one bound: dotted line from the axis edge to a bold end mark
            bound = float(f.hours_max if t.kind == "upper" else f.hours_min)  # type: ignore[arg-type]
            xs = [lo_axis, bound] if t.kind == "upper" else [bound, hi_axis]
            end = [0, 1] if t.kind == "upper" else [1, 0]
            fig.add_trace(
                go.Scatter(
                    name=esc(t.drug),
                    x=xs,
                    y=[label, label],
                    mode="lines+markers",
                    line=dict(color=colour, width=3, dash="dot"),
                    marker=dict(symbol="line-ns", size=[22 * e for e in end], line=dict(color=colour, width=5)),
                    showlegend=False,
                    legendgroup=t.pathway_id,
                    hovertext=[hover(t)] * 2,
                    hoverinfo="text",
                    customdata=[t.pathway_id] * 2,
                    yaxis=axis_of[id(t)],
                )
            )
    # the key to the three ways of drawing
    kinds = {t.kind for t in rows}
    first = labels[id(ordered[0])]
    if "range" in kinds:
        fig.add_trace(go.Bar(name=KEY_NUMBER, x=[None], y=[first], orientation="h",
                             marker=dict(color=style.GREY, line=dict(color=style.DARK, width=1)),
                             legendgroup="key", hoverinfo="skip"))
    if "words" in kinds:
        fig.add_trace(go.Bar(name=esc(KEY_WORDS), x=[None], y=[first], orientation="h",
                             marker=dict(color="white", line=dict(color=style.DARK, width=2),
                                         pattern=dict(shape="/", fgcolor=style.DARK, bgcolor="white", solidity=0.35)),
                             legendgroup="key", hoverinfo="skip"))
    if kinds & {"upper", "lower"}:
        fig.add_trace(go.Scatter(name=esc(KEY_BOUND), x=[None], y=[first], mode="lines",
                                 line=dict(color=style.DARK, width=3, dash="dot"), legendgroup="key", hoverinfo="skip"))

    # one panel per dosing group, stacked top to bottom, each with its title above it
    ticks = [(v, t) for v, t in TIME_COURSE_TICKS if lo_axis <= v <= hi_axis]
    row_height = math.ceil(2 * LINE_HEIGHT * font_px + row_gap_px)  # two label lines and a gap
    title_height = math.ceil(2 * font_px)
    plot_height = row_height * len(rows) + title_height * (len(groups) - 1)
    panels: dict[str, dict] = {}
    top = 1.0
    for i, (dosing, group) in enumerate(groups):
        if i:
            top -= title_height / plot_height
        bottom = max(0.0, top - row_height * len(group) / plot_height)
        name = "yaxis" if i == 0 else f"yaxis{i + 1}"
        panels[name] = dict(
            domain=[bottom, top],
            anchor="x",
            type="category",
            categoryorder="array",
            categoryarray=[labels[id(t)] for t in group],
            autorange="reversed",
            automargin=True,
            linecolor=style.DARK,
            tickfont=dict(color=style.DARK),
        )
        fig.add_annotation(
            text=f"<b>{esc(DOSING_TITLE[dosing])}</b>",
            xref="paper",
            yref="paper",
            x=0,
            y=top,
            xanchor="right",  # over the row labels, so it is never cut off by a narrow chart
            xshift=-4,
            yanchor="bottom",
            showarrow=False,
            font=dict(color=style.DARK, size=font_px),
        )
        top = bottom
    fig.update_layout(
        barmode="overlay",
        height=height or (plot_height + title_height + 165),
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=style.FONT_FAMILY, color=style.DARK, size=font_px),
        margin=dict(l=10, r=30, t=title_height + 4, b=95),
        legend=dict(
            orientation="h",
            yref="container",
            y=0,
            yanchor="bottom",
            xref="container",
            x=0,
            xanchor="left",
            font=dict(color=style.DARK),
            traceorder="normal",
        ),
        xaxis=dict(
            type="log",
            anchor="y" if len(groups) == 1 else f"y{len(groups)}",
            range=[math.log10(lo_axis), math.log10(hi_axis)],
            tickvals=[v for v, _ in ticks],
            ticktext=[t for _, t in ticks],
            tickangle=0,
            title=dict(text=TIME_AXIS_TITLE, standoff=10),
            automargin=True,
            gridcolor=style.LIGHT,
            linecolor=style.DARK,
        ),
        bargap=0.3,
        hoverlabel=dict(bgcolor="white", font=dict(color=style.BLACK)),
        **panels,
    )
    return fig



# ---------------------------------------------------------------- evidence profile


def evidence_profile(bundle: Bundle, pathways: Sequence[Pathway]) -> list[dict[str, object]]:
    """One row per drug: its arrows, how many rest on each evidence type, how many are hypotheses or contested.

    The evidence columns follow :class:`Evidence` (every type, in vocabulary order); the last two
    count statuses, so an arrow is counted once among the evidence columns and possibly again there.
    """
    rows: list[dict[str, object]] = []
    for p in pathways:
        edges = bundle.edges_of(p.id)
        ev = Counter(e.evidence for e in edges)
        stc = Counter(e.status for e in edges)
        row: dict[str, object] = {"drug": drug_name(bundle, p), "arrows": len(edges)}
        row.update({e.label: ev.get(e, 0) for e in Evidence})
        row.update({f"status: {s.label}": stc.get(s, 0) for s in PROFILE_STATUSES})
        rows.append(row)
    return rows


# statuses worth counting on their own in the profile: everything that is not settled
PROFILE_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s != Status.established)


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


NO_CAVEATS = "no arrow of this pathway is animal-only, contested or a hypothesis."


def caveats(bundle: Bundle, pathway_id: str) -> list[tuple[Edge, list[str]]]:
    """The pathway's edges resting on animal data only, contested, or a hypothesis, with why."""
    out: list[tuple[Edge, list[str]]] = []
    for e in bundle.edges_of(pathway_id):
        why: list[str] = []
        if style.line_evidence(e) in CAVEAT_EVIDENCE:
            why.append(CAVEAT_EVIDENCE[style.line_evidence(e)])
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
    sides = (Side.a, Side.shared, Side.inferred, Side.b, Side.context)
    for i, side in enumerate(sides):
        label = side_words(side, names)
        shared = side in (Side.shared, Side.inferred)
        fig.add_trace(
            go.Scatter(
                x=[i * 2.6],
                y=[0],
                mode="markers+text",
                marker=dict(
                    symbol="circle",
                    size=22,
                    color=style.SIDE_COLOUR[side],
                    line=dict(color=style.SIDE_OUTLINE[side] if shared else "white", width=3.5 if shared else 1),
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
        xaxis=dict(visible=False, range=[-0.4, 13.2]),
        yaxis=dict(visible=False, range=[-1, 1]),
        margin=dict(l=10, r=10, t=5, b=5),
        dragmode=False,
    )
    return fig
