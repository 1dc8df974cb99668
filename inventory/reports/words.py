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
    # Pharmacy: expiry review, recall, disposal certificate
    "Expiry review": "Udløbsgennemgang",
    "Whole clinic": "Hele klinikken",
    "Within days": "Inden for dage",
    "Days to expiry": "Dage til udløb",
    "Status": "Status",
    "Value at risk": "Værdi i risiko",
    "Expired": "Udløbet",
    "Expiring": "Udløber snart",
    "Quarantined": "I karantæne",
    "Expires within {days} days": "Udløber inden for {days} dage",
    "Expires in {low} to {high} days": "Udløber om {low} til {high} dage",
    "Totals per site": "I alt pr. afdeling",
    "Bucket": "Interval",
    "Batches": "Batches",
    "Value at risk is the receipt cost of the units on hand, first in, first out: a batch received "
    "at several costs is valued at its latest receipts.": (
        "Værdi i risiko er kostprisen ved modtagelse af de enheder, der er på lager, først ind, først ud: "
        "en batch modtaget til flere priser værdisættes efter de seneste modtagelser."
    ),
    "Stock in quarantine is never issued.": "Varer i karantæne udleveres aldrig.",
    "{units} units were received without a cost and are not valued.": (
        "{units} enheder blev modtaget uden kostpris og er ikke værdisat."
    ),
    "Recall": "Tilbagekaldelse",
    "GTIN": "GTIN",
    "Recalled": "Tilbagekaldt",
    "By": "Af",
    "Held now": "På lager nu",
    "Issued since receipt": "Udleveret siden modtagelse",
    "Received": "Modtaget",
    "Quantity received": "Antal modtaget",
    "Quarantine": "Karantæne",
    "Quarantined by this recall": "Sat i karantæne ved denne tilbagekaldelse",
    "Already in quarantine": "Allerede i karantæne",
    "Issued per site and date": "Udleveret pr. afdeling og dato",
    "Disposal certificate": "Kassationsattest",
    "Disposal {number} at {site}": "Kassation {number} i {site}",
    "Disposed of": "Kasseret",
    "Disposed of by": "Kasseret af",
    "Method": "Metode",
    "Witness": "Vidne",
    "None": "Ingen",
    "Controlled": "Euforiserende",
    "Returned to a pharmacy for destruction": "Returneret til apotek til destruktion",
    "Clinical waste": "Klinisk risikoaffald",
    "Other": "Andet",
    "Part of this disposal was later undone by a reversal.": (
        "En del af denne kassation blev senere tilbageført."
    ),
    "Reason: {reason}": "Begrundelse: {reason}",
    "Note: {note}": "Note: {note}",
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
