"""Saved plans on screen: save the current plan (a new version under a used name), list plans with
their versions in Beijing time, reopen a version in the planner, export it again, rename, copy,
delete. The domain rules live in ``catalog.itineraries``; this module maps and renders."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st

from catalog import itineraries
from catalog.itineraries import ItineraryError, SavedItinerary, SavedPlan, local_time
from catalog.permissions import Actor, PermissionDenied
from catalog.safetext import md
from routing.exports import build_sheet
from routing.problem import RequestError
from routing.service import (
    PlanResult,
    custom_site,
    itinerary_from_json,
    itinerary_to_json,
    parse_request,
    request_to_json,
)
from ui import session, state
from ui.display import site_name
from ui.edit_text import tx
from ui.exportview import export_buttons
from ui.urlstate import from_params, to_params, with_lang

TEXT: dict[str, tuple[str, str]] = {
    "saved_v": ("已保存：“{name}” 版本 {v}", "Saved: “{name}” version {v}"),
    "same_name_note": ("用已有名称保存会成为该行程的新版本，旧版本仍可打开。",
                       "Saving under a name you used before makes a new version; the earlier "
                       "ones stay."),
    "plan_title": ("{name} · {owner} · 版本 {v} · {at}（北京时间）",
                   "{name} · {owner} · version {v} · {at} (Beijing time)"),
    "version": ("版本", "Version"),
    "version_opt": ("版本 {v} · {at}", "version {v} · {at}"),
    "open": ("在行程规划中打开", "Open in the planner"),
    "rename": ("改名", "Rename"),
    "new_name": ("新名称", "New name"),
    "copy": ("复制为新行程", "Copy as a new plan"),
    "copy_name": ("副本名称", "Name of the copy"),
    "copy_suffix": ("{name}（副本）", "{name} (copy)"),
    "delete": ("删除此行程（全部版本）", "Delete this plan (all versions)"),
    "delete_confirm": ("确认删除", "Yes, delete it"),
    "deleted": ("已删除 {n} 个版本", "Deleted {n} version(s)"),
    "renamed": ("已改名", "Renamed"),
    "copied": ("已复制为“{name}”", "Copied as “{name}”"),
    "day_col": ("日期", "Date"),
    "sites_col": ("游览", "Visits"),
    "old_plan": ("这个版本保存时还没有记录规划条件，无法在规划页打开。",
                 "This version was saved before plans kept their inputs; it cannot be reopened."),
    # ItineraryError codes
    "err_bad_name": ("行程名称需要 1 到 {max} 个字符", "A plan needs a name of 1 to {max} characters"),
    "err_too_large": ("行程太大，无法保存", "The itinerary is too large to save"),
    "err_not_current": ("{id} 已不是名录中的现有遗产地", "{id} is not a current catalogue site"),
    "err_unknown": ("找不到这个已存行程", "No such saved itinerary"),
    "err_not_yours": ("只有行程的创建者可以改名或删除", "Only the plan's owner may rename or delete it"),
    "err_name_taken": ("你已有名为“{name}”的行程", "You already have a plan named “{name}”"),
    "err_denied": ("请以规划员身份登录", "Please log in as a planner"),
}


def sx(key: str, lang: str, **params: object) -> str:
    """A label of this module in ``lang``."""
    return TEXT[key][1 if lang == "en" else 0].format(**params)


def problem(exc: Exception, lang: str) -> str:
    """A refused save, rename, copy or delete in the user's language."""
    if isinstance(exc, PermissionDenied):
        return sx("err_denied", lang)
    code = getattr(exc, "code", None)
    if isinstance(exc, ItineraryError) and f"err_{code}" in TEXT:
        return sx(f"err_{code}", lang, **{k: md(v) for k, v in exc.params.items()})
    return md(exc)


def body_of(result: PlanResult) -> dict:
    """What a save stores: the form's inputs (the share link's parameters), the request (with
    the hand edits: layout, own stops, pins) and the itinerary exactly as shown (a saved plan is
    never re-solved to show it)."""
    inputs = st.session_state.get("plan_inputs")
    return {"inputs": to_params(inputs) if inputs is not None else None,
            "request": request_to_json(result.request),
            "itinerary": itinerary_to_json(result.itinerary)}


def save_current(actor: Actor, result: PlanResult, name: str, shared: bool, lang: str) -> None:
    """Save the session's plan; a name used before becomes the plan's next version."""
    site_ids = [v.site_id for day in result.itinerary.days for v in day.visits if not v.custom]
    try:
        with session.write_conn() as conn:
            saved_id = itineraries.save(conn, actor, name, site_ids, body_of(result),
                                        shared=shared)
            saved = itineraries.get(conn, actor, saved_id)
    except (ItineraryError, PermissionDenied, ValueError) as exc:
        st.error(problem(exc, lang))
        return
    st.success(sx("saved_v", lang, name=md(saved.name), v=saved.version))


def _result(item: SavedItinerary) -> PlanResult | None:
    """The saved version as the plan page's result, with today's catalogue sites."""
    body = item.body if isinstance(item.body, dict) else {}
    try:
        request = parse_request(body["request"])
        itinerary = itinerary_from_json(body["itinerary"])
    except (KeyError, RequestError):
        return None
    ids = {v.site_id for d in itinerary.days for v in d.visits} | {
        u.site_id for u in itinerary.unplanned} | {
        p.site_id for d in itinerary.days for p in (d.origin, d.lodging) if p.site_id}
    customs = {c.id: custom_site(c) for c in request.custom_stops}
    sites = {s.id: s for s in state.catalog().get_many(sorted(ids - set(customs)))}
    return PlanResult(request, itinerary, {**sites, **customs})


