"""Plan an itinerary: the form, a tab per day with its timeline, the route map, dropped sites,
pin/remove and re-plan, exports; the inputs live in the URL so a link reproduces the plan."""

import streamlit as st

from catalog.safetext import md
from routing.service import start_warm_up
from ui import state
from ui.guard import guard_page
from ui.i18n import t
from ui.planform import form_problems, plan_form, prefill
from ui.planning import PlanInputError
from ui.planview import lodging_choices, render_plan, solve
from ui.urlstate import (
    PARAM_KEYS,
    PlanInputs,
    from_params,
    has_plan_params,
    to_params,
    with_lang,
)

guard_page(__file__)
start_warm_up()  # a deep link to this page runs without app.py (ui/guard.py)
lang = state.lang()
cat = state.catalog()
choices = state.site_choices()
greenways = {g.id: (g.name_en if lang == "en" else g.name_zh)
             for g, _ in state.greenway_routes(cat, state.db_key())}
ss = st.session_state
st.title(t("page_plan", lang))
# Messages go into containers made here, so the map below keeps its place on the page (and its
# iframe) however many there are (ui.planview.render_plan).
notices = st.container()

# The URL is the source of the inputs when it changes (a shared link); otherwise the session is.
params = {k: st.query_params[k] for k in PARAM_KEYS if k in st.query_params}
signature = repr(sorted(params.items()))
url_unknown: list[str] = []
if params and ss.get("plan_url_seen") != signature:
    ss["plan_url_seen"] = signature
    inputs, errors = from_params(params)
    if unknown_gw := [g for g in inputs.greenways if g not in greenways]:
        errors.append(f"gw={','.join(unknown_gw)!r}")
    url_unknown = prefill(inputs, choices, greenways)
    for bad in errors:
        notices.error(t("err_request", lang, msg=md(bad)))
    ss["plan_auto"] = ss["plan_fold"] = has_plan_params(params) and not url_unknown and not errors
    ss.pop("plan_result", None)
elif "plan_start" not in ss:  # first visit, or widgets cleaned up after visiting another page
    prefill(ss.get("plan_inputs", PlanInputs()), choices, greenways)
else:  # a form widget key gone from the session comes back (ui.planform.prefill)
    prefill(ss.get("plan_inputs", PlanInputs()), choices, greenways, missing_only=True)
for site_id in url_unknown:
    notices.error(t("err_unknown_site", lang, id=md(site_id)))


def _fold_form() -> None:
    """On "plan": fold the form away, unless it has a value it cannot take (then it stays open
    with the message under it), so the itinerary is what one sees after the click."""
    if not form_problems():
        ss["plan_form_open"] = False


# The form's open state is tracked (key + on_change), so it can be folded from here: opening it
# again is one rerun of the page (the plan is cached).
if ss.pop("plan_fold", False):  # a plan from a link: the itinerary first as well
    ss["plan_form_open"] = False
ss.setdefault("plan_form_open", "plan_result" not in ss)
with st.expander(t("plan_form", lang), icon=":material/tune:", key="plan_form_open",
                 on_change="rerun"):
    inputs = plan_form(choices, lodging_choices(cat, choices), greenways)
    clicked = st.button(t("plan_button", lang), type="primary", key="plan_go",
                        disabled=bool(url_unknown), on_click=_fold_form)

head = st.container()
auto = ss.pop("plan_auto", False)
if (clicked or auto) and (problems := form_problems()):
    ss.pop("plan_result", None)  # nothing is planned with a value the form cannot take
    for problem in problems:
        head.error(problem, icon=":material/error:")
elif clicked or auto:
    try:
        with head:  # its spinner too: the map below must keep its place
            ss["plan_result"] = solve(inputs, lang)
        ss["plan_inputs"] = inputs
        wanted = to_params(inputs)
        ss["plan_url_seen"] = repr(sorted(wanted.items()))
        st.query_params.from_dict(with_lang(wanted, lang))
    except PlanInputError as exc:
        ss.pop("plan_result", None)
        head.error(md(exc), icon=":material/error:")

render_plan(ss.get("plan_result"), inputs, lang, head)
