"""Build hook: the package carries a copy of pathways/*.yaml (pathviz/data/pathways), so an
installed ``pathviz`` finds the bundled pathways from any folder. The metadata is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithPathways(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's pathways/ directly
        files = sorted(HERE.glob("pathways/*.yaml"))
        if not files:
            raise SystemExit("setup.py: pathways/*.yaml not found; the package ships the bundled pathways")
        target = Path(self.build_lib) / "pathviz" / "data" / "pathways"
        target.mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copyfile(f, target / f.name)


setup(cmdclass={"build_py": BuildPyWithPathways})
