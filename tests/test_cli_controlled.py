"""`inventory user create ... --controlled`: the operator grants a volunteer the right to issue controlled
drugs when creating them, and the grant is on the security audit trail with its reason."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inventory.cli import main


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_user_create_with_controlled_grants_the_right_and_records_why(data_dir: Path) -> None:
    assert main(["user", "create", "nina", "--role", "volunteer", "--password", "long enough!"]) == 0
    args = ["user", "create", "sara", "--role", "volunteer", "--password", "long enough!", "--controlled"]
    assert main([*args, "--reason", "sygeplejerske i akutteamet"]) == 0
    db = data_dir / "inventory.db"
    assert rows(db, "SELECT username, may_issue_controlled FROM users ORDER BY username") == [
        ("nina", 0),
        ("sara", 1),
    ]
    assert rows(db, "SELECT kind, outcome, subject, actor_id, reason FROM security_events") == [
        ("controlled", "granted", "sara", None, "sygeplejerske i akutteamet")
    ]
