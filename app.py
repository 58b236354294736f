"""pathviz dashboard: `streamlit run app.py`."""

from pathviz.ui.app import run

run()
