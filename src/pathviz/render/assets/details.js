/* pathviz details panel: the description, evidence and sources of a clicked node or arrow.
 *
 * Drawn in the browser from data shipped with the view (pathviz.render.details), so a click
 * shows its sources at once. Used by the dashboard's diagram and by the offline explorer.
 *
 *   PathvizDetails.render(doc, data, view, id, opts) -> DocumentFragment
 *   PathvizDetails.empty(doc, data, view, opts)      -> DocumentFragment (hint and legend)
 *
 * data: {names, nodes, edges, legend, routes_caption, edge_prefix}; view: {nodes, support, edges};
 * opts: {onSelect(id) -> void or null (buttons to show an arrow's ends or clear the selection),
 *        hint: text of the empty panel}.
 * Pathway text is only ever set with textContent; links only when they start with https://.
 */
(function (root) {
  "use strict";

  function el(doc, tag, text, cls) {
    var e = doc.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function add(parent, child) { parent.appendChild(child); return child; }

  function link(doc, href, text) {
    if (typeof href !== "string" || href.indexOf("https://") !== 0) return el(doc, "span", text);
    var a = el(doc, "a", text);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  function badge(doc, colour, text) { return el(doc, "span", text, "pv-badge pv-" + colour); }

  function badges(doc, e) {
    var span = el(doc, "span", null, "pv-badges");
    add(span, badge(doc, e.evidence_badge, e.evidence_label));
    add(span, badge(doc, e.status_badge, e.status_label));
    return span;
  }

  function button(doc, text, onClick) {
    var b = el(doc, "button", text, "pv-button");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function label(data, id) { var n = data.nodes[id]; return n ? n.label : id; }

  // whose words the quote is ("Gallenstein's article writes, citing "), then the cited reference
  // (pathviz.render.text holds the wording)
  function cite(doc, s) {
    var div = el(doc, "div", null, "pv-cite");
    if (s.lead) div.appendChild(doc.createTextNode(s.lead));
    s.cite.forEach(function (p, i) {
      if (i) div.appendChild(doc.createTextNode(" \u00b7 "));
      add(div, link(doc, p.href, p.text));
    });
    if (s.secondary) add(div, el(doc, "em", " (secondary source)"));
    return div;
  }

  function sourceList(doc, sources) {
    var ul = el(doc, "ul", null, "pv-sources");
    (sources || []).forEach(function (s) {
      var li = add(ul, el(doc, "li"));
      add(li, cite(doc, s));
      if (s.quote) add(li, el(doc, "blockquote", "\u201c" + s.quote + "\u201d"));
      if (s.note) add(li, el(doc, "div", s.note, "pv-meta"));
    });
    return ul;
  }

  function edgeBody(doc, e) {
    var frag = doc.createDocumentFragment();
    add(frag, el(doc, "p", "Evidence: " + e.evidence_label + " \u2014 " + e.evidence_words + ". Status: " +
      e.status + " \u2014 " + e.status_words + ".", "pv-meta"));
    if (e.context) add(frag, el(doc, "p", "Holds for: " + e.context + ".", "pv-meta"));
    if (e.note) {
      var p = add(frag, el(doc, "p"));
      add(p, el(doc, "strong", "Curator's note: "));
      p.appendChild(doc.createTextNode(e.note));
    }
    add(frag, sourceList(doc, e.sources));
    return frag;
  }

  function edgeLine(doc, data, e) {
    var span = el(doc, "span");
    span.appendChild(doc.createTextNode(label(data, e.source) + " "));
    add(span, el(doc, "strong", e.relation));
    span.appendChild(doc.createTextNode(" " + label(data, e.target) + " "));
    add(span, badges(doc, e));
    return span;
  }

  function edgeCard(doc, data, key) {
    var e = data.edges[key];
    var box = el(doc, "details", null, "pv-edge");
    box.setAttribute("data-edge", key);
    add(add(box, el(doc, "summary")), edgeLine(doc, data, e));
    add(box, edgeBody(doc, e));
    return box;
  }

  function routeText(data, nodes) {
    return nodes.map(function (x) { return label(data, x); }).join(" \u2192 ");
  }

  function whyElement(doc, data, view, id) {
    var box = el(doc, "section", null, "pv-why");
    var inferred = view.nodes[id] && view.nodes[id].side === "inferred";
    add(box, el(doc, "h4", inferred ? "Why they meet here only by inference" : "Why they converge here"));
    add(box, el(doc, "p", data.routes_caption, "pv-meta"));
    view.support[id].forEach(function (r) {
      var head = add(box, el(doc, "p", null, "pv-route-head"));
      add(head, el(doc, "strong", "From " + r.name + (r.kind === "inferred" ? " (only by inference)" : r.kind === "stated" ? " (stated)" : "")));
      if (!r.steps) { head.appendChild(doc.createTextNode(": no route under the current filters")); return; }
      var n = r.steps.length;
      head.appendChild(doc.createTextNode(" (" + n + " step" + (n === 1 ? "" : "s") + "): " + r.strength));
      var borrowed = {};
      (r.borrowed || []).forEach(function (b) { borrowed[b.edge] = b.why; });
      var ol = add(box, el(doc, "ol", null, "pv-route"));
      r.steps.forEach(function (k) {
        var li = add(ol, el(doc, "li"));
        add(li, edgeLine(doc, data, data.edges[k]));
        if (borrowed[k]) add(li, el(doc, "p", "Inference: this step is " + borrowed[k] + ", not about " + r.name + ".", "pv-warning"));
        add(li, sourceList(doc, data.edges[k].sources));
      });
      add(box, el(doc, "p", r.independent + " independent route" + (r.independent === 1 ? "" : "s") +
        " (sharing no intermediate node) from " + r.name + ".", "pv-meta"));
      if (r.shortest) add(box, el(doc, "p", "Shortest route (fewer steps, less well supported): " + routeText(data, r.shortest)));
      if (r.others && r.others.length) {
        var more = add(box, el(doc, "details", null, "pv-more"));
        add(more, el(doc, "summary", r.others.length + " other route" + (r.others.length === 1 ? "" : "s") + " from " + r.name));
        var ul = add(more, el(doc, "ul"));
        r.others.forEach(function (o) { add(ul, el(doc, "li", routeText(data, o))); });
      }
    });
    return box;
  }

  function edgesOf(doc, data, info) {
    var frag = doc.createDocumentFragment();
    [["What acts on it", info["in"]], ["What it acts on", info.out]].forEach(function (pair) {
      if (!pair[1].length) return;
      add(frag, el(doc, "h4", pair[0] + " (" + pair[1].length + ")"));
      pair[1].forEach(function (k) { add(frag, edgeCard(doc, data, k)); });
    });
    return frag;
  }

  function nodeInfo(doc, data, view, id, opts) {
    var node = data.nodes[id], info = view.nodes[id];
    var frag = doc.createDocumentFragment();
    var head = add(frag, el(doc, "div", null, "pv-title-row"));
    add(head, el(doc, "h3", node.label));
    if (opts.onSelect) add(head, button(doc, "Clear selection", function () { opts.onSelect(null); }));
    var chips = add(frag, el(doc, "p", [node.kind, node.tier].concat(node.region ? [node.region] : []).join(" \u00b7 "), "pv-chips"));
    if (info) {
      chips.appendChild(doc.createTextNode(" \u00b7 "));
      add(chips, el(doc, "strong", info.side_words));
      if (info.reach_words) add(frag, el(doc, "p", "How each drug gets here: " + info.reach_words + ".", "pv-meta"));
    } else {
      add(frag, el(doc, "p", "This node is not in this view: the filters, the detail level or the drugs chosen hide it.", "pv-warning"));
    }
    add(frag, el(doc, "p", node.description));
    if (node.synonyms.length) add(frag, el(doc, "p", "Also called: " + node.synonyms.join(", "), "pv-meta"));
    if (node.xrefs.length) {
      var p = add(frag, el(doc, "p", "Identifiers: "));
      node.xrefs.forEach(function (x, i) {
        if (i) p.appendChild(doc.createTextNode(" \u00b7 "));
        add(p, link(doc, x.href, x.text));
      });
    }
    if (node.note) add(frag, el(doc, "p", "Curator's note: " + node.note, "pv-meta"));
    if (node.sources.length) {
      var src = add(frag, el(doc, "details", null, "pv-more"));
      add(src, el(doc, "summary", "Sources for this node (" + node.sources.length + ")"));
      add(src, sourceList(doc, node.sources));
    }
    return frag;
  }

  function nodeDetails(doc, data, view, id, opts) {
    var frag = doc.createDocumentFragment();
    var info = view.nodes[id];
    // wide: the node on the left with its arrows below, why they converge (or its arrows) on the
    // right; narrow: one column, in that order of importance (details.css, grid areas)
    var cols = add(frag, el(doc, "div", null, "pv-cols"));
    add(add(cols, el(doc, "div", null, "pv-col-info")), nodeInfo(doc, data, view, id, opts));
    if (info && view.support[id]) {
      add(add(cols, el(doc, "div", null, "pv-col-side")), whyElement(doc, data, view, id));
      add(add(cols, el(doc, "div", null, "pv-col-more")), edgesOf(doc, data, info));
    } else if (info) {
      add(add(cols, el(doc, "div", null, "pv-col-side")), edgesOf(doc, data, info));
    }
    return frag;
  }

  function edgeDetails(doc, data, view, key, opts) {
    var e = data.edges[key];
    var frag = doc.createDocumentFragment();
    add(frag, el(doc, "h3", label(data, e.source) + " \u2192 " + label(data, e.target)));
    var line = add(frag, el(doc, "p"));
    add(line, el(doc, "strong", e.relation));
    line.appendChild(doc.createTextNode(" "));
    add(line, badges(doc, e));
    if (view.edges.indexOf(key) < 0) {
      add(frag, el(doc, "p", "This arrow is not in this view: the filters or the detail level hide it.", "pv-warning"));
    }
    if (opts.onSelect) {
      var row = add(frag, el(doc, "div", null, "pv-buttons"));
      [e.source, e.target].forEach(function (n) {
        add(row, button(doc, "Show " + label(data, n), function () { opts.onSelect(n); }));
      });
      add(row, button(doc, "Clear", function () { opts.onSelect(null); }));
    }
    add(frag, edgeBody(doc, e));
    return frag;
  }

  function render(doc, data, view, id, opts) {
    opts = opts || {};
    var prefix = data.edge_prefix;
    if (id && id.indexOf(prefix) === 0) {
      var key = id.slice(prefix.length);
      return data.edges[key] ? edgeDetails(doc, data, view, key, opts) : doc.createDocumentFragment();
    }
    return data.nodes[id] ? nodeDetails(doc, data, view, id, opts) : doc.createDocumentFragment();
  }

  function empty(doc, data, view, opts) {
    opts = opts || {};
    var frag = doc.createDocumentFragment();
    add(frag, el(doc, "h4", "Details"));
    add(frag, el(doc, "p", opts.hint || "Click a node or the small dot in the middle of an arrow: its description, evidence and sources appear here.", "pv-info"));
    var how = add(frag, el(doc, "details", null, "pv-more"));
    how.open = true;
    add(how, el(doc, "summary", "How to read the diagram"));
    var ul = add(how, el(doc, "ul"));
    (data.legend || []).forEach(function (line) { add(ul, el(doc, "li", line)); });
    return frag;
  }

  root.PathvizDetails = { render: render, empty: empty, link: link, el: el };
})(typeof window !== "undefined" ? window : globalThis);
