"""The O(1) insertion test and its compiled twin agree with scheduling the whole route.

Random small tours with several windows per node and a lunch break: for every route and every
(gap, node) pair, ``insert_ok`` must say "fits" exactly when ``feasible`` accepts the route with
the node inserted there; the compiled core (``routing.engine.core``) must compute the same
departures and latest arrivals as ``forward``/``backward``, find a fit exactly when one exists,
and propose a gap that is feasible.
"""

from __future__ import annotations

import random

import pytest

from routing.engine import core
from routing.engine.ils import Core
from routing.engine.problem import INF, compile_instance
from routing.engine.schedule import backward, feasible, forward, insert_ok
from routing.engine.types import Break, Instance, Node, Tour


def random_instance(rng: random.Random, lunch: bool, max_windows: int = 3) -> Instance:
    n = 7
    size = n + 2
    travel = [[0 if a == b else rng.randint(5, 40) for b in range(size)] for a in range(size)]
    nodes = []
    for _ in range(n):
        wins, t = [], rng.randint(0, 60)
        for _ in range(rng.randint(1, max_windows)):
            o = t + rng.randint(0, 40)
            c = o + rng.randint(0, 60)
            wins.append((o, c))
            t = c + 1
        nodes.append(Node(service=rng.randint(0, 30), score=rng.randint(1, 9), windows=tuple(wins)))
    brk = Break(60, 120, 30) if lunch else None
    tours = (Tour(n, n + 1, 0, 400, lunch=brk),)
    return Instance(nodes=tuple(nodes), node_loc=tuple(range(n)), tours=tours,
                    travel=tuple(tuple(r) for r in travel))


@pytest.mark.parametrize(("lunch", "max_windows"), [(False, 3), (True, 3), (False, 1)])
def test_insertion_checks_match_full_schedule(lunch: bool, max_windows: int) -> None:
    rng = random.Random(7 if lunch else 3 + max_windows)
    checked = agreed_fit = 0
    for _ in range(60):
        pb = compile_instance(random_instance(rng, lunch, max_windows))
        # grow a feasible route by random feasible insertions, testing every option on the way
        route: list[int] = []
        for _ in range(6):
            dep0, dep1 = forward(pb, 0, route)
            lat0, lat1 = backward(pb, 0, route)
            stops = [pb.starts[0], *route, pb.ends[0]]
            st = Core(pb, 2.0, [route])
            L = len(route)
            assert st.S[3][0, :L + 1].tolist() == dep0 and st.S[4][0, :L + 1].tolist() == dep1
            assert st.S[5][0, :L + 1].tolist() == lat0 and st.S[6][0, :L + 1].tolist() == lat1
            cand = [k for k in range(pb.n) if k not in route and pb.allowed[0, k]]
            options = []
            shift_of = {k: tuple(int(v) for v in core.evaluate(st.P, st.S, 0, k)) for k in cand}
            for k in cand:
                fits_somewhere = False
                for p in range(len(route) + 1):
                    full = feasible(pb, 0, route[:p] + [k] + route[p:])
                    fast = insert_ok(pb, 0, dep0, dep1, lat0, lat1, stops[p], stops[p + 1], p, k)
                    assert fast == full, (route, p, k)
                    checked += 1
                    if full:
                        fits_somewhere = True
                        options.append((p, k))
                best_p, best_shift = shift_of[k]
                assert (best_shift < INF) == fits_somewhere
                if fits_somewhere:
                    agreed_fit += 1
                    assert feasible(pb, 0, route[:best_p] + [k] + route[best_p:])
            if not options:
                break
            p, k = rng.choice(options)
            route.insert(p, k)
    assert checked > 500 and agreed_fit > 50  # the random cases did exercise both outcomes
