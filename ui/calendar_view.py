"""China's holiday calendar on the plan page: the trip's holidays and 调休 working days under the
date picker, marks in the day headers, and a crowd warning for A级景区 on holidays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from catalog.holidays import (
    HOLIDAY_ZH,
    CalendarDay,
    calendar_day,
    supported_years,
    trip_calendar,
)
from catalog.models import Site
from routing.problem import Itinerary
from ui.display import site_name
from ui.i18n import t


def day_name_label(name: str, lang: str) -> str:
    """A day an opening-hours rule names (除夕, 节假日, 国庆节 …) in ``lang``."""
    if lang != "en":
        return name
    english = {"除夕": "Chinese New Year's Eve", "节假日": "public holidays",
               **{zh: en for en, zh in HOLIDAY_ZH.items()}}
    return english.get(name, name)


def day_mark(day: CalendarDay, lang: str) -> str:
    """``国庆节`` / ``National Day`` for a holiday, ``调休上班`` / ``working day (swapped)`` for a
    weekend day worked, else empty."""
    if day.holiday:
        return (day.name_en if lang == "en" else day.name_zh) or ""
    if day.adjusted_workday:
        return t("cal_workday", lang)
    return ""


def day_header(n: int, date: dt.date, lang: str) -> str:
    """A plan day's tab title: ``第1天 2026-10-01 · 国庆节``."""
    mark = day_mark(calendar_day(date), lang)
    title = t("day_tab", lang, n=n, date=date.isoformat())
    return f"{title} · {mark}" if mark else title


def holidays_note(start: dt.date, days: int, lang: str) -> None:
    """Under the date picker: which trip days are holidays or 调休 working days (or that the
    calendar has no data for the year)."""
    cal = trip_calendar(start, days)
    unknown = [d for d in cal if not d.known]
    special = [d for d in cal if d.special]
    if special:
        parts = [f"{d.date.strftime('%m-%d')} {day_mark(d, lang)}" for d in special]
        st.caption(":material/event: " + t("cal_trip_days", lang, days="; ".join(parts)))
    if unknown:
        first, last = supported_years()
        st.caption(t("cal_unknown", lang, year=unknown[0].date.year, first=first, last=last))


def crowd_warning(itinerary: Itinerary, sites: Mapping[str, Site], lang: str,
                  extra: int) -> None:
    """Warn when a planned A级景区 visit falls on a public holiday."""
    crowded = []
    for day in itinerary.days:
        cal = calendar_day(day.date)
        if not cal.holiday:
            continue
        for v in day.visits:
            site = sites.get(v.site_id)
            if site and site.a_level:
                when = f"{day.date.strftime('%m-%d')} {day_mark(cal, lang)}"
                crowded.append(f"{site_name(site, lang)} ({when})" if lang == "en"
                               else f"{site_name(site, lang)}（{when}）")
    if crowded:
        note = (t("cal_crowd_extra", lang, m=extra) if extra else t("cal_crowd_hint", lang))
        st.warning(t("cal_crowds", lang, sites=", ".join(crowded) if lang == "en"
                     else "、".join(crowded)) + " " + note, icon=":material/groups:")
