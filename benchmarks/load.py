"""Many people on the dashboard at once: N browser sessions clicking nodes concurrently.

    python benchmarks/load.py                      # 20 sessions x 5 clicks, stops after ~120 s
    python benchmarks/load.py -n 5 -k 3 --json     # the table, then one JSON object as the last line
    python benchmarks/load.py --url http://127.0.0.1:8501   # a server that is already running
    python benchmarks/load.py --bare               # the same sessions on the bare reference page

Without ``--url`` the script starts its own ``streamlit run app.py`` on a free port of
127.0.0.1 and stops it at the end; with ``--url`` only loopback addresses are accepted.
One chromium process (Debian's, ``$PATHVIZ_CHROMIUM`` or /usr/bin/chromium) holds N
isolated browser contexts, one per session; the session starts are spread over ``--ramp``
seconds after one warm-up page load (``--cold`` skips it). Every wait has a timeout and
the whole run ends by itself: ``--seconds`` bounds the sessions, a watchdog the rest.

Each session opens its own deep link, with its own evidence filter added to the URL, waits
for the diagram, then clicks K node markers chosen from the figure's node trace
(``customdata`` = node id): it moves the mouse onto the marker, then clicks. Click latency
is measured inside the page: ``click_*_ms`` from the ``mousedown`` until the details panel
shows the clicked node (``#pv-details[data-shows=<id>]`` with its heading; the dashboard draws
it in the browser), and ``click_url_*_ms`` until ``location.search`` holds ``node=<clicked id>``
(written at the end of the server's run for the click: the server has it, the click is not
lost). The panel's heading is then checked against the node's label. With ``--marks all``
the K clicks go to any mark that looks clickable (node markers, the dots in the middle of
arrows, arrowheads), each at the pixel nearest its centre where it is seen (inside its shape,
under no other mark); an arrow's click is done when the panel shows that arrow and the URL
holds ``edge=<key>``. A mark wholly hidden under other marks is listed in ``hidden_marks``
and not clicked.

Errors: timeouts, JavaScript page errors, Streamlit exceptions shown in the page
(``data-testid="stException"``), and isolation violations (a session's URL or filter
caption changed to something it did not ask for, or the page shows another node than the
one it clicked). A click on a mark after which the page shows something else (the details
panel of the dashboard; on the bare page, the point Plotly picked), or a mark that something
else on the page covers, is a *missed click* (a *lost* click: the mark does not answer),
listed but not an error.

The server's memory is the VmRSS of the streamlit process and its children, sampled from
/proc every 0.25 s (start = after the warm-up); ``server_cpu_s`` and ``browser_cpu_s`` are
the CPU seconds used by the server and by the browser side during the sessions, to tell
which one the machine was busy with. Exit status 1 when there was any error.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from pathviz.render.files import CHROMIUM_FLAGS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP = ROOT / "app.py"
CHROMIUM = os.environ.get("PATHVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)
VIEWPORT = {"width": 1440, "height": 1100}
STREAMLIT_FLAGS = [
    "--server.headless", "true",
    "--browser.gatherUsageStats", "false",
    "--server.fileWatcherType", "none",
]

# the deep links the sessions start from (each also gets its own evidence filter)
DEEP_LINKS = [
    "/?node=bdnf",
    "/?a=psilocybin&b=ssri",
    "/",
    "/?mode=lecture&step=2",
    "/?node=ampa_receptor&conv=1",
    "/?a=ssri&b=ketamine&node=mtorc1",
    "/?status=established",
    "/?tier=signalling,plasticity,circuit,clinical",
]
# every session keeps human and animal evidence (so the diagram stays meaningful) and
# adds its own combination of the others, which makes its filter unique up to 16 sessions
EXTRA_EVIDENCE = ["in_vitro", "review", "secondary", "database"]

# ------------------------------------------------------------------ page scripts

# the reference page: one small Plotly scatter whose clicked point is shown in a line of text
# (st.plotly_chart with on_select="rerun") and written to the URL, as the dashboard does; a toggle
# in the sidebar redraws it with fewer points (the reference for a filter on the dashboard)
BARE_APP = '''\
import plotly.graph_objects as go
import streamlit as st

few = st.sidebar.toggle("Only three points", key="few")
ids = ["n1", "n2", "n3", "n4", "n5"][: 3 if few else 5]
fig = go.Figure(go.Scatter(x=[1, 2, 3, 4, 5][: len(ids)], y=[2, 1, 3, 5, 4][: len(ids)], mode="markers",
                           customdata=ids, name="nodes", marker=dict(size=18)))
fig.update_layout(clickmode="event+select")
event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="chart")
points = (event or {}).get("selection", {}).get("points", []) if event else []
picked = str(points[0].get("customdata")) if points else ""
if picked:
    st.query_params["node"] = picked
st.markdown(f"Selected: {picked}")
'''

READY_JS = """() => {
    const gd = document.querySelector('[data-testid="stApp"] .js-plotly-plot');
    if (!gd || !gd._fullLayout || !gd.data) return false;
    const t = gd.data.find(tr => tr.name === 'nodes');
    return !!(t && t.customdata && t.customdata.length && gd.querySelector('.main-svg'));
}"""

IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')"""

