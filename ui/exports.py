"""Itinerary exports: .ics calendar, GPX, CSV, Excel and a printable HTML day sheet (pure).

Coordinates in GPX are WGS-84 as the format requires (never GCJ-02-shifted). Times in the
calendar are China Standard Time (UTC+8, no daylight saving), written as UTC so every calendar
reads them right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.styles import Font

from catalog.models import Site
from catalog.safetext import cell, html
from routing.problem import Itinerary, format_hhmm
from ui.display import site_name
from ui.i18n import reason_label, t
from ui.plan_text import say

CST = dt.timezone(dt.timedelta(hours=8))


def _place_name(place, sites: Mapping[str, Site], lang: str) -> str:  # noqa: ANN001
    """An origin or lodging in ``lang``: a catalogue site's name, else the name given."""
    site = sites.get(place.site_id or "")
    return site_name(site, lang) if site is not None else place.name


def timeline(day, sites: Mapping[str, Site], lang: str) -> list[dict[str, str]]:
    """One day as rows (time, what, drive) in order: depart, visits, lunch, lodging."""
    rows: list[tuple[int, int, dict[str, str]]] = [
        (day.depart, 0, {"time": format_hhmm(day.depart),
                         "what": t("t_depart", lang, place=_place_name(day.origin, sites, lang)), "drive": "",
                         "site_id": day.origin.site_id or ""})
    ]
    for i, v in enumerate(day.visits, start=1):
        name = site_name(sites[v.site_id], lang) if v.site_id in sites else v.name
        mark = t("pinned_mark", lang) if v.pinned else (t("must_mark", lang) if v.must_visit else "")
        waited = f" ({t('t_arrive', lang, t=format_hhmm(v.arrive))})" if v.arrive < v.start else ""
        if v.custom:  # an own stop is always on its day: "pinned" would say nothing more
            mark = t("custom_mark", lang)
        broken = "".join(f" ⚠ {say(n.code, n.params, n.message, lang, sites)}" for n in v.issues)
        rows.append((v.start, 1, {
            "time": f"{format_hhmm(v.start)}–{format_hhmm(v.end)}",
            "what": f"{i} · {t('t_visit', lang, name=name)}{mark}{waited}{broken}",
            "drive": t("walk_fmt" if v.walked else "drive_fmt", lang, m=v.drive_minutes,
                   km=f"{v.drive_km:.1f}"),
            "site_id": v.site_id,
        }))
    if day.lunch_start is not None:
        end = day.lunch_end if day.lunch_end is not None else day.lunch_start
        rows.append((day.lunch_start, 2, {"time": f"{format_hhmm(day.lunch_start)}–"
                                                  f"{format_hhmm(end)}",
                                          "what": t("t_lunch", lang), "drive": "", "site_id": ""}))
    rows.append((day.lodging_arrive, 3, {
        "time": format_hhmm(day.lodging_arrive),
        "what": t("t_lodging", lang, place=_place_name(day.lodging, sites, lang)) + "".join(
            f" ⚠ {say(n.code, n.params, n.message, lang, sites)}" for n in day.lodging_issues),
        "drive": t("drive_fmt", lang, m=day.lodging_drive_minutes,
                   km=f"{day.lodging_drive_km:.1f}"),
        "site_id": day.lodging.site_id or "",
    }))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


# ------------------------------------------------------------------ ics


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 line folding at 75 octets (never splitting a UTF-8 character)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)


