"""Officer-uploaded photos of a site (照片), kept in the catalogue's ``site_photos`` table.

No photo is invented or fetched: each comes from an officer's upload, with who took it (credit)
and under which licence it may be shown, both required. An upload is opened with Pillow (a file
that is not an image is refused), turned upright by its EXIF orientation, scaled to at most
``MAX_SIDE`` pixels and re-encoded as JPEG, which also drops its metadata (GPS included). The
upload may be up to ``MAX_UPLOAD_BYTES``; the stored image at most ``MAX_STORED_BYTES``.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from catalog.permissions import Actor, Permission, require
from catalog.problems import Problem
from catalog.store import utc_now, write_transaction

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_STORED_BYTES = 600 * 1024
MAX_SIDE = 1600
MAX_PHOTOS_PER_SITE = 12
MAX_TEXT = 200
#: Licences offered in the upload form (free text is accepted too).
LICENCES = ("CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0", "本单位所有，经授权使用 / owned, used with permission")


@dataclass(frozen=True)
class Photo:
    """One stored photo (JPEG bytes) with its credit and licence."""

    id: int
    site_id: str
    image: bytes
    width: int
    height: int
    caption: str
    credit: str
    licence: str
    uploaded_by: str
    uploaded_at: str


def _text(value: str | None, field: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Problem("photo_field_required", f"photo: {field} is required", field=field)
    if len(text) > MAX_TEXT:
        raise Problem("photo_text_long", f"photo: {field} is longer than {MAX_TEXT} characters",
                      field=field, n=MAX_TEXT)
    return text


def prepare_image(data: bytes) -> tuple[bytes, int, int]:
    """The upload as stored: upright, at most ``MAX_SIDE`` px, JPEG; Problem when it is too big,
    not an image, or still too big once re-encoded."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise Problem("photo_too_big", f"photo: the file is larger than "
                      f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB", mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            img = ImageOps.exif_transpose(im).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise Problem("photo_not_image", "photo: the file is not an image we can read") from None
    img.thumbnail((MAX_SIDE, MAX_SIDE))
    for quality in (85, 75, 65, 55):
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= MAX_STORED_BYTES:
            return out.getvalue(), img.width, img.height
    raise Problem("photo_too_big_stored", "photo: the image stays too large after compression",
                  kb=MAX_STORED_BYTES // 1024)


def add_photo(conn: sqlite3.Connection, actor: Actor, site_id: str, data: bytes, *,
              credit: str, licence: str, caption: str = "") -> int:
    """Store an officer's photo of ``site_id``; returns its id. Needs ``site:edit``."""
    credit = _text(credit, "credit", required=True)
    licence = _text(licence, "licence", required=True)
    caption = _text(caption, "caption", required=False)
    image, width, height = prepare_image(data)
    with write_transaction(conn):
        who = require(conn, actor, Permission.SITE_EDIT)
        if conn.execute("SELECT 1 FROM sites WHERE id = ?", [site_id]).fetchone() is None:
            raise Problem("photo_unknown_site", f"photo: no site {site_id!r}", id=site_id)
        n = conn.execute("SELECT count(*) FROM site_photos WHERE site_id = ?",
                         [site_id]).fetchone()[0]
        if n >= MAX_PHOTOS_PER_SITE:
            raise Problem("photo_too_many", f"photo: a site holds at most {MAX_PHOTOS_PER_SITE}",
                          n=MAX_PHOTOS_PER_SITE)
        at = utc_now()
        cur = conn.execute(
            "INSERT INTO site_photos (site_id, image, mime, width, height, caption, credit,"
            " licence, uploaded_by, uploaded_at) VALUES (?, ?, 'image/jpeg', ?, ?, ?, ?, ?, ?, ?)",
            [site_id, image, width, height, caption, credit, licence, who.name, at])
        photo_id = int(cur.lastrowid or 0)
    return photo_id


def remove_photo(conn: sqlite3.Connection, actor: Actor, photo_id: int) -> None:
    """Take a photo down (a mistake, a withdrawn permission): hidden from the card, the row kept
    with who removed it and when. Needs ``site:edit``."""
    with write_transaction(conn):
        who = require(conn, actor, Permission.SITE_EDIT)
        conn.execute("UPDATE site_photos SET removed_by = ?, removed_at = ? WHERE id = ?"
                     " AND removed_at IS NULL", [who.name, utc_now(), photo_id])


def photos(conn: sqlite3.Connection, site_id: str) -> list[Photo]:
    """The photos of ``site_id``, oldest first (an older catalogue without the table: none)."""
    try:
        rows = conn.execute(
            "SELECT id, site_id, image, width, height, caption, credit, licence, uploaded_by,"
            " uploaded_at FROM site_photos WHERE site_id = ? AND removed_at IS NULL ORDER BY id", [site_id]).fetchall()
    except sqlite3.OperationalError:  # no such table: a read-only catalogue not yet migrated
        return []
    return [Photo(r[0], r[1], bytes(r[2]), r[3], r[4], r[5] or "", r[6], r[7], r[8], r[9])
            for r in rows]
