"""Pure helpers of the officer edit page (tested without a browser, PITFALLS b).

- ``clicked_point``: a streamlit-folium ``last_clicked`` event on the active basemap -> the
  WGS-84 point that will be saved, rounded as the catalogue stores it.
- ``designation_rows`` / ``designations_from_editor``: the ``st.data_editor`` table of a site's
  designations and back (pandas NaN and float years undone, empty rows dropped).
- ``edit_map``: a small folium map with the point being edited (vendored Leaflet, no CDN).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import folium

from catalog.coords import gcj02_to_wgs84
from catalog.validation import COORD_DECIMALS
from ui.assets import use_local_assets
from ui.basemap import Basemap

DESIGNATION_COLUMNS = ("kind", "level", "batch", "year", "ref_no", "official_name", "source",
                       "ended", "end_reason")


def clicked_point(event: Mapping[str, Any] | None, crs: str) -> tuple[float, float] | None:
    """(lat, lon) in WGS-84 at the stored precision, from a map click drawn in ``crs``."""
    if not event:
        return None
    clicked = event.get("last_clicked")
    if not isinstance(clicked, Mapping):
        return None
    try:
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if crs == "GCJ02":
        lon, lat = gcj02_to_wgs84(lon, lat)
    return round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS)


def designation_rows(designations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for ``st.data_editor`` (every column present, in a fixed order)."""
    return [{c: d.get(c) for c in DESIGNATION_COLUMNS} for d in designations]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def designations_from_editor(rows: Any) -> list[dict[str, Any]]:
    """The edited table back as designation dicts (a DataFrame or a list of dicts)."""
    if hasattr(rows, "to_dict"):
        rows = rows.to_dict("records")
    out = []
    for row in rows or []:
        clean = {c: (None if _blank(row.get(c)) else row.get(c)) for c in DESIGNATION_COLUMNS}
        if all(v is None for v in clean.values()):
            continue
        year = clean["year"]
        if isinstance(year, float) and year.is_integer():
            clean["year"] = int(year)
        for key in ("batch", "ref_no"):
            if isinstance(clean[key], float) and clean[key].is_integer():
                clean[key] = str(int(clean[key]))
        out.append(clean)
    return out


def edit_map(basemap: Basemap, lat: float, lon: float, zoom: int = 14) -> folium.Map:
    """A map centred on the point being edited, with that point drawn as ``edit-point``."""
    use_local_assets()
    drawn = basemap.project(lat, lon)
    m = folium.Map(location=drawn, zoom_start=zoom, tiles=None, control_scale=True)
    layer = basemap.tile_layer()
    if layer is not None:
        layer.add_to(m)
    folium.CircleMarker(
        drawn,
        radius=9,
        color="#9b2c2c",
        fill=True,
        fill_opacity=0.8,
        class_name="edit-point",
    ).add_to(m)
    return m
