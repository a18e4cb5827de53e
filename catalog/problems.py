"""Error messages the app can translate: English text with a code and parameters.

The catalogue words its messages in English (the CLI, import reports and logs show them). A
``Problem`` (an exception) or ``Message`` (a str) also carries a ``code`` and ``params``, from
which ``ui.edit_text.localize`` builds the Chinese the officer pages show.
"""

from __future__ import annotations

from collections.abc import Mapping


class Translatable(Exception):
    """An error with English text and, when the app should translate it, a ``code`` and
    ``params`` (``ImportFailed``, ``EditError`` and ``Problem`` are all of this kind)."""

    def __init__(self, text: str, code: str | None = None, /, **params: object) -> None:
        super().__init__(text)
        self.code = code
        self.params = params


class Problem(Translatable, ValueError):
    """A wrong value: the English text, plus a ``code`` and ``params`` a UI can translate."""

    def __init__(self, code: str, text: str, /, **params: object) -> None:
        super().__init__(text, code, **params)


class Message(str):
    """An error message: English text (what the CLI, import reports and logs show) that keeps
    the code and parameters of its ``Problem``, so the app can show it in the user's language."""

    code: str | None
    params: dict[str, object]

    def __new__(cls, text: str, code: str | None = None,
                params: Mapping[str, object] | None = None) -> Message:
        msg = super().__new__(cls, text)
        msg.code = code
        msg.params = dict(params or {})
        return msg


def message(exc: Exception) -> Message:
    """``exc`` as a ``Message`` (a plain ``ValueError`` keeps its text and has no code)."""
    return Message(str(exc), getattr(exc, "code", None), getattr(exc, "params", None))
