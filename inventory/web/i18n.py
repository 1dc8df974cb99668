"""Every word on the scan page, in Danish (the default) and English.

Keys starting with "problem." name the problem type of an API error (its `type` after /problems/): the
page shows that headline in the user's language, with the server's detail beneath it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

STRINGS: dict[str, tuple[str, str]] = {
    # key: (Danish, English)
    "title": ("Lager – scanning", "Stock – scanning"),
    "clinic": ("Røde Kors' sundhedsklinik", "Red Cross health clinic"),
    "switch_language": ("English", "Dansk"),
    "login_title": ("Log ind", "Log in"),
    "username": ("Brugernavn", "Username"),
    "password": ("Adgangskode", "Password"),
    "login_button": ("Log ind", "Log in"),
    "login_failed": ("Forkert brugernavn eller adgangskode.", "Wrong username or password."),
    "too_many": (
        "For mange forsøg. Vent et minut, og prøv igen.",
        "Too many attempts. Wait a minute and try again.",
    ),
    "logout": ("Log ud", "Log out"),
    "logged_in_as": ("Logget ind som {user}", "Logged in as {user}"),
    "choose_site": ("Vælg afdeling", "Choose site"),
    "change_site": ("Skift afdeling", "Change site"),
    "no_sites": (
        "Du er ikke tilknyttet nogen afdeling. Kontakt en administrator.",
        "You are not assigned to any site. Ask an administrator.",
    ),
    "site": ("Afdeling", "Site"),
    "modes": ("Hvad vil du?", "What are you doing?"),
    "mode_receive": ("Modtag", "Receive"),
    "mode_issue": ("Udlever", "Issue"),
    "mode_lookup": ("Slå op", "Look up"),
    "scan_label": ("Scan stregkode", "Scan barcode"),
    "scan_placeholder": ("Scan, eller skriv koden og tryk Enter", "Scan, or type the code and press Enter"),
    "qty_packs": ("Antal pakninger", "Number of packs"),
    "qty_units": ("Antal (enheder)", "Quantity (units)"),
    "shelf": ("Hylde", "Shelf"),
    "clear_shelf": ("Fjern hylde", "Clear shelf"),
    "read_only": ("Din rolle kan kun slå op.", "Your role can only look up."),
    "ready_receive": ("Klar: scan en pakning for at modtage den.", "Ready: scan a pack to receive it."),
    "ready_issue": ("Klar: scan det, du udleverer.", "Ready: scan what you issue."),
    "ready_lookup": (
        "Klar: scan for at se, hvad det er, og hvor meget der er.",
        "Ready: scan to see what it is.",
    ),
    "working": ("Registrerer …", "Recording …"),
    "received": ("Modtaget", "Received"),
    "issued": ("Udleveret", "Issued"),
    "fefo_warning": (
        "Udleveret – men tag først batch {batch} (udløber {expiry})",
        "Issued – but take batch {batch} first (expires {expiry})",
    ),
    "fefo_hint": (
        "Den scannede batch udløber senere. Brug den, der udløber først, næste gang.",
        "The scanned batch expires later. Use the one that expires first next time.",
    ),
    "found": ("Fundet", "Found"),
    "take_first": (
        "Tag først: batch {batch} (udløber {expiry})",
        "Take first: batch {batch} (expires {expiry})",
    ),
    "batch": ("Batch", "Batch"),
    "expiry": ("Udløb", "Expiry"),
    "no_expiry": ("ingen udløbsdato", "no expiry date"),
    "expired": ("UDLØBET", "EXPIRED"),
    "expiring": ("udløber snart", "expires soon"),
    "stock_here": ("På lager her: {total} {unit}", "In stock here: {total} {unit}"),
    "stock_batch": ("heraf denne batch: {total}", "of which this batch: {total}"),
    "held_at": ("Findes i: {sites}", "Held at: {sites}"),
    "print_label": ("Udskriv etiket", "Print label"),
    "undo": ("Fortryd", "Undo"),
    "undone": ("Fortrudt", "Undone"),
    "undone_detail": ("{item}: {quantity} {unit} er ført tilbage.", "{item}: {quantity} {unit} put back."),
    "recent_title": ("Dine seneste scanninger her", "Your latest scans here"),
    "recent_empty": ("Ingen scanninger endnu.", "No scans yet."),
    "kind_receipt": ("Modtaget", "Received"),
    "kind_issue": ("Udleveret", "Issued"),
    "was_undone": ("fortrudt", "undone"),
    "nothing_recorded": ("Intet er registreret.", "Nothing was recorded."),
    "shelf_set": (
        "Hylde valgt: {name}. Det, du modtager, lægges her.",
        "Shelf chosen: {name}. What you receive goes here.",
    ),
    "shelf_elsewhere": (
        "Hylden {name} hører til en anden afdeling.",
        "Shelf {name} belongs to another site.",
    ),
    "unknown_gtin": ("Stregkoden {gtin} kendes ikke.", "Barcode {gtin} is not known."),
    "ask_pharmacist": (
        "Bed en farmaceut om at knytte stregkoden til en vare.",
        "Ask a pharmacist to link the barcode to an item.",
    ),
    "link_title": ("Knyt til vare", "Link to item"),
    "link_search": ("Søg vare efter navn", "Search item by name"),
    "link_none": ("Ingen varer fundet.", "No items found."),
    "link_cancel": ("Annuller", "Cancel"),
    "linked": ("Stregkoden {gtin} er nu knyttet til {item}.", "Barcode {gtin} is now linked to {item}."),
    "network": (
        "Ingen forbindelse – scanningen er ikke bekræftet.",
        "No connection – the scan is not confirmed.",
    ),
    "network_hint": (
        "Tryk Prøv igen. Den tæller kun én gang, også hvis den allerede kom igennem.",
        "Press Try again. It counts only once, even if it already got through.",
    ),
    "retry": ("Prøv igen", "Try again"),
    "problem.unreadable-scan": ("Koden kan ikke læses", "The code cannot be read"),
    "problem.unknown-gtin": ("Ukendt stregkode", "Unknown barcode"),
    "problem.unknown-label": ("Ukendt etiket", "Unknown label"),
    "problem.unknown-batch": ("Ukendt batch", "Unknown batch"),
    "problem.not-a-pack": ("Ikke en pakning", "Not a pack"),
    "problem.wrong-site": ("Forkert afdeling", "Wrong site"),
    "problem.expired-stock": ("Udløbet – afvist", "Expired – refused"),
    "problem.quarantined-stock": ("I karantæne – afvist", "In quarantine – refused"),
    "problem.insufficient-stock": ("Ikke nok på lager", "Not enough in stock"),
    "problem.expiry-mismatch": ("Udløbsdatoen passer ikke", "The expiry date does not match"),
    "problem.already-exists": ("Findes allerede", "Already exists"),
    "problem.already-reversed": ("Allerede fortrudt", "Already undone"),
    "problem.forbidden": ("Ikke tilladt", "Not allowed"),
    "problem.invalid-input": ("Ugyldigt input", "Invalid input"),
    "problem.invalid-request": ("Ugyldigt input", "Invalid input"),
    "problem.unknown-reference": ("Findes ikke", "Does not exist"),
    "problem.conflict": ("Kan ikke registreres", "Cannot be recorded"),
    "problem.default": ("Ikke registreret", "Not recorded"),
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def texts(language: str) -> dict[str, str]:
    index = LANGUAGES.index(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    return {key: pair[index] for key, pair in STRINGS.items()}


def translator(language: str) -> Callable[..., str]:
    """t("stock_here", total=5, unit="pen") for templates; unknown keys show as themselves."""
    words = texts(language)

    def t(key: str, **values: object) -> str:
        return _PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), words.get(key, key))

    return t
