"""The benchmark's browser: offline without request interception, and its marker waits."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest

from tests.e2e.bench import FLOORS, time_floor
from tests.e2e.helpers import RECORD_FIRST_MARKER_JS, wait_first_marker
from tests.e2e.server import CHROMIUM_ARGS, chromium_path, offline_args, streamlit_server


@pytest.fixture
def proxy_port():
    """A local "proxy" that records each request and refuses it (403), as no proxy works here."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    seen.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1], seen
    stop.set()
    thread.join(5)
    sock.close()


def test_offline_args_send_the_internet_to_the_dead_proxy_and_keep_the_cache(
        playwright, app_url, proxy_port) -> None:
    port, seen = proxy_port
    browser = playwright.chromium.launch(executable_path=chromium_path(),
                                         args=CHROMIUM_ARGS + offline_args(port))
    try:
        page = browser.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(f"{app_url}/map?basemap=osm")  # an online base map; loopback goes direct
        wait_first_marker(page)
        # tiles (and any other outside request) went to the proxy, not out, and failed
        deadline = time.monotonic() + 10
        while not any(b"tile.openstreetmap.org" in s for s in seen) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert any(b"tile.openstreetmap.org" in s for s in seen), seen[:3]
        page.wait_for_function("() => true")
        assert any("tile.openstreetmap.org" in u for u in failed), failed
        # a page without routes keeps its HTTP cache: Streamlit's hashed bundle is not refetched
        page.reload()
        wait_first_marker(page)
        fetched = page.evaluate("() => performance.getEntriesByType('resource')"
                                ".filter(e => e.name.includes('/static/js/'))"
                                ".map(e => [e.name, e.transferSize])")
        assert fetched
        assert all(size == 0 for _, size in fetched), fetched  # all from the browser cache
    finally:
        browser.close()


def test_first_marker_time_is_recorded_in_the_page(browser, app_url) -> None:
    context = browser.new_context()
    context.add_init_script(RECORD_FIRST_MARKER_JS)
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(f"{app_url}/map")
    wait_first_marker(page)
    elapsed_ms = (time.perf_counter() - t0) * 1000
    page.wait_for_function("() => window.__firstMarkerAt !== undefined")
    assert 0 < page.evaluate("window.__firstMarkerAt") <= elapsed_ms
    assert page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
        "path.site-marker, .site-cluster").count() > 0
    context.close()


@pytest.mark.parametrize("name,script,path,marker", FLOORS, ids=[f[1].rsplit("/", 1)[1]
                                                                   for f in FLOORS])
def test_floor_apps_draw_what_the_bench_times(playwright, name, script, path, marker) -> None:
    """Each floor app of ``python -m tests.e2e.bench`` serves its page offline and the bench's
    wait ends on what it names: the title, or the one marker drawn by the vendored Leaflet."""
    browser = playwright.chromium.launch(executable_path=chromium_path(),
                                         args=CHROMIUM_ARGS + offline_args())
    with streamlit_server(script=script) as url:
        page = browser.new_page()
        try:
            failed: list[str] = []
            page.on("pageerror", lambda e: failed.append(str(e)))
            timing = time_floor(browser, url + path, marker)
            assert 0 < timing[1] <= timing[0]
            page.goto(url + path)
            if marker:
                wait_first_marker(page)
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                assert frame.locator("path.site-marker").count() == 1
                assert page.evaluate("() => new URL(location.href).pathname") == path
            else:
                page.get_by_role("heading", name="晋中文旅").wait_for()
            assert not failed
        finally:
            browser.close()
