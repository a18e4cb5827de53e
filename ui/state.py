"""Per-session resources and cached, filter-keyed data.

* One read-only SQLite ``Catalog`` per user session (``st.cache_resource(scope="session")``):
  Streamlit runs each session in its own thread and a sqlite3 connection must stay on its
  thread (PITFALLS e).
* Query results are cached with ``st.cache_data`` keyed by the database's version
  (``catalog.store.version_key``: the main file and its write-ahead log) and the filters, never
  folium objects (PITFALLS a). The cached functions open nothing themselves:
  they take the session's catalogue as an unhashed ``_cat`` argument.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from catalog import store
from catalog.models import Greenway, Site
from catalog.paths import app_db
from catalog.repository import Catalog
from ui.i18n import DEFAULT_LANG, LANGS


def db_path() -> Path:
    """The catalogue file: ``$JZ_DB`` when set (tests), else ``data/heritage.db``, built from the
    seed files on first use (the live catalogue is not kept in git)."""
    return app_db()


def db_key() -> str:
    """Cache key for the current database contents (``catalog.store.version_key``)."""
    return store.version_key(db_path())


class SessionCatalog(Catalog):
    """A read-only ``Catalog`` whose connection may follow its session across script threads.

    Streamlit runs every rerun of a session in a new thread, so a connection kept for the
    session must be opened with ``check_same_thread=False``; ``Catalog`` has no such option, so
    this adapter reopens its connection that way. A session's runs never overlap (the next run
    starts after the previous one stops), so the connection is still used by one thread at a
    time, and it is never shared with another session.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, readonly=True)  # validates the file is a catalogue
        self.conn.close()
        self.conn = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True,
                                    check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")


@st.cache_resource(scope="session", show_spinner=False, on_release=lambda c: c.close())
def _session_catalog(path: str) -> Catalog:
    return SessionCatalog(path)


def catalog() -> Catalog:
    """This session's catalogue connection."""
    return _session_catalog(str(db_path()))


def lang() -> str:
    """The UI language of this session (``zh`` by default)."""
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


Filters = tuple[tuple[str, tuple[str, ...] | str], ...]


def filter_kwargs(filters: Filters) -> dict[str, object]:
    """A hashable filter tuple -> keyword arguments for ``Catalog.site_ids``."""
    out: dict[str, object] = {}
    for key, value in filters:
        if isinstance(value, tuple):
            if value:
                out[key] = list(value)
        elif value:
            out[key] = value
    return out


@st.cache_data(show_spinner=False, max_entries=256)
def site_ids(_cat: Catalog, key: str, filters: Filters) -> list[str]:
    """Ids of the sites matching ``filters`` (ValueError on a bad filter)."""
    return _cat.site_ids(**filter_kwargs(filters))  # type: ignore[arg-type]


@st.cache_data(show_spinner=False, max_entries=8)
def all_sites(_cat: Catalog, key: str) -> dict[str, Site]:
    """Every live site by id, in the catalogue's order."""
    return {s.id: s for s in _cat.sites()}


def sites_for(filters: Filters) -> list[Site]:
    """The ``Site`` objects matching ``filters`` (cached)."""
    cat = catalog()
    key = db_key()
    by_id = all_sites(cat, key)
    ids = site_ids(cat, key, filters)
    return [by_id[i] if i in by_id else cat.site(i) for i in ids]


@st.cache_data(show_spinner=False, max_entries=4)
def greenway_routes(_cat: Catalog, key: str) -> list[tuple[Greenway, list[Site]]]:
    """Each greenway with the sites of its stops in the plan's order (first site of a stop)."""
    out = []
    for g in _cat.greenways():
        ids = [stop[2].split(";")[0] for stop in g.stops if stop[2]]
        out.append((g, _cat.get_many(ids)))
    return out


@st.cache_data(show_spinner=False, max_entries=8)
def _county_names(_cat: Catalog, key: str, lang: str) -> dict[str, str]:
    return {c.adcode: (c.name_en if lang == "en" else c.name_zh) for c in _cat.counties()}


def county_names(lang: str) -> dict[str, str]:
    """``{adcode: name}`` of the county-level units in ``lang`` (cached on the catalogue's
    version, as the other catalogue reads): the filters, the catalogue table and the map."""
    return _county_names(catalog(), db_key(), lang)


@st.cache_data(show_spinner=False, max_entries=8)
def outlines(_cat: Catalog, key: str, basemap_key: str) -> dict:
    """County outlines (published in GCJ-02) ready to draw on the base map ``basemap_key``."""
    from ui.basemap import basemap
    from ui.maps import outline_rings

    return outline_rings(_cat.boundaries_gcj02(), basemap(basemap_key))


def site_choices(ids: Sequence[str] | None = None) -> dict[str, str]:
    """``{id: label}`` for select boxes, all live sites (or ``ids``) in catalogue order."""
    from ui.display import site_label

    by_id = all_sites(catalog(), db_key())
    wanted = ids if ids is not None else list(by_id)
    return {i: site_label(by_id[i], lang()) for i in wanted if i in by_id}
