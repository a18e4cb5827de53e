"""The site card (遗产卡片): everything known about one site, each fact with its source."""

from __future__ import annotations

import re

import streamlit as st

from catalog.coords import wgs84_to_gcj02
from catalog.models import OpeningHours, Site
from catalog.repository import Catalog
from catalog.safetext import html, md
from ui import state
from ui.calendar_view import day_name_label
from ui.card_extras import render_photos, render_place
from ui.display import kind_colour, latin_name, list_sep, primary_kind, site_name
from ui.edit_text import tx
from ui.i18n import (
    end_reason_label,
    kind_label,
    level_label,
    precision_label,
    t,
    theme_label,
    weekday_names,
)


def _mark(estimated: bool, lang: str) -> str:
    return f" :orange-badge[{t('estimated', lang)}]" if estimated else ""


def hours_lines(hours: OpeningHours, lang: str) -> list[str]:
    """Opening hours as lines for people (seasons, last entry, closed weekdays)."""
    if hours.always_open:
        return [t("always_open", lang)]
    names = weekday_names(lang)
    lines = []
    for s in hours.seasons:
        line = f"{s.start}–{s.end}: {s.open}–{s.close}"
        if s.last_entry:
            line += f", {t('last_entry', lang, t=s.last_entry)}"
        if s.closed_weekdays:
            days = "、".join(names[d] for d in s.closed_weekdays) if lang != "en" else ", ".join(
                names[d] for d in s.closed_weekdays)
            line += f", {t('closed_on', lang, days=days)}"
        lines.append(line)
    if hours.closed_on:
        lines.append(t("closed_on_days", lang, days=list_sep(lang).join(
            day_name_label(n, lang) for n in hours.closed_on)))
    if hours.open_on_holidays:
        lines.append(t("open_on_holidays", lang))
    return lines


def ticket_text(site: Site, lang: str) -> str:
    """The ticket price, or that it is unknown."""
    if site.ticket_cny is None:
        return t("ticket_unknown", lang)
    if site.ticket_cny == 0:
        return t("ticket_free", lang)
    return t("ticket_cny", lang, p=f"{site.ticket_cny:g}")


def source_title(key: str, sources: dict[str, dict]) -> str:
    """A source reference as people read it: ``title — publisher`` (free text as typed)."""
    record = sources.get(key.split("#", 1)[0])
    if not record:
        return key  # free text an officer typed (coord_source, a designation source)
    title = record.get("title") or key.split("#", 1)[0]
    return f"{title} — {record['publisher']}" if record.get("publisher") else title


def source_url(key: str, sources: dict[str, dict]) -> str | None:
    """The address of a source reference's source, when it is a plain web address."""
    record = sources.get(key.split("#", 1)[0])
    url = (record or {}).get("url") or ""
    # only a plain web address becomes a link (no javascript:, no parentheses to break out of)
    return url if _WEB_URL.match(url) else None


_WEB_URL = re.compile(r"^https?://[^\s<>()\[\]`]+$")


def _source_link(key: str, sources: dict[str, dict]) -> str:
    """Markdown: the source's title and publisher, linked to its address, then the detail."""
    if key.split("#", 1)[0] not in sources:
        return md(key)
    text = md(source_title(key, sources))
    url = source_url(key, sources)
    detail = f" ({md(key.split('#', 1)[1])})" if "#" in key else ""
    return f"[{text}]({url}){detail}" if url else f"{text}{detail}"


def source_ref(key: str, sources: dict[str, dict]) -> str:
    """A source key as its title (linked) and section, without the free-text note after it:
    ``jinzhong-plan#4.4 大运线… (name_en: …)`` -> ``[晋中市…规划](url) (4.4)``."""
    base, _, detail = key.partition("#")
    section = detail.split(" ", 1)[0]
    return _source_link(f"{base}#{section}" if section else base, sources)


