"""The planner's request and result (行程请求 / 行程单) as frozen dataclasses, with strict JSON I/O.

Times of day are whole minutes after midnight inside the dataclasses and ``HH:MM`` in JSON;
durations are whole minutes; distances in the result are kilometres with one decimal. Day numbers
are 1-based everywhere a user sees them. The JSON schema is documented in ``README.md (planner section)``.

Parsing is strict: an unknown key, a wrong type, a date not in ``YYYY-MM-DD`` form, ``days < 1``
or an end before a start raises ``RequestError`` with one human sentence, which the CLI prints.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from catalog.problems import Translatable

MODES: tuple[str, ...] = ("car", "coach")
CUSTOM_PREFIX = "custom-"
REASONS: tuple[str, ...] = ("closed", "excluded", "does_not_fit", "lower_value")
_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RequestError(Translatable, ValueError):
    """A request (or result) that does not follow the JSON contract.

    ``str(exc)`` is one English sentence (what the CLI prints); ``code`` and ``params`` let the app
    say it in the user's language (codes: README.md, planner section; templates: ``ui.plan_text``).
    """

    def __init__(self, text: str, code: str | None = None, /, **params: object) -> None:
        super().__init__(text, code, **params)


def parse_hhmm(text: object, where: str) -> int:
    """``"08:30"`` -> 510 minutes; ``"24:00"`` is allowed as the end of a day."""
    if not isinstance(text, str) or not _HHMM.match(text) or (text > "24:00" and text[:2] == "24"):
        raise RequestError(f"{where}: expected a time as HH:MM (e.g. 08:30), got {text!r}",
                           "bad_time", where=where, got=repr(text))
    return int(text[:2]) * 60 + int(text[3:])


def format_hhmm(minutes: int) -> str:
    """510 -> ``"08:30"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class PlaceRef:
    """A lodging or start place: a catalogue site id, or a point with a name.

    ``county_adcode`` (optional on a point) lets the travel estimate use mountain speeds.
    """

    site_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    name: str | None = None
    county_adcode: str | None = None

    def to_json(self) -> str | dict[str, Any]:
        """The request form: the id string, or the point object."""
        if self.site_id is not None:
            return self.site_id
        out: dict[str, Any] = {"lat": self.lat, "lon": self.lon, "name": self.name}
        if self.county_adcode:
            out["county_adcode"] = self.county_adcode
        return out


@dataclass(frozen=True)
class Lunch:
    """Lunch of ``minutes`` that must lie wholly inside [earliest, latest] (minutes of day)."""

    earliest: int
    latest: int
    minutes: int


@dataclass(frozen=True)
class CandidateFilter:
    """Which catalogue sites are candidates; empty tuples mean "no restriction"."""

    greenways: tuple[str, ...] = ()
    greenway_buffer_km: float | None = None
    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # designation kinds, e.g. 中国传统村落
    levels: tuple[str, ...] = ()  # designation levels, e.g. national
    counties: tuple[str, ...] = ()  # adcodes


@dataclass(frozen=True)
class CustomStop:
    """A stop staff add by hand (a restaurant, a hotel, a viewpoint): a named point, a visit
    length and the day it belongs to. It is always planned on that day, worth no value, open
    all day. ``id`` starts with ``custom-`` so it never clashes with a catalogue id."""

    id: str
    name: str
    lat: float
    lon: float
    minutes: int
    day: int
    county_adcode: str | None = None


@dataclass(frozen=True)
class TripRequest:
    """What the user asks for. ``lodging[d-1]`` is where night d is spent (one entry per day)."""

    start_date: dt.date
    days: int
    day_start: int
    day_end: int
    lodging: tuple[PlaceRef, ...]
    start: PlaceRef | None = None
    lunch: Lunch | None = None
    mode: str = "car"
    candidates: CandidateFilter = field(default_factory=CandidateFilter)
    must_visit: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    pinned: tuple[tuple[str, int], ...] = ()  # (site_id, day 1..days)
    max_sites_per_day: int | None = None
    interests: tuple[tuple[str, float], ...] = ()  # (theme, weight)
    group_size: int = 1
    #: Extra minutes per visit to an A级景区 on a public holiday (crowds); 0 adds nothing.
    holiday_extra_minutes: int = 0
    #: Hand edits (see ``routing.edits``). ``custom_stops`` are planned on their day by every
    #: solve. ``layout``, when given, is the itinerary as staff arranged it: per day, the stop
    #: ids (catalogue or custom) in visiting order; the service then only times it (no search)
    #: and reports what breaks on the affected rows. "Re-plan" drops the layout and keeps the
    #: pins (hand-moved visits are pinned to their new day) and the custom stops.
    custom_stops: tuple[CustomStop, ...] = ()
    layout: tuple[tuple[str, ...], ...] | None = None

    def dates(self) -> list[dt.date]:
        """The calendar date of each trip day, day 1 first."""
        return [self.start_date + dt.timedelta(days=i) for i in range(self.days)]

    def day_origin(self, day: int) -> PlaceRef:
        """Where day ``day`` (1-based) starts: the start point, else the previous night's lodging."""
        if day == 1:
            return self.start if self.start is not None else self.lodging[0]
        return self.lodging[day - 2]

    def pinned_day(self) -> dict[str, int]:
        """{site id: day (1-based)} of the pinned visits."""
        return dict(self.pinned)

    def site_ids(self) -> set[str]:
        """Every catalogue id the request names (must-visit, excluded, pinned, lodging, start)."""
        places = [*self.lodging, *([self.start] if self.start else [])]
        ids = {p.site_id for p in places if p.site_id}
        laid = {i for day in self.layout or () for i in day if not i.startswith(CUSTOM_PREFIX)}
        return (ids | set(self.must_visit) | set(self.excluded) | {s for s, _ in self.pinned}
                | laid)


