"""Confirming a disposal's witness by their user name and password, within the login limits.

The witness's password is one more way to try a password, so it is limited exactly as a login is: the
same `login_attempts` rows per user name and per client address (the acting user's address), shared by
every process, so a blocked login blocks the witness and the other way round. Every failure is written
to the security audit trail in a transaction of its own, and every failure but two answers the SAME
problem: whether the name exists, belongs to someone who may witness or had the wrong password is not
told (a wrong name verifies a dummy hash, so it takes as long). The two that are told are about the
acting user themself: naming no witness, or naming oneself.

Called only once the disposal is otherwise valid (services/disposal.py raises WitnessPending then).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import User
from inventory.domain.access import Actor
from inventory.domain.disposal import WITNESS_ROLES
from inventory.domain.errors import TooManyAttempts, WitnessRefused
from inventory.domain.model import Role
from inventory.services import login_limits, security_events
from inventory.services.users import DUMMY_HASH, verify_password

NOT_CONFIRMED = "the witness could not be confirmed: check the witness's user name and password"


@dataclass(frozen=True)
class WitnessLogin:
    username: str
    password: str


@dataclass(frozen=True)
class WitnessGate:
    """Where the witness's password is tried: the database, the limit and the acting user's address."""

    database: Database
    clock: Clock
    actor: Actor
    address: str
    limit: int

    async def _failed(self, outcome: str, username: str) -> None:
        await security_events.record(
            self.database,
            self.clock,
            kind="witness",
            outcome=outcome,
            subject=username,
            actor_id=self.actor.user_id,
            address=self.address,
        )

    async def confirm(self, login: WitnessLogin) -> int:
        """The witness's user id; WitnessRefused (422) or TooManyAttempts (429), recorded, otherwise."""
        username = login.username.strip().lower()[:80]
        if username == self.actor.username.lower():
            await self._failed("self", username)
            raise WitnessRefused("you cannot witness your own disposal", field="witness")
        try:
            attempt = await login_limits.begin_attempt(
                self.database, self.clock, username, self.address, self.limit
            )
        except TooManyAttempts as exc:
            await self._failed("rate-limited", username)
            raise TooManyAttempts(exc.detail, field="witness", extra=exc.extra) from None
        async with self.database.read_sessions() as session:
            user = await session.scalar(select(User).where(User.username == username))
        right = await verify_password(user.password_hash if user else DUMMY_HASH, login.password)
        if user is None:
            outcome = "unknown-user"
        elif not right:
            outcome = "wrong-password"
        elif not user.active or Role(user.role) not in WITNESS_ROLES:
            outcome = "not-allowed"
        else:
            await login_limits.forget_attempt(self.database, attempt)
            return user.id
        await self._failed(outcome, username)  # the attempt stays counted, as a failed login's does
        raise WitnessRefused(NOT_CONFIRMED, field="witness")
