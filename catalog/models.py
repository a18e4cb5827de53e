"""Domain types of the heritage catalogue (遗产名录).

Plain frozen dataclasses: the repository builds them from SQLite rows, the planner and the
pages consume them. Nothing here touches the database or Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalog.problems import Problem

#: Designation kinds, in the order the territorial plan lists its protection types.
DESIGNATION_KINDS: tuple[str, ...] = (
    "世界文化遗产",
    "历史文化名城",
    "历史文化街区",
    "历史文化名镇",
    "历史文化名村",
    "中国传统村落",
    "山西省传统村落",
    "文物保护单位",
    "历史建筑",
    "A级景区",
)
A_LEVEL = "A级景区"  # the designation kind of A-rated scenic areas

#: Designation levels, highest first. "world" is only used with 世界文化遗产; "unknown" is for a
#: listing whose level no source gives (e.g. a town the plan names as 历史文化名镇).
LEVELS: tuple[str, ...] = ("world", "national", "provincial", "city", "county", "unknown")
#: Why a designation ended (``Designation.end_reason``).
END_REASONS: tuple[str, ...] = ("revoked", "merged", "expired")

#: Coordinate precision classes, finest first. ``site`` means within about 100 m.
PRECISIONS: tuple[str, ...] = ("site", "village", "township", "county")

#: Themes a site can carry (a site may carry several).
THEMES: tuple[str, ...] = (
    "晋商文化",
    "红色文化",
    "宗教建筑",
    "古村古堡",
    "古城古镇",
    "山水自然",
    "考古遗址",
    "民俗文化",
)

#: Coordinate reference systems accepted on import; everything is stored as WGS-84.
CRS_NAMES: tuple[str, ...] = ("WGS84", "GCJ02", "BD09")


@dataclass(frozen=True)
class County:
    """One of Jinzhong's 11 county-level units (区/县/市)."""

    adcode: str
    name_zh: str
    name_en: str
    terrain: str  # "basin" or "mountain": drives road speeds in the planner

    def names(self) -> frozenset[str]:
        """Every way a person may write this county, lower-cased: the adcode, ``平遥县`` and
        ``平遥``, ``Pingyao County`` and ``pingyao`` (the one rule of :func:`county_aliases`)."""
        en = self.name_en or ""
        spellings = (self.adcode, self.name_zh, self.name_zh.rstrip("区县市"), en,
                     en.rsplit(" ", 1)[0])
        return frozenset(n.strip().lower() for n in spellings if n and n.strip())


def county_aliases(counties: Iterable[County]) -> dict[str, str]:
    """``{spelling: adcode}`` for every :meth:`County.names` spelling (lower-case keys; the
    first county given keeps a spelling two might share). Used by ``Catalog.county_adcode`` and
    the importer's county column, so both read a county name the same way."""
    aliases: dict[str, str] = {}
    for county in counties:
        for name in county.names():
            aliases.setdefault(name, county.adcode)
    return aliases


@dataclass(frozen=True)
class Designation:
    """One official listing of a site, e.g. 全国重点文物保护单位 batch 5 (2001)."""

    kind: str
    level: str
    batch: str | None = None
    year: int | None = None
    ref_no: str | None = None
    official_name: str | None = None
    source: str = ""
    ended: str | None = None  # YYYY-MM-DD (or YYYY) when the listing ended; None = current
    end_reason: str | None = None  # e.g. "revoked", "merged"


