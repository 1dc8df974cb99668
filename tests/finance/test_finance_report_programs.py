"""The finance reports read by a program: CSV with header=keys on every report, stable codes beside the
words (category, status, therapeutic area) and the item and batch ids and GTIN where a line is about a
batch."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from inventory.db.engine import Database
from tests.conftest import Clinic
from tests.finance.scenario import Scenario, build_scenario

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
async def scenario(database: Database, clinic: Clinic) -> Scenario:
    return await build_scenario(database, clinic)


async def keyed(client: httpx.AsyncClient, auth, path: str, **params: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    r = await client.get(path, params={**params, "format": "csv", "header": "keys"}, headers=auth("finance"))
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))


async def test_every_finance_csv_honours_header_keys_with_codes_and_ids(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    grants = await keyed(client, auth, "/api/v1/reports/grants")
    assert {row["status_code"] for row in grants} <= {"active", "closed", "draft", "ended"} and grants
    assert "status" in grants[0] and "spent_ore" in grants[0]
    valuation = await keyed(client, auth, "/api/v1/reports/valuation", date="2026-12-31")
    assert {"medicine", "medicine_expired"} & {row["category_code"] for row in valuation}
    impact = await keyed(client, auth, "/api/v1/reports/impact", **YEAR)
    assert impact and "group" in impact[0] and "quantity" in impact[0]
    in_kind = await keyed(client, auth, "/api/v1/reports/in-kind", **YEAR)
    assert in_kind and all(row["item_id"].isdigit() and row["batch_id"].isdigit() for row in in_kind)
    assert all(row["gtin"] for row in in_kind)  # the scenario's items have GTINs
    statement = await keyed(client, auth, f"/api/v1/reports/grants/{scenario.grant_a}", **YEAR)
    assert statement and "budget_line" in statement[0]
    postings = await keyed(client, auth, "/api/v1/reports/postings", **YEAR)
    taken = [row for row in postings if row["movement_id"]]
    assert taken and all(row["item_id"].isdigit() and row["batch_id"].isdigit() for row in taken)


async def test_finance_json_has_codes_beside_translated_words(
    client: httpx.AsyncClient, auth, scenario: Scenario
) -> None:
    r = await client.get("/api/v1/reports/grants", params={"lang": "en"}, headers=auth("finance"))
    rows = r.json()["sections"][0]["rows"]
    assert all(row["status"] and row["status_code"] and row["status"] != row["status_code"] for row in rows)
    r = await client.get("/api/v1/reports/impact", params={**YEAR, "lang": "da"}, headers=auth("finance"))
    per_area = r.json()["sections"][1]["rows"]
    assert per_area and all(row["area_code"] for row in per_area)
