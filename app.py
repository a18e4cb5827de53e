"""Entry point and router (`streamlit run app.py`): every page is registered; the menu lists the
user's role's pages (ui.guard.menu) and each page's guard refuses the others, saying why.

Pages live in `pages/` (the product card's layout). With a `pages/` folder, Streamlit 1.67 runs a
fresh server's first deep link (e.g. `/edit`) as a v1 multipage app, executing the page file
without this router, so every page file starts with `ui.guard.guard_page(__file__)`, which checks
the session's role itself (PITFALLS b).
"""

import streamlit as st

if __name__ != "__main__":
    # `streamlit run app.py` finds this ASGI app (Streamlit 1.67's st.App, run by uvicorn) and
    # serves the script through it, with the login cookie's two HTTP routes beside Streamlit's
    # own (ui/cookie_routes.py). The script itself runs as __main__, below.
    from streamlit.starlette import App

    from ui.cookie_routes import ROUTES

    app = App(__file__, routes=ROUTES)
else:
    from catalog.repository import CatalogError
    from routing.service import start_warm_up
    from ui import guard, session, state
    from ui.i18n import t


def all_pages(lang: str) -> list:
    """Every page, registered for everyone: a bookmarked officer page opened while logged out
    reaches its own guard, which says to log in, instead of Streamlit's English "Page not found".
    The menu still lists only the role's pages, and each page checks the role itself."""
    specs = session.pages_of("admin")  # roles nest: the admin's list holds every page
    return [
        st.Page(path, title=t(key, lang), icon=icon, url_path=url, default=i == 0)
        for i, (path, key, icon, url) in enumerate(specs)
    ]


if __name__ == "__main__":
    # The planning engine loads (or, on a fresh machine, compiles: ~40 s once) in the background
    # from the first page view, not when someone first presses "plan".
    start_warm_up()
    guard.page_config()
    try:
        st.navigation(all_pages(state.lang())).run()
    except CatalogError as exc:  # a missing or broken catalogue file: one translated line
        session.unavailable(exc)
