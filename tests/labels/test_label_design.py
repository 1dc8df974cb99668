"""Label geometry, checked on the design the PDF and ZPL writers both draw from."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import product

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from labels import LAYOUTS, LabelData, LabelError, Layout, render_pdf
from labels.design import Box, LabelDesign, PlacedLinear, PlacedMatrix, design_label
from labels.model import normalize
from tests.labels.labelscan import ink_outside, rasterise, samples

SYMBOLOGIES = ("auto", "datamatrix", "gs1-128", "code128")
PDF_DOT = 25.4 / 600
LONG = "Amoxicillin/clavulansyre Krka pulver til oral suspension 500 mg/125 mg " * 3


def _variants() -> list[LabelData]:
    long_ones = [
        replace(label, name=LONG, strength=label.strength and LONG, site=label.site and LONG, free_text=LONG)
        for label in samples()
    ]
    unbreakable = replace(samples()[0], name="X" * 300)
    return [*samples(), *long_ones, unbreakable]


def _designs(name: str, symbology: str) -> list[LabelDesign]:
    designs = []
    for label in _variants():
        try:
            designs.append(design_label(normalize(label), LAYOUTS[name], symbology, PDF_DOT, date.today()))
        except LabelError as error:
            assert symbology == "gs1-128" and error.field == "layout", error  # only GS1-128 may be too wide
    assert designs
    return designs


CASES = list(product(LAYOUTS, SYMBOLOGIES))


def _symbols(design: LabelDesign) -> list[PlacedLinear | PlacedMatrix]:
    return [*design.linears, *design.matrices]


@pytest.mark.parametrize(("name", "symbology"), CASES)
def test_all_ink_stays_inside_the_labels_padding_and_the_printer_safe_area(name: str, symbology: str) -> None:
    left, bottom, right, top = LAYOUTS[name].insets
    assert min(left, bottom, right, top) >= LAYOUTS[name].padding
    for design in _designs(name, symbology):
        inner = Box(left, bottom, design.width - right, design.height - top)
        boxes = [t.box for t in design.texts] + [b.box for b in _symbols(design)]
        assert all(inner.contains(box) for box in boxes)


@pytest.mark.parametrize(("name", "symbology"), CASES)
def test_text_never_touches_a_barcode_or_its_quiet_zone(name: str, symbology: str) -> None:
    for design in _designs(name, symbology):
        label_box = Box(0, 0, design.width, design.height)
        zones = [b.zone for b in _symbols(design)]
        assert all(label_box.contains(zone) for zone in zones)
        assert not [(t.text, z) for t in design.texts for z in zones if t.box.overlaps(z)]
        assert not [(a, b) for i, a in enumerate(zones) for b in zones[i + 1 :] if a.overlaps(b)]


@pytest.mark.parametrize(("name", "symbology"), CASES)
def test_text_width_measured_by_reportlab_fits_its_line(name: str, symbology: str) -> None:
    for design in _designs(name, symbology):
        for text in design.texts:
            font = "Helvetica-Bold" if text.bold else "Helvetica"
            measured = stringWidth(text.text, font, text.size) * 25.4 / 72
            assert measured == pytest.approx(text.width, abs=0.01)
            assert text.size >= 5.0


@pytest.mark.parametrize(("name", "symbology"), CASES)
def test_module_sizes_are_ones_scanners_read(name: str, symbology: str) -> None:
    layout = LAYOUTS[name]
    for design in _designs(name, symbology):
        clinic, *gs1 = design.linears
        assert 0.25 <= clinic.module <= 0.43
        for linear in gs1:  # GS1-128 goes below 0.25 mm only when 0.25 mm cannot fit the label
            wide_enough = min(layout.label_width / (linear.symbol.modules + 20),
                              (layout.label_width - 2 * layout.padding) / linear.symbol.modules)
            assert 0.21 <= linear.module <= 0.43
            assert linear.module >= 0.25 or wide_enough < 0.254
        assert all(0.30 <= matrix.module <= 0.51 for matrix in design.matrices)
        assert all(linear.height >= 5.0 for linear in design.linears)


@pytest.mark.parametrize(("name", "symbology"), CASES)
def test_lines_are_never_set_larger_than_the_name(name: str, symbology: str) -> None:
    for design in _designs(name, symbology):
        top_of_bars = max(linear.box.y1 for linear in design.linears)
        body = [t for t in design.texts if t.box.y0 > top_of_bars]
        assert body[0].bold
        assert all(t.size <= body[0].size for t in body)


def _body(design: LabelDesign) -> list[str]:
    """Texts above the linear barcodes (the rest are their human-readable lines)."""
    top_of_bars = max(linear.box.y1 for linear in design.linears)
    return [t.text for t in design.texts if t.box.y0 > top_of_bars]


def test_batch_label_text_shows_batch_and_danish_expiry_date() -> None:
    label = normalize(samples()[0])
    design = design_label(label, LAYOUTS["a4-3x7"], "auto", PDF_DOT, date.today())

    assert _body(design) == [
        "Metformin Actavis", "500 mg tabletter", "Batch 4711   Udløb 31.03.2027", "SN SN0042", "København",
    ]
    assert "RKB1201" in [t.text for t in design.texts]


def test_long_name_is_wrapped_then_cut_with_an_ellipsis() -> None:
    label = normalize(replace(samples()[2], name=LONG))
    design = design_label(label, LAYOUTS["roll-57x32"], "auto", PDF_DOT, date.today())
    name_lines = [t for t in design.texts if t.bold]

    assert len(name_lines) == 2
    assert name_lines[-1].text.endswith("\u2026")
    assert LONG.startswith(name_lines[0].text)


def test_characters_outside_the_font_print_as_question_marks_not_errors() -> None:
    label = replace(samples()[2], name="Ibuprofen 400 mg \u8bd5 \u0141\u00f3d\u017a")
    document = pdfium.PdfDocument(render_pdf([label], "roll-62x29"))
    text = document[0].get_textpage().get_text_range()

    assert "Ibuprofen 400 mg ? ?\u00f3d?" in text


def test_datamatrix_sits_top_right_with_text_to_its_left() -> None:
    label = normalize(samples()[0])
    design = design_label(label, LAYOUTS["roll-62x29"], "auto", PDF_DOT, date.today())
    (matrix,) = design.matrices
    upper_texts = [t for t in design.texts if t.box.y0 > design.linears[0].box.y1]

    assert matrix.zone.x1 == pytest.approx(62 - 1.5) and matrix.zone.y1 == pytest.approx(29 - 1.5)
    assert all(t.box.x1 < matrix.zone.x0 for t in upper_texts)


def _full_sheet(layout: str | Layout) -> bytes:
    chosen = layout if isinstance(layout, Layout) else LAYOUTS[layout]
    labels = [replace(label, name=LONG) for label in samples()]
    return render_pdf(labels * (chosen.per_page // len(labels) + 1), chosen)


@pytest.mark.parametrize("name", [name for name, layout in LAYOUTS.items() if layout.is_sheet])
def test_a_full_a4_sheet_prints_nothing_within_4_mm_of_the_paper_edge(name: str) -> None:
    assert LAYOUTS[name].safe_margin >= 4.0
    page = rasterise(_full_sheet(name))[0]
    assert ink_outside(page.image, 4.0) == 0
    assert ink_outside(page.image, 6.0) > 0  # the outer labels do reach close to the safe area


def test_the_safe_margin_is_a_setting_of_the_layout() -> None:
    wider = replace(LAYOUTS["a4-3x7"], safe_margin=7.0)
    assert wider.insets == (7.0, 7.0 - (297 - 7 * 42.3), 7.0, 7.0)
    page = rasterise(_full_sheet(wider))[0]
    assert ink_outside(page.image, 7.0) == 0
    assert ink_outside(page.image, 9.0) > 0