def reopen(item: SavedItinerary) -> bool:
    """Put the saved version into the planner (inputs, pins and the itinerary itself) and go
    there; False when the version is too old to carry its inputs."""
    body = item.body if isinstance(item.body, dict) else {}
    result = _result(item)
    if result is None or not isinstance(body.get("inputs"), dict):
        return False
    inputs, _ = from_params(body["inputs"])
    ss = st.session_state
    ss["plan_result"] = result
    ss["plan_inputs"] = inputs
    ss.pop("plan_start", None)  # the plan page refills its form from plan_inputs
    params = to_params(inputs)
    ss["plan_url_seen"] = repr(sorted(params.items()))  # the link is this plan: do not re-solve
    lang = state.lang()
    st.switch_page("pages/plan.py", query_params=with_lang(params, lang))
    return True


def _days_table(item: SavedItinerary, lang: str, names: Mapping[str, str]) -> None:
    """The saved days, each visit under its current catalogue name in ``lang`` (``names``; the
    plan stored the Chinese name it had then; an own stop or a site gone keeps it)."""
    days = (item.body or {}).get("itinerary", {}).get("days", []) if isinstance(
        item.body, dict) else []

    def name(v: dict) -> str:
        return names.get(v.get("site_id")) or v.get("name") or v.get("site_id", "")

    st.table({sx("day_col", lang): [md(d.get("date", "")) for d in days],
              sx("sites_col", lang): [md(" → ".join(name(v) for v in d.get("visits", [])))
                                      for d in days]})


def _names(item: SavedItinerary, result: PlanResult | None, ids: set[str],
           lang: str) -> dict[str, str]:
    """Today's catalogue names in ``lang`` of the version's sites and of ``ids``, read once:
    from the reopened result where there is one, the rest in one query."""
    sites = {i: s for i, s in (result.sites.items() if result else ()) if s.kind != "custom"}
    body = item.body if isinstance(item.body, dict) else {}
    ids = ids | {v.get("site_id") for d in body.get("itinerary", {}).get("days", [])
                 for v in d.get("visits", []) if v.get("site_id")}
    sites.update((s.id, s) for s in state.catalog().get_many(sorted(ids - set(sites))))
    return {i: site_name(s, lang) for i, s in sites.items()}


def show_plan(plan: SavedPlan, actor: Actor, lang: str, notices: dict[int, list]) -> None:
    """One plan: its versions, the chosen version's notices, days and actions."""
    key = f"{plan.owner}:{plan.name}"
    by_version = {v.version: v for v in plan.versions}
    chosen = st.selectbox(
        sx("version", lang), list(by_version), key=f"ver_{key}",
        format_func=lambda v: sx("version_opt", lang, v=v, at=local_time(by_version[v].created_at)))
    item = by_version[chosen]
    result = _result(item)
    names = _names(item, result, {n.site_id for n in notices.get(item.id, [])}, lang)
    for n in notices.get(item.id, []):
        which = {"changed": "changed_notice", "retired": "retired_notice"}.get(
            n.status, "missing_notice")
        at = local_time(n.changed_at) if n.changed_at else ""
        shown = names.get(n.site_id, n.name_zh)  # a site gone from the catalogue: its old name
        st.warning(md(tx(which, lang, name=shown, by=n.changed_by, at=at)))
    if not notices.get(item.id):
        st.success(tx("plan_ok", lang))
    _days_table(item, lang, names)
    if st.button(sx("open", lang), key=f"open_{item.id}", type="primary") and not reopen(item):
        st.warning(sx("old_plan", lang))
    if result is not None:
        stem = f"{plan.name}-v{item.version}"
        inputs = (item.body or {}).get("inputs")
        link = None
        if isinstance(inputs, dict):
            base = (st.context.url or "").split("?", 1)[0].rsplit("/", 1)[0]
            link = f"{base}/plan?{urlencode(inputs)}"
        sheet = build_sheet(result.itinerary, result.sites, lang, result.request.group_size, link)
        export_buttons(sheet, stem, lang, key=f"{item.id}")
    _actions(plan, item, actor, lang, key)


def _actions(plan: SavedPlan, item: SavedItinerary, actor: Actor, lang: str, key: str) -> None:
    c1, c2, c3 = st.columns(3)
    with c1.form(f"copy_{key}", border=False):
        name = st.text_input(sx("copy_name", lang), value=sx("copy_suffix", lang, name=plan.name),
                             max_chars=itineraries.MAX_NAME)
        if st.form_submit_button(sx("copy", lang)):
            _do(lambda c: itineraries.copy(c, actor, item.id, name), lang,
                sx("copied", lang, name=md(name.strip())))
    if plan.owner != actor.name:
        return
    with c2.form(f"rename_{key}", border=False):
        name = st.text_input(sx("new_name", lang), value=plan.name, max_chars=itineraries.MAX_NAME)
        if st.form_submit_button(sx("rename", lang)):
            _do(lambda c: itineraries.rename(c, actor, plan.name, name), lang, sx("renamed", lang))
    with c3.form(f"delete_{key}", border=False):
        sure = st.checkbox(sx("delete_confirm", lang))
        if st.form_submit_button(sx("delete", lang)) and sure:
            _do(lambda c: itineraries.delete(c, actor, plan.name), lang, None)


def _do(action, lang: str, message: str | None) -> None:  # noqa: ANN001 - a write callable
    try:
        with session.write_conn() as conn:
            done = action(conn)
    except (ItineraryError, PermissionDenied) as exc:
        st.error(problem(exc, lang))
        return
    st.session_state["saved_flash"] = message or sx("deleted", lang, n=done)
    st.rerun()
