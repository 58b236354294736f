"""Load your own pathway: validate an uploaded YAML (or WikiPathways GPML) and compare it.

The upload lives in this browser session only (``st.session_state``): other
users never see it and nothing is written to disk.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pathviz.io.gpml import MAX_GPML_BYTES
from pathviz.io.imports import ImportResult, parse_import
from pathviz.io.pathways import LoadResult, load_pathways
from pathviz.io.yaml_source import MAX_FILE_BYTES
from pathviz.model import Bundle
from pathviz.ui import cached, navigation, state
from pathviz.ui.text import md
from pathviz.view import MAX_DRAWN_NODES

MAX_UPLOAD_BYTES = MAX_FILE_BYTES  # a pathway YAML file: the limit of every pathway file
MAX_GPML_UPLOAD_BYTES = MAX_GPML_BYTES  # a GPML file: the importer's limit, checked before parsing
_IMPORT_KEY = state.PREFIX + "upload_import"  # this session's last imports: {(sha256, name, drug, link): ImportResult}


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _mib(n: int) -> str:
    return f"{n / 1048576:g} MiB"


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
        f"Pathway file: YAML (.yaml, .yml) up to {_mib(MAX_UPLOAD_BYTES)}, or GPML (.gpml) up to {_mib(MAX_GPML_UPLOAD_BYTES)}",
        type=["yaml", "yml", "gpml", "xml"],
        accept_multiple_files=False,
        key="pv_upload_file",
    )
    if up is None:
        return
    raw = up.getvalue()
    name = up.name
    if name.lower().endswith((".gpml", ".xml")):
        _import_gpml(raw, name)
        return
    if len(raw) > MAX_UPLOAD_BYTES:
        st.error(
            f"{md(name)} is {len(raw) / 1048576:.1f} MiB; a pathway file holds at most {_mib(MAX_UPLOAD_BYTES)}. "
            "Split the pathway into smaller files."
        )
        return
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
    _offer(result, name, raw, replacement_note(result))


def _offer(result: LoadResult, name: str, raw: bytes, note: str | None = None) -> None:
    """Say what a valid file adds (and whether it can be drawn), and offer it to the Compare page."""
    assert result.bundle is not None
    added = [p for p in result.bundle.pathways.values() if p.file == name]
    drugs = [p for p in added if p.is_drug]
    n_nodes = sum(len(p.node_ids) for p in added)
    n_edges = sum(len(p.edge_keys) for p in added)
    st.success(
        f"**{md(name)} is valid:** {len(added)} pathway(s), {n_nodes:,} nodes, {n_edges:,} edges."
        + (f" {note}" if note else "")
    )
    if n_nodes > MAX_DRAWN_NODES:
        st.warning(
            f"It has {n_nodes:,} nodes, more than a diagram can draw legibly ({MAX_DRAWN_NODES:,}). The Compare "
            "page will say so instead of drawing it and list its nodes and arrows as text; its filters (core "
            "mechanism, tier, region, only paths to convergent nodes) narrow it, and the data downloads "
            "(GraphML, Cytoscape, SBGN, CSV) hold all of it."
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


def _import_gpml(raw: bytes, name: str) -> None:
    """A GPML file through the import flow (:mod:`pathviz.io.imports`, as ``pathviz import``), shown."""
    if len(raw) > MAX_GPML_UPLOAD_BYTES:
        st.error(
            f"**{md(name)} is {len(raw) / 1048576:.1f} MiB**; GPML files larger than "
            f"{_mib(MAX_GPML_UPLOAD_BYTES)} are refused before they are read."
        )
        return
    link = st.checkbox(
        "Connect it to the bundle: reuse bundled nodes with the same name (e.g. NTRK2 → TrkB receptor)",
        value=True,
        key="pv_upload_link",
        help="Without this, imported nodes stay separate and cannot converge with the bundled drugs.",
    )
    first = _run_import(raw, name, drug=None, link=link)
    if first.conversion is None:  # not GPML that can be imported: the located reason
        st.error(f"**{md(name)} could not be imported.** Each line names the file, line and column.")
        st.code("\n".join(first.errors), language=None, wrap_lines=True)
        return
    nodes = first.conversion.data.get("nodes", [])
    labels = {n["id"]: n.get("label", n["id"]) for n in nodes}
    drug = st.selectbox(
        "Which node should act as the drug (so it can be compared)?",
        [""] + list(labels),
        format_func=lambda n: "— none: add it as context —" if not n else f"{labels.get(n, n)} ({n})",
        key="pv_upload_drug",
    )
    result = _run_import(raw, name, drug=drug, link=link) if drug else first
    if not result.ok:
        st.error(f"**{md(name)} could not be imported.** Each line names the file, line and column.")
        st.code("\n".join(result.errors), language=None, wrap_lines=True)
        return
    st.caption(md(result.summary()[:1].upper() + result.summary()[1:] + "."))
    notes = result.warnings + [f"linked: {n}" for n in result.linked]
    if notes:
        said = f"{_plural(len(result.warnings), 'warning')}, {_plural(len(result.linked), 'node')} linked to the bundle"
        with st.expander(f"What the import says: {said}"):
            st.code("\n".join(notes), language=None, wrap_lines=True)
    with st.expander("The converted pathway (YAML)"):
        text = result.text or ""
        shown = text if len(text) <= 200_000 else text[:200_000] + "\n# … (the rest is in the file)"
        st.code(shown, language="yaml")
    assert result.checked is not None
    _offer(result.checked, result.yaml_name, (result.text or "").encode("utf-8"))


def _run_import(raw: bytes, name: str, *, drug: str | None, link: bool) -> ImportResult:
    """The import of this upload with these choices; the session keeps the last one, so a rerun
    of the page (any click) does not import the file again."""
    import hashlib

    what = (hashlib.sha256(raw).hexdigest(), name, drug, link)
    kept: dict = st.session_state.setdefault(_IMPORT_KEY, {})
    if what in kept:
        return kept[what]
    base_result = cached.load_bundle()
    result = parse_import(
        raw,
        name,
        drug=drug,
        base=cached.default_pathways_dir(),
        bundle=base_result.bundle,
        link=link,
        max_bytes=MAX_GPML_UPLOAD_BYTES,
    )
    if len(kept) >= 4:  # the imports of this file with the last choices; older files are dropped
        kept.pop(next(iter(kept)))
    kept[what] = result
    return result
