"""AppTest: login, role-based navigation, the officer edit/history/import pages, users, saved plans.

Runs the real router (``app.py``) on a private copy of the committed catalogue with four
accounts (tests/catalog/edit_support.py). The map itself is opaque to AppTest (PITFALLS b):
clicks are covered by ``ui.editform.clicked_point`` below and by the browser test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog import editing, history
from catalog.coords import wgs84_to_gcj02
from tests.catalog.edit_support import PASSWORD, actor, editable_copy, open_conn
from ui.editform import clicked_point, designations_from_editor
from ui.session import AUTH_KEY

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SITE = "pingyao-shuanglinsi"
OFFICER_PAGES = ("officer_edit", "history", "officer_import", "verification", "officer_records")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = editable_copy(tmp_path, real=True)
    monkeypatch.setenv("JZ_DB", str(path))
    return path


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def logged_in(name: str | None) -> AppTest:
    """The app after logging in as ``name`` through the login page (None: a visitor)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    if name is None:
        return at
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()  # the form's submit button
    no_exception(at)
    return at


def test_a_visitor_never_gets_the_edit_pages(db):
    at = logged_in(None)
    no_exception(at)
    for page in (*OFFICER_PAGES, "admin_users", "saved_plans"):
        assert_guarded(at, page)


def assert_guarded(at: AppTest, page: str) -> None:
    """Either the router did not register the page (AppTest refuses the switch), or AppTest ran
    the file from ``pages/`` without the router's list: then its own guard must stop it before it
    draws its title or any data."""
    try:
        at.switch_page(f"pages/{page}.py")
    except ValueError:
        return
    at.run()
    no_exception(at)
    assert not at.title and not at.dataframe and not at.table, page
    said = [m.value for m in (*at.info, *at.warning)]  # and it says why (log in, or the role)
    assert any("请先登录" in m or "不能打开此页" in m for m in said), (page, said)


def test_a_planner_gets_saved_plans_but_not_the_edit_pages(db):
    at = logged_in("pat")
    at.switch_page("pages/saved_plans.py").run()
    no_exception(at)
    assert any("先在" in i.value for i in at.info)  # no plan in this session yet
    for page in (*OFFICER_PAGES, "admin_users"):
        assert_guarded(at, page)


