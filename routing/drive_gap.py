"""The least drive for the same visits on the same days, found by exhaustive search.

``python -m routing.bench_jinzhong`` compares each plan's driving with this figure: fixing every
planned visit to its day, each day is an ordering problem with opening windows and lunch, small
enough (≤ ``MAX_EXACT`` visits a day) to try every order with the engine's own schedule check.
The result is exact, which a long search can only approach; a day with more visits is reported
as not computed rather than estimated.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

from catalog.models import Site
from routing.engine.problem import compile_instance
from routing.engine.schedule import feasible, travel_of
from routing.planner import prepare
from routing.problem import Itinerary, TripRequest

MAX_EXACT = 8  # 8! = 40,320 orders: a few seconds in Python


def least_drive(request: TripRequest, pool: Sequence[Site], itinerary: Itinerary,
                places: Sequence[Site] = ()) -> tuple[int, int | None]:
    """(the plan's drive minutes, the least drive minutes for its visits on its days, or None
    when a day has more than ``MAX_EXACT`` visits). Both from the same travel matrix."""
    pins = tuple(sorted({**dict(request.pinned), **itinerary.pins()}.items()))
    planned = set(itinerary.planned_ids())
    fixed = replace(request, pinned=pins, layout=None)
    # the other candidates stay known as places: lodging ids, and the towns of the walking rule
    rest = [*places, *(s for s in pool if s.id not in planned)]
    prep = prepare(fixed, [s for s in pool if s.id in planned], places=rest)
    pb = compile_instance(prep.instance)
    node_of = {prep.model.candidates[s].id: k for k, s in enumerate(prep.engine_nodes)}
    plan_s = best_s = 0
    exact = True
    for t, day in enumerate(itinerary.days):
        route = [node_of[v.site_id] for v in day.visits]
        plan_s += travel_of(pb, t, route)
        if len(route) > MAX_EXACT:
            exact = False
            continue
        best = min((travel_of(pb, t, list(p)) for p in itertools.permutations(route)
                    if feasible(pb, t, list(p))), default=travel_of(pb, t, route))
        best_s += best
    return plan_s // 60, (best_s // 60 if exact else None)