def render_site_card(cat: Catalog, site: Site, lang: str, *, compact: bool = False) -> None:
    """Draw the card; ``compact`` (the map's side panel) leaves out nearby sites and sources."""
    colour = kind_colour(primary_kind(site))
    st.markdown(
        f"<div class='site-card-title' style='border-left:6px solid {colour};padding-left:8px'>"
        f"<span style='font-size:1.5em;font-weight:700'>{html(site.name_zh)}</span> "
        f"<span style='color:#666'>"
        f"{html(site_name(site, 'en') if lang == 'en' else latin_name(site))}</span>"
        "</div>",
        unsafe_allow_html=True,
    )
    if site.retired:  # reachable only through an old link: say so
        st.warning(tx("card_retired", lang, at=site.updated_at), icon=":material/archive:")
    sources = cat.sources()
    st.markdown(f"**{t('designations', lang)}**")
    if compact:  # the map's side panel is narrow: a list reads better than a table
        st.markdown("\n".join(
            f"- {md(kind_label(d.kind, lang))} · {md(level_label(d.level, lang))}"
            + (f" · {t('d_batch', lang)} {md(d.batch)}" if d.batch else "")
            + (f" \\({md(d.year)}\\)" if d.year else "")
            + (f" · ~~{md(t('d_ended', lang, date=d.ended, reason=end_reason_label(d.end_reason, lang)))}~~"
               if d.ended else "")
            for d in site.designations))
    rows = [
        {
            t("d_kind", lang): kind_label(d.kind, lang),
            t("d_level", lang): level_label(d.level, lang),
            # every cell a string: a column mixing ints and "" made pyarrow fail (ArrowTypeError
            # on 年份, logged on every card), and None shows as the word "None"
            t("d_batch", lang): d.batch or "",
            t("d_year", lang): str(d.year) if d.year else "",
            t("d_status", lang): t("d_ended", lang, date=d.ended,
                                   reason=end_reason_label(d.end_reason, lang))
            if d.ended else t("d_current", lang),
            t("d_name", lang): d.official_name or "",
            t("source", lang): source_title(d.source, sources),
            "link": source_url(d.source, sources),
        }
        for d in site.designations
    ]
    if not compact:
        st.dataframe(rows, hide_index=True, width="stretch", column_config={
            "link": st.column_config.LinkColumn(t("source_link", lang),
                                                display_text=t("source_open", lang))})

    lat_g, lon_g = wgs84_to_gcj02(site.lon, site.lat)[::-1]
    county = state.county_names(lang).get(site.county_adcode) or site.county_zh
    # officers' free text: markdown and HTML in it are shown literally (catalog.safetext.md)
    place = md(" · ".join(p for p in (county, site.township, site.village) if p))
    st.markdown(
        f"**{t('location', lang)}**: {place}"
        + (f"  \n{t('address', lang)}: {md(site.address)}" if site.address else "")
        + f"  \n{t('coords', lang)}: {site.lat:.5f}, {site.lon:.5f}"
        + f" · {t('coords_gcj', lang)}: {lat_g:.5f}, {lon_g:.5f}"
        + f"  \n{t('precision', lang)}: {precision_label(site.coord_precision, lang)}"
        + f" · {t('source', lang)}: "
        + (t("coords_withheld", lang) if site.coord_source.startswith("withheld")
           else md(source_title(site.coord_source, sources)))
    )
    near = [] if compact else cat.nearby(site.id, km=10, limit=8)  # the mini-map's and the list's
    render_place(site, lang, [other for other, _ in near], compact=compact)
    if not compact:
        render_photos(cat, site, lang)
    hours = "  \n".join(hours_lines(site.hours, lang))
    st.markdown(
        f"**{t('hours', lang)}**{_mark(site.hours.estimated, lang)}  \n{hours}  \n"
        f"{t('visit_minutes', lang, m=site.visit_minutes)}{_mark(site.visit_minutes_estimated, lang)}"
        f"  \n**{t('ticket', lang)}**: {ticket_text(site, lang)}"
        f"{_mark(site.ticket_estimated and site.ticket_cny is not None, lang)}"
    )
    if site.hours.estimated or site.visit_minutes_estimated:
        st.caption(t("estimated_note", lang))
    if site.themes:
        st.markdown(f"**{t('themes', lang)}**: "
                    + list_sep(lang).join(md(theme_label(x, lang)) for x in site.themes))
    if site.greenways:
        names = {g.id: (g.name_en if lang == "en" else g.name_zh) for g in cat.greenways()}
        st.markdown(f"**{t('greenways', lang)}**: " + "; ".join(
            t("greenway_stop", lang, name=md(names.get(g.greenway_id, g.greenway_id)), n=g.order)
            for g in site.greenways))
    if compact:
        return
    if near:
        st.markdown(f"**{t('nearby', lang)}**")
        for other, metres in near:
            st.page_link("pages/site.py", label=f"{md(site_name(other, lang))} — "
                         f"{t('km', lang, d=f'{metres / 1000:.1f}')}",
                         query_params={"site": other.id})
    items = cat.intangible(site_id=site.id)
    if items:
        st.markdown(f"**{t('intangible_here', lang)}**")
        for item in items:
            st.markdown(f"- {md(item.name_zh)} \\({md(level_label(item.level, lang))}, "
                        f"{md(item.category)}\\)")
    keys = sorted({*site.sources, *(d.source for d in site.designations), site.coord_source,
                   *([site.hours.source] if site.hours.source not in ("", "default") else [])})
    st.markdown(f"**{t('sources', lang)}**")
    st.markdown("\n".join(f"- {_source_link(k, sources)}" for k in keys if k))
