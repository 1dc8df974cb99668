"""A scan never records the wrong batch (issue 15, part 3), over the API on SQLite and PostgreSQL.

A code that reads two ways is settled by the reading chosen (sent as its fields, checked against the code)
or by the batch typed from the pack; a typed batch or expiry that disagrees with the GS1 code is refused;
what scanners type around a code (CR/LF, TAB) is trimmed on every scan endpoint; a serial names one pack;
an issue of a serial never received is flagged for the pharmacist with the reason.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inventory.db.engine import Database
from inventory.scanning.check import TEST_ELEMENTS
from tests.api.helpers import assert_problem
from tests.conftest import Clinic
from tests.scanning.scanhelpers import GS, datamatrix, day, yymmdd
from tests.scanning.test_resolve_api import movements, scan
from tests.web.webhelpers import log_in, open_page, post_json


def lost_separator(clinic: Clinic, batch_and_serial: str = "L25J211") -> str:
    """Batch last, the separator before the serial lost: reads as batch L25J211, or batch L25J serial 1."""
    return f"]d201{clinic.gtins['insulin'].zfill(14)}17{yymmdd(day(300))}10{batch_and_serial}"


def reading(clinic: Clinic, batch: str, serial: str | None) -> dict[str, Any]:
    return {"gtin": clinic.gtins["insulin"].zfill(14), "batch_number": batch, "serial": serial,
            "expiry": day(300).isoformat()}  # fmt: skip


def batch_of(answer: httpx.Response) -> str:
    return str(answer.json()["operation"]["lines"][0]["batch"]["batch_number"])


# --- a code that reads two ways ---------------------------------------------------------------------------


async def test_the_reading_chosen_is_received_as_sent_and_the_code_then_reads_as_it(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    code = lost_separator(clinic)
    asked = await scan(client, auth("volunteer"), "receive", clinic, code)
    offered = assert_problem(asked, 422, code="ambiguous-scan", field="code")["readings"]
    assert {(r["batch_number"], r["serial"]) for r in offered} == {("L25J211", None), ("L25J", "1")}
    chosen = await scan(client, auth("volunteer"), "receive", clinic, code,
                        reading=reading(clinic, "L25J211", None))  # fmt: skip
    assert chosen.status_code == 201, chosen.text
    assert batch_of(chosen) == "L25J211" and chosen.json()["scan"]["code"]["serial"] is None
    # the right batch is on record now, so the same code reads as it without asking again
    again = await scan(client, auth("volunteer"), "receive", clinic, code)
    assert again.status_code == 201 and batch_of(again) == "L25J211"


async def test_a_reading_the_code_does_not_hold_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    code = lost_separator(clinic)
    other_expiry = {**reading(clinic, "L25J211", None), "expiry": day(30).isoformat()}
    for wrong in (reading(clinic, "L25", "J211"), other_expiry):
        r = await scan(client, auth("volunteer"), "receive", clinic, code, reading=wrong)
        body = assert_problem(r, 422, code="reading-not-in-code", field="reading")
        offered = {(x["batch_number"], x["serial"]) for x in body["readings"]}
        assert offered == {("L25J211", None), ("L25J", "1")}
    assert await movements(database) == 0


@pytest.mark.parametrize(("typed", "batch", "serial"), [("L25J211", "L25J211", None), ("L25J", "L25J", "1")])
async def test_the_batch_typed_from_the_pack_settles_a_code_that_reads_two_ways(
    client: httpx.AsyncClient, clinic: Clinic, auth, typed: str, batch: str, serial: str | None
) -> None:
    r = await scan(client, auth("volunteer"), "receive", clinic, lost_separator(clinic), batch_number=typed)
    assert r.status_code == 201, r.text
    assert batch_of(r) == batch and r.json()["scan"]["code"]["serial"] == serial
    code = lost_separator(clinic)
    looked_up = await scan(client, auth("volunteer"), "resolve", clinic, code, batch_number=typed)
    assert looked_up.status_code == 200 and looked_up.json()["batch"]["batch_number"] == batch


async def test_a_typed_batch_that_is_none_of_the_readings_is_refused_with_the_readings(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    for action in ("receive", "issue"):
        r = await scan(client, auth("volunteer"), action, clinic, lost_separator(clinic), batch_number="L25X")
        body = assert_problem(r, 422, code="typed-batch-differs", field="batch_number")
        assert body["typed_batch"] == "L25X" and len(body["readings"]) == 2
    assert await movements(database) == 0


# --- typed details that disagree with a GS1 code ----------------------------------------------------------


async def test_a_typed_batch_or_expiry_that_differs_from_the_gs1_code_is_refused_naming_the_field(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    code = datamatrix(clinic.gtins["insulin"], "GS1B", day(300))
    r = await scan(client, auth("volunteer"), "receive", clinic, code, batch_number="OTHER",
                   expiry_date=day(300).isoformat())  # fmt: skip
    body = assert_problem(r, 422, code="typed-batch-differs", field="batch_number")
    assert (body["typed_batch"], body["scanned_batch"]) == ("OTHER", "GS1B")
    r = await scan(client, auth("volunteer"), "receive", clinic, code, batch_number="GS1B",
                   expiry_date=day(200).isoformat())  # fmt: skip
    body = assert_problem(r, 422, code="typed-expiry-differs", field="expiry_date")
    assert (body["typed_expiry"], body["scanned_expiry"]) == (day(200).isoformat(), day(300).isoformat())
    assert await movements(database) == 0
    same = await scan(client, auth("volunteer"), "receive", clinic, code, batch_number="GS1B",
                      expiry_date=day(300).isoformat())  # fmt: skip
    assert same.status_code == 201 and batch_of(same) == "GS1B"


# --- what scanners type around a code ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["\r\n", "\r", "\n", "\t", " \r\n"])
async def test_a_scanners_trailing_cr_lf_or_tab_is_trimmed_on_every_scan_endpoint(
    client: httpx.AsyncClient, clinic: Clinic, auth, suffix: str
) -> None:
    code = datamatrix(clinic.gtins["insulin"], "CR1", day(300), "CRLF1")
    received = await scan(client, auth("volunteer"), "receive", clinic, code + suffix)
    assert received.status_code == 201, received.text
    assert received.json()["scan"]["code"]["serial"] == "CRLF1"
    looked_up = await scan(client, auth("volunteer"), "resolve", clinic, "\t" + code + suffix)
    assert looked_up.status_code == 200 and looked_up.json()["batch"]["batch_number"] == "CR1"
    issued = await scan(client, auth("volunteer"), "issue", clinic, clinic.gtins["insulin"] + suffix)
    assert issued.status_code == 201, issued.text


async def test_the_scanner_check_and_the_pages_scans_trim_cr_lf_and_refuse_a_control_character_inside(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    csrf, data = await open_page(client, "volunteer")
    typed = {"typed": "]d2" + TEST_ELEMENTS + "\r\n"}
    checked = await post_json(client, "/scan/api/scanner-check", typed, csrf)
    assert checked.status_code == 200 and checked.json()["recognised"] is True, checked.text
    body = {"site": data["site"], "code": datamatrix(clinic.gtins["insulin"], "CR2", day(300)) + "\r\n"}
    assert (await post_json(client, "/scan/api/receive", body, csrf, key="cr-lf-1")).status_code == 201
    inner = await post_json(client, "/scan/api/scanner-check", {"typed": "]d2\r" + TEST_ELEMENTS}, csrf)
    assert_problem(inner, 422, field="typed")


@pytest.mark.parametrize("inside", ["\r", "\n", "\t", "\x00", "\x1b"])
async def test_a_control_character_inside_a_code_is_refused_while_gs_is_kept(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database, inside: str
) -> None:
    gtin = clinic.gtins["insulin"].zfill(14)
    code = f"]d201{gtin}17{yymmdd(day(300))}{inside}10IN1{GS}21S1\r\n"
    for action in ("resolve", "receive", "issue"):
        r = await scan(client, auth("volunteer"), action, clinic, code)
        assert_problem(r, 422, field="code")
    assert await movements(database) == 0
    with_gs = await scan(client, auth("volunteer"), "receive", clinic, code.replace(inside, ""))
    assert with_gs.status_code == 201 and batch_of(with_gs) == "IN1"


# --- a serial names one pack ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "count", "field"),
    [("receive", {"packs": 2}, "packs"), ("receive", {"quantity": 6}, "quantity"),
     ("issue", {"packs": 2}, "packs"), ("issue", {"quantity": 10}, "quantity")],
)  # fmt: skip
async def test_a_serialised_pack_with_more_than_one_pack_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database, action: str, count: dict[str, int],
    field: str,
) -> None:  # fmt: skip
    stock = f"01{clinic.gtins['insulin'].zfill(14)}17{yymmdd(day(300))}10SP1"  # no serial: 4 packs are fine
    assert (await scan(client, auth("volunteer"), "receive", clinic, stock, packs=4)).status_code == 201
    code = datamatrix(clinic.gtins["insulin"], "SP1", day(300), "ONEPACK")
    r = await scan(client, auth("volunteer"), action, clinic, code, **count)
    body = assert_problem(r, 422, code="serial-names-one-pack", field=field)
    assert (body["serial"], body["pack_size"]) == ("ONEPACK", 5)
    assert await movements(database) == 1
    assert (await scan(client, auth("volunteer"), action, clinic, code, packs=1)).status_code == 201


# --- a serial issued that was never received ---------------------------------------------------------------


async def test_an_issue_of_a_serial_never_received_is_flagged_and_listed_with_the_reason(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    received = [datamatrix(clinic.gtins["insulin"], "NR1", day(300), f"RECEIVED{n}") for n in (1, 2, 3)]
    for code in received:  # every pack of the batch came in scanned, serial and all
        assert (await scan(client, auth("volunteer"), "receive", clinic, code)).status_code == 201
    stranger = datamatrix(clinic.gtins["insulin"], "NR1", day(300), "NEVERSEEN")
    issued = await scan(client, auth("volunteer"), "issue", clinic, stranger, packs=1)
    assert issued.status_code == 201 and issued.json()["serial_flagged"] is True, issued.text
    fine = await scan(client, auth("volunteer"), "issue", clinic, received[0], packs=1)
    assert fine.status_code == 201 and fine.json()["serial_flagged"] is False
    again = await scan(client, auth("volunteer"), "issue", clinic, received[0], packs=1)
    assert again.json()["serial_flagged"] is True
    flags = (await client.get("/api/v1/scans/serial-flags", headers=auth("pharmacist"))).json()
    assert [(f["serial"], f["reason"], f["batch_number"]) for f in flags] == [
        ("RECEIVED1", "issued-twice", "NR1"),
        ("NEVERSEEN", "never-received", "NR1"),
    ]


async def test_a_serial_of_a_batch_received_without_serials_is_not_called_never_received(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    with_serial = datamatrix(clinic.gtins["insulin"], "NR3", day(300), "KNOWN1")
    assert (await scan(client, auth("volunteer"), "receive", clinic, with_serial)).status_code == 201
    no_serial = f"01{clinic.gtins['insulin'].zfill(14)}17{yymmdd(day(300))}10NR3"  # no serial (AI 21)
    assert (await scan(client, auth("volunteer"), "receive", clinic, no_serial, packs=2)).status_code == 201
    unrecorded = datamatrix(clinic.gtins["insulin"], "NR3", day(300), "ONEOFTHETWO")
    issued = await scan(client, auth("volunteer"), "issue", clinic, unrecorded, packs=1)
    assert issued.status_code == 201 and issued.json()["serial_flagged"] is False, issued.text
    flags = (await client.get("/api/v1/scans/serial-flags", headers=auth("pharmacist"))).json()
    assert [f["serial"] for f in flags] == []


async def test_the_serials_page_says_a_flagged_serial_was_never_received(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    stock = datamatrix(clinic.gtins["insulin"], "NR2", day(300), "INSTOCK")
    assert (await scan(client, auth("volunteer"), "receive", clinic, stock)).status_code == 201
    stranger = datamatrix(clinic.gtins["insulin"], "NR2", day(300), "FROMOUTSIDE")
    issued = await scan(client, auth("volunteer"), "issue", clinic, stranger, packs=1)
    assert issued.json()["serial_flagged"] is True
    await log_in(client, "pharmacist", next="/serials")
    for language, words in (("da", "Aldrig modtaget"), ("en", "Never received")):
        client.cookies.set("inventory_lang", language)
        page = await client.get("/serials", headers={"Accept": "text/html"})
        assert page.status_code == 200, page.text
        row = page.text[page.text.index("FROMOUTSIDE") :]
        assert f'data-reason="never-received">{words}</td>' in row[: row.index("</tr>")]
