// The Compare diagram: plotly.js at the figure's own pixel size (scrolls sideways in a narrow
// window instead of squeezing labels together), highlighting in the browser on click, and the
// clicked node or arrow sent to Python for the details panel and the address bar.
// Pathway text reaches this code only inside the Plotly figure (escaped on the server).

const PLOTLY_SRC = "app/static/plotly.min.js";

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__pathvizPlotly) {
    window.__pathvizPlotly = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL(PLOTLY_SRC, document.baseURI).href;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => reject(new Error("plotly.js could not be loaded"));
      document.head.appendChild(s);
    });
  }
  return window.__pathvizPlotly;
}

function highlightFor(d, sel) {
  if (!sel) return null;
  if (sel.startsWith(d.edgePrefix)) {
    const key = sel.slice(d.edgePrefix.length);
    const ends = d.edgeEnds[key];
    return ends ? { nodes: ends, edges: [key] } : null;
  }
  return d.highlights[sel] || null;
}

export function applyHighlight(gd, d, sel) {
  const hl = highlightFor(d, sel);
  const P = window.Plotly;
  const keep = hl ? new Set(hl.nodes) : null;
  const nodeIdx = gd.data.findIndex((t) => t.name === "nodes");
  if (nodeIdx >= 0) {
    const ids = gd.data[nodeIdx].customdata;
    P.restyle(gd, {
      "marker.opacity": [ids.map((id) => (keep === null || keep.has(id) ? 1 : d.dim))],
      "textfont.color": [ids.map((id) => (keep === null || keep.has(id) ? d.text : d.textDim))],
      "marker.line.width": [ids.map((id, i) => (id === sel ? d.selectedOutline : d.outline[i]))],
      "marker.line.color": [ids.map((id, i) => (id === sel ? d.black : d.outlineColour[i]))],
    }, [nodeIdx]);
  }
  const lineIdx = [], headIdx = [];
  gd.data.forEach((t, i) => {
    if (t.name === "edges") lineIdx.push(i);
    if (t.name === "arrowheads") headIdx.push(i);
  });
  if (lineIdx.length) P.restyle(gd, { "line.color": lineIdx.map((i) => (hl ? d.light : d.lineColour[i])) }, lineIdx);
  if (headIdx.length) P.restyle(gd, { "marker.color": headIdx.map((i) => (hl ? d.light : d.dark)), "marker.line.color": headIdx.map((i) => (hl ? d.light : d.dark)) }, headIdx);
  const old = [];
  gd.data.forEach((t, i) => { if (t.name === "highlight") old.push(i); });
  if (old.length) P.deleteTraces(gd, old);
  if (hl && hl.edges.length) {
    const lx = [], ly = [], hx = [], hy = [], hs = [], hsym = [];
    for (const key of hl.edges) {
      const p = d.paths[key];
      if (!p) continue;
      lx.push(...p.x, null); ly.push(...p.y, null);
      if (p.head) { hx.push(...p.hx); hy.push(...p.hy); hs.push(0, d.headSize, 0); hsym.push(p.head, p.head, p.head); }
    }
    const at = gd.data.findIndex((t) => t.name === "edge details");
    const traces = [
      { type: "scatter", x: lx, y: ly, mode: "lines", name: "highlight", hoverinfo: "skip", showlegend: false,
        line: { color: d.black, width: d.highlightWidth } },
      { type: "scatter", x: hx, y: hy, mode: "markers", name: "highlight", hoverinfo: "skip", showlegend: false,
        marker: { symbol: hsym, size: hs, angleref: "previous", color: d.black, line: { color: d.black, width: 2.5 } } },
    ];
    P.addTraces(gd, traces, at >= 0 ? [at, at + 1] : undefined);
  }
  gd.setAttribute("data-selected", sel || "");
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let box = parentElement.querySelector(".pv-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "pv-chart";
    const gd = document.createElement("div");
    gd.className = "pv-plot";
    box.appendChild(gd);
    parentElement.appendChild(box);
  }
  const gd = box.querySelector(".pv-plot");
  loadPlotly().then((P) => {
    const fresh = box.__figKey !== data.key;
    if (fresh && gd.removeAllListeners) {
      gd.removeAllListeners("plotly_click");
      gd.removeAllListeners("plotly_hover");
      gd.removeAllListeners("plotly_unhover");
    }
    const ready = fresh
      ? P.newPlot(gd, data.figure.data, data.figure.layout, data.config).then(() => {
          box.__figKey = data.key;
          box.__serverSel = undefined;
          gd.on("plotly_click", (ev) => {
            const pt = ev && ev.points && ev.points[0];
            const id = pt && pt.customdata;
            if (id === undefined || id === null || id === "") return;
            applyHighlight(gd, box.__data, String(id));
            setTriggerValue("select", String(id));
          });
          gd.on("plotly_hover", () => { gd.style.cursor = "pointer"; const l = gd.querySelector(".nsewdrag"); if (l) l.style.cursor = "pointer"; });
          gd.on("plotly_unhover", () => { const l = gd.querySelector(".nsewdrag"); if (l) l.style.cursor = ""; });
        })
      : Promise.resolve();
    box.__data = data;
    ready.then(() => {
      // the server's selection wins when it changed (search box, deep link, "Clear"); a click
      // applied its highlight already and is not undone by the rerun it triggers
      if (fresh || box.__serverSel !== data.selected) {
        box.__serverSel = data.selected;
        applyHighlight(gd, data, data.selected || null);
      }
      box.setAttribute("data-ready", "1");
    });
  }).catch((err) => {
    box.textContent = "The diagram could not be drawn: " + err.message;
  });
}
