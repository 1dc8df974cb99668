"""Schemathesis over the service's own OpenAPI, as a user of each role, against a real server.

The operations come from the running service's /schema/openapi.json, so endpoints added later are
fuzzed without a word here. Each role's run uses schemathesis's checks for server errors, status codes
and content types the schema does not document, and bodies that do not match their schema; any
failure fails the test. The admin goes last: its calls may change or deactivate the other users.
Bounded: `CONTRACT_MAX_EXAMPLES` cases per operation and phase (default 10), on one worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from inventory.db.engine import Database
from tests.conftest import PASSWORD, Clinic
from tests.contract.live import LiveServer

ROLES = ["volunteer", "pharmacist", "finance", "admin"]
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "10"))


def phases(role: str) -> str:
    """The admin may call every operation, so its run adds the coverage phase (boundary and wrong-type
    values for every parameter and field, ~2,000 requests); for the other roles most of those would
    stop at the guard, so they get the fuzzing phase alone."""
    return "coverage,fuzzing" if role == "admin" else "fuzzing"


def schemathesis(server: LiveServer, role: str, token: str, report: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{server.url}/schema/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--phases",
        phases(role),
        "--workers",
        "1",  # two threads can break CPython 3.11's ast.parse inside hypothesis (a runtime error)
        "--seed",
        "20261130",
        "--no-shrink",
        "--request-timeout",
        "60",  # a slower answer is a finding (a report over 8,000 years took 100 s)
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--output-truncate",
        "true",
    ]
    # In the report's directory: schemathesis keeps a cache of crashes where it runs.
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=report.parent
    )


def count_requests(report: Path) -> int:
    """Requests schemathesis sent, from its event log (each scenario records its interactions)."""
    count = 0
    for line in report.read_text().splitlines():
        event = json.loads(line)
        if "ScenarioFinished" in event:
            count += len(event["ScenarioFinished"].get("recorder", {}).get("interactions", {}))
    return count


async def test_no_role_gets_an_undocumented_answer_or_a_server_error(
    database: Database, clinic: Clinic, tmp_path: Path
) -> None:
    server = LiveServer(database.url, tmp_path)
    server.start()
    try:
        tokens = {role: server.token(role, PASSWORD) for role in ROLES}
        failures = []
        for role in ROLES:
            report = tmp_path / f"{role}.ndjson"
            started = time.monotonic()
            run = schemathesis(server, role, tokens[role], report)
            seconds = time.monotonic() - started
            requests = count_requests(report) if report.exists() else 0
            print(f"schemathesis as {role}: {requests} requests, {seconds:.1f} s, exit {run.returncode}")
            if run.returncode != 0:
                failures.append(f"--- as {role}:\n{run.stdout[-12000:]}\n{run.stderr[-2000:]}")
        assert not failures, "\n".join(failures)
        # Through the real HTTP server: a long URL gets our 414 problem (past ~64 KiB uvicorn answers).
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            long_url = await http.get("/api/v1/items", params={"q": "x" * 20_000})
        assert long_url.status_code == 414
        assert long_url.headers["content-type"].startswith("application/problem+json")
        assert "Traceback" not in server.log(), server.log()[-5000:]
    finally:
        server.stop()
