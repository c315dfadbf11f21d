"""Start and stop the app as the README says (``streamlit run dashboard/app.py``).

Used by the browser tests' session fixture and by the benchmarks (bench/run.py, bench/load.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 90


def free_port() -> int:
    """A loopback TCP port that is free now (another process could still take it).

    Returns
    -------
    int
        The port number.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(
    log_path: Path,
    *,
    extra_args: tuple[str, ...] = (),
    env: dict | None = None,
    script: str = "dashboard/app.py",
) -> tuple[subprocess.Popen, str]:
    """Run the app headless on a free loopback port; return once it is healthy.

    Parameters
    ----------
    log_path : Path
        File that receives the app's output.
    extra_args : tuple of str, optional
        More ``streamlit run`` options.
    env : dict, optional
        Environment variables added to this process's.
    script : str, optional
        The page to run, relative to the repository or absolute (the benchmarks'
        baseline pages).

    Returns
    -------
    proc : subprocess.Popen
        The app's process, for :func:`stop_app`.
    url : str
        The app's URL, e.g. ``"http://127.0.0.1:40123"``.

    Raises
    ------
    RuntimeError
        If the app exits early or is not healthy within ``STARTUP_SECONDS``.
    """
    port = free_port()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *extra_args,
        ],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early; see {log_path}")
    stop_app(proc)
    raise RuntimeError(f"the app did not answer /_stcore/health within {STARTUP_SECONDS} s")


def stop_app(proc: subprocess.Popen) -> None:
    """Terminate the app; kill it if it has not exited after 10 s.

    Parameters
    ----------
    proc : subprocess.Popen
        The process returned by :func:`start_app`.
    """
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


# Chromium flags for headless runs in containers (tests and benchmarks).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Drawn only by a run that draws the whole page: a visitor's first run draws the map
# alone and the rest follows once the map has painted (dashboard/ui/map_first.py).
WHOLE_PAGE = ".st-key-event_box"


def wait_for_app(page, whole_page: str | None = WHOLE_PAGE) -> None:
    """Wait like Streamlit's own e2e suite: connected, script idle, no skeleton; and, for
    the app, the whole page drawn (``whole_page``: None for a page that is not the app)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    if whole_page:
        page.wait_for_selector(whole_page, state="attached")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    # A locator, not wait_for_function: that evaluates a string in the page, which a
    # Content-Security-Policy without 'unsafe-eval' forbids (the app behind deploy/'s nginx).
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="detached")
