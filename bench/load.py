"""Load test: N simulated users, each a websocket client speaking Streamlit's own protocol.

    python bench/load.py                                # 5,10,20,40 sessions; starts the app itself
    python bench/load.py --sessions 40 --url http://127.0.0.1:8500 --pid-dir deploy/run

Every simulated user does what a person does in a browser, without the browser:

1. opens the page: ``GET /``, ``/_stcore/health`` and ``/_stcore/host-config`` (this is where
   the XSRF cookie, and behind the proxy its sticky-session cookie, come from), then the
   websocket ``/_stcore/stream`` with the subprotocols the frontend sends (``streamlit`` and
   the XSRF token) and the first ``rerun_script`` BackMsg; read ForwardMsgs until
   ``script_finished``: a visitor's first run draws the map alone ("map run", measured from
   the first HTTP request);
2. says what the map says in a browser once it has painted (``MapPainted``): the map
   component's default value sent as its value, which reruns the page and draws the rest of
   it ("whole page", also from the first HTTP request);
3. flips the sidebar toggle "Buffer / off-limits perimeter" (its widget id comes from the
   element in the deltas) and sends a rerun with that widget's new value ("toggle");
4. clicks an event of the sidebar timeline (a button: a trigger value; the page answers
   with ``st.rerun()``, so the time runs until the second run has finished) ("event");
5. uploads a 5 MB GeoJSON as the file_uploader does: a ``file_urls_request`` BackMsg, a
   multipart ``PUT`` to the upload URL the server returned (with the ``X-Xsrftoken``
   header), then a rerun whose widget state for the uploader (key ``uploads``) names the
   file ("upload", from the request for the URL until the page has read and drawn it).

A session counts as failed when a step raises or times out, when a ForwardMsg carries an
exception element (or a compilation exception), or when the page did not show what the
step asked for (the rest of the page, the event selected, the file's "5,000 features"
caption). The server's memory and CPU count each app process with all its descendants
(the workers it starts to parse uploads), found in ``/proc`` at each sample: peak MB is the
highest sum of VmRSS over that tree, sampled every 0.1 s while a level runs; CPU is user +
system time of the tree (children that exited counted in their parent); "MB after" is the
tree's VmRSS a few seconds after the last client disconnected. Without ``--url`` the app
is started on a free port (``tools/app_server.py``), fresh for each level unless
``--reuse-server``, and warmed with one session before the level. Results: a table on stdout and
``bench/out/load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from bench.generate import OUT as INPUTS  # noqa: E402
from bench.generate import write_polygons  # noqa: E402
from bench.machine import describe  # noqa: E402
from tools.app_server import start_app, stop_app  # noqa: E402

RESULTS = REPO / "bench" / "out" / "load.json"
TOGGLE_LABEL = "Buffer / off-limits perimeter"
UPLOADER_KEY = "uploads"
MAP_COMPONENT = "st_folium"  # streamlit-folium's component name ends so
EVENT_PREFIX = "tl_"
NOT_EVENTS = {"tl_prev", "tl_next"}
XSRF_COOKIE = "_streamlit_xsrf"
DEFAULT_POLYGONS = 5000  # about 5.2 MB of GeoJSON
# A browser waits for an upload as long as the server takes; uploads are read one at a time
# per process (dashboard/intake/isolated_read.py), so at 40 sessions on a busy host the last
# one waited over 180 s. The time-out only bounds the run; the upload's p95 shows the wait.
STEP_TIMEOUT_S = 600.0
SAMPLE_SECONDS = 0.1  # short-lived workers live about a second
# As deployed (scripts/serve-multi.sh): no file watcher. A watcher that sees a source file
# change drops the changed modules from sys.modules, and the sessions running at that
# moment fail with KeyError/AttributeError while they are imported again.
APP_ARGS = ("--server.fileWatcherType", "none")
FIGURES = (
    "connect_s",
    "first_run_s",
    "page_s",
    "toggle_s",
    "event_s",
    "upload_put_s",
    "upload_s",
)


# --------------------------------------------------------------------------- memory and CPU
# The app may start processes of its own (workers that parse uploads): every figure counts
# each server process with all its descendants, found in /proc at each sample.


def parse_stat(text: str) -> tuple[int, int]:
    """The parent PID and the CPU ticks of a ``/proc/<pid>/stat`` line: the process's own
    user + system time and that of its children it has waited for (a worker that has
    exited and been reaped is counted in its parent)."""
    fields = text.rsplit(")", 1)[1].split()  # the name, in brackets, may hold spaces
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return ppid, utime + stime + cutime + cstime


def _stats() -> dict[int, tuple[int, int]]:
    """PID -> (parent PID, CPU ticks) of every process now."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out[int(entry.name)] = parse_stat((entry / "stat").read_text())
            except (OSError, IndexError, ValueError):
                pass  # gone in the meantime
    return out


