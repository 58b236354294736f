// The Compare diagram: plotly.js at the figure's own pixel size (scrolls sideways in a narrow
// window instead of squeezing labels together); on click, the routes highlighted and the details
// drawn here (details.js, from data shipped with the view), then the clicked node or arrow sent to
// Python for the downloads and the address bar. Pathway text reaches this code inside the Plotly
// figure (escaped on the server) and as JSON data that details.js puts on the page as text only.

// loadPlotly() comes from plotly_loader.js, put before this script

function highlightFor(d, sel) {
  if (!sel) return null;
  if (sel.startsWith(d.edgePrefix)) {
    const key = sel.slice(d.edgePrefix.length);
    const ends = d.edgeEnds[key];
    return ends ? { nodes: ends, edges: [key] } : null;
  }
  return d.highlights[sel] || null;
}

const SVG = "http://www.w3.org/2000/svg";

function remember(el, prop) {
  // Plotly's own inline style value, so that clearing a highlight restores it exactly
  el.__pv = el.__pv || {};
  if (!(prop in el.__pv)) el.__pv[prop] = el.style.getPropertyValue(prop);
}

function setStyle(el, prop, value) {
  remember(el, prop);
  el.style.setProperty(prop, value === null ? el.__pv[prop] : value);
}

export function applyHighlight(gd, d, sel) {
  // Styles the drawn SVG directly (a few ms) instead of asking Plotly to redraw (~150 ms per call);
  // the figure does not pan or zoom, so Plotly never redraws these elements behind our back.
  const hl = highlightFor(d, sel);
  const keep = hl ? new Set(hl.nodes) : null;
  const onEdges = hl ? new Set(hl.edges) : null;
  const layers = gd.querySelectorAll(".scatterlayer > .trace");
  let details = null;
  gd.data.forEach((t, i) => {
    const g = layers[i];
    if (!g) return;
    if (t.name === "nodes") {
      const pts = g.querySelectorAll(".points path");
      const txt = g.querySelectorAll(".textpoint text");
      t.customdata.forEach((id, j) => {
        const on = keep === null || keep.has(id);
        if (pts[j]) {
          setStyle(pts[j], "opacity", on ? null : String(d.dim));
          setStyle(pts[j], "stroke-width", id === sel ? d.selectedOutline + "px" : null);
          setStyle(pts[j], "stroke", id === sel ? d.black : null);
        }
        if (txt[j]) setStyle(txt[j], "fill", on ? null : d.textDim);
      });
    } else if (t.name === "edges") {
      g.querySelectorAll(".js-line").forEach((p) => setStyle(p, "stroke", hl ? d.light : null));
    } else if (t.name === "arrowheads") {
      const ids = (t.customdata || []).filter((_, j) => t.x[j] !== null && t.x[j] !== undefined);
      g.querySelectorAll(".points path").forEach((p, j) => {
        const mine = onEdges && onEdges.has(String(ids[j] || "").slice(d.edgePrefix.length));
        setStyle(p, "fill", hl && !mine ? d.light : null);
        setStyle(p, "stroke", hl && !mine ? d.light : null);
      });
    } else if (t.name === "edge details" && !details) {
      details = g;
    }
  });
  // the selection's arrows, drawn black above the others and below the dots and nodes
  const parent = gd.querySelector(".scatterlayer");
  let over = parent && parent.querySelector("g.pv-highlight");
  if (parent && !over) {
    over = document.createElementNS(SVG, "g");
    over.setAttribute("class", "pv-highlight");
    parent.insertBefore(over, details || null);
  }
  if (over) {
    while (over.firstChild) over.removeChild(over.firstChild);
    if (hl) {
      const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
      for (const key of hl.edges) {
        const p = d.paths[key];
        if (!p) continue;
        const pts = p.x.map((x, j) => xa.l2p(x).toFixed(1) + "," + ya.l2p(p.y[j]).toFixed(1)).join(" ");
        const line = document.createElementNS(SVG, "polyline");
        line.setAttribute("points", pts);
        line.setAttribute("fill", "none");
        line.setAttribute("stroke", d.black);
        line.setAttribute("stroke-width", String(d.highlightWidth));
        over.appendChild(line);
      }
    }
  }
  gd.setAttribute("data-selected", sel || "");
}

