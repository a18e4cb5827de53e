"""WGS-84 ⇄ GCJ-02 ⇄ BD-09 against vectors published by other implementations.

Vectors: googollee/eviltransform (Python test suite: Shanghai, Shenzhen, Beijing),
coordtransform-rs (unit tests at 116.404E 39.915N, all three directions) and hujiulong/gcoord
(unit tests for GCJ02→WGS84 and GCJ02→BD09 at 123E 45N).
"""

import pytest

from catalog import coords

# (wgs_lat, wgs_lon, gcj_lat, gcj_lon) — eviltransform's TESTS
EVILTRANSFORM = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
]


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), EVILTRANSFORM)
def test_wgs_to_gcj_matches_published_vectors(wlat, wlon, glat, glon):
    lon, lat = coords.wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-9)
    assert lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), EVILTRANSFORM)
def test_gcj_to_wgs_inverts_within_a_millimetre(wlat, wlon, glat, glon):
    lon, lat = coords.gcj02_to_wgs84(glon, glat)
    assert coords.haversine_m(lon, lat, wlon, wlat) < 0.001


def test_coordtransform_rs_vectors_exactly():
    assert coords.bd09_to_gcj02(116.404, 39.915) == pytest.approx(
        (116.39762729119315, 39.90865673957631), abs=1e-12
    )
    assert coords.gcj02_to_bd09(116.404, 39.915) == pytest.approx(
        (116.41036949371029, 39.92133699351021), abs=1e-12
    )
    assert coords.wgs84_to_gcj02(116.404, 39.915) == pytest.approx(
        (116.41024449916938, 39.91640428150164), abs=1e-12
    )


def test_gcoord_vectors_at_123e_45n():
    lon, lat = coords.gcj02_to_wgs84(123.0, 45.0)
    assert (lon, lat) == (
        pytest.approx(122.99395597, abs=1e-5),
        pytest.approx(44.99804071, abs=1e-5),
    )
    lon, lat = coords.gcj02_to_bd09(123.0, 45.0)
    assert (lon, lat) == (
        pytest.approx(123.00636499, abs=1e-5),
        pytest.approx(45.00636899, abs=1e-5),
    )


def test_bd_round_trip_is_sub_metre():
    lon, lat = 112.18, 37.20  # Pingyao
    back = coords.bd09_to_gcj02(*coords.gcj02_to_bd09(lon, lat))
    assert coords.haversine_m(*back, lon, lat) < 0.5


def test_shift_in_jinzhong_is_about_580_m_east():
    lon, lat = 112.18, 37.20  # Pingyao, WGS-84
    glon, glat = coords.wgs84_to_gcj02(lon, lat)
    assert 550 < coords.haversine_m(lon, lat, glon, glat) < 620
    assert glon > lon


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [(112.18, 37.20, True), (116.39, 39.9, True), (2.35, 48.85, False), (-74.0, 40.7, False)],
)
def test_outside_china_is_identity(lon, lat, inside):
    assert coords.in_china(lon, lat) is inside
    moved = coords.wgs84_to_gcj02(lon, lat) != (lon, lat)
    assert moved is inside


def test_to_wgs84_dispatches_and_rejects_unknown_crs():
    assert coords.to_wgs84(112.0, 37.0, "wgs-84") == (112.0, 37.0)
    g = coords.wgs84_to_gcj02(112.0, 37.0)
    assert coords.haversine_m(*coords.to_wgs84(*g, "GCJ02"), 112.0, 37.0) < 0.001
    with pytest.raises(ValueError, match="unknown coordinate system"):
        coords.to_wgs84(112.0, 37.0, "EPSG:3857")
