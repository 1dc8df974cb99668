"""The security audit trail (migration 0010): failed witness confirmations and logins, and changes of
who may issue controlled drugs. On `db/base.Base`; gathered and re-exported by `inventory.db.tables`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from inventory.db.base import Base, BigId, UTCDateTime


class SecurityEvent(Base):
    """One event on the audit trail. Append-only: written in its own committed transaction (so a refused,
    rolled-back request still leaves it) and never updated or deleted.

    kind: "witness" (a disposal's witness not confirmed), "login" (a failed login), "controlled" (the
    right to issue controlled drugs granted or revoked). outcome: what happened ("wrong-password",
    "unknown-user", "not-allowed", "self", "rate-limited", "granted", "revoked"). actor_id: who acted
    (the user disposing, the admin granting; none for a login). subject: the user name tried or changed.
    """

    __tablename__ = "security_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(String(80))
    address: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_security_events_kind_id", "kind", "id"),)
