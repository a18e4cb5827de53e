"""China's holiday calendar (chinese-calendar 1.11.0 data, State Council 放假安排)."""

from __future__ import annotations

import datetime as dt

from catalog.holidays import calendar_day, supported_years, trip_calendar


def test_national_day_is_a_holiday_with_its_chinese_name() -> None:
    day = calendar_day(dt.date(2026, 10, 1))
    assert day.known and day.holiday and day.name_zh == "国庆节"


def test_a_swapped_sunday_is_a_working_day() -> None:
    # Saturday 10 October 2026 is worked in exchange for the 国庆 week
    day = calendar_day(dt.date(2026, 10, 10))
    assert day.date.weekday() == 5 and day.adjusted_workday and not day.holiday
    assert day.name_zh == "国庆节"


def test_an_ordinary_weekend_and_weekday_are_not_special() -> None:
    assert not calendar_day(dt.date(2026, 11, 28)).special  # a Saturday
    assert not calendar_day(dt.date(2026, 11, 25)).special  # a Wednesday


def test_a_year_without_data_is_unknown_not_a_guess() -> None:
    first, last = supported_years()
    day = calendar_day(dt.date(last + 1, 10, 1))
    assert not day.known and not day.holiday


def test_trip_calendar_covers_each_day() -> None:
    cal = trip_calendar(dt.date(2026, 9, 30), 3)
    assert [d.holiday for d in cal] == [False, True, True]


def test_opening_hours_may_name_holidays() -> None:
    from catalog.models import OpeningHours

    hours = OpeningHours.from_dict({
        "seasons": [{"start": "01-01", "end": "12-31", "open": "09:00", "close": "17:00",
                     "closed_weekdays": [0]}],
        "closed_on": ["除夕"], "open_on_holidays": True})
    assert hours.window(dt.date(2026, 2, 16)) is None  # 除夕 2026
    assert hours.window(dt.date(2026, 10, 5)) is not None  # a Monday in the 国庆 week: open
    assert hours.window(dt.date(2026, 11, 23)) is None  # an ordinary Monday: closed
    assert OpeningHours.from_dict(hours.to_dict()) == hours


def test_an_unknown_day_name_is_refused_with_a_code() -> None:
    import pytest

    from catalog.models import OpeningHours
    from catalog.problems import Problem

    with pytest.raises(Problem) as err:
        OpeningHours.from_dict({"always_open": True, "closed_on": ["Christmas"]})
    assert err.value.code == "hours_closed_on"
