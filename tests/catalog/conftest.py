"""Fixtures: real SQLite files built from the small seed slice in fixtures/seed_mini."""

import shutil
from pathlib import Path

import pytest

from catalog.build import build
from catalog.repository import Catalog
from tests.catalog.edit_support import editable_copy, open_conn

MINI_SEED = Path(__file__).parent / "fixtures" / "seed_mini"


@pytest.fixture
def mini_seed(tmp_path: Path) -> Path:
    """A writable copy of the seed slice, for tests that break it on purpose."""
    target = tmp_path / "seed"
    shutil.copytree(MINI_SEED, target)
    return target


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed slice built once into a database file (read-only use)."""
    path = tmp_path_factory.mktemp("mini") / "heritage.db"
    build(MINI_SEED, path)
    return path


@pytest.fixture
def mini_catalog(mini_db: Path):
    with Catalog(mini_db, readonly=True) as cat:
        yield cat


def append(path: Path, line: str) -> None:
    """Append one CSV line to a seed file."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line.rstrip("\n") + "\n")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A writable copy of the real catalogue with test accounts (tests of editing)."""
    return editable_copy(tmp_path)


@pytest.fixture
def conn(db: Path):
    """A write connection to ``db``, closed after the test."""
    c = open_conn(db)
    yield c
    c.close()
