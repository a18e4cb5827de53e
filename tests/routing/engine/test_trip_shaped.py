"""A trip-shaped instance like the planner's: 60 sites, 3 days with lunch, lodging changes.

``three_day_trip_60``: sites on a 60 x 40 km grid-ish spread (40 km/h straight-line estimate),
each open 08:30-17:00 on the days it opens (some closed one day: one window per open day on the
absolute axis), 30-120 min visits; day d runs 08:00-19:00 from the lodging of night d-1 to that
of night d, lunch 60 min starting 11:30-13:00. Two sites are required, one is pinned to day 2.
"""

from __future__ import annotations

import math
import random

from routing.engine import Break, Budget, Instance, Node, Tour, solve
from tests.routing.engine.helpers import check_plan

DAY = 86_400
H = 3600


def three_day_trip_60(seed: int = 11) -> Instance:
    rng = random.Random(seed)
    sites = [(rng.uniform(0, 60), rng.uniform(0, 40)) for _ in range(60)]
    lodgings = [(10.0, 10.0), (30.0, 20.0), (50.0, 30.0)]  # nights 0, 1, 2
    points = sites + lodgings
    travel = tuple(tuple(int(math.dist(a, b) / 40 * H) for b in points) for a in points)
    nodes = []
    for i in range(60):
        closed = rng.randrange(6)  # 0..2: closed that day; else open every day
        wins = tuple((d * DAY + 8 * H + 1800, d * DAY + 17 * H) for d in range(3) if d != closed)
        nodes.append(Node(service=rng.choice([1800, 3600, 5400, 7200]),
                          score=rng.randint(1, 10), windows=wins,
                          required=i in (5, 17),
                          allowed_tours=frozenset({2}) if i == 23 else None))
    tours = tuple(
        Tour(start_loc=60 + max(0, d - 1), end_loc=60 + d, earliest_start=d * DAY + 8 * H,
             latest_end=d * DAY + 19 * H,
             lunch=Break(d * DAY + 11 * H + 1800, d * DAY + 13 * H, H))
        for d in range(3))
    return Instance(nodes=tuple(nodes), node_loc=tuple(range(60)), tours=tours, travel=travel,
                    name="three_day_trip_60")


def test_trip_plan_is_valid_with_lunch_every_day() -> None:
    inst = three_day_trip_60()
    sol = solve(inst, Budget(max_iterations=40, seed=2))
    assert check_plan(inst, sol) == []
    assert all(tp.lunch_start is not None for tp in sol.tours)
    assert sol.unserved_required == ()
    served = {v.node for tp in sol.tours for v in tp.visits}
    assert {5, 17} <= served
    assert all(v.node != 23 for tp in sol.tours[:2] for v in tp.visits)
    assert sol.score > 0
