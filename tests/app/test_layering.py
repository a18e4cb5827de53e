"""``catalog`` and ``routing`` never import streamlit, folium or pydeck (STYLE 1).

Every module under both packages is imported in a fresh interpreter where those libraries are
blocked, so a new module that slips a UI import in fails here without anyone listing it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCKED = ("streamlit", "folium", "pydeck", "streamlit_folium", "branca")


def domain_modules() -> list[str]:
    names = []
    for package in ("catalog", "routing"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__main__":
                continue
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_there_are_domain_modules_to_check() -> None:
    modules = domain_modules()
    assert "catalog.repository" in modules and "routing.planner" in modules


def test_domain_imports_with_ui_libraries_blocked() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {BLOCKED!r}:\n"
        "    sys.modules[name] = None\n"
        f"for module in {domain_modules()!r}:\n"
        "    importlib.import_module(module)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_the_blocking_is_real() -> None:
    """The same harness does fail on a module that imports streamlit (the app's)."""
    code = (
        "import sys\n"
        f"for name in {BLOCKED!r}:\n"
        "    sys.modules[name] = None\n"
        "import ui.state\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode != 0 and "streamlit" in proc.stderr
