/* pathviz keyboard model for a pathway diagram drawn by Plotly (the dashboard's and the explorer's).
 *
 * One Tab stop enters the diagram; the arrow keys follow the biology, not the screen:
 *   Right        downstream: from a node to its first arrow out, from an arrow to what it acts on
 *   Left         upstream:   from a node to its first arrow in, from an arrow to what acts through it
 *   Down / Up    the next / previous alternative: on an arrow, the next arrow out of the same node
 *                (into the same node when going upstream); on a node reached through an arrow, the
 *                node the next such arrow leads to; otherwise the next node of the same row
 *   Home         the drug (again: the other drug)      End    the last row's first node (the outcome)
 *   M / Shift+M  the next / previous meeting point      Enter, Space   select, as a click does
 *   Escape       leave the diagram (focus goes to the diagram's frame; Tab goes on)
 *
 * The focus is on a real element per node and arrow (an offscreen-style layer laid over the SVG, one
 * Tab stop: roving tabindex), named with the words built in Python (pathviz.render.a11y). A ring is
 * drawn over the focused mark in its own SVG above the plot. Keys pressed in the diagram go no
 * further (the page's own single-key shortcuts never see them).
 *
 *   PathvizKeynav.move(nav, cur, key, shift) -> the next position (pure; tests and both pages)
 *   PathvizKeynav.attach(host, opts)          -> a keyboard layer over a Plotly graph in host
 */
