"""The itinerary layer imports no UI library, and only the engine's adapter imports OR-Tools."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["routing.problem", "routing.problem_json", "routing.travel", "routing.value",
           "routing.model", "routing.explain", "routing.planner", "routing.validate",
           "routing.validation.itinerary", "routing.cli", "routing.sites_json",
           "routing.bench_jinzhong"]


def test_routing_imports_with_ui_libraries_blocked() -> None:
    code = ("import sys\n"
            "for name in ('streamlit', 'folium', 'pydeck', 'streamlit_folium'):\n"
            "    sys.modules[name] = None\n"
            + "".join(f"import {m}\n" for m in MODULES))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_only_the_engine_adapter_imports_ortools() -> None:
    importing = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "routing").rglob("*.py")
        if re.search(r"^\s*(from|import)\s+ortools", p.read_text("utf-8"), re.MULTILINE)
    )
    assert importing in ([], ["routing/engine/ortools_model.py"])