def _utc(date: dt.date, minutes: int) -> str:
    local = dt.datetime.combine(date, dt.time(0), CST) + dt.timedelta(minutes=minutes)
    return local.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def to_ics(itinerary: Itinerary, sites: Mapping[str, Site], lang: str = "zh",
           stamp: dt.datetime | None = None) -> str:
    """A calendar with one event per visit and per lunch."""
    now = (stamp or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//jinzhong-heritage//planner//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ics_text(t('sheet_title', lang))}"]
    for day in itinerary.days:
        for i, v in enumerate(day.visits, start=1):
            site = sites.get(v.site_id)
            name = site_name(site, lang) if site else v.name
            lines += [
                "BEGIN:VEVENT",
                f"UID:{day.date.isoformat()}-{day.day}-{i}-{v.site_id}@jinzhong-heritage",
                f"DTSTAMP:{now}",
                f"DTSTART:{_utc(day.date, v.start)}",
                f"DTEND:{_utc(day.date, v.end)}",
                f"SUMMARY:{_ics_text(name)}",
                f"DESCRIPTION:{_ics_text(t('drive_fmt', lang, m=v.drive_minutes, km=v.drive_km))}",
            ]
            if site:
                lines += [f"GEO:{site.lat:.6f};{site.lon:.6f}",
                          f"LOCATION:{_ics_text(site.name_zh + ' ' + site.county_zh)}"]
            lines.append("END:VEVENT")
        if day.lunch_start is not None:
            lines += [
                "BEGIN:VEVENT",
                f"UID:{day.date.isoformat()}-{day.day}-lunch@jinzhong-heritage",
                f"DTSTAMP:{now}",
                f"DTSTART:{_utc(day.date, day.lunch_start)}",
                f"DTEND:{_utc(day.date, day.lunch_end or day.lunch_start)}",
                f"SUMMARY:{_ics_text(t('t_lunch', lang))}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(x) for x in lines) + "\r\n"


# ------------------------------------------------------------------ gpx


def to_gpx(itinerary: Itinerary, sites: Mapping[str, Site], lang: str = "zh") -> str:
    """GPX 1.1: a waypoint per stop and lodging, a route per day (WGS-84)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gpx version="1.1" creator="jinzhong-heritage" '
           'xmlns="http://www.topografix.com/GPX/1/1">']
    seen: set[tuple[float, float, str]] = set()
    points: list[tuple[float, float, str]] = []
    routes = []
    for day in itinerary.days:
        stops = [(day.origin.lat, day.origin.lon, day.origin.name)]
        for v in day.visits:
            site = sites[v.site_id]
            stops.append((site.lat, site.lon, site_name(site, lang)))
        stops.append((day.lodging.lat, day.lodging.lon, day.lodging.name))
        for s in stops:
            if s not in seen:
                seen.add(s)
                points.append(s)
        routes.append((day, stops))
    for lat, lon, name in points:
        out.append(f'  <wpt lat="{lat:.6f}" lon="{lon:.6f}"><name>{xml_escape(name)}</name></wpt>')
    for day, stops in routes:
        out.append(f"  <rte><name>{xml_escape(t('day_tab', lang, n=day.day, date=day.date))}"
                   "</name>")
        for lat, lon, name in stops:
            out.append(f'    <rtept lat="{lat:.6f}" lon="{lon:.6f}"><name>{xml_escape(name)}'
                       "</name></rtept>")
        out.append("  </rte>")
    out.append("</gpx>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ csv / excel

CSV_FIELDS = ("day", "date", "order", "site_id", "name", "arrive", "start", "end", "depart",
              "drive_minutes", "drive_km")


def visit_rows(itinerary: Itinerary, sites: Mapping[str, Site], lang: str) -> list[dict]:
    """One row per visit and one per night's lodging, in trip order."""
    rows = []
    for day in itinerary.days:
        for i, v in enumerate(day.visits, start=1):
            rows.append({
                "day": day.day, "date": day.date.isoformat(), "order": i, "site_id": v.site_id,
                "name": site_name(sites[v.site_id], lang) if v.site_id in sites else v.name,
                "arrive": format_hhmm(v.arrive), "start": format_hhmm(v.start),
                "end": format_hhmm(v.end), "depart": format_hhmm(v.depart),
                "drive_minutes": v.drive_minutes, "drive_km": v.drive_km,
            })
        rows.append({
            "day": day.day, "date": day.date.isoformat(), "order": len(day.visits) + 1,
            "site_id": day.lodging.site_id or "", "name": day.lodging.name,
            "arrive": format_hhmm(day.lodging_arrive), "start": "", "end": "", "depart": "",
            "drive_minutes": day.lodging_drive_minutes, "drive_km": day.lodging_drive_km,
        })
    return rows


def to_csv(itinerary: Itinerary, sites: Mapping[str, Site], lang: str = "zh") -> str:
    """The trip as CSV (UTF-8; Excel wants the BOM the page adds)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    # every cell through the one CSV/Excel rule: a name like =HYPERLINK(…) stays text
    writer.writerows({k: cell(v) for k, v in row.items()}
                     for row in visit_rows(itinerary, sites, lang))
    return buf.getvalue()


def to_xlsx(itinerary: Itinerary, sites: Mapping[str, Site], lang: str = "zh") -> bytes:
    """An Excel workbook: the trip on one sheet, the sites not planned on another."""
    wb = Workbook()
    ws = wb.active
    ws.title = "itinerary"
    ws.append(list(CSV_FIELDS))
    for row in visit_rows(itinerary, sites, lang):
        ws.append([cell(row[k]) for k in CSV_FIELDS])
    for header in ws[1]:
        header.font = Font(bold=True)
    dropped = wb.create_sheet("not planned")
    dropped.append(["site_id", "name", "reason", "message"])
    for u in itinerary.unplanned:
        dropped.append([cell(v) for v in (u.site_id, u.name, reason_label(u.reason, lang),
                                          u.message)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ printable sheet


def _price(site: Site, lang: str) -> str:
    if site.ticket_cny is None:
        return t("ticket_unknown", lang)
    return t("ticket_free", lang) if site.ticket_cny == 0 else t("ticket_cny", lang, p=f"{site.ticket_cny:g}")


def day_sheet_html(itinerary: Itinerary, sites: Mapping[str, Site], lang: str = "zh") -> str:
    """A self-contained, printable HTML 行程单: one page per day with its timeline."""
    e = html
    totals = itinerary.totals()
    parts = [
        "<!doctype html><html lang='" + ("en" if lang == "en" else "zh-CN") + "'><head>"
        "<meta charset='utf-8'><title>" + e(t("sheet_title", lang)) + "</title><style>"
        "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;color:#222}"
        "h1{font-size:1.6em;margin:0 0 .3em}h2{border-bottom:2px solid #9b2c2c;padding-bottom:.2em}"
        "table{border-collapse:collapse;width:100%;margin-bottom:1em}"
        "td,th{border:1px solid #bbb;padding:.35em .5em;text-align:left;vertical-align:top}"
        "th{background:#f3ece4}.day{page-break-after:always}.day:last-child{page-break-after:auto}"
        "@media print{button{display:none}body{margin:1cm}}"
        "</style></head><body>",
        f"<h1>{e(t('sheet_title', lang))}</h1>",
        f"<p>{e(t('totals', lang, n=totals['sites_planned'], dm=totals['drive_minutes'], km=totals['drive_km'], vm=totals['visit_minutes']))}</p>",
        f"<button onclick='window.print()'>{e(t('sheet_print', lang))}</button>",
    ]
    for day in itinerary.days:
        parts.append(f"<section class='day'><h2>{e(t('day_tab', lang, n=day.day, date=day.date.isoformat()))}</h2>")
        parts.append(f"<table><tr><th>{e(t('t_time', lang))}</th><th>{e(t('t_what', lang))}</th>"
                     f"<th>{e(t('t_drive', lang))}</th></tr>")
        for row in timeline(day, sites, lang):
            parts.append(f"<tr><td>{e(row['time'])}</td><td>{e(row['what'])}</td>"
                         f"<td>{e(row['drive'])}</td></tr>")
        parts.append("</table>")
        tickets = [sites[v.site_id] for v in day.visits if v.site_id in sites]
        if tickets:
            prices = "; ".join(f"{site_name(s, lang)} {_price(s, lang)}" for s in tickets)
            parts.append(f"<p>{e(t('ticket', lang))}: {e(prices)}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
