"""Base maps (底图) and the datum each one needs.

We store WGS-84 only. OpenStreetMap tiles are WGS-84; 高德/AMap tiles are GCJ-02, so on AMap every
point we draw is shifted WGS-84 -> GCJ-02 here, at drawing time, and nowhere else (PITFALLS d).
Nobody reprojects tiles; everyone shifts points. County boundaries are stored in GCJ-02 as
published, so they go the other way on WGS-84 maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import folium

from catalog.coords import gcj02_to_wgs84, wgs84_to_gcj02


class Basemap(Protocol):
    """A tile source and the coordinate system its tiles are drawn in."""

    key: str
    crs: str  # "WGS84" or "GCJ02"

    def tile_layer(self) -> folium.TileLayer | None:
        """The folium tile layer, or None for no tiles."""
        ...

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """A WGS-84 point -> (lat, lon) to draw on these tiles."""
        ...

    def project_gcj02(self, lat: float, lon: float) -> tuple[float, float]:
        """A GCJ-02 point (e.g. a published boundary) -> (lat, lon) to draw on these tiles."""
        ...


@dataclass(frozen=True)
class WgsTiles:
    """Tiles in WGS-84 (OpenStreetMap, or none at all)."""

    key: str
    url: str | None
    attribution: str = ""
    crs: str = "WGS84"

    def tile_layer(self) -> folium.TileLayer | None:
        if self.url is None:
            return None
        return folium.TileLayer(self.url, attr=self.attribution, name=self.key, max_zoom=18)

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        return lat, lon

    def project_gcj02(self, lat: float, lon: float) -> tuple[float, float]:
        lon_w, lat_w = gcj02_to_wgs84(lon, lat)
        return lat_w, lon_w


@dataclass(frozen=True)
class GcjTiles:
    """Tiles in GCJ-02 (高德/AMap): our WGS-84 points are shifted to GCJ-02 to be drawn."""

    key: str
    url: str
    attribution: str
    crs: str = "GCJ02"

    def tile_layer(self) -> folium.TileLayer | None:
        return folium.TileLayer(
            self.url, attr=self.attribution, name=self.key, max_zoom=18, subdomains="1234"
        )

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        lon_g, lat_g = wgs84_to_gcj02(lon, lat)
        return lat_g, lon_g

    def project_gcj02(self, lat: float, lon: float) -> tuple[float, float]:
        return lat, lon


OSM = WgsTiles(
    "osm",
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# The public webrd endpoint is undocumented (PITFALLS d): fine for a demo, a licensed key in production.
AMAP = GcjTiles(
    "amap",
    "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
    "&copy; 高德地图 AutoNavi",
)
NO_TILES = WgsTiles("none", None)

#: The first is the default: no tiles, so a page sends nothing off the machine until the user
#: picks an online base map (OSM or AMap) themselves.
BASEMAPS: dict[str, Basemap] = {b.key: b for b in (NO_TILES, OSM, AMAP)}


def basemap(key: str) -> Basemap:
    """The base map for ``key`` (``none``, ``osm``, ``amap``); no tiles for anything unknown."""
    return BASEMAPS.get(key, NO_TILES)
