"""The ``pathviz`` command line.

Exit codes: 0 success, 1 invalid data or a failed export, 2 usage errors.
Problems are printed as ``PATH:LINE:COL: error: yaml.path: message`` on
stderr; no traceback ever reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pathviz import __version__

DEFAULT_PATHWAYS = "pathways"
HOW_TO_POINT = "point at the folder of pathway YAML files with --pathways-dir DIR or the environment variable PATHVIZ_PATHWAYS=DIR"


def pathways_dir(given: str | None = None) -> Path | None:
    """The pathway directory: --pathways-dir, else $PATHVIZ_PATHWAYS, else ./pathways, else the
    pathways shipped with pathviz. None (after saying why on stderr) when it does not exist."""
    from pathviz.data import PATHWAYS_ENV, env_pathways, shipped_pathways

    if given is not None:
        chosen, origin = Path(given), "--pathways-dir"
    elif (env := env_pathways()) is not None:
        chosen, origin = env, f"{PATHWAYS_ENV}"
    elif Path(DEFAULT_PATHWAYS).is_dir():
        return Path(DEFAULT_PATHWAYS)
    elif (shipped := shipped_pathways()) is not None:
        return shipped
    else:
        print(
            f"pathviz: no pathways found: there is no {DEFAULT_PATHWAYS}/ folder here and this installation "
            f"ships none; {HOW_TO_POINT}",
            file=sys.stderr,
        )
        return None
    if not chosen.exists():
        print(f"pathviz: no such folder: {chosen} (from {origin}); {HOW_TO_POINT}", file=sys.stderr)
        return None
    return chosen


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
        st = Counter(e.status.value for e in b.edges.values())
        line += " | by status: " + ", ".join(f"{k} {v}" for k, v in sorted(st.items()))
        core = sum(1 for e in b.edges.values() if e.core)
        if core:
            line += f" | core edges {core}"
    if result.warnings:
        line += f" | {len(result.warnings)} warning(s)"
    return line


def cmd_validate(args: argparse.Namespace) -> int:
    from pathviz.io.pathways import load_pathways

    if args.paths:
        paths: list[str | Path] = list(args.paths)
    else:
        found = pathways_dir(args.data)
        if found is None:
            return 2
        paths = [found]
    result = load_pathways(paths, sources_dir=args.sources)
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

    v = sub.add_parser("validate", help="check pathway YAML files (default: the pathway directory)")
    v.add_argument("paths", nargs="*", help="files or directories (default: the pathway directory, see --pathways-dir)")
    _pathways_dir_argument(v)
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
        help="write the comparison (or one pathway) as a slide, a network file, tables or references",
        description=(
            "Export the view of two drugs side by side (with the context pathways), or of one "
            "pathway, in any registered format: "
            + "; ".join(f"{f.name}: {f.label}" for f in _formats().values())
            + ". Every format shows the same view: filters, detail level, sides and positions."
        ),
        epilog=(
            "csv writes two files: with -o FILE.csv the edges go to FILE.csv and the nodes to "
            "FILE.nodes.csv; with -o DIR/ they go to DIR/edges.csv and DIR/nodes.csv. "
            "Network files and tables carry the layout positions of the figure in pixels."
        ),
    )
    e.add_argument("--format", "-f", required=True, choices=list(_formats()), help="file format")
    e.add_argument(
        "-o",
        "--output",
        help="output file (default: pathviz-A-B.EXT, e.g. pathviz-ketamine-psilocybin.graphml; .bib for bibtex); for csv also DIR/",
    )
    _view_arguments(e)
    e.add_argument("--node", help="select this node id: its routes are highlighted on slides")
    e.add_argument("--title", help="figure or map title (default: from the pathways)")
    e.add_argument("--width", type=int, default=1920, help="slide width in pixels; also bounds the layout width")
    e.add_argument("--height", type=int, default=1080, help="slide height in pixels")
    e.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size of the pdf handout (default: a4)")
    e.set_defaults(func=cmd_export)

    x = sub.add_parser(
        "explain",
        help="the best-supported cited route from each drug to a node",
        description=(
            "For each drug, the route to NODE whose weakest step is strongest (established > contested > "
            "hypothesis, then the kind of evidence), step by step with relation, evidence, status and "
            "citations, and how many independent routes there are."
        ),
    )
    x.add_argument("node", metavar="NODE", help="a node id, e.g. bdnf")
    _view_arguments(x)
    x.add_argument("--json", action="store_true", help="print one JSON object")
    x.set_defaults(func=cmd_explain)

    i = sub.add_parser(
        "import",
        help="convert a WikiPathways GPML file into a pathway YAML file",
        description="Convert a WikiPathways GPML (2013a or 2021) file into a pathway YAML file that "
        "pathviz validate accepts on its own.",
    )
    _import_arguments(i)
    return parser


def _view_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pathways",
        default=None,
        help=(
            "two drug pathway ids to compare (A,B), or one pathway id (default: ketamine,psilocybin); "
            "for pdf, any drug pathway ids (default: every drug)"
        ),
    )
    _pathways_dir_argument(p)
    p.add_argument("--evidence", help="only arrows with these evidence types, e.g. human,animal")
    p.add_argument("--status", help="only arrows with these statuses, e.g. established")
    p.add_argument(
        "--detail",
        choices=["core", "full"],
        default=None,
        help="core mechanism only, or every node (default: core for slides and decks, full otherwise)",
    )


def _pathways_dir_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pathways-dir",
        "--data",
        dest="data",
        metavar="DIR",
        default=None,
        help=(
            "the folder of pathway YAML files (default: $PATHVIZ_PATHWAYS, else ./pathways, "
            "else the pathways shipped with pathviz)"
        ),
    )


def _formats():  # type: ignore[no-untyped-def]
    from pathviz.exports import formats

    return formats()


def _csv(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _load_view(args: argparse.Namespace, *, node: str | None = None, canvas=None, title: str | None = None):  # type: ignore[no-untyped-def]
    """(view, exit code): the view the arguments describe, or None and 1 (bad data) / 2 (usage)."""
    from pathviz.io.pathways import load_pathways
    from pathviz.view import SCREEN, ViewState, build_view
    from pathviz.vocab import Evidence, Status

    directory = pathways_dir(args.data)
    if directory is None:
        return None, 2
    result = load_pathways([directory])
    if result.bundle is None:
        for p in result.problems:
            print(p.format(), file=sys.stderr)
        return None, 1
    bundle = result.bundle
    ev, stv = _csv(args.evidence) or [], _csv(args.status) or []
    bad = [f"evidence '{v}'" for v in ev if v not in {e.value for e in Evidence}]
    bad += [f"status '{v}'" for v in stv if v not in {s.value for s in Status}]
    if bad:
        print(
            f"pathviz: unknown {', '.join(bad)}; evidence: {', '.join(e.value for e in Evidence)}; "
            f"status: {', '.join(s.value for s in Status)}",
            file=sys.stderr,
        )
        return None, 2
    ids = _csv(args.pathways)
    if ids is None:
        drugs = [p.id for p in bundle.drugs]
        ids = [d for d in ("ketamine", "psilocybin") if d in drugs] or drugs[:2]
    unknown = [i for i in ids if i not in bundle.pathways and bundle.pathway_of_drug(i) is None]
    if unknown or not 1 <= len(ids) <= 2:
        hint = _did_you_mean(unknown[0], list(bundle.pathways)) if unknown else ""
        print(
            f"pathviz: --pathways takes one or two of: {', '.join(sorted(bundle.pathways))}{hint}",
            file=sys.stderr,
        )
        return None, 2
    not_drugs = [i for i in ids if bundle.pathway_of_drug(i) is None or not bundle.pathway_of_drug(i).is_drug]  # type: ignore[union-attr]
    if len(ids) == 2 and not_drugs:
        drugs = ", ".join(sorted(p.id for p in bundle.drugs))
        print(f"pathviz: no drug pathway '{not_drugs[0]}'; comparing needs two of: {drugs}", file=sys.stderr)
        return None, 2
    if node is not None and node not in bundle.nodes:
        print(f"pathviz: unknown node '{node}'{_did_you_mean(node, list(bundle.nodes))}", file=sys.stderr)
        return None, 2
    state = ViewState(
        a=ids[0],
        b=ids[1] if len(ids) == 2 else None,
        node=node,
        evidence=tuple(ev),
        status=tuple(stv),
        detail=args.detail or "full",
    )
    try:
        return build_view(bundle, state, canvas or SCREEN, title=title), 0
    except KeyError as exc:
        print(f"pathviz: {exc.args[0]}", file=sys.stderr)
        return None, 2


def _did_you_mean(word: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def cmd_export(args: argparse.Namespace) -> int:
    from pathviz.exports import ExportFileError
    from pathviz.view import slide_canvas

    if args.width < 200 or args.height < 100:
        print("pathviz export: --width must be at least 200 and --height at least 100", file=sys.stderr)
        return 2
    fmt = _formats()[args.format]
    if fmt.kind == "handout":
        return _export_handout(args)
    if args.detail is None and fmt.kind == "slide":
        args.detail = "core"  # a slide shows the core mechanism unless asked for every node
    if args.node and fmt.kind != "slide":
        slides = ", ".join(f.name for f in _formats().values() if f.kind == "slide")
        print(f"pathviz export: --node highlights routes on a slide; it applies to {slides} only, not {fmt.name}", file=sys.stderr)
        return 2
    view, code = _load_view(args, node=args.node, canvas=slide_canvas(args.width, args.height), title=args.title)
    if view is None:
        return code
    if args.node and args.node not in view.graph:
        print(f"pathviz export: node '{args.node}' is not in this view (hidden by the filters or another pathway)", file=sys.stderr)
        return 2
    if view.too_large and fmt.kind == "slide":
        print(
            f"pathviz export: the view has {view.graph.number_of_nodes():,} nodes, too many to draw; "
            "narrow it (--detail core, --evidence, --status) or export graphml/cyjs",
            file=sys.stderr,
        )
        return 1
    out = args.output or f"pathviz-{view.slug}.{fmt.extension}"
    try:
        written = fmt.write(view, out)
    except ExportFileError as exc:
        print(f"pathviz export: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def _export_handout(args: argparse.Namespace) -> int:
    """The clinician handout (PDF) for the drugs in --pathways, or for every drug pathway."""
    from pathviz.io.pathways import load_pathways
    from pathviz.render.handout import HandoutError, write_handout

    if args.node or args.evidence or args.status or args.detail:
        print("pathviz export: --node, --evidence, --status and --detail do not apply to the pdf handout", file=sys.stderr)
        return 2
    directory = pathways_dir(args.data)
    if directory is None:
        return 2
    result = load_pathways([directory])
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


def _steps_data(view, route) -> list[dict]:  # type: ignore[no-untyped-def]
    from pathviz.render.text import cite_text

    out = []
    for step in route.steps if route is not None else ():
        e = step.edge
        out.append(
            {
                "key": e.key,
                "source": e.source,
                "target": e.target,
                "relation": e.relation.value,
                "evidence": e.evidence.value,
                "status": e.status.value,
                "refs": [
                    {
                        **{
                            k: v
                            for k, v in c.as_dict().items()
                            if k in ("ref", "short", "doi", "pmid", "quote", "quoted_from", "writer") and v
                        },
                        "citation": cite_text(c),  # the one wording: whose words, citing which paper
                    }
                    for c in view.citations(e)
                ],
            }
        )
    return out


def explain_data(view, node: str) -> dict:  # type: ignore[no-untyped-def]
    """For each drug of a pair view, as the view computed it: the best-supported route to ``node``
    (stated, or an inference with the steps it borrows), its support and the shortest route."""
    out: dict = {
        "node": node,
        "label": view.bundle.nodes[node].label,
        "side": view.side(node),
        "convergence": view.convergence_kind(node),
        "routes": {},
    }
    support = view.support.get(node)
    for k, side in enumerate(("a", "b")):
        pid, drug = view.pathway_ids[k], view.drugs[side]
        choice = support.routes[k] if support is not None else None
        best = choice.best if choice is not None else None
        entry = {
            "drug": drug,
            "reach": choice.kind if choice is not None else "none",
            "steps": _steps_data(view, best),
            "summary": choice.strength if best is not None else "no route under these filters",
            "independent_routes": choice.independent if choice is not None else 0,
            "borrowed": [{"edge": key, "why": why} for key, why in choice.borrowed] if choice is not None else [],
        }
        if choice is not None and choice.shortest_differs and choice.shortest is not None:
            entry["shortest"] = choice.shortest.nodes
        out["routes"][pid] = entry
    return out


def cmd_explain(args: argparse.Namespace) -> int:
    view, code = _load_view(args, node=args.node)
    if view is None:
        return code
    node = args.node
    if not view.is_pair:
        print("pathviz explain: give two drug pathways, e.g. --pathways ketamine,psilocybin", file=sys.stderr)
        return 2
    if node not in view.graph:
        print(f"pathviz explain: node '{node}' is not in this view (hidden by the filters or in another pathway)", file=sys.stderr)
        return 1
    data = explain_data(view, node)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    b = view.bundle
    print(f"{data['label']} ({node}): {view.side_name(view.side(node))}")
    filters = view.graph_data()["filters"]
    if filters != "none":
        print(f"filters: {filters}")
    for pid, entry in data["routes"].items():
        name = b.nodes[entry["drug"]].label
        print()
        if not entry["steps"]:
            print(f"From {name}: {entry['summary']}")
            continue
        n = entry.get("independent_routes")
        count = f"; {n} independent route{'s' if n != 1 else ''}" if n else ""
        how = "stated" if entry["reach"] == "stated" else "only by inference"
        print(f"From {name}, {how} ({len(entry['steps'])} steps{count}): {entry['summary']}")
        borrowed = {x["edge"]: x["why"] for x in entry["borrowed"]}
        for k, st in enumerate(entry["steps"], 1):
            rel = st["relation"].replace("_", " ")
            print(f"  {k}. {b.nodes[st['source']].label} {rel} {b.nodes[st['target']].label}  [{st['evidence']}, {st['status']}]")
            if st["key"] in borrowed:
                print(f"     inference: this step is {borrowed[st['key']]}, not about {name}")
            for r in st["refs"]:
                print(f"     - {r['citation']}")
        if entry.get("shortest"):
            print("  shortest route: " + " → ".join(b.nodes[x].label for x in entry["shortest"]))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """``pathviz import FILE -o OUT [--force] [--drug X] [--link-to DIR]``; 0 ok, 1 bad input, 2 usage.

    The import itself is :func:`pathviz.io.imports.read_import` (the Load page runs the same flow);
    this prints its result and writes the file."""
    output: str = args.output
    force = getattr(args, "force", False)
    if output != "-" and Path(output).exists() and not force:
        print(f"pathviz import: {output} exists; use --force to overwrite it", file=sys.stderr)
        return 2
    from pathviz.io.gpml import write_yaml
    from pathviz.io.imports import read_import

    link_dir = getattr(args, "link_to", None)
    yaml_name = "<stdout>" if output == "-" else output
    result = read_import(args.file, yaml_name=yaml_name, drug=getattr(args, "drug", None), base=link_dir, link=bool(link_dir))
    for w in result.warnings:
        print(w, file=sys.stderr)
    if not result.ok:
        print("\n".join(result.errors), file=sys.stderr)
        return 2 if result.usage_error else 1
    for note in result.linked:
        print(f"{args.file}: linked: {note}", file=sys.stderr)
    try:
        write_yaml(result.text or "", output, force)
    except FileExistsError:
        print(f"pathviz import: {output} exists; use --force to overwrite it", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"pathviz import: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(result.summary(), file=sys.stderr)
    if output != "-":
        print(output)
    return 0


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a GPML 2013a or 2021 file, e.g. WP2380.gpml")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the pathway YAML to write ('-' for stdout)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.add_argument(
        "--drug",
        metavar="LABEL_OR_ID",
        help="mark this node (label, node id or GraphId) as the drug the pathway starts from, "
        "so it can be compared on the Compare page",
    )
    p.add_argument(
        "--link-to",
        metavar="DIR",
        help="reuse the nodes of the bundle in DIR (e.g. pathways/) that have the same name as an "
        "imported node, so the import connects to it; the output then validates together with DIR",
    )
    p.set_defaults(func=cmd_import)


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
