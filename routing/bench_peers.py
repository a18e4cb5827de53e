"""Peer solvers for ``python -m routing.bench --peers``: PyVRP and VROOM on the same instances.

Both get the engine's integer matrix, so every solver sees exactly the same times.
- PyVRP: prize-collecting VRPTW, ``m`` vehicles, prize = score x (m x Tmax + 1) so that one
  point of score outweighs any travel saving; stopped by ``MaxRuntime``.
- VROOM: jobs with ``priority`` = score (VROOM caps priorities at 100; every benchmark score is
  below that), exploration level 5, two threads; it has no time limit parameter, so its own
  running time is reported.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from routing.toptw import BenchInstance


def run_pyvrp(bench: BenchInstance, time_limit: float, seed: int = 0) -> list[list[int]]:
    """Best feasible routes found by PyVRP (file vertex ids); [] if it found none feasible."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    inst = bench.instance
    tour = inst.tours[0]
    m = len(inst.tours)
    big = m * tour.latest_end + 1
    model = pyvrp.Model()
    nloc = len(inst.travel)
    locs = [model.add_location(0, 0) for _ in range(nloc)]
    depot = model.add_depot(locs[0], tw_early=tour.earliest_start, tw_late=tour.latest_end)
    for node, loc in zip(inst.nodes, inst.node_loc, strict=True):
        (o, c), = node.windows
        model.add_client(locs[loc], service_duration=node.service, tw_early=o, tw_late=c,
                         prize=node.score * big, required=False)
    model.add_vehicle_type(num_available=m, start_depot=depot, end_depot=depot,
                           tw_early=tour.earliest_start, tw_late=tour.latest_end)
    for a in range(nloc):
        for b in range(nloc):
            if a != b:
                model.add_edge(locs[a], locs[b], distance=inst.travel[a][b],
                               duration=inst.travel[a][b])
    res = model.solve(MaxRuntime(time_limit), seed=seed, display=False)
    if not res.is_feasible():
        return []
    # a client activity's idx counts clients only (0-based), in the order they were added
    return [[bench.vertex_ids[a.idx] for a in route if a.is_client()] for route in res.best.routes()]


def run_vroom(bench: BenchInstance) -> list[list[int]]:
    """VROOM's routes (file vertex ids)."""
    import vroom

    inst = bench.instance
    tour = inst.tours[0]
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=np.array(inst.travel, dtype=np.uint32))
    for v in range(len(inst.tours)):
        problem.add_vehicle(vroom.Vehicle(id=v, start=0, end=0,
                                          time_window=vroom.TimeWindow(tour.earliest_start,
                                                                       tour.latest_end)))
    for k, (node, loc) in enumerate(zip(inst.nodes, inst.node_loc, strict=True)):
        (o, c), = node.windows
        problem.add_job(vroom.Job(id=k, location=loc, default_service=node.service,
                                  priority=min(100, node.score),
                                  time_windows=[vroom.TimeWindow(o, c)]))
    sol = problem.solve(exploration_level=5, nb_threads=2, timeout=timedelta(seconds=30))
    routes: dict[int, list[int]] = {}
    frame = sol.routes
    for vid, kind, job in zip(frame["vehicle_id"], frame["type"], frame["id"], strict=True):
        if kind == "job":
            routes.setdefault(int(vid), []).append(bench.vertex_ids[int(job)])
    return [routes[v] for v in sorted(routes)]
