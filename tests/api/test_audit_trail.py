"""The audit trail of the clinic's set-up: every change to users, sites, locations and items is kept with
who, when, what before and after (never a password), readable and exportable by admins and pharmacists,
and the database itself refuses to change or delete a line of it."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from sqlalchemy import text

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from tests.conftest import PASSWORD, Clinic, gtin13

NEW_GTIN = gtin13("570987654321")


async def trail(
    client: httpx.AsyncClient, headers: dict[str, str], **params: object
) -> list[dict[str, object]]:
    r = await client.get("/api/v1/audit-events", headers=headers, params=params)
    assert r.status_code == 200, r.text
    items: list[dict[str, object]] = r.json()["items"]
    return items


async def test_a_users_creation_and_changes_are_kept_with_only_what_changed_and_never_a_password(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    body = {
        "username": "karen",
        "password": "en god lang sætning",
        "role": "volunteer",
        "sites": [clinic.sites["KBH"]],
        "full_name": "Karen",
    }
    made = await client.post("/api/v1/users", json=body, headers=admin)
    assert made.status_code == 201, made.text
    karen = made.json()["id"]
    changed = await client.patch(
        f"/api/v1/users/{karen}",
        headers=admin,
        json={"role": "pharmacist", "password": "en anden lang sætning"},
    )
    assert changed.status_code == 200, changed.text
    unchanged = await client.patch(f"/api/v1/users/{karen}", headers=admin, json={"role": "pharmacist"})
    assert unchanged.status_code == 200
    events = await trail(client, admin, entity="user")
    assert [(e["action"], e["entity_id"], e["actor"]) for e in events] == [
        ("update", karen, "admin"),
        ("create", karen, "admin"),
    ]  # the change that changed nothing left no line
    update, create = events
    assert create["before"] is None and create["after"] == {
        "username": "karen",
        "full_name": "Karen",
        "role": "volunteer",
        "active": True,
        "may_issue_controlled": False,
        "sites": [clinic.sites["KBH"]],
    }
    assert update["before"] == {"role": "volunteer", "password": None}
    assert update["after"] == {"role": "pharmacist", "password": "changed"}
    assert "argon2" not in str(events) and "sætning" not in str(events)


async def test_a_users_own_password_change_is_kept_as_theirs(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await client.post(
        "/api/v1/users/me/password",
        headers=auth("volunteer"),
        json={"current_password": PASSWORD, "password": "mit nye kodeord"},
    )
    assert r.status_code == 200, r.text
    [event] = await trail(client, auth("admin"), entity="user")
    assert (event["action"], event["actor"], event["entity_id"]) == (
        "password",
        "volunteer",
        clinic.users["volunteer"],
    )
    assert event["before"] is None and event["after"] is None


async def test_sites_locations_and_items_are_kept_as_they_change(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    site = (
        await client.post("/api/v1/sites", headers=admin, json={"code": "AAB", "name": "Aalborg"})
    ).json()
    assert (
        await client.patch(f"/api/v1/sites/{site['id']}", headers=admin, json={"name": "Aalborg C"})
    ).status_code == 200
    location = await client.post(
        f"/api/v1/sites/{site['id']}/locations", headers=admin, json={"name": "Køl", "cold": True}
    )
    assert location.status_code == 201
    insulin = clinic.items["insulin"]
    assert (
        await client.patch(f"/api/v1/items/{insulin}", headers=admin, json={"pack_size": 7})
    ).status_code == 200
    linked = await client.post(
        f"/api/v1/items/{insulin}/gtins", headers=auth("pharmacist"), json={"gtin": NEW_GTIN}
    )
    assert linked.status_code == 201, linked.text
    events = await trail(client, admin)
    assert [(e["entity"], e["action"], e["actor"]) for e in events] == [
        ("item", "update", "pharmacist"),
        ("item", "update", "admin"),
        ("location", "create", "admin"),
        ("site", "update", "admin"),
        ("site", "create", "admin"),
    ]
    assert events[0]["after"] == {"gtin_linked": NEW_GTIN.zfill(14)}  # as stored: GTIN-14
    assert list(events[1]["before"]) == ["pack_size"]  # type: ignore[call-overload]
    assert events[1]["after"] == {"pack_size": 7}
    assert events[3]["before"] == {"name": "Aalborg"} and events[3]["after"] == {"name": "Aalborg C"}
    assert events[2]["after"] == {"site_id": site["id"], "name": "Køl", "cold": True}


async def test_the_database_refuses_to_change_or_delete_the_trail(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    assert (
        await client.post("/api/v1/sites", headers=auth("admin"), json={"code": "X", "name": "X"})
    ).status_code == 201
    for sql in ("UPDATE audit_events SET reason = 'rewritten'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"):
            async with UnitOfWork(database) as uow:
                await uow.session.execute(text(sql))
                await uow.commit()
    assert len(await trail(client, auth("admin"))) == 1


async def test_pharmacists_and_admins_read_and_export_it_and_no_one_else(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    assert (
        await client.post(
            "/api/v1/sites", headers=auth("admin"), json={"code": "AAB", "name": "Aalborg"}
        )
    ).status_code == 201
    for who, status in (("admin", 200), ("pharmacist", 200), ("volunteer", 403), ("finance", 403)):
        assert (await client.get("/api/v1/audit-events", headers=auth(who))).status_code == status, who
    r = await client.get(
        "/api/v1/audit-events/report", headers=auth("pharmacist"), params={"format": "csv", "lang": "da"}
    )
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))  # Danish Excel
    assert rows[0][:4] == ["Dato og tid", "Udført af", "Hvad", "Handling"]
    assert (rows[1][1], rows[1][3]) == ("admin", "Oprettet") and rows[1][2].startswith("Afdeling ")
    assert 'code: "AAB"' in rows[1][5] and 'name: "Aalborg"' in rows[1][5]
