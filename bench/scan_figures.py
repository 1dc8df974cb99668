"""The scan-out benchmark's figures and their targets."""

from __future__ import annotations

from bench.results import Figure, median
from bench.scan import ScanOutcome, ScanSettings
from bench.wrk import WrkResult

P99_TARGET_MS = 25.0
RATIO_TARGET = 40.0  # per cent of the trivial endpoint's throughput
RSS_TARGET_MB = 300.0


def scan_figures(outcome: ScanOutcome, settings: ScanSettings) -> list[Figure]:
    runs = outcome.runs
    scan, paced = [r["scan"] for r in runs], [r["scan_paced"] for r in runs]
    section = f"scan-out ({settings.connections} clients)"
    ratio_health = median([100 * r["scan"].rps / r["health"].rps for r in runs])
    ratio_ping = median([100 * r["scan"].rps / r["ping"].rps for r in runs])
    return [
        Figure(
            section, "POST /api/v1/issues, saturated", median([r.rps for r in scan]), "req/s", note=_cpu(scan)
        ),
        Figure(
            section,
            "  ratio to GET /health, same server",
            ratio_health,
            "%",
            RATIO_TARGET,
            ">=",
            "trivial endpoint = /health (SELECT 1)",
        ),
        Figure(section, "  ratio to GET /bench/ping (no DB)", ratio_ping, "%", note="framework ceiling"),
        *_latencies(section, scan, f"closed loop: mean = {settings.connections} / throughput"),
        Figure(
            section,
            f"POST /api/v1/issues, paced (think {settings.pace_ms} ms)",
            median([r.rps for r in paced]),
            "req/s",
            note=_cpu(paced),
        ),
        *_latencies(section, paced, "below saturation"),
        *_correctness(outcome, settings, [*scan, *paced]),
        _endpoint(section, "GET /health", [r["health"] for r in runs]),
        _endpoint(section, "GET /bench/ping", [r["ping"] for r in runs]),
        Figure(
            "memory",
            "server peak RSS (VmHWM)",
            outcome.peak_rss_mb,
            "MB",
            RSS_TARGET_MB,
            "<",
            f"{outcome.startup_rss_mb:.0f} MB after start-up",
        ),
    ]


def _latencies(section: str, results: list[WrkResult], p99_note: str) -> list[Figure]:
    """The median p50 and p99 latencies of the runs, p99 against its target."""
    p50, p99 = median([r.p50_ms for r in results]), median([r.p99_ms for r in results])
    return [
        Figure(section, "  latency p50", p50, "ms"),
        Figure(section, "  latency p99", p99, "ms", P99_TARGET_MS, "<", p99_note),
    ]


def _endpoint(section: str, name: str, results: list[WrkResult]) -> Figure:
    p99 = median([r.p99_ms for r in results])
    return Figure(
        section, name, median([r.rps for r in results]), "req/s", note=f"p99 {p99:.1f} ms; {_cpu(results)}"
    )


def _cpu(results: list[WrkResult]) -> str:
    values = [r.cpu_ms_per_request for r in results if r.cpu_ms_per_request is not None]
    return f"server CPU {median(values):.2f} ms/request" if values else ""


def _correctness(outcome: ScanOutcome, settings: ScanSettings, loads: list[WrkResult]) -> list[Figure]:
    section = f"scan-out ({settings.connections} clients)"
    answered_201 = sum(r.statuses.get("201", 0) for r in [outcome.warmup["scan"], *loads])
    # wrk stops without waiting for the requests still open on each connection.
    in_flight = settings.connections * (len(loads) + 1)
    extra = outcome.issues_committed - answered_201
    ledger_ok = bool(outcome.ledger_after.get("ok"))
    return [
        Figure(
            section,
            "  non-2xx answers and socket errors",
            sum(r.not_ok for r in loads),
            "",
            0,
            "==",
            _statuses(loads),
        ),
        Figure(
            section,
            "  issues committed minus 201 answers",
            extra,
            "",
            None,
            None,
            f"{outcome.issues_committed:,} committed; up to {in_flight} in flight at wrk's stop"
            + ("" if 0 <= extra <= in_flight else " -- UNEXPECTED"),
        ),
        Figure(
            section,
            "  ledger consistent after the load",
            1 if ledger_ok else 0,
            "",
            1,
            "==",
            "balances = sums of movements, none negative",
        ),
    ]


def _statuses(results: list[WrkResult]) -> str:
    totals: dict[str, int] = {}
    for r in results:
        for status, n in r.statuses.items():
            totals[status] = totals.get(status, 0) + n
        for kind, n in r.errors.items():
            if n and kind != "status":
                totals[kind] = totals.get(kind, 0) + n
    return ", ".join(f"{k}: {v:,}" for k, v in sorted(totals.items()))
