"""The Streamlit application: page set-up, data loading, URL state, navigation."""

from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st

from pathviz.render import style
from pathviz.ui import navigation, state
from pathviz.ui.cached import last_good, load_bundle
from pathviz.ui.errors import show_problems
from pathviz.ui.text import md

ASSETS = Path(__file__).resolve().parents[3] / "assets"


# the app's own look on every page (style only: no place on the page); colours from the one palette
PAGE_CSS = f"""
/* captions: Streamlit draws them in its text colour at 60 % opacity, 3.9:1 on white (WCAG 1.4.3 asks 4.5:1);
   the palette's muted text at full opacity reads at 7:1 */
[data-testid="stCaptionContainer"] {{ opacity: 1; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{ color: {style.MUTED_TEXT}; }}
/* narrow windows (WCAG 1.4.10, reflow at 320 px): a button's words wrap instead of ending in "…" */
@media (max-width: 640px) {{
  [data-testid="stAppViewContainer"] :is(.stButton, .stDownloadButton) button,
  [data-testid="stAppViewContainer"] :is(.stButton, .stDownloadButton) button * {{ white-space: normal; }}
  [data-testid="stAppViewContainer"] :is(.stButton, .stDownloadButton) button [data-testid="stMarkdownContainer"] {{
    overflow: visible; text-overflow: clip; }}
}}
/* a figure that needs a width to be read keeps it and scrolls sideways in its own box
   (viewport.wide_box); its note says so only when the box is narrower than the figure */
[class*="st-key-pv_wide_"] {{ container-type: inline-size; }}
[class*="st-key-pv_wide_"] [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {{ overflow-x: auto; }}
[class*="st-key-pv_wide_"] [data-testid="stElementContainer"]:has(.pv-wide-note) {{ display: none; }}
.pv-wide-note {{ margin: 0; font-size: 0.875rem; line-height: 1.4; color: {style.MUTED_TEXT}; }}
"""

# a wide figure's box (and a static table's) scrolls sideways in a narrow column: it is a named region with a Tab stop, so it can be
# scrolled with the arrow keys (WCAG 2.1.1). Streamlit's element boxes take no attributes from the app, so
# they are set here, on every box drawn now or later (fixed text; the name is the box's own note's).
_NAME_WIDE_BOXES = """<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.__pvWideBoxes) return;
  doc.__pvWideBoxes = true;
  const name = () => doc.querySelectorAll('[class*="st-key-pv_wide_"] [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"])')
    .forEach((el) => {
      if (el.getAttribute("tabindex") === "0") return;
      const note = el.parentElement && el.parentElement.querySelector(".pv-wide-note");
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", (note && note.dataset.name) || "Figure");
    });
  // Streamlit's static tables (st.table) scroll sideways in a box of their own too: named by their heading
  const heading = (el) => {
    for (let c = el.closest('[data-testid="stElementContainer"]'); c; c = c.previousElementSibling) {
      const h = c.querySelector("h1, h2, h3, h4");
      if (h) return h.innerText.trim();
    }
    return "Table";
  };
  const tables = () => doc.querySelectorAll(".stTable > div").forEach((el) => {
    if (el.getAttribute("tabindex") === "0") return;
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", heading(el));
  });
  const all = () => { name(); tables(); };
  all();
  new MutationObserver(all).observe(doc.body, { childList: true, subtree: true });
})();
</script>"""

_FOLD_SIDEBAR_IN_SMALL_WINDOWS = """<script>
(function () {
  const win = window.parent || window, doc = win.document;
  if (win.innerWidth >= 1000) return;
  let tries = 0;
  const fold = () => {
    const bar = doc.querySelector('[data-testid="stSidebar"]');
    const button = doc.querySelector('[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarHeader"] button');
    if (bar && button && bar.getAttribute("aria-expanded") !== "false") { button.click(); return; }
    if (++tries < 40) setTimeout(fold, 100);
  };
  fold();
})();
</script>"""


def run() -> None:
    lecture = state.lecture()
    st.set_page_config(
        page_title="pathviz — ketamine & psilocybin",
        page_icon="🧠",
        layout="wide",
        initial_sidebar_state="collapsed" if lecture else "expanded",
    )
    # the app's own notices (set-aside uploads, broken files, first-run scripts) live in one box that is
    # there on every run, so the page below keeps its places from run to run: Streamlit then updates the
    # diagram where it is instead of drawing it anew while a stale copy is still shown
    notices = st.container()
    uploads = state.uploads()
    result = load_bundle(uploads=uploads)
    if result.bundle is None and uploads:
        # the bundled files changed under this session's upload: drop the upload, keep going
        state.set_uploads(())
        notices.warning("Your uploaded pathway no longer fits the bundled pathways and was set aside:")
        notices.code("\n".join(p.format() for p in result.errors[:20]), language=None)
        result = load_bundle()
    if result.bundle is None:
        good = last_good()
        if good is None:
            st.title("pathviz")
            show_problems(result.problems)
            return
        # a broken edit while the app runs: keep showing the last valid data
        first = result.errors[0] if result.errors else None
        where = f"{first.file}, line {first.line}" if first else "a pathway file"
        notices.warning(
            f"The pathway files have {len(result.errors)} error(s) (first in {md(where)}); "
            "showing the last valid version until they are fixed. Run `pathviz validate` for details.",
            icon=":material/warning:",
        )
        with notices.expander("Errors in the pathway files"):
            st.code("\n".join(p.format() for p in result.errors), language=None)
        result = good
    bundle = result.bundle
    if not state.seeded():
        for w in state.seed(st.query_params, bundle):
            st.toast(md(w), icon=":material/warning:")
        # a small window starts with the sidebar folded away, so the diagram gets the width
        # (and the wide boxes are named from now on, on every page of this browser tab)
        notices.html(_FOLD_SIDEBAR_IN_SMALL_WINDOWS + _NAME_WIDE_BOXES, unsafe_allow_javascript=True)
    # the address bar holds the session's view on every page, before anything is drawn: a change made
    # with a control (its callback ran before this run) is in the link the moment the page shows it
    state.sync_url()
    st.html(f"<style>{PAGE_CSS}</style>")  # style only: no place on the page
    if state.lecture():
        css = ASSETS / "lecture.css"
        if css.exists():
            st.html(f"<style>{css.read_text('utf-8')}</style>")  # style only: no place on the page
    nav = st.navigation(navigation.build(bundle), position="hidden" if state.lecture() else "sidebar")
    nav.run()
    _settle_long_lived_objects()


_SETTLED = False


def _settle_long_lived_objects() -> None:
    """After the first page is drawn, move what lives as long as the server (imported modules,
    the loaded bundle, the first views) out of the garbage collector's sight.

    Python's full collections walk every tracked object; with plotly, streamlit and a bundle
    loaded they took 100-160 ms here and fell at random on clicks and lecture steps.
    ``gc.freeze()`` leaves them to reference counting only, so later collections walk what
    came after (once per server process; objects frozen here are never collected by the cycle
    collector, which they would not be anyway while the server runs).
    """
    global _SETTLED
    if not _SETTLED:
        _SETTLED = True
        gc.collect()
        gc.freeze()

