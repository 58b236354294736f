"""Safe YAML reading that keeps line/column marks and refuses hostile input.

PyYAML's ``safe_load`` loses positions, silently keeps the last of duplicate
keys and expands aliases without bound.  Here the document is *composed* into
PyYAML's node tree (safe tags only), and turned into plain Python data by our
own walker, which

* remembers where every value and key starts (for error messages),
* reports duplicate keys, non-string keys, merge keys and unsafe tags,
* bounds nesting depth and the number of values after alias expansion.

Nothing here writes to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from pathviz.errors import Problem, YamlPath

MAX_FILE_BYTES = 8 * 1024 * 1024  # an imported WikiPathways pathway of ~10,000 nodes; MAX_VALUES bounds the work
MAX_DEPTH = 40  # nesting of mappings/sequences
MAX_VALUES = 500_000  # values after alias expansion


@dataclass
class Marks:
    """Start positions (0-based line, col) of values and keys, by YAML path."""

    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of ``path``, or of its nearest located ancestor."""
        if key and path in self.keys:
            line, col = self.keys[path]
            return line + 1, col + 1
        probe = tuple(path)
        while True:
            if probe in self.values:
                line, col = self.values[probe]
                return line + 1, col + 1
            if not probe:
                return 1, 1
            probe = probe[:-1]


@dataclass
class YamlDocument:
    file: str
    data: Any
    marks: Marks


class _TooDeep(Exception):
    def __init__(self, node_mark: Any):
        self.mark = node_mark


class _DepthLimit:
    """Composer mix-in that refuses documents nested deeper than MAX_DEPTH."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _PyLoader(_DepthLimit, Reader, Scanner, Parser, Composer, SafeConstructor, Resolver):
    """Pure-Python safe loader (used when libyaml is not available)."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


try:  # libyaml scans and parses in C; composing stays in Python, so limits still apply
    from yaml._yaml import CParser

    class _CLoader(_DepthLimit, Composer, SafeConstructor, Resolver, CParser):
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _BoundedLoader: type = _CLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _BoundedLoader = _PyLoader


