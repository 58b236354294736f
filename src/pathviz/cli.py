"""The ``pathviz`` command line.

Exit codes: 0 success, 1 invalid data or a failed export, 2 usage errors.
Problems are printed as ``PATH:LINE:COL: error: yaml.path: message`` on
stderr; no traceback ever reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence

from pathviz import __version__

DEFAULT_PATHWAYS = "pathways"


def _summary(result) -> str:  # type: ignore[no-untyped-def]
    b = result.bundle
    drugs = sum(1 for p in b.pathways.values() if p.is_drug)
    ev = Counter(e.evidence.value for e in b.edges.values())
    parts = [
        f"{len(result.files)} files",
        f"{len(b.pathways)} pathways ({drugs} drugs)",
        f"{len(b.nodes)} nodes",
        f"{len(b.edges)} edges",
        f"{len(b.references)} references",
    ]
    line = "OK: " + ", ".join(parts)
    if ev:
        line += " | edges by evidence: " + ", ".join(f"{k} {v}" for k, v in sorted(ev.items()))
    if result.warnings:
        line += f" | {len(result.warnings)} warning(s)"
    return line


def cmd_validate(args: argparse.Namespace) -> int:
    from pathviz.io.pathways import load_pathways

    result = load_pathways(args.paths or [DEFAULT_PATHWAYS], sources_dir=args.sources)
    for p in result.problems:
        print(p.format(), file=sys.stderr)
    if result.bundle is None:
        n = len(result.errors)
        print(f"{n} error(s) in {len({p.file for p in result.errors})} file(s)", file=sys.stderr)
        return 1
    if args.strict and result.warnings:
        print("warnings are errors with --strict", file=sys.stderr)
        return 1
    print(_summary(result))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from pathviz.model import PathwayFile

    schema = PathwayFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pathviz pathway file (pathviz/1)"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pathviz",
        description="Validate, export and import pathviz pathway files.",
    )
    parser.add_argument("--version", action="version", version=f"pathviz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    v = sub.add_parser("validate", help="check pathway YAML files (default: pathways/)")
    v.add_argument("paths", nargs="*", help="files or directories (default: pathways/)")
    v.add_argument(
        "--sources",
        metavar="DIR",
        help="also check that every quote occurs in the source text it names, in DIR",
    )
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("schema", help="print the JSON Schema of a pathway file")
    s.set_defaults(func=cmd_schema)

    e = sub.add_parser(
        "export",
        help="write the comparison (or one pathway) as a figure, a network file, tables or references",
        description=(
            "Export the view of two drugs side by side (with the context pathways), or of one "
            "pathway: as a slide-ready figure (png, svg, html), as a network for other tools "
            "(graphml: Cytoscape/yEd/Gephi/networkx; cyjs: Cytoscape.js JSON; sbgn: SBGN-ML "
            "Activity Flow), as spreadsheet tables (csv: edges, one row per cited source, and "
            "nodes), or as the references the view cites (bibtex, ris)."
        ),
        epilog=(
            "csv writes two files: with -o FILE.csv the edges go to FILE.csv and the nodes to "
            "FILE.nodes.csv; with -o DIR/ they go to DIR/edges.csv and DIR/nodes.csv. "
            "Network files and tables carry the layout positions of the figure in pixels."
        ),
    )
    e.add_argument("--format", "-f", required=True, choices=EXPORT_FORMATS, help="file format")
    e.add_argument(
        "-o",
        "--output",
        help="output file (default: pathviz-A-B.EXT, e.g. pathviz-ketamine-psilocybin.graphml; .bib for bibtex); for csv also DIR/",
    )
    e.add_argument(
        "--pathways",
        default=None,
        help=(
            "two drug pathway ids to compare (A,B), or one pathway id (default: ketamine,psilocybin); "
            "for pdf, any drug pathway ids (default: every drug)"
        ),
    )
    e.add_argument("--data", default=DEFAULT_PATHWAYS, help="pathway directory (default: pathways/)")
    e.add_argument("--node", help="highlight the routes through this node id (png, svg, html only)")
    e.add_argument("--evidence", help="only edges with these evidence types, e.g. human,animal")
    e.add_argument("--status", help="only edges with these statuses, e.g. established")
    e.add_argument("--title", help="figure or map title (default: from the pathways)")
    e.add_argument("--width", type=int, default=1920, help="figure width in pixels; also bounds the layout width")
    e.add_argument("--height", type=int, default=1080, help="figure height in pixels")
    e.add_argument(
        "--paper", choices=["a4", "letter"], default="a4", help="paper size of the pdf handout (default: a4)"
    )
    e.set_defaults(func=cmd_export)
    from pathviz.io.gpml import add_import_parser

    add_import_parser(sub)
    return parser


FIGURE_FORMATS = ["png", "svg", "html"]
DATA_FORMATS = ["graphml", "cyjs", "sbgn", "csv", "bibtex", "ris"]
HANDOUT_FORMATS = ["pdf"]  # the clinician handout: any number of drugs, default all
EXPORT_FORMATS = FIGURE_FORMATS + DATA_FORMATS + HANDOUT_FORMATS
EXPORT_EXTENSIONS = {"bibtex": "bib"}  # otherwise the format name


def _csv(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def cmd_export(args: argparse.Namespace) -> int:
    from pathviz.analysis.graph import EdgeFilter
    from pathviz.io.pathways import load_pathways
    from pathviz.render import style
    from pathviz.render.figure import View, highlight_for, pair_scene, pathway_scene, to_figure
    from pathviz.render.files import ExportError, write_figure
    from pathviz.vocab import Evidence, Status

    if args.format == "pdf":
        return _export_handout(args)
    figure = args.format in FIGURE_FORMATS
    if args.node and not figure:
        print(
            f"pathviz export: --node highlights routes in a figure; it applies to "
            f"{', '.join(FIGURE_FORMATS)} only, not {args.format}",
            file=sys.stderr,
        )
        return 2
    if args.width < 200 or args.height < 100:
        print("pathviz export: --width must be at least 200 and --height at least 100", file=sys.stderr)
        return 2
    result = load_pathways([args.data])
    if result.bundle is None:
        for p in result.problems:
            print(p.format(), file=sys.stderr)
        return 1
    bundle = result.bundle
    try:
        ev = _csv(args.evidence)
        stv = _csv(args.status)
        edge_filter = EdgeFilter.of(ev, stv)
    except ValueError as exc:
        print(
            f"pathviz export: {exc}; evidence: {', '.join(e.value for e in Evidence)}; "
            f"status: {', '.join(s.value for s in Status)}",
            file=sys.stderr,
        )
        return 2
    ids = _csv(args.pathways)
    if ids is None:
        drugs = [p.id for p in bundle.drugs]
        ids = [d for d in ("ketamine", "psilocybin") if d in drugs] or drugs[:2]
    unknown = [i for i in ids if i not in bundle.pathways and bundle.pathway_of_drug(i) is None]
    if unknown or not 1 <= len(ids) <= 2:
        print(
            f"pathviz export: --pathways takes one or two of: {', '.join(sorted(bundle.pathways))}",
            file=sys.stderr,
        )
        return 2
    try:
        if len(ids) == 2:
            scene = pair_scene(bundle, ids[0], ids[1], edge_filter, style.SLIDE, max_width=(args.width - 200) / 100)
            title = args.title or f"{scene.names['a']} and {scene.names['b']}: where the mechanisms meet"
        else:
            pid = ids[0] if ids[0] in bundle.pathways else bundle.pathway_of_drug(ids[0]).id  # type: ignore[union-attr]
            scene = pathway_scene(bundle, pid, edge_filter, style.SLIDE, max_width=(args.width - 200) / 100)
            title = args.title or bundle.pathways[pid].title
    except KeyError as exc:
        print(f"pathviz export: {exc.args[0]}", file=sys.stderr)
        return 2
    ext = EXPORT_EXTENSIONS.get(args.format, args.format)
    out = args.output or f"pathviz-{'-'.join(ids)}.{ext}"
    if not figure:
        return _export_data(args.format, scene, ids, title, out)
    if args.node and args.node not in scene.graph:
        print(f"pathviz export: node '{args.node}' is not in this view", file=sys.stderr)
        return 2
    hl_nodes, hl_edges = highlight_for(scene, args.node)
    view = View(
        label_backing=True,
        selected=args.node,
        highlight_nodes=hl_nodes,
        highlight_edges=hl_edges,
        scale=style.SLIDE,
        width=args.width,
        height=args.height,
        title=title,
    )
    fig = to_figure(scene, view)
    try:
        write_figure(fig, out, args.format, title)
    except ExportError as exc:
        print(f"pathviz export: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0


def _export_handout(args: argparse.Namespace) -> int:
    """The clinician handout (PDF) for the drugs in --pathways, or for every drug pathway."""
    from pathviz.io.pathways import load_pathways
    from pathviz.render.handout import HandoutError, write_handout

    if args.node or args.evidence or args.status:
        print("pathviz export: --node, --evidence and --status do not apply to the pdf handout", file=sys.stderr)
        return 2
    result = load_pathways([args.data])
    if result.bundle is None:
        for p in result.problems:
            print(p.format(), file=sys.stderr)
        return 1
    bundle = result.bundle
    drugs = {p.id: p for p in bundle.drugs}
    wanted = _csv(args.pathways) or list(drugs)
    chosen = []
    for w in wanted:
        p = drugs.get(w) or bundle.pathway_of_drug(w)
        if p is None or p.id not in drugs:
            print(f"pathviz export: --pathways for pdf takes drug pathway ids: {', '.join(drugs)}", file=sys.stderr)
            return 2
        if p not in chosen:
            chosen.append(p)
    if not chosen:
        print("pathviz export: these pathway files contain no drug pathway", file=sys.stderr)
        return 1
    out = args.output or f"pathviz-handout-{'-'.join(p.id for p in chosen)}.pdf"
    try:
        write_handout(bundle, chosen, out, args.paper)
    except HandoutError as exc:
        print(f"pathviz export: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0


def _export_data(fmt: str, scene, ids: list[str], title: str, out: str) -> int:  # type: ignore[no-untyped-def]
    """Network, table and reference formats: the scene's graph and positions, written as data."""
    from pathviz.io.exports import EXPORTERS
    from pathviz.io.exports.view import ExportFileError, ExportView

    view = ExportView.from_scene(scene, ids, title)
    try:
        written = EXPORTERS[fmt].write(view, out)
    except ExportFileError as exc:
        print(f"pathviz export: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `pathviz schema | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
