"""A server the browser tests start that dies in native code leaves a Python traceback in its
kept log (``PYTHONFAULTHANDLER=1``; a CI run once segfaulted in libpython with no trace)."""

from __future__ import annotations

import resource
import time
from pathlib import Path

from tests.e2e.server import CHROMIUM_ARGS, chromium_path, server_log, streamlit_server

CRASH = '''import ctypes

import streamlit as st

st.title("about to crash")
ctypes.string_at(0)  # reads address 0: SIGSEGV in the server process
'''


def test_a_segfault_in_the_server_is_logged_with_its_python_traceback(playwright,
                                                                       tmp_path: Path) -> None:
    script = tmp_path / "segfault_app.py"
    script.write_text(CRASH, "utf-8")
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    cores = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, cores[1]))  # no core file in the repository
    try:
        with streamlit_server(script=str(script)) as url:
            browser.new_page().goto(url)  # the session's first run executes the script
            log = server_log(url)
            deadline = time.monotonic() + 60
            while "segfault_app.py" not in log.read_text("utf-8", "replace"):
                assert time.monotonic() < deadline, log.read_text("utf-8", "replace")[-2000:]
                time.sleep(0.2)
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, cores)
        browser.close()
    text = log.read_text("utf-8", "replace")
    assert "Fatal Python error: Segmentation fault" in text
    assert f'File "{script}", line 6 in <module>' in text
    assert log.parent.name == "test-artifacts" and log.exists()  # kept after the server stops
