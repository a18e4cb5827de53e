"""``python -m catalog``: build, inspect, search and export the catalogue; edit it (cli_edit).

Every command takes ``--db PATH`` (default ``data/heritage.db``). Bad input ends with one line on
stderr and a non-zero exit: 2 for a wrong argument, 1 when the data itself is at fault.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from catalog import cli_edit
from catalog.models import Site
from catalog.paths import DEFAULT_DB, SEED_DIR, ensure_built
from catalog.permissions import PermissionDenied
from catalog.report import site_properties, stats, to_csv, to_geojson, to_xlsx
from catalog.repository import Catalog, CatalogError
from catalog.seed import SeedError


class UsageError(Exception):
    """A wrong argument: exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m catalog", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", type=Path, default=DEFAULT_DB, help="catalogue database file")
        return p

    p = command("build", "rebuild the database from the seed files")
    p.add_argument("--seed", type=Path, default=SEED_DIR, help="seed directory")
    p.add_argument(
        "--force", action="store_true", help="replace a database that holds edits or users"
    )

    p = command("stats", "counts per designation, county and against the plan's figures")
    p.add_argument("--json", action="store_true", help="print JSON")

    for name, help_text in (
        ("search", "find sites (Chinese, pinyin or English text, and filters)"),
        ("export", "export sites with their designations"),
    ):
        p = command(name, help_text)
        if name == "search":
            p.add_argument("text", nargs="?", help="text to find, e.g. 王家, wangjia, compound")
            p.add_argument("--json", action="store_true", help="print JSON")
            p.add_argument("--limit", type=int, default=50)
        else:
            p.add_argument("--format", choices=("geojson", "csv", "xlsx"), required=True)
            p.add_argument("--out", type=Path, help="file to write (default: stdout)")
            p.add_argument("--text", help="only sites matching this text")
        p.add_argument("--kind", action="append", help="designation kind, e.g. 中国传统村落")
        p.add_argument("--level", action="append", help="world|national|provincial|city|county")
        p.add_argument("--county", action="append", help="county name or adcode")
        p.add_argument("--theme", action="append", help="theme, e.g. 晋商文化")
        p.add_argument("--greenway", action="append", help="greenway id, e.g. dayun")
        p.add_argument("--near", help="LAT,LON,KM: within KM of a point")
        p.add_argument("--exact", action="store_true",
                       help="exact points of sensitive sites (officers; default: what visitors see)")

    p = command("show", "one site with everything the catalogue knows of it")
    p.add_argument("site_id")
    p.add_argument("--exact", action="store_true", help="the exact point of a sensitive site")
    cli_edit.add_parsers(command)
    return parser


def _filters(args: argparse.Namespace) -> dict:
    filters = {
        "kinds": args.kind,
        "levels": args.level,
        "counties": args.county,
        "themes": args.theme,
        "greenways": args.greenway,
    }
    if args.near:
        parts = args.near.split(",")
        if len(parts) != 3:
            raise UsageError(f"--near must be LAT,LON,KM, got {args.near!r}")
        try:
            filters["near"] = tuple(float(x) for x in parts)
        except ValueError:
            raise UsageError(f"--near must be LAT,LON,KM numbers, got {args.near!r}") from None
    text = getattr(args, "text", None)
    if text is not None:
        filters["text"] = text
    return {k: v for k, v in filters.items() if v is not None}


