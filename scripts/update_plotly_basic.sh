#!/usr/bin/env bash
# Refresh src/pathviz/render/assets/plotly-basic.min.js: plotly.js's basic bundle (npm package
# plotly.js-basic-dist-min) of the version plotly.py writes figures for. Run after a lock update
# that changes plotly; tests/test_plotlyjs.py fails until the two versions agree.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
VERSION=$("$PY" -c "from pathviz.render.plotlyjs import wanted_version; print(wanted_version())")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "plotly.js-basic-dist-min@$VERSION" >/dev/null && tar xzf ./*.tgz)
cp "$TMP/package/plotly-basic.min.js" src/pathviz/render/assets/plotly-basic.min.js
cp "$TMP/package/LICENSE" src/pathviz/render/assets/plotly-basic.LICENSE.txt
echo "plotly-basic.min.js is now plotly.js $VERSION"
