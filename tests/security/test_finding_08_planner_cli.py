"""Finding 8 (planner part): every bad request is one line on stderr and exit 2, nothing on stdout.

On the old main these exited 1 ("internal failure") or were accepted: invalid UTF-8, 100k-deep
nesting, a 5000-digit integer, 9999-12-31, a lone surrogate in a point name (98 bytes of partial
JSON on stdout first), group_size / max_sites_per_day of 10**30, duplicate keys, unknown theme.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITES = ROOT / "tests" / "routing" / "fixtures" / "pingyao_5_sites.json"
GOOD = {"start_date": "2026-05-12", "days": 2, "day_start": "08:30", "day_end": "18:00",
        "lodging": "pingyao-gucheng", "mode": "coach", "group_size": 40}
_G = json.dumps(GOOD)

BAD: list[tuple[str, bytes, str]] = [
    ("invalid UTF-8", _G[:-1].encode() + b', "description": "\xff\xfe"}', "not UTF-8"),
    ("100k-deep nesting", (_G[:-1] + ', "description": ' + "[" * 100_000 + "]" * 100_000 + "}")
     .encode(), "nested"),
    ("5000-digit integer", _G.replace('"days": 2', '"days": ' + "9" * 5000).encode(), "digits"),
    ("date 9999-12-31", _G.replace("2026-05-12", "9999-12-31").encode(), "outside the dates"),
    ("lone surrogate", json.dumps({**GOOD, "lodging": {"lat": 37.2, "lon": 112.1,
                                                       "name": "\ud800x"}}).encode(), "surrogate"),
    ("group_size 10**30", json.dumps({**GOOD, "group_size": 10**30}).encode(), "digits"),
    ("group_size 1e30", _G.replace('"group_size": 40', '"group_size": 1e30').encode(),
     "whole number"),
    ("group_size 100000", json.dumps({**GOOD, "group_size": 100_000}).encode(), "at most 200"),
    ("max_sites_per_day 10**30", json.dumps({**GOOD, "max_sites_per_day": 10**30}).encode(),
     "digits"),
    ("max_sites_per_day 1000", json.dumps({**GOOD, "max_sites_per_day": 1000}).encode(),
     "at most 20"),
    ("duplicate keys", _G.replace('"days": 2', '"days": 2, "days": 3').encode(), "duplicate"),
    ("unknown interest theme", json.dumps({**GOOD, "interests": {"no-such-theme": 3}}).encode(),
     "unknown theme"),
    ("NaN", _G.replace('"group_size": 40', '"group_size": 40, "candidates": '
                       '{"greenway_buffer_km": NaN}').encode(), "NaN"),
    ("Infinity", _G.replace('"group_size": 40', '"group_size": 40, "candidates": '
                            '{"greenway_buffer_km": 1e999}').encode(), "expected a number"),
]


@pytest.mark.parametrize(("case", "raw", "needle"), BAD, ids=[b[0] for b in BAD])
def test_bad_request_is_one_line_exit_2(tmp_path: Path, case: str, raw: bytes,
                                        needle: str) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(raw)
    proc = subprocess.run([sys.executable, "-m", "routing", "plan", str(path), "--sites",
                           str(SITES), "--iterations", "5"], cwd=ROOT, capture_output=True,
                          timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, (case, err)
    assert proc.stdout == b"", case
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in err, (case, err)


def test_a_good_request_still_plans(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text(json.dumps({**GOOD, "interests": {"晋商文化": 5}, "max_sites_per_day": 4},
                               ensure_ascii=False), "utf-8")
    proc = subprocess.run([sys.executable, "-m", "routing", "plan", str(path), "--sites",
                           str(SITES), "--iterations", "5"], cwd=ROOT, capture_output=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["totals"]["sites_planned"] >= 1
