"""Named tiny instances whose optimum is known by reasoning; one contract feature each."""

from __future__ import annotations

import pytest

from routing.engine import Break, Budget, Instance, Node, Tour, solve
from tests.routing.engine.helpers import brute_force_single, check_plan, euclid, line_instance

DET = Budget(max_iterations=30, seed=0)


def visited(sol) -> list[list[int]]:  # noqa: ANN001
    return [[v.node for v in tp.visits] for tp in sol.tours]


def test_line_of_three_budget_for_two() -> None:
    """Depot at 0; sites at x = 1, 2, 3 (60 s per unit) scoring 1, 1, 5. 400 s allows the round
    trip to x = 3 (360 s) but not x = 3 plus anything else off the line... everything is on the
    line, so all three fit on the way out: score 7, travel 360."""
    inst = line_instance([(1, 0, 1, 0), (2, 0, 1, 0), (3, 0, 5, 0)], [Tour(0, 0, 0, 400)])
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert (sol.score, sol.travel_time) == (7, 360)


def test_branches_pick_the_richer_side() -> None:
    """Sites at x = -3 (score 4) and x = +2, +3 (scores 2, 3): 400 s reaches one side only;
    +2/+3 gives 5 > 4. Brute force agrees."""
    inst = line_instance([(-3, 0, 4, 0), (2, 0, 2, 0), (3, 0, 3, 0)], [Tour(0, 0, 0, 400)])
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert (sol.score, sol.travel_time) == brute_force_single(inst) == (5, 360)


def test_closed_on_day_two() -> None:
    """One site open on days 0 and 2 only (one window per open day) and worth 10, another open
    every day worth 1, with one visit allowed per day: the first must go on day 0 or 2."""
    day = 1000
    nodes = (Node(10, 10, ((0, 500), (2 * day, 2 * day + 500))),
             Node(10, 1, ((0, 3 * day),)))
    tours = tuple(Tour(0, 0, d * day, d * day + 900, max_visits=1) for d in range(3))
    inst = Instance(nodes=nodes, node_loc=(1, 2), tours=tours, travel=euclid([(0, 0), (1, 0),
                                                                              (0, 1)]))
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert sol.score == 11
    assert [0] not in [visited(sol)[1]]


def test_lunch_taken_while_waiting_for_opening() -> None:
    """The day is 9:00-13:00 (seconds); the only site opens at 12:00 and the 45-min lunch must
    start between 11:00 and 11:30: lunch fits in the wait, the site is visited."""
    h = 3600
    inst = Instance(
        nodes=(Node(30 * 60, 5, ((12 * h, 12 * h + 30 * 60),)),),
        node_loc=(1,), travel=((0, 600), (600, 0)),
        tours=(Tour(0, 0, 9 * h, 13 * h + 30 * 60, lunch=Break(11 * h, 11 * h + 1800, 45 * 60)),),
    )
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert sol.score == 5 and sol.tours[0].lunch_start is not None


def test_lunch_cannot_be_skipped() -> None:
    """A 3-hour visit that must start at 11:00 covers the whole lunch window (12:00-12:30 start):
    it cannot be served; a short site at 14:00 can."""
    h = 3600
    inst = Instance(
        nodes=(Node(3 * h, 50, ((11 * h, 11 * h),)), Node(h, 1, ((14 * h, 14 * h),))),
        node_loc=(1, 1), travel=((0, 60), (60, 0)),
        tours=(Tour(0, 0, 9 * h, 18 * h, lunch=Break(12 * h, 12 * h + 1800, h)),),
    )
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert visited(sol) == [[1]]


def test_required_far_site_is_served() -> None:
    """A required site worth 0 far on the left, three optional sites on the right: the day fits
    the required one plus only the nearest optional one. Without `required` the right side wins."""
    sites = [(-3, 0, 0, 0), (1, 0, 2, 0), (2, 0, 2, 0), (3, 0, 2, 0)]
    tour = [Tour(0, 0, 0, 500)]
    free = line_instance(sites, tour)
    assert sorted(visited(solve(free, DET))[0]) == [1, 2, 3]
    req = Instance(nodes=(Node(0, 0, ((0, 10**6),), required=True), *free.nodes[1:]),
                   node_loc=free.node_loc, tours=free.tours, travel=free.travel)
    sol = solve(req, DET)
    assert check_plan(req, sol) == []
    assert 0 in visited(sol)[0] and sol.score == 2 and sol.unserved_required == ()


def test_impossible_required_is_reported() -> None:
    """A required site 10 units away cannot be reached and back in 500 s: reported, not served."""
    inst = line_instance([(10, 0, 1, 0), (1, 0, 1, 0)], [Tour(0, 0, 0, 500)])
    inst = Instance(nodes=(Node(0, 1, ((0, 10**6),), required=True), inst.nodes[1]),
                    node_loc=inst.node_loc, tours=inst.tours, travel=inst.travel)
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert sol.unserved_required == (0,) and visited(sol) == [[1]]


