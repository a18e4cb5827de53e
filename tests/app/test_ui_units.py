"""Pure app-side logic: map clicks, URL state, form checks, base-map projection, assets, labels."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from catalog.coords import haversine_m
from catalog.models import THEMES
from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from ui.assets import all_asset_urls, local_path, use_local_assets
from ui.basemap import AMAP, NO_TILES, OSM
from ui.i18n import STRINGS, t
from ui.mapclick import DrawnPoint, site_from_click
from ui.planning import PlanInputError, build_request, run_plan
from ui.urlstate import (
    LIMITS,
    PlanInputs,
    from_params,
    has_plan_params,
    point_lodging,
    to_params,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cat():
    with Catalog(DEFAULT_DB, readonly=True) as c:
        yield c


# ------------------------------------------------------------------ map clicks

DRAWN = [
    DrawnPoint("a", 37.2, 112.1, "甲 · 平遥县"),
    DrawnPoint("b", 37.5, 112.5, "乙 · 祁县"),
    DrawnPoint("c", 37.5, 112.5, "丙 · 祁县"),  # same point as b (county precision)
]


def test_click_on_a_marker_gives_its_site() -> None:
    event = {"last_object_clicked": {"lat": 37.2, "lng": 112.1}}
    assert site_from_click(event, DRAWN) == "a"


def test_shared_points_are_told_apart_by_the_tooltip() -> None:
    event = {"last_object_clicked": {"lat": 37.5, "lng": 112.5},
             "last_object_clicked_tooltip": "丙 · 祁县"}
    assert site_from_click(event, DRAWN) == "c"


@pytest.mark.parametrize("event", [
    None, {}, {"last_object_clicked": None}, {"last_object_clicked": {"lat": 37.3, "lng": 112.1}},
    {"last_object_clicked": {"lat": "x", "lng": 1}},
])
def test_clicks_off_markers_give_nothing(event) -> None:
    assert site_from_click(event, DRAWN) is None


def test_clicks_match_points_as_drawn_on_amap(cat) -> None:
    from ui.maps import drawn_points

    site = cat.site("pingyao-gucheng")
    drawn = drawn_points([site], AMAP, "zh")
    event = {"last_object_clicked": {"lat": drawn[0].lat, "lng": drawn[0].lon}}
    assert site_from_click(event, drawn) == "pingyao-gucheng"
    wgs_event = {"last_object_clicked": {"lat": site.lat, "lng": site.lon}}
    assert site_from_click(wgs_event, drawn) is None  # the WGS-84 point is not where it is drawn


# ------------------------------------------------------------------ base maps


def test_amap_shifts_points_by_the_gcj02_offset_and_osm_does_not(cat) -> None:
    site = cat.site("pingyao-gucheng")
    assert OSM.project(site.lat, site.lon) == (site.lat, site.lon)
    assert NO_TILES.project(site.lat, site.lon) == (site.lat, site.lon)
    lat, lon = AMAP.project(site.lat, site.lon)
    shift = haversine_m(site.lon, site.lat, lon, lat)
    assert 560 <= shift <= 600  # PITFALLS d: ~581 m at Pingyao
    assert lon > site.lon  # mostly eastward


def test_boundaries_published_in_gcj02_are_unshifted_for_osm() -> None:
    lat_g, lon_g = AMAP.project(37.2, 112.2)
    lat_w, lon_w = OSM.project_gcj02(lat_g, lon_g)
    assert abs(lat_w - 37.2) < 1e-7 and abs(lon_w - 112.2) < 1e-7
    assert AMAP.project_gcj02(lat_g, lon_g) == (lat_g, lon_g)


def test_custom_tiles_carry_attribution() -> None:
    assert OSM.tile_layer() is not None and "OpenStreetMap" in OSM.attribution
    assert AMAP.tile_layer() is not None and "高德" in AMAP.attribution
    assert NO_TILES.tile_layer() is None


# ------------------------------------------------------------------ vendored assets


def test_every_vendored_asset_exists_with_its_licence() -> None:
    for url in all_asset_urls():
        assert url.startswith("/app/static/vendor/")
        assert local_path(url).is_file(), url
    for folder in {local_path(u).parent for u in all_asset_urls()}:
        assert (folder / "LICENSE").is_file(), folder


def test_maps_load_nothing_from_a_cdn(cat) -> None:
    from ui.maps import site_map

    use_local_assets()
    fmap, _ = site_map(cat.sites(limit=20), OSM, "zh")
    html = fmap.get_root().render()
    for host in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "bootstrapcdn",
                 "fontawesome", "unpkg.com"):
        assert host not in html, host
    assert "/app/static/vendor/leaflet-1.9.4/leaflet.js" in html
    assert "leaflet.markercluster.js" in html


def test_static_serving_is_enabled() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True


# ------------------------------------------------------------------ URL state


def test_plan_inputs_round_trip_through_the_url() -> None:
    p = PlanInputs(start_date=dt.date(2026, 5, 12), days=3, day_start="08:00", day_end="19:00",
                   lodging=("pingyao-gucheng", point_lodging(37.1, 112.0, "客栈 A"),
                            "pingyao-gucheng"),
                   lunch=False, mode="coach", group_size=40, greenways=("dayun",),
                   buffer_km=15.0, themes=("晋商文化",), must=("lingshi-wangjiadayuan",),
                   excluded=("qixian-jiugou",), pinned=(("jiexiu-zhangbi", 2),), max_per_day=4)
    params = to_params(p)
    assert has_plan_params(params)
    back, errors = from_params(params)
    assert errors == [] and back == p


def test_unreadable_url_values_are_reported_and_wrong_ones_kept() -> None:
    p, errors = from_params({"start": "12/05/2026", "days": "zero", "pin": "x", "to": "07:00"})
    assert errors == ["start='12/05/2026'", "days='zero'", "pin='x'"]
    assert p.day_end == "07:00"  # kept, so the form's check explains it
    p, errors = from_params({"days": "0"})
    assert p.days == 0 and errors == []


def test_url_values_the_form_cannot_hold_are_reported_and_the_default_kept() -> None:
    """Out of the widgets' range (they would raise), not a time, an unknown mode or theme."""
    default = PlanInputs()
    p, errors = from_params({"days": "31", "group": "0", "max": "-1", "buffer": "1e9",
                             "from": "25:00", "mode": "plane", "lunch": "11:30-13:30-999",
                             "themes": f"{THEMES[0]},zzz"})
    assert errors == ["days='31'", "group='0'", "max='-1'", "buffer='1e9'", "from='25:00'",
                      "mode='plane'", "lunch='11:30-13:30-999'", "themes='zzz'"]
    assert (p.days, p.group_size, p.max_per_day, p.buffer_km, p.day_start, p.mode) == (
        default.days, default.group_size, default.max_per_day, default.buffer_km,
        default.day_start, default.mode)
    assert p.lunch_minutes == default.lunch_minutes and p.themes == (THEMES[0],)
    for key, (low, high) in LIMITS.items():  # the bounds themselves are accepted
        if key != "lunch_minutes":
            assert from_params({key: f"{low:g}"})[1] == from_params({key: f"{high:g}"})[1] == []
    assert from_params({"buffer": "nan"})[1] == ["buffer='nan'"]


