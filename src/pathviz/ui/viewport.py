"""The width of the page's main column, as the browser has it, so a diagram can be laid out for it.

A small component with no visible content reports the width of the column it is drawn in (in
steps of 10 px, again when the window is resized); :func:`main_width` reads the last report.
"""

from __future__ import annotations

import streamlit as st

from pathviz.render.text import esc_html
from pathviz.ui import state

_JS = """
export default function (component) {
  const { parentElement, setStateValue } = component;
  parentElement.__pvSetWidth = setStateValue;  // the latest mount's callback (each rerun mounts again)
  const report = () => {
    const w = Math.floor(parentElement.clientWidth / 10) * 10;  // a few pixels more or less lay nothing out again
    if (w > 0 && w !== parentElement.__pvWidth) {
      parentElement.__pvWidth = w;
      parentElement.__pvSetWidth("width", w);
    }
  };
  report();
  if (!parentElement.__pvWidthObserver && window.ResizeObserver) {
    let timer = null;
    parentElement.__pvWidthObserver = new ResizeObserver(() => { clearTimeout(timer); timer = setTimeout(report, 200); });
    parentElement.__pvWidthObserver.observe(parentElement);
  }
}
"""

_COMPONENT = None


def _component():  # type: ignore[no-untyped-def]
    global _COMPONENT
    if _COMPONENT is None:
        _COMPONENT = st.components.v2.component("pathviz_main_width", js=_JS, isolate_styles=False)
    return _COMPONENT


def report_main_width() -> None:
    """Draw the (invisible) reporter of the main column's width; a new width reruns the script."""
    _component()(key=state.KEYS["main_width"], default={"width": None}, on_width_change=lambda: None)


def main_width() -> int | None:
    """The main column's width in CSS pixels as the browser last reported it; None before the first report."""
    result = st.session_state.get(state.KEYS["main_width"])
    value = result.get("width") if result is not None and hasattr(result, "get") else None
    return int(value) if isinstance(value, (int, float)) and value > 0 else None


#: the note over a figure whose box is narrower than the figure (shown only then)
WIDE_NOTE = "↔ {what} is wider than this space: it scrolls sideways in its box."


def wide_box(name: str, min_px: int, what: str = "The chart"):  # type: ignore[no-untyped-def]
    """A box for a figure that needs ``min_px`` CSS pixels to be read (labels side by side, a legend in
    a row): the figure keeps that width and scrolls sideways inside the box when the column is
    narrower (a phone, a zoomed page), while the page's text around it wraps; a short note above it
    says so, shown only while the box is narrower than the figure. Draw the figure into the box
    returned. The page's rules for these boxes are in ``ui/app.py`` (``PAGE_CSS``)."""
    key = f"pv_wide_{name}"
    box = st.container(key=key)
    box.html(
        f"<style>.st-key-{key} [data-testid='stFullScreenFrame'] {{ min-width: {int(min_px)}px; }}"
        f"@container (max-width: {int(min_px) - 1}px) {{ .st-key-{key}.st-key-{key} "
        f"[data-testid='stElementContainer']:has(.pv-wide-note) {{ display: block; }} }}</style>"
        f"<p class='pv-wide-note' data-name='{esc_html(what)}'>{esc_html(WIDE_NOTE.format(what=what))}</p>"
    )
    return box