def test_wrong_password_is_refused_without_saying_why(db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").input("olga")
    at.text_input(key="login_password").input("not the password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["用户名或密码错误"]
    assert_guarded(at, "officer_edit")


def test_an_officer_edits_a_site_and_sees_it_in_history_then_reverts(db):
    conn = open_conn(db)
    original = editing.site_state(conn, SITE)
    at = logged_in("olga")
    at.switch_page("pages/officer_edit.py").run()
    no_exception(at)
    at.selectbox(key="edit_site").select(SITE).run()
    key = f"{SITE}:1"
    # labels in Chinese with the column name import files use; codes shown by their names
    assert at.text_input(key=f"ed_name_zh_{key}").label == "中文名 · name_zh *"
    assert at.selectbox(key=f"ed_kind_{key}").value == "temple"
    assert "寺庙 (temple)" in at.selectbox(key=f"ed_kind_{key}").options
    assert "村级 (village)" in at.selectbox(key=f"ed_precision_{key}").options
    at.text_input(key=f"ed_name_en_{key}").input("Shuanglin <b>Temple</b>")
    at.number_input(key=f"ed_lat_{key}").set_value(37.171)
    at.button[0].click().run()  # 保存 (the form's submit)
    no_exception(at)
    assert any("版本 2" in s.value for s in at.success)
    state = editing.site_state(conn, SITE)
    assert (state["name_en"], state["lat"], state["updated_by"]) == (
        "Shuanglin <b>Temple</b>", 37.171, "olga")
    at.switch_page("pages/history.py").run()
    at.selectbox(key="hist_site").select(SITE).run()
    no_exception(at)
    table = at.dataframe[0].value
    assert set(table["field"]) == {"name_en", "lat"} and set(table["by"]) == {"olga"}
    assert set(table["action"]) == {"修改"}  # the action in the user's language
    at.selectbox(key="revert_version").select(1)
    at.button[0].click().run()
    no_exception(at)
    assert any("已恢复到版本 1" in s.value for s in at.success)
    reverted = editing.site_state(conn, SITE)
    assert (reverted["name_en"], reverted["lat"]) == (original["name_en"], original["lat"])
    assert history.site_history(conn, actor("olga"), SITE)[-1].action == "revert"
    conn.close()


def test_the_edit_form_names_every_field_and_site_kind_in_both_languages():
    from catalog.defaults import SITE_KINDS
    from catalog.validation import EDITABLE_FIELDS
    from ui.edit_text import FIELDS, SITE_KIND_LABELS, field_label, site_kind_label

    assert set(FIELDS) <= set(EDITABLE_FIELDS)  # the column names shown are real ones
    assert set(SITE_KIND_LABELS) == set(SITE_KINDS)
    from ui.edit_text import DESIGNATION_FIELDS, designation_label
    from ui.editform import DESIGNATION_COLUMNS

    assert list(DESIGNATION_FIELDS) == list(DESIGNATION_COLUMNS)
    assert designation_label("official_name") == "公布名称 · official_name"
    assert all(zh.strip() and en.strip() for zh, en in (*FIELDS.values(),
                                                         *SITE_KIND_LABELS.values()))
    assert field_label("lat", "en", required=True) == "Latitude (WGS-84) · lat *"
    assert site_kind_label("walled_town", "en") == "Walled town (walled_town)"
    assert site_kind_label("no_such_kind") == "no_such_kind"


def test_every_site_change_action_has_a_label():
    from catalog.schema import CHANGE_ACTIONS
    from ui.edit_text import TEXT

    site_actions = [a for a in CHANGE_ACTIONS if not a.startswith(("user_", "itinerary_"))]
    assert "update" in site_actions
    assert [a for a in site_actions if f"action_{a}" not in TEXT] == []


def test_validation_messages_appear_next_to_the_field(db):
    at = logged_in("olga")
    at.switch_page("pages/officer_edit.py").run()
    at.selectbox(key="edit_site").select(SITE).run()
    key = f"{SITE}:1"
    at.text_input(key=f"ed_name_zh_{key}").input("   ")
    at.number_input(key=f"ed_lat_{key}").set_value(39.9)
    at.button[0].click().run()
    no_exception(at)
    errors = [e.value for e in at.error]
    # in Chinese on the Chinese page (the catalogue words them in English)
    assert "必填" in errors and "不在晋中市内（不在任何县区边界内）" in " ".join(errors)
    assert "请修改标出的字段" in errors
    at.selectbox(key="lang").select("en").run()
    at.text_input(key=f"ed_name_zh_{key}").input("   ")
    at.number_input(key=f"ed_lat_{key}").set_value(39.9)
    at.button[0].click().run()
    errors = " ".join(e.value for e in at.error)
    assert "is required" in errors and "outside Jinzhong" in errors


def test_a_stale_form_is_refused_with_who_and_when(db):
    at = logged_in("oscar")
    at.switch_page("pages/officer_edit.py").run()
    at.selectbox(key="edit_site").select(SITE).run()
    conn = open_conn(db)
    editing.update_site(conn, actor("olga"), SITE, 1, {"name_en": "Olga's name"})
    key = f"{SITE}:1"
    at.text_input(key=f"ed_name_en_{key}").input("Oscar's name")
    at.button[0].click().run()
    no_exception(at)
    message = " ".join(e.value for e in at.error)
    assert "已被 olga 于" in message and "现为版本 2" in message  # who, when, in Chinese
    assert editing.site_state(conn, SITE)["name_en"] == "Olga's name"  # not overwritten
    conn.close()


def test_the_session_times_out(db):
    at = logged_in("olga")
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
    at.session_state[AUTH_KEY] = {**at.session_state[AUTH_KEY], "last_seen": old}
    at.run()
    assert_guarded(at, "officer_edit")


def test_an_admin_sees_the_users(db):
    at = logged_in("ada")
    at.switch_page("pages/admin_users.py").run()
    no_exception(at)
    assert set(at.dataframe[0].value["name"]) == {"ada", "olga", "oscar", "pat"}


def test_import_page_reports_bad_rows(db):
    at = logged_in("olga")
    at.switch_page("pages/officer_import.py").run()
    no_exception(at)  # the uploader itself cannot be driven by AppTest; the domain is tested


def test_map_clicks_become_the_saved_point():
    assert clicked_point({"last_clicked": {"lat": 37.17123456, "lng": 112.1}}, "WGS84") == (
        37.171235, 112.1)
    glon, glat = wgs84_to_gcj02(112.131744, 37.170739)
    lat, lon = clicked_point({"last_clicked": {"lat": glat, "lng": glon}}, "GCJ02")
    assert abs(lat - 37.170739) < 2e-6 and abs(lon - 112.131744) < 2e-6
    assert clicked_point({"last_clicked": None}, "WGS84") is None
    assert clicked_point({"last_clicked": {"lat": float("nan"), "lng": 1}}, "WGS84") is None


def test_designation_table_round_trip():
    rows = [{"kind": "文物保护单位", "level": "national", "batch": 5.0, "year": 2001.0,
             "ref_no": None, "official_name": float("nan"), "source": ""},
            {"kind": None, "level": None, "batch": None, "year": None, "ref_no": None,
             "official_name": None, "source": None}]
    assert designations_from_editor(rows) == [
        {"kind": "文物保护单位", "level": "national", "batch": "5", "year": 2001, "ref_no": None,
         "official_name": None, "source": None, "ended": None, "end_reason": None}]


def test_sso_identity_gets_the_role_from_our_users_table(db):
    from catalog import auth

    conn = open_conn(db)
    auth.add_user(conn, actor("ada"), "li.ming", "officer", None, email="li@jz.example")
    conn.close()
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x"}
    at.user = {"is_logged_in": True, "email": "li@jz.example", "sub": "kc-123"}
    at.run()
    no_exception(at)
    at.switch_page("pages/officer_edit.py").run()  # registered: li.ming is an officer
    no_exception(at)
    stranger = AppTest.from_file(APP, default_timeout=90)
    stranger.secrets["auth"] = {"redirect_uri": "http://localhost/oauth2callback"}
    stranger.user = {"is_logged_in": True, "email": "someone@else.example"}
    stranger.run()
    assert_guarded(stranger, "officer_edit")  # an unknown identity is a visitor


def test_a_planner_saves_a_plan_and_later_sees_what_changed(db):
    at = logged_in("pat")
    for key, value in {"start": "2026-05-12", "days": "1", "lodging": "pingyao-gucheng",
                       "gw": "dayun"}.items():
        at.query_params[key] = value
    at.switch_page("pages/plan.py").run()
    no_exception(at)
    planned = at.session_state["plan_result"].itinerary
    visited = [v.site_id for d in planned.days for v in d.visits]
    assert visited
    at.switch_page("pages/saved_plans.py").run()
    at.text_input(key="save_plan_name").input("大运线一日")
    at.button[0].click().run()
    no_exception(at)
    assert not at.warning  # nothing has changed yet
    conn = open_conn(db)
    version = editing.site_state(conn, visited[0])["version"]
    editing.set_retired(conn, actor("olga"), visited[0], version)
    conn.close()
    at.run()
    no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "已从名录中撤销" in warnings


def test_pages_never_act_as_the_system():
    """Only the command line may use Actor.system (the file owner); pages act as the user."""
    root = Path(APP).parent
    for path in [root / "app.py", *(root / "pages").glob("*.py"), *(root / "ui").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "Actor.system" not in text and 'kind="system"' not in text, path


def test_a_retired_site_disappears_from_the_public_pages(db):
    from tests.app.test_pages import count_caption

    visitor = AppTest.from_file(APP, default_timeout=90)
    visitor.run()
    visitor.switch_page("pages/map.py").run()
    before = count_caption(visitor)  # also fills the shared data cache
    at = logged_in("olga")
    at.switch_page("pages/officer_edit.py").run()
    at.selectbox(key="edit_site").select(SITE).run()
    at.checkbox(key=f"retire_sure_{SITE}:1").check().run()
    at.button(key=f"retire_{SITE}:1").click().run()
    no_exception(at)
    assert any("已撤销" in s.value for s in at.success)
    visitor.run()
    assert count_caption(visitor) == before - 1  # the shared cache was dropped on save


def test_an_old_link_to_a_retired_site_says_it_is_retired(db):
    conn = open_conn(db)
    editing.set_retired(conn, actor("olga"), SITE, 1)
    conn.close()
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.query_params["site"] = SITE
    at.switch_page("pages/site.py").run()
    no_exception(at)
    assert any("从名录中撤销" in w.value for w in at.warning)


def coded_errors() -> tuple[dict[str, dict[str, set[str]]], list[str]]:
    """Every code ``catalog/`` raises or returns, by error class, with the parameters given; and
    where a ``Translatable`` error is raised with no code at all.

    The error classes are found, not listed: ``Translatable`` and its subclasses in catalog/.
    Where a class's ``__init__`` takes the code (``Problem(code, text)``, ``EditError(text,
    code)``) it is read from each call; a class that sets its own code (``EditConflict``) is read
    from its ``super().__init__`` call. ``Message(text, code, params)`` counts as ``Message``.
    A code that is an expression (a re-raise of ``exc.code``) is one found where it was raised.
    """
    import ast

    trees = [ast.parse(p.read_text("utf-8"))
             for p in sorted((Path(__file__).resolve().parents[2] / "catalog").glob("*.py"))]
    classes = {n.name: n for t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)}

    def bases(name: str) -> list[str]:
        node = classes.get(name)
        return [b.id for b in node.bases if isinstance(b, ast.Name)] if node else []

    def translatable(name: str) -> bool:
        return name == "Translatable" or any(translatable(b) for b in bases(name))

    def code_at(name: str) -> int | None:
        """The position of ``code`` among the class's arguments (None: it sets its own)."""
        init = next((f for f in classes[name].body
                     if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
        if init is None:
            return next(code_at(b) for b in bases(name) if translatable(b))
        names = [a.arg for a in (*init.args.posonlyargs, *init.args.args)][1:]
        return names.index("code") if "code" in names else None

    found: dict[str, dict[str, set[str]]] = {}
    uncoded: list[str] = []

    def take(kind: str, call: ast.Call, at: int, params: set[str]) -> None:
        arg = call.args[at] if len(call.args) > at else None
        if arg is None or (isinstance(arg, ast.Constant) and arg.value is None):
            uncoded.append(f"{kind} at line {call.lineno}: {ast.unparse(call)[:80]}")
        elif isinstance(arg, ast.Constant):
            found.setdefault(kind, {}).setdefault(arg.value, set()).update(params)

    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg for k in node.keywords if k.arg}
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name == "Message" and len(node.args) >= 2:
                third = node.args[2] if len(node.args) > 2 else None
                keys = third.keys if isinstance(third, ast.Dict) else []
                take("Message", node, 1, {k.value for k in keys if isinstance(k, ast.Constant)})
            elif name in classes and translatable(name) and code_at(name) is not None:
                take(name, node, code_at(name), keywords)
    for name, cls in classes.items():  # classes that set their own code
        if name == "Translatable" or not translatable(name) or code_at(name) is not None:
            continue
        parent = next(b for b in bases(name) if translatable(b))
        for node in ast.walk(cls):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "__init__" and isinstance(node.func.value, ast.Call)
                    and getattr(node.func.value.func, "id", None) == "super"):
                take(name, node, code_at(parent), {k.arg for k in node.keywords if k.arg})
    return found, uncoded


def test_every_coded_catalogue_error_has_chinese_and_english_with_the_same_parameters():
    """Each code ``catalog/`` raises (``Problem``, ``Message``, ``EditError`` and the other
    ``Translatable`` errors) has a zh and an en template in the app's tables that name only
    parameters the raise supplies (else the page would fall back to the catalogue's English):
    ``PROBLEMS_ZH``/``PROBLEMS_EN``, and ``ui.savedview.TEXT`` for the saved-plan errors."""
    import string

    from ui.edit_text import PROBLEMS_EN, PROBLEMS_ZH
    from ui.savedview import TEXT as SAVED_TEXT

    found, uncoded = coded_errors()
    assert uncoded == []  # a coded error without a code shows English on the Chinese page
    assert {"unknown_record", "no_version", "log_gap", "conflict"} <= set(found["EditError"]) | set(
        found["EditConflict"])
    saved = found.pop("ItineraryError")
    tables = {code: (PROBLEMS_ZH.get(code), PROBLEMS_EN.get(code)) for c in found.values()
              for code in c}
    tables |= {code: SAVED_TEXT.get(f"err_{code}", (None, None)) for code in saved}
    codes = {code: params for c in (*found.values(), saved) for code, params in c.items()}
    assert len(codes) >= 100
    assert all(c.startswith("import_") for c in codes if "import" in c)
    assert sorted(c for c, pair in tables.items() if None in pair) == []
    for code, params in codes.items():
        for template in tables[code]:
            wanted = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            assert wanted <= params, (code, template, params)


def test_edit_errors_reach_the_officer_in_chinese_and_in_english(db):
    """An unknown site (it had no code), a version the site never had and a stale form, raised
    on a real catalogue file, read in Chinese from the app's table and in English as the
    catalogue words them."""
    from catalog.editing import EditConflict, EditError
    from ui.edit_text import localize

    conn = open_conn(db)
    try:
        with pytest.raises(EditError) as caught:
            editing.update_site(conn, actor("olga"), "no-such-site", 1, {"note": "x"})
        assert localize(caught.value, "zh") == "未知的遗产地编号 no-such-site"
        assert localize(caught.value, "en") == str(caught.value) == (
            "unknown site id 'no-such-site'")
        with pytest.raises(EditError) as caught:
            history.revert_site(conn, actor("olga"), SITE, 5, 1)
        assert localize(caught.value, "zh") == f"{SITE} 只有版本 1 到 1，没有 5"
        assert localize(caught.value, "en") == str(caught.value)
        editing.update_site(conn, actor("oscar"), SITE, 1, {"note": "oscar was here"})
        with pytest.raises(EditConflict) as caught:
            editing.update_site(conn, actor("olga"), SITE, 1, {"note": "olga too"})
        assert localize(caught.value, "zh").startswith(f"{SITE} 已被 oscar 于 ")
        assert localize(caught.value, "en") == str(caught.value)
    finally:
        conn.close()



def test_an_unknown_record_names_its_kind_in_chinese_and_in_english(db):
    """The entity word of ``unknown_record`` (a site, a 非遗 item, a greenway) is translated in
    Chinese (it read "未知的 site 编号" before) and kept as the domain words it in English."""
    from catalog import records
    from catalog.editing import EditError
    from ui.edit_text import ENTITY_ZH, localize

    conn = open_conn(db)
    try:
        said = {}
        for entity in records.KINDS:
            with pytest.raises(EditError) as caught:
                records.state_at(conn, entity, "no-such-id", 1)
            said[entity] = (localize(caught.value, "zh"), localize(caught.value, "en"))
        with pytest.raises(EditError) as caught:
            history.revert_site(conn, actor("olga"), "no-such-id", 1, 1)
        said["site"] = (localize(caught.value, "zh"), localize(caught.value, "en"))
    finally:
        conn.close()
    assert said == {
        "intangible": ("未知的非遗项目编号 no-such-id", "unknown intangible id 'no-such-id'"),
        "greenway": ("未知的绿道编号 no-such-id", "unknown greenway id 'no-such-id'"),
        "site": ("未知的遗产地编号 no-such-id", "unknown site id 'no-such-id'"),
    }
    assert set(records.KINDS) | {"site"} <= set(ENTITY_ZH)


def test_validation_messages_read_in_chinese_and_keep_their_english_text():
    from catalog.validation import clean_fields
    from ui.edit_text import localize

    _, errors = clean_fields({
        "name_zh": "x" * 200, "visit_minutes": "abc", "kind": "castle", "themes": "晋商文化;魔法",
        "designations": [{"kind": "文物保护单位", "level": "national", "batch": "1" * 50}],
    }, {"140728"})
    zh = {field: localize(msg, "zh") for field, msg in errors.items()}
    assert zh["name_zh"] == "长 200 个字符，最多 60 个"
    assert zh["visit_minutes"] == "“abc”不是数字"
    assert zh["kind"].startswith("未知的遗产地类型；可选：walled_town")
    assert zh["themes"].startswith("未知主题“魔法”")
    assert zh["designations"] == "第 1 条 batch：长 50 个字符，最多 40 个"  # nested, translated
    assert str(errors["designations"]) == "#1 batch is 50 characters; at most 40"  # CLI, logs
    assert localize(errors["kind"], "en") == str(errors["kind"])
    assert localize("plain text", "zh") == "plain text"  # no code: shown as it is
    _, errors = clean_fields({"hours": '{"seasons": [{"start": "04-01", "end": "10-31", '
                                       '"open": "18:00", "close": "08:00"}]}'}, {"140728"})
    assert localize(errors["hours"], "zh") == "关门时间 08:00 不晚于开门时间 18:00"


def test_a_broken_import_file_is_explained_in_chinese(db):
    from catalog import importer
    from ui.edit_text import localize

    conn = open_conn(db)
    try:
        with pytest.raises(importer.ImportFailed) as caught:  # what Excel in China writes
            importer.import_bytes(conn, actor("olga"), "name_zh,lat\n双林寺,37.1\n".encode("gbk"),
                                  ".csv")
        assert str(caught.value).startswith("line 2: the file is not UTF-8")
        assert localize(caught.value, "zh").startswith("第 2 行：文件不是 UTF-8 编码")
        with pytest.raises(importer.ImportFailed) as caught:
            importer.import_bytes(conn, actor("olga"), b"name_zh,colour\n", ".csv")
        assert localize(caught.value, "zh") == "未知的列：colour"
    finally:
        conn.close()


def test_the_menu_names_the_account_once_logged_in(db):
    def menu(at: AppTest) -> list[str]:
        return [e.proto.label for e in at.sidebar.get("page_link")]

    visitor = logged_in(None)
    assert "登录" in menu(visitor) and not any(x.startswith("账户") for x in menu(visitor))
    at = logged_in("olga")
    assert "账户（olga）" in menu(at) and "登录" not in menu(at), menu(at)
    assert at.title[0].value == "账户（olga）"
    at.button(key="logout").click().run()
    no_exception(at)
    assert "登录" in menu(at)
