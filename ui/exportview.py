"""The itinerary's rows on screen and the export buttons, both from ``routing.exports`` so the
screen and every file show the same names, flags and ticket totals."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from catalog.safetext import md
from routing.exports import (
    FORMATS,
    DaySheet,
    TripSheet,
    build_sheet,
    drive_text,
    label,
    render,
    row_what,
)
from routing.problem import Note
from routing.service import PlanResult
from ui.i18n import t
from ui.urlstate import PlanInputs, to_params, with_lang

_BUTTONS = (("exp_ics", "ics"), ("exp_gpx", "gpx"), ("exp_csv", "csv"), ("exp_xlsx", "xlsx"),
            ("exp_html", "html"))


def share_url(inputs: PlanInputs | None, lang: str = "zh") -> str | None:
    """The link that reproduces the plan (this page's address with the plan's inputs), in the
    language it was made in (``lang=en``; Chinese is the default and needs no parameter)."""
    if inputs is None:
        return None
    base = (st.context.url or "").split("?", 1)[0]
    return f"{base}?{urlencode(with_lang(to_params(inputs), lang))}"


def trip_sheet(result: PlanResult, lang: str, inputs: PlanInputs | None,
               say: Callable[[Note], str] | None = None) -> TripSheet:
    """The plan as export rows in ``lang`` for the request's group size (``say`` words the
    notes of hand-arranged rows in ``lang``)."""
    return build_sheet(result.itinerary, result.sites, lang, result.request.group_size,
                       share_url(inputs, lang), say)


def day_frame(day: DaySheet, lang: str) -> pd.DataFrame:
    """One day's rows (time, what, drive, flags) as the table on screen."""
    rows = day.rows
    return pd.DataFrame(
        {t("t_what", lang): [md(row_what(r, lang)) for r in rows],
         t("t_drive", lang): [drive_text(r, lang) for r in rows],
         label("col_flags", lang): [" ".join(r.flags(lang)) for r in rows]},
        index=pd.Index([r.time_text() for r in rows], name=t("t_time", lang)),
    )


def legend(lang: str) -> str:
    """The one-line explanation of the flags."""
    return label("legend", lang)


def export_buttons(sheet: TripSheet, stem: str, lang: str, key: str = "") -> None:
    """Five download buttons; each file is built only when its button is clicked."""
    st.markdown(f"**{t('exports', lang)}**")
    for col, (key, fmt) in zip(st.columns(len(_BUTTONS)), _BUTTONS, strict=True):
        _, ext, mime = FORMATS[fmt]
        col.download_button(t(key, lang), partial(render, fmt, sheet), f"{stem}.{ext}", mime,
                            key=f"dl_{key}{ext}", on_click="ignore")
    if sheet.share_url:
        st.caption(t("share_link", lang))
        st.code(sheet.share_url, language=None)
