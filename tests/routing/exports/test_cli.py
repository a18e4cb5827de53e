"""``python -m routing export`` as a user runs it (subprocess): each format from a real plan of the
catalogue, the user's language, and one line on stderr with exit code 2 for bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import gpxpy
import icalendar
import openpyxl
import pytest

from catalog.paths import DEFAULT_DB, ensure_built
from routing.cli import main
from routing.exports import headers_for
from routing.service import itinerary_to_json, plan_trip
from tests.routing.planning_helpers import DET, LUNCH, request

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routing", *args], cwd=ROOT, capture_output=True,
                          timeout=120)


def call(capsysbinary, *args: str) -> tuple[int, bytes, str]:
    """``main`` in-process (the same path as the command; subprocesses cost ~4 s of imports)."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> Path:
    """What `python -m routing plan` prints for 2 days on the 大运 greenway (the real catalogue)."""
    req = request(start_date="2026-05-12", candidates={"greenways": ["dayun"]}, lunch=LUNCH,
                  must_visit=["qixian-qiaojiadayuan"], mode="coach", group_size=40)
    it = plan_trip(req, ensure_built(DEFAULT_DB), DET).itinerary
    path = tmp_path_factory.mktemp("export") / "plan.json"
    path.write_text(json.dumps(itinerary_to_json(it), ensure_ascii=False), "utf-8")
    return path


def test_csv_to_stdout_in_english(plan_file) -> None:
    proc = run("export", str(plan_file), "--format", "csv", "--lang", "en", "--group", "40")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout.decode("utf-8-sig"))))
    assert proc.stdout.startswith(b"\xef\xbb\xbf") and rows[0] == headers_for("en")
    assert any(r[4] == "Qiao Family Compound" or "Qiao" in r[4] for r in rows[1:])
    assert any("group of 40" in c for r in rows for c in r)


@pytest.mark.parametrize("fmt", ["xlsx", "ics", "gpx", "html"])
def test_each_format_to_a_file(fmt, plan_file, tmp_path) -> None:
    out = tmp_path / f"trip.{fmt}"
    proc = run("export", str(plan_file), "--format", fmt, "--lang", "zh", "--out", str(out),
               "--link", "http://127.0.0.1:8501/plan?days=2")
    assert proc.returncode == 0 and proc.stdout == b"" and proc.stderr == b"", proc.stderr
    data = out.read_bytes()
    if fmt == "xlsx":
        assert [c.value for c in openpyxl.load_workbook(out).worksheets[0][1]] == headers_for("zh")
    elif fmt == "ics":
        assert any("乔家大院" in str(e["SUMMARY"])
                   for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    elif fmt == "gpx":
        assert "乔家大院" in {w.name for w in gpxpy.parse(data.decode()).waypoints}
    else:
        assert "乔家大院" in data.decode() and "share-qr" in data.decode()


@pytest.mark.parametrize("args, needle", [
    (["--format", "pdf"], "invalid choice"),
    (["--format", "csv", "--lang", "fr"], "invalid choice"),
    (["--format", "csv", "--group", "0"], "--group must be between 1 and 200"),
    (["--format", "csv", "--group", "99999"], "--group must be between 1 and 200"),
    (["--format", "csv", "--group", "many"], "invalid int value"),
    (["--format", "csv", "--out", "/nonexistent-dir/x.csv"], "cannot write"),
])
def test_bad_arguments_are_one_line_exit_2(args, needle, plan_file, capsysbinary) -> None:
    code, out, err = call(capsysbinary, "export", str(plan_file), *args)
    assert code == 2, err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert out == b""


@pytest.mark.parametrize("content, needle", [
    (None, "cannot read plan"),
    ("{not json", "malformed JSON at line 1"),
    ('{"start_date": "2026-05-12"}', "not an itinerary"),
    ('{"days": [{"day": 1}]}', "not an itinerary"),
    ("[]", "not an itinerary"),
])
def test_bad_plan_files_are_one_line_exit_2(content, needle, tmp_path, capsysbinary) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_text(content, "utf-8")
    code, _, err = call(capsysbinary, "export", str(path), "--format", "csv")
    assert code == 2, err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_input_through_the_real_command(tmp_path) -> None:
    """The same contract end to end: one line, exit 2, nothing on stdout."""
    proc = run("export", str(tmp_path / "missing.json"), "--format", "xlsx")
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().startswith("error: cannot read plan")
    assert proc.stderr.count(b"\n") == 1


def test_docs_mention_every_export_option() -> None:
    """README.md documents every option of ``python -m routing export``."""
    import argparse

    from routing.exports.cli import add_export_parser

    parser = argparse.ArgumentParser()
    add_export_parser(parser.add_subparsers())
    export = parser._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    options = [o for a in export._actions for o in a.option_strings if o.startswith("--")]
    doc = (ROOT / "README.md").read_text("utf-8")
    assert "python -m routing export PLAN.json" in doc
    missing = [o for o in options if o not in doc and o != "--help"]
    assert options and missing == []


@pytest.mark.parametrize("retimed", [False, True])
def test_an_own_stop_keeps_its_point_through_the_plan_file(retimed, tmp_path,
                                                           capsysbinary) -> None:
    """A solved plan and a hand-arranged one: the own stop is marked custom, its point is in the
    plan file, and the GPX export places it there (the export has no request to look it up)."""
    stop = {"id": "custom-1", "name": "晋菜馆", "lat": 37.205, "lon": 112.18, "minutes": 45,
            "day": 1}
    req = request(start_date="2026-05-12", candidates={"greenways": ["dayun"]}, lunch=LUNCH,
                  custom_stops=[stop], **({"layout": [["custom-1"], []]} if retimed else {}))
    it = plan_trip(req, ensure_built(DEFAULT_DB), DET).itinerary
    (own,) = [v for d in it.days for v in d.visits if v.site_id == "custom-1"]
    assert own.custom and (own.lat, own.lon) == (37.205, 112.18)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(itinerary_to_json(it), ensure_ascii=False), "utf-8")
    code, out, err = call(capsysbinary, "export", str(path), "--format", "gpx")
    assert code == 0, err
    (point,) = [w for w in gpxpy.parse(out.decode()).waypoints if w.name == "晋菜馆"]
    assert (point.latitude, point.longitude) == (37.205, 112.18)
