"""Test helpers: tiny instance builders, a brute-force optimum and an independent plan checker.

Nothing here imports the engine's internals: ``check_plan`` re-derives every rule of the contract
(``routing.engine.types`` docstring) from the returned timetable alone.
"""

from __future__ import annotations

import itertools
import math

from routing.engine.types import Break, Instance, Node, Solution, Tour


def euclid(points: list[tuple[int, int]], scale: int = 60) -> tuple[tuple[int, ...], ...]:
    """Integer travel matrix: Euclidean distance x ``scale``, rounded up."""
    return tuple(tuple(math.ceil(math.dist(a, b) * scale) for b in points) for a in points)


def line_instance(
    sites: list[tuple[int, int, int, int]],
    tours: list[Tour] | None = None,
    depot: tuple[int, int] = (0, 0),
    **node_kw: object,
) -> Instance:
    """Sites ``(x, y, score, service)`` open all day, depot at location 0."""
    points = [depot] + [(x, y) for x, y, _, _ in sites]
    nodes = tuple(Node(service=s, score=p, windows=((0, 10**6),)) for _, _, p, s in sites)
    tours = tours or [Tour(0, 0, 0, 1000)]
    return Instance(nodes=nodes, node_loc=tuple(range(1, len(points))), tours=tuple(tours),
                    travel=euclid(points), **node_kw)  # type: ignore[arg-type]


def check_plan(inst: Instance, sol: Solution) -> list[str]:
    """Every violation of the contract in ``sol`` (empty list: valid)."""
    errs: list[str] = []
    seen: set[int] = set()
    travel_total = 0
    if len(sol.tours) != len(inst.tours):
        return [f"{len(sol.tours)} tour plans for {len(inst.tours)} tours"]
    for t, (tour, tp) in enumerate(zip(inst.tours, sol.tours, strict=True)):
        if tour.max_visits is not None and len(tp.visits) > tour.max_visits:
            errs.append(f"tour {t}: {len(tp.visits)} visits > max {tour.max_visits}")
        if tp.depart < tour.earliest_start:
            errs.append(f"tour {t}: departs {tp.depart} before {tour.earliest_start}")
        drives: list[tuple[int, int]] = []
        busy: list[tuple[int, int]] = []
        loc, free = tour.start_loc, tp.depart
        for v in tp.visits:
            node = inst.nodes[v.node]
            if v.node in seen:
                errs.append(f"node {v.node} served twice")
            seen.add(v.node)
            if node.allowed_tours is not None and t not in node.allowed_tours:
                errs.append(f"node {v.node} in tour {t}, not allowed")
            leg = inst.travel[loc][inst.node_loc[v.node]]
            travel_total += leg
            if v.arrive - leg < free:
                errs.append(f"node {v.node}: arrives {v.arrive} before it could ({free}+{leg})")
            if v.start < v.arrive:
                errs.append(f"node {v.node}: starts before arriving")
            if not any(o <= v.start <= c for o, c in node.windows):
                errs.append(f"node {v.node}: start {v.start} outside {node.windows}")
            if v.end != v.start + node.service:
                errs.append(f"node {v.node}: end {v.end} != start + service")
            drives.append((v.arrive - leg, v.arrive))
            busy.append((v.start, v.end))
            loc, free = inst.node_loc[v.node], v.end
        leg = inst.travel[loc][tour.end_loc]
        travel_total += leg
        if tp.return_time - leg < free:
            errs.append(f"tour {t}: returns at {tp.return_time}, too early to be true")
        if tp.return_time > tour.latest_end:
            errs.append(f"tour {t}: returns {tp.return_time} after {tour.latest_end}")
        drives.append((tp.return_time - leg, tp.return_time))
        errs += _check_lunch(t, tour.lunch, tp.lunch_start, tp.depart, tour, drives, busy)
    for i, node in enumerate(inst.nodes):
        if node.required and i not in seen and i not in sol.unserved_required:
            errs.append(f"required node {i} neither served nor reported")
    if sol.score != sum(inst.nodes[i].score for i in seen):
        errs.append(f"score {sol.score} != served {sum(inst.nodes[i].score for i in seen)}")
    if sol.travel_time != travel_total:
        errs.append(f"travel_time {sol.travel_time} != {travel_total}")
    return errs


def _check_lunch(t: int, lunch: Break | None, start: int | None, depart: int, tour: Tour,
                 drives: list[tuple[int, int]], busy: list[tuple[int, int]]) -> list[str]:
    if lunch is None:
        return [] if start is None else [f"tour {t}: lunch without a break"]
    if start is None:
        return [f"tour {t}: no lunch"]
    if not lunch.earliest_start <= start <= lunch.latest_start:
        return [f"tour {t}: lunch at {start} outside its window"]
    end = start + lunch.duration
    if start < tour.earliest_start:
        return [f"tour {t}: lunch before the day starts"]
    errs = []
    for a, b in drives + busy:
        if a < end and start < b and a < b:
            errs.append(f"tour {t}: lunch [{start}, {end}) overlaps [{a}, {b})")
    if depart > start and end > depart:
        errs.append(f"tour {t}: lunch overlaps departure")
    return errs


def brute_force_single(inst: Instance) -> tuple[int, int]:
    """(best score, least travel at that score) over every ordered subset, for m = 1 and no
    lunch; checks windows the simple way (earliest start)."""
    tour, = inst.tours
    best = (0, -inf_travel(inst, tour, ()))
    n = len(inst.nodes)
    for k in range(1, n + 1):
        for perm in itertools.permutations(range(n), k):
            travel = inf_travel(inst, tour, perm)
            if travel is None:
                continue
            key = (sum(inst.nodes[i].score for i in perm), -travel)
            best = max(best, key)
    return best[0], -best[1]


def inf_travel(inst: Instance, tour: Tour, perm: tuple[int, ...]) -> int | None:
    """Travel of ``perm`` as one tour if feasible (earliest-start schedule), else None."""
    clock, loc, travel = tour.earliest_start, tour.start_loc, 0
    if tour.max_visits is not None and len(perm) > tour.max_visits:
        return None
    for i in perm:
        node = inst.nodes[i]
        leg = inst.travel[loc][inst.node_loc[i]]
        travel += leg
        arrive = clock + leg
        starts = [max(arrive, o) for o, c in node.windows if max(arrive, o) <= c]
        if not starts:
            return None
        clock = min(starts) + node.service
        loc = inst.node_loc[i]
    leg = inst.travel[loc][tour.end_loc]
    if clock + leg > tour.latest_end:
        return None
    return travel + leg
