"""Selectors and in-iframe probes shared by the browser tests and the benchmark."""

from __future__ import annotations

FOLIUM_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

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
