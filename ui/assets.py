"""Serve Leaflet and its plugins from ``static/`` instead of public CDNs (PITFALLS a).

folium's ``default_js``/``default_css`` point at cdn.jsdelivr.net, code.jquery.com, cdnjs and
bootstrapcdn, which are blocked in mainland China and absent offline. ``use_local_assets`` points
them at the copies vendored under ``static/vendor`` (served at ``/app/static/…`` with
``enableStaticServing``) and drops what our maps do not use (jQuery, Bootstrap, Font Awesome,
awesome-markers): markers are ``CircleMarker``/``DivIcon``, which need none of them.
"""

from __future__ import annotations

from pathlib import Path

import folium
from folium.plugins import MarkerCluster

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
URL_PREFIX = "/app/static/"
LEAFLET = "vendor/leaflet-1.9.4"
CLUSTER = "vendor/leaflet.markercluster-1.5.3"

MAP_JS: list[tuple[str, str]] = [("leaflet", f"{URL_PREFIX}{LEAFLET}/leaflet.js")]
MAP_CSS: list[tuple[str, str]] = [("leaflet_css", f"{URL_PREFIX}{LEAFLET}/leaflet.css")]
CLUSTER_JS: list[tuple[str, str]] = [
    ("markerclusterjs", f"{URL_PREFIX}{CLUSTER}/leaflet.markercluster.js")
]
CLUSTER_CSS: list[tuple[str, str]] = [
    ("markerclustercss", f"{URL_PREFIX}{CLUSTER}/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{URL_PREFIX}{CLUSTER}/MarkerCluster.Default.css"),
]


def use_local_assets() -> None:
    """Point folium (and the plugins we use) at the vendored files. Idempotent."""
    folium.Map.default_js = list(MAP_JS)
    folium.Map.default_css = list(MAP_CSS)
    MarkerCluster.default_js = list(CLUSTER_JS)
    MarkerCluster.default_css = list(CLUSTER_CSS)


def local_path(url: str) -> Path:
    """The file under ``static/`` that a ``/app/static/…`` URL serves."""
    if not url.startswith(URL_PREFIX):
        raise ValueError(f"not a static URL: {url}")
    return STATIC_DIR / url[len(URL_PREFIX) :]


def all_asset_urls() -> list[str]:
    """Every URL ``use_local_assets`` installs (tests check each file exists)."""
    return [u for _, u in (*MAP_JS, *MAP_CSS, *CLUSTER_JS, *CLUSTER_CSS)]
