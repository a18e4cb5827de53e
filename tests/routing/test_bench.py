"""Smoke test of ``python -m routing.bench`` on one instance with a short limit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from routing.bench import main

ROOT = Path(__file__).resolve().parents[3] / "shared" / "bench" / "toptw"
pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason="needs ../shared/bench/toptw")


def test_one_instance_json_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "res.json"
    code = main(["--instances", str(ROOT / "instances"), "--bks", str(ROOT / "bks.csv"),
                 "--only", "c101", "--m", "1,2", "--time-limit", "0.3", "--json", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    assert "c101" in text and "mean gap" in text and "valid" in text
    rows = json.loads(out.read_text())
    assert len(rows) == 1  # Solomon files run at m = 1 only
    row, = rows
    assert set(row) == {"instance", "m", "score", "seconds", "routes"}
    assert row["instance"] == "c101" and row["m"] == 1 and row["score"] > 0
    visited = [v for r in row["routes"] for v in r]
    assert 0 not in visited and len(visited) == len(set(visited))
    assert all(isinstance(v, int) for v in visited)


@pytest.mark.parametrize("args", [["--m", "0"], ["--time-limit", "-1"], ["--instances", "/nope"],
                                  ["--bogus"]])
def test_bad_arguments_exit_2_with_one_line(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "routing.bench", *args], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1
