"""What a view shows, as plain values: :class:`ViewState` (the dashboard URL's parameters) and its parsing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from pathviz.analysis.graph import (
    EdgeFilter,
)
from pathviz.model import Bundle
from pathviz.vocab import Evidence, Region, Status, Tier

MODES = ("explore", "lecture")
DETAILS = ("full", "core")


# ---------------------------------------------------------------- state


@dataclass(frozen=True)
class ViewState:
    """What a view shows; plain values, the same as the dashboard URL's parameters.

    ``b`` empty: a view of one pathway (``a``), e.g. for ``pathviz export --pathways ssri``.
    """

    a: str
    b: str | None = None
    node: str | None = None
    edge: str | None = None
    mode: str = "explore"
    evidence: tuple[str, ...] = ()  # empty = all
    status: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    tier: tuple[str, ...] = ()
    conv_only: bool = False
    step: int | None = None  # lecture step-through: the step a person sees, 1 … the number of tiers shown
    detail: str = "full"  # "full" or "core"

    @property
    def lecture(self) -> bool:
        return self.mode == "lecture"

    @property
    def is_pair(self) -> bool:
        return bool(self.b)

    @property
    def edge_filter(self) -> EdgeFilter:
        return EdgeFilter.of(self.evidence or None, self.status or None)

    @property
    def filtered(self) -> bool:
        return bool(self.evidence or self.status or self.region or self.tier or self.conv_only or self.detail == "core")

    def without_selection(self) -> ViewState:
        return replace(self, node=None, edge=None, step=None, mode="explore")

    def to_params(self) -> dict[str, str]:
        out = {"a": self.a}
        if self.b:
            out["b"] = self.b
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
        if self.step is not None and self.lecture:
            out["step"] = str(self.step)
        if self.detail != "full":
            out["detail"] = self.detail
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


def state_from_params(params: Mapping[str, str], bundle: Bundle) -> tuple[ViewState, list[str]]:
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
            step_i = clamp_step(int(step), len(Tier))
        except ValueError:
            warnings.append(f"ignored step '{step}' in the link")
    # lecture mode opens at the first step (only the drugs) with the core mechanism, unless the link says otherwise
    detail = params.get("detail", "core" if mode == "lecture" else "full")
    if mode == "lecture" and step_i is None:
        step_i = 1
    if detail not in DETAILS:
        warnings.append(f"ignored unknown detail level '{detail}' in the link")
        detail = "full"
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
        detail=detail,
    )
    return state, warnings


def clamp_step(step: int, count: int) -> int:
    """A lecture step within 1 … ``count``.

    Links once held a tier's rank (0 for the drugs) where they now hold the step a person sees:
    ``step=0``, which only such links hold, opens step 1, and a step past the last opens the last.
    """
    return max(1, min(max(count, 1), step))


def step_rank(tiers: Sequence[Tier], step: int | None) -> int | None:
    """The rank of the last tier drawn at lecture ``step`` of a view showing ``tiers`` (top to
    bottom); None when every tier is drawn (no step)."""
    if step is None or not tiers:
        return None
    return tiers[clamp_step(step, len(tiers)) - 1].rank


def describe_filters(state: ViewState) -> str:
    parts = []
    if state.evidence:
        parts.append("evidence: " + ", ".join(Evidence(e).label for e in state.evidence))
    if state.status:
        parts.append("status: " + ", ".join(state.status))
    if state.region:
        parts.append("region: " + ", ".join(Region(r).label for r in state.region))
    if state.tier:
        parts.append("tier: " + ", ".join(state.tier))
    if state.conv_only:
        parts.append("only paths to convergent nodes")
    if state.detail == "core":
        parts.append("core mechanism only")
    return "; ".join(parts)

def resolve_pathways(bundle: Bundle, ids: Sequence[str]) -> list[str]:
    """Pathway ids, accepting drug node ids too ('ketamine' for the ketamine pathway)."""
    out = []
    for i in ids:
        if i in bundle.pathways:
            out.append(i)
            continue
        p = bundle.pathway_of_drug(i)
        if p is None:
            raise KeyError(f"no pathway '{i}'; choose from: {', '.join(sorted(bundle.pathways))}")
        out.append(p.id)
    return out
