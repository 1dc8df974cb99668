"""An address no page answers (404), a method the address does not take (405) or a page the role may not
open (403) is a worded page for a person, in the page's language and inside the layout with the user's
menu; the JSON API and programs asking for JSON keep the RFC 9457 problem."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Clinic
from tests.web.webhelpers import log_in

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.mark.parametrize("path", ["/no-such-page", "/stock/no-such-page", "/static/no-such.css"])
async def test_an_unknown_address_is_a_danish_page_with_the_menu(
    client: httpx.AsyncClient, clinic: Clinic, path: str
) -> None:
    await log_in(client, "pharmacist", next="/stock")
    answer = await client.get(path, headers=HTML)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert 'data-problem="not-found"' in answer.text
    assert "Findes ikke" in answer.text
    assert 'id="nav"' in answer.text and 'href="/stock"' in answer.text  # the user's menu
    assert "Content-Security-Policy" in answer.headers
    assert "Not Found" not in answer.text


async def test_the_error_page_speaks_english_when_english_is_chosen(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await log_in(client, "pharmacist", next="/stock")
    client.cookies.set("inventory_lang", "en")
    answer = await client.get("/no-such-page", headers=HTML)
    assert answer.status_code == 404
    assert "Not found" in answer.text and "Findes ikke" not in answer.text


async def test_a_stranger_gets_the_page_without_a_menu(client: httpx.AsyncClient) -> None:
    answer = await client.get("/no-such-page", headers=HTML)
    assert answer.status_code == 404
    assert "Findes ikke" in answer.text
    assert 'id="nav"' not in answer.text


async def test_a_method_the_address_does_not_take_is_a_page(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await log_in(client, "pharmacist", next="/stock")
    answer = await client.request("DELETE", "/stock", headers=HTML)
    assert answer.status_code == 405
    assert 'data-problem="method-not-allowed"' in answer.text
    assert "GET" in answer.headers.get("allow", "")


async def test_a_page_the_role_may_not_open_is_a_danish_page(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await log_in(client, "volunteer")
    answer = await client.get("/registers", headers=HTML)
    assert answer.status_code == 403
    assert 'data-problem="forbidden"' in answer.text
    assert "volunteer' does not use" not in answer.text and "Ikke tilladt" in answer.text


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/v1/no-such-thing", "text/html"),
        ("/no-such-page", "application/json"),
        ("/no-such-page", "application/problem+json"),
    ],
)
async def test_the_api_and_programs_asking_for_json_keep_the_problem(
    client: httpx.AsyncClient, path: str, accept: str
) -> None:
    answer = await client.get(path, headers={"Accept": accept})
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/not-found"
