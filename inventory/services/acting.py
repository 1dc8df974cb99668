"""What every service that writes starts from: one actor, one moment's clock, one unit of work."""

from __future__ import annotations

from inventory.clock import Clock
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor


class Acting:
    """A service acting for `actor`, at the time `clock` tells, inside `uow` (its `session`)."""

    def __init__(self, uow: UnitOfWork, actor: Actor, clock: Clock):
        self.uow = uow
        self.session = uow.session
        self.actor = actor
        self.clock = clock
