"""The count pages over HTTP, as a browser uses them: a pharmacist starts a count, a volunteer counts a
shelf with a surprise batch and signs, the pharmacist approves; refusals are worded on the page."""

from __future__ import annotations

import re

import httpx

from tests.conftest import Clinic
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}
KEY = re.compile(r'name="_idempotency_key" value="([^"]+)"')


async def page_form(client: httpx.AsyncClient, path: str, n: int = 0) -> tuple[str, dict[str, str]]:
    """The page's text and the hidden fields of its `n`th form."""
    text = (await client.get(path, headers=HTML)).text
    return text, {"_csrf_token": form_token(text), "_idempotency_key": KEY.findall(text)[n]}


async def test_a_volunteer_counts_a_shelf_with_a_surprise_batch_and_a_pharmacist_approves(
    client: httpx.AsyncClient, app, pharmacy: Clinic, shelf: dict[str, int]
) -> None:
    kbh = pharmacy.sites["KBH"]
    await log_in(client, "pharmacist", next="/counts")
    text, hidden = await page_form(client, "/counts/new")
    assert "Start en optælling" in text
    r = await client.post(
        "/counts/new",
        data={**hidden, "site": kbh, "scope": "items", "items": pharmacy.items["insulin"], "blind": "on"},
    )
    assert r.status_code == 303, r.text
    where = r.headers["location"]
    await client.get("/logout")
    await log_in(client, "volunteer", next=where)
    text, hidden = await page_form(client, where)
    assert "Forventet" not in text and "kr." not in text  # blind, and a volunteer sees no money
    lines = dict(re.findall(r'<tr id="line-(\d+)" data-batch="([^"]+)"', text))
    by_batch = {batch: line for line, batch in lines.items()}
    r = await client.post(
        where + "/lines", data={**hidden, f"counted_{by_batch['A']}": "9", f"counted_{by_batch['B']}": "5"}
    )
    assert r.status_code == 303, r.text
    _, hidden = await page_form(client, where, 1)
    r = await client.post(
        where + "/surprise",
        data={
            **hidden,
            "item": pharmacy.items["insulin"],
            "batch_number": "S7",
            "expiry": "2031-01-31",
            "counted": "2",
        },
    )
    assert r.status_code == 303, r.text
    text, hidden = await page_form(client, where, 2)
    assert "S7" in text and "ikke forventet" in text and 'id="count-approve"' not in text
    r = await client.post(where + "/submit", data=hidden)
    assert r.status_code == 303, r.text
    await client.get("/logout")
    await log_in(client, "pharmacist", next=where)
    text, hidden = await page_form(client, where)
    assert "lukket for optælling" in text and "Forventet" in text and "-10,00\xa0kr." in text
    approve_key = KEY.findall(text)[-2]
    r = await client.post(where + "/approve", data={**hidden, "_idempotency_key": approve_key})
    assert r.status_code == 303, r.text
    text = (await client.get(where, headers=HTML)).text
    assert 'data-status="posted"' in text and 'id="count-approved-by"' in text
    listed = (await client.get("/counts", headers=HTML)).text
    assert "bogført" in listed
    r = await client.get(where + "/report", params={"format": "csv"})
    assert "S7" in r.content.decode("utf-8-sig")


async def test_a_refused_approval_is_worded_on_the_count_page(
    client: httpx.AsyncClient, app, pharmacy: Clinic, shelf: dict[str, int]
) -> None:
    kbh = pharmacy.sites["KBH"]
    await log_in(client, "pharmacist", next="/counts")
    _, hidden = await page_form(client, "/counts/new")
    r = await client.post("/counts/new", data={**hidden, "site": kbh, "scope": "controlled"})
    where = r.headers["location"]
    text, hidden = await page_form(client, where)
    approve_key = KEY.findall(text)[-2]
    r = await client.post(where + "/approve", data={**hidden, "_idempotency_key": approve_key})
    assert r.status_code == 422 and 'data-problem="count-witness-required"' in r.text
    assert "Et vidne skal underskrive optællingen" in r.text