NODE_IDS_JS = """() => {
    const gd = document.querySelector('[data-testid="stApp"] .js-plotly-plot');
    const t = gd.data.find(tr => tr.name === 'nodes');
    return t.customdata.map(String);
}"""

# the viewport position of one node marker, scrolling it into view first (the chart is
# taller than the window and sits in Streamlit's own scroll container)
NODE_POINT_JS = """(id) => {
    const gd = document.querySelector('[data-testid="stApp"] .js-plotly-plot');
    const t = gd.data.findIndex(tr => tr.name === 'nodes');
    const i = gd.data[t].customdata.map(String).indexOf(id);
    if (i < 0) return null;
    const fl = gd._fullLayout;
    const where = () => {
        const r = gd.getBoundingClientRect();
        return {x: r.left + fl._size.l + fl.xaxis.l2p(gd.data[t].x[i]),
                y: r.top + fl._size.t + fl.yaxis.l2p(gd.data[t].y[i])};
    };
    let p = where();
    // visible: inside the window and inside the box that scrolls the chart sideways
    const clip = (gd.closest('.pv-chart') || gd).getBoundingClientRect();
    const inside = (q) => q.x > Math.max(4, clip.left + 12) && q.y > 60 && q.x < Math.min(innerWidth, clip.right) - 12 && q.y < innerHeight - 4;
    if (!inside(p)) {
        const layer = gd.querySelectorAll('.scatterlayer .trace')[t];
        const pt = layer && layer.querySelectorAll('.points path')[i];
        (pt || gd).scrollIntoView({block: 'center', inline: 'center'});
        p = where();
    }
    return inside(p) ? p : null;
}"""

# the moment the page shows the clicked node (see the module docstring): returns the
# latency in ms measured by the page's own clock, or false while not yet there
DETAILS_JS = """(id) => {
    if (window.__pvClickT === undefined) return false;
    // the dashboard draws the details in the browser: the click picked what the panel shows
    const panel = document.getElementById('pv-details');
    if (panel) {
        const shows = panel.getAttribute('data-shows');
        if (shows === id) return panel.querySelector('h3') ? performance.now() - window.__pvClickT : false;
        return shows !== window.__pvShowsBefore ? {missed: shows || ''} : false;
    }
    // a page without that panel (the bare page) shows the point Plotly picked, in the script run
    // that also writes the URL
    if (window.__pvPicked !== undefined && window.__pvPicked !== id) return {missed: window.__pvPicked};
    return new URLSearchParams(location.search).get('node') === id ? performance.now() - window.__pvClickT : false;
}"""

# the moment the server has the click: the URL names the node or arrow (written at the end of its run)
URL_JS = """([key, id]) => window.__pvClickT !== undefined && new URLSearchParams(location.search).get(key) === id
    ? performance.now() - window.__pvClickT : false"""

# every mark of the dashboard's diagram that looks clickable, [kind, id]: node markers, the dots in
# the middle of arrows, arrowheads (not the zero-size point that turns an arrowhead)
ALL_MARKS_JS = """() => {
    const gd = document.querySelector('.pv-chart .js-plotly-plot');
    const layers = gd.querySelectorAll('.scatterlayer > .trace');
    const out = [];
    gd.data.forEach((t, i) => {
        if (!['nodes', 'edge details', 'arrowheads'].includes(t.name) || !layers[i]) return;
        const ids = (t.customdata || []).filter((_, j) => t.x[j] !== null && t.x[j] !== undefined);
        layers[i].querySelectorAll('.points path').forEach((p, j) => {
            const r = p.getBoundingClientRect();
            if (r.width >= 0.5 || r.height >= 0.5) out.push([t.name, String(ids[j])]);
        });
    });
    return out;
}"""

