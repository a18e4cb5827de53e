"""Import: all or nothing, every bad row with its line and reason, CRS conversion, encodings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import editing, importer
from catalog.coords import wgs84_to_bd09, wgs84_to_gcj02
from tests.catalog.edit_support import actor, open_conn

ROOT = Path(__file__).resolve().parents[2]
HEADER = "id,name_zh,county_adcode,lat,lon,coord_precision,kind,themes,designation_kind,designation_level,designation_batch\n"
GOOD_NEW = ",清虚观,140728,37.2003,112.1795,site,temple,宗教建筑,文物保护单位,national,5\n"
GOOD_UPDATE = "pingyao-shuanglinsi,,,,,,,,A级景区,national,4A\n"


def _snapshot(conn) -> tuple:
    return (
        conn.execute("SELECT group_concat(id || version || retired) FROM sites").fetchone()[0],
        conn.execute("SELECT count(*) FROM designations").fetchone()[0],
        conn.execute("SELECT count(*) FROM changes").fetchone()[0],
    )


def test_a_good_file_creates_and_updates_in_one_batch(conn, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD_NEW + GOOD_UPDATE, encoding="utf-8")
    report = importer.import_file(conn, actor("olga"), path)
    assert report.ok, report.problems
    assert report.created == ["pingyao-qingxuguan"] and report.updated == ["pingyao-shuanglinsi"]
    kinds = {d["kind"] for d in editing.site_state(conn, "pingyao-shuanglinsi")["designations"]}
    assert kinds == {"文物保护单位", "A级景区"}
    batches = conn.execute("SELECT DISTINCT action, batch FROM changes").fetchall()
    assert [(r[0], r[1]) for r in batches] == [("import", report.batch)]
    again = importer.import_file(conn, actor("olga"), path)  # the same file twice
    assert again.problems == [
        (2, "pingyao-qingxuguan already has this name in this county; put its id in the id "
            "column to update it")
    ]


def test_mixed_good_and_bad_rows_change_nothing_and_every_bad_row_is_reported(conn, tmp_path):
    path = tmp_path / "mixed.csv"
    rows = [
        HEADER,                                                                # line 1
        GOOD_NEW,                                                              # line 2 good
        ",,140728,37.2,112.18,site,temple,,,,\n",                              # 3 no name
        ',"多行\n名称",140728,37.2,112.18,site,temple,,,,\n',                   # 4-5 newline in a name
        ",北京寺,140728,39.9,116.4,site,temple,,,,\n",                          # 6 outside
        ",寺,140728,nan,112.18,site,temple,,,,\n",                              # 7 NaN
        ",寺,140728,37.2,inf,site,temple,,,,\n",                                # 8 inf
        ",寺,140728,37.2,112.18,site,castle,,,,\n",                             # 9 bad kind
        GOOD_UPDATE,                                                           # 10 good
        "pingyao-shuanglinsi,,,,,,,,国宝,national,\n",                           # 11 dup id + kind
        ",<script>alert(1)</script>,140728,37.2,112.18,site,temple,,文物保护单位,galactic,\n",  # 12
        ",'); DROP TABLE sites;--,140728,37.2,112.18,site,temple,,,,,extra\n",  # 13 extra cell
    ]
    path.write_text("".join(rows), encoding="utf-8")
    before = _snapshot(conn)
    report = importer.import_file(conn, actor("olga"), path)
    assert not report.ok
    lines = sorted({line for line, _ in report.problems})
    assert lines == [3, 4, 6, 7, 8, 9, 11, 12, 13]  # line 6 follows a 2-line record
    reasons = dict(report.problems)
    assert "name_zh is required" in reasons[3]
    assert "control characters" in reasons[4]
    assert "outside Jinzhong" in reasons[6]
    assert "finite" in reasons[7] and "finite" in reasons[8]
    assert "unknown kind" in reasons[9]
    assert "repeats line 10" in reasons[11]
    assert "unknown level" in reasons[12]
    assert "more cells" in reasons[13]
    assert _snapshot(conn) == before  # nothing written, not even the good rows
    assert report.created == ["pingyao-qingxuguan"]  # the good row was checked, then rolled back


def test_cli_import_exits_non_zero_and_lists_the_lines(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + GOOD_NEW + ",,140728,37.2,112.18,site,temple,,,,\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "import", str(path), "--user", "olga", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert "nothing imported: 1 of 2 rows are bad" in done.stderr
    assert "line 3: name_zh is required" in done.stderr
    ok = tmp_path / "ok.csv"
    ok.write_text(HEADER + GOOD_NEW, encoding="utf-8")
    dry = subprocess.run(
        [sys.executable, "-m", "catalog", "import", str(ok), "--user", "olga", "--dry-run",
         "--json", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert dry.returncode == 0, dry.stderr
    summary = json.loads(dry.stdout)
    assert summary["ok"] and not summary["written"] and summary["created"] == ["pingyao-qingxuguan"]
    conn = open_conn(db)
    assert conn.execute("SELECT count(*) FROM sites").fetchone()[0] == 5  # dry run wrote nothing
    conn.close()


def test_a_planner_cannot_import(conn, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD_NEW, encoding="utf-8")
    with pytest.raises(importer.PermissionDenied):
        importer.import_file(conn, actor("pat"), path)


@pytest.mark.parametrize("crs", ["GCJ02", "BD09"])
def test_chinese_datums_are_converted_when_the_file_says_so(conn, tmp_path, crs):
    wgs = (112.1795, 37.2003)
    lon, lat = wgs84_to_gcj02(*wgs) if crs == "GCJ02" else wgs84_to_bd09(*wgs)
    path = tmp_path / "datum.csv"
    path.write_text(
        "name_zh,county_adcode,lat,lon,crs,coord_precision,kind\n"
        f"清虚观,140728,{lat:.8f},{lon:.8f},{crs},site,temple\n",
        encoding="utf-8",
    )
    report = importer.import_file(conn, actor("olga"), path)
    assert report.ok, report.problems
    state = editing.site_state(conn, report.created[0])
    assert abs(state["lon"] - wgs[0]) < 2e-6 and abs(state["lat"] - wgs[1]) < 2e-6


def test_geojson_with_a_crs_member_and_feature_line_numbers(conn, tmp_path):
    glon, glat = wgs84_to_gcj02(112.1795, 37.2003)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [glon, glat]},
         "properties": {"name_zh": "清虚观", "county_adcode": "140728",
                        "coord_precision": "site", "kind": "temple"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [glon, glat]},
         "properties": {"name_zh": 12345, "county_adcode": "140728",
                        "coord_precision": "site", "kind": "temple"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]},
         "properties": {"name_zh": "线"}},
    ]
    text = json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "GCJ02"}},
                       "features": features}, ensure_ascii=False, indent=2)
    path = tmp_path / "sites.geojson"
    path.write_text(text, encoding="utf-8")
    report = importer.import_file(conn, actor("olga"), path)
    lines = text.splitlines()
    reported = sorted({line for line, _ in report.problems})
    assert len(reported) == 2
    for line in reported:
        assert lines[line - 1].strip() == "{"  # each points at the start of its feature
    assert "must be text" in " ".join(r for _, r in report.problems)
    assert "Point" in " ".join(r for _, r in report.problems)
    assert conn.execute("SELECT count(*) FROM sites").fetchone()[0] == 5


def test_a_gbk_file_is_refused_with_its_line(conn, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER + GOOD_NEW).encode("gbk"))
    with pytest.raises(importer.ImportFailed, match=r"line 2: the file is not UTF-8"):
        importer.import_file(conn, actor("olga"), path)


def test_broken_files_are_refused_whole(conn, tmp_path):
    for name, content, message in [
        ("x.txt", "a", "expected a .csv, .xlsx or .geojson"),
            ("x.xlsx", "not a zip", "not an Excel .xlsx workbook"),
        ("empty.csv", "", "empty"),
        ("cols.csv", "name,evil_column\nx,y\n", "unknown columns: evil_column"),
        ("bad.geojson", "{not json", "not valid JSON"),
        ("list.geojson", "[]", "FeatureCollection"),
    ]:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(importer.ImportFailed, match=message):
            importer.import_file(conn, actor("olga"), path)


def test_a_cli_import_changes_the_version_key_of_a_running_apps_caches(db, tmp_path):
    """The app keys its caches on ``store.version_key``; an import from another process moves it
    and the app's open read connection sees the new rows."""
    import sqlite3

    from catalog import store

    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # an app session, kept open
    reader.execute("SELECT count(*) FROM sites").fetchone()
    before = store.version_key(db)
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD_NEW, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "import", str(path), "--user", "olga", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert store.version_key(db) != before
    assert reader.execute("SELECT count(*) FROM sites").fetchone()[0] == 6
    reader.close()
