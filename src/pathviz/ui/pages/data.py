"""Data page: every pathway, node and reference of the bundle, as tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pathviz.model import Bundle
from pathviz.ui.text import safe_url


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
                "region": n.region.label if n.region else "",
                "description": n.description,
            }
            for n in bundle.nodes.values()
        ]
    )
    st.dataframe(nodes, hide_index=True, width="stretch")

    st.subheader(f"References ({len(bundle.references)})")
    refs = pd.DataFrame(
        [
            {
                "citation": bundle.short(r.id),
                "title": r.title,
                "journal": r.journal or "",
                "year": r.year,
                "link": safe_url(r.link) or "",
            }
            for r in bundle.references.values()
        ]
    )
    st.dataframe(
        refs,
        hide_index=True,
        width="stretch",
        column_config={"link": st.column_config.LinkColumn("link")},
    )
