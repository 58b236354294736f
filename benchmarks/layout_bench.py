"""Time ``pathviz.layout.layered_layout`` against graphviz ``dot`` on a synthetic tiered graph.

    python benchmarks/layout_bench.py            # table
    python benchmarks/layout_bench.py --json     # table, then one JSON line
    python benchmarks/layout_bench.py --no-dot   # layout only

The synthetic graph imitates two large drug cascades: ``n_tiers`` tiers of equal size, nodes
split between drug A, drug B, a shared column and a few context nodes, edges pointing down,
mostly to the next tier (85 %) and otherwise two or three tiers down, mostly within one side.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Hashable
from pathlib import Path

import networkx as nx

from pathviz.layout.layered import layered_layout

DOT_TIMEOUT_S = 300.0


def synthetic_graph(
    n_nodes: int = 5000, n_edges: int = 10000, n_tiers: int = 8, seed: int = 0
) -> tuple[nx.DiGraph, dict[Hashable, int], dict[Hashable, str], dict[Hashable, float]]:
    """A seeded random tiered graph: ``(graph, tier, side, label_width)``."""
    if n_tiers < 2 or n_nodes < n_tiers:
        raise ValueError("need at least 2 tiers and one node per tier")
    rng = random.Random(seed)
    graph = nx.DiGraph()
    tier: dict[Hashable, int] = {}
    side: dict[Hashable, str] = {}
    label_width: dict[Hashable, float] = {}
    by_tier: list[list[str]] = [[] for _ in range(n_tiers)]
    by_tier_side: list[dict[str, list[str]]] = [
        {"a": [], "b": [], "shared": [], "context": []} for _ in range(n_tiers)
    ]
    for i in range(n_nodes):
        node = f"n{i:05d}"
        t = i % n_tiers
        roll = rng.random()
        s = "a" if roll < 0.45 else "b" if roll < 0.90 else "shared" if roll < 0.97 else "context"
        graph.add_node(node)
        tier[node], side[node] = t, s
        label_width[node] = round(rng.uniform(0.6, 3.0), 1)
        by_tier[t].append(node)
        by_tier_side[t][s].append(node)

    nodes = list(graph.nodes)
    attempts = 0
    while graph.number_of_edges() < n_edges:
        attempts += 1
        if attempts > 50 * n_edges:
            raise ValueError(f"could not place {n_edges} distinct edges on {n_nodes} nodes")
        u = rng.choice(nodes)
        t = tier[u]
        if t == n_tiers - 1:
            continue
        step = 1 if rng.random() < 0.85 else rng.randint(2, 3)
        target = min(t + step, n_tiers - 1)
        same = by_tier_side[target][side[u]]
        pool = same if same and rng.random() < 0.7 else by_tier[target]
        v = rng.choice(pool)
        graph.add_edge(u, v)
    return graph, tier, side, label_width


def time_layout(
    n_nodes: int = 5000, n_edges: int = 10000, n_tiers: int = 8, seed: int = 0, *, repeats: int = 5
) -> float:
    """Median wall time of ``layered_layout`` on ``synthetic_graph(...)``, in ms."""
    graph, tier, side, label_width = synthetic_graph(n_nodes, n_edges, n_tiers, seed)
    layered_layout(graph, tier=tier, side=side, label_width=label_width)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        layered_layout(graph, tier=tier, side=side, label_width=label_width)
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def to_dot(
    graph: nx.DiGraph, tier: dict[Hashable, int], label_width: dict[Hashable, float] | None = None
) -> str:
    """DOT text of ``graph`` with one ``rank=same`` group per tier, tiers chained in order."""
    widths = label_width or {}
    ident = {n: f"v{k}" for k, n in enumerate(graph.nodes)}
    lines = [
        "digraph G {",
        "  graph [rankdir=TB, nodesep=0.4, ranksep=1.0];",
        "  node [shape=box, fixedsize=true, height=0.3];",
    ]
    for n, name in ident.items():
        label = str(n).replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'  {name} [label="{label}", width={float(widths.get(n, 1.0)):.3f}];')
    levels = sorted({tier[n] for n in graph.nodes})
    groups: dict[int, list[str]] = {t: [] for t in levels}
    for n, name in ident.items():
        groups[tier[n]].append(name)
    for t in levels:
        lines.append(f"  {{ rank=same; tier{t} [style=invis]; {'; '.join(groups[t])}; }}")
    for t0, t1 in zip(levels, levels[1:]):
        lines.append(f"  tier{t0} -> tier{t1} [style=invis];")
    for u, v in graph.edges():
        if u != v:
            lines.append(f"  {ident[u]} -> {ident[v]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_binary() -> str:
    dot = shutil.which("dot") or ("/usr/bin/dot" if Path("/usr/bin/dot").exists() else None)
    if dot is None:
        raise RuntimeError(
            "graphviz 'dot' not found; install it with: apt-get install -y graphviz"
        )
    return dot


def time_dot(
    n_nodes: int = 5000,
    n_edges: int = 10000,
    n_tiers: int = 8,
    seed: int = 0,
    *,
    repeats: int = 1,
    timeout: float = DOT_TIMEOUT_S,
) -> float:
    """Median wall time of ``dot -Tplain`` on the same graph, in ms (``-o /dev/null``)."""
    dot = _dot_binary()
    graph, tier, _side, label_width = synthetic_graph(n_nodes, n_edges, n_tiers, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.dot"
        path.write_text(to_dot(graph, tier, label_width), encoding="utf-8")
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            try:
                subprocess.run(
                    [dot, "-Tplain", "-o", "/dev/null", str(path)],
                    check=True,
                    timeout=timeout,
                    capture_output=True,
                )
            except subprocess.TimeoutExpired:
                raise RuntimeError(f"dot did not finish within {timeout:.0f} s") from None
            times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="finish with one JSON line")
    parser.add_argument("--no-dot", action="store_true", help="skip graphviz dot")
    parser.add_argument("--repeats", type=int, default=5, help="layout runs per size (median)")
    args = parser.parse_args(argv)

    sizes = [(500, 1000), (1000, 2000), (2000, 4000), (5000, 10000)]
    print(f"{'nodes':>6} {'edges':>6} {'layout ms':>10} {'dot ms':>10} {'layout/dot':>10}")
    layout_5000 = dot_5000 = None
    for n_nodes, n_edges in sizes:
        layout_ms = time_layout(n_nodes, n_edges, repeats=args.repeats)
        dot_ms = None
        if not args.no_dot and n_nodes == 5000:
            dot_ms = time_dot(n_nodes, n_edges)
        if n_nodes == 5000:
            layout_5000, dot_5000 = layout_ms, dot_ms
        dot_col = f"{dot_ms:10.0f}" if dot_ms is not None else f"{'-':>10}"
        ratio_col = f"{layout_ms / dot_ms:10.4f}" if dot_ms is not None else f"{'-':>10}"
        print(f"{n_nodes:>6} {n_edges:>6} {layout_ms:10.1f} {dot_col} {ratio_col}", flush=True)

    if args.json:
        ratio = layout_5000 / dot_5000 if dot_5000 else None
        print(
            json.dumps(
                {
                    "layout_5000_ms": round(layout_5000, 2),
                    "dot_5000_ms": None if dot_5000 is None else round(dot_5000, 1),
                    "ratio": None if ratio is None else round(ratio, 5),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
