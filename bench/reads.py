"""Server-side times on the big data set: the app in-process (httpx ASGITransport, no network, no
server process), one request at a time, median after warm-up.

Add a report here as it is built: one `ReadSpec` line (expiry, reorder, grant statement ...).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import httpx
from sqlalchemy import func, select

from bench import counts, pharmacy, transfers
from bench.catalogue import PHARMACIST_ID
from bench.dataset import DatasetInfo
from bench.finance_reads import finance_values
from bench.results import Figure, median
from inventory.app import create_app
from inventory.clock import CLINIC_TZ, Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Item, Movement
from inventory.db.uow import UnitOfWork
from inventory.domain import fefo
from inventory.settings import Settings

SECTION = "server-side (in-process)"


@dataclass(frozen=True)
class ReadSpec:
    name: str
    path: str  # may use {site}, {batch}, {item}, {fefo_item}
    target_ms: float | None
    min_rows: int = 1  # the answer must hold at least this many items, or the timing means nothing
    pharmacist: bool = False  # asked by the bench pharmacist (reports volunteers may not read)
    as_finance: bool = False  # read as the finance user (bench/finance_reads.py)


READS = (
    ReadSpec("stock on hand, site page (100 rows)", "/api/v1/stock?site={site}&limit=100", 100, 100),
    ReadSpec("stock on hand, site per-item totals", "/api/v1/stock/totals?site={site}&limit=5000", 100, 100),
    ReadSpec("movement history page, batch", "/api/v1/movements?batch={batch}&limit=50", 50, 50),
    ReadSpec("movement history page, item", "/api/v1/movements?item={item}&limit=50", 50, 50),
    ReadSpec("movement history page, site", "/api/v1/movements?site={site}&limit=50", 50, 50),
    ReadSpec("batches of the FEFO item (page)", "/api/v1/batches?item={fefo_item}&limit=100", None, 100),
    # The expiry review is the pharmacist's (the access policy: volunteers see no value at risk).
    ReadSpec(
        "expiry review, site (90 days)",
        "/api/v1/reports/expiry?site={site}",
        pharmacy.REPORT_TARGET_MS,
        pharmacist=True,
    ),
    ReadSpec(
        "expiry review, whole clinic", "/api/v1/reports/expiry", pharmacy.REPORT_TARGET_MS, pharmacist=True
    ),
    ReadSpec(
        "controlled-drug register, one item and site, a year",
        "/api/v1/reports/controlled-register?site={site}&item={controlled_item}&from={year_from}&to={year_to}",
        300,
        10,
        pharmacist=True,
    ),
    ReadSpec(
        "  the same register as PDF",
        "/api/v1/reports/controlled-register?site={site}&item={controlled_item}&from={year_from}&to={year_to}"
        "&format=pdf",
        None,
        1,
        pharmacist=True,
    ),
    ReadSpec(
        "grant statement, busiest grant, a year",
        "/api/v1/reports/grants/{grant}?from={grant_year_from}&to={grant_year_to}",
        1000,
        5,
        as_finance=True,
    ),
    ReadSpec(
        "stock valuation at a year's end",
        "/api/v1/reports/valuation?date={grant_year_to}",
        1000,
        2,
        as_finance=True,
    ),
)
FEFO_TARGET_MS = 5.0


@dataclass
class Timing:
    samples_ms: list[float]
    rows: int

    def as_dict(self) -> dict[str, object]:
        return {
            "median_ms": median(self.samples_ms),
            "max_ms": max(self.samples_ms),
            "rows": self.rows,
            "samples_ms": [round(s, 3) for s in self.samples_ms],
        }


def run_reads(info: DatasetInfo, runs: int, warmup: int = 3) -> dict[str, Timing]:
    return asyncio.run(_run(info, runs, warmup))


async def _run(info: DatasetInfo, runs: int, warmup: int) -> dict[str, Timing]:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request otherwise
    database = Database(info.url)
    app = create_app(Settings(database_url=info.url, secret_key=secrets.token_urlsafe(48)), database=database)
    headers = {"Authorization": f"Bearer {app.state.jwt_auth.create_token(identifier=str(info.user_id))}"}
    pharmacist = {"Authorization": f"Bearer {app.state.jwt_auth.create_token(identifier=str(PHARMACIST_ID))}"}
    finance = await finance_values(database)
    as_finance = {
        "Authorization": f"Bearer {app.state.jwt_auth.create_token(identifier=str(finance['finance_user']))}"
    }
    values: dict[str, object] = {
        **finance,
        "site": info.site,
        "batch": info.history_batch,
        "item": info.history_item,
        "fefo_item": info.fefo_item,
        **await _controlled_year(database, info.site),
    }
    timings: dict[str, Timing] = {}
    # Litestar's ASGI types are stricter than httpx's; the app is a plain ASGI callable.
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", headers=headers) as client:
            for spec in READS:
                asker = pharmacist if spec.pharmacist else (as_finance if spec.as_finance else None)
                timing = await _time(partial(_get, client, spec.path.format(**values), asker), runs, warmup)
                if timing.rows < spec.min_rows:
                    raise AssertionError(f"{spec.name}: only {timing.rows} rows")
                timings[spec.name] = timing
            timings["FEFO pick"] = await _time(partial(_fefo_pick, database, info), runs, warmup)
            timings["FEFO issue, whole request"] = await _time(
                partial(_fefo_issue, client, info), runs, warmup
            )
            timings["recall"] = await _time(partial(pharmacy.recall, database, info), runs, warmup)
            timings["home"] = await _time(partial(pharmacy.home_day, database, info), runs, warmup)
            posting = partial(counts.post_count, database, info)
            timings["count posting"] = await _time(posting, min(runs, 5), 1)
            moving = partial(transfers.send_and_receive, database, info)
            timings["transfer"] = await _time(moving, min(runs, 5), 1)
    finally:
        await database.dispose()
    return timings


# A measured call returns (rows, ms it timed itself or None to be timed from outside).
Call = Callable[[], Awaitable[tuple[int, float | None]]]


async def _time(call: Call, runs: int, warmup: int) -> Timing:
    for _ in range(warmup):
        await call()
    samples, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows, own_ms = await call()
        samples.append(own_ms if own_ms is not None else (time.perf_counter() - started) * 1000)
    return Timing(samples, rows)


async def _get(
    client: httpx.AsyncClient, path: str, headers: dict[str, str] | None = None
) -> tuple[int, float | None]:
    # Timed to the last byte of the answer; the client's JSON parsing is not the server's time.
    started = time.perf_counter()
    response = await client.get(path, headers=headers)
    elapsed_ms = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return _rows(response), elapsed_ms


def _rows(response: httpx.Response) -> int:
    """Rows of a page (`items`) or of a report (every section's rows and group rows); 1 for a PDF."""
    if response.headers["content-type"] == "application/pdf":
        return 1 if response.content.startswith(b"%PDF") else 0
    body = response.json()
    if "items" in body:
        return len(body["items"])
    return sum(len(s["rows"]) + sum(len(g["rows"]) for g in s["groups"]) for s in body["sections"])


async def _controlled_year(database: Database, site: int) -> dict[str, object]:
    """The controlled item with the most movements at the site, over the year up to its last one."""
    async with UnitOfWork(database, readonly=True) as uow:
        row = (
            await uow.session.execute(
                select(Movement.item_id, func.max(Movement.created_at))
                .join(Item, Item.id == Movement.item_id)
                .where(Item.controlled.is_(True), Movement.site_id == site)
                .group_by(Movement.item_id)
                .order_by(func.count().desc(), Movement.item_id)
                .limit(1)
            )
        ).first()
    if row is None:
        raise AssertionError("the data set has no controlled item moved at the site")
    last = row[1].astimezone(CLINIC_TZ).date()
    return {"controlled_item": row[0], "year_from": last - timedelta(days=364), "year_to": last}


async def _fefo_pick(database: Database, info: DatasetInfo) -> tuple[int, float | None]:
    """What an issue does before it writes: read the site and item, lock and read the item's batches at
    the site, allocate FEFO. Runs in a write transaction (as the issue does) that is rolled back.
    """
    async with UnitOfWork(database) as uow:
        started = time.perf_counter()
        _site, _item, in_stock = await repo.site_item_and_stock(uow.session, info.site, info.fefo_item)
        picks = fefo.allocate(1, in_stock, Clock().today())
        elapsed = time.perf_counter() - started
    assert picks
    return len(in_stock), elapsed * 1000


async def _fefo_issue(client: httpx.AsyncClient, info: DatasetInfo) -> tuple[int, float | None]:
    response = await client.post(
        "/api/v1/issues", json={"site": info.site, "item": info.fefo_item, "quantity": 1, "reason": "patient"}
    )
    if response.status_code != 201:
        raise AssertionError(f"FEFO issue failed: {response.status_code} {response.text}")
    return 1, None


def read_figures(timings: dict[str, Timing]) -> list[Figure]:
    figures = []
    for spec in READS:
        t = timings[spec.name]
        figures.append(
            Figure(
                SECTION,
                spec.name,
                median(t.samples_ms),
                "ms",
                spec.target_ms,
                "<" if spec.target_ms else None,
                f"{t.rows} rows",
            )
        )
    pick = timings["FEFO pick"]
    figures.append(
        Figure(
            SECTION,
            "FEFO pick (item with many batches)",
            median(pick.samples_ms),
            "ms",
            FEFO_TARGET_MS,
            "<",
            f"{pick.rows} batches in stock; site, item, lock, read, allocate",
        )
    )
    issue = timings["FEFO issue, whole request"]
    figures.append(
        Figure(
            SECTION,
            "  FEFO issue of that item, whole request",
            median(issue.samples_ms),
            "ms",
            note="incl. auth, write, commit, JSON",
        )
    )
    recall = timings["recall"]
    figures.append(
        Figure(
            SECTION,
            "recall (4 batches, every site)",
            median(recall.samples_ms),
            "ms",
            pharmacy.RECALL_TARGET_MS,
            "<",
            f"{recall.rows} batch-site lines; quarantine, received, issued per day (rolled back)",
        )
    )
    home = timings["home"]
    figures.append(
        Figure(
            SECTION,
            "pharmacist's home, today's work (whole clinic)",
            median(home.samples_ms),
            "ms",
            pharmacy.HOME_TARGET_MS,
            "<",
            f"{home.rows} things to do counted in 7 queries",
        )
    )
    posting = timings["count posting"]
    figures.append(
        Figure(
            SECTION,
            "posting a 2,000-line count",
            median(posting.samples_ms),
            "ms",
            counts.COUNT_TARGET_MS,
            "<",
            f"{posting.rows} lines, each an adjustment with its balance and cost layers (rolled back)",
        )
    )
    moved = timings["transfer"]
    figures.append(
        Figure(
            SECTION,
            "a 200-line transfer, sent and received",
            median(moved.samples_ms),
            "ms",
            transfers.TRANSFER_TARGET_MS,
            "<",
            f"{moved.rows} lines out of one site and into another with their cost layers (rolled back)",
        )
    )
    return figures
