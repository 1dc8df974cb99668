"""The finance reports' words in Danish (grant statement, overview, in kind, valuation, impact, postings).

Kept apart from `words.py` so the finance reports can grow without touching every report's words;
`words.DANISH` takes these in. Therapeutic areas come from their one table in the domain.
"""

from __future__ import annotations

from inventory.domain.therapeutic import AREAS, NO_ATC, OTHER_MEDICINE

CATEGORIES = {
    "medicine": "Lægemidler",
    "lab": "Laboratorie",
    "dental": "Tandbehandling",
    "consumable": "Forbrugsvarer",
    "equipment": "Udstyr",
}
SOURCES = {
    "Bought with a grant": "Købt for en bevilling",
    "Bought with several grants": "Købt for flere bevillinger",
    "Bought with unrestricted funds": "Købt for frie midler",
    "Donated in kind (fair value)": "Naturaliedonation (dagsværdi)",
    "Found at stock counts (last known cost)": "Fundet ved optælling (seneste kostpris)",
    "On hand when funding was introduced": "Beholdning da finansiering blev indført",
}

FINANCE_DANISH: dict[str, str] = {
    **CATEGORIES,
    **{f"{key}, expired": f"{word}, udløbet" for key, word in CATEGORIES.items()},
    **SOURCES,
    **{f"{key}, expired": f"{word}, udløbet" for key, word in SOURCES.items()},
    **{area.english: area.danish for area in (*AREAS, OTHER_MEDICINE, *NO_ATC.values())},
    **{f"{area.english} ({area.codes})": f"{area.danish} ({area.codes})" for area in AREAS},
    "active": "aktiv",
    "suspended": "stillet i bero",
    "closed": "afsluttet",
    # Grant statement
    "Grant statement": "Regnskab for bevilling",
    "{grant} from {donor}": "{grant} fra {donor}",
    "Grant": "Bevilling",
    "Donor": "Donor",
    "Grant period from": "Bevillingsperiode fra",
    "Grant period to": "Bevillingsperiode til",
    "Approved amount": "Bevilget beløb",
    "Budget": "Budget",
    "Budget line": "Budgetlinje",
    "Not on a budget line": "Ikke på en budgetlinje",
    "Approved": "Bevilget",
    "Spent in the period": "Forbrugt i perioden",
    "Spent to date": "Forbrugt i alt",
    "Remaining": "Rest",
    "Used": "Brugt",
    "What": "Post",
    "What the grant bought, and what became of it": "Hvad bevillingen købte, og hvad der blev af det",
    "On hand at the start of the period": "På lager ved periodens start",
    "Bought in the period": "Købt i perioden",
    "Consumed (issued to patients and treatments)": "Forbrugt (udleveret til patienter og behandlinger)",
    "Wasted: expired and disposed of": "Spild: udløbet og kasseret",
    "Wasted: disposed of before expiry (damaged, quarantined, recalled)": (
        "Spild: kasseret før udløb (beskadiget, i karantæne, tilbagekaldt)"
    ),
    "Wasted: lost at stock counts and corrections": "Spild: tab ved optælling og rettelser",
    "Moved to another site": "Flyttet til en anden afdeling",
    "Wasted: expired": "Spild: udløbet",
    "Wasted: disposed of": "Spild: kasseret",
    "Wasted: count losses": "Spild: optællingstab",
    "Other": "Andet",
    "On hand at the end of the period": "På lager ved periodens slutning",
    "Also in the period": "Desuden i perioden",
    "Wasted in all": "Spild i alt",
    "Of the stock on hand at the end: expired (worth nothing in the accounts)": (
        "Af lageret ved periodens slutning: udløbet (uden værdi i regnskabet)"
    ),
    "In-kind goods received from {donor} (fair value)": (
        "Naturaliedonationer modtaget fra {donor} (dagsværdi)"
    ),
    "Consumed by category": "Forbrug pr. kategori",
    "Category": "Kategori",
    "Consumed and wasted by site": "Forbrug og spild pr. afdeling",
    "Consumed": "Forbrugt",
    "Spent is what receipts charged to the grant; a reversed receipt is left out, with what was taken "
    "from it.": (
        "Forbrugt er hvad modtagelser er bogført på bevillingen; en tilbageført modtagelse er udeladt "
        "sammen med det, der blev taget fra den."
    ),
    "Committed: purchase orders are not recorded in the inventory yet, so no amount is shown as committed.": (
        "Disponeret: indkøbsordrer registreres endnu ikke i lagersystemet, så intet beløb vises som "
        "disponeret."
    ),
    "Values are purchase costs, first in first out by batch and site. Where a purchase was split "
    "between grants, each use is divided by the same split, to the øre.": (
        "Værdier er kostpriser, først ind først ud pr. batch og afdeling. Er et køb delt mellem "
        "bevillinger, deles hvert forbrug på samme måde, på øret."
    ),
    "Waste is shown on its own lines: expired stock disposed of, stock disposed of before expiry, "
    "and losses found at stock counts.": (
        "Spild vises på egne linjer: udløbet lager kasseret, lager kasseret før udløb og tab fundet ved "
        "optælling."
    ),
    "The budget lines do not add up to the approved amount; the total row is the grant.": (
        "Budgetlinjerne summer ikke til det bevilgede beløb; totalrækken er bevillingen."
    ),
    "The grant is overspent: finance approved charges beyond it with a recorded reason.": (
        "Bevillingen er overskredet: økonomi har godkendt udgifter ud over den med en registreret "
        "begrundelse."
    ),
    # Overview
    "Grants overview": "Oversigt over bevillinger",
    "As of {date}": "Pr. {date}",
    "Status": "Status",
    "Start": "Start",
    "End": "Slut",
    "Spent": "Forbrugt",
    "Days to the end": "Dage til slut",
    "Spent per month": "Forbrug pr. måned",
    "Runs out": "Opbrugt",
    "Left at the end (projected)": "Rest ved slut (forventet)",
    "Spent per month is the spending since the grant started, per 30 days; the run-out date "
    "assumes it goes on at that rate.": (
        "Forbrug pr. måned er forbruget siden bevillingens start pr. 30 dage; datoen for opbrugt "
        "forudsætter samme tempo."
    ),
    "A grant that will not be used up at this rate shows what would be left at its end.": (
        "En bevilling, der ikke bliver brugt op i dette tempo, viser hvad der vil være tilbage ved slut."
    ),
    # In kind
    "In-kind donations": "Naturaliedonationer",
    "Received": "Modtaget",
    "Unit value": "Enhedsværdi",
    "Fair value": "Dagsværdi",
    "Per donor": "Pr. donor",
    "Received (fair value)": "Modtaget (dagsværdi)",
    "Expensed when used": "Udgiftsført ved forbrug",
    "Wasted": "Spild",
    "Donated goods are recognised at the fair value stated when they were received, and expensed "
    "when used; volunteer time is not valued.": (
        "Donerede varer indregnes til den dagsværdi, der blev angivet ved modtagelsen, og udgiftsføres ved "
        "forbrug; frivilliges tid værdisættes ikke."
    ),
    "Used, wasted and on hand cover all goods from the donor, also those received before the period.": (
        "Forbrug, spild og lager omfatter alle varer fra donoren, også dem modtaget før perioden."
    ),
    # Valuation
    "Stock valuation": "Lagerværdi",
    "At the end of {date}": "Ved udgangen af {date}",
    "Cost": "Kostpris",
    "Written down": "Nedskrevet",
    "By funding": "Pr. finansiering",
    "Funding": "Finansiering",
    "Stock is valued at cost, first in first out by batch and site (årsregnskabsloven § 45).": (
        "Lageret er værdiansat til kostpris, først ind først ud pr. batch og afdeling "
        "(årsregnskabsloven § 45)."
    ),
    "Expired stock is written down to nothing (årsregnskabsloven § 46); it is shown on its own "
    "line with its cost.": (
        "Udløbet lager er nedskrevet til nul (årsregnskabsloven § 46); det vises på egen linje med sin "
        "kostpris."
    ),
    "Donated goods are valued at their fair value when received.": (
        "Donerede varer er værdiansat til dagsværdien ved modtagelsen."
    ),
    # Impact
    "Impact: what was used": "Effekt: hvad blev brugt",
    "Units used": "Enheder brugt",
    "Patient issues": "Udleveringer til patienter",
    "By therapeutic area": "Pr. behandlingsområde",
    "Therapeutic area": "Behandlingsområde",
    "ATC groups": "ATC-grupper",
    "Used is what was issued, less issues undone; values are purchase costs, first in first out.": (
        "Brugt er det udleverede minus tilbageførte udleveringer; værdier er kostpriser, først ind først ud."
    ),
    "Patient issues are counted only: the inventory stores no patient identity.": (
        "Udleveringer til patienter tælles kun: lagersystemet gemmer ingen patientidentitet."
    ),
    "Months are calendar months in Copenhagen time; the first and last may be part months.": (
        "Måneder er kalendermåneder i dansk tid; den første og sidste kan være dele af måneder."
    ),
    # Postings
    "Postings for the bookkeeper": "Posteringer til bogholderiet",
    "No.": "Nr.",
    "Posting": "Postering",
    "Grant id": "Bevillings-id",
    "Grant reference": "Bevillingsreference",
    "Amount": "Beløb",
    "Movement": "Bevægelse",
    "Posting kinds: grant_charge, unrestricted_purchase, in_kind_recognised, consumption, "
    "in_kind_expensed, waste_expired, waste_disposed, waste_count_loss, transfer. A reversal "
    "posts the negative of what it undoes.": (
        "Posteringstyper: grant_charge (bevilling), unrestricted_purchase (frie midler), in_kind_recognised "
        "(naturaliedonation indregnet), consumption (forbrug), in_kind_expensed (naturaliedonation "
        "udgiftsført), waste_expired, waste_disposed, waste_count_loss (spild), transfer (overførsel). En "
        "tilbageførsel posterer det modsatte af det, den ophæver."
    ),
}
