"""Every word the exports print, in Chinese and English (the exports are domain code: the CLI and
the app share them, so they cannot use the app's ``ui.i18n`` table).

``label(key, lang, **params)`` formats the template; a missing key or language raises, and
``tests/routing/exports/test_labels.py`` checks both languages carry the same parameters.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    "title": ("晋中文旅 行程单", "Jinzhong trip sheet"),
    "print": ("打印", "Print"),
    "day": ("第{n}天 {date}", "Day {n} · {date}"),
    # columns (CSV, Excel, the print sheet)
    "col_day": ("天", "Day"),
    "col_date": ("日期", "Date"),
    "col_order": ("序号", "No."),
    "col_type": ("类型", "Type"),
    "col_name": ("名称", "Name"),
    "col_start": ("开始", "Start"),
    "col_end": ("结束", "End"),
    "col_drive_min": ("车程（分钟）", "Drive (min)"),
    "col_drive_km": ("车程（公里）", "Drive (km)"),
    "col_ticket": ("门票（元/人）", "Ticket (CNY pp)"),
    "col_estimated": ("时间为估计", "Times estimated"),
    "col_approx": ("位置近似", "Location approximate"),
    "col_address": ("地址", "Address (Chinese, as drivers and AMap need it)"),
    "col_site_id": ("编号", "Site id"),
    "col_time": ("时间", "Time"),
    "col_what": ("安排", "What"),
    "col_drive": ("车程", "Drive"),
    "col_flags": ("提示", "Flags"),
    "col_nav": ("导航", "Navigate"),
    # row types
    "type_depart": ("出发", "Depart"),
    "type_visit": ("游览", "Visit"),
    "type_lunch": ("午餐", "Lunch"),
    "type_lodging": ("住宿", "Lodging"),
    "type_total": ("合计", "Total"),
    "type_legend": ("说明", "Legend"),
    "lunch_near": ("午餐 · {place}附近", "Lunch near {place}"),
    "leave": ("从 {place} 出发", "Leave {place}"),
    "visit": ("游览 {name}", "Visit {name}"),
    "arrive_lodging": ("到达住宿 {place}", "Arrive at {place}"),
    "waited": ("{t} 到达", "arrive {t}"),
    "must": ("必去", "must-see"),
    "pinned": ("已固定", "pinned"),
    "drive": ("{m} 分钟 · {km} 公里", "{m} min · {km} km"),
    "walk": ("步行 {m} 分钟 · {km} 公里", "walk {m} min · {km} km"),
    "custom": ("自定义", "own stop"),
    "yes": ("是", "yes"),
    # flags: one mark per flag on each row, explained by one legend line
    "flag_estimated": ("估", "est."),
    "flag_approx": ("≈位置", "≈loc."),
    "flag_estimated_long": ("开放时间或游览时长为估计值", "hours or visit length estimated"),
    "flag_approx_long": ("位置仅到乡镇或县", "location only to township/county"),
    "legend": (
        "“估”：开放时间或游览时长为按类型估计的默认值，出发前请核实；"
        "“≈位置”：坐标只精确到乡镇或县城，现场请问路。",
        "“est.”: opening hours or visit length are defaults for this kind of site, check before "
        "you go; “≈loc.”: the point is only a township or county centre, ask locally.",
    ),
    # tickets: unknown prices counted once, in the totals
    "ticket_free": ("免费", "free"),
    "ticket_unknown_cell": ("—", "—"),
    "tickets_pp": ("已知门票合计每人 {p} 元", "Known tickets {p} CNY per person"),
    "tickets_group": ("{g} 人合计 {t} 元", "{t} CNY for a group of {g}"),
    "tickets_unknown": ("另有 {u} 处票价未知（未计入）", "price unknown for {u} site(s), not included"),
    "tickets_all_unknown": ("{u} 处票价均未知", "All {u} ticket prices unknown"),
    "totals": (
        "共 {n} 处 · 车程 {dm} 分钟（{km} 公里）· 游览 {vm} 分钟",
        "{n} sites · {dm} min driving ({km} km) · {vm} min visiting",
    ),
    # print sheet
    "address_unknown": ("（无详细地址）", "(no street address)"),
    "open_amap": ("在高德地图打开", "open in AMap"),
    "share": ("扫码打开此行程", "Scan to open this plan"),
    "map_alt": ("第{n}天路线示意图（按坐标绘制，非道路）",
                "Day {n} route sketch (drawn from coordinates, not roads)"),
    "not_planned": ("未安排", "Not planned"),
    "reason": ("原因", "Reason"),
    "reason_closed": ("当天闭馆", "closed on the trip days"),
    "reason_excluded": ("已排除", "excluded"),
    "reason_does_not_fit": ("时间放不下", "does not fit the day"),
    "reason_lower_value": ("价值低于已选景点", "lower value than the chosen sites"),
    # calendar / GPX
    "ics_drive": ("车程 {m} 分钟（{km} 公里）", "Drive {m} min ({km} km)"),
    "ics_ticket": ("门票 {p}", "Ticket {p}"),
    "gpx_route": ("第{n}天", "Day {n}"),
}


def label(key: str, lang: str, **params: object) -> str:
    """The label ``key`` in ``lang`` (``zh`` or ``en``) with ``params`` filled in."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (expected zh or en)")
    return LABELS[key][LANGS.index(lang)].format(**params)
