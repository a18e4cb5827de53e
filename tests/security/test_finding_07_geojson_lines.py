"""Finding 7: GeoJSON feature lines are counted in linear time.

The old ``_feature_lines`` counted newlines from the start of the text for every feature
(``text.count("\\n", 0, i)``): quadratic, 246 s of CPU for an 11 MB, 100k-feature file. Timing
is not asserted (a loaded machine says nothing); the characters scanned are counted instead.
"""

from __future__ import annotations

import json

from catalog import importer


class CountingText(str):
    """A str that adds up how many characters ``count`` scans."""

    scanned = 0

    def count(self, sub, start=0, end=None):  # noqa: ANN001, ANN201 - str's signature
        stop = len(self) if end is None else end
        CountingText.scanned += max(0, stop - start)
        return super().count(sub, start, end)


def geojson(n: int) -> str:
    features = [{"type": "Feature", "properties": {"name_zh": f"寺{i}"},
                 "geometry": {"type": "Point", "coordinates": [112.18, 37.2]}} for i in range(n)]
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=1)


def test_line_counting_scans_the_text_about_once() -> None:
    text = geojson(2000)
    CountingText.scanned = 0
    lines = importer._feature_lines(CountingText(text), 2000)
    assert CountingText.scanned <= len(text)  # the old code scanned ~1000 × len(text)
    # and the lines are right: with indent=1 each feature's '{' is a line of its own, "  {"
    expected = [n + 1 for n, line in enumerate(text.split("\n")) if line == "  {"]
    assert len(expected) == 2000 and lines == expected


def test_a_100k_feature_file_is_read_in_one_pass() -> None:
    text = geojson(100_000)
    CountingText.scanned = 0
    lines = importer._feature_lines(CountingText(text), 100_000)
    assert len(lines) == 100_000 and CountingText.scanned <= len(text)
