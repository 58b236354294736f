"""Every broken file under tests/data/invalid gets its own located, readable error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pathviz.io.pathways import load_pathways

INVALID = Path(__file__).parent / "data" / "invalid"
FILES = sorted(INVALID.glob("*.yaml"))


def expectation(path: Path) -> tuple[int | None, int | None, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    m = re.match(r"# expect: (?:(\d+):(\d+): )?(.*)$", first)
    if m is None:  # the empty file cannot carry a comment
        return 1, 1, "the file is empty"
    line, col, msg = m.groups()
    return (int(line) if line else None, int(col) if col else None, msg)


def test_there_is_a_file_per_defect():
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_invalid_file_reports_located_error(path: Path):
    line, col, fragment = expectation(path)
    result = load_pathways([path])
    assert result.bundle is None, "an invalid file must not produce a bundle"
    errors = result.errors
    assert errors, "no error reported"
    assert all(e.file.endswith(path.name) for e in errors)
    matching = [e for e in errors if fragment in e.message]
    assert matching, f"no error mentions {fragment!r}; got: {[e.format() for e in errors]}"
    if line is not None:
        assert any((e.line, e.col) == (line, col) for e in matching), [e.format() for e in matching]


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"   \n# only a comment\n", b"\xef\xbb\xbf"])
def test_blank_or_comment_only_files_are_empty(tmp_path, raw):
    f = tmp_path / "blank.yaml"
    f.write_bytes(raw)
    (error,) = load_pathways([f]).errors
    assert (error.line, error.col) == (1, 1) and "the file is empty" in error.message


@pytest.mark.parametrize("name", ["dangling_edge", "non_utf8", "alias_bomb", "python_tag"])
def test_cli_prints_located_lines_and_exits_1(name: str):
    path = INVALID / f"{name}.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "pathviz.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    line, col, fragment = expectation(path)
    assert re.search(rf"{re.escape(path.name)}:\d+:\d+: error: .*{re.escape(fragment[:30])}", proc.stderr)
    assert proc.stdout == ""


def test_all_invalid_files_at_once_report_every_file():
    result = load_pathways([INVALID])
    assert result.bundle is None
    files_with_errors = {Path(e.file).name for e in result.errors}
    assert files_with_errors == {f.name for f in FILES}


def test_pure_python_loader_reports_the_same(monkeypatch):
    """Without libyaml the same problems come out (the C scanner is only a speed-up)."""
    from pathviz.io import yaml_source

    def where(problems):
        return [(p.file, p.line, p.col, p.yaml_path, p.message.split(":")[0]) for p in problems]

    with_c = where(load_pathways([INVALID]).problems)
    monkeypatch.setattr(yaml_source, "_BoundedLoader", yaml_source._PyLoader)
    assert where(load_pathways([INVALID]).problems) == with_c
