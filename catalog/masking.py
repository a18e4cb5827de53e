"""Sensitive sites: the point a visitor sees when an officer limits a site's public precision.

An archaeological site or an unguarded tomb may be shown only at township or county level
(``sites.public_precision``). The exact point stays in the row for officers; the point visitors
get is written beside it (``public_lat``/``public_lon``) whenever the site is saved, and every
read a visitor makes (``catalog.repository.Catalog`` without ``exact=True``) returns that point,
the coarser precision, and no address or village, so the map, popups, nearby search, exports,
plans, share links and JSON all carry the public point only.

* ``county``: the county's centroid (the point the catalogue gives any site known only to its
  county).
* ``township``: the centre of the 0.05° cell (about 5 km) holding the point — no finer than a
  township, and no invented place: it says "somewhere in this cell".
"""

from __future__ import annotations

import math

from catalog.models import PRECISIONS

#: Public precisions an officer can choose (None = as precise as the catalogue knows it).
PUBLIC_PRECISIONS: tuple[str, ...] = ("township", "county")
GRID_DEG = 0.05
WITHHELD_SOURCE = "withheld: sensitive site, shown at {precision} precision"


def coarser(a: str, b: str) -> str:
    """The coarser of two precisions (site < village < township < county)."""
    return a if PRECISIONS.index(a) >= PRECISIONS.index(b) else b


def needs_mask(coord_precision: str, public_precision: str | None) -> bool:
    """True when the public precision is coarser than what the catalogue knows."""
    return bool(public_precision) and coarser(coord_precision, public_precision) != coord_precision


def public_point(
    lat: float, lon: float, public_precision: str, county_centroid: tuple[float, float]
) -> tuple[float, float]:
    """The (lat, lon) a visitor sees; ``county_centroid`` is (lon, lat) WGS-84."""
    if public_precision == "county":
        return round(county_centroid[1], 6), round(county_centroid[0], 6)
    half = GRID_DEG / 2
    cell_lat = math.floor(lat / GRID_DEG) * GRID_DEG + half
    cell_lon = math.floor(lon / GRID_DEG) * GRID_DEG + half
    return round(cell_lat, 6), round(cell_lon, 6)
