"""The planning service is the only path from the app to the planner, and every code it can
raise or return has a Chinese and an English template (``ui.plan_text``)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from ui.plan_text import PLAN_CODES

ROOT = Path(__file__).resolve().parents[2]
#: what the app may import from ``routing``: the service, the data types it returns and the
#: exports' package face (``routing.exports``: the CLI's ``export`` and the app's downloads)
FACE = {"routing.service", "routing.problem", "routing.exports"}


def routing_imports(source: str) -> set[str]:
    """Every ``routing`` module a source file imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("routing"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("routing")}
    return found


def app_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")),
            *sorted((ROOT / "pages").glob("*.py"))]


def test_the_app_imports_only_the_service_face() -> None:
    offending = {str(p.relative_to(ROOT)): sorted(routing_imports(p.read_text("utf-8")) - FACE)
                 for p in app_files()}
    assert {k: v for k, v in offending.items() if v} == {}
    assert any("routing.service" in routing_imports(p.read_text("utf-8")) for p in app_files())


def test_the_check_catches_an_engine_import() -> None:
    for source in ("from routing.engine import solve", "import routing.planner",
                   "from routing.problem_json import _place", "from routing.cli import run_plan"):
        assert routing_imports(source) - FACE, source


def test_the_cli_plans_through_the_service() -> None:
    cli = (ROOT / "routing" / "cli.py").read_text("utf-8")
    assert "plan_trip(" in cli
    assert not routing_imports(cli) & {"routing.planner", "routing.validate", "routing.engine.solver"}


# ------------------------------------------------------------------ codes

#: constructor -> index of the positional argument holding the code
CODE_ARG = {"RequestError": 1, "UnknownSiteError": 1, "Fit": 2, "Note": 0,
            "MustVisitProblem": 3, "Unplanned": 4}


def raised_codes() -> dict[str, set[str]]:
    """{code: the keyword parameters given with it} for every code written in routing/."""
    codes: dict[str, set[str]] = {}
    for path in (ROOT / "routing").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in CODE_ARG and len(node.args) > CODE_ARG[node.func.id]:
                arg = node.args[CODE_ARG[node.func.id]]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    codes.setdefault(arg.value, set()).update(
                        k.arg for k in node.keywords if k.arg)
            # the planner's (reason, message, code, params) tuples
            if path.name == "planner.py" and isinstance(node, ast.Tuple) and len(node.elts) == 4 and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str)
                    for e in (node.elts[0], node.elts[2])):
                codes.setdefault(node.elts[2].value, set())
    return codes


def test_every_request_error_carries_a_code() -> None:
    bare = []
    for path in (ROOT / "routing").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("RequestError", "UnknownSiteError") and len(node.args) < 2:
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []


def test_every_code_has_a_chinese_and_an_english_template() -> None:
    codes = raised_codes()
    assert len(codes) > 40 and {"lower_value", "unknown_site", "lunch_lost", "conflict"} <= set(codes)
    missing = sorted(set(codes) - set(PLAN_CODES))
    assert missing == []
    for code, (zh, en) in PLAN_CODES.items():
        assert zh and en and zh != en, code


def test_request_error_templates_use_only_the_parameters_given() -> None:
    derived = {"name", "wd"}
    for code, params in raised_codes().items():
        if not params:
            continue
        for template in PLAN_CODES[code]:
            used = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            assert used <= params | derived | ({"name"} if "site_id" in params else set()), code
