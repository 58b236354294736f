"""Data page: every pathway, node and reference of the bundle, as tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pathviz.model import Bundle
from pathviz.ui.text import md, safe_url


def _full_table(df: pd.DataFrame) -> None:
    """A table that shows every cell in full (wrapped, never cut); text Markdown-escaped."""
    out = df.map(md)
    out.columns = [md(c) for c in df.columns]
    st.table(out)


def render(bundle: Bundle) -> None:
    st.header("Pathway data")
    st.caption("Everything the diagrams are drawn from, straight from the YAML files.")
    rows = [
        {
            "pathway": p.title,
            "id": p.id,
            "drug": p.drug or "— (context)",
            "nodes": len(p.node_ids),
            "edges": len(p.edge_keys),
            "file": p.file,
        }
        for p in bundle.pathways.values()
    ]
    st.subheader(f"Pathways ({len(rows)})")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    st.subheader(f"Nodes ({len(bundle.nodes)})")
    nodes = pd.DataFrame(
        [
            {
                "label": n.label,
                "id": n.id,
                "kind": n.kind.label,
                "tier": n.tier.label,
                "region": n.region.label if n.region else "no region given",
                "description": n.description,
            }
            for n in bundle.nodes.values()
        ]
    )
    _full_table(nodes.set_index("label"))

    st.subheader(f"References ({len(bundle.references)})")
    refs = pd.DataFrame(
        [
            {
                "citation": bundle.short(r.id),
                "title": r.title,
                "journal": r.journal or "no journal (web page or label)",
                "year": str(r.year) if r.year else "year not given",
                "identifier": " · ".join(x for x in (f"doi:{r.doi}" if r.doi else "", f"PMID {r.pmid}" if r.pmid else "") if x)
                or "no DOI or PubMed id",
                "link": safe_url(r.link) or "no link",
            }
            for r in bundle.references.values()
        ]
    )
    _full_table(refs.set_index("citation"))
