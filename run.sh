#!/usr/bin/env bash
# pathviz set-up and entry points for a fresh Debian machine (Python >= 3.11).
#
#   ./run.sh dashboard   install what is missing, then: streamlit run app.py
#   ./run.sh test        install what is missing, then: pytest
#   ./run.sh setup       only install
#
# What "install" means: Debian's chromium (browser tests, PNG/SVG/PDF export),
# fonts-liberation (the diagram's font, measured for label placement),
# poppler-utils (PDF checks) and graphviz (layout benchmark) via apt-get when
# they are absent, a virtual environment in .venv unless one is already active,
# the exact versions of requirements/lock.txt (refresh with scripts/update_lock.sh)
# and `pip install -e '.[test]' --no-deps` into it. Set PATHVIZ_NO_VENV=1 to
# install into the current Python instead.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
fc_file="$(fc-match -f '%{file}' 'Liberation Sans' 2>/dev/null || true)"
case "$fc_file" in *Liberation*) ;; *) need_apt+=(fonts-liberation) ;; esac
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need_apt+=(python3-venv)

install_system() {
  [ ${#need_apt[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "run.sh: please install these Debian packages first: ${need_apt[*]}" >&2
      echo "        apt-get install -y ${need_apt[*]}" >&2
      exit 1
    fi
  fi
  echo "run.sh: installing ${need_apt[*]} with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
}

activate_python() {
  if [ -n "${VIRTUAL_ENV:-}" ] || [ "${PATHVIZ_NO_VENV:-0}" = "1" ]; then
    PY=python3
    command -v python >/dev/null 2>&1 && PY=python
  else
    if [ ! -x .venv/bin/python ]; then
      python3 -m venv .venv
    fi
    PY=.venv/bin/python
    export PATH="$PWD/.venv/bin:$PATH"
  fi
  "$PY" -c 'import sys; assert sys.version_info >= (3, 11), "pathviz needs Python >= 3.11"'
}

install_python() {
  "$PY" -m pip install --disable-pip-version-check -q --upgrade pip >/dev/null
  if [ -f requirements/lock.txt ]; then
    "$PY" -m pip install --disable-pip-version-check -q -r requirements/lock.txt
    "$PY" -m pip install --disable-pip-version-check -q --no-deps -e '.[test]'
  else
    "$PY" -m pip install --disable-pip-version-check -q -e '.[test]'
  fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
  setup)
    install_system; activate_python; install_python ;;
  dashboard)
    install_system; activate_python; install_python
    exec "$PY" -m streamlit run app.py "$@" ;;
  test)
    install_system; activate_python; install_python
    set +e
    "$PY" -m pytest "$@"
    rc=$?
    set -e
    if [ "$rc" -eq 5 ]; then
      echo "run.sh: pytest collected no tests — that is a failure" >&2
      exit 1
    fi
    exit "$rc" ;;
  *)
    echo "usage: ./run.sh dashboard | test [pytest args] | setup" >&2
    exit 2 ;;
esac
