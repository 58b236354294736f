"""Load your own pathway: validate an uploaded YAML (or WikiPathways GPML) and compare it.

The upload lives in this browser session only (``st.session_state``): other
users never see it and nothing is written to disk.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import yaml

from pathviz.io.pathways import LoadResult, load_pathways
from pathviz.model import Bundle
from pathviz.ui import cached, navigation, state
from pathviz.ui.text import md

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def check_upload(name: str, raw: bytes) -> LoadResult:
    """Validate an uploaded file together with the bundled pathways (nothing is written).

    An upload whose pathway id is a bundled pathway's replaces that pathway, as it will on the
    Compare page (the app loads uploads the same way).
    """
    return load_pathways(
        [cached.default_pathways_dir()], extra=[(name, raw)], max_extra_bytes=MAX_UPLOAD_BYTES, extra_replaces=True
    )


def replacement_note(result: LoadResult) -> str | None:
    """'It replaces the bundled pathway Psilocybin (…) in this browser session …' (Markdown), or None."""
    if result.bundle is None or not result.replaced:
        return None
    named = [
        f"{md(result.bundle.drug_name(result.bundle.pathways[pid]))} (id {md(pid)}, file {md(Path(file).name)})"
        for pid, file in result.replaced.items()
        if pid in result.bundle.pathways
    ]
    if not named:
        return None
    return (
        f"When you use it, it replaces the bundled pathway {' and '.join(named)} in this browser session "
        "only: every page then shows your file in its place, and everyone else still sees the bundled one."
    )


def render(bundle: Bundle) -> None:
    st.title("Load your own pathway")
    st.markdown(
        "Upload a pathway file in the pathviz YAML format (see **How to read this** and the README), "
        "or a WikiPathways **GPML** file. It is checked exactly like `pathviz validate` does, together "
        "with the bundled pathways, so it can use their nodes and references. A valid pathway with a "
        "`drug:` can then be picked as drug A or B on the Compare page. It stays in this browser "
        "session only and is never saved on the server."
    )
    current = state.uploads()
    if current:
        names = ", ".join(md(n) for n, _ in current)
        base = cached.load_bundle().bundle
        mine = {n for n, _ in current}
        replacing = [
            p for p in bundle.pathways.values() if p.file in mine and base is not None and p.id in base.pathways
        ]
        instead = (
            " — in place of the bundled pathway " + " and ".join(md(bundle.drug_name(p)) for p in replacing)
            if replacing
            else ""
        )
        st.success(f"In use in this session: {names}{instead}")
        if st.button("Remove the uploaded pathway", key="pv_upload_remove"):
            state.set_uploads(())
            st.rerun()

    up = st.file_uploader(
        "Pathway file (.yaml, .yml or .gpml), at most 2 MB",
        type=["yaml", "yml", "gpml", "xml"],
        accept_multiple_files=False,
        key="pv_upload_file",
    )
    if up is None:
        return
    raw = up.getvalue()
    name = up.name
    if len(raw) > MAX_UPLOAD_BYTES:
        st.error(f"{md(name)} is {len(raw) / 1024 / 1024:.1f} MB; the limit is 2 MB. Split the pathway into smaller files.")
        return
    if name.lower().endswith((".gpml", ".xml")):
        converted = _convert_gpml(raw, name)
        if converted is None:
            return
        name, raw = converted
    result = check_upload(name, raw)
    upload_problems = [p for p in result.problems if p.file == name]
    other_errors = [p for p in result.errors if p.file != name]
    if result.bundle is None:
        st.error(f"**{md(name)} has problems.** Each line names the file, line and column, as `pathviz validate` does.")
        # wrapped: the end of a line says what to do
        st.code("\n".join(p.format() for p in (upload_problems or result.errors)), language=None, wrap_lines=True)
        if other_errors and not upload_problems:
            st.caption("The errors are in bundled files that clash with the upload (for example the same node id).")
        return
    warnings = [p for p in upload_problems if p.severity == "warning"]
    if warnings:
        st.warning("Valid, with warnings:")
        st.code("\n".join(p.format() for p in warnings), language=None, wrap_lines=True)
    added = [p for p in result.bundle.pathways.values() if p.file == name]
    drugs = [p for p in added if p.is_drug]
    n_nodes = sum(len(p.node_ids) for p in added)
    n_edges = sum(len(p.edge_keys) for p in added)
    note = replacement_note(result)
    st.success(
        f"**{md(name)} is valid:** {len(added)} pathway(s), {n_nodes} nodes, {n_edges} edges."
        + (f" {note}" if note else "")
    )
    if not drugs:
        st.info(
            "This pathway has no `drug:` entry, so it is added as context. To compare it as a drug, "
            "add `drug: <node id>` at the top (or, for GPML, pick the drug node above)."
        )
    if st.button("Use it on the Compare page", type="primary", key="pv_upload_use"):
        state.set_uploads(((name, raw),))
        if drugs:
            st.session_state[state.key("b")] = drugs[0].id
        navigation.switch_to("compare")


def _convert_gpml(raw: bytes, name: str) -> tuple[str, bytes] | None:
    from pathviz.io.gpml import GpmlError, gpml_to_pathway, link_to_bundle

    try:
        data, warnings = gpml_to_pathway(raw, name)
    except GpmlError as exc:
        st.error(f"**{md(name)} could not be read as GPML.**")
        st.code(exc.format(), language=None, wrap_lines=True)
        return None
    nodes = [n["id"] for n in data.get("nodes", [])]
    labels = {n["id"]: n.get("label", n["id"]) for n in data.get("nodes", [])}
    drug = st.selectbox(
        "Which node should act as the drug (so it can be compared)?",
        [""] + nodes,
        format_func=lambda n: "— none: add it as context —" if not n else labels.get(n, n),
        key="pv_upload_drug",
    )
    if drug:
        try:
            data, warnings = gpml_to_pathway(raw, name, drug=drug)
        except GpmlError as exc:
            st.error(md(exc.message))
            return None
    link = st.checkbox(
        "Connect it to the bundle: reuse bundled nodes with the same name (e.g. NTRK2 → TrkB receptor)",
        value=True,
        key="pv_upload_link",
        help="Without this, imported nodes stay separate and cannot converge with the bundled drugs.",
    )
    if link:
        base = load_pathways([cached.default_pathways_dir()])
        if base.bundle is not None:
            data, linked = link_to_bundle(data, base.bundle)
            warnings = warnings + [f"linked: {n}" for n in linked]
    for w in warnings[:20]:
        st.caption(md(w))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    with st.expander("The converted pathway (YAML)"):
        st.code(text, language="yaml")
    yaml_name = name.rsplit(".", 1)[0] + ".yaml"
    return yaml_name, text.encode("utf-8")
