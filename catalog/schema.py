"""The catalogue schema, as sqlite-utils migrations (applied in order, each in a transaction).

Every editable table carries ``version``, ``updated_at`` and ``updated_by``: edits are
optimistic-concurrency writes (``UPDATE … WHERE version = ?``) and history rows refer to them.
Add a new migration for every change; never edit an applied one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from catalog.models import THEMES
from catalog.permissions import ROLES

SCHEMA_VERSION = 5  # bump with every migration added below

migrations = Migrations("jinzhong-catalog")

_EDIT = {"version": int, "updated_at": str, "updated_by": str}

_RANK_SQL = (
    "coalesce((SELECT MIN(CASE d.level WHEN 'world' THEN 0 WHEN 'national' THEN 1 "
    "WHEN 'provincial' THEN 2 WHEN 'city' THEN 3 WHEN 'county' THEN 4 ELSE 5 END) "
    "FROM designations d WHERE d.site_id = {ref}), 9)"
)
# sites.level_rank follows the designations, whoever writes them.
_RANK_TRIGGERS = (
    f"""CREATE TRIGGER designations_rank_ai AFTER INSERT ON designations BEGIN
         UPDATE sites SET level_rank = {_RANK_SQL.format(ref="new.site_id")}
         WHERE id = new.site_id;
       END""",
    f"""CREATE TRIGGER designations_rank_ad AFTER DELETE ON designations BEGIN
         UPDATE sites SET level_rank = {_RANK_SQL.format(ref="old.site_id")}
         WHERE id = old.site_id;
       END""",
    f"""CREATE TRIGGER designations_rank_au AFTER UPDATE OF site_id, level ON designations BEGIN
         UPDATE sites SET level_rank = {_RANK_SQL.format(ref="old.site_id")}
         WHERE id = old.site_id;
         UPDATE sites SET level_rank = {_RANK_SQL.format(ref="new.site_id")}
         WHERE id = new.site_id;
       END""",
)


def _theme_mask_sql(ref: str) -> str:
    bits = " ".join(f"WHEN '{t}' THEN {1 << i}" for i, t in enumerate(THEMES))
    return (
        f"coalesce((SELECT sum(CASE t.theme {bits} ELSE 0 END) FROM site_themes t "
        f"WHERE t.site_id = {ref}), 0)"
    )


# sites.theme_mask follows site_themes; bit positions are THEMES' order, so a new theme is
# appended to THEMES, never inserted (and needs a migration that recreates these triggers).
_THEME_TRIGGERS = tuple(
    f"""CREATE TRIGGER site_themes_mask_{name} AFTER {event} ON site_themes BEGIN
         UPDATE sites SET theme_mask = {_theme_mask_sql(ref)} WHERE id = {ref};
       END"""
    for name, event, ref in (("ai", "INSERT", "new.site_id"), ("ad", "DELETE", "old.site_id"))
)

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
            "level_rank": int,  # best designation level (0 world … 4 county, 9 none); by trigger
            "theme_mask": int,  # bit i set = THEMES[i] in site_themes; by trigger, for fast filters
            "retired": int,
            **_EDIT,
        },
        pk="id",
        not_null={"name_zh", "county_adcode", "lat", "lon", "coord_precision", "kind"},
        defaults={"retired": 0, "version": 1, "level_rank": 9, "theme_mask": 0},
        foreign_keys=[("county_adcode", "counties", "adcode")],
    )
    db["sites"].create_index(["county_adcode"])
    # The default listing order (best level first, then pinyin) served straight from an index.
    db["sites"].create_index(
        ["retired", "level_rank", "pinyin", "id"], index_name="sites_listing_order"
    )
    db["sites"].create_index(["lat", "lon"])
    db["site_themes"].create(
        {"site_id": str, "theme": str},
        pk=("site_id", "theme"),
        foreign_keys=[("site_id", "sites", "id")],
    )
    db["site_themes"].create_index(["theme", "site_id"])
    for trigger in _THEME_TRIGGERS:
        db.execute(trigger)
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
    for trigger in _RANK_TRIGGERS:
        db.execute(trigger)
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


#: Kinds of recorded change (``changes.action``).
CHANGE_ACTIONS = (
    "create",
    "update",
    "retire",
    "unretire",
    "revert",
    "import",
    "user_add",
    "user_update",
    "restore",
)


@migrations()
def m002_editing(db: Database) -> None:
    """Users with roles, login throttling, the change log (history) and saved itineraries.

    Written as SQL rather than ``Table.create`` for the CHECK constraints and NOCASE keys.
    One statement per ``execute``: ``executescript`` would commit the migration's transaction.
    """
    roles = ", ".join(f"'{r}'" for r in ROLES)
    actions = ", ".join(f"'{a}'" for a in CHANGE_ACTIONS)
    for sql in (
        f"""CREATE TABLE users (
              name TEXT PRIMARY KEY COLLATE NOCASE,
              role TEXT NOT NULL CHECK (role IN ({roles})),
              password_hash TEXT,
              oidc_subject TEXT UNIQUE,
              email TEXT COLLATE NOCASE,
              active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
              created_at TEXT NOT NULL,
              version INTEGER NOT NULL DEFAULT 1,
              updated_at TEXT,
              updated_by TEXT)""",
        "CREATE UNIQUE INDEX users_email ON users(email) WHERE email IS NOT NULL",
        """CREATE TABLE login_throttle (
              key TEXT PRIMARY KEY COLLATE NOCASE,
              failures INTEGER NOT NULL DEFAULT 0,
              last_failure_at TEXT,
              blocked_until TEXT)""",
        f"""CREATE TABLE changes (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at TEXT NOT NULL,
              actor TEXT NOT NULL,
              action TEXT NOT NULL CHECK (action IN ({actions})),
              entity TEXT NOT NULL,
              entity_id TEXT NOT NULL,
              version INTEGER,
              diff TEXT NOT NULL,
              reverts_to INTEGER,
              batch TEXT,
              note TEXT)""",
        "CREATE INDEX changes_entity ON changes(entity, entity_id, id)",
        """CREATE TABLE itineraries (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL,
              owner TEXT NOT NULL,
              shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
              catalog_revision INTEGER NOT NULL,
              site_versions TEXT NOT NULL,
              body TEXT NOT NULL,
              created_at TEXT NOT NULL,
              version INTEGER NOT NULL DEFAULT 1,
              updated_at TEXT,
              updated_by TEXT)""",
        "CREATE INDEX itineraries_owner ON itineraries(owner)",
    ):
        db.execute(sql)


@migrations()
def m003_recommendation(db: Database) -> None:
    """The planner's recommendation weight per site (``routing.value``), edited by officers and
    recorded in history like any field, with its source or reason in ``recommendation_note``."""
    db.execute("ALTER TABLE sites ADD COLUMN recommendation REAL NOT NULL DEFAULT 1.0")
    db.execute("ALTER TABLE sites ADD COLUMN recommendation_note TEXT")


@migrations()
def m004_workbench(db: Database) -> None:
    """The officer's workbench: a site's public precision (sensitive sites) with the point
    visitors see, its name in pinyin by words, and a designation's end (date and reason).

    ``public_lat``/``public_lon`` are NULL unless the site is masked; they are written with the
    site (``catalog.masking``) so that a visitor's read never needs the exact point.
    """
    for sql in (
        "ALTER TABLE sites ADD COLUMN public_precision TEXT",
        "ALTER TABLE sites ADD COLUMN public_lat FLOAT",
        "ALTER TABLE sites ADD COLUMN public_lon FLOAT",
        "ALTER TABLE sites ADD COLUMN romanized TEXT",  # Wangjia Dayuan: catalog.romanize
        "CREATE INDEX sites_public_point ON sites(public_lat, public_lon)",
        "ALTER TABLE designations ADD COLUMN ended TEXT",
        "ALTER TABLE designations ADD COLUMN end_reason TEXT",
        *(f"DROP TRIGGER IF EXISTS designations_rank_{t}" for t in ("ai", "ad", "au")),
        *(t.replace("FROM designations d WHERE", "FROM designations d WHERE d.ended IS NULL AND")
          .replace("AFTER UPDATE OF site_id, level ON", "AFTER UPDATE OF site_id, level, ended ON")
          for t in _RANK_TRIGGERS),
    ):
        db.execute(sql)


@migrations()
def m005_site_photos(db: Database) -> None:
    """Photos officers upload for a site card, stored in the catalogue itself (one file to back
    up), re-encoded and size-limited by ``catalog.photos``; each with its credit and licence, who
    uploaded it and, once taken down, who removed it (``changes.action`` has a fixed list)."""
    db.execute(
        "CREATE TABLE site_photos ("
        " id INTEGER PRIMARY KEY,"
        " site_id TEXT NOT NULL REFERENCES sites(id),"
        " image BLOB NOT NULL,"
        " mime TEXT NOT NULL,"
        " width INTEGER NOT NULL,"
        " height INTEGER NOT NULL,"
        " caption TEXT,"
        " credit TEXT NOT NULL CHECK (length(trim(credit)) > 0),"
        " licence TEXT NOT NULL CHECK (length(trim(licence)) > 0),"
        " uploaded_by TEXT NOT NULL,"
        " uploaded_at TEXT NOT NULL,"
        " removed_by TEXT,"  # a removal is kept (who and when), not deleted
        " removed_at TEXT)"
    )
    db.execute("CREATE INDEX site_photos_site ON site_photos (site_id)")


def apply(db: Database) -> None:
    """Bring ``db`` up to the current schema."""
    migrations.apply(db)


def schema_version(db: Database) -> int:
    """How many of our migrations the database has applied."""
    return len(migrations.applied(db))
