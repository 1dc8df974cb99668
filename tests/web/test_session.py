"""Logging in to the web app, CSRF protection, and the wall between session cookies and bearer tokens."""

from __future__ import annotations

import httpx

from inventory.app import create_app
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Operation
from inventory.web.session import CSRF_COOKIE, SESSION_COOKIE
from tests.api.helpers import assert_problem
from tests.conftest import Clinic, make_settings
from tests.rows import row_count
from tests.web.webhelpers import log_in, open_page, post_json


async def operations(database: Database) -> int:
    return await row_count(database, Operation)


async def test_page_sends_a_stranger_to_the_login_form(client: httpx.AsyncClient, clinic: Clinic) -> None:
    r = await client.get("/scan")
    assert (r.status_code, r.headers["location"]) == (303, "/login?next=/scan")
    form = await client.get("/login?next=/scan")
    assert form.status_code == 200 and "Log ind" in form.text  # Danish unless told otherwise
    assert 'lang="da"' in form.text and 'name="next" value="/scan"' in form.text


async def test_the_front_door_is_the_login_form(client: httpx.AsyncClient, clinic: Clinic) -> None:
    r = await client.get("/")
    assert r.status_code == 200 and 'action="/login"' in r.text and 'name="next" value="/"' in r.text
    old = await client.get("/scan/login")  # the scan page's old address still leads to the login
    assert (old.status_code, old.headers["location"]) == (303, "/login?next=/scan")


async def test_login_goes_back_to_the_page_asked_for_and_never_elsewhere(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    assert (await log_in(client, "pharmacist", next="/")).headers["location"] == "/"
    for outside in ("https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"):
        client.cookies.clear()
        assert (await log_in(client, "pharmacist", next=outside)).headers["location"] == "/"


async def test_wrong_password_shows_the_form_again(client: httpx.AsyncClient, clinic: Clinic) -> None:
    r = await log_in(client, "volunteer", "wrong password")
    assert r.status_code == 401
    assert "Forkert brugernavn eller adgangskode" in r.text
    assert (await client.get("/scan")).status_code == 303
    assert 'name="next" value="/scan"' in r.text  # a second try still goes back to the scan page


async def test_login_lands_on_the_page_with_the_only_site(client: httpx.AsyncClient, clinic: Clinic) -> None:
    _, page = await open_page(client, "volunteer")
    assert (page["site"], page["siteName"]) == (clinic.sites["KBH"], "København")
    assert page["modes"] == ["receive", "issue", "count", "send", "lookup"]
    assert page["canLink"] is False
    assert clinic.sites["KBH"] not in {site for site, _ in page["sendTo"]}  # sends to the other sites
    assert page["sendTo"]


async def test_one_session_and_one_csrf_cookie_serve_the_whole_web_app(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    form = await client.get("/login")
    csrf = next(c for c in form.headers.get_list("set-cookie") if c.startswith(f"{CSRF_COOKIE}="))
    r = await log_in(client, "volunteer")
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE}="))
    for set_cookie in (cookie, csrf):
        attributes = {part.strip().lower() for part in set_cookie.split(";")}
        assert {"httponly", "path=/", "samesite=lax"} <= attributes


async def test_login_form_without_csrf_token_is_refused(client: httpx.AsyncClient, clinic: Clinic) -> None:
    await client.get("/login")  # has the CSRF cookie, but the form below does not carry the token
    r = await client.post("/login", data={"username": "volunteer", "password": "correct horse"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert (await client.get("/scan")).headers["location"] == "/login?next=/scan"  # not logged in


async def test_page_writes_need_the_csrf_header(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    csrf, page = await open_page(client, "volunteer")
    body = {"site": page["site"], "code": clinic.gtins["gloves"]}
    refused = await post_json(client, "/scan/api/receive", body, None)
    assert_problem(refused, 403)
    forged = await post_json(client, "/scan/api/receive", body, "0" * 128)
    assert_problem(forged, 403)
    assert await operations(database) == 0
    accepted = await post_json(client, "/scan/api/receive", body, csrf)
    assert accepted.status_code == 201, accepted.text


async def test_the_api_does_not_accept_the_session_cookie(client: httpx.AsyncClient, clinic: Clinic) -> None:
    await log_in(client, "admin")
    session = client.cookies.get(SESSION_COOKIE, path="/")
    assert session
    assert_problem(await client.get("/api/v1/users/me"), 401)  # the browser sends it to /api too
    r = await client.get("/api/v1/users/me", headers={"Cookie": f"{SESSION_COOKIE}={session}"})
    assert_problem(r, 401)
    r = await client.post(
        "/api/v1/scans/resolve",
        json={"site": clinic.sites["KBH"], "code": clinic.gtins["gloves"]},
        headers={"Cookie": f"{SESSION_COOKIE}={session}"},
    )
    assert_problem(r, 401)


async def test_the_page_does_not_accept_a_bearer_token(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await client.get(f"/scan/api/recent?site={clinic.sites['KBH']}", headers=auth("admin"))
    assert_problem(r, 401)
    assert (await client.get("/scan", headers=auth("admin"))).headers["location"] == "/login?next=/scan"
    assert (await client.get("/", headers=auth("admin"))).text.count('action="/login"') == 1


async def test_logout_ends_the_session(client: httpx.AsyncClient, clinic: Clinic) -> None:
    csrf, page = await open_page(client, "volunteer")
    out = await client.post("/logout", data={"_csrf_token": csrf})
    assert (out.status_code, out.headers["location"]) == (303, "/")
    assert_problem(await client.get(f"/scan/api/recent?site={page['site']}"), 401)
    assert (await client.get("/scan")).headers["location"] == "/login?next=/scan"
    assert 'action="/login"' in (await client.get("/")).text


async def test_deactivated_user_is_logged_out(client: httpx.AsyncClient, clinic: Clinic, auth, app) -> None:
    csrf, page = await open_page(client, "volunteer")
    r = await client.patch(
        f"/api/v1/users/{clinic.users['volunteer']}", json={"active": False}, headers=auth("admin")
    )
    assert r.status_code == 200, r.text
    app.state.actor_cache.forget()  # the cache keeps an actor for seconds; do not wait them out
    assert_problem(await client.get(f"/scan/api/recent?site={page['site']}"), 401)


async def test_page_headers_forbid_inline_script_and_framing(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await open_page(client, "volunteer")
    r = await client.get("/scan")
    policy = r.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert r.headers["cache-control"] == "no-store"
    for script in r.text.split("<script")[1:]:
        assert 'type="application/json"' in script.split(">")[0] or "src=" in script.split(">")[0]


async def test_login_attempts_are_rate_limited(database: Database, clinic: Clinic) -> None:
    app = create_app(make_settings(database, login_attempts_per_minute=2), database=database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        for _ in range(2):
            assert (await log_in(client, "volunteer", "guess")).status_code == 401
        r = await log_in(client, "volunteer", "correct horse")
    assert r.status_code == 429 and "For mange forsøg" in r.text


async def test_secure_cookies_are_marked_secure_when_configured(database: Database, clinic: Clinic) -> None:
    app = create_app(make_settings(database, secure_cookies=True), database=database, clock=Clock())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as client:
        r = await log_in(client, "volunteer")
        cookies = [
            c
            for c in r.headers.get_list("set-cookie")
            if c.startswith((f"{SESSION_COOKIE}=", f"{CSRF_COOKIE}="))
        ]
    assert cookies and all("secure" in {p.strip().lower() for p in c.split(";")} for c in cookies)
