"""A long report's JSON a page at a time, as a program follows it: `limit` lines from `cursor`, each in
its group, the next page's cursor in the answer, every line exactly once, totals of the whole report."""

from __future__ import annotations

import httpx

from tests.api.helpers import receive_at
from tests.conftest import Clinic, days


async def test_the_expiry_review_pages_by_cursor_through_every_line_once(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    for n in range(7):
        await receive_at(client, admin, clinic, batch=f"P{n}", expiry=days(10 + n), quantity=n + 1)
    base = {"site": clinic.sites["KBH"], "format": "json"}
    whole = (await client.get("/api/v1/reports/expiry", params=base, headers=admin)).json()
    every = [
        r["batch"]
        for s in [whole["sections"][0]]
        for r in s["rows"] + [x for g in s["groups"] for x in g["rows"]]
    ]
    assert len(every) == 7 and "page" not in whole
    seen: list[str] = []
    cursor: str | None = ""
    pages = 0
    while cursor is not None:
        params = {**base, "limit": 3, **({"cursor": cursor} if cursor else {})}
        r = await client.get("/api/v1/reports/expiry", params=params, headers=admin)
        assert r.status_code == 200, r.text
        body = r.json()
        main = body["sections"][0]
        lines = main["rows"] + [x for g in main["groups"] for x in g["rows"]]
        assert len(lines) <= 3 and body["page"]["lines"] == 7
        assert main["totals"] == whole["sections"][0]["totals"]  # the whole report's totals on every page
        seen += [line["batch"] for line in lines]
        cursor = body["page"]["next_cursor"]
        assert r.headers.get("x-next-cursor", "") == (cursor or "")
        pages += 1
    assert pages == 3 and seen == every
    bad = await client.get("/api/v1/reports/expiry", params={**base, "limit": 0}, headers=admin)
    assert bad.status_code == 422 and bad.json()["field"] == "limit"
