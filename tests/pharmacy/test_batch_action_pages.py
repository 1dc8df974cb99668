"""Acting on a batch where it is shown, over HTTP as a browser does: find a batch by its number, its
label code or a scanned pack; quarantine from the batch page (reason chosen, one confirmation, the result
said); adjust down with a confirmation; dispose with a confirmation and undo it with a note; the
disposals list says it was undone; the pharmacist's home page counts today's work. Refusals in Danish."""

from __future__ import annotations

import re

import httpx

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.services import integrity
from tests.api.helpers import receive
from tests.conftest import PASSWORD, Clinic, days
from tests.pharmacy.test_pages import HTML, page_form
from tests.web.webhelpers import log_in


async def _stock(client: httpx.AsyncClient, c: Clinic, auth) -> dict[str, int]:
    h, kbh = auth("admin"), c.sites["KBH"]
    fresh = await receive(
        client, h, site=kbh, item=c.items["insulin"], batch="25JU1337", expiry=days(300), quantity=30,
        unit_cost_ore=2400,
    )  # fmt: skip
    old = await receive(
        client, h, site=kbh, item=c.items["insulin"], batch="OLD", expiry=days(-3), quantity=4,
        unit_cost_ore=1250, allow_expired=True,
    )  # fmt: skip
    return {"fresh": fresh["lines"][0]["batch"]["id"], "old": old["lines"][0]["batch"]["id"]}


async def _consistent(database: Database) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        assert await integrity.ledger_mismatches(uow.session) == []
        assert await integrity.layer_mismatches(uow.session) == []


