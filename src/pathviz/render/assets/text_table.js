/* pathviz explorer: "Show as text" — the diagram's nodes and arrows as tables (built in Python,
 * pathviz.render.text_table; every cell escaped there). This script only moves rows and sets
 * attributes: it never writes pathway text.
 *
 *   sortRows(table, col, dir)  -> order the rows by a column ("ascending" | "descending"; a cell's
 *                                 data-sort, e.g. a tier's rank, before its text)
 *   boot(doc)                  -> column header buttons sort (aria-sort on the header), a row's Show
 *                                 button selects its node or arrow through the explorer's own select
 *                                 (pathvizExplorerState.select, explorer.js), the detail level shows
 *                                 its tables, the evidence/status filters leave out the arrows they dim
 */
(function (root) {
  "use strict";

  function key(cell) {
    var k = cell && cell.getAttribute("data-sort");
    return k !== null && k !== undefined ? k : cell ? cell.textContent : "";
  }

  function sortRows(table, col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === "descending" ? -1 : 1;
    rows.sort(function (a, b) {
      // stable: equal keys keep their order
      return sign * key(a.cells[col]).localeCompare(key(b.cells[col]), undefined, { numeric: true, sensitivity: "base" });
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function boot(doc) {
    var box = doc.getElementById("pv-text");
    if (!box) return;
    var state = root.pathvizExplorerState || null;

    function showView(view) {
      box.querySelectorAll(".pv-text-view").forEach(function (v) { v.hidden = v.getAttribute("data-view") !== view; });
    }

    function applyFilters() {
      if (!state) return;
      var f = state.filters;
      box.querySelectorAll(".pv-text-view").forEach(function (v) {
        v.querySelectorAll("table").forEach(function (t) {
          var shown = 0;
          Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
            var ev = r.getAttribute("data-evidence"), st = r.getAttribute("data-status");
            r.hidden = ev !== null && (f.evidence.indexOf(ev) < 0 || f.status.indexOf(st) < 0);
            if (!r.hidden) shown += 1;
          });
          var count = t.querySelector("caption .pv-count");
          if (count) count.textContent = String(shown);
        });
      });
    }

    function markSelected() {
      var id = state ? state.selected : null;
      box.querySelectorAll("tbody tr").forEach(function (r) {
        var on = !!id && r.getAttribute("data-id") === id;
        r.classList.toggle("pv-picked", on);
        var b = r.querySelector(".pv-pick");
        if (b) { if (on) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current"); }
      });
    }

    box.addEventListener("click", function (ev) {
      var b = ev.target && ev.target.closest ? ev.target.closest("button") : null;
      if (!b || !box.contains(b)) return;
      if (b.classList.contains("pv-sort")) {
        var th = b.closest("th"), table = b.closest("table");
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        sortRows(table, th.cellIndex, dir);
      } else if (b.classList.contains("pv-pick") && state && state.select) {
        state.select(b.getAttribute("data-id"));
        markSelected();
        // the details are below the tables: bring their top into view when it is below the window
        var det = doc.getElementById("pv-details");
        if (det && det.getBoundingClientRect().top > (root.innerHeight || 0) - 80) det.scrollIntoView({ block: "start" });
      }
    });

    doc.addEventListener("change", function (ev) {
      var t = ev.target;
      if (!t || !t.name) return;
      if (t.name === "pv-detail" && t.checked) { showView(t.value); markSelected(); }
      if (t.name === "pv-evidence" || t.name === "pv-status") applyFilters();
    });

    // a selection made on the diagram (or in the search box) marks its row too
    var det = doc.getElementById("pv-details");
    if (det && root.MutationObserver) new root.MutationObserver(markSelected).observe(det, { childList: true });

    if (state) { showView(state.view); applyFilters(); }
  }

  root.PathvizTextTable = { sortRows: sortRows, boot: boot };
  if (root.document && root.document.getElementById("pv-text")) boot(root.document);
})(window);
