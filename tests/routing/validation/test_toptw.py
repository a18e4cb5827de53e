"""The independent benchmark validator catches each kind of broken solution."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing.validation.toptw import check

ROOT = Path(__file__).resolve().parents[4] / "shared" / "bench" / "toptw" / "instances"
C101 = ROOT / "solomon_100" / "c101.txt"
RS = [57, 63, 62, 74, 93, 97, 12, 2, 21, 75]

pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason="needs ../shared/bench/toptw")


def test_optimum_is_valid() -> None:
    report = check(C101, 1, [RS])
    assert report.valid and report.score == 320


def test_unknown_vertex() -> None:
    assert any("unknown vertex 999" in v for v in check(C101, 1, [RS + [999]]).violations)


def test_depot_inside_route_is_unknown() -> None:
    assert any("unknown vertex 0" in v for v in check(C101, 1, [[0] + RS]).violations)


def test_duplicate_vertex_across_routes() -> None:
    assert any("twice" in v for v in check(C101, 2, [[57], [57]]).violations)


def test_window_missed() -> None:
    violations = check(C101, 1, [RS[:-2] + [75, 21]]).violations
    assert any("vertex 21" in v and "close" in v for v in violations)


def test_return_after_tmax(tmp_path: Path) -> None:
    """A hand-made Solomon-style file: Tmax 100; vertex 1 at distance 30 opens at 50 and takes
    30, so coming back lands at 110 > 100 although its window (latest start 60) is met."""
    f = tmp_path / "tiny.txt"
    f.write_text("1 1 1 1\n0 0\n"
                 "0 0.00 0.00 0 0 0 0 0 100\n"
                 "1 30.00 0.00 30 7 1 1 1 50 60\n")
    report = check(f, 1, [[1]])
    assert report.violations == ["route 0: returns at 1100 after Tmax 1000"]
    assert check(f, 1, []).valid


def test_too_many_routes() -> None:
    assert any("routes for m = 1" in v for v in check(C101, 1, [[57], [63]]).violations)
