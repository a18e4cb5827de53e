"""Findings 9, 10 and 11: accounts and what they may read; hashes and safety copies stay out of git.

Old main: disabling a user on the admin page also demoted them to visitor (the role box started at
visitor); reading a site's history had no permission check of its own (only the router hid
``/history``); ten spaces were accepted as a password; ``data/heritage.db`` (argon2 hashes) was a
tracked file and ``heritage.before-restore-*.db`` was not ignored.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog import auth, history, itineraries
from catalog.permissions import Actor, PermissionDenied
from tests.catalog.edit_support import PASSWORD, actor, editable_copy, open_conn

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SITE = "pingyao-shuanglinsi"


def test_disabling_a_user_on_the_admin_page_keeps_the_role(tmp_path: Path, monkeypatch) -> None:
    db = editable_copy(tmp_path, real=True)
    monkeypatch.setenv("JZ_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").input("ada")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page("pages/admin_users.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="upd_user").set_value("olga")
    at.selectbox(key="upd_active").set_value(False)  # the role box is left as it is
    at.button[-1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    conn = open_conn(db)
    try:
        user = auth.get_user(conn, "olga")
    finally:
        conn.close()
    assert (user.role, user.active) == ("officer", False)  # old main: ("visitor", False)


@pytest.mark.parametrize("who", [Actor.anonymous(), actor("pat"), Actor("nobody", "officer")])
def test_history_needs_history_read_in_the_domain(tmp_path: Path, who: Actor) -> None:
    conn = open_conn(editable_copy(tmp_path))
    try:
        with pytest.raises(PermissionDenied, match="history:read"):
            history.site_history(conn, who, SITE)
        with pytest.raises(PermissionDenied, match="history:read"):
            history.recent_changes(conn, who)
        assert history.site_history(conn, actor("olga"), SITE) == []
    finally:
        conn.close()


def test_saved_itineraries_need_a_planner(tmp_path: Path) -> None:
    conn = open_conn(editable_copy(tmp_path))
    try:
        with pytest.raises(PermissionDenied):
            itineraries.visible(conn, Actor.anonymous())
        assert itineraries.visible(conn, actor("pat")) == []
    finally:
        conn.close()


@pytest.mark.parametrize("password", [" " * 10, "\u3000" * 12, " \u00a0 " * 5])
def test_a_password_of_only_spaces_is_refused(tmp_path: Path, password: str) -> None:
    conn = open_conn(editable_copy(tmp_path))
    try:
        with pytest.raises(auth.AuthError, match="only spaces"):
            auth.add_user(conn, actor("ada"), "spacey", "officer", password)
        with pytest.raises(auth.AuthError, match="only spaces"):
            auth.update_user(conn, actor("ada"), "olga", password=password)
    finally:
        conn.close()


def git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.slow
def test_a_clone_stays_clean_after_users_edits_backup_and_restore(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    assert "data/heritage.db" not in git(clone, "ls-files", "data/").split()
    env = {**os.environ, "PYTHONPATH": str(clone)}

    def catalog(*args: str, stdin: str = "") -> None:
        done = subprocess.run([sys.executable, "-m", "catalog", *args], cwd=clone, env=env,
                              input=stdin, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (args, done.stderr)

    catalog("users", "add", "admin1", "--role", "admin", stdin="a long password 1\n")
    catalog("users", "add", "olga", "--role", "officer", stdin="a long password 2\n")
    catalog("retire", SITE, "--user", "olga")
    catalog("backup", "data/before.db")
    catalog("retire", SITE, "--user", "olga", "--undo")
    catalog("restore", "data/before.db")
    assert list((clone / "data").glob("heritage.before-restore-*.db"))
    assert git(clone, "status", "--porcelain", "--untracked-files=all") == ""
