"""Time the GPML import (convert + YAML + validation) of real and generated files.

    python benchmarks/gpml_bench.py                   # table
    python benchmarks/gpml_bench.py --json            # table, then one JSON line
    python benchmarks/gpml_bench.py --nodes 5000      # a larger generated pathway
    python benchmarks/gpml_bench.py --write DIR       # also write the generated GPML files to DIR

Files: the WikiPathways samples of ``/work/shared/samples/wikipathways`` (or ``--samples DIR``)
and a GENERATED pathway of ``--nodes`` DataNodes (default 2,000) in both GPML formats (2013a and
2021): proteins, genes and metabolites with cross-references, complexes (groups of two or three
members), interactions about 1.5 per node with MIM arrowheads, every tenth one a catalysis whose
line ends on the anchor of another interaction, and publications cited by some interactions.

Each file is imported through the one import flow (``pathviz.io.imports.parse_import``: convert,
YAML, check on its own). The baseline, measured in the same run on the same bytes, is parsing
the XML with ``xml.etree.ElementTree`` alone; the ratio says how many XML parses one import
costs. Goals: at most 1 s for a typical pathway (the samples), at most 2 s for the largest (the
generated one). The time of a file is the median of ``--repeat`` runs (default 3).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from pathviz.io.imports import parse_import

SAMPLES = Path("/work/shared/samples/wikipathways")
GOAL_TYPICAL_S = 1.0
GOAL_LARGEST_S = 2.0
FORMATS = ("2013a", "2021")

_TYPES = ("GeneProduct", "Protein", "Protein", "Metabolite", "Rna")
_XREF = {"GeneProduct": ("Entrez Gene", "ncbigene"), "Protein": ("Uniprot-TrEMBL", "uniprot"),
         "Rna": ("Entrez Gene", "ncbigene"), "Metabolite": ("ChEBI", "chebi")}
_HEADS_2013 = ("mim-stimulation", "mim-conversion", "mim-inhibition", "Arrow", "TBar", "mim-binding",
               "mim-transcription-translation", "mim-cleavage")
_HEADS_2021 = ("Stimulation", "Conversion", "Inhibition", "Directed", "Inhibition", "Binding",
               "TranscriptionTranslation", "Cleavage")


def _xref_id(kind: str, i: int) -> str:
    if kind == "Protein":
        return f"P{10000 + i:05d}"
    if kind == "Metabolite":
        return f"CHEBI:{15000 + i}"
    return str(1000 + i)


def generated_gpml(n_nodes: int = 2000, fmt: str = "2013a", seed: int = 0) -> bytes:
    """A seeded, well-formed WikiPathways-like pathway of ``n_nodes`` DataNodes in GPML ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}")
    if n_nodes < 10:
        raise ValueError("n_nodes must be at least 10")
    rng = random.Random(seed)
    nodes = []  # (id, label, type, x, y, group)
    groups: list[str] = []
    i = 0
    while i < n_nodes:
        members = rng.choice((2, 3)) if i % 25 == 0 and i + 3 <= n_nodes else 1
        group = f"grp{len(groups)}" if members > 1 else None
        if group:
            groups.append(group)
        for _ in range(members):
            kind = _TYPES[i % len(_TYPES)]
            label = f"{'M' if kind == 'Metabolite' else 'G'}{i:05d}"
            nodes.append((f"n{i}", label, kind, 100 + (i % 40) * 120, 100 + (i // 40) * 60, group))
            i += 1
    targets = [n[0] for n in nodes] + groups[: len(groups) // 2]
    n_lines = n_nodes * 3 // 2
    lines = []  # (id, source, target, head index, anchor id, cites)
    for k in range(n_lines):
        if k % 10 == 9 and lines:
            src, tgt, head = rng.choice(targets), lines[rng.randrange(len(lines))][4], 0  # catalysis on an anchor
        else:
            a = rng.randrange(len(targets))
            src, tgt, head = targets[a], targets[(a + 1 + rng.randrange(60)) % len(targets)], rng.randrange(len(_HEADS_2013))
        lines.append((f"i{k}", src, tgt, head, f"anc{k}", k % 7 == 0))
    n_pubs = max(1, n_nodes // 50)
    pubs = [f"pub{p}" for p in range(n_pubs)]
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    title = f"Generated pathway ({n_nodes} nodes)"
    if fmt == "2013a":
        out.append(f'<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name={quoteattr(title)} Version="WP99990_r1" '
                   'Organism="Homo sapiens" Data-Source="WikiPathways">')
        out.append('  <Graphics BoardWidth="5000.0" BoardHeight="5000.0" />')
        for gid, label, kind, x, y, group in nodes:
            db, _ = _XREF[kind]
            grp = f' GroupRef="{group}"' if group else ""
            out.append(f'  <DataNode TextLabel="{label}" GraphId="{gid}" Type="{kind}"{grp}>')
            out.append(f'    <Graphics CenterX="{x}.0" CenterY="{y}.0" Width="90.0" Height="25.0" ZOrder="32768" FontSize="12" Valign="Middle" />')
            out.append(f'    <Xref Database="{db}" ID="{_xref_id(kind, int(gid[1:]))}" />')
            out.append("  </DataNode>")
        for lid, src, tgt, head, anchor, cites in lines:
            arrow = "mim-catalysis" if tgt.startswith("anc") else _HEADS_2013[head]
            out.append(f'  <Interaction GraphId="{lid}">')
            if cites:
                out.append(f"    <BiopaxRef>{pubs[int(lid[1:]) % n_pubs]}</BiopaxRef>")
            out.append('    <Graphics ZOrder="12288" LineThickness="1.0">')
            out.append(f'      <Point X="0.0" Y="0.0" GraphRef="{src}" RelX="1.0" RelY="0.0" />')
            out.append(f'      <Point X="10.0" Y="0.0" GraphRef="{tgt}" RelX="-1.0" RelY="0.0" ArrowHead="{arrow}" />')
            out.append(f'      <Anchor Position="0.5" Shape="None" GraphId="{anchor}" />')
            out.append("    </Graphics>")
            out.append('    <Xref Database="" ID="" />')
            out.append("  </Interaction>")
        for g in groups:
            out.append(f'  <Group GroupId="{g}" GraphId="{g}" Style="Complex" />')
        out.append('  <InfoBox CenterX="0.0" CenterY="0.0" />')
        out.append('  <Biopax>')
        for p, rid in enumerate(pubs):
            out.append(f'    <bp:PublicationXref xmlns:bp="http://www.biopax.org/release/biopax-level3.owl#" '
                       f'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:id="{rid}">')
            out.append(f'      <bp:ID rdf:datatype="http://www.w3.org/2001/XMLSchema#string">{20000000 + p}</bp:ID>')
            out.append('      <bp:DB rdf:datatype="http://www.w3.org/2001/XMLSchema#string">PubMed</bp:DB>')
            out.append(f'      <bp:TITLE rdf:datatype="http://www.w3.org/2001/XMLSchema#string">Generated study {p}</bp:TITLE>')
            out.append('      <bp:YEAR rdf:datatype="http://www.w3.org/2001/XMLSchema#string">2020</bp:YEAR>')
            out.append("    </bp:PublicationXref>")
        out.append("  </Biopax>")
    else:
        out.append(f'<Pathway xmlns="http://pathvisio.org/GPML/2021" title={quoteattr(title)} organism="Homo sapiens" '
                   'source="WikiPathways" version="WP99990_r1" license="CC0">')
        out.append('  <Xref identifier="WP99990" dataSource="wikipathways" />')
        out.append('  <Graphics boardWidth="5000.0" boardHeight="5000.0" />')
        out.append("  <DataNodes>")
        for gid, label, kind, x, y, group in nodes:
            _, prefix = _XREF[kind]
            grp = f' groupRef="{group}"' if group else ""
            out.append(f'    <DataNode elementId="{gid}" textLabel="{label}" type="{kind}"{grp}>')
            out.append(f'      <Xref identifier="{_xref_id(kind, int(gid[1:]))}" dataSource="{prefix}" />')
            out.append(f'      <Graphics centerX="{x}.0" centerY="{y}.0" width="90.0" height="25.0" fontSize="12" vAlign="Middle" shapeType="Rectangle" zOrder="32768" />')
            out.append("    </DataNode>")
        out.append("  </DataNodes>")
        out.append("  <Interactions>")
        for lid, src, tgt, head, anchor, cites in lines:
            arrow = "Catalysis" if tgt.startswith("anc") else _HEADS_2021[head]
            out.append(f'    <Interaction elementId="{lid}">')
            out.append("      <Waypoints>")
            out.append(f'        <Point elementId="{lid}s" arrowHead="Undirected" x="0.0" y="0.0" elementRef="{src}" relX="1.0" relY="0.0" />')
            out.append(f'        <Point elementId="{lid}t" arrowHead="{arrow}" x="10.0" y="0.0" elementRef="{tgt}" relX="-1.0" relY="0.0" />')
            out.append(f'        <Anchor elementId="{anchor}" position="0.5" shapeType="None" />')
            out.append("      </Waypoints>")
            out.append('      <Graphics lineColor="000000" lineStyle="Solid" lineWidth="1.0" connectorType="Straight" zOrder="12288" />')
            if cites:
                out.append(f'      <CitationRef elementRef="{pubs[int(lid[1:]) % n_pubs]}" />')
            out.append("    </Interaction>")
        out.append("  </Interactions>")
        out.append("  <Groups>")
        for g in groups:
            out.append(f'    <Group elementId="{g}" type="Complex">')
            out.append('      <Graphics centerX="0.0" centerY="0.0" width="100.0" height="60.0" shapeType="Rectangle" zOrder="0" />')
            out.append("    </Group>")
        out.append("  </Groups>")
        out.append("  <Citations>")
        for p, rid in enumerate(pubs):
            out.append(f'    <Citation elementId="{rid}">')
            out.append(f'      <Xref identifier="{20000000 + p}" dataSource="pubmed" />')
            out.append("    </Citation>")
        out.append("  </Citations>")
    out.append("</Pathway>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_file(name: str, raw: bytes, repeat: int) -> dict:
    baseline = _median_time(lambda: ET.fromstring(raw), repeat)
    holder: dict = {}

    def run() -> None:
        holder["r"] = parse_import(raw, name)

    seconds = _median_time(run, repeat)
    result = holder["r"]
    row = {
        "file": name,
        "kib": round(len(raw) / 1024),
        "seconds": round(seconds, 4),
        "baseline_s": round(baseline, 5),
        "ratio": round(seconds / baseline, 1) if baseline > 0 else None,
        "ok": result.ok,
        "nodes": len(result.data.get("nodes", [])) if result.data else 0,
        "arrows": len(result.data.get("edges", [])) if result.data else 0,
    }
    if not result.ok:
        row["error"] = result.errors[0]
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", default=str(SAMPLES), metavar="DIR", help="a directory of .gpml samples")
    parser.add_argument("--nodes", type=int, default=2000, help="DataNodes of the generated pathway (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the median is reported (default 3)")
    parser.add_argument("--write", metavar="DIR", help="also write the generated GPML files to DIR")
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    args = parser.parse_args(argv)
    samples = Path(args.samples)
    if not samples.is_dir():
        print(f"gpml_bench.py: --samples {args.samples} is not a directory", file=sys.stderr)
        return 2
    if args.nodes < 10 or args.nodes > 20000:
        print("gpml_bench.py: --nodes must be between 10 and 20000", file=sys.stderr)
        return 2
    if args.repeat < 1:
        print("gpml_bench.py: --repeat must be at least 1", file=sys.stderr)
        return 2
    files = sorted(p for p in samples.iterdir() if p.suffix.lower() == ".gpml")
    if not files:
        print(f"gpml_bench.py: {args.samples} holds no .gpml files", file=sys.stderr)
        return 2
    inputs = [(p.name, p.read_bytes(), "sample") for p in files]
    for fmt in FORMATS:
        inputs.append((f"generated-{args.nodes}-{fmt}.gpml", generated_gpml(args.nodes, fmt), "generated"))
    if args.write:
        out = Path(args.write)
        out.mkdir(parents=True, exist_ok=True)
        for name, raw, kind in inputs:
            if kind == "generated":
                (out / name).write_bytes(raw)
    rows = []
    print(f"{'file':34} {'KiB':>6} {'nodes':>6} {'arrows':>6} {'import s':>9} {'XML s':>8} {'ratio':>6}")
    for name, raw, kind in inputs:
        row = bench_file(name, raw, args.repeat)
        row["kind"] = kind
        rows.append(row)
        status = "" if row["ok"] else f"  NOT IMPORTED: {row['error'][:120]}"
        print(f"{name:34} {row['kib']:>6} {row['nodes']:>6} {row['arrows']:>6} {row['seconds']:>9.3f} "
              f"{row['baseline_s']:>8.4f} {row['ratio']:>6}{status}")
    typical = [r["seconds"] for r in rows if r["kind"] == "sample"]
    largest = max(r["seconds"] for r in rows)
    summary = {
        "files": rows,
        "typical_median_s": round(statistics.median(typical), 4),
        "largest_s": round(largest, 4),
        "goal_typical_s": GOAL_TYPICAL_S,
        "goal_largest_s": GOAL_LARGEST_S,
        "typical_ok": statistics.median(typical) <= GOAL_TYPICAL_S,
        "largest_ok": largest <= GOAL_LARGEST_S,
        "all_imported": all(r["ok"] for r in rows),
    }
    print(f"typical (samples, median): {summary['typical_median_s']} s (goal ≤ {GOAL_TYPICAL_S} s: "
          f"{'met' if summary['typical_ok'] else 'NOT met'}); largest: {summary['largest_s']} s "
          f"(goal ≤ {GOAL_LARGEST_S} s: {'met' if summary['largest_ok'] else 'NOT met'})")
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
