"""History: who changed what and when, earlier versions, revert (itself recorded), the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import editing, history
from catalog.repository import Catalog
from tests.catalog.edit_support import actor

ROOT = Path(__file__).resolve().parents[2]
SITE = "pingyao-shuanglinsi"


def _three_edits(conn) -> dict:
    original = editing.site_state(conn, SITE)
    editing.update_site(conn, actor("olga"), SITE, 1, {"lat": 37.1712, "lon": 112.1321})
    editing.update_site(conn, actor("oscar"), SITE, 2, {"name_en": "Shuanglin Monastery"})
    designations = [*original["designations"], {"kind": "A级景区", "level": "national", "batch": "4A"}]
    editing.update_site(conn, actor("olga"), SITE, 3, {"designations": designations})
    return original


def test_history_lists_who_when_and_each_fields_before_and_after(conn):
    original = _three_edits(conn)
    changes = history.site_history(conn, actor("olga"), SITE)
    assert [(c.version, c.actor, c.action) for c in changes] == [
        (2, "olga", "update"), (3, "oscar", "update"), (4, "olga", "update")
    ]
    assert changes[0].diff == {
        "lat": [original["lat"], 37.1712], "lon": [original["lon"], 112.1321]
    }
    assert changes[1].diff == {"name_en": [original["name_en"], "Shuanglin Monastery"]}
    assert all(c.at.endswith("Z") for c in changes)


def test_state_at_rebuilds_every_earlier_version_including_the_seed_one(conn):
    original = _three_edits(conn)
    v1 = history.state_at(conn, SITE, 1)
    assert v1 == {f: original[f] for f in editing.STATE_FIELDS}
    assert history.state_at(conn, SITE, 3)["name_en"] == "Shuanglin Monastery"
    assert len(history.state_at(conn, SITE, 3)["designations"]) == 1
    with pytest.raises(editing.EditError, match="versions 1 to 4"):
        history.state_at(conn, SITE, 9)


def test_revert_restores_fields_and_designations_and_is_itself_recorded(conn, db):
    original = _three_edits(conn)
    result = history.revert_site(conn, actor("oscar"), SITE, to_version=1, expected_version=4)
    assert result.version == 5
    state = editing.site_state(conn, SITE)
    assert {f: state[f] for f in editing.STATE_FIELDS} == {
        f: original[f] for f in editing.STATE_FIELDS
    }
    last = history.site_history(conn, actor("olga"), SITE)[-1]
    assert (last.action, last.actor, last.reverts_to, last.version) == ("revert", "oscar", 1, 5)
    assert set(last.diff) == {"lat", "lon", "name_en", "designations"}
    with Catalog(db, readonly=True) as cat:
        assert SITE not in cat.site_ids(kinds=["A级景区"])
    # and the revert can be undone in turn: history only grows
    history.revert_site(conn, actor("olga"), SITE, to_version=4, expected_version=5)
    assert editing.site_state(conn, SITE)["name_en"] == "Shuanglin Monastery"
    assert len(history.site_history(conn, actor("olga"), SITE)) == 5


def test_revert_with_a_stale_version_is_a_conflict(conn):
    _three_edits(conn)
    with pytest.raises(editing.EditConflict, match="changed by olga"):
        history.revert_site(conn, actor("oscar"), SITE, to_version=1, expected_version=3)
    assert editing.site_state(conn, SITE)["version"] == 4


def test_revert_of_a_created_site_to_before_it_existed_is_refused(conn):
    created = editing.create_site(
        conn, actor("olga"), {"name_zh": "清虚观", "county_adcode": "140728", "lat": 37.2003,
                              "lon": 112.1795, "coord_precision": "site", "kind": "temple"}
    )
    with pytest.raises(editing.EditError, match="versions 1 to 1"):
        history.revert_site(conn, actor("olga"), created.site_id, 0, 1)


def test_cli_history_json_and_revert(conn, db):
    _three_edits(conn)
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "history", SITE, "--json", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [c["version"] for c in data] == [2, 3, 4]
    assert data[1]["diff"] == [
        {"field": "name_en", "before": "Shuanglin Temple", "after": "Shuanglin Monastery"}
    ]
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "revert", SITE, "--to", "2", "--user", "pat", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1 and "pat is a planner" in done.stderr
    unknown = subprocess.run(
        [sys.executable, "-m", "catalog", "history", "no-such-site", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1
