"""The floors hold: `lint-imports` keeps the import-linter contracts of pyproject.toml ([tool.importlinter]):
the domain and labels import nothing of ours, the faces sit above services above db above domain, and no
module of services or db imports its way back round to itself (docs/architecture.md, "Floors")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run(
        [str(lint_imports), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
