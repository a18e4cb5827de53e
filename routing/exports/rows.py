"""The itinerary as the exports show it: one row per departure, visit, lunch and night, with flags.

Every export (CSV, Excel, calendar, GPX, the print sheet) is drawn from one ``TripSheet`` so they
cannot disagree: the same names in the user's language, the same flags on the same rows, the same
ticket totals. It is built from an ``Itinerary`` (the JSON contract of ``routing.problem_json``)
and the catalogue's sites as the acting user may see them, so a masked point stays masked.

Flags: ``estimated`` = the site's opening hours or visit length are defaults for its kind, not a
published figure; ``approximate`` = its point is only a township or county centre. Ticket prices
that are unknown are counted once, in the totals, never printed as "unknown" on every row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from catalog.models import Site
from routing.exports.labels import label
from routing.problem import Itinerary, Note, Place, format_hhmm

APPROXIMATE_PRECISIONS = ("township", "county")


def display_name(site: Site, lang: str) -> str:
    """Chinese name, or on the English UI the established English name, else pinyin by words
    (Wangjia Dayuan): ``Site.name_in``, the rule the app shows it by too."""
    return site.name_in(lang)


def site_address(site: Site) -> str:
    """The street address when the catalogue has one, else county · township · village."""
    if site.address:
        return site.address
    return "".join(p for p in (site.county_zh, site.township, site.village) if p)


@dataclass(frozen=True)
class Stop:
    """A place on the route: a catalogue site or a named point (WGS-84; None when unknown)."""

    name: str
    site_id: str | None
    lat: float | None
    lon: float | None
    address: str
    approximate: bool = False


@dataclass(frozen=True)
class Row:
    """One line of the itinerary. Times are minutes of day; ``end`` is None for a moment."""

    day: int
    date: dt.date
    kind: str  # "depart" | "visit" | "lunch" | "lodging"
    order: int | None  # visits only: 1, 2, … within the day
    start: int
    end: int | None
    name: str
    stop: Stop | None
    arrive: int | None = None  # visits: when the coach arrives (may wait for opening)
    drive_minutes: int | None = None  # the leg that ends at this row
    drive_km: float | None = None
    ticket_cny: float | None = None  # per person; None = unknown (visits only)
    estimated: bool = False
    approximate: bool = False
    must_visit: bool = False
    pinned: bool = False
    walked: bool = False  # the leg that ends here is walked (same town)
    custom: bool = False  # a stop added by hand, not a catalogue site
    notes: tuple[str, ...] = ()  # what breaks on this row of a hand-arranged day, as sentences

    def time_text(self) -> str:
        """``09:00–10:30`` or ``08:30``."""
        if self.end is None:
            return format_hhmm(self.start)
        return f"{format_hhmm(self.start)}–{format_hhmm(self.end)}"

    def flags(self, lang: str) -> list[str]:
        """The short flag marks of this row (explained by the legend)."""
        marks = []
        if self.estimated:
            marks.append(label("flag_estimated", lang))
        if self.approximate:
            marks.append(label("flag_approx", lang))
        return marks

    def flags_long(self, lang: str) -> list[str]:
        """The flags spelled out (calendar descriptions, GPX)."""
        out = []
        if self.estimated:
            out.append(label("flag_estimated_long", lang))
        if self.approximate:
            out.append(label("flag_approx_long", lang))
        return out


@dataclass(frozen=True)
class Tickets:
    """Ticket money for the group: known prices summed, unknown ones counted."""

    per_person: float
    known: int
    unknown: int
    group_size: int

    @property
    def group_total(self) -> float:
        return round(self.per_person * self.group_size, 2)

    def line(self, lang: str) -> str:
        """One sentence: per person, for the group, and how many prices are unknown."""
        if self.known == 0 and self.unknown:
            return label("tickets_all_unknown", lang, u=self.unknown)
        parts = [label("tickets_pp", lang, p=_money(self.per_person))]
        if self.group_size > 1:
            parts.append(label("tickets_group", lang, g=self.group_size,
                               t=_money(self.group_total)))
        if self.unknown:
            parts.append(label("tickets_unknown", lang, u=self.unknown))
        return ("，" if lang == "zh" else "; ").join(parts)


def _money(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def ticket_text(price: float | None, lang: str) -> str:
    """A row's ticket cell: the price, free, or a dash (unknown prices live in the totals)."""
    if price is None:
        return label("ticket_unknown_cell", lang)
    return label("ticket_free", lang) if price == 0 else _money(price)


@dataclass(frozen=True)
class DaySheet:
    """One day's rows in time order and the route's stops in driving order (for the map)."""

    day: int
    date: dt.date
    rows: tuple[Row, ...]
    route: tuple[Stop, ...]


@dataclass(frozen=True)
class TripSheet:
    """Everything an export prints."""

    lang: str
    days: tuple[DaySheet, ...]
    totals: dict
    tickets: Tickets
    unplanned: tuple[tuple[str, str, str], ...]  # (site id, name, reason label)
    share_url: str | None = None

    def rows(self) -> list[Row]:
        """Every row of every day, in trip order."""
        return [r for d in self.days for r in d.rows]

    def totals_line(self) -> str:
        """Sites, driving and visiting time of the whole trip."""
        t = self.totals
        return label("totals", self.lang, n=t["sites_planned"], dm=t["drive_minutes"],
                     km=t["drive_km"], vm=t["visit_minutes"])


