"""The planner on tiny named fixtures: opening hours, closed weekdays, seasons, lunch, lodging
changes, must-visit, excluded and pinned sites. Every plan goes through the independent validator
(``plan_checked``); the assertions here add what a validator cannot know (which site, which day).

Dates: 2026-05-11 is a Monday.
"""

from __future__ import annotations

from routing.problem import REASONS
from routing.sites_json import site_from_json
from tests.routing.planning_helpers import LUNCH, day_of, plan_checked, reasons, request, sites

PINGYAO = sites("pingyao_5_sites")
MIXED = sites("jinzhong_mixed_9_sites")
JIEXIU_HOTEL = {"lat": 37.027, "lon": 111.913, "name": "介休宾馆", "county_adcode": "140781"}
ZUOQUAN_HOTEL = {"lat": 37.070, "lon": 113.380, "name": "左权宾馆", "county_adcode": "140722"}


def test_site_closed_on_monday_is_planned_on_tuesday() -> None:
    """镇国寺 closes on Mondays: as a must-visit of a Monday–Tuesday trip it lands on day 2."""
    it, _ = plan_checked(request(must_visit=["zhenguo-si"], lunch=LUNCH), PINGYAO)
    assert day_of(it)["zhenguo-si"] == 2


def test_site_closed_on_every_trip_day_is_reported_closed() -> None:
    """A one-day Monday trip: 镇国寺 is `closed`, and the sentence names the date."""
    it, _ = plan_checked(request(days=1), PINGYAO)
    assert "zhenguo-si" not in day_of(it)
    u = next(u for u in it.unplanned if u.site_id == "zhenguo-si")
    assert u.reason == "closed" and "2026-05-11" in u.message


def test_season_closes_a_site_in_winter_only() -> None:
    """介休后土庙 opens April–October: a May day can plan it, a December day cannot."""
    pool = [s for s in MIXED if s.id in ("houtu-miao", "zhangbi-gubao", "pingyao-gucheng")]
    may, _ = plan_checked(request(days=1, start_date="2026-05-12", must_visit=["houtu-miao"]), pool)
    assert "houtu-miao" in day_of(may)
    dec, _ = plan_checked(request(days=1, start_date="2026-12-08"), pool)
    assert reasons(dec)["houtu-miao"] == "closed"


def test_visit_never_starts_before_opening_or_after_last_entry() -> None:
    """A day from 06:00: 乔家大院 (opens 08:00, last entry 17:30, 120 min, closes 18:30)."""
    pool = [s for s in PINGYAO if s.id in ("qiaojia-dayuan", "pingyao-gucheng")]
    it, _ = plan_checked(request(days=1, day_start="06:00", must_visit=["qiaojia-dayuan"]), pool)
    visit = next(v for d in it.days for v in d.visits if v.site_id == "qiaojia-dayuan")
    assert 8 * 60 <= visit.start <= 16 * 60 + 30  # latest start = min(17:30, 18:30 - 120 min)


def test_too_late_for_last_admission_does_not_fit() -> None:
    """Leaving 平遥 at 16:00, 乔家大院 (latest useful start 16:30) is out of reach by car."""
    pool = [s for s in PINGYAO if s.id in ("qiaojia-dayuan", "pingyao-gucheng")]
    it, _ = plan_checked(request(days=1, day_start="16:00", day_end="22:00"), pool)
    u = next(u for u in it.unplanned if u.site_id == "qiaojia-dayuan")
    assert u.reason == "does_not_fit" and "16:30" in u.message


def test_every_day_has_lunch_inside_its_window() -> None:
    it, _ = plan_checked(request(days=3, lunch=LUNCH, mode="coach", group_size=40), MIXED)
    for d in it.days:
        assert d.lunch_start is not None and d.lunch_end is not None
        assert d.lunch_start >= 11 * 60 + 30 and d.lunch_end <= 13 * 60 + 30
        assert d.lunch_end - d.lunch_start == 60


def test_visit_that_leaves_no_room_for_lunch_is_explained() -> None:
    """A 4-hour visit that must start 10:00–11:00 swallows the whole 11:30–13:30 lunch window."""
    blocker = site_from_json({
        "id": "blocker", "name_zh": "午间长馆", "county_adcode": "140728", "lat": 37.21,
        "lon": 112.19, "visit_minutes": 240,
        "hours": {"seasons": [{"start": "01-01", "end": "12-31", "open": "10:00",
                               "close": "15:00", "last_entry": "11:00"}]},
    })
    pool = [blocker, *PINGYAO]
    it, _ = plan_checked(request(days=1, lunch=LUNCH, must_visit=["blocker"]), pool)
    (problem,) = it.must_visit_problems
    assert problem.site_id == "blocker" and problem.constraint == "lunch"
    without, _ = plan_checked(request(days=1, must_visit=["blocker"]), pool)
    assert "blocker" in day_of(without)


def test_lodging_changes_between_days() -> None:
    """Start in 平遥, sleep in 介休, then back in 平遥: day 2 starts where night 1 was spent."""
    req = request(start="pingyao-gucheng", lodging=[JIEXIU_HOTEL, "pingyao-gucheng"], lunch=LUNCH)
    it, _ = plan_checked(req, MIXED)
    day1, day2 = it.days
    assert day1.origin.site_id == "pingyao-gucheng" and day1.lodging.name == "介休宾馆"
    assert day2.origin.name == "介休宾馆" and day2.lodging.site_id == "pingyao-gucheng"


