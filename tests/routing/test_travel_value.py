"""The travel estimate and the visit value: their documented orderings, and integer outputs."""

from __future__ import annotations

from catalog.models import Designation
from routing.sites_json import site_from_json
from routing.travel import (
    EstimatedTravel,
    TravelPoint,
    haversine_m,
    stop_overhead_seconds,
)
from routing.value import visit_value

BASIN_A = TravelPoint(37.20, 112.18, "140728")  # 平遥
BASIN_B = TravelPoint(37.40, 112.18, "140727")  # ~22 km north, 祁县
MOUNT_A = TravelPoint(37.07, 113.38, "140722")  # 左权
MOUNT_B = TravelPoint(37.27, 113.38, "140722")  # ~22 km north, still 左权


def test_haversine_known_distance() -> None:
    """0.2° of latitude is 22.24 km."""
    assert abs(haversine_m(BASIN_A, BASIN_B) - 22_239) < 20


def test_mountain_legs_are_slower_and_longer_than_basin_legs() -> None:
    car = EstimatedTravel("car")
    (basin_s, basin_m), (mount_s, mount_m) = car.leg(BASIN_A, BASIN_B), car.leg(MOUNT_A, MOUNT_B)
    assert mount_s > basin_s and mount_m > basin_m


def test_a_mixed_leg_uses_the_mountain_figures() -> None:
    car = EstimatedTravel("car")
    mixed = TravelPoint(37.40, 112.18, "140722")  # a point labelled 左权 at the basin spot
    assert car.leg(BASIN_A, mixed) > car.leg(BASIN_A, BASIN_B)


def test_coach_is_slower_and_its_overhead_grows_with_the_group() -> None:
    assert EstimatedTravel("coach", 40).leg(BASIN_A, BASIN_B)[0] > EstimatedTravel("car").leg(
        BASIN_A, BASIN_B)[0]
    assert stop_overhead_seconds("coach", 50) > stop_overhead_seconds("coach", 10)
    assert stop_overhead_seconds("car", 4) < stop_overhead_seconds("coach", 1)


def test_matrix_is_integer_with_zero_for_the_same_place() -> None:
    same = TravelPoint(BASIN_A.lat + 0.0002, BASIN_A.lon, "140728")  # ~22 m away
    s, m = EstimatedTravel("coach", 40).matrix([BASIN_A, BASIN_B, same])
    assert all(type(v) is int for row in s + m for v in row)
    assert s[0][2] == m[0][2] == 0 and s[0][0] == 0
    assert s[0][1] > 0 and m[0][1] > 22_000


def _site(designations: list[dict], themes: list[str] = (), greenways: list[dict] = ()):  # noqa: ANN202
    return site_from_json({
        "id": "x", "name_zh": "x", "county_adcode": "140728", "lat": 37.2, "lon": 112.2,
        "visit_minutes": 60, "designations": designations, "themes": list(themes),
        "greenways": list(greenways),
    })


def test_value_orders_world_national_provincial_county() -> None:
    world = _site([{"kind": "世界文化遗产", "level": "world"}])
    national = _site([{"kind": "文物保护单位", "level": "national"}])
    provincial = _site([{"kind": "文物保护单位", "level": "provincial"}])
    county = _site([{"kind": "文物保护单位", "level": "county"}])
    none = _site([])
    values = [visit_value(s) for s in (world, national, provincial, county)]
    assert values == sorted(values, reverse=True) and len(set(values)) == 4
    assert all(type(v) is int for v in values) and visit_value(none) > 0


def test_5a_outranks_4a_and_extra_designations_add_less_than_their_worth() -> None:
    a5 = _site([{"kind": "A级景区", "level": "national", "batch": "5A"}])
    a4 = _site([{"kind": "A级景区", "level": "national", "batch": "AAAA"}])
    assert visit_value(a5) > visit_value(a4)
    relic = [{"kind": "文物保护单位", "level": "national"}]
    village = [{"kind": "历史文化名村", "level": "national"}]
    both = visit_value(_site(relic + village))
    assert visit_value(_site(relic)) < both < visit_value(_site(relic)) + visit_value(_site(village))


def test_interest_weights_and_greenway_bonus() -> None:
    relic = [{"kind": "文物保护单位", "level": "national"}]
    merchant = _site(relic, ["晋商文化"])
    assert visit_value(merchant, {"晋商文化": 2.0}) == 2 * visit_value(merchant)
    assert visit_value(merchant, {"红色文化": 3.0}) == visit_value(merchant)
    assert visit_value(merchant, {"晋商文化": 0.0}) == 0
    on_dayun = _site(relic, greenways=[{"greenway_id": "dayun", "order": 3}])
    assert visit_value(on_dayun, greenways=["dayun"]) > visit_value(merchant)
    assert visit_value(on_dayun, greenways=["hongse"]) == visit_value(merchant)


def test_designation_type_is_the_catalogue_one() -> None:
    """The value reads ``catalog.models.Designation`` as the repository builds it."""
    site = _site([{"kind": "文物保护单位", "level": "national"}])
    assert isinstance(site.designations[0], Designation)


def test_an_ended_designation_counts_no_more() -> None:
    """乔家大院's 5A was revoked in 2019: only its 国保 listing counts."""
    from dataclasses import replace

    from routing.value import base_points, value_parts

    base = _site([{"kind": "文物保护单位", "level": "national"}])
    revoked = replace(base, designations=(*base.designations, Designation(
        "A级景区", "national", "5A", ended="2019-07-31", end_reason="revoked")))
    assert base_points(revoked) == base_points(base) == 40.0
    assert [p["kind"] for c, p in value_parts(revoked) if c == "designation"] == ["文物保护单位"]


def test_the_vectorised_matrix_is_every_leg_exactly() -> None:
    """``matrix`` (numpy, all legs at once) gives the same integers as ``leg`` one by one, on the
    real catalogue (walled towns, mountain counties, shared county-centre points) and on 300
    synthetic sites of the scale benchmark, by car and by coach."""
    from catalog.paths import DEFAULT_DB
    from catalog.repository import Catalog
    from routing.bench_synthetic import synthetic_sites
    from routing.walking import towns, travel_point

    with Catalog(DEFAULT_DB, readonly=True) as cat:
        real = cat.get_many(cat.site_ids())
    sites = real + synthetic_sites(real, count=300)
    town_of = towns(sites)
    points = [travel_point(s, town_of) for s in sites]
    assert sum(p.town is not None for p in points) > 5
    for travel in (EstimatedTravel("car"), EstimatedTravel("coach", 40)):
        seconds, metres = travel.matrix(points)
        for i, a in enumerate(points):
            want = [travel.leg(a, b) if i != j else (0, 0) for j, b in enumerate(points)]
            assert list(zip(seconds[i], metres[i], strict=True)) == want, i
