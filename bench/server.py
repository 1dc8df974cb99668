"""The service as a subprocess for the HTTP benchmark, and the app factory it runs.

`create_bench_app` is `inventory serve`'s app plus `GET /bench/ping`: a handler that touches neither the
database nor authentication, so the framework's own ceiling can be measured on the same server. The
service itself has no such endpoint yet (`/health` runs `SELECT 1`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from litestar import Litestar, get

REPO_ROOT = Path(__file__).resolve().parent.parent
PING_PATH = "/bench/ping"
DEFAULT_FACTORY = "bench.server:create_bench_app"


@get(PING_PATH, exclude_from_auth=True, include_in_schema=False)
async def ping() -> dict[str, str]:
    return {"status": "ok"}


def create_bench_app() -> Litestar:
    """uvicorn --factory entry point: settings from the environment, exactly as `inventory serve`."""
    from inventory.app import create_app
    from inventory.settings import Settings

    return create_app(Settings.from_env(), extra_handlers=[ping])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RssSampler(threading.Thread):
    """Peak resident memory of a process: VmHWM (kernel's high-water mark) and sampled VmRSS."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.max_rss_kb = 0
        self.hwm_kb = 0
        self._stop = threading.Event()

    def read(self) -> dict[str, int]:
        values: dict[str, int] = {}
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for line in status:
                    if line.startswith(("VmRSS:", "VmHWM:")):
                        name, amount = line.split(":", 1)
                        values[name] = int(amount.split()[0])
        except FileNotFoundError:
            pass
        return values

    def sample(self) -> None:
        values = self.read()
        self.max_rss_kb = max(self.max_rss_kb, values.get("VmRSS", 0))
        self.hwm_kb = max(self.hwm_kb, values.get("VmHWM", 0))

    def run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop.set()
        self.sample()


class Server:
    """`python -m uvicorn bench.server:create_bench_app --factory` on 127.0.0.1, one worker process."""

    def __init__(self, database_url: str, secret_key: str, app_factory: str = DEFAULT_FACTORY):
        self.database_url, self.secret_key, self.app_factory = database_url, secret_key, app_factory
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="bench-server-"))  # settings' data dir and the log
        self.log_path = self.data_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.rss: RssSampler | None = None
        self.startup_rss_kb = 0

    def __enter__(self) -> Server:
        env = {
            **os.environ,
            "INVENTORY_DATABASE_URL": self.database_url,
            "INVENTORY_SECRET_KEY": self.secret_key,
            "INVENTORY_DATA_DIR": str(self.data_dir),
        }
        # `inventory serve` minus migrations (the data set is migrated) plus the ping route; access log
        # off as for any benchmark (it is one write per request to the console).
        options = f"--host 127.0.0.1 --port {self.port} --log-level warning --no-access-log".split()
        command = [sys.executable, "-m", "uvicorn", self.app_factory, "--factory", *options]
        with open(self.log_path, "wb") as log:  # the child keeps its own handle
            self.process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_healthy()
        except BaseException:
            self._stop_process()
            raise
        self.rss = RssSampler(self.process.pid)
        self.startup_rss_kb = self.rss.read().get("VmRSS", 0)
        self.rss.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.rss is not None:
            self.rss.stop()
        self._stop_process()
        if exc_type is not None:
            print(f"server log (tail):\n{self.log_text()}", file=sys.stderr)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def _wait_healthy(self, timeout: float = 60.0) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; log: {self.log_text()}")
            try:
                with urllib.request.urlopen(self.base_url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not healthy after {timeout:.0f}s; log: {self.log_text()}")

    def _stop_process(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (from /proc/<pid>/stat)."""
        assert self.process is not None
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_text(self, limit: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def login(self, username: str, password: str) -> str:
        """A bearer token the way a client gets one: POST /api/v1/auth/token."""
        body = json.dumps({"username": username, "password": password}).encode()
        request = urllib.request.Request(
            self.base_url + "/api/v1/auth/token",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return str(json.load(response)["access_token"])
