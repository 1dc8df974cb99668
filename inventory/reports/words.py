"""The reports' words in Danish; the message id is the English text (the gettext convention).

A report builder labels things with `msg("Expiry date")`; add the Danish here. When the web app's
gettext catalogues land, these entries move there and `translate` asks the one catalogue.
"""

from __future__ import annotations

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

DANISH: dict[str, str] = {
    # Every report
    "Total": "I alt",
    "Subtotal": "Subtotal",
    "Page {page} of {pages}": "Side {page} af {pages}",
    "Printed {at} by {user}": "Udskrevet {at} af {user}",
    "Printed {at}": "Udskrevet {at}",
    "Date": "Dato",
    "Name": "Navn",
    "Signature": "Underskrift",
    "Group": "Gruppe",
    "Site": "Afdeling",
    "Item": "Vare",
    "Batch": "Batch",
    "Batch {batch}": "Batch {batch}",
    "Expiry date": "Udløbsdato",
    "Quantity": "Antal",
    "Value": "Værdi",
    "Period": "Periode",
    "From": "Fra",
    "To": "Til",
    "User": "Bruger",
    "Reference": "Reference",
    "Note": "Note",
    "No rows.": "Ingen rækker.",
    # Operation kinds (the ledger's words)
    "receipt": "Modtagelse",
    "issue": "Udlevering",
    "adjustment": "Regulering",
    "reversal": "Tilbageførsel",
    "disposal": "Kassation",
    "transfer_out": "Overførsel ud",
    "transfer_in": "Overførsel ind",
    "transfer_loss": "Tab under overførsel",
    "count": "Optælling",
    # Controlled-drug register
    "Controlled-drug register": "Register over euforiserende stoffer",
    "{item} at {site}": "{item} i {site}",
    "Opening balance": "Primobeholdning",
    "Closing balance": "Ultimobeholdning",
    "Date and time": "Dato og tid",
    "Operation": "Handling",
    "In": "Tilgang",
    "Out": "Afgang",
    "Balance": "Beholdning",
    "Per batch": "Pr. batch",
    "Unit": "Enhed",
    "The register is built from the stock ledger, which is never edited or purged.": (
        "Registret dannes af lagerbogføringen, som aldrig ændres eller slettes."
    ),
    # Fridge log
    "Fridge log": "Temperaturlog for køleskab",
    "Location": "Placering",
    "Month": "Måned",
    "Current °C": "Aktuel °C",
    "Min °C": "Min. °C",
    "Max °C": "Maks. °C",
    "Allowed range": "Tilladt interval",
    "Outside range": "Uden for interval",
    "Action taken": "Handling foretaget",
    "Action by": "Handling af",
    "Read by": "Aflæst af",
    "yes": "ja",
    "no": "nej",
    "Readings": "Aflæsninger",
    "Readings outside the range": "Aflæsninger uden for intervallet",
}


def translate(language: str, message_id: str) -> str:
    """The text of a message id in a language; English is the id itself, unknown ids show as written."""
    if language == "da":
        return DANISH.get(message_id, message_id)
    return message_id


# The finance reports' words live in their own module (grant statement, valuation, impact, ...).
from inventory.reports.finance_words import FINANCE_DANISH  # noqa: E402

DANISH.update({k: v for k, v in FINANCE_DANISH.items() if k not in DANISH})
