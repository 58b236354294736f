"""pathviz: how ketamine and psilocybin work, and where their mechanisms meet."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pathviz")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
