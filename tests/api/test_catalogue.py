"""The catalogue and users: sites, locations, items with GTINs, and accounts that can be switched off."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import assert_problem, clinic_body
from tests.conftest import Clinic

EAN13 = "4006381333931"
EAN8 = "96385074"
UPC_A = "036000291452"


def new_item(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Folsyre 5 mg tabletter",
        "category": "medicine",
        "unit_of_issue": "tablet",
        "pack_size": 100,
        "atc_code": "b03bb01",
        "strength": "5 mg",
        "form": "tablet",
    }
    body.update(overrides)
    return body


async def items_named(client: httpx.AsyncClient, headers: dict[str, str], q: str) -> list[dict[str, Any]]:
    r = await client.get("/api/v1/items", params={"q": q}, headers=headers)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def new_user(
    client: httpx.AsyncClient, headers: dict[str, str], username: str, role: str = "volunteer", **more: Any
) -> httpx.Response:
    """POST /api/v1/users with the password "sikkert kodeord" (and `more` fields: sites, full name)."""
    body = {"username": username, "password": "sikkert kodeord", "role": role, **more}
    return await client.post("/api/v1/users", headers=headers, json=body)


async def test_admin_creates_a_site_and_a_location(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("admin")
    r = await client.post(
        "/api/v1/sites", json={"code": "aal", "name": "Aalborg", "address": "Boulevarden 1"}, headers=h
    )
    assert r.status_code == 201, r.text
    site = r.json()
    assert (site["code"], site["name"], site["address"], site["active"]) == (
        "AAL",
        "Aalborg",
        "Boulevarden 1",
        True,
    )
    assert (await client.get(f"/api/v1/sites/{site['id']}", headers=h)).json() == site
    codes = [row["code"] for row in (await client.get("/api/v1/sites", headers=h)).json()]
    assert codes == ["KBH", "AAR", "ODE", "AAL"]
    r = await client.post(
        f"/api/v1/sites/{site['id']}/locations", json={"name": "Køleskab", "cold": True}, headers=h
    )
    assert r.status_code == 201, r.text
    location = r.json()
    assert (location["site"], location["name"], location["cold"]) == (site["id"], "Køleskab", True)
    r = await client.get(f"/api/v1/sites/{site['id']}/locations", headers=auth("volunteer"))
    assert r.json() == [location]
    r = await client.post(f"/api/v1/sites/{site['id']}/locations", json={"name": "Køleskab"}, headers=h)
    assert_problem(r, 409, field="name")
    r = await client.post("/api/v1/sites", json={"code": "AAL", "name": "Aalborg 2"}, headers=h)
    assert_problem(r, 409, field="code")
    assert_problem(await client.post("/api/v1/sites/987654/locations", json={"name": "Skab"}, headers=h), 404)
    assert_problem(await client.get("/api/v1/sites/987654/locations", headers=h), 404)


async def test_only_admin_edits_the_catalogue(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    for who in ("pharmacist", "volunteer", "finance"):
        assert_problem(
            await client.post("/api/v1/sites", json={"code": "X", "name": "X"}, headers=auth(who)), 403
        )
        assert_problem(await client.post("/api/v1/items", json=new_item(), headers=auth(who)), 403)
        r = await client.patch(
            f"/api/v1/items/{clinic.items['gloves']}", json={"name": "Y"}, headers=auth(who)
        )
        assert_problem(r, 403)
    assert await items_named(client, auth("admin"), "folsyre") == []


async def test_admin_creates_an_item_with_gtins(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("admin")
    r = await client.post("/api/v1/items", json=new_item(gtins=[EAN13, EAN8, UPC_A]), headers=h)
    assert r.status_code == 201, r.text
    item = r.json()
    assert item["atc_code"] == "B03BB01"
    assert sorted(item["gtins"]) == sorted(code.zfill(14) for code in (EAN13, EAN8, UPC_A))
    assert item["requires_expiry"] is True
    for code in (EAN13, EAN8, UPC_A, EAN13.zfill(14)):
        r = await client.get("/api/v1/items", params={"gtin": code}, headers=h)
        assert [found["id"] for found in r.json()["items"]] == [item["id"]], code
    assert (await client.get(f"/api/v1/items/{item['id']}", headers=h)).json() == item


async def test_item_with_a_wrong_gtin_check_digit_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("admin")
    assert_problem(
        await client.post("/api/v1/items", json=new_item(gtins=["4006381333932"]), headers=h),
        422,
        field="gtins[0]",
    )
    assert_problem(
        await client.post("/api/v1/items", json=new_item(gtins=[EAN13, "96385075"]), headers=h),
        422,
        field="gtins[1]",
    )
    assert_problem(
        await client.post("/api/v1/items", json=new_item(gtins=["ABCDEFGH"]), headers=h),
        422,
        field="gtins[0]",
    )
    assert await items_named(client, h, "folsyre") == []
    r = await client.get("/api/v1/items", params={"gtin": EAN13}, headers=h)
    assert r.json()["items"] == []


async def test_item_with_a_gtin_of_another_item_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("admin")
    r = await client.post("/api/v1/items", json=new_item(gtins=[EAN13, clinic.gtins["insulin"]]), headers=h)
    assert_problem(r, 409, code="already-exists", field="gtins[1]")
    assert await items_named(client, h, "folsyre") == []
    r = await client.get("/api/v1/items", params={"gtin": clinic.gtins["insulin"]}, headers=h)
    assert [found["id"] for found in r.json()["items"]] == [clinic.items["insulin"]]


async def test_requires_expiry_defaults_by_category(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("admin")
    for category, requires in (
        ("medicine", True),
        ("lab", True),
        ("dental", True),
        ("consumable", False),
        ("equipment", False),
    ):
        r = await client.post(
            "/api/v1/items",
            json=new_item(name=f"Ting {category}", category=category, atc_code=None),
            headers=h,
        )
        assert r.status_code == 201, r.text
        assert r.json()["requires_expiry"] is requires, category
        r = await client.post(
            "/api/v1/items",
            headers=h,
            json=new_item(name=f"Andet {category}", category=category, requires_expiry=not requires),
        )
        assert r.json()["requires_expiry"] is (not requires), category


async def test_item_rules_are_checked(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("admin")
    assert_problem(
        await client.post("/api/v1/items", json=new_item(atc_code="10BA02"), headers=h), 422, field="atc_code"
    )
    assert_problem(
        await client.post("/api/v1/items", json=new_item(name="   "), headers=h), 422, field="name"
    )
    assert_problem(
        await client.post("/api/v1/items", json=new_item(pack_size=0), headers=h), 400, field="pack_size"
    )
    assert_problem(
        await client.post("/api/v1/items", json=new_item(category="food"), headers=h), 400, field="category"
    )
    assert await items_named(client, h, "folsyre") == []


async def test_admin_patches_an_item(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("admin")
    gloves = clinic.items["gloves"]
    r = await client.patch(
        f"/api/v1/items/{gloves}",
        json={"name": "Nitrilhandsker L", "pack_size": 200, "cold_chain": True},
        headers=h,
    )
    assert r.status_code == 200, r.text
    patched = r.json()
    assert (patched["name"], patched["pack_size"], patched["cold_chain"]) == ("Nitrilhandsker L", 200, True)
    assert patched["category"] == "consumable"
    assert patched["gtins"] == [clinic.gtins["gloves"].zfill(14)]
    assert (await client.get(f"/api/v1/items/{gloves}", headers=h)).json() == patched
    r = await client.patch(f"/api/v1/items/{gloves}", json={"gtins": [EAN8]}, headers=h)
    assert r.json()["gtins"] == [EAN8.zfill(14)]
    r = await client.get("/api/v1/items", params={"gtin": clinic.gtins["gloves"]}, headers=h)
    assert r.json()["items"] == []
    r = await client.patch(f"/api/v1/items/{gloves}", json={"active": False}, headers=h)
    assert r.json()["active"] is False
    r = await client.get("/api/v1/items", params={"active": "true"}, headers=h)
    assert gloves not in [item["id"] for item in r.json()["items"]]
    assert_problem(
        await client.patch(f"/api/v1/items/{gloves}", json={"colour": "blue"}, headers=h), 400, field="colour"
    )
    assert_problem(await client.patch("/api/v1/items/987654", json={"name": "X"}, headers=h), 404)


async def test_patch_applies_the_same_rules_as_create(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("admin")
    gloves = clinic.items["gloves"]
    assert_problem(
        await client.patch(f"/api/v1/items/{gloves}", json={"atc_code": "123"}, headers=h),
        422,
        field="atc_code",
    )
    assert_problem(
        await client.patch(f"/api/v1/items/{gloves}", json={"name": "  "}, headers=h), 422, field="name"
    )
    assert_problem(
        await client.patch(f"/api/v1/items/{gloves}", json={"gtins": [clinic.gtins["insulin"]]}, headers=h),
        409,
        field="gtins[0]",
    )
    item = (await client.get(f"/api/v1/items/{gloves}", headers=h)).json()
    assert (item["name"], item["atc_code"], item["gtins"]) == (
        "Nitrilhandsker M",
        None,
        [clinic.gtins["gloves"].zfill(14)],
    )
    r = await client.patch(
        f"/api/v1/items/{clinic.items['metformin']}", json={"atc_code": "a10ba02"}, headers=h
    )
    assert r.json()["atc_code"] == "A10BA02"
    r = await client.get("/api/v1/items", params={"atc": "A10B"}, headers=h)
    assert [found["id"] for found in r.json()["items"]] == [clinic.items["metformin"]]


async def test_pharmacist_links_a_gtin_that_is_then_found(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("pharmacist")
    metformin = clinic.items["metformin"]
    r = await client.post(f"/api/v1/items/{metformin}/gtins", json={"gtin": UPC_A}, headers=h)
    assert r.status_code == 201, r.text
    assert sorted(r.json()["gtins"]) == sorted([clinic.gtins["metformin"].zfill(14), UPC_A.zfill(14)])
    r = await client.get("/api/v1/items", params={"gtin": UPC_A}, headers=auth("volunteer"))
    assert [found["id"] for found in r.json()["items"]] == [metformin]
    again = await client.post(f"/api/v1/items/{metformin}/gtins", json={"gtin": UPC_A.zfill(14)}, headers=h)
    assert again.status_code == 201, again.text
    assert sorted(again.json()["gtins"]) == sorted(r.json()["items"][0]["gtins"])


async def test_linking_a_gtin_is_refused_when_wrong_or_taken(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("pharmacist")
    metformin = clinic.items["metformin"]
    r = await client.post(
        f"/api/v1/items/{metformin}/gtins", json={"gtin": clinic.gtins["insulin"]}, headers=h
    )
    assert_problem(r, 409, code="already-exists", field="gtin")
    r = await client.post(f"/api/v1/items/{metformin}/gtins", json={"gtin": "4006381333932"}, headers=h)
    assert_problem(r, 422, field="gtin")
    assert_problem(
        await client.post(
            f"/api/v1/items/{metformin}/gtins", json={"gtin": EAN13}, headers=auth("volunteer")
        ),
        403,
    )
    assert_problem(await client.post("/api/v1/items/987654/gtins", json={"gtin": EAN13}, headers=h), 404)
    r = await client.get(f"/api/v1/items/{metformin}", headers=h)
    assert r.json()["gtins"] == [clinic.gtins["metformin"].zfill(14)]


# --- users ------------------------------------------------------------------------------------


async def login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/token", json={"username": username, "password": password})


async def test_admin_creates_a_user_who_can_log_in(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    r = await new_user(
        client, auth("admin"), "Jordemoder.Ida", sites=[clinic.sites["ODE"]], full_name="Ida Jensen"
    )
    assert r.status_code == 201, r.text
    user = r.json()
    assert (user["username"], user["role"], user["sites"], user["active"]) == (
        "jordemoder.ida",
        "volunteer",
        [clinic.sites["ODE"]],
        True,
    )
    r = await login(client, "jordemoder.ida", "sikkert kodeord")
    assert r.status_code == 200, r.text
    assert (r.json()["username"], r.json()["role"], r.json()["token_type"]) == (
        "jordemoder.ida",
        "volunteer",
        "bearer",
    )
    token = {"Authorization": f"Bearer {r.json()['access_token']}"}
    me = await client.get("/api/v1/users/me", headers=token)
    assert me.status_code == 200
    assert (me.json()["id"], me.json()["sites"]) == (user["id"], [clinic.sites["ODE"]])
    r = await client.post(
        "/api/v1/receipts",
        headers=token,
        json=clinic_body(clinic, site="ODE", item="gloves", batch_number="G", quantity=1),
    )
    assert r.status_code == 201, r.text
    assert r.json()["user"] == "jordemoder.ida"
    assert_problem(await login(client, "jordemoder.ida", "wrong password"), 401)
    r = await new_user(client, auth("admin"), "jordemoder.ida")
    assert_problem(r, 409, field="username")
    r = await new_user(client, auth("admin"), "someone", sites=[987654])
    assert_problem(r, 422, field="sites[0]")
    assert_problem(await new_user(client, auth("pharmacist"), "another", role="admin"), 403)


async def test_deactivated_user_is_locked_out_at_once(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await new_user(client, auth("admin"), "tolk", sites=[clinic.sites["KBH"]])
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    token = {
        "Authorization": f"Bearer {(await login(client, 'tolk', 'sikkert kodeord')).json()['access_token']}"
    }
    assert (await client.get("/api/v1/stock", headers=token)).status_code == 200  # the actor is now cached
    r = await client.patch(f"/api/v1/users/{user_id}", json={"active": False}, headers=auth("admin"))
    assert r.status_code == 200, r.text
    assert r.json()["active"] is False
    assert_problem(await client.get("/api/v1/stock", headers=token), 401)
    assert_problem(
        await client.post(
            "/api/v1/issues",
            headers=token,
            json=clinic_body(clinic, item="gloves", quantity=1, reason="patient"),
        ),
        401,
    )
    assert_problem(await login(client, "tolk", "sikkert kodeord"), 401)
    r = await client.patch(f"/api/v1/users/{user_id}", json={"active": True}, headers=auth("admin"))
    assert r.status_code == 200
    assert (await client.get("/api/v1/stock", headers=token)).status_code == 200


async def test_changed_sites_take_effect_at_once(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    receipt = clinic_body(clinic, site="AAR", item="gloves", batch_number="G", quantity=1)
    assert_problem(await client.post("/api/v1/receipts", json=receipt, headers=h), 403)
    r = await client.patch(
        f"/api/v1/users/{clinic.users['volunteer']}",
        headers=auth("admin"),
        json={"sites": [clinic.sites["KBH"], clinic.sites["AAR"]]},
    )
    assert r.status_code == 200, r.text
    assert r.json()["sites"] == sorted([clinic.sites["KBH"], clinic.sites["AAR"]])
    assert (await client.post("/api/v1/receipts", json=receipt, headers=h)).status_code == 201
