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
    "count": "optælling",
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
    "No.": "Nr.",
    "Batch balance": "Batchbeholdning",
    "Reverses no. {number}": "Tilbagefører nr. {number}",
    "{reason}: {reference}": "{reason}: {reference}",
    "{text}; witness {witness}": "{text}; vidne {witness}",
    "pharmacy_return": "returneret til apotek",
    "clinical_waste": "klinisk risikoaffald",
    "{item} ({unit})": "{item} ({unit})",
    # Reasons (issues, adjustments)
    "patient": "patient",
    "treatment": "behandling",
    "lab": "laboratorium",
    "dental": "tandbehandling",
    "other": "andet",
    "found": "fundet",
    "damaged": "beskadiget",
    "correction": "rettelse",
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
    "{location} at {site}": "{location} i {site}",
    "{min}–{max} °C": "{min}–{max} °C",
    "{action} ({user}, {at})": "{action} ({user}, {at})",
    "{first}; {second}": "{first}; {second}",
    "Set by": "Fastsat af",
    "Reason": "Begrundelse",
    "default": "standard",
    "too_cold": "for koldt",
    "too_warm": "for varmt",
    "too_cold_and_warm": "for koldt og for varmt",
    "Readings outside the allowed range are marked, with the action taken, who and when.": (
        "Aflæsninger uden for det tilladte interval er markeret med den foretagne handling, hvem og hvornår."
    ),
}


# Codes used as message ids (operation kinds, reasons, methods) get English words of their own; any
# other id is its own English text.
ENGLISH: dict[str, str] = {
    "receipt": "Receipt",
    "issue": "Issue",
    "adjustment": "Adjustment",
    "reversal": "Reversal",
    "disposal": "Disposal",
    "transfer_out": "Transfer out",
    "transfer_in": "Transfer in",
    "transfer_loss": "Lost in transfer",
    "pharmacy_return": "returned to a pharmacy",
    "clinical_waste": "clinical waste",
    "too_cold": "too cold",
    "too_warm": "too warm",
    "too_cold_and_warm": "too cold and too warm",
}


def translate(language: str, message_id: str) -> str:
    """The text of a message id in a language; unknown ids show as written."""
    if language == "da":
        return DANISH.get(message_id, message_id)
    return ENGLISH.get(message_id, message_id)
