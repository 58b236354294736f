"""Cached loading and analysis for the Streamlit pages, and the files they offer for download.

The bundle cache key includes every file's modification time and size, so an
edit to pathways/*.yaml is picked up on the next interaction; unchanged data
is parsed once per server process. Views are cached by the view builder as
shared, read-only objects: nothing downstream mutates them.

Files to download are built once per key and kept (:func:`prepare_files`, :func:`ready_file`):
a page asks for the slow ones in the background (two builders) when the user shows that they may
want them (the Compare page's download section opened, the clinician page's handout shown), so
that a click finds its file ready; a click on a file not built yet builds it at once. PNG and SVG (and the handout's time course) are drawn by one
Chromium kept running for that (kaleido's server, :func:`start_renderer`) instead of a Chromium
started for every picture.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import CancelledError, Future
from pathlib import Path

import streamlit as st

from pathviz.data import env_pathways, shipped_pathways
from pathviz.io.pathways import LoadResult, find_yaml_files, load_pathways
from pathviz.model import Bundle
from pathviz.view import SCREEN, Canvas, View, ViewState, build_view


def default_pathways_dir() -> Path:
    """$PATHVIZ_PATHWAYS if set, else the pathways shipped with pathviz (the checkout's pathways/)."""
    return env_pathways() or shipped_pathways() or Path("pathways")


def signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files, _ = find_yaml_files([directory])
    out = []
    for f in files:
        try:
            st_ = f.stat()
        except OSError:
            continue
        out.append((str(f), st_.st_mtime_ns, st_.st_size))
    return tuple(out)


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(directory: str, sig: tuple[tuple[str, int, int], ...]) -> LoadResult:
    return load_pathways([directory])


@st.cache_resource(show_spinner=False, max_entries=32)
def _load_with(
    directory: str, sig: tuple[tuple[str, int, int], ...], upload_key: str, _uploads: tuple[tuple[str, bytes], ...]
) -> LoadResult:
    return load_pathways([directory], extra=_uploads)


def upload_key(uploads: tuple[tuple[str, bytes], ...]) -> str:
    h = hashlib.sha256()
    for name, raw in uploads:
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(raw).digest())
    return h.hexdigest()


# the last valid bundle per directory, so a broken edit never blanks the page
_LAST_GOOD: dict[str, LoadResult] = {}


def load_bundle(directory: Path | None = None, uploads: tuple[tuple[str, bytes], ...] = ()) -> LoadResult:
    """The bundle of ``directory`` (plus this browser session's uploads), cached by content."""
    directory = directory or default_pathways_dir()
    sig = signature(directory)
    if uploads:
        return _load_with(str(directory), sig, upload_key(uploads), uploads)
    result = _load(str(directory), sig)
    if result.bundle is not None:
        _LAST_GOOD[str(directory)] = result
    return result


def last_good(directory: Path | None = None) -> LoadResult | None:
    return _LAST_GOOD.get(str(directory or default_pathways_dir()))


def view(bundle: Bundle, state: ViewState, canvas: Canvas = SCREEN) -> View:
    """The view of ``state`` (:func:`pathviz.view.build_view` keeps the filtered graph and layout per bundle)."""
    return build_view(bundle, state, canvas)


# ------------------------------------------------------------------ files to download

MAX_FILES = 48  # files kept, built or being built (a view's drawn files take about 4 MB)
FILE_TIMEOUT_S = 180  # a click waits at most this long for its file

_FILES_LOCK = threading.Lock()
# key -> (what keeps the key's objects alive, e.g. the bundle whose id is in the key; the file)
_FILES: OrderedDict[Hashable, tuple[object, Future]] = OrderedDict()
_WANTED: OrderedDict[str, set[Hashable]] = OrderedDict()  # owner (a browser session) -> keys it asked for
_JOBS: queue.Queue[tuple[Hashable, Callable[[], bytes], Future]] = queue.Queue()
# two builders: a deck (Python) and a picture or the handout (Chromium) are made side by side
BUILDERS = 2
_WORKERS: list[threading.Thread] = []


def _run(key: Hashable, build: Callable[[], bytes], fut: Future) -> None:
    """Build one file into its future (already set running); a failed build is forgotten, so the
    next request tries again."""
    try:
        data = build()
    except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the file
        with _FILES_LOCK:
            if key in _FILES and _FILES[key][1] is fut:
                del _FILES[key]
        fut.set_exception(exc)
    else:
        fut.set_result(data)


def _work() -> None:
    """A background builder: files in the order asked, each unless built, being built for a click,
    or no longer wanted."""
    while True:
        key, build, fut = _JOBS.get()
        with _FILES_LOCK:
            if fut.running() or fut.done() or not fut.set_running_or_notify_cancel():
                continue
        _run(key, build, fut)


def _evict() -> None:
    """Keep at most MAX_FILES: the files used longest ago go first; none under way or queued."""
    over = len(_FILES) - MAX_FILES
    for key in list(_FILES):
        if over <= 0:
            break
        if _FILES[key][1].done():
            del _FILES[key]
            over -= 1


