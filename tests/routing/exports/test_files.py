"""Each export opened with a real parser: the flags on the right rows, headers and names in the
user's language, lunch rows with their place, the group's ticket total with the unknown count."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import gpxpy
import icalendar
import openpyxl
import pytest

from routing.exports import build_sheet, headers_for, label, to_csv, to_gpx, to_ics, to_xlsx
from tests.routing.exports.fixtures import GROUP, with_name

#: What the fixture says about each site: (hours/visit estimated, township/county point).
FLAGS = {"pingyao-gucheng": (False, False), "qiaojia-dayuan": (False, False),
         "jiexiu-gucheng": (True, True), "wangjia-dayuan": (True, False)}
KNOWN_PP = 125 + 138 + 55  # 介休古城's price is unknown


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM: Excel/WPS would read GBK"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_headers_flags_lunch_and_totals(lang, planned, export_sites) -> None:
    sheet = build_sheet(planned, export_sites, lang, GROUP)
    rows = csv_rows(to_csv(sheet))
    head = rows[0]
    assert head == headers_for(lang)
    assert ("类型" in head) == (lang == "zh") and ("Type" in head) == (lang == "en")
    col = {name: i for i, name in enumerate(head)}
    yes = label("yes", lang)
    visit_type, lunch_type = label("type_visit", lang), label("type_lunch", lang)
    visits = [r for r in rows[1:] if r[col[label("col_type", lang)]] == visit_type]
    assert sorted(r[col[label("col_site_id", lang)]] for r in visits) == sorted(FLAGS)
    for r in visits:
        est, approx = FLAGS[r[col[label("col_site_id", lang)]]]
        assert (r[col[label("col_estimated", lang)]] == yes) == est
        assert (r[col[label("col_approx", lang)]] == yes) == approx
        assert r[col[label("col_start", lang)]].count(":") == 1
    names = {r[col[label("col_site_id", lang)]]: r[col[label("col_name", lang)]] for r in visits}
    assert names["qiaojia-dayuan"] == ("乔家大院" if lang == "zh" else "Qiao Family Compound")
    assert names["jiexiu-gucheng"] == ("介休古城" if lang == "zh" else "Jie Xiu Gu Cheng")
    # unknown prices are a dash on their row and counted once in the totals
    tickets = {r[col[label("col_site_id", lang)]]: r[col[label("col_ticket", lang)]] for r in visits}
    assert tickets == {"pingyao-gucheng": "125", "qiaojia-dayuan": "138",
                       "jiexiu-gucheng": "—", "wangjia-dayuan": "55"}
    lunches = [r for r in rows[1:] if r[col[label("col_type", lang)]] == lunch_type]
    assert len(lunches) == len(planned.days)
    for r in lunches:
        assert r[col[label("col_name", lang)]], "a lunch row must say where"
    total = next(r for r in rows if r[col[label("col_type", lang)]] == label("type_total", lang))
    money = total[col[label("col_ticket", lang)]]
    assert str(KNOWN_PP) in money and str(KNOWN_PP * GROUP) in money and str(GROUP) in money
    assert label("tickets_unknown", lang, u=1) in money
    legend = rows[-1]
    assert legend[col[label("col_name", lang)]] == label("legend", lang)


def test_csv_neutralises_formulas(planned, export_sites) -> None:
    evil = with_name(export_sites, "qiaojia-dayuan", '=HYPERLINK("http://x.example","click")')
    rows = csv_rows(to_csv(build_sheet(planned, evil, "zh")))
    cells = [c for r in rows for c in r if "HYPERLINK" in c]
    assert cells and all(c.startswith("'=") for c in cells)


def test_xlsx_time_cells_widths_frozen_header_lunch_and_totals(planned, export_sites) -> None:
    for lang in ("zh", "en"):
        book = openpyxl.load_workbook(io.BytesIO(to_xlsx(build_sheet(planned, export_sites, lang,
                                                                     GROUP))))
        ws = book.worksheets[0]
        assert ws.title == label("title", lang)
        assert [c.value for c in ws[1]] == headers_for(lang)
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["E"].width >= 20 and ws.column_dimensions["M"].width >= 30
        col = {c.value: c.column for c in ws[1]}
        body = list(ws.iter_rows(min_row=2))
        kinds = [r[col[label("col_type", lang)] - 1].value for r in body]
        visits = [r for r, k in zip(body, kinds, strict=True) if k == label("type_visit", lang)]
        assert len(visits) == 4
        for r in visits:
            start = r[col[label("col_start", lang)] - 1]
            assert isinstance(start.value, dt.time), "times must be real time cells"
            assert start.number_format == "hh:mm"
            assert isinstance(r[col[label("col_date", lang)] - 1].value, dt.datetime)
            site = r[col[label("col_site_id", lang)] - 1].value
            est, approx = FLAGS[site]
            assert (r[col[label("col_estimated", lang)] - 1].value is not None) == est
            assert (r[col[label("col_approx", lang)] - 1].value is not None) == approx
        lunches = [r for r, k in zip(body, kinds, strict=True) if k == label("type_lunch", lang)]
        assert lunches and all(r[col[label("col_name", lang)] - 1].value for r in lunches)
        total = body[kinds.index(label("type_total", lang))]
        money = total[col[label("col_ticket", lang)] - 1].value
        assert str(KNOWN_PP * GROUP) in money and label("tickets_unknown", lang, u=1) in money
        assert book.worksheets[1].title == label("not_planned", lang)


def test_ics_event_per_visit_and_lunch_with_flags(sheet_zh, sheet_en, planned) -> None:
    for sheet in (sheet_zh, sheet_en):
        lang = sheet.lang
        cal = icalendar.Calendar.from_ical(to_ics(sheet))
        events = list(cal.walk("VEVENT"))
        lunches = sum(d.lunch_start is not None for d in planned.days)
        assert len(events) == 4 + lunches
        assert cal.walk("VTIMEZONE"), "local times need their VTIMEZONE"
        visits = [e for e in events if "-lunch-" not in str(e["UID"])]
        for site, (est, approx) in FLAGS.items():
            event = next(e for e in visits if str(e["UID"]).endswith(f"-{site}@jinzhong-heritage"))
            text = str(event["DESCRIPTION"])
            assert (label("flag_estimated_long", lang) in text) == est
            assert (label("flag_approx_long", lang) in text) == approx
            start = event.decoded("DTSTART")
            assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=8)
            assert str(start.tzinfo) == str(ZoneInfo("Asia/Shanghai"))
        summaries = {str(e["SUMMARY"]) for e in events}
        if lang == "en":
            assert any(s.startswith("Qiao Family Compound") for s in summaries)
            assert any(s.startswith("Lunch near") for s in summaries)
        else:
            assert any(s.startswith("乔家大院") for s in summaries)
            assert any(s.startswith("午餐") for s in summaries)


def test_ics_times_match_the_plan(sheet_zh, planned) -> None:
    cal = icalendar.Calendar.from_ical(to_ics(sheet_zh))
    starts = sorted(e.decoded("DTSTART") for e in cal.walk("VEVENT"))
    first = planned.days[0]
    expected = [dt.datetime.combine(first.date, dt.time(0), ZoneInfo("Asia/Shanghai"))
                + dt.timedelta(minutes=v.start) for v in first.visits]
    assert expected[0] in starts


def test_gpx_waypoints_routes_and_flags(sheet_zh, sheet_en, planned, export_sites) -> None:
    for sheet in (sheet_zh, sheet_en):
        gpx = gpxpy.parse(to_gpx(sheet).decode("utf-8"))
        assert len(gpx.routes) == len(planned.days)
        names = {w.name: w for w in gpx.waypoints}
        want = "介休古城" if sheet.lang == "zh" else "Jie Xiu Gu Cheng"
        assert want in names
        assert label("flag_approx_long", sheet.lang) in names[want].description
        site = export_sites["jiexiu-gucheng"]
        assert (names[want].latitude, names[want].longitude) == (site.lat, site.lon)  # WGS-84
        for route, day in zip(gpx.routes, planned.days, strict=True):
            assert len(route.points) == len(day.visits) + 2  # start, visits, the night


def test_unknown_language_and_group_are_refused(planned, export_sites) -> None:
    with pytest.raises(ValueError):
        build_sheet(planned, export_sites, "fr")
    with pytest.raises(ValueError):
        build_sheet(planned, export_sites, "zh", 0)
