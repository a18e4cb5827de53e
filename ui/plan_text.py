"""The planner's codes in the user's language: request errors, dropped-site reasons, must-visit
problems and what breaks in a hand-edited day.

The planning service raises and returns a stable ``code`` with ``params`` beside its English text
(README, planner section: codes). ``PLAN_CODES`` holds a Chinese and an English template per
code; ``say`` fills one in, naming sites in the user's language (``{name}`` comes from the
``site_id`` parameter). A test checks that every code the planner can produce has both templates
and that they use only parameters it supplies. A code without a template shows the English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.models import Site
from ui.display import site_name
from ui.i18n import weekday_names

#: code -> (zh, en). Parameters: see the raising code in routing/.
PLAN_CODES: dict[str, tuple[str, str]] = {
    # request errors (routing.problem_json, routing.service, routing.planner)
    "bad_time": ("{where}：时间应为 时:分（如 08:30），收到 {got}。",
                 "{where}: expected a time as HH:MM (e.g. 08:30), got {got}."),
    "expected_object": ("{where}：应为对象，收到 {got}。", "{where}: expected an object, got {got}."),
    "unknown_field": ("{where}：未知字段 “{field}”（可用：{allowed}）。",
                      "{where}: unknown field “{field}” (allowed: {allowed})."),
    "expected_int": ("{where}：应为整数，收到 {got}。", "{where}: expected a whole number, got {got}."),
    "too_small": ("{where}：至少为 {min}，收到 {got}。", "{where}: must be at least {min}, got {got}."),
    "too_large": ("{where}：至多为 {max}，收到 {got}。", "{where}: must be at most {max}, got {got}."),
    "date_out_of_range": ("{where}：{got} 不在可规划的日期范围（{first}–{last} 年）内。",
                          "{where}: {got} is outside the dates the planner serves ({first}–{last})."),
    "unknown_theme": ("兴趣主题 “{theme}” 不存在（可用：{allowed}）。",
                      "Unknown interest theme “{theme}” (themes: {allowed})."),
    "duplicate_field": ("字段 “{field}” 出现了两次。", "The field “{field}” is given twice."),
    "not_json_number": ("{got} 不是 JSON 允许的数字。", "{got} is not a number JSON allows."),
    "too_many_digits": ("数字 {got} 超过 {max} 位。", "The number {got} has more than {max} digits."),
    "too_deep": ("JSON 嵌套超过 {max} 层。", "The JSON is nested more than {max} levels deep."),
    "lone_surrogate": ("文本 {got} 含有无效的 Unicode 字符（孤立代理项）。",
                       "The text {got} holds an invalid Unicode character (a lone surrogate)."),
    "not_utf8": ("文件不是 UTF-8 编码（第 {byte} 字节）。", "The file is not UTF-8 (byte {byte})."),
    "malformed_json": ("JSON 格式有误（第 {line} 行第 {col} 列：{error}）。",
                       "Malformed JSON at line {line} column {col}: {error}."),
    "expected_number": ("{where}：应为数字，收到 {got}。", "{where}: expected a number, got {got}."),
    "expected_string": ("{where}：不能为空，收到 {got}。",
                        "{where}: expected a non-empty text, got {got}."),
    "expected_list": ("{where}：应为列表，收到 {got}。", "{where}: expected a list, got {got}."),
    "bad_date": ("{where}：日期应为 年-月-日（YYYY-MM-DD），收到 {got}。",
                 "{where}: expected a date as YYYY-MM-DD, got {got}."),
    "not_a_date": ("{where}：{got} 不是有效日期。", "{where}: {got} is not a calendar date."),
    "site_and_point": ("{where}：请给出遗产地编号或坐标点，不能同时给出。",
                       "{where}: give either a site id or a point, not both."),
    "point_incomplete": ("{where}：坐标点需要纬度、经度和名称（缺少 {field}）。",
                         "{where}: a point needs latitude, longitude and a name ({field} is missing)."),
    "point_out_of_range": ("{where}：坐标超出范围（{lat}，{lon}）。",
                           "{where}: coordinates out of range ({lat}, {lon})."),
    "missing_field": ("{where}：缺少必填字段 “{field}”。", "{where}: the field “{field}” is required."),
    "days_min": ("天数至少为 1 天。", "The trip needs at least 1 day."),
    "days_max": ("最多可规划 {max} 天。", "At most {max} days can be planned at once."),
    "end_before_start": ("每日返回时间（{end}）必须晚于出发时间（{start}）。",
                         "The daily end ({end}) must be after the daily start ({start})."),
    "lodging_count": ("住宿需每晚一处（{days} 晚）或全程一处，收到 {got} 处。",
                      "Lodging: give one place per night ({days}) or one for every night; got {got}."),
    "lunch_too_short": ("午餐 {minutes} 分钟放不进 {earliest}–{latest}。",
                        "Lunch of {minutes} min does not fit between {earliest} and {latest}."),
    "lunch_outside_day": ("午餐时段 {earliest}–{latest} 须在每日 {start}–{end} 之内。",
                          "The lunch window {earliest}–{latest} must lie inside the day {start}–{end}."),
    "bad_mode": ("出行方式应为 {allowed} 之一，收到 {got}。",
                 "The travel mode must be one of {allowed}, got {got}."),
    "pinned_after_last_day": ("{name} 被固定在第 {day} 天，但行程只有 {days} 天。",
                              "{name} is pinned to day {day}, but the trip has {days} days."),
    "interest_range": ("兴趣 “{theme}” 的权重须在 0–10 之间，收到 {got}。",
                       "The weight of interest “{theme}” must be 0–10, got {got}."),
    "excluded_and_must": ("{name} 同时被设为必去（或固定）和排除。",
                          "{name} is both must-see (or pinned) and excluded."),
    "buffer_negative": ("绿道缓冲距离不能为负。", "The greenway buffer cannot be negative."),
    "malformed_result": ("行程数据格式有误：{error}", "The itinerary data is malformed: {error}"),
    "custom_id": ("自定义站点编号 “{id}” 无效：须以 custom- 开头，且不与名录编号重复。",
                  "Custom stop id “{id}” is not valid: it starts with custom- and is no catalogue id."),
    "custom_duplicate": ("自定义站点 “{id}” 重复。", "Custom stop “{id}” is given twice."),
    "custom_too_long": ("自定义站点 “{id}” 的停留时间超过一天（{got} 分钟）。",
                        "Custom stop “{id}” lasts more than a day ({got} min)."),
    "layout_days": ("手动行程须每天一组站点（{days} 天）。",
                    "A hand-arranged itinerary needs one list of stops per day ({days})."),
    "layout_duplicate": ("{id} 在行程中出现了两次。", "{id} is placed twice in the itinerary."),
    "layout_unknown_stop": ("{id} 不能安排：它已被排除或不是候选点。",
                            "{id} cannot be placed: it is excluded or not a candidate."),
    "catalogue_unreadable": ("名录数据库无法读取：{error}", "The catalogue cannot be read: {error}"),
    "bad_candidates": ("候选条件无效：{error}", "The candidate filters are not valid: {error}"),
    "bad_sites_file": ("遗产地文件格式有误：{error}", "The sites file is malformed: {error}"),
    "unknown_site": ("名录中没有编号为 “{site_id}” 的遗产地。",
                     "Unknown site “{site_id}”: it is not in the catalogue."),
    "plan_invalid": ("规划结果未通过校验（{count} 处问题，首个：{first}）。",
                     "The plan failed validation ({count} problems; first: {first})."),
    "day_too_short": ("第 {day} 天：从 {origin} 到 {lodging} 的车程（{minutes} 分钟）和午餐放不进 {start}–{end}。",
                      "Day {day}: the drive from {origin} to {lodging} ({minutes} min) and lunch do"
                      " not fit between {start} and {end}."),
    # why a site is not planned / a must-visit cannot be (routing.planner, routing.explain)
    "excluded": ("{name} 已按要求排除。", "{name} was excluded by the request."),
    "lower_value": ("{name} 单独可以安排（价值 {value}），但可用时间里已选景点价值更高。",
                    "{name} fits on its own (value {value}), but the chosen sites were worth more"
                    " in the time available."),
    "no_value": ("按所给兴趣权重，{name} 没有价值。",
                 "{name} has no value under the interest weights given."),
    "closed_all_days": ("{name} 在行程的每一天都闭馆。", "{name} is closed on every day of the trip."),
    "closed_day": ("{name} 在第 {day} 天（{date}，{wd}）闭馆。",
                   "{name} is closed on day {day} ({date}, {wd})."),
    "opening_hours": ("{name} 需游览 {visit} 分钟，但第 {day} 天（{date}）只开放 {open}–{close}。",
                      "The visit of {name} takes {visit} min, but it is open only {open}–{close}"
                      " on day {day} ({date})."),
    "arrives_too_late": ("第 {day} 天 {leave} 从 {origin} 出发，{arrive} 才到 {name}，已过最晚入场 {latest}。",
                         "Leaving {origin} at {leave} on day {day}, the group reaches {name} at"
                         " {arrive}, after its last admission {latest}."),
    "returns_too_late": ("第 {day} 天：去 {name} 需 {out} 分钟、游览 {visit} 分钟、回 {lodging} 需 {back} 分钟，"
                         "最早 {return} 回到，晚于 {end}。",
                         "Day {day}: {name} needs {out} min to get there, {visit} min inside and"
                         " {back} min to {lodging}; the earliest return is {return}, after {end}."),
    "no_lunch": ("第 {day} 天 {name} 只能在 {start}–{end} 游览，{earliest}–{latest} 之间留不出 {minutes} 分钟午餐。",
                 "On day {day} {name} can only be visited {start}–{end}, which leaves no {minutes}"
                 " min for lunch between {earliest} and {latest}."),
    "max_sites_per_day": ("第 {day} 天固定了 {count} 处，超过每天最多 {max} 处。",
                          "Day {day} has {count} pinned sites, more than the maximum of {max} a day."),
    "conflict": ("{name} 单独可排在 {days}，但与那天其他必去/固定点放不到一起：请去掉或移动其中一处，或增加天数。",
                 "{name} fits {days} on its own, but not together with the other must-see and"
                 " pinned sites there: drop or move one of them, or add a day."),
    # what breaks in a hand-edited day (routing.retime)
    "closed": ("{name} 当天闭馆。", "{name} is closed that day."),
    "after_closing": ("{arrive} 才能开始游览 {name}，最晚开始 {latest}（{close} 闭馆）。",
                      "{name} cannot be visited from {arrive}: the last start is {latest}"
                      " (closes {close})."),
    "past_day_end": ("第 {day} 天 {end} 才结束，晚于 {limit}。", "Day {day} ends at {end}, after {limit}."),
    "lunch_lost": ("第 {day} 天在 {earliest}–{latest} 之间留不出 {minutes} 分钟午餐。",
                   "Day {day} leaves no {minutes} min for lunch between {earliest} and {latest}."),
}


#: The steps behind a site's value (``routing.value.value_parts``).
WHY: dict[str, tuple[str, str]] = {
    "designation": ("{kind}（{level}{grade}）{points:g} 分", "{kind} ({level}{grade}) {points:g} pts"),
    "undesignated": ("无认定 {points:g} 分", "no designation {points:g} pts"),
    "interest": ("兴趣 ×{factor:g}", "interest ×{factor:g}"),
    "greenway": ("绿道 ×{factor:g}", "greenway ×{factor:g}"),
    "recommendation": ("推荐 ×{factor:g}", "recommended ×{factor:g}"),
}


def why_text(parts: list[tuple[str, Mapping[str, Any]]], lang: str) -> str:
    """A site's value steps as one line: 文物保护单位（national）40 分 + … · 绿道 ×1.2 · 推荐 ×2."""
    from ui.i18n import kind_label, level_label

    shown = []
    for code, params in parts:
        values = dict(params)
        if "kind" in values:
            values["kind"] = kind_label(str(values["kind"]), lang)
            values["level"] = level_label(str(values["level"]), lang)
            values["grade"] = f" {values['grade']}" if values.get("grade") else ""
        shown.append(WHY[code][1 if lang == "en" else 0].format(**values))
    points = [s for (c, _), s in zip(parts, shown, strict=True) if c in ("designation", "undesignated")]
    factors = [s for (c, _), s in zip(parts, shown, strict=True) if c not in ("designation", "undesignated")]
    return " · ".join([" + ".join(points), *factors]) + " · ×10"


