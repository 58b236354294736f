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

const BESIDE_MIN_PX = 460;  // the narrowest details column worth putting beside the diagram

function placeDetails(parent, box) {
  const d = box.__data;
  const figWidth = d && d.figure && d.figure.layout ? d.figure.layout.width || 0 : 0;
  const beside = !!figWidth && !(d && d.lecture) && parent.clientWidth >= figWidth + BESIDE_MIN_PX;
  parent.classList.toggle("pv-beside", beside);
  parent.style.gridTemplateColumns = beside ? figWidth + "px minmax(0, 1fr)" : "";
}

function bringIntoView(panel) {
  // after a click, when the details start below the window, bring their top into view
  const r = panel.getBoundingClientRect();
  if (r.top > window.innerHeight - 80) panel.scrollIntoView({ block: "start" });
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
    box = document.createElement("div");
    box.className = "pv-chart";
    const gd = document.createElement("div");
    gd.className = "pv-plot";
    box.appendChild(gd);
    parentElement.appendChild(box);
    panel = document.createElement("section");
    panel.className = "pv-details";
    panel.id = "pv-details";
    panel.setAttribute("aria-live", "polite");
    parentElement.appendChild(panel);
  }
  const gd = box.querySelector(".pv-plot");
  if (!parentElement.__pvResize && window.ResizeObserver) {
    // beside or below: the details go beside the diagram when the page has room for both
    parentElement.__pvResize = new ResizeObserver(() => placeDetails(parentElement, box));
    parentElement.__pvResize.observe(parentElement);
  }
  box.__trigger = setTriggerValue;  // the latest mount's callback (each rerun mounts again)
  if ((!data.figure && box.__figKey !== data.key) || !ITEMS[data.itemsKey]) {
    setTriggerValue("need", data.key);  // mounted afresh without the figure or the facts: ask once
    return;
  }
  // a selection made here (a click, or a button in the details): shown at once, then sent to the
  // server for the address bar; until the server has it, its older selections do not undo it
  const select = (id, fromClick) => {
    const sel = id || null;
    box.__pending = { sel, until: Date.now() + 5000 };
    box.__shown = sel;
    applyHighlight(gd, box.__data, sel);
    showDetails(panel, box.__data, sel);
    if (fromClick && sel && !box.__data.lecture) bringIntoView(panel);
    box.__trigger("select", sel || "");
  };
  panel.__select = (id) => select(id, false);
  loadPlotly().then((P) => {
    mark("pv-plotly-loaded");
    const fresh = box.__figKey !== data.key;
    if (fresh && gd.removeAllListeners) {
      gd.removeAllListeners("plotly_click");
      gd.removeAllListeners("plotly_hover");
      gd.removeAllListeners("plotly_unhover");
    }
    if (fresh) window.__pvNewPlots = (window.__pvNewPlots || 0) + 1;
    const ready = fresh
      ? P.newPlot(gd, data.figure.data, data.figure.layout, data.config).then(() => {
          box.__figKey = data.key;
          gd.on("plotly_click", (ev) => {
            const pt = ev && ev.points && ev.points[0];
            const id = pt && pt.customdata;
            if (id === undefined || id === null || id === "") return;
            box.__select(String(id), true);
          });
          gd.on("plotly_hover", () => { gd.style.cursor = "pointer"; const l = gd.querySelector(".nsewdrag"); if (l) l.style.cursor = "pointer"; });
          gd.on("plotly_unhover", () => { const l = gd.querySelector(".nsewdrag"); if (l) l.style.cursor = ""; });
        })
      : Promise.resolve();
    if (data.figure) { box.__data = data; placeDetails(parentElement, box); }
    box.__select = select;
    ready.then(() => {
      mark("pv-drawn");
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
      }
    });
  }).catch((err) => {
    box.textContent = "The diagram could not be drawn: " + err.message;
  });
}
