"""The service always keeps an active admin: nobody deactivates themself or the last admin."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_problem
from tests.conftest import Clinic


async def test_an_admin_cannot_deactivate_themself(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    me = clinic.users["admin"]
    r = await client.patch(f"/api/v1/users/{me}", json={"active": False}, headers=auth("admin"))
    assert_problem(r, 409, code="last-administrator", field="active")
    assert (await client.get("/api/v1/users/me", headers=auth("admin"))).status_code == 200


async def test_the_last_admin_cannot_be_demoted_but_one_of_two_can(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    me = clinic.users["admin"]
    r = await client.patch(f"/api/v1/users/{me}", json={"role": "pharmacist"}, headers=admin)
    assert_problem(r, 409, code="last-administrator", field="role")
    second = clinic.users["finance"]
    assert (
        await client.patch(f"/api/v1/users/{second}", json={"role": "admin"}, headers=admin)
    ).status_code == 200
    r = await client.patch(f"/api/v1/users/{second}", json={"active": False}, headers=admin)
    assert r.status_code == 200, r.text  # another admin remains: me
    r = await client.patch(f"/api/v1/users/{me}", json={"role": "pharmacist"}, headers=admin)
    assert_problem(r, 409, code="last-administrator")
    assert (
        await client.patch(f"/api/v1/users/{second}", json={"active": True}, headers=admin)
    ).status_code == 200
    r = await client.patch(f"/api/v1/users/{me}", json={"role": "pharmacist"}, headers=admin)
    assert r.status_code == 200 and r.json()["role"] == "pharmacist"