def _days_text(days: list[Mapping[str, Any]], sites: Mapping[str, Site], lang: str) -> str:
    parts = []
    for entry in days:
        names = [site_name(sites[i], lang) if i in sites else i for i in entry.get("site_ids", [])]
        label = f"第 {entry['day']} 天" if lang != "en" else f"day {entry['day']}"
        parts.append(label + (f"（{'、'.join(names)}）" if lang != "en" and names else
                              f" ({', '.join(names)})" if names else ""))
    return ("或" if lang != "en" else " or ").join(parts)


def say(code: str | None, params: Mapping[str, Any], english: str, lang: str,
        sites: Mapping[str, Site] | None = None) -> str:
    """The sentence for ``code`` in ``lang`` (``english`` when there is no template)."""
    if not code or code not in PLAN_CODES:
        return english
    sites = sites or {}
    values: dict[str, Any] = dict(params)
    site_id = params.get("site_id")
    if site_id is not None:
        site = sites.get(site_id)
        values["name"] = site_name(site, lang) if site is not None else site_id
    for key in ("origin", "lodging"):  # places named in the request: a site's name in ``lang``
        place = sites.get(params.get(f"{key}_id") or "")
        if place is not None:
            values[key] = site_name(place, lang)
    if "weekday" in params:
        values["wd"] = weekday_names(lang)[int(params["weekday"])]
    if isinstance(params.get("days"), list):
        values["days"] = _days_text(params["days"], sites, lang)
    template = PLAN_CODES[code][1 if lang == "en" else 0]
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return english


def say_error(exc: Exception, lang: str, sites: Mapping[str, Site] | None = None) -> str:
    """A coded ``RequestError`` (or any error) as one sentence in ``lang``."""
    return say(getattr(exc, "code", None), getattr(exc, "params", {}) or {}, str(exc), lang,
               sites)
