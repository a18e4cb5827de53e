"""China's public holidays and 调休 working days, from the ``chinese-calendar`` package.

The State Council publishes each year's holidays (放假安排) in November or December; the package
carries them from 2004 through the last year published when it was released (1.11.0: 2026). A
date outside that range is ``known=False``: the app says the calendar has no data rather than
guessing that a weekday is a working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from lunardate import LunarDate

#: The package's holiday names (English) -> the names people in China use.
HOLIDAY_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class CalendarDay:
    """One date in China's calendar.

    ``holiday``: a statutory day off (法定节假日 and the days joined to it), ``name`` its festival;
    ``adjusted_workday``: a Saturday or Sunday worked in exchange (调休上班), ``name`` the
    festival it pays for; ``known``: False when the package has no data for the year.
    """

    date: dt.date
    known: bool
    holiday: bool = False
    adjusted_workday: bool = False
    name_en: str | None = None

    @property
    def name_zh(self) -> str | None:
        return HOLIDAY_ZH.get(self.name_en, self.name_en) if self.name_en else None

    @property
    def special(self) -> bool:
        """A day off for a festival or a weekend day worked: worth showing on the calendar."""
        return self.holiday or self.adjusted_workday


def calendar_day(date: dt.date) -> CalendarDay:
    """What ``date`` is in China's calendar (weekends are not ``holiday`` by themselves)."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(date)
    except NotImplementedError:  # a year the package has no data for
        return CalendarDay(date, known=False)
    weekend = date.weekday() >= 5
    if on_holiday and name is not None:
        return CalendarDay(date, True, holiday=True, name_en=str(name))
    if not on_holiday and weekend:  # a weekend day that is a working day: 调休
        return CalendarDay(date, True, adjusted_workday=True, name_en=name and str(name))
    return CalendarDay(date, True)


#: Names an opening-hours rule may use (``OpeningHours.closed_on``): 除夕 (lunar new year's
#: eve), 节假日 (any statutory day off), or a festival's days off by its Chinese name.
DAY_NAMES = ("除夕", "节假日", *HOLIDAY_ZH.values())


def new_years_eve(year: int) -> dt.date:
    """除夕 of the lunar year starting in ``year``: the day before lunar 1/1 (``lunardate``)."""
    return LunarDate(year, 1, 1).to_solar_date() - dt.timedelta(days=1)


def is_named_day(date: dt.date, name: str) -> bool:
    """True when ``date`` is ``name`` (one of ``DAY_NAMES``); False where the calendar has no
    data for the year (festival days off are published a year at a time)."""
    if name == "除夕":
        return date == new_years_eve(date.year) or date == new_years_eve(date.year + 1)
    day = calendar_day(date)
    if name == "节假日":
        return day.holiday
    return day.holiday and day.name_zh == name


def trip_calendar(start: dt.date, days: int) -> list[CalendarDay]:
    """``calendar_day`` for each day of a trip of ``days`` days from ``start``."""
    return [calendar_day(start + dt.timedelta(days=i)) for i in range(max(days, 0))]


def supported_years() -> tuple[int, int]:
    """The first and last year the installed package knows."""
    years = sorted({d.year for d in chinese_calendar.holidays})
    return years[0], years[-1]
