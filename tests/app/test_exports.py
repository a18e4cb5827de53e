"""Exports of a real plan: .ics, GPX, CSV, Excel and the printable day sheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from catalog.paths import DEFAULT_DB
from ui.exports import day_sheet_html, timeline, to_csv, to_gpx, to_ics, to_xlsx
from ui.planning import build_request, run_plan
from ui.urlstate import PlanInputs


@pytest.fixture(scope="module")
def result():
    """2 days on the 大运 greenway from 平遥古城, 王家大院 a must-see (planned by the real planner)."""
    inputs = PlanInputs(start_date=dt.date(2026, 5, 12), days=2, greenways=("dayun",),
                        must=("lingshi-wangjiadayuan",))
    return run_plan(build_request(inputs), DEFAULT_DB, time_limit=0.5)


def visits(result):
    return [v for d in result.itinerary.days for v in d.visits]


def test_the_plan_is_real(result) -> None:
    assert len(result.itinerary.days) == 2
    assert "lingshi-wangjiadayuan" in {v.site_id for v in visits(result)}


def test_ics_has_an_event_per_visit_and_lunch_in_china_time(result) -> None:
    text = to_ics(result.itinerary, result.sites, stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lunches = sum(d.lunch_start is not None for d in result.itinerary.days)
    assert text.count("BEGIN:VEVENT") == len(visits(result)) + lunches
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    first_day = result.itinerary.days[0]
    v = first_day.visits[0]
    local = dt.datetime.combine(first_day.date, dt.time(v.start // 60, v.start % 60))
    expected = (local - dt.timedelta(hours=8)).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{expected}" in text


def test_gpx_is_valid_xml_in_wgs84(result) -> None:
    root = ET.fromstring(to_gpx(result.itinerary, result.sites))
    ns = {"g": "http://www.topografix.com/GPX/1/1"}
    routes = root.findall("g:rte", ns)
    assert len(routes) == 2
    points = routes[0].findall("g:rtept", ns)
    assert len(points) == len(result.itinerary.days[0].visits) + 2  # origin, visits, lodging
    site = result.sites[result.itinerary.days[0].visits[0].site_id]
    assert float(points[1].get("lat")) == pytest.approx(site.lat, abs=1e-6)  # never GCJ-02
    assert float(points[1].get("lon")) == pytest.approx(site.lon, abs=1e-6)


def test_csv_and_excel_hold_every_visit_and_night(result) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(result.itinerary, result.sites))))
    assert len(rows) == len(visits(result)) + 2
    assert rows[0]["day"] == "1" and rows[0]["order"] == "1"
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(result.itinerary, result.sites)))
    assert wb.sheetnames == ["itinerary", "not planned"]
    assert wb["itinerary"].max_row == len(rows) + 1
    assert wb["not planned"].max_row == len(result.itinerary.unplanned) + 1


def test_day_sheet_is_printable_html_per_day(result) -> None:
    html = day_sheet_html(result.itinerary, result.sites, "en")
    assert html.count("<section class='day'>") == 2
    assert "Day 1 · 2026-05-12" in html and "Day 2 · 2026-05-13" in html
    assert "@media print" in html and "page-break-after" in html
    assert "<script" not in html.replace("<button onclick='window.print()'>", "")


def test_timeline_is_in_time_order(result) -> None:
    for day in result.itinerary.days:
        rows = timeline(day, result.sites, "zh")
        starts = [r["time"][:5] for r in rows]
        assert starts == sorted(starts)
        assert rows[0]["what"].startswith("从") and rows[-1]["what"].startswith("到达住宿")
