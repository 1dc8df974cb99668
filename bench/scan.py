"""Scan-out over HTTP: authenticated FEFO issues by item from 16 connections, against the same server's
/health and a no-op ping, with the server's CPU and memory, and the ledger checked afterwards.

wrk is a closed loop: at saturation each connection sends its next request as soon as the last one is
answered, so mean latency is connections / throughput (Little's law). A second, paced run gives each
client think time, which is how scanning desks behave, and shows latency below saturation.
"""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass, field
from typing import Any

from bench import db, wrk
from bench.dataset import DatasetInfo
from bench.server import DEFAULT_FACTORY, PING_PATH, Server
from bench.verify import aggregate_check

ISSUE_PATH = "/api/v1/issues"


@dataclass
class ScanSettings:
    seconds: float
    runs: int
    warmup: float
    connections: int = 16
    threads: int = 2
    pace_ms: int = 1000  # mean think time per client in the paced run
    app_factory: str = DEFAULT_FACTORY  # another factory to measure a candidate fix (investigations)


@dataclass
class ScanOutcome:
    runs: list[dict[str, wrk.WrkResult]] = field(default_factory=list)
    warmup: dict[str, wrk.WrkResult] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    sampled_rss_mb: float = 0.0
    startup_rss_mb: float = 0.0
    issues_committed: int = 0
    usable_hot_stock_min: int = 0
    ledger_after: dict[str, object] = field(default_factory=dict)

    def raw(self) -> dict[str, Any]:
        return {
            "runs": [{name: r.as_dict() for name, r in run.items()} for run in self.runs],
            "warmup": {name: r.as_dict() for name, r in self.warmup.items()},
            "peak_rss_mb": self.peak_rss_mb,
            "sampled_max_rss_mb": self.sampled_rss_mb,
            "startup_rss_mb": self.startup_rss_mb,
            "issues_committed": self.issues_committed,
            "usable_hot_stock_min": self.usable_hot_stock_min,
            "ledger_after": self.ledger_after,
        }


def usable_hot_stock(info: DatasetInfo) -> int:
    """The smallest in-date stock of any (site, hot item) the load draws from."""
    today = "CURRENT_DATE" if info.backend == "postgresql" else "date('now')"
    return int(
        db.scalar(
            info.url,
            f"""
        SELECT coalesce(min(total), 0) FROM (
          SELECT sum(sb.quantity) AS total FROM stock_balances sb JOIN batches b ON b.id = sb.batch_id
          WHERE sb.item_id <= {info.params.n_hot} AND sb.quantity > 0
            AND (b.expiry_date IS NULL OR b.expiry_date >= {today})
          GROUP BY sb.site_id, sb.item_id) AS t""",
        )
    )


def run_scan(info: DatasetInfo, settings: ScanSettings) -> ScanOutcome:
    outcome = ScanOutcome(usable_hot_stock_min=usable_hot_stock(info))
    if outcome.usable_hot_stock_min < 5_000:
        print(
            f"warning: only {outcome.usable_hot_stock_min} units of a hot item left at a site; "
            "use --regenerate if issues start failing with 409",
            file=sys.stderr,
        )
    first_new_op = int(db.scalar(info.url, "SELECT coalesce(max(id), 0) FROM operations")) + 1
    combos = [(site, item) for site in range(1, info.params.sites + 1) for item in info.hot_items]
    with Server(info.url, secrets.token_urlsafe(48), settings.app_factory) as server:
        token = server.login(info.username, info.password)
        scripts = {
            "scan": wrk.script(ISSUE_PATH, "POST", token, combos),
            "scan_paced": wrk.script(ISSUE_PATH, "POST", token, combos, pace_ms=settings.pace_ms),
            "health": wrk.script("/health"),
            "ping": wrk.script(PING_PATH),
        }

        def load(name: str, seconds: float) -> wrk.WrkResult:
            cpu_before = server.cpu_seconds()
            result = wrk.run(
                server.base_url,
                scripts[name],
                seconds=seconds,
                connections=settings.connections,
                threads=settings.threads,
            )
            cpu = server.cpu_seconds() - cpu_before
            result.cpu_ms_per_request = 1000 * cpu / result.requests if result.requests else None
            return result

        # Warm caches, connection pools and the database before anything counts.
        outcome.warmup = {name: load(name, settings.warmup) for name in scripts if name != "scan_paced"}
        for n in range(settings.runs):
            print(f"scan-out run {n + 1}/{settings.runs}", file=sys.stderr, flush=True)
            outcome.runs.append({name: load(name, settings.seconds) for name in scripts})
        assert server.rss is not None
        server.rss.stop()
        outcome.peak_rss_mb = server.rss.hwm_kb / 1024
        outcome.sampled_rss_mb = server.rss.max_rss_kb / 1024
        outcome.startup_rss_mb = server.startup_rss_kb / 1024
    outcome.issues_committed = int(
        db.scalar(info.url, f"SELECT count(*) FROM operations WHERE id >= {first_new_op} AND kind = 'issue'")
    )
    outcome.ledger_after = aggregate_check(info.url).as_dict()
    return outcome
