"""The one escaping rule: user and officer text is data in Markdown, HTML, CSV and Excel.

Every place that writes text someone typed (an officer's site name, a share link's lodging name, an
imported address…) into a format that could interpret it goes through one of these:

- :func:`md` for Streamlit Markdown (``st.markdown``/``st.caption``/``st.error``…, ``st.table``
  cells, ``st.page_link``/``st.expander``/button labels): every ASCII punctuation character is
  backslash-escaped (CommonMark lets any ASCII punctuation be escaped, and an escaped character is
  literal text), so no link, image, raw HTML, emphasis, code, table, heading, list, math
  (``$``) or directive (``:red[…]``) can start; an invisible word joiner (U+2060) inside
  ``://``, after ``www`` and before ``@`` keeps URLs and e-mail addresses from becoming links
  (Streamlit links them in the decoded text, escapes or not). Line breaks and other control characters become spaces, so the text stays one inline
  run (no setext heading or code block from a second line).
- :func:`html` for HTML, including HTML that is itself inside Markdown (``unsafe_allow_html``):
  ``& < > " '`` and the characters Markdown could read as syntax there (brackets, parentheses,
  ``! * _ ~ | # $ : \\ ` { }`` and ``.``) become numeric character references, which HTML
  (content and attribute values) and Markdown both decode to the literal character; URLs and
  e-mail addresses get the same word joiner as in :func:`md`.
- :func:`cell` for CSV and Excel cells: the OWASP CSV-injection rule. A text whose first
  non-blank character is a formula trigger (``= + - @``, tab, CR, LF, ``|``, ``%`` and their
  full-width forms) gets a leading ``'``, so spreadsheets show it as text. Numbers, dates and
  ``None`` are returned unchanged. :func:`uncell` undoes it, so an export imports back to the
  same text.

Pure Python, no Streamlit import (``catalog/`` is domain code); ``ui/`` and the exporters import it.
"""

from __future__ import annotations

import re
import string

__all__ = ["FORMULA_TRIGGERS", "WORD_JOINER", "cell", "html", "md", "uncell"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# Streamlit's Markdown (remark-gfm) turns URLs and e-mail addresses found in the *decoded* text
# into links, escaped or not (seen in Chromium: ``http\:\/\/x\.cn`` became a link). An invisible
# WORD JOINER (U+2060) inside ``://``, after ``www`` and before ``@`` breaks those patterns.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"
_MD_SPECIAL = frozenset(string.punctuation)
# HTML's five plus everything Markdown could read as syntax when the HTML sits inside Markdown.
_HTML_SPECIAL = frozenset("&<>\"'`\\[]()!*_~|#$:{}.")

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection, plus the
#: full-width forms some spreadsheets also accept, ``|`` for DDE and ``%`` for macros).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n|%＝＋－＠")


def md(text: object) -> str:
    """``text`` as literal Streamlit Markdown: shown as typed, nothing in it is live."""
    flat = _AUTOLINK.sub(WORD_JOINER, _CONTROL.sub(" ", "" if text is None else str(text)))
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in flat)


def html(text: object) -> str:
    """``text`` for HTML element content or a quoted attribute, also when that HTML is
    written through Streamlit Markdown: special characters become ``&#NN;`` references."""
    flat = _AUTOLINK.sub(WORD_JOINER, "" if text is None else str(text))
    return "".join(f"&#{ord(ch)};" if ch in _HTML_SPECIAL else ch for ch in flat)


def _formula_like(text: str) -> bool:
    stripped = text.lstrip(" \u3000\u00a0")
    if stripped[:1] in FORMULA_TRIGGERS and stripped:
        return True
    # an already-quoted formula gets one more quote, so uncell() gives back exactly the input
    return text.startswith("'") and _formula_like(text[1:])


def cell(value: object) -> object:
    """``value`` for a CSV or Excel cell: formula-like text gets a leading ``'``."""
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def uncell(value: object) -> object:
    """The inverse of :func:`cell` for text read back from a CSV or Excel export."""
    if isinstance(value, str) and value.startswith("'") and _formula_like(value[1:]):
        return value[1:]
    return value
