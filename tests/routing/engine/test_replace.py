"""``core.replace`` swaps a visit for an unrouted node of higher score, or of the same score when
that drives less (or, with ``free``, takes less time); never for one of lower score, never into an
infeasible place."""

from __future__ import annotations

import numpy as np

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
    assert core.replace(st.P, st.S, 3, False)
    route = _routes(st.R, st.L)[0]
    assert route == [1] and travel_of(pb, 0, route) < before and feasible(pb, 0, route)
    check_state(pb, st)


def test_lower_score_is_never_swapped_in() -> None:
    pb, st = _two_sites((6, 5))
    assert not core.replace(st.P, st.S, 3, False)
    assert _routes(st.R, st.L)[0] == [0]


def test_a_swap_must_fit_the_window() -> None:
    # node 1 scores more, but its window closes at 40, before the 50 s drive from the depot
    pb, st = _two_sites((5, 9), far_window=(0, 40))
    assert not core.replace(st.P, st.S, 3, False)
    assert _routes(st.R, st.L)[0] == [0]
    check_state(pb, st)


def _long_visit_day() -> tuple[Problem, Core]:
    """A 220 s day from the depot holding A (score 5, 100 s visit, on the way). B (score 5, 20 s
    visit) is 2 s further to drive; C (score 3, 50 s) fits beside B but not beside A."""
    points = [(0, 0), (5, 0), (5, 1), (5, -1)]
    nodes = (Node(100, 5, ((0, 10**6),)), Node(20, 5, ((0, 10**6),)), Node(50, 3, ((0, 10**6),)))
    inst = Instance(nodes=nodes, node_loc=(1, 2, 3), tours=(Tour(0, 0, 0, 220),),
                    travel=euclid(points, 10))
    pb = compile_instance(inst)
    return pb, Core(pb, 2.0, start=[[0]])


def test_free_swaps_trade_a_long_visit_for_an_equal_short_one_and_the_fill_uses_the_time() -> None:
    pb, st = _long_visit_day()
    assert core.fill(st.P, st.S, 0.0, np.zeros(0, dtype=np.bool_)) is None
    assert _routes(st.R, st.L)[0] == [0]  # C does not fit beside A
    assert not core.replace(st.P, st.S, 3, False)  # B drives more: not a swap by default
    assert core.replace(st.P, st.S, 3, True)  # but it frees 78 s
    assert _routes(st.R, st.L)[0] == [1]
    assert not core.replace(st.P, st.S, 3, True)  # and A does not come back
    core.fill(st.P, st.S, 0.0, np.zeros(0, dtype=np.bool_))
    route = _routes(st.R, st.L)[0]
    assert sorted(route) == [1, 2] and feasible(pb, 0, route)  # the freed time took C
    check_state(pb, st)