def run(argv: list[str]) -> int:
    """Run one command; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command != "build" and Path(args.db).resolve() == DEFAULT_DB.resolve():
        ensure_built(DEFAULT_DB)
    if args.command in cli_edit.COMMANDS:
        return cli_edit.run(args)
    if args.command == "build":
        from catalog.build import build  # pypinyin and sqlite-utils load slowly; only needed here

        if not args.force:
            _refuse_losing_edits(args.db)

        report = build(args.seed, args.db)
        print(
            f"built {report.db_path}: {report.sites} sites, {report.designations} designations, "
            f"{report.intangible} intangible items; {len(report.county_placed)} sites placed "
            "at their county centroid (no sourced point)"
        )
        return 0
    with Catalog(args.db, readonly=True, exact=getattr(args, "exact", False)) as cat:
        if args.command == "stats":
            result = stats(cat)
            if args.json:
                print(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                _print_stats(result)
        elif args.command == "search":
            if args.limit < 1:
                raise UsageError("--limit must be at least 1")
            sites = cat.get_many(cat.site_ids(**_filters(args), limit=args.limit))
            if args.json:
                print(json.dumps([_brief(s) for s in sites], ensure_ascii=False, indent=2))
            for s in [] if args.json else sites:
                kinds = ",".join(sorted({d.kind for d in s.designations}))
                print(f"{s.id}\t{s.name_zh}\t{s.county_zh}\t{kinds}")
        elif args.command == "export":
            sites = cat.sites(**_filters(args))
            if args.format == "xlsx":
                data = to_xlsx(sites)
            elif args.format == "csv":  # with a BOM, so Excel reads it as UTF-8
                data = to_csv(sites).encode("utf-8-sig")
            else:
                data = to_geojson(sites).encode("utf-8")
            if args.out:
                args.out.write_bytes(data)
                print(f"wrote {len(sites)} sites to {args.out}", file=sys.stderr)
            else:
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
        elif args.command == "show":
            try:
                site = cat.site(args.site_id)
            except KeyError:
                raise UsageError(f"unknown site id {args.site_id!r}") from None
            print(json.dumps(site_properties(site), ensure_ascii=False, indent=2))
    return 0


def _refuse_losing_edits(db: Path) -> None:
    """A rebuild replaces the file: refuse when it holds officers' edits or accounts."""
    if not db.is_file():
        return
    with Catalog(db, readonly=True) as cat:
        tables = {r[0] for r in cat.conn.execute("SELECT name FROM sqlite_master")}
        held = [
            f"{n} {t}"
            for t in ("changes", "users", "itineraries")
            if t in tables and (n := cat.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        ]
    if held:
        raise UsageError(
            f"{db} holds {', '.join(held)}; a rebuild would lose them. Back it up "
            "(python -m catalog backup PATH) and pass --force, or build to another --db"
        )


def _brief(site: Site) -> dict:
    props = site_properties(site)
    return {
        k: props[k] for k in ("id", "name_zh", "name_en", "county", "lat", "lon", "designations")
    }


def _print_stats(result: dict) -> None:
    print(f"sites: {result['sites']} (data as of {result['data_as_of']})")
    for kind, levels in result["designations"].items():
        print(f"  {kind}: " + ", ".join(f"{lvl} {n}" for lvl, n in levels.items()))
    print("against the plan:")
    for row in result["plan_coverage"]:
        print(f"  {row['label_zh']} ({row['level']}): {row['catalogue']} of {row['plan']}")
    print("the plan's six historic towns (历史文化名镇):")
    for town in result["plan_towns"]:
        d = town["designation"]
        held = (f"{d['level']}" + (f", batch {d['batch']}" if d["batch"] else "")
                + (f" ({d['year']})" if d["year"] else "")) if d else "no designation"
        print(f"  {town['name_in_plan']} ({town['site_id']}): {held}")
    print(
        "coordinate precision: "
        + ", ".join(f"{k} {v}" for k, v in result["coord_precision"].items())
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point with the error policy: one line on stderr, never a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        return run(argv)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a filter the catalogue does not know
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except PermissionDenied as exc:
        print(f"error: not allowed: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:
        print(f"error: unknown site id {exc.args[0]!r}", file=sys.stderr)
        return 1
    except cli_edit.CommandFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (CatalogError, SeedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        if isinstance(exc, SeedError) and len(exc.problems) > 1:
            for problem in exc.problems[1:20]:
                print(f"  {problem}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
