"""Pack serials (EU FMD unique identifier: GTIN + serial, AI 21): what a repeat sighting means.

A pack is received once. A serial already received and not undone is refused: either the same pack was
scanned twice, or two packs carry one identifier and one of them is falsified. A pack is issued once too,
but an issue is never stopped at the patient's side: a serial issued twice, or issued without ever having
been received, is recorded and flagged for the pharmacist to look into, with the reason.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from .errors import Conflict


class SerialAlreadyReceived(Conflict, code="serial-already-received", title="Pack already received"): ...


def check_receipt(gtin: str, serial: str, received_at: datetime | None, received_site: str | None) -> None:
    """Refuse a receipt of a pack whose serial is in stock records already (`received_at` not None)."""
    if received_at is None:
        return
    raise SerialAlreadyReceived(
        f"the pack with GTIN {gtin} and serial {serial} was already received"
        f"{f' at {received_site}' if received_site else ''} on {received_at.date().isoformat()}: "
        "a double scan, or a falsified pack. Set the pack aside and show it to the pharmacist",
        field="code",
        extra={
            "gtin": gtin,
            "serial": serial,
            "received_on": received_at.date().isoformat(),
            "site_name": received_site,
        },
    )


class FlagReason(StrEnum):
    """Why an issue of a pack serial is shown to the pharmacist."""

    ISSUED_TWICE = "issued-twice"  # the serial was issued before (and not undone)
    NEVER_RECEIVED = "never-received"  # no receipt of the serial is on record (and not undone)


def issue_flag(earlier_issues: int, received: bool, *, whole_pack: bool) -> FlagReason | None:
    """Why this issue is flagged, or None. A whole pack issued again is flagged; units taken one by one
    from an opened pack repeat its serial, and that is no sign of anything. The first issue of a serial
    that was never received is flagged: a pack from outside the stock records, or a falsified one."""
    if earlier_issues > 0:
        return FlagReason.ISSUED_TWICE if whole_pack else None
    return None if received else FlagReason.NEVER_RECEIVED
