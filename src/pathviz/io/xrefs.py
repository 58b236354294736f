"""CURIEs (``hgnc:1033``) checked and turned into links with the ``curies`` library.

The prefix records come from bioregistry, frozen into ``data/prefixes.json``
by ``scripts/update_prefixes.py`` so that validation does not pay
bioregistry's import time.  Only http(s) links ever come out.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import curies

from pathviz.errors import did_you_mean


@lru_cache(maxsize=1)
def _records() -> tuple[dict[str, dict], dict[str, str]]:
    raw = json.loads(resources.files("pathviz.data").joinpath("prefixes.json").read_text("utf-8"))
    by_prefix = {r["prefix"]: r for r in raw["records"]}
    synonyms: dict[str, str] = {}
    for r in raw["records"]:
        synonyms[r["prefix"].lower()] = r["prefix"]
        for s in r.get("prefix_synonyms", []):
            synonyms.setdefault(s.lower(), r["prefix"])
    return by_prefix, synonyms


@lru_cache(maxsize=512)
def converter(prefix: str) -> curies.Converter:
    """A converter for one registry prefix (building one for all ~2,500 takes seconds)."""
    r = _records()[0][prefix]
    return curies.Converter.from_extended_prefix_map(
        [{"prefix": r["prefix"], "uri_prefix": r["uri_prefix"], "prefix_synonyms": r.get("prefix_synonyms", [])}]
    )


@lru_cache(maxsize=4096)
def _pattern(prefix: str) -> re.Pattern[str] | None:
    pattern = _records()[0].get(prefix, {}).get("pattern")
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error:  # pragma: no cover - registry data we cannot use
        return None


def split_curie(curie: str) -> tuple[str, str] | None:
    """('hgnc', '1033') for 'HGNC:1033' (prefix normalised), or None for an unknown prefix."""
    if ":" not in curie:
        return None
    prefix, local = curie.split(":", 1)
    canonical = _records()[1].get(prefix.lower())
    if canonical is None:
        return None
    # some registries keep the prefix in the local id (e.g. CHEBI:6121 -> local '6121')
    if local.upper().startswith(canonical.upper() + ":"):
        local = local.split(":", 1)[1]
    return canonical, local


def check_curie(curie: str) -> str | None:
    """An error message for a CURIE with an unknown prefix or a malformed local id, else None."""
    if ":" not in curie:
        return f"'{curie}' is not a CURIE: write prefix:identifier, e.g. hgnc:1033"
    prefix = curie.split(":", 1)[0]
    split = split_curie(curie)
    if split is None:
        return (
            f"unknown identifier prefix '{prefix}' in '{curie}'"
            f"{did_you_mean(prefix.lower(), _records()[0].keys(), cutoff=0.75)}; "
            "use a prefix from bioregistry.io such as hgnc, uniprot, chebi, ncbigene"
        )
    canonical, local = split
    pat = _pattern(canonical)
    if pat is not None and not pat.match(local):
        return f"'{local}' is not a valid {canonical} identifier (expected pattern {pat.pattern})"
    return None


def curie_link(curie: str) -> str | None:
    """The resolver URL for a CURIE, or None if it cannot be resolved to an http(s) link."""
    split = split_curie(curie)
    if split is None:
        return None
    canonical, local = split
    url = converter(canonical).expand(f"{canonical}:{local}")
    if not url:
        return None
    if url.startswith("http://"):  # every resolver we link to also serves https
        url = "https://" + url.removeprefix("http://")
    return url if url.startswith("https://") else None


def normalise_curie(curie: str) -> str:
    split = split_curie(curie)
    return f"{split[0]}:{split[1]}" if split else curie
