"""The dashboard's view state and its round trip through the URL.

``?a=ketamine&b=psilocybin&node=bdnf&mode=lecture&evidence=human,animal&status=established
&region=pfc&tier=signalling,plasticity&conv=1&step=2`` reproduces a view. Values that do not
fit the bundle are dropped with a warning rather than failing the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from pathviz.model import Bundle
from pathviz.vocab import Evidence, Region, Status, Tier

MODES = ("explore", "lecture")


@dataclass(frozen=True)
class ViewState:
    a: str
    b: str
    node: str | None = None
    edge: str | None = None
    mode: str = "explore"
    evidence: tuple[str, ...] = ()  # empty = all
    status: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    tier: tuple[str, ...] = ()
    conv_only: bool = False
    step: int | None = None  # lecture step-through: last tier shown

    @property
    def lecture(self) -> bool:
        return self.mode == "lecture"

    def to_params(self) -> dict[str, str]:
        out = {"a": self.a, "b": self.b}
        if self.node:
            out["node"] = self.node
        if self.edge:
            out["edge"] = self.edge
        if self.mode != "explore":
            out["mode"] = self.mode
        for key in ("evidence", "status", "region", "tier"):
            values = getattr(self, key)
            if values:
                out[key] = ",".join(values)
        if self.conv_only:
            out["conv"] = "1"
        if self.step is not None:
            out["step"] = str(self.step)
        return out


def default_pair(bundle: Bundle) -> tuple[str, str]:
    drugs = [p.id for p in bundle.drugs]
    wanted = [d for d in ("ketamine", "psilocybin") if d in drugs]
    rest = [d for d in drugs if d not in wanted]
    pair = (wanted + rest + ["", ""])[:2]
    return pair[0], pair[1] or pair[0]


def _split(value: str | None, allowed: set[str], name: str, warnings: list[str]) -> tuple[str, ...]:
    if not value:
        return ()
    out = []
    for v in value.split(","):
        v = v.strip()
        if not v:
            continue
        if v in allowed:
            out.append(v)
        else:
            warnings.append(f"ignored unknown {name} '{v}' in the link")
    return tuple(dict.fromkeys(out))


def from_params(params: Mapping[str, str], bundle: Bundle) -> tuple[ViewState, list[str]]:
    """A valid ViewState from URL parameters, plus warnings for what was dropped."""
    warnings: list[str] = []
    da, db = default_pair(bundle)
    drugs = {p.id for p in bundle.drugs}

    def drug(key: str, default: str) -> str:
        v = params.get(key)
        if v is None:
            return default
        p = bundle.pathway_of_drug(v)
        if p is not None and p.id in drugs:
            return p.id
        warnings.append(f"ignored unknown drug '{v}' in the link; showing {default}")
        return default

    a, b = drug("a", da), drug("b", db)
    node = params.get("node") or None
    if node is not None and node not in bundle.nodes:
        warnings.append(f"ignored unknown node '{node}' in the link")
        node = None
    edge = params.get("edge") or None
    if edge is not None and edge not in bundle.edges:
        warnings.append(f"ignored unknown edge '{edge}' in the link")
        edge = None
    mode = params.get("mode", "explore")
    if mode not in MODES:
        warnings.append(f"ignored unknown mode '{mode}' in the link")
        mode = "explore"
    step = params.get("step")
    step_i: int | None = None
    if step is not None:
        try:
            step_i = max(0, min(len(Tier) - 1, int(step)))
        except ValueError:
            warnings.append(f"ignored step '{step}' in the link")
    state = ViewState(
        a=a,
        b=b,
        node=node,
        edge=edge,
        mode=mode,
        evidence=_split(params.get("evidence"), {e.value for e in Evidence}, "evidence type", warnings),
        status=_split(params.get("status"), {s.value for s in Status}, "status", warnings),
        region=_split(params.get("region"), {r.value for r in Region}, "region", warnings),
        tier=_split(params.get("tier"), {t.value for t in Tier}, "tier", warnings),
        conv_only=params.get("conv") in ("1", "true", "yes"),
        step=step_i,
    )
    return state, warnings


__all__ = ["ViewState", "from_params", "default_pair", "replace", "field"]