# ---------------------------------------------------------------- result


@dataclass(frozen=True)
class Place:
    """A resolved place in the result: its name, coordinates and catalogue id when it has one."""

    name: str
    lat: float
    lon: float
    site_id: str | None = None


@dataclass(frozen=True)
class Note:
    """Something a person must read about a visit or a day: a stable ``code`` with ``params``
    (the app's templates) and the English ``message`` (the CLI's)."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class PlannedVisit:
    """One visit: times are minutes of day; the drive is the leg that ends here."""

    site_id: str
    name: str
    arrive: int
    start: int
    end: int
    depart: int
    drive_minutes: int
    drive_km: float
    value: int
    must_visit: bool = False
    pinned: bool = False
    ticket_cny: float | None = None  # per person; None = unknown
    estimated: bool = False  # hours or visit length are catalogue defaults, not published figures
    approximate_location: bool = False  # the site's point is a township/county centroid
    custom: bool = False  # a stop added by hand (``TripRequest.custom_stops``)
    walked: bool = False  # the leg that ends here is walked (``routing.travel``: walking rule)
    #: an own stop's point (WGS-84), so exports of a saved or printed plan can place it without
    #: the request; None for catalogue sites, which are looked up by id
    lat: float | None = None
    lon: float | None = None
    #: what breaks in a hand-arranged day on this row (codes ``closed``, ``after_closing``,
    #: ``past_day_end``, ``lunch_lost``); always empty in a solved plan
    issues: tuple[Note, ...] = ()


@dataclass(frozen=True)
class DayPlan:
    """One day (日程): leave ``origin`` at ``depart``, the visits, lunch, and the night's lodging."""

    day: int
    date: dt.date
    origin: Place
    depart: int
    visits: tuple[PlannedVisit, ...]
    lodging: Place
    lodging_arrive: int
    lodging_drive_minutes: int
    lodging_drive_km: float
    lunch_start: int | None = None
    lunch_end: int | None = None
    lunch_at: str | None = None  # site id, or "origin" when eaten before leaving
    lodging_issues: tuple[Note, ...] = ()  # e.g. ``past_day_end`` on the last leg of an edited day


@dataclass(frozen=True)
class Unplanned:
    """A candidate left out, with a reason code from ``REASONS`` and a sentence for people."""

    site_id: str
    name: str
    reason: str
    message: str
    code: str = ""  # finer than ``reason``: the template the app shows (README: codes)
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class MustVisitProblem:
    """A must-visit (or pinned) site that cannot be planned, naming the constraint that forbids it."""

    site_id: str
    constraint: str
    message: str
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Itinerary:
    """The planner's answer (行程单)."""

    days: tuple[DayPlan, ...]
    unplanned: tuple[Unplanned, ...] = ()
    must_visit_problems: tuple[MustVisitProblem, ...] = ()
    stats: dict[str, float] = field(default_factory=dict, compare=False)

    def planned_ids(self) -> list[str]:
        """Ids of the planned visits, day by day, in visiting order."""
        return [v.site_id for d in self.days for v in d.visits]

    def pins(self) -> dict[str, int]:
        """{site id: day} of every planned visit: pass as ``pinned`` to re-plan around them."""
        return {v.site_id: d.day for d in self.days for v in d.visits}

    def totals(self) -> dict[str, Any]:
        """Trip totals as printed in the result's ``totals``."""
        visits = [v for d in self.days for v in d.visits]
        drive_min = sum(v.drive_minutes for v in visits) + sum(
            d.lodging_drive_minutes for d in self.days
        )
        drive_km = sum(v.drive_km for v in visits) + sum(d.lodging_drive_km for d in self.days)
        return {
            "sites_planned": len(visits),
            "value": sum(v.value for v in visits),
            "drive_minutes": drive_min,
            "drive_km": round(drive_km, 1),
            "visit_minutes": sum(v.end - v.start for v in visits),
            "ticket_cny_per_person": round(sum(v.ticket_cny or 0 for v in visits), 2),
            "tickets_unknown": sum(1 for v in visits if v.ticket_cny is None),
        }
