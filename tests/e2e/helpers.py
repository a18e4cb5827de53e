"""Selectors and in-iframe probes shared by the browser tests and the benchmark."""

from __future__ import annotations

FOLIUM_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: A site marker, or a cluster of them, drawn on a site map.
SITE_MARKER = "path.site-marker, .site-cluster"

#: Page-side check for a drawn site marker in any folium iframe. The iframes are same-origin, so
#: the top page can look inside them, and ``wait_for_function(..., polling="raf")`` sees a marker
#: within one frame. A locator's ``wait_for`` instead retries on a back-off (Playwright 1.65
#: ``retryWithProgressAndBackoff``: 0, 20, 50, 100, 100 ms, then every 500 ms), so it noticed the
#: marker 0-0.5 s late, which the benchmark counted as load time.
MARKER_DRAWN_JS = """
() => Array.from(document.querySelectorAll('IFRAME')).some(
  f => f.contentDocument && f.contentDocument.querySelector('MARKER'))
""".replace("IFRAME", FOLIUM_IFRAME).replace("MARKER", SITE_MARKER)

#: Init script: a frame that holds a site marker records when, on the top page's clock
#: (``window.__firstMarkerAt``, ms since the top page's navigation started). A MutationObserver
#: sees the marker as soon as the script that added it ends; a 4 ms timer moves the observer to
#: the component's document, which replaces the iframe's about:blank one in the same window (same
#: origin, so the window and its timers carry over, while this script does not run again).
RECORD_FIRST_MARKER_JS = """
(() => {
  if (window === window.top) return;
  const until = performance.now() + 60000;  // frames without site markers stop looking
  let watched = null, observer = null, timer = null;
  const stop = () => { clearInterval(timer); if (observer) observer.disconnect(); };
  const check = () => {
    if (!document.querySelector('MARKER')) return false;
    try {
      if (window.top.__firstMarkerAt === undefined)
        window.top.__firstMarkerAt = window.top.performance.now();
    } catch (e) { /* not our origin */ }
    stop();
    return true;
  };
  timer = setInterval(() => {
    if (check() || performance.now() > until) return stop();
    if (document !== watched) {
      watched = document;
      if (observer) observer.disconnect();
      observer = new MutationObserver(check);
      observer.observe(document, {childList: true, subtree: true});
    }
  }, 4);
})();
""".replace("MARKER", SITE_MARKER)

#: Every site marker's drawn position, read from Leaflet itself (clustered ones included).
MARKER_POSITIONS_JS = """
() => {
  const out = {};
  const seen = new Set();
  const visit = (layer) => {
    if (seen.has(layer)) return; seen.add(layer);
    if (layer.getLayers) layer.getLayers().forEach(visit);
    const cls = layer.options && layer.options.className;
    if (cls && layer.getLatLng) {
      const m = cls.match(/(?:^| )site-(?!marker)(\\S+)/);
      if (m) { const ll = layer.getLatLng(); out[m[1]] = [ll.lat, ll.lng]; }
    }
  };
  if (!window.map) return null;
  window.map.eachLayer(visit);
  return out;
}
"""

#: What is drawn right now: lone site markers plus the sites inside cluster icons.
DRAWN_COUNT_JS = """
() => {
  const lone = document.querySelectorAll('path.site-marker').length;
  let clustered = 0;
  document.querySelectorAll('.site-cluster').forEach(e => { clustered += parseInt(e.innerText, 10); });
  return {lone, clustered, clusters: document.querySelectorAll('.site-cluster').length};
}
"""


def map_frame(page, index: int = 0):  # noqa: ANN001
    """The Playwright Frame of the ``index``-th folium iframe (waits for it to attach)."""
    handle = page.locator(FOLIUM_IFRAME).nth(index).element_handle(timeout=30_000)
    frame = handle.content_frame()
    frame.wait_for_function("() => window.map !== undefined", timeout=30_000)
    return frame


def wait_first_marker(page, timeout: float = 60_000) -> None:  # noqa: ANN001
    """Return as soon as a site marker is drawn in a folium iframe of ``page``."""
    page.wait_for_function(MARKER_DRAWN_JS, polling="raf", timeout=timeout)


def wait_idle(page, timeout: float = 60_000) -> None:  # noqa: ANN001
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=timeout)

#: A lone site marker that is on screen and on top at its centre (so a real click reaches it).
CLICKABLE_MARKER_JS = """
() => {
  for (const el of document.querySelectorAll('path.site-marker')) {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 60 || y < 90 || x > window.innerWidth - 60 || y > window.innerHeight - 40) continue;
    if (document.elementFromPoint(x, y) === el) {
      const m = el.getAttribute('class').match(/(?:^| )site-(?!marker)(\\S+)/);
      return {id: m[1], x, y};
    }
  }
  return null;
}
"""