# the viewport point to click a mark ([kind, id]) at, scrolled into view: the whole pixel nearest its
# centre where the mark is seen (inside its shape, under no other mark painted after it); null when
# other marks hide it all; {covered} when something else on the page is over that point
MARK_POINT_JS = """([kind, id]) => {
    const gd = document.querySelector('.pv-chart .js-plotly-plot');
    const svg = gd.querySelector('.main-svg');
    const layers = gd.querySelectorAll('.scatterlayer > .trace');
    const drawn = [];
    gd.data.forEach((t, i) => {
        if (!['nodes', 'edge details', 'arrowheads'].includes(t.name) || !layers[i]) return;
        const ids = (t.customdata || []).filter((_, j) => t.x[j] !== null && t.x[j] !== undefined);
        layers[i].querySelectorAll('.points path').forEach((p, j) => {
            const r = p.getBoundingClientRect();
            if (r.width >= 0.5 || r.height >= 0.5) drawn.push({el: p, kind: t.name, id: String(ids[j])});
        });
    });
    const k = drawn.findIndex((m) => m.kind === kind && m.id === id);
    if (k < 0) return null;
    drawn[k].el.scrollIntoView({block: 'center', inline: 'center'});
    const pt = svg.createSVGPoint();
    const box = (m) => {
        const r = m.el.getBoundingClientRect();
        const w = (parseFloat(getComputedStyle(m.el).strokeWidth) || 0) / 2;
        return {left: r.left - w, right: r.right + w, top: r.top - w, bottom: r.bottom + w};
    };
    const on = (m, x, y) => {
        const r = box(m);
        if (x < r.left || x > r.right || y < r.top || y > r.bottom) return false;
        pt.x = x; pt.y = y;
        const q = pt.matrixTransform(m.el.getScreenCTM().inverse());
        return m.el.isPointInFill(q) || m.el.isPointInStroke(q);
    };
    const r = box(drawn[k]);
    const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
    let best = null;
    for (let x = Math.ceil(r.left); x <= r.right; x++) {
        for (let y = Math.ceil(r.top); y <= r.bottom; y++) {
            if (!on(drawn[k], x, y)) continue;
            let hidden = false;
            for (let a = k + 1; a < drawn.length && !hidden; a++) hidden = drawn[a].id !== id && on(drawn[a], x, y);
            const d = (x - cx) ** 2 + (y - cy) ** 2;
            if (!hidden && (!best || d < best.d)) best = {x, y, d};
        }
    }
    if (!best) return null;
    const el = document.elementFromPoint(best.x, best.y);
    if (!el || !gd.contains(el)) return {covered: el ? el.tagName + '.' + (el.getAttribute('class') || '') : 'nothing'};
    return {x: best.x, y: best.y};
}"""

SHOWS_JS = """([key, value]) => new URLSearchParams(location.search).get(key) === value"""

EDGE_PREFIX = "edge:"  # customdata of an arrow's midpoint dot (pathviz.render.figure.EDGE_PREFIX)

# before a click: forget the last one and note what Plotly reports as clicked
ARM_JS = """() => {
    window.__pvClickT = undefined;
    window.__pvPicked = undefined;
    const panel = document.getElementById('pv-details');
    window.__pvShowsBefore = panel ? panel.getAttribute('data-shows') : undefined;
    const gd = document.querySelector('[data-testid="stApp"] .js-plotly-plot');
    if (gd && !gd.__pvHooked && gd.on) {
        gd.__pvHooked = true;
        gd.on('plotly_click', (ev) => {
            const p = ev && ev.points && ev.points[0];
            window.__pvPicked = p && p.customdata !== undefined ? String(p.customdata) : '';
        });
    }
}"""

INIT_JS = """
window.addEventListener('mousedown', () => { window.__pvClickT = performance.now(); }, true);
"""

SELECTED_JS = """() => {
    const head = document.querySelector('#pv-details h3');
    if (head) return 'Selected: ' + head.innerText;
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return null;
    for (const p of main.querySelectorAll('[data-testid="stMarkdownContainer"] p')) {
        if (p.innerText.startsWith('Selected:')) return p.innerText;
    }
    return null;
}"""

CAPTIONS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stCaptionContainer"]')]
    .map(e => e.innerText).filter(t => t.startsWith('Filters:'))"""

EXCEPTIONS_JS = """() => [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.innerText.slice(0, 300))"""

# node id -> label, from the first line of each marker's hover text ("<b>label</b><br>...")
LABELS_JS = """() => {
    const gd = document.querySelector('[data-testid="stApp"] .js-plotly-plot');
    const t = gd.data.find(tr => tr.name === 'nodes');
    const out = {};
    const box = document.createElement('div');
    t.customdata.forEach((id, i) => {
        const text = t.hovertext || t.text;
        box.innerHTML = text ? String(text[i]).split('<br>')[0] : String(id);
        out[String(id)] = box.textContent.trim();
    });
    return out;
}"""


# ------------------------------------------------------------------ server


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs whose host is a loopback address (127.0.0.0/8, ::1, localhost)."""
    try:
        u = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    if u.scheme not in ("http", "https") or not u.hostname:
        return False
    if u.username or u.password:
        return False
    host = u.hostname
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early (status {proc.returncode})")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not become healthy within {timeout:.0f} s")


