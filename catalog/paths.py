"""Where the project keeps its data (kept import-light: the CLI and pages start fast)."""

import fcntl
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "seed"
DEFAULT_DB = ROOT / "data" / "heritage.db"


def ensure_built(db_path: Path = DEFAULT_DB, seed_dir: Path = SEED_DIR) -> Path:
    """Build ``db_path`` from the seed files when it does not exist yet; return it.

    The live catalogue is not kept in git (it holds password hashes and officers' edits), so a
    fresh clone builds it on first use: the app, the CLIs and the tests call this. A lock file
    keeps two processes starting at once from building twice; the build replaces the file
    atomically. The build's modules load only when a build is needed. An existing file gets the
    schema's pending migrations (read-only readers cannot apply them).
    """
    db_path = Path(db_path)
    if db_path.exists():
        from catalog.store import connect  # pending migrations: readers open it read-only

        connect(db_path).close()
        return db_path
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(db_path.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not db_path.exists():
            from catalog.build import build

            build(seed_dir, db_path)
    return db_path


def app_db() -> Path:
    """The app's catalogue: ``$JZ_DB`` when set (tests), else ``DEFAULT_DB`` built on first use.
    The pages (``ui.state.db_path``) and the app's own HTTP routes agree through this."""
    if "JZ_DB" in os.environ:
        return Path(os.environ["JZ_DB"])
    return ensure_built(DEFAULT_DB)
