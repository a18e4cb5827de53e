"""Migrations on a fresh database."""

import sqlite3

from sqlite_utils import Database

from catalog import schema


def test_fresh_db_gets_every_table_and_editable_columns(tmp_path):
    db = Database(tmp_path / "fresh.db")
    schema.apply(db)
    tables = set(db.table_names())
    assert {"sites", "designations", "counties", "greenways", "intangible", "sites_fts"} <= tables
    for table in ("sites", "designations", "greenways", "intangible"):
        columns = db[table].columns_dict
        assert {"version", "updated_at", "updated_by"} <= set(columns), table
    assert schema.schema_version(db) == schema.SCHEMA_VERSION


def test_migrations_are_idempotent(tmp_path):
    db = Database(tmp_path / "fresh.db")
    schema.apply(db)
    schema.apply(db)  # nothing pending: no error, no duplicate record
    assert schema.schema_version(db) == schema.SCHEMA_VERSION


def test_fts_follows_inserts_updates_and_deletes(tmp_path):
    db = Database(tmp_path / "fresh.db")
    schema.apply(db)
    db["counties"].insert(
        {"adcode": "140728", "name_zh": "平遥县", "name_en": "Pingyao", "terrain": "basin"}
    )
    row = {
        "id": "a",
        "name_zh": "双林寺",
        "county_adcode": "140728",
        "lat": 37.1,
        "lon": 112.1,
        "coord_precision": "site",
        "kind": "temple",
        "search_text": "双林寺 shuanglinsi",
    }
    db["sites"].insert(row)
    match = "SELECT count(*) FROM sites_fts WHERE sites_fts MATCH ?"
    assert db.execute(match, ['"shuanglin"']).fetchone()[0] == 1
    db.execute("UPDATE sites SET search_text = '镇国寺 zhenguosi' WHERE id = 'a'")
    assert db.execute(match, ['"shuanglin"']).fetchone()[0] == 0
    assert db.execute(match, ['"zhenguo"']).fetchone()[0] == 1
    db.execute("DELETE FROM sites WHERE id = 'a'")
    assert db.execute(match, ['"zhenguo"']).fetchone()[0] == 0


def test_foreign_keys_reject_a_designation_of_an_unknown_site(tmp_path):
    db = Database(tmp_path / "fresh.db")
    schema.apply(db)
    conn = db.conn
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        conn.execute(
            "INSERT INTO designations (site_id, kind, level) VALUES ('nope', '中国传统村落', 'national')"
        )
    except sqlite3.IntegrityError:
        return
    raise AssertionError("designation of an unknown site was accepted")
