"""Entry point and router (`streamlit run app.py`): the page list comes from the user's role.

Pages live in `app_pages/`, not `pages/`: with a `pages/` folder, Streamlit 1.67 runs a deep link
(e.g. `/map` as a fresh server's first request) as a v1 multipage app, executing the page file
without this router (no page config, no language switch, no role check).
"""

import streamlit as st

from ui import session, state
from ui.i18n import LANGS, t

VISITOR_PAGES = (  # (file, title key, icon, url path)
    ("app_pages/home.py", "page_home", ":material/home:", "home"),
    ("app_pages/map.py", "page_map", ":material/map:", "map"),
    ("app_pages/catalogue.py", "page_catalogue", ":material/table:", "catalogue"),
    ("app_pages/site.py", "page_site", ":material/account_balance:", "site"),
    ("app_pages/greenways.py", "page_greenways", ":material/route:", "greenways"),
    ("app_pages/plan.py", "page_plan", ":material/event_note:", "plan"),
)
ROLE_PAGES = session.role_pages(VISITOR_PAGES)  # + login; planner, officer, admin pages


def pages_for(role: str, lang: str) -> list:
    """The pages a user with ``role`` may open; unknown roles get the visitor's pages."""
    specs = ROLE_PAGES.get(role, VISITOR_PAGES)
    return [
        st.Page(path, title=t(key, lang), icon=icon, url_path=url, default=i == 0)
        for i, (path, key, icon, url) in enumerate(specs)
    ]


st.set_page_config(page_title=t("app_title"), layout="wide", page_icon=":material/temple_buddhist:")
if "lang" not in st.session_state and st.query_params.get("lang") in LANGS:
    st.session_state["lang"] = st.query_params["lang"]
st.sidebar.selectbox(
    t("language"), LANGS, key="lang", format_func=lambda v: {"zh": "中文", "en": "English"}[v]
)
st.navigation(pages_for(session.current_actor().role, state.lang())).run()