@dataclass(frozen=True)
class Season:
    """A period of the year with its own daily hours.

    ``start``/``end`` are ``MM-DD`` (inclusive; a season may wrap the new year, e.g. 11-01..03-31).
    ``open``/``close`` are ``HH:MM``; ``last_entry`` (optional) is the latest admission time.
    ``closed_weekdays`` uses Monday=0 … Sunday=6.
    """

    start: str
    end: str
    open: str
    close: str
    last_entry: str | None = None
    closed_weekdays: tuple[int, ...] = ()

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` falls in this season (ignores the weekday)."""
        mmdd = day.strftime("%m-%d")
        if self.start <= self.end:
            return self.start <= mmdd <= self.end
        return mmdd >= self.start or mmdd <= self.end


def hhmm_to_minutes(text: str) -> int:
    """``"08:30"`` -> 510. Raises ValueError on anything else."""
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise Problem("not_hhmm", f"not a HH:MM time: {text!r}", value=text)
    value = int(hours) * 60 + int(minutes)
    if not 0 <= int(minutes) < 60 or not 0 <= value <= 24 * 60:
        raise Problem("not_hhmm", f"not a HH:MM time: {text!r}", value=text)
    return value


@dataclass(frozen=True)
class OpeningHours:
    """A weekly schedule with seasons.

    ``always_open`` is for open villages and streets with no gate. ``estimated`` is True when the
    figures are the documented default for the site's kind (see ``catalog.defaults``), not the
    site's own published hours; users are shown that.
    """

    seasons: tuple[Season, ...] = ()
    always_open: bool = False
    estimated: bool = True
    source: str = ""
    note: str = ""
    #: Days closed whatever the season: 除夕, 节假日 or a festival (``catalog.holidays.DAY_NAMES``).
    closed_on: tuple[str, ...] = ()
    #: Open on a closed weekday that is a public holiday ("closed Mondays, except holidays").
    open_on_holidays: bool = False

    def window(self, day: dt.date) -> tuple[int, int, int] | None:
        """(open, last_entry, close) in minutes after midnight on ``day``, or None when closed."""
        if self.closed_on:
            from catalog.holidays import is_named_day  # the calendar loads its tables lazily

            if any(is_named_day(day, name) for name in self.closed_on):
                return None
        if self.always_open:
            return (0, 24 * 60, 24 * 60)
        for season in self.seasons:
            if season.covers(day):
                if day.weekday() in season.closed_weekdays and not (
                        self.open_on_holidays and _holiday(day)):
                    return None
                close = hhmm_to_minutes(season.close)
                last = hhmm_to_minutes(season.last_entry) if season.last_entry else close
                return (hhmm_to_minutes(season.open), last, close)
        return None

    def to_dict(self) -> dict:
        """A JSON-ready dict (the ``hours`` format of ``site_facts.csv`` and the database)."""
        return {
            "seasons": [
                {
                    "start": s.start,
                    "end": s.end,
                    "open": s.open,
                    "close": s.close,
                    **({"last_entry": s.last_entry} if s.last_entry else {}),
                    **({"closed_weekdays": list(s.closed_weekdays)} if s.closed_weekdays else {}),
                }
                for s in self.seasons
            ],
            "always_open": self.always_open,
            "estimated": self.estimated,
            "source": self.source,
            "note": self.note,
            **({"closed_on": list(self.closed_on)} if self.closed_on else {}),
            **({"open_on_holidays": True} if self.open_on_holidays else {}),
        }

    @classmethod
    def from_dict(cls, data: dict) -> OpeningHours:
        """Parse and validate; raises ValueError with a message a person can act on."""
        if not isinstance(data, dict):
            raise Problem("hours_object", "opening hours must be an object")
        unknown = set(data) - {"seasons", "always_open", "estimated", "source", "note",
                               "closed_on", "open_on_holidays"}
        if unknown:
            fields = ", ".join(sorted(unknown))
            raise Problem("hours_fields", f"unknown opening-hours fields: {fields}", fields=fields)
        seasons = []
        for raw in data.get("seasons", []):
            if not isinstance(raw, dict):
                raise Problem("season_object", "each season must be an object")
            for key in ("start", "end"):
                _check_mmdd(raw.get(key), key)
            opening = hhmm_to_minutes(str(raw.get("open", "")))
            closing = hhmm_to_minutes(str(raw.get("close", "")))
            if closing <= opening:
                raise Problem("close_before_open",
                              f"closing time {raw['close']} is not after opening {raw['open']}",
                              close=raw["close"], open=raw["open"])
            last = raw.get("last_entry")
            if last is not None and not opening <= hhmm_to_minutes(str(last)) <= closing:
                raise Problem("last_entry",
                              f"last entry {last} is outside {raw['open']}–{raw['close']}",
                              last=last, open=raw["open"], close=raw["close"])
            closed = tuple(raw.get("closed_weekdays", ()))
            if any(
                not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in closed
            ):
                raise Problem("closed_weekdays",
                              "closed_weekdays must be integers 0 (Monday) … 6 (Sunday)")
            if len(set(closed)) == 7:
                raise Problem("closed_all_week", "a season cannot close on all seven weekdays")
            seasons.append(
                Season(raw["start"], raw["end"], raw["open"], raw["close"], last, closed)
            )
        always = bool(data.get("always_open", False))
        if not always and not seasons:
            raise Problem("no_season", "opening hours need at least one season, or always_open")
        from catalog.holidays import DAY_NAMES

        closed_on = data.get("closed_on", [])
        if not isinstance(closed_on, list) or any(n not in DAY_NAMES for n in closed_on):
            names = "、".join(DAY_NAMES)
            raise Problem("hours_closed_on", f"closed_on may name only: {names}", names=names)
        return cls(
            seasons=tuple(seasons),
            always_open=always,
            estimated=bool(data.get("estimated", False)),
            source=str(data.get("source", "")),
            note=str(data.get("note", "")),
            closed_on=tuple(dict.fromkeys(closed_on)),
            open_on_holidays=bool(data.get("open_on_holidays", False)),
        )


def _holiday(day: dt.date) -> bool:
    from catalog.holidays import calendar_day

    return calendar_day(day).holiday


def _check_mmdd(value: object, key: str) -> None:
    try:
        dt.datetime.strptime(f"2024-{value}", "%Y-%m-%d")  # 2024: leap year, so 02-29 is valid
    except (TypeError, ValueError):
        raise Problem("season_mmdd", f"season {key} must be MM-DD, got {value!r}", key=key,
                      value=value) from None


@dataclass(frozen=True)
class GreenwayStop:
    """A site's place on one of the plan's three cultural greenways (文化绿道)."""

    greenway_id: str
    order: int  # 1-based, in the order the plan names the stops


@dataclass(frozen=True)
class Site:
    """A place in the catalogue, with everything the pages and the planner need."""

    id: str  # stable slug, e.g. "pingyao-gucheng"
    name_zh: str
    name_en: str | None
    pinyin: str  # generated from name_zh, e.g. "pingyao gucheng"
    county_adcode: str
    county_zh: str
    township: str | None
    village: str | None
    address: str | None
    lat: float  # WGS-84
    lon: float  # WGS-84
    coord_precision: str  # one of PRECISIONS
    coord_source: str
    kind: str  # kind of place, keys catalog.defaults (e.g. "walled_town", "temple")
    themes: tuple[str, ...]
    visit_minutes: int
    visit_minutes_estimated: bool
    hours: OpeningHours
    ticket_cny: float | None  # None = unknown; 0 = free
    ticket_estimated: bool
    designations: tuple[Designation, ...] = ()
    greenways: tuple[GreenwayStop, ...] = ()
    sources: tuple[str, ...] = ()
    version: int = 1
    updated_at: str = ""
    updated_by: str = ""
    retired: bool = False
    #: the planner multiplies the site's value by this (1 = neutral); officers edit it
    recommendation: float = 1.0
    recommendation_note: str = ""  # its source or reason
    romanized: str = ""  # the name in pinyin by words (Wangjia Dayuan), when there is no name_en
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def latin_name(self) -> str:
        """The name in Latin letters: pinyin by words (``romanized``, from ``catalog.romanize``:
        Wangjia Dayuan), or its syllables capitalised for an older catalogue, else the Chinese."""
        return (self.romanized or " ".join(w.capitalize() for w in self.pinyin.split())
                or self.name_zh)

    def name_in(self, lang: str) -> str:
        """The name to show in ``lang``: Chinese, or in English the established English name,
        else :meth:`latin_name` (the app, its exports and the print sheet all say it so)."""
        if lang != "en":
            return self.name_zh
        return self.name_en or self.latin_name()

    def current_designations(self) -> list[Designation]:
        """The designations that still hold (a revoked or merged listing, ``ended``, counts no
        more: 乔家大院's 5A, revoked in 2019)."""
        return [d for d in self.designations if d.ended is None]

    @property
    def a_level(self) -> bool:
        """A current A级景区 (holiday crowds, the holiday extra time)."""
        return any(d.kind == A_LEVEL for d in self.current_designations())

    def best_level(self) -> str | None:
        """The highest level among the site's designations (world > national > …)."""
        ranks = [LEVELS.index(d.level) for d in self.current_designations()
                 if d.level in LEVELS and d.level != "unknown"]
        return LEVELS[min(ranks)] if ranks else None


@dataclass(frozen=True)
class IntangibleItem:
    """A 非物质文化遗产 item: held by a county (and a site where one applies); never a point."""

    id: str
    name_zh: str
    level: str  # national | provincial
    category: str  # e.g. 传统技艺, 传统戏剧
    batch: str | None
    year: int | None
    ref_no: str | None
    county_adcode: str | None
    site_id: str | None
    source: str


@dataclass(frozen=True)
class Greenway:
    """One of the plan's three cultural greenways with its stops in the plan's order."""

    id: str
    name_zh: str
    name_en: str
    description_source: str
    stops: tuple[tuple[int, str, str | None], ...]  # (order, name as the plan writes it, site_id)
