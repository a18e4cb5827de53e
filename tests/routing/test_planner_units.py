"""Integer scaling at the engine boundary: a float reaching the engine (and OR-Tools) is a bug,
because OR-Tools silently answers objective 0 on floats (PITFALLS f)."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

from routing.planner import prepare
from routing.travel import EstimatedTravel, TravelPoint
from tests.routing.planning_helpers import LUNCH, plan_checked, request, sites

MIXED = sites("jinzhong_mixed_9_sites")


def _ints_only(obj: object, path: str = "instance") -> list[str]:
    """Paths of every non-int number inside the instance (bools and floats included)."""
    bad = []
    if isinstance(obj, np.ndarray):  # the travel matrix: an integer array is ints throughout
        if obj.dtype.kind not in "iu":
            bad.append(f"{path}: {obj.dtype} array")
    elif isinstance(obj, tuple | list | frozenset):
        for i, item in enumerate(obj):
            bad += _ints_only(item, f"{path}[{i}]")
    elif hasattr(obj, "__dataclass_fields__"):
        for f in fields(obj):  # type: ignore[arg-type]
            if f.name not in ("name", "required"):  # the only non-numeric fields
                bad += _ints_only(getattr(obj, f.name), f"{path}.{f.name}")
    elif obj is not None and type(obj) is not int:
        bad.append(f"{path}={obj!r}")
    return bad


def test_every_number_reaching_the_engine_is_an_int_on_the_minute() -> None:
    req = request(days=3, lunch=LUNCH, mode="coach", group_size=45, max_sites_per_day=4,
                  interests={"晋商文化": 1.5, "红色文化": 0.5}, pinned={"zhangbi-gubao": 2})
    prep = prepare(req, MIXED)
    inst = prep.instance
    assert _ints_only(inst) == []
    assert all(v % 60 == 0 for row in inst.travel for v in row)
    # the array the planner passes holds the model's minutes × 60, location for location
    locs = sorted({*prep.model.origin_loc, *prep.model.lodging_loc,
                   *(prep.model.site_loc[s] for s in prep.engine_nodes)})
    assert isinstance(inst.travel, np.ndarray) and not inst.travel.flags.writeable
    assert inst.travel.tolist() == [[prep.model.minutes[a][b] * 60 for b in locs] for a in locs]
    assert all(t % 60 == 0 for n in inst.nodes for w in n.windows for t in w)
    assert all(n.score > 0 for n in inst.nodes)
    # absolute axis: day d's windows lie inside [d*86400, (d+1)*86400)
    for n in inst.nodes:
        for lo, hi in n.windows:
            assert lo // 86400 == hi // 86400 and lo <= hi


class FloatTravel:
    """A travel source that breaks the protocol by returning float seconds."""

    def matrix(self, points: list[TravelPoint]) -> tuple[list[list[int]], list[list[int]]]:
        s, m = EstimatedTravel().matrix(points)
        return [[v + 0.5 for v in row] for row in s], m  # type: ignore[misc]


def test_float_travel_times_are_refused_before_the_engine() -> None:
    with pytest.raises(TypeError, match="must be int"):
        prepare(request(), MIXED, FloatTravel())


class BrokenTravel:
    """Integer seconds, but one negative, or a row cut short."""

    def __init__(self, how: str) -> None:
        self.how = how

    def matrix(self, points: list[TravelPoint]) -> tuple[list[list[int]], list[list[int]]]:
        s, m = EstimatedTravel().matrix(points)
        if self.how == "negative":
            s[1][0] = -60
        else:
            s[1] = s[1][:-1]
        return s, m


@pytest.mark.parametrize("how", ["negative", "ragged"])
def test_negative_or_ragged_travel_times_are_refused(how: str) -> None:
    with pytest.raises(TypeError, match="must be int"):
        prepare(request(), MIXED, BrokenTravel(how))


class OddSecondsTravel:
    """Integer seconds that are not whole minutes (61 s per km-ish): the planner rounds up."""

    def matrix(self, points: list[TravelPoint]) -> tuple[list[list[int]], list[list[int]]]:
        s, m = EstimatedTravel().matrix(points)
        return [[v + 7 if v else 0 for v in row] for row in s], m


def test_odd_seconds_are_rounded_up_so_no_leg_is_shorter_than_the_source() -> None:
    travel = OddSecondsTravel()
    it, _ = plan_checked(request(days=2, lunch=LUNCH), MIXED, travel=travel)
    assert it.planned_ids()
    from routing.validate import validate_itinerary

    # the validator compares seconds with the odd source itself, not the rounded minutes
    assert validate_itinerary(request(days=2, lunch=LUNCH), MIXED, it, travel) == []
