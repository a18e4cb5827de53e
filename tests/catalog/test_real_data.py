"""The committed catalogue: what the plan and the issue require of the real data."""

from collections import Counter
from pathlib import Path

import pytest

from catalog.build import build
from catalog.geo import shapes_from_features
from catalog.paths import DEFAULT_DB, SEED_DIR
from catalog.report import stats
from catalog.repository import Catalog


@pytest.fixture(scope="module")
def real():
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        yield cat


def test_the_catalogue_is_what_the_seed_builds(tmp_path):
    fresh = tmp_path / "fresh.db"
    build(SEED_DIR, fresh)
    with Catalog(fresh) as a, Catalog(DEFAULT_DB, readonly=True) as b:
        assert stats(a) == stats(b), "data/heritage.db differs from the seed (edited or stale): python -m catalog build --force"


def test_all_90_traditional_villages_by_batch(real):
    rows = real.conn.execute(
        "SELECT batch, count(*) FROM designations WHERE kind = '中国传统村落' GROUP BY batch"
    ).fetchall()
    assert dict(rows) == {"1": 6, "2": 7, "3": 4, "4": 33, "5": 27, "6": 13}


def test_all_69_national_relic_units(real):
    rows = real.conn.execute(
        "SELECT batch, count(*) FROM designations WHERE kind = '文物保护单位' AND level = 'national' "
        "GROUP BY batch"
    ).fetchall()
    assert sum(n for _, n in rows) == 69
    assert dict(rows) == {"3": 3, "4": 4, "5": 5, "6": 32, "7": 21, "8": 4}


def test_zhangbi_is_one_site_with_its_designations(real):
    ids = real.site_ids(text="张壁")
    assert ids[0] == "jiexiu-zhangbi"
    kinds = Counter(d.kind for d in real.site("jiexiu-zhangbi").designations)
    assert kinds["文物保护单位"] == 1 and kinds["中国传统村落"] == 1


def test_every_point_is_inside_its_county_or_excepted(real):
    shapes = shapes_from_features(
        {"properties": {"adcode": a, "name": a}, "geometry": g}
        for a, g in real.boundaries_gcj02().items()
    )
    excepted = {r[0] for r in real.conn.execute("SELECT site_id FROM county_check_exceptions")}
    outside = [
        s.id
        for s in real.sites(include_retired=True)
        if s.id not in excepted and not shapes[s.county_adcode].contains_wgs84(s.lon, s.lat)
    ]
    assert outside == []


def test_known_wrong_source_points_are_not_used(real):
    # PROVENANCE: ShanxiMap's manual rows put 乔家大院 17.6 km and 王家大院 10.2 km off, and
    # 孔家大院 at its county centroid. None of those may be a site's chosen point.
    chosen = real.conn.execute(
        "SELECT site_id, note FROM coordinate_evidence WHERE chosen = 1 AND "
        "(note LIKE '%suspect_manual%' OR note LIKE '%county-centroid%' OR status != 'ok')"
    ).fetchall()
    assert chosen == []
    for name in ("乔家大院", "王家大院", "镇国寺", "双林寺"):
        site = real.sites(text=name)[0]
        assert site.coord_precision in ("site", "village"), name


def test_every_row_has_a_known_source(real):
    keys = set(real.sources())
    for table in ("designations", "coordinate_evidence", "intangible", "greenway_stops"):
        for (source,) in real.conn.execute(f"SELECT source FROM {table}"):
            assert source and source.split("#")[0] in keys, (table, source)
    for site in real.sites(include_retired=True):
        assert site.sources and all(s.split("#")[0] in keys for s in site.sources), site.id


def test_greenways_have_the_plans_stops_in_order(real):
    greenways = {g.id: g for g in real.greenways()}
    assert set(greenways) == {"dayun", "hongse-taihang", "nanbu-shandi"}
    dayun = [name for _, name, _ in greenways["dayun"].stops]
    assert dayun[0] == "榆次老城" and dayun[-1] == "资寿寺" and len(dayun) == 14
    red = [name for _, name, _ in greenways["hongse-taihang"].stops]
    assert red[0] == "大寨" and red[-1] == "老井村" and len(red) == 10
    south = [name for _, name, _ in greenways["nanbu-shandi"].stops]
    assert south == ["绵山", "石膏山", "红崖大峡谷", "云竹湖"]
    for g in greenways.values():
        assert all(site_ids for _, _, site_ids in g.stops), g.id


def test_pattern_has_the_plans_groups(real):
    groups = Counter(f["group_name"] for f in real.pattern())
    assert groups == {"四城": 4, "六点": 6, "两带": 2, "八廊": 8, "四区": 4}


def test_counties_are_the_eleven_units(real):
    assert len(real.counties()) == 11
    assert {c.adcode for c in real.counties()} >= {"140702", "140703", "140728", "140781"}


def test_search_finds_real_sites_in_three_scripts(real):
    assert any("王家" in s.name_zh for s in real.sites(text="王家"))
    assert any("王家" in s.name_zh for s in real.sites(text="wangjia"))
    assert real.sites(text="古堡")
    assert real.site_ids(text="Ping Yao") or real.site_ids(text="Pingyao")


def test_the_live_database_is_built_and_not_in_git():
    import subprocess

    assert Path(DEFAULT_DB).is_file() and (Path(SEED_DIR) / "README.md").is_file()
    tracked = subprocess.run(["git", "ls-files", "data/"], capture_output=True, text=True,
                             cwd=Path(SEED_DIR).parents[1], check=True).stdout.split()
    assert not [f for f in tracked if f.endswith(".db")], tracked
