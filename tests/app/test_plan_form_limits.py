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
