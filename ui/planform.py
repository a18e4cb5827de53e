"""The plan form: widgets <-> ``PlanInputs`` (session keys ``plan_*``), prefilled from the URL."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence

import streamlit as st

from catalog.models import THEMES
from routing.problem import MODES
from ui import state
from ui.calendar_view import holidays_note
from ui.i18n import t, theme_label
from ui.urlstate import LIMITS, PlanInputs, parse_point, parse_time, point_lodging

POINT = "__point__"


def _hhmm(value: dt.time | None, fallback: str) -> str:
    return value.strftime("%H:%M") if value else fallback


def _time(text: str, fallback: dt.time) -> dt.time:
    return parse_time(text) or fallback


def prefill(p: PlanInputs, known: Mapping[str, str], greenway_ids: Collection[str],
            missing_only: bool = False) -> list[str]:
    """Write ``p`` into the form's session keys; returns ids in it that are not in ``known``
    (greenways not in ``greenway_ids`` are left out: ``pages/plan.py`` reports them).

    ``missing_only``: write only the widget keys that are gone, never the hand edits, pins and
    day layout (code removes those on purpose): a defensive fill-in from the last plan's
    inputs. It was added for a browser test that clicked "plan" while the form was
    being redrawn and sent 0 days; the cause turned out to be the browser sending the widgets'
    defaults, not a server-side drop (Streamlit 1.67 keeps widget state when a run stops for a
    rerun), and ``restate`` mends that. Kept: harmless, and a dropped key would come back.
    """
    values: dict[str, object] = {}  # the values; written to the session at the end
    values["plan_start"] = p.start_date
    values["plan_days"] = p.days
    values["plan_from"] = _time(p.day_start, dt.time(8, 30))
    values["plan_to"] = _time(p.day_end, dt.time(18, 0))
    values["plan_lunch"] = p.lunch
    values["plan_lunch_from"] = _time(p.lunch_earliest, dt.time(11, 30))
    values["plan_lunch_to"] = _time(p.lunch_latest, dt.time(13, 30))
    values["plan_lunch_min"] = p.lunch_minutes
    values["plan_mode"] = p.mode if p.mode in MODES else "car"
    values["plan_group"] = max(1, p.group_size)
    values["plan_gw"] = [g for g in p.greenways if g in greenway_ids]
    values["plan_buffer"] = int(p.buffer_km or 0)
    values["plan_themes"] = [x for x in p.themes if x in THEMES]
    values["plan_must"] = [i for i in p.must if i in known]
    values["plan_excl"] = [i for i in p.excluded if i in known]
    values["plan_pinned"] = tuple(p.pinned)
    values["plan_custom"] = tuple(p.custom)  # hand edits (ui.planedit)
    values["plan_layout"] = p.layout
    values["plan_max"] = p.max_per_day
    values["plan_hx"] = p.holiday_extra
    unknown = [i for i in (*p.must, *p.excluded, *(s for s, _ in p.pinned)) if i not in known]
    for night in range(1, max(p.days, 1) + 1):
        value = p.lodging_for(night)
        point = parse_point(value)
        if point:
            values[f"plan_lodging_{night}"] = POINT
            values[f"plan_lat_{night}"], values[f"plan_lon_{night}"], values[f"plan_pt_{night}"] = point
        elif value in known:
            values[f"plan_lodging_{night}"] = value
        elif value and value not in unknown:  # one lodging for every night: named once
            unknown.append(value)
    target = st.session_state
    for key, value in values.items():
        if not missing_only or (key not in target and _is_widget(key)):
            target[key] = value
    return unknown


PROBLEMS_KEY = "plan_form_problems"

#: the form's widget keys (the per-night lodging widgets match ``_NIGHT_KEY``)
FORM_KEYS = ("plan_start", "plan_days", "plan_from", "plan_to", "plan_lunch", "plan_lunch_from",
             "plan_lunch_to", "plan_lunch_min", "plan_mode", "plan_group", "plan_max", "plan_hx",
             "plan_gw", "plan_buffer", "plan_themes", "plan_must", "plan_excl")
_NIGHT_KEY = re.compile(r"plan_(lodging|lat|lon|pt)_\d+")


def _is_widget(key: str) -> bool:
    return key in FORM_KEYS or _NIGHT_KEY.fullmatch(key) is not None


def restate() -> None:
    """Write every form widget's current value back to its key, before the form is drawn.

    Streamlit sends a widget's value to the browser only in a run where code set its key; in
    other runs the browser keeps the value it holds. A browser that has lost the folded form's
    widget states (seen under load: opening the form sent only the expander's state) mounts the
    widgets again from the current run with their declared defaults (0 days, group 0, no
    greenway), shows those and sends them with the next click. Stating the values in every run
    makes the browser draw what the session holds; a hand edit arrives with the run and is what
    is written back, so it is kept.
    """
    ss = st.session_state
    for key in list(ss.keys()):
        if _is_widget(key):
            ss[key] = ss[key]


def _number(where, label_key: str, limit: str, key: str, lang: str,  # noqa: ANN001 - a column
            problems: list[str], **kw: object) -> int:
    """A whole-number box that accepts what is typed; a value outside ``LIMITS[limit]`` (or an
    empty box) is recorded as a message, never silently replaced by the last good value (a
    bounded ``st.number_input`` keeps its old value when the browser refuses 99999)."""
    value = where.number_input(t(label_key, lang), step=kw.pop("step", 1), key=key, **kw)
    low, high = LIMITS[limit]
    if value is None:
        problems.append(t("err_empty_number", lang, field=t(label_key, lang)))
        return low
    if not low <= value <= high:
        problems.append(t("err_range", lang, field=t(label_key, lang), low=low, high=high,
                          value=f"{value:g}"))
        return min(max(int(value), low), high)
    return int(value)


def form_problems() -> list[str]:
    """The out-of-range messages of the form as last drawn (empty when everything fits)."""
    return list(st.session_state.get(PROBLEMS_KEY, []))


def plan_form(choices: Mapping[str, str], lodging_ids: Sequence[str],
              greenways: Mapping[str, str]) -> PlanInputs:
    """Draw the form and return what it holds; values out of range are listed by
    ``form_problems`` (the page shows them and plans nothing)."""
    lang = state.lang()
    ss = st.session_state
    restate()
    problems: list[str] = []
    c1, c2, c3, c4 = st.columns(4)
    start = c1.date_input(t("start_date", lang), key="plan_start")
    days = _number(c2, "days", "days", "plan_days", lang, problems)
    day_start = c3.time_input(t("day_start", lang), key="plan_from",
                              step=dt.timedelta(minutes=15))
    day_end = c4.time_input(t("day_end", lang), key="plan_to",
                            step=dt.timedelta(minutes=15))
    if isinstance(start, dt.date):
        holidays_note(start, days, lang)

    st.markdown(f"**{t('lodging', lang)}**")
    options = [*lodging_ids, POINT]
    lodging = []
    cols = st.columns(min(max(days, 1), 4))
    for night in range(1, max(days, 1) + 1):
        col = cols[(night - 1) % len(cols)]
        key = f"plan_lodging_{night}"
        if key not in ss:
            ss[key] = ss.get(f"plan_lodging_{night - 1}", "pingyao-gucheng")
        choice = col.selectbox(t("night", lang, n=night), options, key=key,
                               placeholder=t("choose_one", lang),
                               format_func=lambda v: t("lodging_point", lang) if v == POINT
                               else choices.get(v, v))
        if choice == POINT:
            for k, v in ((f"plan_lat_{night}", 37.2), (f"plan_lon_{night}", 112.18),
                         (f"plan_pt_{night}", "")):
                ss.setdefault(k, v)
            lat = col.number_input(t("lat", lang), format="%.5f", key=f"plan_lat_{night}")
            lon = col.number_input(t("lon", lang), format="%.5f",
                                   key=f"plan_lon_{night}")
            name = col.text_input(t("point_name", lang), key=f"plan_pt_{night}")
            lodging.append(point_lodging(lat, lon, name.replace("|", " ").strip()))
        else:
            lodging.append(choice)

    c1, c2, c3, c4 = st.columns(4)
    lunch = c1.checkbox(t("lunch", lang), key="plan_lunch")
    lunch_from = c2.time_input(t("lunch_earliest", lang), key="plan_lunch_from", disabled=not lunch)
    lunch_to = c3.time_input(t("lunch_latest", lang), key="plan_lunch_to", disabled=not lunch)
    lunch_problems: list[str] = []
    lunch_min = _number(c4, "lunch_minutes", "lunch_minutes", "plan_lunch_min", lang,
                        lunch_problems, step=5, disabled=not lunch)
    if lunch:
        problems += lunch_problems

    c1, c2, c3, c4 = st.columns(4)
    mode = c1.radio(t("mode", lang), MODES, horizontal=True, key="plan_mode",
                    format_func=lambda m: t(f"mode_{m}", lang))
    group = _number(c2, "group_size", "group", "plan_group", lang, problems)
    max_per_day = _number(c3, "max_per_day", "max", "plan_max", lang, problems)
    holiday_extra = _number(c4, "holiday_extra", "hx", "plan_hx", lang, problems, step=15,
                            help=t("holiday_extra_help", lang))

    st.markdown(f"**{t('candidates', lang)}**")
    c1, c2, c3 = st.columns(3)
    gws = c1.multiselect(t("f_greenways", lang), list(greenways), key="plan_gw",
                         format_func=lambda g: greenways.get(g, g),
                         placeholder=t("choose", lang), select_all=False)
    buffer = c2.slider(t("buffer_km", lang), *LIMITS["buffer"], key="plan_buffer",
                       disabled=not gws)
    themes = c3.multiselect(t("f_themes", lang), THEMES, key="plan_themes",
                            format_func=lambda x: theme_label(x, lang),
                            placeholder=t("choose", lang), select_all=False)
    c1, c2 = st.columns(2)
    must = c1.multiselect(t("must_visit", lang), list(choices), key="plan_must",
                          format_func=lambda i: choices.get(i, i),
                          placeholder=t("choose", lang), select_all=False)
    excl = c2.multiselect(t("excluded", lang), list(choices), key="plan_excl",
                          format_func=lambda i: choices.get(i, i),
                          placeholder=t("choose", lang), select_all=False)
    ss[PROBLEMS_KEY] = problems
    return PlanInputs(
        start_date=start if isinstance(start, dt.date) else dt.date.today(),
        days=days,
        day_start=_hhmm(day_start, "08:30"),
        day_end=_hhmm(day_end, "18:00"),
        lodging=tuple(lodging),
        lunch=bool(lunch),
        lunch_earliest=_hhmm(lunch_from, "11:30"),
        lunch_latest=_hhmm(lunch_to, "13:30"),
        lunch_minutes=int(lunch_min),
        mode=str(mode),
        group_size=int(group),
        greenways=tuple(gws),
        buffer_km=float(buffer) if gws and buffer else None,
        themes=tuple(themes),
        must=tuple(must),
        excluded=tuple(excl),
        pinned=tuple(ss.get("plan_pinned", ())),
        max_per_day=int(max_per_day),
        holiday_extra=int(holiday_extra),
        custom=tuple(ss.get("plan_custom", ())),
        layout=ss.get("plan_layout"),
    )
