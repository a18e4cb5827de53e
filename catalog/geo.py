"""County polygons: point-in-polygon and centroids, without a GIS dependency.

The boundaries are published in GCJ-02 (AMap-derived, see data/seed/sources.csv), so a WGS-84
point is shifted to GCJ-02 before it is tested — the ~580 m datum shift is larger than many
village-to-border distances.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalog.coords import gcj02_to_wgs84, wgs84_to_gcj02

Ring = Sequence[Sequence[float]]


def _point_in_ring(x: float, y: float, ring: Ring) -> bool:
    """Even-odd ray casting."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid of one ring (shoelace formula, planar in degrees)."""
    area = cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i][0], ring[i][1]
        x1, y1 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6.0 * area), cy / (6.0 * area)


@dataclass(frozen=True)
class CountyShape:
    """A county's MultiPolygon in GCJ-02, as published."""

    adcode: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # polygon = (outer ring, *holes)
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat (GCJ-02)

    def contains_gcj02(self, lon: float, lat: float) -> bool:
        """True when the GCJ-02 point lies inside the county."""
        if not (self.bbox[0] <= lon <= self.bbox[2] and self.bbox[1] <= lat <= self.bbox[3]):
            return False
        for polygon in self.polygons:
            if _point_in_ring(lon, lat, polygon[0]) and not any(
                _point_in_ring(lon, lat, hole) for hole in polygon[1:]
            ):
                return True
        return False

    def contains_wgs84(self, lon: float, lat: float) -> bool:
        """True when the WGS-84 point lies inside the county (shifted to GCJ-02 first)."""
        return self.contains_gcj02(*wgs84_to_gcj02(lon, lat))

    def centroid_wgs84(self) -> tuple[float, float]:
        """Area-weighted centroid of the outer rings, converted to WGS-84 ``(lon, lat)``."""
        total = sx = sy = 0.0
        for polygon in self.polygons:
            area, cx, cy = _ring_area_centroid(polygon[0])
            total += abs(area)
            sx += cx * abs(area)
            sy += cy * abs(area)
        return gcj02_to_wgs84(sx / total, sy / total)


def shape_from_geometry(adcode: str, name: str, geometry: dict) -> CountyShape:
    """Build a CountyShape from a GeoJSON Polygon/MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        raw = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        raw = geometry["coordinates"]
    else:
        raise ValueError(f"county {adcode}: unsupported geometry {geometry['type']}")
    polygons = tuple(tuple(tuple(tuple(pt[:2]) for pt in ring) for ring in poly) for poly in raw)
    xs = [pt[0] for poly in polygons for pt in poly[0]]
    ys = [pt[1] for poly in polygons for pt in poly[0]]
    return CountyShape(adcode, name, polygons, (min(xs), min(ys), max(xs), max(ys)))


def load_shapes(path: Path) -> dict[str, CountyShape]:
    """County shapes by adcode from a GeoJSON FeatureCollection with ``adcode``/``name``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return shapes_from_features(data["features"])


def shapes_from_features(features: Iterable[dict]) -> dict[str, CountyShape]:
    """County shapes by adcode from GeoJSON features."""
    shapes = {}
    for feature in features:
        props = feature["properties"]
        shape = shape_from_geometry(str(props["adcode"]), props["name"], feature["geometry"])
        shapes[shape.adcode] = shape
    return shapes


def county_of(lon: float, lat: float, shapes: dict[str, CountyShape]) -> str | None:
    """Adcode of the county containing the WGS-84 point, or None (outside every polygon)."""
    glon, glat = wgs84_to_gcj02(lon, lat)
    for adcode, shape in sorted(shapes.items()):
        if shape.contains_gcj02(glon, glat):
            return adcode
    return None