def test_pinned_visit_stays_on_its_day() -> None:
    """Two identical days; the site pinned to day 1 must be served on day 1."""
    base = line_instance([(1, 0, 3, 0), (2, 0, 3, 0)], [Tour(0, 0, 0, 500), Tour(0, 0, 0, 500)])
    inst = Instance(nodes=(Node(0, 3, ((0, 10**6),), allowed_tours=frozenset({1})),
                           base.nodes[1]),
                    node_loc=base.node_loc, tours=base.tours, travel=base.travel)
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert 0 in visited(sol)[1]


def test_max_visits_caps_a_day() -> None:
    """Four sites on the spot, cap 2: the two best are chosen."""
    inst = line_instance([(0, 0, s, 10) for s in (1, 4, 2, 3)],
                         [Tour(0, 0, 0, 10**4, max_visits=2)])
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == []
    assert sorted(visited(sol)[0]) == [1, 3]


def test_different_start_and_end() -> None:
    """Day from lodging A (x = 0) to lodging B (x = 4): the site at x = 2 is on the way."""
    pts = [(0, 0), (4, 0), (2, 0)]
    inst = Instance(nodes=(Node(0, 1, ((0, 10**6),)),), node_loc=(2,), travel=euclid(pts),
                    tours=(Tour(0, 1, 0, 240),))
    sol = solve(inst, DET)
    assert check_plan(inst, sol) == [] and sol.score == 1 and sol.travel_time == 240


def test_empty_tour_that_cannot_fit_lunch_is_refused() -> None:
    """A 30-minute day cannot hold a 1-hour lunch: a malformed request, refused loudly."""
    inst = Instance(nodes=(), node_loc=(), travel=((0,),),
                    tours=(Tour(0, 0, 0, 1800, lunch=Break(0, 100, 3600)),))
    with pytest.raises(ValueError, match="lunch"):
        solve(inst, DET)


def test_float_times_are_refused() -> None:
    """Floats would reach OR-Tools as silent zeros (PITFALLS f); the contract refuses them."""
    with pytest.raises(TypeError):
        Instance(nodes=(Node(0, 1, ((0, 10),)),), node_loc=(1,), tours=(Tour(0, 0, 0, 10),),
                 travel=((0, 1.5), (1.5, 0)))  # type: ignore[arg-type]



def test_travel_as_an_integer_array() -> None:
    """The planner hands the matrix over as a numpy array: the same plan as with nested tuples;
    a float or 1-D array is refused like float tuples."""
    import numpy as np

    sites = [(x, y, x + y, 5) for x in range(-2, 3) for y in range(-2, 3) if (x, y) != (0, 0)]
    tup = line_instance(sites, [Tour(0, 0, 0, 900), Tour(0, 0, 0, 900)])
    arr = Instance(nodes=tup.nodes, node_loc=tup.node_loc, tours=tup.tours,
                   travel=np.array(tup.travel, dtype=np.int64))
    a, b = solve(tup, Budget(max_iterations=40, seed=1)), solve(arr, Budget(max_iterations=40, seed=1))
    assert check_plan(tup, b) == [] and check_plan(arr, b) == []
    assert (b.score, b.travel_time, b.tours) == (a.score, a.travel_time, a.tours)
    for bad in (np.array(tup.travel, dtype=np.float64), np.zeros(len(tup.travel), np.int64)):
        with pytest.raises(TypeError, match="2-D integer array"):
            Instance(nodes=tup.nodes, node_loc=tup.node_loc, tours=tup.tours, travel=bad)

def test_two_workers_agree_with_the_contract() -> None:
    """The forked portfolio returns a valid plan too (deterministic: iterations, not time)."""
    inst = line_instance([(x, y, x + y, 5) for x in range(-2, 3) for y in range(-2, 3)
                          if (x, y) != (0, 0)], [Tour(0, 0, 0, 900), Tour(0, 0, 0, 900)])
    sol = solve(inst, Budget(max_iterations=20, seed=3, workers=2))
    assert check_plan(inst, sol) == [] and sol.stats["workers"] == 2


def test_no_nodes_at_all() -> None:
    """Zero candidates (reported by the planner engineer): empty days, lunch still placed."""
    inst = Instance(nodes=(), node_loc=(), travel=((0, 60), (60, 0)),
                    tours=(Tour(0, 1, 0, 5000, lunch=Break(100, 200, 600)), Tour(1, 0, 6000, 9000)))
    for workers in (1, 2):
        sol = solve(inst, Budget(max_iterations=5, workers=workers))
        assert check_plan(inst, sol) == [] and sol.score == 0 and sol.travel_time == 120
        assert sol.tours[0].lunch_start == 100


def test_float_matrix_never_reaches_ortools() -> None:
    """The adapter's own guard, should a float matrix get past the contract."""
    import numpy as np

    from routing.engine.ortools_model import _int_matrix

    with pytest.raises(TypeError, match="integer"):
        _int_matrix(np.array([[0.0, 1.5], [1.5, 0.0]]))
    assert _int_matrix(np.array([[0, 2], [2, 0]], dtype=np.int64)) == [[0, 2], [2, 0]]