def test_mountain_site_out_of_reach_from_basin_lodging_is_explained() -> None:
    """By coach, 麻田 (左权, 太行 mountain roads) is beyond a 08:30–17:30 round trip from 平遥,
    but fits when the night is spent in 左权."""
    tuesday = {"start_date": "2026-05-12", "days": 1, "day_end": "17:30", "mode": "coach",
               "group_size": 40}
    it, _ = plan_checked(request(**tuesday, must_visit=["matian-balujun"]), MIXED)
    (problem,) = it.must_visit_problems
    assert problem.constraint == "day_length" and "麻田" in problem.message
    moved, _ = plan_checked(
        request(**tuesday, start="pingyao-gucheng", lodging=[ZUOQUAN_HOTEL],
                must_visit=["matian-balujun"]),
        MIXED,
    )
    assert moved.must_visit_problems == () and "matian-balujun" in day_of(moved)


def test_excluded_site_is_never_planned() -> None:
    it, _ = plan_checked(request(excluded=["pingyao-gucheng", "shuanglin-si"]), PINGYAO)
    assert not {"pingyao-gucheng", "shuanglin-si"} & set(day_of(it))
    assert reasons(it)["pingyao-gucheng"] == reasons(it)["shuanglin-si"] == "excluded"


def test_pinned_visits_stay_on_their_day() -> None:
    req = request(pinned={"shuanglin-si": 2, "qiaojia-dayuan": 1, "zhenguo-si": 2}, lunch=LUNCH)
    it, _ = plan_checked(req, PINGYAO)
    days = day_of(it)
    assert (days["shuanglin-si"], days["qiaojia-dayuan"], days["zhenguo-si"]) == (2, 1, 2)


def test_replanning_with_every_visit_pinned_keeps_them() -> None:
    """Plan, pin what was planned to its day, re-plan with another seed: nothing moves."""
    from routing.engine import Budget

    first, _ = plan_checked(request(days=3, lunch=LUNCH), MIXED)
    pins = first.pins()
    again, _ = plan_checked(request(days=3, lunch=LUNCH, pinned=pins), MIXED,
                            budget=Budget(max_iterations=40, seed=7))
    assert {k: v for k, v in day_of(again).items() if k in pins} == pins


def test_must_visit_closed_on_every_day_is_explained() -> None:
    it, _ = plan_checked(request(days=1, must_visit=["zhenguo-si"]), PINGYAO)
    (problem,) = it.must_visit_problems
    assert problem.constraint == "closed" and "镇国寺" in problem.message


def test_must_visit_longer_than_opening_hours_is_explained() -> None:
    """长时间遗址 needs 360 min but opens only 08:00–12:00."""
    it, _ = plan_checked(request(must_visit=["long-tour-site"]), MIXED)
    (problem,) = it.must_visit_problems
    assert problem.constraint == "opening_hours" and "08:00–12:00" in problem.message


def test_pinned_to_a_closed_day_is_explained() -> None:
    it, _ = plan_checked(request(pinned={"zhenguo-si": 1}), PINGYAO)
    (problem,) = it.must_visit_problems
    assert problem.constraint == "pinned_day_closed" and "day 1" in problem.message


def test_must_visits_that_fit_alone_but_not_together_are_explained() -> None:
    """09:00–14:00 by car: 王家大院 or 乔家大院 fits, not both (opposite ends of the basin)."""
    it, _ = plan_checked(
        request(days=1, day_start="09:00", day_end="14:00",
                must_visit=["wangjia-dayuan", "qiaojia-dayuan"]),
        PINGYAO,
    )
    assert len(set(day_of(it)) & {"wangjia-dayuan", "qiaojia-dayuan"}) == 1
    (problem,) = it.must_visit_problems
    assert problem.constraint == "conflict"
    other = ({"wangjia-dayuan", "qiaojia-dayuan"} - {problem.site_id}).pop()
    other_name = next(s.name_zh for s in PINGYAO if s.id == other)
    assert "day 1" in problem.message and other_name in problem.message  # names what took the day


def test_max_sites_per_day() -> None:
    it, _ = plan_checked(request(days=2, max_sites_per_day=1), PINGYAO)
    assert all(len(d.visits) <= 1 for d in it.days)
    assert "lower_value" in reasons(it).values()


def test_every_candidate_is_planned_or_has_one_reason() -> None:
    it, _ = plan_checked(request(days=1, lunch=LUNCH, excluded=["dazhai"]), MIXED)
    planned = set(day_of(it))
    unplanned = [u.site_id for u in it.unplanned]
    assert len(unplanned) == len(set(unplanned))
    assert planned | set(unplanned) == {s.id for s in MIXED} and not planned & set(unplanned)
    assert all(u.reason in REASONS and u.message for u in it.unplanned)


def test_more_pins_on_a_day_than_its_maximum_are_explained() -> None:
    req = request(max_sites_per_day=2,
                  pinned={"shuanglin-si": 2, "qiaojia-dayuan": 2, "pingyao-gucheng": 2})
    it, _ = plan_checked(req, PINGYAO)
    (problem,) = it.must_visit_problems
    assert problem.constraint == "max_sites_per_day" and "maximum of 2" in problem.message
    assert sum(1 for v in it.days[1].visits if v.pinned) == 2


def test_days_without_any_candidate_still_drive_between_lodgings() -> None:
    """Every candidate excluded: each day is lunch and the drive to the next lodging, valid."""
    req = request(days=2, lunch=LUNCH, start="pingyao-gucheng",
                  lodging=[JIEXIU_HOTEL, "pingyao-gucheng"], excluded=[s.id for s in PINGYAO])
    it, _ = plan_checked(req, PINGYAO)
    assert it.planned_ids() == []
    day1 = it.days[0]
    assert day1.lodging_drive_minutes > 0
    assert day1.lodging_arrive == day1.depart + day1.lodging_drive_minutes
