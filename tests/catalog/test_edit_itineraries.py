"""Saved itineraries remember the catalogue they were built from and flag what changed since."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from catalog import editing, itineraries
from catalog.store import catalog_revision
from tests.catalog.edit_support import actor

ROOT = Path(__file__).resolve().parents[2]
PLAN = ["pingyao-gucheng", "pingyao-shuanglinsi", "jiexiu-zhangbi"]


def test_a_saved_itinerary_flags_changed_and_retired_sites(conn):
    editing.update_site(conn, actor("olga"), "jiexiu-zhangbi", 1, {"name_en": "Zhangbi"})
    revision = catalog_revision(conn)
    saved_id = itineraries.save(conn, actor("pat"), "平遥介休一日游", PLAN, {"days": [PLAN]})
    (saved,) = itineraries.visible(conn, actor("pat"))
    assert saved.id == saved_id and saved.catalog_revision == revision
    assert saved.site_versions == {"pingyao-gucheng": 1, "pingyao-shuanglinsi": 1, "jiexiu-zhangbi": 2}
    assert saved.body == {"days": [PLAN]}
    assert itineraries.notices(conn, saved) == []
    editing.update_site(conn, actor("olga"), "pingyao-shuanglinsi", 1, {"visit_minutes": 45})
    editing.set_retired(conn, actor("oscar"), "pingyao-gucheng", 1)
    found = {n.site_id: n for n in itineraries.notices(conn, saved)}
    assert set(found) == {"pingyao-shuanglinsi", "pingyao-gucheng"}
    assert found["pingyao-shuanglinsi"].status == "changed"
    assert "changed since this plan was saved (by olga" in found["pingyao-shuanglinsi"].message()
    assert found["pingyao-gucheng"].status == "retired"


def test_sharing_and_visibility(conn):
    itineraries.save(conn, actor("pat"), "私人", PLAN, {})
    itineraries.save(conn, actor("olga"), "共享", PLAN, {}, shared=True)
    itineraries.save(conn, actor("olga"), "olga 私人", PLAN, {})
    assert {i.name for i in itineraries.visible(conn, actor("pat"))} == {"私人", "共享"}


def test_retired_or_unknown_sites_cannot_be_saved_and_names_are_required(conn):
    editing.set_retired(conn, actor("olga"), "jiexiu-zhangbi", 1)
    with pytest.raises(itineraries.ItineraryError, match="jiexiu-zhangbi is not a current"):
        itineraries.save(conn, actor("pat"), "x", PLAN, {})
    with pytest.raises(itineraries.ItineraryError, match="name"):
        itineraries.save(conn, actor("pat"), "  ", PLAN[:1], {})
    with pytest.raises(ValueError):
        itineraries.save(conn, actor("pat"), "nan", PLAN[:1], {"x": float("nan")})


def test_build_refuses_to_replace_a_database_with_edits(conn, db):
    editing.update_site(conn, actor("olga"), "jiexiu-zhangbi", 1, {"name_en": "Zhangbi"})
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "build", "--db", str(db),
         "--seed", str(ROOT / "tests/catalog/fixtures/seed_mini")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "a rebuild would lose them" in done.stderr and "1 changes" in done.stderr
