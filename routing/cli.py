"""``python -m routing plan REQUEST.json``: plan a trip and print the itinerary JSON on stdout.

Planning goes through ``routing.service.plan_trip``, exactly as in the app. Sites come from the
catalogue database (``--db``, default ``data/heritage.db``): the request's
``candidates`` filters select the pool, must-visit and pinned ids are added to it, and lodging ids
are looked up. ``--sites FILE`` plans from a sites JSON file instead (the file is the pool as
given; the filters are a catalogue query and are not applied to it).

Every plan is checked by the independent validator before it is printed. Exit codes: 0 planned;
2 bad input (one line on stderr: malformed JSON, not UTF-8, duplicate keys, nesting deeper than 32,
integers over 18 digits, NaN/Infinity, lone surrogates, unknown site id or theme, bad date or time,
a date outside 2000–2099, days < 1 or > 14, group_size > 200, max_sites_per_day > 20, end before
start, missing file); 1 the plan failed validation or something unexpected broke. Never a
traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from catalog.paths import DEFAULT_DB, ensure_built
from routing.exports.cli import ExportInputError, add_export_parser
from routing.problem import RequestError, TripRequest
from routing.problem_json import loads_request_json
from routing.service import default_budget, itinerary_to_json, parse_request, plan_trip
from routing.sites_json import load_sites


class InputError(Exception):
    """Bad input: printed as one line, exit 2."""


def _seconds(text: str) -> float:
    """A ``--time-limit``: finite seconds above 0 and at most an hour (a longer search is a typo)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 3600 seconds: {text!r}")
    return value


def add_plan_parser(sub: argparse._SubParsersAction) -> None:
    """Register the ``plan`` subcommand."""
    p = sub.add_parser("plan", help="plan a trip from a request JSON file",
                       description="Plan a trip; prints the itinerary JSON on stdout.")
    p.add_argument("request", help="request JSON file (schema: README.md (planner section))")
    p.add_argument("--time-limit", type=_seconds, default=1.0,
                   help="search seconds, above 0 and at most 3600 (default 1)")
    p.add_argument("--iterations", type=int, default=None,
                   help="stop after this many search rounds (deterministic with --seed)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=None,
                   help="search processes (default: 2 where the machine has 2 or more cores)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--db", type=Path, default=None, help=f"catalogue (default {DEFAULT_DB})")
    src.add_argument("--sites", type=Path, default=None, help="sites JSON file instead of a db")
    p.set_defaults(func=run_plan)


def _read_request(path: Path) -> TripRequest:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read request {path}: {exc.strerror or exc}") from None
    try:
        data = loads_request_json(raw)
    except RequestError as exc:
        raise InputError(f"{path}: {exc}") from None
    return parse_request(data)


def run_plan(args: argparse.Namespace) -> int:
    """The ``plan`` subcommand; returns the exit code."""
    request = _read_request(Path(args.request))
    sites: Path | list = args.db or ensure_built(DEFAULT_DB)
    if args.sites is not None:
        try:
            sites = load_sites(args.sites)
        except OSError as exc:
            raise InputError(f"cannot read sites {args.sites}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{args.sites}: malformed JSON: {exc.msg}") from None
    budget = default_budget(args.time_limit, args.seed, args.iterations)
    if args.workers is not None:
        budget = dataclasses.replace(budget, workers=max(1, args.workers))
    try:
        result = plan_trip(request, sites, budget)
    except RequestError as exc:
        if exc.code == "plan_invalid":
            print(f"error: {exc}", file=sys.stderr)
            return 1
        raise
    # encoded whole before anything is written: a failure prints no partial JSON
    text = json.dumps(itinerary_to_json(result.itinerary), ensure_ascii=False, indent=2) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    return 0


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"error: {message} (see python -m routing --help)\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m routing``."""
    parser = _OneLineParser(prog="python -m routing", description="晋中文旅 itinerary planner")
    sub = parser.add_subparsers(dest="command", required=True)
    add_plan_parser(sub)
    add_export_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (InputError, RequestError, ExportInputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the CLI promises no traceback, ever
        print(f"error: internal failure ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
