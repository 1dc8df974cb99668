# ruff: noqa: E501  (sentences of the word list stay on one line each, so they read and merge as a list)
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
    # scanning round 2
    "qty_issue": ("Antal (pakninger eller enheder, som varen udleveres)", "Quantity (packs or units, as dispensed)"),
    "qty_issue_packs": ("Antal pakninger ({item})", "Number of packs ({item})"),
    "qty_issue_units": ("Antal {unit} ({item})", "Number of {unit} ({item})"),
    "reason": ("Udleveres til", "Issued for"),
    "reason_patient": ("Patient", "Patient"),
    "reason_treatment": ("Behandling i klinikken", "Treatment in the clinic"),
    "reason_dental": ("Tandbehandling", "Dental treatment"),
    "reason_lab": ("Laboratorium", "Laboratory"),
    "reason_other": ("Andet", "Other"),
    "packs_and_units": ("{packs} {pack_word} = {units} {unit}", "{packs} {pack_word} = {units} {unit}"),
    "pack_word": ("pakning|pakninger", "pack|packs"),
    "unit.tablet": ("tablet|tabletter", "tablet|tablets"),
    "unit.capsule": ("kapsel|kapsler", "capsule|capsules"),
    "unit.bottle": ("flaske|flasker", "bottle|bottles"),
    "unit.tube": ("tube|tuber", "tube|tubes"),
    "unit.cartridge": ("cylinderampul|cylinderampuller", "cartridge|cartridges"),
    "unit.pen": ("pen|penne", "pen|pens"),
    "unit.inhalator": ("inhalator|inhalatorer", "inhaler|inhalers"),
    "unit.syringe": ("sprøjte|sprøjter", "syringe|syringes"),
    "unit.strip": ("strimmel|strimler", "strip|strips"),
    "unit.kit": ("sæt|sæt", "kit|kits"),
    "unit.jar": ("krukke|krukker", "jar|jars"),
    "unit.roll": ("rulle|ruller", "roll|rolls"),
    "unit.vial": ("hætteglas|hætteglas", "vial|vials"),
    "unit.ampoule": ("ampul|ampuller", "ampoule|ampoules"),
    "unit.pair": ("par|par", "pair|pairs"),
    "unit.stk": ("stk.|stk.", "piece|pieces"),
    "details_title": ("Koden mangler batch eller udløbsdato", "The code has no batch or expiry date"),
    "details_hint": ("Skriv dem af fra pakningen, og tryk Modtag.", "Copy them from the pack and press Receive."),
    "details_batch": ("Batchnummer", "Batch number"),
    "details_expiry": ("Udløbsdato (dd.mm.åååå eller mm/åå)", "Expiry date (dd.mm.yyyy or mm/yy)"),
    "details_send": ("Modtag", "Receive"),
    "details_cancel": ("Annuller", "Cancel"),
    "details_bad_expiry": (
        "Skriv udløbsdatoen som 31.12.2027 eller 12/27.",
        "Write the expiry date as 31.12.2027 or 12/27.",
    ),
    "details_no_batch": ("Skriv batchnummeret fra pakningen.", "Type the batch number from the pack."),
    "readings_title": ("Koden kan læses på to måder", "The code reads two ways"),
    "readings_hint": (
        "Skanneren har tabt et skilletegn. Vælg det, der står på pakningen.",
        "The scanner dropped a separator. Choose what is printed on the pack.",
    ),
    "reading_batch": ("batch {batch}", "batch {batch}"),
    "reading_serial": ("serienr. {serial}", "serial {serial}"),
    "reading_expiry": ("udløb {expiry}", "expiry {expiry}"),
    "reading_count": ("antal {count}", "count {count}"),
    "reading_no_batch": ("ingen batch", "no batch"),
    "undone_receipt": ("{item}: {quantity} {unit} er trukket fra lageret igen.", "{item}: {quantity} {unit} taken off the stock again."),
    "undone_issue": ("{item}: {quantity} {unit} er lagt tilbage på lageret.", "{item}: {quantity} {unit} put back in stock."),
    "confirm_undo_receipt": (
        "Fortryd modtagelsen af {quantity} {unit} {item} kl. {time}?",
        "Undo the receipt of {quantity} {unit} {item} at {time}?",
    ),
    "confirm_undo_issue": (
        "Fortryd udleveringen af {quantity} {unit} {item} kl. {time}?",
        "Undo the issue of {quantity} {unit} {item} at {time}?",
    ),
    "confirm_yes": ("Ja, fortryd", "Yes, undo"),
    "confirm_no": ("Nej", "No"),
    "serial_flagged": (
        "Denne pakning (serienr. {serial}) er udleveret før. Udleveringen er registreret, og farmaceuten får besked.",
        "This pack (serial {serial}) was issued before. The issue is recorded and the pharmacist is told.",
    ),
    "notice.separator-guessed": (
        "Skanneren sendte ikke skilletegn; koden er læst efter placering. Tjek batch og udløb.",
        "The scanner sent no separators; the code was read by position. Check batch and expiry.",
    ),
    "notice.layout-repaired": (
        "Skanneren skriver med forkert tastaturlayout; tegnene er rettet. Kør skannertjekket.",
        "The scanner types with the wrong keyboard layout; the characters were corrected. Run the scanner check.",
    ),
    "notice.expiry-differs": (
        "Pakningen siger udløb {scanned}, men batch {batch} er registreret med {recorded}.",
        "The pack says expiry {scanned}, but batch {batch} is recorded with {recorded}.",
    ),
    "problem.serial-already-received": ("Pakningen er allerede modtaget", "Pack already received"),
    "problem.batch-details-needed": ("Skriv batch og udløbsdato", "Type batch and expiry date"),
    "problem.ambiguous-scan": ("Koden kan læses på to måder", "The code reads two ways"),
    "say.expired-stock.receive": (
        "Varen udløb {expiry} og tages ikke ind på lageret. Læg den til side til farmaceuten.",
        "These goods expired on {expiry} and are not taken into stock. Set them aside for the pharmacist.",
    ),
    "say.expired-stock": (
        "Batch {batch} udløb {expiry} og må ikke udleveres. Læg pakningen til side til farmaceuten.",
        "Batch {batch} expired on {expiry} and may not be issued. Set the pack aside for the pharmacist.",
    ),
    "say.quarantined-stock": (
        "Batch {batch} er i karantæne og må ikke udleveres. Læg pakningen til side til farmaceuten.",
        "Batch {batch} is in quarantine and may not be issued. Set the pack aside for the pharmacist.",
    ),
    "say.unknown-batch": (
        "Batch {batch} af {item} er aldrig modtaget her. Modtag den først.",
        "Batch {batch} of {item} was never received. Receive it first.",
    ),
    "say.unknown-label": ("Etiketten {label} findes ikke i systemet.", "Label {label} is not in the system."),
    "say.wrong-site": (
        "Batch {batch} er ikke på lager i {site}. Den findes i: {held}.",
        "Batch {batch} is not in stock at {site}. It is held at: {held}.",
    ),
    "say.insufficient-stock": (
        "Der er kun {available} {unit} på lager her, og du bad om {requested}.",
        "Only {available} {unit} in stock here; you asked for {requested}.",
    ),
    "say.expiry-mismatch": (
        "Pakningen siger udløb {scanned}, men batch {batch} er registreret med {recorded}. Tjek pakningen.",
        "The pack says expiry {scanned}, but batch {batch} is recorded with {recorded}. Check the pack.",
    ),
    "say.not-a-pack.shelf": (
        "Det er hyldeetiketten {name}, ikke en vare. Scan pakningen.",
        "That is the shelf label {name}, not goods. Scan the pack.",
    ),
    "say.not-a-pack": ("Koden nævner ingen vare. Scan koden på pakningen.", "The code names no goods. Scan the code on the pack."),
    "say.serial-already-received": (
        "Pakningen med serienr. {serial} er allerede modtaget {date} i {site}: scannet to gange, eller en forfalsket pakning. Læg den til side til farmaceuten.",
        "The pack with serial {serial} was already received on {date} at {site}: scanned twice, or a falsified pack. Set it aside for the pharmacist.",
    ),
    "say.unreadable-scan": (
        "Koden kunne ikke læses. Scan igen, eller skriv tallene under stregkoden.",
        "The code could not be read. Scan again, or type the digits under the barcode.",
    ),
    "say.unreadable-scan.keyboard-layout": (
        "Koden indeholder tegn, som ingen stregkode har. Kør skannertjekket.",
        "The code holds characters no barcode has. Run the scanner check.",
    ),
    "say.unreadable-scan.check-digit": (
        "Stregkodens kontrolciffer passer ikke. Scan igen.",
        "The barcode's check digit is wrong. Scan again.",
    ),
    "say.unreadable-scan.bad-label": (
        "Det er ikke en kliniketiket. Etiketter hedder RKB…, RKL… eller RKI….",
        "That is not a clinic label. Labels read RKB…, RKL… or RKI….",
    ),
    "say.already-reversed": ("Den er allerede fortrudt.", "It was already undone."),
    "say.forbidden": ("Din rolle må ikke gøre dette her.", "Your role may not do this here."),
    "say.invalid-input.packs": (
        "{item} udleveres i hele pakninger à {pack_size} {unit}.",
        "{item} is dispensed in whole packs of {pack_size} {unit}.",
    ),
    "say.default": ("Tjek det, du skrev, og prøv igen.", "Check what you typed and try again."),
    "check_link": ("Tjek skanneren", "Check the scanner"),
    "check_title": ("Tjek skanneren", "Scanner check"),
    "check_intro": (
        "Scan den firkantede kode herunder med skanneren. Siden fortæller, om skanneren er sat rigtigt op, og hvad der skal ændres.",
        "Scan the square code below with the scanner. The page tells you whether the scanner is set up right, and what to change.",
    ),
    "check_alt": ("Testetiket (GS1 DataMatrix)", "Test label (GS1 DataMatrix)"),
    "check_field": ("Scan testetiketten her", "Scan the test label here"),
    "check_ok": ("Skanneren er sat rigtigt op.", "The scanner is set up right."),
    "check_fix": ("Skanneren virker, men bør indstilles:", "The scanner works, but should be set up:"),
    "check_gs_ok": ("Den sender skilletegnet (GS) mellem felterne.", "It sends the group separator (GS) between fields."),
    "check_gs_missing": (
        "Den sender ikke skilletegnet (GS) mellem felterne. Slå \u201dsend GS / FNC1 som ASCII 29\u201d til i skannerens opsætning (se dens manual). Indtil da gætter systemet og spørger dig, når en kode kan læses på to måder.",
        "It does not send the group separator (GS) between fields. Turn on \u201ctransmit GS / FNC1 as ASCII 29\u201d in the scanner's set-up (see its manual). Until then the system guesses, and asks you when a code reads two ways.",
    ),
    "check_stand_in": (
        "Den skriver skilletegnet som tekst. Det læses fint; intet skal ændres.",
        "It types the group separator as text. That reads fine; nothing to change.",
    ),
    "check_aim": (
        "Den sender et AIM-præfiks (]d2) foran koden. Det er fint; systemet læser det.",
        "It sends an AIM prefix (]d2) before the code. That is fine; the system reads it.",
    ),
    "check_no_aim": ("Den sender ikke AIM-præfiks. Det er fint.", "It sends no AIM prefix. That is fine."),
    "check_layout": (
        "Den skriver med amerikansk tastaturlayout, men computeren bruger dansk, så tegn som - og / bliver forkerte. Sæt skanneren til dansk tastatur (i manualen: \u201dKeyboard country: Denmark\u201d). Indtil da retter systemet tegnene på denne enhed.",
        "It types with a US keyboard layout while the computer uses Danish, so characters such as - and / come out wrong. Set the scanner to a Danish keyboard (in its manual: \u201cKeyboard country: Denmark\u201d). Until then the system corrects the characters on this device.",
    ),
    "check_layout_ok": ("Tastaturlayoutet passer.", "The keyboard layout matches."),
    "check_unknown": (
        "Det var ikke testetiketten. Scan den firkantede kode på denne side.",
        "That was not the test label. Scan the square code on this page.",
    ),
    "check_saved": ("Resultatet er gemt på denne enhed og bruges, når du scanner.", "The result is saved on this device and used when you scan."),
    "check_back": ("Tilbage til scanning", "Back to scanning"),
    "check_remembered": ("Skanneren på denne enhed er tjekket.", "The scanner on this device has been checked."),
    # end of scanning round 2
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
