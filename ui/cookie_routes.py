"""The app's two HTTP routes for the login cookie (Starlette, mounted by ``app.py``'s ``st.App``).

A Streamlit script cannot set a cookie, and a cookie set from JavaScript cannot be HttpOnly
(PITFALLS c). Streamlit 1.67's ASGI app (``streamlit.starlette.App``) takes extra routes, which
answer ordinary HTTP requests, so these two set and clear the cookie:

- ``POST /auth/cookie`` with ``{"ticket": …}``: a fresh one-time ticket from the login (see
  ``catalog.login_sessions``) becomes the signed session cookie: HttpOnly, SameSite=Lax, Path=/,
  Max-Age = what is left of the session's absolute lifetime (Secure when served over HTTPS).
- ``POST /auth/logout``: revokes the cookie's session on the server and deletes the cookie.

Both only accept same-origin requests (the ``Origin`` header, which browsers always send on a
POST, must name this host), so another site cannot log a user in or out.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalog import login_sessions as ls
from catalog.paths import app_db


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and urlparse(origin).netloc == request.headers.get("host")


def _redeem(ticket: str) -> tuple[str, int] | None:
    conn = ls.connect(app_db())
    try:
        return ls.redeem(conn, ticket)
    finally:
        conn.close()


def _revoke(token: str) -> None:
    conn = ls.connect(app_db())
    try:
        ls.revoke_token(conn, token)
    finally:
        conn.close()


async def _set_cookie(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    try:
        ticket = json.loads(await request.body()).get("ticket")
    except (ValueError, AttributeError):
        return Response(status_code=400)
    redeemed = await run_in_threadpool(_redeem, ticket if isinstance(ticket, str) else "")
    if redeemed is None:
        return Response(status_code=403)
    token, max_age = redeemed
    response = Response(status_code=204)
    response.set_cookie(ls.COOKIE, ls.sign(ls.secret_key(app_db()), token), max_age=max_age, path="/",
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


async def _logout(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    token = ls.unsign(ls.secret_key(app_db()), request.cookies.get(ls.COOKIE))
    if token:
        await run_in_threadpool(_revoke, token)
    response = Response(status_code=204)
    response.delete_cookie(ls.COOKIE, path="/", httponly=True, samesite="lax")
    return response


ROUTES = [Route("/auth/cookie", _set_cookie, methods=["POST"]),
          Route("/auth/logout", _logout, methods=["POST"])]