def _session() -> str:
    """The browser session of the script run (the owner of the files a page prepares)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else "no session"


def prepare_files(jobs: Iterable[tuple[Hashable, object, Callable[[], bytes]]], owner: str | None = None) -> None:
    """Build these files in the background, in this order (two at a time), each once: ``jobs`` are
    (key, what the key needs kept alive, build). Files that ``owner`` (default: this browser
    session) asked for before and no longer wants, e.g. those of a page it left, are dropped from
    the queue unless another owner wants them too."""
    jobs = list(jobs)
    owner = owner if owner is not None else _session()
    with _FILES_LOCK:
        keys = {key for key, _, _ in jobs}
        before = _WANTED.pop(owner, set())
        _WANTED[owner] = keys
        while len(_WANTED) > 256:  # owners that left long ago
            _WANTED.popitem(last=False)
        others: set[Hashable] = set().union(*(k for o, k in _WANTED.items() if o != owner))
        for key in before - keys - others:
            entry = _FILES.get(key)
            if entry is not None and entry[1].cancel():  # only a file still waiting can be cancelled
                del _FILES[key]
        for key, keep, build in jobs:
            entry = _FILES.get(key)
            if entry is not None and not entry[1].cancelled():
                _FILES.move_to_end(key)
                continue
            fut: Future = Future()
            _FILES[key] = (keep, fut)
            _JOBS.put((key, build, fut))
        _evict()
        _WORKERS[:] = [w for w in _WORKERS if w.is_alive()]
        while len(_WORKERS) < BUILDERS:
            _WORKERS.append(threading.Thread(target=_work, name=f"pathviz-files-{len(_WORKERS)}", daemon=True))
            _WORKERS[-1].start()


def ready_file(key: Hashable, keep: object, build: Callable[[], bytes]) -> bytes:
    """The file of ``key``: the one kept, else the one being built (waited for), else built here and
    now (also when it is still waiting in the background queue). A failed build raises."""
    with _FILES_LOCK:
        entry = _FILES.get(key)
        fut = entry[1] if entry is not None else None
        if fut is None or fut.cancelled():
            fut = Future()
            _FILES[key] = (keep, fut)
            _evict()
        else:
            _FILES.move_to_end(key)
        here = not fut.running() and not fut.done() and fut.set_running_or_notify_cancel()
    if here:
        _run(key, build, fut)
    try:
        return fut.result(timeout=FILE_TIMEOUT_S)
    except CancelledError:  # pragma: no cover - a waiting file is only cancelled before it runs
        return ready_file(key, keep, build)


def files_kept() -> dict[Hashable, str]:
    """Each kept file's state: "queued", "building", "ready" or "failed"."""
    with _FILES_LOCK:
        out: dict[Hashable, str] = {}
        for key, (_, fut) in _FILES.items():
            if fut.running():
                out[key] = "building"
            elif not fut.done():
                out[key] = "queued"
            else:
                out[key] = "failed" if fut.cancelled() or fut.exception() is not None else "ready"
        return out


# One Chromium, kept running, draws the PNG and SVG pictures: once kaleido's server runs, plotly's
# to_image goes through it (about 0.5 s a picture instead of 3-6 s for a Chromium started each
# time). Its server hands results back in the order calls were made, so calls from several threads
# could swap their results: they wait for each other here.
_RENDERER_LOCK = threading.Lock()


def _renderer_running() -> bool:
    try:
        import kaleido
    except ImportError:
        return False
    server = getattr(kaleido, "_global_server", None)
    thread = getattr(server, "_thread", None)
    return bool(server is not None and server.is_running() and thread is not None and thread.is_alive())


def warm_renderer() -> None:
    """Start the picture renderer in the background (its Chromium takes seconds to start), so that
    the first picture asked for finds it running."""
    if not _renderer_running() and not _RENDERER_LOCK.locked():
        threading.Thread(target=start_renderer, name="pathviz-renderer", daemon=True).start()


def start_renderer() -> bool:
    """Start the picture renderer once per process (again if its thread has died); False when it
    cannot run here (no kaleido or no Chromium: each export then says what to install)."""
    with _RENDERER_LOCK:
        try:
            import kaleido

            from pathviz.render.files import find_chromium
        except ImportError:
            return False
        server = getattr(kaleido, "_global_server", None)
        if server is None or not hasattr(server, "call_function"):
            return False
        if _renderer_running():
            return True
        chromium = find_chromium()
        if chromium is None:
            return False
        os.environ.setdefault("BROWSER_PATH", chromium)
        if server.is_running():  # its thread died with its browser: start afresh
            kaleido.stop_sync_server(silence_warnings=True)
        # no MathJax (no figure has formulas), so the renderer fetches nothing from the network
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        if not getattr(server.call_function, "pathviz_one_at_a_time", False):
            call = server.call_function
            one = threading.Lock()

            def one_at_a_time(*args: object, **kwargs: object) -> object:
                with one:
                    if not _renderer_running():  # its Chromium could not start: fail, never wait forever
                        raise RuntimeError("the picture renderer (Chromium) is not running")
                    return call(*args, **kwargs)

            one_at_a_time.pathviz_one_at_a_time = True  # type: ignore[attr-defined]
            server.call_function = one_at_a_time
        return True


def _handout_job(bundle: Bundle, ids: tuple[str, ...], paper: str) -> tuple[Hashable, object, Callable[[], bytes]]:
    def build() -> bytes:
        from pathviz.render.handout import handout_pdf

        start_renderer()  # its time course is drawn by the renderer
        return handout_pdf(bundle, [bundle.pathways[i] for i in ids], paper)

    return ("handout", id(bundle), tuple(ids), paper), bundle, build


def prepare_handout(bundle: Bundle, ids: tuple[str, ...], paper: str) -> None:
    """Start printing the clinician handout of these drugs in the background (once per bundle,
    drugs and paper: the page's few choices), so its download button finds it printed."""
    prepare_files([_handout_job(bundle, ids, paper)])


def handout_file(bundle: Bundle, ids: tuple[str, ...], paper: str) -> bytes:
    """The clinician handout of these drugs (printed once, kept); raises HandoutError."""
    return ready_file(*_handout_job(bundle, ids, paper))
