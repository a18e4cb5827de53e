"""Start ``streamlit run app.py`` on a free loopback port and wait for ``/_stcore/health``.

Shared by the browser tests and the benchmark (``python -m tests.e2e.bench``). The app gets no
internet: the browser side aborts every non-loopback request (``block_internet``), or, where the
HTTP cache matters, Chromium sends them to a closed port (``offline_args``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"


def chromium_path() -> str | None:
    """Debian's chromium (``$CHROMIUM`` overrides)."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


def chromium_version() -> str:
    """``Chromium 1xx.…`` as the binary reports it, or why it is missing."""
    path = chromium_path()
    if not path:
        return "chromium not found"
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
        return out.stdout.strip() or out.stderr.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"chromium at {path} did not report a version ({exc})"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server_on_copy(directory: Path) -> Iterator[tuple[str, Path]]:
    """The app on a private, editable copy of the real catalogue (with the test accounts) made
    in ``directory``: yields (base URL, database path); ``JZ_DB`` is restored afterwards."""
    from tests.catalog.edit_support import editable_copy

    db = editable_copy(directory, real=True)
    with server_on(db) as url:
        yield url, db


@contextlib.contextmanager
def server_on(db: Path) -> Iterator[str]:
    """The app on the catalogue ``db`` (``JZ_DB``, restored afterwards); yields its base URL."""
    previous = os.environ.get("JZ_DB")
    os.environ["JZ_DB"] = str(db)
    try:
        with streamlit_server() as url:
            yield url
    finally:
        if previous is None:
            os.environ.pop("JZ_DB", None)
        else:
            os.environ["JZ_DB"] = previous


def server_log(url: str) -> Path:
    """The log a server started here writes (its stdout and stderr), kept under
    ``test-artifacts/`` after the tests: ``streamlit-<port>.log``."""
    return _log_path(int(url.rsplit(":", 1)[1]))


def _log_path(port: int) -> Path:
    return ARTIFACTS / f"streamlit-{port}.log"


def server_env() -> dict[str, str]:
    """The server's environment: the tests' own, plus ``PYTHONFAULTHANDLER=1`` so that a crash in
    native code (a CI run once died of a segfault in libpython) writes every thread's Python
    traceback to the server's log instead of leaving only an exit code."""
    return {**os.environ, "PYTHONFAULTHANDLER": "1"}


@contextlib.contextmanager
def streamlit_server(timeout: float = 60.0, script: str = "app.py") -> Iterator[str]:
    """Run the app (or another ``script``, relative to the repository); yields its base URL and
    stops the server afterwards. Its output goes to :func:`server_log`, which is kept."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    with open(_log_path(port), "w") as log:
        yield from _serve(port, log, timeout, script)


def _serve(port: int, log, timeout: float, script: str) -> Iterator[str]:  # noqa: ANN001
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=server_env(),
    )
    url = f"http://127.0.0.1:{port}"
    served = False
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {proc.returncode}; its output "
                                   f"is in {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("streamlit did not become healthy")
            time.sleep(0.2)
        served = True
        yield url
    finally:
        if served and proc.poll() is not None:  # it died under a test: say where to look
            print(f"streamlit on port {port} exited with code {proc.returncode} while in use; "
                  f"its output (a crash's Python traceback too) is in {log.name}",
                  file=sys.stderr)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def offline_args(port: int | None = None) -> list[str]:
    """Chromium flags that make every non-loopback request fail, without request interception.

    Every request except to loopback (which Chromium never proxies) goes to a proxy on a closed
    local port and fails at once. ``block_internet`` does the same with ``page.route``, but
    Playwright turns the HTTP cache off for a page with any route (microsoft/playwright#7220):
    under it a "cached reload" fetches every file again, and each request also waits for a
    round trip to the Python handler. The benchmark therefore uses these flags.
    """
    return [f"--proxy-server=http://127.0.0.1:{port or free_port()}"]


def block_internet(page) -> None:  # noqa: ANN001 - a playwright Page
    """Abort every request that is not to the loopback server (tiles, CDNs, telemetry)."""

    def handle(route) -> None:  # noqa: ANN001
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        if host in ("127.0.0.1", "localhost", "") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)