// What a click picks: the mark drawn under the pointer, topmost first, as the eye sees it. Plotly
// picks the point whose *position* is nearest, which for an arrowhead is its anchor, not its
// triangle: a click on one of several heads meeting at a node could select a neighbour's arrow,
// and a click on a marker could select an arrowhead tucked under it.
const CLICKABLE = new Set(["nodes", "edge details", "arrowheads"]);

function drawnMarks(gd) {
  // every clickable mark in paint order (later = on top): [element, id, is a shape]
  const layers = gd.querySelectorAll(".scatterlayer > .trace");
  const out = [];
  gd.data.forEach((t, i) => {
    const g = layers[i];
    if (!g || !CLICKABLE.has(t.name)) return;
    const ids = (t.customdata || []).filter((_, j) => t.x[j] !== null && t.x[j] !== undefined);
    g.querySelectorAll(".points path").forEach((p, j) => {
      const bound = p.__data__ && p.__data__.data;  // the point Plotly drew this path for
      const id = bound !== undefined && bound !== null ? bound : ids[j];
      if (id !== undefined && id !== null && id !== "") out.push([p, String(id), true]);
    });
    if (t.name === "nodes") {
      // a node's label (marker text, painted above the markers) selects its node too
      g.querySelectorAll(".textpoint").forEach((el, j) => {
        const bound = el.__data__ && el.__data__.data;
        const id = bound !== undefined && bound !== null ? bound : ids[j];
        const text = el.querySelector("text");
        if (text && id !== undefined && id !== null && id !== "") out.push([text, String(id), false]);
      });
    }
  });
  return out;
}

function markAt(gd, x, y) {
  // the id of the topmost mark under (x, y) in client pixels; else of the mark nearest to it
  // within a few pixels (the tip of an arrowhead, the flat bar of "inhibits"); else of the label
  // there; else null
  const svg = gd.querySelector(".main-svg");
  if (!svg) return null;
  const marks = drawnMarks(gd);
  const pt = svg.createSVGPoint();
  const SLOP = 4;
  const near = [];  // [element, id, matrix] of the marks whose box is within SLOP, topmost first
  let label = null;
  const hit = (el, m, px, py) => {
    pt.x = px; pt.y = py;
    const q = pt.matrixTransform(m);
    return el.isPointInFill(q) || el.isPointInStroke(q);  // the outline counts: it is drawn
  };
  for (let k = marks.length - 1; k >= 0; k--) {
    const [el, id, shape] = marks[k];
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    // the box leaves out the outline, which for the flat bar of "inhibits" is the whole mark
    const d = Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
    if (d > SLOP) continue;
    if (!shape) {
      if (d === 0 && label === null) label = id;
      continue;
    }
    const ctm = el.getScreenCTM();
    if (!ctm) continue;
    const m = ctm.inverse();
    if (hit(el, m, x, y)) return id;
    near.push([el, id, m]);
  }
  // nothing under the pointer: the mark nearest to it, ring by ring (topmost first on a ring)
  for (let radius = 1; radius <= SLOP && near.length; radius++) {
    for (const [el, id, m] of near) {
      for (let a = 0; a < 16; a++) {
        if (hit(el, m, x + radius * Math.cos((a * Math.PI) / 8), y + radius * Math.sin((a * Math.PI) / 8))) return id;
      }
    }
  }
  return label;
}

