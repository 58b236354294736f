"""The error panel shown instead of a diagram when pathway data is invalid."""

from __future__ import annotations

import streamlit as st

from pathviz.errors import Problem


def show_problems(problems: list[Problem], *, title: str = "The pathway data has errors") -> None:
    errors = [p for p in problems if p.severity == "error"]
    files = sorted({p.file for p in errors})
    st.error(
        f"**{title}.** {len(errors)} problem(s) in {len(files)} file(s). "
        "Nothing is drawn until they are fixed; each line names the file, line and column."
    )
    # st.code renders text verbatim: nothing in a message can become HTML
    st.code("\n".join(p.format() for p in errors) or "(no details)", language=None)
    st.caption("Run `pathviz validate` in a terminal for the same report.")
