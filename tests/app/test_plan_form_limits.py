"""Every out-of-range value in the plan form is a message and nothing is planned (a bounded
number box used to keep its previous value silently when the browser refused 99999)."""

from __future__ import annotations

import pytest

from tests.app.conftest import no_exception, open_page


@pytest.mark.parametrize("key, value, lang, words", [
    ("plan_group", 99999, "zh", ["人数", "1 到 200", "99999", "未生成行程"]),
    ("plan_group", 0, "en", ["Group size", "between 1 and 200", "nothing was planned"]),
    ("plan_days", 100000, "zh", ["天数", "0 到 30", "100000"]),
    ("plan_max", 21, "en", ["Max sites per day", "between 0 and 20"]),
    ("plan_hx", 241, "zh", ["节假日多留时间", "0 到 240", "241"]),
])
def test_out_of_range_is_a_message_and_nothing_is_planned(key, value, lang, words) -> None:
    at = open_page("plan", lang=lang)
    at.multiselect(key="plan_gw").set_value(["dayun"])
    at.number_input(key=key).set_value(value)
    at.button(key="plan_go").click().run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and all(w in errors[0] for w in words), errors
    assert "plan_result" not in at.session_state
    assert not [tab for tab in at.tabs if tab.label.startswith(("第", "Day"))]
    # the value the user typed is kept in the form, not replaced
    assert at.number_input(key=key).value == value


def test_the_holiday_extra_time_has_one_bound_for_form_url_and_request() -> None:
    """The form and the URL take their cap from the request's (``routing.problem_json``); a
    request over it is refused with a coded error the app says in Chinese and English."""
    from routing.problem import RequestError
    from routing.problem_json import MAX_HOLIDAY_EXTRA_MINUTES, request_from_json
    from ui.plan_text import say_error
    from ui.urlstate import LIMITS

    assert LIMITS["hx"] == (0, MAX_HOLIDAY_EXTRA_MINUTES)
    with pytest.raises(RequestError) as caught:
        request_from_json({"start_date": "2026-10-01", "days": 1, "day_start": "08:30",
                           "day_end": "18:00", "lodging": "pingyao-gucheng",
                           "holiday_extra_minutes": MAX_HOLIDAY_EXTRA_MINUTES + 1})
    assert say_error(caught.value, "zh") == "holiday_extra_minutes：至多为 240，收到 241。"
    assert say_error(caught.value, "en") == "holiday_extra_minutes: must be at most 240, got 241."
