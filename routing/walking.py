"""Which sites lie inside a walled town or historic district, and what that changes.

A site whose point lies within ``TOWN_RADIUS_M`` of a town's point is inside that town (the
nearest one when two qualify): 渠家大院 in 祁县古城, 市楼 in 平遥古城. Inside one town every leg is
walked (``routing.travel``: walking rule), and a visit to the town does not count again the time
of the sites inside it that the same day plans too: the town's visit is shortened by theirs, to no
less than ``TOWN_MIN_MINUTES`` (the streets and walls themselves).

The radii are assumptions about each kind's extent from its catalogue point, not measurements:
平遥古城's wall, about 6 km around, encloses a square of about 1.5 km, so 1 km from its centre
reaches the wall; a historic district (祁县古城's old street grid) gets 900 m. A town
placed only at its county's centre is not used: that point is not where the town is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from catalog.models import Site
from routing.travel import TravelPoint, haversine_many

TOWN_RADIUS_M: dict[str, float] = {"walled_town": 1000.0, "historic_district": 900.0}
TOWN_MIN_MINUTES = 60
_PRECISE = ("site", "village", "township")


def towns(sites: Iterable[Site]) -> dict[str, str]:
    """{site id: id of the town it lies in} (a town maps to itself): the nearest town centre
    within its radius (``TOWN_RADIUS_M``), the first listed on a tie.

    Distances are ``travel.haversine_many``'s, for all sites at once per centre: site by site in
    Python this took ~0.5 s at 1,500 sites."""
    sites = list(sites)
    centres = [s for s in sites if s.kind in TOWN_RADIUS_M and s.coord_precision in _PRECISE]
    out: dict[str, str] = {t.id: t.id for t in centres}
    if not centres:
        return out
    lat = np.array([s.lat for s in sites], dtype=np.float64)
    lon = np.array([s.lon for s in sites], dtype=np.float64)
    best_d = np.full(len(sites), np.inf)
    best_t = np.full(len(sites), -1)
    for k, t in enumerate(centres):
        d = haversine_many(lat, lon, np.float64(t.lat), np.float64(t.lon))
        closer = (d <= TOWN_RADIUS_M[t.kind]) & (d < best_d)
        best_d[closer] = d[closer]
        best_t[closer] = k
    for site, k in zip(sites, best_t.tolist(), strict=True):
        if k >= 0 and site.id not in out:
            out[site.id] = centres[k].id
    return out


def travel_point(site: Site, town_of: Mapping[str, str]) -> TravelPoint:
    """The site as a travel point, with its town for the walking rule."""
    return TravelPoint(site.lat, site.lon, site.county_adcode, town_of.get(site.id))


def visit_minutes(site: Site, same_day: Iterable[Site], town_of: Mapping[str, str]) -> int:
    """``site``'s visit length on a day that also visits ``same_day``: a town's visit less the
    visits of the sites inside it (never below ``TOWN_MIN_MINUTES``, nor above its own)."""
    if town_of.get(site.id) != site.id:
        return site.visit_minutes
    # a stop staff added (a restaurant, a hotel) is not part of touring the town
    inside = sum(s.visit_minutes for s in same_day
                 if s.id != site.id and s.kind != "custom" and town_of.get(s.id) == site.id)
    if not inside:
        return site.visit_minutes
    return max(min(site.visit_minutes, TOWN_MIN_MINUTES), site.visit_minutes - inside)
