"""``core.worst`` removes the visits that earn least per second they cost (service plus the
travel their removal saves), never a required one, and leaves the search state exact."""

from __future__ import annotations

import numpy as np

from routing.engine import core
from routing.engine.ils import Core, Params, _routes, search
from routing.engine.problem import compile_instance
from routing.engine.types import Instance, Node, Tour
from tests.routing.engine.helpers import euclid
from tests.routing.engine.test_core import check_state


def _line(required_long: bool = False) -> tuple[object, Core]:
    # depot at 0; three sites on a line, in route order: a short dense one (30 s for 40), the
    # long one (300 s for 100: the least per second), another short dense one
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    nodes = (Node(30, 40, ((0, 10**6),)), Node(300, 100, ((0, 10**6),), required=required_long),
             Node(30, 40, ((0, 10**6),)))
    inst = Instance(nodes=nodes, node_loc=(1, 2, 3), tours=(Tour(0, 0, 0, 5000),),
                    travel=euclid(points, 10))
    pb = compile_instance(inst)
    return pb, Core(pb, 2.0, start=[[0, 1, 2]])


def test_the_visit_earning_least_per_second_goes_first() -> None:
    pb, st = _line()
    removed = np.zeros(pb.n, dtype=np.bool_)
    core.worst(st.P, st.S, 1, 0.0, removed)
    assert _routes(st.R, st.L) == [[0, 2]]
    assert removed.tolist() == [False, True, False]
    check_state(pb, st)
    core.worst(st.P, st.S, 5, 0.0, removed)  # more than there are: all go, nothing breaks
    assert _routes(st.R, st.L) == [[]] and removed.all()
    check_state(pb, st)


def test_a_required_visit_is_never_removed() -> None:
    pb, st = _line(required_long=True)
    removed = np.zeros(pb.n, dtype=np.bool_)
    core.worst(st.P, st.S, 1, 0.0, removed)
    # the next least is the last site (its removal also saves the drive back), not the required
    assert _routes(st.R, st.L) == [[0, 1]]
    core.worst(st.P, st.S, 3, 0.0, removed)
    assert _routes(st.R, st.L) == [[1]]
    check_state(pb, st)


def test_it_trades_a_long_visit_for_denser_ones() -> None:
    """The greedy (score squared per second) fills the day with one long visit and two short
    ones (320); six short ones earn 360. Rounds that only ruin by ``worst`` find the six: it
    must remove the long visit (one visit a round), since removing a short one lets the fill put
    it or its like back."""
    points = [(0, 0), (0, 1)] + [(1 + i % 2, i // 2) for i in range(6)]
    nodes = (Node(400, 200, ((0, 10**6),)),) + tuple(Node(40, 60, ((0, 10**6),)) for _ in range(6))
    inst = Instance(nodes=nodes, node_loc=tuple(range(1, 8)), tours=(Tour(0, 0, 0, 600),),
                    travel=euclid(points, 20))
    pb = compile_instance(inst)
    first = Core(pb, 2.0)
    first.fill(0.0)
    assert 0 in _routes(first.R, first.L)[0] and first.value()[0] == 320
    only_worst = Params(worst_share=1.0, worst_max=1, recombine=False, relocate=0, replace=0)
    found = search(pb, 0.0, 30, 0, only_worst)
    assert sorted(found.routes[0]) == [1, 2, 3, 4, 5, 6] and found.key[0] == 360
