"""References page: every source, what cites it, and BibTeX/RIS downloads.

Pathway text is shown as text: tables through ``st.dataframe`` and Markdown
only after :func:`pathviz.ui.text.md`. Links are offered only as https to
known resolvers (:func:`pathviz.ui.text.safe_link`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pathviz.exports.bibtex import to_bibtex
from pathviz.exports.ris import to_ris
from pathviz.model import Bundle, Reference, Source
from pathviz.render.clinical import edge_label, ref_shorts
from pathviz.render.text import citation_of, cite_text, writer
from pathviz.ui.text import link, md, safe_link
from pathviz.vocab import ReferenceType

TYPE_WORDS: dict[ReferenceType, str] = {
    ReferenceType.article: "research article",
    ReferenceType.review: "review",
    ReferenceType.secondary: "secondary source (web article / summary)",
    ReferenceType.label: "prescribing information",
    ReferenceType.database: "pathway database",
    ReferenceType.other: "other",
}


@dataclass(frozen=True)
class Citation:
    """One place in the bundle where a reference is cited."""

    what: str  # "node", "edge" or "clinical fact"
    claim: str  # plain-text label of the claim
    detail: str  # relation / evidence / status, or the fact's aspect
    source: Source


def citations(bundle: Bundle, ref_id: str) -> list[Citation]:
    """Every node, edge and clinical fact citing ``ref_id``, one row per citation."""
    out: list[Citation] = []
    node_ids, edge_keys = bundle.citing(ref_id)
    for nid in node_ids:
        node = bundle.nodes[nid]
        for s in node.sources:
            if s.ref == ref_id:
                out.append(Citation("node", node.label, node.kind.label, s))
    for key in edge_keys:
        e = bundle.edges[key]
        detail = f"{e.relation.label} · evidence: {e.evidence.label} · status: {e.status.value}"
        for s in e.sources:
            if s.ref == ref_id:
                out.append(Citation("edge", edge_label(bundle, e), detail, s))
    for p in bundle.pathways.values():
        name = bundle.drug_name(p)
        for f in p.clinical:
            for s in f.sources:
                if s.ref == ref_id:
                    out.append(Citation("clinical fact", f"{name}: {f.value}", f.aspect.label, s))
    return out


def every_citation(bundle: Bundle) -> list[Citation]:
    """Every source of every node, edge and clinical fact of the bundle."""
    out: list[Citation] = []
    for node in bundle.nodes.values():
        out.extend(Citation("node", node.label, node.kind.label, s) for s in node.sources)
    for e in bundle.edges.values():
        detail = f"{e.relation.label} · evidence: {e.evidence.label} · status: {e.status.value}"
        out.extend(Citation("edge", edge_label(bundle, e), detail, s) for s in e.sources)
    for p in bundle.pathways.values():
        name = bundle.drug_name(p)
        for f in p.clinical:
            out.extend(Citation("clinical fact", f"{name}: {f.value}", f.aspect.label, s) for s in f.sources)
    return out


def quoted_in(bundle: Bundle, ref_id: str) -> list[Citation]:
    """The quotes in the words of text ``ref_id`` that cite another reference (an article citing its papers)."""
    return [
        c for c in every_citation(bundle) if c.source.ref != ref_id and bundle.quoted_from(c.source) == ref_id
    ]


def reference_rows(bundle: Bundle) -> list[dict[str, object]]:
    shorts = ref_shorts(bundle)
    rows = []
    for rid, r in bundle.references.items():
        nodes, edges = bundle.citing(rid)
        facts = sum(1 for p in bundle.pathways.values() for f in p.clinical if any(s.ref == rid for s in f.sources))
        rows.append(
            {
                "citation": shorts.get(rid, r.short),
                "title": r.title,
                "authors": ", ".join(r.authors),
                "journal": r.journal or "",
                "year": r.year,
                "type": TYPE_WORDS.get(r.type, r.type.label),
                "DOI": r.doi or "",
                "PMID": r.pmid or "",
                "link": safe_link(r),
                "cited by": len(nodes) + len(edges) + facts,
                "note": r.note or "",
                "id": rid,
            }
        )
    return rows


def _matches(row: dict[str, object], needle: str) -> bool:
    hay = " ".join("" if v is None else str(v) for v in row.values()).casefold()
    return all(word in hay for word in needle.casefold().split())


def render(bundle: Bundle) -> None:
    st.header("References")
    refs = list(bundle.references.values())
    n_secondary = sum(1 for r in refs if r.type == ReferenceType.secondary)
    st.caption(
        f"{len(refs)} references. Every arrow, node description and clinical fact in pathviz "
        "cites at least one of them, with the sentence it comes from. "
        f"{n_secondary} are secondary sources (web articles or summaries), cited only where they "
        "name no paper for a sentence."
    )

    bib = to_bibtex(refs)
    ris = to_ris(refs)
    c1, c2, _ = st.columns([1, 1, 3])
    with c1:
        st.download_button(
            "Download BibTeX (.bib)",
            data=bib.encode("utf-8"),
            file_name="pathviz-references.bib",
            mime="application/x-bibtex",
            key="refs_bibtex",
        )
    with c2:
        st.download_button(
            "Download RIS (.ris)",
            data=ris.encode("utf-8"),
            file_name="pathviz-references.ris",
            mime="application/x-research-info-systems",
            key="refs_ris",
        )

    needle = st.text_input(
        "Filter references",
        placeholder="author, title, journal, year, DOI, type …",
        key="refs_filter",
    )
    rows = reference_rows(bundle)
    shown = [r for r in rows if _matches(r, needle)] if needle and needle.strip() else rows
    if needle and needle.strip():
        st.caption(f"{len(shown)} of {len(rows)} references match.")
    if shown:
        st.dataframe(
            pd.DataFrame(shown),
            hide_index=True,
            width="stretch",
            column_config={
                "link": st.column_config.LinkColumn("link", help="doi.org, PubMed or PMC, else the source's own https address"),
                "year": st.column_config.NumberColumn("year", format="%d"),
                "cited by": st.column_config.NumberColumn("cited by", help="nodes, arrows and clinical facts citing it"),
                "title": st.column_config.TextColumn("title", width="large"),
                "note": st.column_config.TextColumn("note", width="large"),
            },
            column_order=["citation", "title", "journal", "year", "type", "DOI", "PMID", "link", "cited by", "note", "authors", "id"],
        )
    else:
        st.info("No reference matches this filter.")

    secondary = [r for r in refs if r.type == ReferenceType.secondary]
    if secondary:
        with st.expander(f"Secondary sources ({len(secondary)}): read these with care"):
            st.markdown(
                "These are web articles and summaries, not research papers. They are cited only for "
                "sentences where they name no paper, so any claim resting on them alone has not been "
                "traced to a study."
            )
            st.dataframe(
                pd.DataFrame(
                    [{"source": r.title, "why it is here": r.note or "", "id": r.id} for r in secondary]
                ),
                hide_index=True,
                width="stretch",
            )

    st.subheader("What cites a reference")
    shorts = ref_shorts(bundle)
    ids = [r["id"] for r in shown] or list(bundle.references)
    picked = st.selectbox(
        "Reference",
        ids,
        format_func=lambda rid: _option_label(bundle.references[rid], shorts.get(rid, rid)),
        key="refs_pick",
    )
    if picked is None:
        return
    ref = bundle.references[picked]
    _details(bundle, ref, shorts.get(ref.id, ref.short))

    with st.expander("BibTeX of all references"):
        st.code(bib, language=None, wrap_lines=True)  # long lines wrap: no sideways scrolling in a narrow window


def _option_label(ref: Reference, short: str) -> str:
    title = ref.title if len(ref.title) <= 80 else ref.title[:79] + "…"
    return f"{short} — {title}"


def _details(bundle: Bundle, ref: Reference, short: str) -> None:
    lines = [f"**{md(short)}**: {md(ref.title)}"]
    where = ", ".join(x for x in (ref.journal, ref.volume, ref.pages) if x)
    if where:
        lines.append(md(where))
    if ref.authors:
        lines.append(md(", ".join(ref.authors)))
    ids = []
    if ref.doi:
        ids.append("DOI " + ref.doi)
    if ref.pmid:
        ids.append("PMID " + ref.pmid)
    if ref.pmcid:
        ids.append(ref.pmcid)
    if ids:
        lines.append(md(" · ".join(ids)))
    if ref.link:
        lines.append(link("open the source", ref.link))
    st.markdown("  \n".join(lines))
    if ref.type == ReferenceType.secondary:
        st.warning("Secondary source (a web article or summary, not a research paper). " + md(ref.note or ""))
    elif ref.note:
        st.caption(md(ref.note))

    _quoted_in(bundle, ref)
    cites = citations(bundle, ref.id)
    if not cites:
        st.info("Nothing in the pathways cites this reference.")
        return
    counts = {w: sum(1 for c in cites if c.what == w) for w in ("node", "edge", "clinical fact")}
    st.caption(
        f"Cited {len(cites)} time(s): {counts['edge']} by arrows, {counts['node']} by node descriptions, "
        f"{counts['clinical fact']} by clinical facts."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "cited by": c.what,
                    "claim": c.claim,
                    "detail": c.detail,
                    "quoted sentence": c.source.quote or "(no quote given)",
                    # whose words the quote is (render/text.py's wording), by the text's name, never its file
                    "in the words of": writer(citation_of(bundle, c.source)) or "",
                    "note": c.source.note or "",
                }
                for c in cites
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "claim": st.column_config.TextColumn("claim", width="medium"),
            "quoted sentence": st.column_config.TextColumn("quoted sentence", width="large"),
        },
    )


def _quoted_in(bundle: Bundle, ref: Reference) -> None:
    """The quoted sentences in this text's words that cite other papers (each also listed under its paper)."""
    quoted = quoted_in(bundle, ref.id)
    if not quoted:
        return
    with st.expander(f"{len(quoted)} quoted sentence(s) in its words that cite other papers"):
        st.caption(
            md(f"Each sentence below is in the words of {ref.writer} and cites the paper named with it; "
               "it is also listed under that paper.")
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "cited by": c.what,
                        "claim": c.claim,
                        "detail": c.detail,
                        "quoted as": cite_text(citation_of(bundle, c.source), ids=False),
                        "note": c.source.note or "",
                    }
                    for c in quoted
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "claim": st.column_config.TextColumn("claim", width="medium"),
                "quoted as": st.column_config.TextColumn("quoted as", width="large"),
            },
        )
