"""How much a visit is worth (游览价值), in integer points. Every knob is in this module.

The value answers "if the day has room for only one more site, which one?" for a tourism office:

1. Designations set the base. The best designation counts in full; every further one adds
   ``EXTRA_DESIGNATION_SHARE`` of its own points, so 张壁古堡 (国保 + 名村 + 传统村落) outranks a
   plain 国保 without being worth three of them. Points per (kind, level) are in
   ``DESIGNATION_POINTS``; a kind/level pair not listed falls back to ``LEVEL_POINTS``. A-level
   scenic areas are graded by their class (5A/4A/3A), read from the designation's batch, official
   name or reference ("5A", "AAAAA"). A site with no designation is worth ``UNDESIGNATED_POINTS``.
2. Interests multiply: the highest weight among the site's themes (a theme not mentioned counts
   1.0), so {"晋商文化": 2} doubles every merchant compound and leaves the rest alone; weight 0
   removes interest in a theme entirely.
3. Greenway membership multiplies by ``GREENWAY_BONUS`` when the site is a stop of one of the
   greenways the request asks for (of any greenway, when it names none): the plan's emphasis.
4. The recommendation weight multiplies last: a per-site figure officers edit (1 = neutral,
   0–5; recorded in history like any edit, with its source or reason). The seed sets it for the
   icons of each greenway (乔家大院 and 王家大院 2, 常家庄园 and 曹家大院 1.5, 平遥古城 1.2, …:
   ``data/seed/site_facts.csv``), so a 晋商 trip keeps the compounds a tourism office would not
   drop, where designations alone rank every 国保 alike.

``value_parts`` gives the same figure as the steps behind it, for the plan's "why" column.

The result is scaled by ``SCALE`` and rounded to an int, because the engine works in integers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from catalog.models import Designation, Site

SCALE = 10
EXTRA_DESIGNATION_SHARE = 0.25
UNDESIGNATED_POINTS = 5.0
GREENWAY_BONUS = 1.2

LEVEL_POINTS: dict[str, float] = {
    "world": 100.0, "national": 30.0, "provincial": 12.0, "city": 5.0, "county": 3.0,
}

DESIGNATION_POINTS: dict[tuple[str, str], float] = {
    ("世界文化遗产", "world"): 100.0,
    ("历史文化名城", "national"): 60.0,
    ("历史文化名城", "provincial"): 25.0,
    ("文物保护单位", "national"): 40.0,
    ("文物保护单位", "provincial"): 15.0,
    ("文物保护单位", "city"): 6.0,
    ("文物保护单位", "county"): 3.0,
    ("历史文化名镇", "national"): 30.0,
    ("历史文化名镇", "provincial"): 12.0,
    ("历史文化名村", "national"): 30.0,
    ("历史文化名村", "provincial"): 12.0,
    ("历史文化街区", "national"): 25.0,
    ("历史文化街区", "provincial"): 10.0,
    ("中国传统村落", "national"): 15.0,
    ("山西省传统村落", "provincial"): 6.0,
    ("历史建筑", "city"): 3.0,
    ("历史建筑", "county"): 3.0,
}

#: A级景区 by class; the level field of these designations is not what grades them.
SCENIC_CLASS_POINTS: dict[int, float] = {5: 60.0, 4: 30.0, 3: 10.0, 2: 5.0, 1: 3.0}
_A_CLASS = re.compile(r"([1-5])\s*A|(A{1,5})(?![A-Za-z])")


def scenic_class(d: Designation) -> int | None:
    """5 for a 5A scenic area, 4 for 4A …; None when the class is not stated."""
    for text in (d.batch, d.official_name, d.ref_no):
        if not text:
            continue
        m = _A_CLASS.search(text)
        if m:
            return int(m.group(1)) if m.group(1) else len(m.group(2))
    return None


def designation_points(d: Designation) -> float:
    """Points for one designation."""
    if d.kind == "A级景区":
        grade = scenic_class(d)
        if grade is not None:
            return SCENIC_CLASS_POINTS[grade]
    return DESIGNATION_POINTS.get((d.kind, d.level), LEVEL_POINTS.get(d.level, 3.0))


def current(site: Site) -> list[Designation]:
    """The designations that still hold (a revoked or merged listing, ``ended``, counts no more:
    乔家大院's 5A, revoked in 2019)."""
    return site.current_designations()


def base_points(site: Site) -> float:
    """The designation part of the value, before interests and greenway."""
    points = sorted((designation_points(d) for d in current(site)), reverse=True)
    if not points:
        return UNDESIGNATED_POINTS
    return points[0] + EXTRA_DESIGNATION_SHARE * sum(points[1:])


def interest_multiplier(site: Site, interests: Mapping[str, float]) -> float:
    """The highest interest weight among the site's themes (1.0 for themes not mentioned)."""
    if not site.themes:
        return 1.0
    return max(interests.get(theme, 1.0) for theme in site.themes)


def value_parts(
    site: Site, interests: Mapping[str, float] | None = None, greenways: Collection[str] = ()
) -> list[tuple[str, dict[str, object]]]:
    """Why ``site`` is worth what it is: ``(code, params)`` steps, in the order they apply.

    Codes: ``designation`` (kind, level, points; the best first, the rest at a quarter),
    ``undesignated`` (points), ``interest`` (factor), ``greenway`` (factor),
    ``recommendation`` (factor, note). The app words them (``ui.plan_text``).
    """
    parts: list[tuple[str, dict[str, object]]] = []
    ranked = sorted(current(site), key=designation_points, reverse=True)
    for i, d in enumerate(ranked):
        points = designation_points(d) * (1 if i == 0 else EXTRA_DESIGNATION_SHARE)
        grade = scenic_class(d) if d.kind == "A级景区" else None
        parts.append(("designation", {"kind": d.kind, "level": d.level, "points": round(points, 1),
                                      "grade": f"{grade}A" if grade else ""}))
    if not ranked:
        parts.append(("undesignated", {"points": UNDESIGNATED_POINTS}))
    factor = interest_multiplier(site, interests or {})
    if factor != 1.0:
        parts.append(("interest", {"factor": factor}))
    if any(not greenways or g.greenway_id in greenways for g in site.greenways):
        parts.append(("greenway", {"factor": GREENWAY_BONUS}))
    if site.recommendation != 1.0:
        parts.append(("recommendation", {"factor": site.recommendation,
                                         "note": site.recommendation_note}))
    return parts


def visit_value(
    site: Site, interests: Mapping[str, float] | None = None, greenways: Collection[str] = ()
) -> int:
    """The integer value of visiting ``site`` (0 when every theme of it has interest weight 0)."""
    value = base_points(site) * interest_multiplier(site, interests or {})
    on_greenway = any(not greenways or g.greenway_id in greenways for g in site.greenways)
    if on_greenway:
        value *= GREENWAY_BONUS
    value *= max(0.0, site.recommendation)
    return int(round(value * SCALE))
