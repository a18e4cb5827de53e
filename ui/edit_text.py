"""Labels of the login, editing, history, import, users and saved-plan pages (zh, en).

Kept apart from ``ui.i18n.STRINGS`` (the public pages' table) so the two can change
independently; page titles, which the router looks up, live in ``ui.i18n``.
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "user": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "log_in": ("登录", "Log in"),
    "log_out": ("退出登录", "Log out"),
    "sso": ("单点登录 (SSO)", "Single sign-on"),
    "logged_in_as": ("当前用户：{name}（{role}）", "Logged in as {name} ({role})"),
    "login_failed": ("用户名或密码错误", "Wrong user name or password"),
    "throttled": ("失败次数过多，请 {s} 秒后再试", "Too many failed attempts; try again in {s} s"),
    "busy": ("名录正忙于保存其他修改或导入，未写入任何内容；请稍后再试",
             "The catalogue is busy saving another change or import; nothing was written. "
             "Please try again in a moment"),
    "read_only": ("名录数据库文件当前只读，未写入任何内容；请联系管理员",
                  "The catalogue file is read-only; nothing was written. Please tell the "
                  "administrator"),
    "db_unavailable": ("名录数据库无法打开；请联系管理员", "The catalogue database cannot be "
                       "opened; please tell the administrator"),
    "session_expired": ("会话已超时，请重新登录", "Your session timed out; please log in again"),
    "account_disabled": ("账户已停用", "This account is disabled"),
    "sso_unknown": (
        "此 SSO 账户未在用户表中登记，仅可浏览",
        "This SSO identity is not in our users table; you can browse as a visitor",
    ),
    "choose_site": ("选择遗产地", "Choose a site"),
    "new_site": ("➕ 新建遗产地", "➕ New site"),
    "card_retired": (
        "此遗产地已于 {at} 从名录中撤销，不再出现在地图、名录和行程中",
        "This site was retired from the catalogue on {at}; it no longer appears on the map, in "
        "the catalogue or in plans",
    ),
    "retired_mark": ("（已撤销）", " (retired)"),
    "version_info": ("版本 {v}，最后修改：{by}，{at}", "Version {v}, last changed by {by} at {at}"),
    "map_help": (
        "在地图上点击以设置位置（保存为 WGS-84，6 位小数 ≈ 0.1 米）",
        "Click the map to set the point (saved as WGS-84 with 6 decimals ≈ 0.1 m)",
    ),
    "point_preview": (
        "将保存的位置：{lat:.6f}, {lon:.6f}（精度：{precision}）",
        "Point to be saved: {lat:.6f}, {lon:.6f} (precision: {precision})",
    ),
    "save": ("保存", "Save"),
    "create": ("创建", "Create"),
    "saved": ("已保存：版本 {v}", "Saved: version {v}"),
    "nothing_changed": ("没有修改", "Nothing changed"),
    "created": ("已创建 {id}", "Created {id}"),
    "fix_fields": ("请修改标出的字段", "Please correct the fields marked below"),
    "conflict": ("保存被拒绝", "Not saved"),
    "current_values": ("当前值", "Current values"),
    "reload": ("载入当前值", "Load the current values"),
    "retire": ("撤销此遗产地（软删除）", "Retire this site (soft delete)"),
    "unretire": ("恢复此遗产地", "Bring this site back"),
    "confirm": ("确认", "Confirm"),
    "retired_done": ("已撤销：不再显示在公开页面和行程中", "Retired: hidden from public pages and plans"),
    "designations_help": (
        "认定（每行一项：类型、级别、批次、年份…）",
        "Designations (one per row: kind, level, batch, year…)",
    ),
    "hours_help": ("开放时间（JSON）", "Opening hours (JSON)"),
    "q_intro": (
        "名录中尚未核实的事实：估计的开放时间和游览时长、未知的票价、只精确到乡镇或县的位置、"
        "缺少的英文名、级别不明的认定。越重要的排在越前（绿道节点、A级景区、已保存行程中的遗产地、"
        "国家级）。每行填写新值和来源，一次保存多行；与编辑页相同的校验、权限、版本检查和修改历史。",
        "Facts the catalogue does not know for sure yet: estimated opening hours and visit lengths, "
        "unknown ticket prices, points known only to the township or county, missing English "
        "names, designations of unknown level. The most important come first (greenway stops, "
        "A-level sites, sites in saved itineraries, national designations). Type a new value and "
        "its source in any rows and save them together: the same validation, permissions, version "
        "checks and history as the edit form.",
    ),
    "q_fact": ("待核实的事实", "Fact to verify"),
    "q_fact_hours": ("开放时间", "Opening hours"),
    "q_fact_visit_minutes": ("游览时长（分钟）", "Visit length (minutes)"),
    "q_fact_ticket": ("门票（元，0 = 免费）", "Ticket (CNY, 0 = free)"),
    "q_fact_coordinates": ("位置（纬度, 经度，WGS-84）", "Point (lat, lon, WGS-84)"),
    "q_fact_name_en": ("英文名", "English name"),
    "q_fact_designation_level": ("级别不明的认定", "Designation of unknown level"),
    "q_progress": ("{done} / {total} 已核实", "{done} of {total} verified"),
    "q_open": ("待核实 {n} 项", "{n} open"),
    "q_page": ("页码", "Page"),
    "q_site": ("遗产地", "Site"),
    "q_current": ("当前值", "Current value"),
    "q_new": ("新值", "New value"),
    "q_source": ("来源", "Source"),
    "q_save": ("保存填写的各行", "Save the rows filled in"),
    "q_saved": ("已保存 {n} 行", "Saved {n} rows"),
    "q_refused": ("{site}：{reason}", "{site}: {reason}"),
    "q_hours_hint": (
        "开放时间写法：04-01..10-31 08:00-18:00 last 17:30 closed Mon; 11-01..03-31 08:30-17:00"
        "（闭馆日可写 周一 或 Mon；全天开放写 always）",
        "Hours: 04-01..10-31 08:00-18:00 last 17:30 closed Mon; 11-01..03-31 08:30-17:00 "
        "(weekdays Mon…Sun or 周一…周日; 'always' for no gate)",
    ),
    "q_edit_link": ("在编辑页补充", "Complete in the edit form"),
    "q_empty": ("此项全部已核实", "Nothing left to verify here"),
    "q_why_greenway": ("绿道节点", "greenway stop"),
    "q_why_a_level": ("A级景区", "A-level site"),
    "q_why_itinerary": ("在已保存行程中", "in a saved itinerary"),
    "q_why_national": ("国家级", "national"),
    "home_verify": ("核查进度", "Verification progress"),
    "rec_intangible": ("非遗项目", "ICH items"),
    "rec_greenways": ("文化绿道", "Greenways"),
    "rec_item": ("选择非遗项目", "Choose an item"),
    "rec_greenway": ("选择绿道", "Choose a greenway"),
    "rec_name": ("中文名", "Chinese name"),
    "rec_name_en": ("英文名", "English name"),
    "rec_category": ("类别", "Category"),
    "rec_level": ("级别", "Level"),
    "rec_batch": ("批次", "Batch"),
    "rec_year": ("年份", "Year"),
    "rec_ref": ("编号", "Number"),
    "rec_county": ("区县", "County"),
    "rec_site": ("所属遗产地", "Linked site"),
    "rec_source": ("来源", "Source"),
    "rec_history": ("修改历史", "History"),
    "rec_order": ("顺序", "Order"),
    "rec_stop_name": ("规划中的名称", "Name in the plan"),
    "rec_stop_sites": ("遗产地编号（; 分隔）", "Site ids (; separated)"),
    "rec_stops_help": (
        "每行一个节点；按“顺序”列排序（可写 2.5 插到 2 和 3 之间），保存后重新编号。",
        "One stop per row, ordered by the Order column (2.5 puts a stop between 2 and 3); "
        "saving renumbers them.",
    ),
    "public_exact": ("精确显示", "Exact"),
    "public_township": ("仅显示到乡镇（约 5 公里网格）", "Township only (about a 5 km cell)"),
    "public_county": ("仅显示到县（县中心）", "County only (county centre)"),
    "public_help": (
        "考古遗址、无人看守的墓葬等可只向公众显示大致位置；官员仍可看到精确位置。",
        "An archaeological site or unguarded tomb can be shown to the public only roughly; "
        "officers still see the exact point.",
    ),
    "hours_form": ("开放时间（每行一个时段）", "Opening hours (one season per row)"),
    "hours_always": ("全天开放（无门禁）", "Always open (no gate)"),
    "hours_source": ("开放时间的来源（公告、官网、电话核实…）",
                     "Where these hours come from (notice, website, phone call…)"),
    "hours_verified": ("已核实（非估计值）", "Verified (not an estimate)"),
    "h_start": ("起（月-日）", "From (MM-DD)"),
    "h_end": ("止（月-日）", "To (MM-DD)"),
    "h_open": ("开门", "Opens"),
    "h_close": ("关门", "Closes"),
    "h_last": ("停止入场", "Last entry"),
    "h_closed": ("闭馆日", "Closed on"),
    "col_version": ("版本", "Version"),
    "col_at": ("时间 (UTC)", "When (UTC)"),
    "col_by": ("修改人", "By"),
    "col_action": ("操作", "Action"),
    "col_field": ("字段", "Field"),
    "col_before": ("修改前", "Before"),
    "col_after": ("修改后", "After"),
    "action_create": ("新建", "create"),
    "action_update": ("修改", "update"),
    "action_revert": ("恢复", "revert"),
    "action_retire": ("撤销", "retire"),
    "action_unretire": ("取消撤销", "unretire"),
    "action_restore": ("从备份恢复", "restore from backup"),
    "action_import": ("导入", "import"),
    "history_empty": ("尚无修改记录（建库时的版本 1）", "No recorded changes (version 1 as built)"),
    "revert_to": ("恢复到版本", "Revert to version"),
    "revert": ("恢复", "Revert"),
    "reverted": ("已恢复到版本 {to}（新版本 {v}）", "Reverted to version {to} (now version {v})"),
    "import_file": ("CSV、Excel (.xlsx) 或 GeoJSON 文件", "CSV, Excel (.xlsx) or GeoJSON file"),
    "lines_problem": ("第 {lines} 行：{reason}", "Lines {lines}: {reason}"),
    "and_more": ("等 {n} 行", "and {n} more"),
    "dry_run": ("仅检查，不写入", "Check only (dry run)"),
    "run_import": ("导入", "Import"),
    "import_ok": (
        "{verb}：新建 {c}，更新 {u}，未变 {n}",
        "{verb}: {c} created, {u} updated, {n} unchanged",
    ),
    "import_bad": (
        "未导入任何内容：{bad} 行有问题（共 {rows} 行）",
        "Nothing imported: {bad} of {rows} rows are bad",
    ),
    "line": ("行号", "Line"),
    "line_problem": ("第 {line} 行：{reason}", "Line {line}: {reason}"),
    "import_help": (
        "每行一处遗产地：id 已存在则更新其非空字段（并补充认定），否则新建。全部成功才写入；"
        "任何一行有问题则不写入，并列出每个问题行。坐标默认 WGS-84，crs 列可写 GCJ02 或 BD09。",
        "One row per site: a row whose id exists updates that site's non-empty fields (and adds "
        "its designation); any other row creates a site. All or nothing: if any row is bad, "
        "nothing is written and every bad row is listed. Coordinates are WGS-84 unless a crs "
        "column says GCJ02 or BD09.",
    ),
    "reason": ("原因", "Reason"),
    "users": ("用户", "Users"),
    "add_user": ("新增用户", "Add a user"),
    "role": ("角色", "Role"),
    "active": ("启用", "Active"),
    "unchanged": ("（不变）", "(unchanged)"),
    "enabled": ("启用", "enabled"),
    "disabled": ("停用", "disabled"),
    "update_user": ("修改用户", "Change a user"),
    "done": ("完成", "Done"),
    "save_plan": ("保存当前行程", "Save the current itinerary"),
    "plan_name": ("行程名称", "Itinerary name"),
    "share": ("与同事共享", "Share with colleagues"),
    "no_plan": ("先在“行程规划”页生成一个行程", "Plan an itinerary first (Plan page)"),
    "saved_plans": ("已保存的行程", "Saved itineraries"),
    "no_saved": ("还没有保存的行程", "No saved itineraries yet"),
    "plan_ok": ("行程中的遗产地自保存以来没有变化", "No site of this plan has changed since it was saved"),
    "changed_notice": (
        "{name} 自保存以来已被修改（{by}，{at}），请核对开放时间和位置",
        "{name} has changed since this plan was saved (by {by} at {at}); check its hours and location",
    ),
    "retired_notice": ("{name} 已从名录中撤销（{at}）", "{name} has been retired from the catalogue ({at})"),
    "missing_notice": ("{name} 已不在名录中", "{name} is no longer in the catalogue"),
}


#: The edit form's site fields. A label shows the field's column name too: import files and the
#: change history use it.
FIELDS: dict[str, tuple[str, str]] = {
    "name_zh": ("中文名", "Chinese name"),
    "name_en": ("英文名", "English name"),
    "county_adcode": ("区县", "County"),
    "township": ("乡镇", "Township"),
    "village": ("村", "Village"),
    "address": ("地址", "Address"),
    "lat": ("纬度（WGS-84）", "Latitude (WGS-84)"),
    "lon": ("经度（WGS-84）", "Longitude (WGS-84)"),
    "coord_precision": ("坐标精度", "Coordinate precision"),
    "coord_source": ("坐标来源", "Coordinate source"),
    "public_precision": ("对公众显示的精度（敏感遗址）", "Public precision (sensitive site)"),
    "kind": ("类型", "Kind"),
    "themes": ("主题", "Themes"),
    "visit_minutes": ("建议游览（分钟）", "Visit (minutes)"),
    "visit_minutes_estimated": ("游览时长为估计值", "Visit length estimated"),
    "ticket_cny": ("门票（元，留空 = 未知）", "Ticket CNY (empty = unknown)"),
    "ticket_estimated": ("票价为估计值", "Ticket estimated"),
    "recommendation": ("推荐权重（行程规划：1 = 中性，0–5）",
                       "Recommendation weight (planner: 1 = neutral, 0–5)"),
    "recommendation_note": ("推荐依据", "Why recommended (source or reason)"),
    "note": ("备注", "Note"),
}

#: The designations table's columns (``ui.editform.DESIGNATION_COLUMNS``; values stay as stored).
DESIGNATION_FIELDS: dict[str, tuple[str, str]] = {
    "kind": ("认定类型", "Kind"),
    "level": ("级别", "Level"),
    "batch": ("批次", "Batch"),
    "year": ("年份", "Year"),
    "ref_no": ("编号", "Ref. no."),
    "official_name": ("公布名称", "Official name"),
    "source": ("来源", "Source"),
    "ended": ("终止日期", "Ended"),
    "end_reason": ("终止原因", "End reason"),
}


def designation_label(column: str, lang: str = "zh") -> str:
    """``认定类型 · kind``: a designations column in ``lang`` with its stored name."""
    zh, en = DESIGNATION_FIELDS[column]
    return f"{en if lang == 'en' else zh} · {column}"


#: ``catalog.defaults.SITE_KINDS`` (the kind sets default hours and visit length).
SITE_KIND_LABELS: dict[str, tuple[str, str]] = {
    "walled_town": ("古城", "Walled town"),
    "historic_district": ("历史街区", "Historic district"),
    "courtyard_museum": ("大院（博物馆）", "Courtyard museum"),
    "temple": ("寺庙", "Temple"),
    "fortified_village": ("古堡村落", "Fortified village"),
    "open_village": ("村落", "Village"),
    "mountain_scenic": ("山岳景区", "Mountain scenic area"),
    "memorial": ("纪念地", "Memorial"),
    "museum": ("博物馆", "Museum"),
    "archaeological_site": ("考古遗址", "Archaeological site"),
    "tomb": ("墓葬", "Tomb"),
    "monument": ("碑塔", "Monument"),
}


def field_label(field: str, lang: str = "zh", *, required: bool = False) -> str:
    """``中文名 · name_zh *``: the field in ``lang`` with its column name."""
    zh, en = FIELDS[field]
    return f"{en if lang == 'en' else zh} · {field}{' *' if required else ''}"


def site_kind_label(kind: str, lang: str = "zh") -> str:
    """``古城 (walled_town)``; an unknown code as itself."""
    zh, en = SITE_KIND_LABELS.get(kind, (kind, kind))
    return f"{en if lang == 'en' else zh} ({kind})" if kind in SITE_KIND_LABELS else kind


#: Chinese for the catalogue's coded errors (``catalog.problems``: ``Problem``, ``Message``, and the
#: ``Translatable`` errors ``EditError``, ``ImportFailed``, ``SheetFailed``, ``RowProblem``). The
#: catalogue words them in English (the CLI and logs show that); ``PROBLEMS_EN`` has the English
#: templates, and tests/app/test_officer_pages.py keeps both complete for every code raised.
PROBLEMS_ZH: dict[str, str] = {
    "required": "必填",
    "not_editable": "不是可编辑的字段",
    "must_be_text": "必须是文本",
    "bad_unicode": "不是有效的 Unicode 文本（编码错误？）",
    "control_chars": "含有控制字符",
    "replacement_char": "含有 U+FFFD：文本解码时用错了编码",
    "too_long": "长 {n} 个字符，最多 {limit} 个",
    "not_a_number": "必须是数字",
    "not_a_number_value": "“{value}”不是数字",
    "not_finite": "必须是有限的数字（不能是 NaN 或无穷大）",
    "not_whole": "必须是整数",
    "not_flag": "必须是“是”或“否”",
    "themes_list": "必须是主题列表",
    "unknown_theme": "未知主题“{theme}”；可选：{known}",
    "hours_too_long": "太长",
    "hours_json": "必须是开放时间对象（JSON）",
    "designations_list": "必须是认定列表",
    "designations_too_many": "必须是最多 {n} 条的认定列表",
    "designation_object": "第 {i} 条必须是对象",
    "designation_kind": "第 {i} 条：未知认定类型“{kind}”",
    "designation_level": "第 {i} 条：未知级别“{level}”；可选：{known}",
    "designation_world": "第 {i} 条：级别 world 只用于世界文化遗产，世界文化遗产也只用此级别",
    "designation_year": "第 {i} 条：年份 {year} 不合理",
    "designation_text": "第 {i} 条 {key}：{detail}",
    "designation_repeat": "第 {i} 条与前面重复：{kind}（{level}，批次 {batch}）",
    "unknown_county": "不是晋中的 11 个县级行政区之一",
    "unknown_precision": "必须是以下之一：{known}",
    "unknown_site_kind": "未知的遗产地类型；可选：{known}",
    "visit_range": "必须在 5 到 1440 分钟之间",
    "recommendation_range": "推荐权重须在 0 到 5 之间（1 = 中性）",
    "ticket_range": "必须在 0 到 10000 元之间（留空 = 未知）",
    "outside_jinzhong": "{lat}, {lon} 不在晋中市内（不在任何县区边界内）",
    "wrong_county": "{lat}, {lon} 位于{actual}，不在{county}：请移动位置或更改区县",
    "bad_id": "编号须为 3–80 个小写字母、数字或“-”",
    "id_exists": "编号 {id} 已存在",
    "fields_problem": "{fields}：{detail}",
    "not_hhmm": "“{value}”不是 HH:MM 时间",
    "hours_object": "开放时间必须是对象",
    "hours_fields": "未知的开放时间字段：{fields}",
    "season_object": "每个季节必须是对象",
    "close_before_open": "关门时间 {close} 不晚于开门时间 {open}",
    "last_entry": "最晚入场 {last} 不在 {open}–{close} 之内",
    "closed_weekdays": "closed_weekdays 必须是 0（周一）到 6（周日）的整数",
    "closed_all_week": "一个季节不能七天都闭馆",
    "no_season": "开放时间至少需要一个季节，或 always_open",
    "season_mmdd": "季节 {key} 必须是 MM-DD 格式，而不是 {value!r}",
    "conflict": "{site} 已被 {by} 于 {at} 修改（现为版本 {version}）；你的修改未保存，请查看当前值后重新修改",
    "import_empty": "文件是空的",
    "import_columns": "未知的列：{columns}",
    "import_json": "不是有效的 JSON（第 {line} 行：{detail}）",
    "import_not_fc": "应为 GeoJSON FeatureCollection",
    "import_crs_object": '"crs" 应为 {{"type": "name", "properties": {{"name": "GCJ02"}}}}',
    "import_nested": "{fields} 应为文本或数字，不能是列表或对象",
    "import_retry": "导入期间文件中的遗产地一直被他人保存；未写入任何内容，请重试",
    "import_no_features": "FeatureCollection 中没有 features 列表",
    "import_too_large": "文件超过 {mb} MB",
    "import_not_utf8": "第 {line} 行：文件不是 UTF-8 编码（第 {byte} 字节）；请另存为 UTF-8（Excel 导出的文件常为 GBK）",
    "import_type": "{name}：应为 .csv、.xlsx 或 .geojson 文件",
    "import_xlsx": "文件不是 Excel .xlsx 工作簿",
    "hours_weekday": "未知的星期“{value}”",
    "hours_line": "“{value}”的格式应如“04-01..10-31 08:00-18:00 last 17:30 closed Mon”",
    "hours_source_required": "请注明开放时间的来源（公告、官网、电话核实等）",
    "queue_point": "位置请写成“纬度, 经度”（WGS-84）",
    "intangible_level": "必须是国家级、省级、市级、县级或级别不明",
    "unknown_site": "未知的遗产地编号 {id}",
    "greenway_stops": "绿道需要 1 到 {n} 个节点",
    "greenway_stop_name": "第 {i} 个节点需要规划中的名称",
    "greenway_stop_site": "第 {i} 个节点：未知的遗产地编号 {id}",
    "greenway_stop_twice": "第 {i} 个节点：{id} 已是本绿道的节点",
    "unknown_record": "未知的{entity}编号 {id}",
    "no_version": "{id} 只有版本 1 到 {n}，没有 {v}",
    "log_gap": "{id}：变更记录中没有版本 {v}，无法还原更早的版本",
    "not_at_version": "{id} 在版本 {v} 时还不存在",
    "version_moved": "{id}：写入期间版本发生了变化，未保存；请重试",
    "unknown_public_precision": "必须留空或为以下之一：{known}",
    "designation_ended": "第 {i} 条：终止日期须为 YYYY 或 YYYY-MM-DD",
    "designation_end_reason": "第 {i} 条：已终止的认定须注明原因：{known}",
    "queue_source_required": "请注明这个位置的来源",
    "queue_fact": "{fact} 不能在核查清单中修改",
    "import_feature": "每个要素必须是对象",
    "import_point": "geometry 必须是 Point，坐标为 [经度, 纬度]",
    "import_properties": "properties 必须是对象",
    "import_extra_cells": "单元格数多于表头列数",
    "import_fields": "未知的字段：{fields}",
    "import_crs": "坐标系 {crs} 不是 {known} 之一",
    "import_lat_lon": "纬度和经度要么都填，要么都不填",
    "import_lat_lon_numbers": "纬度和经度必须是数字",
    "import_designations": "designations 必须是对象列表",
    "import_designation_cell": "认定“{value}”不是“类型/级别/批次/年份”格式",
    "import_repeat": "编号 {id} 与第 {line} 行重复",
    "import_twin": "{id} 已在本区县使用此名称；如要更新它，请在 id 列填写其编号",
    "import_read_only": "已忽略只读列：{columns}",
    "import_no_rows": "{name}：没有可导入的行",
    "hours_closed_on": "闭馆日只能写：{names}",
    "photo_field_required": "照片：必须填写{field}（摄影者/来源与许可）",
    "photo_text_long": "照片：{field} 超过 {n} 个字符",
    "photo_too_big": "照片：文件超过 {mb} MB",
    "photo_not_image": "照片：无法识别为图片文件",
    "photo_too_big_stored": "照片：压缩后仍超过 {kb} KB",
    "photo_unknown_site": "照片：没有遗产地 {id}",
    "photo_too_many": "照片：每处遗产地最多 {n} 张",
}


#: English for the same codes, in the catalogue's wording (what the CLI and logs print); where one
#: code is raised with several sentences, the template is the general one.
PROBLEMS_EN: dict[str, str] = {
    "required": "is required",
    "not_editable": "is not an editable field",
    "must_be_text": "must be text",
    "bad_unicode": "is not valid Unicode text (wrong encoding?)",
    "control_chars": "contains control characters",
    "replacement_char": "contains U+FFFD: the text was decoded with the wrong encoding",
    "too_long": "is {n} characters; at most {limit}",
    "not_a_number": "must be a number",
    "not_a_number_value": "{value!r} is not a number",
    "not_finite": "must be a finite number (not NaN or infinity)",
    "not_whole": "must be a whole number",
    "not_flag": "must be yes or no",
    "themes_list": "must be a list of themes",
    "unknown_theme": "unknown theme {theme!r}; known: {known}",
    "hours_too_long": "is too long",
    "hours_json": "must be an opening-hours object (JSON)",
    "designations_list": "must be a list of designations",
    "designations_too_many": "must be a list of at most {n} designations",
    "designation_object": "#{i} must be an object",
    "designation_kind": "#{i}: unknown kind {kind!r}",
    "designation_level": "#{i}: unknown level {level!r}; known: {known}",
    "designation_world": "#{i}: level 'world' goes with 世界文化遗产 and only with it",
    "designation_year": "#{i}: year {year} is not plausible",
    "designation_text": "#{i} {key} {detail}",
    "designation_repeat": "#{i} repeats {kind} ({level}, batch {batch})",
    "unknown_county": "is not one of Jinzhong's 11 county-level units",
    "unknown_precision": "must be one of {known}",
    "unknown_site_kind": "unknown kind of site; known: {known}",
    "visit_range": "must be between 5 and 1440 minutes",
    "recommendation_range": "must be a weight between 0 and 5 (1 = neutral)",
    "ticket_range": "must be between 0 and 10000 CNY (empty = unknown)",
    "outside_jinzhong": "{lat}, {lon} is outside Jinzhong (no county polygon contains it)",
    "wrong_county": "{lat}, {lon} lies in {actual}, not {county}: move the point or change the "
                    "county",
    "bad_id": "must be 3–80 lower-case letters, digits or '-'",
    "id_exists": "{id} already exists",
    "fields_problem": "{fields} {detail}",
    "not_hhmm": "not a HH:MM time: {value!r}",
    "hours_object": "opening hours must be an object",
    "hours_fields": "unknown opening-hours fields: {fields}",
    "season_object": "each season must be an object",
    "close_before_open": "closing time {close} is not after opening {open}",
    "last_entry": "last entry {last} is outside {open}–{close}",
    "closed_weekdays": "closed_weekdays must be integers 0 (Monday) … 6 (Sunday)",
    "closed_all_week": "a season cannot close on all seven weekdays",
    "no_season": "opening hours need at least one season, or always_open",
    "season_mmdd": "season {key} must be MM-DD, got {value!r}",
    "conflict": "{site} was changed by {by} at {at} (now version {version}); your changes were "
                "not saved — review the current values and apply them again",
    "import_empty": "the file is empty",
    "import_columns": "unknown columns: {columns}",
    "import_json": "not valid JSON (line {line}: {detail})",
    "import_not_fc": "expected a GeoJSON FeatureCollection",
    "import_crs_object": '"crs" must be {{"type": "name", "properties": {{"name": "GCJ02"}}}}',
    "import_nested": "{fields} must be text or a number, not a list or object",
    "import_retry": "the file's sites kept being saved by others while it was imported; nothing "
                    "was written, try again",
    "import_no_features": "the FeatureCollection has no features list",
    "import_too_large": "the file is larger than {mb} MB",
    "import_not_utf8": "line {line}: the file is not UTF-8 (byte {byte}); save it as UTF-8 (files "
                       "from Excel are often GBK)",
    "import_type": "{name}: expected a .csv, .xlsx or .geojson file",
    "import_xlsx": "the file is not an Excel .xlsx workbook",
    "hours_weekday": "unknown weekday {value!r}",
    "hours_line": "{value!r} is not like '04-01..10-31 08:00-18:00 last 17:30 closed Mon'",
    "hours_source_required": "say where these hours come from (a notice, a website, a phone call)",
    "queue_point": "write the point as 'lat, lon' (WGS-84)",
    "intangible_level": "must be national, provincial, city, county or unknown",
    "unknown_site": "unknown site id {id!r}",
    "greenway_stops": "a greenway needs 1 to {n} stops",
    "greenway_stop_name": "stop {i} needs its name in the plan",
    "greenway_stop_site": "stop {i}: unknown site id {id!r}",
    "greenway_stop_twice": "stop {i}: {id} is already a stop of this greenway",
    "unknown_record": "unknown {entity} id {id!r}",
    "no_version": "{id} has versions 1 to {n}, not {v}",
    "log_gap": "{id}: the log has no record of version {v}",
    "not_at_version": "{id} did not exist at version {v}",
    "version_moved": "{id}: version moved during the write",
    "unknown_public_precision": "must be empty or one of {known}",
    "designation_ended": "#{i}: the end date must be YYYY or YYYY-MM-DD",
    "designation_end_reason": "#{i}: an ended designation needs a reason: {known}",
    "queue_source_required": "say where this point comes from",
    "queue_fact": "{fact} is not fixed in the queue",
    "import_feature": "a feature must be an object",
    "import_point": "geometry must be a Point with [lon, lat]",
    "import_properties": "properties must be an object",
    "import_extra_cells": "more cells than header columns",
    "import_fields": "unknown fields: {fields}",
    "import_crs": "crs {crs!r} is not one of {known}",
    "import_lat_lon": "give both lat and lon, or neither",
    "import_lat_lon_numbers": "lat/lon must be numbers",
    "import_designations": "designations must be a list of objects",
    "import_designation_cell": "designation {value!r} is not kind/level/batch/year",
    "import_repeat": "id {id} repeats line {line}",
    "import_twin": "{id} already has this name in this county; put its id in the id column to "
                   "update it",
    "import_read_only": "read-only columns ignored: {columns}",
    "import_no_rows": "{name}: no rows to import",
    "hours_closed_on": "closed_on may name only: {names}",
    "photo_field_required": "photo: {field} is required",
    "photo_text_long": "photo: {field} is longer than {n} characters",
    "photo_too_big": "photo: the file is larger than {mb} MB",
    "photo_not_image": "photo: the file is not an image we can read",
    "photo_too_big_stored": "photo: the image stays too large after compression",
    "photo_unknown_site": "photo: no site {id!r}",
    "photo_too_many": "photo: a site holds at most {n}",
}


#: The catalogue's entity words (the ``entity`` parameter of a coded problem, e.g.
#: ``unknown_record``) in Chinese; English templates use the word as the domain gives it.
ENTITY_ZH: dict[str, str] = {
    "site": "遗产地", "intangible": "非遗项目", "greenway": "绿道", "user": "用户",
    "catalog": "名录",
}


def localize(message: object, lang: str = "zh") -> str:
    """A catalogue message in ``lang`` from its code's template (``PROBLEMS_ZH``/``PROBLEMS_EN``);
    a message without a code, or whose parameters do not fit the template, as its English text."""
    code = getattr(message, "code", None)
    table = PROBLEMS_EN if lang == "en" else PROBLEMS_ZH
    if code not in table:
        return str(message)
    params = {k: localize(v, lang) if getattr(v, "code", None) else v
              for k, v in message.params.items()}
    if lang != "en" and "entity" in params:
        params["entity"] = ENTITY_ZH.get(params["entity"], params["entity"])
    try:
        return table[code].format(**params)
    except (KeyError, IndexError, ValueError):  # template and parameters out of step: say it anyway
        return str(message)


def tx(key: str, lang: str = "zh", **fmt: object) -> str:
    """The label ``key`` in ``lang`` (KeyError for an unknown key, so typos fail in tests)."""
    zh, en = TEXT[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text
