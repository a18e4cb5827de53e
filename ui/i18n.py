"""Every label of the app in Chinese and English (Chinese is the default).

One table, ``STRINGS``: key -> (zh, en). Pages call ``t("key")``; the language comes from the
session (``ui.state.lang()``), and a missing key fails loudly in tests (``tests/app/test_i18n.py``
checks that every key has both languages and that every ``t("…")`` in the code exists here).
Domain vocabularies (designation kinds, levels, themes, reasons) have their own helpers so that the
catalogue's Chinese values stay the data and only the display changes.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

STRINGS: dict[str, tuple[str, str]] = {
    # app shell
    "app_title": ("晋中文旅", "Jinzhong Heritage & Travel"),
    "language": ("语言 / Language", "Language / 语言"),
    "page_home": ("首页", "Home"),
    "page_map": ("地图", "Map explorer"),
    "page_catalogue": ("名录", "Catalogue"),
    "page_site": ("遗产卡片", "Site card"),
    "page_greenways": ("文化绿道", "Greenways"),
    "page_plan": ("行程规划", "Plan an itinerary"),
    "page_login": ("登录", "Log in"),
    "page_account": ("账户（{name}）", "Account ({name})"),
    "page_needs_login": ("此页只对登录的工作人员开放，请先登录。", "This page is for staff: log in first."),
    "page_not_for_role": ("你的账户（{role}）不能打开此页。", "Your account ({role}) cannot open this page."),  # pages of the editing issue: ui/session.py
    "page_saved_plans": ("已存行程", "Saved itineraries"),
    "page_officer_edit": ("编辑遗产地", "Edit sites"),
    "page_history": ("修改历史", "History"),
    "page_officer_import": ("批量导入", "Import"),
    "page_verification": ("核查清单", "Verification queue"),
    "page_officer_records": ("非遗与绿道", "ICH items & greenways"),
    "page_admin_users": ("用户管理", "Users"),
    # home
    "home_intro": (
        "晋中市历史文化遗产名录与行程规划：世界遗产、历史文化名城名镇名村、传统村落、文物保护单位和三条文化绿道。",
        "Jinzhong's heritage catalogue and trip planner: World Heritage, historic cities, towns and "
        "villages, traditional villages, protected relics and the three cultural greenways.",
    ),
    "home_sites": ("收录遗产地", "Sites in the catalogue"),
    "home_designations": ("按认定类型", "By designation kind"),
    "home_coverage": ("与规划数字对照", "Against the plan's figures"),
    "home_coverage_note": (
        "“规划”为 {plan} 中的数字；“名录”为本库已收录、有来源的条目数。",
        "“Plan” is the figure in {plan}; “catalogue” is how many sourced entries we hold.",
    ),
    "all_levels": ("各级", "all levels"),
    "gw_open": ("查看站点与地图", "Stops and map"),
    "home_greenways": ("三条文化绿道", "The three cultural greenways"),
    "home_entry": ("从这里开始", "Start here"),
    "home_data_as_of": ("数据截至", "Data as of"),
    "home_intangible": ("非物质文化遗产", "Intangible heritage items"),
    "col_label": ("类别", "Category"),
    "col_plan": ("规划", "Plan"),
    "col_catalogue": ("名录", "Catalogue"),
    "col_percent": ("覆盖率 %", "Coverage %"),
    "stops": ("站点", "stops"),
    # filters
    "filters": ("筛选", "Filters"),
    "f_text": ("搜索（中文、拼音或英文）", "Search (Chinese, pinyin or English)"),
    "choose": ("请选择", "Choose options"),  # multiselect placeholder (Streamlit's is English)
    "f_kinds": ("认定类型", "Designation kind"),
    "f_levels": ("级别", "Level"),
    "f_counties": ("县区", "County"),
    "f_themes": ("主题", "Theme"),
    "f_greenways": ("文化绿道", "Greenway"),
    "f_reset": ("清除筛选", "Clear filters"),
    "n_sites": ("共 {n} 处", "{n} sites"),
    "n_site": ("共 1 处", "1 site"),
    "filter_error": ("筛选条件有误：{msg}", "Invalid filter: {msg}"),
    # map
    "basemap": ("底图", "Base map"),
    "bm_osm": ("OpenStreetMap（WGS-84）", "OpenStreetMap (WGS-84)"),
    "bm_amap": ("高德地图（GCJ-02）", "AMap / 高德 (GCJ-02)"),
    "bm_none": ("无底图（离线）", "No tiles (offline)"),
    "bm_note_gcj": (
        "高德地图的底图按国家规定做了位置偏移，本页已把点位相应挪动（晋中约 580 米），点位与街道对得上。",
        "AMap draws China's officially shifted map, so the markers are moved to match it (about"
        " 580 m here) and sit on the right streets.",
    ),
    "layers": ("图层", "Layers"),
    "layer_greenways": ("文化绿道", "Greenways"),
    "layer_boundaries": ("县区界线", "County boundaries"),
    "layer_lodging": ("住宿", "Lodging"),
    "layer_preview": ("候选地点", "Candidate sites"),
    "cluster": ("密集时聚合点位", "Cluster dense markers"),
    "tab_map": ("点位地图", "Site map"),
    "tab_density": ("密度", "Density"),
    "density_kind": ("密度图类型", "Density layer"),
    "density_hex": ("六边形柱", "Hexagons"),
    "density_heat": ("热力图", "Heat map"),
    "density_note": (
        "按当前筛选的 {n} 处遗产地的分布密度（无底图，离线可用）。",
        "Density of the {n} sites in the current selection (no base map; works offline).",
    ),
    "map_click_hint": ("点击地图上的点位查看遗产卡片。", "Click a marker to open its card."),
    "open_card": ("打开完整卡片", "Open the full card"),
    "other_kind": ("其他（绿道站点等）", "Other (greenway stops etc.)"),
    "no_sites": ("没有符合条件的遗产地。", "No site matches these filters."),
    # catalogue
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_geojson": ("下载 GeoJSON", "Download GeoJSON"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "col_name": ("名称", "Name"),
    "col_name_en": ("英文名或拼音", "English name or pinyin"),
    "col_pinyin": ("拼音", "Pinyin"),
    "col_county": ("县区", "County"),
    "col_designations": ("认定", "Designations"),
    "col_level": ("最高级别", "Highest level"),
    "col_themes": ("主题", "Themes"),
    "col_precision": ("坐标精度", "Coordinate precision"),
    "col_card": ("卡片", "Card"),
    "card_link": ("查看", "open"),
    # site card
    "choose_site": ("选择遗产地", "Choose a site"),
    "unknown_greenway": ("没有编号为 “{id}” 的文化绿道，显示第一条。",
                         "There is no greenway “{id}”; showing the first one."),
    "unknown_site": ("名录中没有编号为 “{id}” 的遗产地。", "There is no site with id “{id}” in the catalogue."),
    "designations": ("认定", "Designations"),
    "d_kind": ("类型", "Kind"),
    "d_level": ("级别", "Level"),
    "d_status": ("状态", "Status"),
    "d_current": ("有效", "current"),
    "d_ended": ("{date} {reason}", "{reason} {date}"),
    "source_link": ("来源链接", "Source link"),
    "coords_withheld": ("为保护遗址，仅公开大致位置", "approximate: the exact point is withheld to protect the site"),
    "source_open": ("打开", "open"),
    "d_batch": ("批次", "Batch"),
    "d_year": ("年份", "Year"),
    "d_name": ("公布名称", "Official name"),
    "source": ("来源", "Source"),
    "location": ("位置", "Location"),
    "county": ("县区", "County"),
    "township": ("乡镇", "Township"),
    "village": ("村", "Village"),
    "address": ("地址", "Address"),
    "coords": ("坐标（WGS-84）", "Coordinates (WGS-84)"),
    "coords_gcj": ("GCJ-02（高德）", "GCJ-02 (AMap)"),
    "precision": ("精度", "Precision"),
    "visit": ("参观", "Visit"),
    "hours": ("开放时间", "Opening hours"),
    "always_open": ("全天开放（无门禁）", "Always open (no gate)"),
    "closed_on": ("闭馆：{days}", "closed {days}"),
    "last_entry": ("最晚入场 {t}", "last entry {t}"),
    "visit_minutes": ("建议游览 {m} 分钟", "Typical visit {m} min"),
    "ticket": ("门票", "Ticket"),
    "ticket_unknown": ("未知（未找到来源）", "unknown (not sourced)"),
    "ticket_free": ("免费", "free"),
    "ticket_cny": ("{p} 元", "CNY {p}"),
    "estimated": ("估计值", "estimated"),
    "estimated_note": (
        "标注“估计值”的数据为按景点类型的默认值，请以景区公告为准。",
        "Figures marked “estimated” are defaults for this kind of site, not the site's published ones.",
    ),
    "themes": ("主题", "Themes"),
    "greenways": ("文化绿道", "Greenways"),
    "greenway_stop": ("{name} 第 {n} 站", "{name}, stop {n}"),
    "nearby": ("附近 10 公里内", "Nearby (within 10 km)"),
    "intangible_here": ("相关非物质文化遗产", "Intangible heritage held here"),
    "sources": ("资料来源", "Sources"),
    "plan_from_here": ("以此为必去点规划行程", "Plan a trip that must include this site"),
    "km": ("{d} 公里", "{d} km"),
    "weekdays": ("一二三四五六日", "Mon Tue Wed Thu Fri Sat Sun"),
    # greenways page
    "gw_intro": (
        "规划中的三条文化绿道，按规划列出的顺序标出各站。",
        "The plan's three cultural greenways, stops in the order the plan names them.",
    ),
    "gw_stop_missing": ("（名录中未找到对应遗产地）", "(no catalogue site for this stop)"),
    "gw_days": ("天数", "Days"),
    "gw_plan": ("规划此绿道 {n} 日游", "Plan this greenway in {n} days"),
    # plan page
    "plan_form": ("行程条件", "Trip settings"),
    "start_date": ("出发日期", "Start date"),
    "days": ("天数", "Number of days"),
    "day_start": ("每日出发时间", "Daily start"),
    "day_end": ("每日返回时间", "Daily end"),
    "lodging": ("每晚住宿", "Lodging for each night"),
    "night": ("第 {n} 晚", "Night {n}"),
    "lodging_point": ("地图上的点（输入坐标）", "A map point (enter coordinates)"),
    "point_name": ("地点名称", "Place name"),
    "lat": ("纬度", "Latitude"),
    "lon": ("经度", "Longitude"),
    "lunch": ("安排午餐", "Plan lunch"),
    "lunch_earliest": ("午餐最早", "Lunch from"),
    "lunch_latest": ("午餐最晚", "Lunch until"),
    "lunch_minutes": ("午餐时长（分钟）", "Lunch minutes"),
    "mode": ("交通方式", "Travel mode"),
    "mode_car": ("小汽车", "Car"),
    "mode_coach": ("旅游大巴", "Coach"),
    "group_size": ("人数", "Group size"),
    "candidates": ("候选遗产地", "Candidate sites"),
    "buffer_km": ("绿道两侧范围（公里）", "Distance from the greenway (km)"),
    "must_visit": ("必去", "Must-see"),
    "excluded": ("排除", "Excluded"),
    "max_per_day": ("每天最多景点数（0 = 不限）", "Max sites per day (0 = no limit)"),
    "plan_button": ("生成行程", "Plan"),
    "planning": ("正在规划…", "Planning…"),
    "custom_mark": ("（自定义）", " (own stop)"),
    "why_title": ("各景点的价值与理由", "Each site's value and why"),
    "why_value": ("价值", "Value"),
    "why_because": ("理由（认定分 · 系数 · ×10）", "Why (designation points · factors · ×10)"),
    "walk_fmt": ("步行 {m} 分钟 · {km} 公里", "walk {m} min · {km} km"),
    "edit_title": ("手动调整", "Edit by hand"),
    "edit_help": ("调整立即重新计时，不重新规划；出现的问题显示在相应行。“重新规划”保留固定和手动安排的站点。",
                  "Edits are re-timed at once, without planning again; what breaks shows on its"
                  " row. \"Re-plan\" keeps every pinned and hand-placed stop."),
    "edit_stop": ("站点", "Stop"),
    "edit_to_day": ("移到第几天", "To day"),
    "edit_position": ("位置（第几站）", "Position (stop number)"),
    "edit_move": ("移动", "Move"),
    "edit_remove": ("删除", "Remove"),
    "edit_pin_site": ("固定遗产地（含未安排的）", "Pin a site (planned or not)"),
    "edit_pin_day": ("固定在第几天", "Pin to day"),
    "edit_pin": ("固定", "Pin"),
    "edit_custom": ("添加自己的站点（餐馆、酒店、观景点…）", "Add your own stop (a restaurant, a hotel, a viewpoint…)"),
    "edit_custom_name": ("名称", "Name"),
    "edit_custom_minutes": ("停留（分钟）", "Stay (minutes)"),
    "edit_add": ("添加", "Add"),
    "edit_use_click": ("用地图上点击的位置（{lat:.5f}，{lon:.5f}）", "Use the point clicked on the map ({lat:.5f}, {lon:.5f})"),
    "edit_pick": ("在路线图上点击选点（或直接输入坐标）", "Pick the point on the route map (or type the coordinates)"),
    "plan_timing": ("规划用时：引擎 {e} 秒，其余 {s} 秒", "Planning took: engine {e} s, the rest {s} s"),
    "edited_note": ("此行程已手动调整（未重新规划）。", "This itinerary was edited by hand (not planned again)."),
    "day_label": ("第{n}天", "Day {n}"),
    "engine_compiling": ("首次使用：规划引擎正在编译（本机只需一次，通常约 {s} 秒，已等 {w} 秒）…",
                         "First use: the planning engine is compiling (once per machine, usually"
                         " about {s} s; {w} s so far)…"),
    "engine_loading": ("规划引擎正在加载（通常约 {s} 秒，已等 {w} 秒）…",
                       "The planning engine is loading (usually about {s} s; {w} s so far)…"),
    "engine_ready": ("规划引擎已就绪", "The planning engine is ready"),
    "err_days": ("天数至少为 1 天。", "The trip needs at least 1 day."),
    "err_days_max": ("最多可规划 14 天。", "At most 14 days can be planned at once."),
    "err_range": ("“{field}”须在 {low} 到 {high} 之间（现为 {value}），未生成行程。",
                  "“{field}” must be between {low} and {high} (it is {value}); nothing was "
                  "planned."),
    "err_empty_number": ("请填写“{field}”，未生成行程。", "Fill in “{field}”; nothing was planned."),
    "err_end_before_start": (
        "每日返回时间（{end}）必须晚于出发时间（{start}）。",
        "The daily end ({end}) must be after the daily start ({start}).",
    ),
    "err_lunch": ("午餐时段放不下 {m} 分钟，或不在每日时间之内。", "Lunch of {m} min does not fit its window or the day."),
    "err_unknown_site": ("名录中没有编号为 “{id}” 的遗产地。", "Unknown site “{id}”: it is not in the catalogue."),
    "err_both": ("“{id}” 同时被设为必去和排除。", "“{id}” is both must-see and excluded."),
    "err_request": ("请求无效：{msg}", "Invalid request: {msg}"),
    "err_no_candidates": ("没有候选遗产地：请选择绿道、主题或必去点。", "No candidates: choose a greenway, a theme or must-see sites."),
    "err_bad_point": ("住宿坐标无效。", "The lodging coordinates are not valid."),
    "err_plan_failed": ("规划失败：{msg}", "Planning failed: {msg}"),
    "result": ("行程", "Itinerary"),
    "day_tab": ("第{n}天 {date}", "Day {n} · {date}"),
    "totals": (
        "共 {n} 处，驾车 {dm} 分钟 / {km} 公里，游览 {vm} 分钟",
        "{n} sites, {dm} min / {km} km driving, {vm} min visiting",
    ),
    "tickets_total": ("门票合计每人 {p} 元", "Tickets {p} CNY per person"),
    "tickets_partial": ("已知门票合计每人 {p} 元，另有 {u} 处票价未知",
                        "Known tickets {p} CNY per person; {u} more prices unknown"),
    "tickets_unknown": ("{u} 处票价均未知", "All {u} ticket prices unknown"),
    "estimated_visits": (
        "{e}/{n} 处的开放时间或游览时长为估计值；{a} 处仅有乡镇或县级位置，车程为近似。",
        "{e} of {n} visits use estimated hours or visit length; {a} have only a township or "
        "county location, so their drives are approximate.",
    ),
    "t_time": ("时间", "Time"),
    "t_what": ("安排", "What"),
    "t_drive": ("车程", "Drive"),
    "t_depart": ("从 {place} 出发", "Leave {place}"),
    "t_visit": ("游览 {name}", "Visit {name}"),
    "t_lunch": ("午餐", "Lunch"),
    "t_arrive": ("{t} 到达", "arrive {t}"),
    "t_lodging": ("到达住宿 {place}", "Arrive at {place}"),
    "drive_fmt": ("{m} 分钟 · {km} 公里", "{m} min · {km} km"),
    "pinned_mark": ("（已固定）", " (pinned)"),
    "must_mark": ("（必去）", " (must-see)"),
    "no_visits": ("这一天没有安排景点。", "No visits planned on this day."),
    "route_map": ("路线图", "Route map"),
    "preview_map": ("候选地点（生成行程后在此显示路线）", "Candidate sites (the route shows here once planned)"),
    "dropped": ("未安排的遗产地（{n}）", "Not planned ({n})"),
    "must_problems": ("无法安排的必去点", "Must-see sites that cannot be planned"),
    "replan": ("调整后重新规划", "Adjust and re-plan"),
    "pin_keep": ("固定在当天（重新规划时保留）", "Pin to their day (kept on re-plan)"),
    "remove": ("移除（重新规划时排除）", "Remove (excluded on re-plan)"),
    "replan_button": ("重新规划", "Re-plan"),
    "exports": ("导出", "Export"),
    "exp_ics": ("日历 .ics", "Calendar .ics"),
    "exp_gpx": ("GPX 轨迹", "GPX"),
    "exp_csv": ("CSV", "CSV"),
    "exp_xlsx": ("Excel", "Excel"),
    "exp_html": ("可打印行程单 HTML", "Printable day sheet (HTML)"),
    "share_link": ("分享链接（可复现此行程）", "Share link (reproduces this plan)"),
    "plan_empty": ("填写上方条件并点击“生成行程”。", "Fill in the settings and press “Plan”."),
    "reason": ("原因", "Reason"),
    "sheet_title": ("晋中文旅 行程单", "Jinzhong trip sheet"),
    "sheet_print": ("打印", "Print"),
}

_LEVELS = {
    "world": ("世界级", "World"),
    "national": ("国家级", "National"),
    "provincial": ("省级", "Provincial"),
    "city": ("市级", "City"),
    "county": ("县级", "County"),
    "unknown": ("级别不明", "Level unknown"),
}
_KINDS_EN = {
    "世界文化遗产": "World Heritage",
    "历史文化名城": "Historic city",
    "历史文化街区": "Historic district",
    "历史文化名镇": "Historic town",
    "历史文化名村": "Historic village",
    "中国传统村落": "Traditional village (national)",
    "山西省传统村落": "Traditional village (Shanxi)",
    "文物保护单位": "Protected relic unit",
    "历史建筑": "Historic building",
    "A级景区": "A-rated scenic area",
}
_THEMES_EN = {
    "晋商文化": "Jin merchants",
    "红色文化": "Red (revolutionary) heritage",
    "宗教建筑": "Temples",
    "古村古堡": "Old villages & forts",
    "古城古镇": "Old cities & towns",
    "山水自然": "Landscape",
    "考古遗址": "Archaeology",
    "民俗文化": "Folk culture",
}
_PRECISION = {
    "site": ("精确到地点（约 100 米内）", "site (within ~100 m)"),
    "village": ("村级", "village"),
    "township": ("乡镇级", "township"),
    "county": ("县级（仅县城位置）", "county (county seat only)"),
}
_REASONS = {
    "closed": ("当天闭馆", "closed on the trip days"),
    "excluded": ("已排除", "excluded"),
    "does_not_fit": ("时间放不下", "does not fit the day"),
    "lower_value": ("价值低于已选景点", "lower value than the chosen sites"),
}


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``fmt``; KeyError for an unknown key."""
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text


