"""Round trip: what ``export`` writes, ``import`` accepts unchanged (CSV with BOM, .xlsx, GeoJSON).

Each format on a copy of the real catalogue: export every site, change one name, import. The dry
run reports exactly one update and writes nothing; the real run applies it and logs it.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from catalog import importer
from catalog.history import site_history
from catalog.report import to_csv, to_geojson, to_xlsx
from catalog.repository import Catalog
from tests.catalog.edit_support import actor, editable_copy, open_conn

ROOT = Path(__file__).resolve().parents[2]
SITE = "lingshi-wangjiadayuan"
NEW_NAME = "王家大院（测试改名）"


@pytest.fixture
def real_db(tmp_path: Path) -> Path:
    return editable_copy(tmp_path, real=True)


def _export(db: Path, fmt: str) -> bytes:
    with Catalog(db, readonly=True) as cat:
        sites = cat.sites()
        assert SITE in {s.id for s in sites}
        if fmt == "csv":
            return to_csv(sites).encode("utf-8-sig")
        if fmt == "xlsx":
            return to_xlsx(sites)
        return to_geojson(sites).encode("utf-8")


def _rename(data: bytes, fmt: str) -> bytes:
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        (row,) = [r for r in rows if r["id"] == SITE]
        row["name_zh"] = NEW_NAME
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        sheet = book["sites"]
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if row[header.index("id")].value == SITE:
                row[header.index("name_zh")].value = NEW_NAME
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    doc = json.loads(data)
    (feature,) = [f for f in doc["features"] if f["id"] == SITE]
    feature["properties"]["name_zh"] = NEW_NAME
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_export_change_one_name_import(real_db: Path, fmt: str) -> None:
    original = _export(real_db, fmt)
    if fmt == "csv":
        assert original.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    conn = open_conn(real_db)
    try:
        untouched = importer.import_bytes(conn, actor("olga"), original, f".{fmt}", dry_run=True)
        assert untouched.ok, untouched.problems
        assert untouched.updated == [] and untouched.created == []
        assert len(untouched.unchanged) == untouched.rows == 181
        assert [str(n) for n in untouched.notes] == [
            "read-only columns ignored: county, greenways, hours_estimated, pinyin, sources"
        ]

        changed = _rename(original, fmt)
        dry = importer.import_bytes(conn, actor("olga"), changed, f".{fmt}", dry_run=True)
        assert dry.ok, dry.problems
        assert dry.updated == [SITE] and dry.created == []
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0

        real = importer.import_bytes(conn, actor("olga"), changed, f".{fmt}")
        assert real.ok and real.updated == [SITE]
        name = conn.execute("SELECT name_zh FROM sites WHERE id = ?", [SITE]).fetchone()[0]
        assert name == NEW_NAME
        (change,) = site_history(conn, actor("olga"), SITE)
        assert change.action == "import" and change.actor == "olga"
        assert change.diff == {"name_zh": ["王家大院", NEW_NAME]}
    finally:
        conn.close()


def test_cli_export_csv_has_a_bom_and_imports_unchanged(real_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sites.csv"
    cmd = [sys.executable, "-m", "catalog", "export", "--db", str(real_db), "--format", "csv"]
    subprocess.run([*cmd, "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    result = subprocess.run(
        [sys.executable, "-m", "catalog", "import", str(out), "--db", str(real_db), "--user",
         "olga", "--dry-run"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "0 created, 0 updated, 181 unchanged" in result.stdout
    assert result.stderr.count("read-only columns ignored") == 1


def test_county_by_name_and_designation_cell(real_db: Path) -> None:
    """``county_adcode`` takes a name; the designations cell adds, keeps and removes."""
    conn = open_conn(real_db)
    try:
        before = [d for d in _designations(conn, SITE)]
        cell = ";".join(f"{d['kind']}/{d['level']}/{d['batch'] or ''}/{d['year'] or ''}"
                        for d in before) + ";历史建筑/county//"
        text = f"id,county_adcode,designations\n{SITE},灵石县,{cell}\n"
        report = importer.import_bytes(conn, actor("olga"), text.encode(), ".csv")
        assert report.ok, report.problems
        after = _designations(conn, SITE)
        assert len(after) == len(before) + 1
        kept = [d for d in after if d["kind"] != "历史建筑"]
        assert kept == before  # reference numbers and sources kept
        bad = "id,county_adcode\n" + f"{SITE},火星县\n"
        report = importer.import_bytes(conn, actor("olga"), bad.encode(), ".csv")
        assert not report.ok and report.problems[0][1].code == "fields_problem"
    finally:
        conn.close()


def test_repeated_problems_are_grouped(real_db: Path) -> None:
    rows = "".join(f",寺{i},140728,39.9,116.4,site,temple\n" for i in range(5))
    text = "id,name_zh,county_adcode,lat,lon,coord_precision,kind\n" + rows
    conn = open_conn(real_db)
    try:
        report = importer.import_bytes(conn, actor("olga"), text.encode(), ".csv")
    finally:
        conn.close()
    groups = report.grouped()
    assert len(groups) == 1 and groups[0][1] == [2, 3, 4, 5, 6]


def _designations(conn, site_id: str) -> list[dict]:  # noqa: ANN001
    rows = conn.execute(
        "SELECT kind, level, batch, year, ref_no, source FROM designations WHERE site_id = ? "
        "ORDER BY kind, level, batch", [site_id]).fetchall()
    return [dict(r) for r in rows]


def test_the_importer_and_the_catalogue_read_county_names_alike(real_db: Path) -> None:
    """One rule for a county's spellings (``catalog.models.county_aliases``): every spelling the
    import column accepts, ``Catalog.county_adcode`` resolves to the same county, and back."""
    conn = open_conn(real_db)
    try:
        imported = importer.county_names(conn)
    finally:
        conn.close()
    with Catalog(real_db, readonly=True) as cat:
        counties = cat.counties()
        assert len(counties) == 11
        assert {n: cat.county_adcode(n) for n in imported} == imported
        for county in counties:
            for spelling in (county.adcode, county.name_zh, county.name_zh[:-1],
                             county.name_en, county.name_en.split(" ")[0].upper(),
                             f"  {county.name_zh} "):
                assert cat.county_adcode(spelling) == county.adcode
                assert imported[spelling.strip().lower()] == county.adcode
        with pytest.raises(ValueError, match="unknown county"):
            cat.county_adcode("火星县")
    assert "火星县" not in imported
