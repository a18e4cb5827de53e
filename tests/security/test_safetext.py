"""The one escaping rule (catalog.safetext) on its own: Markdown, HTML, CSV and Excel.

Findings 1 and 2 of issue 13 are about the places that must use it; these tests pin the rule
itself, so every sink that calls it inherits the guarantee. The pages and exports are checked
in test_findings_1_2_injection.py and, in a real browser, in test_browser_security.py.
"""

from __future__ import annotations

import csv
import html as stdhtml
import io
import re
import string

import pytest
from openpyxl import Workbook, load_workbook

from catalog.safetext import FORMULA_TRIGGERS, WORD_JOINER, cell, html, md, uncell

HOSTILE = [
    "[官方购票](http://evil.example/buy) ![t](http://evil.example/x.png)",
    "<img src=x onerror=alert(1)><script>alert(2)</script>",
    "**bold** _em_ `code` ~~s~~ $x^2$ :red[red] www.evil.example a@evil.example",
    "line one\n===\n# heading\n> quote\n- item\n    code",
    "| a | b |\n|---|---|",
    "&lt;b&gt; &#91;x&#93;(y)",
    "\\[escaped\\](http://evil.example)",
]
FORMULAS = [
    '=HYPERLINK("http://evil.example","酒店")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u3000=1+1",
    "＝1+1",
    "'=1+1",
    "%0A=1",
    "|calc",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escapes_every_punctuation_character_and_keeps_one_line(text: str) -> None:
    out = md(text)
    i = 0
    while i < len(out):  # every ASCII punctuation is the second half of a backslash pair
        if out[i] == "\\":
            assert out[i + 1] in string.punctuation, out
            i += 2
            continue
        assert out[i] not in string.punctuation, (out, i)
        assert out[i] not in "\r\n\t", out
        i += 1
    # and reading the escapes back gives the text as typed (control characters as spaces)
    read = out.replace("\\", "\x00").replace("\x00\x00", "\\").replace("\x00", "")
    assert read.replace(WORD_JOINER, "") == text.replace("\n", " ")


@pytest.mark.parametrize("text", HOSTILE)
def test_html_leaves_no_tag_bracket_quote_or_markdown_syntax(text: str) -> None:
    out = html(text)
    bare = re.sub(r"&#\d+;", "", out)  # what is left besides the character references
    for ch in "<>\"'[]()!*_`~|#$:\\&":
        assert ch not in bare, (ch, out)
    assert stdhtml.unescape(out).replace(WORD_JOINER, "") == text  # as typed, once decoded


@pytest.mark.parametrize("text", ["http://evil.example/x", "HTTPS://e.cn", "www.evil.example",
                                  "a.b@evil.example", "ftp://x.cn"])
def test_urls_and_emails_get_a_word_joiner_against_autolinks(text: str) -> None:
    for out in (md(text), stdhtml.unescape(html(text))):
        assert WORD_JOINER in out
        plain = out.replace("\\", "")
        assert not re.search(r"[A-Za-z]://|www\.|[\w.]@", plain), out


def test_html_is_safe_in_an_attribute() -> None:
    out = f"<span title=\"{html(chr(34) + ' onmouseover=alert(1) x=' + chr(39))}\">"
    assert out.count('"') == 2 and "'" not in out


@pytest.mark.parametrize("text", FORMULAS)
def test_cell_neutralises_formula_triggers_and_uncell_undoes_it(text: str) -> None:
    out = cell(text)
    assert out == "'" + text
    assert uncell(out) == text


@pytest.mark.parametrize("value", ["乔家大院", "Qiao (乔)", "'quoted", "a=b", 12, -3.5, None, True])
def test_cell_leaves_harmless_values_alone(value: object) -> None:
    assert cell(value) == value and uncell(value) == value


def test_every_trigger_is_caught() -> None:
    for ch in FORMULA_TRIGGERS:
        assert cell(ch + "1") == "'" + ch + "1"


def test_excel_stores_neutralised_formulas_as_text(tmp_path) -> None:
    wb = Workbook()
    wb.active.append([cell(f) for f in FORMULAS])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    row = next(load_workbook(path).active.iter_rows())
    assert [c.data_type for c in row] == ["s"] * len(FORMULAS)  # 'f' would be a live formula
    # (XML stores a carriage return as a line feed; the quote is still in front of it)
    assert [uncell(c.value) for c in row] == [f.replace("\r", "\n") for f in FORMULAS]


def test_csv_cells_start_with_the_quote() -> None:
    buf = io.StringIO()
    csv.writer(buf).writerow([cell(f) for f in FORMULAS])
    for field in next(csv.reader(io.StringIO(buf.getvalue()))):
        assert field.startswith("'"), field
