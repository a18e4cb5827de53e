"""Queries: Chinese substrings, pinyin, English, filters, nearby, and clear errors."""

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张壁", ["jiexiu-zhangbi"]),  # 2-character Chinese substring (LIKE path)
        ("古堡", ["jiexiu-zhangbi"]),  # found through the designation's official name 张壁古堡
        ("静升文", ["lingshi-jingshengwenmiao"]),  # 3+ characters: trigram index
        ("zhangbi", ["jiexiu-zhangbi"]),  # joined pinyin
        ("zhang bi", ["jiexiu-zhangbi"]),  # spaced pinyin
        ("ZHANGBI", ["jiexiu-zhangbi"]),  # case-insensitive
        ("shuanglin", ["pingyao-shuanglinsi"]),
        ("Ping Yao", ["pingyao-gucheng"]),  # English name
        ("temple", ["pingyao-shuanglinsi"]),
        ("pygc", ["pingyao-gucheng"]),  # pinyin initials
    ],
)
def test_text_search(mini_catalog, text, expected):
    assert mini_catalog.site_ids(text=text) == expected


def test_text_search_ranks_exact_name_first(mini_catalog):
    assert mini_catalog.site_ids(text="静升")[0] == "lingshi-jingsheng"


def test_search_text_with_sql_and_fts_syntax_is_inert(mini_catalog):
    for text in ['" OR 1=1 --', "'; DROP TABLE sites; --", "NEAR(a b)", "%", "_", "*"]:
        assert mini_catalog.site_ids(text=text) == []
    assert len(mini_catalog.site_ids()) == 5


def test_filters_combine(mini_catalog):
    assert mini_catalog.site_ids(kinds=["中国传统村落"]) == ["lingshi-jingsheng", "jiexiu-zhangbi"]
    assert mini_catalog.site_ids(levels=["world"]) == ["pingyao-gucheng"]
    assert mini_catalog.site_ids(counties=["平遥"], themes=["宗教建筑"]) == ["pingyao-shuanglinsi"]
    assert mini_catalog.site_ids(counties=["Jiexiu City"]) == ["jiexiu-zhangbi"]
    assert mini_catalog.site_ids(counties=["140781"]) == ["jiexiu-zhangbi"]
    assert set(mini_catalog.site_ids(greenways=["dayun"])) == {
        "pingyao-gucheng",
        "pingyao-shuanglinsi",
        "jiexiu-zhangbi",
    }
    # kind and level must hold on the same designation
    assert mini_catalog.site_ids(kinds=["世界文化遗产"], levels=["national"]) == []
    assert mini_catalog.count(kinds=["文物保护单位"]) == 3


def test_order_is_best_level_first(mini_catalog):
    assert mini_catalog.site_ids()[0] == "pingyao-gucheng"  # the only world-level site


def test_near_orders_by_distance_and_respects_radius(mini_catalog):
    ids = mini_catalog.site_ids(near=(36.8961, 111.8690, 5))  # at 静升村
    assert ids == ["lingshi-jingsheng", "lingshi-jingshengwenmiao"]
    nearby = mini_catalog.nearby("lingshi-jingsheng", km=20)
    assert [s.id for s, _ in nearby][0] == "lingshi-jingshengwenmiao"
    assert 0 < nearby[0][1] < 200


def test_greenway_buffer_adds_nearby_sites(mini_catalog):
    on = set(mini_catalog.site_ids(greenways=["dayun"]))
    buffered = set(mini_catalog.site_ids(greenways=["dayun"], greenway_buffer_km=15))
    assert on < buffered
    assert buffered - on == {"lingshi-jingsheng", "lingshi-jingshengwenmiao"}  # ~8 km from 张壁
    assert set(mini_catalog.site_ids(greenways=["dayun"], greenway_buffer_km=0)) == on


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"counties": ["火星县"]}, "unknown county"),
        ({"kinds": ["名胜古迹"]}, "unknown designation kind"),
        ({"levels": ["galactic"]}, "unknown level"),
        ({"themes": ["美食"]}, "unknown theme"),
        ({"greenways": ["nowhere"]}, "unknown greenway"),
        ({"kinds": "中国传统村落"}, "must be a list"),
        ({"text": "   "}, "search text is empty"),
        ({"text": "x" * 201}, "longer than 200"),
        ({"near": (37.0, 112.0, -1)}, "radius"),
        ({"near": (137.0, 112.0, 1)}, "not a latitude"),
        ({"near": (float("nan"), 112.0, 1)}, "finite"),
        ({"greenway_buffer_km": 5}, "needs at least one greenway"),
    ],
)
def test_bad_filters_raise_clear_errors(mini_catalog, filters, message):
    with pytest.raises(ValueError, match=message):
        mini_catalog.site_ids(**filters)


def test_unknown_site_is_a_key_error(mini_catalog):
    with pytest.raises(KeyError):
        mini_catalog.site("nope")


def test_intangible_items_have_no_point(mini_catalog):
    items = mini_catalog.intangible(county="平遥")
    assert [i.name_zh for i in items] == ["平遥推光漆器髹饰技艺"]
    assert not hasattr(items[0], "lat")
    assert mini_catalog.intangible(text="tuiguang")[0].id == "fixture-item"


def test_page_gives_ids_and_a_capped_count(mini_catalog):
    ids, n = mini_catalog.page(limit=2)
    assert ids == mini_catalog.site_ids()[:2] and n == 5
    ids, n = mini_catalog.page(limit=2, offset=4)
    assert len(ids) == 1 and n == 5
    assert mini_catalog.count(cap=3) == 4  # "3+": counting stopped at cap + 1
    with pytest.raises(ValueError, match="limit must be at least 1"):
        mini_catalog.page(limit=0)


def test_derived_rank_and_theme_mask_follow_edits(mini_db, tmp_path):
    import shutil

    from catalog.repository import Catalog

    copy = tmp_path / "copy.db"
    shutil.copy(mini_db, copy)
    with Catalog(copy) as cat:
        assert cat.site_ids(levels=["world"]) == ["pingyao-gucheng"]
        assert cat.site_ids()[0] == "pingyao-gucheng"
        cat.conn.execute("DELETE FROM designations WHERE site_id = 'pingyao-gucheng'")
        cat.conn.execute(
            "INSERT INTO site_themes (site_id, theme) VALUES ('lingshi-jingsheng', '红色文化')"
        )
        assert cat.site_ids()[-1] == "pingyao-gucheng"  # no designation: listed last
        assert cat.site_ids(themes=["红色文化"]) == ["lingshi-jingsheng"]
        cat.conn.execute("DELETE FROM site_themes WHERE theme = '红色文化'")
        assert cat.site_ids(themes=["红色文化"]) == []


def test_page_and_count_refuse_unknown_filters(mini_catalog):
    with pytest.raises(TypeError, match="unknown filter"):
        mini_catalog.page(county=["平遥"])  # a typo of counties= must not list everything
    with pytest.raises(TypeError, match="unknown filter"):
        mini_catalog.count(theme=["宗教建筑"])
