"""The administrator's pages over HTTP as a browser uses them: users and sites made and changed with
forms (CSRF, idempotent, refusals in Danish), and every user's own password page."""

from __future__ import annotations

import io
import uuid

import httpx
from openpyxl import load_workbook
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import Item, Location, Site, User, UserSite
from inventory.db.uow import UnitOfWork
from inventory.web.page import FORM_KEY
from tests.api.helpers import receive_at
from tests.conftest import PASSWORD, Clinic, gtin13
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, object]
) -> httpx.Response:
    html = (await client.get(page, headers=HTML)).text
    return await client.post(
        action, data={"_csrf_token": form_token(html), FORM_KEY: uuid.uuid4().hex, **data}, headers=HTML
    )


async def user_named(database: Database, username: str) -> tuple[User, set[int]]:
    async with UnitOfWork(database, readonly=True) as uow:
        user = await uow.session.scalar(select(User).where(User.username == username))
        assert user is not None
        sites = set(
            (
                await uow.session.scalars(select(UserSite.site_id).where(UserSite.user_id == user.id))
            ).all()
        )
    return user, sites


async def test_an_admin_creates_a_pharmacist_with_sites_and_full_name_and_they_log_in(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    assert (await log_in(client, "admin", next="/admin")).status_code == 303
    page = await client.get("/admin", headers=HTML)
    assert page.status_code == 200 and "Brugere" in page.text and "Afdelinger" in page.text
    sites = [str(clinic.sites["KBH"]), str(clinic.sites["AAR"])]
    form = {
        "username": "karen",
        "full_name": "Karen Holm",
        "role": "pharmacist",
        "sites": sites,
        "password": "en god lang sætning",
        "password_again": "en god lang sætning",
    }
    r = await post_form(client, "/admin", "/admin/users", form)
    assert r.status_code == 303 and r.headers["location"].startswith("/admin/users/"), r.text
    shown = await client.get(r.headers["location"], headers=HTML)
    assert "Karen Holm" in shown.text and "Gemt." in shown.text
    user, user_sites = await user_named(database, "karen")
    assert (user.full_name, user.role, user_sites) == (
        "Karen Holm",
        "pharmacist",
        {int(s) for s in sites},
    )
    other = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    assert (await log_in(other, "karen", "en god lang sætning", next="/stock")).status_code == 303


async def test_a_weak_or_mistyped_password_is_refused_in_danish_and_nothing_is_made(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await log_in(client, "admin", next="/admin")
    base = {"username": "ole", "role": "volunteer", "sites": [str(clinic.sites["KBH"])]}
    weak = await post_form(
        client,
        "/admin",
        "/admin/users",
        {**base, "password": "password1", "password_again": "password1"},
    )
    assert weak.status_code == 422 and 'data-problem="invalid-input"' in weak.text
    assert "adgangskode" in weak.text.lower() and "ole" in weak.text  # the form keeps what was typed
    typo = await post_form(
        client,
        "/admin",
        "/admin/users",
        {**base, "password": "lang nok kode", "password_again": "lang nok kodE"},
    )
    assert typo.status_code == 422
    async with UnitOfWork(database, readonly=True) as uow:
        assert await uow.session.scalar(select(User.id).where(User.username == "ole")) is None


async def test_an_admin_changes_role_and_sites_deactivates_and_the_last_admin_stays(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await log_in(client, "admin", next="/admin")
    volunteer = clinic.users["volunteer"]
    page = f"/admin/users/{volunteer}"
    form = {
        "full_name": "Ole Frivillig",
        "role": "volunteer",
        "sites": [str(clinic.sites["AAR"])],
        "active": "on",
    }
    assert (await post_form(client, page, page, form)).status_code == 303
    user, sites = await user_named(database, "volunteer")
    assert (user.full_name, sites, user.active) == ("Ole Frivillig", {clinic.sites["AAR"]}, True)
    form.pop("active")
    assert (await post_form(client, page, page, form)).status_code == 303
    assert not (await user_named(database, "volunteer"))[0].active
    other = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    refused = await log_in(other, "volunteer", next="/scan")
    assert refused.status_code != 303 or refused.headers.get("location") != "/scan"
    me = f"/admin/users/{clinic.users['admin']}"
    last = await post_form(client, me, me, {"role": "pharmacist", "active": "on"})
    assert last.status_code == 409 and 'data-problem="last-administrator"' in last.text
    assert (await user_named(database, "admin"))[0].role == "admin"


async def test_an_admin_creates_renames_and_closes_a_site_and_adds_a_fridge(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await log_in(client, "admin", next="/admin")
    r = await post_form(
        client, "/admin", "/admin/sites", {"code": "aab", "name": "Aalborg", "address": "Boulevarden 1"}
    )
    assert r.status_code == 303, r.text
    page = r.headers["location"].split("?")[0]
    assert (
        await post_form(client, page, page, {"name": "Aalborg C", "address": "", "active": "on"})
    ).status_code == 303
    fridge = await post_form(client, page, f"{page}/locations", {"name": "Køleskab", "cold": "on"})
    assert fridge.status_code == 303
    assert (
        await post_form(client, page, page, {"name": "Aalborg C"})
    ).status_code == 303  # closed: no stock
    async with UnitOfWork(database, readonly=True) as uow:
        site = await uow.session.scalar(select(Site).where(Site.code == "AAB"))
        assert site is not None and (site.name, site.address, site.active) == ("Aalborg C", None, False)
        location = await uow.session.scalar(select(Location).where(Location.site_id == site.id))
        assert location is not None and (location.name, location.cold) == ("Køleskab", True)
    taken = await post_form(client, "/admin", "/admin/sites", {"code": "KBH", "name": "Igen"})
    assert taken.status_code == 409 and 'id="new-site"' in taken.text


async def test_a_site_that_holds_stock_cannot_be_closed(
    client: httpx.AsyncClient, clinic: Clinic, database: Database, auth
) -> None:
    await receive_at(client, auth("pharmacist"), clinic, batch="B1", expiry="2030-01-01", quantity=5)
    await log_in(client, "admin", next="/admin")
    page = f"/admin/sites/{clinic.sites['KBH']}"
    refused = await post_form(client, page, page, {"name": "København"})
    assert refused.status_code == 422 and "5" in refused.text
    async with UnitOfWork(database, readonly=True) as uow:
        assert (await uow.session.get(Site, clinic.sites["KBH"])).active  # type: ignore[union-attr]


async def test_every_user_changes_their_own_password_after_giving_the_current_one(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await log_in(client, "volunteer", next="/account")
    page = await client.get("/account", headers=HTML)
    assert page.status_code == 200 and "Skift adgangskode" in page.text
    wrong = await post_form(
        client,
        "/account",
        "/account/password",
        {"current_password": "not it", "password": "ny lang kode 7", "password_again": "ny lang kode 7"},
    )
    assert wrong.status_code == 422 and 'data-problem="invalid-input"' in wrong.text
    ok = await post_form(
        client,
        "/account",
        "/account/password",
        {"current_password": PASSWORD, "password": "ny lang kode 7", "password_again": "ny lang kode 7"},
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/account?saved=1"
    other = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    assert (await log_in(other, "volunteer", "ny lang kode 7")).status_code == 303


async def test_only_an_admin_opens_the_admin_pages(client: httpx.AsyncClient, clinic: Clinic) -> None:
    for role in ("pharmacist", "volunteer", "finance"):
        fresh = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
        await log_in(fresh, role, next="/account")
        assert (await fresh.get("/admin", headers=HTML)).status_code == 403, role
        assert (await fresh.get(f"/admin/sites/{clinic.sites['KBH']}", headers=HTML)).status_code == 403
        assert (await fresh.get("/account", headers=HTML)).status_code == 200


async def test_the_audit_page_shows_changes_in_danish_pages_on_and_downloads(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await log_in(client, "admin", next="/admin")
    for n in range(3):
        r = await post_form(client, "/admin", "/admin/sites", {"code": f"N{n}", "name": f"Ny {n}"})
        assert r.status_code == 303
    page = await client.get("/audit", headers=HTML)
    assert page.status_code == 200 and "Ændringslog" in page.text
    assert page.text.count("Oprettet") == 3 and "Afdeling" in page.text
    users_only = await client.get("/audit", params={"entity": "user"}, headers=HTML)
    assert "Oprettet" not in users_only.text and 'id="audit-empty"' in users_only.text
    xlsx = await client.get("/audit", params={"format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells.count("Oprettet") == 3 and any('name: "Ny 2"' in c for c in cells)
    pharmacist = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    await log_in(pharmacist, "pharmacist", next="/audit")
    assert (await pharmacist.get("/audit", headers=HTML)).status_code == 200
    volunteer = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    await log_in(volunteer, "volunteer", next="/scan")
    assert (await volunteer.get("/audit", headers=HTML)).status_code == 403


async def test_an_admin_adds_an_item_finds_it_by_its_gtin_and_changes_it(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await log_in(client, "admin", next="/admin/items")
    gtin = gtin13("570123400001")
    form = {
        "name": "Amoxicillin 500 mg",
        "category": "medicine",
        "unit_of_issue": "capsule",
        "pack_size": "20",
        "gtins": gtin,
        "atc_code": "j01ca04",
        "dispensed_in": "packs",
    }
    r = await post_form(client, "/admin/items", "/admin/items", form)
    assert r.status_code == 303, r.text
    page = r.headers["location"].split("?")[0]
    found = await client.get("/admin/items", params={"q": gtin}, headers=HTML)
    assert "Amoxicillin 500 mg" in found.text and found.text.count('data-item="') == 1
    changed = await post_form(
        client,
        page,
        page,
        {
            "name": "Amoxicillin 500 mg",
            "unit_of_issue": "capsule",
            "pack_size": "30",
            "gtins": gtin,
            "controlled": "on",
            "dispensed_in": "packs",
            "active": "on",
        },
    )
    assert changed.status_code == 303
    async with UnitOfWork(database, readonly=True) as uow:
        item = await uow.session.scalar(select(Item).where(Item.name == "Amoxicillin 500 mg"))
        assert item is not None
        assert (
            item.pack_size,
            item.controlled,
            item.atc_code,
            item.requires_expiry,
            item.dispensed_in,
        ) == (30, True, "J01CA04", True, "packs")
    bad = await post_form(
        client, "/admin/items", "/admin/items", {**form, "name": "X", "gtins": "5701234567890"}
    )
    assert bad.status_code == 422 and 'id="new-item"' in bad.text and "GTIN" in bad.text
    volunteer = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    await log_in(volunteer, "volunteer", next="/scan")
    assert (await volunteer.get("/admin/items", headers=HTML)).status_code == 403
