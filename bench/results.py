"""Figures with their targets, the printed table, and the JSON record with the machine and versions."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).parent / "results"
PACKAGES = (
    "litestar",
    "sqlalchemy",
    "msgspec",
    "uvicorn",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "httpx",
    "argon2-cffi",
    "pyjwt",
    "reportlab",
    "python-barcode",
    "zxing-cpp",
    "uvloop",
    "httptools",
)


@dataclass
class Figure:
    section: str
    name: str
    value: float | None
    unit: str = ""
    target: float | None = None
    op: str | None = None  # "<", ">=" or "==": how value must compare with target
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        if self.target is None or self.op is None:
            return ""
        ok = {"<": self.value < self.target, ">=": self.value >= self.target, "==": self.value == self.target}
        return "PASS" if ok[self.op] else "MISS"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "%":
        return f"{value:.0f} %"
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    if unit in ("ms", "s"):
        return f"{value:.3g} {unit}" if value < 10 else f"{value:.1f} {unit}"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:,.0f}{(' ' + unit) if unit else ''}"


def table(figures: Sequence[Figure]) -> str:
    rows = [("", "measurement", "value", "target", "result", "")]
    for f in figures:
        target = f"{f.op} {_fmt(f.target, f.unit)}" if f.target is not None and f.op else ""
        rows.append((f.section, f.name, _fmt(f.value, f.unit), target, f.verdict, f.note))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            row[0].ljust(widths[0]),
            row[1].ljust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].ljust(widths[3]),
            row[4].ljust(widths[4]),
            row[5],
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def environment(database_version: str | None, wrk: str | None) -> dict[str, Any]:
    versions: dict[str, str | None] = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    if database_version:
        versions["postgresql"] = database_version
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    versions["wrk"] = wrk
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "platform": platform.platform(),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "versions": versions,
    }


def load_average() -> float | None:
    """1-minute load average: other work on the machine makes every figure here pessimistic."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_gb() -> float | None:
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        return round(kb / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], capture_output=True, text=True, check=True, cwd=Path(__file__).parent, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def write_json(record: dict[str, Any], backend: str, directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"{stamp}-{backend}.json"
    path.write_text(json.dumps(record, indent=2, default=str) + "\n")
    return path
