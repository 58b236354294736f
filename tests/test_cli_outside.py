"""`pathviz` run from another folder than the checkout: it finds the bundled pathways, or says
what is missing and how to point at it (--pathways-dir DIR, PATHVIZ_PATHWAYS)."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import DATA, PATHWAYS, ROOT


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PATHVIZ_PATHWAYS"}
    env.update(extra)
    return env


def run_in(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `pathviz` command (the console script beside this Python), run in ``cwd``."""
    script = Path(sys.executable).with_name("pathviz")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "pathviz.cli"]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, cwd=cwd, env=env or _env(), timeout=300, check=False
    )


def test_export_from_another_folder_uses_the_bundled_pathways(tmp_path):
    proc = run_in(tmp_path, "export", "--format", "csv", "-o", "out/")
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr
    edges = (tmp_path / "out" / "edges.csv").read_text("utf-8")
    assert "psilocin" in edges and "ketamine" in edges


def test_validate_from_another_folder_checks_the_bundled_pathways(tmp_path):
    proc = run_in(tmp_path, "validate")
    assert proc.returncode == 0, proc.stderr
    n_files = len(list(PATHWAYS.glob("*.yaml")))
    assert proc.stdout.startswith(f"OK: {n_files} files"), proc.stdout


def test_a_missing_pathways_dir_says_which_and_how_to_point_at_one(tmp_path):
    proc = run_in(tmp_path, "export", "--format", "csv", "--pathways-dir", "nowhere")
    assert proc.returncode == 2
    assert "nowhere" in proc.stderr and "--pathways-dir" in proc.stderr
    assert "--pathways-dir DIR" in proc.stderr and "PATHVIZ_PATHWAYS=DIR" in proc.stderr
    assert "(top level)" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_directory_in_the_environment_variable_is_named(tmp_path):
    proc = run_in(tmp_path, "explain", "bdnf", env=_env(PATHVIZ_PATHWAYS=str(tmp_path / "gone")))
    assert proc.returncode == 2
    assert f"{tmp_path / 'gone'} (from PATHVIZ_PATHWAYS)" in proc.stderr
    assert "--pathways-dir DIR" in proc.stderr


@pytest.mark.parametrize("how", ["option", "old option", "environment"])
def test_a_pathways_dir_given_by_option_or_environment_is_read(tmp_path, how):
    mine = tmp_path / "mine"
    shutil.copytree(PATHWAYS, mine)
    shutil.copy(DATA / "valid" / "my_drug.yaml", mine)  # one file more, so the summary shows which folder was read
    args, env = ["validate"], _env()
    if how == "option":
        args += ["--pathways-dir", str(mine)]
    elif how == "old option":
        args += ["--data", str(mine)]
    else:
        env["PATHVIZ_PATHWAYS"] = str(mine)
    proc = run_in(tmp_path, *args, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"OK: {len(list(mine.glob('*.yaml')))} files")


def test_the_built_package_ships_the_bundled_pathways_and_finds_them(tmp_path):
    # what `pip install .` installs: build the wheel from the checkout, unpack it, run pathviz from it
    # in a folder that has no pathways/
    # (from a copy of the project's files, so that the build leaves nothing in the checkout)
    project = tmp_path / "project"
    project.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=ignore)
    shutil.copytree(PATHWAYS, project / "pathways", ignore=ignore)
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(dist), str(project)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = dist.glob("pathviz-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    shipped = site / "pathviz" / "data" / "pathways"
    names = sorted(p.name for p in PATHWAYS.glob("*.yaml"))
    assert sorted(p.name for p in shipped.glob("*.yaml")) == names
    assert all(filecmp.cmp(PATHWAYS / n, shipped / n, shallow=False) for n in names)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, pathviz.cli; sys.exit(pathviz.cli.main())", "validate"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=_env(PYTHONPATH=str(site)),
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"OK: {len(names)} files")
    where = subprocess.run(
        [sys.executable, "-c", "import pathviz.data as d; print(d.shipped_pathways())"],
        capture_output=True, text=True, cwd=elsewhere, env=_env(PYTHONPATH=str(site)), timeout=60, check=False,
    )
    assert Path(where.stdout.strip()) == shipped.resolve()
