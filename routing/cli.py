"""``python -m routing plan REQUEST.json``: plan a trip and print the itinerary JSON on stdout.

Sites come from the catalogue database (``--db``, default ``data/heritage.db``): the request's
``candidates`` filters select the pool, must-visit and pinned ids are added to it, and lodging ids
are looked up. ``--sites FILE`` plans from a sites JSON file instead (the file is the pool as
given; the filters are a catalogue query and are not applied to it).

Every plan is checked by the independent validator before it is printed. Exit codes: 0 planned;
2 bad input (one line on stderr: malformed JSON, unknown site id, bad date or time, days < 1, end
before start, missing file); 1 the plan failed validation or something unexpected broke. Never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from catalog.models import Site
from catalog.paths import DEFAULT_DB, ensure_built
from routing.engine.config import ENGINE
from routing.planner import plan
from routing.problem import RequestError, TripRequest
from routing.problem_json import itinerary_to_json, request_from_json
from routing.sites_json import load_sites
from routing.validate import validate_itinerary


class InputError(Exception):
    """Bad input: printed as one line, exit 2."""


def add_plan_parser(sub: argparse._SubParsersAction) -> None:
    """Register the ``plan`` subcommand."""
    p = sub.add_parser("plan", help="plan a trip from a request JSON file",
                       description="Plan a trip; prints the itinerary JSON on stdout.")
    p.add_argument("request", help="request JSON file (schema: README.md (planner section))")
    p.add_argument("--time-limit", type=float, default=1.0, help="search seconds (default 1)")
    p.add_argument("--iterations", type=int, default=None,
                   help="stop after this many search rounds (deterministic with --seed)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=None,
                   help=f"search processes (default {ENGINE.workers}, as the app:"
                        " routing.engine.config)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--db", type=Path, default=None, help=f"catalogue (default {DEFAULT_DB})")
    src.add_argument("--sites", type=Path, default=None, help="sites JSON file instead of a db")
    p.set_defaults(func=run_plan)


def _read_request(path: Path) -> TripRequest:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read request {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: malformed JSON at line {exc.lineno} column {exc.colno}:"
                         f" {exc.msg}") from None
    return request_from_json(data)


def sites_from_catalog(request: TripRequest, db: Path) -> tuple[list[Site], list[Site]]:
    """(candidate pool, lodging-only places) for ``request`` from the catalogue at ``db``."""
    from catalog.repository import Catalog, CatalogError

    try:
        cat = Catalog(db, readonly=True)
    except CatalogError as exc:
        raise InputError(str(exc)) from None
    try:
        c = request.candidates
        filters = {k: list(v) for k, v in (("kinds", c.kinds), ("levels", c.levels),
                   ("counties", c.counties), ("themes", c.themes), ("greenways", c.greenways)) if v}
        if c.greenway_buffer_km is not None:
            filters["greenway_buffer_km"] = c.greenway_buffer_km  # type: ignore[assignment]
        try:
            pool = {s.id: s for s in cat.sites(**filters)}
        except (ValueError, KeyError) as exc:
            raise InputError(f"candidates: {exc}") from None
        except sqlite3.Error as exc:
            raise InputError(f"catalogue {db} cannot be read ({exc}); rebuild it with"
                             " python -m catalog build") from None
        for site_id in (*request.must_visit, *(s for s, _ in request.pinned)):
            if site_id not in pool:
                pool[site_id] = _lookup(cat, site_id)
        places = [_lookup(cat, i) for i in sorted(request.site_ids() - set(pool))]
        excluded = set(request.excluded)
        missing = sorted(i for i in excluded if i not in pool)
        for site_id in missing:  # an excluded id must exist too, even if the filters left it out
            _lookup(cat, site_id)
        return [s for s in pool.values() if not s.retired or s.id in request.must_visit], places
    finally:
        cat.close()


def _lookup(cat: object, site_id: str) -> Site:
    try:
        return cat.site(site_id)  # type: ignore[attr-defined]
    except KeyError:
        raise InputError(f"unknown site id {site_id!r} (not in the catalogue)") from None


def run_plan(args: argparse.Namespace) -> int:
    """The ``plan`` subcommand; returns the exit code."""
    request = _read_request(Path(args.request))
    if args.sites is not None:
        try:
            pool, places = load_sites(args.sites), []
        except OSError as exc:
            raise InputError(f"cannot read sites {args.sites}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{args.sites}: malformed JSON: {exc.msg}") from None
    else:
        pool, places = sites_from_catalog(request, args.db or ensure_built(DEFAULT_DB))
    budget = ENGINE.budget(args.time_limit, seed=args.seed, max_iterations=args.iterations,
                           workers=None if args.workers is None else max(1, args.workers))
    itinerary = plan(request, pool, budget=budget, places=places)
    violations = validate_itinerary(request, [*pool, *places], itinerary)
    if violations:
        first = violations[0]
        print(f"error: the plan failed validation ({len(violations)} problems; first:"
              f" {first.code}: {first.message})", file=sys.stderr)
        return 1
    json.dump(itinerary_to_json(itinerary), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"error: {message} (see python -m routing plan --help)\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m routing``."""
    parser = _OneLineParser(prog="python -m routing", description="晋中文旅 itinerary planner")
    sub = parser.add_subparsers(dest="command", required=True)
    add_plan_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (InputError, RequestError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the CLI promises no traceback, ever
        print(f"error: internal failure ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
