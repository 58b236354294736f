"""Writing an imported pathway: YAML text, the file, the check of what was written, linking to a bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


def _unshared(value: Any) -> Any:
    """A copy in which no dict or list is used twice (so YAML writes no &anchors)."""
    if isinstance(value, dict):
        return {k: _unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshared(v) for v in value]
    return value


def to_yaml(data: dict[str, Any]) -> str:
    """The pathway file text."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(_unshared(data), Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def self_check(text: str, out_name: str, conversion: Any = None) -> list[str]:
    """Problems pathviz would report on the produced file (there should be none).

    With the ``conversion`` that produced the text, each problem is told at the
    GPML element that produced the bad item (``GPML:LINE:COL: error: ...``).
    """
    from pathviz.io.pathways import parse_pathways

    result = parse_pathways([(out_name, text)])
    if conversion is None:
        return [p.format() for p in result.problems]
    return [conversion.locate(p) for p in result.problems]


def write_yaml(text: str, output: str, force: bool) -> None:
    """Write ``text`` to ``output`` ('-' = standard output); never overwrites without ``force``."""
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    if path.is_dir():
        raise FileExistsError(f"{output} is a directory")
    if force:
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)
    else:
        with open(path, "x", encoding="utf-8") as fh:  # never overwrites
            fh.write(text)


def link_to_bundle(data: dict, bundle: Any) -> tuple[dict, list[str]]:
    """Reuse bundle nodes for imported nodes with the same name (opt-in: ``--link-to``).

    An imported node whose label equals (ignoring case) the label, id or a
    synonym of exactly one bundle node is replaced by that node, so the
    imported interactions connect to the bundle and convergence with its drugs
    can be computed. The drug node, complexes and groups are never replaced.
    Edges that become self-loops are dropped; edges that become identical are
    merged (their sources kept); every imported edge gets an explicit id so it
    never clashes with a bundle edge. Returns the new data and one line per replacement.
    """
    index: dict[str, set[str]] = {}
    for nid, node in bundle.nodes.items():
        for name in [node.label, nid, *node.synonyms]:
            index.setdefault(name.strip().lower(), set()).add(nid)
    drug = data.get("drug")
    mapping: dict[str, str] = {}
    notes: list[str] = []
    for node in data.get("nodes", []):
        if node["id"] == drug or node.get("kind") in ("complex", "group"):
            continue
        hits = index.get(str(node.get("label", "")).strip().lower(), set())
        if len(hits) == 1:
            (target,) = hits
            mapping[node["id"]] = target
            notes.append(f"{node.get('label')} ({node['id']}) is the bundle's '{target}' (same name)")
    out = dict(data)
    out["nodes"] = [n for n in data.get("nodes", []) if n["id"] not in mapping]
    merged: dict[tuple[str, str, str], dict] = {}
    for edge in data.get("edges", []):
        s, t = mapping.get(edge["source"], edge["source"]), mapping.get(edge["target"], edge["target"])
        if s == t:
            continue
        key = (s, edge["relation"], t)
        if key in merged:
            seen = merged[key]["sources"]
            for src in edge["sources"]:
                if src not in seen:
                    seen.append(src)
            continue
        merged[key] = {**edge, "source": s, "target": t, "sources": list(edge["sources"])}
    pid = data.get("id", "imported")
    edges = []
    for i, edge in enumerate(merged.values(), 1):
        edges.append({"id": f"{pid}_e{i}"[:64], **{k: v for k, v in edge.items() if k != "id"}})
    out["edges"] = edges
    return out, notes