# ------------------------------------------------------------------ form checks

def test_a_good_form_becomes_a_request() -> None:
    req = build_request(PlanInputs(start_date=dt.date(2026, 5, 12), days=2,
                                   must=("lingshi-wangjiadayuan",), greenways=("dayun",),
                                   buffer_km=10))
    assert req.days == 2 and req.must_visit == ("lingshi-wangjiadayuan",)
    assert req.lodging[0].site_id == "pingyao-gucheng" and len(req.lodging) == 2
    assert req.candidates.greenways == ("dayun",) and req.candidates.greenway_buffer_km == 10
    assert req.lunch is not None and req.lunch.minutes == 60


@pytest.mark.parametrize(("inputs", "message"), [
    (PlanInputs(days=0), "天数至少为 1 天。"),
    (PlanInputs(days=15), "最多可规划 14 天。"),
    (PlanInputs(day_start="09:00", day_end="08:00"), "每日返回时间（08:00）必须晚于出发时间（09:00）。"),
    (PlanInputs(must=("jiexiu-zhangbi",), excluded=("jiexiu-zhangbi",)),
     "jiexiu-zhangbi 同时被设为必去（或固定）和排除。"),
    (PlanInputs(lunch_minutes=150), "午餐 150 分钟放不进 11:30–13:30。"),
    (PlanInputs(lodging=("pt:91,112,x",)), "lodging[0]：坐标超出范围（91.0，112.0）。"),
    (PlanInputs(lodging=("pt:37.2,112.1,",)), "lodging[0].name：不能为空，收到 ''。"),
])
def test_bad_forms_get_one_clear_sentence(inputs, message) -> None:
    """The rules are the service's (routing.problem_json); the form only words them."""
    with pytest.raises(PlanInputError) as err:
        build_request(inputs)
    assert str(err.value) == message
    assert err.value.error is not None and err.value.error.code


