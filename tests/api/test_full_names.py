"""Users have full names: given at creation (API and command line), answered by /users/me, and printed on
reports ("printed by") instead of the username, which stands in only when there is no full name."""

from __future__ import annotations

import httpx

from tests.conftest import Clinic


async def test_users_me_answers_the_full_name_and_reports_are_printed_by_it(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    me = (await client.get("/api/v1/users/me", headers=auth("pharmacist"))).json()
    assert (me["username"], me["full_name"]) == ("pharmacist", None)
    url = f"/api/v1/reports/expiry?site={clinic.sites['KBH']}"
    assert (await client.get(url, headers=auth("pharmacist"))).json()["printed_by"] == "pharmacist"
    r = await client.patch(
        f"/api/v1/users/{clinic.users['pharmacist']}",
        json={"full_name": "Pia Farmaceut"},
        headers=auth("admin"),
    )
    assert r.status_code == 200, r.text
    me = (await client.get("/api/v1/users/me", headers=auth("pharmacist"))).json()
    assert (me["username"], me["full_name"]) == ("pharmacist", "Pia Farmaceut")
    assert (await client.get(url, headers=auth("pharmacist"))).json()["printed_by"] == "Pia Farmaceut"


async def test_a_user_created_with_a_full_name_keeps_it(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    body = {
        "username": "nurse2",
        "password": "a long enough password 1",
        "role": "volunteer",
        "sites": [clinic.sites["KBH"]],
        "full_name": "Nina Sygeplejerske",
    }
    r = await client.post("/api/v1/users", json=body, headers=auth("admin"))
    assert r.status_code == 201, r.text
    listed = (await client.get("/api/v1/users", headers=auth("admin"))).json()
    assert {u["username"]: u["full_name"] for u in listed}["nurse2"] == "Nina Sygeplejerske"
