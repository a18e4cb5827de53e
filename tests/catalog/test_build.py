"""Building the database from seed files: conversion, merging, checks, determinism."""

import hashlib

import pytest

from catalog.build import build, name_core, pinyin_of
from catalog.coords import haversine_m, wgs84_to_gcj02
from catalog.repository import Catalog
from catalog.seed import SeedError

from .conftest import append


def test_same_place_from_two_lists_is_one_site_with_both_designations(mini_catalog):
    zhangbi = mini_catalog.site("jiexiu-zhangbi")
    assert {d.kind for d in zhangbi.designations} == {"中国传统村落", "文物保护单位"}
    assert set(zhangbi.themes) == {"古村古堡", "宗教建筑"}
    assert len(zhangbi.sources) == 2


def test_finest_coordinate_wins_and_is_converted_to_wgs84(mini_catalog):
    zhangbi = mini_catalog.site("jiexiu-zhangbi")
    # the GCJ-02 AMap POI (site precision) beats the village point, converted back to WGS-84
    assert zhangbi.coord_precision == "site"
    assert zhangbi.coord_source == "guobao-shanximap#142"
    glon, glat = wgs84_to_gcj02(zhangbi.lon, zhangbi.lat)
    assert haversine_m(glon, glat, 111.973143, 36.962271) < 0.5
    # and it lies within 100 m of the independent WGS-84 village point, as PROVENANCE says
    assert haversine_m(zhangbi.lon, zhangbi.lat, 111.966003, 36.962101) < 100


def test_bd09_source_is_converted(mini_catalog):
    pingyao = mini_catalog.site("pingyao-gucheng")
    assert (round(pingyao.lon, 5), round(pingyao.lat, 5)) == (112.17728, 37.2027)


def test_rejected_point_is_never_used_and_site_falls_back_to_county(mini_catalog):
    shuanglin = mini_catalog.site("pingyao-shuanglinsi")
    assert shuanglin.coord_precision == "county"
    assert haversine_m(shuanglin.lon, shuanglin.lat, 111.9922, 37.1683) > 5000
    rows = mini_catalog.conn.execute(
        "SELECT status, chosen FROM coordinate_evidence WHERE site_id = 'pingyao-shuanglinsi'"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("rejected", 0)]


def test_defaults_are_marked_estimated_and_sourced_facts_are_not(mini_catalog):
    pingyao = mini_catalog.site("pingyao-gucheng")
    assert pingyao.visit_minutes == 300 and not pingyao.visit_minutes_estimated
    assert pingyao.hours.estimated
    temple = mini_catalog.site("pingyao-shuanglinsi")
    assert temple.visit_minutes_estimated and temple.ticket_cny is None


