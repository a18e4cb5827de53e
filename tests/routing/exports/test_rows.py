"""The row model under every export: ticket sentences, lunch places, labels in both languages,
the AMap link's datum, and that the exports stay domain code."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from catalog.coords import wgs84_to_gcj02
from routing.exports.labels import LABELS
from routing.exports.links import amap_url
from routing.exports.rows import Stop, Tickets


def test_the_ticket_line_counts_unknown_prices_once_and_totals_the_group() -> None:
    assert Tickets(125, 4, 0, 1).line("zh") == "已知门票合计每人 125 元"
    assert Tickets(0, 3, 0, 1).line("zh") == "已知门票合计每人 0 元"  # all free, all known
    assert Tickets(0, 0, 8, 40).line("zh") == "8 处票价均未知"
    assert Tickets(60.5, 3, 2, 40).line("zh") == (
        "已知门票合计每人 60.50 元，40 人合计 2420 元，另有 2 处票价未知（未计入）")
    assert Tickets(60.5, 3, 2, 40).line("en") == (
        "Known tickets 60.50 CNY per person; 2420 CNY for a group of 40; "
        "price unknown for 2 site(s), not included")


def test_every_label_has_both_languages_with_the_same_parameters() -> None:
    for key, (zh, en) in LABELS.items():
        assert zh and en, key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_amap_link_is_gcj02() -> None:
    stop = Stop("平遥古城", "pingyao-gucheng", 37.2013, 112.1787, "")
    query = parse_qs(urlparse(amap_url(stop)).query)
    lon, lat = (float(v) for v in query["position"][0].split(","))
    assert (round(lon, 6), round(lat, 6)) == tuple(round(v, 6) for v in
                                                   wgs84_to_gcj02(112.1787, 37.2013))
    assert query["coordinate"] == ["gaode"] and query["name"] == ["平遥古城"]
    assert amap_url(Stop("x", None, None, None, "")) is None


def test_lunch_rows_name_their_place(planned, export_sites, sheet_zh) -> None:
    for plan_day, day in zip(planned.days, sheet_zh.days, strict=True):
        lunch = [r for r in day.rows if r.kind == "lunch"]
        if plan_day.lunch_start is None:
            continue
        assert len(lunch) == 1
        at = plan_day.lunch_at
        expected = plan_day.origin.name if at in (None, "origin") else export_sites[at].name_zh
        assert lunch[0].name == expected and lunch[0].stop is not None
