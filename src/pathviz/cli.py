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

    _add_extra_commands(sub)
    return parser


def _add_extra_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Commands whose modules may be absent in a minimal install (export, import)."""
    try:
        from pathviz.io.exports import cli as export_cli
    except ImportError:
        return
    export_cli.register(sub)


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