def test_build_is_deterministic(mini_seed, tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    build(mini_seed, a)
    build(mini_seed, b)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_conflicting_field_across_lists_is_a_build_error(mini_seed, tmp_path):
    append(
        mini_seed / "sites" / "20_relics.csv",
        "jiexiu-zhangbi,张壁古堡,,140781,,,,,,guobao-shanximap#142,",
    )
    with pytest.raises(SeedError, match="name_zh '张壁古堡' conflicts with '张壁村'"):
        build(mini_seed, tmp_path / "x.db")


def test_unmerged_duplicate_is_refused(mini_seed, tmp_path):
    (mini_seed / "distinct_pairs.csv").write_text("site_id_a,site_id_b,reason\n", encoding="utf-8")
    with pytest.raises(SeedError, match="lingshi-jingsheng .* similar names"):
        build(mini_seed, tmp_path / "x.db")


def test_point_outside_its_county_is_refused_unless_excepted(mini_seed, tmp_path):
    # 张壁's village point, but claimed for 平遥: outside the 平遥 polygon
    append(
        mini_seed / "sites" / "30_scenic.csv", "pingyao-test,测试点,,140728,,,,temple,,tv-list#x,"
    )
    append(
        mini_seed / "coordinates" / "30_scenic.csv",
        "pingyao-test,111.90,36.90,WGS84,village,ok,tv-list#x,",
    )
    with pytest.raises(SeedError, match="pingyao-test .* is outside 平遥县"):
        build(mini_seed, tmp_path / "x.db")
    (mini_seed / "county_exceptions.csv").write_text(
        "site_id,reason,source\npingyao-test,test exception,tv-list#x\n", encoding="utf-8"
    )
    build(mini_seed, tmp_path / "x.db")


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("sites/30_scenic.csv", "Bad Id,名,,140728,,,,temple,,tv-list#x,", "not a lowercase slug"),
        ("sites/30_scenic.csv", "ok-id,名,,999999,,,,temple,,tv-list#x,", "unknown county adcode"),
        ("sites/30_scenic.csv", "ok-id,名,,140728,,,,castle,,tv-list#x,", "unknown kind 'castle'"),
        (
            "sites/30_scenic.csv",
            "ok-id,名,,140728,,,,temple,,nowhere#1,",
            "unknown source key 'nowhere'",
        ),
        ("sites/30_scenic.csv", "ok-id,名,,140728,,,,temple,,,", "source is empty"),
        (
            "coordinates/30_scenic.csv",
            "pingyao-gucheng,abc,37,WGS84,site,ok,tv-list#x,",
            "not numbers",
        ),
        (
            "coordinates/30_scenic.csv",
            "pingyao-gucheng,112,37,EPSG,site,ok,tv-list#x,",
            "crs must be",
        ),
        (
            "coordinates/30_scenic.csv",
            "pingyao-gucheng,112,37,WGS84,site,rejected,tv-list#x,",
            "needs the reason",
        ),
        (
            "coordinates/30_scenic.csv",
            "ghost,112,37,WGS84,site,ok,tv-list#x,",
            "unknown site 'ghost'",
        ),
        (
            "designations/20_relics.csv",
            "pingyao-gucheng,名胜,national,,,,,tv-list#x",
            "unknown designation kind",
        ),
        (
            "designations/20_relics.csv",
            "pingyao-gucheng,中国传统村落,galactic,,,,,tv-list#x",
            "unknown level",
        ),
        (
            "designations/20_relics.csv",
            "pingyao-gucheng,中国传统村落,national,,19x,,,tv-list#x",
            "is not a year",
        ),
        (
            "site_facts.csv",
            'pingyao-gucheng,hours,"{""seasons"": []}",tv-list#x',
            "at least one season",
        ),
        ("site_facts.csv", "pingyao-gucheng,visit_minutes,0,tv-list#x", "visit_minutes must be"),
        ("greenway_stops.csv", "dayun,9,幻影,ghost,plan#x", "unknown site 'ghost'"),
    ],
)
def test_bad_seed_rows_are_reported_with_file_and_line(mini_seed, tmp_path, file, line, message):
    append(mini_seed / file, line)
    with pytest.raises(SeedError) as info:
        build(mini_seed, tmp_path / "x.db")
    assert any(message in p for p in info.value.problems), info.value.problems
    assert any(file in p for p in info.value.problems)
    assert not (tmp_path / "x.db").exists()


def test_failed_build_keeps_the_previous_database(mini_seed, tmp_path):
    db = tmp_path / "keep.db"
    build(mini_seed, db)
    before = db.read_bytes()
    append(mini_seed / "sites" / "30_scenic.csv", "Bad Id,名,,140728,,,,temple,,tv-list#x,")
    with pytest.raises(SeedError):
        build(mini_seed, db)
    assert db.read_bytes() == before
    with Catalog(db) as cat:
        assert len(cat.site_ids()) == 5


def test_name_core_and_pinyin():
    assert name_core("张壁古堡") == name_core("张壁村") == "张壁"
    assert name_core("王家大院") == "王家"
    assert pinyin_of("王家大院") == ("wang jia da yuan", "wjdy")
