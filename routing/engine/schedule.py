"""Timing of one tour: earliest departures forward, latest arrivals backward, and the final plan.

A tour is the stop sequence ``start, r[0], ..., r[L-1], end``; gap ``p`` is the leg from stop ``p``
to stop ``p + 1``. Each time is kept for two states: lunch not yet taken (0) and taken (1). A tour
without lunch lives in state 1 from its start.

- ``dep0[p], dep1[p]``: earliest departure from stop ``p`` in each state (INF: impossible).
- ``lat0[p], lat1[p]``: latest arrival at stop ``p`` in each state such that the rest of the tour is
  still feasible (NEG: impossible).

Starting service is monotone in the arrival time (wait for the next window), so the feasible
arrivals at a stop form a prefix and one number per state describes them. This makes an insertion
test O(windows): see ``insert_ok`` and its vectorised twin in ``routing.engine.insertion``.

Lunch may be taken (a) on arrival at a stop, while waiting for it to open, or (b) after a visit
(or at the tour start) before driving on; never during a visit or a drive.
"""

from __future__ import annotations

from routing.engine.problem import INF, NEG, Problem
from routing.engine.types import ScheduledVisit, TourPlan


def first_start(wins: tuple[tuple[int, int], ...], a: int) -> int:
    """Earliest service start at or after arrival ``a`` (INF if every window has closed)."""
    for o, c in wins:
        if a <= c:
            return o if a < o else a
    return INF


def latest_start(wins: tuple[tuple[int, int], ...], u: int) -> int:
    """Latest service start at or before ``u`` (NEG if no window opens by then)."""
    for o, c in reversed(wins):
        if o <= u:
            return c if c < u else u
    return NEG


def visit(pb: Problem, t: int, node: int, a0: int, a1: int) -> tuple[int, int]:
    """Earliest departures (state 0, state 1) from ``node`` given earliest arrivals in each state."""
    wins = pb.windows[t][node]
    svc = pb.service_l[node]
    d0 = d1 = INF
    if a1 < INF:
        s = first_start(wins, a1)
        if s < INF:
            d1 = s + svc
    lunch = pb.lunch[t]
    if lunch is not None and a0 < INF:
        s = first_start(wins, a0)
        if s < INF:
            d0 = s + svc
            b = d0 if d0 > lunch.earliest else lunch.earliest
            if b <= lunch.latest and b + lunch.duration < d1:
                d1 = b + lunch.duration
        b = a0 if a0 > lunch.earliest else lunch.earliest
        if b <= lunch.latest:
            s = first_start(wins, b + lunch.duration)
            if s < INF and s + svc < d1:
                d1 = s + svc
    return d0, d1


def start_departures(pb: Problem, t: int) -> tuple[int, int]:
    """Earliest departures from the tour start: lunch not taken / taken before the first drive."""
    es = pb.earliest[t]
    lunch = pb.lunch[t]
    if lunch is None:
        return INF, es
    b = max(es, lunch.earliest)
    return es, (b + lunch.duration if b <= lunch.latest else INF)


def forward(pb: Problem, t: int, route: list[int]) -> tuple[list[int], list[int]]:
    """``dep0, dep1`` for stops ``0..L`` (the start and each visit)."""
    Tl = pb.Tl
    d0, d1 = start_departures(pb, t)
    dep0, dep1 = [d0], [d1]
    prev = pb.starts[t]
    for node in route:
        tr = Tl[prev][node]
        d0, d1 = visit(pb, t, node, d0 + tr, d1 + tr)
        dep0.append(d0)
        dep1.append(d1)
        prev = node
    return dep0, dep1


def backward(pb: Problem, t: int, route: list[int]) -> tuple[list[int], list[int]]:
    """``lat0, lat1`` for stops ``1..L+1`` (each visit and the end), index ``p - 1``."""
    Tl = pb.Tl
    lunch = pb.lunch[t]
    l0, l1 = NEG, pb.latest[t]
    lat0, lat1 = [l0], [l1]
    nxt = pb.ends[t]
    for node in reversed(route):
        tr = Tl[node][nxt]
        wins = pb.windows[t][node]
        svc = pb.service_l[node]
        n1 = latest_start(wins, l1 - tr - svc) if l1 > NEG else NEG
        n0 = NEG
        if lunch is not None:
            u0 = l0 - tr - svc if l0 > NEG else NEG
            if l1 > NEG and lunch.earliest + lunch.duration + tr <= l1:
                u0 = max(u0, min(lunch.latest, l1 - lunch.duration - tr) - svc)
            n0 = latest_start(wins, u0) if u0 > NEG else NEG
            if n1 > NEG:
                u = min(lunch.latest, n1 - lunch.duration)
                if u >= lunch.earliest:
                    n0 = max(n0, u)
        l0, l1 = n0, n1
        lat0.append(l0)
        lat1.append(l1)
        nxt = node
    lat0.reverse()
    lat1.reverse()
    return lat0, lat1