_STARTED: list[subprocess.Popen] = []  # servers this process started, for the watchdog


def start_streamlit(script: Path, timeout: float = 90, cwd: Path = ROOT, env: dict | None = None,
                    port: int | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run script`` on 127.0.0.1 (``port``, else a free one); returns (process, base URL)."""
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", *STREAMLIT_FLAGS],
        cwd=cwd,
        env=env or dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so children go with it
    )
    _STARTED.append(proc)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout)
    except BaseException:
        stop_streamlit(proc)
        raise
    return proc, url


def stop_streamlit(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


# ------------------------------------------------------------------ memory


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out += [int(c) for c in f.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def tree_rss_mb(pid: int) -> float | None:
    """VmRSS of ``pid`` and all its descendants, in MiB (None if ``pid`` is gone)."""
    total_kb, seen, todo, found = 0, set(), [pid], False
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        found = True
                        break
        except OSError:
            continue
        todo += _children(p)
    return round(total_kb / 1024, 1) if found else None


def listening_pid(port: int) -> int | None:
    """The pid of a process of this user listening on 127.0.0.1:``port`` (for --url), if visible."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(cols[9])
        except OSError:
            continue
    if not inodes:
        return None
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(pid)
        except OSError:
            continue
    return None


def tree_pids(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        if p not in out and os.path.exists(f"/proc/{p}"):
            out.add(p)
            todo += _children(p)
    return out


def cpu_ticks(pid: int) -> int | None:
    """utime + stime of one process, in clock ticks."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


class RssSampler:
    """Samples a process tree in a background thread: RSS at start, peak and end, and the
    CPU time used by it and by the rest of this process's descendants (the browser)."""

    def __init__(self, pid: int | None, every: float = 0.25):
        self.pid, self.every = pid, every
        self.start = self.peak = self.end = None
        self._cpu: dict[int, tuple[str, int]] = {}  # pid -> (server|client, last ticks seen)
        self._cpu_base = {"server": 0, "client": 0}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> float | None:
        server = tree_pids(self.pid) if self.pid is not None else set()
        with self._lock:
            for p in tree_pids(os.getpid()) | server:
                ticks = cpu_ticks(p)
                if ticks is not None and p != os.getpid():
                    self._cpu[p] = ("server" if p in server else "client", ticks)
        if self.pid is None:
            return None
        v = tree_rss_mb(self.pid)
        if v is not None:
            self.peak = v if self.peak is None else max(self.peak, v)
        return v

    def cpu_s(self, which: str) -> float:
        """CPU seconds of the server tree or of the client side (browser, driver) since the start."""
        with self._lock:
            total = sum(t for kind, t in self._cpu.values() if kind == which)
        return round((total - self._cpu_base[which]) / os.sysconf("SC_CLK_TCK"), 1)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def rebase(self) -> None:
        """Take the start (and restart the peak) now, e.g. after a warm-up."""
        self.peak = None
        self.start = self._sample()
        with self._lock:
            for kind in ("server", "client"):
                self._cpu_base[kind] = sum(t for k, t in self._cpu.values() if k == kind)

    def __enter__(self) -> "RssSampler":
        self.start = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.end = self._sample()


# ------------------------------------------------------------------ sessions


@dataclass
class SessionResult:
    index: int
    link: str
    clicks_ms: list[float] = field(default_factory=list)  # click -> details shown
    clicks_url_ms: list[float] = field(default_factory=list)  # click -> the server has it (URL)
    errors: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # "kind id -> what the page showed instead"
    hidden: list[str] = field(default_factory=list)  # marks picked that other marks hide entirely
    open_ms: float | None = None


def session_link(i: int, n_sessions: int) -> tuple[str, tuple[str, ...]]:
    """Deep link of session ``i`` with its own evidence filter, and that filter."""
    base = DEEP_LINKS[i % len(DEEP_LINKS)]
    extra = tuple(e for bit, e in enumerate(EXTRA_EVIDENCE) if (i >> bit) & 1)
    evidence = ("human", "animal") + extra
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}evidence={','.join(evidence)}", evidence


async def open_page(context, url: str, timeout_ms: float):  # type: ignore[no-untyped-def]
    """A new page of ``context`` at ``url``, with the diagram drawn; returns (page, js errors)."""
    page = await context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda e: js_errors.append(str(e)[:300]))
    await page.add_init_script(INIT_JS)
    await page.goto(url, timeout=timeout_ms, wait_until="commit")
    await page.wait_for_function(READY_JS, timeout=timeout_ms, polling=100)
    return page, js_errors


