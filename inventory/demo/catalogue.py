"""The demo catalogue: the clinic's four sites and what their cupboards hold.

Pure data. Prices are realistic Danish purchase prices per unit of issue in øre (DKK * 100), so that
expiry and donor reports show plausible sums. ATC codes are the real WHO codes. GTINs are fictitious but
carry valid check digits and Danish GS1 prefixes (57x): medicines as the GTIN-14 a DataMatrix carries,
consumables as an EAN-13 on the pack plus a GTIN-14 (indicator 1) on the case. Goods without a usable
barcode (split dental material, instruments) have none and get a printed label.

The sites' street addresses are deliberately fictitious: the clinic does not publish where it is, so that
people without papers can come without fear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Category = Literal["medicine", "lab", "dental", "consumable", "equipment"]

CATEGORIES: tuple[Category, ...] = ("medicine", "lab", "dental", "consumable", "equipment")

# Where things are kept. Every site has every location, so an item's location holds at all four.
MED_A = "Medicinskab A"  # chronic disease: diabetes, heart, lungs, psychiatry
MED_B = "Medicinskab B"  # infections, skin, pain, pregnancy
FRIDGE = "Køleskab"  # 2-8 °C: insulin, vaccines, reagents
LOCKED = "Aflåst skab (euforiserende stoffer)"
DENTAL_1 = "Tandklinik skab 1"  # anaesthetics, needles
DENTAL_2 = "Tandklinik skab 2"  # filling material, instruments
LAB_1 = "Laboratorium hylde 1"
LAB_2 = "Laboratorium hylde 2"
STORE = "Forbrugslager"
EQUIPMENT = "Udstyrsskab"
QUARANTINE = "Karantænehylde"  # expired and recalled stock waiting for disposal

LOCATIONS: tuple[str, ...] = (
    MED_A, MED_B, FRIDGE, LOCKED, DENTAL_1, DENTAL_2, LAB_1, LAB_2, STORE, EQUIPMENT, QUARANTINE,
)


@dataclass(frozen=True)
class DemoSite:
    code: str
    name: str
    city: str
    address: str
    locations: tuple[str, ...]


@dataclass(frozen=True)
class DemoItem:
    key: str
    name: str
    category: Category
    unit_of_issue: str
    pack_size: int
    unit_cost_ore: int
    atc_code: str | None
    strength: str | None
    form: str | None
    gtins: tuple[str, ...]
    requires_expiry: bool
    cold_chain: bool
    controlled: bool
    monthly_use: int
    location: str


SITES: tuple[DemoSite, ...] = (
    DemoSite("KBH", "København", "København", "Demovej 11, 2200 København N", LOCATIONS),
    DemoSite("AAR", "Aarhus", "Aarhus", "Demovej 13, 8000 Aarhus C", LOCATIONS),
    DemoSite("ODE", "Odense", "Odense", "Demovej 15, 5000 Odense C", LOCATIONS),
    DemoSite("AAL", "Aalborg", "Aalborg", "Demovej 17, 9000 Aalborg", LOCATIONS),
)


def _medicine(
    key: str,
    name: str,
    atc: str,
    strength: str,
    form: str,
    unit: str,
    pack: int,
    cost: int,
    monthly: int,
    gtins: tuple[str, ...] = (),
    *,
    location: str = MED_A,
    cold: bool = False,
    controlled: bool = False,
) -> DemoItem:
    if cold:
        location = FRIDGE
    if controlled:
        location = LOCKED
    return DemoItem(
        key, name, "medicine", unit, pack, cost, atc, strength, form, gtins,
        requires_expiry=True, cold_chain=cold, controlled=controlled, monthly_use=monthly, location=location,
    )


def _goods(category: Category, *, expiry: bool, kept: str) -> Callable[..., DemoItem]:
    """The maker of one category's items (not medicines): kept at `kept` unless told, in the fridge when
    cold, never controlled."""

    def make(
        key: str,
        name: str,
        unit: str,
        pack: int,
        cost: int,
        monthly: int,
        gtins: tuple[str, ...] = (),
        *,
        location: str = kept,
        cold: bool = False,
        atc: str | None = None,
        strength: str | None = None,
        form: str | None = None,
    ) -> DemoItem:
        return DemoItem(
            key, name, category, unit, pack, cost, atc, strength, form, gtins,
            requires_expiry=expiry, cold_chain=cold, controlled=False, monthly_use=monthly,
            location=FRIDGE if cold else location,
        )  # fmt: skip

    return make


_lab = _goods("lab", expiry=True, kept=LAB_1)
_dental = _goods("dental", expiry=True, kept=DENTAL_2)
_consumable = _goods("consumable", expiry=False, kept=STORE)


def _equipment(
    key: str, name: str, cost: int, monthly: int, gtins: tuple[str, ...] = (), *, location: str = EQUIPMENT
) -> DemoItem:
    return DemoItem(
        key, name, "equipment", "stk", 1, cost, None, None, None, gtins,
        requires_expiry=False, cold_chain=False, controlled=False, monthly_use=monthly, location=location,
    )


_TAB = "tabletter"
_CAPS = "kapsler"
_PEN = "injektionsvæske, fyldt pen"

ITEMS: tuple[DemoItem, ...] = (
    # --- Diabetes -------------------------------------------------------------------------------------
    _medicine("insulin-glargin-pen", "Insulin glargin 100 E/ml, fyldt pen 3 ml", "A10AE04", "100 E/ml", _PEN,
              "pen", 5, 8900, 14, ("05709901000106", "05709902000105"), cold=True),
    _medicine("insulin-aspart-pen", "Insulin aspart 100 E/ml, fyldt pen 3 ml", "A10AB05", "100 E/ml", _PEN,
              "pen", 5, 9600, 10, ("05709901000205",), cold=True),
    _medicine("insulin-isofan-pen", "Insulin isofan (NPH) 100 E/ml, fyldt pen 3 ml", "A10AC01", "100 E/ml",
              "injektionsvæske, suspension, fyldt pen", "pen", 5, 6400, 8, ("05709901000304",), cold=True),
    _medicine("insulin-mix30-pen", "Insulin aspart 30/70 (mix) 100 E/ml, fyldt pen 3 ml", "A10AD05",
              "100 E/ml", "injektionsvæske, suspension, fyldt pen", "pen", 5, 10200, 6, ("05709901000403",),
              cold=True),
    _medicine("metformin-500", "Metformin 500 mg tabletter", "A10BA02", "500 mg", "filmovertrukne tabletter",
              "tablet", 100, 35, 600, ("05709901000502", "05709902000501")),
    _medicine("metformin-850", "Metformin 850 mg tabletter", "A10BA02", "850 mg", "filmovertrukne tabletter",
              "tablet", 100, 42, 360, ("05709901000601",)),
    _medicine("gliclazid-30", "Gliclazid 30 mg depottabletter", "A10BB09", "30 mg", "depottabletter",
              "tablet", 60, 95, 120, ("05709901000700",)),
    _medicine("empagliflozin-10", "Empagliflozin 10 mg tabletter", "A10BK03", "10 mg",
              "filmovertrukne tabletter", "tablet", 30, 1350, 60, ("05709901000809",)),
    _medicine("glucagon-1mg", "Glucagon 1 mg, injektionssæt (hypoglykæmi)", "H04AA01", "1 mg",
              "pulver og solvens til injektionsvæske", "stk", 1, 19500, 1, ("05709901000908",), cold=True),
    _lab("glukose-teststrimler", "Blodsukker teststrimler", "strip", 50, 400, 300, ("05709903000104",)),
    _lab("lancetter-30g", "Lancetter 30G til fingerprik, sterile", "stk", 200, 40, 320, ("05709903000203",)),
    _lab("hba1c-kassette", "HbA1c testkassette til analyseapparat", "cartridge", 15, 8000, 36,
         ("05709903000302",), cold=True),
    _lab("hba1c-kontrol", "HbA1c kontrolvæske, niveau I og II", "kit", 1, 60000, 1, ("05709903000401",),
         cold=True),
    _lab("glukose-kontrolvaeske", "Glukose kontrolvæske til blodsukkerapparat", "bottle", 1, 8000, 1,
         ("05709903000500",), location=LAB_2),
    _consumable("pennaale-4mm", "Pennåle 4 mm 32G", "stk", 100, 200, 150, ("5709905000010", "15709905000017"),
                location=MED_A),
    _equipment("glukometer", "Blodsukkerapparat (glukometer)", 25000, 2, ("5709905000027",)),
    # --- Heart and blood pressure -----------------------------------------------------------------------
    _medicine("amlodipin-5", "Amlodipin 5 mg tabletter", "C08CA01", "5 mg", _TAB, "tablet", 100, 15, 300,
              ("05709901001004", "05709902001003")),
    _medicine("amlodipin-10", "Amlodipin 10 mg tabletter", "C08CA01", "10 mg", _TAB, "tablet", 100, 20, 150,
              ("05709901001103",)),
    _medicine("ramipril-5", "Ramipril 5 mg kapsler", "C09AA05", "5 mg", "hårde kapsler", "capsule", 100, 25,
              150, ("05709901001202",)),
    _medicine("losartan-50", "Losartan 50 mg tabletter", "C09CA01", "50 mg", "filmovertrukne tabletter",
              "tablet", 98, 20, 200, ("05709901001301",)),
    _medicine("bisoprolol-5", "Bisoprolol 5 mg tabletter", "C07AB07", "5 mg", _TAB, "tablet", 100, 30, 120,
              ("05709901001400",)),
    _medicine("asa-75", "Acetylsalicylsyre 75 mg tabletter", "B01AC06", "75 mg", _TAB, "tablet", 100, 30,
              200, ("05709901001509",)),
    _medicine("atorvastatin-20", "Atorvastatin 20 mg tabletter", "C10AA05", "20 mg",
              "filmovertrukne tabletter", "tablet", 100, 15, 250, ("05709901001608", "05709902001607")),
    _medicine("atorvastatin-40", "Atorvastatin 40 mg tabletter", "C10AA05", "40 mg",
              "filmovertrukne tabletter", "tablet", 100, 20, 150, ("05709901001707",)),
    _medicine("furosemid-40", "Furosemid 40 mg tabletter", "C03CA01", "40 mg", _TAB, "tablet", 100, 45, 80,
              ("05709901001806",)),
    _medicine("nitroglycerin-spray", "Glyceryltrinitrat 0,4 mg/dosis, resoriblet spray", "C01DA02",
              "0,4 mg/dosis", "resoriblet spray", "stk", 1, 9000, 3, ("05709901001905",)),
    # --- Asthma and COPD -----------------------------------------------------------------------------------
    _medicine("salbutamol-inhalator", "Salbutamol 0,1 mg/dosis inhalationsspray (200 doser)", "R03AC02",
              "0,1 mg/dosis", "inhalationsspray", "inhalator", 1, 4500, 25, ("05709901002001",)),
    _medicine("budesonid-formoterol",
              "Budesonid/formoterol 160/4,5 mikrog/dosis inhalationspulver (120 doser)", "R03AK07",
              "160/4,5 mikrog/dosis", "inhalationspulver", "inhalator", 1, 23000, 10,
              ("05709901002100",)),
    _medicine("budesonid-inhalator", "Budesonid 200 mikrog/dosis inhalationspulver (200 doser)", "R03BA02",
              "200 mikrog/dosis", "inhalationspulver", "inhalator", 1, 15000, 6, ("05709901002209",)),
    _medicine("prednisolon-5", "Prednisolon 5 mg tabletter", "H02AB06", "5 mg", _TAB, "tablet", 100, 65, 60,
              ("05709901002308",)),
    _consumable("spacer-voksen", "Inhalationskammer (spacer) med mundstykke", "stk", 1, 8000, 4,
                ("5709905000034",)),
    _consumable("spacer-maske-barn", "Inhalationskammer (spacer) med maske, børn", "stk", 1, 9500, 2,
                ("5709905000041",)),
    # --- Skin ----------------------------------------------------------------------------------------------
    _medicine("hydrocortison-creme", "Hydrocortison 1 % creme, 30 g", "D07AA02", "1 %", "creme", "tube", 1,
              4500, 12, ("05709901002407",), location=MED_B),
    _medicine("fusidinsyre-creme", "Fusidinsyre 2 % creme, 15 g", "D06AX01", "2 %", "creme", "tube", 1, 6000,
              10, ("05709901002506",), location=MED_B),
    _medicine("betamethason-creme", "Betamethason 0,1 % creme, 30 g", "D07AC01", "0,1 %", "creme", "tube", 1,
              5000, 6, ("05709901002605",), location=MED_B),
    _medicine("carbamid-creme", "Carbamid 10 % creme (fugtighedscreme), 100 g", "D02AE01", "10 %", "creme",
              "tube", 1, 8000, 10, ("05709901002704",), location=MED_B),
    _medicine("terbinafin-creme", "Terbinafin 1 % creme, 15 g", "D01AE15", "1 %", "creme", "tube", 1, 5000,
              6, ("05709901002803",), location=MED_B),
    _medicine("terbinafin-250", "Terbinafin 250 mg tabletter", "D01BA02", "250 mg", _TAB, "tablet", 28, 360,
              28, ("05709901002902",), location=MED_B),
    _medicine("clotrimazol-creme", "Clotrimazol 1 % creme, 20 g", "D01AC01", "1 %", "creme", "tube", 1, 4000,
              5, ("05709901003008",), location=MED_B),
    _medicine("permethrin-creme", "Permethrin 5 % creme mod fnat, 30 g", "P03AC04", "5 %", "creme", "tube", 1,
              12000, 8, ("05709901003107",), location=MED_B),
    _medicine("ivermectin-3", "Ivermectin 3 mg tabletter (fnat)", "P02CF01", "3 mg", _TAB, "tablet", 4, 6000,
              12, ("05709901003206",), location=MED_B),
    _consumable("fed-creme", "Fed creme uden parfume, 500 g pumpeflaske", "bottle", 1, 10000, 6,
                ("5709905000058",), location=MED_B),
    # --- Infections -------------------------------------------------------------------------------------
    _medicine("amoxicillin-500", "Amoxicillin 500 mg tabletter", "J01CA04", "500 mg", _TAB, "tablet", 20,
              200, 120, ("05709901003305", "05709902003304"), location=MED_B),
    _medicine("amoxicillin-mikstur", "Amoxicillin 50 mg/ml pulver til oral suspension, 100 ml", "J01CA04",
              "50 mg/ml", "pulver til oral suspension", "bottle", 1, 6000, 4, ("05709901003404",),
              location=MED_B),
    _medicine("penicillin-1mie", "Phenoxymethylpenicillin 1 MIE tabletter", "J01CE02", "1 MIE", _TAB,
              "tablet", 40, 200, 200, ("05709901003503",), location=MED_B),
    _medicine("pivmecillinam-400", "Pivmecillinam 400 mg tabletter", "J01CA08", "400 mg",
              "filmovertrukne tabletter", "tablet", 10, 600, 60, ("05709901003602",), location=MED_B),
    _medicine("nitrofurantoin-50", "Nitrofurantoin 50 mg tabletter", "J01XE01", "50 mg", _TAB, "tablet", 30,
              230, 45, ("05709901003701",), location=MED_B),
    _medicine("clarithromycin-500", "Clarithromycin 500 mg tabletter", "J01FA09", "500 mg",
              "filmovertrukne tabletter", "tablet", 14, 430, 40, ("05709901003800",), location=MED_B),
    _medicine("doxycyclin-100", "Doxycyclin 100 mg tabletter", "J01AA02", "100 mg", _TAB, "tablet", 20, 300,
              40, ("05709901003909",), location=MED_B),
    _medicine("metronidazol-500", "Metronidazol 500 mg tabletter", "P01AB01", "500 mg", _TAB, "tablet", 20,
              250, 40, ("05709901004005",), location=MED_B),
    _medicine("dicloxacillin-500", "Dicloxacillin 500 mg kapsler", "J01CF01", "500 mg", _CAPS, "capsule", 20,
              400, 40, ("05709901004104",), location=MED_B),
    _medicine("azithromycin-500", "Azithromycin 500 mg tabletter", "J01FA10", "500 mg",
              "filmovertrukne tabletter", "tablet", 3, 2000, 9, ("05709901004203",), location=MED_B),
    _medicine("fluconazol-150", "Fluconazol 150 mg kapsel", "J02AC01", "150 mg", _CAPS, "capsule", 1, 4000, 6,
              ("05709901004302",), location=MED_B),
    _medicine("clotrimazol-vagitorie", "Clotrimazol 500 mg vagitorie", "G01AF02", "500 mg", "vagitorier",
              "stk", 1, 6000, 4, ("05709901004401",), location=MED_B),
    _medicine("mfr-vaccine", "MFR-vaccine (mæslinger, fåresyge, røde hunde)", "J07BD52", "1 dosis",
              "pulver og solvens til injektionsvæske", "vial", 10, 20000, 4, ("05709901004500",), cold=True),
    _medicine("ditekipol-hib-vaccine", "DiTeKiPol/Hib-vaccine, fyldt injektionssprøjte", "J07CA06", "1 dosis",
              "injektionsvæske, fyldt injektionssprøjte", "syringe", 1, 30000, 3, ("05709901004609",),
              cold=True),
    _medicine("dite-booster", "Difteri-tetanus-vaccine (diTe booster), fyldt injektionssprøjte", "J07AM51",
              "1 dosis", "injektionsvæske, fyldt injektionssprøjte", "syringe", 1, 20000, 3,
              ("05709901004708",), cold=True),
    # --- Pain, allergy, stomach, emergencies --------------------------------------------------------------
    _medicine("paracetamol-500", "Paracetamol 500 mg tabletter", "N02BE01", "500 mg", _TAB, "tablet", 100, 25,
              800, ("05709901004807", "05709902004806"), location=MED_B),
    _medicine("paracetamol-mikstur", "Paracetamol 24 mg/ml oral suspension, 100 ml", "N02BE01", "24 mg/ml",
              "oral suspension", "bottle", 1, 4000, 8, ("05709901004906",), location=MED_B),
    _medicine("ibuprofen-400", "Ibuprofen 400 mg tabletter", "M01AE01", "400 mg", "filmovertrukne tabletter",
              "tablet", 100, 35, 500, ("05709901005002",), location=MED_B),
    # Tramadol is handled as a controlled substance here: counted, witnessed at disposal.
    _medicine("tramadol-50", "Tramadol 50 mg kapsler", "N02AX02", "50 mg", _CAPS, "capsule", 20, 100, 40,
              ("05709901005101",), controlled=True),
    _medicine("morfin-10", "Morfin 10 mg tabletter", "N02AA01", "10 mg", _TAB, "tablet", 100, 90, 10,
              ("05709901005200",), controlled=True),
    _medicine("cetirizin-10", "Cetirizin 10 mg tabletter", "R06AE07", "10 mg", "filmovertrukne tabletter",
              "tablet", 100, 40, 100, ("05709901005309",), location=MED_B),
    _medicine("omeprazol-20", "Omeprazol 20 mg enterokapsler", "A02BC01", "20 mg", "enterokapsler, hårde",
              "capsule", 100, 50, 200, ("05709901005408",)),
    _medicine("loperamid-2", "Loperamid 2 mg kapsler", "A07DA03", "2 mg", _CAPS, "capsule", 20, 150, 20,
              ("05709901005507",), location=MED_B),
    _medicine("adrenalin-1mg", "Adrenalin 1 mg/ml injektionsvæske (anafylaksi), ampul 1 ml", "C01CA24",
              "1 mg/ml", "injektionsvæske", "ampoule", 10, 2000, 1, ("05709901005606",), location=MED_B),
    # --- Psychiatry -------------------------------------------------------------------------------------
    _medicine("sertralin-50", "Sertralin 50 mg tabletter", "N06AB06", "50 mg", "filmovertrukne tabletter",
              "tablet", 100, 40, 150, ("05709901005705",)),
    _medicine("mirtazapin-15", "Mirtazapin 15 mg tabletter", "N06AX11", "15 mg", "filmovertrukne tabletter",
              "tablet", 30, 100, 60, ("05709901005804",)),
    _medicine("diazepam-5", "Diazepam 5 mg tabletter", "N05BA01", "5 mg", _TAB, "tablet", 25, 120, 25,
              ("05709901005903",), controlled=True),
    # --- Pregnancy, women and newborns ----------------------------------------------------------------------
    _medicine("folsyre-04", "Folsyre 0,4 mg tabletter", "B03BB01", "0,4 mg", _TAB, "tablet", 100, 30, 300,
              ("05709901006009",), location=MED_B),
    _medicine("jern-100", "Jerntabletter 100 mg Fe (jernsulfat)", "B03AA07", "100 mg Fe", "depottabletter",
              "tablet", 100, 60, 300, ("05709901006108",), location=MED_B),
    _medicine("multivitamin-gravid", "Multivitamin og mineraler til gravide", "A11AA03", "1 dosis", _TAB,
              "tablet", 100, 120, 250, ("05709901006207",), location=MED_B),
    _medicine("d-vitamin-draaber", "D-vitamin dråber 10 mikrog/dosis til spædbørn, 10 ml", "A11CC05",
              "10 mikrog/dosis", "orale dråber", "bottle", 1, 6000, 4, ("05709901006306",), location=MED_B),
    _medicine("levonorgestrel-15", "Levonorgestrel 1,5 mg tablet (nødprævention)", "G03AD01", "1,5 mg", _TAB,
              "tablet", 1, 10000, 3, ("05709901006405",), location=MED_B),
    _lab("graviditetstest", "Graviditetstest (hCG i urin), kassette", "stk", 25, 500, 30,
         ("05709903000609",)),
    _lab("urinstiks-10", "Urinstiks, 10 parametre", "strip", 100, 400, 100, ("05709903000708",)),
    _lab("hemocue-kuvetter", "Hæmoglobin mikrokuvetter til HemoCue", "stk", 50, 1300, 30,
         ("05709903000807",)),
    _consumable("ultralydsgel", "Ultralydsgel 250 ml", "bottle", 12, 2500, 4, ("5709905000065",)),
    # --- Lab ---------------------------------------------------------------------------------------------
    _lab("crp-kassette", "CRP testkassette (hurtigtest)", "cartridge", 50, 2200, 40, ("05709903000906",),
         cold=True),
    _lab("crp-kontrol", "CRP kontrolvæske, høj og lav", "kit", 1, 40000, 1, ("05709903001002",), cold=True),
    _lab("streptokok-a-test", "Streptokok A hurtigtest (halspodning)", "stk", 25, 1200, 15,
         ("05709903001101",)),
    _lab("hiv-hurtigtest", "HIV-1/2 antistof hurtigtest", "stk", 20, 8000, 5, ("05709903001200",)),
    _lab("klamydia-podesaet", "Podesæt til klamydia/gonoré (PCR)", "stk", 50, 1000, 15, ("05709903001309",),
         location=LAB_2),
    _lab("blodroer-edta", "Blodprøverør EDTA 4 ml (lilla prop)", "stk", 100, 150, 40, ("05709903001408",),
         location=LAB_2),
    _lab("blodroer-serum", "Blodprøverør serum med gel 5 ml (gul prop)", "stk", 100, 180, 40,
         ("05709903001507",), location=LAB_2),
    _lab("blodproeve-kanyle-21g", "Blodprøvekanyle 21G til vakuumrør", "stk", 100, 150, 80,
         ("05709903001606",), location=LAB_2),
    # --- Dental ------------------------------------------------------------------------------------------
    _dental("articain-adrenalin", "Articain/adrenalin 40 mg/ml + 10 mikrog/ml, cylinderampul 1,7 ml",
            "cartridge", 50, 700, 60, ("05709901006504",), atc="N01BB58", strength="40 mg/ml + 10 mikrog/ml",
            form="injektionsvæske", location=DENTAL_1),
    _dental("lidocain-adrenalin", "Lidocain/adrenalin 20 mg/ml + 12,5 mikrog/ml, cylinderampul 1,8 ml",
            "cartridge", 50, 600, 30, ("05709901006603",), atc="N01BB52",
            strength="20 mg/ml + 12,5 mikrog/ml", form="injektionsvæske", location=DENTAL_1),
    _dental("mepivacain-30", "Mepivacain 30 mg/ml uden adrenalin, cylinderampul 1,8 ml", "cartridge", 50, 760,
            10, ("05709901006702",), atc="N01BB03", strength="30 mg/ml", form="injektionsvæske",
            location=DENTAL_1),
    _dental("klorhexidin-mundskyl", "Klorhexidin 0,2 % mundskyllevæske, 300 ml", "bottle", 1, 6000, 6,
            ("05709901006801",), atc="A01AB03", strength="0,2 %", form="mundskyllevæske", location=DENTAL_1),
    _dental("tandnaale-30g", "Tandnåle 30G kort (0,3 x 21 mm)", "stk", 100, 90, 80, ("05709904000103",),
            location=DENTAL_1),
    _dental("glasionomer-kapsler", "Glasionomercement, kapsler", "capsule", 50, 3000, 30,
            ("05709904000202",)),
    _dental("komposit-a2", "Komposit fyldningsmateriale A2, sprøjte 4 g", "syringe", 1, 35000, 2,
            ("05709904000301",)),
    _dental("bonding", "Bonding-adhæsiv, 5 ml", "bottle", 1, 90000, 1, ("05709904000400",)),
    _dental("midlertidig-fyldning", "Midlertidigt fyldningsmateriale, 28 g", "jar", 1, 15000, 1),
    _dental("alveolitpasta", "Alveolitpasta til tørt tandhul, 10 g", "jar", 1, 40000, 1),
    _dental("tandruller", "Tandruller (bomuldsruller) nr. 2", "stk", 300, 20, 300, ("05709904000509",)),
    _dental("sutur-4-0", "Sutur 4-0 resorberbar med nål", "stk", 12, 4000, 6, ("05709904000608",)),
    _equipment("tang-overkaebe-molar", "Ekstraktionstang, overkæbe molar", 90000, 0, location=DENTAL_2),
    _equipment("tang-underkaebe-molar", "Ekstraktionstang, underkæbe molar", 90000, 0, location=DENTAL_2),
    _equipment("elevator-bein-3mm", "Elevator (Bein) 3 mm", 40000, 0, location=DENTAL_2),
    # --- Consumables ----------------------------------------------------------------------------------------
    _consumable("nitrilhandsker-s", "Nitrilhandsker, pudderfri, str. S", "stk", 100, 45, 300,
                ("5709905000072", "15709905000079")),
    _consumable("nitrilhandsker-m", "Nitrilhandsker, pudderfri, str. M", "stk", 100, 45, 600,
                ("5709905000089", "15709905000086")),
    _consumable("nitrilhandsker-l", "Nitrilhandsker, pudderfri, str. L", "stk", 100, 45, 400,
                ("5709905000096", "15709905000093")),
    _consumable("sterile-handsker-7", "Sterile handsker, str. 7", "pair", 50, 600, 20, ("5709905000102",)),
    _consumable("gazekompres-steril", "Gazekompresser 10 x 10 cm, sterile (2 stk/pakning)", "stk", 25,
                240, 60,
                ("5709905000119",)),
    _consumable("gazekompres-usteril", "Gazekompresser 5 x 5 cm, usterile", "stk", 100, 25, 200,
                ("5709905000126",)),
    _consumable("gazebind-8cm", "Gazebind 8 cm x 4 m", "roll", 20, 500, 15, ("5709905000133",)),
    _consumable("sproejte-2ml", "Sprøjte 2 ml, luer", "stk", 100, 60, 60,
                ("5709905000140", "15709905000147")),
    _consumable("sproejte-5ml", "Sprøjte 5 ml, luer", "stk", 100, 80, 40, ("5709905000157",)),
    _consumable("kanyle-21g", "Kanyle 0,8 x 40 mm (21G, grøn)", "stk", 100, 40, 80, ("5709905000164",)),
    _consumable("kanyle-23g", "Kanyle 0,6 x 25 mm (23G, blå)", "stk", 100, 40, 60, ("5709905000171",)),
    _consumable("spritservietter", "Spritservietter, 70 % isopropanol", "stk", 100, 25, 300,
                ("5709905000188",)),
    _consumable("plaster-assorteret", "Plaster, assorterede størrelser", "stk", 100, 50, 150,
                ("5709905000195",)),
    _consumable("haefteplaster", "Hæfteplaster 2,5 cm x 5 m", "roll", 12, 1000, 10, ("5709905000201",)),
    _consumable("kanyleboette", "Kanylebøtte 1,5 l", "stk", 20, 1500, 4, ("5709905000218",)),
    _consumable("tungespatler", "Tungespatler af træ", "stk", 100, 30, 50, ("5709905000225",)),
    _consumable("haanddesinfektion", "Hånddesinfektion 85 % ethanol, 500 ml", "bottle", 12, 4000, 10,
                ("5709905000232",)),
    # --- Equipment ----------------------------------------------------------------------------------------
    _equipment("blodtryksmanchet-standard", "Blodtryksmanchet, voksen standard (22-32 cm)", 35000, 0),
    _equipment("blodtryksmanchet-stor", "Blodtryksmanchet, voksen stor (32-42 cm)", 40000, 0),
    _equipment("blodtryksapparat", "Blodtryksapparat, automatisk, overarm", 60000, 0, ("5709905000249",)),
    _equipment("termometer-digitalt", "Termometer, digitalt", 5000, 2, ("5709905000256",)),
    _equipment("pulsoximeter", "Pulsoximeter til fingeren", 30000, 0, ("5709905000263",)),
)

_ITEMS_BY_KEY: dict[str, DemoItem] = {item.key: item for item in ITEMS}
_SITES_BY_CODE: dict[str, DemoSite] = {site.code: site for site in SITES}


def item_by_key(key: str) -> DemoItem:
    """The demo item with this key; KeyError when there is none."""
    return _ITEMS_BY_KEY[key]


def site_by_code(code: str) -> DemoSite:
    """The demo site with this code; KeyError when there is none."""
    return _SITES_BY_CODE[code]
