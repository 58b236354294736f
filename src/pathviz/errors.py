"""Located problems and the one exception type the loader raises."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

YamlPath = tuple[str | int, ...]


def format_yaml_path(path: YamlPath) -> str:
    """('nodes', 3, 'id') -> 'nodes[3].id'; () -> '(top level)'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in a file, with its place."""

    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based
    yaml_path: YamlPath = field(default=())
    message: str = ""
    severity: Literal["error", "warning"] = "error"

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else f"{self.file}:1:1"
        return f"{where}: {self.severity}: {format_yaml_path(self.yaml_path)}: {self.message}"

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.format()


class PathwayError(Exception):
    """Raised when pathway data is invalid; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems: list[Problem] = sorted(problems, key=_problem_order)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(p.format() for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _problem_order(p: Problem) -> tuple[str, int, int, str]:
    return (p.file, p.line, p.col, p.message)


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """' (did you mean 'bdnf'?)' or '' when nothing is close."""
    pool = [c for c in choices if c != word]
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered:
        return f" (did you mean '{lowered[word.lower()]}'?)"
    close = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    if not close:
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
        close = [lowered[c] for c in close]
    return f" (did you mean '{close[0]}'?)" if close else ""
