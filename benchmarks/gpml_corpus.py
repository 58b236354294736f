"""Run the GPML importer over a directory of WikiPathways files and say how it fares.

    python benchmarks/gpml_corpus.py DIR            # table
    python benchmarks/gpml_corpus.py DIR --json     # table, then one JSON line
    python benchmarks/gpml_corpus.py DIR --limit 50 # the first 50 files (sorted by name)

For every ``*.gpml`` file of DIR (not recursive) it converts the file, writes the pathway YAML
and checks it as ``pathviz validate`` would (``convert`` → ``to_yaml`` → ``self_check``), and
reports:

* files, **crashes** (any exception other than the importer's located ``GpmlError``: a
  traceback is printed for each), **refusals** (``GpmlError``) and whether each refusal is
  located (a line and column past the start of the file), and converted files whose YAML does
  not validate;
* **arrows vs interactions** per file: the edges written against the ``<Interaction>`` elements
  of the file — the largest ratio, and the files with more than 2 × interactions + 10 arrows (an
  arrow to a group drawn as one arrow per member pair would show here);
* **retention**: of the interactions whose two ends are labelled DataNodes (read here with
  ``xml.etree`` on its own, GPML 2013a or 2021), the share that became an arrow between nodes
  with those labels (either direction) — the median over files;
* time per file (median, max) of convert + YAML + validation.

A file the importer refuses counts as retaining nothing.  Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

from pathviz.io.gpml import GpmlError, convert, self_check, to_yaml

NAMESPACES = ("http://pathvisio.org/GPML/2013a", "http://pathvisio.org/GPML/2021")


def _fold(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def node_links(raw: bytes) -> tuple[int, set[frozenset[str]]]:
    """``(interactions, {label pairs})``: every ``<Interaction>`` and the label pairs of those whose
    first and last points sit on two labelled DataNodes (by GraphRef / elementRef)."""
    root = ET.fromstring(raw)
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    g = f"{{{ns}}}" if ns else ""
    labels: dict[str, str] = {}
    for dn in root.iter(f"{g}DataNode"):
        gid = dn.get("GraphId") or dn.get("elementId")
        label = _fold(dn.get("TextLabel") if dn.get("TextLabel") is not None else dn.get("textLabel"))
        if gid and label:
            labels[gid] = label
    interactions = list(root.iter(f"{g}Interaction"))
    pairs: set[frozenset[str]] = set()
    for inter in interactions:
        points = list(inter.iter(f"{g}Point"))
        if len(points) < 2:
            continue
        a = points[0].get("GraphRef") or points[0].get("elementRef")
        b = points[-1].get("GraphRef") or points[-1].get("elementRef")
        if a in labels and b in labels and labels[a] != labels[b]:
            pairs.add(frozenset((labels[a], labels[b])))
    return len(interactions), pairs


def run_file(path: Path) -> dict:
    raw = path.read_bytes()
    row: dict = {"file": path.name, "bytes": len(raw)}
    try:
        interactions, pairs = node_links(raw)
    except ET.ParseError:
        interactions, pairs = 0, set()
    row["interactions"], row["node_pairs"] = interactions, len(pairs)
    start = time.perf_counter()
    try:
        conv = convert(raw, str(path))
        text = to_yaml(conv.data)
        problems = self_check(text, path.stem + ".yaml")
    except GpmlError as exc:
        row["seconds"] = time.perf_counter() - start
        row["refused"] = exc.format()
        row["located"] = (exc.line, exc.col) != (1, 1)
        row["retention"] = 0.0 if pairs else None
        return row
    except Exception:  # noqa: BLE001 - a crash is what this script counts
        row["seconds"] = time.perf_counter() - start
        row["crash"] = traceback.format_exc()
        row["retention"] = 0.0 if pairs else None
        return row
    row["seconds"] = time.perf_counter() - start
    data = conv.data
    label_of = {n["id"]: _fold(n.get("label")) for n in data.get("nodes", [])}
    edges = data.get("edges", [])
    row["nodes"], row["arrows"] = len(label_of), len(edges)
    row["invalid"] = [p for p in problems if ": error: " in p][:3]
    drawn = {frozenset((label_of.get(e["source"], ""), label_of.get(e["target"], ""))) for e in edges}
    row["retention"] = (len(pairs & drawn) / len(pairs)) if pairs else None
    row["ratio"] = len(edges) / interactions if interactions else None
    return row


def summarise(rows: list[dict]) -> dict:
    converted = [r for r in rows if "arrows" in r]
    refused = [r for r in rows if "refused" in r]
    over = [r for r in converted if r["arrows"] > 2 * r["interactions"] + 10]
    ratios = [r["ratio"] for r in converted if r["ratio"] is not None]
    retention = [r["retention"] for r in rows if r["retention"] is not None]
    seconds = [r["seconds"] for r in rows]
    worst = max(converted, key=lambda r: r["ratio"] or 0, default=None)
    return {
        "files": len(rows),
        "converted": len(converted),
        "crashes": sum(1 for r in rows if "crash" in r),
        "refusals": len(refused),
        "refusals_located": sum(1 for r in refused if r["located"]),
        "invalid_yaml": sum(1 for r in converted if r["invalid"]),
        "max_ratio": round(max(ratios), 2) if ratios else None,
        "max_ratio_file": worst["file"] if worst else None,
        "over_2x_plus_10": len(over),
        "over_files": [r["file"] for r in over],
        "median_retention": round(statistics.median(retention), 3) if retention else None,
        "mean_retention": round(statistics.mean(retention), 3) if retention else None,
        "files_with_node_pairs": len(retention),
        "median_s": round(statistics.median(seconds), 4) if seconds else None,
        "max_s": round(max(seconds), 4) if seconds else None,
        "max_s_file": max(rows, key=lambda r: r["seconds"])["file"] if rows else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", metavar="DIR", help="a directory of .gpml files")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files (sorted by name)")
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    args = parser.parse_args(argv)
    directory = Path(args.directory)
    if not directory.is_dir():
        print(f"gpml_corpus.py: {args.directory} is not a directory", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("gpml_corpus.py: --limit must be at least 1", file=sys.stderr)
        return 2
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() == ".gpml" and p.is_file())
    if not files:
        print(f"gpml_corpus.py: {args.directory} holds no .gpml files", file=sys.stderr)
        return 2
    rows = [run_file(p) for p in files[: args.limit]]
    for r in rows:
        if "crash" in r:
            print(f"CRASH {r['file']}\n{r['crash']}")
    for r in rows:
        if "refused" in r:
            print(f"refused ({'located' if r['located'] else 'NOT located'}): {r['refused']}")
    for r in rows:
        if r.get("invalid"):
            print(f"does not validate: {r['file']}: {r['invalid'][0]}")
    s = summarise(rows)
    print(f"files                      {s['files']} ({s['converted']} converted)")
    print(f"crashes (tracebacks)       {s['crashes']}")
    print(f"refusals                   {s['refusals']} ({s['refusals_located']} located with line:col)")
    print(f"converted, YAML has errors {s['invalid_yaml']}")
    print(f"max arrows / interactions  {s['max_ratio']} ({s['max_ratio_file']})")
    print(f"arrows > 2×interactions+10 {s['over_2x_plus_10']} {' '.join(s['over_files'][:10])}")
    print(f"median retention           {s['median_retention']} (mean {s['mean_retention']}; interactions between labelled DataNodes, "
          f"{s['files_with_node_pairs']} files have some)")
    print(f"time per file              median {s['median_s']} s, max {s['max_s']} s ({s['max_s_file']})")
    if args.json:
        print(json.dumps(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
