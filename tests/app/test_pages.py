"""AppTest for every page: renders, filters change results, site cards, greenways."""

from __future__ import annotations

import json
import re

import pytest

from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from catalog.safetext import md
from tests.app.conftest import PAGES, no_exception, open_page
from ui.i18n import t


def expected(**filters) -> int:
    """What the catalogue itself counts for ``filters`` (the pages must agree)."""
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        return cat.count(**filters)


def count_caption(at) -> int:
    """The ``共 N 处`` / ``N sites`` caption the map and catalogue pages show."""
    for caption in at.caption:
        m = re.search(r"共 (\d+) 处|(\d+) sites", caption.value)
        if m:
            return int(m.group(1) or m.group(2))
    raise AssertionError("no count caption on the page")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders(name: str, lang: str) -> None:
    at = open_page(name, lang=lang)
    no_exception(at)
    assert at.title, "every page has a title"
    # the language switch is the router's, so it is present on every page
    assert at.selectbox(key="lang").value == lang
    for box in at.multiselect:  # Streamlit's own placeholder is English ("Choose options")
        assert box.proto.placeholder == t("choose", lang), box.label


def test_home_shows_counts_and_coverage() -> None:
    at = open_page("home")
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["收录遗产地"] == str(expected())
    tables = at.dataframe
    assert len(tables) == 2  # designations and coverage against the plan
    levels = set(tables[1].value["级别"])
    assert "各级" in levels and "all" not in levels  # the report's "all" is translated
    assert levels <= {"各级", "世界级", "国家级", "省级", "市级", "县级"}, levels


def test_home_in_english_names_every_plan_category_in_english() -> None:
    from ui.i18n import PLAN_FIGURES_EN

    at = open_page("home", lang="en")
    no_exception(at)
    coverage = at.dataframe[1].value
    assert set(coverage["Category"]) == set(PLAN_FIGURES_EN.values())  # every key has a name
    assert "all levels" in set(coverage["Level"])


def test_map_filters_change_the_sites_shown() -> None:
    at = open_page("map")
    no_exception(at)
    everything = count_caption(at)
    assert everything == expected() > 150
    at.multiselect(key="f_kinds").set_value(["世界文化遗产"]).run()
    no_exception(at)
    assert count_caption(at) == expected(kinds=["世界文化遗产"]) >= 1
    at.multiselect(key="f_kinds").set_value([]).run()
    at.multiselect(key="f_counties").set_value(["140728"]).run()  # 平遥县
    in_pingyao = count_caption(at)
    assert 0 < in_pingyao == expected(counties=["140728"]) < everything


def test_map_density_view_holds_every_site() -> None:
    at = open_page("map")
    assert not at.get("deck_gl_json_chart")  # deck.gl only loads when asked for
    at.radio(key="map_view").set_value("density").run()
    no_exception(at)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert set(layers) == {"counties", "county-names", "density", "sites"}
    assert spec["mapStyle"] == "/app/static/map/blank-style.json"  # no Carto tiles
    assert len(layers["sites"]["data"]) == expected()


def test_map_switching_to_amap_explains_the_shift() -> None:
    at = open_page("map")
    at.radio(key="map_basemap").set_value("amap").run()
    no_exception(at)
    assert any("580" in i.value for i in at.info)  # the shift, in plain words


def test_catalogue_search_in_chinese_pinyin_and_english() -> None:
    at = open_page("catalogue")
    no_exception(at)
    assert count_caption(at) == expected()
    for text in ("王家", "wangjia"):
        at.text_input(key="f_text").set_value(text).run()
        no_exception(at)
        n = count_caption(at)
        assert 1 <= n == expected(text=text) < expected(), text
    at.text_input(key="f_text").set_value("Ping Yao").run()
    assert 1 <= count_caption(at) == expected(text="Ping Yao")
    at.text_input(key="f_text").set_value("").run()
    at.multiselect(key="f_levels").set_value(["world"]).run()
    assert count_caption(at) == expected(levels=["world"]) >= 1
    assert [b.label for b in at.get("download_button")] == ["下载 CSV", "下载 GeoJSON", "下载 Excel"]


def test_county_names_follow_the_language_in_filters_table_and_density_map() -> None:
    """One cached ``{adcode: name}`` (``ui.state.county_names``) keyed by language: switching
    the language in a session renames the counties everywhere, never a stale cached list."""
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        zh = {c.name_zh for c in cat.counties()}
        en = {c.name_en for c in cat.counties()}
    at = open_page("catalogue")
    no_exception(at)
    assert set(at.multiselect(key="f_counties").options) == zh
    assert set(at.dataframe[0].value["county"]) <= zh
    at.session_state["lang"] = "en"
    at.run()
    no_exception(at)
    assert set(at.multiselect(key="f_counties").options) == en
    assert set(at.dataframe[0].value["county"]) <= en
    at.switch_page("pages/map.py").run()
    at.radio(key="map_view").set_value("density").run()
    no_exception(at)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    (names,) = [layer for layer in spec["layers"] if layer["id"] == "county-names"]
    assert {label["name"] for label in names["data"]} == en


def test_site_card_from_the_url() -> None:
    at = open_page("site", {"site": "jiexiu-zhangbi"})
    no_exception(at)
    text = " ".join(m.value for m in at.markdown)
    assert "张壁" in text
    kinds = set(at.dataframe[0].value.iloc[:, 0])
    # 张壁古堡 is one site with several listings: relic unit, 名村 and 传统村落 at least
    assert {"文物保护单位", "历史文化名村", "中国传统村落"} <= kinds
    assert "估计值" in text or "estimated" in text  # hours are defaults and say so


def test_the_site_card_names_its_county_in_the_session_language() -> None:
    """The card's place line takes the county from the cached table the filters use."""
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        site = cat.site("jiexiu-zhangbi")
        county = {c.adcode: c for c in cat.counties()}[site.county_adcode]
    for lang, name in (("zh", county.name_zh), ("en", county.name_en)):
        at = open_page("site", {"site": site.id}, lang=lang)
        no_exception(at)
        location = f"**{t('location', lang)}**: "
        place = next(m.value for m in at.markdown if m.value.startswith(location))
        assert place.startswith(f"{location}{md(name)}"), place


def test_site_card_unknown_id_is_a_message_not_a_traceback() -> None:
    at = open_page("site", {"site": "no-such-site"})
    no_exception(at)
    assert any(md("no-such-site") in e.value for e in at.error)  # escaped: it came from the link


def test_greenways_page_lists_the_stops_in_order() -> None:
    at = open_page("greenways", {"greenway": "dayun"})
    no_exception(at)
    text = "\n".join(m.value for m in at.markdown)
    assert text.index("1. 榆次老城") < text.index("9. 平遥古城") < text.index("14. 资寿寺")
    at = open_page("greenways", {"greenway": "nanbu-shandi"})
    text = "\n".join(m.value for m in at.markdown)
    assert "4. 云竹湖" in text
    assert not at.warning


def test_greenways_link_with_an_unknown_id_says_so_and_shows_the_first() -> None:
    at = open_page("greenways", {"greenway": "hongse"})
    no_exception(at)
    assert any("hongse" in w.value for w in at.warning)
    text = "\n".join(m.value for m in at.markdown)
    assert "1. 榆次老城" in text
