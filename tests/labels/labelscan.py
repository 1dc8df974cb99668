"""Test oracle: rasterise label PDFs with pdfium and read them back with zxing-cpp and biip.

Expected barcode contents are written out here independently of labels.gs1, so a wrong
element string in the library cannot also be "expected" by the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import biip
import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from labels import LabelData, Layout

DPI = 300
PX_PER_MM = DPI / 25.4
FORMATS = zxingcpp.barcode_formats_from_str("DataMatrix, Code128")

Meaning = tuple[str, object]  # ("code128", "RKB1") or ("gs1-datamatrix", (("01", "..."), ...))


@dataclass(frozen=True)
class Page:
    image: Image.Image
    width_mm: float
    height_mm: float


def rasterise(pdf: bytes, dpi: int = DPI) -> list[Page]:
    document = pdfium.PdfDocument(pdf)
    pages = []
    for page in document:
        width, height = page.get_size()  # points
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        pages.append(Page(image, width * 25.4 / 72, height * 25.4 / 72))
    document.close()
    return pages


def cell(page: Page, layout: Layout, position: int, inset_mm: float = 0.0) -> Image.Image:
    """The pixels of one sheet position (optionally shrunk by `inset_mm` on every side)."""
    x, y = layout.cell_origin(position)
    top = page.height_mm - y - layout.label_height
    right, bottom = x + layout.label_width, top + layout.label_height
    box = [round(v * PX_PER_MM) for v in (x + inset_mm, top + inset_mm, right - inset_mm, bottom - inset_mm)]
    return page.image.crop((box[0], box[1], box[2], box[3]))


def read(image: Image.Image) -> list[Meaning]:
    """Every Code 128 / DataMatrix symbol zxing finds, as what a scanner would report."""
    return sorted((meaning(b) for b in zxingcpp.read_barcodes(image, formats=FORMATS)), key=repr)


def meaning(barcode: zxingcpp.Barcode) -> Meaning:
    identifier = barcode.symbology_identifier
    if identifier in ("]C1", "]d2"):
        parsed = biip.parse(identifier + barcode.bytes.decode("latin-1"))
        assert parsed.gs1_message is not None, parsed.gs1_message_error
        kind = "gs1-128" if identifier == "]C1" else "gs1-datamatrix"
        return kind, tuple((e.ai.ai, e.value) for e in parsed.gs1_message.element_strings)
    kind = {"]C0": "code128", "]d1": "datamatrix"}[identifier]
    return kind, barcode.text


def expected(label: LabelData, symbology: str = "auto") -> list[Meaning]:
    """What the issue says each label carries, written out by hand."""
    code = label.clinic_code.strip().upper()
    found: list[Meaning] = [("code128", code)]
    gs1 = label.kind == "batch" and label.gtin is not None and symbology != "code128"
    if gs1:
        assert label.gtin is not None
        ais = [("01", label.gtin.zfill(14))]
        if label.expiry:
            ais.append(("17", label.expiry.strftime("%y%m%d")))
        if label.batch_number:
            ais.append(("10", label.batch_number))
        if symbology == "gs1-128":
            found.append(("gs1-128", tuple(ais)))
        else:
            if label.serial:
                ais.append(("21", label.serial))
            found.append(("gs1-datamatrix", tuple(ais)))
    elif symbology == "datamatrix":
        found.append(("datamatrix", code))
    return sorted(found, key=repr)


def dark_pixels(image: Image.Image, threshold: int = 200) -> int:
    histogram = image.histogram()
    return sum(histogram[:threshold])


def ink_outside(image: Image.Image, inset_mm: float) -> int:
    """Dark pixels between the image edge and a frame `inset_mm` inside it."""
    inset = round(inset_mm * PX_PER_MM)
    width, height = image.size
    inner = image.crop((inset, inset, width - inset, height - inset))
    return dark_pixels(image) - dark_pixels(inner)


def flatten(groups: Iterable[list[Meaning]]) -> list[Meaning]:
    return sorted((m for group in groups for m in group), key=repr)


def zpl_code128_text(field: str) -> str:
    """Interpret ^BC mode-N field data (start code, subsets, invocation codes); FNC1 as "\\xf1"."""
    code_set = {">9": "A", ">:": "B", ">;": "C"}[field[:2]]
    out, i = [], 2
    while i < len(field):
        if field[i] == ">":
            code, i = field[i : i + 2], i + 2
            switch = {">5": "C", ">6": "B", ">7": "A"}
            if code == ">8":
                out.append("\xf1")
            elif code in switch:
                code_set = switch[code]
            else:
                out.append({">0": ">", "><": "^", ">=": "~"}[code])
        elif code_set == "C":
            pair, i = field[i : i + 2], i + 2
            assert pair.isdigit(), field
            out.append(pair)
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def samples() -> list[LabelData]:
    """One of each kind of label the clinic prints, with short GS1 data that fits GS1-128."""
    from datetime import date

    return [
        LabelData("batch", "Metformin Actavis", "RKB1201", strength="500 mg tabletter", batch_number="4711",
                  expiry=date(2027, 3, 31), gtin="5701234567899", serial="SN0042", site="København"),
        LabelData("batch", "Gazekompres 10x10 cm", "RKB88", batch_number="L-22/7", expiry=date(2026, 11, 30),
                  site="Aarhus"),
        LabelData("location", "Køleskab 2, hylde B", "RKL7", site="Odense"),
        LabelData("item", "Lidocain m. adrenalin", "RKI42", strength="20 mg/ml + 12,5 µg/ml", gtin="96385074",
                  free_text="Tandlæge"),
    ]
