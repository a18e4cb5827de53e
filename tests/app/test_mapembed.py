"""``ui.mapembed``: a map rendered once sends the component what ``st_folium`` would send."""

from __future__ import annotations

import pickle

import pytest
import streamlit_folium

from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from ui.basemap import AMAP, NO_TILES, OSM
from ui.mapembed import SITE_MAP_EVENTS, embed
from ui.maps import outline_rings, site_map


@pytest.fixture(scope="module")
def cat():
    with Catalog(DEFAULT_DB, readonly=True) as c:
        yield c


def _st_folium_args(fmap, monkeypatch) -> dict:  # noqa: ANN001
    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(fmap, key="site_map", height=620, use_container_width=True,
                               returned_objects=list(SITE_MAP_EVENTS))
    sent.pop("on_change")
    return sent


@pytest.mark.parametrize("base", [OSM, AMAP, NO_TILES], ids=lambda b: b.key)
def test_embed_sends_what_st_folium_sends(cat, base, monkeypatch) -> None:
    sites = cat.sites()
    greenways = [(g, cat.get_many([s[2].split(";")[0] for s in g.stops if s[2]]))
                 for g in cat.greenways()]
    rings = outline_rings(cat.boundaries_gcj02(), base)

    def build():
        return site_map(sites, base, "zh", greenways=greenways, outlines=rings)[0]

    expected = _st_folium_args(build(), monkeypatch)
    embedded = embed(build(), key="site_map", height=620, returned_objects=SITE_MAP_EVENTS)
    assert embedded.args == expected
    assert embedded.args["js_links"][0].startswith("/app/static/")  # vendored Leaflet, no CDN


def test_embedded_maps_survive_the_data_cache(cat) -> None:
    """st.cache_data pickles what it stores."""
    fmap = site_map(cat.sites()[:3], OSM, "en")[0]
    embedded = embed(fmap, key="k", height=300, returned_objects=())
    assert pickle.loads(pickle.dumps(embedded)) == embedded
