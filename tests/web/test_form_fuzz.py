"""Every page form, fuzzed: generated values (wrong types, unicode digits such as ³ and ¹, huge strings,
control characters, missing fields, extreme dates and numbers) posted with a valid session and CSRF
token never get a 5xx, and a refused form writes nothing. Bounded: a few seconds per form."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.db.engine import Database
from inventory.web.page import FORM_KEY
from tests.conftest import Clinic
from tests.web.test_typed_forms import HTML, counts
from tests.web.test_typed_forms import world as world  # the fixture
from tests.web.webhelpers import form_token, log_in

NASTY = [
    "³", "¹", "²⁵", "١٢", "１２", "-1", "0", "+5", " 7 ", "1.5", "4,5", "1e999", "-1e999", "nan", "inf",
    "NaN", "Infinity", "2147483648", "99999999999999999999999", "-2147483649", "0x1f", "1_000",
    "0001-01-01", "9999-12-31", "10000-01-01", "2027-02-30", "0000-00-00", "2027-01-01T00:00:00+00:01",
    "9999-12", "on", "true", "zz", "", " ", "\x00", "\x1b[2J", "\u202e", "\ufeff", "a" * 201, "n" * 501,
    "x" * 100_000, "1.234,567", "1.000.000.000.000,00", "kr", "<script>", "'; DROP TABLE donors; --",
]  # fmt: skip
VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
)

# Each page form: its action and a value that passes for each field (so the fuzz reaches past the first).
FORMS: dict[str, tuple[str, dict[str, str]]] = {
    "donor": ("/finance/donors", {"name": "Fonden X", "kind": "foundation", "reference": "R", "note": "N"}),
    "donor_change": ("/finance/donors/{donor}", {"name": "Fonden", "kind": "company", "reference": "R",
                                                 "note": "N", "active": "on", "reason": "why"}),
    "grant": ("/finance/grants", {"donor": "{donor}", "name": "G", "reference": "R", "amount": "1.000,50",
                                  "start_date": "2027-01-01", "end_date": "2027-12-31", "status": "active",
                                  "categories": "medicine", "sites": "1", "line_name_0": "L",
                                  "line_amount_0": "10", "line_category_0": "medicine"}),
    "grant_change": ("/finance/grants/{grant}/change", {"amount": "2000", "end_date": "2027-12-31",
                                                       "status": "suspended", "reason": "why"}),
    "grant_line": ("/finance/grants/{grant}/lines", {"line_name": "Tand", "line_amount": "5",
                                                     "line_category": "medicine"}),
    "quarantine": ("/quarantine/", {"batch": "1", "gtin": "5701234567892", "batch_number": "A1",
                                    "site": "1", "reason": "damaged", "note": "N"}),
    "release": ("/quarantine/release", {"batch": "1", "site": "1", "reason": "other", "note": "N"}),
    "block_close": ("/quarantine/blocks/1/close", {"reason": "other", "note": "N"}),
    "recall": ("/quarantine/recall", {"gtin": "5701234567892", "batch_numbers": "A1, B2", "reference": "R",
                                      "note": "N"}),
    "recall_close": ("/quarantine/recall/1/close", {"reason": "other", "note": "N"}),
    "disposal": ("/disposals/new", {"site": "1", "method": "pharmacy_return", "batch_0": "1",
                                    "quantity_0": "1", "batch_1": "2", "quantity_1": "1", "reason": "R",
                                    "note": "N", "witness_username": "pharmacist",
                                    "witness_password": "wrong"}),
    "reading": ("/fridge/readings", {"location": "{fridge}", "current": "4,5", "min": "3", "max": "7",
                                     "note": "N"}),
    "reading_action": ("/fridge/readings/1/actions", {"action": "moved the vaccines"}),
    "range": ("/fridge/{fridge}/range", {"min": "2", "max": "8", "reason": "new fridge"}),
    "site": ("/scan/site", {"site": "1"}),
    "language": ("/language", {"language": "en", "back": "/quarantine/"}),
}  # fmt: skip


def form_values(fields: dict[str, str]) -> st.SearchStrategy[dict[str, str]]:
    """Each field left out, given its passing value, or given a generated one."""
    choices = {name: st.one_of(st.none(), st.just(good), VALUE) for name, good in fields.items()}
    return st.fixed_dictionaries(choices).map(lambda d: {k: v for k, v in d.items() if v is not None})


@pytest.fixture
async def session(client: httpx.AsyncClient, clinic: Clinic) -> tuple[httpx.AsyncClient, str]:
    r = await log_in(client, "admin", next="/quarantine/")
    assert r.status_code == 303, r.text
    token = form_token((await client.get("/quarantine/", headers=HTML)).text)
    return client, token


@pytest.mark.parametrize("form", sorted(FORMS))
async def test_no_page_form_answers_a_5xx_or_half_writes_whatever_it_is_sent(
    session: tuple[httpx.AsyncClient, str], database: Database, world: dict[str, int], form: str
) -> None:
    client, token = session
    action, good = FORMS[form]
    action = action.format(**world)
    good = {k: v.format(**world) if v.startswith("{") else v for k, v in good.items()}

    loop = asyncio.get_running_loop()

    async def send(values: dict[str, str]) -> None:
        before = await counts(database)
        body: dict[str, Any] = {"_csrf_token": token, FORM_KEY: uuid.uuid4().hex, **values}
        r = await client.post(action, data=body, headers=HTML)
        assert r.status_code < 500, (values, r.text[-1500:])
        if r.status_code >= 400:  # refused: nothing written
            assert await counts(database) == before, values
        if r.status_code == 401 or r.headers.get("location", "").startswith("/login"):
            raise AssertionError(f"the session was lost: {values}")

    # Hypothesis drives a plain function; each example's requests run on this test's event loop (where
    # the app and the database connections live), the function waiting in a thread meanwhile.
    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=form_values(good))
    def post(values: dict[str, str]) -> None:
        asyncio.run_coroutine_threadsafe(send(values), loop).result(timeout=60)

    await asyncio.to_thread(post)


async def test_the_login_form_never_answers_a_5xx_whatever_it_is_sent(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    loop = asyncio.get_running_loop()
    token = form_token((await client.get("/login")).text)
    fields = {"username": "nobody", "password": "wrong", "next": "/quarantine/"}

    async def send(values: dict[str, str]) -> None:
        r = await client.post("/login", data={"_csrf_token": token, **values}, headers=HTML)
        assert r.status_code < 500, (values, r.text[-1500:])
        where = r.headers.get("location", "/")
        assert where.startswith("/") and not where.startswith(("//", "/\\")), values  # never off-site

    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(values=form_values(fields))
    def post(values: dict[str, str]) -> None:
        asyncio.run_coroutine_threadsafe(send(values), loop).result(timeout=60)

    await asyncio.to_thread(post)
