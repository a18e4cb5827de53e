"""``core.replace`` swaps a visit for an unrouted node of higher score, or of the same score when
that drives less; never for one of lower score, never into an infeasible place."""

from __future__ import annotations

from routing.engine import core
from routing.engine.ils import Core, _routes
from routing.engine.problem import Problem, compile_instance
from routing.engine.schedule import feasible, travel_of
from routing.engine.types import Instance, Node, Tour
from tests.routing.engine.helpers import euclid
from tests.routing.engine.test_core import check_state


def _two_sites(scores: tuple[int, int], far_window: tuple[int, int] = (0, 10**6)) \
        -> tuple[Problem, Core]:
    # depot at 0; node 0 far off the line (x = 5, y = 4), node 1 on it (x = 5, y = 0)
    points = [(0, 0), (5, 4), (5, 0), (10, 0)]
    nodes = (Node(10, scores[0], ((0, 10**6),)), Node(10, scores[1], (far_window,)))
    inst = Instance(nodes=nodes, node_loc=(1, 2), tours=(Tour(0, 3, 0, 5000),),
                    travel=euclid(points, 10))
    pb = compile_instance(inst)
    st = Core(pb, 2.0, start=[[0]])
    return pb, st


def test_same_score_and_less_driving_is_swapped_in() -> None:
    pb, st = _two_sites((5, 5))
    before = travel_of(pb, 0, [0])
    assert core.replace(st.P, st.S, 3)
    route = _routes(st.R, st.L)[0]
    assert route == [1] and travel_of(pb, 0, route) < before and feasible(pb, 0, route)
    check_state(pb, st)


def test_lower_score_is_never_swapped_in() -> None:
    pb, st = _two_sites((6, 5))
    assert not core.replace(st.P, st.S, 3)
    assert _routes(st.R, st.L)[0] == [0]


def test_a_swap_must_fit_the_window() -> None:
    # node 1 scores more, but its window closes at 40, before the 50 s drive from the depot
    pb, st = _two_sites((5, 9), far_window=(0, 40))
    assert not core.replace(st.P, st.S, 3)
    assert _routes(st.R, st.L)[0] == [0]
    check_state(pb, st)
