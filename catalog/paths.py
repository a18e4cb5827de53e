"""Where the project keeps its data (kept import-light: the CLI and pages start fast)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "seed"
DEFAULT_DB = ROOT / "data" / "heritage.db"
