"""The web app's shell over HTTP: the front door per role, the navigation table, worded problems,
forms that write like the API (CSRF, idempotency key, problem codes), and error pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from litestar import Controller, Request, post
from litestar.response import Template

import inventory.web as web
from inventory.app import create_app
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import IdempotencyRecord
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.domain.errors import InsufficientStock
from inventory.domain.model import Role
from inventory.domain.policy import Capability
from inventory.web.navigation import NAVIGATION, NavEntry, navigation_for
from inventory.web.page import FORM_KEY, PageProblem, form_write, render, word_problem
from tests.conftest import Clinic, make_settings
from tests.rows import row_count
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}


def actor(role: Role) -> Actor:
    return Actor(user_id=1, username=role.value, role=role, site_ids=frozenset({1}))


def test_navigation_shows_the_roles_entries_whose_pages_exist(app: Any) -> None:
    volunteer = [e.path for e in navigation_for(app, actor(Role.VOLUNTEER))]
    assert volunteer == ["/transfers", "/counts", "/fridge", "/scan", "/account"]
    for role in Role:
        shown = navigation_for(app, actor(role))
        assert all(role in e.roles for e in shown)
        routed = {route.path.rstrip("/") or "/" for route in app.routes}
        assert all(e.path in routed for e in shown)  # an entry whose page is not built yet is not shown
    planned = NavEntry("/scan", "nav.scan", Capability.FINANCE_READ)
    assert navigation_for(app, actor(Role.FINANCE), [planned]) == [planned]
    assert navigation_for(app, actor(Role.VOLUNTEER), [planned]) == []
    assert navigation_for(app, None) == []
    assert all(entry.label.startswith("nav.") for entry in NAVIGATION)


async def test_the_front_door_opens_each_roles_home(client: httpx.AsyncClient, clinic: Clinic) -> None:
    r = await log_in(client, "volunteer", next="/")
    assert r.headers["location"] == "/"
    home = await client.get("/")
    assert (home.status_code, home.headers["location"]) == (303, "/scan")  # a volunteer scans
    client.cookies.clear()
    await log_in(client, "pharmacist", next="/")
    home = await client.get("/")
    assert home.status_code == 200 and "Velkommen, pharmacist" in home.text and "farmaceut" in home.text
    assert 'href="/scan"' in home.text and 'id="logout"' in home.text


def test_problems_are_worded_by_type_with_their_members() -> None:
    body = {"type": "/problems/insufficient-stock", "status": 409, "detail": "only 2", "available": 2,
            "requested": 5, "field": "quantity"}  # fmt: skip
    danish = word_problem(body, "da")
    assert (danish.headline, danish.status, danish.field) == ("Ikke nok på lager", 409, "quantity")
    assert danish.explained == "Der er 2 på lager; der blev bedt om 5."
    assert word_problem(body, "en").explained == "2 in stock; 5 asked for."
    unknown = word_problem({"type": "/problems/something-new", "status": 422}, "en")
    assert (unknown.headline, unknown.explained) == ("Not recorded", None)


class TryForm(Controller):
    """A form page as another engineer writes one: form_write, then the result or the worded refusal."""

    path = "/try-form"
    calls: list[str] = []

    @post("/", status_code=200)
    async def send(self, request: Request[Actor, Any, Any], database: Database, clock: Clock) -> Template:
        form = await request.form()

        async def action(uow: UnitOfWork) -> int:
            TryForm.calls.append(str(form.get("what")))
            if form.get("what") == "too-much":
                extra: dict[str, object] = {"available": 2, "requested": 5}
                raise InsufficientStock("only 2 left", field="quantity", extra=extra)
            return len(TryForm.calls)

        outcome = await form_write(request, database, clock, action, int)
        if isinstance(outcome, PageProblem):
            return render(request, "error.html", status_code=outcome.status, problem=outcome)
        return render(request, "error.html", problem=word_problem({"type": f"/problems/n{outcome}"}, "da"))


@pytest.fixture
async def form_client(database: Database, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(web, "PAGES", [*web.PAGES, TryForm])
    TryForm.calls.clear()
    app = create_app(make_settings(database), database=database, clock=Clock())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def records(database: Database) -> int:
    return await row_count(database, IdempotencyRecord)


async def test_a_form_sent_twice_writes_once_and_a_refusal_is_worded(
    form_client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await log_in(form_client, "pharmacist", next="/")
    csrf = form_token((await form_client.get("/")).text)
    form = {"_csrf_token": csrf, "what": "ok", FORM_KEY: "k-1"}
    first = await form_client.post("/try-form", data=form, headers=HTML)
    again = await form_client.post("/try-form", data=form, headers=HTML)
    assert first.status_code == again.status_code == 200
    assert TryForm.calls == ["ok"] and await records(database) == 1  # the second answer was replayed
    refused = await form_client.post(
        "/try-form", data={"_csrf_token": csrf, "what": "too-much", FORM_KEY: "k-2"}, headers=HTML
    )
    assert refused.status_code == 409 and 'data-problem="insufficient-stock"' in refused.text
    assert "Ikke nok på lager" in refused.text and "Der er 2 på lager; der blev bedt om 5." in refused.text
    assert await records(database) == 1  # nothing kept for a refusal
    forged = await form_client.post("/try-form", data={"what": "ok", FORM_KEY: "k-3"}, headers=HTML)
    assert (forged.status_code, forged.headers["location"]) == (303, "/")  # no CSRF token: nothing ran
    assert TryForm.calls == ["ok", "too-much"]


async def test_errors_on_pages_are_worded_pages_and_problems_for_scripts(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await log_in(client, "volunteer")
    page = await client.get("/scan/labels/batch/999999", headers=HTML)
    assert page.status_code == 422 and "<h1>Findes ikke</h1>" in page.text
    assert page.headers["content-type"].startswith("text/html")
    script = await client.get("/scan/api/items?q=x", headers=HTML)
    assert script.status_code == 403 and script.headers["content-type"] == "application/problem+json"
