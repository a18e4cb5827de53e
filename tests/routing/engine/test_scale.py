"""Engine at catalogue scale: granular fills, the joint recombination of the workers' route
pools, the vectorised instance compilation and the polisher's cost estimate."""

from __future__ import annotations

import random

import numpy as np
import pytest

from routing.engine import core, ils
from routing.engine.ils import RoutePool, SearchResult, joint_recombine, value
from routing.engine.ortools_model import build_seconds
from routing.engine.problem import INF, NEG, compile_instance
from routing.engine.solver import solve
from routing.engine.types import Break, Budget, Instance, Node, Tour
from tests.routing.engine.helpers import check_plan, euclid

DAY = 86_400


def _week(n: int, seed: int, days: int = 3, lunch: bool = True) -> Instance:
    """``n`` sites on a 100 x 100 map, each open a random part of each day (some closed on a
    day, some with two windows a day), ``days`` tours from and to a hotel."""
    rng = random.Random(seed)
    points = [(50, 50)] + [(rng.randint(0, 100), rng.randint(0, 100)) for _ in range(n)]
    nodes = []
    for _ in range(n):
        wins = []
        for d in range(days):
            if rng.random() < 0.15:
                continue  # closed that day
            base = d * DAY
            if rng.random() < 0.3:
                wins += [(base + 8 * 3600, base + 11 * 3600), (base + 14 * 3600, base + 17 * 3600)]
            else:
                wins.append((base + rng.randint(7, 10) * 3600, base + rng.randint(15, 18) * 3600))
        nodes.append(Node(service=rng.choice((1800, 3600, 5400)), score=rng.randint(1, 100),
                          windows=tuple(wins),
                          allowed_tours=frozenset({0}) if rng.random() < 0.01 else None))
    tours = tuple(Tour(0, 0, d * DAY + 8 * 3600, d * DAY + 19 * 3600,
                       lunch=Break(d * DAY + 11 * 3600, d * DAY + 13 * 3600, 3600) if lunch
                       else None) for d in range(days))
    return Instance(nodes=tuple(nodes), node_loc=tuple(range(1, n + 1)), tours=tours,
                    travel=euclid(points, scale=120))


def _clip_reference(inst: Instance, t: int, i: int) -> tuple[tuple[int, int], ...]:
    """The contract's clipping rule, written out plainly (problem.py's docstring)."""
    tour, node = inst.tours[t], inst.nodes[i]
    if node.allowed_tours is not None and t not in node.allowed_tours:
        return ()
    lo = tour.earliest_start + inst.travel[tour.start_loc][inst.node_loc[i]]
    hi = tour.latest_end - node.service - inst.travel[inst.node_loc[i]][tour.end_loc]
    return tuple((max(o, lo), min(c, hi)) for o, c in node.windows if max(o, lo) <= min(c, hi))


def test_vectorised_compile_keeps_the_clipping_rule() -> None:
    inst = _week(120, seed=4)
    pb = compile_instance(inst)
    for t in range(pb.m):
        for i in range(pb.n):
            want = _clip_reference(inst, t, i)
            assert pb.windows[t][i] == want
            assert bool(pb.allowed[t, i]) == bool(want)
            row_o, row_c = pb.wo[t][i], pb.wc[t][i]
            assert [(int(o), int(c)) for o, c in zip(row_o, row_c, strict=True) if o <= c] \
                == list(want)
            assert all(o == INF and c == NEG for o, c in zip(row_o[len(want):],
                                                               row_c[len(want):], strict=True))
    assert pb.Tl[3][7] == inst.travel[inst.node_loc[3]][inst.node_loc[7]]


def test_granular_fill_gives_valid_plans_and_is_used_only_for_large_pools(
        monkeypatch: pytest.MonkeyPatch) -> None:
    inst = _week(150, seed=1)
    small = ils.Core(compile_instance(inst), 2.0)
    assert not small.P[17][0] and small.P[16].shape[1] == 0
    # the same search with the threshold lowered: granular, and every plan still valid
    monkeypatch.setattr(ils, "GRANULAR_MIN", 100)
    st = ils.Core(compile_instance(inst), 2.0)
    assert st.P[17][0] and st.P[16].shape == (150, ils.GRANULAR_K)
    for seed in range(3):
        sol = solve(inst, Budget(max_iterations=150, seed=seed))
        assert check_plan(inst, sol) == []
        assert sol.score > 0


