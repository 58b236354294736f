// plotly.js, loaded once per page from Streamlit's static files (no CDN): the diagram's script and
// an early hint from the page both call this, so the download starts as soon as the page is drawn
function loadPlotly() {
  const w = window;
  if (w.Plotly) return Promise.resolve(w.Plotly);
  if (!w.__pathvizPlotly) {
    w.__pathvizPlotly = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL("app/static/plotly.min.js", document.baseURI).href;
      s.async = true;
      s.onload = () => resolve(w.Plotly);
      s.onerror = () => { w.__pathvizPlotly = undefined; reject(new Error("plotly.js could not be loaded")); };
      document.head.appendChild(s);
    });
  }
  return w.__pathvizPlotly;
}
