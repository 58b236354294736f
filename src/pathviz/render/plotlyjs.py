"""Which plotly.js the browser pages load.

The diagrams use scatter traces only, so the pages load plotly.js's *basic* bundle
(``assets/plotly-basic.min.js``, MIT licence beside it: about a quarter of the full
bundle, so a browser parses it in a fraction of the time) when it is the version that
plotly.py writes figures for; otherwise the full bundle inside the plotly package.
``scripts/update_plotly_basic.sh`` fetches the basic bundle of plotly.py's version from
the npm registry.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

BASIC = Path(str(resources.files("pathviz.render").joinpath("assets", "plotly-basic.min.js")))


def bundle_version(text: str) -> str | None:
    """The version in a plotly.js bundle's banner ('* plotly.js (basic - minified) v4.1.1')."""
    m = re.search(r"plotly\.js[^\n]*? v(\d+\.\d+\.\d+)", text[:400])
    return m.group(1) if m else None


def wanted_version() -> str:
    """The plotly.js version plotly.py writes figures for."""
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


def full_bundle() -> Path:
    return Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))


def source() -> Path:
    """The basic bundle when it matches plotly.py's plotly.js version, else the full bundle."""
    try:
        with BASIC.open("r", encoding="utf-8") as f:
            if bundle_version(f.read(400)) == wanted_version():
                return BASIC
    except OSError:
        pass
    return full_bundle()


def text() -> str:
    """The chosen bundle's script text (for a page that inlines it)."""
    return source().read_text("utf-8")
