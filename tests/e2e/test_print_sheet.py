"""The print sheet as Chromium renders it: flags on the right rows, addresses, the AMap link with
GCJ-02 coordinates, a route sketch per day, a QR code that decodes (zxing-cpp, from the
screenshot) to the share link, nothing fetched from outside; screenshots in zh and en."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from PIL import Image

from catalog.coords import wgs84_to_gcj02
from routing.exports import label, to_html
from tests.e2e.server import ARTIFACTS
from tests.routing.exports.fixtures import SHARE, export_sites, planned, sheet_en, sheet_zh
from tests.routing.exports.test_files import FLAGS, KNOWN_PP

__all__ = ["export_sites", "planned", "sheet_en", "sheet_zh"]  # fixtures used below


@pytest.mark.parametrize("which", ["sheet_zh", "sheet_en"])
def test_print_sheet_in_chromium(which, request, page, tmp_path, export_sites, planned) -> None:
    sheet = request.getfixturevalue(which)
    lang = sheet.lang
    path = tmp_path / f"sheet-{lang}.html"
    path.write_text(to_html(sheet), encoding="utf-8")
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file:") else None)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(path.as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"print-sheet-{lang}.png"), full_page=True)
    assert outside == [], f"the sheet fetched {outside}"

    # one route sketch per day, drawn from coordinates
    assert page.locator("section.day svg.route-map").count() == len(planned.days)
    # flags on the right rows, nowhere else
    for site, (est, approx) in FLAGS.items():
        row = page.locator(f"tr.visit[data-site='{site}']")
        assert row.count() == 1
        flags = row.locator("td.flags").inner_text()
        assert (label("flag_estimated", lang) in flags) == est
        assert (label("flag_approx", lang) in flags) == approx
        address = export_sites[site].address or export_sites[site].county_zh
        assert address in row.inner_text()
        # the AMap link carries the GCJ-02 point, ~0.5 km from the WGS-84 one
        href = row.locator("a.amap").get_attribute("href")
        query = parse_qs(urlparse(href).query)
        assert query["coordinate"] == ["gaode"]
        lon, lat = (float(x) for x in query["position"][0].split(","))
        glon, glat = wgs84_to_gcj02(export_sites[site].lon, export_sites[site].lat)
        assert abs(lon - glon) < 1e-5 and abs(lat - glat) < 1e-5
        assert abs(lon - export_sites[site].lon) > 0.003
    assert page.locator("tr.lunch").count() == sum(d.lunch_start is not None for d in planned.days)
    text = page.inner_text("body")
    assert label("open_amap", lang) in text
    assert str(KNOWN_PP * 40) in page.inner_text("p.tickets")
    assert label("legend", lang) in text
    assert label("tickets_unknown", lang, u=1) in page.inner_text("p.tickets")
    # unknown prices are not repeated per row
    assert text.count("未知") <= 1 if lang == "zh" else text.count("unknown") <= 1

    # the QR code, decoded from what Chromium drew
    png = page.locator("svg.share-qr").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert [b.text for b in found] == [SHARE]
