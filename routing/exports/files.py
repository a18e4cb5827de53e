"""CSV, Excel, calendar (.ics) and GPX from one ``TripSheet``, written with libraries.

- CSV: UTF-8 with a BOM (Excel and WPS otherwise read Chinese as GBK mojibake), headers in the
  user's language, a lunch row with its place, a totals row and the legend.
- Excel (openpyxl): real date and time cells, column widths, a frozen header row, the same rows,
  a totals row and the legend; the sites not planned on a second sheet.
- .ics (icalendar): one event per visit and per lunch in Asia/Shanghai time (with its VTIMEZONE),
  the flags in the description.
- GPX 1.1 (gpxpy): a waypoint per stop and a route per day, WGS-84 as the format requires.

Text from the catalogue or typed by users goes through ``catalog.safetext.cell`` in CSV and Excel,
so a name starting with ``=`` stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import gpxpy.gpx
from icalendar import Calendar, Event, vGeo
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from catalog.safetext import cell
from routing.exports.labels import label
from routing.exports.links import amap_url
from routing.exports.rows import Row, TripSheet, drive_text, row_what, ticket_text
from routing.problem import format_hhmm

SHANGHAI = ZoneInfo("Asia/Shanghai")

#: The table's columns, in order (label key, Excel width in characters).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("col_day", 5), ("col_date", 11), ("col_order", 5), ("col_type", 8), ("col_name", 26),
    ("col_start", 7), ("col_end", 7), ("col_drive_min", 10), ("col_drive_km", 10),
    ("col_ticket", 12), ("col_estimated", 11), ("col_approx", 11), ("col_address", 36),
    ("col_site_id", 24),
)


def headers(lang: str) -> list[str]:
    """The column headers in ``lang``."""
    return [label(key, lang) for key, _ in COLUMNS]


def _values(row: Row, lang: str) -> list[object]:
    """A row's cells; times as minutes of day (each writer formats them its own way)."""
    yes = label("yes", lang)
    return [
        row.day, row.date, row.order, label(f"type_{row.kind}", lang), row.name,
        row.start, row.end, row.drive_minutes,
        round(row.drive_km, 1) if row.drive_km is not None else None,
        ticket_text(row.ticket_cny, lang) if row.kind == "visit" else None,
        yes if row.estimated else None, yes if row.approximate else None,
        row.stop.address if row.stop else None, row.stop.site_id if row.stop else None,
    ]


def _totals_values(sheet: TripSheet) -> list[object]:
    lang, t = sheet.lang, sheet.totals
    values: list[object] = [None] * len(COLUMNS)
    values[3] = label("type_total", lang)
    values[4] = sheet.totals_line()
    values[7] = t["drive_minutes"]
    values[8] = t["drive_km"]
    values[9] = sheet.tickets.line(lang)
    return values


def _legend_values(sheet: TripSheet) -> list[object]:
    values: list[object] = [None] * len(COLUMNS)
    values[3] = label("type_legend", sheet.lang)
    values[4] = label("legend", sheet.lang)
    return values


# ------------------------------------------------------------------ CSV


