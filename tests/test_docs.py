"""The README documents every command-line entry point (sqlite-utils' habit)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands(module: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    match = re.search(r"\{([a-z,\-]+)\}", out)
    assert match, out
    return match.group(1).split(",")


def test_readme_starts_with_the_two_setup_commands():
    block = README.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block == [
        "pip install -r requirements.txt && streamlit run app.py",
        "bash scripts/test.sh",
    ]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_every_catalog_command_is_documented():
    missing = [c for c in _subcommands("catalog") if f"python -m catalog {c}" not in README]
    assert missing == []
