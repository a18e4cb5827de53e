"""The compiled search keeps its state exact through every kind of round.

After each ILS round (string ruin or position walk, noisy refill, relocate, replace, accept or
restore, restarts with a big ruin) on random instances with several windows per node, lunch
breaks and two tours: every route is feasible by the full schedule check, no node appears twice,
the unrouted flags match the routes, the cached departures and latest arrivals equal
``forward``/``backward``, and the counters' best and current objectives are the objectives of the
stored best and current routes.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from routing.engine import core
from routing.engine.ils import Core, _routes, value
from routing.engine.problem import compile_instance
from routing.engine.schedule import backward, feasible, forward
from routing.engine.types import Break, Instance, Node, Tour


def random_instance(rng: random.Random, n: int, lunch: bool) -> Instance:
    size = n + 2
    travel = [[0 if a == b else rng.randint(5, 40) for b in range(size)] for a in range(size)]
    nodes = []
    for i in range(n):
        wins, t = [], rng.randint(0, 100)
        for _ in range(rng.randint(1, 3)):
            o = t + rng.randint(0, 60)
            c = o + rng.randint(0, 90)
            wins.append((o, c))
            t = c + 1
        nodes.append(Node(service=rng.randint(0, 30), score=rng.randint(1, 9),
                          windows=tuple(wins), required=i == 0))
    brk = Break(100, 180, 30) if lunch else None
    tours = (Tour(n, n + 1, 0, 420, lunch=brk), Tour(n, n, 0, 400, lunch=brk, max_visits=5))
    return Instance(nodes=tuple(nodes), node_loc=tuple(range(n)), tours=tours,
                    travel=tuple(tuple(r) for r in travel))


def check_state(pb, st: Core) -> None:  # noqa: ANN001
    routes = _routes(st.R, st.L)
    flat = [i for r in routes for i in r]
    assert len(flat) == len(set(flat))
    assert [bool(x) for x in st.S[2]] == [i not in flat for i in range(pb.n)]
    for t, route in enumerate(routes):
        assert feasible(pb, t, route), (t, route)
        dep0, dep1 = forward(pb, t, route)
        lat0, lat1 = backward(pb, t, route)
        k = len(route) + 1
        assert st.S[3][t, :k].tolist() == dep0 and st.S[4][t, :k].tolist() == dep1
        assert st.S[5][t, :k].tolist() == lat0 and st.S[6][t, :k].tolist() == lat1


@pytest.mark.parametrize(("lunch", "worst_share"), [(False, 0.0), (True, 0.0), (False, 0.5),
                                                   (True, 0.5)])
def test_rounds_keep_the_state_exact(lunch: bool, worst_share: float) -> None:
    rng = random.Random(11 if lunch else 5)
    improved = 0
    for case in range(6):
        pb = compile_instance(random_instance(rng, 14, lunch))
        core.seed(case)
        st = Core(pb, 2.0)
        st.fill(0.0)
        check_state(pb, st)
        sc, tr = st.value()
        C = np.zeros(core.NCOUNT, dtype=np.int64)
        C[core.S_POS] = C[core.RUN] = C[core.RMAX] = 1
        C[core.CUR_S] = C[core.BEST_S] = sc
        C[core.CUR_T] = C[core.BEST_T] = tr
        first = sc
        CR, CL, BR, BL = st.R.copy(), st.L.copy(), st.R.copy(), st.L.copy()
        # noise, string share, longest string, accept within, restart after, big ruin,
        # relocate passes, replace moves, intra-route moves, worst-removal share, most visits
        # it removes, its noise
        fparams = (0.5, 0.5, 3.0, 0.05, 4.0, 0.4, 2.0, 5.0, 5.0, worst_share, 4.0, 0.5, 0.0)
        for _ in range(150):
            core.rounds(st.P, st.S, C, CR, CL, BR, BL, 1, fparams)
            check_state(pb, st)
            assert value(pb, _routes(BR, BL)) == (C[core.BEST_S], -C[core.BEST_T])
            assert value(pb, _routes(CR, CL)) == (C[core.CUR_S], -C[core.CUR_T])
        assert C[core.RESTARTS] > 2  # restarts, and with them big ruins, did happen
        improved += C[core.BEST_S] > first
    assert improved  # the search does improve on the first greedy fill somewhere


def two_node_instance(required_low: bool) -> Instance:
    """One tour with room for exactly one of two long visits (scores 1 and 9)."""
    nodes = (Node(service=70, score=1, windows=((0, 100),), required=required_low),
             Node(service=70, score=9, windows=((0, 100),)))
    travel = tuple(tuple(0 if a == b else 10 for b in range(3)) for a in range(3))
    return Instance(nodes=nodes, node_loc=(0, 1), tours=(Tour(2, 2, 0, 100),), travel=travel)


def test_replace_swaps_a_visit_for_a_better_one_in_its_place() -> None:
    pb = compile_instance(two_node_instance(required_low=False))
    st = Core(pb, 2.0, [[0]])
    assert core.replace(st.P, st.S, 5, False)
    assert _routes(st.R, st.L) == [[1]] and list(st.S[2]) == [True, False]
    check_state(pb, st)


def test_replace_never_drops_a_required_visit() -> None:
    pb = compile_instance(two_node_instance(required_low=True))
    st = Core(pb, 2.0, [[0]])
    assert not core.replace(st.P, st.S, 5, False)
    assert _routes(st.R, st.L) == [[0]]


def test_relocate_moves_a_visit_where_it_saves_travel() -> None:
    # nodes on a line at 0, 10, 20 from a depot at 0: the order 2, 0, 1 drives 20+20+10+10,
    # the order 0, 1, 2 drives 0+10+10+20
    pos = [0, 10, 20, 0]
    travel = tuple(tuple(abs(a - b) for b in pos) for a in pos)
    nodes = tuple(Node(service=1, score=1, windows=((0, 1000),)) for _ in range(3))
    pb = compile_instance(Instance(nodes=nodes, node_loc=(0, 1, 2), travel=travel,
                                   tours=(Tour(3, 3, 0, 1000),)))
    st = Core(pb, 2.0, [[2, 0, 1]])
    before = value(pb, _routes(st.R, st.L))
    assert core.relocate(st.P, st.S, 3)
    after = value(pb, _routes(st.R, st.L))
    assert after[0] == before[0] and after[1] > before[1]  # same score, less travel
    check_state(pb, st)


def test_cheapest_with_a_bound_finds_the_same_place_or_none() -> None:
    """``relocate`` passes the travel a move must beat to ``cheapest``, which then skips the
    window checks of gaps that cannot beat it: the answer is the unbounded one when that is
    below the bound, else (-1, bound)."""
    rng = random.Random(23)
    below = above = 0
    for case in range(40):
        pb = compile_instance(random_instance(rng, 14, case % 2 == 0))
        core.seed(case)
        st = Core(pb, 2.0)
        st.fill(0.5)
        removed = np.zeros(pb.n, dtype=np.bool_)
        core.strings(st.P, st.S, 3, removed)
        for t in range(pb.m):
            for k in range(pb.n):
                if not st.S[2][k]:
                    continue
                p, d = core.cheapest(st.P, st.S, t, k, core.INF)
                if p < 0:
                    continue
                for bound in (d - 1, d, d + 1, d + 50):
                    got = core.cheapest(st.P, st.S, t, k, bound)
                    if d < bound:
                        assert got == (p, d)
                        below += 1
                    else:
                        assert got == (-1, bound)
                        above += 1
    assert below > 50 and above > 50
