"""One hierarchy for every rule the domain refuses; the API maps each class to a problem type."""

from __future__ import annotations


class DomainError(Exception):
    """A refused request. `field` names the input at fault (dotted path) when there is one.

    A subclass names its problem in the class statement:
    `class AlreadyExists(Conflict, code="already-exists", title="Already exists")` (and `status=` where
    it differs from its base's); the API maps `code` to the problem type."""

    status = 400
    code = "bad-request"
    title = "Bad request"

    def __init_subclass__(
        cls, *, code: str | None = None, title: str | None = None, status: int | None = None
    ) -> None:
        super().__init_subclass__()
        if code is not None:
            cls.code = code
        if title is not None:
            cls.title = title
        if status is not None:
            cls.status = status

    def __init__(self, detail: str, *, field: str | None = None, extra: dict[str, object] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extra = extra or {}


class InvalidInput(DomainError, status=422, code="invalid-input", title="Invalid input"):
    """Input that is well-formed JSON but breaks a rule of its own (missing expiry, zero quantity)."""


class NotFound(DomainError, status=404, code="not-found", title="Not found"): ...


class UnknownReference(InvalidInput, code="unknown-reference", title="Unknown reference"):
    """The body names something that does not exist (an unknown item or site in a payload)."""


class Conflict(DomainError, status=409, code="conflict", title="Conflict"):
    """The request is valid but the current state refuses it."""


class InsufficientStock(Conflict, code="insufficient-stock", title="Insufficient stock"): ...


class ExpiredStock(Conflict, code="expired-stock", title="Expired stock"): ...


class QuarantinedStock(Conflict, code="quarantined-stock", title="Quarantined stock"): ...


class BatchBlocked(Conflict, code="batch-blocked", title="Batch recalled or blocked"):
    """A batch under an open standing block (a recall or a clinic-wide quarantine) may not be issued,
    labelled or moved; `extra` names the block, its kind and reason, and the recall."""


class AlreadyQuarantined(Conflict, code="already-quarantined", title="Already in quarantine"): ...


class NotQuarantined(Conflict, code="not-quarantined", title="Not in quarantine"): ...


class WitnessRefused(InvalidInput, code="witness-refused", title="Witness not confirmed"):
    """A disposal's witness is missing, the actor, not a pharmacist, or gave a wrong password."""


class ExpiryMismatch(
    Conflict, code="expiry-mismatch", title="Expiry date differs from the recorded batch"
): ...


class AlreadyExists(Conflict, code="already-exists", title="Already exists"): ...


class AlreadyReversed(Conflict, code="already-reversed", title="Already reversed"): ...


class IdempotencyKeyReused(
    DomainError,
    status=422,
    code="idempotency-key-reused",
    title="Idempotency key reused for a different request",
): ...


class NotAuthenticated(DomainError, status=401, code="not-authenticated", title="Not authenticated"): ...


class PermissionDenied(DomainError, status=403, code="forbidden", title="Forbidden"): ...


class ControlledNotPermitted(
    PermissionDenied, code="controlled-not-permitted", title="Not permitted to issue controlled drugs"
):
    """A controlled item issued by a user without the "controlled" permission (not a pharmacist or admin,
    and not granted it by an admin)."""


class ReadingInRange(Conflict, code="reading-in-range", title="The reading is within the allowed range"):
    """An action taken was added to a fridge reading that was within its allowed range."""


class TooManyAttempts(DomainError, status=429, code="too-many-attempts", title="Too many login attempts"):
    """Too many failed logins for a user name or from a client address; `extra["retry_after"]` seconds."""


class LastAdministrator(
    Conflict, code="last-administrator", title="The service must keep an active administrator"
):
    """The change would leave no active administrator, or an administrator would lock themself out."""
