"""The only module that imports OR-Tools: a routing model used as a polishing local search, and
CP-SAT recombining the routes the search has seen (``recombine``).

The ILS hands over candidate routes; OR-Tools runs a greedy descent from them with its node
operators (relocate, exchange, 2-opt, or-opt, cross, make-active, swap-active, ...) and returns
the local optimum. The model is built and closed once per ``solve``; every polish is
``ReadAssignmentFromRoutes`` + ``SolveFromAssignmentWithParameters`` on it.

Modelling (PITFALLS f): integer matrices registered with ``RegisterTransitMatrix`` (no Python
callbacks); one vehicle per tour with its own start and end; a "Time" dimension whose transit is
service at the origin plus travel, slack for waiting, node windows as cumul ranges with the gaps
between windows removed; optional visits as one-node disjunctions whose penalty is score x BIG,
BIG above any possible travel total, so one point of score outweighs every travel saving. Lunch
breaks are break intervals that may not overlap a visit. OR-Tools' idea of a break is looser
than ours (it may sit inside a drive), so the caller re-checks every route with the engine's own
schedule and keeps it only if it passes.
"""

from __future__ import annotations

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing.engine.problem import Problem

_ON = 3  # OptionalBoolean BOOL_TRUE
_OFF = 2  # OptionalBoolean BOOL_FALSE
# Measured on pr02/pr03/pr09 from ILS solutions: these converge in ~0.1 s; adding
# relocate_neighbors / relocate_and_make_active / extended_swap_active costs 2-3 s per descent.
_KEEP = ("use_relocate", "use_exchange", "use_cross", "use_two_opt", "use_or_opt",
         "use_make_active", "use_swap_active")


def _int_matrix(rows: np.ndarray) -> list[list[int]]:
    """Plain Python ints for SWIG; refuse anything that is not an integer matrix."""
    if rows.dtype.kind not in "iu":
        raise TypeError(f"OR-Tools needs integer matrices, got dtype {rows.dtype}")
    return rows.tolist()  # int64 -> Python int, in C


def build_seconds(pb: Problem) -> float:
    """A rough upper estimate of ``Polisher(pb)``'s cost: ``RemoveInterval`` on a day-wide gap
    costs ~0.2-0.5 ms (measured on the 7-day catalogue trip: 2,143 gaps, 0.9 s on a loaded
    machine), the matrices ~20 ns an entry. The solver skips the descent when this would eat
    the budget (a week over the whole catalogue)."""
    if not pb.m or not pb.n:
        return 0.02
    # distinct window opens per node over all tours (identical tours share their windows)
    opens = np.sort(np.stack(pb.wo).transpose(1, 0, 2).reshape(pb.n, -1), axis=1)
    real = opens < np.iinfo(np.int64).max // 4
    distinct = real[:, :1].sum() + (real[:, 1:] & (np.diff(opens, axis=1) != 0)).sum()
    gaps = max(0, 2 * (int(distinct) - pb.n))
    size = pb.n + 2 * pb.m
    return 0.02 + 5e-4 * gaps + 2e-8 * size * size


