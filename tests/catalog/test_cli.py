"""``python -m catalog``: commands, output formats and one-line errors (run as a subprocess)."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_build_then_stats_json(mini_seed, tmp_path):
    db = tmp_path / "h.db"
    done = cli("build", "--seed", str(mini_seed), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "5 sites" in done.stdout
    stats = json.loads(cli("stats", "--json", "--db", str(db)).stdout)
    assert stats["sites"] == 5
    assert stats["designations"]["文物保护单位"] == {"national": 3}
    assert stats["counties"]["140729"]["sites"] == 2
    coverage = {row["key"]: row for row in stats["plan_coverage"]}
    assert coverage["traditional_villages"]["plan"] == 77
    assert coverage["traditional_villages"]["catalogue"] == 2
    assert stats["coord_precision"] == {"county": 1, "site": 3, "village": 1}


def test_two_builds_give_the_same_stats_and_digest(mini_seed, tmp_path):
    for name in ("a.db", "b.db"):
        assert cli("build", "--seed", str(mini_seed), "--db", str(tmp_path / name)).returncode == 0
    a = cli("stats", "--json", "--db", str(tmp_path / "a.db")).stdout
    b = cli("stats", "--json", "--db", str(tmp_path / "b.db")).stdout
    assert a == b and json.loads(a)["content_digest"]


def test_export_geojson_and_csv(mini_db, tmp_path):
    out = tmp_path / "sites.geojson"
    done = cli("export", "--format", "geojson", "--out", str(out), "--db", str(mini_db))
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 5
    zhangbi = next(f for f in data["features"] if f["id"] == "jiexiu-zhangbi")
    assert len(zhangbi["properties"]["designations"]) == 2
    lon, lat = zhangbi["geometry"]["coordinates"]
    assert 111.9 < lon < 112.0 and 36.9 < lat < 37.0
    text = cli("export", "--format", "csv", "--kind", "中国传统村落", "--db", str(mini_db)).stdout
    assert text.startswith("\ufeff")  # a BOM, so Excel reads the UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {r["id"] for r in rows} == {"jiexiu-zhangbi", "lingshi-jingsheng"}


def test_search_json(mini_db):
    done = cli("search", "wangjia", "--db", str(mini_db), "--json")
    assert done.returncode == 0 and json.loads(done.stdout) == []
    done = cli("search", "张壁", "--db", str(mini_db), "--json")
    assert [s["id"] for s in json.loads(done.stdout)] == ["jiexiu-zhangbi"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", "x", "--county", "火星"], 2, "unknown county"),
        (["search", "x", "--near", "37,abc,5"], 2, "--near must be"),
        (["search", "x", "--limit", "0"], 2, "--limit must be"),
        (["export", "--format", "kml"], 2, "invalid choice"),
        (["show", "nope"], 2, "unknown site id"),
        (["frobnicate"], 2, "invalid choice"),
        (["stats", "--db", "/nonexistent/heritage.db"], 1, "not found"),
        (["build", "--seed", "/nonexistent/seed"], 1, "seed directory not found"),
    ],
)
def test_bad_input_gives_one_line_and_nonzero_exit(mini_db, tmp_path, args, code, message):
    if "--db" not in args:
        args = [*args, "--db", str(mini_db if args[0] != "build" else tmp_path / "x.db")]
    done = cli(*args)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_file_that_is_not_a_catalogue_is_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    done = cli("stats", "--db", str(junk))
    assert done.returncode == 1 and "not a catalogue" in done.stderr


def test_broken_seed_lists_problems_without_traceback(mini_seed, tmp_path):
    with (mini_seed / "sites" / "30_scenic.csv").open("a", encoding="utf-8") as fh:
        fh.write("Bad Id,名,,140728,,,,temple,,tv-list#x,\n")
    done = cli("build", "--seed", str(mini_seed), "--db", str(tmp_path / "x.db"))
    assert done.returncode == 1
    assert "30_scenic.csv" in done.stderr and "Traceback" not in done.stderr