def process_tree(roots: list[int], parents: dict[int, int]) -> list[int]:
    """``roots`` and all their descendants, given each process's parent."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _tree_now(roots: list[int]) -> tuple[list[int], dict[int, tuple[int, int]]]:
    stats = _stats()
    return process_tree(roots, {pid: ppid for pid, (ppid, _) in stats.items()}), stats


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process in kB (empty if it is gone)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def cpu_seconds(roots: list[int]) -> float:
    """User + system CPU time so far of the processes and all their descendants (steadier
    than wall time on a busy host)."""
    tree, stats = _tree_now(roots)
    ticks = sum(stats[pid][1] for pid in tree if pid in stats)
    return ticks / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return float("nan")


def rss_mb(roots: list[int]) -> float:
    """Resident memory of the processes and all their descendants."""
    tree, _ = _tree_now(roots)
    return sum(_status(pid).get("VmRSS", 0) for pid in tree) / 1024


class MemorySampler:
    """Peak memory of the server processes and their descendants while a level runs: the
    highest sum of VmRSS over the whole tree in any one sample."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.max_total = 0  # kB, the whole tree
        self.max_children = 0  # kB, the descendants alone
        self.max_processes = len(pids)
        self.children_seen: set[int] = set()
        self.hwm_reset = {pid: self._reset_hwm(pid) for pid in pids}
        self._task: asyncio.Task | None = None

    @staticmethod
    def _reset_hwm(pid: int) -> bool:
        """Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0)."""
        try:
            Path(f"/proc/{pid}/clear_refs").write_text("5")
            return True
        except OSError:
            return False

    def _sample(self) -> None:
        tree, _ = _tree_now(self.pids)
        total = children = 0
        for pid in tree:
            rss = _status(pid).get("VmRSS", 0)
            total += rss
            if pid not in self.pids:
                children += rss
                self.children_seen.add(pid)
        self.max_total = max(self.max_total, total)
        self.max_children = max(self.max_children, children)
        self.max_processes = max(self.max_processes, len(tree))

    async def _run(self) -> None:
        while True:
            self._sample()
            await asyncio.sleep(SAMPLE_SECONDS)

    def start(self) -> None:
        self._sample()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> dict:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._sample()
        # The app processes' own peaks (VmHWM misses nothing between samples), for reference.
        hwm = {
            str(pid): round(_status(pid).get("VmHWM", 0) / 1024, 1)
            for pid in self.pids
            if self.hwm_reset[pid]
        }
        return {
            "peak_mb": round(self.max_total / 1024, 1),
            "peak_children_mb": round(self.max_children / 1024, 1),
            "children_seen": len(self.children_seen),
            "max_processes": self.max_processes,
            "vmhwm_mb_per_app_process": hwm,
        }


# --------------------------------------------------------------------------- HTTP


class Http:
    """Blocking http.client calls run in a thread pool, one connection per request."""

    def __init__(self, base: str, pool: ThreadPoolExecutor, timeout: float):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.pool, self.timeout = pool, timeout
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _request(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            headers = {**headers}
            if self.cookies:
                headers["Cookie"] = self.cookie_header()
            conn.request(method, self.prefix + path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            for value in resp.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0].strip()
            return resp.status, data
        finally:
            conn.close()

    async def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.pool, self._request, method, path, body, headers or {}
        )


# --------------------------------------------------------------------------- one user


class StepFailed(Exception):
    pass


@dataclass
class Upload:
    name: str
    size: int
    body: bytes  # the whole multipart body, shared by all sessions
    content_type: str
    expect: str  # text the page shows once the file is read, e.g. "5,000 features"