class Polisher:
    """A closed OR-Tools routing model of one problem; call it on routes to polish them."""

    def __init__(self, pb: Problem, step_limit_ms: int = 150):
        self.pb = pb
        self.step_limit_ms = step_limit_ms
        self._build()

    def _build(self) -> None:
        pb = self.pb
        n, m = pb.n, pb.m
        size = n + 2 * m
        self.manager = pywrapcp.RoutingIndexManager(size, m, pb.starts, pb.ends)
        routing = pywrapcp.RoutingModel(self.manager)
        self.routing = routing
        cost = routing.RegisterTransitMatrix(_int_matrix(pb.T))
        routing.SetArcCostEvaluatorOfAllVehicles(cost)
        svc = np.zeros(size, dtype=np.int64)
        svc[:n] = pb.service
        times = routing.RegisterTransitMatrix(_int_matrix(pb.T + svc[:, None]))
        horizon = int(max(pb.latest)) + 1
        routing.AddDimension(times, horizon, horizon, False, "Time")
        time_dim = routing.GetDimensionOrDie("Time")
        self._windows(time_dim)
        span = sum(pb.latest[t] - pb.earliest[t] for t in range(m))
        big = max(1, int(pb.T.max()) * (n + 2 * m), span) + 1
        top = big * (int(pb.score.sum()) + 1)
        for i in range(n):
            index = self.manager.NodeToIndex(i)
            penalty = top if pb.required[i] else big * pb.score_l[i]
            routing.AddDisjunction([index], int(penalty) if pb.allowed[:, i].any() else 0)
            if not pb.allowed[:, i].all():
                # SetAllowedVehiclesForIndex's Span argument does not bind in the 9.15 wheel;
                # restricting the vehicle variable (-1 = not performed) is the same constraint
                routing.VehicleVar(index).SetValues(
                    [-1] + [t for t in range(m) if pb.allowed[t, i]])
        if min(pb.max_visits) < n:
            routing.AddConstantDimension(1, n + 1, True, "Visits")
            count = routing.GetDimensionOrDie("Visits")
            for t in range(m):
                count.CumulVar(routing.End(t)).SetMax(pb.max_visits[t])
        self._breaks(time_dim, [int(s) for s in svc])
        for t in range(m):
            routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.Start(t)))
            routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.End(t)))
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
        ops = params.local_search_operators
        for field in ops.DESCRIPTOR.fields:
            setattr(ops, field.name, _ON if field.name in _KEEP else _OFF)
        params.time_limit.FromMilliseconds(self.step_limit_ms)
        self.params = params
        routing.CloseModelWithParameters(params)

    def _windows(self, time_dim: pywrapcp.RoutingDimension) -> None:
        pb, routing, manager = self.pb, self.routing, self.manager
        for i in range(pb.n):
            wins = sorted({w for t in range(pb.m) for w in pb.windows[t][i]})
            if not wins:
                continue
            merged: list[list[int]] = []
            for o, c in wins:
                if merged and o <= merged[-1][1] + 1:
                    merged[-1][1] = max(merged[-1][1], c)
                else:
                    merged.append([o, c])
            var = time_dim.CumulVar(manager.NodeToIndex(i))
            var.SetRange(merged[0][0], merged[-1][1])
            for (_, c), (o, _) in zip(merged, merged[1:], strict=False):
                # A visit's time lies inside its vehicle's span, so only the part of a gap that
                # overlaps some tour needs removing (RemoveInterval costs ~5 ms per day-wide gap)
                for t in range(pb.m):
                    lo, hi = max(c + 1, pb.earliest[t]), min(o - 1, pb.latest[t])
                    if lo <= hi:
                        var.RemoveInterval(lo, hi)
        for t in range(pb.m):
            for index in (routing.Start(t), routing.End(t)):
                time_dim.CumulVar(index).SetRange(pb.earliest[t], pb.latest[t])

    def _breaks(self, time_dim: pywrapcp.RoutingDimension, svc: list[int]) -> None:
        pb, routing = self.pb, self.routing
        solver = routing.solver()
        visit_transits = None
        for t, lunch in enumerate(pb.lunch):
            if lunch is None:
                continue
            if visit_transits is None:
                visit_transits = [svc[self.manager.IndexToNode(k)]
                                  for k in range(routing.Size() + pb.m)]
            interval = solver.FixedDurationIntervalVar(lunch.earliest, lunch.latest,
                                                       lunch.duration, False, f"lunch{t}")
            time_dim.SetBreakIntervalsOfVehicle([interval], t, visit_transits)

    def __call__(self, routes: list[list[int]], limit_ms: int | None = None,
                 solution_limit: int | None = None) -> list[list[int]] | None:
        """Greedy descent from ``routes`` (node ids); None when OR-Tools returns nothing.

        ``solution_limit`` instead of a time limit makes the descent deterministic (tests).
        """
        assignment = self.routing.ReadAssignmentFromRoutes(routes, True)
        if assignment is None:
            # Seen on 9.15: after some time-limited descents a reused model refuses routes that
            # a fresh model reads fine. Rebuilding costs ~20 ms; one retry.
            self._build()
            assignment = self.routing.ReadAssignmentFromRoutes(routes, True)
            if assignment is None:
                return None
        routing = self.routing
        params = self.params
        if solution_limit is not None or (limit_ms is not None and limit_ms != self.step_limit_ms):
            params = pywrapcp.DefaultRoutingSearchParameters()
            params.CopyFrom(self.params)
            if solution_limit is not None:
                params.ClearField("time_limit")
                params.solution_limit = solution_limit
            else:
                params.time_limit.FromMilliseconds(max(1, limit_ms or 1))
        solution = routing.SolveFromAssignmentWithParameters(assignment, params)
        if solution is None:
            return None
        out = []
        for t in range(self.pb.m):
            index = solution.Value(routing.NextVar(routing.Start(t)))
            route = []
            while not routing.IsEnd(index):
                route.append(self.manager.IndexToNode(index))
                index = solution.Value(routing.NextVar(index))
            out.append(route)
        return out


def recombine(pools: list[dict[tuple[int, ...], tuple[int, int]]], counts: list[int],
              required: list[int], hint: list[list[tuple[int, ...]]], limit_s: float,
              deterministic: bool) -> list[list[tuple[int, ...]]] | None:
    """Pick the best combination of routes seen during the search (CP-SAT set packing).

    ``pools[c]`` maps each route of tour class ``c`` (tours that accept the same routes) to its
    (score, travel); at most ``counts[c]`` routes of class ``c`` are chosen, no node twice, every
    ``required`` node once. Objective: score first, then least travel (score x W - travel with W
    above any travel total). ``hint`` (the best solution's routes per class) seeds the search.
    Returns the chosen routes per class, or None when CP-SAT proves or finds nothing.
    """
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    weight = 1 + sum(counts[c] * max((tr for _, tr in pool.values()), default=0)
                     for c, pool in enumerate(pools))
    chosen: list[list[tuple[tuple[int, ...], cp_model.IntVar]]] = []
    covering: dict[int, list[cp_model.IntVar]] = {}
    objective = []
    for c, pool in enumerate(pools):
        in_hint = set(hint[c])
        row = []
        for route, (score, travel) in pool.items():
            var = model.new_bool_var("")
            row.append((route, var))
            for node in route:
                covering.setdefault(node, []).append(var)
            objective.append((score * weight - travel, var))
            model.add_hint(var, route in in_hint)
        model.add(sum(v for _, v in row) <= counts[c])
        chosen.append(row)
    for node, lits in covering.items():
        if node in required:
            model.add_exactly_one(lits)
        elif len(lits) > 1:
            model.add_at_most_one(lits)
    model.maximize(sum(coef * var for coef, var in objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # the portfolio's other worker has the other core
    # measured on a 2545-route pool of pr06 (m = 4): with presolve, 2 s found nothing beyond the
    # hint; without, the optimum (+19) in 1.5 s
    solver.parameters.cp_model_presolve = False
    if deterministic:
        solver.parameters.max_deterministic_time = limit_s
    else:
        solver.parameters.max_time_in_seconds = limit_s
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [[route for route, var in row if solver.boolean_value(var)] for row in chosen]
