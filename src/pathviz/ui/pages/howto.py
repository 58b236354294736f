"""How to read the diagrams: a short explainer for first-year students.

The words come from the same tables the diagram is drawn from
(:mod:`pathviz.render.style`, :mod:`pathviz.vocab`), so the explainer cannot
drift from the picture.
"""

from __future__ import annotations

import streamlit as st

from pathviz.model import Bundle
from pathviz.render import style
from pathviz.render.clinical import colour_key_figure, drug_name, legend_figure
from pathviz.ui import cached
from pathviz.ui.text import md as escape_md
from pathviz.ui.viewport import wide_box
from pathviz.view import Side, ViewState
from pathviz.vocab import (
    EVIDENCE_EXPLANATION,
    STATUS_EXPLANATION,
    Evidence,
    Status,
    Tier,
)

STATIC = {"displayModeBar": False, "staticPlot": True}

TIER_WORDS: dict[Tier, str] = {
    Tier.agent: "the drug itself, what the body turns it into, or a stressor: where a chain starts",
    Tier.target: "the first molecules the drug acts on, such as receptors and transporters",
    Tier.transmission: "messenger chemicals, hormones and the firing of nerve cells",
    Tier.signalling: "signals inside cells and growth factors such as BDNF",
    Tier.plasticity: "changes to the connections between nerve cells (synapses, spines, new neurons)",
    Tier.circuit: "networks of brain regions and brain rhythms",
    Tier.clinical: "what a patient notices: symptoms, side effects, the antidepressant effect",
}

_RELATION_ORDER = style.LEGEND_RELATIONS


def _example(bundle: Bundle) -> str:
    """' For example, the arrows of Ketamine and of Psilocybin meet at: …' from the data, or ''."""
    if len(bundle.drugs) < 2:
        return ""
    pa, pb = bundle.drugs[0], bundle.drugs[1]
    try:
        view = cached.view(bundle, ViewState(pa.id, pb.id))
    except Exception:  # an explainer must never fail on unusual data
        return ""
    first = [bundle.nodes[n].label for n in view.first_meeting if n in bundle.nodes][:3]
    if not first:
        return ""
    na, nb = escape_md(drug_name(bundle, pa)), escape_md(drug_name(bundle, pb))
    return f" For example, the arrows of {na} and of {nb} meet at: {escape_md(', '.join(first))}."


def _colour(side: Side) -> str:
    return style.colour_name(style.SIDE_COLOUR[side])


