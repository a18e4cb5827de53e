"""The trip as numbers: places, travel matrices, daily opening windows and values.

``TripModel.build`` resolves a ``TripRequest`` against plain ``Site`` objects. It is the one place
where units are fixed for the planner: times of day are whole minutes, travel legs are rounded UP
to whole minutes (so every time the planner prints as ``HH:MM`` is exact and never shorter than
the travel source says), and the engine later gets seconds = minutes × 60 as ``int``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from catalog.models import Site
from routing.problem import Place, PlaceRef, RequestError, TripRequest
from routing.travel import TravelPoint, TravelTimeSource, walked_array
from routing.value import visit_value
from routing.walking import towns, travel_point
from routing.walking import visit_minutes as town_visit_minutes

#: (open, latest start, close) in minutes of day; latest start = min(last entry, close - visit).
DayWindow = tuple[int, int, int]


class UnknownSiteError(RequestError):
    """A request names a site id that is not among the sites given to the planner."""


@dataclass(frozen=True)
class TripModel:
    """Everything the planner, the pre-checks and the engine mapping share, in minutes."""

    request: TripRequest
    dates: tuple[dt.date, ...]
    candidates: tuple[Site, ...]  # every site in the pool except the excluded ones
    excluded: tuple[Site, ...]
    values: tuple[int, ...]  # per candidate
    hours: tuple[tuple[tuple[int, int, int] | None, ...], ...]  # per candidate, per day
    origins: tuple[Place, ...]  # per day
    lodgings: tuple[Place, ...]  # per day (night d)
    origin_loc: tuple[int, ...]  # per day, index into the matrices
    lodging_loc: tuple[int, ...]
    site_loc: tuple[int, ...]  # per candidate
    minutes: tuple[tuple[int, ...], ...]  # whole minutes, rounded up
    metres: tuple[tuple[int, ...], ...]
    walked: tuple[tuple[bool, ...], ...] = ()  # leg a -> b is walked (routing.travel)
    town_of: dict[str, str] = field(default_factory=dict, compare=False)  # routing.walking
    #: ``minutes`` as a read-only int64 array: the engine instance takes its rows from it
    #: without a Python loop (a 1,514² matrix as nested tuples cost ~0.1 s to turn back).
    minutes_array: np.ndarray | None = field(default=None, compare=False, repr=False)

    def visit_minutes(self, s: int, day_order: Sequence[int]) -> int:
        """Candidate ``s``'s visit length on a day visiting ``day_order`` (a town's visit does
        not count again the sites inside it planned the same day: ``routing.walking``)."""
        return town_visit_minutes(self.candidates[s], [self.candidates[i] for i in day_order],
                                  self.town_of)

    @property
    def days(self) -> int:
        """Number of trip days."""
        return len(self.dates)

    def window(self, s: int, d: int) -> DayWindow | None:
        """Candidate ``s``'s admission window on day index ``d``, or None if it cannot start."""
        hours = self.hours[s][d]
        if hours is None:
            return None
        open_, last_entry, close = hours
        latest = min(last_entry, close - self.candidates[s].visit_minutes)
        return (open_, latest, close) if latest >= open_ else None

    @classmethod
    def build(
        cls,
        request: TripRequest,
        sites: Sequence[Site],
        travel: TravelTimeSource,
        places: Iterable[Site] = (),
    ) -> TripModel:
        """Resolve ids, compute windows per date and the travel matrices.

        ``sites`` is the candidate pool; ``places`` are further sites that may only serve as
        lodging or start. An id the request names that is in neither raises ``UnknownSiteError``.
        """
        pool = {s.id: s for s in sites}
        known = {**{p.id: p for p in places}, **pool}
        for site_id in (*request.must_visit, *(s for s, _ in request.pinned)):
            if site_id not in pool:
                raise UnknownSiteError(f"unknown site id {site_id!r} (not in the catalogue)",
                                       "unknown_site", site_id=site_id)
        for site_id in request.site_ids():
            if site_id not in known:
                raise UnknownSiteError(f"unknown site id {site_id!r} (not in the catalogue)",
                                       "unknown_site", site_id=site_id)
        excluded_ids = set(request.excluded)
        candidates = tuple(s for s in pool.values() if s.id not in excluded_ids)
        dates = tuple(request.dates())

        points: list[TravelPoint] = []
        place_index: dict[tuple, int] = {}

        def locate(point: TravelPoint) -> int:
            key = (point.lat, point.lon, point.county_adcode, point.town)
            if key not in place_index:
                place_index[key] = len(points)
                points.append(point)
            return place_index[key]

        town_of = towns(known.values())

        def resolve(ref: PlaceRef) -> tuple[Place, int]:
            if ref.site_id is not None:
                s = known[ref.site_id]
                loc = locate(travel_point(s, town_of))
                return Place(s.name_zh, s.lat, s.lon, s.id), loc
            assert ref.lat is not None and ref.lon is not None
            loc = locate(TravelPoint(ref.lat, ref.lon, ref.county_adcode))
            return Place(ref.name or "", ref.lat, ref.lon, None), loc

        origins = [resolve(request.day_origin(d + 1)) for d in range(request.days)]
        lodgings = [resolve(request.lodging[d]) for d in range(request.days)]
        site_loc = [locate(travel_point(s, town_of)) for s in candidates]

        arrays = getattr(travel, "arrays", None)  # numpy matrices, when the source has them
        seconds, metres = arrays(points) if arrays is not None else travel.matrix(points)
        # A pluggable source must give int seconds >= 0 (checked all at once: numpy reads a
        # list of Python ints as an integer array, anything else as another dtype).
        try:
            secs = np.array(seconds)
        except ValueError:  # rows of different lengths
            secs = np.array([])
        if (secs.dtype.kind != "i" or secs.shape != (len(points), len(points))
                or (secs.size and secs.min() < 0)):
            bad = next((repr(v) for row in seconds for v in row if type(v) is not int or v < 0),
                       f"no {len(points)}×{len(points)} matrix")
            raise TypeError(f"travel source returned {bad}; seconds must be int >= 0, "
                            "one row per point")
        mins = (-(-secs // 60)).astype(np.int64)
        mins.setflags(write=False)
        # tolist gives Python ints (never numpy scalars, which JSON and Excel exports refuse)
        minutes = tuple(map(tuple, mins.tolist()))
        try:
            mets = np.asarray(metres)
        except ValueError:  # rows of different lengths: the loop below names the fault
            mets = np.array([])
        if mets.dtype.kind in "iu" and mets.shape == secs.shape:
            metres_t = tuple(map(tuple, mets.astype(np.int64).tolist()))
        else:
            metres_t = tuple(tuple(int(m) for m in row) for row in metres)
        interests = dict(request.interests)
        greenways = request.candidates.greenways
        return cls(
            request=request,
            dates=dates,
            candidates=candidates,
            excluded=tuple(pool[i] for i in request.excluded if i in pool),
            values=tuple(visit_value(s, interests, greenways) for s in candidates),
            hours=tuple(tuple(s.hours.window(day) for day in dates) for s in candidates),
            origins=tuple(p for p, _ in origins),
            lodgings=tuple(p for p, _ in lodgings),
            origin_loc=tuple(i for _, i in origins),
            lodging_loc=tuple(i for _, i in lodgings),
            site_loc=tuple(site_loc),
            minutes=minutes,
            metres=metres_t,
            walked=tuple(map(tuple, walked_array(points).tolist())),
            town_of=town_of,
            minutes_array=mins,
        )