(function (root) {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";

  function wrap(i, n) { return ((i % n) + n) % n; }

  // cur: {id, dir: "down" | "up" | null, via: the arrow the node was reached through, or null}
  function move(nav, cur, key, shift) {
    var id = cur && cur.id, e = id ? nav.edges[id] : null, n = id && !e ? id : null;
    var dir = cur && cur.dir, via = cur && cur.via && nav.edges[cur.via] ? cur.via : null;
    if (key === "Home") {
      var d = nav.drugs;
      if (!d.length) return null;
      return { id: d.length > 1 && id === d[0] ? d[1] : d[0], dir: null, via: null };
    }
    if (key === "End") {
      var last = nav.rows[nav.rows.length - 1];
      return last && last.length ? { id: last[0], dir: null, via: null } : null;
    }
    if (key === "m" || key === "M") {
      var m = nav.meeting;
      if (!m.length) return null;
      var at = m.indexOf(n);
      var next = at < 0 ? (shift ? m.length - 1 : 0) : wrap(at + (shift ? -1 : 1), m.length);
      return { id: m[next], dir: null, via: null };
    }
    if (!id) return null;
    if (key === "ArrowRight") {
      if (e) return { id: e.target, dir: "down", via: id };
      var outs = nav.out[n] || [];
      return outs.length ? { id: outs[0], dir: "down", via: null } : null;
    }
    if (key === "ArrowLeft") {
      if (e) return { id: e.source, dir: "up", via: id };
      var ins = nav["in"][n] || [];
      return ins.length ? { id: ins[0], dir: "up", via: null } : null;
    }
    if (key === "ArrowDown" || key === "ArrowUp") {
      var step = key === "ArrowDown" ? 1 : -1;
      if (e) {
        var sib = dir === "up" ? nav["in"][e.target] : nav.out[e.source];
        if (!sib || sib.length < 2) return null;
        return { id: sib[wrap(sib.indexOf(id) + step, sib.length)], dir: dir === "up" ? "up" : "down", via: null };
      }
      if (via) {
        var ve = nav.edges[via];
        var group = dir === "up" ? nav["in"][ve.target] : nav.out[ve.source];
        if (group && group.length > 1) {
          var other = group[wrap(group.indexOf(via) + step, group.length)];
          var oe = nav.edges[other];
          return { id: dir === "up" ? oe.source : oe.target, dir: dir, via: other };
        }
        return null;
      }
      for (var r = 0; r < nav.rows.length; r++) {
        var row = nav.rows[r], i = row.indexOf(n);
        if (i >= 0) return row.length > 1 ? { id: row[wrap(i + step, row.length)], dir: null, via: null } : null;
      }
    }
    return null;
  }

  function nameOf(nav, cur) {
    // a node or an arrow's name; an arrow reached among its siblings says which one it is
    var e = nav.edges[cur.id];
    if (!e) return nav.nodes[cur.id] ? nav.nodes[cur.id].name : "";
    return e.name + ", " + (cur.dir === "up" ? e.into : e.from);
  }

  function shortOf(nav, id) {
    var e = nav.edges[id];
    return e ? e.short : nav.nodes[id] ? nav.nodes[id].short : id;
  }

  /* ------------------------------------------------------------------ geometry over Plotly */

  function traceLayer(gd, name) {
    var layers = gd.querySelectorAll(".scatterlayer > .trace");
    for (var i = 0; i < gd.data.length; i++) if (gd.data[i].name === name) return { t: gd.data[i], g: layers[i] };
    return null;
  }

  function geometry(gd, paths, origin) {
    // per node its marker's box, per arrow its points and its dot, in pixels from origin's top left
    var o = origin.getBoundingClientRect();
    var fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis;
    var px = function (x) { return xa._offset + xa.l2p(x); }, py = function (y) { return ya._offset + ya.l2p(y); };
    var g = gd.getBoundingClientRect(), dx = g.left - o.left, dy = g.top - o.top;
    var out = { nodes: {}, edges: {} };
    var nodes = traceLayer(gd, "nodes");
    if (nodes && nodes.g) {
      var pts = nodes.g.querySelectorAll(".points path");
      (nodes.t.customdata || []).forEach(function (id, j) {
        var r = pts[j] ? pts[j].getBoundingClientRect() : null;
        if (r && (r.width || r.height)) out.nodes[id] = [r.left - o.left, r.top - o.top, r.width, r.height];
        else if (nodes.t.x[j] !== null) out.nodes[id] = [dx + px(nodes.t.x[j]) - 8, dy + py(nodes.t.y[j]) - 8, 16, 16];
      });
    }
    var dots = traceLayer(gd, "edge details");
    var dot = {};
    if (dots) (dots.t.customdata || []).forEach(function (id, j) {
      var size = dots.t.marker ? dots.t.marker.size : 0;
      size = Array.isArray(size) ? size[j] : size;
      if (dots.t.x[j] !== null) dot[id] = [dx + px(dots.t.x[j]), dy + py(dots.t.y[j]), (size || 8) / 2];
    });
    Object.keys(paths || {}).forEach(function (key) {
      var p = paths[key];
      var points = p.x.map(function (x, j) { return [dx + px(x), dy + py(p.y[j])]; });
      var at = dot["edge:" + key] || points[Math.floor(points.length / 2)].concat([4]);
      out.edges[key] = { points: points, dot: at };
    });
    return out;
  }

  /* ------------------------------------------------------------------ the layer */

  // the layer's own style, once per document (the same on the dashboard and in the explorer)
  var CSS =
    ".pv-kn{position:absolute;left:0;top:0;pointer-events:none;outline:none;z-index:5}" +
    ".pv-kn-items{position:absolute;inset:0}" +
    ".pv-kn-item{position:absolute;outline:none;background:transparent;scroll-margin:5rem 2rem}" +
    ".pv-kn-ring{position:absolute;left:0;top:0;width:100%;height:100%;overflow:visible;pointer-events:none}" +
    ".pv-kn-help,.pv-sr-only{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;border:0;" +
    "overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}";

  function style(doc) {
    if (doc.getElementById("pv-kn-style")) return;
    var el = doc.createElement("style");
    el.id = "pv-kn-style";
    el.textContent = CSS;
    (doc.head || doc.documentElement).appendChild(el);
  }

  function liveRegion(doc, parent) {
    // a small polite live region: one short sentence per selection or lecture step
    var p = doc.createElement("p");
    p.className = "pv-sr-only pv-live";
    p.setAttribute("role", "status");
    p.setAttribute("aria-live", "polite");
    parent.appendChild(p);
    return function (text) {
      // the same sentence twice is said twice: the region is emptied first
      p.textContent = "";
      setTimeout(function () { p.textContent = text; }, 30);
      p.setAttribute("data-said", text);
    };
  }

  function attach(host, opts) {
    // host: a positioned element holding the plot; opts: {label (element naming the layer), onSelect(id),
    // say(text), edgePrefix}; the ring's colours come with the names (nav.ring)
    var doc = host.ownerDocument;
    style(doc);
    var layer = doc.createElement("div");
    layer.className = "pv-kn";
    layer.setAttribute("role", "application");
    layer.setAttribute("aria-roledescription", "pathway diagram");
    var help = doc.createElement("p");
    help.className = "pv-kn-help";
    help.id = "pv-kn-help-" + Math.random().toString(36).slice(2, 9);
    layer.setAttribute("aria-describedby", help.id);
    layer.tabIndex = -1;  // Escape leaves the diagram to here: out of the keys' reach, Tab goes on
    var items = doc.createElement("div");
    items.className = "pv-kn-items";
    var ring = doc.createElementNS(SVGNS, "svg");
    ring.setAttribute("class", "pv-kn-ring");
    ring.setAttribute("aria-hidden", "true");
    ring.setAttribute("focusable", "false");
    layer.appendChild(help);
    layer.appendChild(items);
    layer.appendChild(ring);
    host.appendChild(layer);
    var st = { nav: null, cur: null, els: {}, gd: null, paths: null, geo: null, focused: false };
    var prefix = opts.edgePrefix || "edge:";

    function box(el, r) {
      el.style.left = r[0] + "px"; el.style.top = r[1] + "px";
      el.style.width = Math.max(r[2], 1) + "px"; el.style.height = Math.max(r[3], 1) + "px";
    }

    function place() {
      if (!st.gd || !st.nav) return;
      st.geo = geometry(st.gd, st.paths, layer);
      var g = st.gd.getBoundingClientRect();
      layer.style.width = g.width + "px"; layer.style.height = g.height + "px";
      Object.keys(st.els).forEach(function (id) {
        var el = st.els[id];
        if (st.nav.edges[id]) {
          var ed = st.geo.edges[id.slice(prefix.length)];
          if (ed) box(el, [ed.dot[0] - ed.dot[2], ed.dot[1] - ed.dot[2], 2 * ed.dot[2], 2 * ed.dot[2]]);
        } else if (st.geo.nodes[id]) box(el, st.geo.nodes[id]);
      });
      drawRing();
    }

    function svg(tag, attrs, parent) {
      var el = doc.createElementNS(SVGNS, tag);
      Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      parent.appendChild(el);
      return el;
    }

    function drawRing() {
      while (ring.firstChild) ring.removeChild(ring.firstChild);
      ring.setAttribute("data-for", "");
      if (!st.focused || !st.cur || !st.geo) return;
      var id = st.cur.id, rc = st.nav.ring, w = rc.width;
      var shapes = [];
      if (st.nav.edges[id]) {
        var ed = st.geo.edges[id.slice(prefix.length)];
        if (!ed) return;
        var pts = ed.points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ");
        // the ring round the arrow's dot (its status mark stays readable inside it), and the line
        // traced over the arrow everywhere but inside that ring
        var rad = Math.max(10, ed.dot[2] + w + 4);
        var mid = "pv-kn-cut-" + Math.random().toString(36).slice(2, 9);
        var mask = svg("mask", { id: mid, maskUnits: "userSpaceOnUse", x: "-10000", y: "-10000", width: "30000", height: "30000" }, ring);
        svg("rect", { x: "-10000", y: "-10000", width: "30000", height: "30000", fill: "white" }, mask);
        svg("circle", { cx: ed.dot[0].toFixed(1), cy: ed.dot[1].toFixed(1), r: rad.toFixed(1), fill: "black" }, mask);
        shapes.push(["polyline", { points: pts, fill: "none", "stroke-linejoin": "round", "stroke-linecap": "round", mask: "url(#" + mid + ")" }]);
        shapes.push(["circle", { cx: ed.dot[0].toFixed(1), cy: ed.dot[1].toFixed(1), r: rad.toFixed(1), fill: "none" }]);
      } else {
        var r = st.geo.nodes[id];
        if (!r) return;
        var pad = 5;
        shapes.push(["rect", { x: (r[0] - pad).toFixed(1), y: (r[1] - pad).toFixed(1), width: (r[2] + 2 * pad).toFixed(1),
                               height: (r[3] + 2 * pad).toFixed(1), rx: 6, fill: "none" }]);
      }
      // a white halo under a dark ring: the ring stands out from any fill and any background
      // (no halo along the arrow's line: it would wipe out the labels the line passes)
      shapes.forEach(function (s) { if (s[0] !== "polyline") svg(s[0], Object.assign({ stroke: rc.halo, "stroke-width": String(w + 4), "class": "pv-kn-halo" }, s[1]), ring); });
      shapes.forEach(function (s) { svg(s[0], Object.assign({ stroke: rc.colour, "stroke-width": String(w), "class": "pv-kn-mark" }, s[1]), ring); });
      ring.setAttribute("data-for", id);
    }

    function element(id) {
      var el = doc.createElement("div");
      el.className = "pv-kn-item";
      el.setAttribute("role", "button");
      el.tabIndex = -1;
      el.setAttribute("data-id", id);
      el.setAttribute("aria-label", st.nav.edges[id] ? st.nav.edges[id].name : st.nav.nodes[id].name);
      items.appendChild(el);
      st.els[id] = el;
      return el;
    }

    function go(cur, focus) {
      if (!cur || !st.els[cur.id]) return false;
      var old = st.cur && st.els[st.cur.id];
      if (old) old.tabIndex = -1;
      st.cur = cur;
      var el = st.els[cur.id];
      el.setAttribute("aria-label", nameOf(st.nav, cur));
      el.tabIndex = 0;
      layer.setAttribute("data-current", cur.id);
      if (opts.onMove) opts.onMove(cur.id);
      if (focus) {
        el.focus({ preventScroll: true });
        if (el.scrollIntoView) el.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
      drawRing();
      return true;
    }

    var KEYS = { ArrowRight: 1, ArrowLeft: 1, ArrowDown: 1, ArrowUp: 1, Home: 1, End: 1, m: 1, M: 1 };
    items.addEventListener("keydown", function (ev) {
      // keys pressed in the diagram stay here: the page's single-key shortcuts never see them
      ev.stopPropagation();
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var key = ev.key;
      if (key === "Tab") return;  // Tab leaves the diagram as usual
      if (key === "Escape") {
        ev.preventDefault();
        st.focused = false;
        layer.focus({ preventScroll: true });
        drawRing();
        return;
      }
      if (key === "Enter" || key === " " || key === "Spacebar") {
        ev.preventDefault();
        if (st.cur && opts.onSelect) opts.onSelect(st.cur.id);
        return;
      }
      if (!KEYS[key]) return;
      ev.preventDefault();
      var next = move(st.nav, st.cur, key, ev.shiftKey);
      if (!next || !go(next, true)) { if (opts.say) opts.say(st.nav.said.none); }
    });
    ["keyup", "keypress"].forEach(function (t) { items.addEventListener(t, function (ev) { if (ev.key !== "Tab") ev.stopPropagation(); }); });
    // on the frame itself (after Escape) the diagram's keys do not act; the page's own keys do again
    items.addEventListener("focusin", function (ev) {
      var id = ev.target.getAttribute && ev.target.getAttribute("data-id");
      st.focused = true;
      host.__pvKeynavHadFocus = true;
      if (id && (!st.cur || st.cur.id !== id)) go({ id: id, dir: null, via: null }, false);
      drawRing();
    });
    items.addEventListener("focusout", function (ev) {
      if (ev.relatedTarget && items.contains(ev.relatedTarget)) return;
      st.focused = false;
      if (ev.relatedTarget) host.__pvKeynavHadFocus = false;  // focus went elsewhere on purpose
      drawRing();
    });

    function update(nav, gd, paths) {
      // a new figure (a filter, a lecture step, a redraw): the same node keeps the focus where it
      // is still drawn; else the arrow's source, else the drug
      var had = items.contains(doc.activeElement) ||
        (host.__pvKeynavHadFocus && (!doc.activeElement || doc.activeElement === doc.body));
      var keep = st.cur;
      var keepSource = keep && st.nav && st.nav.edges[keep.id] ? st.nav.edges[keep.id].source : null;
      st.nav = nav; st.gd = gd; st.paths = paths;
      while (items.firstChild) items.removeChild(items.firstChild);
      st.els = {};
      layer.setAttribute("aria-label", nav.name);
      layer.style.outlineColor = nav.ring.colour;
      help.textContent = nav.help;
      // reading order: the nodes row by row, left to right, each followed by the arrows out of it
      nav.rows.forEach(function (row) {
        row.forEach(function (n) {
          element(n);
          (nav.out[n] || []).forEach(element);
        });
      });
      var cur = null;
      if (keep && st.els[keep.id]) cur = keep;
      else if (keepSource && st.els[keepSource]) cur = { id: keepSource, dir: null, via: null };
      if (!cur && nav.drugs.length) cur = { id: nav.drugs[0], dir: null, via: null };
      st.cur = null;
      place();
      if (cur) go(cur, had);
    }

    return {
      layer: layer,
      update: update,
      place: place,
      focus: function () { if (st.cur) go(st.cur, true); },
      current: function () { return st.cur ? st.cur.id : null; },
      state: st,
    };
  }

  var api = { move: move, nameOf: nameOf, shortOf: shortOf, geometry: geometry, attach: attach, liveRegion: liveRegion };
  root.PathvizKeynav = api;
})(typeof window !== "undefined" ? window : this);
