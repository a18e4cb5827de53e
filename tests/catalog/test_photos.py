"""Officer-uploaded site photos: stored re-encoded and size-limited with credit and licence,
refused for visitors, non-images and missing credits, taken down without losing who did it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from catalog import photos
from catalog.permissions import Actor, PermissionDenied
from catalog.problems import Problem
from tests.catalog.edit_support import editable_copy, open_conn

SITE = "pingyao-shuanglinsi"


def _jpeg(w: int = 3000, h: int = 2000) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), (180, 40, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def conn(tmp_path):
    c = open_conn(editable_copy(tmp_path))
    yield c
    c.close()


def test_an_officer_adds_a_photo_stored_small_with_its_credit(conn) -> None:
    pid = photos.add_photo(conn, Actor("olga", "officer"), SITE, _jpeg(), credit="平遥县文旅局",
                           licence="CC BY 4.0", caption="大殿")
    [photo] = photos.photos(conn, SITE)
    assert photo.id == pid and photo.credit == "平遥县文旅局" and photo.licence == "CC BY 4.0"
    assert max(photo.width, photo.height) == photos.MAX_SIDE
    assert len(photo.image) <= photos.MAX_STORED_BYTES
    assert Image.open(io.BytesIO(photo.image)).format == "JPEG"
    assert photo.uploaded_by == "olga"


@pytest.mark.parametrize(("data", "credit", "licence", "code"), [
    (b"not an image at all", "x", "CC0 1.0", "photo_not_image"),
    (_jpeg(10, 10), "  ", "CC0 1.0", "photo_field_required"),
    (_jpeg(10, 10), "x", "", "photo_field_required"),
    (b"\0" * (photos.MAX_UPLOAD_BYTES + 1), "x", "CC0 1.0", "photo_too_big"),
])
def test_bad_uploads_are_refused_with_a_code(conn, data, credit, licence, code) -> None:
    with pytest.raises(Problem) as err:
        photos.add_photo(conn, Actor("olga", "officer"), SITE, data, credit=credit,
                         licence=licence)
    assert err.value.code == code
    assert photos.photos(conn, SITE) == []


def test_visitors_and_planners_may_not_add_photos(conn) -> None:
    for actor in (Actor.anonymous(), Actor("pat", "planner")):
        with pytest.raises(PermissionDenied):
            photos.add_photo(conn, actor, SITE, _jpeg(10, 10), credit="x", licence="CC0 1.0")


def test_a_removed_photo_is_hidden_and_remembers_who_removed_it(conn) -> None:
    pid = photos.add_photo(conn, Actor("olga", "officer"), SITE, _jpeg(10, 10), credit="x",
                           licence="CC0 1.0")
    photos.remove_photo(conn, Actor("oscar", "officer"), pid)
    assert photos.photos(conn, SITE) == []
    row = conn.execute("SELECT removed_by FROM site_photos WHERE id = ?", [pid]).fetchone()
    assert row[0] == "oscar"