@dataclass
class Result:
    index: int
    times: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    bytes_in: int = 0


def map_word(widgets: dict[str, tuple[str, object]]) -> WidgetState:
    """The widget state a browser sends once the map has painted its first frame.

    A visitor's first run draws the map alone (``dashboard/ui/map_first.py``); in a browser
    ``MapPainted`` then sends the map component's default value, unchanged, as its value,
    and that rerun draws the rest of the page. The value is the ``default`` argument the
    page gave the component (``dashboard/ui/st_folium_cached.py``), in its key order, as
    JSON: what the component frontend sends for a value of data type "json".
    """
    for widget_id, (kind, proto) in widgets.items():
        if kind == "component_instance" and proto.component_name.endswith(MAP_COMPONENT):
            default = json.loads(proto.json_args).get("default")
            return WidgetState(id=widget_id, json_value=json.dumps(default))
    raise StepFailed("no map on the page's first run")


class User:
    """One browser session, without the browser."""

    def __init__(self, index: int, base: str, pool: ThreadPoolExecutor, step_timeout: float):
        self.index = index
        self.base = base.rstrip("/")
        self.http = Http(self.base, pool, step_timeout)
        self.step_timeout = step_timeout
        self.ws = None
        self.session_id = ""
        self.page_script_hash = ""
        self.widgets: dict[str, tuple[str, object]] = {}  # widget id -> (kind, element proto)
        self.values: dict[str, WidgetState] = {}  # what this client has set, sent every rerun
        self.run_texts: list[str] = []  # markdown/caption text of the current run
        # Like the frontend, keep the cacheable messages and tell the server their hashes,
        # so that an unchanged large element (the map) comes back as a reference only.
        self.cache: dict[str, ForwardMsg] = {}
        self.result = Result(index)
        self.step = "first_run_s"  # the step running, to say where an exception appeared

    # -- protocol ---------------------------------------------------------------

    async def connect(self) -> None:
        for path in ("/", "/_stcore/health", "/_stcore/host-config"):
            status, _ = await self.http.request("GET", path)
            if status != 200:
                raise StepFailed(f"GET {path}: HTTP {status}")
        ws_url = "ws" + self.base[4:] + "/_stcore/stream"
        protocols = ["streamlit"]
        if XSRF_COOKIE in self.http.cookies:
            protocols.append(self.http.cookies[XSRF_COOKIE])
        headers = {"Cookie": self.http.cookie_header()} if self.http.cookies else {}
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=protocols,
            additional_headers=headers,
            origin=self.base,
            max_size=None,
            ping_interval=None,  # browsers do not ping; the server's pings are answered
            open_timeout=self.step_timeout,
            close_timeout=5,
        )

    def _check(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "session_event":
            if msg.session_event.HasField("script_compilation_exception"):
                exc = msg.session_event.script_compilation_exception
                self.result.errors.append(
                    f"{self.step}: compilation exception: {exc.type}: {exc.message}"
                )
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            ekind = element.WhichOneof("type")
            if ekind is None:
                return
            proto = getattr(element, ekind)
            if ekind == "exception":
                self.result.errors.append(
                    f"{self.step}: exception element: {proto.type}: {proto.message}"
                )
            elif ekind == "markdown":
                self.run_texts.append(proto.body)
            elif ekind == "alert" and proto.format == proto.ERROR:
                self.run_texts.append("ERROR: " + proto.body)
            widget_id = getattr(proto, "id", "")
            if isinstance(widget_id, str) and widget_id.startswith("$$ID"):
                self.widgets[widget_id] = (ekind, proto)

    async def _receive_until(self, wanted, deadline: float) -> ForwardMsg:
        """Read ForwardMsgs until ``wanted(msg)``; bounded by ``deadline``."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise asyncio.TimeoutError
            raw = await asyncio.wait_for(self.ws.recv(), left)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            self.result.messages += 1
            self.result.bytes_in += len(raw)
            if msg.WhichOneof("type") == "ref_hash":
                # A message this client said it holds: the server sent only its hash.
                if msg.ref_hash not in self.cache:
                    raise StepFailed(f"reference to a message not in the cache: {msg.ref_hash}")
                msg = self.cache[msg.ref_hash]
            elif msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = msg
            self._check(msg)
            if wanted(msg):
                return msg

    async def rerun(self, extra: list[WidgetState] = ()) -> None:
        """Send a rerun with every value this client holds; wait for the run to end."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = ""
        state.page_script_hash = self.page_script_hash
        state.cached_message_hashes.extend(self.cache)
        for value in [*self.values.values(), *extra]:
            state.widget_states.widgets.append(value)
        self.run_texts = []
        await self.ws.send(back.SerializeToString())
        deadline = time.monotonic() + self.step_timeout

        def finished(msg: ForwardMsg) -> bool:
            # st.rerun() ends a run early and starts another: wait for the last one.
            return (
                msg.WhichOneof("type") == "script_finished"
                and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            )

        msg = await self._receive_until(finished, deadline)
        if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            raise StepFailed("the script did not compile")

    async def map_painted(self) -> None:
        """Say what the map says in a browser once painted; its rerun draws the page."""
        word = map_word(self.widgets)
        self.values[word.id] = word  # a browser sends it again with every later rerun
        await self.rerun()
        self.widget("checkbox", label=TOGGLE_LABEL)  # the rest of the page has come

    def widget(self, kind: str, *, label: str | None = None, key: str | None = None):
        for widget_id, (ekind, proto) in self.widgets.items():
            if ekind != kind:
                continue
            if label is not None and proto.label == label:
                return widget_id, proto
            if key is not None and widget_id.endswith("-" + key):
                return widget_id, proto
        raise StepFailed(f"no {kind} widget with label={label!r} key={key!r} on the page")

    # -- the steps ----------------------------------------------------------------

    async def toggle(self) -> None:
        widget_id, proto = self.widget("checkbox", label=TOGGLE_LABEL)
        current = self.values[widget_id].bool_value if widget_id in self.values else proto.default
        self.values[widget_id] = WidgetState(id=widget_id, bool_value=not current)
        await self.rerun()

    async def select_event(self) -> str:
        # Widget ids read "$$ID-<hash>-<user key>"; the timeline's keys are "tl_<event id>".
        events = [
            wid
            for wid, (kind, _) in sorted(self.widgets.items())
            if kind == "button"
            and wid.split("-", 2)[-1].startswith(EVENT_PREFIX)
            and wid.split("-", 2)[-1] not in NOT_EVENTS
        ]
        if not events:
            raise StepFailed("no event button in the timeline")
        widget_id = events[self.index % len(events)]
        key = widget_id.split("-", 2)[-1]
        await self.rerun([WidgetState(id=widget_id, trigger_value=True)])
        kind, proto = self.widgets.get(widget_id, ("", None))
        if proto is None or proto.type != "primary":
            raise StepFailed(f"event {key}: its button is not shown as selected after the click")
        return key

    async def upload(self, upload: Upload) -> float:
        widget_id, _ = self.widget("file_uploader", key=UPLOADER_KEY)
        back = BackMsg()
        request_id = uuid.uuid4().hex
        back.file_urls_request.request_id = request_id
        back.file_urls_request.session_id = self.session_id
        back.file_urls_request.file_names.append(upload.name)
        await self.ws.send(back.SerializeToString())
        deadline = time.monotonic() + self.step_timeout
        msg = await self._receive_until(
            lambda m: (
                m.WhichOneof("type") == "file_urls_response"
                and m.file_urls_response.response_id == request_id
            ),
            deadline,
        )
        response = msg.file_urls_response
        if response.error_msg or not response.file_urls:
            raise StepFailed(f"file_urls_response: {response.error_msg or 'no URL'}")
        urls = response.file_urls[0]
        headers = {"Content-Type": upload.content_type, "Origin": self.base}
        if XSRF_COOKIE in self.http.cookies:
            headers["X-Xsrftoken"] = self.http.cookies[XSRF_COOKIE]
        put_start = time.monotonic()
        status, body = await self.http.request("PUT", urls.upload_url, upload.body, headers)
        put_s = time.monotonic() - put_start
        if status not in (200, 204):
            raise StepFailed(f"PUT {urls.upload_url}: HTTP {status} {body[:200]!r}")
        state = WidgetState(id=widget_id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = upload.name, upload.size, urls.file_id
        info.file_urls.CopyFrom(urls)
        self.values[widget_id] = state
        await self.rerun()
        texts = "\n".join(self.run_texts)
        if upload.expect not in texts:
            errors = [t for t in self.run_texts if t.startswith("ERROR: ")]
            raise StepFailed(
                f"upload: the page does not show {upload.expect!r}"
                + (f" ({errors[0][:200]})" if errors else "")
            )
        return put_s

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 10)
            except Exception:  # noqa: BLE001 - closing is best effort
                pass


async def run_user(
    index: int, base: str, pool: ThreadPoolExecutor, step_timeout: float, upload: Upload | None
) -> Result:
    """All the steps of one user; the first failure ends the session (and is counted)."""
    user = User(index, base, pool, step_timeout)
    times = user.result.times
    step = "first_run_s"
    try:
        start = time.monotonic()
        await asyncio.wait_for(user.connect(), step_timeout)
        times["connect_s"] = time.monotonic() - start
        await user.rerun()
        times["first_run_s"] = time.monotonic() - start  # the map alone
        step = user.step = "page_s"
        await user.map_painted()
        times["page_s"] = time.monotonic() - start  # the whole page, from the first request
        for step, action in (("toggle_s", user.toggle), ("event_s", user.select_event)):
            user.step = step
            start = time.monotonic()
            await action()
            times[step] = time.monotonic() - start
        if upload is not None:
            step = user.step = "upload_s"
            start = time.monotonic()
            times["upload_put_s"] = await user.upload(upload)
            times[step] = time.monotonic() - start
    except asyncio.TimeoutError:
        user.result.errors.append(f"{step}: timed out after {step_timeout:.0f} s")
    except Exception as exc:  # noqa: BLE001 - every failure is a counted error
        user.result.errors.append(f"{step}: {type(exc).__name__}: {exc}")
    finally:
        await user.close()
    return user.result


# --------------------------------------------------------------------------- a level


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "median": round(statistics.median(values), 3),
        "p95": round(_quantile(values, 0.95), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


async def run_level(
    n: int,
    base: str,
    pids: list[int],
    step_timeout: float,
    upload: Upload | None,
    settle: float,
) -> dict:
    idle_mb = rss_mb(pids)
    cpu_before, load_before = cpu_seconds(pids), load_average()
    sampler = MemorySampler(pids)
    sampler.start()
    pool = ThreadPoolExecutor(max_workers=n + 4, thread_name_prefix="http")
    level_timeout = step_timeout * 5 + 30
    start = time.monotonic()
    try:
        tasks = [
            asyncio.ensure_future(run_user(i, base, pool, step_timeout, upload)) for i in range(n)
        ]
        done, pending = await asyncio.wait(tasks, timeout=level_timeout)
        for task in pending:
            task.cancel()
        results = []
        for i, task in enumerate(tasks):
            if task in done and not task.cancelled() and task.exception() is None:
                results.append(task.result())
            else:
                results.append(
                    Result(i, errors=[f"the session did not end within {level_timeout} s"])
                )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    wall = time.monotonic() - start
    server_cpu = cpu_seconds(pids) - cpu_before if pids else float("nan")
    load_after = load_average()
    memory = await sampler.stop()
    await asyncio.sleep(settle)
    after_mb = rss_mb(pids)
    figures = {}
    for name in FIGURES:
        figures[name] = summarise([r.times[name] for r in results if name in r.times])
    failed = [r for r in results if r.errors]
    return {
        "sessions": n,
        "errors": len(failed),
        "error_messages": sorted({e for r in failed for e in r.errors})[:20],
        "wall_s": round(wall, 1),
        "server_cpu_s": round(server_cpu, 1),
        "cpu_s_per_session": round(server_cpu / n, 2),
        "load_average_1min": [load_before, load_after],
        **figures,
        "idle_mb": round(idle_mb, 1),
        **memory,
        "after_mb": round(after_mb, 1),
        "after_seconds": settle,
        "forward_msgs_per_session": summarise([r.messages for r in results]),
        "mb_received_per_session": summarise([r.bytes_in / 1e6 for r in results]),
    }


def combine(runs: list[dict]) -> dict:
    """A level run several times: each figure is the median of the runs' own, with their range."""
    if len(runs) == 1:
        return {**runs[0], "repeat": 1}
    out: dict = {
        "sessions": runs[0]["sessions"],
        "repeat": len(runs),
        "errors": sum(r["errors"] for r in runs),
        "error_messages": sorted({m for r in runs for m in r["error_messages"]})[:20],
        "processes": runs[0]["processes"],
    }
    for name in FIGURES:
        done = [r[name] for r in runs if r[name].get("n")]
        out[name] = {"n": sum(s["n"] for s in done)}
        for key in ("median", "p95") if done else ():
            values = [s[key] for s in done]
            out[name][key] = round(statistics.median(values), 3)
            out[name][key + "_range"] = [min(values), max(values)]
    for key in ("wall_s", "server_cpu_s", "cpu_s_per_session", "idle_mb", "peak_mb", "after_mb"):
        values = [r[key] for r in runs]
        out[key] = round(statistics.median(values), 2 if key == "cpu_s_per_session" else 1)
        out[key + "_range"] = [min(values), max(values)]
    out["runs"] = runs
    return out


async def warm_up(urls: list[str], step_timeout: float) -> None:
    """One session per server so that the cached layers are built before measuring."""
    pool = ThreadPoolExecutor(max_workers=len(urls) + 1)
    try:
        results = await asyncio.gather(
            *(run_user(i, url, pool, step_timeout, None) for i, url in enumerate(urls))
        )
    finally:
        pool.shutdown(wait=False)
    for url, result in zip(urls, results, strict=True):
        if result.errors:
            print(f"warm-up on {url}: {result.errors}", file=sys.stderr)


# --------------------------------------------------------------------------- input


def make_upload(polygons: int) -> Upload:
    path = INPUTS / f"polygons_{polygons}.geojson"
    if not path.exists():
        path = write_polygons(polygons, INPUTS)
    data = path.read_bytes()
    boundary = "----loadtest" + uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: application/geo+json\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return Upload(
        name=path.name,
        size=len(data),
        body=head + data + tail,
        content_type=f"multipart/form-data; boundary={boundary}",
        expect=f"{polygons:,} features",
    )


def machine() -> dict:
    return describe(("streamlit", "websockets"))


# --------------------------------------------------------------------------- report


def _fmt(summary: dict, key: str = "median") -> str:
    """A figure, with the range of the runs' figures when the level was repeated."""
    if not summary.get("n"):
        return "–"
    text = f"{summary[key]:.2f}"
    if key + "_range" in summary:
        low, high = summary[key + "_range"]
        text += f" ({low:.1f}–{high:.1f})"
    return text


def _fmt_server(level: dict, key: str, digits: int = 0) -> str:
    text = f"{level[key]:.{digits}f}"
    if key + "_range" in level:
        low, high = level[key + "_range"]
        text += f" ({low:.{digits}f}–{high:.{digits}f})"
    return text


# The steps in the table: (figure, column title).
STEP_COLUMNS = (
    ("first_run_s", "map run s"),
    ("page_s", "whole page s"),
    ("toggle_s", "toggle s"),
    ("event_s", "event s"),
    ("upload_s", "upload s"),
)


def table(levels: list[dict]) -> str:
    """A Markdown table of the levels: each step's median / p95, then the server's figures
    (CPU and memory of the app processes with their descendants)."""
    steps = " | ".join(f"{title} (median / p95)" for _, title in STEP_COLUMNS)
    lines = [
        f"| sessions | errors / sessions run | {steps} "
        "| server CPU s | CPU s per session | idle MB | peak MB | MB after |",
        "|---:|---:|" + "---|" * len(STEP_COLUMNS) + "---:|---:|---:|---:|---:|",
    ]
    for lv in levels:
        server = ["–"] * 5  # no server PID known: neither CPU nor memory measured
        if lv.get("processes"):
            server = [
                _fmt_server(lv, "server_cpu_s"),
                _fmt_server(lv, "cpu_s_per_session", 2),
                *(_fmt_server(lv, key) for key in ("idle_mb", "peak_mb", "after_mb")),
            ]
        runs = lv["sessions"] * lv.get("repeat", 1)
        cells = [f"{_fmt(lv[name])} / {_fmt(lv[name], 'p95')}" for name, _ in STEP_COLUMNS]
        lines.append(
            f"| {lv['sessions']} | {lv['errors']} / {runs} | " + " | ".join(cells + server) + " |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def pids_from(args) -> tuple[list[int], list[str]]:
    """Server PIDs (for memory) and their direct URLs (for the warm-up) in --url mode."""
    pids, urls = [], []
    if args.pids:
        pids = [int(p) for p in args.pids.split(",") if p.strip()]
    if args.pid_dir:
        for path in sorted(Path(args.pid_dir).glob("app-*.pid")):
            pids.append(int(path.read_text().split()[0]))
            port = path.stem.split("-", 1)[1]
            if port.isdigit():
                urls.append(f"http://127.0.0.1:{port}")
    return pids, urls


async def main_async(args) -> dict:
    levels = [int(s) for s in args.sessions.split(",") if s.strip()]
    upload = None if args.no_upload else make_upload(args.polygons)
    out: dict = {
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "target": args.url or "own app process",
        "step_timeout_s": args.step_timeout,
        "upload_bytes": upload.size if upload else 0,
        "levels": [],
    }
    proc = None
    log = REPO / "bench" / "out" / "load-app.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        for n, repeat in ((n, r) for n in levels for r in range(args.repeat)):
            if repeat == 0:
                runs: list[dict] = []
            if args.url:
                base = args.url.rstrip("/")
                pids, warm_urls = pids_from(args)
                warm_urls = warm_urls or [base]
            else:
                if proc is None or not args.reuse_server:
                    if proc is not None:
                        stop_app(proc)
                    proc, base = start_app(log, extra_args=APP_ARGS)
                    await warm_up([base], args.step_timeout)
                pids, warm_urls = [proc.pid], []
            if args.url and args.warmup:
                await warm_up(warm_urls, args.step_timeout)
            if not pids:
                print(
                    "no server PID known (--pids / --pid-dir): memory not measured", file=sys.stderr
                )
            print(
                f"{n} sessions against {base} (run {repeat + 1} of {args.repeat}) …",
                file=sys.stderr,
                flush=True,
            )
            level = await run_level(n, base, pids, args.step_timeout, upload, args.settle)
            level["processes"] = len(pids)
            runs.append(level)
            print(table([level]).splitlines()[-1], file=sys.stderr, flush=True)
            for message in level["error_messages"][:5]:
                print("  error:", message, file=sys.stderr)
            if repeat == args.repeat - 1:
                out["levels"].append(combine(runs))
    finally:
        if proc is not None:
            stop_app(proc)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="5,10,20,40", help="levels, comma-separated")
    parser.add_argument("--url", help="target an app or proxy already running at this URL")
    parser.add_argument("--pids", help="server PIDs for memory figures (with --url)")
    parser.add_argument(
        "--pid-dir",
        help="read server PIDs from <dir>/app-<port>.pid (scripts/serve-multi.sh writes them)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each level this many times (a fresh app each time unless --url/--reuse-server)"
        "; the table gives the median of the runs and their range",
    )
    parser.add_argument(
        "--step-timeout",
        type=float,
        default=STEP_TIMEOUT_S,
        help="seconds per step (a browser waits as long as the server takes: this only bounds "
        "the run)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=5.0,
        help="seconds after the last session closed before 'MB after'",
    )
    parser.add_argument(
        "--polygons",
        type=int,
        default=DEFAULT_POLYGONS,
        help="polygons in the uploaded GeoJSON (about 1.05 MB per 1,000)",
    )
    parser.add_argument("--no-upload", action="store_true", help="skip the upload step")
    parser.add_argument(
        "--reuse-server",
        action="store_true",
        help="without --url: one app process for all levels (not a fresh one)",
    )
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help="with --url: skip the warm-up session on each server",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    out = asyncio.run(main_async(args))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2) + "\n")
    m = out["machine"]
    print(
        f"\n{out['target']} · {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB · "
        f"upload {out['upload_bytes'] / 1e6:.1f} MB"
    )
    print(table(out["levels"]))
    print(f"\nwritten: {args.output}")
    return 1 if any(lv["errors"] for lv in out["levels"]) else 0


if __name__ == "__main__":
    sys.exit(main())
