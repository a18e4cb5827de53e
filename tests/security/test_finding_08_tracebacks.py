"""Finding 8 (catalogue and app part): bad input is one clear line, never a traceback.

On the old main: importing deeply nested JSON, ``"crs": "GCJ02"`` (a string) or a list as
``county_adcode`` raised RecursionError / AttributeError / sqlite3 InterfaceError; write commands
and logins on a read-only database, and the home page with a missing database, showed
tracebacks. (The planner CLI's cases are in test_finding_08_planner_cli.py.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog import auth, importer
from catalog.store import CatalogReadOnly, connect
from tests.catalog.edit_support import actor, editable_copy, open_conn

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalog", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)


def feature(**props) -> dict:
    return {"type": "Feature", "properties": {"name_zh": "清虚观", "county_adcode": "140728",
                                              "kind": "temple", "coord_precision": "site",
                                              **props},
            "geometry": {"type": "Point", "coordinates": [112.1795, 37.2003]}}


CASES = [
    ("deep nesting", '{"type": "FeatureCollection", "features": ' + "[" * 100_000
     + "]" * 100_000 + "}", "nested too deeply"),
    ("crs as a string", json.dumps({"type": "FeatureCollection", "crs": "GCJ02",
                                    "features": [feature()]}), '"crs" must be'),
    ("county_adcode as a list", json.dumps({"type": "FeatureCollection",
                                            "features": [feature(county_adcode=["140728"])]}),
     "county_adcode must be text"),
    ("5000-digit number", '{"type": "FeatureCollection", "features": [' + "9" * 5000 + "]}",
     "number too long"),
]


@pytest.mark.parametrize(("case", "text", "needle"), CASES, ids=[c[0] for c in CASES])
def test_bad_geojson_import_is_a_clear_error(tmp_path: Path, case: str, text: str,
                                             needle: str) -> None:
    db = editable_copy(tmp_path)
    path = tmp_path / "bad.geojson"
    path.write_text(text, "utf-8")
    proc = cli("import", str(path), "--user", "olga", "--db", str(db))
    assert proc.returncode == 1, (case, proc.stderr)
    assert "Traceback" not in proc.stderr and needle in proc.stderr, (case, proc.stderr)
    assert proc.stderr.strip().splitlines()[0].startswith(("error:", "nothing imported"))
    conn = open_conn(db)  # and nothing was written
    try:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0
    finally:
        conn.close()


@pytest.fixture
def read_only_db(tmp_path: Path):
    """A catalogue file this process cannot write: ``chattr +i`` (root ignores mode bits)."""
    db = editable_copy(tmp_path)
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(db)]).returncode:
        pytest.skip("chattr +i is not available here")
    yield db
    subprocess.run(["chattr", "-i", str(db)], check=False)


@pytest.mark.parametrize("args", [
    ("users", "add", "bob", "--role", "officer"),
    ("users", "disable", "pat"),
    ("retire", "pingyao-shuanglinsi", "--user", "olga"),
])
def test_write_commands_on_a_read_only_db_are_one_line(read_only_db: Path, args) -> None:
    proc = cli(*args, "--db", str(read_only_db), stdin="a long enough password\n")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], proc.stderr


def test_login_on_a_read_only_db_is_a_clear_error(read_only_db: Path, monkeypatch) -> None:
    conn = connect(read_only_db)  # opening works (reads are fine); the login's write is refused
    try:
        with pytest.raises(CatalogReadOnly):
            auth.authenticate(conn, "pat", "correct horse battery")
    finally:
        conn.close()
    monkeypatch.setenv("JZ_DB", str(read_only_db))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").input("pat")
    at.text_input(key="login_password").input("correct horse battery")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("只读" in e.value for e in at.error), [e.value for e in at.error]


def test_home_page_with_a_missing_database(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("JZ_DB", str(tmp_path / "missing.db"))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["名录数据库无法打开；请联系管理员"]


def test_nested_values_are_refused_in_the_domain(tmp_path: Path) -> None:
    conn = open_conn(editable_copy(tmp_path))
    try:
        data = json.dumps({"type": "FeatureCollection",
                           "features": [feature(name_zh={"a": 1})]}).encode()
        report = importer.import_bytes(conn, actor("olga"), data, ".geojson")
        assert not report.ok and "name_zh must be text" in str(report.problems[0][1])
    finally:
        conn.close()
