"""How sites are named and coloured on screen (pure: no Streamlit)."""

from __future__ import annotations

from catalog.models import DESIGNATION_KINDS, Site

#: Marker colour per designation kind (colour-blind-friendly where possible; one per kind).
KIND_COLOURS: dict[str, str] = {
    "世界文化遗产": "#b8860b",
    "历史文化名城": "#8b1a1a",
    "历史文化街区": "#c0392b",
    "历史文化名镇": "#d35400",
    "历史文化名村": "#e67e22",
    "中国传统村落": "#2e7d32",
    "山西省传统村落": "#66bb6a",
    "文物保护单位": "#1f4e9c",
    "历史建筑": "#5c6bc0",
    "A级景区": "#8e44ad",
}
OTHER_COLOUR = "#555555"

#: Which kind a site is drawn as when it holds several: the rarer, more telling listing first
#: (a walled town that is also a relic unit is shown as 名城, a 名村 that is also 传统村落 as 名村).
DISPLAY_ORDER: tuple[str, ...] = (
    "世界文化遗产",
    "历史文化名城",
    "历史文化名镇",
    "历史文化名村",
    "历史文化街区",
    "文物保护单位",
    "中国传统村落",
    "山西省传统村落",
    "历史建筑",
    "A级景区",
)
assert set(DISPLAY_ORDER) == set(DESIGNATION_KINDS)

#: Route colour per trip day (day 1 first; repeats after eight days).
DAY_COLOURS: tuple[str, ...] = (
    "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
)


def primary_kind(site: Site) -> str | None:
    """The designation kind a site is drawn as (see ``DISPLAY_ORDER``)."""
    kinds = {d.kind for d in site.designations}
    return next((k for k in DISPLAY_ORDER if k in kinds), None)


def kind_colour(kind: str | None) -> str:
    """Marker colour for a designation kind."""
    return KIND_COLOURS.get(kind or "", OTHER_COLOUR)


def day_colour(day: int) -> str:
    """Route colour for trip day ``day`` (1-based)."""
    return DAY_COLOURS[(day - 1) % len(DAY_COLOURS)]


def site_name(site: Site, lang: str = "zh") -> str:
    """The name to show: Chinese, or in English the established English name, else the name in
    pinyin by words (Wangjia Dayuan): ``Site.name_in``, as the exports say it."""
    return site.name_in(lang)


def latin_name(site: Site) -> str:
    """Pinyin by words (``catalog.romanize``), or syllables for an older catalogue
    (``Site.latin_name``)."""
    return site.latin_name()


def site_label(site: Site, lang: str = "zh") -> str:
    """Name with county, unique enough for tooltips and select boxes."""
    county = site.county_zh
    if lang == "en":
        return f"{site_name(site, 'en')} ({site.name_zh}, {county})"
    return f"{site.name_zh} · {county}"


def list_sep(lang: str) -> str:
    """The separator of a list in running text: 、 in Chinese, a comma in English."""
    return ", " if lang == "en" else "、"


def designations_text(site: Site, lang: str = "zh") -> str:
    """A site's listings on one line: 中国传统村落（国家级）；… or Traditional village, National; …"""
    from ui.i18n import kind_label, level_label  # ui.i18n imports nothing from here

    if lang == "en":
        return "; ".join(f"{kind_label(d.kind, lang)}, {level_label(d.level, lang)}"
                         for d in site.designations)
    return "；".join(f"{kind_label(d.kind, lang)}（{level_label(d.level, lang)}）"
                    for d in site.designations)


def stop_name(name_zh: str, lang: str = "zh") -> str:
    """A greenway stop as the plan writes it, or its pinyin by words on the English UI."""
    if lang != "en":
        return name_zh
    from catalog.romanize import romanized  # jieba loads its dictionary once, on first use

    return romanized(name_zh) or name_zh
