"""The seed facts issue 12 added, checked in the real catalogue (each with its source)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from catalog.coords import haversine_m
from catalog.paths import DEFAULT_DB, ensure_built
from catalog.repository import Catalog

ROOT = Path(__file__).resolve().parents[2]


def test_matian_lies_where_its_relic_is() -> None:
    """麻田镇 had no sourced point (county centroid, 22 km north of the 八路军前方总部旧址 that
    the sources place in 麻田镇); it now carries that relic's point at township precision."""
    with Catalog(ensure_built(DEFAULT_DB), readonly=True) as cat:
        town, relic = cat.site("zuoquan-matianzhen"), cat.site("zuoquan-balujunqianfangzongbujiuzhi")
        assert town.coord_precision == "township"
        assert haversine_m(town.lon, town.lat, relic.lon, relic.lat) < 100
        evidence = cat.conn.execute(
            "SELECT source, note FROM coordinate_evidence WHERE site_id = ? AND chosen = 1",
            ["zuoquan-matianzhen"]).fetchone()
        assert evidence["source"] == "guobao-shanximap#56" and "chinacn-2020-matian" in evidence[
            "note"]


def test_stats_lists_the_plans_six_towns_with_their_designation() -> None:
    result = subprocess.run([sys.executable, "-m", "catalog", "stats"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    lines = result.stdout.split("the plan's six historic towns (历史文化名镇):\n")[1].splitlines()[:6]
    assert [line.split(" (")[0].strip() for line in lines] == [
        "灵石静升", "寿阳宗艾", "榆次东阳", "祁县东观", "左权麻田", "昔阳大寨"]
    assert all("no designation" not in line for line in lines)
    assert "national, batch 1 (2003)" in lines[0] and lines[2].endswith(": unknown")


def test_the_new_national_ich_rows_carry_the_huclc_source() -> None:
    with Catalog(ensure_built(DEFAULT_DB), readonly=True) as cat:
        items = {i.name_zh: i for i in cat.intangible(level="national")}
        for name, county in (("民间社火（南庄无根架火）", "140702"), ("中医诊疗法（摸肯正脊术）", "140729")):
            assert items[name].county_adcode == county
            assert items[name].source.startswith("ich-huclc#")
            assert items[name].batch is None and items[name].year is None  # not in the file
        assert cat.sources()["ich-huclc"]["license"] == "MIT"


def test_qiao_family_5a_is_recorded_as_revoked() -> None:
    with Catalog(ensure_built(DEFAULT_DB), readonly=True) as cat:
        (ended,) = [d for d in cat.site("qixian-qiaojiadayuan").designations if d.ended]
        assert (ended.kind, ended.batch, ended.ended, ended.end_reason) == (
            "A级景区", "5A", "2019-07-31", "revoked")
        assert ended.source.startswith("hzcn-2019-qiaojia#")
