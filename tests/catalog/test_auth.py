"""Accounts, login slow-down, sessions, and deny-by-default checks on every mutating function."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import auth, backup, editing, history, importer, itineraries
from catalog.permissions import Actor, Permission, PermissionDenied, require
from tests.catalog.edit_support import PASSWORD, actor, open_conn

ROOT = Path(__file__).resolve().parents[2]
SITE = "pingyao-shuanglinsi"


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_users_add_reads_the_password_from_stdin_and_stores_an_argon2_hash(db):
    done = cli("users", "add", "wang.li", "--role", "officer", "--db", str(db), stdin="s3cret-pass-99\n")
    assert done.returncode == 0, done.stderr
    conn = open_conn(db)
    stored = conn.execute("SELECT role, password_hash FROM users WHERE name='wang.li'").fetchone()
    assert stored["role"] == "officer"
    assert stored["password_hash"].startswith("$argon2id$")
    assert "s3cret-pass-99" not in stored["password_hash"]
    assert auth.authenticate(conn, "wang.li", "s3cret-pass-99") == Actor("wang.li", "officer")
    listed = cli("users", "list", "--db", str(db))
    assert "wang.li\tofficer\tactive" in listed.stdout


def test_a_password_is_never_accepted_as_an_argument(db):
    done = cli("users", "add", "eve", "--role", "admin", "--password", "x" * 12, "--db", str(db))
    assert done.returncode == 2
    assert "unrecognized arguments" in done.stderr
    done = cli("users", "add", "eve", "--role", "admin", "--db", str(db), stdin="short\n")
    assert done.returncode == 1 and "10 to 1024 characters" in done.stderr


def test_login_is_slowed_down_after_repeated_failures(conn):
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(auth.AuthError, match="wrong user name or password"):
            auth.authenticate(conn, "olga", "guess", now=t0 + dt.timedelta(seconds=i))
    # Now blocked: even the right password is not checked during the wait.
    with pytest.raises(auth.LoginThrottled) as blocked:
        auth.authenticate(conn, "olga", PASSWORD, now=t0 + dt.timedelta(seconds=2.5))
    assert 1 <= blocked.value.retry_after <= 2
    later = t0 + dt.timedelta(seconds=10)
    with pytest.raises(auth.AuthError):
        auth.authenticate(conn, "olga", "guess again", now=later)  # 4th failure: 2 s wait
    with pytest.raises(auth.LoginThrottled):
        auth.authenticate(conn, "olga", PASSWORD, now=later + dt.timedelta(seconds=1))
    ok = auth.authenticate(conn, "olga", PASSWORD, now=later + dt.timedelta(seconds=3))
    assert ok == actor("olga")
    row = conn.execute("SELECT * FROM login_throttle WHERE key = 'user:olga'").fetchone()
    assert row is None  # success clears the count


def test_unknown_names_are_throttled_too_and_the_message_does_not_tell(conn):
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    messages = set()
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(auth.AuthError) as err:
            auth.authenticate(conn, "nobody", "x", now=t0 + dt.timedelta(seconds=i))
        messages.add(str(err.value))
    with pytest.raises(auth.AuthError) as err:
        auth.authenticate(conn, "olga", "wrong", now=t0)
    messages.add(str(err.value))
    assert messages == {"wrong user name or password"}
    with pytest.raises(auth.LoginThrottled):
        auth.authenticate(conn, "nobody", "x", now=t0 + dt.timedelta(seconds=2.5))


def test_disabled_users_cannot_log_in_or_act(conn):
    auth.update_user(conn, actor("ada"), "oscar", active=False)
    with pytest.raises(auth.AuthError):
        auth.authenticate(conn, "oscar", PASSWORD)
    with pytest.raises(PermissionDenied, match="not an active user"):
        editing.update_site(conn, actor("oscar"), SITE, 1, {"name_en": "x"})


def test_sessions_time_out_when_idle_or_too_old():
    t0 = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    assert not auth.session_expired(t0, t0 + dt.timedelta(minutes=29), t0 + dt.timedelta(minutes=30))
    assert auth.session_expired(t0, t0, t0 + dt.timedelta(minutes=31))
    busy_all_day = t0 + dt.timedelta(hours=12, minutes=1)
    assert auth.session_expired(t0, busy_all_day, busy_all_day)


def test_sso_identity_maps_to_our_role_or_to_a_visitor(conn):
    auth.add_user(conn, actor("ada"), "li.ming", "officer", None, email="li@jz.example")
    assert auth.actor_for_identity(conn, email="LI@jz.example", subject="x") == Actor("li.ming", "officer")
    assert auth.actor_for_identity(conn, email="stranger@x", subject=None).kind == "anonymous"
    with pytest.raises(auth.AuthError):  # SSO-only accounts have no password to guess
        auth.authenticate(conn, "li.ming", "")


def test_admins_cannot_lock_themselves_out(conn):
    with pytest.raises(auth.AuthError, match="themselves"):
        auth.update_user(conn, actor("ada"), "ada", role="officer")
    with pytest.raises(auth.AuthError, match="themselves"):
        auth.update_user(conn, actor("ada"), "ADA", active=False)


# --- every mutating function refuses what the role may not do -------------------------------

def _csv(tmp: Path) -> list[importer.RawRow]:
    return [importer.RawRow(2, {"id": SITE, "name_en": "Shuanglin"})]


MUTATIONS = {
    "update_site": lambda c, a, t: editing.update_site(c, a, SITE, 1, {"name_en": "x"}),
    "set_retired": lambda c, a, t: editing.set_retired(c, a, SITE, 1),
    "create_site": lambda c, a, t: editing.create_site(
        c, a, {"name_zh": "新寺", "county_adcode": "140728", "lat": 37.17, "lon": 112.13,
               "coord_precision": "site", "kind": "temple"}
    ),
    "revert_site": lambda c, a, t: history.revert_site(c, a, SITE, 1, 1),
    "import_rows": lambda c, a, t: _raise_if_refused(importer.import_rows(c, a, _csv(t))),
    "add_user": lambda c, a, t: auth.add_user(c, a, "mallory", "admin", "x" * 12),
    "update_user": lambda c, a, t: auth.update_user(c, a, "pat", role="admin"),
    "list_users": lambda c, a, t: auth.list_users(c, a),
    "restore": lambda c, a, t: backup.restore(t, Path(c.execute("PRAGMA database_list").fetchone()[2]), a),
}


def _raise_if_refused(report: importer.ImportReport) -> None:
    # import_rows refuses before it reads a row: PermissionDenied propagates
    raise AssertionError(f"import was not refused: {report}")


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@pytest.mark.parametrize(
    "who",
    [
        Actor.anonymous(),
        Actor("pat", "planner"),
        Actor("pat", "officer"),  # a forged claim: the users table says planner
        Actor("ghost", "admin"),  # no such user
        None,
    ],
    ids=["visitor", "planner", "forged-officer", "unknown-admin", "nobody"],
)
def test_visitors_and_planners_are_refused_at_the_domain_layer(name, who, conn, db, tmp_path):
    spare = backup.backup(db, tmp_path / "spare.db").path
    before = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    users_before = conn.execute("SELECT group_concat(name || role) FROM users").fetchone()[0]
    with pytest.raises(PermissionDenied):
        MUTATIONS[name](conn, who, spare)
    assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    assert conn.execute("SELECT version FROM sites WHERE id = ?", [SITE]).fetchone()[0] == 1
    assert conn.execute("SELECT group_concat(name || role) FROM users").fetchone()[0] == users_before


@pytest.mark.parametrize("name", ["add_user", "update_user", "list_users", "restore"])
def test_officers_may_not_manage_users_or_restore(name, conn, db, tmp_path):
    spare = backup.backup(db, tmp_path / "spare.db").path
    with pytest.raises(PermissionDenied, match="officer"):
        MUTATIONS[name](conn, actor("olga"), spare)


def test_planners_may_save_itineraries_and_visitors_may_not(conn):
    assert itineraries.save(conn, actor("pat"), "平遥一日", [SITE], {"days": []}) > 0
    with pytest.raises(PermissionDenied):
        itineraries.save(conn, Actor.anonymous(), "x", [SITE], {})


def test_unknown_permissions_are_denied(conn):
    with pytest.raises(PermissionDenied):
        require(conn, actor("ada"), "site:delete")  # type: ignore[arg-type]
    assert require(conn, actor("ada"), Permission.SITE_EDIT).role == "admin"


def test_every_editing_command_is_documented():
    """Like sqlite-utils: a command missing from docs/editing.md fails the suite."""
    from catalog.cli_edit import COMMANDS

    text = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"python -m catalog {command}" in text, command
