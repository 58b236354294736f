"""The `pathviz` command line contract: exit codes, summary line, schema, version."""

from __future__ import annotations

import json
import subprocess
import sys

from pathviz import __version__
from pathviz.cli import main

from .conftest import DATA, PATHWAYS, ROOT


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pathviz.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_validate_default_directory_prints_one_summary_line():
    proc = run("validate")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK: ")
    assert "nodes" in lines[0] and "edges" in lines[0] and "references" in lines[0]


def test_validate_reports_errors_on_stderr_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((DATA / "valid" / "minimal.yaml").read_text().replace("tier: target", "tier: targett"))
    proc = run("validate", str(bad))
    assert proc.returncode == 1
    assert "bad.yaml:16:11: error: nodes[1].tier: 'targett' is not one of" in proc.stderr
    assert "(did you mean 'target'?)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_usage_error_exits_2():
    assert run("frobnicate").returncode == 2
    assert run().returncode == 2
    assert run("validate", "--no-such-flag").returncode == 2


def test_version(capsys):
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"pathviz {__version__}"


def test_schema_is_json_schema_with_vocabularies():
    proc = run("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    text = json.dumps(schema)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "schema" in schema["properties"] and "nodes" in schema["properties"]
    for word in ("growth_factor", "in_vitro", "contested", "lateral_habenula"):
        assert word in text
    assert schema.get("additionalProperties") is False


def test_validate_with_sources_checks_quotes(sources_dir):
    assert main(["validate", str(PATHWAYS), "--sources", str(sources_dir)]) == 0


def test_import_command_is_wired(tmp_path):
    out = tmp_path / "wp732.yaml"
    proc = run("import", str(ROOT / "tests" / "data" / "gpml" / "WP732.gpml"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "imported" in proc.stderr
    check = run("validate", str(out))
    assert check.returncode == 0, check.stderr
    again = run("import", str(ROOT / "tests" / "data" / "gpml" / "WP732.gpml"), "-o", str(out))
    assert again.returncode == 2  # never overwrites without --force
