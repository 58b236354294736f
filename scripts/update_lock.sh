#!/usr/bin/env bash
# Refresh requirements/lock.txt: the exact versions run.sh and CI install.
# Run after changing dependencies in pyproject.toml; commit the result with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m pip install -q pip-tools
"$PY" -m piptools compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
  --extra test --output-file requirements/lock.txt pyproject.toml
echo "requirements/lock.txt updated"