async def wait_idle(page, timeout_ms: float) -> None:  # type: ignore[no-untyped-def]
    await page.wait_for_function(IDLE_JS, timeout=timeout_ms, polling=50)


class MissedClick(Exception):
    """A click on a mark after which the page showed another node or arrow, or nothing (or a mark
    that something else on the page covers)."""

    def __init__(self, node_id: str, picked: str):
        super().__init__(f"a click on the mark of {node_id} picked {picked or 'nothing'}")
        self.node_id, self.picked = node_id, picked


async def click_node(page, node_id: str, timeout_ms: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Click the marker of ``node_id`` at its centre; ms from mousedown until the page shows that
    node's details, and until the server has the click (the URL names the node).

    Raises MissedClick when the page shows another node or arrow instead (then the page is
    left to finish its run)."""
    point = await page.evaluate(NODE_POINT_JS, node_id)
    if point is None:
        raise RuntimeError(f"node {node_id} has no visible marker")
    return await _click_at(page, point, node_id, timeout_ms)


async def click_mark(page, kind: str, mark_id: str, timeout_ms: float) -> tuple[float, float] | None:  # type: ignore[no-untyped-def]
    """Click a mark of the dashboard's diagram (``kind``: nodes, edge details, arrowheads) where it is
    seen; as :func:`click_node`, for a node or an arrow. None when other marks hide it all."""
    point = await page.evaluate(MARK_POINT_JS, [kind, mark_id])
    if point is None:
        return None
    if "covered" in point:
        raise MissedClick(mark_id, f"(covered by {point['covered']})")
    return await _click_at(page, point, mark_id, timeout_ms)


async def _click_at(page, point: dict, mark_id: str, timeout_ms: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    # hover first, as a person does: Plotly takes the clicked point from its last hover
    # calculation, which it throttles, so a click straight after a jump of the mouse can
    # report the point under the previous position
    await page.mouse.move(point["x"], point["y"])
    await page.wait_for_timeout(150)
    await page.evaluate(ARM_JS)
    t0 = time.perf_counter()
    await page.mouse.click(point["x"], point["y"])
    handle = await page.wait_for_function(DETAILS_JS, arg=mark_id, timeout=timeout_ms, polling="raf")
    in_page = await handle.json_value()
    wall = (time.perf_counter() - t0) * 1000
    if isinstance(in_page, dict):
        raise MissedClick(mark_id, str(in_page.get("missed")))
    shown = float(in_page) if isinstance(in_page, (int, float)) else wall
    key = ["edge", mark_id.removeprefix(EDGE_PREFIX)] if mark_id.startswith(EDGE_PREFIX) else ["node", mark_id]
    handle = await page.wait_for_function(URL_JS, arg=key, timeout=timeout_ms, polling="raf")
    return shown, float(await handle.json_value())


def pick_nodes(ids: list[str], k: int, rng: random.Random, avoid: str | None) -> list[str]:
    """``k`` node ids, no two consecutive ones equal and the first not ``avoid``."""
    out: list[str] = []
    prev = avoid
    for _ in range(k):
        choices = [i for i in ids if i != prev] or ids
        prev = rng.choice(choices)
        out.append(prev)
    return out


async def run_session(browser, base_url: str, i: int, n: int, k: int, think_s: float,  # type: ignore[no-untyped-def]
                      deadline: float, seed: int, delay_s: float = 0.0, bare: bool = False,
                      marks: str = "nodes") -> SessionResult:
    link, evidence = ("/", ()) if bare else session_link(i, n)
    res = SessionResult(i, link)
    rng = random.Random(seed * 1000 + i)

    def left_ms(cap: float = 60.0) -> float:
        return max(1.0, min(cap, deadline - time.monotonic())) * 1000

    await asyncio.sleep(delay_s)
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        t0 = time.perf_counter()
        page, js_errors = await open_page(context, base_url + link, left_ms(600))
        await wait_idle(page, left_ms(30))
        res.open_ms = (time.perf_counter() - t0) * 1000
        wanted = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))
        if not bare and wanted.get("evidence") != ",".join(evidence):
            res.errors.append(f"isolation: opened with evidence={wanted.get('evidence')!r}, asked for {','.join(evidence)!r}")
        ids = await page.evaluate(NODE_IDS_JS)
        labels = {nid: " ".join(t.split()) for nid, t in (await page.evaluate(LABELS_JS)).items()}
        if marks == "all" and not bare:
            # any mark that looks clickable: node markers, arrow dots, arrowheads
            drawn = [tuple(m) for m in await page.evaluate(ALL_MARKS_JS)]
            targets = []
            for _ in range(k):
                choices = [m for m in drawn if not targets or m[1] != targets[-1][1]] or drawn
                targets.append(rng.choice(choices))
        else:
            targets = [("nodes", node_id) for node_id in pick_nodes(ids, k, rng, wanted.get("node"))]
        # what the URL may hold at the end: the last confirmed selection, plus clicks after it
        # whose confirmation timed out (they may still have landed)
        expect: list[tuple[str, str]] = [("node", wanted["node"])] if wanted.get("node") else []
        for kind, node_id in targets:
            if time.monotonic() > deadline:
                res.errors.append("deadline reached before all clicks were done")
                break
            edge = node_id.startswith(EDGE_PREFIX)
            target = ("edge", node_id.removeprefix(EDGE_PREFIX)) if edge else ("node", node_id)
            try:
                expect.append(target)
                try:
                    if kind == "nodes" and marks != "all":
                        shown, url = await click_node(page, node_id, left_ms(30))
                    else:
                        done = await click_mark(page, kind, node_id, left_ms(30))
                        if done is None:  # wholly hidden under other marks: nothing to click
                            res.hidden.append(f"{kind} {node_id}")
                            expect = [e for e in expect if e != target] or expect
                            continue
                        shown, url = done
                    res.clicks_ms.append(shown)
                    res.clicks_url_ms.append(url)
                except MissedClick as m:
                    # not this session's state going wrong: the marker did not answer the click
                    res.missed.append(f"{kind} {m.node_id} -> {m.picked}")
                    if m.picked.startswith("(covered"):  # the click never reached the diagram
                        expect = [e for e in expect if e != target]
                        continue
                    key = m.picked.removeprefix(EDGE_PREFIX)
                    picked = ("edge", key) if m.picked.startswith(EDGE_PREFIX) else ("node", m.picked)
                    expect = [e for e in expect if e != target] + [picked]
                    if m.picked:
                        await page.wait_for_function(SHOWS_JS, arg=list(picked), timeout=left_ms(30), polling=50)
                        expect = [picked]
                    await wait_idle(page, left_ms(30))
                    continue
                expect = [target]
                selected = await page.evaluate(SELECTED_JS)
                if not edge and (selected is None or labels.get(node_id, node_id) not in " ".join(selected.split())):
                    # the URL is written last; give the frontend a moment to show the line
                    await page.wait_for_timeout(500)
                    selected = await page.evaluate(SELECTED_JS)
                    if selected is None or labels.get(node_id, node_id) not in " ".join(selected.split()):
                        res.errors.append(f"isolation: clicked {node_id}, page shows {selected!r}")
                await wait_idle(page, left_ms(30))
            except Exception as e:  # noqa: BLE001 - counted, reported, and the session goes on
                res.errors.append(f"click {node_id}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
                if "Target" in str(e) and "closed" in str(e):
                    break
            if think_s:
                await asyncio.sleep(think_s)
        # isolation: the URL still holds this session's own filter and its own last node
        if len(expect) > 1:
            try:
                await wait_idle(page, left_ms(5))
            except Exception:  # noqa: BLE001 - the timeout was counted already
                pass
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))
        for key in ("a", "b", "mode", "conv", "status", "tier"):
            if key in wanted and params.get(key) != wanted[key]:
                res.errors.append(f"isolation: {key}={params.get(key)!r} in the URL, expected {wanted[key]!r}")
        if not bare and params.get("evidence") != ",".join(evidence):
            res.errors.append(f"isolation: evidence={params.get('evidence')!r} in the URL, expected {','.join(evidence)!r}")
        if expect and not any(params.get(k) == v for k, v in expect):
            shown = {k: params.get(k) for k in ("node", "edge") if params.get(k)}
            res.errors.append(f"isolation: the URL selects {shown}, this session last selected {expect[-1][0]}={expect[-1][1]!r}")
        from pathviz.vocab import Evidence

        words = "evidence: " + ", ".join(Evidence(e).label for e in evidence)
        for caption in [] if bare else await page.evaluate(CAPTIONS_JS):
            if words not in caption:
                res.errors.append(f"isolation: filter caption {caption!r}, expected evidence {', '.join(evidence)}")
        res.errors += [f"streamlit exception: {t}" for t in await page.evaluate(EXCEPTIONS_JS)]
        res.errors += [f"page error: {e}" for e in js_errors]
    except Exception as e:  # noqa: BLE001
        res.errors.append(f"session: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}")
    finally:
        try:
            await asyncio.wait_for(context.close(), timeout=10)
        except Exception:  # noqa: BLE001 - closing is best effort; the browser goes at the end
            pass
    return res


async def warm_up(browser, base_url: str, deadline: float, bare: bool = False) -> None:  # type: ignore[no-untyped-def]
    """One page load with a node selected: server imports, caches and the details code are warm."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        left = max(1.0, min(90.0, deadline - time.monotonic())) * 1000
        page, _ = await open_page(context, base_url + ("/" if bare else "/?node=bdnf"), left)
        await wait_idle(page, min(left, 30_000))
    finally:
        await asyncio.wait_for(context.close(), timeout=10)


async def drive(base_url: str, n: int, k: int, think_s: float, deadline: float, seed: int, ramp_s: float,
                warm: bool = True, timing: dict | None = None, on_ready=None, bare: bool = False,
                marks: str = "nodes") -> list[SessionResult]:  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            timing = timing if timing is not None else {}
            if warm:
                t_warm = time.monotonic()
                try:
                    await warm_up(browser, base_url, deadline, bare)
                except Exception as e:  # noqa: BLE001 - reported as an error of the run
                    timing["warmup_error"] = f"warm-up: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
                timing["warmup_s"] = round(time.monotonic() - t_warm, 1)
            if on_ready is not None:
                on_ready()
            t_run = time.monotonic()
            tasks = [asyncio.create_task(run_session(browser, base_url, i, n, k, think_s, deadline, seed, ramp_s * i / n, bare, marks)) for i in range(n)]
            done, pending = await asyncio.wait(tasks, timeout=max(1.0, deadline - time.monotonic() + 15))
            for t in pending:
                t.cancel()
            results = []
            for i, t in enumerate(tasks):
                if t in done and not t.cancelled() and t.exception() is None:
                    results.append(t.result())
                else:
                    r = SessionResult(i, session_link(i, n)[0])
                    r.errors.append("session did not finish within the time limit")
                    results.append(r)
            timing["run_s"] = round(time.monotonic() - t_run, 1)
            return results
        finally:
            try:
                await asyncio.wait_for(browser.close(), timeout=15)
            except Exception:  # noqa: BLE001
                pass


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if 1 <= q <= 99 else None


# ------------------------------------------------------------------ main


def run_load(n: int = 20, k: int = 5, seconds: float = 120, url: str | None = None,
             think_s: float = 0.25, seed: int = 1, warm: bool = True, ramp_s: float = 10.0,
             bare: bool = False, marks: str = "nodes") -> tuple[dict, list[SessionResult]]:
    started = time.monotonic()
    deadline = started + seconds
    proc = None
    pid = None
    tmp = None
    if url is None and bare:
        import tempfile

        tmp = tempfile.TemporaryDirectory()
        app = Path(tmp.name) / "bare_plotly.py"
        app.write_text(BARE_APP, "utf-8")
        proc, url = start_streamlit(app, timeout=min(90, seconds), cwd=Path(tmp.name))
        pid = proc.pid
    elif url is None:
        proc, url = start_streamlit(APP, timeout=min(90, seconds))
        pid = proc.pid
        # warm the server (imports, bundle cache) so the first session is not all start-up
        try:
            urllib.request.urlopen(url + "/", timeout=10).read()
        except OSError:
            pass
    else:
        url = url.rstrip("/")
        wait_healthy(url, None, min(30, seconds))
        port = urllib.parse.urlsplit(url).port or (443 if url.startswith("https") else 80)
        pid = listening_pid(port)
    try:
        timing: dict = {}
        with RssSampler(pid) as rss:
            results = asyncio.run(drive(url, n, k, think_s, deadline, seed, ramp_s, warm, timing, rss.rebase, bare, marks))
    finally:
        if proc is not None:
            stop_streamlit(proc)
        if tmp is not None:
            tmp.cleanup()
    clicks = [c for r in results for c in r.clicks_ms]
    clicks_url = [c for r in results for c in r.clicks_url_ms]
    if "warmup_error" in timing:
        results.append(SessionResult(-1, "/?node=bdnf (warm-up)", errors=[timing["warmup_error"]]))
    errors = sum(len(r.errors) for r in results)
    kinds: dict[str, int] = {}
    for e in (e for r in results for e in r.errors):
        kind = ("isolation" if e.startswith("isolation") else "streamlit exception" if e.startswith("streamlit exception")
                else "page error" if e.startswith("page error") else "time limit" if ("Timeout" in e or "time limit" in e or "deadline" in e)
                else "other")
        kinds[kind] = kinds.get(kind, 0) + 1
    opens = [r.open_ms for r in results if r.open_ms is not None]
    out = {
        "page": "bare" if bare else "pathviz",
        "sessions": n,
        "clicks": len(clicks),
        "errors": errors,
        "errors_by_kind": kinds,
        "marks": "nodes" if bare else marks,
        "missed_clicks": sum(len(r.missed) for r in results),
        "hidden_marks": sum(len(r.hidden) for r in results),
        "click_p50_ms": None if not clicks else round(statistics.median(clicks), 1),
        "click_p95_ms": None if not clicks else round(percentile(clicks, 95), 1),
        "click_max_ms": None if not clicks else round(max(clicks), 1),
        "click_url_p50_ms": None if not clicks_url else round(statistics.median(clicks_url), 1),
        "click_url_p95_ms": None if not clicks_url else round(percentile(clicks_url, 95), 1),
        "open_p50_ms": None if not opens else round(statistics.median(opens), 1),
        "open_max_ms": None if not opens else round(max(opens), 1),
        "server_rss_start_mb": rss.start,
        "server_rss_peak_mb": rss.peak,
        "server_rss_end_mb": rss.end,
        "server_cpu_s": rss.cpu_s("server") if pid is not None else None,
        # the server's CPU over the sessions (page opens included) per click measured
        "server_cpu_ms_per_click": (
            round(rss.cpu_s("server") * 1000 / len(clicks), 1) if pid is not None and clicks and rss.cpu_s("server") is not None else None
        ),
        "browser_cpu_s": rss.cpu_s("client"),
        "duration_s": timing.get("run_s"),
        "warmup_s": timing.get("warmup_s"),
        "total_s": round(time.monotonic() - started, 1),
    }
    return out, results


def print_table(out: dict, results: list[SessionResult]) -> None:
    print(f"{'measure':<22} {'value':>10}")
    for key, v in out.items():
        if isinstance(v, dict):
            v = ", ".join(f"{k} {n}" for k, n in v.items()) or "-"
            print(f"{key:<22} {v}")
            continue
        print(f"{key:<22} {('-' if v is None else v)!s:>10}")
    missed = sorted({m for r in results for m in r.missed})
    if missed:
        print("\nlost clicks: a click on a mark showed another point, or something on the page covers the")
        print("mark (not errors of the session):")
        for m in missed:
            print(f"  {m}")
    bad = [r for r in results if r.errors]
    if bad:
        print(f"\nerrors in {len(bad)} of {len(results)} sessions:")
        for r in bad:
            for e in r.errors[:5]:
                print(f"  session {r.index} ({r.link}): {e}")
            if len(r.errors) > 5:
                print(f"  session {r.index}: ... and {len(r.errors) - 5} more")


def _give_up() -> None:
    """The watchdog: stop the servers this process started, then exit at once."""
    for proc in _STARTED:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    print("load.py: time limit exceeded, gave up", file=sys.stderr)
    os._exit(3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pathviz load test: concurrent browser sessions")
    parser.add_argument("-n", "--sessions", type=int, default=20)
    parser.add_argument("-k", "--clicks", type=int, default=5, help="clicks per session")
    parser.add_argument("--marks", choices=("nodes", "all"), default="nodes",
                        help="what the sessions click: node markers at their centre (default), or any mark that "
                             "looks clickable (node markers, arrow dots, arrowheads) where it is seen")
    parser.add_argument("--seconds", type=float, default=120, help="time limit of the whole run")
    parser.add_argument("--think", type=float, default=0.25, help="pause between a session's clicks, in s")
    parser.add_argument("--ramp", type=float, default=10.0, help="spread the session starts over this many s")
    parser.add_argument("--url", help="a running pathviz server (loopback addresses only)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold", action="store_true", help="no warm-up page load before the sessions start")
    parser.add_argument("--bare", action="store_true",
                        help="the same sessions on the bare reference page (one Plotly scatter), for ratios under the same load")
    parser.add_argument("--json", action="store_true", help="also print one JSON object as the last line")
    args = parser.parse_args(argv)
    if args.url is not None and not is_loopback_url(args.url):
        parser.error(f"--url must be an http(s) address on this machine (127.0.0.1, ::1, localhost), not {args.url!r}")
    if args.sessions < 1 or args.clicks < 0 or args.seconds <= 0:
        parser.error("--sessions >= 1, --clicks >= 0 and --seconds > 0")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found (apt-get install -y chromium, or set PATHVIZ_CHROMIUM)", file=sys.stderr)
        return 2

    # a last resort: whatever hangs, the process ends by itself
    watchdog = threading.Timer(args.seconds + 90, _give_up)
    watchdog.daemon = True
    watchdog.start()

    if args.bare and args.url is not None:
        parser.error("--bare starts its own reference page; leave out --url")
    out, results = run_load(args.sessions, args.clicks, args.seconds, args.url, args.think, args.seed, not args.cold, args.ramp,
                            args.bare, args.marks)
    print_table(out, results)
    if args.json:
        print(json.dumps(out))
    watchdog.cancel()
    return 1 if out["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
