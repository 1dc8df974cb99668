"""A controlled-drug count: every controlled batch of the site, signed by the counter and a witness
(password, as a disposal's), a difference explained before it posts, and the register shows the count."""

from __future__ import annotations

import httpx

from inventory.db.engine import Database
from tests.api.helpers import all_movements, assert_problem, stock
from tests.conftest import PASSWORD, Clinic
from tests.counts.conftest import approve, consistent, enter, line_of, start

WITNESS = {"username": "witness", "password": PASSWORD}


async def submit(
    client: httpx.AsyncClient, headers: dict[str, str], count_id: int, **body: object
) -> httpx.Response:
    return await client.post(f"/api/v1/counts/{count_id}/submit", json=body, headers=headers)


async def test_a_controlled_count_posts_only_witnessed_and_explained_and_the_register_shows_it(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    r = await start(client, p, kbh, scope="controlled")
    assert r.status_code == 201, r.text
    count = r.json()
    assert count["controlled"] and [line["batch"]["id"] for line in count["lines"]] == [shelf["X"]]
    assert_problem(
        await enter(client, p, count["id"], {"batch": shelf["A"], "counted": 1}), 422, field="lines.0.item"
    )
    await enter(client, p, count["id"], {"batch": shelf["X"], "counted": 5})
    assert_problem(await approve(client, p, count["id"]), 422, code="count-witness-required", field="witness")
    assert_problem(await submit(client, p, count["id"]), 422, code="count-witness-required", field="witness")
    wrong = {"username": "witness", "password": "not it"}
    assert_problem(
        await submit(client, p, count["id"], witness=wrong), 422, code="witness-refused", field="witness"
    )
    me = {"username": "pharmacist", "password": PASSWORD}
    assert_problem(
        await submit(client, p, count["id"], witness=me), 422, code="witness-refused", field="witness"
    )
    r = await submit(client, p, count["id"], witness=WITNESS)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["counter"], r.json()["witness"]) == (
        "submitted",
        "pharmacist",
        "witness",
    )
    assert line_of(r.json(), shelf["X"])["variance"] == -1
    assert_problem(
        await approve(client, p, count["id"]), 422, code="count-explanation-required", field="explanation"
    )
    assert await all_movements(client, p, kind="adjustment") == []
    r = await approve(client, p, count["id"], explanation="one ampoule broken, not recorded")
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["explanation"]) == ("posted", "one ampoule broken, not recorded")
    assert await stock(client, p, site=kbh, batch=shelf["X"]) == {(kbh, shelf["X"]): 5}
    assert await consistent(database)
    register = await client.get(
        "/api/v1/reports/controlled-register",
        params={"site": kbh, "item": pharmacy.items["morphine"]},
        headers=p,
    )
    assert register.status_code == 200, register.text
    sections = register.json()["sections"]
    [counts] = [s for s in sections if s["title"] == "Optællinger mod registret"]
    [row] = counts["rows"]
    assert (row["count"], row["witness"], row["expected"], row["counted"], row["variance"]) == (
        str(count["id"]),
        "Vera Vidne",
        6,
        5,
        -1,
    )
    assert row["explanation"] == "one ampoule broken, not recorded"
    lines = [line for group in sections[0]["groups"] for line in group["rows"]]
    assert any(f"count {count['id']}" in str(line.get("reference")) for line in lines)


async def test_a_controlled_count_that_agrees_posts_without_an_explanation(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    count = (await start(client, p, kbh, scope="controlled")).json()
    await enter(client, p, count["id"], {"batch": shelf["X"], "counted": 6})
    assert (await submit(client, p, count["id"], witness=WITNESS)).status_code == 200
    r = await approve(client, p, count["id"])
    assert r.status_code == 200 and r.json()["status"] == "posted"
    assert await all_movements(client, p, kind="adjustment") == []
