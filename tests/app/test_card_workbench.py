"""AppTest: the site card shows an ended designation, a level 'unknown', and readable sources.

Real catalogue: 乔家大院's 5A was revoked on 2019-07-31 (hzcn-2019-qiaojia); the plan names
榆次东阳 as one of its six 历史文化名镇 without a level.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import no_exception, open_page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ended_and_unknown_designations_on_the_card(lang):
    at = open_page("site", {"site": "qixian-qiaojiadayuan"}, lang=lang)
    no_exception(at)
    table = at.dataframe[0].value
    status = "状态" if lang == "zh" else "Status"
    source = "来源" if lang == "zh" else "Source"
    ended = table[table[status] != ("有效" if lang == "zh" else "current")]
    assert list(ended[status]) == (["2019-07-31 撤销"] if lang == "zh" else ["revoked 2019-07-31"])
    assert "乔家大院被撤5A" in ended[source].iloc[0]  # the source's title, not its id
    assert "hzcn.com" in ended["link"].iloc[0]
    assert not any("#" in s and " " not in s for s in table[source])  # no raw source ids

    at = open_page("site", {"site": "yuci-dongyangzhen"}, lang=lang)
    no_exception(at)
    table = at.dataframe[0].value
    level = "级别" if lang == "zh" else "Level"
    assert list(table[level]) == ["级别不明" if lang == "zh" else "Level unknown"]


def test_an_ended_designation_does_not_count_as_current():
    from catalog.paths import DEFAULT_DB, ensure_built
    from catalog.repository import Catalog

    with Catalog(ensure_built(DEFAULT_DB), readonly=True) as cat:
        five_a = cat.site_ids(kinds=["A级景区"])
        assert "qixian-qiaojiadayuan" not in five_a
        assert cat.site("qixian-qiaojiadayuan").best_level() == "national"  # its relic listing
