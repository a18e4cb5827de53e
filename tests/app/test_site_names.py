"""A site's name in each language: one rule (``catalog.models.Site.name_in``/``latin_name``)
behind the pages (``ui.display``) and the itinerary exports (``routing.exports.display_name``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from routing.exports import display_name
from ui.display import latin_name, site_name


@pytest.fixture(scope="module")
def sites():
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        return {s.id: s for s in cat.sites()}


def test_the_english_name_else_pinyin_by_words_else_syllables_else_chinese(sites) -> None:
    pingyao, anchan = sites["pingyao-gucheng"], sites["taigu-anchansi"]
    assert pingyao.name_in("en") == "Ancient City of Ping Yao"
    assert pingyao.name_in("zh") == "平遥古城"
    assert anchan.name_in("en") == anchan.latin_name() == "An Chansi"
    older = replace(anchan, romanized="")  # a catalogue built before catalog.romanize
    assert older.name_in("en") == "An Chan Si"
    assert replace(older, pinyin="").name_in("en") == "安禅寺"


def test_pages_and_exports_name_every_site_alike(sites) -> None:
    for site in sites.values():
        for lang in ("zh", "en"):
            assert site_name(site, lang) == display_name(site, lang) == site.name_in(lang)
        assert latin_name(site) == site.latin_name()