function listenForClicks(gd, box) {
  // once per plot element (a redraw keeps the element): the click, and the pointer over a mark
  if (gd.__pvClicks) return;
  gd.__pvClicks = true;
  // Plotly reports no click when its hover found no point (e.g. a click straight after a jump
  // of the mouse): the mark under the pointer still answers
  gd.addEventListener("mousedown", () => { box.__clicked = false; }, true);
  gd.addEventListener("click", (e) => {
    if (box.__clicked || !box.__select) return;
    const id = markAt(gd, e.clientX, e.clientY);
    if (id !== null) box.__select(id, true);
  });
  let moved = null;
  const cursor = () => {
    const l = gd.querySelector(".nsewdrag");
    if (l) l.style.cursor = moved && markAt(gd, moved[0], moved[1]) !== null ? "pointer" : "default";
    moved = null;
  };
  gd.addEventListener("mousemove", (e) => {
    if (moved === null) requestAnimationFrame(cursor);
    moved = [e.clientX, e.clientY];
  });
}

// the facts of every node and arrow, per bundle: sent once per session, kept for every view
const ITEMS = (window.__pvItems = window.__pvItems || {});

function showDetails(panel, d, sel) {
  // the details of the selection, drawn here from the data shipped with the view: no round trip
  const D = window.PathvizDetails;
  const items = ITEMS[d.itemsKey];
  while (panel.firstChild) panel.removeChild(panel.firstChild);
  panel.setAttribute("data-shows", sel || "");
  if (!items || !d.detailsView) return;
  const data = Object.assign({}, items, d.detailsView);
  if (!sel) {
    if (!d.lecture) panel.appendChild(D.empty(document, data, data.view, { hint: d.hint }));
    return;
  }
  panel.appendChild(D.render(document, data, data.view, sel, { onSelect: (id) => panel.__select(id) }));
}

const KEPT_PLOTS = 4;  // figures kept drawn per diagram: the one shown and the last three before it

const BESIDE_MIN_PX = 460;  // the narrowest details column worth putting beside the diagram

function placeDetails(parent, box) {
  const d = box.__data;
  const figWidth = d && d.figure && d.figure.layout ? d.figure.layout.width || 0 : 0;
  const beside = !!figWidth && !(d && d.lecture) && parent.clientWidth >= figWidth + BESIDE_MIN_PX;
  parent.classList.toggle("pv-beside", beside);
  parent.style.gridTemplateColumns = beside ? figWidth + "px minmax(0, 1fr)" : "";
}

const SCROLL_CUE = "↔ The diagram is wider than this space: scroll it sideways to see the rest (the scroll bar " +
  "under the diagram, Shift + mouse wheel, or a sideways swipe). A shaded edge shows where more of it lies.";