def _problem(file: str, mark: tuple[int, int] | None, path: YamlPath, message: str) -> Problem:
    line, col = (mark[0] + 1, mark[1] + 1) if mark else (1, 1)
    return Problem(file, line, col, path, message)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file, or a problem naming the line and column of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                file,
                line,
                col,
                (),
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                "save it as UTF-8",
            )
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(file, line, 1, (), "the file contains NUL bytes; is it binary?")]
    return text, []


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document into plain data plus marks; never raises on bad input."""
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Problem(file, 1, 1, (), "the file is empty; a pathway file needs 'schema: pathviz/1' and content")]
    try:
        loader = _BoundedLoader(text)
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(file, text, exc)]
    try:
        root = loader.get_single_node()
    except _TooDeep as exc:
        return None, [
            _problem(
                file,
                (exc.mark.line, exc.mark.column),
                (),
                f"nesting is deeper than {MAX_DEPTH} levels; pathway files are shallow, "
                "check the indentation",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            reason = f"{exc.context}: {exc.problem}"
        hint = ""
        if "\t" in reason or "tab" in reason.lower():
            hint = " (YAML indentation must use spaces, not tabs)"
        return None, [
            _problem(
                file,
                (mark.line, mark.column) if mark else None,
                (),
                f"YAML syntax error: {reason}{hint}",
            )
        ]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(file, text, exc)]
    except yaml.YAMLError as exc:  # pragma: no cover - every YAMLError we know is marked
        return None, [Problem(file, 1, 1, (), f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(file, 1, 1, (), f"nesting is deeper than {MAX_DEPTH} levels")]
    finally:
        loader.dispose()
    if root is None:
        return None, [Problem(file, 1, 1, (), "the file is empty")]
    walker = _Walker(file, loader)
    data = walker.walk(root, ())
    if walker.fatal:
        return None, walker.problems
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return None, [
            _problem(
                file,
                (root.start_mark.line, root.start_mark.column),
                (),
                f"the top level is {kind}; it must be a mapping starting with 'schema: pathviz/1'",
            )
        ]
    # duplicate or non-text keys are reported, and the rest is still validated
    return YamlDocument(file, data, walker.marks), walker.problems


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"unsupported tag {shown}; only plain YAML values (text, numbers, lists, mappings) are allowed"


def _reader_problem(file: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    before = text[: exc.position]
    line = before.count("\n") + 1
    col = exc.position - (before.rfind("\n") + 1) + 1
    return Problem(
        file,
        line,
        col,
        (),
        f"the character U+{exc.character:04X} is not allowed in YAML; remove it",
    )


class _Walker:
    """Turns composed nodes into Python data, recording marks and problems."""

    def __init__(self, file: str, loader: _BoundedLoader):
        self.file = file
        self.loader = loader
        self.marks = Marks()
        self.problems: list[Problem] = []
        self.count = 0
        self._active: set[int] = set()
        self._stop = False
        self.fatal = False

    def _fail(self, node: Node, path: YamlPath, message: str, fatal: bool = True) -> None:
        self.fatal = self.fatal or fatal
        self.problems.append(
            _problem(self.file, (node.start_mark.line, node.start_mark.column), path, message)
        )

    def walk(self, node: Node, path: YamlPath) -> Any:
        if self._stop:
            return None
        self.count += 1
        if self.count > MAX_VALUES:
            self._fail(
                node,
                path,
                f"the document expands to more than {MAX_VALUES:,} values "
                "(an alias bomb?); remove the aliases or split the file",
            )
            self._stop = True
            return None
        self.marks.values.setdefault(path, (node.start_mark.line, node.start_mark.column))
        if id(node) in self._active:
            self._fail(node, path, "a recursive alias refers to itself")
            self._stop = True
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                if node.tag != "tag:yaml.org,2002:seq":
                    self._fail(node, path, _tag_message(node.tag))
                    return None
                return [self.walk(child, path + (i,)) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
        finally:
            self._active.discard(id(node))
        self._fail(node, path, "unsupported YAML node")  # pragma: no cover
        return None

    def _scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        if node.tag == "tag:yaml.org,2002:str":  # by far the most common case
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except ConstructorError as exc:
            if "constructor for the tag" in str(exc.problem or ""):
                self._fail(node, path, _tag_message(node.tag))
            else:
                self._fail(node, path, f"cannot read this value: {exc.problem or exc}")
        except (ValueError, OverflowError) as exc:
            self._fail(node, path, f"cannot read this value: {exc}")
        return None

    def _mapping(self, node: MappingNode, path: YamlPath) -> dict[str, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            self._fail(node, path, _tag_message(node.tag))
            return None
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                what = "merge keys (<<)" if isinstance(key_node, ScalarNode) else "complex keys"
                self._fail(key_node, path, f"{what} are not supported; write the fields out", False)
                continue
            key = self._scalar(key_node, path)
            if not isinstance(key, str):
                self._fail(
                    key_node,
                    path,
                    f"the key {key_node.value!r} is not text; quote it if it is meant as a name",
                    False,
                )
                continue
            child = path + (key,)
            if key in seen:
                self._fail(
                    key_node,
                    child,
                    f"duplicate key '{key}' (first defined on line {seen[key] + 1}); "
                    "YAML would silently keep only the last one — remove or rename one",
                    False,
                )
                continue
            seen[key] = key_node.start_mark.line
            self.marks.keys[child] = (key_node.start_mark.line, key_node.start_mark.column)
            out[key] = self.walk(value_node, child)
        return out


def read_yaml(path: str, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse a YAML file (read-only)."""
    name = display or path
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, [Problem(name, 0, 0, (), f"cannot read the file: {exc.strerror or exc}")]
    return parse_bytes(raw, name, max_bytes=max_bytes)


def parse_bytes(raw: bytes, name: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[YamlDocument | None, list[Problem]]:
    if len(raw) > max_bytes:
        return None, [
            Problem(
                name,
                1,
                1,
                (),
                f"the file is larger than {max_bytes // 1024:,} KiB; split it into several files",
            )
        ]
    text, problems = decode(raw, name)
    if text is None:
        return None, problems
    return parse_yaml(text, name)