@pytest.mark.parametrize("inputs", [PlanInputs(must=("atlantis",)),
                                    PlanInputs(lodging=("atlantis",))])
def test_an_unknown_site_is_named_by_the_service(inputs) -> None:
    with pytest.raises(PlanInputError) as err:
        run_plan(build_request(inputs), DEFAULT_DB, lang="en")
    assert str(err.value) == "Unknown site “atlantis”: it is not in the catalogue."


def test_a_map_point_is_a_lodging() -> None:
    req = build_request(PlanInputs(days=1, lodging=(point_lodging(37.19, 112.17, "民宿"),)))
    assert req.lodging[0].site_id is None and req.lodging[0].name == "民宿"


# ------------------------------------------------------------------ translations


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "t" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                keys.add(node.args[0].value)
    return keys


def test_every_label_used_exists_in_both_languages() -> None:
    used = _used_keys()
    assert len(used) > 100
    missing = sorted(used - set(STRINGS))
    assert missing == []
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key


def test_every_multiselect_has_a_translated_placeholder() -> None:
    """Streamlit's default multiselect placeholder is English on the Chinese pages too."""
    calls = []
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "multiselect"):
                kw = {k.arg: k.value for k in node.keywords}
                calls.append((path.name, node.lineno))
                assert "placeholder" in kw, (path.name, node.lineno)
                assert ast.unparse(kw["placeholder"]) == "t('choose', lang)", (path.name, node.lineno)
    assert len(calls) >= 10  # the plan page's pin/remove lists became ui.planedit's selectboxes


def test_labels_switch_language() -> None:
    assert t("page_map") == "地图" and t("page_map", "en") == "Map explorer"
    assert t("n_sites", "en", n=3) == "3 sites"


# ------------------------------------------------------------------ county outlines

def test_simplify_keeps_what_sticks_out_and_the_ends() -> None:
    from ui.maps import simplify

    line = [(37.0, 112.0), (37.0, 112.1), (37.002, 112.2), (37.0, 112.3), (37.0, 112.4)]
    assert simplify(line, 0.001) == [line[0], line[2], line[4]]  # 0.002 deg bump stays
    assert simplify(line, 0.003) == [line[0], line[4]]  # below tolerance: straight line
    ring = [*line, (37.1, 112.2), line[0]]
    kept = simplify(ring, 0.01)
    assert kept[0] == kept[-1] == line[0]  # a closed ring stays closed


def test_county_outlines_are_simplified_closed_rings(cat) -> None:
    from ui.maps import _polygons, outline_rings

    boundaries = cat.boundaries_gcj02()
    raw = sum(len(p[0]) for g in boundaries.values() for p in _polygons(g))
    rings = outline_rings(boundaries, OSM)
    kept = sum(len(r) for parts in rings.values() for r in parts)
    assert set(rings) == set(boundaries)
    assert kept < raw / 2
    assert all(len(r) > 3 and r[0] == r[-1] for parts in rings.values() for r in parts)
