"""``python -m routing export PLAN.json --format csv|xlsx|ics|gpx|html --lang zh|en``.

PLAN.json is what ``python -m routing plan`` printed. Names, addresses and points come from the
catalogue (``--db``); a stop the catalogue does not know keeps the name in the plan. The file goes
to ``--out`` or, without it, to stdout. Exit codes: 0 written; 2 bad input (one line on stderr:
unreadable or malformed PLAN.json, a plan that does not follow the contract, a group size outside
1..``MAX_GROUP``, an unknown format or language, an unwritable ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from catalog.models import Site
from catalog.paths import DEFAULT_DB, ensure_built
from routing.exports import FORMATS, LANGS, build_sheet, render
from routing.problem import Itinerary, RequestError
from routing.problem_json import MAX_GROUP_SIZE, itinerary_from_json

#: The largest group the exports total tickets for (the plan form's limit too).
MAX_GROUP = MAX_GROUP_SIZE  # the request's own bound (routing.problem_json)


class ExportInputError(Exception):
    """Bad input to ``export``: printed as one line, exit 2."""


def add_export_parser(sub: argparse._SubParsersAction) -> None:
    """Register the ``export`` subcommand."""
    p = sub.add_parser("export", help="write a planned itinerary as CSV, Excel, .ics, GPX or HTML",
                       description="Write the itinerary printed by `plan` in another format.")
    p.add_argument("plan", help="itinerary JSON printed by python -m routing plan")
    p.add_argument("--format", required=True, choices=sorted(FORMATS))
    p.add_argument("--lang", default="zh", choices=LANGS, help="language of headers and names")
    p.add_argument("--group", type=int, default=1,
                   help=f"group size for the ticket total (1..{MAX_GROUP}, default 1)")
    p.add_argument("--link", default=None, help="share link printed as a QR code (html)")
    p.add_argument("--out", type=Path, default=None, help="output file (default stdout)")
    p.add_argument("--db", type=Path, default=None, help=f"catalogue (default {DEFAULT_DB})")
    p.set_defaults(func=run_export)


def read_plan(path: Path) -> Itinerary:
    """The itinerary in ``path``; ExportInputError with one line for anything wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExportInputError(f"cannot read plan {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ExportInputError(f"{path}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportInputError(f"{path}: malformed JSON at line {exc.lineno} column {exc.colno}:"
                               f" {exc.msg}") from None
    try:
        return itinerary_from_json(data)
    except RequestError as exc:
        raise ExportInputError(f"{path}: not an itinerary printed by `plan` ({exc})") from None


def plan_site_ids(it: Itinerary) -> set[str]:
    """Every catalogue id an itinerary names (visits, lunch places, origins, lodging, unplanned)."""
    ids = {u.site_id for u in it.unplanned}
    for d in it.days:
        ids |= {v.site_id for v in d.visits}
        ids |= {p.site_id for p in (d.origin, d.lodging) if p.site_id}
    return ids


def catalogue_sites(ids: set[str], db: Path) -> dict[str, Site]:
    """The catalogue's sites among ``ids`` (unknown ids are simply absent)."""
    from catalog.repository import Catalog, CatalogError

    try:
        cat = Catalog(db, readonly=True)
    except CatalogError as exc:
        raise ExportInputError(str(exc)) from None
    try:
        return {s.id: s for s in cat.get_many(sorted(ids))}
    finally:
        cat.close()


def run_export(args: argparse.Namespace) -> int:
    """The ``export`` subcommand; returns the exit code."""
    if not 1 <= args.group <= MAX_GROUP:
        raise ExportInputError(f"--group must be between 1 and {MAX_GROUP}, got {args.group}")
    itinerary = read_plan(Path(args.plan))
    sites = catalogue_sites(plan_site_ids(itinerary), args.db or ensure_built(DEFAULT_DB))
    sheet = build_sheet(itinerary, sites, args.lang, args.group, args.link)
    data = render(args.format, sheet)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        raise ExportInputError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    return 0