def test_granular_neighbours_are_the_nearest() -> None:
    inst = _week(450, seed=2, lunch=False)
    pb = compile_instance(inst)
    near, gnear, granular, tour_near = ils._neighbours(pb)
    assert granular[0] and gnear.shape == (450, ils.GRANULAR_K)
    both = pb.T[:450, :450] + pb.T[:450, :450].T
    for i in (0, 17, 449):
        d = np.delete(both[i], i)
        assert both[i, gnear[i]].max() <= np.sort(d)[ils.GRANULAR_K - 1]
        assert i not in gnear[i]
        assert set(near[i]) <= set(gnear[i]) or both[i, near[i]].max() == both[i, gnear[i]].max()
    K = ils.GRANULAR_K
    assert tour_near.shape == (3, 3 * K)
    # the third block: the nodes of least detour from each day's direct drive start -> end
    for t in range(pb.m):
        s, e = pb.starts[t], pb.ends[t]
        detour = pb.T[s, :450] + pb.T[:450, e] - pb.T[s, e] + pb.service
        detour = np.where(pb.allowed[t], detour, np.iinfo(np.int64).max)
        assert detour[tour_near[t, 2 * K:]].max() <= np.sort(detour)[K - 1]


def test_joint_recombination_combines_routes_of_two_workers() -> None:
    # four sites in a row, two tours, two workers' pools
    nodes = tuple(Node(service=10, score=s, windows=((0, 10**6),)) for s in (5, 5, 4, 4))
    points = [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0)]
    inst = Instance(nodes=nodes, node_loc=(1, 2, 3, 4), travel=euclid(points, 10),
                    tours=(Tour(0, 0, 0, 100), Tour(0, 0, 0, 100)))
    pb = compile_instance(inst)

    def result(routes: list[list[int]]) -> SearchResult:
        pool = RoutePool(pb, ())
        for t, r in enumerate(routes):
            pool.pools[pool.cls[t]][tuple(r)] = (sum(pb.score_l[i] for i in r), 0)
        return SearchResult(routes, value(pb, routes), 1, {}, pool.pools)

    # A: {0, 1} + {2} scores 14, B: {0} + {3, 2} scores 13; A's first route with B's second
    # scores 18 and both fit the 100 s tours
    a = result([[0, 1], [2]])
    b = result([[0], [3, 2]])
    joint = joint_recombine(pb, [a, b], 5.0, deterministic=True)
    assert joint is not None
    assert sorted(map(sorted, joint.routes)) == [[0, 1], [2, 3]]
    assert joint.key[0] == 18 > max(a.key, b.key)[0]
    assert joint_recombine(pb, [a], 5.0, deterministic=True) is None  # one worker: nothing


def test_two_workers_deterministic_runs_repeat_and_stay_valid() -> None:
    inst = _week(60, seed=3)
    one = solve(inst, Budget(max_iterations=60, seed=5, workers=2))
    two = solve(inst, Budget(max_iterations=60, seed=5, workers=2))
    assert check_plan(inst, one) == [] and one.stats["workers"] == 2
    assert (one.score, one.travel_time) == (two.score, two.travel_time)


def test_polisher_cost_estimate_tells_day_gaps_from_shared_windows() -> None:
    multi = compile_instance(_week(100, seed=6, days=5))
    same = compile_instance(Instance(
        nodes=tuple(Node(service=60, score=1, windows=((0, 5000),)) for _ in range(100)),
        node_loc=tuple(range(1, 101)), travel=euclid([(0, 0)] + [(i % 10, i // 10)
                                                                for i in range(100)]),
        tours=tuple(Tour(0, 0, 0, 6000) for _ in range(4))))
    assert build_seconds(same) < 0.05 < build_seconds(multi)


@pytest.mark.parametrize("granular", [False, True])
def test_relocate_moves_a_visit_to_the_tour_that_passes_near_it(
        monkeypatch: pytest.MonkeyPatch, granular: bool) -> None:
    """Two hotels 100 apart, each with its cluster; a visit of the far cluster sits in the
    wrong tour. Granular relocate (large pools) tries only the tours passing near a visit: the
    one holding its cluster is among them, so the move is the exact scan's."""
    monkeypatch.setattr(ils, "GRANULAR_MIN", 10 if granular else 400)
    points = [(0, 0), (100, 0), (1, 0), (2, 0), (99, 0), (98, 0), (97, 0)]
    points += [(50, 60 + i) for i in range(10)]  # far fillers, so the pool is "large"
    n = len(points) - 2
    nodes = tuple(Node(service=1, score=1, windows=((0, 10**5),)) for _ in range(n))
    inst = Instance(nodes=nodes, node_loc=tuple(range(2, n + 2)), travel=euclid(points, 1),
                    tours=(Tour(0, 0, 0, 10**5), Tour(1, 1, 0, 10**5)))
    pb = compile_instance(inst)
    st = ils.Core(pb, 2.0, [[0, 1, 2], [3, 4]])  # node 2 (at x = 99) in the hotel-at-0 tour
    assert bool(st.P[17][0]) is granular
    before = value(pb, ils._routes(st.R, st.L))
    assert core.relocate(st.P, st.S, 2)
    routes = ils._routes(st.R, st.L)
    assert routes[0] == [0, 1] and sorted(routes[1]) == [2, 3, 4]
    assert value(pb, routes)[1] > before[1]
