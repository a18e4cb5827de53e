"""The catalogue schema, as sqlite-utils migrations (applied in order, each in a transaction).

Every editable table carries ``version``, ``updated_at`` and ``updated_by``: edits are
optimistic-concurrency writes (``UPDATE … WHERE version = ?``) and history rows refer to them.
Add a new migration for every change; never edit an applied one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

SCHEMA_VERSION = 1  # bump with every migration added below

migrations = Migrations("jinzhong-catalog")

_EDIT = {"version": int, "updated_at": str, "updated_by": str}

_FTS_TRIGGERS = (
    """CREATE TRIGGER sites_fts_ai AFTER INSERT ON sites BEGIN
         INSERT INTO sites_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
    """CREATE TRIGGER sites_fts_ad AFTER DELETE ON sites BEGIN
         INSERT INTO sites_fts(sites_fts, rowid, search_text)
         VALUES ('delete', old.rowid, old.search_text);
       END""",
    """CREATE TRIGGER sites_fts_au AFTER UPDATE OF search_text ON sites BEGIN
         INSERT INTO sites_fts(sites_fts, rowid, search_text)
         VALUES ('delete', old.rowid, old.search_text);
         INSERT INTO sites_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
)


@migrations()
def m001_core(db: Database) -> None:
    """Counties, sites, designations, coordinates evidence, greenways, 非遗, pattern, sources."""
    db["sources"].create(
        {
            "key": str,
            "title": str,
            "publisher": str,
            "url": str,
            "license": str,
            "accessed": str,
            "note": str,
        },
        pk="key",
    )
    db["counties"].create(
        {"adcode": str, "name_zh": str, "name_en": str, "terrain": str, "source": str},
        pk="adcode",
    )
    db["county_boundaries"].create(
        {"adcode": str, "name": str, "geometry_gcj02": str, "source": str},
        pk="adcode",
        foreign_keys=[("adcode", "counties", "adcode")],
    )
    db["sites"].create(
        {
            "id": str,
            "name_zh": str,
            "name_en": str,
            "pinyin": str,
            "pinyin_initials": str,
            "county_adcode": str,
            "township": str,
            "village": str,
            "address": str,
            "lat": float,
            "lon": float,
            "coord_precision": str,
            "coord_source": str,
            "kind": str,
            "themes": str,  # JSON array, mirrored in site_themes for filtering
            "visit_minutes": int,
            "visit_minutes_estimated": int,
            "hours_json": str,
            "hours_estimated": int,
            "ticket_cny": float,
            "ticket_estimated": int,
            "sources": str,  # JSON array of every source the row was merged from
            "note": str,
            "search_text": str,  # names, pinyin, English, places: the substring search target
            "retired": int,
            **_EDIT,
        },
        pk="id",
        not_null={"name_zh", "county_adcode", "lat", "lon", "coord_precision", "kind"},
        defaults={"retired": 0, "version": 1},
        foreign_keys=[("county_adcode", "counties", "adcode")],
    )
    db["sites"].create_index(["county_adcode"])
    db["sites"].create_index(["lat", "lon"])
    db["site_themes"].create(
        {"site_id": str, "theme": str},
        pk=("site_id", "theme"),
        foreign_keys=[("site_id", "sites", "id")],
    )
    db["site_themes"].create_index(["theme", "site_id"])
    db["designations"].create(
        {
            "id": int,
            "site_id": str,
            "kind": str,
            "level": str,
            "batch": str,
            "year": int,
            "ref_no": str,
            "official_name": str,
            "source": str,
            **_EDIT,
        },
        pk="id",
        not_null={"site_id", "kind", "level"},
        defaults={"version": 1},
        foreign_keys=[("site_id", "sites", "id")],
    )
    db["designations"].create_index(["site_id"])
    db["designations"].create_index(["kind", "level", "site_id"])
    db["coordinate_evidence"].create(
        {
            "id": int,
            "site_id": str,
            "lon_source": float,
            "lat_source": float,
            "crs": str,
            "lon": float,
            "lat": float,
            "precision": str,
            "status": str,
            "chosen": int,
            "source": str,
            "note": str,
        },
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
    )
    db["coordinate_evidence"].create_index(["site_id"])
    db["county_check_exceptions"].create(
        {"site_id": str, "reason": str, "source": str},
        pk="site_id",
        foreign_keys=[("site_id", "sites", "id")],
    )
    db["greenways"].create(
        {"id": str, "name_zh": str, "name_en": str, "source": str, **_EDIT},
        pk="id",
        defaults={"version": 1},
    )
    db["greenway_stops"].create(
        {"greenway_id": str, "stop_order": int, "name_in_plan": str, "source": str},
        pk=("greenway_id", "stop_order"),
        foreign_keys=[("greenway_id", "greenways", "id")],
    )
    db["site_greenways"].create(
        {"site_id": str, "greenway_id": str, "stop_order": int},
        pk=("site_id", "greenway_id"),
        foreign_keys=[("site_id", "sites", "id"), ("greenway_id", "greenways", "id")],
    )
    db["site_greenways"].create_index(["greenway_id", "stop_order"])
    db["intangible"].create(
        {
            "id": str,
            "name_zh": str,
            "pinyin": str,
            "level": str,
            "category": str,
            "batch": str,
            "year": int,
            "ref_no": str,
            "county_adcode": str,
            "site_id": str,
            "source": str,
            **_EDIT,
        },
        pk="id",
        not_null={"name_zh", "level"},
        defaults={"version": 1},
        foreign_keys=[("county_adcode", "counties", "adcode"), ("site_id", "sites", "id")],
    )
    db["pattern_features"].create(
        {
            "group_name": str,
            "feature_order": int,
            "name_zh": str,
            "site_ids": str,
            "county_adcodes": str,
            "source": str,
        },
        pk=("group_name", "feature_order"),
    )
    db["plan_figures"].create(
        {
            "key": str,
            "label_zh": str,
            "kind": str,
            "level": str,
            "batches": str,
            "figure": int,
            "source": str,
        },
        pk="key",
    )
    db["distinct_pairs"].create(
        {"site_id_a": str, "site_id_b": str, "reason": str}, pk=("site_id_a", "site_id_b")
    )
    db["meta"].create({"key": str, "value": str}, pk="key")
    # Substring search: a trigram index serves queries of 3+ characters (Chinese, pinyin,
    # English alike); shorter queries fall back to LIKE on sites.search_text.
    db.execute(
        "CREATE VIRTUAL TABLE sites_fts USING fts5("
        "search_text, content='sites', content_rowid='rowid', tokenize='trigram')"
    )
    # executescript() would COMMIT the migration's transaction, so one statement per call.
    for trigger in _FTS_TRIGGERS:
        db.execute(trigger)


def apply(db: Database) -> None:
    """Bring ``db`` up to the current schema."""
    migrations.apply(db)


def schema_version(db: Database) -> int:
    """How many of our migrations the database has applied."""
    return len(migrations.applied(db))
