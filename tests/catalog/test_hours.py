"""Opening hours as officers write them: one line, season rows, readable changes, confirmation."""

from __future__ import annotations

import pytest

from catalog import editing, hours
from catalog.history import site_history
from catalog.problems import Problem
from tests.catalog.edit_support import actor
from ui.hourstext import describe_hours_change, hours_from_editor

LINE = "04-01..10-31 08:00-18:00 last 17:30 closed Mon; 11-01..03-31 08:30-17:00"


def test_one_line_reads_back_what_it_writes() -> None:
    parsed = hours.parse_line(LINE)
    assert parsed["seasons"][0] == {"start": "04-01", "end": "10-31", "open": "08:00",
                                    "close": "18:00", "last_entry": "17:30",
                                    "closed_weekdays": [0]}
    assert hours.format_line(parsed) == LINE
    assert hours.parse_line("04-01..10-31 8:00-18:00 闭馆 周一、周日")["seasons"][0][
        "closed_weekdays"] == [0, 6]
    assert hours.parse_line("always")["always_open"] is True


@pytest.mark.parametrize("bad", ["08:00-18:00", "04-01..10-31 18:00-08:00",
                                 "04-01..10-31 08:00-18:00 closed Funday", "13-01..10-31 08:00-18:00"])
def test_bad_lines_are_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(ValueError):
        hours.parse_line(bad)


def test_changes_are_field_level_and_readable() -> None:
    before = hours.parse_line(LINE)
    after = hours.parse_line(LINE.replace("08:00-18:00", "08:30-18:00"))
    assert describe_hours_change(before, after, "zh") == ["4–10月 开放 08:00 → 08:30"]
    assert describe_hours_change(before, after, "en") == ["Apr–Oct open 08:00 → 08:30"]
    added = hours.parse_line(LINE + "; 12-24..12-26 10:00-12:00")
    assert describe_hours_change(before, added, "en") == [
        "12-24–12-26 season — → 12-24..12-26 10:00-12:00"]


def test_form_rows_become_confirmed_hours_with_a_source() -> None:
    rows = [{"start": "04-01", "end": "10-31", "open": "08:30", "close": "18:00",
             "last_entry": "", "closed": ["Mon"]},
            {"start": None, "end": None, "open": None, "close": None, "last_entry": None,
             "closed": None}]
    typed = hours_from_editor(rows, always_open=False)
    assert typed["seasons"] == [{"start": "04-01", "end": "10-31", "open": "08:30",
                                 "close": "18:00", "closed_weekdays": [0]}]
    with pytest.raises(Problem) as caught:
        hours.confirmed(typed, "  ")
    assert caught.value.code == "hours_source_required"
    real = hours.confirmed(typed, "景区公告 2026-11")
    assert real["estimated"] is False and real["source"] == "景区公告 2026-11"


def test_saving_typed_hours_clears_estimated_and_logs_the_change(conn) -> None:
    site = "pingyao-shuanglinsi"
    before = editing.site_state(conn, site)
    assert before["hours"]["estimated"] is True
    typed = hours.confirmed(hours.parse_line("01-01..12-31 08:30-18:00"), "电话核实")
    editing.update_site(conn, actor("olga"), site, before["version"], {"hours": typed})
    row = conn.execute("SELECT hours_estimated FROM sites WHERE id = ?", [site]).fetchone()
    assert row[0] == 0
    (change,) = site_history(conn, actor("olga"), site)
    lines = describe_hours_change(*change.diff["hours"], "zh")
    assert "估计值 是 → 否" in lines and "来源 default → 电话核实" in lines
