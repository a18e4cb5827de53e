"""Keep numba's on-disk cache of the compiled search consistent across its modules.

numba keys a cached function on its own source file only: ``core.rounds`` calls
``intra.improve``, and ``intra`` inlines ``core.visit``, so after an edit of one file the other's
cache would keep running the old code, silently. ``check()`` (run when ``core`` is imported,
before any compiled function is loaded) hashes the sources of the compiled modules and, when the
hash differs from the one stored beside the cache, deletes the cached functions of all of them so
they recompile together (~40 s, once).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = ("core", "intra")  # the compiled modules that call each other
CACHE = HERE / "__pycache__"
STAMP = CACHE / "compiled_sources.sha256"


def sources_hash() -> str:
    digest = hashlib.sha256()
    for name in MODULES:
        digest.update((HERE / f"{name}.py").read_bytes())
    return digest.hexdigest()


def check() -> bool:
    """Drop the compiled cache if any compiled module changed since it was written; returns
    whether it did. Best effort: a read-only install keeps whatever cache it has."""
    want = sources_hash()
    try:
        if STAMP.is_file() and STAMP.read_text().strip() == want:
            return False
        CACHE.mkdir(exist_ok=True)
        for name in MODULES:
            for path in [*CACHE.glob(f"{name}.*.nbi"), *CACHE.glob(f"{name}.*.nbc")]:
                path.unlink(missing_ok=True)
        STAMP.write_text(want + "\n")
    except OSError:
        return False
    return True
