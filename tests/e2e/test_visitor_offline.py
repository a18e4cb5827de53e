"""A visitor's pages in Debian chromium, both languages: nothing is fetched from outside the
machine unless the visitor picks an online base map, the offline map draws on the Map and
Greenways pages, and the density view draws its county outlines (issue 15)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.e2e.helpers import map_frame, wait_idle

#: Every page a visitor can open (the plan page plans from its link too).
VISITOR_PATHS = ("home", "map", "catalogue", "site?site=pingyao-gucheng", "greenways",
                 "plan?gw=dayun&days=2&lodging=pingyao-gucheng", "login")


def _is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    host = url.split("/")[2].split(":")[0]
    return host in ("127.0.0.1", "localhost")


def _record(page) -> list[str]:  # noqa: ANN001
    """Every request the page (and its iframes) makes to anywhere but this machine."""
    outside: list[str] = []
    page.on("request", lambda r: None if _is_local(r.url) else outside.append(r.url))
    return outside


def _with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_fetches_anything_from_outside(app_url, offline_page, lang, shot) -> None:
    page = offline_page
    outside = _record(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in VISITOR_PATHS:
        page.goto(f"{app_url}/{_with_lang(path, lang)}")
        wait_idle(page)
        page.wait_for_timeout(1000)  # iframes, favicons and lazy chunks
        if path.startswith("plan"):
            page.get_by_role("button", name="生成行程" if lang == "zh" else "Plan", exact=True).click()
            wait_idle(page)
            page.wait_for_timeout(1500)
        if path == "map":  # the density view too
            page.get_by_text("密度" if lang == "zh" else "Density", exact=True).click()
            wait_idle(page)
            page.wait_for_timeout(1500)
        assert not outside, f"/{path} ({lang}) fetched from outside the machine: {outside}"
        shot(page, f"{lang}-{path.split('?')[0]}")  # every page in both languages, for review
    assert not errors, errors


@pytest.mark.parametrize("path", ["map", "greenways"])
def test_offline_base_map_draws_the_sites(app_url, offline_page, path, shot) -> None:
    page = offline_page
    outside = _record(page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "maxZoom" in m.text else None)
    page.goto(f"{app_url}/{path}?basemap=none")
    wait_idle(page)
    # the default base map is the offline one: no choice was needed
    if path == "map":  # its base map choice sits in a popover above the map
        page.get_by_role("button", name="底图与图层").click()
    checked = page.get_by_role("radio", name="无底图（离线）")
    assert checked.is_checked()
    frame = map_frame(page)
    marker = "path.site-marker, .site-cluster" if path == "map" else ".stop-number"
    frame.wait_for_selector(marker, state="attached")
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
    assert box["height"] > 400, box  # the frame no longer collapses to height 0
    assert frame.locator("path.county").count() >= 11  # the counties say where things are
    assert frame.evaluate("() => window.map.getMaxZoom()") == 18
    assert not errors and not outside, (errors, outside)
    shot(page)


def test_density_view_draws_county_outlines_and_a_legend(app_url, offline_page, shot) -> None:
    page = offline_page
    outside = _record(page)
    page.goto(f"{app_url}/map")
    wait_idle(page)
    page.get_by_text("密度", exact=True).click()
    wait_idle(page)
    canvas = page.locator("#deckgl-overlay, canvas").first
    canvas.wait_for()
    page.wait_for_timeout(2500)  # deck.gl draws after its bundle loads
    raw = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB").tobytes()
    grey = sum(1 for i in range(0, len(raw), 3)
               if all(abs(v - 90) < 25 for v in raw[i:i + 3]))
    assert grey > 500, f"county outlines not drawn ({grey} outline-grey pixels)"
    legend = page.locator(".density-legend")
    assert "县区界线" in legend.inner_text()
    assert not outside, outside
    shot(page)


STOPS_CLEAR_JS = """
() => {
  const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  const scale = document.querySelector('.leaflet-control-scale').getBoundingClientRect();
  const bad = [];
  const stops = document.querySelectorAll('.route-stop, path.lodging');
  stops.forEach(e => {
    const r = e.getBoundingClientRect();
    const inside = r.left >= map.left && r.right <= map.right && r.top >= map.top
      && r.bottom <= map.bottom;
    const underScale = r.left < scale.right && r.right > scale.left && r.top < scale.bottom
      && r.bottom > scale.top;
    if (!inside || underScale) bad.push(e.className.baseVal || e.className);
  });
  return {n: stops.length, bad};
}
"""


def test_plan_map_shows_every_stop_clear_of_the_scale_bar(app_url, offline_page, shot) -> None:
    page = offline_page
    page.goto(f"{app_url}/plan?gw=dayun&days=2&lodging=pingyao-gucheng")
    wait_idle(page)
    page.get_by_role("button", name="生成行程").click()
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_selector(".route-stop", state="attached")
    page.wait_for_timeout(800)  # the fit-to-bounds
    result = frame.evaluate(STOPS_CLEAR_JS)
    assert result["n"] > 2 and not result["bad"], result
    # the layer switch shows its icon: the vendored image is served
    icon = frame.evaluate("() => getComputedStyle(document.querySelector("
                          "'.leaflet-control-layers-toggle')).backgroundImage")
    assert "layers" in icon, icon
    url = icon.split('"')[1]
    assert page.request.get(url).ok, url
    shot(page)


def test_map_legend_explains_greenway_lines_in_distinct_colours(app_url, offline_page) -> None:
    page = offline_page
    page.goto(f"{app_url}/map")
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_selector("path.greenway", state="attached")
    strokes = frame.evaluate("() => Object.fromEntries([...document.querySelectorAll("
                             "'path.greenway')].map(p => [p.getAttribute('class').match("
                             "/greenway-(\\S+)/)[1], p.getAttribute('stroke') + ' ' "
                             "+ p.getAttribute('stroke-dasharray')]))")
    assert len(strokes) == 3 and len(set(strokes.values())) == 3, strokes
    colours = {v.split()[0] for v in strokes.values()}
    assert len(colours) == 3, strokes  # distinct colours, not only distinct dashes
    legend = page.locator(".map-legend")
    for name in ("大运线晋商文化绿道", "红色太行旅游绿道", "县区界线"):
        assert name in legend.inner_text()
