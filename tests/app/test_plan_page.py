"""AppTest of the planner page: a day-by-day plan, re-planning, and clear messages for bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.safetext import md
from tests.app.conftest import no_exception, open_page

DAYUN_2_DAYS = {"start": "2026-05-12", "days": "2", "lodging": "pingyao-gucheng", "gw": "dayun"}


def plan_with(at, **changes):
    """Set form widgets by key and press the plan button."""
    for key, value in changes.items():
        widget = at.get("number_input") + at.get("time_input") + at.get("multiselect")
        match = [w for w in widget if w.key == key]
        assert match, key
        match[0].set_value(value)
    at.button(key="plan_go").click().run()
    return at


def tab_labels(at) -> list[str]:
    return [tab.label for tab in at.tabs]


def test_form_produces_a_day_by_day_plan() -> None:
    at = open_page("plan")
    no_exception(at)
    at.multiselect(key="plan_gw").set_value(["dayun"])
    at.number_input(key="plan_days").set_value(3)
    at.button(key="plan_go").click().run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    days = [label for label in tab_labels(at) if label.startswith("第")]
    assert days == [f"第{n}天 {dt.date.today() + dt.timedelta(days=6 + n)}" for n in (1, 2, 3)]
    timelines = [table.value for table in at.table][:3]
    for table in timelines:
        what = list(table.iloc[:, 0])
        assert what[0].startswith("从") and what[-1].startswith("到达住宿")  # leave, …, arrive
        assert any("游览" in w for w in what)
    # the inputs are now in the URL, so the link reproduces the plan
    assert at.query_params["days"] == ["3"] or at.query_params["days"] == "3"
    assert len(at.get("download_button")) == 5
    # what is estimated or unknown is said, not hidden
    assert any("门票合计每人" in c.value and "估计值" in c.value for c in at.caption)


def test_a_link_with_plan_inputs_plans_on_opening() -> None:
    at = open_page("plan", DAYUN_2_DAYS)
    no_exception(at)
    assert [x for x in tab_labels(at) if x.startswith("第")] == ["第1天 2026-05-12",
                                                                "第2天 2026-05-13"]


def test_hand_edits_retime_without_solving_and_replan_keeps_them() -> None:
    """Move a visit from day 1 to day 2, add an own stop, remove one: each is re-timed at once
    (no solve), the link carries it, and re-planning keeps the moved visit and the own stop."""
    from ui.planview import SOLVES

    at = open_page("plan", DAYUN_2_DAYS)
    before = at.session_state["plan_result"].itinerary
    moved = before.days[0].visits[0].site_id
    at.selectbox(key="edit_stop").set_value(moved)
    at.selectbox(key="edit_day").set_value(2)
    at.number_input(key="edit_pos").set_value(1)
    solved = SOLVES["count"]
    at.button(key="edit_move").click().run()
    no_exception(at)
    after = at.session_state["plan_result"]
    assert after.itinerary.stats.get("retimed") == 1.0  # timed, not solved
    assert after.itinerary.days[1].visits[0].site_id == moved
    assert moved not in [v.site_id for v in after.itinerary.days[0].visits]
    assert "lay" in at.query_params
    at.text_input(key="edit_cs_name").set_value("晋菜馆 <b>")
    at.number_input(key="edit_cs_lat").set_value(37.205)
    at.number_input(key="edit_cs_lon").set_value(112.18)
    at.number_input(key="edit_cs_min").set_value(45)
    at.selectbox(key="edit_cs_day").set_value(1)
    at.button(key="edit_add").click().run()
    no_exception(at)
    day1 = at.session_state["plan_result"].itinerary.days[0]
    own = next(v for v in day1.visits if v.custom)
    assert own.name == "晋菜馆 <b>" and own.end - own.start == 45
    rows = list(at.table[0].value.iloc[:, 0])
    # st.table is Markdown: the typed "<b>" is shown escaped, as text (safetext.md)
    assert any(md("晋菜馆 <b>") in w and "自定义" in w for w in rows), rows
    assert SOLVES["count"] == solved + 2  # two re-timings, no engine run (stats above)

    at.button(key="plan_replan").click().run()
    no_exception(at)
    again = at.session_state["plan_result"]
    assert again.request.layout is None and "retimed" not in again.itinerary.stats
    day_of = {v.site_id: d.day for d in again.itinerary.days for v in d.visits}
    assert day_of[moved] == 2 and day_of[own.site_id] == 1


def test_zero_days_is_a_clear_message() -> None:
    at = open_page("plan")
    at.multiselect(key="plan_gw").set_value(["dayun"])
    at.number_input(key="plan_days").set_value(0)
    at.button(key="plan_go").click().run()
    no_exception(at)
    assert [e.value for e in at.error] == ["天数至少为 1 天。"]
    assert "plan_result" not in at.session_state


def test_end_before_start_is_a_clear_message() -> None:
    at = open_page("plan", lang="en")
    at.time_input(key="plan_to").set_value(dt.time(7, 0))
    at.button(key="plan_go").click().run()
    no_exception(at)
    assert [e.value for e in at.error] == [  # Markdown-escaped, as every message (safetext)
        md("The daily end (07:00) must be after the daily start (08:30).")
    ]


def test_unknown_site_in_a_link_is_a_clear_message() -> None:
    at = open_page("plan", {**DAYUN_2_DAYS, "must": "no-such-site"})
    no_exception(at)
    assert any(md("no-such-site") in e.value for e in at.error)
    assert "plan_result" not in at.session_state


@pytest.mark.parametrize("param", [{"buffer": "1e9"}, {"days": "100000"}, {"group": "-1"},
                                   {"max": "99"}, {"gw": "atlantis"}, {"from": "25:00"}])
def test_a_link_value_the_form_cannot_hold_is_a_message_not_a_traceback(param) -> None:
    at = open_page("plan", {**DAYUN_2_DAYS, **param})
    no_exception(at)
    (key, value), = param.items()
    assert [e.value for e in at.error] == [f"请求无效：{md(f'{key}={value!r}')}"]
    assert "plan_result" not in at.session_state  # nothing planned from a link it misread


def test_unknown_lodging_in_a_link_is_a_clear_message() -> None:
    at = open_page("plan", {**DAYUN_2_DAYS, "lodging": "atlantis"})
    no_exception(at)
    # the one lodging serves both nights: the message names it once, not once per night
    assert sum(e.value.count("atlantis") for e in at.error) == 1


def test_lunch_that_does_not_fit_is_a_clear_message() -> None:
    at = open_page("plan", lang="en")
    at.number_input(key="plan_lunch_min").set_value(180)
    at.button(key="plan_go").click().run()
    no_exception(at)
    assert any("Lunch of 180 min" in e.value for e in at.error)


def test_plan_this_greenway_in_n_days_from_the_greenways_page() -> None:
    at = open_page("greenways", {"greenway": "nanbu-shandi"})
    at.number_input(key="gw_days_nanbu-shandi").set_value(2)
    at.button(key="gw_plan_nanbu-shandi").click().run()
    no_exception(at)
    assert at.query_params["gw"] in ("nanbu-shandi", ["nanbu-shandi"])
    result = at.session_state["plan_result"]
    assert len(result.itinerary.days) == 2
    assert result.request.candidates.greenways == ("nanbu-shandi",)
    assert len([x for x in tab_labels(at) if x.startswith("第")]) == 2


# ------------------------------------------------------------------ reasons in the user's language

TOO_SHORT = {"start": "2026-05-12", "days": "1", "lodging": "pingyao-gucheng", "gw": "dayun",
             "from": "08:30", "to": "11:00", "lunch": "no", "must": "lingshi-wangjiadayuan"}


def test_reasons_follow_the_language_and_switching_does_not_solve_again() -> None:
    from ui.planview import SOLVES

    at = open_page("plan", TOO_SHORT)
    no_exception(at)
    assert len(at.table) == 1  # the dropped and the why tables wait for their expander
    at.session_state["plan_dropped_open"] = at.session_state["plan_why_open"] = True
    at.run()  # opened (on_change="rerun"): drawn, from the same cached plan
    no_exception(at)
    warning = " ".join(w.value for w in at.warning)
    assert "王家大院" in warning and "第 1 天" in warning and "最早" in warning, warning
    dropped = at.table[-2].value  # the last table is each site's value and why
    reasons = " ".join(dropped.iloc[:, 1])
    assert "价值" in reasons or "放不" in reasons or "闭馆" in reasons, reasons
    assert "fits on its own" not in reasons and "value" not in reasons
    solved = SOLVES["count"]

    at.selectbox(key="lang").set_value("en").run()  # the sidebar's language box
    no_exception(at)
    assert SOLVES["count"] == solved  # the same cached plan, shown in English
    warning = " ".join(w.value for w in at.warning)
    assert "Wangjia Dayuan" in warning and "Ping Yao" in warning and "Day 1" in warning and "earliest return" in warning, warning
    at.session_state["plan_dropped_open"] = at.session_state["plan_why_open"] = True
    at.run()  # (their labels changed language: opened again)
    assert SOLVES["count"] == solved
    reasons = " ".join(at.table[-2].value.iloc[:, 1])
    assert md("greenway ×1.2") in " ".join(at.table[-1].value.iloc[:, 1])  # st.table: escaped
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in reasons.replace("（", "")), reasons


def test_the_share_link_keeps_the_language_it_was_made_in() -> None:
    for lang, tail in (("zh", None), ("en", "lang=en")):
        at = open_page("plan", DAYUN_2_DAYS, lang=lang)
        no_exception(at)
        (link,) = [c.value for c in at.code if "days=2" in c.value]
        assert ("lang=" in link) == (tail is not None) and (tail is None or tail in link), link


def test_every_run_sends_the_browser_the_values_the_form_holds() -> None:
    """A run where no code set a widget's key used to send the widget without its value (the
    browser kept its own); a browser that had lost the folded form's state drew and sent the
    declared defaults: 0 days, group 0, no greenway. Each run now states the session's values,
    a hand edit included."""
    at = open_page("plan", {**DAYUN_2_DAYS, "group": "4"})
    at.run()  # a run after the link's: what opening the form does

    def sent(key: str, kind: str = "number_input") -> tuple[bool, object]:
        proto = at.get(kind)[[w.key for w in at.get(kind)].index(key)].proto
        return proto.set_value, list(proto.raw_values) if kind == "multiselect" else proto.value

    assert sent("plan_days") == (True, 2) and sent("plan_group") == (True, 4)
    assert sent("plan_gw", "multiselect") == (True, ["大运线晋商文化绿道"])
    at.number_input(key="plan_group").set_value(9).run()  # a hand edit, then another run
    at.run()
    assert sent("plan_group") == (True, 9) and at.number_input(key="plan_group").value == 9


def test_form_widgets_dropped_by_a_cut_short_run_come_back_from_the_last_plan() -> None:
    """Streamlit drops the state of widgets a run cut short by a click had not drawn yet; the
    next run must not draw them empty (0 days). The last plan's inputs fill them in again;
    what the user changed and what is still there is kept."""
    from ui.planform import prefill
    from ui.urlstate import PlanInputs

    state = {"plan_start": dt.date(2026, 5, 12), "plan_group": 7, "plan_custom": ()}

    class FakeStreamlit:
        session_state = state

    import ui.planform as planform
    real = planform.st
    planform.st = FakeStreamlit  # the function's writes, on a plain dict
    try:
        prefill(PlanInputs(days=2, group_size=30, custom=(), lodging=("pingyao-gucheng",)),
                {"pingyao-gucheng": "平遥古城"}, {"dayun"}, missing_only=True)
    finally:
        planform.st = real
    assert state["plan_days"] == 2 and state["plan_lodging_1"] == "pingyao-gucheng"
    assert state["plan_group"] == 7  # present: kept
    assert state["plan_start"] == dt.date(2026, 5, 12)
    assert state["plan_custom"] == ()  # not a widget: never written back
