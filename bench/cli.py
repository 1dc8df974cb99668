"""`python -m bench`: make (or reuse) the data set, run the benchmarks, print a table, write JSON."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bench import db, wrk
from bench.dataset import DatasetInfo, DatasetRefused, default_url, ensure_dataset
from bench.params import FULL, QUICK, Params
from bench.results import Figure, environment, load_average, table, write_json
from bench.server import DEFAULT_FACTORY

PARTS = ("scan", "reads", "labels")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="small data, short runs (CI: well under a minute)")
    p.add_argument(
        "--database-url", help="sqlite:///file.db or postgresql://... (default: bench/data/<key>.db)"
    )
    for name in ("sites", "items", "batches", "movements"):
        p.add_argument(f"--{name}", type=int, help=f"number of {name} (default {getattr(FULL, name):,})")
    p.add_argument("--duration", type=float, help="seconds per wrk run (default 10, quick 3)")
    p.add_argument("--runs", type=int, help="repetitions; medians are reported (default 3, quick 1)")
    p.add_argument("--read-runs", type=int, help="timed requests per read measurement (default 20, quick 5)")
    p.add_argument("--connections", type=int, default=16, help="concurrent clients for wrk (default 16)")
    p.add_argument("--pace-ms", type=int, default=1000, help="mean think time per client, paced run")
    p.add_argument("--regenerate", action="store_true", help="make the data set again even if cached")
    p.add_argument("--only", default=",".join(PARTS), help=f"comma-separated subset of {','.join(PARTS)}")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    p.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    p.add_argument(
        "--app-factory",
        default=DEFAULT_FACTORY,
        help="module:callable returning the app for the HTTP benchmark (to try a fix)",
    )
    return p


def params_from(args: argparse.Namespace) -> Params:
    base = QUICK if args.quick else FULL
    sizes = {n: getattr(args, n) for n in ("sites", "items", "batches", "movements") if getattr(args, n)}
    return replace(base, **sizes)


def parts_from(args: argparse.Namespace) -> list[str]:
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(
            f"--only: unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}"
        )
    return parts


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    params, parts = params_from(args), parts_from(args)
    url = args.database_url or default_url(params)
    started = datetime.now(UTC)
    try:
        info = ensure_dataset(
            url, params, regenerate=args.regenerate, progress=args.progress, full_verify=args.quick
        )
    except (DatasetRefused, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    figures, raw = _dataset_figures(info), {}
    load = {"start": load_average()}
    for part in parts:
        part_figures, raw[part] = RUNNERS[part](info, args)
        figures.extend(part_figures)
        load[f"after_{part}"] = load_average()
    record = _record(args, info, figures, raw, started)
    record["load_average"] = load
    cpus = record["machine"]["cpu_count"]
    print(f"\nclinic inventory benchmark: {info.backend}, {_describe(info)}, {cpus} CPUs")
    print(table(figures))
    busiest = max((v for v in load.values() if v is not None), default=0.0)
    if busiest > 0.5:
        print(
            f"note: machine busy with other work (1-min load average up to {busiest:.1f}, {cpus} CPUs);"
            " times are pessimistic, CPU ms per request and ratios less so"
        )
    path = write_json(record, info.backend)
    print(f"\nresults: {path}")
    return 1 if args.strict and any(f.verdict == "MISS" for f in figures) else 0


def _run_scan(info: DatasetInfo, args: argparse.Namespace) -> tuple[list[Figure], Any]:
    from bench.scan import ScanSettings, run_scan
    from bench.scan_figures import scan_figures

    settings = ScanSettings(
        seconds=args.duration or (3 if args.quick else 10),
        runs=args.runs or (1 if args.quick else 3),
        warmup=1 if args.quick else 3,
        connections=args.connections,
        pace_ms=args.pace_ms,
        app_factory=args.app_factory,
    )
    outcome = run_scan(info, settings)
    return scan_figures(outcome, settings), {"settings": settings.__dict__, **outcome.raw()}


def _run_reads(info: DatasetInfo, args: argparse.Namespace) -> tuple[list[Figure], Any]:
    from bench.reads import read_figures, run_reads

    print("server-side reads", file=sys.stderr, flush=True)
    timings = run_reads(info, runs=args.read_runs or (5 if args.quick else 20))
    return read_figures(timings), {name: t.as_dict() for name, t in timings.items()}


def _run_labels(info: DatasetInfo, args: argparse.Namespace) -> tuple[list[Figure], Any]:
    from bench.labels_bench import run_labels

    print("labels", file=sys.stderr, flush=True)
    return run_labels(info, runs=args.runs or (1 if args.quick else 3))


RUNNERS = {"scan": _run_scan, "reads": _run_reads, "labels": _run_labels}


def _dataset_figures(info: DatasetInfo) -> list[Figure]:
    seconds = info.generation_seconds
    note = "reused cached data set" if info.reused else "generated now"
    figures = [Figure("data set", "generation time", seconds, "s", note=note)]
    if info.check is not None:
        figures.append(
            Figure(
                "data set",
                "ledger consistent after generation",
                1 if info.check.ok else 0,
                "",
                1,
                "==",
                "full check" if info.check.mismatches is not None else "aggregate check",
            )
        )
    return figures


def _describe(info: DatasetInfo) -> str:
    c = info.counts
    return (
        f"{c['sites']} sites, {c['items']:,} items, {c['batches']:,} batches, {c['movements']:,} movements"
        f" (site {info.site}: {c['holdings_in_stock_at_site']:,} batches in stock)"
    )


def _record(
    args: argparse.Namespace, info: DatasetInfo, figures: list[Figure], raw: dict[str, Any], started: datetime
) -> dict[str, Any]:
    return {
        "schema": 1,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "command": "python -m bench " + " ".join(sys.argv[1:]),
        "quick": args.quick,
        "backend": info.backend,
        "database_url": db.safe_url(info.url),
        "params": info.params.as_dict(),
        "dataset": {
            "key": info.params.key(),
            "reused": info.reused,
            "generated_at": info.generated_at,
            "generation_seconds": info.generation_seconds,
            "counts": info.counts,
            "hot_items": len(info.hot_items),
            "fefo_item": info.fefo_item,
            "history_batch": info.history_batch,
            "history_item": info.history_item,
            "check": info.check.as_dict() if info.check else None,
        },
        "machine": environment(db.server_version(info.url), wrk.wrk_version()),
        "figures": [f.as_dict() for f in figures],
        "raw": raw,
        "elapsed_seconds": round(time.time() - started.timestamp(), 1),
    }
