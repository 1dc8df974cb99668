"""The fridge log over the API: readings in seconds, flags out of range, actions, ranges, monthly log."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pypdf
import pytest

from inventory.clock import CLINIC_TZ
from inventory.db.engine import Database
from inventory.db.tables import TemperatureAction, TemperatureRange, TemperatureReading
from tests.api.helpers import assert_problem
from tests.conftest import Clinic
from tests.rows import row_counts

LOG = "/api/v1/fridge-log"


async def location(client: httpx.AsyncClient, auth, site: int, name: str, cold: bool = True) -> int:
    r = await client.post(
        f"/api/v1/sites/{site}/locations", json={"name": name, "cold": cold}, headers=auth("admin")
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


@pytest.fixture
async def fridges(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, int]:
    return {
        "kbh": await location(client, auth, clinic.sites["KBH"], "Køleskab"),
        "aar": await location(client, auth, clinic.sites["AAR"], "Køleskab"),
        "shelf": await location(client, auth, clinic.sites["KBH"], "Hylde A", cold=False),
    }


async def read(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> httpx.Response:
    return await client.post(f"{LOG}/readings", json=body, headers=headers)


async def written(database: Database) -> tuple[int, ...]:
    return await row_counts(database, TemperatureReading, TemperatureAction, TemperatureRange)


async def test_a_volunteer_records_a_reading_within_range(
    client: httpx.AsyncClient, auth, fridges: dict[str, int]
) -> None:
    r = await read(client, auth("volunteer"), location=fridges["kbh"], current=4.5, min=3.1, max=6)
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["current"], body["min"], body["max"]) == (4.5, 3.1, 6.0)
    assert (body["allowed_min"], body["allowed_max"], body["flagged"], body["deviation"]) == (
        2.0,
        8.0,
        False,
        None,
    )
    assert body["user"] == "volunteer" and body["location_name"] == "Køleskab" and body["actions"] == []
    fridge = (await client.get(f"{LOG}/fridges/{fridges['kbh']}", headers=auth("finance"))).json()
    assert fridge["last_reading"]["id"] == body["id"] and fridge["range"]["default"] is True


async def test_a_reading_out_of_range_is_flagged_and_gets_an_action_later(
    client: httpx.AsyncClient, auth, fridges: dict[str, int]
) -> None:
    r = await read(client, auth("volunteer"), location=fridges["kbh"], current=9.5, note="door open")
    assert r.json()["flagged"] is True and r.json()["deviation"] == "too_warm"
    reading = r.json()["id"]
    a = await client.post(
        f"{LOG}/readings/{reading}/actions",
        json={"action": "Insulin moved to Aarhus' fridge; door fixed"},
        headers=auth("pharmacist"),
    )
    assert a.status_code == 201, a.text
    got = (await client.get(f"{LOG}/readings/{reading}", headers=auth("finance"))).json()
    assert [(x["action"], x["user"]) for x in got["actions"]] == [
        ("Insulin moved to Aarhus' fridge; door fixed", "pharmacist")
    ]
    flagged = (await client.get(f"{LOG}/readings", params={"flagged": True}, headers=auth("finance"))).json()
    assert [x["id"] for x in flagged["items"]] == [reading]


async def test_an_action_on_a_reading_within_range_is_refused(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], database: Database
) -> None:
    r = await read(client, auth("volunteer"), location=fridges["kbh"], current=5)
    before = await written(database)
    a = await client.post(
        f"{LOG}/readings/{r.json()['id']}/actions", json={"action": "x"}, headers=auth("pharmacist")
    )
    assert_problem(a, 409, code="reading-in-range", field="reading_id")
    assert await written(database) == before
    missing = await client.post(
        f"{LOG}/readings/999/actions", json={"action": "x"}, headers=auth("pharmacist")
    )
    assert_problem(missing, 404)


async def test_volunteers_and_pharmacists_record_only_at_their_sites(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], database: Database
) -> None:
    refused = await read(client, auth("volunteer"), location=fridges["aar"], current=5)
    assert_problem(refused, 403, field="location")
    assert await written(database) == (0, 0, 0)
    assert (await read(client, auth("volunteer_aar"), location=fridges["aar"], current=5)).status_code == 201
    elsewhere = await read(client, auth("pharmacist"), location=fridges["aar"], current=5)
    assert_problem(elsewhere, 403, field="location")
    assert (await read(client, auth("pharmacist"), location=fridges["kbh"], current=5)).status_code == 201
    assert_problem(await read(client, auth("finance"), location=fridges["kbh"], current=5), 403)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"location": "shelf", "current": 5}, 422, "location"),  # not a cold location
        ({"location": 9999, "current": 5}, 422, "location"),
        ({"current": 4.55}, 422, "current"),
        ({"current": 4, "min": 5}, 422, "min"),
        ({"current": 4, "max": 3.5}, 422, "max"),
        ({"current": 80}, 400, "current"),
        ({"current": 4, "read_at": "2099-01-01T08:00:00+01:00"}, 422, "read_at"),
        ({"current": 4, "read_at": "2026-01-01T08:00:00"}, 422, "read_at"),
        ({"current": 4, "colour": "blue"}, 400, "colour"),
    ],
)
async def test_bad_readings_are_problems_naming_the_field_and_write_nothing(
    client: httpx.AsyncClient,
    auth,
    fridges: dict[str, int],
    database: Database,
    body: dict,
    status: int,
    field: str,
) -> None:
    where = body.get("location", "kbh")
    body = {**body, "location": fridges.get(where, where) if isinstance(where, str) else where}
    assert_problem(await read(client, auth("volunteer"), **body), status, field=field)
    assert await written(database) == (0, 0, 0)


async def test_a_pharmacist_sets_the_range_with_a_reason_and_old_readings_keep_theirs(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], database: Database
) -> None:
    kbh = fridges["kbh"]
    old = (await read(client, auth("volunteer"), location=kbh, current=12)).json()
    assert old["flagged"] is True
    url = f"{LOG}/fridges/{kbh}/ranges"
    assert_problem(
        await client.post(url, json={"min": 15, "max": 25, "reason": "x"}, headers=auth("volunteer")), 403
    )
    assert_problem(
        await client.post(url, json={"min": 15, "max": 25, "reason": " "}, headers=auth("admin")),
        422,
        field="reason",
    )
    assert_problem(
        await client.post(url, json={"min": 8, "max": 2, "reason": "x"}, headers=auth("admin")),
        422,
        field="min",
    )
    assert await written(database) == (1, 0, 0)
    r = await client.post(
        url, json={"min": 15, "max": 25, "reason": "Room-temperature cabinet"}, headers=auth("pharmacist")
    )
    assert r.status_code == 201, r.text
    assert (r.json()["range"]["min"], r.json()["range"]["max"], r.json()["range"]["user"]) == (
        15.0,
        25.0,
        "pharmacist",
    )
    assert r.json()["history"][0]["reason"] == "Room-temperature cabinet"
    new = (await read(client, auth("volunteer"), location=kbh, current=12)).json()
    assert new["flagged"] is True and new["deviation"] == "too_cold"
    again = (await client.get(f"{LOG}/readings/{old['id']}", headers=auth("finance"))).json()
    assert (again["allowed_min"], again["allowed_max"], again["deviation"]) == (2.0, 8.0, "too_warm")


async def test_a_reading_sent_twice_with_one_key_is_recorded_once(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], database: Database
) -> None:
    headers = {**auth("volunteer"), "Idempotency-Key": "fridge-1"}
    first = await read(client, headers, location=fridges["kbh"], current=5)
    second = await read(client, headers, location=fridges["kbh"], current=5)
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert await written(database) == (1, 0, 0)


async def test_the_monthly_log_as_pdf_and_csv(
    client: httpx.AsyncClient, auth, fridges: dict[str, int]
) -> None:
    kbh = fridges["kbh"]
    now = datetime.now(UTC).astimezone(CLINIC_TZ)
    first_of_month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    last_month = (first_of_month - timedelta(hours=1)).isoformat()
    in_month = (first_of_month + (now - first_of_month) / 2).isoformat()  # never in the future
    h = auth("volunteer")
    await read(client, h, location=kbh, current=3.3, read_at=last_month)
    await read(client, h, location=kbh, current=4.5, min=3, max=5.5, read_at=in_month)
    hot = (await read(client, h, location=kbh, current=9.2, read_at=in_month)).json()
    await client.post(
        f"{LOG}/readings/{hot['id']}/actions",
        json={"action": "Tekniker tilkaldt"},
        headers=auth("pharmacist"),
    )
    month = f"{now:%Y-%m}"
    pdf = await client.get(
        f"{LOG}/monthly", params={"location": kbh, "month": month, "format": "pdf"}, headers=auth("finance")
    )
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())  # cells wrap: compare words
    for words in (
        "Temperaturlog for køleskab",
        "Køleskab i København",
        "4,5",
        "5,5",
        "9,2",
        "for varmt",
        "Tekniker tilkaldt (pharmacist",
        "2,0–8,0 °C",
        "standard",
        "Underskrift",
    ):
        assert words in text, words
    assert "3,3" not in text  # last month's reading is in last month's log
    got = await client.get(
        f"{LOG}/monthly",
        params={"location": kbh, "month": month, "format": "csv", "header": "keys", "lang": "en"},
        headers=auth("finance"),
    )
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert [(r["current_c"], r["deviation"]) for r in rows] == [("4.5", ""), ("9.2", "too warm")]
    assert rows[1]["actions"].startswith("Tekniker tilkaldt (pharmacist, ")
    body = (
        await client.get(
            f"{LOG}/monthly", params={"location": kbh, "month": month}, headers=auth("volunteer")
        )
    ).json()
    params = {p["key"]: p["value"] for p in body["parameters"]}
    assert (params["readings"], params["flagged"]) == (2, 1)


@pytest.mark.parametrize(
    ("params", "field"), [({"month": "11-2026"}, "month"), ({"location": "shelf"}, "location")]
)
async def test_monthly_log_refuses_a_bad_month_or_a_place_that_is_not_cold(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], params: dict[str, str], field: str
) -> None:
    query = {"location": fridges["kbh"], **params}
    query["location"] = fridges.get(str(query["location"]), query["location"])
    assert_problem(
        await client.get(f"{LOG}/monthly", params=query, headers=auth("finance")), 422, field=field
    )


async def test_fridges_of_a_site_are_listed_with_their_last_reading(
    client: httpx.AsyncClient, clinic: Clinic, auth, fridges: dict[str, int]
) -> None:
    await read(client, auth("pharmacist"), location=fridges["kbh"], current=4)
    await read(client, auth("pharmacist"), location=fridges["kbh"], current=5)
    listed = (
        await client.get(f"{LOG}/fridges", params={"site": clinic.sites["KBH"]}, headers=auth("volunteer"))
    ).json()
    assert [(f["location"], f["last_reading"]["current"]) for f in listed] == [(fridges["kbh"], 5.0)]
