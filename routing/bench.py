"""``python -m routing.bench``: the engine on the public TOPTW instances, gap to best known.

Every ``*.txt`` under ``--instances`` is run for each requested ``m`` (Solomon-based files for
m = 1 only: the literature has no other m for them); a pair is scored for gap only when
``--bks`` has a row for it. Every solution, the peers' included, is checked by the independent
validator (``routing.validation.toptw``) and counts as score 0 when invalid.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from routing.engine import Budget, solve, warm_up
from routing.toptw import detect_family, parse, routes_to_ids
from routing.validation.toptw import check

HERE = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCES = HERE.parent / "shared" / "bench" / "toptw" / "instances"
DEFAULT_BKS = HERE.parent / "shared" / "bench" / "toptw" / "bks.csv"


@dataclass
class Row:
    solver: str
    instance: str
    m: int
    bks: int | None
    score: int
    seconds: float
    valid: bool
    routes: list[list[int]]
    ref: bool = False  # ``bks`` is our long-run reference, not a published best-known score
    folder: str = ""

    @property
    def gap(self) -> float | None:
        if self.bks is None or self.bks == 0:
            return None
        return 100.0 * (self.bks - (self.score if self.valid else 0)) / self.bks


def _ints(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}") \
            from None
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError(f"expected positive integers, got {text!r}")
    return values


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0: {text!r}")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """One clear line on stderr and exit 2 (argparse's usage block is noise here)."""
        sys.stderr.write(f"routing.bench: error: {message}\n")
        raise SystemExit(2)


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = _Parser(prog="python -m routing.bench", description=__doc__.splitlines()[0])
    p.add_argument("--instances", type=Path, nargs="+", default=[DEFAULT_INSTANCES],
                   help="folders of instance files (searched recursively)")
    p.add_argument("--reference", type=Path, default=None,
                   help="reference scores for pairs without BKS (default: "
                        "routing/bench_reference.csv, the best long runs)")
    p.add_argument("--bks", type=Path, default=DEFAULT_BKS)
    p.add_argument("--m", type=_ints, default=[1, 2, 3, 4], help="tours, e.g. 1,2,4")
    p.add_argument("--time-limit", type=_positive, default=1.0, help="seconds per run")
    p.add_argument("--workers", type=int, default=2, help="engine processes (default 2)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", type=Path, help="write the engine's results here")
    p.add_argument("--peers", action="store_true", help="also run PyVRP and VROOM")
    p.add_argument("--no-vroom", action="store_true",
                   help="with --peers, PyVRP only (VROOM has no time limit: its result does not"
                        " depend on --time-limit)")
    p.add_argument("--only", type=lambda s: [v.strip() for v in s.split(",") if v.strip()],
                   help="instance names, e.g. c101,pr01")
    a = p.parse_args(argv)
    for folder in a.instances:
        if not folder.is_dir():
            p.error(f"--instances {folder} is not a directory")
    if not a.bks.is_file():
        p.error(f"--bks {a.bks} is not a file")
    if a.workers < 1:
        p.error("--workers must be at least 1")
    return a


def read_bks(path: Path) -> dict[tuple[str, int], int]:
    """``{(instance, m): best known score}`` from the shared CSV."""
    with path.open(newline="") as fh:
        return {(r["instance"].strip(), int(r["m"])): int(r["bks_score"])
                for r in csv.DictReader(fh)}


def pairs(instances: Path | list[Path], ms: list[int],
          only: list[str] | None) -> list[tuple[Path, int]]:
    """(file, m) pairs to run, in a stable order."""
    folders = instances if isinstance(instances, list) else [instances]
    files = sorted((f for d in folders for f in d.rglob("*.txt")),
                   key=lambda f: (detect_family(f), f.parent.name, f.stem))
    if only:
        files = [f for f in files if f.stem in only]
    out = []
    for f in files:
        for m in ms:
            if detect_family(f) == "solomon" and m != 1:
                continue
            out.append((f, m))
    return out


def run_engine(path: Path, m: int, time_limit: float, workers: int, seed: int) -> Row:
    """Parse, solve, validate; ``seconds`` is the wall time of the ``solve`` call (what the
    budget limits: compilation, OR-Tools model and worker start included)."""
    bench = parse(path, m)
    t0 = time.perf_counter()
    sol = solve(bench.instance, Budget(time_limit=time_limit, seed=seed, workers=workers))
    seconds = time.perf_counter() - t0
    routes = routes_to_ids(bench, [[v.node for v in tp.visits] for tp in sol.tours])
    return _row("engine", path, m, routes, seconds)


def _row(solver: str, path: Path, m: int, routes: list[list[int]], seconds: float) -> Row:
    report = check(path, m, routes)
    return Row(solver, path.stem, m, None, report.score, seconds, report.valid, routes,
               folder=path.parent.name)


def run_peers(path: Path, m: int, time_limit: float, seed: int, vroom: bool = True) -> list[Row]:
    """PyVRP and VROOM on the same pair (imported lazily: optional for the app)."""
    from routing.bench_peers import run_pyvrp, run_vroom

    bench = parse(path, m)
    rows = []
    t0 = time.perf_counter()
    routes = run_pyvrp(bench, time_limit, seed)
    rows.append(_row("pyvrp", path, m, routes, time.perf_counter() - t0))
    if vroom:
        t0 = time.perf_counter()
        routes = run_vroom(bench)
        rows.append(_row("vroom", path, m, routes, time.perf_counter() - t0))
    return rows


def table(rows: list[Row]) -> str:
    """The printed table and the mean gap of each solver."""
    lines = [f"{'solver':7} {'instance':9} {'m':>2} {'BKS':>5} {'score':>5} {'gap %':>6} "
             f"{'s':>6} valid"]
    for r in rows:
        gap = "—" if r.gap is None else f"{r.gap:.2f}"
        bks = "—" if r.bks is None else str(r.bks) + ("*" if r.ref else "")
        lines.append(f"{r.solver:7} {r.instance:9} {r.m:>2} {bks:>5} {r.score:>5} {gap:>6} "
                     f"{r.seconds:6.2f} {'yes' if r.valid else 'NO'}")
    for solver in dict.fromkeys(r.solver for r in rows):
        mine = [r for r in rows if r.solver == solver]
        for label, part in (("BKS", [r for r in mine if not r.ref]),
                            ("reference", [r for r in mine if r.ref])):
            gaps = [r.gap for r in part if r.gap is not None]
            if not gaps and label == "reference":
                continue
            mean = f"{sum(gaps) / len(gaps):.2f} %" if gaps else "—"
            lines.append(f"{solver}: mean gap to {label} {mean} over {len(gaps)} scored pairs")
        invalid = sum(not r.valid for r in mine)
        lines.append(f"{solver}: {len(mine)} runs, {invalid} invalid, "
                     f"mean {sum(r.seconds for r in mine) / len(mine):.2f} s")
        groups: dict[str, list[float]] = {}
        for r in mine:
            if r.gap is not None:
                key = r.folder if r.folder != "cordeau" else f"pr m={r.m}"
                groups.setdefault(key, []).append(r.gap)
        lines.append(f"{solver} by set: " + ", ".join(
            f"{k} {sum(v) / len(v):.2f} % ({len(v)})" for k, v in groups.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table; exit 1 if any engine solution was invalid."""
    a = _args(argv)
    bks = read_bks(a.bks)
    from routing.bench_reference import REFERENCE_CSV, read_reference

    ref = read_reference(a.reference or REFERENCE_CSV)
    todo = pairs(a.instances, a.m, a.only)
    if not todo:
        sys.stderr.write("routing.bench: error: no instance matches\n")
        return 2
    print(f"# compiled search loaded in {warm_up():.2f} s (once per process, not in any run)", flush=True)
    print(f"# {len(todo)} runs, {a.time_limit:g} s each, {a.workers} worker(s), "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    rows: list[Row] = []
    for path, m in todo:
        new = [run_engine(path, m, a.time_limit, a.workers, a.seed)]
        if a.peers:
            new += run_peers(path, m, a.time_limit, a.seed, vroom=not a.no_vroom)
        for r in new:
            r.bks = bks.get((r.instance, r.m))
            if r.bks is None and (r.instance, r.m) in ref:
                r.bks, r.ref = ref[(r.instance, r.m)], True
            rows.append(r)
            gap = "—" if r.gap is None else f"{r.gap:.2f}"
            print(f"  {r.solver:7} {r.instance:9} m={r.m} score {r.score} gap {gap} "
                  f"{r.seconds:.2f}s {'valid' if r.valid else 'INVALID'}", flush=True)
    rows.sort(key=lambda r: (r.solver != "engine", r.solver))
    print(table(rows))
    print(f"# load at end {os.getloadavg()[0]:.2f}")
    if a.json:
        a.json.write_text(json.dumps(
            [{"instance": r.instance, "m": r.m, "score": r.score, "seconds": round(r.seconds, 3),
              "routes": r.routes} for r in rows if r.solver == "engine"], indent=1))
    return 0 if all(r.valid for r in rows if r.solver == "engine") else 1


if __name__ == "__main__":
    raise SystemExit(main())
