"""The security audit trail (migration 0010): failed witness confirmations and logins, and changes of
who may issue controlled drugs. On `db/base.Base`; gathered and re-exported by `inventory.db.tables`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
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


class AuditEvent(Base):
    """One change of the clinic's set-up on the audit trail (migration 0017): a user, site, location,
    item or setting created or changed: who (none: the command line), when, what, before and after, why.
    Written in the same transaction as the change. Append-only: the database refuses UPDATE and DELETE
    (triggers on both SQLite and PostgreSQL), so the application cannot edit it."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(String(20))  # user | site | location | item
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # create | update | password
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)