def to_csv(sheet: TripSheet) -> bytes:
    """The trip as CSV bytes: UTF-8 with BOM, headers in the sheet's language."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers(sheet.lang))

    def text(v: object, i: int) -> object:
        if v is None:
            return ""
        if isinstance(v, dt.date):
            return v.isoformat()
        if i in (5, 6) and isinstance(v, int):
            return format_hhmm(v)
        return cell(v)

    for row in sheet.rows():
        writer.writerow([text(v, i) for i, v in enumerate(_values(row, sheet.lang))])
    writer.writerow([text(v, -1) for v in _totals_values(sheet)])
    writer.writerow([text(v, -1) for v in _legend_values(sheet)])
    return buf.getvalue().encode("utf-8-sig")


# ------------------------------------------------------------------ Excel


def _time(minutes: int) -> dt.time | float:
    # Excel keeps a time as a fraction of a day; 24:00 (a day's end) is not a datetime.time.
    return dt.time(minutes // 60, minutes % 60) if minutes < 24 * 60 else minutes / (24 * 60)


def to_xlsx(sheet: TripSheet) -> bytes:
    """An Excel workbook: the itinerary (with totals and legend) and the sites not planned."""
    lang = sheet.lang
    wb = Workbook()
    ws = wb.active
    ws.title = label("title", lang)[:31]
    ws.append(headers(lang))
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="F3ECE4")
        c.alignment = Alignment(vertical="center", wrap_text=True)
    lunch_fill = PatternFill("solid", fgColor="FFF6DD")
    for row in sheet.rows():
        values = _values(row, lang)
        for i in (5, 6):
            values[i] = _time(values[i]) if values[i] is not None else None  # type: ignore[arg-type]
        ws.append([cell(v) for v in values])
        r = ws.max_row
        ws.cell(r, 2).number_format = "yyyy-mm-dd"
        for col in (6, 7):  # [hh] shows 24:00 as such; below that, plain clock times
            c = ws.cell(r, col)
            c.number_format = "hh:mm" if isinstance(c.value, dt.time) else "[hh]:mm"
        if row.kind == "lunch":
            for c in ws[r]:
                c.fill = lunch_fill
    ws.append([cell(v) for v in _totals_values(sheet)])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    ws.append([cell(v) for v in _legend_values(sheet)])
    ws.freeze_panes = "A2"
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    dropped = wb.create_sheet(label("not_planned", lang)[:31])
    dropped.append([label("col_site_id", lang), label("col_name", lang), label("reason", lang)])
    for c in dropped[1]:
        c.font = Font(bold=True)
    for site_id, name, reason in sheet.unplanned:
        dropped.append([cell(site_id), cell(name), reason])
    dropped.freeze_panes = "A2"
    for col, width in (("A", 24), ("B", 26), ("C", 24)):
        dropped.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ calendar


def _local(date: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(0), SHANGHAI) + dt.timedelta(minutes=minutes)


def _description(row: Row, lang: str) -> str:
    lines = [row_what(row, lang)]
    if drive := drive_text(row, lang):
        lines.append(label("col_drive", lang) + ": " + drive)
    if row.kind == "visit":
        lines.append(label("ics_ticket", lang, p=ticket_text(row.ticket_cny, lang)))
    lines += row.flags_long(lang)
    if row.stop and row.stop.address:
        lines.append(label("col_address", lang) + ": " + row.stop.address)
    if row.stop and (url := amap_url(row.stop)):
        lines.append(label("open_amap", lang) + ": " + url)
    return "\n".join(lines)


def to_ics(sheet: TripSheet, stamp: dt.datetime | None = None) -> bytes:
    """A calendar with one event per visit and per lunch (Asia/Shanghai time)."""
    lang = sheet.lang
    cal = Calendar()
    cal.add("prodid", "-//jinzhong-heritage//planner//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", label("title", lang))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    now = stamp or dt.datetime.now(dt.UTC)
    for row in sheet.rows():
        if row.kind not in ("visit", "lunch"):
            continue
        event = Event()
        uid_part = row.stop.site_id if row.stop and row.stop.site_id else row.kind
        event.add("uid", f"{row.date.isoformat()}-{row.day}-{row.order or 'lunch'}-{uid_part}"
                         "@jinzhong-heritage")
        event.add("dtstamp", now)
        event.add("dtstart", _local(row.date, row.start))
        event.add("dtend", _local(row.date, row.end if row.end is not None else row.start))
        summary = row.name if row.kind == "visit" else label("lunch_near", lang, place=row.name)
        if marks := row.flags(lang):
            summary += f" [{' · '.join(marks)}]"
        event.add("summary", summary)
        event.add("description", _description(row, lang))
        if row.stop and row.stop.lat is not None and row.stop.lon is not None:
            event.add("geo", vGeo((row.stop.lat, row.stop.lon)))
            event.add("location", row.stop.address or row.stop.name)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


# ------------------------------------------------------------------ GPX


def to_gpx(sheet: TripSheet) -> bytes:
    """GPX 1.1: a waypoint per stop (flags in its description) and a route per day (WGS-84)."""
    lang = sheet.lang
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "jinzhong-heritage"
    gpx.name = label("title", lang)
    seen: set[tuple[float, float, str]] = set()
    for day in sheet.days:
        route = gpxpy.gpx.GPXRoute(name=label("gpx_route", lang, n=day.day) + " "
                                   + day.date.isoformat())
        for row in day.rows:
            stop = row.stop
            if stop is None or stop.lat is None or stop.lon is None or row.kind == "lunch":
                continue
            description = " · ".join([row.time_text(), *row.flags_long(lang)])
            route.points.append(gpxpy.gpx.GPXRoutePoint(stop.lat, stop.lon, name=stop.name,
                                                        description=description))
            key = (stop.lat, stop.lon, stop.name)
            if key not in seen:
                seen.add(key)
                gpx.waypoints.append(gpxpy.gpx.GPXWaypoint(
                    stop.lat, stop.lon, name=stop.name,
                    description=" · ".join([stop.address, *row.flags_long(lang)]).strip(" ·"),
                    type=label(f"type_{row.kind}", lang)))
        gpx.routes.append(route)
    return gpx.to_xml(version="1.1").encode("utf-8")
