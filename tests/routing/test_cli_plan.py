"""``python -m routing plan`` as a user runs it (subprocess): the stdout contract and one line on
stderr with exit code 2 for each kind of bad input, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from routing.problem_json import request_from_json
from routing.validate import validate_itinerary
from tests.routing.planning_helpers import FIXTURES, LUNCH, sites

ROOT = Path(__file__).resolve().parents[2]
DB = ROOT / "data" / "heritage.db"
SITES = FIXTURES / "pingyao_5_sites.json"
GOOD = {"start_date": "2026-05-12", "days": 2, "day_start": "08:30", "day_end": "18:00",
        "lodging": "pingyao-gucheng", "lunch": LUNCH, "mode": "coach", "group_size": 40,
        "must_visit": ["wangjia-dayuan"]}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routing", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def write(tmp_path: Path, data: object, raw: str | None = None) -> str:
    path = tmp_path / "request.json"
    path.write_text(raw if raw is not None else json.dumps(data, ensure_ascii=False), "utf-8")
    return str(path)


def test_plan_prints_a_valid_itinerary(tmp_path: Path) -> None:
    proc = run("plan", write(tmp_path, GOOD), "--sites", str(SITES), "--iterations", "40")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = json.loads(proc.stdout)
    assert [d["date"] for d in data["days"]] == ["2026-05-12", "2026-05-13"]
    assert "wangjia-dayuan" in {v["site_id"] for d in data["days"] for v in d["visits"]}
    # the printed JSON passes the validator when read back from the outside, too
    assert validate_itinerary(request_from_json(GOOD), sites("pingyao_5_sites"), data) == []


def test_plan_under_a_time_limit(tmp_path: Path) -> None:
    """The wall-clock budget path (what the UI uses); only validity is asserted, not timing."""
    proc = run("plan", write(tmp_path, GOOD), "--sites", str(SITES), "--time-limit", "0.2")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["totals"]["sites_planned"] >= 1


@pytest.mark.skipif(not DB.is_file(), reason="the catalogue database is built by catalog")
def test_plan_from_the_catalogue_database(tmp_path: Path) -> None:
    req = {**GOOD, "must_visit": ["lingshi-wangjiadayuan"],
           "candidates": {"greenways": ["dayun"], "greenway_buffer_km": 5, "levels": ["world"]}}
    proc = run("plan", write(tmp_path, req), "--db", str(DB), "--iterations", "40")
    assert proc.returncode == 0, proc.stderr
    planned = {v["site_id"] for d in json.loads(proc.stdout)["days"] for v in d["visits"]}
    assert "lingshi-wangjiadayuan" in planned


BAD = [
    ("malformed JSON", None, '{"start_date": "2026-05-12", "days": 2,', "malformed JSON"),
    ("unknown site id", {**GOOD, "must_visit": ["no-such-site"]}, None, "unknown site id"),
    ("unknown lodging id", {**GOOD, "lodging": "no-such-hotel"}, None, "unknown site id"),
    ("date format", {**GOOD, "start_date": "12.05.2026"}, None, "YYYY-MM-DD"),
    ("days < 1", {**GOOD, "days": 0}, None, "at least 1"),
    ("end before start", {**GOOD, "day_end": "07:00"}, None, "must be after day_start"),
    ("not an object", [1, 2], None, "expected an object"),
]


@pytest.mark.parametrize(("case", "data", "raw", "needle"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str, data: object,
                                          raw: str | None, needle: str) -> None:
    proc = run("plan", write(tmp_path, data, raw), "--sites", str(SITES), "--iterations", "5")
    assert proc.returncode == 2, (case, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in proc.stderr


@pytest.mark.parametrize("limit", ["abc", "0", "-1", "nan", "inf", "1e9"])
def test_a_time_limit_that_is_not_a_sane_number_of_seconds_is_exit_2(tmp_path: Path,
                                                                     limit: str) -> None:
    proc = run("plan", write(tmp_path, GOOD), "--sites", str(SITES), "--time-limit", limit)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--time-limit" in lines[0] and "Traceback" not in proc.stderr


def test_missing_request_file_is_exit_2(tmp_path: Path) -> None:
    proc = run("plan", str(tmp_path / "nope.json"), "--sites", str(SITES))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "cannot read request" in proc.stderr


def test_missing_database_is_exit_2(tmp_path: Path) -> None:
    proc = run("plan", write(tmp_path, GOOD), "--db", str(tmp_path / "none.db"))
    assert proc.returncode == 2 and "not found" in proc.stderr


def test_usage_error_is_one_line_exit_2() -> None:
    proc = run("plan")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_docs_mention_every_plan_option() -> None:
    """README.md (planner section) documents every option of ``python -m routing plan``."""
    import argparse

    from routing.cli import add_plan_parser

    parser = argparse.ArgumentParser()
    add_plan_parser(parser.add_subparsers())
    plan_parser = parser._subparsers._group_actions[0].choices["plan"]  # type: ignore[union-attr]
    options = [o for a in plan_parser._actions for o in a.option_strings if o.startswith("--")]
    doc = (ROOT / "README.md").read_text("utf-8")
    missing = [o for o in options if o not in doc and o != "--help"]
    assert options and missing == []
