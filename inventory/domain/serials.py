"""Pack serials (EU FMD unique identifier: GTIN + serial, AI 21): what a repeat sighting means.

A pack is received once. A serial already received and not undone is refused: either the same pack was
scanned twice, or two packs carry one identifier and one of them is falsified. A pack is issued once too,
but an issue is never stopped at the patient's side: a serial issued twice is recorded and flagged for the
pharmacist to look into.
"""

from __future__ import annotations

from datetime import datetime

from .errors import Conflict


class SerialAlreadyReceived(Conflict):
    code = "serial-already-received"
    title = "Pack already received"


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


def issue_is_suspect(earlier_issues: int, *, whole_pack: bool) -> bool:
    """A whole pack issued again (its serial issued before and not undone) is flagged for the pharmacist.
    Units taken one by one from an opened pack repeat its serial, and that is no sign of anything."""
    return whole_pack and earlier_issues > 0
