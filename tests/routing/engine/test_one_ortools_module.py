"""Exactly one module of the project imports OR-Tools: ``routing/engine/ortools_model.py``."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
IMPORT = re.compile(r"^\s*(from\s+ortools\b|import\s+ortools\b)", re.MULTILINE)


def test_only_the_adapter_imports_ortools() -> None:
    users = sorted(
        str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
        if "tests" not in p.relative_to(ROOT).parts and ".venv" not in p.parts
        and IMPORT.search(p.read_text(encoding="utf-8", errors="replace"))
    )
    assert users == ["routing/engine/ortools_model.py"]
