"""Find text of the other language on a page: CJK on the English UI, English words on the Chinese
UI, outside proper names and a short list of technical terms (pure; used by the browser test)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from catalog.repository import Catalog

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")

#: Chinese that the English UI may show: the language switch, and 高德 beside "AMap".
ZH_ON_EN_UI = ("中文", "语言", "高德")
#: Latin words the Chinese UI may show: names of formats, systems and the language switch.
EN_ON_ZH_UI = ("English", "Language", "OpenStreetMap", "WGS-84", "GCJ-02", "WGS", "GCJ", "CSV",
               "GeoJSON", "Excel", "GPX", "iCalendar", "ICS", "Leaflet", "AutoNavi", "AMap",
               "km", "SSO", "OIDC", "JSON", "UTF-8", "GBK", "HTTP", "URL", "PNG", "JPEG", "QR",
               "OSM", "WebP", "MB", "KB", "HTML", "PDF", "OpenStreetMap contributors")


@dataclass(frozen=True)
class Finding:
    """Text of the other language and where it was."""

    page: str
    fragment: str
    context: str

    def __str__(self) -> str:
        return f"{self.page}: {self.fragment!r} in …{self.context}…"


def proper_names(cat: Catalog) -> tuple[set[str], set[str]]:
    """(Chinese, Latin) proper names and sourced text of the catalogue: site, county, greenway
    and stop names, addresses, official names, intangible items, source titles and site ids."""
    zh: set[str] = set()
    latin: set[str] = set()
    for s in cat.sites():
        zh |= {s.name_zh, s.county_zh, s.township or "", s.village or "", s.address or ""}
        zh |= {d.official_name or "" for d in s.designations}
        # citations: a source key and the section or note after its "#"
        for key in (*s.sources, *(d.source for d in s.designations), s.coord_source):
            zh.add(key.partition("#")[2])
            latin |= {key, key.partition("#")[2]}
        latin |= {s.pinyin, s.name_en or "", s.id, getattr(s, "romanized", "") or "",
                  " ".join(w.capitalize() for w in s.pinyin.split())}
    for c in cat.counties():
        zh.add(c.name_zh)
        latin.add(c.name_en)
    for g in cat.greenways():
        zh.add(g.name_zh)
        latin |= {g.name_en, g.id}
        zh |= {stop[1] for stop in g.stops}
    for item in cat.intangible():
        zh.add(item.name_zh)
    for key, record in cat.sources().items():  # titles, publishers, notes: cited as written
        latin.add(key)
        for value in record.values():
            if isinstance(value, str):
                zh.add(value)
                latin.add(value)
    return {x for x in zh if x}, {x for x in latin if x}


def _strip(text: str, names: Iterable[str], flags: int = 0, *, words: bool = False) -> str:
    """``text`` without ``names`` (longest first); with ``words``, only whole Latin words."""
    for name in sorted(set(names), key=len, reverse=True):
        pattern = re.escape(name)
        if words:
            pattern = rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
        text = re.sub(pattern, " ", text, flags=flags)
    return text


def foreign_text(page: str, text: str, lang: str, zh_names: set[str],
                 latin_names: set[str]) -> list[Finding]:
    """Fragments of ``text`` (a page shown in ``lang``) in the other language, proper names and
    the allowed terms taken out first. URLs and e-mail-like tokens are ignored."""
    text = re.sub(r"\S+://\S+|\S+@\S+|/app/static/\S+", " ", text)
    out = []
    for pattern in STREAMLIT_FIXED:
        text = re.sub(pattern, " ", text)
    if lang == "en":
        rest = _strip(text, (*zh_names, *ZH_ON_EN_UI))
        for m in CJK.finditer(rest):
            frag = m.group().strip("\u3000 ")
            if frag:
                out.append(Finding(page, frag, rest[max(0, m.start() - 30): m.end() + 30]))
    else:
        rest = _strip(text, (*latin_names, *EN_ON_ZH_UI), re.IGNORECASE, words=True)
        for m in LATIN_WORD.finditer(rest):
            out.append(Finding(page, m.group(), rest[max(0, m.start() - 30): m.end() + 30]))
    return out


#: Streamlit's own words that 1.67 offers no setting for: the keyboard "skip" link (hidden until
#: focused). Everything Streamlit lets us set (placeholders, "Select all", max lengths) is set.
STREAMLIT_FIXED = (r"Skip to main content", r"\d+ options? available\.?",
                   r"Selected (Date|Time): [\w ,:/-]+",
                   # the date/time pickers' screen-reader text follows the browser's locale
                   r"选定的(日期|时间)：[^\n]*")

#: The visible text of the page outside its iframes, one text node a line, plus input
#: placeholders on screen. Material icons (their ligature names are text) and the sidebar's page list are
#: left out: the page list is drawn by Streamlit from the router's titles, checked on its own.
PAGE_TEXT_JS = """
() => {
  const skip = '[data-testid="stIconMaterial"], [data-testid*="Icon"], [data-testid="stSidebarNav"], '
    + 'script, style, noscript, iframe, .material-symbols-rounded';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  // a placeholder shows only while nothing is chosen (a select box keeps the attribute)
  document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(e => {
    const select = e.closest('[data-baseweb="select"]');
    if (e.value || (select && select.innerText.trim())) return;
    out.push(e.getAttribute('placeholder'));
  });
  return out.join('\\n');
}
"""
