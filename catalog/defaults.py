"""Documented defaults for visit time and opening hours, per kind of site.

Almost no source gives a site's own opening hours or typical visit time. So that the planner works
from day one, a site without sourced figures gets the default of its kind, marked ``estimated``
everywhere it is shown; an officer replaces it with the real figures (``site_facts.csv`` or the
editing pages) and the mark goes away.

These are the team's planning assumptions, not published facts. The reasoning:
- Gated sites in Shanxi commonly run a longer summer (旺季) and a shorter winter (淡季) day; we
  take 1 April–31 October as summer, as most published Shanxi schedules do, and close admissions
  30 minutes before closing time.
- Memorial halls and museums in China are commonly closed on Mondays; we assume so until told
  otherwise, which errs on the side of a plan that works.
- Open villages, historic streets and archaeological fields have no gate: always open, but the
  planner still keeps visits inside the day's time budget.
- Visit minutes are what a coach group needs on site, including the walk from parking.
Tickets are never defaulted: an unknown price stays unknown (None) rather than an invented one.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.models import OpeningHours, Season


def _gated(
    summer: tuple[str, str], winter: tuple[str, str], closed: tuple[int, ...] = ()
) -> OpeningHours:
    def season(start: str, end: str, hours: tuple[str, str]) -> Season:
        close_h, close_m = map(int, hours[1].split(":"))
        last = close_h * 60 + close_m - 30
        return Season(
            start=start,
            end=end,
            open=hours[0],
            close=hours[1],
            last_entry=f"{last // 60:02d}:{last % 60:02d}",
            closed_weekdays=closed,
        )

    return OpeningHours(
        seasons=(season("04-01", "10-31", summer), season("11-01", "03-31", winter)),
        estimated=True,
        source="default",
        note="默认值（按景点类型估计），请以景区公告为准 / default for this kind of site, not published",
    )


_ALWAYS = OpeningHours(
    always_open=True,
    estimated=True,
    source="default",
    note="无门禁，全天开放（估计） / no gate, always open (assumed)",
)


@dataclass(frozen=True)
class KindDefaults:
    """What a kind of site gets when it has no sourced figures."""

    label_zh: str
    label_en: str
    visit_minutes: int
    hours: OpeningHours


KIND_DEFAULTS: dict[str, KindDefaults] = {
    "walled_town": KindDefaults(
        "古城", "walled town", 240, _gated(("08:00", "18:30"), ("08:00", "17:30"))
    ),
    "historic_district": KindDefaults("历史文化街区", "historic district", 90, _ALWAYS),
    "courtyard_museum": KindDefaults(
        "晋商大院", "merchant courtyard", 120, _gated(("08:00", "18:30"), ("08:00", "17:30"))
    ),
    "temple": KindDefaults("寺观", "temple", 60, _gated(("08:30", "18:00"), ("08:30", "17:00"))),
    "fortified_village": KindDefaults(
        "古堡", "fortified village", 120, _gated(("08:00", "18:00"), ("08:00", "17:30"))
    ),
    "open_village": KindDefaults("古村", "open village", 60, _ALWAYS),
    "mountain_scenic": KindDefaults(
        "山岳景区", "mountain scenic area", 240, _gated(("07:30", "18:00"), ("08:00", "17:00"))
    ),
    "memorial": KindDefaults(
        "纪念地", "memorial site", 60, _gated(("09:00", "17:30"), ("09:00", "17:00"), closed=(0,))
    ),
    "museum": KindDefaults(
        "博物馆", "museum", 90, _gated(("09:00", "17:30"), ("09:00", "17:00"), closed=(0,))
    ),
    "archaeological_site": KindDefaults("遗址", "archaeological site", 30, _ALWAYS),
    "tomb": KindDefaults("墓葬", "tomb", 30, _ALWAYS),
    "monument": KindDefaults(
        "碑塔石刻", "monument", 30, _gated(("08:30", "18:00"), ("08:30", "17:00"))
    ),
}

SITE_KINDS: tuple[str, ...] = tuple(KIND_DEFAULTS)


def defaults_for(kind: str) -> KindDefaults:
    """The defaults of ``kind``; raises ValueError naming the known kinds."""
    try:
        return KIND_DEFAULTS[kind]
    except KeyError:
        raise ValueError(f"unknown site kind {kind!r}; known: {', '.join(SITE_KINDS)}") from None
