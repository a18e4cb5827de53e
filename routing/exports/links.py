"""Links out of an export: "open in AMap" with the point converted to GCJ-02.

AMap (高德) reads GCJ-02 coordinates; our points are WGS-84, ~580 m off in Jinzhong if passed as
they are (PITFALLS d). ``coordinate=gaode`` tells AMap's URI API the point is already GCJ-02.
"""

from __future__ import annotations

from urllib.parse import urlencode

from catalog.coords import wgs84_to_gcj02
from routing.exports.rows import Stop

AMAP_MARKER = "https://uri.amap.com/marker"


def amap_url(stop: Stop) -> str | None:
    """AMap's marker page for ``stop`` (None when the stop has no coordinates)."""
    if stop.lat is None or stop.lon is None:
        return None
    lon, lat = wgs84_to_gcj02(stop.lon, stop.lat)
    query = urlencode({"position": f"{lon:.6f},{lat:.6f}", "name": stop.name,
                       "coordinate": "gaode", "callnative": "1", "src": "jinzhong-heritage"})
    return f"{AMAP_MARKER}?{query}"
