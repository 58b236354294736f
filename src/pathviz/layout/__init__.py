"""Node placement: pure functions from a graph to ``{node: (x, y)}``."""

from pathviz.layout.layered import SIDES, layered_layout, layout_extent

__all__ = ["SIDES", "layered_layout", "layout_extent"]
