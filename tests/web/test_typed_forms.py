"""Page forms decode into the API's shapes: a bad value is the API's problem (400 naming the field, the
headline in the page's language), never a 500, with the API's caps (names 200, notes 500), and nothing
is written. Each case below answered a 500 (or stored the value) before the forms were typed."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.tables import (
    BudgetLine,
    Disposal,
    Donor,
    FundingChange,
    Grant,
    Quarantine,
    Recall,
    TemperatureRange,
    TemperatureReading,
)
from inventory.db.uow import UnitOfWork
from inventory.web.field_words import field_words
from inventory.web.page import FORM_KEY
from tests.conftest import Clinic
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}
HUGE = "x" * 100_000
TABLES = (Donor, Grant, BudgetLine, FundingChange, Quarantine, Recall, Disposal, TemperatureReading,
          TemperatureRange)  # fmt: skip


async def counts(database: Database) -> dict[str, int]:
    async with UnitOfWork(database, readonly=True) as uow:
        return {
            t.__name__: int(await uow.session.scalar(select(func.count()).select_from(t)) or 0)
            for t in TABLES
        }


@pytest.fixture
async def admin(client: httpx.AsyncClient, clinic: Clinic) -> httpx.AsyncClient:
    r = await log_in(client, "admin", next="/quarantine/")
    assert r.status_code == 303, r.text
    return client


@pytest.fixture
async def world(client: httpx.AsyncClient, auth, clinic: Clinic) -> dict[str, int]:
    """A donor with a grant, and a fridge at København."""
    r = await client.post(
        "/api/v1/donors", json={"name": "Fonden", "kind": "foundation"}, headers=auth("admin")
    )
    donor = r.json()["id"]
    body = {"donor": donor, "name": "Diabetes", "amount_ore": 100_000, "start_date": "2027-01-01",
            "end_date": "2027-12-31"}  # fmt: skip
    grant = (await client.post("/api/v1/grants", json=body, headers=auth("admin"))).json()["id"]
    r = await client.post(f"/api/v1/sites/{clinic.sites['KBH']}/locations", json={"name": "Køleskab",
                          "cold": True}, headers=auth("admin"))  # fmt: skip
    return {"donor": donor, "grant": grant, "fridge": r.json()["id"]}


async def post(client: httpx.AsyncClient, action: str, data: dict[str, Any]) -> httpx.Response:
    token = form_token((await client.get("/quarantine/", headers=HTML)).text)
    body = {"_csrf_token": token, FORM_KEY: uuid.uuid4().hex, **data}
    return await client.post(action, data=body, headers=HTML)


def assert_refused(r: httpx.Response, field: str, status: int = 400) -> None:
    """The form's page again (not a 500), the problem worded in Danish, the field named."""
    assert r.status_code == status, r.text[-2000:]
    assert 'id="problem"' in r.text
    assert "Ugyldigt input" in r.text  # problem.invalid-request, in the page's language (Danish)
    assert f"Felt: {field_words(field, 'da')}<" in r.text, r.text[-3000:]


CASES = [
    ("/quarantine/", {"batch": "³", "reason": "damaged"}, "batch"),
    ("/quarantine/", {"batch": "1", "reason": "damaged", "note": HUGE}, "note"),
    ("/quarantine/release", {"batch": "¹", "reason": "other", "note": "x"}, "batch"),
    ("/quarantine/recall", {"batch_numbers": "A1", "gtin": "5701234567892", "note": HUGE}, "note"),
    ("/disposals/new", {"site": "¹", "method": "pharmacy_return", "batch_0": "1", "quantity_0": "1"}, "site"),
    ("/disposals/new", {"site": "1", "method": "pharmacy_return", "batch_0": "1", "quantity_0": "²"},
     "quantity_0"),
    ("/disposals/new", {"site": "1", "method": "pharmacy_return", "batch_0": "1", "quantity_0": "1",
                        "note": HUGE}, "note"),
    ("/finance/donors", {"name": "Velux", "kind": "zz"}, "kind"),
    ("/finance/donors", {"name": "Velux"}, "kind"),
    ("/finance/donors", {"name": HUGE, "kind": "foundation"}, "name"),
    ("/finance/donors", {"name": "Velux", "kind": "foundation", "note": HUGE}, "note"),
    ("/finance/grants", {"donor": "{donor}", "name": "G", "amount": "10", "start_date": "2027-01-01",
                         "end_date": "2027-02-01", "status": "zz"}, "status"),
    ("/finance/grants", {"donor": "{donor}", "name": "G", "amount": "10", "start_date": "2027-01-01",
                         "end_date": "2027-02-01", "line_name_0": "L", "line_amount_0": "1",
                         "line_category_0": "zz"}, "line_category_0"),
    ("/finance/grants", {"donor": "{donor}", "name": HUGE, "amount": "10", "start_date": "2027-01-01",
                         "end_date": "2027-02-01"}, "name"),
    ("/finance/grants/{grant}/change", {"amount": "10", "end_date": "2027-12-31", "status": "zz",
                                        "reason": "r"}, "status"),
    ("/finance/grants/{grant}/lines", {"line_name": "L", "line_amount": "1", "line_category": "zz"},
     "line_category"),
    ("/finance/grants/{grant}/lines", {"line_name": HUGE, "line_amount": "1"}, "line_name"),
    ("/fridge/readings", {"location": "{fridge}", "current": "4,5", "note": HUGE}, "note"),
    ("/fridge/readings", {"location": "³", "current": "4,5"}, "location"),
    ("/fridge/{fridge}/range", {"min": "2", "max": "8", "reason": HUGE}, "reason"),
]  # fmt: skip


@pytest.mark.parametrize(("action", "form", "field"), CASES, ids=[f"{a} {f}" for a, _, f in CASES])
async def test_a_bad_form_value_is_the_apis_problem_naming_the_field_and_writes_nothing(
    admin: httpx.AsyncClient, database: Database, world: dict[str, int], action: str, form: dict[str, str],
    field: str,
) -> None:  # fmt: skip
    before = await counts(database)
    data = {k: v.format(**world) if v.startswith("{") else v for k, v in form.items()}
    r = await post(admin, action.format(**world), data)
    assert_refused(r, field)
    assert await counts(database) == before


@pytest.mark.parametrize("path", ["change", "lines"])
async def test_the_forms_of_an_unknown_grant_answer_not_found(
    admin: httpx.AsyncClient, database: Database, world: dict[str, int], path: str
) -> None:
    before = await counts(database)
    form = {"amount": "10", "end_date": "2027-12-31", "status": "active", "reason": "r", "line_name": "L",
            "line_amount": "1"}  # fmt: skip
    if path == "lines":
        form = {"line_name": "L", "line_amount": "1"}
    r = await post(admin, f"/finance/grants/99999/{path}", form)
    assert r.status_code == 404 and 'data-problem="not-found"' in r.text, r.text[-2000:]
    assert await counts(database) == before


async def test_a_note_of_500_characters_is_kept_as_in_the_api(
    admin: httpx.AsyncClient, database: Database, world: dict[str, int]
) -> None:
    r = await post(admin, "/fridge/readings", {"location": str(world["fridge"]), "current": "4,5",
                                               "note": "n" * 500})  # fmt: skip
    assert r.status_code == 303, r.text[-2000:]
    async with UnitOfWork(database, readonly=True) as uow:
        assert await uow.session.scalar(select(TemperatureReading.note)) == "n" * 500
