"""A batch's history words what the server wrote: an undo names the kind it undoes and its note in the
page's language ("Fortryder: Modtagelse · Fortrudt på scansiden"), never `receipt · undone on the scan
page`; a disposal's reference is "Kassation 2", not `disposal 2`."""

from __future__ import annotations

import re

import httpx

from inventory.i18n import gettext
from inventory.web.server_words import server_text
from tests.conftest import Clinic
from tests.web.test_scan_page import pack
from tests.web.webhelpers import log_in, open_page, post_json

HTML = {"Accept": "text/html"}


def history_text(html: str) -> str:
    table = html[html.index("<tbody", html.index('id="history"') if 'id="history"' in html else 0) :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))


async def test_an_undone_receipt_reads_in_danish_in_the_batch_history(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    csrf, page = await open_page(client, "volunteer")
    received = await post_json(
        client, "/scan/api/receive", {"site": page["site"], "code": pack(clinic, "H1")}, csrf
    )
    assert received.status_code == 201, received.text
    batch = received.json()["operation"]["lines"][0]["batch"]["id"]
    undone = await post_json(
        client, "/scan/api/undo", {"operation": received.json()["operation"]["id"]}, csrf
    )
    assert undone.status_code == 201, undone.text
    await log_in(client, "pharmacist", next="/stock")
    shown = history_text((await client.get(f"/stock/batches/{batch}", headers=HTML)).text)
    undoes = gettext("da", "words.history.undoes", kind=gettext("da", "app.kind_receipt"))
    assert f"{undoes} · Fortrudt på scansiden" in shown, shown
    assert "undone on the scan page" not in shown and "receipt" not in shown


def test_server_written_texts_are_worded_and_peoples_notes_kept() -> None:
    assert server_text("disposal 12", "da") == "Kassation 12"
    assert server_text("disposal 12", "en") == "Disposal 12"
    assert server_text("undone on the scan page", "da") == "Fortrudt på scansiden"
    assert server_text("Knust i transport", "da") == "Knust i transport"
    assert server_text(None, "da") == ""
