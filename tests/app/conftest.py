"""AppTest helpers: run ``app.py`` in-process and open one page (PITFALLS b)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ("home", "map", "catalogue", "site", "greenways", "plan")


def open_page(name: str, query: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    """Run the router once, then switch to ``pages/<name>.py`` (with query params)."""
    at = AppTest.from_file(APP, default_timeout=90)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    if query:
        for key, value in query.items():
            at.query_params[key] = value
    if name != "home" or query:
        at.switch_page(f"pages/{name}.py").run()
    return at


def no_exception(at: AppTest) -> None:
    """Fail with the app's own traceback text when the script raised."""
    assert not at.exception, [e.value for e in at.exception]

