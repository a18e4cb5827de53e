"""Sensitive sites: a visitor never gets the exact point, however they ask; an officer does.

On a copy of the real catalogue an officer moves 慈相寺 (pingyao-cixiangsi) to a point with
distinctive digits and limits it to township precision. Then every output a visitor can make is
searched for those digits (6, 5 and 4 decimals, WGS-84 and GCJ-02) and for the seed's point:
the CSV, GeoJSON and Excel exports, the CLI's JSON, a plan's JSON, nearby search.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from catalog import editing
from catalog.coords import haversine_m, wgs84_to_gcj02
from catalog.masking import public_point
from catalog.report import site_properties, to_csv, to_geojson, to_xlsx
from catalog.repository import Catalog
from tests.catalog.edit_support import actor, editable_copy, open_conn

ROOT = Path(__file__).resolve().parents[2]
SITE = "pingyao-cixiangsi"
SEED_POINT = (37.240197, 112.282809)
EXACT = (37.241357, 112.284163)


def exact_strings() -> list[str]:
    """Every way the exact (or the seed's) point could be printed."""
    out = []
    for lat, lon in (EXACT, SEED_POINT):
        lon_g, lat_g = wgs84_to_gcj02(lon, lat)
        for value in (lat, lon, lat_g, lon_g):
            out += [f"{value:.6f}", f"{value:.5f}", f"{value:.4f}"]
    return out


def assert_hidden(text: str, where: str) -> None:
    leaked = [s for s in exact_strings() if s in text]
    assert not leaked, f"{where} reveals {leaked}"


@pytest.fixture(scope="module")
def masked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = editable_copy(tmp_path_factory.mktemp("masked"), real=True)
    conn = open_conn(db)
    state = editing.site_state(conn, SITE)
    assert (state["lat"], state["lon"]) == SEED_POINT
    editing.update_site(conn, actor("olga"), SITE, state["version"], {
        "lat": EXACT[0], "lon": EXACT[1], "coord_source": "survey 2026",
        "address": "慈相寺村北 200 米", "public_precision": "township"})
    conn.close()
    return db


def test_the_public_point_is_the_cell_centre(masked_db: Path) -> None:
    with Catalog(masked_db, readonly=True) as cat:
        site = cat.site(SITE)
    assert (site.lat, site.lon) == public_point(*EXACT, "township", (0.0, 0.0))
    assert site.coord_precision == "township" and site.address is None
    assert haversine_m(EXACT[1], EXACT[0], site.lon, site.lat) > 1500


def test_exports_and_json_never_carry_the_exact_point(masked_db: Path) -> None:
    with Catalog(masked_db, readonly=True) as cat:
        sites = cat.sites()
        assert SITE in {s.id for s in sites}
        assert_hidden(to_csv(sites), "CSV export")
        assert_hidden(to_geojson(sites), "GeoJSON export")
        book = load_workbook(io.BytesIO(to_xlsx(sites)), read_only=True)
        cells = " ".join(str(c) for row in book["sites"].iter_rows(values_only=True) for c in row)
        assert_hidden(cells, "Excel export")
        assert_hidden(json.dumps(site_properties(cat.site(SITE))), "site JSON")
        assert "200 米" not in to_csv(sites)  # the address would place it too


def test_the_cli_shows_and_exports_the_public_point(masked_db: Path) -> None:
    for args in (["show", SITE], ["export", "--format", "geojson"],
                 ["search", "慈相寺", "--json"]):
        result = subprocess.run([sys.executable, "-m", "catalog", *args, "--db", str(masked_db)],
                                cwd=ROOT, capture_output=True, text=True, check=True)
        assert_hidden(result.stdout, " ".join(args))


def test_nearby_search_measures_from_the_public_point(masked_db: Path) -> None:
    with Catalog(masked_db, readonly=True) as cat:
        assert SITE not in cat.site_ids(near=(*EXACT, 1.0))  # not found near its real place
        public = cat.site(SITE)
        assert SITE in cat.site_ids(near=(public.lat, public.lon, 0.1))
        for other, metres in cat.nearby("pingyao-gucheng", km=20, limit=200):
            if other.id == SITE:
                gucheng = cat.site("pingyao-gucheng")
                assert metres == haversine_m(gucheng.lon, gucheng.lat, public.lon, public.lat)
        near_it = cat.nearby(SITE, km=3, limit=50)
        assert all(haversine_m(public.lon, public.lat, s.lon, s.lat) == m for s, m in near_it)


def test_a_plan_never_carries_the_exact_point(masked_db: Path, tmp_path: Path) -> None:
    request = {"start_date": "2026-05-12", "days": 1, "day_start": "08:00", "day_end": "19:00",
               "lodging": "pingyao-gucheng", "must_visit": [SITE]}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "routing", "plan", str(path), "--db", str(masked_db),
         "--time-limit", "1", "--iterations", "200", "--seed", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    visits = [v for d in plan["days"] for v in d["visits"]]
    assert SITE in [v["site_id"] for v in visits]
    assert [v["approximate_location"] for v in visits if v["site_id"] == SITE] == [True]
    assert_hidden(result.stdout, "plan JSON")


def test_an_officer_still_sees_the_exact_point(masked_db: Path) -> None:
    with Catalog(masked_db, readonly=True, exact=True) as cat:
        site = cat.site(SITE)
        assert (site.lat, site.lon) == EXACT and site.address == "慈相寺村北 200 米"
    conn = open_conn(masked_db)
    state = editing.site_state(conn, SITE)
    conn.close()
    assert (state["lat"], state["lon"], state["public_precision"]) == (*EXACT, "township")


def test_unmasking_restores_the_public_exact_point(masked_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(masked_db.read_bytes())
    conn = open_conn(db)
    state = editing.site_state(conn, SITE)
    editing.update_site(conn, actor("olga"), SITE, state["version"], {"public_precision": None})
    conn.close()
    with Catalog(db, readonly=True) as cat:
        assert (cat.site(SITE).lat, cat.site(SITE).lon) == EXACT


def test_a_public_export_imported_back_moves_no_sensitive_site(masked_db: Path, tmp_path: Path) -> None:
    """The round trip of a visitor's export: the masked row carries the public point, which must
    not overwrite the exact one; the officer's --exact export round-trips as well."""
    from catalog import importer

    db = tmp_path / "copy.db"
    db.write_bytes(masked_db.read_bytes())
    for exact in (False, True):
        with Catalog(db, readonly=True, exact=exact) as cat:
            text = to_csv(cat.sites())
        conn = open_conn(db)
        report = importer.import_bytes(conn, actor("olga"), text.encode("utf-8-sig"), ".csv")
        state = editing.site_state(conn, SITE)
        conn.close()
        assert report.ok and report.updated == [], (exact, report.problems, report.updated)
        assert (state["lat"], state["lon"], state["coord_precision"]) == (*EXACT, "site")
