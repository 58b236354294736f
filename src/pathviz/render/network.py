"""Interactive network (vis-network via pyvis) as one self-contained HTML page.

pyvis builds the node and edge records; the page around them is ours, because
pyvis's own template links Bootstrap from a CDN even with
``cdn_resources="in_line"``. vis-network's JavaScript and CSS are read from the
installed pyvis package and inlined, so the page works offline and loads
nothing from the network.

Positions come from the layout (physics is off unless asked for, and stops
itself once the network has stabilised). Tooltips are plain text: vis-network
9 shows string titles as text, and the data is embedded as JSON with ``</``
escaped, so no pathway text can close the script or become markup.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pyvis.network import Network

from pathviz.render import style
from pathviz.render.text import esc_html
from pathviz.view import Side, View
from pathviz.vocab import Evidence, NodeKind, Relation

PX_X = 110.0  # layout unit -> pixels
PX_Y = 170.0

VIS_SHAPE: dict[NodeKind, str] = {
    NodeKind.drug: "star",
    NodeKind.metabolite: "star",
    NodeKind.receptor: "square",
    NodeKind.transporter: "square",
    NodeKind.enzyme: "diamond",
    NodeKind.transmitter: "dot",
    NodeKind.hormone: "dot",
    NodeKind.growth_factor: "hexagon",
    NodeKind.cytokine: "triangleDown",
    NodeKind.signalling: "triangle",
    NodeKind.gene_expression: "triangleDown",
    NodeKind.cell_type: "dot",
    NodeKind.structure: "hexagon",
    NodeKind.circuit: "dot",
    NodeKind.physiology: "diamond",
    NodeKind.process: "diamond",
    NodeKind.outcome: "star",
    NodeKind.stressor: "triangle",
    NodeKind.complex: "box",
    NodeKind.group: "box",
    NodeKind.other: "dot",
}
VIS_DASH: dict[Evidence, object] = {
    Evidence.human: False,
    Evidence.database: False,
    Evidence.review: False,
    Evidence.in_vitro: [8, 3, 2, 3],
    Evidence.animal: [8, 6],
    Evidence.secondary: [2, 5],
}


def _vis_assets() -> tuple[str, str]:
    base = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    js = base.joinpath("vis-network.min.js").read_text("utf-8")
    css = base.joinpath("vis-network.css").read_text("utf-8")
    return js, css


def _tooltip_node(view: View, nid: str) -> str:
    node = view.graph.nodes[nid]["node"]
    lines = [node.label, f"{node.kind.label} · {style.TIER_TITLE[node.tier]} · {view.side_name(view.side(nid))}"]
    if node.region:
        lines[-1] += f" · {node.region.label}"
    lines.append(node.description)
    if nid in view.support:
        lines.append("Support: " + view.support_text(nid))
    return "\n".join(lines)


def _tooltip_edge(view: View, key: str) -> str:
    b = view.bundle
    e = b.edges[key]
    cites = "; ".join(dict.fromkeys(b.short(s.ref) for s in e.sources))
    text = (
        f"{b.nodes[e.source].label} {e.relation.label} {b.nodes[e.target].label}\n"
        f"evidence: {e.evidence.label} · status: {e.status.value}\nsources: {cites}"
    )
    if e.note:
        text += f"\nnote: {e.note}"
    return text


def to_network(view: View, *, physics: bool = False) -> Network:
    """A pyvis Network of the view, positions preset."""
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for nid in sorted(view.graph.nodes):
        if nid not in view.pos:
            continue
        node = view.graph.nodes[nid]["node"]
        side = view.sides.get(nid, Side.context)
        x, y = view.pos[nid]
        convergent = side in (Side.shared, Side.inferred)
        outline = style.SIDE_OUTLINE[side] if convergent else None
        net.add_node(
            nid,
            label="\n".join(view.labels[nid]),
            title=_tooltip_node(view, nid),
            x=x * PX_X,
            y=-y * PX_Y,
            shape=VIS_SHAPE[node.kind],
            size=22 if convergent else 15,
            color={
                "background": style.SIDE_COLOUR[side],
                "border": outline or "#FFFFFF",
                "highlight": {"background": style.SIDE_COLOUR[side], "border": style.BLACK},
            },
            borderWidth=4 if convergent else 1,
            font={"size": 15, "face": "Liberation Sans, Arial, sans-serif", "strokeWidth": 4, "strokeColor": "#FFFFFF"},
            physics=physics,
            side=side.value,
        )
    for u, v, data in sorted(view.graph.edges(data=True), key=lambda t: (t[0], t[1])):
        if u not in view.pos or v not in view.pos:
            continue
        for key in data["keys"]:
            e = view.bundle.edges[key]
            head = {"to": {"enabled": e.relation != Relation.associated_with, "type": "bar" if e.relation.sign < 0 else ("circle" if e.relation == Relation.binds else "arrow")}}
            net.add_edge(
                u,
                v,
                id=key,
                title=_tooltip_edge(view, key),
                arrows=head,
                dashes=VIS_DASH[style.line_evidence(e)],
                width=1.2 if style.line_evidence(e) in style.EVIDENCE_LIGHT else 2.2,
                color={"color": style.REVIEW_GREY if style.line_evidence(e) in style.EVIDENCE_LIGHT else style.DARK, "highlight": style.BLACK},
                label=style.STATUS_MARK.get(e.status) or None,
                font={"color": style.STATUS_MARK_COLOUR.get(e.status, style.DARK), "size": 18, "strokeWidth": 3},
                smooth={"enabled": True, "type": "curvedCW", "roundness": 0.12} if abs(view.pos[u][1] - view.pos[v][1]) < 1e-6 else False,
            )
    return net


def _safe_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def to_network_html(view: View, *, physics: bool = False, title: str = "pathviz network", height_px: int = 760) -> str:
    """One offline HTML page: the network, a legend line, neighbour highlighting on click."""
    net = to_network(view, physics=physics)
    nodes = [{k: v for k, v in n.items() if v is not None} for n in net.nodes]
    edges = [{k: v for k, v in e.items() if v is not None} for e in net.edges]
    options = {
        "physics": {
            "enabled": physics,
            "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50},
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.4},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": False},
        "nodes": {"shadow": False},
        "edges": {"selectionWidth": 2},
        "layout": {"improvedLayout": False},
    }
    js, css = _vis_assets()
    present = [s for s in (Side.a, Side.shared, Side.inferred, Side.b, Side.unreached, Side.context) if view.count(s)]
    evidence = [ev for ev in Evidence if any(style.line_evidence(e) == ev for e in view.edges())]
    legend = (
        " · ".join(style.side_key(s, dict(view.names), view.is_pair) for s in present)
        + " — "
        + " · ".join(style.EVIDENCE_WORDS[ev] for ev in evidence)
        + " · "
        + " · ".join(f"{style.STATUS_MARK[s]}: {s.value}" for s in style.STATUS_MARK_WORDS)
        + " · click a node to highlight its neighbours"
    )

    return _TEMPLATE.format(
        title=esc_html(title),
        css=css,
        js=js,
        legend=esc_html(legend),
        height=int(height_px),
        nodes=_safe_json(nodes),
        edges=_safe_json(edges),
        options=_safe_json(options),
    )


def write_network_html(view: View, path: str | Path, **kw: object) -> Path:
    out = Path(path)
    out.write_text(to_network_html(view, **kw), encoding="utf-8")  # type: ignore[arg-type]
    return out


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{title}</title>
<style>{css}</style>
<style>
html, body {{ margin: 0; font-family: "Liberation Sans", Arial, sans-serif; background: #fff; }}
#net {{ width: 100%; height: {height}px; border-bottom: 1px solid #ddd; }}
#legend {{ font-size: 14px; color: #333; padding: 6px 10px; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 420px; font-size: 14px; }}
</style></head>
<body>
<div id="net"></div>
<div id="legend">{legend}</div>
<script>{js}</script>
<script>
(function () {{
  var nodes = new vis.DataSet({nodes});
  var edges = new vis.DataSet({edges});
  var container = document.getElementById("net");
  var network = new vis.Network(container, {{nodes: nodes, edges: edges}}, {options});
  window.pathvizNetwork = network;
  network.once("stabilizationIterationsDone", function () {{ network.setOptions({{physics: false}}); }});
  var original = {{}};
  nodes.forEach(function (n) {{ original[n.id] = {{opacity: 1}}; }});
  network.on("click", function (params) {{
    var keep = null;
    if (params.nodes.length) {{
      var id = params.nodes[0];
      keep = new Set(network.getConnectedNodes(id).concat([id]));
    }}
    nodes.update(nodes.getIds().map(function (id) {{
      return {{id: id, opacity: keep === null || keep.has(id) ? 1 : 0.15}};
    }}));
    edges.update(edges.get().map(function (e) {{
      var on = keep === null || (keep.has(e.from) && keep.has(e.to) && (params.nodes[0] === e.from || params.nodes[0] === e.to));
      return {{id: e.id, hidden: false, color: Object.assign({{}}, e.color, {{opacity: on ? 1 : 0.12}})}};
    }}));
    document.body.setAttribute("data-selected", params.nodes.length ? params.nodes[0] : "");
  }});
  network.fit();
}})();
</script>
</body></html>
"""
