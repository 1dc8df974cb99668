"""Found by schemathesis: a report over thousands of years ran for minutes and ended in a 503."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_problem
from tests.conftest import Clinic


async def test_a_report_period_beyond_25_years_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    r = await client.get(
        "/api/v1/reports/impact", params={"from": "1000-01-01", "to": "9000-12-31"}, headers=auth("admin")
    )
    assert_problem(r, 422, field="to")
    r = await client.get(
        "/api/v1/reports/impact", params={"from": "2001-01-01", "to": "2025-12-31"}, headers=auth("admin")
    )
    assert r.status_code == 200, r.text


async def test_an_unknown_grant_or_donor_in_the_query_is_invalid_input(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    period = {"from": "2000-01-01", "to": "2000-01-01"}
    r = await client.get("/api/v1/reports/impact", params={**period, "grant": 0}, headers=auth("admin"))
    assert_problem(r, 422)
    r = await client.get("/api/v1/reports/in-kind", params={**period, "donor": 0}, headers=auth("admin"))
    assert_problem(r, 422)
