"""Therapeutic areas for donors: ATC code prefixes grouped as the clinic's patients' needs.

A small table (not the whole ATC index): the longest matching prefix wins; a medicine whose code
matches none is "other medicines", and goods without an ATC code fall under their category.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str
    english: str
    danish: str
    prefixes: tuple[str, ...] = ()

    @property
    def codes(self) -> str:
        """The ATC groups as shown: "A10", or "C02–C09" for a run."""
        if len(self.prefixes) > 2:
            return f"{self.prefixes[0]}–{self.prefixes[-1]}"
        return ", ".join(self.prefixes)


AREAS: tuple[Area, ...] = (
    Area("diabetes", "Diabetes", "Diabetes", ("A10",)),
    Area("asthma", "Asthma and COPD", "Astma og KOL", ("R03",)),
    Area(
        "blood_pressure",
        "High blood pressure and heart",
        "Forhøjet blodtryk og hjerte",
        ("C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09"),
    ),
    Area("antibiotics", "Antibiotics", "Antibiotika", ("J01",)),
    Area("skin", "Skin disease", "Hudsygdomme", ("D",)),
    Area("pain", "Pain and inflammation", "Smerter og betændelse", ("M01", "N02")),
    Area("mental_health", "Mental health", "Psykiatri", ("N05", "N06")),
    Area("pregnancy", "Pregnancy, iron and vitamins", "Graviditet, jern og vitaminer", ("B03", "A11", "G03")),
    Area("anaesthetics", "Anaesthetics", "Bedøvelse", ("N01",)),
    Area("stomach", "Stomach and acid", "Mave og syre", ("A02", "A03", "A06", "A07")),
)
OTHER_MEDICINE = Area("other_medicine", "Other medicines", "Andre lægemidler")
NO_ATC = {
    "medicine": Area("medicine_no_atc", "Medicines without an ATC code", "Lægemidler uden ATC-kode"),
    "lab": Area("lab", "Laboratory", "Laboratorie"),
    "dental": Area("dental", "Dental materials", "Tandbehandling"),
    "consumable": Area("consumable", "Consumables", "Forbrugsvarer"),
    "equipment": Area("equipment", "Equipment", "Udstyr"),
}
ORDER = {area.key: n for n, area in enumerate((*AREAS, OTHER_MEDICINE, *NO_ATC.values()))}


def area_of(atc_code: str | None, category: str) -> Area:
    """The area of an item: by its ATC code's longest matching prefix, else by its category."""
    if atc_code:
        code = atc_code.strip().upper()
        best: tuple[int, Area] | None = None
        for area in AREAS:
            for prefix in area.prefixes:
                if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), area)
        return best[1] if best is not None else OTHER_MEDICINE
    return NO_ATC.get(category, OTHER_MEDICINE)