def _stop(place: Place, sites: Mapping[str, Site], lang: str) -> Stop:
    site = sites.get(place.site_id) if place.site_id else None
    if site is None:
        return Stop(place.name, place.site_id, place.lat, place.lon, "")
    return Stop(display_name(site, lang), site.id, site.lat, site.lon, site_address(site),
                site.coord_precision in APPROXIMATE_PRECISIONS)


def _visit_stop(site_id: str, fallback: str, sites: Mapping[str, Site], lang: str,
                lat: float | None = None, lon: float | None = None) -> Stop:
    site = sites.get(site_id)
    if site is None:  # a stop the catalogue does not know (one added by hand: its own point)
        return Stop(fallback, site_id, lat, lon, "")
    return Stop(display_name(site, lang), site.id, site.lat, site.lon, site_address(site),
                site.coord_precision in APPROXIMATE_PRECISIONS)


def build_sheet(itinerary: Itinerary, sites: Mapping[str, Site], lang: str = "zh",
                group_size: int = 1, share_url: str | None = None,
                say: Callable[[Note], str] | None = None) -> TripSheet:
    """The itinerary as rows in ``lang``; ``sites`` are the catalogue's as the user may see them.
    ``say`` words a row's notes (the app passes its translations; default: the English text)."""
    say = say or (lambda n: n.message)
    label("title", lang)  # refuses an unknown language before any work
    if type(group_size) is not int or group_size < 1:
        raise ValueError(f"group size must be a whole number of at least 1, got {group_size!r}")
    days = []
    for d in itinerary.days:
        origin, lodging = _stop(d.origin, sites, lang), _stop(d.lodging, sites, lang)
        keyed: list[tuple[int, int, Row]] = [(d.depart, 0, Row(
            d.day, d.date, "depart", None, d.depart, None, origin.name, origin,
            approximate=origin.approximate))]
        route = [origin]
        by_id = {}
        for i, v in enumerate(d.visits, start=1):
            stop = _visit_stop(v.site_id, v.name, sites, lang, v.lat, v.lon)
            by_id[v.site_id] = stop
            route.append(stop)
            keyed.append((v.start, 1, Row(
                d.day, d.date, "visit", i, v.start, v.end, stop.name, stop, arrive=v.arrive,
                drive_minutes=v.drive_minutes, drive_km=v.drive_km, ticket_cny=v.ticket_cny,
                estimated=v.estimated, approximate=v.approximate_location or stop.approximate,
                must_visit=v.must_visit, pinned=v.pinned and not v.custom, walked=v.walked,
                custom=v.custom, notes=tuple(say(n) for n in v.issues))))
        if d.lunch_start is not None:
            place = origin if d.lunch_at in (None, "origin") else by_id.get(
                d.lunch_at or "", _visit_stop(d.lunch_at or "", d.lunch_at or "", sites, lang))
            end = d.lunch_end if d.lunch_end is not None else d.lunch_start
            keyed.append((d.lunch_start, 2, Row(
                d.day, d.date, "lunch", None, d.lunch_start, end, place.name, place,
                approximate=place.approximate)))
        route.append(lodging)
        keyed.append((d.lodging_arrive, 3, Row(
            d.day, d.date, "lodging", None, d.lodging_arrive, None, lodging.name, lodging,
            drive_minutes=d.lodging_drive_minutes, drive_km=d.lodging_drive_km,
            approximate=lodging.approximate, notes=tuple(say(n) for n in d.lodging_issues))))
        keyed.sort(key=lambda k: (k[0], k[1]))
        days.append(DaySheet(d.day, d.date, tuple(k[2] for k in keyed), tuple(route)))
    visits = [v for d in itinerary.days for v in d.visits]
    known = [v.ticket_cny for v in visits if v.ticket_cny is not None]
    tickets = Tickets(round(sum(known), 2), len(known), len(visits) - len(known), group_size)
    unplanned = tuple(
        (u.site_id, display_name(sites[u.site_id], lang) if u.site_id in sites else u.name,
         label(f"reason_{u.reason}", lang))
        for u in itinerary.unplanned)
    return TripSheet(lang, tuple(days), itinerary.totals(), tickets, unplanned, share_url)


def row_what(row: Row, lang: str) -> str:
    """What happens on a row, as a sentence (print sheet, calendar)."""
    if row.kind == "depart":
        return label("leave", lang, place=row.name)
    if row.kind == "lunch":
        return label("lunch_near", lang, place=row.name)
    if row.kind == "lodging":
        return label("arrive_lodging", lang, place=row.name) + _notes(row)
    marks = [label("must", lang)] if row.must_visit else []
    if row.custom:
        marks.append(label("custom", lang))
    if row.pinned:
        marks.append(label("pinned", lang))
    text = f"{row.order} · {label('visit', lang, name=row.name)}"
    if marks:
        text += f"（{'，'.join(marks)}）" if lang == "zh" else f" ({', '.join(marks)})"
    if row.arrive is not None and row.arrive < row.start:
        text += f"（{label('waited', lang, t=format_hhmm(row.arrive))}）" if lang == "zh" else \
            f" ({label('waited', lang, t=format_hhmm(row.arrive))})"
    return text + _notes(row)


def _notes(row: Row) -> str:
    return "".join(f" ⚠ {n}" for n in row.notes)


def drive_text(row: Row, lang: str) -> str:
    """``35 分钟 · 28.1 公里`` for rows that end a drive, else empty."""
    if row.drive_minutes is None:
        return ""
    return label("walk" if row.walked else "drive", lang, m=row.drive_minutes,
                 km=f"{row.drive_km or 0:.1f}")
