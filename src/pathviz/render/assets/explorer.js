/* pathviz explorer: the diagram's click details, search and filters, in the browser only.
 *
 * Pure functions first (usable from any page that has the data island and a Plotly graph):
 *   edgeMatches(edge, filters)          -> does an arrow pass the evidence/status filters
 *   dimArrows(gd, data, view, filters)  -> dim the line, head and dot traces that do not match
 *   highlight(gd, data, view, nodeId)   -> dim the nodes off the routes through a node (as the dashboard)
 * The details of a clicked node or arrow are drawn by details.js (PathvizDetails), as on the dashboard.
 *   searchIndex(data, view)             -> [{id, text}] by label and synonym
 * Pathway text is only ever set with textContent; links only when they start with https://.
 */
(function (root) {
  "use strict";
  var EDGE = "edge:";

  function el(doc, tag, text, cls) {
    var e = doc.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function edgeMatches(edge, filters) {
    return filters.evidence.indexOf(edge.evidence) >= 0 && filters.status.indexOf(edge.status) >= 0;
  }

  function dimArrows(gd, data, view, filters) {
    var dim = data.dim;
    var idx = [], op = [];
    gd.data.forEach(function (tr, i) {
      if ((tr.name === "edges" || tr.name === "arrowheads") && tr.meta) {
        var ok = filters.evidence.indexOf(tr.meta.evidence) >= 0 && filters.status.indexOf(tr.meta.status) >= 0;
        idx.push(i); op.push(ok ? 1 : dim);
      }
    });
    if (idx.length) root.Plotly.restyle(gd, { opacity: op }, idx);
    gd.data.forEach(function (tr, i) {
      if (tr.name !== "edge details") return;
      var o = tr.customdata.map(function (c) {
        var e = data.edges[String(c).slice(EDGE.length)];
        return e && edgeMatches(e, filters) ? 1 : dim;
      });
      root.Plotly.restyle(gd, { "marker.opacity": [o] }, [i]);
    });
  }

  function highlight(gd, data, view, nodeId) {
    var v = data.views[view], hl = nodeId ? v.highlights[nodeId] : null;
    var on = hl ? new Set(hl.nodes) : null, onE = hl ? new Set(hl.edges) : null;
    gd.data.forEach(function (tr, i) {
      if (tr.name === "nodes") {
        var o = tr.customdata.map(function (id) { return !on || on.has(id) ? 1 : data.dim; });
        root.Plotly.restyle(gd, { "marker.opacity": [o] }, [i]);
      }
    });
    return onE;
  }

  function searchIndex(data, view) {
    var out = [];
    Object.keys(data.views[view].nodes).forEach(function (id) {
      var n = data.nodes[id];
      out.push({ id: id, text: n.label });
      n.synonyms.forEach(function (s) { out.push({ id: id, text: s + " (" + n.label + ")" }); });
    });
    return out.sort(function (a, b) { return a.text.localeCompare(b.text); });
  }

  /* ---------------------------------------------------------------- the page */

  function boot(doc) {
    var data = JSON.parse(doc.getElementById("pathviz-data").textContent);
    var gd = doc.getElementById("pv-plot");
    var state = { view: data.detail === "core" ? "core" : "full", selected: null,
                  filters: { evidence: data.checked_evidence.slice(), status: data.checked_status.slice() } };
    doc.getElementById("pv-title").textContent = data.title;
    doc.getElementById("pv-sub").textContent = "Click a node or the dot in the middle of an arrow for its description, " +
      "sources and quoted sentences. Works offline: nothing on this page is fetched from the network.";
    doc.getElementById("pv-filter-words").textContent = data.filter_words;
    doc.getElementById("pv-footer").textContent = "Made with " + data.generator + ".";
    var controls = doc.getElementById("pv-controls");

    function fieldset(title) { var f = el(doc, "fieldset"); f.appendChild(el(doc, "legend", title)); controls.appendChild(f); return f; }
    function check(f, type, name, value, text, checked, onchange) {
      var lab = el(doc, "label"), inp = el(doc, "input");
      inp.type = type; inp.name = name; inp.value = value; inp.checked = checked;
      inp.addEventListener("change", onchange);
      lab.appendChild(inp); lab.appendChild(doc.createTextNode(" " + text));
      f.appendChild(lab);
      return inp;
    }
    var fd = fieldset("Detail");
    [["full", "full"], ["core", "core mechanism only"]].forEach(function (d) {
      check(fd, "radio", "pv-detail", d[0], d[1], state.view === d[0], function () { state.view = d[0]; draw(); });
    });
    var fs = fieldset("Find a node");
    var input = el(doc, "input"); input.id = "pv-search"; input.type = "search";
    input.setAttribute("list", "pv-names"); input.placeholder = "name or synonym";
    var list = el(doc, "datalist"); list.id = "pv-names";
    fs.appendChild(input); fs.appendChild(list);
    input.addEventListener("change", function () {
      var hit = searchIndex(data, state.view).filter(function (x) { return x.text === input.value; })[0] ||
        searchIndex(data, state.view).filter(function (x) { return x.text.toLowerCase().indexOf(input.value.toLowerCase()) >= 0; })[0];
      if (hit) select(hit.id);
    });
    function filterSet(title, items, key) {
      var f = fieldset(title);
      items.forEach(function (it) {
        check(f, "checkbox", "pv-" + key, it.value, it.label, state.filters[key].indexOf(it.value) >= 0, function (ev) {
          var arr = state.filters[key], i = arr.indexOf(it.value);
          if (ev.target.checked && i < 0) arr.push(it.value);
          if (!ev.target.checked && i >= 0) arr.splice(i, 1);
          dimArrows(gd, data, state.view, state.filters);
        });
      });
    }
    filterSet("Evidence (dims other arrows)", data.evidence, "evidence");
    filterSet("Status (dims other arrows)", data.status, "status");

    // the keyboard layer over the diagram (keynav.js, the dashboard's too), the buttons that pan and
    // zoom it without a drag, and one short polite sentence per selection
    var wrap = el(doc, "div", null, "pv-plot-wrap");
    gd.parentNode.insertBefore(wrap, gd);
    wrap.appendChild(gd);
    var say = root.PathvizKeynav.liveRegion(doc, wrap.parentNode);
    var nav = root.PathvizKeynav.attach(wrap, { edgePrefix: EDGE, onSelect: function (id) { select(id); }, say: say });
    var moves = el(doc, "div", null, "pv-view-buttons");
    moves.setAttribute("role", "group");
    moves.setAttribute("aria-label", "Move the diagram");
    wrap.parentNode.insertBefore(moves, wrap);
    var home = {};  // each view's own ranges (Plotly changes the layout object it was given)
    Object.keys(data.views).forEach(function (k) {
      var lay = data.views[k].figure.layout;
      home[k] = { x: lay.xaxis.range.slice(), y: lay.yaxis.range.slice() };
    });
    function zoom(f, dx, dy) {
      var fl = gd._fullLayout, xr = fl.xaxis.range.slice(), yr = fl.yaxis.range.slice();
      var cx = (xr[0] + xr[1]) / 2, cy = (yr[0] + yr[1]) / 2, hw = (xr[1] - xr[0]) / 2 * f, hh = (yr[1] - yr[0]) / 2 * f;
      cx += dx * hw; cy += dy * hh;
      return root.Plotly.relayout(gd, { "xaxis.range": [cx - hw, cx + hw], "yaxis.range": [cy - hh, cy + hh] });
    }
    [["Zoom in", function () { return zoom(1 / 1.25, 0, 0); }], ["Zoom out", function () { return zoom(1.25, 0, 0); }],
     ["◀ Pan left", function () { return zoom(1, -0.25, 0); }], ["Pan right ▶", function () { return zoom(1, 0.25, 0); }],
     ["▲ Pan up", function () { return zoom(1, 0, 0.25); }], ["Pan down ▼", function () { return zoom(1, 0, -0.25); }],
     ["Reset view", function () {
       var h = home[state.view];
       return root.Plotly.relayout(gd, { "xaxis.range": h.x.slice(), "yaxis.range": h.y.slice() });
     }]].forEach(function (b) {
      var btn = el(doc, "button", b[0]);
      btn.type = "button";
      btn.addEventListener("click", b[1]);
      moves.appendChild(btn);
    });

    function select(id) {
      if ((id || null) !== (state.selected || null)) {
        var nv = data.views[state.view].nav;
        say(id ? nv.said.select.replace("{name}", root.PathvizKeynav.shortOf(nv, id)).replace("{where}", nv.said.below) : nv.said.clear);
      }
      state.selected = id;
      var det = doc.getElementById("pv-details");
      while (det.firstChild) det.removeChild(det.firstChild);
      var v = data.views[state.view];
      if (!id) det.appendChild(root.PathvizDetails.empty(doc, data, v, { hint: "Click a node or the small dot in the middle of an arrow: its description, evidence and sources appear here." }));
      else det.appendChild(root.PathvizDetails.render(doc, data, v, id, { onSelect: select }));
      highlight(gd, data, state.view, id && id.indexOf(EDGE) !== 0 ? id : null);
    }

    function draw() {
      var v = data.views[state.view];
      while (list.firstChild) list.removeChild(list.firstChild);
      searchIndex(data, state.view).forEach(function (x) { var o = el(doc, "option"); o.value = x.text; list.appendChild(o); });
      return root.Plotly.react(gd, v.figure.data, v.figure.layout,
        { displaylogo: false, responsive: true, scrollZoom: true, toImageButtonOptions: { format: "svg" } }).then(function () {
        dimArrows(gd, data, state.view, state.filters);
        nav.update(v.nav, gd, v.paths);
        select(state.selected && (state.selected.indexOf(EDGE) === 0 ? data.edges[state.selected.slice(EDGE.length)] : v.nodes[state.selected]) ? state.selected : null);
      });
    }
    draw().then(function () {
      gd.on("plotly_relayout", function () { nav.place(); });  // zoomed or panned: the layer follows
      gd.on("plotly_click", function (ev) {
        var pt = ev && ev.points && ev.points[0];
        if (pt && typeof pt.customdata === "string") select(pt.customdata);
      });
      doc.body.setAttribute("data-ready", "1");
    });
    state.select = select;  // the "Show as text" rows select through it (text_table.js)
    root.pathvizExplorerState = state;
  }

  var api = { edgeMatches: edgeMatches, dimArrows: dimArrows, highlight: highlight,
              searchIndex: searchIndex, boot: boot };
  root.PathvizExplorer = api;
  if (root.document && root.document.getElementById("pathviz-data")) boot(root.document);
})(window);