def feasible(pb: Problem, t: int, route: list[int]) -> bool:
    """Whether ``route`` can be scheduled in tour ``t`` (windows, lunch, return, length, pins)."""
    if len(route) > pb.max_visits[t]:
        return False
    if any(not pb.allowed[t, i] for i in route):
        return False
    dep0, dep1 = forward(pb, t, route)
    last = route[-1] if route else pb.starts[t]
    return dep1[-1] + pb.Tl[last][pb.ends[t]] <= pb.latest[t]


def insert_ok(pb: Problem, t: int, dep0: list[int], dep1: list[int], lat0: list[int],
              lat1: list[int], prev: int, nxt: int, p: int, node: int) -> bool:
    """Whether ``node`` fits in gap ``p`` (between matrix indexes ``prev`` and ``nxt``)."""
    Tl = pb.Tl
    tr = Tl[prev][node]
    d0, d1 = visit(pb, t, node, dep0[p] + tr, dep1[p] + tr)
    back = Tl[node][nxt]
    return d1 + back <= lat1[p] or d0 + back <= lat0[p]


def travel_of(pb: Problem, t: int, route: list[int]) -> int:
    """Total driving time of the tour, return leg included."""
    Tl = pb.Tl
    prev = pb.starts[t]
    total = 0
    for node in route:
        total += Tl[prev][node]
        prev = node
    return total + Tl[prev][pb.ends[t]]


def plan(pb: Problem, t: int, route: list[int]) -> TourPlan:
    """The concrete timetable of a feasible route: earliest times, lunch as decided backwards.

    Forward passes give the earliest departure per state; walking back from the end (state 1)
    picks, at each stop, which option produced that departure, i.e. where lunch is taken.
    """
    Tl = pb.Tl
    lunch_where: tuple[str, int] | None = None  # ("arrive" | "after", stop index)
    if pb.lunch[t] is not None:
        dep0, dep1 = forward(pb, t, route)
        lunch_where = ("after", 0)
        stops = [pb.starts[t], *route]
        for p in range(len(route), 0, -1):
            node = route[p - 1]
            tr = Tl[stops[p - 1]][node]
            if visit_carry(pb, t, node, dep1[p - 1] + tr)[1] != dep1[p]:
                lunch_where = (_which_lunch(pb, t, node, dep0[p - 1] + tr, dep1[p]), p)
                break
    return _timetable(pb, t, route, lunch_where)


def visit_carry(pb: Problem, t: int, node: int, a1: int) -> tuple[int, int]:
    """Departure from ``node`` when arriving in state 1 (lunch already taken)."""
    s = first_start(pb.windows[t][node], a1) if a1 < INF else INF
    return INF, (s + pb.service_l[node] if s < INF else INF)


def _which_lunch(pb: Problem, t: int, node: int, a0: int, target: int) -> str:
    lunch = pb.lunch[t]
    assert lunch is not None
    wins = pb.windows[t][node]
    svc = pb.service_l[node]
    b = max(a0, lunch.earliest)
    if b <= lunch.latest:
        s = first_start(wins, b + lunch.duration)
        if s < INF and s + svc == target:
            return "arrive"
    return "after"


def _timetable(pb: Problem, t: int, route: list[int],
               lunch_where: tuple[str, int] | None) -> TourPlan:
    """Replay the route with lunch at the decided place, earliest times everywhere."""
    Tl = pb.Tl
    lunch = pb.lunch[t]
    now = pb.earliest[t]
    lunch_start = None
    if lunch_where == ("after", 0):
        assert lunch is not None
        lunch_start = max(now, lunch.earliest)
        now = lunch_start + lunch.duration
    depart = now
    prev = pb.starts[t]
    visits = []
    for p, node in enumerate(route, start=1):
        arrive = now + Tl[prev][node]
        ready = arrive
        if lunch is not None and lunch_where == ("arrive", p):
            lunch_start = max(arrive, lunch.earliest)
            ready = lunch_start + lunch.duration
        start = first_start(pb.windows[t][node], ready)
        end = start + pb.service_l[node]
        visits.append(ScheduledVisit(node=node, arrive=arrive, start=start, end=end))
        now = end
        if lunch is not None and lunch_where == ("after", p):
            lunch_start = max(now, lunch.earliest)
            now = lunch_start + lunch.duration
        prev = node
    if visits and lunch_where not in (("after", 0), ("arrive", 1)):
        # leave as late as the first visit allows, rather than waiting at the gate
        first = visits[0]
        slack = first.start - first.arrive
        if slack > 0:
            depart += slack
            visits[0] = ScheduledVisit(first.node, first.start, first.start, first.end)
    return_time = now + Tl[prev][pb.ends[t]]
    return TourPlan(visits=tuple(visits), depart=depart, return_time=return_time,
                    lunch_start=lunch_start)
