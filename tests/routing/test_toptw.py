"""Parsing the Vansteenwegen-format benchmark files (../shared/bench/toptw)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from routing.engine.problem import compile_instance
from routing.engine.schedule import feasible
from routing.toptw import parse, routes_to_ids
from routing.validation.toptw import check

ROOT = Path(__file__).resolve().parents[3] / "shared" / "bench" / "toptw" / "instances"
C101 = ROOT / "solomon_100" / "c101.txt"
PR01 = ROOT / "cordeau" / "pr01.txt"
RS_C101 = [57, 63, 62, 74, 93, 97, 12, 2, 21, 75]  # Righini & Salani's optimal c101 tour

pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason="needs ../shared/bench/toptw")


def test_c101_optimal_tour_scores_320_and_is_feasible() -> None:
    """The published optimum reproduces: 320 points, feasible for the engine and the validator."""
    bench = parse(C101, 1)
    inst = bench.instance
    assert len(inst.nodes) == 100 and inst.tours[0].latest_end == 12360  # Tmax 1236 x 10
    index = {vid: k for k, vid in enumerate(bench.vertex_ids)}
    route = [index[v] for v in RS_C101]
    assert sum(inst.nodes[k].score for k in route) == 320
    assert feasible(compile_instance(inst), 0, route)
    assert routes_to_ids(bench, [route]) == [RS_C101]
    report = check(C101, 1, [RS_C101])
    assert report.valid and report.score == 320


def test_swapping_two_stops_of_the_optimum_breaks_it() -> None:
    bench = parse(C101, 1)
    index = {vid: k for k, vid in enumerate(bench.vertex_ids)}
    route = [index[v] for v in RS_C101[:-2] + [75, 21]]
    assert not feasible(compile_instance(bench.instance), 0, route)


def test_travel_is_distance_rounded_down_in_integer_units() -> None:
    """Solomon x10: depot (40, 50) to vertex 1 (45, 68) is 18.68 -> 186; pr x100 from floats."""
    inst = parse(C101, 1).instance
    assert inst.travel[0][1] == 186 == math.floor(math.dist((40, 50), (45, 68)) * 10)
    assert all(type(v) is int for row in inst.travel for v in row)
    pr = parse(PR01, 3)
    assert pr.family == "pr" and len(pr.instance.tours) == 3
    assert pr.instance.travel[0][1] == math.floor(
        math.dist((-10.442, 19.999), (-29.730, 64.136)) * 100)
    assert pr.instance.nodes[0].windows == ((35400, 50900),) and pr.instance.nodes[0].service == 200


def test_crlf_and_wrapped_records_parse_the_same(tmp_path: Path) -> None:
    """Token parsing: a CRLF file with a vertex list wrapped onto a second line is unchanged."""
    text = PR01.read_bytes().decode()
    assert "\r\n" in text
    lines = text.split("\r\n")
    lines[3] = lines[3].replace(" 4 1 15 ", " 4 1\n 15 ")
    wrapped = tmp_path / "cordeau" / "pr01.txt"
    wrapped.parent.mkdir()
    wrapped.write_text("\n".join(lines))
    assert parse(wrapped, 1).instance == parse(PR01, 1).instance


def test_bad_m_is_refused() -> None:
    with pytest.raises(ValueError):
        parse(C101, 0)
