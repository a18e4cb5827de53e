"""County polygons: containment and centroids through shapely (prepared geometries).

The boundaries are published in GCJ-02 (AMap-derived, see data/seed/sources.csv), so a WGS-84
point is shifted to GCJ-02 before it is tested — the ~580 m datum shift is larger than many
village-to-border distances.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon

from catalog.coords import gcj02_to_wgs84, wgs84_to_gcj02

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class CountyShape:
    """A county's MultiPolygon in GCJ-02, as published (prepared once for fast containment)."""

    adcode: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # polygon = (outer ring, *holes)
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat (GCJ-02)
    geometry: MultiPolygon = field(compare=False, repr=False, default=None)  # type: ignore[assignment]

    def contains_gcj02(self, lon: float, lat: float) -> bool:
        """True when the GCJ-02 point lies inside the county (or on its border)."""
        return bool(shapely.intersects_xy(self.geometry, lon, lat))

    def contains_wgs84(self, lon: float, lat: float) -> bool:
        """True when the WGS-84 point lies inside the county (shifted to GCJ-02 first)."""
        return self.contains_gcj02(*wgs84_to_gcj02(lon, lat))

    def centroid_wgs84(self) -> tuple[float, float]:
        """Area-weighted centroid of the outer rings, converted to WGS-84 ``(lon, lat)``."""
        outer = MultiPolygon([Polygon(polygon[0]) for polygon in self.polygons])
        point = outer.centroid
        return gcj02_to_wgs84(point.x, point.y)


def shape_from_geometry(adcode: str, name: str, geometry: dict) -> CountyShape:
    """Build a CountyShape from a GeoJSON Polygon/MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        raw = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        raw = geometry["coordinates"]
    else:
        raise ValueError(f"county {adcode}: unsupported geometry {geometry['type']}")
    polygons = tuple(tuple(tuple(tuple(pt[:2]) for pt in ring) for ring in poly) for poly in raw)
    geometry = MultiPolygon([Polygon(poly[0], poly[1:]) for poly in polygons])
    shapely.prepare(geometry)  # containment tests then use a spatial index of the edges
    return CountyShape(adcode, name, polygons, geometry.bounds, geometry)


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
