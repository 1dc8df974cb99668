"""Using the web app the way a browser does, over httpx: cookies, CSRF tokens from the markup."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tests.conftest import PASSWORD

_CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
_CSRF_DATA = re.compile(r'data-csrf="([^"]+)"')
_PAGE_DATA = re.compile(r'<script id="page-data" type="application/json">(.*?)</script>', re.DOTALL)


def form_token(html: str) -> str:
    found = _CSRF_FIELD.search(html)
    assert found, "no CSRF field in the page"
    return found[1]


def page_data(html: str) -> dict[str, Any]:
    found = _PAGE_DATA.search(html)
    assert found, "not the scan page"
    data: dict[str, Any] = json.loads(found[1])
    return data


async def log_in(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD, next: str = "/scan"
) -> httpx.Response:
    """The login form at the front door, then on to `next` (the scan page unless told otherwise)."""
    form = await client.get("/login", params={"next": next})
    assert form.status_code == 200, form.text
    body = {"username": username, "password": password, "next": next, "_csrf_token": form_token(form.text)}
    return await client.post("/login", data=body)


async def open_page(client: httpx.AsyncClient, username: str) -> tuple[str, dict[str, Any]]:
    """Log in and open the scan page; answers the page's CSRF token and its page data."""
    logged_in = await log_in(client, username)
    assert logged_in.status_code == 303 and logged_in.headers["location"] == "/scan", logged_in.text
    page = await client.get("/scan")
    assert page.status_code == 200, page.text
    found = _CSRF_DATA.search(page.text)
    assert found, "no CSRF token on the scan page"
    return found[1], page_data(page.text)


async def post_json(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], csrf: str | None, key: str | None = None
) -> httpx.Response:
    headers = {"x-csrftoken": csrf} if csrf else {}
    if key:
        headers["Idempotency-Key"] = key
    return await client.post(path, json=body, headers=headers)
