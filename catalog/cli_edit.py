"""The editing side of ``python -m catalog``: users, history, revert, retire, import, backup, restore.

The command line acts as whoever owns the database file. ``users`` and ``restore`` act as the
system (that is how the first admin is created); ``import``/``revert``/``retire`` act as
``--user NAME``, whose role in the ``users`` table must allow it — the same checks as the pages.
Passwords are read from a prompt, or from the first line of stdin when it is not a terminal;
never from an argument (it would show in ``ps`` and shell history).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from catalog.permissions import ROLES, Actor


class CommandFailed(Exception):
    """A refused or failed editing command: one line on stderr, exit code 1."""


Command = Callable[[str, str], argparse.ArgumentParser]
COMMANDS = ("users", "history", "revert", "retire", "import", "backup", "restore")


def add_parsers(command: Command) -> None:
    """Register the editing subcommands through ``__main__``'s ``command(name, help)``."""
    p = command("users", "manage accounts: add, list, set-role, disable, enable, password")
    p.add_argument("action", choices=("add", "list", "set-role", "disable", "enable", "password"))
    p.add_argument("name", nargs="?", help="user name")
    p.add_argument("--role", choices=ROLES, help="role for add / set-role")
    p.add_argument("--email", help="SSO email to match st.login identities (add)")
    p.add_argument("--sso-only", action="store_true", help="no local password (add)")

    p = command("history", "a site's recorded changes, oldest first")
    p.add_argument("site_id")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("revert", "make a site look as it did at an earlier version (recorded)")
    p.add_argument("site_id")
    p.add_argument("--to", type=int, required=True, help="version to go back to")
    p.add_argument("--user", required=True, help="acting officer (a users.name)")

    p = command("retire", "retire a site (soft delete) or bring it back with --undo")
    p.add_argument("site_id")
    p.add_argument("--user", required=True, help="acting officer (a users.name)")
    p.add_argument("--undo", action="store_true", help="un-retire")

    p = command("import", "import sites from CSV, Excel .xlsx or GeoJSON (all or nothing)")
    p.add_argument("file", type=Path)
    p.add_argument("--user", required=True, help="acting officer (a users.name)")
    p.add_argument("--dry-run", action="store_true", help="check only; change nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = command("backup", "copy the live catalogue to PATH (SQLite online backup)")
    p.add_argument("path", type=Path)
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")

    p = command("restore", "replace the catalogue with the backup at PATH")
    p.add_argument("path", type=Path)


def _password(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    """Run one editing command; domain errors become CommandFailed (imports stay lazy)."""
    from catalog.auth import AuthError
    from catalog.editing import EditError
    from catalog.importer import ImportFailed
    from catalog.itineraries import ItineraryError
    from catalog.validation import ValidationFailed

    try:
        return _run(args)
    except (AuthError, EditError, ImportFailed, ItineraryError, ValidationFailed) as exc:
        raise CommandFailed(str(exc)) from None


def _run(args: argparse.Namespace) -> int:
    from catalog import auth, backup, editing, history, importer
    from catalog.store import close, connect

    if args.command == "backup":
        info = backup.backup(args.db, args.path, force=args.force)
        print(
            f"backed up {info.sites} sites, {info.changes} changes to {info.path} ({info.bytes} B)"
        )
        return 0
    if args.command == "restore":
        info, safety = backup.restore(args.path, args.db, Actor.system("cli"))
        print(f"restored {info.sites} sites from {args.path}; previous file kept as {safety}")
        return 0
    conn = connect(args.db)
    try:
        if args.command == "users":
            return _users(conn, args, auth)
        if args.command == "history":
            changes = history.site_history(conn, Actor.system("cli"), args.site_id)
            if args.json:
                data = [c.to_dict() for c in changes]
                print(json.dumps(data, ensure_ascii=False, indent=2))
            for c in [] if args.json else changes:
                fields = ", ".join(c.diff)
                print(f"v{c.version}\t{c.at}\t{c.actor}\t{c.action}\t{fields}")
            return 0
        actor = Actor(args.user, "officer")  # a claim: require() checks the users table
        if args.command == "revert":
            current = editing.site_state(conn, args.site_id)
            if current is None:
                raise KeyError(args.site_id)
            r = history.revert_site(conn, actor, args.site_id, args.to, current["version"])
            print(f"{args.site_id}: now version {r.version} ({len(r.diff)} fields restored)")
            return 0
        if args.command == "retire":
            current = editing.site_state(conn, args.site_id)
            if current is None:
                raise KeyError(args.site_id)
            r = editing.set_retired(conn, actor, args.site_id, current["version"], not args.undo)
            print(f"{args.site_id}: {'retired' if not args.undo else 'back'} (v{r.version})")
            return 0
        if args.command == "import":
            report = importer.import_file(conn, actor, args.file, dry_run=args.dry_run)
            _print_report(report, args.json)
            return 0 if report.ok else 1
    finally:
        close(conn)  # checkpoint: the WAL stays short (a running app sees the change either way)
    raise AssertionError(args.command)


def _users(conn, args: argparse.Namespace, auth) -> int:  # noqa: ANN001 - module passed in
    system = Actor.system("cli")
    if args.action == "list":
        for u in auth.list_users(conn, system):
            state = "active" if u.active else "disabled"
            print(f"{u.name}\t{u.role}\t{state}\t{u.email or ''}")
        return 0
    if not args.name:
        raise ValueError(f"users {args.action} needs a NAME")
    if args.action == "add":
        if not args.role:
            raise ValueError("users add needs --role " + "|".join(ROLES))
        password = None if args.sso_only else _password(f"password for {args.name}: ")
        user = auth.add_user(conn, system, args.name, args.role, password, email=args.email)
        print(f"added {user.name} ({user.role})")
    elif args.action == "set-role":
        if not args.role:
            raise ValueError("users set-role needs --role")
        print(f"{auth.update_user(conn, system, args.name, role=args.role).name}: {args.role}")
    elif args.action in ("disable", "enable"):
        auth.update_user(conn, system, args.name, active=args.action == "enable")
        print(f"{args.name}: {args.action}d")
    else:
        auth.update_user(conn, system, args.name, password=_password("new password: "))
        print(f"{args.name}: password changed")
    return 0


def _print_report(report, as_json: bool) -> None:  # noqa: ANN001
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    verdict = "would import" if report.dry_run else "imported"
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if report.ok:
        print(
            f"{verdict} {report.rows} rows: {len(report.created)} created, "
            f"{len(report.updated)} updated, {len(report.unchanged)} unchanged"
            + ("" if report.dry_run else f" (batch {report.batch})")
        )
        return
    bad = sorted({line for line, _ in report.problems})
    print(
        f"nothing imported: {len(bad)} of {report.rows} rows are bad",
        file=sys.stderr,
    )
    for reason, lines in report.grouped():
        where = ", ".join(map(str, lines[:10])) + (f" (+{len(lines) - 10} more)" if len(lines) > 10 else "")
        print(f"  line{'s' if len(lines) > 1 else ''} {where}: {reason}", file=sys.stderr)
