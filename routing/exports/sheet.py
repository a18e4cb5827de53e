"""The printable trip sheet (行程单): one self-contained HTML page per trip, one section per day.

Each day carries a route sketch drawn from the coordinates (no tiles), its timeline with every
stop's address, an "open in AMap" link (GCJ-02) and the flags; the top carries the totals, the
group's ticket money, the one-line legend and a QR code of the share link. Everything that came
from the catalogue or a user passes ``catalog.safetext.html``. The page loads nothing from outside.
"""

from __future__ import annotations

from catalog.safetext import html as esc
from routing.exports.drawing import day_colour, qr_svg, route_svg
from routing.exports.labels import label
from routing.exports.links import amap_url
from routing.exports.rows import DaySheet, Row, TripSheet, drive_text, row_what, ticket_text

_CSS = (
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.6em;margin:0 0 .3em}h2{border-bottom:3px solid var(--c);padding-bottom:.2em}"
    "header{display:flex;gap:2em;align-items:flex-start;justify-content:space-between}"
    "figure{margin:0;text-align:center;font-size:.85em}.share-url{word-break:break-all;"
    "max-width:16em;display:block}"
    "table{border-collapse:collapse;width:100%;margin:.6em 0 1em}"
    "td,th{border:1px solid #bbb;padding:.3em .45em;text-align:left;vertical-align:top}"
    "th{background:#f3ece4}tr.lunch td{background:#fff6dd}.addr{color:#555;font-size:.85em}"
    ".flag{display:inline-block;border:1px solid #b35c00;color:#b35c00;border-radius:3px;"
    "padding:0 .25em;margin-right:.2em;font-size:.8em;white-space:nowrap}"
    ".legend{font-size:.9em;color:#444}.day{page-break-after:always}"
    ".day:last-child{page-break-after:auto}.route-map{max-width:100%;height:auto}"
    "@media print{button{display:none}body{margin:1cm}a{color:#222}}"
)


def _flags(row: Row, lang: str) -> str:
    return "".join(f"<span class='flag' title='{esc(long)}'>{esc(mark)}</span>"
                   for mark, long in zip(row.flags(lang), row.flags_long(lang), strict=True))


def _row_html(row: Row, lang: str) -> str:
    what = esc(row_what(row, lang))
    stop = row.stop
    if stop is not None:
        address = stop.address or label("address_unknown", lang)
        what += f"<br><span class='addr'>{esc(address)}</span>"
    link = amap_url(stop) if stop is not None else None
    nav = (f"<a class='amap' href='{esc(link)}' target='_blank' rel='noopener'>"
           f"{esc(label('open_amap', lang))}</a>") if link else ""
    ticket = esc(ticket_text(row.ticket_cny, lang)) if row.kind == "visit" else ""
    cls = f" class='{row.kind}'"
    return (f"<tr{cls} data-kind='{row.kind}' data-site='{esc(stop.site_id or '') if stop else ''}'>"
            f"<td>{esc(row.time_text())}</td><td>{what}</td><td>{esc(drive_text(row, lang))}</td>"
            f"<td>{ticket}</td><td class='flags'>{_flags(row, lang)}</td><td>{nav}</td></tr>")


def _day_html(day: DaySheet, lang: str) -> str:
    colour = day_colour(day.day)
    marks = []
    for i, stop in enumerate(day.route):
        marks.append(("S" if i == 0 else "H" if i == len(day.route) - 1 else str(i), stop))
    svg = route_svg(marks, colour, label("map_alt", lang, n=day.day))
    head = "".join(f"<th>{esc(label(k, lang))}</th>" for k in
                   ("col_time", "col_what", "col_drive", "col_ticket", "col_flags", "col_nav"))
    rows = "".join(_row_html(r, lang) for r in day.rows)
    return (f"<section class='day' style='--c:{colour}'><h2>"
            f"{esc(label('day', lang, n=day.day, date=day.date.isoformat()))}</h2>{svg}"
            f"<table><tr>{head}</tr>{rows}</table></section>")


def to_html(sheet: TripSheet) -> str:
    """The whole printable sheet as one HTML document (inline SVG, no external requests)."""
    lang = sheet.lang
    title = esc(label("title", lang))
    qr = ""
    if sheet.share_url:
        qr = (f"<figure class='share'>{qr_svg(sheet.share_url)}<figcaption>"
              f"{esc(label('share', lang))}<a class='share-url' href='{esc(sheet.share_url)}'>"
              f"{esc(sheet.share_url)}</a></figcaption></figure>")
    parts = [
        f"<!doctype html><html lang='{'en' if lang == 'en' else 'zh-CN'}'><head>"
        f"<meta charset='utf-8'><title>{title}</title><style>{_CSS}</style></head><body>",
        f"<header><div><h1>{title}</h1>",
        f"<p class='totals'>{esc(sheet.totals_line())}</p>",
        f"<p class='tickets'>{esc(sheet.tickets.line(lang))}</p>",
        f"<p class='legend'>{esc(label('legend', lang))}</p>",
        f"<button onclick='window.print()'>{esc(label('print', lang))}</button></div>{qr}"
        "</header>",
    ]
    parts += [_day_html(d, lang) for d in sheet.days]
    parts.append("</body></html>")
    return "\n".join(parts)