async def test_quarantine_from_the_batch_page_asks_for_a_reason_confirms_once_and_says_what_happened(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database
) -> None:
    ids = await _stock(client, pharmacy, auth)
    kbh = pharmacy.sites["KBH"]
    await log_in(client, "pharmacist", next="/")
    text, hidden = await page_form(client, f"/stock/batches/{ids['fresh']}")
    start = text.index('action="/stock/batches/')
    form = text[start : text.index("</form>", start)]
    assert '<option value="">' in form and " selected" not in form  # in date: the reason is theirs to choose
    assert f"RKB{ids['fresh']}" in text and "/stock/adjust?site=" in text and "/disposals/new?site=" in text
    old_page = (await client.get(f"/stock/batches/{ids['old']}", headers=HTML)).text
    assert 'value="expired" selected' in old_page  # an expired batch: expired by default

    data = {**hidden, "site": kbh, "reason": "damaged", "note": "knust hætteglas", "review": "1"}
    review = await client.post(f"/stock/batches/{ids['fresh']}/quarantine", data=data)
    assert review.status_code == 200, review.text
    assert 'id="confirm-form"' in review.text and "30" in review.text and "720,00" in review.text
    assert "Bekræft karantæne" in review.text
    listed = (await client.get("/quarantine", headers=HTML)).text
    assert f'data-batch="{ids["fresh"]}"' not in listed  # nothing written by the review

    confirm = {k: v for k, v in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', review.text)}
    done = await client.post(f"/stock/batches/{ids['fresh']}/quarantine", data=confirm)
    assert done.status_code == 303 and "done=quarantined" in done.headers["location"], done.text
    page = (await client.get(done.headers["location"], headers=HTML)).text
    assert 'id="done"' in page and "sat i karantæne" in page and "I karantæne" in page
    assert f'action="/stock/batches/{ids["fresh"]}/release"' in page
    await _consistent(database)


async def test_a_form_finds_a_batch_by_number_label_or_scan_and_offers_the_candidates_of_an_ambiguous_number(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await _stock(client, pharmacy, auth)
    kbh = pharmacy.sites["KBH"]
    await receive(client, auth("admin"), site=kbh, item=pharmacy.items["morphine"], batch="OLD",
                  expiry=days(200), quantity=2, unit_cost_ore=3000)  # fmt: skip
    await log_in(client, "pharmacist", next="/")
    for typed in ("25JU1337", "25ju1337", f"RKB{ids['fresh']}", f"rkb {ids['fresh']}"):
        _, hidden = await page_form(client, "/stock/adjust")
        r = await client.post("/stock/adjust", data={
            **hidden, "batch": typed, "site": kbh, "direction": "down", "quantity": "2", "reason": "damaged",
            "review": "1"})  # fmt: skip
        assert r.status_code == 200 and "Bekræft rettelse af antal" in r.text, (typed, r.text)
        assert f'value="RKB{ids["fresh"]}"' in r.text and "48,00" in r.text  # 2 x 24 kr.
    # Two items have a batch OLD: the form offers both, by their label codes, and says so in Danish.
    _, hidden = await page_form(client, "/stock/adjust")
    r = await client.post("/stock/adjust", data={
        **hidden, "batch": "OLD", "site": kbh, "direction": "down", "quantity": "1", "reason": "count",
        "review": "1"})  # fmt: skip
    assert r.status_code == 409 and 'data-problem="ambiguous-batch"' in r.text
    assert "Flere batcher har dette nummer" in r.text and f'value="RKB{ids["old"]}"' in r.text
    assert 'type="radio" name="batch"' in r.text
    # A number nobody has: refused in Danish, naming the field.
    _, hidden = await page_form(client, "/stock/adjust")
    r = await client.post("/stock/adjust", data={
        **hidden, "batch": "NOPE1", "site": kbh, "direction": "down", "quantity": "1", "reason": "count"})
    assert r.status_code == 422 and "Batchen findes ikke" in r.text and "NOPE1" in r.text
    # A GS1 code scanned into the disposal form names the batch (GTIN + batch).
    gtin = pharmacy.gtins["insulin"].zfill(14)
    text, hidden = await page_form(client, "/disposals/new")
    r = await client.post("/disposals/new", data={
        **hidden, "site": kbh, "method": "pharmacy_return", "batch_0": f"01{gtin}10{'25JU1337'}",
        "quantity_0": "3", "reason": "beskadiget", "review": "1"})  # fmt: skip
    assert r.status_code == 200 and "Bekræft kassation" in r.text and "25JU1337" in r.text, r.text
    assert "72,00" in r.text  # 3 x 24 kr.


async def test_dispose_with_confirmation_then_undo_with_a_note_and_the_list_says_so(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database
) -> None:
    ids = await _stock(client, pharmacy, auth)
    kbh = pharmacy.sites["KBH"]
    await log_in(client, "pharmacist", next="/")
    text, hidden = await page_form(client, f"/disposals/new?site={kbh}&code=RKB{ids['old']}&quantity=4")
    assert f'value="RKB{ids["old"]}"' in text and "Batch-id" not in text
    form = {**hidden, "site": kbh, "method": "pharmacy_return", "batch_0": f"RKB{ids['old']}",
            "quantity_0": "4", "review": "1"}  # fmt: skip
    review = await client.post("/disposals/new", data=form)
    assert review.status_code == 200 and "Bekræft kassation" in review.text, review.text
    assert "50,00" in review.text and "København" in review.text or "KBH" in review.text
    async with UnitOfWork(database, readonly=True) as uow:
        assert await integrity.ledger_mismatches(uow.session) == []
    assert "OLD" not in (await client.get("/disposals", headers=HTML)).text  # the review wrote nothing
    confirm = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', review.text))
    done = await client.post("/disposals/new", data=confirm)
    assert done.status_code == 303, done.text
    batch_page = (await client.get(f"/stock/batches/{ids['old']}", headers=HTML)).text
    undo = re.search(r'href="(/stock/operations/(\d+)/undo)"', batch_page)
    assert undo is not None
    text, hidden = await page_form(client, undo[1])
    assert "Fortryd en handling" in text and "kommer tilbage på lager" in text and "50,00" in text
    refused = await client.post(undo[1], data={**hidden})
    assert refused.status_code == 422 and 'data-problem="invalid-input"' in refused.text  # a note is needed
    assert "say why" not in refused.text  # no English on a Danish page
    _, hidden = await page_form(client, undo[1])
    undone = await client.post(undo[1], data={**hidden, "note": "fejlregistreret, ampullerne er hele"})
    assert undone.status_code == 303 and "done=undone" in undone.headers["location"]
    listed = (await client.get("/disposals", headers=HTML)).text
    assert 'data-undone="all"' in listed and "Fortrudt: ikke destrueret" in listed
    assert "fejlregistreret, ampullerne er hele" in listed and "pharmacist" in listed
    await _consistent(database)


async def test_adjust_up_is_written_at_once_down_only_after_confirmation(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database
) -> None:
    ids = await _stock(client, pharmacy, auth)
    kbh = pharmacy.sites["KBH"]
    await log_in(client, "pharmacist", next="/")
    _, hidden = await page_form(client, f"/stock/adjust?batch=RKB{ids['fresh']}&site={kbh}")
    up = await client.post("/stock/adjust", data={
        **hidden, "batch": "25JU1337", "site": kbh, "direction": "up", "quantity": "2", "reason": "found",
        "review": "1"})  # fmt: skip
    assert up.status_code == 303 and "done=adjusted" in up.headers["location"]
    page = (await client.get(up.headers["location"], headers=HTML)).text
    assert "Antallet er rettet" in page and "32" in page
    _, hidden = await page_form(client, "/stock/adjust")
    review = await client.post("/stock/adjust", data={
        **hidden, "batch": "25JU1337", "site": kbh, "direction": "down", "quantity": "5", "reason": "count",
        "review": "1"})  # fmt: skip
    assert review.status_code == 200 and "på lager nu: 32" in review.text
    confirm = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', review.text))
    done = await client.post("/stock/adjust", data=confirm)
    assert done.status_code == 303, done.text
    assert "27" in (await client.get(done.headers["location"], headers=HTML)).text
    await _consistent(database)


async def test_a_fully_disposed_batch_leaves_the_quarantine_list(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await _stock(client, pharmacy, auth)
    kbh = pharmacy.sites["KBH"]
    h = auth("pharmacist")
    r = await client.post("/api/v1/quarantines", json={"batch": ids["old"], "site": kbh, "reason": "expired"},
                          headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    await log_in(client, "pharmacist", next="/")
    assert f'data-batch="{ids["old"]}"' in (await client.get("/quarantine", headers=HTML)).text
    r = await client.post("/api/v1/disposals", headers=h, json={
        "site": kbh, "method": "pharmacy_return", "lines": [{"batch": ids["old"], "quantity": 4}]})
    assert r.status_code == 201, r.text
    assert f'data-batch="{ids["old"]}"' not in (await client.get("/quarantine", headers=HTML)).text


async def test_volunteers_and_finance_get_no_actions_and_are_refused_in_danish(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await _stock(client, pharmacy, auth)
    await log_in(client, "finance", next="/")
    page = (await client.get(f"/stock/batches/{ids['fresh']}", headers=HTML)).text
    assert "quarantine-form" not in page and "/stock/adjust" not in page and "/undo" not in page
    assert (await client.get("/stock/adjust", headers=HTML)).status_code == 403
    client.cookies.clear()
    await log_in(client, "volunteer", next="/")
    refused = await client.get("/stock/adjust", headers=HTML)
    assert refused.status_code in (303, 403)


async def test_the_pharmacists_home_counts_todays_work_with_links(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    await _stock(client, pharmacy, auth)
    await log_in(client, "pharmacist", next="/")
    home = (await client.get("/", headers=HTML)).text
    assert "Dagens arbejde på dine afdelinger" in home
    expired = re.search(r'data-block="expired" data-count="(\d+)"><a class="tile[^"]*" href="([^"]+)"', home)
    assert expired is not None and expired[1] == "1" and expired[2] == "/expiry"
    assert 'data-block="quarantined" data-count="0"' in home
    client.cookies.clear()
    await log_in(client, "finance", next="/")
    assert "Dagens arbejde" not in (await client.get("/", headers=HTML)).text


async def test_the_quarantine_page_finds_the_batch_by_its_number_and_confirms_once(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await _stock(client, pharmacy, auth)
    kbh = pharmacy.sites["KBH"]
    await log_in(client, "pharmacist", next="/")
    text, hidden = await page_form(client, "/quarantine")
    assert "Batch-id" not in text and 'name="batch_code"' in text
    form = {**hidden, "batch_code": "25JU1337", "site": kbh, "reason": "cold_chain_break", "review": "1"}
    review = await client.post("/quarantine", data=form)
    assert review.status_code == 200 and "Bekræft karantæne" in review.text, review.text
    assert "30" in review.text and "720,00" in review.text
    confirm = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', review.text))
    assert "review" not in confirm
    done = await client.post("/quarantine", data=confirm)
    assert done.status_code == 303, done.text
    listed = (await client.get("/quarantine", headers=HTML)).text
    assert f'data-batch="{ids["fresh"]}"' in listed and "Brud på kølekæden" in listed


async def test_the_expiry_review_chooses_no_reason_for_a_batch_not_yet_expired(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await _stock(client, pharmacy, auth)
    await log_in(client, "pharmacist", next="/")
    text = (await client.get("/expiry?within_days=400", headers=HTML)).text
    fresh = text[text.index(f'data-batch="{ids["fresh"]}"') :]
    fresh = fresh[: fresh.index("</select>")]
    old = text[text.index(f'data-batch="{ids["old"]}"') :]
    old = old[: old.index("</select>")]
    assert '<option value="">' in fresh and " selected" not in fresh
    assert 'value="expired" selected' in old


async def test_a_recall_from_the_batch_page_names_the_batch_by_its_label(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await _stock(client, pharmacy, auth)
    await log_in(client, "pharmacist", next="/")
    page = (await client.get(f"/stock/batches/{ids['fresh']}", headers=HTML)).text
    link = re.search(r'href="(/quarantine/recall\?code=RKB\d+)" id="recall-batch"', page)
    assert link is not None
    text, hidden = await page_form(client, link[1])
    assert f'value="RKB{ids["fresh"]}"' in text
    r = await client.post("/quarantine/recall", data={**hidden, "batch_code": f"RKB{ids['fresh']}",
                                                      "reference": "DKMA 2026-17"})  # fmt: skip
    assert r.status_code == 303, r.text
    page = (await client.get(f"/stock/batches/{ids['fresh']}", headers=HTML)).text
    assert 'data-block="recall"' in page and "Batchen er tilbagekaldt" in page
    assert 'id="recall-batch"' not in page


async def test_a_controlled_disposal_is_witnessed_on_its_confirmation_step(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    kbh = pharmacy.sites["KBH"]
    made = await receive(client, auth("admin"), site=kbh, item=pharmacy.items["morphine"], batch="M9",
                         expiry=days(400), quantity=10, unit_cost_ore=3000)  # fmt: skip
    await log_in(client, "pharmacist", next="/")
    _, hidden = await page_form(client, "/disposals/new")
    review = await client.post("/disposals/new", data={
        **hidden, "site": kbh, "method": "pharmacy_return", "batch_0": "M9", "quantity_0": "2",
        "reason": "knuste ampuller", "review": "1"})  # fmt: skip
    assert review.status_code == 200 and 'id="d-witness-password"' in review.text, review.text
    assert "2 ampuller" in review.text or "ampul" in review.text
    confirm = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', review.text))
    wrong = await client.post("/disposals/new", data={**confirm, "witness_username": "witness",
                                                      "witness_password": "wrong"})  # fmt: skip
    assert wrong.status_code == 422 and 'data-problem="witness-refused"' in wrong.text
    assert "Bekræft kassation" in wrong.text and 'value="wrong"' not in wrong.text
    confirm = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', wrong.text))
    done = await client.post("/disposals/new", data={**confirm, "witness_username": "witness",
                                                     "witness_password": PASSWORD})  # fmt: skip
    assert done.status_code == 303, done.text
    page = (await client.get(f"/stock/batches/{made['lines'][0]['batch']['id']}", headers=HTML)).text
    assert "8 ampuller" in page or "8 amp" in page
