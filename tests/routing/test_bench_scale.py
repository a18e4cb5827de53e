"""The scale benchmark's parts: the synthetic catalogue and the reference file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from catalog.paths import DEFAULT_DB, ensure_built
from catalog.repository import Catalog
from routing.bench_reference import read_reference, record, write_rows
from routing.bench_synthetic import synthetic_sites


@pytest.fixture(scope="module")
def real_sites() -> list:
    cat = Catalog(ensure_built(DEFAULT_DB), readonly=True)
    try:
        return [s for s in cat.sites() if not s.retired]
    finally:
        cat.close()


def test_synthetic_catalogue_is_seeded_labelled_and_near_the_real_sites(real_sites: list) -> None:
    db = ensure_built(DEFAULT_DB)
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    a = synthetic_sites(real_sites, 300, seed=7)
    b = synthetic_sites(real_sites, 300, seed=7)
    c = synthetic_sites(real_sites, 300, seed=8)
    assert a == b and a != c and len(a) == 300
    real_ids = {s.id for s in real_sites}
    for s in a:
        assert s.id.startswith("synthetic-") and s.id not in real_ids
        assert "（合成）" in s.name_zh and "synthetic" in (s.name_en or "")
        assert s.sources and s.sources[0].startswith("synthetic:")
        assert min(r.lat for r in real_sites) <= s.lat <= max(r.lat for r in real_sites)
        assert min(r.lon for r in real_sites) <= s.lon <= max(r.lon for r in real_sites)
    # nothing is written to the catalogue
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before


def test_reference_keeps_each_solvers_best_and_the_pair_best(tmp_path: Path) -> None:
    rows: list[dict[str, str]] = []
    base = {"instance": "c202", "m": "1", "time_limit_s": "60", "seed": "0", "workers": "2",
            "when": "2026-11-27 17:00 UTC", "commit": "abc"}
    assert record(rows, {**base, "score": "900", "solver": "engine"})
    assert record(rows, {**base, "score": "930", "solver": "pyvrp"})
    assert not record(rows, {**base, "score": "890", "solver": "engine"})
    assert record(rows, {**base, "score": "940", "solver": "engine"})
    path = tmp_path / "ref.csv"
    write_rows(rows, path)
    assert read_reference(path) == {("c202", 1): 940}
    assert len(path.read_text().splitlines()) == 3


def test_large_benchmark_runs_one_request_and_validates_it(capsys: pytest.CaptureFixture) -> None:
    from routing.bench_jinzhong import main

    rc = main(["--large", "--only", "catalogue-5d-car", "--limits", "0.3", "--seeds", "0"])
    out = capsys.readouterr().out
    assert rc == 0
    row = next(line for line in out.splitlines() if line.startswith("catalogue-5d-car"))
    assert row.split()[-1] == "yes"  # the independent validator passed the itinerary
    assert "peak memory" in out and "load before" in out