function showScrolling(frame, box) {
  // a diagram wider than its box says so: the caption above it, a shade on each edge with more
  // beyond it, the scroll bar under it; a diagram that fits shows none of them
  const over = box.scrollWidth > box.clientWidth + 1;
  frame.classList.toggle("pv-overflows", over);
  frame.classList.toggle("pv-more-left", over && box.scrollLeft > 1);
  frame.classList.toggle("pv-more-right", over && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  const bar = Math.max(0, box.offsetHeight - box.clientHeight);  // the shades stop above the scroll bar
  frame.querySelectorAll(".pv-shade").forEach((s) => { s.style.bottom = bar + "px"; });
}

function bringIntoView(panel) {
  // after a click, when the details start below the window, bring their top into view
  const r = panel.getBoundingClientRect();
  if (r.top > window.innerHeight - 80) panel.scrollIntoView({ block: "start" });
}

function saySelected(parent, box, sel) {
  // "Selected BDNF. Details below the diagram." in the polite live region
  const nav = box.__data && box.__data.nav;
  if (!nav || !box.__say) return;
  if (!sel) { box.__say(nav.said.clear); return; }
  const where = parent.classList.contains("pv-beside") ? nav.said.beside : nav.said.below;
  box.__say(nav.said.select.replace("{name}", window.PathvizKeynav.shortOf(nav, sel)).replace("{where}", where));
}

function mark(name) {
  // the first time of each step, for benchmarks/ui_bench.py's first-paint breakdown
  if (window.performance && performance.mark && !performance.getEntriesByName(name).length) performance.mark(name);
}

export default function (component) {
  const { data: msg, parentElement, setTriggerValue } = component;
  // the server sends the view's figure and data, and the bundle's facts, as JSON text when the
  // browser does not hold them yet; otherwise only their keys and the selection
  const data = msg.payload ? Object.assign(JSON.parse(msg.payload), { key: msg.key, selected: msg.selected, itemsKey: msg.itemsKey }) : msg;
  if (msg.items && !ITEMS[msg.itemsKey]) ITEMS[msg.itemsKey] = JSON.parse(msg.items);
  mark("pv-mount");
  let box = parentElement.querySelector(".pv-chart");
  let panel = parentElement.querySelector(".pv-details");
  if (!box) {
    // frame: the scrolling cue's caption, then the box that scrolls sideways with a shade on each side
    const frame = document.createElement("div");
    frame.className = "pv-frame";
    const cue = document.createElement("p");
    cue.className = "pv-scroll-cue";
    cue.textContent = SCROLL_CUE;
    frame.appendChild(cue);
    const viewport = document.createElement("div");
    viewport.className = "pv-viewport";
    box = document.createElement("div");
    box.className = "pv-chart";  // holds the figure shown (a div.pv-plot)
    viewport.appendChild(box);
    for (const side of ["left", "right"]) {
      const shade = document.createElement("div");
      shade.className = "pv-shade pv-shade-" + side;
      shade.setAttribute("aria-hidden", "true");
      viewport.appendChild(shade);
    }
    frame.appendChild(viewport);
    parentElement.appendChild(frame);
    const update = () => showScrolling(frame, box);
    box.__pvShowScrolling = update;  // again whenever another figure is shown in the box
    box.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) {
      box.__pvScroll = new ResizeObserver(update);
      box.__pvScroll.observe(box);
    }
    panel = document.createElement("section");
    panel.className = "pv-details";
    panel.id = "pv-details";
    panel.setAttribute("aria-label", "Details of the selection");
    parentElement.appendChild(panel);
    // the keyboard and screen-reader layer over the figure (keynav.js), and one short polite
    // sentence per selection or lecture step (not the whole details panel)
    box.__say = window.PathvizKeynav.liveRegion(document, parentElement);
  }
  if (!box.__kn) {
    box.__kn = window.PathvizKeynav.attach(box, {
      edgePrefix: "edge:",
      onSelect: (id) => box.__select && box.__select(id, true),
      say: (text) => box.__say(text),
    });
  }
  // the figures of the last few views stay drawn (out of the page), so going back to one (a filter
  // switched off again, a step back) shows it at once instead of drawing it anew
  box.__plots = box.__plots || new Map();
  if (!parentElement.__pvResize && window.ResizeObserver) {
    // beside or below: the details go beside the diagram when the page has room for both
    parentElement.__pvResize = new ResizeObserver(() => placeDetails(parentElement, box));
    parentElement.__pvResize.observe(parentElement);
  }
  box.__trigger = setTriggerValue;  // the latest mount's callback (each rerun mounts again)
  if ((!data.figure && box.__figKey !== data.key && !box.__plots.has(data.key)) || !ITEMS[data.itemsKey]) {
    setTriggerValue("need", data.key);  // mounted afresh without the figure or the facts: ask once
    return;
  }
  // a selection made here (a click, or a button in the details): shown at once, then sent to the
  // server for the address bar; until the server has it, its older selections do not undo it
  const select = (id, fromClick) => {
    const sel = id || null;
    box.__pending = { sel, until: Date.now() + 5000 };
    box.__shown = sel;
    applyHighlight(box.__gd, box.__data, sel);
    showDetails(panel, box.__data, sel);
    saySelected(parentElement, box, sel);
    if (fromClick && sel && !box.__data.lecture) bringIntoView(panel);
    box.__trigger("select", sel || "");
  };
  panel.__select = (id) => select(id, false);
  loadPlotly().then((P) => {
    mark("pv-plotly-loaded");
    const fresh = box.__figKey !== data.key;
    let ready = Promise.resolve();
    if (fresh) {
      window.__pvShownPlots = (window.__pvShownPlots || 0) + 1;  // figures shown, drawn or kept
      const kept = box.__plots.get(data.key);
      const current = box.__gd || box.querySelector(".pv-plot");
      if (kept) {
        // a view shown before: its figure, kept drawn, goes back in the box
        box.__plots.delete(data.key);
        box.__plots.set(data.key, kept);  // the most recently shown last
        if (current && current !== kept.gd) box.replaceChild(kept.gd, current);
        box.__gd = kept.gd;
        box.__figKey = data.key;
        box.__data = data.figure ? data : Object.assign({}, kept.data, { key: data.key, selected: data.selected, itemsKey: data.itemsKey });
        kept.data = box.__data;
      } else {
        window.__pvNewPlots = (window.__pvNewPlots || 0) + 1;  // figures drawn anew
        // a new element for the new figure; the one shown so far is kept for going back to it
        const gd = document.createElement("div");
        gd.className = "pv-plot";
        if (current) box.replaceChild(gd, current); else box.appendChild(gd);
        box.__gd = gd;
        box.__data = data;
        box.__plots.set(data.key, { gd, data });
        while (box.__plots.size > KEPT_PLOTS) {
          const [oldest, entry] = box.__plots.entries().next().value;
          box.__plots.delete(oldest);
          if (entry.gd !== gd) P.purge(entry.gd);
        }
        ready = P.newPlot(gd, data.figure.data, data.figure.layout, data.config).then(() => {
          box.__figKey = data.key;
          // a click selects the mark drawn under the pointer; Plotly's nearest point only when
          // the pointer is on no mark (a click just beside a small one)
          gd.on("plotly_click", (ev) => {
            const pt = ev && ev.points && ev.points[0];
            const e = ev && ev.event;
            let id = e && typeof e.clientX === "number" ? markAt(gd, e.clientX, e.clientY) : null;
            if (id === null) id = pt ? pt.customdata : null;
            box.__clicked = true;
            if (id === undefined || id === null || id === "") return;
            box.__select(String(id), true);
          });
          listenForClicks(gd, box);
        });
      }
      placeDetails(parentElement, box);
    } else if (data.figure) {
      box.__data = data;
    }
    box.__select = select;
    ready.then(() => {
      mark("pv-drawn");
      const gd = box.__gd;
      if (fresh && box.__pvShowScrolling) box.__pvShowScrolling();
      if (fresh && box.__data.nav) {
        // the keyboard layer follows the figure shown; the focused node keeps the focus
        box.__kn.update(box.__data.nav, gd, box.__data.paths);
        const step = box.__data.nav.step;
        if (step && step !== box.__saidStep) box.__say(step);
        box.__saidStep = step;
      }
      const server = data.selected || null;
      const pending = box.__pending;
      box.setAttribute("data-ready", "1");
      box.setAttribute("data-server-selected", server || "");  // what the server holds (tests read it)
      if (pending && pending.sel !== server && Date.now() < pending.until && !fresh) {
        return;  // the server has not caught up with the last click yet
      }
      box.__pending = undefined;
      // the server's selection wins when it differs from what is shown (search box, deep link)
      if (fresh || box.__shown !== server) {
        const changed = !fresh && box.__shown !== server;
        box.__shown = server;
        applyHighlight(gd, box.__data, server);
        showDetails(panel, box.__data, server);
        // a node picked in the search box: its details come into view as a click's do
        if (changed && server && !box.__data.lecture) bringIntoView(panel);
        if (changed) saySelected(parentElement, box, server);
      }
    });
  }).catch((err) => {
    box.textContent = "The diagram could not be drawn: " + err.message;
  });
}