def render(bundle: Bundle) -> None:
    st.header("How to read the diagrams")
    names = [drug_name(bundle, p) for p in bundle.drugs]
    a = names[0] if names else "drug A"
    b = names[1] if len(names) > 1 else "drug B"
    ea, eb = escape_md(a), escape_md(b)

    st.markdown(
        "Each diagram is a map of cause and effect. The shapes (**nodes**) are things in the body: a "
        "drug, a receptor, a messenger chemical, a brain circuit, a symptom. The lines (**arrows**) say "
        "what one thing does to the next, and every arrow is backed by a source you can read."
    )

    st.subheader("Three columns")
    st.markdown(
        f"When you compare two drugs, for example {ea} and {eb}:\n\n"
        f"- **Left column:** what only {ea} reaches ({_colour(Side.a)}).\n"
        f"- **Right column:** what only {eb} reaches ({_colour(Side.b)}).\n"
        f"- **Middle column:** what both drugs reach. A node is a **stated meeting point** "
        f"({_colour(Side.shared)}, with a thick black outline) when each drug gets there through sentences about "
        f"that drug or about general biology. It is only an **inferred** meeting point (white, hollow, with a thick "
        f"dark pink outline) when one drug gets there only by borrowing another drug's sentence — a sentence about "
        f"ketamine does not speak for psilocybin — or by jumping from one brain region to another; click it to see "
        f"which step is borrowed. Nodes neither drug reaches sit in the middle too, "
        f"in {_colour(Side.context)}: the background of how stress and depression change the brain.\n"
        f"- With filters on (for example *human studies* only), a node the drugs reach only through hidden "
        f"arrows is drawn {_colour(Side.unreached)} with a grey outline: *not reached under these filters*. "
        f"Colours always follow the arrows you can see."
    )
    # the key's five labels stand in one row: narrower columns scroll it sideways instead of overlapping them
    wide_box("colours", 960, "The colour key").plotly_chart(
        colour_key_figure({"a": a, "b": b}), key="howto_colours", config=STATIC, theme=None
    )
    st.caption(
        "The colours are chosen so that people with colour blindness can tell them apart. Colour is never the "
        "only clue: the column, the outline and the labels say the same thing."
    )

    st.subheader("What convergent means")
    st.markdown(
        "A node is **convergent** when you can start at each drug and reach it by following the arrows in "
        "their direction. Both drugs then lead to the same place, even if they start differently."
        + _example(bundle)
        + "\n\n"
        "Only arrows that carry an effect count. A line with **no arrowhead** means *is associated with*: "
        "two things go together, but the source does not say one causes the other. A drug's effect is "
        "therefore **not** carried onward along such a line."
    )

    st.subheader("Shapes, lines and arrowheads")
    st.markdown(
        "Each kind of node has its own shape. Line styles tell you what kind of evidence supports an arrow, "
        "and the arrowhead tells you what the arrow does."
    )
    wide_box("legend", 880, "The key").plotly_chart(legend_figure(), key="howto_legend", config=STATIC, theme=None)

    st.markdown("**Line style = kind of evidence**")
    st.markdown(
        "\n".join(
            f"- **{escape_md(ev.label)}**: {escape_md(style.EVIDENCE_WORDS[ev])}. "
            f"{escape_md(EVIDENCE_EXPLANATION.get(ev, ev.label).capitalize())}."
            for ev in Evidence
        )
    )
    st.markdown("**Arrowhead = what the arrow does**")
    st.markdown("\n".join(f"- {escape_md(style.RELATION_WORDS[rel])}" for rel in _RELATION_ORDER))
    st.markdown(
        "A **?** in a small circle on a line marks a **contested** finding: studies disagree or the evidence "
        "is weak."
    )

    st.subheader("Top to bottom: from drug to patient")
    st.markdown(
        "The diagram is arranged in bands. Read it from the top, where the drug is, down to the bottom, where "
        "the effect on the patient is:\n\n"
        + "\n".join(
            f"{i}. **{escape_md(style.TIER_TITLE[t])}**: {escape_md(TIER_WORDS[t])}"
            for i, t in enumerate(Tier, start=1)
        )
    )

    st.subheader("Clicking a node")
    st.markdown(
        "Click any shape in the diagram. The other nodes fade, so the routes into and out of your node "
        "stand out, and the **details panel** shows:\n\n"
        "- a plain description of the node and where in the body it is;\n"
        "- the arrows into and out of it, with their evidence type and status;\n"
        "- the sources of each arrow, with the exact sentence quoted from each source and a link to the paper."
    )
    st.markdown("Read the quoted sentence: it is what the source really says, and it may be more careful than the arrow.")

    st.subheader("Be careful with")
    st.markdown(
        "\n".join(
            [
                "- **Animal studies only** (dashed lines): shown in rats or mice. It may not work the same way "
                "in people.",
                f"- **Contested** (the {escape_md(style.STATUS_MARK_WORDS[Status.contested])} on a line): "
                f"{escape_md(STATUS_EXPLANATION[Status.contested])}.",
                f"- **Hypothesis** (the {escape_md(style.STATUS_MARK_WORDS[Status.hypothesis])} on a line): "
                f"{escape_md(STATUS_EXPLANATION[Status.hypothesis])}. "
                "Words like *may* and *is thought to* in a source lead to this label.",
                f"- **Secondary sources** ({escape_md(style.EVIDENCE_WORDS[Evidence.secondary])}): a blog, a clinic's "
                "summary or the article's own sentence, naming no study for the claim. Check the quoted sentence and the source.",
                "- A missing arrow does not mean there is no effect. It means none of the sources used here states it.",
            ]
        )
    )
