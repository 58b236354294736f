"""Regenerate src/pathviz/data/prefixes.json from the installed bioregistry.

The snapshot lets pathviz turn CURIEs into links with the ``curies`` library
without importing bioregistry (about a second) on every validation.

    pip install bioregistry && python scripts/update_prefixes.py
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import bioregistry

OUT = Path(__file__).resolve().parents[1] / "src" / "pathviz" / "data" / "prefixes.json"


def main() -> None:
    converter = bioregistry.get_converter()
    records = []
    for r in sorted(converter.records, key=lambda r: r.prefix):
        if not r.uri_prefix.startswith(("https://", "http://")):
            continue
        rec = {"prefix": r.prefix, "uri_prefix": r.uri_prefix}
        if r.prefix_synonyms:
            rec["prefix_synonyms"] = sorted(r.prefix_synonyms)
        if getattr(r, "pattern", None):
            rec["pattern"] = r.pattern
        records.append(rec)
    OUT.write_text(
        json.dumps(
            {"source": f"bioregistry {version('bioregistry')}", "records": records},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(records)} prefixes to {OUT}")


if __name__ == "__main__":
    main()