#: English names of the plan's heritage categories (``plan_figures.key``; the table holds Chinese).
PLAN_FIGURES_EN = {
    "cities_national": "National historic and cultural cities",
    "cities_provincial": "Shanxi historic and cultural cities",
    "districts_provincial": "Provincial historic and cultural districts",
    "historic_buildings": "Historic buildings",
    "intangible": "Intangible cultural heritage (all levels)",
    "relic_units": "Protected relic units (all levels)",
    "towns_national": "National historic and cultural towns",
    "towns_provincial": "Provincial historic and cultural towns",
    "traditional_villages": "Chinese traditional villages (batches 1-5)",
    "traditional_villages_shanxi": "Shanxi traditional villages",
    "villages_national": "National historic and cultural villages",
    "villages_provincial": "Provincial historic and cultural villages",
}


def plan_figure_label(key: str, label_zh: str, lang: str = DEFAULT_LANG) -> str:
    """A plan category for display: the table's Chinese, or its English name."""
    return PLAN_FIGURES_EN.get(key, label_zh) if lang == "en" else label_zh


_END_REASONS = {"revoked": ("撤销", "revoked"), "merged": ("合并", "merged"),
                "expired": ("到期", "expired")}


def end_reason_label(reason: str | None, lang: str = DEFAULT_LANG) -> str:
    """Why a designation ended, in ``lang``."""
    zh, en = _END_REASONS.get(reason or "", (reason or "", reason or ""))
    return en if lang == "en" else zh


