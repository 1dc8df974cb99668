"""A plain progress bar on stderr (no dependency): redrawn in place on a terminal, sparse lines in logs."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO


class Progress:
    def __init__(self, label: str, total: int, *, stream: TextIO | None = None, enabled: bool = True):
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.started = time.perf_counter()
        self._last_draw = 0.0
        self._last_tenth = -1

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.tty:
            now = time.perf_counter()
            if now - self._last_draw >= 0.1 or self.done >= self.total:
                self._last_draw = now
                self._draw(end="")
        else:
            # In CI logs a line per 10 % is enough; carriage returns would pile up.
            tenth = 10 * self.done // self.total
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                self._draw(end="\n")

    def _draw(self, end: str) -> None:
        fraction = min(self.done / self.total, 1.0)
        bar = "#" * int(30 * fraction)
        elapsed = time.perf_counter() - self.started
        prefix = "\r" if self.tty else ""
        counts = f"{self.done:>12,}/{self.total:,}"
        self.stream.write(
            f"{prefix}{self.label:<22} [{bar:<30}] {fraction:4.0%} {counts} {elapsed:6.1f}s{end}"
        )
        self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.enabled and self.tty:
            self._draw(end="\n")
