"""Bad input the API once answered with a 500 (or a 200, or a 400 naming no field): each is now a 4xx
problem naming the field, and nothing is written."""

from __future__ import annotations

import httpx
import pytest

from tests.api.test_fridge_log import LOG, fridges, location, written  # noqa: F401 - fixture
from tests.conftest import Clinic

__all__ = ["fridges"]


async def test_a_reading_at_a_time_before_the_year_1_in_utc_is_refused_naming_read_at(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], database
) -> None:
    body = {"location": fridges["kbh"], "current": 4.5, "read_at": "0001-01-01T00:00:00+00:01"}
    r = await client.post(f"{LOG}/readings", json=body, headers=auth("volunteer"))
    assert 400 <= r.status_code < 500 and r.json()["field"] == "read_at", r.text
    assert await written(database) == (0, 0, 0)


async def test_expiry_buckets_in_unicode_digits_are_refused_naming_buckets(
    client: httpx.AsyncClient, auth, clinic: Clinic
) -> None:
    r = await client.get("/api/v1/reports/expiry", params={"buckets": "³"}, headers=auth("admin"))
    assert r.status_code == 422 and r.json()["field"] == "buckets", r.text


async def test_the_monthly_log_of_the_last_month_there_is_answers_not_500(
    client: httpx.AsyncClient, auth, fridges: dict[str, int]
) -> None:
    params = {"location": fridges["kbh"], "month": "9999-12", "format": "json"}
    r = await client.get(f"{LOG}/monthly", params=params, headers=auth("admin"))
    assert 400 <= r.status_code < 500 and r.json()["field"] == "month", r.text


@pytest.mark.parametrize("value", ["0.5", "12", "³"])
async def test_readings_from_a_number_is_refused_naming_from(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], value: str
) -> None:
    r = await client.get(f"{LOG}/readings", params={"from": value}, headers=auth("admin"))
    assert 400 <= r.status_code < 500 and r.json()["field"] == "from", r.text


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/reports/controlled-register", {"site": "1", "from": "0001-01-01"}, "from"),
        ("/api/v1/reports/controlled-register", {"site": "1", "to": "9999-12-31"}, "to"),
        ("/api/v1/reports/valuation", {"date": "9999-12-31"}, "date"),
        ("/api/v1/reports/valuation", {"date": "0001-01-01"}, "date"),
    ],
)
async def test_extreme_dates_on_reports_are_refused_naming_the_field(
    client: httpx.AsyncClient, auth, clinic: Clinic, path: str, params: dict[str, str], field: str
) -> None:
    r = await client.get(path, params=params, headers=auth("admin"))
    assert 400 <= r.status_code < 500 and r.json().get("field") == field, r.text


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
async def test_extreme_months_on_the_monthly_log_name_the_month(
    client: httpx.AsyncClient, auth, fridges: dict[str, int], month: str
) -> None:
    r = await client.get(
        f"{LOG}/monthly", params={"location": fridges["kbh"], "month": month}, headers=auth("admin")
    )
    assert 400 <= r.status_code < 500 and r.json().get("field") == "month", r.text


async def test_the_openapi_documents_the_conflict_of_a_release(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/schema/openapi.json")).json()
    answers = spec["paths"]["/api/v1/quarantines/release"]["post"]["responses"]
    assert "409" in answers


async def test_a_grant_spanning_ten_thousand_years_is_refused_like_a_report_period(
    client: httpx.AsyncClient, auth, clinic: Clinic, database
) -> None:
    r = await client.post(
        "/api/v1/donors", json={"name": "Fonden", "kind": "foundation"}, headers=auth("finance")
    )
    assert r.status_code == 201, r.text
    body = {
        "donor": r.json()["id"],
        "name": "Evig",
        "amount_ore": 100,
        "start_date": "0002-01-01",
        "end_date": "9998-12-31",
    }
    r = await client.post("/api/v1/grants", json=body, headers=auth("finance"))
    assert r.status_code == 422 and r.json()["field"] == "end_date", r.text
    r = await client.post(
        "/api/v1/grants",
        json={**body, "start_date": "2026-01-01", "end_date": "2051-02-01"},
        headers=auth("finance"),
    )
    assert r.status_code == 422 and r.json()["max_years"] == 25, r.text
    r = await client.post(
        "/api/v1/grants",
        json={**body, "start_date": "2026-01-01", "end_date": "2050-12-31"},
        headers=auth("finance"),
    )
    assert r.status_code == 201, r.text
    r = await client.patch(
        f"/api/v1/grants/{r.json()['id']}",
        json={"end_date": "9999-12-31", "reason": "x"},
        headers=auth("finance"),
    )
    assert r.status_code == 422 and r.json()["field"] == "end_date", r.text