def level_label(level: str | None, lang: str = DEFAULT_LANG) -> str:
    """``national`` -> 国家级 / National."""
    if not level:
        return ""
    zh, en = _LEVELS.get(level, (level, level))
    return en if lang == "en" else zh


def kind_label(kind: str, lang: str = DEFAULT_LANG) -> str:
    """A designation kind (stored in Chinese) for display."""
    return _KINDS_EN.get(kind, kind) if lang == "en" else kind


def theme_label(theme: str, lang: str = DEFAULT_LANG) -> str:
    """A theme (stored in Chinese) for display."""
    return _THEMES_EN.get(theme, theme) if lang == "en" else theme


def precision_label(precision: str, lang: str = DEFAULT_LANG) -> str:
    """A coordinate precision class for display."""
    zh, en = _PRECISION.get(precision, (precision, precision))
    return en if lang == "en" else zh


def reason_label(reason: str, lang: str = DEFAULT_LANG) -> str:
    """A planner reason code (``closed``, ``does_not_fit`` …) for display."""
    zh, en = _REASONS.get(reason, (reason, reason))
    return en if lang == "en" else zh


def weekday_names(lang: str = DEFAULT_LANG) -> list[str]:
    """Monday-first weekday names."""
    text = t("weekdays", lang)
    return text.split() if lang == "en" else [f"周{c}" for c in text]


# Labels kept in their own table (see its docstring); merged here so ``t`` finds every key.
from ui.i18n_visit import VISIT_STRINGS  # noqa: E402

assert not set(VISIT_STRINGS) & set(STRINGS), set(VISIT_STRINGS) & set(STRINGS)
STRINGS.update(VISIT_STRINGS)
